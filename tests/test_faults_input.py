"""Inputs and environments a real server produces (issue 18, items 1, 2, 4, 5, 8): each
case asserts the exit status, one line naming the file and the problem, that every
good article still loads and is found, and that no traceback is printed (``run_cli``)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from faults import docs_ids, one_line_naming, run_cli, search_ids, write_good
from tui.core.text import decode_bytes

# ---------------------------------------------------------------- 1. lone surrogates

POISON = ('{"id":"x","title":"t","text":"Hà Nội \\ud800 b"}\n'
          '{"id":"y","title":"ok","text":"Việt Nam","source":"s\\udc80","tags":["\\udfff",{"k\\ud800":1}]}\n')


@pytest.mark.parametrize("cache", [None, "--no-cache"])
def test_one_record_with_lone_surrogates_does_not_stop_the_corpus(tmp_path, cache):
    (tmp_path / "p.jsonl").write_text(POISON, encoding="utf-8")
    write_good(tmp_path)
    extra = [cache] if cache else []
    for _ in range(2):  # cold, then warm from the cache
        run = run_cli("search", "việt nam", str(tmp_path), "--json", *extra)
        assert run.code == 0 and sorted(h["id"] for h in json.loads(run.out)["results"]) == ["good.txt", "y"]
        one_line_naming(run, "p.jsonl", "line 1: 1 lone surrogate")
        one_line_naming(run, "p.jsonl", "line 2: 3 lone surrogate")
    for argv in (["entities", "--json"], ["docs", "--json"], ["entities", "--spans"]):
        run = run_cli(*argv, str(tmp_path), *extra)
        assert run.code == 0 and "\\ud800" not in run.out
    docs = json.loads(run_cli("docs", "--json", str(tmp_path)).out)
    assert sorted(row["id"] for row in docs) == ["good.txt", "x", "y"]
    batch = run_cli("search", "--batch", str(tmp_path), *extra, stdin="hà nội\nviệt nam\n".encode())
    assert batch.code == 0 and [len(json.loads(line)["results"]) for line in batch.out.splitlines()] == [2, 2]


def test_a_json_array_with_lone_surrogates(tmp_path):
    (tmp_path / "a.json").write_text('[{"id":"a","text":"Việt Nam \\udc00"},{"id":"b","text":"Hà Nội"}]',
                                     encoding="utf-8")
    run = run_cli("docs", "--json", str(tmp_path))
    assert run.code == 0 and [row["id"] for row in json.loads(run.out)] == ["a", "b"]
    one_line_naming(run, "a.json", "1 lone surrogate")


# ---------------------------------------------------------------- 2. file names that are not UTF-8

ODD_NAMES = [b"t\xeau\xff.txt", b"Vi\xd6t Nam.txt", b"\xb5\xb8.jsonl"]


def odd_name_corpus(root: Path) -> Path:
    root.mkdir()
    write_good(root, "ok.txt")
    for number, raw in enumerate(ODD_NAMES):
        path = os.path.join(os.fsencode(root), raw)
        data = f"Tin số {number}\n\nBài về Hà Nội số {number}." if raw.endswith(b".txt") else \
            json.dumps({"id": f"j{number}", "text": f"Bài về Hà Nội số {number}."})
        with open(path, "wb") as handle:
            handle.write(data.encode("utf-8"))
    return root


@pytest.mark.parametrize("cache", [None, "--no-cache"])
def test_file_names_that_are_not_utf8(tmp_path, cache):
    corpus = odd_name_corpus(tmp_path / "corpus")
    extra = [cache] if cache else []
    expected = sorted(["ok.txt", "t\\xeau\\xff.txt", "Vi\\xd6t Nam.txt", "j2"])
    for _ in range(2):
        run = run_cli("search", "ha noi", str(corpus), "--json", "--limit", "50", *extra)
        assert run.code == 0 and sorted(h["id"] for h in json.loads(run.out)["results"]) == expected
        for shown in ("t\\xeau\\xff.txt", "Vi\\xd6t Nam.txt", "\\xb5\\xb8.jsonl"):
            one_line_naming(run, shown, "file name is not valid UTF-8")
    assert sorted(docs_ids(corpus)) == expected
    assert run_cli("entities", "--json", str(corpus), *extra).code == 0
    explicit = os.path.join(os.fsencode(corpus), ODD_NAMES[0])
    assert docs_ids(os.fsdecode(explicit)) == ["t\\xeau\\xff.txt"]
    info = run_cli("cache", "info")
    assert info.code == 0


def test_a_folder_name_that_is_not_utf8(tmp_path):
    corpus = Path(os.fsdecode(os.path.join(os.fsencode(tmp_path), b"d\xe9p\xf4t")))
    write_good(corpus)
    for _ in range(2):
        assert search_ids("ha noi", str(corpus)) == ["good.txt"]
    assert "d\\xe9p\\xf4t" in run_cli("cache", "info").out


# ---------------------------------------------------------------- 4. output that is not UTF-8

NON_UTF8 = [
    pytest.param({"PYTHONIOENCODING": "latin-1"}, "iso8859-1", id="PYTHONIOENCODING=latin-1"),
    pytest.param({"LC_ALL": "C", "LANG": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0",
                  "PYTHONIOENCODING": ""}, "ascii", id="C-locale-no-coercion"),
]


@pytest.mark.parametrize("env, encoding", NON_UTF8)
def test_output_is_utf8_under_any_locale(tmp_path, env, encoding):
    write_good(tmp_path)
    for argv in (["search", "hà nội", str(tmp_path)], ["docs", str(tmp_path)], ["entities", str(tmp_path)],
                 ["search", "hà nội", str(tmp_path), "--json"]):
        run = run_cli(*argv, env=env)
        assert run.code == 0, run.err
        assert f"the locale's encoding is {encoding}, not UTF-8; writing UTF-8 anyway" in run.err
        assert len([line for line in run.err.splitlines() if "note:" in line]) == 1
    assert "Tin Việt Nam" in run_cli("search", "hà nội", str(tmp_path), env=env).out
    assert "Hà Nội" in run_cli("entities", str(tmp_path), env=env).out
    found = json.loads(run_cli("search", "hà nội", str(tmp_path), "--json", env=env).out)
    assert found["query"] == "hà nội" and [h["id"] for h in found["results"]] == ["good.txt"]


def test_no_notice_under_a_utf8_locale(tmp_path):
    write_good(tmp_path)
    run = run_cli("docs", str(tmp_path), env={"PYTHONIOENCODING": "utf-8"})
    assert run.code == 0 and "note:" not in run.err


# ---------------------------------------------------------------- 5. options anywhere


@pytest.mark.parametrize("argv", [
    ["search", "lâm", "--json", "{seeds}"],
    ["search", "--json", "lâm", "{seeds}"],
    ["search", "lâm", "{seeds}", "--json"],
    ["search", "lâm", "--limit", "5", "{seeds}", "--json"],
    ["search", "--json", "--", "lâm", "{seeds}"],
])
def test_options_anywhere_among_the_positionals(argv, seeds_dir):
    run = run_cli(*[a.replace("{seeds}", str(seeds_dir)) for a in argv])
    assert run.code == 0 and json.loads(run.out)["query"] == "lâm" and json.loads(run.out)["total"] == 2


def test_a_query_starting_with_a_dash_after_double_dash(seeds_dir):
    """``-tô`` is the query's exclusion, not an option: every seed article says "Tô Lâm"."""
    run = run_cli("search", "--json", "--", "-tô lâm", str(seeds_dir))
    assert run.code == 1 and json.loads(run.out)["query"] == "-tô lâm" and json.loads(run.out)["total"] == 0
    assert json.loads(run_cli("search", "--json", "lâm", str(seeds_dir)).out)["total"] == 2


