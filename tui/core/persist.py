"""Turning the search and entity indexes into plain arrays and back, for the cache.

Only numbers (``.npy``) and strings (JSON) are written, so reading a cache
can never execute anything.  The arrays are the indexes' own; restoring them
does no tokenising and no extraction, which is what makes a warm start fast.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from typing import Any

import numpy as np

from .cache import CacheError, EntryReader, EntryWriter
from .entities import EntityExtractor, EntityIndex, _Stats
from .index import Segment, Store, Vocabulary, _TermIds
from .search import SearchIndex

SEGMENT_FIELDS = ("stream", "postings", "offsets", "doc_starts", "body_starts", "df")


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


def save_entity_index(writer: EntryWriter, index: EntityIndex) -> None:
    """The entity index as it stands: packed mentions per document and the corpus
    table's counts, so a warm start replays nothing."""
    mentions = index._mentions
    docs = sorted(mentions._docs)
    offsets = np.zeros(len(docs) + 1, dtype=np.int64)
    np.cumsum([len(mentions._docs[d]) for d in docs], out=offsets[1:])
    packed = np.concatenate([np.frombuffer(mentions._docs[d], dtype=np.uint32) for d in docs]) if docs else \
        np.zeros(0, dtype=np.uint32)
    writer.array("entity_docs", np.asarray(docs, dtype=np.int64))
    writer.array("entity_offsets", offsets)
    writer.array("entity_packed", packed)
    keys = list(index._stats)
    stats = [index._stats[k] for k in keys]
    doc_lists = [s.sorted_docs() for s in stats]
    writer.array("entity_stat_docs", np.asarray([d for docs_of in doc_lists for d in docs_of], dtype=np.int32))
    writer.array("entity_stat_offsets", np.cumsum([0] + [len(d) for d in doc_lists], dtype=np.int64))
    writer.json("entity_tables", {
        "strings": mentions._strings, "types": mentions._types, "keys": keys, "redirect": index._redirect,
        "counts": [[s.names, s.aliases, s.roles, s.mentions] for s in stats],
    })


def restore_entity_index(reader: EntryReader, extractor: EntityExtractor, documents: int) -> EntityIndex:
    docs = reader.array("entity_docs")
    offsets = reader.array("entity_offsets")
    packed = reader.array("entity_packed")
    stat_docs = reader.array("entity_stat_docs")
    stat_offsets = reader.array("entity_stat_offsets")
    tables = reader.json("entity_tables")
    try:
        keys, counts = tables["keys"], tables["counts"]
        if len(offsets) != len(docs) + 1 or int(offsets[-1]) != len(packed) or len(stat_offsets) != len(keys) + 1 \
                or len(counts) != len(keys) or (len(docs) and int(docs.max()) >= documents):
            raise CacheError("entity arrays disagree")
        index = EntityIndex(extractor)
        store = index._mentions
        store._strings = list(tables["strings"])
        store._ids = {value: number for number, value in enumerate(store._strings)}
        store._types = list(tables["types"])
        raw = packed.astype(np.uint32).tobytes()
        for doc, start, end in zip(docs.tolist(), offsets[:-1].tolist(), offsets[1:].tolist()):
            store._docs[doc] = array("I", raw[start * 4 : end * 4])
        doc_lists = stat_docs.tolist()
        bounds = stat_offsets.tolist()
        for number, (key, (names, aliases, roles, mention_count)) in enumerate(zip(keys, counts)):
            stats = _Stats()
            stats.names, stats.aliases, stats.roles, stats.mentions = names, aliases, roles, mention_count
            stats.docs = doc_lists[bounds[number] : bounds[number + 1]]
            index._stats[key] = stats
            index._dirty.add(key)
        index._redirect = dict(tables["redirect"])
    except (KeyError, TypeError, ValueError):
        raise CacheError("entity tables are incomplete") from None
    return index
