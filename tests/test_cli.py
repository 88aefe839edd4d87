"""Exit codes and output of the command line (the `docs` command and errors)."""

from __future__ import annotations

import json
import subprocess
import sys

from tui.cli import main


def run_cli(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_docs_json_lists_the_bundled_seeds(capsys):
    code, out, _ = run_cli(capsys, "docs", "--json")
    assert code == 0
    rows = json.loads(out)
    assert [r["id"] for r in rows] == ["000_6406a84c14c76ffd.txt", "003_1c54234b48ba09a0.txt"]
    assert rows[1]["title"].startswith("Tổng thống A. Lukashenko vui mừng gặp lại Tổng Bí thư Tô Lâm")
    assert all(r["paragraphs"] > 0 and r["characters"] > 1000 for r in rows)


def test_docs_plain_output_one_line_per_article(capsys, seeds_dir):
    """Piped, ``docs`` is tab-separated with a header row; ids are never wrapped."""
    code, out, err = run_cli(capsys, "docs", str(seeds_dir))
    assert code == 0
    header, *rows = out.splitlines()
    assert header.split("\t") == ["id", "title", "date", "paragraphs", "characters", "warnings"]
    assert len(rows) == 2 and "2 article(s)" in err
    assert all(len(row.split("\t")) == 6 and row.split("\t")[0].endswith(".txt") for row in rows)


def test_docs_json_gives_each_articles_source_and_address(capsys, tmp_path):
    path = tmp_path / "news.jsonl"
    rows = [{"id": "a", "title": "Tin", "text": "Bão số 9 vào Quảng Nam.", "source": "dantri.com.vn",
             "url": "https://dantri.com.vn/a.htm", "date": "2020-10-01"},
            {"id": "b", "title": "Tin khác", "text": "Mưa lớn ở Huế."}]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    code, out, _ = run_cli(capsys, "docs", "--json", str(path), "--no-cache")
    assert code == 0
    assert [(r["id"], r["source"], r["url"]) for r in json.loads(out)] == [
        ("a", "dantri.com.vn", "https://dantri.com.vn/a.htm"), ("b", None, None)]


def test_nonexistent_path_exits_2_with_one_line(capsys, tmp_path):
    missing = tmp_path / "nope"
    code, out, err = run_cli(capsys, "docs", str(missing))
    assert code == 2 and out == ""
    assert err == f"vnby-tui: no such file or directory: {missing}\n"


def test_a_missing_path_among_others_is_one_warning_and_the_rest_is_read(capsys, tmp_path, seeds_dir):
    missing = tmp_path / "nope.jsonl"
    code, out, err = run_cli(capsys, "search", "lukashenko", str(missing), str(seeds_dir), "--no-cache")
    assert code == 0 and "Lukashenko" in out
    assert [line for line in err.splitlines() if "nope" in line] == [f"vnby-tui: warning: {missing}: no such file or directory"]
    code, _, err = run_cli(capsys, "docs", str(missing), str(tmp_path / "other"))
    assert code == 2 and err == f"vnby-tui: no such file or directory: {missing}\n"  # none of them: nothing to read


def test_bare_command_with_missing_path_exits_2(capsys, tmp_path):
    code, _, err = run_cli(capsys, str(tmp_path / "nope"))
    assert code == 2 and "no such file or directory" in err


def test_bad_config_exits_2_without_traceback(capsys, tmp_path):
    bad = tmp_path / "c.toml"
    bad.write_text("[ui\n", encoding="utf-8")
    code, _, err = run_cli(capsys, "docs", "--config", str(bad))
    assert code == 2 and "Traceback" not in err and str(bad) in err and len(err.strip().splitlines()) == 1


def test_unknown_option_exits_2(capsys):
    code, _, err = run_cli(capsys, "docs", "--frobnicate")
    assert code == 2 and err.startswith("vnby-tui: ")


def test_config_corpus_paths_are_used_without_path_arguments(capsys, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "x.txt").write_text("Tin X\n\nNội dung.", encoding="utf-8")
    config = tmp_path / "c.toml"
    config.write_text(f'[corpus]\npaths = ["{corpus}"]\n', encoding="utf-8")
    code, out, _ = run_cli(capsys, "docs", "--json", "--config", str(config))
    assert code == 0 and [r["id"] for r in json.loads(out)] == ["x.txt"]


def test_warnings_go_to_stderr_naming_the_file(capsys, tmp_path):
    (tmp_path / "ok.txt").write_text("Tin\n\nBài.", encoding="utf-8")
    (tmp_path / "bad.jsonl").write_text("{oops\n", encoding="utf-8")
    code, out, err = run_cli(capsys, "docs", "--json", str(tmp_path))
    assert code == 0 and len(json.loads(out)) == 1
    assert "bad.jsonl: line 1: invalid JSON" in err


def test_module_runs_as_a_program(seeds_dir):
    proc = subprocess.run([sys.executable, "-m", "tui", "docs", "--json", str(seeds_dir)],
                          capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert proc.returncode == 0 and len(json.loads(proc.stdout)) == 2


def test_cache_info_and_clear(capsys, seeds_dir):
    from tui.core.workspace import open_corpus

    open_corpus([str(seeds_dir)])
    code, out, _ = run_cli(capsys, "cache", "info")
    assert code == 0 and "1 corpus entry" in out and str(seeds_dir) in out and "2 articles" in out
    code, out, _ = run_cli(capsys, "cache", "clear")
    assert code == 0 and out.startswith("removed 1 cached corpus entry")
    code, out, _ = run_cli(capsys, "cache", "info")
    assert "0 corpus entries" in out
    assert seeds_dir.is_dir() and len(list(seeds_dir.iterdir())) == 2  # the corpus itself untouched
