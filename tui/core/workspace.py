"""Open a corpus: load (or restore from the cache) the articles and both indexes.

One function serves the command line and the explorer: :func:`open_corpus`
streams batches (so what is indexed is searchable at once), reports
progress by stage (:mod:`tui.core.progress`: ``index``, then ``entities``),
can be cancelled between batches, and keeps the cache — a warm start maps
arrays instead of reading and indexing the inputs again, and when only some
inputs changed, only those are read again.

Searching never waits for entities: the ``index`` stage ends when every
article is searchable; entities are found beside it (a second process) or
after it, and ``entities=False`` (``vnby-tui search``) skips them — the cache
entry then holds the search index alone, and the first caller that wants
entities finds them from the cached texts and adds them to the entry.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import entity_process
from .cache import (READ_ERRORS, CacheError, EntryReader, EntryWriter, cache_root, corpus_key, input_signature,
                    is_disk_full, sweep_abandoned)
from .index import release_freed_memory
from .entities import EntityExtractor, EntityIndex, Mention, MentionRow, rules_fingerprint
from .loader import IdRegistry, Source, iter_sources, load_source, open_regular
from .model import Article, LoadWarning
from .persist import restore_entity_index, restore_search_index, save_entity_index, save_search_index
from .progress import COPIES, ENTITIES, INDEX, TABLE, Progress, StageClock
from .search import SearchIndex
from .syndication import Syndication
from .store import STRING_COLUMNS, ArticleStore

__all__ = ["Cancelled", "Progress", "Workspace", "add_copies", "open_corpus"]

#: The article store's string columns, end to end in one table of the cache entry.
COLUMN_ORDER = (*STRING_COLUMNS, "extras")
#: Articles are handed to the indexes (and to the UI) in batches of about this many characters.
BATCH_CHARS = 2_000_000
#: From this much input on, entities are extracted in a second process while this one
#: builds the search index (starting the process costs a few tenths of a second).
PARALLEL_MIN_BYTES = 30_000_000
#: Batches in the second process's hands at once; the others wait as document
#: numbers, their texts read back from the store when sent.
AHEAD = 2


@contextmanager
def _real_stderr() -> Iterator[None]:
    """Let a process start under an app that captures ``sys.stderr``.

    Starting a process also starts multiprocessing's resource tracker, which
    is handed ``sys.stderr.fileno()``; Textual's capture object answers -1
    and the start fails ("bad value(s) in fds_to_keep").  For that moment the
    real standard error stands in."""
    saved = sys.stderr
    try:
        valid = saved is not None and saved.fileno() >= 0
    except (OSError, ValueError, AttributeError):
        valid = False
    if not valid and sys.__stderr__ is not None:
        sys.stderr = sys.__stderr__
    try:
        yield
    finally:
        sys.stderr = saved


class _Batch:
    """Documents ``first .. first+count-1`` on their way to the entity index."""

    __slots__ = ("first", "count", "known", "future", "mentions")

    def __init__(self, first: int, known: list[list[Mention] | None]) -> None:
        self.first, self.count = first, len(known)
        #: mentions already known (reused from the cache), or None when there are none
        self.known = known if any(m is not None for m in known) else None
        self.future: Any = None  # the second process's work on it
        self.mentions: list[list[MentionRow]] | None = None  # extracted here (as rows), ahead of its turn

    def todo(self) -> list[int]:
        """Offsets of the documents whose entities are still to be found."""
        return list(range(self.count)) if self.known is None else [i for i, m in enumerate(self.known) if m is None]


class _EntityFeeder:
    """The ``entities`` stage: extracts the entities of each batch and adds them to
    the index in document order, never holding up the search index.

    For a large corpus a second process (the machine's other core) extracts
    while this one reads and builds the search index; it is given at most
    :data:`AHEAD` batches at a time, the others wait as document numbers only
    (their texts are read back from the store when their turn comes, so a
    slower extractor never piles texts up in memory).  Once indexing is done,
    this process extracts too, the next batch the other has not taken.  Mentions already
    known (reused from the cache) are added as they are.  With ``at_once`` (no search
    index to build meanwhile) each batch is extracted as it comes, from the articles in
    hand, instead of being read back from the store at the end.
    """

    def __init__(self, index: EntityIndex, extractor: EntityExtractor, store: ArticleStore, extra: dict | None,
                 never: Sequence[str], parallel: bool, at_once: bool = False) -> None:
        self.index = index
        self.at_once = at_once
        self.extractor = extractor
        self.store = store
        self.pending: list[_Batch] = []
        self.done_bytes = 0
        self.pool = None
        self.lifeline: tuple[Any, Any] | None = None
        if parallel:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            try:
                with _real_stderr():
                    context = multiprocessing.get_context("spawn")
                    self.lifeline = context.Pipe(duplex=False)
                    self.pool = ProcessPoolExecutor(max_workers=1, mp_context=context,
                                                    initializer=entity_process.start,
                                                    initargs=(extra, list(never), os.getpid(), self.lifeline[0]))
            except (OSError, ValueError, RuntimeError):
                self.close()  # no second process here: extract in this one

    def submit(self, first: int, known: list[list[Mention] | None], articles: list[Article] | None = None) -> None:
        """Documents ``first .. first+len(known)-1``, with their known mentions (or
        None); ``articles`` saves reading them back from the store."""
        batch = _Batch(first, known)
        self.pending.append(batch)
        if self.at_once and self.pool is None and articles is not None:
            batch.mentions = [self.extractor.extract_rows(articles[offset]) for offset in batch.todo()]
        self._top_up(batch, articles)
        self.drain(wait=False)

    def _send(self, batch: _Batch, articles: list[Article] | None = None) -> None:
        todo = batch.todo()
        if not todo or self.pool is None:
            return
        try:
            if len(todo) == batch.count:  # the whole batch, as stored: read back and packed there (see _add)
                stored = self.store.stored_batch(batch.first, batch.first + batch.count)
                batch.future = self.pool.submit(entity_process.extract_stored, stored)
            else:  # mentions reused from the cache come between the ones to find
                if articles is None:
                    articles = self.store.articles_between(batch.first, batch.first + batch.count)
                todo_articles = [articles[offset] for offset in todo]
                batch.future = self.pool.submit(entity_process.extract, entity_process.for_child(todo_articles))
        except (OSError, ValueError, RuntimeError):
            self.close()  # no second process here: extract in this one

    def _top_up(self, newest: _Batch | None = None, articles: list[Article] | None = None) -> None:
        """Keep the second process busy with the earliest batches nobody works on
        (``articles`` are ``newest``'s, in hand).  The earliest first: batches are
        added in order, and one sent ahead of a batch left waiting held its mentions
        (as tuples, several times their packed size) and the progress line until the
        indexing ended — the second process worked, its results sat unused."""
        for batch in self.pending:
            if self.pool is None or self.waiting() >= AHEAD:
                return
            if batch.future is None and batch.mentions is None:
                self._send(batch, articles if batch is newest else None)

    def _extract_here(self, batch: _Batch) -> list[list[MentionRow]]:
        """The batch's mentions found in this process, its texts read together
        (:meth:`.ArticleStore.articles_between`: one read, not one per article)."""
        todo = batch.todo()
        if not todo:
            return []
        articles = self.store.articles_between(batch.first, batch.first + batch.count)
        return [self.extractor.extract_rows(articles[offset]) for offset in todo]

    def drain(self, wait: bool, report: Callable[[], None] = lambda: None,
              cancelled: Callable[[], bool] = lambda: False) -> None:
        """Add the mentions of the finished batches, in order; with ``wait``, of
        every batch (this process extracting too, side by side with the second one)."""
        while self.pending:
            self._top_up()
            head = self.pending[0]
            ready = head.mentions is not None or not head.todo() or (head.future is not None and head.future.done())
            if not ready:
                if not wait:
                    return
                if head.future is None:
                    head.mentions = self._extract_here(head)
                else:  # while the second process works, this one takes the next batch nobody has
                    later = next((b for b in self.pending if b.future is None and b.mentions is None and b.todo()),
                                 None)
                    if later is not None:
                        later.mentions = self._extract_here(later)
                        if cancelled():
                            raise Cancelled()
                        continue
            self._add(head)
            self.pending.pop(0)
            self.store.forget_texts(head.first, head.first + head.count)  # read, not needed here again
            self.done_bytes += self.store.text_bytes_between(head.first, head.first + head.count)
            report()
            if cancelled():
                raise Cancelled()

    def _add(self, batch: _Batch) -> None:
        extracted = batch.mentions
        if extracted is None and batch.future is not None:
            try:
                extracted = batch.future.result()
            except (BrokenProcessPool, OSError):  # the second process died: redo its share here
                extracted = None
        if extracted is None:
            extracted = self._extract_here(batch)
        if isinstance(extracted, tuple):  # packed by the second process: every document of the batch
            self.index.add_batch(range(batch.first, batch.first + batch.count), extracted)
            return
        found = iter(extracted)
        for offset, mentions in enumerate(batch.known or [None] * batch.count):
            if mentions is None:
                self.index.add_rows(batch.first + offset, next(found))
            else:
                self.index.add_mentions(batch.first + offset, mentions)

    def waiting(self) -> int:
        """Batches in the second process's hands, not finished yet."""
        return sum(1 for batch in self.pending if batch.future is not None and not batch.future.done())

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = None
        if self.lifeline is not None:
            for end in self.lifeline:
                end.close()  # the second process reads end-of-file: it ends, finished or not
            self.lifeline = None


@dataclass
class Workspace:
    """A loaded corpus: articles (doc number → article) and the two indexes over them."""

    paths: list[str]
    articles: ArticleStore
    search_index: SearchIndex | None  # None when opened without search (open_corpus(search=False))
    entity_index: EntityIndex
    warnings: list[LoadWarning] = field(default_factory=list)
    from_cache: bool = False
    #: Whether ``entity_index`` holds every article's entities (never with ``entities=False``).
    entities_ready: bool = False
    #: The syndicated stories (groups of copies), once found (``open_corpus(copies=True)``).
    copies: Syndication | None = None


class Cancelled(Exception):
    """Raised inside :func:`open_corpus` when ``cancelled()`` turns true between batches."""


class ExtractorOnDemand:
    """The entity extractor, built when first used: its word lists and rules cost a
    warm start that never extracts (``search``, or a cache holding the entities) a
    quarter of a second and about 4 MB of its peak resident size."""

    def __init__(self, extra: dict | None, never: Sequence[str]) -> None:
        self._settings = (extra, list(never))
        self._built: EntityExtractor | None = None
        self._lock = threading.Lock()

    @property
    def built(self) -> bool:
        return self._built is not None

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):  # (copy and pickle look for hooks on an object not yet set up)
            raise AttributeError(name)
        with self._lock:  # the explorer's threads may ask at once: built once
            if self._built is None:
                self._built = EntityExtractor(*self._settings)
        return getattr(self._built, name)


def extractor_fingerprint(extra: dict | None, never: Sequence[str]) -> str:
    """Cached entities are valid only for the same rules, word lists and user settings."""
    extra = {kind: sorted(names) for kind, names in (extra or {}).items() if names}
    settings = json.dumps([rules_fingerprint(), extra, sorted(never)], sort_keys=True)
    return hashlib.sha256(settings.encode()).hexdigest()[:16]


def open_corpus(
    paths: Sequence[str],
    *,
    use_cache: bool = True,
    entities: bool = True,
    extra: dict[str, list[str]] | None = None,
    never: Sequence[str] = (),
    on_warning: Callable[[LoadWarning], None] | None = None,
    on_progress: Callable[[Progress], None] | None = None,
    on_batch: Callable[[Workspace, int, int], None] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    search: bool = True,
    copies: bool = False,
) -> Workspace:
    """Load ``paths`` into a :class:`Workspace`.

    ``on_batch(workspace, first_doc, count)`` runs after each batch is
    searchable, and once more with ``count`` 0 when the workspace's entity index is
    replaced by its copy mapped from the cache entry; ``on_progress`` gets a :class:`Progress` after each batch of
    either stage (``progress.searchable`` turns true once every article is
    indexed, before any wait for entities); ``on_warning`` receives every
    problem as it is found (a cache that had to be rebuilt included).  With
    ``entities=False`` no entity is looked for (``entities_ready`` stays
    false).  Raises :class:`Cancelled` if ``cancelled()`` becomes true.

    ``search=False`` is for commands that only need entities (``entities`` without a
    cache to write): a cold load then builds no search index (``search_index`` is
    ``None``) and writes no cache entry; a valid entry is still restored whole.

    ``copies=True`` adds the ``copies`` stage: syndicated stories are grouped
    (:mod:`tui.core.syndication`) once the index is built, before entities are
    waited for, and cached with the rest.
    """
    warnings: list[LoadWarning] = []

    def warn(problem: LoadWarning) -> None:
        warnings.append(problem)
        if on_warning:
            on_warning(problem)

    clock = StageClock()
    extractor = ExtractorOnDemand(extra, never)
    fingerprint = extractor_fingerprint(extra, never)
    sources = list(iter_sources(paths, warn))
    signatures = {}
    for source in sources:
        try:
            signatures[source.name, str(source.path)] = input_signature(source.path)
        except OSError:
            signatures[source.name, str(source.path)] = None
    total = sum(s[1] for s in signatures.values() if s)
    entry_path = cache_root() / corpus_key(paths)
    if use_cache:
        sweep_abandoned(entry_path.parent)  # what killed writes left (a few folder names to look at)
    previous = _open_entry(entry_path, warn) if use_cache else None
    restored = _restore_if_unchanged(previous, paths, extractor, fingerprint if entities else None, sources,
                                     signatures, warn, entry_path)
    if restored is not None:
        for *_, problems in previous.manifest.get("sources", []):
            for problem in problems:
                warn(LoadWarning.from_record(problem))
        restored.warnings = warnings
        clock.start(INDEX, total)
        clock.finish(INDEX)
        if entities and not restored.entities_ready:  # not a moment reported as loaded before them
            clock.start(ENTITIES, restored.articles.text_bytes())
        if on_progress:
            on_progress(clock.snapshot(len(restored.articles)))
        if on_batch:
            on_batch(restored, 0, len(restored.articles))
        if copies and restored.copies is None and restored.search_index is not None:
            _find_copies(restored, clock, on_progress, cancelled)
            if use_cache:
                previous = _add_copies_to_entry(entry_path, restored, warn) or previous
        if entities and not restored.entities_ready:
            _find_entities(restored, extractor, extra, never, clock, on_progress, cancelled, table_follows=use_cache)
            if use_cache:
                with _stage(clock, TABLE, on_progress, len(restored.articles)):
                    entry = _add_entities_to_entry(entry_path, previous, restored, fingerprint, warn)
                    if entry is not None:
                        _map_entities_from_entry(restored, entry, extractor, on_batch)
                    else:
                        restored.entity_index.counted()
                release_freed_memory()
        return restored

    load = _ColdLoad(list(paths), extractor, extra, never, signatures, warnings, warn, clock, entities, search)
    load.copies = copies
    if use_cache and search:
        _spill_texts(load.store, entry_path.parent)
        load.workspace.search_index._store.merge_directory = entry_path.parent  # large merges: on its disk
    load.reuse_from(previous, sources, entry_path, fingerprint)
    written: list[EntryReader] = []

    def searchable(workspace: Workspace) -> None:
        """Cache what is searchable at once and search it from the entry, mapped (see
        :func:`_map_from_entry`); the entities, when asked for, join the entry once found."""
        if use_cache and search:
            reader = _write_entry(entry_path, workspace, fingerprint, load.source_ranges, warn)
            if reader is not None:
                _map_from_entry(workspace, reader)
                written.append(reader)
        # Only now, with the writer's references to the in-memory index and texts gone,
        # is the memory they held free to hand back.
        release_freed_memory()

    load.table_follows = use_cache and search
    workspace = load.run(sources, on_progress, on_batch, cancelled, on_searchable=searchable)
    if clock.is_running(TABLE):
        with _stage(clock, TABLE, on_progress, len(workspace.articles)):
            entry = _add_entities_to_entry(entry_path, written[0], workspace, fingerprint, warn) if written else None
            if entry is not None:
                _map_entities_from_entry(workspace, entry, extractor, on_batch)
            else:
                workspace.entity_index.counted()  # here, not when the explorer first reads the table
    release_freed_memory()
    return workspace


@contextmanager
def _stage(clock: StageClock, name: str, on_progress, articles: int) -> Iterator[None]:
    """Run the block as stage ``name``, reported when it starts and when it ends: the
    seconds of counting and writing the entity table are not shown as "loaded"."""
    clock.start(name, 0)
    if on_progress:
        on_progress(clock.snapshot(articles))
    try:
        yield
    finally:
        clock.finish(name)
        if on_progress:
            on_progress(clock.snapshot(articles))


def _map_from_entry(workspace: Workspace, reader: EntryReader) -> None:
    """Search the index's arrays as the entry just written holds them, mapped, as a
    warm start would: the arrays built in memory (about 2x the text on real news)
    are let go before entities are found beside them.  The index object stays the
    one the explorer holds; a search under way finishes on the state it started with."""
    try:
        mapped = restore_search_index(reader, workspace.articles)
    except (CacheError, *READ_ERRORS):
        return  # the index in memory answers the same
    workspace.search_index._store = mapped._store


def _map_entities_from_entry(workspace: Workspace, entry: EntryReader, extractor: EntityExtractor,
                             on_batch: Callable[[Workspace, int, int], None] | None = None) -> None:
    """The entity index as the entry holds it, mapped, in place of the one built
    (the same answers, a fraction of the memory: the corpus table's counts of 100,000
    entities are decoded one entity at a time when read).  ``on_batch`` (count 0) tells
    whoever took the built index that it is replaced; then the built one is emptied a
    piece at a time (:meth:`EntityIndex.let_go`), not freed in one long hold of the GIL."""
    built = workspace.entity_index
    try:
        workspace.entity_index = restore_entity_index(entry, extractor, len(workspace.articles))
    except (CacheError, *READ_ERRORS):
        built.counted()  # the index in memory answers the same, once it counts its table here
        return
    if on_batch:
        on_batch(workspace, len(workspace.articles), 0)
    built.let_go()


def _spill_texts(store: ArticleStore, directory: Path) -> None:
    """Texts read for the cache wait on its disk, not in memory (a temporary file
    that vanishes with the process); where that cannot be, in memory (writing the
    entry will fail too, and say so)."""
    try:
        store.spill_to(directory)
    except OSError:
        pass


def _find_entities(workspace: Workspace, extractor: EntityExtractor, extra: dict | None, never: Sequence[str],
                   clock: StageClock, on_progress, cancelled: Callable[[], bool], table_follows: bool = False) -> None:
    """The ``entities`` stage alone, over articles already searchable (restored from a
    cache entry written without entities): read back from the store in batches; with
    ``table_follows``, the ``table`` stage starts as it ends."""
    store = workspace.articles
    total = store.text_bytes()
    parallel = total >= PARALLEL_MIN_BYTES and (os.cpu_count() or 1) > 1
    feeder = _EntityFeeder(workspace.entity_index, extractor, store, extra, never, parallel)
    clock.start(ENTITIES, total)

    def report() -> None:
        clock.advance(ENTITIES, feeder.done_bytes)
        if on_progress:
            on_progress(clock.snapshot(len(store)))

    try:
        first = 0
        while first < len(store):
            last = first
            while last < len(store) and store.text_bytes_between(first, last) < BATCH_CHARS:
                last += 1
            feeder.submit(first, [None] * (last - first))  # document numbers only: texts are read when sent
            first = last
        feeder.drain(wait=True, report=report, cancelled=cancelled)
    finally:
        feeder.close()
    clock.finish(ENTITIES)
    workspace.entity_index.merge_short_forms()
    workspace.entities_ready = True
    if table_follows:
        clock.start(TABLE, 0)
    if on_progress:
        on_progress(clock.snapshot(len(store)))


def _find_copies(workspace: Workspace, clock: StageClock, on_progress, cancelled: Callable[[], bool]) -> None:
    """The ``copies`` stage: group the syndicated stories, from the search index."""
    from .syndication import find_copies

    store = workspace.articles
    clock.start(COPIES, store.text_bytes())

    def step(doc: int) -> None:
        clock.advance(COPIES, store.text_bytes_between(0, doc))
        if on_progress:
            on_progress(clock.snapshot(len(store)))
        if cancelled():
            raise Cancelled()

    workspace.copies = find_copies(workspace.search_index, on_step=step)
    release_freed_memory()  # the stage's temporary arrays (~100 MB on the real corpus)
    clock.finish(COPIES)
    if on_progress:
        on_progress(clock.snapshot(len(store)))


class _ColdLoad:
    """Reading the inputs (or the unchanged part of an old cache entry) and building
    the search index batch by batch — entities beside or after it — for
    :func:`open_corpus` when no entry can be restored whole."""

    def __init__(self, paths: list[str], extractor: EntityExtractor, extra: dict | None, never: Sequence[str],
                 signatures: dict, warnings: list[LoadWarning], warn: Callable[[LoadWarning], None],
                 clock: StageClock, entities: bool, search: bool = True) -> None:
        self.store = ArticleStore()
        search_index = None
        if search:
            search_index = SearchIndex()
            search_index.articles = self.store  # add() extends the store: one copy of every article
        self.workspace = Workspace(paths, self.store, search_index, EntityIndex(extractor), warnings)
        self.signatures = signatures
        self.warnings = warnings
        self.warn = warn
        self.clock = clock
        self.total_bytes = sum(s[1] for s in signatures.values() if s)
        self.done_bytes = 0
        # Without a search index to build, this process would only wait: no second one.
        parallel = search and self.total_bytes >= PARALLEL_MIN_BYTES and (os.cpu_count() or 1) > 1
        self.feeder = _EntityFeeder(self.workspace.entity_index, extractor, self.store, extra, never,
                                    parallel, at_once=not search) if entities else None
        self.ids = IdRegistry()
        self.batch: list[Article] = []
        self.batch_mentions: list[list[Mention] | None] = []
        self.batch_chars = 0
        self.source_ranges: list[list] = []
        self.reusable: dict = {}
        self.old_store: ArticleStore | None = None
        self.old_mentions: Callable[[int], list[Mention]] | None = None
        self.copies = False  # whether to group syndicated stories once indexed
        self.table_follows = False  # whether the entity table is counted and saved after the entities
        clock.start(INDEX, self.total_bytes)

    def reuse_from(self, previous: EntryReader | None, sources: list[Source], entry_path: Path,
                   fingerprint: str) -> None:
        """Take the articles (and entities, when found by the same rules) of unchanged
        inputs from the old entry."""
        if previous is None:
            return
        reusable = _reusable_sources(previous, sources, self.signatures)
        if not reusable:
            return
        try:
            self.old_store = _restore_store(previous)
            if _has_entities(previous, fingerprint):
                self.old_mentions = _old_mentions(previous)
            self.reusable = reusable
        except (CacheError, *READ_ERRORS) as exc:
            self.warn(LoadWarning.of(str(entry_path), "cache.unusable", reason=str(exc)))

    def run(self, sources: list[Source], on_progress, on_batch, cancelled: Callable[[], bool],
            on_searchable: Callable[[Workspace], None] = lambda workspace: None) -> Workspace:
        """Read and index every input, then (``on_searchable`` called between the two)
        wait for the entities."""
        self.on_progress = on_progress
        try:
            for source in sources:
                self._read(source, on_batch, cancelled)
            self._flush(on_batch, cancelled)
            self.clock.finish(INDEX)
            self._report()  # searchable: every article is in the search index
            if self.copies and self.workspace.search_index is not None:
                _find_copies(self.workspace, self.clock, on_progress, cancelled)
            on_searchable(self.workspace)
            if self.feeder is not None:
                self.feeder.drain(wait=True, report=self._report, cancelled=cancelled)
                self.clock.finish(ENTITIES)
                self.workspace.entity_index.merge_short_forms()
                self.workspace.entities_ready = True
                if self.table_follows:
                    self.clock.start(TABLE, 0)  # never a moment reported as loaded before it
                self._report()
        finally:
            if self.feeder is not None:
                self.feeder.close()
        return self.workspace

    def _report(self) -> None:
        if self.feeder is not None:
            self.clock.start(ENTITIES, 0)
            text = self.store.text_bytes()
            # while reading, the text still to come is estimated from the input read so far
            reading = self.clock.is_running(INDEX) and self.done_bytes
            expected = int(text * self.total_bytes / self.done_bytes) if reading else text
            self.clock.advance(ENTITIES, self.feeder.done_bytes, max(expected, text))
        if self.on_progress:
            self.on_progress(self.clock.snapshot(len(self.store)))

    def _articles_of(self, source: Source, reuse: dict | None):
        """(article, known mentions or None) of one input, from the old entry or the file."""
        if reuse is not None and self.old_store is not None:
            for problem in reuse["warnings"]:
                self.warn(LoadWarning.from_record(problem))
            old_mentions = self.old_mentions
            first, last = reuse["docs"]
            return ((article, old_mentions(d) if old_mentions else None)
                    for d, article in enumerate(self.old_store.iter_between(first, last), first))
        source_done = self.done_bytes

        def read_bytes(position: int) -> None:
            self.done_bytes = source_done + position

        return ((article, None) for article in load_source(source, self.warn, read_bytes))

    def _read(self, source: Source, on_batch, cancelled) -> None:
        key = (source.name, str(source.path))
        first_doc = len(self.store) + len(self.batch)
        before = len(self.warnings)
        source_done = self.done_bytes
        count = 0
        for article, mentions in self._articles_of(source, self.reusable.get(key)):
            self.ids.claim(article, self.warn)
            self.batch.append(article)
            self.batch_mentions.append(mentions)
            self.batch_chars += len(article.text)
            count += 1
            if self.batch_chars >= BATCH_CHARS:
                self._flush(on_batch, cancelled)
        signature = self.signatures.get(key)
        self.done_bytes = source_done + (signature[1] if signature else 0)
        problems = [w.record() for w in self.warnings[before:]]
        if any(w.retry for w in self.warnings[before:]):
            signature = None  # a failure to read is never cached: the next start tries again
        self.source_ranges.append([source.name, str(source.path), signature, [first_doc, first_doc + count], problems])

    def _flush(self, on_batch, cancelled) -> None:
        """Index the batch (entities possibly in the second process), report, maybe stop."""
        if not self.batch:
            return
        first = len(self.store)
        if self.workspace.search_index is not None:
            self.workspace.search_index.add(self.batch)
        else:
            self.store.extend(self.batch)
        if self.feeder is not None:
            self.feeder.submit(first, self.batch_mentions, self.batch)
        self.batch, self.batch_mentions, self.batch_chars = [], [], 0
        self.clock.advance(INDEX, min(self.done_bytes, self.total_bytes))
        self._report()
        if on_batch:
            on_batch(self.workspace, first, len(self.store) - first)
        if cancelled():
            raise Cancelled()


def _open_entry(path: Path, warn: Callable[[LoadWarning], None]) -> EntryReader | None:
    if not path.exists():
        return None
    try:
        reader = EntryReader(path)
    except CacheError as exc:
        warn(LoadWarning.of(str(path), "cache.unusable", reason=str(exc)))
        return None
    manifest = reader.manifest
    if not (_well_formed_sources(manifest.get("sources")) and isinstance(manifest.get("articles"), int)
            and isinstance(manifest.get("paths"), list)):
        warn(LoadWarning.of(str(path), "cache.unusable_shape"))
        return None
    return reader


def _has_entities(reader: EntryReader, fingerprint: str) -> bool:
    """The entry holds entities found by the same rules and settings."""
    return reader.manifest.get("extractor") == fingerprint and "entity_docs.npy" in reader.manifest.get("files", {})


def _well_formed_sources(sources: Any) -> bool:
    """Whether the manifest's ``sources`` is what :class:`_ColdLoad` wrote: [name, path,
    signature or null, [first doc, end doc], [[path, message, code, {values}], …]] per input."""
    if not isinstance(sources, list):
        return False
    for item in sources:
        if not (isinstance(item, list) and len(item) == 5):
            return False
        name, path, signature, docs, problems = item
        if not (isinstance(name, str) and isinstance(path, str) and (signature is None or isinstance(signature, list))
                and isinstance(docs, list) and len(docs) == 2 and all(isinstance(d, int) and d >= 0 for d in docs)
                and isinstance(problems, list)
                and all(_well_formed_problem(p) for p in problems)):
            return False
    return True


def _well_formed_problem(problem: Any) -> bool:
    """Whether a cached load warning is what :meth:`LoadWarning.record` wrote."""
    return (isinstance(problem, list) and len(problem) == 4 and all(isinstance(x, str) for x in problem[:3])
            and isinstance(problem[3], dict))


def _restore_if_unchanged(previous: EntryReader | None, paths: Sequence[str], extractor: EntityExtractor,
                          fingerprint: str | None, sources: list[Source], signatures: dict,
                          warn: Callable[[LoadWarning], None], entry_path: Path) -> Workspace | None:
    """The cached workspace when no input changed and the entry reads back whole
    (its entities only when they were found by the same rules; none when
    ``fingerprint`` is None: a caller that asked for no entities pays nothing for them)."""
    if previous is None or not _unchanged(previous, sources, signatures):
        return None
    try:
        return _restore(previous, paths, extractor, fingerprint is not None and _has_entities(previous, fingerprint))
    except (CacheError, *READ_ERRORS) as exc:
        warn(LoadWarning.of(str(entry_path), "cache.unusable", reason=str(exc)))
        return None


def _unchanged(reader: EntryReader, sources: list[Source], signatures: dict) -> bool:
    cached = reader.manifest.get("sources", [])
    if len(cached) != len(sources):
        return False
    for (name, path, signature, _, _), source in zip(cached, sources):
        if (name, path) != (source.name, str(source.path)):
            return False
        current = signatures[source.name, str(source.path)]
        if signature is None and not _unreadable(source.path):
            return False  # it could not be read last time; now it can
        if signature is not None and (current is None or list(current) != list(signature)):
            return False
    return True


def _unreadable(path: Path) -> bool:
    """Whether an input that failed to be read still fails to open."""
    try:
        open_regular(path).close()
    except OSError:
        return True
    return False


def _reusable_sources(reader: EntryReader, sources: list[Source], signatures: dict) -> dict:
    """Cached sources whose file is unchanged: only the others are read again."""
    reusable = {}
    for name, path, signature, docs, problems in reader.manifest.get("sources", []):
        current = signatures.get((name, path))
        if signature and current and list(current) == list(signature):
            reusable[name, path] = {"docs": docs, "warnings": problems}
    return reusable


def _restore_store(reader: EntryReader) -> ArticleStore:
    arrays = {name: reader.array(f"store_{name}") for name in
              ("text_offsets", "paragraph_offsets", "paragraph_kinds", "paragraph_starts", "paragraph_ends", "dates")}
    table = reader.strings("store_columns")
    count = len(arrays["text_offsets"]) - 1
    if len(table) != count * len(COLUMN_ORDER):
        raise CacheError("article columns have the wrong length")
    columns = {name: table.part(number * count, count) for number, name in enumerate(COLUMN_ORDER)}
    try:
        return ArticleStore.from_arrays(arrays, columns, reader.blob())
    except (ValueError, KeyError, TypeError) as exc:
        raise CacheError(f"article store unusable ({exc})") from None


def _old_mentions(reader: EntryReader) -> Callable[[int], list[Mention]]:
    index = restore_entity_index(reader, EntityExtractor(), int(reader.manifest.get("articles", 0)))
    return index.mentions_of


def _restore(reader: EntryReader, paths: Sequence[str], extractor: EntityExtractor, with_entities: bool) -> Workspace:
    store = _restore_store(reader)
    search_index = restore_search_index(reader, store)
    if with_entities:
        entity_index = restore_entity_index(reader, extractor, len(store))
    else:
        entity_index = EntityIndex(extractor)
    return Workspace(list(paths), store, search_index, entity_index, from_cache=True, entities_ready=with_entities,
                     copies=_restored_copies(reader, len(store)))


def add_copies(workspace: Workspace, use_cache: bool = True,
               on_warning: Callable[[LoadWarning], None] = lambda problem: None,
               cancelled: Callable[[], bool] = lambda: False) -> Syndication | None:
    """Group the syndicated stories of a workspace opened without them (the explorer
    does this once the corpus is loaded, so that nothing waits for it) and add them to
    its cache entry, if it has one.  Raises :class:`Cancelled` if ``cancelled()`` turns true."""
    if workspace.copies is None and workspace.search_index is not None:
        _find_copies(workspace, StageClock(), None, cancelled)
        entry = cache_root() / corpus_key(workspace.paths)
        if use_cache and (entry / "manifest.json").exists():
            _add_copies_to_entry(entry, workspace, on_warning)
    return workspace.copies


def _restored_copies(reader: EntryReader, articles: int) -> Syndication | None:
    """The cached groups of copies, when found with the same settings (else None: found again)."""
    from .syndication import settings_fingerprint

    if reader.manifest.get("copies") != settings_fingerprint() or "copies_group.npy" not in reader.manifest["files"]:
        return None
    group = reader.array("copies_group")
    if group.shape != (articles,) or (articles and (int(group.min()) < 0 or int(group.max()) >= articles)):
        raise CacheError("groups of copies and articles disagree")
    return Syndication(group)


def _add_copies_to_entry(path: Path, workspace: Workspace, warn) -> EntryReader | None:
    """Put the groups just found into the entry the rest came from (its other files
    linked); the new entry's reader, or None if it could not be written."""
    writer = None
    try:
        previous = EntryReader(path, verify=False)
        kept = {k: v for k, v in previous.manifest.items() if k not in ("format", "version", "program", "created",
                                                                         "files")}
        writer = EntryWriter(path.parent, path.name, manifest=kept)
        writer.adopt(previous, skip_prefix="copies_")
        _save_copies(writer, workspace.copies)
        return EntryReader(writer.commit(), verify=False)
    except (OSError, CacheError) as exc:
        if writer is not None:
            writer.abandon()
        warn(LoadWarning.of(str(path), "cache.cannot_write", reason=getattr(exc, "strerror", None) or str(exc)))
        return None


def _save_copies(writer: EntryWriter, copies: Syndication | None) -> None:
    from .syndication import settings_fingerprint

    if copies is not None:
        writer.array("copies_group", copies.group)
        writer.manifest["copies"] = settings_fingerprint()


def _add_entities_to_entry(path: Path, previous: EntryReader, workspace: Workspace, fingerprint: str,
                           warn) -> EntryReader | None:
    """Put the entities just found into the entry the rest came from: a new entry
    made of the old one's files (linked, not copied) plus the entity files; the new
    entry's reader, or None if it could not be written."""
    writer = None
    kept = {k: v for k, v in previous.manifest.items() if k in ("paths", "articles", "sources", "copies")}
    try:
        writer = EntryWriter(path.parent, path.name, manifest={**kept, "extractor": fingerprint})
        writer.adopt(previous, skip_prefix="entity_")
        save_entity_index(writer, workspace.entity_index)
        return EntryReader(writer.commit(), verify=False)
    except (OSError, CacheError) as exc:
        if writer is not None:
            writer.abandon()
        warn(LoadWarning.of(str(path), "cache.cannot_write", reason=getattr(exc, "strerror", None) or str(exc)))
        return None


def _write_entry(path: Path, workspace: Workspace, fingerprint: str, sources: list, warn) -> EntryReader | None:
    """Persist the workspace (its entities when they were found); a failure to
    write the cache is a warning, never fatal.  The written entry's reader, or None."""
    writer = None
    try:
        writer = EntryWriter(path.parent, path.name, manifest={
            "paths": [os.path.abspath(p) for p in workspace.paths],
            "articles": len(workspace.articles),
            "extractor": fingerprint if workspace.entities_ready else None,
            "sources": sources,
        })
        store = workspace.articles
        arrays, columns, parts = store.to_arrays()
        for name, value in arrays.items():
            writer.array(f"store_{name}", value)
        writer.strings("store_columns", (value for name in COLUMN_ORDER for value in columns[name]))
        writer.blob(parts)
        save_search_index(writer, workspace.search_index)
        if workspace.entities_ready:
            workspace.entity_index.counted()  # the index stays the explorer's: counted here, not on first reading
            save_entity_index(writer, workspace.entity_index)
        _save_copies(writer, workspace.copies)
        entry = writer.commit()
    except OSError as exc:
        if writer is not None:
            writer.abandon()
        if is_disk_full(exc):
            warn(LoadWarning.of(str(path.parent), "cache.disk_full"))
        else:
            warn(LoadWarning.of(str(path), "cache.cannot_write", reason=exc.strerror or str(exc)))
        return None
    # The text now lives in the entry: read it from there (mapped, shared with the page
    # cache) and give the in-memory copy back, as a warm start would have it.  The columns
    # (titles, ids, dates…) stay Python strings: read from the entry's string tables, the
    # explorer's listing of every article while entities load decoded each one and held
    # its event loop for up to 2.5 s (bench/large_bench.py, 21 pauses over 100 ms).  If the
    # entry is gone already (`vnby-tui cache clear` in another terminal), the copy in
    # memory is kept.
    try:
        reader = EntryReader(entry, verify=False)
        store.use_blob(reader.blob())
    except (CacheError, *READ_ERRORS):
        return None
    return reader
