"""A cache entry holds the search index as one segment, whatever segments the cold load
left: restored, it answers every query as the segmented index did."""

from __future__ import annotations

import random

import numpy as np

from tui.core.cache import EntryReader, EntryWriter
from tui.core.index import merge_segments
from tui.core.loader import article_from_text
from tui.core.persist import SEGMENT_FIELDS, restore_search_index, save_search_index
from tui.core.search import SearchIndex

SYLLABLES = "Hà Nội hà nôi ha noi Việt Nam viet nam Tô Lâm to lam tô lim lâm cá ca hi gay gây ghi".split()


def _corpus(count: int, seed: int = 5):
    rng = random.Random(seed)
    articles = []
    for number in range(count):
        words = " ".join(rng.choice(SYLLABLES) for _ in range(rng.randint(3, 30)))
        articles.append(article_from_text(f"{rng.choice(SYLLABLES)}\n\n{words}.", f"d{number}", None))
    return articles


def _segmented(articles, batches) -> SearchIndex:
    index = SearchIndex()
    first = 0
    for size in batches:
        index.add(articles[first : first + size])
        first += size
    assert len(index._store.state.segments) == len(batches)
    return index


def _saved_and_restored(index: SearchIndex, root) -> SearchIndex:
    writer = EntryWriter(root, "entry")
    save_search_index(writer, index)
    return restore_search_index(EntryReader(writer.commit()), index.articles)


def _answer(index: SearchIndex, query: str):
    results = index.search(query, limit=len(index))
    return results.total, results.tiers, [(hit.id, hit.score, hit.tier) for hit in results.hits]


def test_a_segmented_index_is_restored_as_one_segment_holding_what_a_merge_holds(tmp_path):
    several = _segmented(_corpus(60), [46, 11, 3])
    restored = _saved_and_restored(several, tmp_path)
    [segment] = restored._store.state.segments
    merged = merge_segments(several._store.state.segments)
    for name in SEGMENT_FIELDS:
        assert np.array_equal(getattr(segment, name), getattr(merged, name)), name
    assert isinstance(segment.postings.base, np.memmap) or isinstance(segment.postings, np.memmap)


def test_the_restored_single_segment_answers_as_the_segmented_index(tmp_path):
    """Queries of 1 to 4 words (typos, completions, partial matches among them): the
    same hits, scores, tiers and totals from the entry as from the index that wrote it."""
    several = _segmented(_corpus(60), [46, 11, 3])
    restored = _saved_and_restored(several, tmp_path)
    assert len(restored._store.state.segments) == 1
    rng = random.Random(3)
    queries = [" ".join(rng.choice(SYLLABLES).lower() for _ in range(rng.randint(1, 4))) + rng.choice(("", " ", "m"))
               for _ in range(150)]
    differ = [query for query in queries if _answer(several, query) != _answer(restored, query)]
    assert differ == []
    assert any(_answer(restored, query)[0] for query in queries)


def test_a_one_segment_index_is_written_as_it_is(tmp_path):
    one = SearchIndex.build(_corpus(20))
    restored = _saved_and_restored(one, tmp_path)
    [segment] = restored._store.state.segments
    for name in SEGMENT_FIELDS:
        assert np.array_equal(getattr(segment, name), getattr(one._store.state.segments[0], name)), name


def test_segments_too_large_together_for_int32_positions_are_written_apart(tmp_path, monkeypatch):
    import tui.core.persist as persist

    several = _segmented(_corpus(60), [46, 11, 3])
    monkeypatch.setattr(persist, "MERGED_MAX_POSITIONS", sum(len(s.stream) for s in several._store.state.segments) - 1)
    restored = _saved_and_restored(several, tmp_path)
    assert len(restored._store.state.segments) == 3
    assert [_answer(restored, q) for q in ("ha noi", "to lam", "viet")] == [_answer(several, q) for q in ("ha noi", "to lam", "viet")]
