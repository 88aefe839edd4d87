"""Turning the search and entity indexes into plain arrays and back, for the cache.

Only numbers (``.npy``) and strings (JSON) are written, so reading a cache
can never execute anything.  The arrays are the indexes' own; restoring them
does no tokenising and no extraction, which is what makes a warm start fast.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from typing import Any

import numpy as np

from .cache import CacheError, EntryReader, EntryWriter
from .entities import Entity, EntityExtractor, EntityIndex, _Stats
from .entities.counting import CountedTable, count_packed
from .frozen import GrowingStrings, PackedRows, SortedKeyMapping, StringIds, TermIds
from .index import Segment, Store, StreamedMerge, Vocabulary, release_freed_memory, release_mapped_pages
from .pieces import sorted_in_pieces
from .strings import StringTable
from .search import SearchIndex

SEGMENT_FIELDS = ("stream", "postings", "offsets", "doc_starts", "body_starts", "df", "clause_starts")
#: Positions are int32: segments holding more together (≈ 12 GB of text) are written apart.
MERGED_MAX_POSITIONS = np.iinfo(np.int32).max


def save_search_index(writer: EntryWriter, index: SearchIndex) -> None:
    store = index._store
    state = store.state
    vocab = store.vocab
    terms = list(vocab.term_ids)[: len(state.term_to_folded)]
    writer.strings("search_terms", terms)
    writer.array("search_term_order", np.asarray(sorted_in_pieces(range(len(terms)), key=terms.__getitem__),
                                                 dtype=np.int32))
    del terms
    merge = len(state.segments) > 1 and sum(len(s.stream) for s in state.segments) <= MERGED_MAX_POSITIONS
    writer.json("search_vocabulary", {"folded": vocab.folded[: state.folded_count],
                                      "segments": [0] if merge else [s.doc_base for s in state.segments],
                                      "documents": state.doc_count})
    writer.array("search_term_to_folded", state.term_to_folded)
    if merge:
        _save_merged(writer, state.segments)
        return
    for number, segment in enumerate(state.segments):
        for name in SEGMENT_FIELDS:
            array = getattr(segment, name)
            writer.array_parts(f"search_{number}_{name}", array.dtype, len(array), _read_through(array))


def _save_merged(writer: EntryWriter, segments: Sequence[Segment]) -> None:
    """The segments written as the one segment they make (see :class:`StreamedMerge`):
    a warm start then searches one segment, not the few a cold load leaves (each costs
    every query its own pass of numpy calls), and a segment's positions are copied
    once, as they are written anyway."""
    merge = StreamedMerge(segments)
    small = merge.small_arrays()
    for name in SEGMENT_FIELDS:
        if name == "stream":
            writer.array_parts("search_0_stream", segments[0].stream.dtype, merge.positions, merge.stream())
        elif name == "postings":
            writer.array_parts("search_0_postings", np.int32, int(merge.offsets[-1]), merge.postings())
        else:
            writer.array_parts(f"search_0_{name}", small[name].dtype, len(small[name]), [small[name]])


def _read_through(array: np.ndarray, size: int = 1 << 22):
    """``array`` in slices, the pages of a mapped one (a segment merged on the cache disk)
    let go after each: written at once, the whole index was read back into memory."""
    for start in range(0, len(array), size):
        yield np.ascontiguousarray(array[start : start + size])
        release_mapped_pages(array)


def restore_search_index(reader: EntryReader, articles: Sequence[Any]) -> SearchIndex:
    meta = reader.json("search_vocabulary")
    try:
        folded, bases, documents = meta["folded"], meta["segments"], meta["documents"]
        terms = TermIds(reader.strings("search_terms"), reader.array("search_term_order"))
    except (KeyError, TypeError, ValueError):
        raise CacheError("search vocabulary is incomplete") from None
    vocab = Vocabulary()
    vocab.term_ids = terms  # type: ignore[assignment]  # read-only: a restored index takes no articles
    vocab.folded = list(folded)
    vocab.folded_ids = {word: number for number, word in enumerate(folded)}
    # Plain views of the mapped arrays: slicing or gathering from a np.memmap runs
    # Python code each time (a phrase check gathers from the stream thousands of times).
    vocab.term_to_folded = np.asarray(reader.array("search_term_to_folded"))
    if len(vocab.term_to_folded) != len(terms):
        raise CacheError("search vocabulary arrays disagree")
    segments = []
    for number, base in enumerate(bases):
        arrays = {name: np.asarray(reader.array(f"search_{number}_{name}")) for name in SEGMENT_FIELDS}
        segments.append(Segment(doc_base=base, **arrays))
    store = Store()
    store.vocab = vocab
    store.state = store._summarise(tuple(segments), documents)
    if documents != len(articles):
        raise CacheError("search index and articles disagree")
    index = SearchIndex()
    index._store = store
    index.articles = articles
    return index


def release_index_pages(index: SearchIndex) -> None:
    """Let go of this process's view of the pages of the index's mapped arrays: they
    stay in the kernel's page cache (read again from there if asked) but are no longer
    this process's resident memory.  A query of common words reads most of the
    position stream (~90 MB on the real corpus, every page of it near some anchor);
    ``vnby-tui search`` lets go of it once answered, so that its output (snippets,
    titles) is not made on top of it.  A no-op for arrays in memory."""
    state = index._store.state
    for segment in state.segments:
        for name in SEGMENT_FIELDS:
            release_mapped_pages(getattr(segment, name))
    release_mapped_pages(state.term_to_folded)


#: The count tables of an entity (see ``_Stats``), stored as (string, count) pairs.
STAT_TABLES = ("names", "aliases", "roles")


def save_entity_index(writer: EntryWriter, index: EntityIndex) -> None:
    """The entity index as it stands: packed mentions per document and the corpus
    table's counts, all as arrays (strings as string tables), so a warm start
    replays nothing and decodes an entity only when it is asked for.

    The mentions are written first and read back mapped while the table is counted
    (what the table costs in memory, ~150 MB on the real corpus, no longer beside the
    packed mentions of every article: the peak of a cold explorer's load)."""
    mentions = index._mentions
    docs = sorted(mentions._docs)
    offsets = np.zeros(len(docs) + 1, dtype=np.int64)
    np.cumsum([len(mentions._docs[d]) for d in docs], out=offsets[1:])
    writer.array("entity_docs", np.asarray(docs, dtype=np.int64))
    writer.array("entity_offsets", offsets)
    writer.array_parts("entity_packed", np.uint32, int(offsets[-1]), (mentions._docs[d] for d in docs))
    writer.strings("entity_strings", mentions._strings)
    packed = _read_back_mentions(writer, mentions) if offsets[-1] else None
    counted = count_packed(index, np.asarray(docs, dtype=np.int64), offsets, packed) if packed is not None else None
    if counted is not None:
        release_mapped_pages(packed)
        _save_counted(writer, index, counted)
        return
    index.counted()
    if packed is not None:
        release_mapped_pages(packed)  # counted: read through once
    keys = sorted_in_pieces(index._stats)  # sorted: a restored table finds a key by bisection
    stats = [index._stats[k] for k in keys]
    doc_lists = [s.sorted_docs() for s in stats]
    writer.strings("entity_keys", keys)
    sizes = [len(d) for d in doc_lists]
    writer.array("entity_stat_docs", np.fromiter((doc for docs in doc_lists for doc in docs), dtype=np.int32,
                                                 count=sum(sizes)))  # Python, not chain: the GIL changes hands
    writer.array("entity_stat_offsets", np.cumsum([0] + sizes, dtype=np.int64))
    writer.array("entity_stat_mentions", np.asarray([s.mentions for s in stats], dtype=np.int64))
    words: dict[str, int] = {}
    for table in STAT_TABLES:
        tables = [getattr(s, table) or {} for s in stats]
        sizes = [len(t) for t in tables]
        writer.array(f"entity_{table}_offsets", np.cumsum([0] + sizes, dtype=np.int64))
        writer.array(f"entity_{table}_words", np.fromiter(
            (words.setdefault(word, len(words)) for t in tables for word in t), dtype=np.int32, count=sum(sizes)))
        writer.array(f"entity_{table}_counts", np.fromiter(
            (n for t in tables for n in t.values()), dtype=np.int32, count=sum(sizes)))
    writer.strings("entity_words", list(words))
    writer.json("entity_tables", {"types": mentions._types, "redirect": index._redirect})
    del stats, doc_lists, words
    _save_table(writer, index, keys)


def _save_counted(writer: EntryWriter, index: EntityIndex, table: CountedTable) -> None:
    """The corpus table counted from the packed mentions (:mod:`.entities.counting`),
    written as :func:`save_entity_index` writes the one the index counts: the index's
    own table is left uncounted (the entry's copy replaces it; asked first, it counts itself)."""
    writer.strings("entity_keys", table.keys)
    writer.array("entity_stat_docs", table.docs)
    writer.array("entity_stat_offsets", table.doc_offsets)
    writer.array("entity_stat_mentions", table.mentions)
    for name, (offsets, words, counts) in table.tables.items():
        writer.array(f"entity_{name}_offsets", offsets)
        writer.array(f"entity_{name}_words", words)
        writer.array(f"entity_{name}_counts", counts)
    writer.strings("entity_words", table.words)
    writer.json("entity_tables", {"types": index._mentions._types, "redirect": table.redirect})
    writer.strings("entity_rows", table.row_strings)
    writer.array("entity_row_sizes", table.row_sizes)
    writer.array("entity_order", table.order)


def _read_back_mentions(writer: EntryWriter, mentions: Any) -> np.ndarray:
    """Swap the index's packed mentions in memory (an array per article) for the ones
    just written, mapped (the same rows, as a warm start reads them); the mapped
    packed array, whose pages the caller lets go once it has read them."""
    docs, offsets, packed = (np.load(writer.tmp / f"entity_{name}.npy", mmap_mode="r", allow_pickle=False)
                             for name in ("docs", "offsets", "packed"))
    mentions._docs = _RowsReadOnce(docs, offsets, packed)  # one assignment: a reader sees either, the same rows
    release_freed_memory()  # the arrays let go of are malloc's, not the table's to reuse: handed back
    return packed


#: Packed integers read between two lets-go of the pages of the mapped rows (4 MB).
RELEASE_ROWS_EVERY = 1 << 20


class _RowsReadOnce(PackedRows):
    """Mapped rows that let go of the pages read every few MB: counting the table reads
    every row once, which made the whole packed array resident again."""

    def __init__(self, docs: np.ndarray, offsets: np.ndarray, packed: np.ndarray) -> None:
        super().__init__(docs, offsets, packed)
        self._read = 0

    def _decode(self, number: int, key: Any) -> Any:
        row = super()._decode(number, key)
        self._read += len(row)
        if self._read >= RELEASE_ROWS_EVERY:
            self._read = 0
            release_mapped_pages(self._packed)
        return row


def _save_table(writer: EntryWriter, index: EntityIndex, keys: list[str]) -> None:
    """The corpus table as it reads (``index.entities()``): each entity's row (name, roles,
    aliases, articles, mentions) by entity number, and the table's order, so a warm
    start lists it without decoding every entity's counts and sorting them again."""
    table = index.entities()
    # Numbers found by bisection in the sorted keys and sizes written from a generator:
    # a dict of every key and a tuple per row cost ~25 MB at the peak of a cold load.
    order = np.fromiter((_number(keys, entity.key) for entity in table), dtype=np.int32, count=len(table))
    if len(order) != len(keys) or len(np.unique(order)) != len(keys):
        raise CacheError("the entity table and its counts disagree")
    place = np.empty(len(order), dtype=np.int64)
    place[order] = np.arange(len(order))
    rows = [table[p] for p in place.tolist()]
    del table
    writer.strings("entity_rows", (text for e in rows for text in (e.name, *e.roles, *e.aliases)))
    writer.array("entity_row_sizes", np.fromiter(
        (size for e in rows for size in (len(e.roles), len(e.aliases), e.doc_count, e.mention_count)),
        dtype=np.int64, count=4 * len(rows)).reshape(-1, 4))
    writer.array("entity_order", order)


def _number(keys: list[str], key: str) -> int:
    """Where ``key`` is in the sorted ``keys``."""
    number = bisect_left(keys, key)
    if number == len(keys) or keys[number] != key:
        raise CacheError("the entity table and its counts disagree")
    return number


class _FrozenStats:
    """Decodes the counts of entity number ``n`` from the restored arrays into a ``_Stats``."""

    def __init__(self, reader: EntryReader, count: int) -> None:
        # plain views of the mapped arrays (slicing a np.memmap runs Python code each time)
        self.docs = np.asarray(reader.array("entity_stat_docs"))
        self.doc_offsets = np.asarray(reader.array("entity_stat_offsets"))
        self.mentions = np.asarray(reader.array("entity_stat_mentions"))
        self.words = GrowingStrings(reader.strings("entity_words"))
        self.tables = {table: tuple(np.asarray(reader.array(f"entity_{table}_{part}"))
                                    for part in ("offsets", "words", "counts"))
                       for table in STAT_TABLES}
        if len(self.doc_offsets) != count + 1 or len(self.mentions) != count or int(self.doc_offsets[-1]) != len(self.docs) \
                or any(len(o) != count + 1 or int(o[-1]) != len(w) or len(w) != len(n) for o, w, n in self.tables.values()):
            raise CacheError("entity arrays disagree")

    def __call__(self, number: int, key: str) -> _Stats:
        stats = _Stats()
        word = self.words.__getitem__
        for table, (offsets, words, counts) in self.tables.items():
            first, last = offsets[number : number + 2].tolist()
            if first == last:
                if table != "roles":
                    setattr(stats, table, {})
                continue
            setattr(stats, table, dict(zip(map(word, words[first:last].tolist()), counts[first:last].tolist())))
        first, last = self.doc_offsets[number : number + 2].tolist()
        stats.docs = self.docs[first:last].tolist()
        stats.mentions = self.mentions[number].item()
        return stats


class _StoredTable:
    """The corpus table's rows as the entry holds them (see :func:`_save_table`): one row
    made when asked for (``row``), or the whole table of a type in order (``__call__``)."""

    def __init__(self, reader: EntryReader, keys: StringTable) -> None:
        self.keys = keys
        self.strings = reader.strings("entity_rows")
        self.sizes = np.asarray(reader.array("entity_row_sizes"))
        self.order = np.asarray(reader.array("entity_order"))
        count = len(keys)
        if self.sizes.shape != (count, 4) or self.order.shape != (count,) or (count and (
                int(self.sizes[:, :2].min()) < 0 or int(self.order.min()) < 0 or int(self.order.max()) >= count
                or not np.all(np.bincount(self.order, minlength=count) == 1))):
            raise CacheError("entity table arrays disagree")
        self.starts = np.zeros(count + 1, dtype=np.int64)
        np.cumsum(1 + self.sizes[:, 0] + self.sizes[:, 1], out=self.starts[1:])
        if int(self.starts[-1]) != len(self.strings):
            raise CacheError("entity table arrays disagree")

    def row(self, number: int, key: str) -> Entity:
        first, last = self.starts[number : number + 2].tolist()
        roles, aliases, docs, mentions = self.sizes[number].tolist()
        strings = self.strings[first:last]
        return Entity(key, strings[0], key.partition(":")[0], strings[1 : 1 + roles],
                      strings[1 + roles : 1 + roles + aliases], docs, mentions)

    def __call__(self, type: str | None) -> list[Entity]:
        """The table of ``type`` (every type: None), most frequent first, as it was saved."""
        strings, keys = list(self.strings), list(self.keys)  # each decoded in one pass
        found = []
        for number, first, (roles, aliases, docs, mentions) in zip(
                self.order.tolist(), self.starts[self.order].tolist(), self.sizes[self.order].tolist()):
            key = keys[number]
            kind = key.partition(":")[0]
            if type is None or kind == type:
                names = first + 1 + roles
                found.append(Entity(key, strings[first], kind, strings[first + 1 : names],
                                    strings[names : names + aliases], docs, mentions))
        return found


def restore_entity_index(reader: EntryReader, extractor: EntityExtractor, documents: int) -> EntityIndex:
    """The index over the entry's arrays: nothing is decoded until it is read (a
    document's mentions when asked for, an entity's counts when its row is made)."""
    tables = reader.json("entity_tables")
    try:
        docs = reader.array("entity_docs")
        if len(docs) and (int(docs.max()) >= documents or int(docs.min()) < 0 or np.any(np.diff(docs) <= 0)):
            raise CacheError("entity arrays disagree")
        rows = PackedRows(docs, reader.array("entity_offsets"), reader.array("entity_packed"))
        keys = reader.strings("entity_keys")
        stats = _FrozenStats(reader, len(keys))
        index = EntityIndex(extractor)
        store = index._mentions
        store._docs = rows
        store._strings = GrowingStrings(reader.strings("entity_strings"))
        store._ids = StringIds(store._strings)
        store._types = [str(t) for t in tables["types"]]
        index._stats = SortedKeyMapping(keys, stats, keep=True)  # decoded to be counted in: kept
        table = _StoredTable(reader, keys)
        index._entities = SortedKeyMapping(keys, table.row, keep=True)
        index._stored_table = table
        index._redirect = {str(k): str(v) for k, v in dict(tables["redirect"]).items()}
    except (KeyError, TypeError, ValueError, AttributeError):
        raise CacheError("entity tables are incomplete") from None
    return index
