"""The entity profile screen (``p`` on the sidebar): the same figures as ``vnby-tui entity``,
one concordance line per mention, a filter that narrows it, enter opens the article at the mention."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pilot import SMALL, WIDE, choose_in_palette, make_app, settle, wait_until
from tui.cli import main
from tui.core.loader import bundled_seeds
from tui.core.text import fold
from tui.screens.entity_profile import CoMentionList, Concordance, EntityProfileScreen
from tui.widgets.timeline_strip import TimelineStrip


def cli_profile(capsys, name: str) -> dict:
    """What ``vnby-tui entity NAME --json`` (``profile_json``) prints for the seeds, every context."""
    capsys.readouterr()
    assert main(["entity", name, str(bundled_seeds()), "--contexts", "100000", "--json", "--no-cache"]) == 0
    return json.loads(capsys.readouterr().out)


async def open_profile(pilot, name: str) -> EntityProfileScreen:
    """Open the first seed article, put the sidebar's cursor on ``name`` and press p."""
    app = pilot.app
    await settle(pilot)
    await pilot.press("enter")  # open the first article: the sidebar lists its entities
    await settle(pilot)
    if not app.sidebar.display:
        await pilot.press("e")
        await settle(pilot)
    app.sidebar.focus()
    await pilot.pause()
    app.sidebar.cursor = next(i for i, row in enumerate(app.sidebar.rows)
                              if row.entity is not None and row.entity.name == name)
    await pilot.pause()
    await pilot.press("p")
    await wait_until(pilot, lambda: isinstance(app.screen, EntityProfileScreen), "the profile screen")
    screen = app.screen
    await wait_until(pilot, lambda: screen.profile is not None, "the profile computed")
    await settle(pilot)  # and the concordance narrowed (a worker too)
    return screen


def head_text(screen) -> str:
    return str(screen.query_one("#profile-head").render())


def concordance_lines(concordance) -> list:
    """The concordance's lines as they stand (each made on demand)."""
    return [concordance.line_at(row) for row in range(concordance.row_count())]


def shown_lines(widget) -> list[str]:
    """The lines of ``widget`` as drawn on the terminal (border included)."""
    from textual.geometry import Region

    return [strip.text for strip in widget.render_lines(Region(0, 0, *widget.outer_size))]


@pytest.mark.parametrize("size", [WIDE, SMALL])
@pytest.mark.parametrize("name", ["Belarus", "Tô Lâm"])
async def test_profile_shows_what_the_cli_computes(capsys, size, name):
    expected = cli_profile(capsys, name)
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = await open_profile(pilot, name)
        head = head_text(screen)
        assert head.startswith(expected["name"]) and f"({expected['type']})" in head
        assert f"{expected['articles']} articles · {expected['mentions']} mentions" in head
        for role in expected["roles"][:6]:
            assert role in head
        shown = shown_lines(screen.query_one("#profile-co"))
        rows = [re.match(r"^(.*?) +(PER|ORG|LOC) +(\d+)(?: +(-?[\d.]+))?$", line.strip("│ ")) for line in shown]
        rows = [row.groups() for row in rows if row]
        listed = screen.query_one(CoMentionList)
        assert len(rows) == min(listed.size.height - 1, len(screen.profile.co_mentions)), "the pane filled"
        assert len(screen.profile.co_mentions) >= len(expected["co_mentions"])
        for (name, kind, articles, score), co in zip(rows, expected["co_mentions"]):
            assert co["name"].startswith(name.rstrip("…")) and kind == co["type"]
            assert int(articles) == co["articles"]
            if size == WIDE:
                assert float(score) == pytest.approx(co["score"], abs=0.05)
            else:  # 80 columns: the names get the score's room ("Thái Bì…" named no one)
                assert score is None and (name == co["name"] or len(name) >= 15), name
        concordance = screen.query_one(Concordance)
        assert concordance.row_count() == len(expected["contexts"]) == expected["mentions"]
        assert [(line.offset, line.sentence) for line in concordance_lines(concordance)] == \
            [(c["start"], c["text"]) for c in expected["contexts"]]
        assert screen.query_one("#profile-kwic-pane").border_subtitle == f"{expected['mentions']} mentions"
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is app.explorer, "back to the explorer")


