"""End-to-end timeline strip of the installed ``vnby-tui`` in tmux, at 120×40 and 80×24: search,
move to the strip under the search bar, pick a month with the keyboard, and the list shows only
that month's articles.  Every wait polls the (NFC-normalised) screen for the state the last key
should produce."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from terminal import Tmux, app_command, list_focused

pytestmark = pytest.mark.e2e

SIZES = [pytest.param((120, 40), id="120x40"), pytest.param((80, 24), id="80x24")]
DATED_NEWS = Path(__file__).parent / "data" / "dated_news.jsonl"
STORM = re.compile(r"Bão số (\d+) ")
#: The month of each storm article, by the number in its title.
MONTH_OF_STORM = {int(STORM.match(r["title"] + " ").group(1)): r.get("date", "")[:7]
                  for r in map(json.loads, DATED_NEWS.read_text(encoding="utf-8").splitlines())
                  if r["title"].startswith("Bão số")}
#: How many storm articles have a date: what the strip counts for the query (the corpus has more).
STORMS_DATED = sum(1 for r in map(json.loads, DATED_NEWS.read_text(encoding="utf-8").splitlines())
                   if r["title"].startswith("Bão số") and r.get("date"))


def strip_line(screen: str) -> str:
    """The timeline strip: the line under the search bar."""
    return screen.splitlines()[2]


def listed_months(screen: str) -> list[str]:
    """The month of each storm article whose title shows in the article list (the left pane;
    its rows are too narrow at 80 columns for the dates)."""
    lines = screen.splitlines()
    top = next(i for i, line in enumerate(lines) if "Articles" in line)
    left = "\n".join(line[: line.find("│", 1) + 1] for line in lines[top + 1:-1])
    return [MONTH_OF_STORM[int(number)] for number in STORM.findall(left)]


@pytest.mark.parametrize("size", SIZES)
def test_picking_a_month_on_the_timeline_lists_only_that_month(tmp_path, size):
    width, height = size
    corpus = tmp_path / "news.jsonl"
    shutil.copy(DATED_NEWS, corpus)
    with Tmux(app_command(tmp_path, str(corpus)), width=width, height=height) as tmux:
        tmux.wait_for(lambda s: "28 articles" in s and "entities" in s, what="the corpus loaded", timeout=60)
        tmux.send("/")
        tmux.type("bão số")
        tmux.send("Enter")
        # the whole corpus spans the same months: the query's strip is told by its count
        tmux.wait_for(lambda s: list_focused(s) and f"2020-01 … 2020-07 · {STORMS_DATED} dated" in strip_line(s),
                      what="the list focused and the strip of the query's months")
        assert len(set(listed_months(tmux.screen()))) > 1  # several months listed before the pick
        tmux.send("BTab")  # from the list back to the strip
        tmux.wait_for(lambda s: "2020-01: 2 articles" in strip_line(s), what="the strip focused, on January")
        tmux.send("Right")
        tmux.wait_for(lambda s: "2020-02: 5 articles" in strip_line(s), what="the cursor on February")
        tmux.send("Right")
        tmux.wait_for(lambda s: "2020-03: 9 articles" in strip_line(s), what="the cursor on March")
        tmux.send("Enter")
        screen = tmux.wait_for(lambda s: "date:2020-03" in s.splitlines()[1] and "9 hits" in s.splitlines()[1],
                               what="the query filtered to March")
        months = listed_months(screen)
        assert len(months) >= min(9, (height - 8) // 2) and set(months) == {"2020-03"}, screen
