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


def test_texts_let_go_after_being_read_read_back_the_same(seeds_dir):
    """The entity stage lets go of each mapped text once read (the kernel keeps it):
    an article opened afterwards reads exactly as before."""
    from tui.core.workspace import open_corpus

    open_corpus([str(seeds_dir)], entities=False)
    warm = open_corpus([str(seeds_dir)], entities=False)
    store = warm.articles
    assert warm.from_cache and len(store) > 1
    before = [store[d] for d in range(len(store))]
    store.forget_texts(0, len(store))
    store.forget_texts(1, 2)
    assert [store[d] for d in range(len(store))] == before


def test_mapped_index_pages_let_go_read_back_the_same(tmp_path):
    """Grouping stories reads every position of the mapped index once and lets the pages
    go — of a view too, as the index's segments hold their arrays: they no longer count
    as the process's memory, and the array reads the same afterwards (an array in memory
    is left as it is)."""
    from tui.core.index import release_mapped_pages

    def resident_file_mb() -> float:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("RssFile:")) / 1024

    np.save(tmp_path / "stream.npy", np.arange(8 << 20, dtype=np.int32))  # 32 MB
    view = np.asarray(np.load(tmp_path / "stream.npy", mmap_mode="r"))
    total = int(view.sum())
    read = resident_file_mb()
    release_mapped_pages(view)
    assert read - resident_file_mb() > 16
    assert int(view.sum()) == total and view[12345] == 12345
    in_memory = np.arange(10)
    release_mapped_pages(in_memory)
    assert in_memory.tolist() == list(range(10))
