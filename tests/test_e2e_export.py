"""End-to-end: exporting a search's results from the installed ``vnby-tui`` in a real terminal.

The screen is polled with ``capture-pane`` (NFC-normalised) until the expected text shows."""

from __future__ import annotations

import csv
import datetime
import os

import pytest

from terminal import Tmux, app_command, list_focused

pytestmark = pytest.mark.e2e

SEED_TITLES = ("Củng cố tình hữu nghị", "Tổng thống A. Lukashenko")


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
def test_x_exports_the_results_to_a_file_in_the_working_directory(tmp_path, size):
    work = tmp_path / "work"
    work.mkdir()
    name = f"vnby-to-lam-{datetime.date.today().isoformat()}.csv"
    with Tmux(app_command(tmp_path), width=size[0], height=size[1], cwd=str(work)) as tmux:
        tmux.wait_for(lambda s: "2 articles" in s, what="the explorer", timeout=30)
        tmux.send("/")
        tmux.type("to lam")
        tmux.wait_for("2 hits", what="both seeds found")
        tmux.send("Enter")
        tmux.wait_for(list_focused, what="the list focused")
        tmux.send("X")
        tmux.wait_for(lambda s: name in s and "CSV" in s and "Markdown" in s, what="the export dialog")
        tmux.send("Enter")
        tmux.wait_for(lambda s: "Exported 2 articles" in s and "vnby-to-lam-" in s, what="the toast: count and file")
        tmux.send("q")
        assert tmux.wait_exit() == 0
    with open(work / name, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert sorted(row["title"][:20] for row in rows) == sorted(t[:20] for t in SEED_TITLES)
    assert os.listdir(work) == [name]
