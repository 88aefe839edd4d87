"""The search bar says the whole answer at any size: every tier in the hit count, a query's
problem whole."""

from __future__ import annotations

import pytest

from tests.pilot import SMALL, WIDE, make_app, screen_lines, search, settle
from tests.test_search_tiers_app import tiered_corpus  # noqa: F401  (fixture)


def shown_lines(widget) -> list[str]:
    """The widget's lines as drawn on screen."""
    return [widget.render_line(y).text.strip() for y in range(widget.size.height)]


@pytest.mark.parametrize("size", [WIDE, SMALL])
async def test_the_hit_count_names_every_tier_at_any_size(tiered_corpus, size):  # noqa: F811
    """One name per tier at every size, the one the list's separators and rows and the CLI use:
    a new user read "2 scattered" at 80 columns and "2 with the words scattered" at 120."""
    expected = "1 phrase · 2 near · 2 scattered"
    app = make_app([str(tiered_corpus)])
    async with app.run_test(size=size) as pilot:
        await search(pilot, "thu tuong pham minh chinh ")
        count = app.query_one("#hit-count")
        assert str(count.render()) == expected
        assert shown_lines(count) == [expected]  # drawn whole, not cut
        await pilot.press("enter")  # to the list, whose separators name the weaker tiers
        await settle(pilot)
        lines = "\n".join(screen_lines(app))
        assert "── 2 near ──" in lines and "── 2 scattered ──" in lines, lines
        assert "with the" not in lines and "words scattered" not in lines


async def test_beside_a_long_chip_the_count_takes_its_short_form_whole(tiered_corpus):  # noqa: F811
    """At 80 columns a chip such as org:"Sở Y tế Hà Nội" left the long count cut
    ('4 near · 4 with the words scatt'): the count's room is what the chips leave."""
    app = make_app([str(tiered_corpus)])
    async with app.run_test(size=SMALL) as pilot:
        await search(pilot, "thu tuong pham minh chinh ")
        app.search_bar.set_hit_count("2 near · 2 with the words scattered", "2 near · 2 scattered")
        await settle(pilot)
        assert shown_lines(app.query_one("#hit-count")) == ["2 near · 2 with the words scattered"]
        app.search_bar.set_chips([("ORG:so y te thanh pho ha noi", "Sở Y tế thành phố Hà Nội")])
        await settle(pilot)
        assert shown_lines(app.query_one("#hit-count")) == ["2 near · 2 scattered"]


async def test_the_short_count_is_in_the_interface_s_language(tiered_corpus):  # noqa: F811
    app = make_app([str(tiered_corpus)], language="vi")
    async with app.run_test(size=SMALL) as pilot:
        await search(pilot, "thu tuong pham minh chinh ")
        assert str(app.query_one("#hit-count").render()) == "1 cụm từ · 2 gần · 2 rải rác"


@pytest.mark.parametrize("size", [WIDE, SMALL])
async def test_a_long_query_problem_is_shown_whole_and_the_count_comes_back(size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await search(pilot, "-covid")
        count = app.query_one("#hit-count")
        problem = str(count.render())
        assert problem.startswith("nothing to search for") and problem.endswith("a filter to look for")
        assert len(problem) > size[0] * 0.6  # longer than the count's room
        assert " ".join(" ".join(shown_lines(count)).split()) == problem  # every word on screen
        assert count.tooltip == problem
        app.search_bar.set_query("belarus")
        await settle(pilot)
        assert app.search_bar.size.height == 1 and count.tooltip is None
        assert shown_lines(count) == [str(count.render())]


def test_the_cli_names_the_tiers_as_the_explorer_does(tiered_corpus, capsys):  # noqa: F811
    """``vnby-tui search`` said "1 with the phrase · 2 near · 2 with the words scattered" where
    the explorer said "1 phrase · 2 near · 2 scattered"."""
    from tui.cli import main

    capsys.readouterr()
    assert main(["search", "thu tuong pham minh chinh", str(tiered_corpus), "--no-cache"]) == 0
    assert "result(s) in" in (err := capsys.readouterr().err) and ": 1 phrase · 2 near · 2 scattered" in err, err


LONG_QUERY = "thủ tướng phạm minh chính dự hội nghị về kinh tế số tại hà nội cùng bộ trưởng bộ công an tô lâm"


def field_on_screen(app) -> str:
    """The query field's cells as the screen shows them."""
    field = app.search_bar.query_one("#query")
    region = field.content_region
    line = screen_lines(app)[region.y]
    return line[region.x:region.x + region.width]


@pytest.mark.parametrize("size", [WIDE, SMALL])
async def test_a_long_query_says_where_it_runs_on_out_of_sight(size):
    """At 80 columns a long query scrolled its start out of the field with no sign: an ellipsis
    now stands where it runs on, at the start while typing at its end, at the end after home."""
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await search(pilot, LONG_QUERY)
        shown = field_on_screen(app)
        if size == WIDE:
            assert shown.rstrip() == LONG_QUERY and "…" not in shown
            return
        assert shown.startswith("…") and shown.rstrip().endswith("bộ công an tô lâm"), shown
        await pilot.press("home")
        await settle(pilot)
        shown = field_on_screen(app)
        assert shown.startswith("thủ tướng phạm") and shown.endswith("…"), shown