@pytest.mark.parametrize("size", [WIDE, SMALL])
async def test_filter_narrows_the_concordance_and_enter_opens_the_mention(capsys, size):
    expected = cli_profile(capsys, "Belarus")
    wanted = [c for c in expected["contexts"] if "phong vien" in fold(c["text"])]
    assert 0 < len(wanted) < len(expected["contexts"])
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = await open_profile(pilot, "Belarus")
        concordance = screen.query_one(Concordance)
        await pilot.press("slash", *"phong vien")  # typed without diacritics
        await settle(pilot)  # narrowing runs in a worker: a pause alone can read the lines before it ends
        assert [line.offset for line in concordance_lines(concordance)] == [c["start"] for c in wanted]
        await pilot.press("enter")  # out of the filter, onto the lines
        await wait_until(pilot, lambda: app.focused is concordance, "the concordance focused")
        await pilot.press("down")
        line = concordance.line_at(1)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is app.explorer, "back to the explorer")
        await settle(pilot)
        reader = app.reader
        assert reader.doc == line.doc and reader.article.id == wanted[1]["id"]
        shown = reader.line_of("body", line.offset)
        top = int(reader.scroll_y)
        assert top > 0 and top <= shown < top + reader.scrollable_content_region.height, "the mention is on screen"


async def test_a_quoted_filter_with_diacritics_keeps_the_same_lines():
    """'"phóng viên"', quoted and with its diacritics, kept no line (the quotes were looked for)."""
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_profile(pilot, "Belarus")
        concordance = screen.query_one(Concordance)
        await pilot.press("slash", *"phong vien")
        await settle(pilot)
        plain = [line.offset for line in concordance_lines(concordance)]
        screen.query_one("#profile-filter").value = '"phóng viên"'
        await settle(pilot)
        assert plain and [line.offset for line in concordance_lines(concordance)] == plain


async def test_a_filter_word_nowhere_says_so():
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_profile(pilot, "Tô Lâm")
        await pilot.press("slash", *"xyzzy")
        await settle(pilot)
        assert screen.query_one(Concordance).row_count() == 0
        assert screen.query_one("#profile-kwic-pane").border_subtitle == "0 mentions"
        await pilot.press("backspace", "backspace", "backspace", "backspace", "backspace")
        await settle(pilot)
        assert screen.query_one(Concordance).row_count() == 14


DATED_NEWS = Path(__file__).parent / "data" / "dated_news.jsonl"


async def ask_for_profile(pilot, name: str) -> None:
    """The palette's "Entity profile…" (in the interface's language), ``name`` typed and entered."""
    from tui.i18n import label

    app = pilot.app
    await settle(pilot)
    await pilot.press("ctrl+p")
    title = label(app.language, "cmd.entity_profile")
    await choose_in_palette(pilot, fold(title.rstrip("…")), title)
    await wait_until(pilot, lambda: app.screen.__class__.__name__ == "AskScreen", "the name asked")
    await pilot.press(*name, "enter")


async def open_profile_by_name(pilot, name: str) -> EntityProfileScreen:
    """The palette's "Entity profile…", ``name`` typed, the profile computed and shown."""
    app = pilot.app
    await ask_for_profile(pilot, name)
    await wait_until(pilot, lambda: isinstance(app.screen, EntityProfileScreen), "the profile screen")
    screen = app.screen
    await wait_until(pilot, lambda: screen.profile is not None, "the profile computed")
    await settle(pilot)
    return screen


async def test_palette_asks_a_name_without_diacritics_and_opens_its_profile(capsys):
    expected = cli_profile(capsys, "Tô Lâm")
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_profile_by_name(pilot, "to lam")
        assert head_text(screen).startswith("Tô Lâm")
        assert screen.query_one(Concordance).row_count() == expected["mentions"]


@pytest.mark.parametrize("size", [WIDE, SMALL])
@pytest.mark.parametrize("language", ["en", "vi"])
async def test_the_profile_s_key_bar_always_shows_the_way_back(size, language):
    """At 80x24 the mentions' key bar showed "⏎ Open the article at the mention ? Help q Quit":
    a new user saw no way back.  Escape is shown whichever pane is focused, beside the pane's
    own key."""
    from tui.i18n import label
    from tui.widgets.key_bar import KeyBar

    app = make_app(language=language)
    async with app.run_test(size=size) as pilot:
        screen = await open_profile_by_name(pilot, "to lam")
        back = "esc  " + label(language, "action.leave")
        for pane, own in (("#profile-kwic", "action.open_mention"), ("#profile-co", "action.profile_with"),
                          ("#profile-months", "action.timeline_pick"), ("#profile-filter", None)):
            screen.query_one(pane).focus()
            await wait_until(pilot, lambda: screen.focused is screen.query_one(pane), pane)
            shown = screen.query_one(KeyBar).render().plain
            assert back in shown, (pane, shown)
            assert own is None or label(language, own) in shown, (pane, shown)


