"""Hostile input through the loader and the command line: warnings, never a crash,
every good article loaded, nothing modified, nothing that drives the terminal."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from hostile import ESCAPES, make_hostile_corpus, snapshot_tree
from tui.core.loader import load_paths


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    return make_hostile_corpus(tmp_path_factory.mktemp("hostile") / "corpus")


def test_every_good_article_loads_and_every_bad_file_is_named(hostile):
    result = load_paths([hostile.root])
    assert sorted(a.id for a in result.articles) == sorted(hostile.good_ids)
    messages = [str(w) for w in result.warnings]
    for name in hostile.warned_files:
        assert any(str(hostile.root / name) in m for m in messages), name
    assert all("\n" not in m for m in messages)


def test_legacy_encodings_read_as_vietnamese(hostile):
    docs = {a.id: a for a in load_paths([hostile.root]).articles}
    for doc_id in ("legacy-1258.txt", "utf16-bom.txt", "utf16-nobom.txt", "nfd.txt", "mixed.txt"):
        assert "Tổng Bí thư Tô Lâm hội đàm" in docs[doc_id].text, doc_id
    assert "tổng bí thư tô lâm hội đàm" in docs["tcvn3.txt"].text
    assert "Hà Nội." in docs["broken-utf8.txt"].text


def test_huge_inputs_are_cut_with_a_warning(hostile):
    result = load_paths([hostile.root / "huge-100mb.txt", hostile.root / "one-line-10mb.txt"])
    assert [len(a.text) <= 4_000_000 for a in result.articles] == [True, True]
    assert sum("only the first" in str(w) for w in result.warnings) == 2


def run(*argv):
    return subprocess.run([sys.executable, "-m", "tui", *argv], capture_output=True, timeout=300)


def test_cli_output_never_carries_terminal_controls(hostile):
    for argv in (["docs", str(hostile.root)], ["docs", "--json", str(hostile.root)]):
        proc = run(*argv)
        assert proc.returncode == 0, proc.stderr[-500:]
        for stream in (proc.stdout, proc.stderr):
            text = stream.decode("utf-8")
            assert "\x1b" not in text and "\x07" not in text and "\x9b" not in text and "\u202e" not in text
            assert "Traceback" not in text
    listing = json.loads(proc.stdout)  # the --json run's listing
    assert any(row["title"].startswith("Tiêu đề") and "^[]0;PWNED-TITLE^G" not in row["title"] for row in listing)
    assert any(ESCAPES in row["title"] for row in listing)  # data kept as it is, escaped only on output


def test_the_corpus_tree_is_unchanged_after_loading(hostile):
    before = snapshot_tree(hostile.root)
    load_paths([hostile.root])
    run("docs", str(hostile.root))
    assert snapshot_tree(hostile.root) == before


@pytest.fixture
def small_hostile(tmp_path):
    return make_hostile_corpus(tmp_path / "corpus", big=False)


async def test_the_explorer_takes_a_hostile_corpus_and_changes_nothing(small_hostile):
    """A full session — load, search, open every article, filter, quit — on the hostile
    corpus: no crash, warnings listed, nothing under the corpus modified."""
    from textual import events

    from pilot import make_app, search, settle

    before = snapshot_tree(small_hostile.root)
    app = make_app([str(small_hostile.root)])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert sorted(a.id for a in app.corpus.articles) == sorted(small_hostile.good_ids)
        assert {name for name in small_hostile.warned_files
                if any(name in str(w) for w in app.corpus.warnings)} == set(small_hostile.warned_files)
        for query in ("ha noi", "\x1b]0;x\x07", '"unbalanced', "((((", "🇻🇳"):
            await search(pilot, query)
            await pilot.press("ctrl+a", "ctrl+k")
        for _ in range(200):  # a 200-letter query in one burst (a paste, a held key): no wait between keys
            app.post_message(events.Key("a", "a"))
        await settle(pilot)
        assert app.search_bar.query_text == "a" * 200 == app.search_text
        await pilot.press("ctrl+a", "ctrl+k")
        await pilot.press("escape")
        for _ in range(len(app.corpus.articles)):
            await pilot.press("down", "enter")
            await settle(pilot)
        await pilot.press("e", "h", "question_mark", "escape")
        app.action_show_warnings()
        await pilot.pause()
        listing = app.screen.query_one("OptionList")
        lines = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        assert any("random.txt" in line and "binary" in line for line in lines)
        assert not any("\x1b" in line for line in lines)
        await pilot.press("escape", "q")
    assert app.return_code == 0
    assert snapshot_tree(small_hostile.root) == before
