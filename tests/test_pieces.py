"""Work a loading thread does in pieces, so the explorer's event loop gets its turns:
the same results as doing it at once, and an index replaced by its cached copy is
emptied only once the explorer holds the copy (it never reads a half-emptied index)."""

from __future__ import annotations

import random
import shutil

import pytest

from tui.core.entities import EntityIndex
from tui.core.pieces import PIECE, empty_in_pieces, sorted_in_pieces
from tui.core.workspace import open_corpus


@pytest.mark.parametrize("size", [0, 1, PIECE, PIECE + 1, 5 * PIECE + 17])
def test_sorted_in_pieces_is_sorted_with_ties_kept_in_order(size):
    rng = random.Random(size)
    items = [(rng.randrange(50), number) for number in range(size)]  # many equal keys
    key = lambda item: item[0]  # noqa: E731
    assert sorted_in_pieces(items, key=key) == sorted(items, key=key)
    assert sorted_in_pieces(iter(items)) == sorted(items)


def test_empty_in_pieces_empties_every_kind_of_container():
    table, rows, seen = {n: [n] for n in range(3 * PIECE)}, list(range(10)), {1, 2}
    empty_in_pieces(table, rows, seen, "not a container", None)
    assert table == {} and rows == [] and seen == set()


def test_the_corpus_table_is_the_same_sorted_in_pieces(monkeypatch, seeds_dir):
    from tui.core.loader import iter_articles

    articles = list(iter_articles([str(seeds_dir)], lambda problem: None))
    whole = [(e.key, e.doc_count, e.mention_count) for e in EntityIndex.build(articles).entities()]
    monkeypatch.setattr("tui.core.pieces.PIECE", 3)  # the seeds' table in many pieces
    pieces = [(e.key, e.doc_count, e.mention_count) for e in EntityIndex.build(articles).entities()]
    assert pieces == whole and len(whole) > 10


def test_the_built_entity_index_is_let_go_only_once_the_mapped_copy_is_handed_over(tmp_path, seeds_dir):
    """What a reader opened while loading ends sees: the workspace's holder is told of the
    mapped entity index (on_batch, count 0) while the built one still answers; only then
    is the built one emptied, piece by piece.  On the old code the built index was never
    emptied: dropped whole by the explorer, it was freed in one hold of the GIL."""
    corpus = tmp_path / "corpus"
    shutil.copytree(seeds_dir, corpus)
    calls = []

    def on_batch(workspace, first, count):
        index = workspace.entity_index
        calls.append((count, index, [m.name for m in index.mentions_of(0)]))
        if count == 0:  # the built index the explorer held until now still answers in full
            built = calls[-2][1]
            assert [m.name for m in built.mentions_of(0)] == calls[-1][2] != []

    workspace = open_corpus([str(corpus)], on_batch=on_batch)
    built, mapped = calls[0][1], calls[-1][1]
    assert calls[-1][0] == 0 and workspace.entity_index is mapped is not built
    assert built.mentions_of(0) == [] and built.entities() == []  # let go of
    assert [e.key for e in mapped.entities()] and mapped.mentions_of(0)
    warm = open_corpus([str(corpus)])
    assert [e.key for e in warm.entity_index.entities()] == [e.key for e in mapped.entities()]
