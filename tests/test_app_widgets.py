"""The explorer's parts on their own: wrapping, safe display text, large lists, styles, lean mode."""

from __future__ import annotations

import copy
import json
import re
import time

import pytest
from rich.cells import cell_len
from textual.app import App, ComposeResult

from pilot import WIDE, leave_search_for_the_list, make_app, search, settle, wait_until
from tui.app import running_over_ssh
from tui.core.config import DEFAULTS, Config
from tui.core.model import Article
from tui.widgets.document_list import DocumentList
from tui.widgets.entity_sidebar import EntitySidebar, group_rows
from tui.widgets.reader import wrap_offsets
from tui.screen_text import visible

# -- wrapping -------------------------------------------------------------------------


@pytest.mark.parametrize("width", [1, 5, 12, 40])
@pytest.mark.parametrize("text", [
    "Tổng Bí thư Tô Lâm thăm chính thức Belarus",
    "mộtchữrấtdàikhôngcókhoảngtrắngnàocả và tiếp",
    "漢字と絵文字 👨‍👩‍👧 mixed widths",
    "  leading and  double  spaces ",
    "",
])
def test_wrap_offsets_cover_the_text_and_fit_the_width(text, width):
    lines = wrap_offsets(text, width)
    assert lines[0][0] == 0 and lines[-1][1] == len(text)
    assert all(end == next_start for (_, end), (next_start, _) in zip(lines, lines[1:]))
    for start, end in lines:
        assert cell_len(text[start:end].rstrip()) <= max(width, 2)  # a wide glyph needs 2 cells


# -- text that reaches the terminal ----------------------------------------------------


def test_visible_neutralises_controls_one_for_one():
    hostile = "a\x1b]0;pwned\x07b\x1b[31mc\u202edraw\x9bd\x7f\te"
    shown = visible(hostile)
    assert len(shown) == len(hostile)
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 or c == "\u202e" for c in shown)
    assert shown.startswith("a␛]0;pwned␇b")


async def test_escape_sequences_in_an_article_never_reach_the_screen(tmp_path):
    (tmp_path / "evil.txt").write_text(
        "Tiêu đề \x1b]0;pwned\x07 độc hại\n\nĐoạn văn \x1b[2J\x1b[31m đỏ \u202egnirts\u202c và \x9b5m hết.\n",
        encoding="utf-8")
    app = make_app([str(tmp_path)])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        strips = [app.reader.render_line(y) for y in range(5)] + [app.document_list.render_line(0)]
        shown = "".join(segment.text for strip in strips for segment in strip)
        assert "pwned" in shown and "␛" in shown
        assert not any(ord(c) < 0x20 or 0x80 <= ord(c) < 0xA0 or c in "\u202e\u202c" for c in shown)


# -- large lists ------------------------------------------------------------------------


class ListApp(App):
    def compose(self) -> ComposeResult:
        yield DocumentList()


def synthetic_articles(count: int) -> list[Article]:
    return [Article(id=f"doc-{n}", title=f"Bài số {n} về kinh tế Việt Nam", text="", paragraphs=[],
                    date="2025-01-01", source="synthetic") for n in range(count)]


async def test_sixty_thousand_rows_show_and_scroll_to_the_end():
    articles = synthetic_articles(60_000)
    app = ListApp()
    async with app.run_test(size=WIDE) as pilot:
        listing = app.query_one(DocumentList)
        listing.focus()
        listing.show(articles, range(len(articles)))
        await pilot.pause()
        await pilot.press("G")
        await pilot.pause()
        await pilot.press("pageup", "k")
        await pilot.pause()
        assert listing.current_doc == 60_000 - 1 - (listing._page_rows() + 1)
        shown = "".join(segment.text for segment in listing.render_line(listing.size.height - 2))
        assert "Bài số" in shown


class SidebarApp(App):
    def compose(self) -> ComposeResult:
        yield EntitySidebar()


