"""End-to-end reading flow of the installed ``vnby-tui`` in tmux, at 120×40 and 80×24.

One ``enter`` in the search field opens the top hit at its first match; keys sent
in the same burst as that ``enter`` move the list instead of landing in the query;
``/`` back into the field appends to the query (``tab`` goes round the panes, never there); the footer keeps ``?`` and
``q`` on a small terminal.  Every wait polls the screen (NFC-normalised) for the
state the last key should produce before the next key is sent, except where one
burst is the point.
"""

from __future__ import annotations

import re

import pytest

from terminal import Tmux, app_command, reader_focused, search_focused
from test_search_tiers import ARTICLES

pytestmark = pytest.mark.e2e

SIZES = [pytest.param((120, 40), id="120x40"), pytest.param((80, 24), id="80x24")]


def explorer(tmp_path, size, *paths: str, articles: int = 2) -> Tmux:
    width, height = size
    tmux = Tmux(app_command(tmp_path, *paths), width=width, height=height)
    tmux.wait_for(lambda s: f"{articles} articles" in s and "entities" in s, what="the corpus loaded", timeout=60)
    return tmux


def five_articles_about_lam(folder) -> str:
    folder.mkdir()
    for n in range(5):
        (folder / f"bai-{n}.txt").write_text(
            f"Bài số {n} về chuyến thăm\n\nÔng Nguyễn Văn Lâm phát biểu lần thứ {n + 1} tại Hà Nội.\n",
            encoding="utf-8")
    return str(folder)


def query_line(screen: str) -> str:
    """The search bar: the second line of the screen."""
    return screen.splitlines()[1]


def in_list(screen: str) -> bool:
    """The list has the focus: its ``enter`` key (Open) is on the footer."""
    return "Open" in screen.splitlines()[-1]


def open_marker_row(screen: str) -> int:
    """Which list row (0 = first) carries ``▸``, the article the reader shows."""
    lines = screen.splitlines()
    top = next(i for i, line in enumerate(lines) if "Articles" in line and "╭" in line)
    marked = next(i for i, line in enumerate(lines) if line.startswith("│▸"))
    return (marked - top - 1) // 2


@pytest.mark.parametrize("size", SIZES)
def test_one_enter_reads_the_top_hit_and_slash_refines_the_query(tmp_path, size):
    with explorer(tmp_path, size) as tmux:
        tmux.send("/")
        tmux.wait_for(search_focused, what="the search field focused")
        tmux.type("lukashenk")
        tmux.wait_for(lambda s: "lukashenk" in query_line(s) and re.search(r"\b1 hit\b", s),
                      what="one hit for 'lukashenk'")
        tmux.send("Enter")
        screen = tmux.wait_for(lambda s: in_list(s) and re.search(r"match 1/\d+", s),
                               what="the list focused and the top hit open at match 1/N")
        assert "Lukashenko" in screen
        # round the panes (the reader, the list again), never into the search field; each
        # wait is for a key bar the one before cannot show
        tmux.send("Tab")
        tmux.wait_for(reader_focused, what="the reader focused")
        tmux.send("Tab")
        tmux.wait_for(in_list, what="back in the list")
        tmux.type("j")  # a pane's key: had tab reached the search field, it would be typed there
        tmux.send("/")  # back into the search field
        tmux.wait_for(search_focused, what="the search field focused again")
        tmux.type("o")
        tmux.wait_for(lambda s: "lukashenko" in query_line(s), what="the letter appended to the query")
        assert re.match(r"\s*/ lukashenko\s", query_line(tmux.screen())), query_line(tmux.screen())
        tmux.send("q")  # typed into the field, not quitting
        tmux.wait_for(lambda s: "lukashenkoq" in query_line(s), what="q typed into the query")
        tmux.send("Escape")
        tmux.wait_for(in_list, what="back in the list")
        tmux.send("q")
        assert tmux.wait_exit() == 0


@pytest.mark.parametrize("size", SIZES)
def test_keys_sent_with_enter_in_one_burst_move_the_list_not_the_query(tmp_path, size):
    """Issue 18: ``/``, ``lam``, ``enter``, ``j``, ``j`` in ONE send-keys."""
    with explorer(tmp_path, size, five_articles_about_lam(tmp_path / "corpus"), articles=5) as tmux:
        tmux.send("/", "lam", "Enter", "j", "j")
        screen = tmux.wait_for(lambda s: re.search(r"match 1/\d+", s) and "▸" in s and open_marker_row(s) == 2,
                               what="the third hit open, the query unchanged", timeout=30)
        assert re.match(r"\s*/ lam\s", query_line(screen)), query_line(screen)
        assert "lamj" not in screen


def marked_line(screen: str) -> int:
    """Screen line of the title of the row carrying ``▸`` (the article the reader shows)."""
    return next(i for i, line in enumerate(screen.splitlines()) if line.startswith("│▸"))


@pytest.mark.parametrize("size", SIZES)
def test_tier_separators_are_drawn_and_the_cursor_steps_over_them(tmp_path, size):
    """Hits of three tiers: ``── 2 near ──`` and a scattered separator between them; ``j``
    from the last near hit lands on the first scattered one, which the reader shows."""
    folder = tmp_path / "tiers"
    folder.mkdir()
    for doc_id, text in ARTICLES.items():
        (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    with explorer(tmp_path, size, str(folder), articles=len(ARTICLES)) as tmux:
        tmux.send("/")
        tmux.wait_for(search_focused, what="the search field focused")
        tmux.type("thu tuong pham minh chinh")
        tmux.wait_for(lambda s: "── 2 near ──" in s and "── 2 scattered ──" in s,
                      what="a separator before each weaker tier")
        tmux.send("Enter")
        screen = tmux.wait_for(lambda s: in_list(s) and "match 1/" in s and "▸" in s, what="the top hit open")
        assert "Thủ tướng gặp dân" in screen.splitlines()[marked_line(screen)]
        tmux.send("j")  # over the near separator
        screen = tmux.wait_for(lambda s: "Tin sáng" in s.splitlines()[marked_line(s)], what="the first near hit")
        assert "── 2 near" in screen.splitlines()[marked_line(screen) - 1]
        tmux.send("j")
        tmux.wait_for(lambda s: "Họp Chính phủ" in s.splitlines()[marked_line(s)], what="the second near hit")
        tmux.send("j")  # over the scattered separator
        screen = tmux.wait_for(lambda s: "Ba đoạn" in s.splitlines()[marked_line(s)], what="the first scattered hit")
        above = screen.splitlines()[marked_line(screen) - 1]
        assert "── 2" in above and "scattered" in above
        tmux.wait_for(lambda s: any("Ba đoạn" in "".join(line.split("│")[2:]) for line in s.splitlines()),
                      what="the reader showing the first scattered hit")
        tmux.send("q")
        assert tmux.wait_exit() == 0


@pytest.mark.parametrize("size", SIZES)
def test_the_footer_shows_help_and_quit(tmp_path, size):
    with explorer(tmp_path, size) as tmux:
        footer = tmux.screen().splitlines()[-1]
        assert re.search(r"\?\s+Help", footer) and re.search(r"\bq\s+Quit", footer), footer
        tmux.send("?")
        tmux.wait_for("to close", what="the help screen")
        tmux.send("Escape")
        tmux.wait_for(lambda s: "to close" not in s, what="the help screen closed")
        tmux.send("q")
        assert tmux.wait_exit() == 0
