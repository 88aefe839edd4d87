"""Syndicated stories: near-duplicate articles grouped, and counted once with ``--collapse``."""

from __future__ import annotations

import json
from collections import Counter

import numpy as np
import pytest

# A declared dependency (pyproject.toml); a worktree whose environment predates it skips these.
pytest.importorskip("datasketch", reason="datasketch is not installed: pip install -e '.[test]'")

from syndicated import GROUPS, NAMED, build, earliest, story_of
from tui.cli import main
from tui.core import syndication
from tui.core.syndication import Syndication, candidate_pairs, permutations, signatures
from tui.core.timeline import period_of
from tui.core.workspace import add_copies, open_corpus


@pytest.fixture
def corpus(tmp_path):
    return build(tmp_path)


def run_json(capsys, *argv: str):
    capsys.readouterr()
    code = main([*argv, "--json"])
    out = capsys.readouterr().out
    return code, json.loads(out) if out.strip() else None


def test_signatures_are_datasketch_minhashes():
    from datasketch import MinHash

    rng = np.random.default_rng(3)
    sets = [np.unique(rng.integers(0, 2**32, size, dtype=np.uint64).astype(np.uint32)) for size in (1, 7, 300)]
    starts = np.cumsum([0] + [len(s) for s in sets[:-1]])
    ours = signatures(np.concatenate(sets), starts, permutations())
    for row, values in zip(ours, sets):
        theirs = MinHash(num_perm=syndication.NUM_PERM, seed=syndication.SEED, hashfunc=int, scheme="affine32")
        theirs.update_batch(values.tolist())
        assert np.array_equal(row, theirs.hashvalues)


def test_permutations_and_bands_are_those_datasketch_chooses():
    """Drawn and chosen here without importing datasketch (it brings scipy)."""
    from datasketch import MinHash, MinHashLSH

    checked = 0
    for num_perm in (16, 64, 128):
        a, b = permutations(num_perm, syndication.SEED)
        theirs = MinHash(num_perm=num_perm, seed=syndication.SEED, scheme="affine32").permutations
        assert a.dtype == b.dtype == np.uint32 and np.array_equal(a, theirs[0]) and np.array_equal(b, theirs[1])
        for threshold in (0.1, 0.2, 0.3, syndication.LSH_THRESHOLD, 0.5, syndication.THRESHOLD, 0.7, 0.9):
            try:
                lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
            except ValueError:  # the library refuses a single band
                continue
            assert syndication.lsh_bands(threshold, num_perm) == (lsh.b, lsh.r), (threshold, num_perm)
            checked += 1
    assert checked >= 20


def test_grouping_stories_imports_neither_datasketch_nor_scipy(corpus, tmp_path):
    """Grouping runs in the explorer once it has loaded: scipy would add ~50 MB to its
    resident size.  A fresh interpreter, as this one imported datasketch for the tests."""
    import subprocess
    import sys

    script = (f"import sys\nfrom tui.core.workspace import open_corpus\n"
              f"w = open_corpus([{str(corpus)!r}], use_cache=False, entities=False, copies=True)\n"
              f"print(w.copies.groups, sorted(m for m in ('datasketch', 'scipy') if m in sys.modules))\n")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split(maxsplit=1) == ["2", "[]\n"]


def test_each_article_s_shingles_read_alone_are_those_of_its_run(corpus, monkeypatch):
    """The exact similarity of a candidate pair is taken from its two articles' shingles
    read again one article at a time: the same sets the runs signed."""
    monkeypatch.setattr(syndication, "CHUNK_POSITIONS", 200)  # several runs, several articles in each
    workspace = open_corpus([str(corpus)], use_cache=False, entities=False)
    runs = list(syndication._runs(workspace.search_index, lambda doc: None))
    assert len(runs) > 2
    docs = np.concatenate([d for d, _ in runs])
    hashes = np.concatenate([h for _, h in runs])
    assert len(np.unique(docs)) > 5
    for doc in range(len(workspace.articles)):
        assert np.array_equal(syndication.doc_shingles(workspace.search_index, doc), hashes[docs == doc])


