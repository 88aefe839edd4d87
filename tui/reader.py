"""The reading view: one article, wrapped to the pane, with its highlights.

The article is laid out once per width into lines of Rich ``Text``; each
line remembers which characters of the title or the text it shows, so a
query match or an entity mention (offsets into ``Article.title`` /
``Article.text``) can be styled exactly and scrolled into view by ``n``/``N``.
Only visible lines are turned into strips (``ScrollView.render_line``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from .i18n import label
from .screen_text import visible

if TYPE_CHECKING:
    from .core.model import Article

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


@dataclass
class _Block:
    """A laid-out piece of the article: a paragraph, the title, a heading…

    ``field`` and ``start`` say where its characters come from (``None`` for
    labels the UI adds), ``first_line`` and ``line_starts`` where it landed.
    """

    field: str | None
    start: int
    end: int
    first_line: int = 0
    line_starts: list[int] = field(default_factory=list)


@dataclass
class Highlight:
    """A styled span of the title or the text: a match, a mention, a filtered mention."""

    field: str
    start: int
    end: int
    component: str


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
        self.show_entities = True
        self.language = "en"
        self._lines: list[Text] = []
        self._blocks: list[_Block] = []
        self._laid_out_width = -1
        self._strips: LRUCache[tuple[int, int], Strip] = LRUCache(512)

    # -- what the app calls ---------------------------------------------------------

    def show_article(self, doc: int, article: Article, matches: Sequence[Any], mentions: Sequence[Any],
                     filtered: Sequence[Any] = ()) -> None:
        """Open ``article``; ``matches`` are query ``MatchSpan`` s, ``mentions`` entity
        ``Mention`` s, ``filtered`` the mentions of the entities the list is filtered by."""
        same = doc == self.doc and self.article is not None and article.id == self.article.id
        self.article, self.doc = article, doc
        self.matches = sorted(matches, key=lambda m: (m.field != "title", m.start))
        self.mentions = list(mentions)
        self.filtered = list(filtered)
        self.set_reactive(Reader.match_index, 0 if self.matches else -1)
        self.relayout()
        if not same:
            self.scroll_to(y=0, animate=False, immediate=True)
        self._scroll_match_into_view()
        self._update_indicator()

    def update_matches(self, matches: Sequence[Any]) -> None:
        """A new query: restyle the open article with ``matches``."""
        if self.article is not None and self.doc is not None:
            self.show_article(self.doc, self.article, matches, self.mentions, self.filtered)

    def set_show_entities(self, show: bool) -> None:
        self.show_entities = show
        self.relayout()

    def clear(self) -> None:
        self.article, self.doc = None, None
        self.matches, self.mentions, self.filtered = [], [], []
        self.set_reactive(Reader.match_index, -1)
        self.relayout()
        self._update_indicator()

    def next_match(self, step: int = 1) -> None:
        """Move to the next (``step`` 1) or previous (-1) match, wrapping round."""
        if self.matches:
            self.match_index = (self.match_index + step) % len(self.matches)

    def set_language(self, language: str) -> None:
        self.language = language
        self.relayout()
        self._update_indicator()

    @property
    def match_label(self) -> str:
        """``match 3/12`` (or ``no match`` with a query and none here; empty without a query)."""
        if self.matches:
            return label(self.language, "reader.match", k=self.match_index + 1, n=len(self.matches))
        return ""

    def watch_match_index(self, old: int, new: int) -> None:
        self.relayout()
        self._scroll_match_into_view()
        self._update_indicator()

    def _update_indicator(self) -> None:
        self.border_subtitle = self.match_label

    # -- layout ---------------------------------------------------------------------

    def relayout(self) -> None:
        """Lay the article out again (new article, highlights, width or theme)."""
        self._strips.clear()
        width = self.scrollable_content_region.width
        self._laid_out_width = width
        self._lines, self._blocks = [], []
        if width <= 0:
            return
        if self.article is None:
            self._add_label(label(self.language, "reader.empty"), "reader--empty", width)
        else:
            self._layout_article(self.article, width)
        self.virtual_size = Size(width, len(self._lines))
        self.refresh()

    def _layout_article(self, article: Article, width: int) -> None:
        highlights = self._highlights()
        self._add_source("title", article.title, 0, "reader--title", highlights, width)
        self._add_label(self._meta_text(article), "reader--meta", width)
        in_related = False
        for paragraph in article.paragraphs:
            if paragraph.kind == "title":
                continue
            if paragraph.kind == "related" and not in_related:
                in_related = True
                self._add_blank()
                self._add_label("── " + label(self.language, "reader.related") + " ──", "reader--related-heading", width)
            elif not (in_related and paragraph.kind == "related"):
                self._add_blank()
            component = {"caption": "reader--caption", "image": "reader--image", "related": "reader--related"}.get(
                paragraph.kind)
            piece = article.text[paragraph.start:paragraph.end]
            self._add_source("body", piece, paragraph.start, component, highlights, width)

    def _meta_text(self, article: Article) -> str:
        """``date · source · id · path``; the path is left out when the id already names the file."""
        parts = []
        path = None if article.path and article.path.endswith(article.id) else article.path
        for key, value in (("reader.date", article.date), ("reader.source", article.source),
                           ("reader.id", article.id), ("reader.path", path)):
            if value:
                parts.append(f"{label(self.language, key)}: {value}")
        return " · ".join(parts)

    def _highlights(self) -> list[Highlight]:
        """Every styled span, weakest first (later styles win where they overlap)."""
        spans: list[Highlight] = []
        if self.show_entities:
            for mention in self.mentions:
                component = ENTITY_CLASSES.get(mention.type)
                if component:
                    spans.append(Highlight("body", mention.start, mention.end, component))
        for mention in self.filtered:
            spans.append(Highlight("body", mention.start, mention.end, "reader--filtered"))
        for index, match in enumerate(self.matches):
            current = index == self.match_index
            spans.append(Highlight(match.field, match.start, match.end,
                                   "reader--match-current" if current else "reader--match"))
        return spans

    def _add_blank(self) -> None:
        self._lines.append(Text(""))

    def _add_label(self, text: str, component: str, width: int) -> None:
        self._add_source(None, text, 0, component, (), width)

    def _add_source(self, field: str | None, text: str, start: int, component: str | None,
                    highlights: Iterable[Highlight], width: int) -> None:
        """Lay out ``text`` (characters ``start``… of ``field``), styled and wrapped."""
        end = start + len(text)
        styled = Text(visible(text))
        if component:
            styled.stylize(self.get_component_rich_style(component, partial=True))
        for span in highlights:
            if span.field == field and span.start < end and span.end > start:
                style = self.get_component_rich_style(span.component, partial=True)
                styled.stylize(style, max(span.start, start) - start, min(span.end, end) - start)
        offsets = wrap_offsets(styled.plain, width)
        block = _Block(field, start, end, len(self._lines), [s + start for s, _ in offsets])
        self._blocks.append(block)
        for line in styled.divide([e for _, e in offsets[:-1]]):
            line.rstrip()
            self._lines.append(line)

    def line_of(self, field: str, offset: int) -> int | None:
        """The line showing character ``offset`` of ``field`` ("title" or "body")."""
        for block in self._blocks:
            if block.field == field and block.start <= offset < max(block.end, block.start + 1):
                return block.first_line + max(bisect_right(block.line_starts, offset) - 1, 0)
        return None

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
        if self.scrollable_content_region.width != self._laid_out_width:
            self.relayout()
            self._scroll_match_into_view()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        if self.is_mounted:
            self.relayout()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        virtual_y = self.scroll_offset.y + y
        base: Style = self.rich_style
        if virtual_y >= len(self._lines):
            return Strip.blank(width, base)
        key = (virtual_y, width)
        strip = self._strips.get(key)
        if strip is None:
            segments = list(self._lines[virtual_y].render(self.app.console))
            strip = Strip(segments).apply_style(base).crop_extend(0, width, base)
            self._strips[key] = strip
        return strip.apply_offsets(0, virtual_y)
