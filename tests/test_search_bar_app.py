"""The search bar says the whole answer at any size: every tier in the hit count."""

from __future__ import annotations

import pytest

from tests.pilot import SMALL, WIDE, make_app, search
from tests.test_search_tiers_app import tiered_corpus  # noqa: F401  (fixture)


def shown_lines(widget) -> list[str]:
    """The widget's lines as drawn on screen."""
    return [widget.render_line(y).text.strip() for y in range(widget.size.height)]


@pytest.mark.parametrize("size, expected", [
    (WIDE, "1 article with the phrase · 2 near · 2 with the words scattered"),
    (SMALL, "1 phrase · 2 near · 2 scattered"),
])
async def test_the_hit_count_names_every_tier_at_any_size(tiered_corpus, size, expected):  # noqa: F811
    app = make_app([str(tiered_corpus)])
    async with app.run_test(size=size) as pilot:
        await search(pilot, "thu tuong pham minh chinh ")
        count = app.query_one("#hit-count")
        assert str(count.render()) == expected
        assert shown_lines(count) == [expected]  # drawn whole, not cut


async def test_the_short_count_is_in_the_interface_s_language(tiered_corpus):  # noqa: F811
    app = make_app([str(tiered_corpus)], language="vi")
    async with app.run_test(size=SMALL) as pilot:
        await search(pilot, "thu tuong pham minh chinh ")
        assert str(app.query_one("#hit-count").render()) == "1 cụm từ · 2 gần · 2 rải rác"