def test_candidate_pairs_are_those_of_datasketch_lsh():
    from datasketch import LeanMinHash, MinHashLSH

    rng = np.random.default_rng(5)
    base = [rng.integers(0, 2**32, 60, dtype=np.uint64).astype(np.uint32) for _ in range(40)]
    sets = []
    for values in base:  # each set, and a copy of it with a share of its values replaced
        sets.append(np.unique(values))
        changed = values.copy()
        changed[: rng.integers(5, 45)] = rng.integers(0, 2**32, 1, dtype=np.uint64).astype(np.uint32)
        sets.append(np.unique(changed))
    starts = np.cumsum([0] + [len(s) for s in sets[:-1]])
    sigs = signatures(np.concatenate(sets), starts, permutations())
    lsh = MinHashLSH(threshold=syndication.LSH_THRESHOLD, num_perm=syndication.NUM_PERM)
    sketches = [LeanMinHash(seed=syndication.SEED, hashvalues=row, scheme="affine32") for row in sigs]
    for key, sketch in enumerate(sketches):
        lsh.insert(key, sketch)
    expected = {(min(k, o), max(k, o)) for k, sketch in enumerate(sketches) for o in lsh.query(sketch) if o != k}
    found = candidate_pairs(sigs, list(range(len(sets))), syndication.LSH_THRESHOLD)
    assert found == expected and len(found) >= 20  # most copies are found; never a pair the library would not give


def test_copies_are_grouped_and_nothing_else(corpus):
    workspace = open_corpus([str(corpus)], use_cache=False, entities=False, copies=True)
    ids = [workspace.articles[d].id for d in range(len(workspace.articles))]
    copies = workspace.copies
    found = {frozenset(ids[d] for d in np.flatnonzero(copies.group == copies.group[doc]).tolist()) for doc in range(len(ids))}
    assert found == {frozenset(d for d, _ in members) for members in GROUPS.values()}
    assert copies.groups == 2 and copies.grouped == 5
    assert [int(n) for n in copies.sizes()] == [len(GROUPS[story_of(i)]) for i in ids]


def test_stories_keep_the_earliest_dated_copy(corpus):
    workspace = open_corpus([str(corpus)], use_cache=False, entities=False, copies=True)
    ids = [workspace.articles[d].id for d in range(len(workspace.articles))]
    kept = {ids[d] for d in workspace.copies.stories(range(len(ids)), workspace.articles)}
    assert kept == {earliest(story)[0] for story in GROUPS}
    # within a subset, the earliest of the copies in it
    w1, w3 = ids.index("w1"), ids.index("w3")
    assert workspace.copies.stories([w3, w1], workspace.articles) == [w1]


def test_a_short_or_empty_article_is_never_grouped(tmp_path):
    rows = [{"id": f"x{i}", "title": "Tin", "text": "Bão số 9 vào Quảng Nam."} for i in range(3)]
    path = tmp_path / "short.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    workspace = open_corpus([str(path)], use_cache=False, entities=False, copies=True)
    assert workspace.copies.groups == 0 and list(workspace.copies.group) == [0, 1, 2]
    assert Syndication(np.arange(0, dtype=np.int32)).story_count([]) == 0


