"""Opening a corpus through the cache: same answers as a fresh index, only changed
inputs read again, damaged entries rebuilt with a one-line warning."""

from __future__ import annotations

import os
import shutil

import pytest

from tui.core.cache import cache_root
from tui.core.workspace import Cancelled, open_corpus

QUERIES = ["to lam", "lukashenco", "hop tac kinh te", '"Việt Nam"', "belaz -minsk", "dong nam a"]


@pytest.fixture
def corpus(tmp_path, seeds_dir):
    root = tmp_path / "corpus"
    shutil.copytree(seeds_dir, root)
    (root / "extra.txt").write_text("Tin Hà Nội\n\nThủ tướng Phạm Minh Chính làm việc tại Hà Nội ngày 3/9.",
                                    encoding="utf-8")
    return root


def answers(workspace):
    results = {}
    for query in QUERIES:
        found = workspace.search_index.search(query, limit=10)
        results[query] = [(h.id, round(h.score, 6), [(s.field, s.start, s.end) for s in h.spans]) for h in found.hits]
    entities = [(e.key, e.name, e.doc_count, e.mention_count, e.roles) for e in workspace.entity_index.entities()]
    mentions = [[(m.start, m.end, m.type, m.name, m.block) for m in workspace.entity_index.mentions_of(d)]
                for d in range(len(workspace.articles))]
    return results, entities, mentions, [workspace.articles[d] for d in range(len(workspace.articles))]


def test_warm_start_gives_identical_results(corpus):
    cold = open_corpus([str(corpus)])
    warm = open_corpus([str(corpus)])
    fresh = open_corpus([str(corpus)], use_cache=False)
    assert not cold.from_cache and warm.from_cache and not fresh.from_cache
    assert answers(warm) == answers(cold) == answers(fresh)


def test_no_cache_writes_nothing(corpus):
    open_corpus([str(corpus)], use_cache=False)
    assert not cache_root().exists() or not any(cache_root().iterdir())


def test_changed_input_is_read_again_and_others_reused(corpus, monkeypatch):
    open_corpus([str(corpus)])
    extra = corpus / "extra.txt"
    extra.write_text("Tin Đà Nẵng\n\nBộ trưởng Lê Văn Tám thăm Đà Nẵng.", encoding="utf-8")
    os.utime(extra, ns=(1, 1))
    read = []
    import tui.core.workspace as workspace_module

    real = workspace_module.load_source

    def spy(source, warn, on_bytes=None):
        read.append(source.name)
        return real(source, warn, on_bytes)

    monkeypatch.setattr(workspace_module, "load_source", spy)
    updated = open_corpus([str(corpus)])
    assert read == ["extra.txt"]
    assert [h.id for h in updated.search_index.search("le van tam").hits][:1] == ["extra.txt"]
    assert "extra.txt" not in [h.id for h in updated.search_index.search("pham minh chinh").hits]
    assert answers(updated) == answers(open_corpus([str(corpus)], use_cache=False))


@pytest.mark.parametrize("victim", ["manifest.json", "text.bin", "search_term_to_folded.npy", "entity_tables.json"])
def test_damaged_cache_is_rebuilt_with_a_warning(corpus, victim):
    expected = answers(open_corpus([str(corpus)]))
    (entry,) = [p for p in cache_root().iterdir() if not p.name.startswith(".")]
    target = entry / victim
    target.write_bytes(target.read_bytes()[: max(1, target.stat().st_size // 2)])
    warnings = []
    rebuilt = open_corpus([str(corpus)], on_warning=warnings.append)
    assert not rebuilt.from_cache and answers(rebuilt) == expected
    assert any("cache entry unusable" in str(w) for w in warnings)
    assert open_corpus([str(corpus)]).from_cache  # and the rebuilt entry is good


def test_foreign_file_in_place_of_an_entry_is_rebuilt(corpus):
    open_corpus([str(corpus)])
    (entry,) = [p for p in cache_root().iterdir() if not p.name.startswith(".")]
    for path in entry.iterdir():
        path.unlink()
    (entry / "manifest.json").write_text('{"hello": "world"}')
    warnings = []
    assert not open_corpus([str(corpus)], on_warning=warnings.append).from_cache
    assert any("not a vnby-tui cache entry" in str(w) for w in warnings)


def test_loading_can_be_cancelled_between_batches(corpus, monkeypatch):
    monkeypatch.setattr("tui.core.workspace.BATCH_CHARS", 1)
    seen = []
    with pytest.raises(Cancelled):
        open_corpus([str(corpus)], use_cache=False, on_batch=lambda ws, first, n: seen.append(first),
                    cancelled=lambda: len(seen) >= 1)
    assert seen == [0]


def test_loader_warnings_are_replayed_on_a_warm_start(corpus):
    (corpus / "bad.jsonl").write_text("{oops\n", encoding="utf-8")
    first, second = [], []
    open_corpus([str(corpus)], on_warning=first.append)
    assert open_corpus([str(corpus)], on_warning=second.append).from_cache
    assert [str(w) for w in first] == [str(w) for w in second] and any("invalid JSON" in str(w) for w in second)


def test_entities_extracted_in_a_second_process_are_the_same(corpus, monkeypatch):
    serial = answers(open_corpus([str(corpus)], use_cache=False))
    monkeypatch.setattr("tui.core.workspace.PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr("tui.core.workspace.BATCH_CHARS", 5000)
    assert answers(open_corpus([str(corpus)], use_cache=False)) == serial