async def test_a_hundred_thousand_entities_fill_the_sidebar_to_the_end():
    from tui.core.entities import Entity

    kinds = ("PER", "ORG", "LOC", "DATE")
    entities = [(Entity(key=f"{kinds[n % 4]}:e{n}", name=f"Thực thể {n}", type=kinds[n % 4]), n % 97 + 1)
                for n in range(100_000)]
    app = SidebarApp()
    async with app.run_test(size=WIDE) as pilot:
        sidebar = app.query_one(EntitySidebar)
        sidebar.show(entities)
        sidebar.focus()
        await pilot.press("G")
        await pilot.pause()
        # the last row: the least mentioned date, last by name among them
        dates = [pair for pair in entities if pair[0].type == "DATE"]
        least = min(count for _, count in dates)
        assert sidebar.current_entity is max((e for e, c in dates if c == least), key=lambda e: e.name)


def test_group_rows_put_a_heading_before_each_type_most_mentioned_first():
    from tui.core.entities import Entity

    pairs = [(Entity("LOC:a", "A", "LOC"), 1), (Entity("PER:b", "B", "PER"), 2), (Entity("PER:c", "C", "PER"), 5)]
    rows = group_rows(pairs)
    assert [(row.type, row.entity.name if row.entity else None) for row in rows] == [
        ("PER", None), ("PER", "C"), ("PER", "B"), ("LOC", None), ("LOC", "A")]


async def test_the_cursor_skips_group_headings():
    from tui.core.entities import Entity

    app = SidebarApp()
    async with app.run_test(size=WIDE) as pilot:
        sidebar = app.query_one(EntitySidebar)
        sidebar.show([(Entity("PER:b", "B", "PER"), 2), (Entity("LOC:a", "A", "LOC"), 1)])
        sidebar.focus()
        assert sidebar.current_entity.name == "B"
        await pilot.press("j")
        assert sidebar.current_entity.name == "A"
        await pilot.press("k")
        assert sidebar.current_entity.name == "B"


# -- capped results -----------------------------------------------------------------------


async def test_a_capped_result_list_ends_with_a_more_row():
    values = copy.deepcopy(DEFAULTS)
    values["search"]["limit"] = 1
    values["ssh"]["lean"] = "on"
    from tui.app import VnbyApp
    from tui.core.loader import bundled_seeds

    app = VnbyApp([str(bundled_seeds())], Config(values=values))
    async with app.run_test(size=WIDE) as pilot:
        await search(pilot, "to lam")
        listing = app.document_list
        assert len(listing.docs) == 1 and listing.more == 1 and listing.row_count() == 2
        more_line = "".join(segment.text for segment in listing.render_line(2))
        assert "1 more" in more_line
        await pilot.press("enter")  # to the list
        await pilot.press("G", "enter")
        await settle(pilot)
        assert sorted(listing.docs) == [0, 1] and listing.more == 0


# -- look -------------------------------------------------------------------------------


async def test_highlights_stay_visible_without_colour(app):
    """NO_COLOR strips colours; every highlight also has a text style of its own."""
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        reader = app.reader

        def style(name):
            return reader.get_component_rich_style(name, partial=True)

        assert style("reader--match").bold and style("reader--match").underline
        assert style("reader--match-current").reverse
        assert style("reader--filtered").underline
        for name in ("reader--per", "reader--org", "reader--loc", "reader--date"):
            assert style(name).bold or style(name).italic, name