def test_timeline_collapse_counts_each_story_once(corpus, capsys):
    code, plain = run_json(capsys, "timeline", "bão số", str(corpus), "--no-cache")
    assert code == 0
    every = [copy for copies in GROUPS.values() for copy in copies]
    assert {b["period"]: b["articles"] for b in plain["buckets"] if b["articles"]} == \
        dict(Counter(period_of(date, "month") for _, date in every if date))
    code, collapsed = run_json(capsys, "timeline", "bão số", str(corpus), "--no-cache", "--collapse")
    assert code == 0 and set(collapsed) == set(plain)
    kept = [earliest(story) for story in GROUPS]
    assert {b["period"]: b["articles"] for b in collapsed["buckets"] if b["articles"]} == \
        dict(Counter(period_of(date, "month") for _, date in kept if date))
    # by hand: 2020-01 s1; 2020-03 w2 (wire, earliest copy), v1 (twice), s2; 2020-04 s3; 2020-05 s5; s4 undated
    assert [(b["period"], b["articles"]) for b in collapsed["buckets"]] == \
        [("2020-01", 1), ("2020-02", 0), ("2020-03", 3), ("2020-04", 1), ("2020-05", 1)]
    assert collapsed["undated"] == 1 and plain["undated"] == 2


def test_entity_collapse_counts_each_story_once(corpus, capsys):
    code, plain = run_json(capsys, "entity", "Trần Minh Tuấn", str(corpus), "--no-cache", "--contexts", "100")
    assert code == 0
    with_him = [story for story, line in NAMED.items() if "Trần Minh Tuấn" in line]
    assert plain["articles"] == sum(len(GROUPS[s]) for s in with_him) == 8
    code, collapsed = run_json(capsys, "entity", "Trần Minh Tuấn", str(corpus), "--no-cache", "--collapse",
                               "--contexts", "100")
    assert code == 0 and set(collapsed) == set(plain)
    assert collapsed["articles"] == len(with_him) == 5
    # the concordance lists each story's sentences once: those of its counted (earliest) copy
    kept = {earliest(story)[0] for story in with_him}
    assert collapsed["mentions"] == plain["mentions"] and len(plain["contexts"]) == 8
    assert collapsed["contexts"] == [c for c in plain["contexts"] if c["id"] in kept] and len(collapsed["contexts"]) == 5
    kept_dates = [earliest(story)[1] for story in with_him]
    assert {b["period"]: b["articles"] for b in collapsed["by_month"] if b["articles"]} == \
        dict(Counter(period_of(d, "month") for d in kept_dates if d))
    plain_with = {c["name"]: c["articles"] for c in plain["co_mentions"]}
    collapsed_with = {c["name"]: c["articles"] for c in collapsed["co_mentions"]}
    # by hand: Quảng Nam in wire (3 copies), s1, s4; Hà Nội in twice (2 copies), s3; Lê Thị Hoa in s3
    assert plain_with["Quảng Nam"] == 5 and collapsed_with["Quảng Nam"] == 3
    assert plain_with["Hà Nội"] == 3 and collapsed_with["Hà Nội"] == 2
    assert plain_with["Lê Thị Hoa"] == collapsed_with["Lê Thị Hoa"] == 1


