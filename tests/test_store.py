"""The compact article store gives back exactly the articles put in."""

from __future__ import annotations

import numpy as np
import pytest

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


def _spilled_and_in_memory(articles, directory):
    in_memory, spilled = ArticleStore(), ArticleStore()
    spilled.spill_to(directory)
    for store in (in_memory, spilled):
        for _ in range(3):
            store.extend(articles)
    return in_memory, spilled


def test_a_batch_read_back_together_is_the_same_articles(seed_articles, tmp_path):
    """The entity stage reads a batch's texts together: the articles are the ones put in,
    from memory, from the spilled file and from a restored store alike."""
    in_memory, spilled = _spilled_and_in_memory(seed_articles, tmp_path / "cache")
    arrays, columns, parts = in_memory.to_arrays()
    restored = ArticleStore.from_arrays({k: np.array(v) for k, v in arrays.items()}, columns, b"".join(parts))
    expected = list(seed_articles) * 3
    for store in (in_memory, spilled, restored):
        assert store.articles_between(0, 6) == expected
        assert store.articles_between(1, 4) == expected[1:4]
        assert store.articles_between(5, 5) == []
        assert list(store) == expected
    with pytest.raises(IndexError):
        spilled.articles_between(4, 7)


def test_spilled_texts_are_written_and_read_once_per_batch(seed_articles, tmp_path, monkeypatch):
    """One system call per batch, not per article: each lets go of the GIL, and a loader
    taking it back thousands of times a second kept the explorer's event loop waiting
    for it (pauses of 60-140 ms while a large corpus loaded)."""
    import os

    from tui.core import store as store_module

    reads, writes = [], []
    real_pread = os.pread
    monkeypatch.setattr(store_module.os, "pread", lambda fd, n, at: reads.append(n) or real_pread(fd, n, at))
    store = ArticleStore()
    store.spill_to(tmp_path / "cache")
    real_write = store._spill.write
    store._spill = _Recording(store._spill, real_write, writes)
    store.extend(list(seed_articles) * 4)
    assert len(writes) == 1 and len(store) == 8
    assert store.articles_between(0, 8) == list(seed_articles) * 4
    assert len(reads) == 1


class _Recording:
    """A spill file whose writes are counted, and cut short to 100 bytes at a time
    when ``short`` (the system may write less than asked)."""

    def __init__(self, file, write, calls, short: bool = False) -> None:
        self._file, self._write, self.calls, self.short = file, write, calls, short

    def write(self, data) -> int:
        self.calls.append(len(data))
        return self._write(data[:100] if self.short else data)

    def __getattr__(self, name):
        return getattr(self._file, name)


def test_a_short_write_of_the_spilled_texts_is_completed(seed_articles, tmp_path):
    store = ArticleStore()
    store.spill_to(tmp_path / "cache")
    writes: list[int] = []
    store._spill = _Recording(store._spill, store._spill.write, writes, short=True)
    store.extend(seed_articles)
    assert len(writes) > 2  # the texts are longer than 200 bytes: written in several pieces
    assert [store[d] for d in range(2)] == list(seed_articles)


def test_a_pass_over_every_article_reads_them_in_chunks_in_order(seed_articles, tmp_path, monkeypatch):
    from tui.core import store as store_module

    monkeypatch.setattr(store_module, "ITER_CHUNK", 4)
    in_memory, spilled = _spilled_and_in_memory(seed_articles, tmp_path / "cache")
    assert list(spilled) == list(in_memory) == list(seed_articles) * 3  # chunks of 4, 2


def test_spilled_texts_read_short_are_read_to_the_end(seed_articles, tmp_path, monkeypatch):
    """The system may read less than asked: the rest is read, never a text cut short."""
    import os

    in_memory, spilled = _spilled_and_in_memory(seed_articles, tmp_path / "cache")
    real_pread = os.pread
    monkeypatch.setattr(os, "pread", lambda fd, n, at: real_pread(fd, min(n, 100), at))
    assert spilled.articles_between(0, 6) == in_memory.articles_between(0, 6)
    assert [spilled[d] for d in range(6)] == list(seed_articles) * 3


def test_the_texts_move_to_the_cache_only_between_reads(seed_articles, tmp_path, monkeypatch):
    """The loader moves the texts to the cache's blob (closing the spilled file) while the
    explorer may be reading an article: the read in progress finishes from the file, the
    move waits for it, and later reads come from the blob."""
    import threading

    from tui.core import store as store_module

    in_memory, spilled = _spilled_and_in_memory(seed_articles, tmp_path / "cache")
    blob = b"".join(spilled.to_arrays()[2])
    real_read = store_module._read_exactly
    reading, finish = threading.Event(), threading.Event()

    def slow_read(file, size, offset):
        reading.set()
        finish.wait(10)
        return real_read(file, size, offset)

    monkeypatch.setattr(store_module, "_read_exactly", slow_read)
    read: list = []
    reader = threading.Thread(target=lambda: read.append(spilled[3]))
    reader.start()
    assert reading.wait(10)
    mover = threading.Thread(target=spilled.use_blob, args=(blob,))
    mover.start()
    finish.set()
    reader.join(10)
    mover.join(10)
    assert read == [in_memory[3]]
    assert spilled._spill is None and spilled.articles_between(0, 6) == in_memory.articles_between(0, 6)


def test_a_pass_over_every_article_ends_at_the_count_it_started_with(seed_articles, monkeypatch):
    """Articles added while a pass runs (the loader goes on) are left to the next pass."""
    from tui.core import store as store_module

    monkeypatch.setattr(store_module, "ITER_CHUNK", 4)
    store = ArticleStore()
    store.extend(list(seed_articles) * 3)
    seen = []
    for article in store:
        if not seen:
            store.extend(seed_articles)  # 8 articles now, 6 when the pass began
        seen.append(article)
    assert seen == list(seed_articles) * 3
