"""Loading a corpus into the explorer: the load and story-grouping workers, and the header's progress.

Mixed into the app (:class:`LoadingMixin`).  The load runs in a thread worker, batch by batch:
after each batch what has arrived is listed and searchable; the entity stages follow and the
header says what is still running (never "100 %" while work remains).
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

from textual import work
from textual.worker import get_current_worker

from .corpus import Corpus
from .i18n import curation_problem, label


def freeze_what_is_loaded() -> None:
    """Take what the load has built so far out of the garbage collector's sight.

    Loading makes millions of objects that stay (articles, vocabulary, mentions).  Each
    time they grow by a quarter, a full collection walks them all, holding the GIL for
    a few hundred milliseconds: the event loop waits, typing freezes.  Frozen, a
    collection walks only what was made since.  The young garbage is collected first, so
    that no cycle already dropped is frozen with the rest."""
    gc.collect(1)
    gc.freeze()


class LoadingMixin:
    """Loading for :class:`tui.app.VnbyApp` (which supplies ``config``, ``corpus``, ``language``,
    ``document_list``, ``search_bar``, ``reader``, ``search_text``, ``filters``, ``_progress_shown``,
    ``_update_header``, ``refresh_results``, ``refresh_sidebar``, ``open_article`` and the marks' and
    sidebar's refreshes)."""

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load_corpus(self, corpus: Corpus) -> None:
        """Load (or restore from the cache) the corpus and both indexes, batch by batch.

        After each batch the UI lists and searches what has arrived; quitting
        or opening another corpus cancels between batches.
        """
        from .core.curation import curated
        from .core.workspace import Cancelled, open_corpus

        worker = get_current_worker()
        entities = self.config["entities"]
        try:
            workspace = open_corpus(
                corpus.paths,
                use_cache=self.config["cache"]["enabled"],
                extra={kind: entities[f"extra_{kind}"] for kind in ("PER", "ORG", "LOC")},
                never=entities["never"],
                on_warning=corpus.warnings.append,
                on_progress=lambda progress: self._progress_made(corpus, progress),
                on_batch=lambda workspace, first, count: self._batch_loaded(corpus, workspace),
                cancelled=lambda: worker.is_cancelled,
            )
        except Cancelled:
            return
        workspace.entity_index = curated(workspace.entity_index, self._curation())
        if not worker.is_cancelled and workspace.search_index is not None:
            try:
                workspace.search_index.prepare_lookups()  # the first search after loading need not make them
            except MemoryError:  # (a huge vocabulary) not needed to load: searches make them as they go
                pass
        corpus.attach(workspace)
        if not worker.is_cancelled:
            self.call_from_thread(self._corpus_loaded, corpus)

    @work(thread=True, exclusive=True, group="stories", exit_on_error=False)
    def group_stories(self, corpus: Corpus) -> None:
        """Group the syndicated stories (when the cache had no groups), after loading:
        searching, entities and marks never wait for it."""
        from .core.workspace import Cancelled, add_copies

        worker = get_current_worker()
        try:
            corpus.copies = add_copies(corpus.workspace, self.config["cache"]["enabled"],
                                       on_warning=corpus.warnings.append, cancelled=lambda: worker.is_cancelled)
        except Cancelled:
            return
        if not worker.is_cancelled:
            self.call_from_thread(self._stories_grouped, corpus)

    def _stories_grouped(self, corpus: Corpus) -> None:
        if corpus is self.corpus:
            self.document_list.set_copies(corpus.copies)
            self.counting_changed()

    def _curation(self) -> Any:
        """The user's entity corrections (a broken file is a load warning, and none apply)."""
        from .core.curation import Curation, CurationError

        configured = self.config["entities"].get("curation", "")
        try:
            return Curation.load(Path(configured).expanduser() if configured else None)
        except CurationError as exc:
            self.corpus.warnings.append(curation_problem(self.language, exc))
            return None

    def _progress_made(self, corpus: Corpus, progress: Any) -> None:
        corpus.progress = progress  # shown by _show_new_progress (never waits for the event loop)

    def _show_new_progress(self) -> None:
        """Twice a second while loading, the header shows a progress it has not shown yet
        (the entity stage has no batches to redraw it), and what the load has built so far
        is frozen (:func:`freeze_what_is_loaded`; writing the cache reports no progress)."""
        if self.corpus.loaded or self.corpus.failed:
            return
        freeze_what_is_loaded()
        progress = self.corpus.progress
        if progress is not self._progress_shown:
            self._progress_shown = progress
            self._update_header()

    def _batch_loaded(self, corpus: Corpus, workspace: Any) -> None:
        corpus.attach(workspace)
        self.call_from_thread(self._show_progress, corpus)

    def _show_progress(self, corpus: Corpus) -> None:
        if corpus is not self.corpus:
            return
        self._update_header()
        if self.search_text.strip():
            self.refresh_results()  # what was just indexed is searchable at once
        elif not self.filters:
            self._list_all(keep_cursor=True)

    def _corpus_loaded(self, corpus: Corpus) -> None:
        if corpus is not self.corpus:
            return
        corpus.loaded = True
        # 100k entities are a million objects that stay as they are; each full collection
        # would walk them all (half a second at that size), every thread waiting, the
        # event loop too.  Frozen, collections walk only what was made after loading.
        gc.freeze()
        self.entity_total = len(corpus.entity_index)
        self.gather_marks(corpus)
        if corpus.copies is None:
            self.group_stories(corpus)
        else:
            self.document_list.set_copies(corpus.copies)
        self.search_bar.set_history(self.query_history())
        self._update_header()
        if corpus.warnings:
            self.notify(label(self.language, "warnings.count", n=len(corpus.warnings)), severity="warning", markup=False)
        self.refresh_results()
        self.refresh_sidebar()
        if self.reader.doc is not None:
            self.open_article(self.reader.doc)

    def _progress_text(self, narrow: bool = False) -> str:
        """Every stage still running, the first in full: ``indexing 45% · 20.1 MB/s ·
        3 s left · entities 30%``, then ``searchable · entities 62% · …`` — never
        100 % while work remains (:mod:`tui.core.progress`).  ``narrow`` leaves out the
        rate: on a terminal of 80 columns the time left is what the line must keep."""
        progress = self.corpus.progress
        if self.corpus.loaded:
            return ""
        if self.corpus.failed:
            return label(self.language, "header.failed")
        if progress is None:
            return label(self.language, "header.starting")
        parts = [label(self.language, "header.searchable")] if progress.searchable else []
        for number, stage in enumerate(progress.running):
            name = label(self.language, f"header.stage.{stage.name}")
            if number:
                parts.append(label(self.language, "header.stage.short", stage=name, pct=stage.percent))
                continue
            if not stage.sized:
                parts.append(label(self.language, "header.stage.unsized", stage=name))
                continue
            left = stage.seconds_left
            if left is None:  # nothing measured yet: no rate to give, no time to promise ("0,0 MB/s · ? s left")
                parts.append(label(self.language, "header.stage.short", stage=name, pct=stage.percent))
                continue
            parts.append(label(self.language, "header.stage.narrow" if narrow else "header.stage", stage=name,
                               pct=stage.percent, rate=stage.mb_per_second, left=f"{left:.0f}"))
        return " · ".join(parts)