async def test_no_color_environment_turns_colour_off(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert app.no_color


@pytest.mark.parametrize("setting, env, lean", [
    ("auto", {"SSH_CONNECTION": "1.2.3.4 5 6.7.8.9 22"}, True),
    ("auto", {"SSH_TTY": "/dev/pts/3"}, True),
    ("auto", {}, False),
    ("off", {"SSH_TTY": "/dev/pts/3"}, False),
    ("on", {}, True),
])
def test_lean_mode_over_ssh(monkeypatch, setting, env, lean):
    monkeypatch.delenv("SSH_CONNECTION", raising=False)
    monkeypatch.delenv("SSH_TTY", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    values = copy.deepcopy(DEFAULTS)
    values["ssh"]["lean"] = setting
    assert running_over_ssh(Config(values=values)) is lean


# -- loading ----------------------------------------------------------------------------


async def test_quitting_while_loading_is_clean(tmp_path):
    corpus = tmp_path / "big.jsonl"
    line = {"title": "Tin thử", "text": "Ông Nguyễn Văn An đến Hà Nội. " * 40}
    corpus.write_text("\n".join(json.dumps(dict(line, id=str(n)), ensure_ascii=False) for n in range(4000)),
                      encoding="utf-8")
    app = make_app([str(corpus)])
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert not app.corpus.loaded
        await pilot.press("q")
    assert app.return_code == 0


async def test_load_warnings_are_notified_and_listed(tmp_path):
    (tmp_path / "good.txt").write_text("Tiêu đề\n\nNội dung bài viết.\n", encoding="utf-8")
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    app = make_app([str(tmp_path)])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert len(app.corpus.articles) == 1
        assert any("broken.json" in str(warning) for warning in app.corpus.warnings)
        assert any("load warning" in notification.message for notification in app._notifications)
        app.action_show_warnings()
        await pilot.pause()
        listing = app.screen.query_one("OptionList")
        prompts = [str(listing.get_option_at_index(i).prompt) for i in range(listing.option_count)]
        assert any("broken.json" in prompt for prompt in prompts)


async def test_a_huge_article_steps_through_matches_without_relayout(tmp_path):
    """Highlights are styled per drawn line: n/N on a 1.5 MB article repaints one screen."""
    paragraph = "Đoàn đại biểu Hà Nội làm việc với tỉnh bạn về hợp tác kinh tế và văn hóa. " * 20
    (tmp_path / "huge.txt").write_text("Bài rất dài\n\n" + "\n\n".join([paragraph] * 1000), encoding="utf-8")
    app = make_app([str(tmp_path)])
    async with app.run_test(size=WIDE) as pilot:
        await search(pilot, "ha noi")
        await leave_search_for_the_list(pilot)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.reader.doc == 0, "the huge article in the reader")
        await settle(pilot)
        reader = app.reader
        assert len(reader.matches) >= 1000
        layout = reader.text_layout
        for _ in range(20):
            reader.next_match()
            for y in range(reader.size.height):
                reader.render_line(y)
        assert reader.text_layout is layout  # no new wrapping
        assert reader.match_label == f"match 21/{len(reader.matches)}"


async def test_a_failing_worker_is_reported_not_fatal(app, monkeypatch):
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)

        def broken(*args, **kwargs):
            raise RuntimeError("index on fire [bold]")

        monkeypatch.setattr(app.corpus.search_index, "search", broken)
        await search(pilot, "to lam")
        assert app.is_running
        assert any("index on fire [bold]" in n.message for n in app._notifications)
        await pilot.press("escape", "j")
        assert app.document_list.cursor == 1  # still usable


def test_counts_group_thousands_as_each_language_writes_them():
    from tui.i18n import label

    assert label("en", "header.articles", n=2653) == "2,653 articles"
    assert label("vi", "header.articles", n=2653) == "2.653 bài"
    assert label("vi", "search.hits", n=1234567) == "1.234.567 kết quả"
    assert label("vi", "header.stage", stage="thực thể", pct=5, rate=2.5, left="7") == "thực thể 5% · 2,5 MB/s · còn 7 giây"
    assert label("en", "header.stage", stage="entities", pct=5, rate=2.5, left="7") == "entities 5% · 2.5 MB/s · 7 s left"


def test_every_label_exists_in_both_languages():
    from tui.i18n import LABELS

    assert set(LABELS["en"]) == set(LABELS["vi"])
    for key, english in LABELS["en"].items():
        assert set(re.findall(r"{(\w+)", english)) == set(re.findall(r"{(\w+)", LABELS["vi"][key])), key


