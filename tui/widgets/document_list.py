"""The article list: title, then date · source · matches, two lines per article.

It shows whatever rows the app gives it (all documents in corpus order, or
ranked hits) and renders only what is on screen, so 60k rows cost the same
as 2.  A capped result list ends with a "more" row.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.strip import Strip

from ..i18n import label
from ..messages import ArticleOpened, MoreResultsRequested
from .row_list import RowList, text_strip
from ..screen_text import visible

if TYPE_CHECKING:
    from ..core.model import Article


class DocumentList(RowList):
    """Articles of the corpus or of a search, with the cursor on the one to open."""

    LINES_PER_ROW = 2

    BINDINGS = [Binding("enter", "select", "action.open")]

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
        self.docs: Sequence[int] = ()
        self.hits: Mapping[int, Any] = {}
        self.more = 0
        self.message: list[str] = []
        self.language = "en"
        self.open_doc: int | None = None
        self.markers: Callable[[int], str] | None = None
        self.tiered = False

    def show(
        self,
        articles: Sequence[Article],
        docs: Sequence[int],
        hits: Mapping[int, Any] | None = None,
        more: int = 0,
        message: Sequence[str] = (),
        keep_doc: int | None = None,
    ) -> None:
        """List ``docs`` (document numbers into ``articles``); ``hits`` maps a
        document to its search hit; ``more`` counts hits left off; ``message``
        is shown when ``docs`` is empty.  The cursor stays on ``keep_doc`` if listed."""
        self.articles = articles
        self.docs = docs
        self.hits = hits or {}
        self.more = more
        self.message = list(message)
        # Hits of several tiers: each row says its tier (phrase hits come first).
        self.tiered = len({getattr(hit, "tier", None) for hit in self.hits.values()}) > 1
        self.rows_changed(cursor=self._row_of(keep_doc))

    def mark_open(self, doc: int | None) -> None:
        """Mark ``doc`` as the article in the reader (``▸`` before its title)."""
        if doc != self.open_doc:
            self.open_doc = doc
            self.repaint_rows()

    def _row_of(self, doc: int | None) -> int:
        if doc is None or not self.docs:
            return 0
        if isinstance(self.docs, range):
            return doc - self.docs.start if doc in self.docs else 0
        try:
            return list(self.docs).index(doc) if len(self.docs) < 100_000 else 0
        except ValueError:
            return 0

    @property
    def current_doc(self) -> int | None:
        """Document number under the cursor (``None`` on the "more" row or when empty)."""
        if 0 <= self.cursor < len(self.docs):
            return self.docs[self.cursor]
        return None

    def doc_at(self, row: int) -> int | None:
        return self.docs[row] if 0 <= row < len(self.docs) else None

    def row_count(self) -> int:
        return len(self.docs) + (1 if self.more else 0)

    def empty_lines(self) -> list[Text]:
        return [Text(" " + line, style=self.dim_style()) for line in self.message]

    def select_row(self, row: int) -> None:
        doc = self.doc_at(row)
        if doc is None:
            self.post_message(MoreResultsRequested())
        else:
            self.post_message(ArticleOpened(doc))

    def render_row_line(self, row: int, line: int, width: int, base: Style, selected: bool) -> Strip:
        doc = self.doc_at(row)
        if doc is None:
            text = self._more_line() if line == 0 else Text("")
        elif line == 0:
            text = self._title_line(doc, selected)
        else:
            text = self._meta_line(doc)
        return text_strip(text, width, self.app.console, base)

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
        self.refresh()

    def _title_line(self, doc: int, selected: bool) -> Text:
        marker = "▸" if doc == self.open_doc else " "
        title = self._fields(doc)[0]
        marks = self.markers(doc) if self.markers is not None else ""
        marks = marks + " " if marks else ""
        text = Text(marker + marks + visible(title), style=self.get_component_rich_style("document-list--title", partial=True))
        if marks:
            text.stylize(self.get_component_rich_style("document-list--mark", partial=True), 1, len(marks))
        title_at = 1 + len(marks)
        hit = self.hits.get(doc)
        if hit is not None:
            match_style = self.get_component_rich_style("document-list--match", partial=True)
            if selected:
                match_style = Style(bold=True, underline=True)
            for span in hit.spans:
                if span.field == "title":
                    text.stylize(match_style, span.start + title_at, span.end + title_at)
        return text

    def _meta_line(self, doc: int) -> Text:
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
        return Text("   " + visible(" · ".join(parts)), style=self.dim_style())
