"""The explorer's timeline strip: the counts ``vnby-tui timeline`` prints, one bar per period,
picked with the keyboard or the mouse into a ``date:`` term of the query; hidden when nothing
is dated."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pilot import SMALL, WIDE, make_app, settle, wait_until
from tui.cli import main
from tui.core.timeline import period_of
from tui.widgets.key_bar import KeyBar
from tui.widgets.timeline_strip import TimelineStrip

DATED_NEWS = Path(__file__).parent / "data" / "dated_news.jsonl"


def cli_timeline(capsys, query: str) -> dict:
    capsys.readouterr()
    assert main(["timeline", query, str(DATED_NEWS), "--json", "--no-cache"]) == 0
    return json.loads(capsys.readouterr().out)


async def search_and_list(pilot, query: str) -> None:
    await pilot.press("slash", *query, "enter")
    await settle(pilot)


def key_bar_text(app) -> str:
    """The footer line as drawn at the app's width."""
    return app.screen.query_one(KeyBar).render().plain


async def focus_strip(pilot) -> TimelineStrip:
    """From the list, shift+tab reaches the strip (it sits between the search bar and the list)."""
    app = pilot.app
    await wait_until(pilot, lambda: app.focused is app.document_list, "the list focused")
    await pilot.press("shift+tab")
    await wait_until(pilot, lambda: isinstance(app.focused, TimelineStrip), "the strip focused")
    return app.focused


@pytest.mark.parametrize("size", [WIDE, SMALL])
async def test_strip_shows_what_the_cli_counts(capsys, size):
    expected = cli_timeline(capsys, "bão số")
    app = make_app([str(DATED_NEWS)])
    async with app.run_test(size=size) as pilot:
        await search_and_list(pilot, "bão số")
        strip = app.timeline_strip
        await wait_until(pilot, lambda: strip.line.buckets, "the strip counted")
        assert strip.display and strip.region.height == 1
        assert strip.line.by == "month"
        assert [{"period": p, "articles": n} for p, n in strip.line.buckets] == expected["buckets"]
        assert strip.line.undated == expected["undated"] == 1
        drawn = strip.render().plain
        bars = drawn.split("  ")[0]
        assert len(set(bars)) > 2 and "2020-01 … 2020-07" in drawn and "1 undated" in drawn


async def test_switching_the_language_relabels_the_strip():
    app = make_app([str(DATED_NEWS)])
    async with app.run_test(size=WIDE) as pilot:
        await search_and_list(pilot, "bão số")
        strip = app.timeline_strip
        await wait_until(pilot, lambda: strip.line.buckets, "the strip counted")
        assert "1 undated" in strip.render().plain
        app.set_language("vi")
        await settle(pilot)
        drawn = strip.render().plain
        assert "1 không ngày" in drawn and "undated" not in drawn


@pytest.mark.parametrize("size", [WIDE, SMALL])
async def test_escape_on_the_strip_goes_back_to_the_list(size):
    """The key bar offers "esc Back / clear filter" on the strip; with no filter to clear, esc
    takes the focus back to the list (it did nothing) and the query stays as it was."""
    app = make_app([str(DATED_NEWS)])
    async with app.run_test(size=size) as pilot:
        await search_and_list(pilot, "bão số")
        await focus_strip(pilot)
        assert "esc" in key_bar_text(app)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.focused is app.document_list, "the list focused again")
        assert app.search_bar.query_text == "bão số" and not app.filters


@pytest.mark.parametrize("size", [WIDE, SMALL])
async def test_keyboard_picks_a_month_into_the_query_and_again_removes_it(size):
    app = make_app([str(DATED_NEWS)])
    async with app.run_test(size=size) as pilot:
        await search_and_list(pilot, "bão số")
        strip = await focus_strip(pilot)
        assert strip.cursor == 0 and "2020-01: 2 articles" in strip.render().plain
        await pilot.press("right", "right")
        assert "2020-03: 9 articles" in strip.render().plain
        await pilot.press("enter")
        await settle(pilot)
        assert app.search_bar.query_text == "bão số date:2020-03"
        assert app.search_text == "bão số date:2020-03"  # searched at once
        dates = [app.corpus.articles[doc].date for doc in app.document_list.docs]
        assert len(dates) == 9 and all(date.startswith("2020-03") for date in dates)  # March's articles only
        assert strip.picked == ("2020-03", "2020-03") and strip.has_focus
        assert "2020-03: 9 articles · enter removes the filter" in strip.render().plain, "enter now removes it"
        assert "⏎  Remove the period filter" in key_bar_text(app), "the key bar says it too"
        assert "Filter to this period" not in key_bar_text(app)
        assert [p for p, _ in strip.line.buckets][0] == "2020-01", "the strip still shows the whole query"
        await pilot.press("right", "enter")  # the next month replaces the term
        await settle(pilot)
        assert app.search_bar.query_text == "bão số date:2020-04"
        await pilot.press("left")
        assert "2020-03: 9 articles · enter filters" in strip.render().plain, "another month: enter picks it"
        assert "⏎  Filter to this period" in key_bar_text(app)
        await pilot.press("right", "enter")  # picking the picked month again removes it
        await settle(pilot)
        assert app.search_bar.query_text == "bão số" and strip.picked is None


async def test_a_click_on_a_bar_picks_its_month():
    app = make_app([str(DATED_NEWS)])
    async with app.run_test(size=WIDE) as pilot:
        await search_and_list(pilot, "bão số")
        strip = app.timeline_strip
        await wait_until(pilot, lambda: strip.line.buckets, "the strip counted")
        width = strip._bar_width
        await pilot.click("#timeline", offset=(1 + 6 * width, 0))  # padding, then the seventh bar
        await settle(pilot)
        assert app.search_bar.query_text == "bão số date:2020-07"


