"""The reading view: one article, wrapped to the pane, with its highlights.

Layout and styling are separate.  :func:`layout_article` wraps the article
once per width into :class:`Line` s — which characters of the title or the
text each line shows — without styles, so it can run in a worker and costs
nothing when highlights change.  Query matches and entity mentions (offsets
into ``Article.title`` / ``Article.text``) are styled only on the lines being
drawn (``ScrollView.render_line``), so ``n``/``N``, ``h`` or a new query on a
4-million-character article repaint one screen, not the article.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len, set_cell_size
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..core.links import safe_link
from ..i18n import label
from ..screen_text import visible

if TYPE_CHECKING:
    from ..core.entities.credits import ArticleCredits
    from ..core.model import Article

_WORD_RE = re.compile(r"\s*\S+\s*")  # leading spaces stick to the first word

#: Mention type → component class (entity highlighting).
ENTITY_CLASSES = {"PER": "reader--per", "ORG": "reader--org", "LOC": "reader--loc", "DATE": "reader--date"}


def wrap_offsets(text: str, width: int) -> list[tuple[int, int]]:
    """Greedy word wrap: (start, end) offsets of each line of ``text`` at ``width`` cells.

    Spaces that end a line stay on it (they are invisible), so the lines cover
    ``text`` without gaps and an offset maps to exactly one line.  A word wider
    than the line is cut by characters.
    """
    width = max(width, 1)
    lines: list[tuple[int, int]] = []
    start = 0
    used = 0
    for match in _WORD_RE.finditer(text):
        word_start, word_end = match.span()
        word_cells = cell_len(match.group().rstrip())
        if used and used + word_cells > width:
            lines.append((start, word_start))
            start, used = word_start, 0
        if word_cells > width:
            start, used = _cut_long_word(text, word_start, word_end, width, lines)
            continue
        used += cell_len(match.group())
    if start < len(text) or not lines:
        lines.append((start, len(text)))
    return lines


def _cut_long_word(text: str, start: int, end: int, width: int, lines: list[tuple[int, int]]) -> tuple[int, int]:
    """Cut ``text[start:end]`` into lines of ``width`` cells; return the open last line."""
    used = 0
    line_start = start
    for index in range(start, end):
        cells = cell_len(text[index])
        if used + cells > width and used:
            lines.append((line_start, index))
            line_start, used = index, 0
        used += cells
    return line_start, used


@dataclass(frozen=True, slots=True)
class Line:
    """One screen line: characters ``start:end`` of ``source`` ("title", "body" or
    "label" — a text the UI adds, held in ``label``), drawn in ``component``;
    ``link`` is ``(start, end, url)``: characters of the label that link to ``url``."""

    source: str
    start: int
    end: int
    component: str | None = None
    label: str = ""
    link: tuple[int, int, str] | None = None


@dataclass
class _Block:
    """A wrapped run of lines from one paragraph: where its characters landed."""

    source: str
    start: int
    end: int
    first_line: int
    line_starts: list[int]


@dataclass
class Layout:
    """An article (or a message) wrapped to ``width``."""

    width: int
    lines: list[Line] = field(default_factory=list)
    blocks: list[_Block] = field(default_factory=list)

    def add(self, source: str, text: str, start: int, component: str | None) -> None:
        """Wrap ``text`` — characters ``start``… of ``source`` — into lines.

        Measured as it will be drawn: a control character is shown as a visible
        one-cell stand-in, not as the zero cells the raw character would take.
        """
        offsets = wrap_offsets(visible(text), self.width)
        if source != "label":
            self.blocks.append(_Block(source, start, start + len(text), len(self.lines),
                                      [line_start + start for line_start, _ in offsets]))
        label_text = text if source == "label" else ""
        base = 0 if source == "label" else start
        self.lines.extend(Line(source, base + s, base + e, component, label_text) for s, e in offsets)

    def add_single(self, text: str, component: str | None, link: tuple[int, int, str] | None = None) -> None:
        """One label line, cut to the width with ``…`` rather than wrapped."""
        shown = visible(text)
        if cell_len(shown) > self.width:
            shown = set_cell_size(shown, max(self.width - 1, 0)) + "…"
            if link is not None and link[0] >= len(shown) - 1:
                link = None
            elif link is not None:
                link = (link[0], min(link[1], len(shown)), link[2])
        self.lines.append(Line("label", 0, len(shown), component, shown, link))

    def add_blank(self) -> None:
        self.lines.append(Line("label", 0, 0))

    def line_of(self, source: str, offset: int) -> int | None:
        """The line showing character ``offset`` of ``source`` ("title" or "body")."""
        for block in self.blocks:
            if block.source == source and block.start <= offset < max(block.end, block.start + 1):
                return block.first_line + max(bisect_right(block.line_starts, offset) - 1, 0)
        return None


def meta_lines(article: Article, language: str, credits: ArticleCredits | None = None) -> list[tuple[str, tuple[int, int, str] | None]]:
    """At most two lines under the title, each ``(text, link)``:

    1. ``date · source · URL`` — where and when, the URL a terminal hyperlink
       (``o`` opens it);
    2. ``by Trường Thịnh · via Reuters · id · path`` — who signed the story and
       where it comes from (its credits: the byline, ``Theo Reuters``; photo
       credits only when nobody signs it), then what the CLI and exports call the
       article; the path is left out when the id already names the file.
    """
    lines: list[tuple[str, tuple[int, int, str] | None]] = []
    first = " · ".join(part for part in (article.date, article.source) if part)
    link = None
    if article.url:
        if first:
            first += " · "
        url = safe_link(article.url)
        if url is not None:
            link = (len(first), len(first) + len(url), url)
        first += article.url
    if first:
        lines.append((first, link))
    path = None if article.path and article.path.endswith(article.id) else article.path
    second = credit_parts(credits, language) if credits else []
    second += [f"{label(language, key)}: {value}" for key, value in (("reader.id", article.id), ("reader.path", path))
               if value]
    if second:
        lines.append((" · ".join(second), None))
    return lines


def credit_parts(credits: ArticleCredits, language: str) -> list[str]:
    """``by Trường Thịnh, Mi Vân`` and ``via Reuters`` (``photo Toàn Vũ`` when nobody signs)."""
    parts = []
    if credits.authors:
        parts.append(f"{label(language, 'reader.by')} {_first_names(credits.authors)}")
    if credits.sources:
        parts.append(f"{label(language, 'reader.via')} {_first_names(credits.sources)}")
    if not parts and credits.photos:
        parts.append(f"{label(language, 'reader.photo')} {_first_names(credits.photos)}")
    return parts


def _first_names(names: Sequence[str], shown: int = 3) -> str:
    more = f" +{len(names) - shown}" if len(names) > shown else ""
    return ", ".join(names[:shown]) + more


_PARAGRAPH_CLASSES = {"caption": "reader--caption", "image": "reader--image", "related": "reader--related"}


def layout_article(article: Article, width: int, language: str, credits: ArticleCredits | None = None) -> Layout:
    """Title, metadata (with the article's ``credits``), then the paragraphs with a blank
    line between them and the related-stories block under its own heading.  Pure: safe in
    a worker."""
    layout = Layout(width)
    layout.add("title", article.title, 0, "reader--title")
    for text, link in meta_lines(article, language, credits):
        layout.add_single(text, "reader--meta", link)
    in_related = False
    for paragraph in article.paragraphs:
        if paragraph.kind == "title":
            continue  # shown as the title above
        if paragraph.kind == "related" and not in_related:
            in_related = True
            layout.add_blank()
            layout.add("label", f"── {label(language, 'reader.related')} ──", 0, "reader--related-heading")
        elif not in_related:
            layout.add_blank()
        text = article.text[paragraph.start:paragraph.end]
        layout.add("body", text, paragraph.start, _PARAGRAPH_CLASSES.get(paragraph.kind))
    return layout


@dataclass(frozen=True, slots=True)
class Highlight:
    """A styled span of the title or the text.  Query matches carry their number,
    so the current one is picked at drawing time."""

    source: str
    start: int
    end: int
    component: str
    rank: int
    match_number: int = -1


class _SpanIndex:
    """Highlights of one source sorted by start, to find those crossing a line fast."""

    def __init__(self, spans: list[Highlight]) -> None:
        self.spans = sorted(spans, key=lambda span: span.start)
        self.starts = [span.start for span in self.spans]
        self.longest = max((span.end - span.start for span in self.spans), default=0)

    def crossing(self, start: int, end: int) -> list[Highlight]:
        first = bisect_left(self.starts, start - self.longest)
        last = bisect_left(self.starts, end)
        return [span for span in self.spans[first:last] if span.end > start]


class Reader(ScrollView, can_focus=True):
    """Shows one article; ``n``/``N`` step through the query matches."""

    BINDINGS = [
        Binding("down,j", "scroll_down", "action.cursor_down", show=False),
        Binding("up,k", "scroll_up", "action.cursor_up", show=False),
        Binding("g,home", "scroll_home", "action.top", show=False),
        Binding("G,end", "scroll_end", "action.bottom", show=False),
        Binding("pagedown,space", "page_down", "action.page_down", show=False),
        Binding("pageup,b", "page_up", "action.page_up", show=False),
    ]

    COMPONENT_CLASSES = {
        "reader--title", "reader--meta", "reader--caption", "reader--image", "reader--related-heading",
        "reader--related", "reader--match", "reader--match-current", "reader--filtered",
        "reader--per", "reader--org", "reader--loc", "reader--date", "reader--empty",
    }

    DEFAULT_CSS = """
    Reader {
        overflow-x: hidden;
        scrollbar-gutter: stable;
        scrollbar-size-vertical: 1;
        padding: 0 1;
        & > .reader--title { text-style: bold; color: $text-primary; }
        & > .reader--meta { color: $text-muted; }
        & > .reader--caption { color: $text-muted; text-style: italic; }
        & > .reader--image { color: $text-muted; text-style: dim; }
        & > .reader--related-heading { text-style: bold; color: $text-secondary; }
        & > .reader--related { color: $text-muted; }
        & > .reader--empty { color: $text-muted; }
        & > .reader--per { color: $text-success; text-style: bold; }
        & > .reader--org { color: $text-accent; text-style: bold italic; }
        & > .reader--loc { color: $text-secondary; text-style: italic; }
        & > .reader--date { color: $text-warning; text-style: italic; }
        & > .reader--filtered { background: $accent-muted; text-style: bold underline; }
        & > .reader--match { background: $warning-muted; text-style: bold underline; }
        & > .reader--match-current { text-style: bold reverse underline; }
    }
    """

    match_index: reactive[int] = reactive(-1, init=False)

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.article: Article | None = None
        self.doc: int | None = None
        self.matches: list[Any] = []
        self.mentions: list[Any] = []
        self.filtered: list[Any] = []
        self.credits: ArticleCredits | None = None
        self.show_entities = True
        self.language = "en"
        self.text_layout = Layout(0)
        self._spans: dict[str, _SpanIndex] = {}
        self._strips: LRUCache[tuple[int, int], Strip] = LRUCache(512)
        self._scroll_on_open: tuple[int, int] | None = None

    # -- what the app calls ---------------------------------------------------------

    @property
    def layout_width(self) -> int:
        """The width articles are wrapped to (read by the worker that prepares one)."""
        return self.scrollable_content_region.width

    def show_article(self, doc: int, article: Article, matches: Sequence[Any], mentions: Sequence[Any],
                     filtered: Sequence[Any] = (), layout: Layout | None = None,
                     credits: ArticleCredits | None = None) -> None:
        """Open ``article``; ``matches`` are query ``MatchSpan`` s, ``mentions`` entity
        ``Mention`` s, ``filtered`` the mentions of the entities the list is filtered
        by; ``layout``, if made in a worker for the current width, saves wrapping it here;
        ``credits`` (author, source) go on its metadata line."""
        same = doc == self.doc and self.article is not None and article.id == self.article.id
        self.article, self.doc = article, doc
        self.credits = credits
        self.mentions = list(mentions)
        self.filtered = list(filtered)
        if layout is not None and layout.width == self.layout_width:
            self.text_layout = layout
        elif not same or self.text_layout.width != self.layout_width:
            self._relayout()
        if not same:
            self.scroll_to(y=0, animate=False, immediate=True)
        self.update_matches(matches)
        self._scroll_to_pending()

    def scroll_on_open(self, doc: int, offset: int) -> None:
        """Show character ``offset`` of the text once article ``doc`` is opened (its layout is made
        in a worker, so the line is not known yet): the concordance opens an article at a mention."""
        self._scroll_on_open = (doc, offset)

    def _scroll_to_pending(self) -> None:
        pending, self._scroll_on_open = self._scroll_on_open, None
        if pending is None or pending[0] != self.doc:
            return
        line = self.line_of("body", pending[1])
        if line is not None:
            height = self.scrollable_content_region.height
            self.scroll_to(y=max(line - height // 3, 0), animate=False, immediate=True)

    def update_matches(self, matches: Sequence[Any]) -> None:
        """A new query (or the same): restyle the open article with ``matches``."""
        self.matches = sorted(matches, key=lambda m: (m.field != "title", m.start))
        self.set_reactive(Reader.match_index, 0 if self.matches else -1)
        self._restyle()
        self._scroll_match_into_view()
        self._update_indicator()

    def set_show_entities(self, show: bool) -> None:
        self.show_entities = show
        self._restyle()

    def clear(self) -> None:
        self.article, self.doc, self.credits = None, None, None
        self.mentions, self.filtered = [], []
        self._relayout()
        self.update_matches([])

    def next_match(self, step: int = 1) -> None:
        """Move to the next (``step`` 1) or previous (-1) match, wrapping round."""
        if self.matches:
            self.match_index = (self.match_index + step) % len(self.matches)

    def set_language(self, language: str) -> None:
        self.language = language
        self._relayout()
        self._update_indicator()

    def reading_offset(self) -> int | None:
        """The body offset being read: the current match's, else the first text line on screen."""
        if self.article is None:
            return None
        if self.matches:
            match = self.matches[self.match_index]
            if match.field != "title":
                return match.start
        lines = self.text_layout.lines
        for line in lines[int(self.scroll_y):]:
            if line.source not in ("label", "title"):
                return line.start
        return None

    @property
    def match_label(self) -> str:
        """``match 3/12`` while the open article has query matches, else empty."""
        if self.matches:
            return label(self.language, "reader.match", k=self.match_index + 1, n=len(self.matches))
        return ""

    def watch_match_index(self, old: int, new: int) -> None:
        self._repaint()
        self._scroll_match_into_view()
        self._update_indicator()

    def _update_indicator(self) -> None:
        self.border_subtitle = self.match_label

    def line_of(self, source: str, offset: int) -> int | None:
        return self.text_layout.line_of(source, offset)

    # -- layout and highlights ----------------------------------------------------------

    def _relayout(self) -> None:
        """Wrap the article (or the hint) to the current width."""
        width = self.layout_width
        if self.article is not None:
            self.text_layout = layout_article(self.article, width, self.language, self.credits)
        else:
            self.text_layout = Layout(width)
            if width > 0:
                self.text_layout.add("label", label(self.language, "reader.empty"), 0, "reader--empty")
        self.virtual_size = Size(width, len(self.text_layout.lines))
        self._repaint()

    def highlights(self) -> list[Highlight]:
        """Every styled span; a higher ``rank`` wins where spans overlap."""
        spans: list[Highlight] = []
        if self.show_entities:
            for mention in self.mentions:
                component = ENTITY_CLASSES.get(mention.type)
                if component:
                    spans.append(Highlight("body", mention.start, mention.end, component, 0))
        spans.extend(Highlight("body", m.start, m.end, "reader--filtered", 1) for m in self.filtered)
        spans.extend(Highlight(match.field, match.start, match.end, "reader--match", 2, number)
                     for number, match in enumerate(self.matches))
        return spans

    def _restyle(self) -> None:
        by_source: dict[str, list[Highlight]] = {"title": [], "body": []}
        for span in self.highlights():
            by_source.setdefault(span.source, []).append(span)
        self._spans = {source: _SpanIndex(spans) for source, spans in by_source.items()}
        self.virtual_size = Size(self.text_layout.width, len(self.text_layout.lines))
        self._repaint()

    def _repaint(self) -> None:
        self._strips.clear()
        self.refresh()

    def _scroll_match_into_view(self) -> None:
        if not self.matches or self.match_index < 0:
            return
        match = self.matches[self.match_index]
        line = self.line_of(match.field, match.start)
        if line is None:
            return
        height = self.scrollable_content_region.height
        top = self.scroll_offset.y
        if not top <= line < top + height:
            self.scroll_to(y=max(line - height // 3, 0), animate=False, immediate=True)

    # -- rendering ------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        if self.layout_width != self.text_layout.width:
            self._relayout()
            self._scroll_match_into_view()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def _line_text(self, line: Line) -> Text:
        """The characters of ``line`` with the block's style and the highlights crossing it."""
        if line.source == "label":
            raw = line.label[line.start:line.end]
        else:
            assert self.article is not None
            source = self.article.title if line.source == "title" else self.article.text
            raw = source[line.start:line.end]
        text = Text(visible(raw))
        if line.component:
            text.stylize(self.get_component_rich_style(line.component, partial=True))
        if line.link is not None:
            start, end, url = line.link
            text.stylize(Style(link=url, underline=True), start, end)
        index = self._spans.get(line.source)
        if index is not None:
            for span in sorted(index.crossing(line.start, line.end), key=lambda s: s.rank):
                component = span.component
                if span.match_number == self.match_index and span.match_number >= 0:
                    component = "reader--match-current"
                style = self.get_component_rich_style(component, partial=True)
                text.stylize(style, max(span.start, line.start) - line.start, min(span.end, line.end) - line.start)
        text.rstrip()
        return text

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        virtual_y = self.scroll_offset.y + y
        base: Style = self.rich_style
        if virtual_y >= len(self.text_layout.lines):
            return Strip.blank(width, base)
        key = (virtual_y, width)
        strip = self._strips.get(key)
        if strip is None:
            segments = list(self._line_text(self.text_layout.lines[virtual_y]).render(self.app.console))
            strip = Strip(segments).apply_style(base).crop_extend(0, width, base)
            self._strips[key] = strip
        return strip.apply_offsets(0, virtual_y)
