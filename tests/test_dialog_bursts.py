"""Keys typed in one burst through a dialog (a fast typist, one SSH packet): each lands where it
was typed, and none ends the explorer.  Found by a new analyst's trial of the installed program
in tmux at 120x40 and 80x24."""

from __future__ import annotations

import os

import pytest
from textual import events

from pilot import SMALL, WIDE, make_app, open_first_result, settle, wait_until

SIZES = pytest.mark.parametrize("size", [WIDE, SMALL], ids=["120x40", "80x24"])


def post_burst(app, *keys: str) -> None:
    """Keys arriving in one burst, posted without waiting between them: a named key
    (``tab``, ``right``, ``enter``, ``ctrl+s``, ``escape``) as itself, any other string its letters."""
    named = {"enter": "\r", "tab": "\t", "escape": "\x1b", "ctrl+s": None, "right": None, "left": None,
             "down": None, "up": None, "backspace": "\x7f"}
    for key in keys:
        for one in ([key] if key in named else list(key)):
            character = named.get(one, one if len(one) == 1 else None)
            app.post_message(events.Key("space" if one == " " else one, character))


@SIZES
async def test_x_tab_right_right_enter_in_one_burst_exports_and_the_explorer_stays(size, tmp_path, monkeypatch):
    """``X`` ``tab`` ``→`` ``→`` ``enter`` typed at once: the focus moved to the format while the
    arrows and enter were already on their way, enter exported and closed the dialog, and the
    focus event of the closed dialog's format choice reached the app after the dialog had gone:
    ``NoScreen`` ended the explorer (tmux, 120x40, the installed program)."""
    monkeypatch.chdir(tmp_path)
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await open_first_result(pilot, "lukashenko")
        app.focus_now(app.document_list)
        post_burst(app, "X", "tab", "right", "right", "enter")
        await wait_until(pilot, lambda: os.listdir(tmp_path) or not app.is_running, "the export")
        await settle(pilot)
        assert app.is_running and app.screen is app.explorer
        assert len(os.listdir(tmp_path)) == 1, os.listdir(tmp_path)