async def test_strip_is_hidden_when_nothing_is_dated():
    app = make_app()  # the bundled seeds have no dates
    async with app.run_test(size=WIDE) as pilot:
        await search_and_list(pilot, "belarus")
        strip = app.timeline_strip
        assert not strip.line.buckets and not strip.display
        assert strip.region.height == 0


async def test_one_dated_period_is_named_once(tmp_path):
    """A corpus whose dated articles fall in one week read "2020-W10 … 2020-W10"."""
    path = tmp_path / "one_week.jsonl"
    path.write_text(json.dumps({"id": "a", "title": "Tin", "text": "Bão vào.", "date": "2020-03-05"}) + "\n"
                    + json.dumps({"id": "b", "title": "Tin khác", "text": "Mưa to."}) + "\n", encoding="utf-8")
    app = make_app([str(path)])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        text = app.timeline_strip.render().plain
        assert "…" not in text and "1 dated · 1 undated" in text, text


async def test_a_new_query_recounts_week_by_week_when_it_spans_a_few_months():
    app = make_app([str(DATED_NEWS)])
    async with app.run_test(size=WIDE) as pilot:
        await search_and_list(pilot, "bão số")
        await pilot.press("slash", "ctrl+u", *"học sinh", "enter")
        await settle(pilot)
        strip = app.timeline_strip
        assert strip.line.by == "week"  # three months: week by week
        dates = ("2020-03-10", "2020-04-11", "2020-05-12")
        assert [(p, n) for p, n in strip.line.buckets if n] == [(period_of(d, "week"), 1) for d in dates]
        assert len(strip.line.buckets) == 10  # the weeks between, as zeros


@pytest.mark.parametrize("size", [WIDE, SMALL])
async def test_counting_syndicated_stories_once_recounts_the_strip_and_the_profile(capsys, tmp_path, size):
    """The palette's "Count syndicated stories once": the strip and an open profile count as
    ``timeline --collapse`` and ``entity --collapse`` do, and back."""
    pytest.importorskip("datasketch")
    from pilot import choose_in_palette
    from syndicated import build
    from tui.screens.entity_profile import EntityProfileScreen

    corpus = str(build(tmp_path))

    def cli(*argv: str) -> dict:
        capsys.readouterr()
        assert main([*argv, corpus, "--json", "--no-cache"]) == 0
        return json.loads(capsys.readouterr().out)

    every, once = cli("timeline", "bão số"), cli("timeline", "bão số", "--collapse")
    profile_once = cli("entity", "Trần Minh Tuấn", "--collapse")
    profile_every = cli("entity", "Trần Minh Tuấn")
    assert every["buckets"] != once["buckets"] and profile_every["by_month"] != profile_once["by_month"]
    app = make_app([corpus])
    async with app.run_test(size=size) as pilot:
        await search_and_list(pilot, "bão số")
        strip = app.timeline_strip
        shown = lambda: [{"period": p, "articles": n} for p, n in strip.line.buckets]  # noqa: E731
        assert shown() == every["buckets"]
        await pilot.press("ctrl+p")
        await choose_in_palette(pilot, "syndicated", "Count syndicated stories once · off")
        await settle(pilot)
        assert shown() == once["buckets"] and strip.line.undated == once["undated"]
        app.show_entity_profile(app.corpus.entity_index.get("PER:tran minh tuan"))
        await wait_until(pilot, lambda: isinstance(app.screen, EntityProfileScreen), "the profile")
        await settle(pilot)
        screen = app.screen
        assert [{"period": p, "articles": n} for p, n in screen.profile.months] == profile_once["by_month"]
        cli_co = profile_once["co_mentions"]  # the CLI's first 20; the screen lists more
        assert [c.as_json() for c in screen.profile.co_mentions][:len(cli_co)] == cli_co
        pane = screen.query_one("#profile-kwic-pane")
        assert pane.border_subtitle.endswith("· each syndicated story once"), "fewer than the head's count: why"
        await pilot.press("ctrl+p")
        await choose_in_palette(pilot, "syndicated", "Count syndicated stories once · on")
        await settle(pilot)
        assert [{"period": p, "articles": n} for p, n in screen.profile.months] == profile_every["by_month"]
        assert "story" not in pane.border_subtitle


@pytest.mark.parametrize("size", [WIDE, SMALL])
@pytest.mark.parametrize("language, end", [("vi", "1 không ngày"), ("en", "1 undated")])
async def test_the_strip_s_totals_are_never_cut_off(tmp_path, size, language, end):
    """Twenty-one months of articles and one undated, at 80 columns: the strip's line ended
    '… · 21 bài có ngày · 1 khô' (the bars took the cells its longer totals needed); the bars
    narrow so that the totals are whole, in either language."""
    rows = [{"id": f"a{i}", "title": f"Bài {i}", "text": f"Ông Nguyễn Văn An nói lần {i}.",
             "date": f"{2019 + (8 + i) // 12}-{(8 + i) % 12 + 1:02d}-15"} for i in range(21)]
    rows.append({"id": "u", "title": "Bài không ngày", "text": "Ông Nguyễn Văn An nói."})
    path = tmp_path / "news.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    app = make_app([str(path)], language=language)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        strip = app.query_one(TimelineStrip)
        drawn = "".join(segment.text for segment in strip.render_line(0)).rstrip()
        assert drawn.endswith(end) and "2019-09 … 2021-05" in drawn, drawn
