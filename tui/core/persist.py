"""Turning the search and entity indexes into plain arrays and back, for the cache.

Only numbers (``.npy``) and strings (JSON) are written, so reading a cache
can never execute anything.  The arrays are the indexes' own; restoring them
does no tokenising and no extraction, which is what makes a warm start fast.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from .cache import CacheError, EntryReader, EntryWriter
from .entities import ENTITY_TYPES, EntityExtractor, EntityIndex, Mention
from .index import IndexState, Segment, Store, Vocabulary, _TermIds
from .search import SearchIndex

SEGMENT_FIELDS = ("stream", "postings", "offsets", "doc_starts", "body_starts", "df")
BLOCKS = ("main", "related")


def save_search_index(writer: EntryWriter, index: SearchIndex) -> None:
    store = index._store
    state = store.state
    vocab = store.vocab
    writer.json("search_vocabulary", {"terms": list(vocab.term_ids)[: len(state.term_to_folded)],
                                      "folded": vocab.folded[: state.folded_count],
                                      "segments": [s.doc_base for s in state.segments],
                                      "documents": state.doc_count})
    writer.array("search_term_to_folded", state.term_to_folded)
    for number, segment in enumerate(state.segments):
        for name in SEGMENT_FIELDS:
            writer.array(f"search_{number}_{name}", getattr(segment, name))


def restore_search_index(reader: EntryReader, articles: Sequence[Any]) -> SearchIndex:
    meta = reader.json("search_vocabulary")
    try:
        terms, folded, bases, documents = meta["terms"], meta["folded"], meta["segments"], meta["documents"]
    except (KeyError, TypeError):
        raise CacheError("search vocabulary is incomplete") from None
    vocab = Vocabulary()
    vocab.term_ids = _TermIds()
    vocab.term_ids.update(zip(terms, range(len(terms))))
    vocab.term_ids.new_tokens = []
    vocab.folded = list(folded)
    vocab.folded_ids = {word: number for number, word in enumerate(folded)}
    vocab.term_to_folded = reader.array("search_term_to_folded")
    if len(vocab.term_to_folded) != len(terms):
        raise CacheError("search vocabulary arrays disagree")
    segments = []
    for number, base in enumerate(bases):
        arrays = {name: reader.array(f"search_{number}_{name}") for name in SEGMENT_FIELDS}
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


def save_entity_mentions(writer: EntryWriter, mentions_per_doc: Sequence[list[Mention]]) -> None:
    """Every document's mentions as parallel arrays plus one string table."""
    strings: dict[str, int] = {}

    def sid(value: str | None) -> int:
        if value is None:
            return -1
        found = strings.get(value)
        if found is None:
            found = strings[value] = len(strings)
        return found

    offsets = [0]
    rows: list[tuple[int, ...]] = []
    for mentions in mentions_per_doc:
        for m in mentions:
            rows.append((m.start, m.end, ENTITY_TYPES.index(m.type) if m.type in ENTITY_TYPES else len(ENTITY_TYPES),
                         BLOCKS.index(m.block), sid(m.text), sid(m.name), sid(m.role), sid(m.value)))
        offsets.append(len(rows))
    table = np.asarray(rows, dtype=np.int64).reshape(-1, 8)
    writer.array("entity_offsets", np.asarray(offsets, dtype=np.int64))
    writer.array("entity_mentions", table.astype(np.int32))
    writer.json("entity_strings", list(strings))


def restore_entity_index(reader: EntryReader, extractor: EntityExtractor, documents: int) -> EntityIndex:
    offsets = reader.array("entity_offsets")
    table = reader.array("entity_mentions")
    strings = reader.json("entity_strings")
    if len(offsets) != documents + 1 or table.ndim != 2 or table.shape[1] != 8 or int(offsets[-1]) != len(table):
        raise CacheError("entity arrays disagree")
    types = (*ENTITY_TYPES, "MISC")
    index = EntityIndex(extractor)
    try:
        rows = table.tolist()
        for doc in range(documents):
            mentions = [
                Mention(start, end, types[kind], strings[text], strings[name],
                        strings[role] if role >= 0 else None, BLOCKS[block], strings[value] if value >= 0 else None)
                for start, end, kind, block, text, name, role, value in rows[offsets[doc] : offsets[doc + 1]]
            ]
            index.add_mentions(doc, mentions)
    except (IndexError, TypeError):
        raise CacheError("entity arrays point outside their string table") from None
    return index
