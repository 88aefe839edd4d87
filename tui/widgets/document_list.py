"""The article list: title, then date · source · matches, two lines per article.

It shows whatever rows the app gives it (all documents in corpus order, or
ranked hits) and renders only what is on screen, so 60k rows cost the same
as 2.  A capped result list ends with a "more" row.  Hits of several tiers
of evidence get a separator row where the tier changes (``── 38 near ──``),
which the cursor steps over.  A syndicated story (the same text in several
papers) is one row, its first article's, saying ``+3 copies``; ``c`` unfolds
its copies under it, or folds them back.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.strip import Strip

from ..i18n import label
from ..messages import ArticleHighlighted, ArticleOpened, MoreResultsRequested
from .row_list import RowList, text_strip
from ..screen_text import visible

if TYPE_CHECKING:
    from ..core.model import Article


class DocumentList(RowList):
    """Articles of the corpus or of a search, with the cursor on the one to open."""

    LINES_PER_ROW = 2

    BINDINGS = [Binding("enter", "select", "action.open"), Binding("c", "toggle_copies", "action.copies")]

    COMPONENT_CLASSES = RowList.COMPONENT_CLASSES | {"document-list--title", "document-list--match", "document-list--mark"}

    DEFAULT_CSS = """
    DocumentList {
        & > .document-list--title { text-style: bold; }
        & > .document-list--match { text-style: bold underline; color: $text-warning; }
        & > .document-list--mark { text-style: bold; color: $text-accent; }
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.articles: Sequence[Article] = ()
        #: The rows' articles (each story once, see :meth:`_fold`) and all the articles given.
        self.docs: Sequence[int] = ()
        self.given: Sequence[int] = ()
        #: The syndicated stories of the corpus (``tui.core.syndication.Syndication``), once known.
        self.copies: Any = None
        #: Stories (group numbers) whose copies are listed under their first article.
        self.unfolded: set[int] = set()
        self._folded: Any = None
        self._tiers: Mapping[str, int] = {}
        self.hits: Mapping[int, Any] = {}
        self.more = 0
        self.message: list[str] = []
        self.language = "en"
        self.open_doc: int | None = None
        self.markers: Callable[[int], str] | None = None
        self.tiered = False
        #: Rows that are tier separators (ascending) and, for each, the index into
        #: ``docs`` of the first hit it heads and that tier's name and count.
        self._separator_rows: list[int] = []
        self._separators: list[tuple[int, str, int]] = []
        self._open_row: int | None = None
        #: Keys that move the cursor, kept while results are on their way (see :meth:`hold_cursor`).
        self._held: list[str] | None = None
        #: (generation, to the top hit): the rows whose arrival replays the held keys.
        self._release_at: tuple[int, bool] | None = None
        #: The search request (app's generation) the rows shown answer.
        self.generation = 0

    def show(
        self,
        articles: Sequence[Article],
        docs: Sequence[int],
        hits: Mapping[int, Any] | None = None,
        more: int = 0,
        message: Sequence[str] = (),
        keep_doc: int | None = None,
        tiers: Mapping[str, int] | None = None,
        generation: int | None = None,
    ) -> None:
        """List ``docs`` (document numbers into ``articles``); ``hits`` maps a
        document to its search hit; ``more`` counts hits left off; ``message``
        is shown when ``docs`` is empty; ``tiers`` counts all hits per tier (the
        separators say it).  The cursor stays on ``keep_doc`` if listed.
        ``generation`` numbers the search these rows answer: keys held for it
        (:meth:`release_cursor_on`) are replayed on them."""
        self.articles = articles
        self.given = docs
        self.hits = hits or {}
        self.more = more
        self.message = list(message)
        self._tiers = tiers or {}
        self._fold()
        self.rows_changed(cursor=self._row_of(keep_doc))
        self._open_row = self.cursor if self.open_doc == self.current_doc else self.find_row(self.open_doc)
        if generation is not None:
            self.generation = generation
        if self._release_at is not None and self.generation >= self._release_at[0]:
            self.release_cursor(top=self._release_at[1])

    def set_message(self, message: Sequence[str]) -> None:
        """What the list says while it lists nothing (its rows, if any, stay)."""
        self.message = list(message)
        self.refresh()

    # -- syndicated stories ----------------------------------------------------------------

    def set_copies(self, copies: Any) -> None:
        """The corpus's syndicated stories are known (or another corpus is open): list each once."""
        keep = self.current_doc
        self.copies = copies
        self.unfolded = set()
        self._fold()
        self.rows_changed(cursor=self._row_of(self._story_row_doc(keep)))

    def _fold(self) -> None:
        """The rows: each story once (with the copies of unfolded stories under it), then the
        tier separators."""
        from ..core.syndication import fold_list

        had_copies = self.has_copies
        self._folded = fold_list(self.given, self.copies, self.unfolded)
        self.docs = self._folded.docs
        self._place_separators(self._tiers)
        if self.has_copies != had_copies and self.is_mounted:
            self.refresh_bindings()  # the c key is offered only where it does something

    @property
    def has_copies(self) -> bool:
        """Whether some row of the list stands for a story with copies."""
        return self._folded is not None and bool(self._folded.copies)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "toggle_copies":
            return self.has_copies
        return super().check_action(action, parameters)

    def _story_row_doc(self, doc: int | None) -> int | None:
        """The row ``doc`` is on once folded: itself, or its story's first article."""
        if doc is None or self._folded is None or self.copies is None or doc >= len(self.copies):
            return doc
        if self.find_row(doc) is not None:
            return doc
        group = int(self.copies.group[doc])
        return next((d for d in self._folded.copies if int(self.copies.group[d]) == group), doc)

    def copies_listed(self, doc: int) -> int:
        """How many copies of ``doc``'s story the list holds besides its first article."""
        if self._folded is None:
            return 0
        return self._folded.copies.get(self._folded.story_of(doc), 0)

    def action_toggle_copies(self) -> None:
        """Unfold the copies of the story under the cursor, or fold them back onto its first row."""
        doc = self.current_doc
        if doc is None or not self.copies_listed(doc):
            return
        first = self._folded.story_of(doc)
        group = int(self.copies.group[first])
        self.unfolded ^= {group}
        self._fold()
        self.rows_changed(cursor=self._row_of(first if group not in self.unfolded else doc))

    def _place_separators(self, tiers: Mapping[str, int]) -> None:
        """A separator row before the first hit of each tier after the first.

        Ranked hits come tier by tier, so the separators alone say which tier a
        row is in, and rows do not repeat it.  Hits of several tiers that are not
        grouped (another order than rank) get no separators; each row names its
        tier instead (:attr:`tiered`)."""
        self._separators = []
        runs: list[str] = []
        starts: list[int] = []
        if self.hits:
            under = self._folded.under if self._folded is not None else {}
            for index, doc in enumerate(self.docs):
                tier = getattr(self.hits.get(under.get(doc, doc)), "tier", None)
                if not runs or tier != runs[-1]:
                    runs.append(tier)
                    starts.append(index)
        grouped = len(runs) == len(set(runs))
        self.tiered = len(set(runs)) > 1 and not grouped
        if grouped and len(runs) > 1 and None not in runs:
            for tier, start in zip(runs[1:], starts[1:]):
                count = tiers.get(tier) or sum(1 for hit in self.hits.values() if hit.tier == tier)
                self._separators.append((start, tier, count))
        self._separator_rows = [start + number for number, (start, _, _) in enumerate(self._separators)]

    # -- keys typed ahead of the results ------------------------------------------------

    def hold_cursor(self) -> None:
        """Results for a submitted query are coming: keep the cursor keys typed until then.

        ``enter`` then ``j`` ``j`` in one burst means "the third hit of this
        query"; moving over the old rows and then jumping to the top of the
        new ones would lose those keys."""
        self._held = []
        self._release_at = None

    def release_cursor_on(self, generation: int, top: bool) -> None:
        """Replay the held keys on the rows of search ``generation`` (or a later one):
        at once if they are shown already, else when :meth:`show` brings them.

        Asking the list, not the workers, is what makes this safe: a search
        can be requested but not started, or finished with its rows still on
        the way to the screen, and keys replayed then would move the old rows."""
        if self._held is None:
            return
        if self.generation >= generation:
            self.release_cursor(top)
        else:
            self._release_at = (generation, top)

    def rows_answer(self, generation: int) -> None:
        """Search ``generation`` ended without new rows (a query that cannot be read):
        the rows shown stand for it, and keys held for it are replayed on them."""
        self.generation = generation
        if self._release_at is not None and generation >= self._release_at[0]:
            self.release_cursor(top=self._release_at[1])

    def release_cursor(self, top: bool = False) -> None:
        """The results are shown: go to the top hit if ``top``, then replay the held keys."""
        held, self._held = self._held, None
        self._release_at = None
        if top and self.row_count():
            self.move_cursor(0, 1)
        for action in held or ():
            getattr(self, f"action_{action}")()

    @property
    def holding(self) -> bool:
        return self._held is not None

    def _held_back(self, action: str) -> bool:
        if self._held is None:
            return False
        self._held.append(action)
        return True

    def action_cursor_down(self) -> None:
        if not self._held_back("cursor_down"):
            super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if not self._held_back("cursor_up"):
            super().action_cursor_up()

    def action_cursor_top(self) -> None:
        if not self._held_back("cursor_top"):
            super().action_cursor_top()

    def action_cursor_bottom(self) -> None:
        if not self._held_back("cursor_bottom"):
            super().action_cursor_bottom()

    def action_page_down(self) -> None:
        if not self._held_back("page_down"):
            super().action_page_down()

    def action_page_up(self) -> None:
        if not self._held_back("page_up"):
            super().action_page_up()

    def action_select(self) -> None:
        if not self._held_back("select"):
            super().action_select()

    def watch_cursor(self, old: int, new: int) -> None:
        super().watch_cursor(old, new)
        doc = self.current_doc
        if doc is not None:
            self.post_message(ArticleHighlighted(doc))

    def mark_open(self, doc: int | None) -> None:
        """Mark ``doc`` as the article in the reader (``▸`` before its title).

        Only the rows losing and gaining the mark are repainted: the reader
        follows the cursor, so this runs on every cursor move."""
        if doc == self.open_doc:
            return
        old_row = self._open_row
        self.open_doc = doc
        self._open_row = self.cursor if doc is not None and doc == self.current_doc else self.find_row(doc)
        for row in (old_row, self._open_row):
            if row is not None:
                self.repaint_row(row)

    def _row_of(self, doc: int | None) -> int:
        row = self.find_row(doc)
        return 0 if row is None else row

    def find_row(self, doc: int | None) -> int | None:
        """The row listing ``doc``, or ``None``."""
        if doc is None or not self.docs:
            return None
        if isinstance(self.docs, range):
            index = doc - self.docs.start if doc in self.docs else None
        else:
            try:
                index = list(self.docs).index(doc) if len(self.docs) < 100_000 else None
            except ValueError:
                index = None
        if index is None:
            return None
        return index + bisect_right([start for start, _, _ in self._separators], index)

    def _index_at(self, row: int) -> int | None:
        """Index into ``docs`` of the hit on ``row`` (``None`` on a separator)."""
        before = bisect_left(self._separator_rows, row)
        if before < len(self._separator_rows) and self._separator_rows[before] == row:
            return None
        return row - before

    def _separator_at(self, row: int) -> tuple[int, str, int] | None:
        before = bisect_left(self._separator_rows, row)
        if before < len(self._separator_rows) and self._separator_rows[before] == row:
            return self._separators[before]
        return None

    @property
    def current_doc(self) -> int | None:
        """Document number under the cursor (``None`` on the "more" row or when empty)."""
        return self.doc_at(self.cursor)

    def doc_at(self, row: int) -> int | None:
        index = self._index_at(row) if row >= 0 else None
        return self.docs[index] if index is not None and index < len(self.docs) else None

    def row_count(self) -> int:
        return len(self.docs) + len(self._separators) + (1 if self.more else 0)

    def is_selectable(self, row: int) -> bool:
        return self._separator_at(row) is None

    def empty_lines(self) -> list[Text]:
        return [Text(" " + line, style=self.dim_style()) for line in self.message]

    def select_row(self, row: int) -> None:
        if not self.is_selectable(row):
            return
        doc = self.doc_at(row)
        if doc is None:
            self.post_message(MoreResultsRequested())
        else:
            self.post_message(ArticleOpened(doc))

    def render_row_line(self, row: int, line: int, width: int, base: Style, selected: bool) -> Strip:
        separator = self._separator_at(row)
        doc = self.doc_at(row)
        if separator is not None:
            text = self._separator_line(separator, width) if line == 1 else Text("")
        elif doc is None:
            text = self._more_line() if line == 0 else Text("")
        elif line == 0:
            text = self._title_line(doc, selected)
        else:
            text = self._meta_line(doc, selected)
        return text_strip(text, width, self.app.console, base)

    def _separator_line(self, separator: tuple[int, str, int], width: int) -> Text:
        """``── 38 near ───…``: where the hits of a weaker tier begin, and how many it has."""
        _, tier, count = separator
        rule = f" ── {label(self.language, f'search.tier.{tier}', n=count)} "
        if len(rule) + 2 > width:
            return Text(rule.rstrip(), style=self.dim_style())
        return Text(rule + "─" * (width - len(rule) - 1), style=self.dim_style())

    def _more_line(self) -> Text:
        more = label(self.language, "list.more", n=self.more, m=min(self.more, len(self.docs) or self.more))
        return Text(" " + more, style=self.dim_style())

    def _fields(self, doc: int) -> tuple[str, str | None, str | None, str]:
        """(title, date, source, id) of ``doc``: read from the store's columns when
        it has them, so drawing a row does not build (decode) the whole article."""
        columns = getattr(self.articles, "columns", None)
        if columns is not None:
            return (columns["title"][doc] or "", columns["date"][doc], columns["source"][doc],
                    columns["id"][doc] or "")
        article = self.articles[doc]
        return article.title, article.date, article.source, article.id

    def set_markers(self, markers: Callable[[int], str] | None) -> None:
        """``markers(doc)``: what goes before a title (``★#✎`` for starred, tagged, annotated)."""
        self.markers = markers
        self.repaint_rows()

    def _title_line(self, doc: int, selected: bool) -> Text:
        marker = "▸" if doc == self.open_doc else " "
        if self._folded is not None and doc in self._folded.under:
            marker += "↳ "  # a copy, listed under its story's first article
        title = self._fields(doc)[0]
        marks = self.markers(doc) if self.markers is not None else ""
        marks = marks + " " if marks else ""
        text = Text(marker + marks + visible(title), style=self.get_component_rich_style("document-list--title", partial=True))
        if marks:
            text.stylize(self.get_component_rich_style("document-list--mark", partial=True), len(marker),
                         len(marker) + len(marks))
        title_at = len(marker) + len(marks)
        hit = self.hits.get(doc)
        if hit is not None:
            match_style = self.get_component_rich_style("document-list--match", partial=True)
            if selected:
                match_style = Style(bold=True, underline=True)
            for span in hit.spans:
                if span.field == "title":
                    text.stylize(match_style, span.start + title_at, span.end + title_at)
        return text

    def _meta_line(self, doc: int, selected: bool = False) -> Text:
        """``12 matches · 2025-08-30 · Nhân Dân`` (the id when there is no date or source);
        the count first, so a narrow pane still shows it."""
        _, date, source, doc_id = self._fields(doc)
        parts = [part for part in (date, source) if part] or [doc_id]
        hit = self.hits.get(doc)
        if hit is not None:
            count = len(hit.spans)
            parts.insert(0, label(self.language, "list.match") if count == 1
                         else label(self.language, "list.matches", n=count))
            if self.tiered:
                parts.insert(0, label(self.language, f"list.tier.{hit.tier}"))
        copies = self._folded.copies.get(doc, 0) if self._folded is not None else 0
        if copies:  # the story's first row: how many copies, folded (+) or listed below (−)
            unfolded = int(self.copies.group[doc]) in self.unfolded
            key = "list.copies.open" if unfolded else "list.copies"
            parts.insert(0, label(self.language, key + (".one" if copies == 1 else ""), n=copies))
        indent = "     " if self._folded is not None and doc in self._folded.under else "   "
        return Text(indent + visible(" · ".join(parts)), style=Style() if selected else self.dim_style())