async def test_lean_mode_over_ssh_has_no_blinking_cursor_or_animation(monkeypatch):
    from textual.widgets import Input

    from tui.app import VnbyApp
    from tui.core.config import Config
    from tui.core.loader import bundled_seeds

    monkeypatch.delenv("SSH_TTY", raising=False)
    for over_ssh in (True, False):
        if over_ssh:
            monkeypatch.setenv("SSH_CONNECTION", "127.0.0.1 50000 127.0.0.1 22")
        else:
            monkeypatch.delenv("SSH_CONNECTION", raising=False)
        app = VnbyApp([str(bundled_seeds())], Config())  # [ssh] lean = "auto"
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            assert app.lean is over_ssh
            assert (app.animation_level == "none") is over_ssh
            assert app.search_bar.query_one(Input).cursor_blink is not over_ssh
            await pilot.press("ctrl+p")  # the palette's field: the same in every input
            await wait_until(pilot, lambda: isinstance(app.focused, Input) and app.focused is not
                             app.search_bar.query_one(Input), "the palette's field focused")
            await pilot.pause()
            assert app.focused.cursor_blink is not over_ssh


async def test_escape_sequences_are_shown_whole_when_wrapped(tmp_path):
    """Control characters take one visible cell each; wrapping must count them so, or
    the end of a line is cropped away."""
    escapes = "\x1b]0;PWNED-TITLE\x07\x1b]52;c;cHduZWQ=\x07\x1b[31;1m\x1b[2J\x1b[H\x9b31m"
    (tmp_path / "evil.txt").write_text(f"Tin\n\nNội dung {escapes} về Hà Nội.", encoding="utf-8")
    app = make_app([str(tmp_path)])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        shown = "".join(app.reader.render_line(y).text.rstrip() for y in range(12))
        assert "␛]0;PWNED-TITLE␇␛]52;c;cHduZWQ=␇␛[31;1m␛[2J␛[H" in shown and "về Hà Nội." in shown


async def test_memory_freed_by_searches_is_handed_back_once_typing_pauses(monkeypatch):
    trims = []  # (searches run so far, when)
    monkeypatch.setattr("tui.core.index.release_freed_memory",
                        lambda: trims.append((len(searches), time.monotonic())))
    monkeypatch.setattr("tui.searching.TRIM_AFTER_IDLE", 0.6)
    app = make_app()
    searches = []  # when each search started
    run_search = app.run_search
    monkeypatch.setattr(app, "run_search",
                        lambda *args: (searches.append(time.monotonic()), run_search(*args))[1])

    async def wait_for_trims(count: int) -> None:
        for _ in range(100):
            if len(trims) >= count:
                return
            await pilot.pause(0.05)

    async def wait_for_last_trim(searched: int) -> None:
        for _ in range(100):
            if trims and trims[-1][0] == searched:
                return
            await pilot.pause(0.05)

    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await wait_for_trims(1)
        trims.clear()
        await pilot.press("slash")
        for typed, key in enumerate("to lam", start=1):  # a search per key: wait for it before the next
            await pilot.press(key)
            await wait_until(pilot, lambda: len(searches) >= typed, f"the search for key {typed}")
        await settle(pilot)
        await wait_for_last_trim(len(searches))
        await pilot.pause(0.8)
        assert len(searches) >= 6
        # Once after the last search, not once per search.  A loaded machine may take longer than
        # the idle delay between two keys: a trim there is right (typing did pause), but only there.
        # (A trim due just as the next search starts is counted with it: at most one a search.)
        assert trims[-1][0] == len(searches) and len(trims) <= len(searches)
        for count, _ in trims[:-1]:
            assert count >= 1 and searches[count] - searches[count - 1] >= 0.6, f"trimmed after search {count} while typing"
