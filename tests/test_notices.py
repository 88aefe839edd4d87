"""Notifications leave the reader readable: few toasts, the newest, and no repeats."""

from __future__ import annotations

import pytest
from textual.widgets._toast import Toast

from tests.pilot import SMALL, WIDE, make_app, settle, wait_until


@pytest.mark.parametrize("size, most", [(SMALL, 1), (WIDE, 2)])
async def test_toasts_stay_few_the_newest_shown(size, most):
    """Three notifications at once (a load's warnings, a mark, a curation): one toast per 20
    rows of screen, the newest, so the article under them stays readable."""
    app = make_app()
    async with app.run_test(size=size, notifications=True) as pilot:
        await settle(pilot)
        for message in ("first notice", "second notice", "third notice"):
            app.notify(message, timeout=30, markup=False)
        await wait_until(pilot, lambda: any("third notice" in str(t.render()) for t in app.screen.query(Toast)),
                         "the newest toast")
        await pilot.pause()
        shown = [str(toast.render()) for toast in app.screen.query(Toast)]
        assert len(shown) == most and "third notice" in shown[-1]
        assert most == 1 or "second notice" in shown[0]


async def test_the_same_notice_twice_is_one_toast():
    app = make_app()
    async with app.run_test(size=WIDE, notifications=True) as pilot:
        await settle(pilot)
        for _ in range(3):
            app.notify("Marked ★", timeout=30, markup=False)
        await wait_until(pilot, lambda: len(app.screen.query(Toast)) >= 1, "a toast")
        await pilot.pause()
        assert [str(toast.render()) for toast in app.screen.query(Toast)] == ["Marked ★"]