async def test_a_profile_offers_no_key_of_the_explorer_behind_it():
    """The profile's key bar offered "n Next match" and "e Sidebar", which acted on the explorer
    hidden behind it; they are neither shown nor acted on there, and are back on leaving."""
    from tui.widgets.key_bar import KeyBar

    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        explorer_keys = {action for action, _, _ in app.explorer.query_one(KeyBar)._items()}
        assert {"next_match", "toggle_sidebar"} <= explorer_keys
        screen = await open_profile_by_name(pilot, "to lam")
        keys = {action for action, _, _ in screen.query_one(KeyBar)._items()}
        assert not keys & {"next_match", "toggle_sidebar", "toggle_highlights", "toggle_star", "tag", "note"}, keys
        assert "help" in keys and "quit" in keys
        shown = app.sidebar.display
        await pilot.press("e")
        assert app.sidebar.display == shown
        await pilot.press("escape", "escape")
        await wait_until(pilot, lambda: app.screen is app.explorer, "back to the explorer")
        assert app.check_action("toggle_sidebar", ()) and app.check_action("next_match", ())


async def test_palette_with_an_unknown_name_suggests_close_ones():
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await ask_for_profile(pilot, "Belaruss")
        await wait_until(pilot, lambda: app.screen is app.explorer, "back to the explorer")
        await pilot.pause()
        said = [str(n.message) for n in app._notifications]
        assert any("No entity is called 'Belaruss'" in m and "Belarus" in m for m in said), said


async def test_an_unknown_name_is_said_in_the_interface_language():
    """The Vietnamese interface says an unknown name in Vietnamese, with the closest names."""
    app = make_app(language="vi")
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        app.action_ask_entity_profile()
        await wait_until(pilot, lambda: app.screen.__class__.__name__ == "AskScreen", "the name asked")
        await pilot.press(*"Belaruss", "enter")
        await wait_until(pilot, lambda: app.screen is app.explorer, "back to the explorer")
        await pilot.pause()
        said = [str(n.message) for n in app._notifications]
        assert any(m.startswith("Không có thực thể nào tên 'Belaruss'") and "Belarus" in m for m in said), said


async def test_a_person_is_found_by_the_short_name_the_articles_call_them():
    """Articles call Trần Minh Tuấn "Tuấn" after the first mention: the name typed alone, without
    diacritics, opens his profile (his key is his full name; "Tuấn" is an alias)."""
    app = make_app([str(DATED_NEWS)])
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_profile_by_name(pilot, "tuan")
        assert head_text(screen).startswith("Trần Minh Tuấn")


