"""`vnby-tui search`: the table, --json, --batch and --limit."""

from __future__ import annotations

import io
import json

from tui.cli import main

BELARUS_VISIT = "003_1c54234b48ba09a0.txt"


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


def test_table_marks_the_match_in_the_snippet(capsys, monkeypatch, seeds_dir):
    monkeypatch.setenv("COLUMNS", "300")
    code, out, _ = run_cli(capsys, "search", "to lam", str(seeds_dir), "--limit", "1")
    assert code == 0
    assert "[Tô Lâm]" in out
    assert "1 of 2 result(s)" in out
    assert BELARUS_VISIT[:12] in out


def test_no_result_exits_1_with_a_message(capsys, seeds_dir):
    code, out, _ = run_cli(capsys, "search", "zzzqqq", str(seeds_dir))
    assert code == 1
    assert "No results for 'zzzqqq'" in out


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
        assert set(line) == {"query", "ms", "results"} and line["ms"] >= 0
        assert len(line["results"]) <= 2
        assert all(set(r) == {"id", "title", "score"} for r in line["results"])
    assert lines[1]["results"] == [] and lines[3]["results"] == []
    assert lines[4]["results"][0]["id"] == BELARUS_VISIT