def test_paths_and_options_mixed_for_docs_and_entities(seeds_dir, tmp_path):
    write_good(tmp_path)
    run = run_cli("docs", str(seeds_dir), "--json", str(tmp_path))
    assert run.code == 0 and len(json.loads(run.out)) == 3
    run = run_cli("entities", str(tmp_path), "--type", "LOC", "--json")
    assert run.code == 0 and {e["type"] for e in json.loads(run.out)} == {"LOC"}


# ---------------------------------------------------------------- 8. bounds and smaller things


@pytest.mark.parametrize("setting, message", [
    ("limit = 99999999999999999", "search.limit must be from 1 to 10000, not 99999999999999999"),
    ("limit = 0", "search.limit must be from 1 to 10000, not 0"),
    ("debounce_ms = 9e18", "search.debounce_ms must be an integer, not a number"),
    ("debounce_ms = 9000000000000000000", "search.debounce_ms must be from 0 to 2000"),
    ("debounce_ms = -5", "search.debounce_ms must be from 0 to 2000, not -5"),
])
def test_config_values_out_of_range_name_file_line_and_range(tmp_path, seeds_dir, setting, message):
    config = tmp_path / "c.toml"
    config.write_text(f"[ui]\nlanguage = \"en\"\n\n[search]\n{setting}\n", encoding="utf-8")
    run = run_cli("docs", str(seeds_dir), "--config", str(config))
    assert run.code == 2 and run.out == ""
    assert run.err == f"vnby-tui: {config}:line 5, column 1: {message}\n" or \
        (run.err.startswith(f"vnby-tui: {config}:line 5, column 1: {message}") and run.err.count("\n") == 1)


