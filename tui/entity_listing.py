"""What the entity sidebar lists: the open article's entities, or the result set's.

Mixed into the app (:class:`EntityListingMixin`).  A result set's entities are summed and
sorted into sidebar rows in a thread worker: with 100k entities the sorting alone would hold
the event loop for a quarter second.
"""

from __future__ import annotations

from textual import work
from textual.worker import get_current_worker

from .i18n import label
from .widgets.entity_sidebar import Arranged, arrange


class EntityListingMixin:
    """Sidebar counting for :class:`tui.app.VnbyApp` (which supplies ``corpus``, ``sidebar``,
    ``reader``, ``language`` and ``_strong``)."""

    def refresh_sidebar(self) -> None:
        if not self.corpus.loaded:
            return
        if self.sidebar.scope == "doc":
            doc = self.reader.doc
            if doc is None:
                self.sidebar.show([], label(self.language, "sidebar.no_article"))
            else:
                self.sidebar.show(self.corpus.entity_index.entities_of(doc))
        else:
            self.sidebar.begin_counting()
            self.gather_result_entities(list(self._strong), self.sidebar.current_key)

    @work(thread=True, exclusive=True, group="entities", exit_on_error=False)
    def gather_result_entities(self, docs: list[int], keep: str | None) -> None:
        """Count the result set's entities and sort them into sidebar rows here: with
        100k entities the sorting alone would hold the event loop for a quarter second.
        A newer count (another query, another scope) cancels this one between slices."""
        from .core.result_entities import entities_in

        worker = get_current_worker()
        found = entities_in(self.corpus.entity_index, docs, lambda: worker.is_cancelled)
        arranged = arrange([(entity, mentions) for entity, _, mentions in found], keep)
        if not worker.is_cancelled:
            self.call_from_thread(self._show_result_entities, arranged)

    def _show_result_entities(self, arranged: Arranged) -> None:
        if self.sidebar.scope == "results":
            self.sidebar.show_arranged(arranged)
