"""Mentions handed over packed by the second process of a cold load: the entity index
holds exactly what it holds when given the same mentions as rows, and the second
process reads each batch of articles as the store keeps it."""

from __future__ import annotations

import shutil

import pytest

from tui.core.entities.index import EntityIndex
from tui.core.entities.packing import pack_batch
from tui.core.entity_process import stored_articles
from tui.core.model import Article, Paragraph
from tui.core.store import ArticleStore

#: Rows as extract_rows gives them: (start, end, type, text, name, role, block, value, credit).
DOCS = [
    [(0, 6, "PER", "Tô Lâm", "Tô Lâm", "Tổng Bí thư", "main", None, False),
     (10, 16, "LOC", "Hà Nội", "Hà Nội", None, "main", None, False),
     (20, 29, "DATE", "ngày 3/9", "ngày 3/9", None, "main", "2024-09-03", False)],
    [],  # an article with no entity
    [(0, 6, "LOC", "Hà Nội", "Hà Nội", None, "main", None, False),
     (8, 14, "PER", "ông Lâm", "Tô Lâm", None, "main", None, False),
     (30, 40, "PER", "Trường Thịnh", "Trường Thịnh", None, "main", None, True),  # a byline
     (50, 58, "ORG", "Reuters", "Reuters", None, "related", None, False),
     (60, 63, "EVENT", "SEA", "SEA Games", None, "main", None, False)],  # a type the index has not met
]


def _state(index: EntityIndex) -> tuple:
    store = index._mentions
    return ({doc: packed.tolist() for doc, packed in store._docs.items()}, list(store._strings), list(store._types),
            [(e.key, e.name, e.type, e.doc_count, e.mention_count, e.roles, e.aliases) for e in index.entities()],
            [index.credits_of(doc) for doc in range(len(DOCS) + 2)])


def test_a_packed_batch_gives_the_index_what_its_rows_give():
    """Same numbers for the same strings, in the same order, whichever way the batch came;
    documents already there before the batch keep theirs."""
    by_rows, packed = EntityIndex(), EntityIndex()
    for index in (by_rows, packed):
        index.add_rows(0, [(0, 5, "LOC", "Huế", "Huế", None, "main", None, False),
                           (9, 15, "PER", "Tô Lâm", "Tô Lâm", None, "main", None, False)])
    for offset, rows in enumerate(DOCS):
        by_rows.add_rows(1 + offset, rows)
    packed.add_batch(range(1, 1 + len(DOCS)), pack_batch(DOCS))
    assert _state(packed) == _state(by_rows)
    assert [m.row() for m in packed.mentions_of(3)] == DOCS[2]


def test_a_packed_batch_of_articles_without_entities():
    index = EntityIndex()
    index.add_batch(range(2), pack_batch([[], []]))
    assert index.mentions_of(0) == index.mentions_of(1) == [] and len(index) == 0


ARTICLES = [
    Article(id="a", title="Tin một", text="Tin một\n\nÔng Tô Lâm thăm Hà Nội.", date="2024-09-03",
            paragraphs=[Paragraph("title", 0, 7), Paragraph("body", 9, 31)]),
    Article(id="b", title="", text="", date=None, paragraphs=[]),  # empty: no text, no paragraph
    Article(id="c", title="Tin ba", text="Tin ba\n\nĐà Nẵng mưa to.\n\nẢnh: Trường Thịnh", date=None,
            paragraphs=[Paragraph("title", 0, 6), Paragraph("body", 8, 24), Paragraph("caption", 26, 43)]),
]


def _read(articles):
    return [(a.text, a.date, [(p.kind, p.start, p.end) for p in a.paragraphs]) for a in articles]


@pytest.mark.parametrize("kept", ["in memory", "spilled to a file", "restored from the cache"])
def test_the_second_process_reads_a_batch_as_the_store_keeps_it(kept, tmp_path):
    store = ArticleStore()
    if kept == "spilled to a file":
        store.spill_to(tmp_path)
    store.extend(ARTICLES)
    if kept == "restored from the cache":
        arrays, columns, parts = store.to_arrays()
        store = ArticleStore.from_arrays(arrays, {name: list(values) for name, values in columns.items()},
                                         b"".join(parts))
    for first, last in ((0, 3), (1, 3), (2, 3), (1, 2)):
        assert _read(stored_articles(store.stored_batch(first, last))) == _read(ARTICLES[first:last])


def test_a_cold_load_with_a_second_process_gives_what_one_process_gives(tmp_path, seeds_dir, monkeypatch):
    """Batches that are partly reused from the cache (an input changed) and partly new go
    to the second process as rows, whole new batches packed: the same entities either way."""
    import os

    from tui.core.workspace import open_corpus
    from test_workspace import answers, in_small_parallel_batches

    root = tmp_path / "corpus"
    shutil.copytree(seeds_dir, root)
    extra = root / "extra.txt"
    extra.write_text("Tin Hà Nội\n\nThủ tướng Phạm Minh Chính làm việc tại Hà Nội ngày 3/9.", encoding="utf-8")
    in_small_parallel_batches(monkeypatch)
    first = open_corpus([str(root)])
    assert answers(first) == answers(open_corpus([str(root)], use_cache=False, entities=True))
    extra.write_text("Tin Đà Nẵng\n\nBộ trưởng Lê Văn Tám thăm Đà Nẵng ngày 4/9.", encoding="utf-8")
    os.utime(extra, ns=(1, 1))
    monkeypatch.setattr("tui.core.workspace.BATCH_CHARS", 1 << 30)  # one batch: two articles reused, one new
    updated = open_corpus([str(root)])
    monkeypatch.setattr("tui.core.workspace.PARALLEL_MIN_BYTES", 1 << 60)  # one process
    assert answers(updated) == answers(open_corpus([str(root)], use_cache=False))
