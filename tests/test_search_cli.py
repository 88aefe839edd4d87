"""`vnby-tui search`: the table, --json, --batch and --limit."""

from __future__ import annotations

import io
import json

from tui.cli import main

BELARUS_VISIT = "003_1c54234b48ba09a0.txt"
RESULT_KEYS = ("rank", "id", "title", "date", "source", "url", "tier", "score", "snippet", "snippet_spans", "spans")


def run_cli(capsys, *argv, stdin: str | None = None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_output_ranks_and_locates_matches(capsys, seeds_dir):
    code, out, _ = run_cli(capsys, "search", "lukashenko vui mung", str(seeds_dir), "--json")
    assert code == 0
    data = json.loads(out)
    assert data["query"] == "lukashenko vui mung" and data["total"] >= 1
    first = data["results"][0]
    assert first["rank"] == 1 and first["id"] == BELARUS_VISIT
    assert first["title"].startswith("Tổng thống A. Lukashenko vui mừng")
    start = first["title"].index("Lukashenko")
    assert {"field": "title", "start": start, "end": start + len("Lukashenko vui mừng")} in first["spans"]
    assert [r["score"] for r in data["results"]] == sorted((r["score"] for r in data["results"]), reverse=True)
    for start, end in first["snippet_spans"]:
        assert first["snippet"][start:end]


def test_piped_table_is_tsv_with_a_header_and_marks_the_match(capsys, seeds_dir):
    code, out, err = run_cli(capsys, "search", "to lam", str(seeds_dir), "--limit", "1")
    assert code == 0
    header, row = out.strip().splitlines()
    assert header.split("\t") == ["rank", "tier", "score", "id", "title", "snippet"]
    rank, tier, score, doc_id, title, snippet = row.split("\t")
    assert rank == "1" and tier == "phrase" and doc_id == BELARUS_VISIT  # the id whole, never wrapped
    assert "[Tô Lâm]" in snippet
    assert "1 of 2 result(s)" in err


def test_no_result_exits_1_with_a_message(capsys, seeds_dir):
    code, out, err = run_cli(capsys, "search", "zzzqqq", str(seeds_dir))
    assert code == 1
    assert "No results for 'zzzqqq'" in err and out.splitlines() == ["rank\ttier\tscore\tid\ttitle\tsnippet"]


def test_limit_caps_the_results(capsys, seeds_dir):
    code, out, _ = run_cli(capsys, "search", "belarus", str(seeds_dir), "--json", "--limit", "1")
    data = json.loads(out)
    assert len(data["results"]) == 1 and data["total"] == 2


def test_batch_writes_one_json_line_per_query(capsys, monkeypatch, seeds_dir):
    queries = "tô lâm\n\nhanoi\n!!!\nlukashenco\n"
    code, out, _ = run_cli(capsys, "search", "--batch", str(seeds_dir), "--limit", "2", stdin=queries, monkeypatch=monkeypatch)
    assert code == 0
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["query"] for line in lines] == ["tô lâm", "", "hanoi", "!!!", "lukashenco"]
    for line in lines:
        assert set(line) == {"query", "total", "tiers", "ms", "results"} and line["ms"] >= 0
        assert len(line["results"]) <= 2
        assert all(set(r) == set(RESULT_KEYS) for r in line["results"])
    assert lines[1]["results"] == [] and lines[3]["results"] == []
    assert lines[4]["results"][0]["id"] == BELARUS_VISIT


def test_batch_lines_have_the_keys_of_a_single_query(capsys, monkeypatch, seeds_dir):
    """Scripts read both: the same keys at every level, the same values but the time."""
    _, single, _ = run_cli(capsys, "search", "tô lâm", str(seeds_dir), "--json", "--limit", "0")
    _, batch, _ = run_cli(capsys, "search", "--batch", str(seeds_dir), "--limit", "0", stdin="tô lâm\n", monkeypatch=monkeypatch)
    one, line = json.loads(single), json.loads(batch)
    assert set(one) == set(line) == {"query", "total", "tiers", "ms", "results"}
    assert set(one["tiers"]) == set(line["tiers"]) == {"phrase", "near", "scattered", "partial"}
    assert [set(r) for r in one["results"]] == [set(r) for r in line["results"]] == [set(RESULT_KEYS)] * len(one["results"])
    del one["ms"], line["ms"]
    assert one == line


def test_limit_0_lists_every_hit_and_tier_keeps_the_stronger_ones(capsys, seeds_dir):
    _, out, _ = run_cli(capsys, "search", "tô lâm", str(seeds_dir), "--json", "--limit", "0")
    every = json.loads(out)
    assert len(every["results"]) == every["total"] == sum(every["tiers"].values()) >= 2
    _, out, _ = run_cli(capsys, "search", "tô lâm", str(seeds_dir), "--json", "--limit", "0", "--tier", "phrase")
    phrase = json.loads(out)
    assert {r["tier"] for r in phrase["results"]} == {"phrase"}
    assert phrase["total"] == len(phrase["results"]) == every["tiers"]["phrase"]
    assert [r["id"] for r in phrase["results"]] == [r["id"] for r in every["results"][: len(phrase["results"])]]


def test_a_query_of_exclusions_alone_is_a_clear_error(capsys, seeds_dir):
    code, out, err = run_cli(capsys, "search", "--", "-belarus", str(seeds_dir))
    assert code == 2 and out == ""
    assert "nothing to search for" in err and "only exclusions" in err and len(err.strip().splitlines()) == 1


def test_search_on_a_fresh_cache_answers_without_looking_for_entities(seeds_dir, monkeypatch, capsys):
    """`vnby-tui search` never waits for entities: on an empty cache it answers
    without extracting any; `entities` afterwards finds them from the cache."""
    from tui.cli import main
    from tui.core.entities import EntityExtractor

    events = []
    real_extract = EntityExtractor.extract_rows
    monkeypatch.setattr(EntityExtractor, "extract_rows", lambda self, a: events.append("extracted") or real_extract(self, a))
    assert main(["search", "to lam", str(seeds_dir), "--json"]) == 0
    events.append("answered")
    assert json.loads(capsys.readouterr().out)["results"]
    assert main(["entities", str(seeds_dir), "--json"]) == 0
    assert any(e["name"] == "Tô Lâm" for e in json.loads(capsys.readouterr().out))
    assert events[0] == "answered" and events.count("extracted") == 2