@pytest.mark.parametrize("size", [WIDE, SMALL])
async def test_month_strip_picks_a_range_and_a_co_mention_narrows_the_concordance(capsys, size):
    capsys.readouterr()
    assert main(["entity", "Trần Minh Tuấn", str(DATED_NEWS), "--contexts", "1000", "--json", "--no-cache"]) == 0
    expected = json.loads(capsys.readouterr().out)
    app = make_app([str(DATED_NEWS)])
    async with app.run_test(size=size) as pilot:
        screen = await open_profile_by_name(pilot, "tran minh tuan")
        strip = screen.query_one(TimelineStrip)
        concordance = screen.query_one(Concordance)
        assert [{"period": p, "articles": n} for p, n in strip.line.buckets] == expected["by_month"]
        assert concordance.row_count() == len(expected["contexts"]) == 17
        # keys: tab from the concordance to the strip, right to February, shift+right over March, enter
        await pilot.press("tab")
        await wait_until(pilot, lambda: strip.has_focus, "the month strip focused")
        await pilot.press("right", "shift+right", "enter")
        await settle(pilot)
        in_range = [c for c in expected["contexts"] if c["date"] and "2020-02-01" <= c["date"] <= "2020-03-31"]
        assert [line.offset for line in concordance_lines(concordance)] == [c["start"] for c in in_range]
        assert 0 < len(in_range) < 17
        pane = screen.query_one("#profile-kwic-pane")
        assert pane.border_subtitle == f"{len(in_range)} mentions · 2020-02…2020-03"
        # the co-mentions list: Huế, enter → only mentions in articles that name Huế too (and in range)
        co = screen.query_one(CoMentionList)
        co.focus()
        await pilot.pause()
        co.cursor = 1 + next(i for i, c in enumerate(co.found) if c.name == "Huế")
        await pilot.press("enter")
        await settle(pilot)
        with_hue = {c["id"] for c in expected["contexts"] if "Huế" in c["text"]}
        both = [c["start"] for c in in_range if c["id"] in with_hue]
        assert [line.offset for line in concordance_lines(concordance)] == both and both
        assert pane.border_subtitle == f"{len(both)} mentions · 2020-02…2020-03 · with Huế"
        await pilot.press("enter")  # the same entity again: no longer narrowed by it
        await settle(pilot)
        assert concordance.row_count() == len(in_range)
        strip.focus()
        await pilot.press("delete")  # the date range cleared
        await settle(pilot)
        assert concordance.row_count() == 17 and pane.border_subtitle == "17 mentions"


async def test_a_click_on_the_month_strip_picks_that_month():
    app = make_app([str(DATED_NEWS)])
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_profile_by_name(pilot, "tran minh tuan")
        strip = screen.query_one(TimelineStrip)
        month = strip.periods.index("2020-04")
        await pilot.click("#profile-months", offset=(1 + month * strip._bar_width, 0))
        await settle(pilot)
        lines = concordance_lines(screen.query_one(Concordance))
        assert lines and all(line.date.startswith("2020-04") for line in lines)
        assert len(lines) == sum(1 for row in range(len(screen.profile.mentions))
                                 if screen.profile.line(row).date.startswith("2020-04"))


@pytest.mark.parametrize("size", [WIDE, SMALL])
async def test_the_profile_and_its_filter_are_worked_out_off_the_screen_thread(monkeypatch, size):
    """The profile's counts and the filter's sentences (every mention's, on a large corpus
    30,000) are made in workers; the screen's thread makes only the lines it draws."""
    import threading

    from tui.core import profile as profile_module
    from tui.screens import entity_profile

    on_main = {"profile": 0, "lines": 0}
    off_main = {"profile": 0, "lines": 0}

    def counted(what, function):
        def call(*args, **kwargs):
            (on_main if threading.current_thread() is threading.main_thread() else off_main)[what] += 1
            return function(*args, **kwargs)
        return call

    monkeypatch.setattr(entity_profile, "build_profile", counted("profile", entity_profile.build_profile))
    monkeypatch.setattr(profile_module, "kwic_line", counted("lines", profile_module.kwic_line))
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = await open_profile(pilot, "Belarus")
        concordance = screen.query_one(Concordance)
        drawn = on_main["lines"]
        assert 0 < drawn <= concordance.size.height
        await pilot.press("slash", *"phong vien")
        await settle(pilot)
        mentions = len(screen.profile.mentions)
        assert on_main["profile"] == 0 and off_main["profile"] == 1
        assert off_main["lines"] + on_main["lines"] == mentions > concordance.size.height
        assert on_main["lines"] <= concordance.size.height


@pytest.mark.parametrize("size", [WIDE, SMALL])
async def test_a_filter_typed_in_one_burst_after_slash_goes_into_the_filter(capsys, size):
    """``/quan he`` in one burst (a fast typist, a paste, one SSH packet) from the mention lines:
    every key after ``/`` is typed into the filter.  The ``/`` was acted on only after the keys
    behind it had reached the lines (and its focus move was deferred), so they were lost there,
    and the ``q`` of ``quan`` quit the whole explorer.  A backspace among them acts where it was typed."""
    expected = cli_profile(capsys, "Belarus")
    wanted = [c for c in expected["contexts"] if re.search(r"\bquan he\b", fold(c["text"]))]
    assert 0 < len(wanted) < len(expected["contexts"])
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = await open_profile(pilot, "Belarus")
        concordance = screen.query_one(Concordance)
        concordance.focus()
        await pilot.pause()
        post_keys(app, "slash", *"quan", "space", "h", "x", "backspace", "e")
        await settle(pilot)
        assert app.is_running and app.screen is screen
        field = screen.query_one("#profile-filter")
        assert field.value == "quan he" and app.focused is field
        assert [line.offset for line in concordance_lines(concordance)] == [c["start"] for c in wanted]
        post_keys(app, "slash")  # in the field, '/' is typed like any other key
        await settle(pilot)
        assert app.focused is field and field.value == "quan he/"


