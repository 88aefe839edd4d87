"""End-to-end: the installed ``vnby-tui`` in a real terminal (tmux), driven by keys.

Every wait polls ``capture-pane`` until the expected screen appears or a
deadline passes; captured text is NFC-normalised because a terminal may hand
Vietnamese back decomposed.
"""

from __future__ import annotations

import json
import os
import re
import time
import uuid
from pathlib import Path

import pytest

from terminal import Tmux, app_command, list_focused, reader_focused, sgr_attributes, styles_of

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
    session.wait_for(list_focused, what="the list focused after enter")
    session.send("Enter")  # read the first result (the list previews it at match 1/ already)
    screen = session.wait_for(lambda s: reader_focused(s) and "match 1/" in s,
                              what="the reader focused, with a match indicator")
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


def large_corpus(path, megabytes: int) -> None:
    """A JSONL corpus of about ``megabytes`` MB built from the seed texts (ids and a counter
    vary), large enough that loading takes seconds and entities go to a second process."""
    seeds = [p.read_text(encoding="utf-8") for p in sorted((Path(__file__).parent.parent / "seeds").glob("*.txt"))]
    with open(path, "w", encoding="utf-8") as out:
        written, n = 0, 0
        while written < megabytes * 1_000_000:
            line = json.dumps({"id": f"doc-{n}", "text": f"Bài số {n}. {seeds[n % len(seeds)]}"}, ensure_ascii=False)
            written += out.write(line + "\n")
            n += 1


def processes_marked(marker: str) -> list[int]:
    """Live processes whose environment carries ``marker`` (the program and any child it started)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/environ", "rb") as handle:
                    if marker.encode() in handle.read():
                        found.append(int(entry))
            except OSError:
                pass
    return found


def test_quitting_mid_load_leaves_a_clean_terminal_and_no_process(tmp_path):
    """q while a large corpus is still loading (entities in a second process): the
    program exits 0 with no traceback, the terminal is back in cooked mode with echo,
    no process it started is left running, and no cache entry is half-written."""
    corpus = tmp_path / "large.jsonl"
    large_corpus(corpus, 60)
    marker = f"VNBY_TEST_RUN={uuid.uuid4().hex}"
    command = app_command(tmp_path, str(corpus), env={marker.split("=")[0]: marker.split("=")[1]})
    with Tmux("PS1='PROMPT> ' bash --norc --noprofile -i") as tmux:
        tmux.wait_for("PROMPT>", what="the shell prompt")
        tmux.type(command)
        tmux.send("Enter")
        tmux.wait_for(lambda s: re.search(r"(indexing|entities) \d+%", s), what="loading in progress", timeout=30)
        assert processes_marked(marker), "the program is not running"
        tmux.send("q")
        tmux.wait_for(lambda s: s.rstrip().endswith("PROMPT>"), what="the prompt after quitting")
        tmux.type("echo STATUS=$?; stty -a | tr ' ' '\\n' | grep -x -- '-*icanon'; stty -a | tr ' ' '\\n' | grep -x -- '-*echo'")
        tmux.send("Enter")
        screen = tmux.wait_for(re.compile(r"STATUS=\d+\n.*icanon\n.*echo\nPROMPT>").search, what="status and tty modes")
        assert "STATUS=0\nicanon\necho\n" in screen, screen
        assert "Traceback" not in screen
    deadline = time.monotonic() + 10
    while processes_marked(marker) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not processes_marked(marker), "a process started by the program outlived it"
    cache = tmp_path / "cache" / "vnby-tui"
    leftovers = [p.name for p in cache.iterdir()] if cache.exists() else []
    assert not leftovers, f"cache written by an interrupted load: {leftovers}"


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
def test_a_star_survives_quitting_and_relaunching(tmp_path, size):
    """Star an article in the installed program, quit, relaunch: the ★ is still on its row."""
    command = app_command(tmp_path)
    with Tmux(command, width=size[0], height=size[1]) as tmux:
        tmux.wait_for(lambda s: "2 articles" in s, what="the explorer", timeout=30)
        tmux.send("/")
        tmux.type("sergeyenko")  # one seed only: the article to star is not in doubt
        tmux.wait_for(lambda s: SEED_TITLES[0] in s and SEED_TITLES[1] not in s, what="only the first seed listed")
        tmux.send("Enter")  # the field previews the top hit at match 1/ already: the list takes the focus
        tmux.wait_for(lambda s: list_focused(s) and "match 1/" in s, what="the list focused, the article open")
        tmux.send("*")
        tmux.wait_for(lambda s: "Starred" in s, what="the star confirmed")
        tmux.send("q")
        assert tmux.wait_exit() == 0
    with Tmux(command, width=size[0], height=size[1]) as tmux:
        screen = tmux.wait_for(lambda s: "★ " + SEED_TITLES[0][:12] in s, what="the star on the relaunched list",
                               timeout=30)
        assert screen.count("★") == 1
        tmux.send("q")
        assert tmux.wait_exit() == 0