@pytest.mark.parametrize("variable", ["XDG_CACHE_HOME", "XDG_CONFIG_HOME"])
def test_a_relative_xdg_directory_is_ignored(tmp_path, seeds_dir, variable):
    home = tmp_path / "home"
    work = tmp_path / "work"
    work.mkdir()
    relative = {"HOME": str(home), variable: "relative/dir"}
    (work / "relative" / "dir" / "vnby-tui").mkdir(parents=True)
    (work / "relative" / "dir" / "vnby-tui" / "config.toml").write_text("[ui\n", encoding="utf-8")  # never read
    import subprocess
    import sys

    env = {**os.environ, **relative}
    proc = subprocess.run([sys.executable, "-m", "tui", "search", "lukashenko", str(seeds_dir), "--json"], cwd=work,
                          env=env, capture_output=True, timeout=120)
    assert proc.returncode == 0 and b"Traceback" not in proc.stderr, proc.stderr
    assert sorted(p.name for p in (work / "relative" / "dir" / "vnby-tui").iterdir()) == ["config.toml"]
    if variable == "XDG_CACHE_HOME":
        assert (home / ".cache" / "vnby-tui").is_dir()


def test_invalid_utf8_on_batch_stdin_names_the_line(seeds_dir):
    run = run_cli("search", "--batch", str(seeds_dir), stdin=b"t\xc3\xb4 l\xc3\xa2m\nl\xe2m\nminsk\n")
    assert run.code == 0
    lines = [json.loads(line) for line in run.out.splitlines()]
    assert [line["query"] for line in lines] == ["tô lâm", "l\ufffdm", "minsk"]
    one_line_naming(run, "standard input, line 2", "invalid UTF-8")
    assert len(run.warnings) == 1


def test_utf8_with_a_few_stray_bytes_is_utf8_not_mojibake(tmp_path):
    text = "Tin ngắn\n\nHà Nội hôm nay."
    (tmp_path / "stray.txt").write_bytes(text.encode("utf-8")[:12] + b"\xff" + text.encode("utf-8")[12:] + b"\x92")
    write_good(tmp_path)
    run = run_cli("docs", "--json", str(tmp_path))
    assert run.code == 0
    rows = {row["id"]: row for row in json.loads(run.out)}
    assert rows["stray.txt"]["title"] == "Tin ngắn"
    one_line_naming(run, "stray.txt", "invalid UTF-8 bytes replaced at 2 place(s)")
    assert search_ids("ha noi hom nay", tmp_path)[0] == "stray.txt"


@pytest.mark.parametrize("good_text", ["Tin ngắn\n\nHà Nội.", "Hội nghị\n\nThủ tướng Phạm Minh Chính chủ trì."])
def test_short_utf8_with_one_stray_byte_decodes_as_utf8(good_text):
    decoded = decode_bytes(good_text.encode("utf-8") + b"\xfe")
    assert decoded.text == good_text + "\ufffd" and "invalid UTF-8" in decoded.note


@pytest.mark.parametrize("command", [["docs"], ["search", "ha noi"], ["entities"], ["search", "--batch"]])
def test_zero_loadable_articles_is_an_error(tmp_path, command):
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "empty.jsonl").write_text("\n", encoding="utf-8")
    run = run_cli(*command, str(tmp_path), stdin=b"ha noi\n")
    assert run.code == 2 and run.out == ""
    assert run.err.splitlines()[-1] == f"vnby-tui: no article could be loaded from {tmp_path} (see the warnings above)"
    one_line_naming(run, "binary.txt", "binary file")
