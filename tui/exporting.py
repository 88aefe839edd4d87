"""Export from the explorer (``X``, or the palette's "Export to a file…"): this search's
results, the marked articles or the entity table, to a CSV, Markdown or JSON-lines file.

Mixed into the app (:class:`ExportingMixin`).  The dialog (``tui/dialogs/export.py``) asks
what, how and where; the rows are made and written in a thread worker by the functions
``vnby-tui export`` uses (``tui.core.export``), so the same selection gives the same bytes.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Sequence
from functools import partial
from typing import Any

from textual import work

from .i18n import article_count, label
from .screen_text import visible


class ExportingMixin:
    """Export for :class:`tui.app.VnbyApp` (which supplies ``corpus``, ``language``,
    ``search_text``, ``filters``, ``sort``, the listing state and the Textual app API)."""

    async def action_export(self) -> None:
        """``X``: the export dialog, in place before the next key is handled (``X`` ``tab``
        ``→`` in one burst: tab and the arrows act in the dialog, not on the explorer)."""
        from .core.export import export_file_name, unused_file_name
        from .dialogs.export import ExportScreen

        offers = self._export_offers()
        if not any(offer.enabled for offer in offers):
            self.notify(label(self.language, "export.nothing"), markup=False)
            return
        searched = (self.search_text, list(self.filters), self.sort)
        about = " ".join([self.search_text, *(name for _, name in self.filters)])
        day = datetime.date.today()
        read = article_count(self.language, len(self.corpus.articles))
        loading = "" if self.corpus.loaded else label(self.language, "export.loading", articles=read)
        await self.push_screen(ExportScreen(self.language, offers,
                                            lambda what, fmt: unused_file_name(export_file_name(about, fmt, day, what)),
                                            loading), partial(self._export_chosen, searched))

    def _searching(self) -> bool:
        return bool(self.search_text.strip() or self.filters)

    def _export_offers(self) -> list[Any]:
        """What there is to export now: the results of a search (its strong set, as the
        timeline and the sidebar count it, and every hit when there are weaker ones), the
        marked articles, and the entity table (of the results, or of the corpus)."""
        from .dialogs.export import ExportOffer

        searching = self._searching() and self.corpus.search_index is not None
        strong, total = len(self._strong), self._hit_total
        marks = getattr(self.corpus, "marks", None)
        marked = len(marks.by_doc) if marks is not None else 0
        entities = self.corpus.loaded and self.corpus.entity_index is not None
        say = partial(label, self.language)
        return [
            ExportOffer("results", say("export.results", articles=article_count(self.language, strong)) if searching
                        else say("export.results.none"),
                        searching and strong > 0),
            ExportOffer("all", say("export.all.same" if searching and strong and total == strong else "export.all",
                                   articles=article_count(self.language, total if searching else 0)),
                        searching and total > strong),
            ExportOffer("marked", say("export.marked", n=marked), marked > 0),
            ExportOffer("entities", say("export.entities" if searching else "export.entities.corpus")
                        if entities else say("export.entities.not_ready"), entities),
        ]

    def _export_chosen(self, searched: tuple[str, list[tuple[str, str]], str], choice: Any) -> None:
        if choice is not None:
            self.write_export(choice, *searched)

    @work(thread=True, group="export", exit_on_error=False, description="export")
    def write_export(self, choice: Any, query: str, filters: list[tuple[str, str]], sort: str) -> None:
        """Make the rows and write them (the whole strong set or table: nothing is capped); one
        line says how many went where, or why none did."""
        from .core import export
        from .core.find import EntitiesNotReady, QuerySyntaxError

        corpus = self.corpus
        where = os.path.abspath(choice.path)
        try:
            rows, fields, kind = self._export_rows(corpus, choice.what, query, filters, sort)
            count = export.export_to_file(choice.path, rows, fields, choice.fmt)
        except OSError as exc:
            message = label(self.language, "export.failed", path=where, error=exc.strerror or exc)
            self.call_from_thread(self.notify, visible(message), severity="error", timeout=10, markup=False)
        except (QuerySyntaxError, EntitiesNotReady) as exc:
            message = label(self.language, "export.failed", path=where, error=exc)
            self.call_from_thread(self.notify, visible(message), severity="error", timeout=10, markup=False)
        else:
            message = label(self.language, f"export.done.{kind}", n=count, articles=article_count(self.language, count),
                            name=os.path.basename(where), folder=os.path.dirname(where))
            self.call_from_thread(self.notify, visible(message), timeout=10, markup=False)

    @staticmethod
    def _export_rows(corpus: Any, what: str, query: str, filters: Sequence[tuple[str, str]],
                     sort: str) -> tuple[Any, Sequence[str], str]:
        """The rows, their fields, and what they are (``articles`` or ``entities``)."""
        from .core import export

        articles = corpus.articles
        if what == "marked":
            return (export.marked_article_rows(articles, sorted(corpus.marks.by_doc.items()), corpus.entity_index),
                    export.ARTICLE_FIELDS, "articles")
        searching = bool(query.strip() or filters)
        results = corpus.find(query, filters, max(len(articles), 1), sort).results if searching else None
        if what == "entities":
            index = corpus.entity_index
            rows = (export.entity_rows_over(index, results.strong_docs()) if results is not None
                    else (export.entity_row(entity) for entity in index.entities()))
            return rows, export.ENTITY_FIELDS, "entities"
        strong = set(results.strong_docs()) if what == "results" else None
        hits = [hit for hit in results.hits if strong is None or hit.doc in strong]
        return export.hit_rows(articles, hits, corpus.marks, corpus.entity_index), export.ARTICLE_FIELDS, "articles"
