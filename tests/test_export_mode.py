"""An exported file gets the mode any new file of the user's gets (``0o666`` less the umask),
not the private ``-rw-------`` of the temporary file it is written in first: the CLI's ``-o``,
the explorer's export and the writer they share; so do the user's other files, the curation
file a team shares and the preferences, each still written whole."""

from __future__ import annotations

import json
import os
import stat
from contextlib import contextmanager
from pathlib import Path

import pytest

from pilot import WIDE, SMALL, make_app, search, settle, wait_until
from tui.cli import main
from tui.core.curation import Curation, default_path
from tui.core.export import atomic_file
from tui.core.preferences import Preferences


@contextmanager
def umask(mask: int):
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def news(tmp_path):
    rows = [{"id": f"n{i}", "title": f"Bão số {i}", "text": f"Cơn bão số {i} đổ bộ Quảng Nam."} for i in range(3)]
    path = tmp_path / "news.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.mark.parametrize(("mask", "expected"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_the_cli_s_output_file_has_the_usual_mode(news, tmp_path, mask, expected):
    target = tmp_path / "bao.csv"
    with umask(mask):
        assert main(["export", "bão", str(news), "--format", "csv", "-o", str(target), "--no-cache"]) == 0
    assert mode(target) == expected


def test_the_shared_writer_gives_the_usual_mode(tmp_path):
    with umask(0o022):
        with atomic_file(str(tmp_path / "out.md"), "md") as out:
            out.write("1. a\n")
    assert mode(tmp_path / "out.md") == 0o644


@pytest.mark.parametrize("size", [WIDE, SMALL], ids=["120x40", "80x24"])
async def test_the_explorer_s_export_has_the_usual_mode(news, tmp_path, monkeypatch, size):
    from tui.dialogs.export import ExportScreen

    monkeypatch.chdir(tmp_path)
    app = make_app([str(news)])
    with umask(0o022):
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await search(pilot, "bao")
            app.focus_now(app.document_list)
            await pilot.press("X")
            await wait_until(pilot, lambda: isinstance(app.screen, ExportScreen), "the export dialog")
            await pilot.press("enter")
            await wait_until(pilot, lambda: list(tmp_path.glob("vnby-bao-*.csv")), "the file written")
            await settle(pilot)
    [written] = tmp_path.glob("vnby-bao-*.csv")
    assert mode(written) == 0o644
    assert [p.name for p in Path(tmp_path).iterdir() if p.name.endswith(".part")] == []


@pytest.mark.parametrize(("mask", "expected"), [(0o022, 0o644), (0o002, 0o664)])
def test_the_curation_file_has_the_usual_mode_and_is_written_whole(mask, expected):
    """A new user's trial: curation.toml, meant to be shared and versioned, was -rw------- ."""
    with umask(mask):
        assert main(["curate", "hide", "Trường Thịnh"]) == 0
        assert mode(default_path()) == expected
        assert main(["curate", "rename", "Park", "Park Hang Seo"]) == 0
    assert mode(default_path()) == expected
    assert [a.op for a in Curation.load().actions] == ["hide", "rename"]
    assert [p.name for p in default_path().parent.iterdir()] == ["curation.toml"], "no temporary file left"


@pytest.mark.parametrize(("mask", "expected"), [(0o022, 0o644), (0o002, 0o664)])
def test_the_preferences_file_has_the_usual_mode(tmp_path, mask, expected):
    path = tmp_path / "state" / "preferences.json"
    prefs = Preferences.load(path)
    prefs.remember("theme", "dracula", "textual-dark")
    with umask(mask):
        assert prefs.save()
    assert mode(path) == expected
    assert Preferences.load(path).apply({"theme": "textual-dark"})["theme"] == "dracula"
    assert [p.name for p in path.parent.iterdir()] == ["preferences.json"]
