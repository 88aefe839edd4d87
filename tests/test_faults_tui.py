"""The explorer under the inputs of the fault suite (issue 18, items 1 and 2): a
record with lone surrogates and a file name that is not UTF-8 load with the rest, and
a load that fails ends its "loading…" with a message instead of hanging there."""

from __future__ import annotations

import os

import pytest

from faults import write_good
from pilot import WIDE, listed_titles, make_app, search, settle


def header(app) -> str:
    return str(app.explorer.query_one("#header").render())


def poisoned_corpus(root):
    write_good(root, "good.txt")
    (root / "dump.jsonl").write_text('{"id":"x","title":"Hà Nội","text":"Hà Nội \\ud800 b"}\n'
                                     '{"id":"y","title":"Tin Việt Nam","text":"Việt Nam hôm nay"}\n', encoding="utf-8")
    (root / os.fsdecode(b"t\xeau\xff.txt")).write_text("Tin tên lạ\n\nBài về Hà Nội.", encoding="utf-8")
    return root


async def test_bad_records_and_names_load_with_the_rest(tmp_path):
    for use_cache in (True, True, False):  # cold, warm, without the cache
        app = make_app([str(poisoned_corpus(tmp_path / "corpus"))])
        app.config["cache"]["enabled"] = use_cache
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            assert app.corpus.loaded and "loading" not in header(app)
            assert sorted(app.corpus.articles[d].id for d in range(len(app.corpus.articles))) == \
                ["good.txt", "t\\xeau\\xff.txt", "x", "y"]
            assert any("lone surrogate" in str(w) and "line 1" in str(w) for w in app.corpus.warnings)
            assert any("not valid UTF-8" in str(w) for w in app.corpus.warnings)
            await search(pilot, "ha noi")
            assert sorted(listed_titles(app)) == sorted(["Hà Nội", "Tin tên lạ", "Tin Việt Nam"])  # x, the odd name, good.txt


async def test_a_folder_name_that_is_not_utf8_is_shown_with_escapes(tmp_path):
    root = tmp_path / os.fsdecode(b"d\xe9p\xf4t")
    write_good(root)
    app = make_app([str(root)])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert "d\\xe9p\\xf4t" in header(app) and "1 article" in header(app)
        await search(pilot, "ha noi")
        assert listed_titles(app) == ["Tin Việt Nam"]


async def test_a_load_that_fails_stops_saying_loading(monkeypatch):
    def broken(*_args, **_kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("tui.core.workspace.open_corpus", broken)
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert "loading failed" in header(app) and "loading…" not in header(app)
        await pilot.press("q")


@pytest.mark.e2e
@pytest.mark.parametrize("env", [
    {"PYTHONIOENCODING": "latin-1"},
    {"LC_ALL": "C", "LANG": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0"},
], ids=["PYTHONIOENCODING=latin-1", "C-locale-no-coercion"])
def test_the_explorer_draws_utf8_under_a_locale_that_is_not(tmp_path, env):
    """Under these the frames showed as ``\\u256d\\u2500`` and Vietnamese as escapes."""
    from terminal import Tmux, app_command

    with Tmux(app_command(tmp_path, env=env)) as tmux:
        screen = tmux.wait_for(lambda s: "2 articles" in s and "Tổng thống A. Lukashenko" in s, timeout=40,
                               what="the explorer on the seeds, in Vietnamese")
        assert "\\u25" not in screen and "\\u1e" not in screen
        assert any(char in screen for char in "─│╭▔▁━")
        tmux.send("q")
        assert tmux.wait_exit() == 0