def post_keys(app, *keys: str) -> None:
    """Keys arriving in one burst: posted without waiting between them."""
    from textual import events

    for key in keys:
        app.post_message(events.Key(key, {"slash": "/", "space": " ", "enter": "\r"}.get(key, key)))


@pytest.mark.parametrize("size", [WIDE, SMALL])
@pytest.mark.parametrize("language", ["en", "vi"])
async def test_mentioned_with_says_its_order_and_fills_its_pane(size, language):
    """"Mentioned with" listed 15 entities ranked by specificity, said nothing of the order, and
    left half its pane empty at 120x40 where 31 fit.  Its heading says the order at both sizes
    and it lists every co-mention that fits, most specific first."""
    from pilot import screen_lines
    from tui.i18n import label

    app = make_app(language=language)
    async with app.run_test(size=size) as pilot:
        screen = await open_profile_by_name(pilot, "to lam")
        listed = screen.query_one(CoMentionList)
        title = label(language, "profile.co_mentions" + ("" if size == WIDE else ".narrow"))
        top = screen_lines(app)[listed.region.y]  # its top border
        assert f"─ {title} ─" in top, top
        found = screen.profile.co_mentions
        assert len(found) > 15
        assert listed.row_count() - 1 == len(found)
        assert [c.score for c in found] == sorted((c.score for c in found), reverse=True)
        inside = shown_lines(listed)[1:-1]  # within its border: the heading row, then a row each
        assert sum(1 for line in inside if line.strip("│ ")) == min(listed.size.height, len(found) + 1)



@pytest.mark.parametrize(("size", "other"), [(WIDE, SMALL), (SMALL, WIDE)], ids=["120x40-to-80x24", "80x24-to-120x40"])
@pytest.mark.parametrize("language", ["en", "vi"])
async def test_the_profile_s_layout_follows_a_resize(size, other, language):
    """The profile picked its narrow layout only when it opened: opened at 120 columns and the
    terminal narrowed to 80, "Mentioned with" kept its wide pane (42 of 80 columns) and its long
    heading, cut short; opened at 80 and widened, it kept the short one.  After a resize the
    co-mention pane's heading and width are the ones the profile opens with at that size, and
    back again."""
    from pilot import screen_lines
    from tui.i18n import label

    def heading(width: int) -> str:
        return label(language, "profile.co_mentions" + ("" if width >= 100 else ".narrow"))

    app = make_app(language=language)
    async with app.run_test(size=size) as pilot:
        screen = await open_profile_by_name(pilot, "to lam")
        listed = screen.query_one(CoMentionList)
        opened_width = listed.outer_size.width
        for width, height in (other, size):
            await pilot.resize_terminal(width, height)
            await wait_until(pilot, lambda: app.size.width == width and listed.region.right <= width, "the resize")
            await settle(pilot)
            top = screen_lines(app)[listed.region.y]  # its top border
            assert f"─ {heading(width)} ─" in top, top
            assert (listed.outer_size.width == opened_width) == ((width, height) == size)


@pytest.mark.parametrize("size", [WIDE, SMALL])
async def test_the_cli_lists_as_many_co_mentions_as_the_screen_when_asked(capsys, size):
    """``vnby-tui entity`` listed 20 co-mentions where the screen lists up to 200, with no way to
    ask for more; ``--co-mentions 200`` lists the screen's, in its order, with the same figures."""
    from tui.screens.entity_profile import CO_MENTIONS_SHOWN

    capsys.readouterr()
    assert main(["entity", "Tô Lâm", str(bundled_seeds()), "--co-mentions", str(CO_MENTIONS_SHOWN),
                 "--json", "--no-cache"]) == 0
    expected = json.loads(capsys.readouterr().out)["co_mentions"]
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = await open_profile(pilot, "Tô Lâm")
        assert len(expected) > 20
        assert [c.as_json() for c in screen.profile.co_mentions] == expected
