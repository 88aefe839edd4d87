"""The entity profile's counts read as English: ``1 article · 1 mention``, not ``1 articles ·
1 mentions`` (tmux, 80x24, a person named once in dantri-unc)."""

from __future__ import annotations

import pytest

from pilot import SMALL, WIDE, make_app, settle
from test_app_profile import head_text, open_profile


@pytest.mark.parametrize("size", [WIDE, SMALL], ids=["120x40", "80x24"])
async def test_one_article_and_one_mention_are_singular(size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        once = next(row.entity for row in app.sidebar.rows
                    if row.entity is not None and row.entity.doc_count == 1 and row.entity.mention_count == 1)
        screen = await open_profile(pilot, once.name)
        assert "1 article · 1 mention" in head_text(screen) and "1 articles" not in head_text(screen)
        assert screen.query_one("#profile-kwic-pane").border_subtitle.startswith("1 mention")


@pytest.mark.parametrize("size", [WIDE])
async def test_several_stay_plural(size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = await open_profile(pilot, "Belarus")
        entity = screen.profile.entity
        assert f"{entity.doc_count} articles · {entity.mention_count:,} mentions" in head_text(screen)
