"""The compact article store gives back exactly the articles put in."""

from __future__ import annotations

import numpy as np

from tui.core.store import ArticleStore


def test_store_round_trips_articles(seed_articles):
    store = ArticleStore()
    store.extend(seed_articles)
    assert len(store) == 2
    for doc, article in enumerate(seed_articles):
        assert store[doc] == article
        assert store.title(doc) == article.title
    assert list(store) == list(seed_articles)


def test_store_restored_from_arrays_is_identical(seed_articles):
    store = ArticleStore()
    store.extend(seed_articles)
    arrays, columns, parts = store.to_arrays()
    restored = ArticleStore.from_arrays({k: np.array(v) for k, v in arrays.items()}, columns, b"".join(parts))
    assert [restored[i] for i in range(2)] == list(seed_articles)
    assert restored[-1].id == seed_articles[-1].id


def test_store_rejects_inconsistent_arrays(seed_articles):
    store = ArticleStore()
    store.extend(seed_articles)
    arrays, columns, parts = store.to_arrays()
    try:
        ArticleStore.from_arrays(arrays, columns, b"".join(parts)[:-5])
    except ValueError as exc:
        assert "wrong size" in str(exc)
    else:
        raise AssertionError("a truncated blob was accepted")


def test_a_spilled_store_keeps_texts_on_disk_and_reads_the_same_articles(seed_articles, tmp_path):
    in_memory, spilled = ArticleStore(), ArticleStore()
    spilled.spill_to(tmp_path / "cache")
    for store in (in_memory, spilled):
        store.extend(seed_articles)
        store.extend(seed_articles[:1])
    assert spilled._blob_parts == [] and not any((tmp_path / "cache").iterdir())  # unnamed: nothing to sweep
    assert [spilled[d] for d in range(len(spilled))] == [in_memory[d] for d in range(len(in_memory))]
    blob = b"".join(spilled.to_arrays()[2])
    assert blob == b"".join(in_memory.to_arrays()[2])
    spilled.use_blob(blob)
    assert spilled._spill is None and spilled[2] == in_memory[2]
