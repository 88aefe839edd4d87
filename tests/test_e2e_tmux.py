"""End-to-end: the installed ``vnby-tui`` in a real terminal (tmux), driven by keys.

Every wait polls ``capture-pane`` until the expected screen appears or a
deadline passes; captured text is NFC-normalised because a terminal may hand
Vietnamese back decomposed.
"""

from __future__ import annotations

import re

import pytest

from terminal import Tmux, app_command, sgr_attributes, styles_of

pytestmark = pytest.mark.e2e

SEED_TITLES = ("Củng cố tình hữu nghị", "Tổng thống A. Lukashenko")


@pytest.fixture
def session(tmp_path):
    with Tmux(app_command(tmp_path)) as tmux:
        yield tmux


def match_indicator(screen: str) -> str:
    found = re.search(r"match (\d+)/(\d+)", screen)
    assert found, f"no match indicator on screen:\n{screen}"
    return found.group(0)


def test_search_open_highlight_next_match_help_and_quit(session):
    session.wait_for(lambda s: "2 articles" in s and "Articles" in s, what="the explorer", timeout=30)
    session.send("/")
    session.type("to lam")
    session.wait_for(lambda screen: "2 hits" in screen and all(t in screen for t in SEED_TITLES),
                       what="both seeds listed for 'to lam'")
    session.send("Enter")  # leave the search field for the list
    session.send("Enter")  # open the first result
    screen = session.wait_for(lambda s: "match 1/" in s, what="the reader with a match indicator")
    first = match_indicator(screen)

    coloured = session.screen(escapes=True)
    highlighted = [style for style in styles_of(coloured, "Tô Lâm") if style & {"underline", "reverse"}]
    assert highlighted, "Tô Lâm is not highlighted (no underline/reverse where it is shown)"

    session.send("n")
    screen = session.wait_for(lambda s: "match 2/" in s, what="n to move the match indicator")
    assert match_indicator(screen) != first

    session.send("?")
    session.wait_for(lambda s: all(t in s for t in ("Keys", "Next match", "ctrl+p", "to close")), what="help")
    session.send("Escape")
    session.wait_for(lambda s: "to close" not in s, what="escape to close the help screen")
    session.send("q")
    assert session.wait_exit() == 0


def test_sgr_attributes_skip_colour_components():
    assert sgr_attributes("1;4;38;2;4;7;4;48;2;1;2;3") == {"bold", "underline", "background"}
    assert sgr_attributes("38;5;4") == set()
    assert sgr_attributes("7") == {"reverse"}
