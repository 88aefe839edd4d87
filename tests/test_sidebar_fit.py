"""The entity sidebar as a new analyst meets it on a narrow terminal (tmux, 80x24 and 120x40,
the installed program): opened with ``e``, it stays through a resize, and opens with its first
heading in view."""

from __future__ import annotations

import pytest

from pilot import SMALL, WIDE, make_app, open_first_result, settle, wait_until

SIZES = pytest.mark.parametrize("size", [WIDE, SMALL], ids=["120x40", "80x24"])


@SIZES
async def test_a_sidebar_opened_with_e_stays_open_when_the_terminal_is_resized(size):
    """Opened with ``e`` where it is folded by default (under 160 columns), it vanished at the
    next resize (a window dragged, a tmux pane split, an SSH client's window resized)."""
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await open_first_result(pilot, "lukashenko")
        app.focus_now(app.document_list)
        assert not app.sidebar.display
        await pilot.press("e")
        await wait_until(pilot, lambda: app.sidebar.display, "the sidebar")
        width, height = size
        await pilot.resize_terminal(width + 1, height + 1)
        await pilot.pause()
        await settle(pilot)
        assert app.sidebar.display and app.sidebar.region.width > 0
        await pilot.press("e")  # and closed with e, it stays closed
        await wait_until(pilot, lambda: not app.sidebar.display, "the sidebar closed")
        await pilot.resize_terminal(width, height)
        await settle(pilot)
        assert not app.sidebar.display

