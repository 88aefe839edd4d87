"""What keeps a cold load's memory low: large merged segments written to the cache disk
and mapped while a corpus loads (not the whole index in memory beside its largest
merge), and a cold load that keeps the same articles once its entry is written — the same
index, the same answers, the same articles, the same cache entry."""

from __future__ import annotations

import errno
import shutil

import numpy as np

from tui.core import index as index_module
from tui.core.index import Segment, Vocabulary, merge_segments
from tui.core.model import Article, Paragraph


def articles(count: int = 60) -> list[Article]:
    texts = [f"Ông Hùng gặp bà Lan ở Hà Nội lần {i}. " * (1 + i % 4) + ("Belarus" if i % 2 else "Minsk")
             for i in range(count)]
    return [Article(id=f"d{i}", title=f"Tin {i}", text=t, paragraphs=[Paragraph("body", 0, len(t))])
            for i, t in enumerate(texts)]


def mapped(array: np.ndarray) -> bool:
    return isinstance(array.base, np.memmap)


def test_a_merge_on_disk_builds_the_same_segment_mapped(tmp_path, monkeypatch):
    docs = articles()
    vocab = Vocabulary()
    parts = [Segment.from_articles(docs[i : i + 13], vocab, i) for i in range(0, 60, 13)]
    whole = Segment.from_articles(docs, Vocabulary(), 0)
    monkeypatch.setattr(index_module, "MERGE_CHUNK", 5)  # many slices of term groups
    monkeypatch.setattr(index_module, "DISK_MIN_POSITIONS", 1)
    merged = merge_segments(parts, tmp_path)
    assert mapped(merged.stream) and mapped(merged.postings)
    for name in ("stream", "postings", "doc_starts", "body_starts"):
        assert np.array_equal(getattr(merged, name), getattr(whole, name)), name
    assert np.array_equal(np.diff(merged.offsets), np.diff(whole.offsets)[: len(merged.offsets) - 1])
    assert np.array_equal(merged.df, whole.df)
    again = merge_segments([merged, Segment.from_articles(docs[:5], vocab, 60)], tmp_path)  # mapped parts merged
    assert np.array_equal(again.postings[again.offsets[3] : again.offsets[4]][: len(merged.positions(3))],
                          merged.positions(3))
    assert list(tmp_path.iterdir()) == []  # unnamed files: nothing left behind


def test_a_cold_load_with_merges_on_disk_answers_and_caches_the_same(tmp_path, seeds_dir, monkeypatch):
    from tui.core.workspace import open_corpus

    corpus = tmp_path / "corpus"
    shutil.copytree(seeds_dir, corpus)
    queries = ["to lam", "hop tac kinh te", '"Việt Nam"', "belaz -minsk"]

    def answers(workspace):
        return [[(h.id, round(h.score, 6)) for h in workspace.search_index.search(q, limit=20).hits] for q in queries]

    plain = answers(open_corpus([str(corpus)], use_cache=False))
    merges = []
    real = index_module._merge_to_disk
    monkeypatch.setattr(index_module, "_merge_to_disk", lambda parts, d: merges.append(d) or real(parts, d))
    monkeypatch.setattr(index_module, "DISK_MIN_POSITIONS", 1)
    monkeypatch.setattr(index_module, "BATCH_CHARS", 2_000)  # many segments, many merges
    cold = open_corpus([str(corpus)])
    assert merges and answers(cold) == plain
    assert answers(open_corpus([str(corpus)])) == plain  # the entry written from mapped segments


def test_a_full_cache_disk_merges_in_memory(tmp_path, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    docs = articles()
    vocab = Vocabulary()
    parts = [Segment.from_articles(docs[i : i + 20], vocab, i) for i in range(0, 60, 20)]
    monkeypatch.setattr(index_module, "DISK_MIN_POSITIONS", 1)
    monkeypatch.setattr(index_module.tempfile, "TemporaryFile", full)
    merged = merge_segments(parts, tmp_path)
    assert not mapped(merged.postings)
    assert np.array_equal(merged.stream, Segment.from_articles(docs, Vocabulary(), 0).stream)




def test_a_cold_load_written_to_the_entry_keeps_the_same_articles(tmp_path, seeds_dir):
    """Once the entry is written the texts are read from it, mapped; every article, title
    and text is what a load without the cache gives."""
    from tui.core.workspace import open_corpus

    corpus = tmp_path / "corpus"
    shutil.copytree(seeds_dir, corpus)
    cold = open_corpus([str(corpus)])
    plain = open_corpus([str(corpus)], use_cache=False)
    assert list(cold.articles) == list(plain.articles) and len(plain.articles) >= 2
    assert [cold.articles.title(d) for d in range(len(plain.articles))] == \
        [plain.articles.title(d) for d in range(len(plain.articles))]



def test_the_table_is_counted_from_the_mentions_written_the_same_as_from_memory(tmp_path, seeds_dir, monkeypatch):
    """The cache writer swaps the packed mentions in memory for the ones it has just
    written (mapped, pages let go as they are read) before counting the corpus table:
    the table and every article's mentions are the same as counted in memory."""
    from tui.core import persist
    from tui.core.workspace import open_corpus

    corpus = tmp_path / "corpus"
    shutil.copytree(seeds_dir, corpus)
    plain = open_corpus([str(corpus)], use_cache=False)
    swapped = []
    real = persist._read_back_mentions
    monkeypatch.setattr(persist, "_read_back_mentions", lambda w, m: swapped.append(1) or real(w, m))
    monkeypatch.setattr(persist, "RELEASE_ROWS_EVERY", 8)  # pages let go after every row or so
    cold = open_corpus([str(corpus)])
    warm = open_corpus([str(corpus)])

    def table(workspace):
        return [(e.key, e.name, e.doc_count, e.mention_count, e.roles, e.aliases)
                for e in workspace.entity_index.entities()]

    assert swapped and table(plain) == table(cold) == table(warm) and len(table(plain)) > 10
    assert all(plain.entity_index.mentions_of(d) == warm.entity_index.mentions_of(d)
               for d in range(len(plain.articles)))