def test_groups_are_cached_with_the_index(corpus, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    first = open_corpus([str(corpus)], entities=False, copies=True)
    calls = []
    monkeypatch.setattr(syndication, "find_copies", lambda *a, **k: calls.append(a))
    stages = []
    again = open_corpus([str(corpus)], copies=True, on_progress=lambda p: stages.append([s.name for s in p.stages]))
    assert again.from_cache and not calls and np.array_equal(again.copies.group, first.copies.group)
    assert "copies" not in stages[-1] and again.entities_ready  # entities added to the entry; groups kept
    third = open_corpus([str(corpus)], copies=True)
    assert not calls and np.array_equal(third.copies.group, first.copies.group) and third.entities_ready


def test_copies_stage_runs_after_the_index_and_only_when_asked(corpus, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    stages = []
    plain = open_corpus([str(corpus)], entities=False, on_progress=lambda p: stages.append(p))
    assert plain.copies is None and all(p.stage("copies") is None for p in stages)
    stages.clear()
    workspace = open_corpus([str(corpus)], copies=True, on_progress=lambda p: stages.append(p))
    assert workspace.copies is not None
    first = next(p for p in stages if p.stage("copies") is not None)
    assert first.searchable  # grouping starts once every article is searchable
    assert stages[-1].stage("copies").finished


def test_groups_added_after_loading_go_into_the_cache(corpus, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    workspace = open_corpus([str(corpus)], entities=False)  # as the explorer opens it
    assert workspace.copies is None
    grouped = add_copies(workspace)
    assert grouped is workspace.copies and grouped.groups == 2
    calls = []
    monkeypatch.setattr(syndication, "find_copies", lambda *a, **k: calls.append(a))
    again = open_corpus([str(corpus)], entities=False)
    assert again.from_cache and not calls and np.array_equal(again.copies.group, grouped.group)
    assert add_copies(again) is again.copies and not calls


def test_a_list_folds_each_story_onto_its_first_row():
    from tui.core.syndication import fold_list

    copies = Syndication(np.array([0, 0, 2, 0, 2, 5, 6], dtype=np.int32))  # stories {0,1,3}, {2,4}, 5, 6
    folded = fold_list([3, 5, 0, 2, 6, 4, 1], copies)
    assert list(folded.docs) == [3, 5, 2, 6] and folded.copies == {3: 2, 2: 1} and folded.under == {}
    opened = fold_list([3, 5, 0, 2, 6, 4, 1], copies, unfolded={0})
    assert list(opened.docs) == [3, 0, 1, 5, 2, 6] and opened.under == {0: 3, 1: 3}
    assert opened.story_of(1) == 3 and opened.story_of(5) == 5
    assert fold_list([5, 6], copies).docs == [5, 6]  # no copies listed: the list as it is
    every = range(7)
    assert fold_list(every, Syndication(np.arange(7, dtype=np.int32))).docs is every and fold_list(every, None).docs is every
    assert list(fold_list(every, copies).docs) == [0, 2, 5, 6]


def test_search_collapse_printed_as_a_table_counts_the_copies(corpus, capsys):
    """Without --json, --collapse had no copies column and its summary said nothing of stories."""
    from tui.cli import main

    capsys.readouterr()
    assert main(["search", "bão số", str(corpus), "--no-cache", "--limit", "0", "--collapse"]) == 0
    out, err = capsys.readouterr()
    header, *rows = out.splitlines()
    assert header.split("\t")[-1] == "copies" and len(rows) == len(GROUPS)
    copies = {row.split("\t")[3]: int(row.split("\t")[-1]) for row in rows}
    assert sum(copies.values()) + len(rows) == 10
    assert all(n == len(GROUPS[story_of(doc)]) - 1 for doc, n in copies.items())
    assert f"{len(GROUPS)} stories, each listed once" in err


def test_search_collapse_lists_each_story_once_with_its_copies(corpus, capsys):
    code, plain = run_json(capsys, "search", "bão số", str(corpus), "--no-cache", "--limit", "0")
    assert code == 0 and plain["total"] == 10 and len(plain["results"]) == 10 and "stories" not in plain
    code, once = run_json(capsys, "search", "bão số", str(corpus), "--no-cache", "--limit", "0", "--collapse")
    assert code == 0 and once["total"] == 10 and once["stories"] == len(GROUPS)
    ranked = [r["id"] for r in plain["results"]]
    best = sorted((next(i for i in ranked if story_of(i) == story) for story in GROUPS), key=ranked.index)
    assert [r["id"] for r in once["results"]] == best and [r["rank"] for r in once["results"]] == list(range(1, 8))
    for row in once["results"]:
        assert sorted(row["copies"]) == sorted(d for d, _ in GROUPS[story_of(row["id"])] if d != row["id"])
    code, top = run_json(capsys, "search", "bão số", str(corpus), "--no-cache", "--limit", "3", "--collapse")
    assert [r["id"] for r in top["results"]] == best[:3] and top["stories"] == len(GROUPS)
