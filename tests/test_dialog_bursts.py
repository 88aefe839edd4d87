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
             "down": None, "up": None, "backspace": "\x7f", "slash": "/"}
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


@SIZES
async def test_the_arrows_typed_behind_tab_in_the_export_dialog_choose_the_format(size, tmp_path, monkeypatch):
    """``X`` ``tab`` ``→`` ``→`` ``enter``: tab reaches the format, the two arrows choose JSONL
    and enter exports it.  Tab was looked up only once it had come back up to the app, after
    the arrows had gone to the first choice and enter had exported a CSV."""
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
        assert [os.path.splitext(name)[1] for name in os.listdir(tmp_path)] == [".jsonl"]


@SIZES
async def test_a_note_typed_right_behind_a_tag_in_one_burst_is_kept(size):
    """``t`` tag ``enter`` ``m`` note ``ctrl+s`` at once: the article gets the tag and the note.
    The keys behind enter went into the tag dialog's field, closing behind them, and were lost
    with it: the note never opened (tmux, the installed program, 120x40)."""
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await open_first_result(pilot, "lukashenko")
        doc = app.reader.doc
        post_burst(app, "t", "lu lut", "enter", "m", "quan trong", "ctrl+s")
        await wait_until(pilot, lambda: app.corpus.marks.of(doc).notes or not app.is_running, "the note")
        await settle(pilot)
        assert app.is_running and app.screen is app.explorer
        assert list(app.corpus.marks.of(doc).tags) == ["lu lut"]
        assert [note.text for note in app.corpus.marks.of(doc).notes] == ["quan trong"]


@SIZES
async def test_keys_behind_escape_reach_the_explorer_and_those_before_it_stay_in_the_dialog(size):
    """``m`` ``*`` ``escape`` ``t`` tag ``enter``: the ``*`` typed into the note is dropped with it
    (the article is not starred), the tag dialog opens behind escape and takes its tag."""
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await open_first_result(pilot, "lukashenko")
        doc = app.reader.doc
        post_burst(app, "m", "*", "escape", "t", "abc", "enter")
        await wait_until(pilot, lambda: app.corpus.marks.of(doc).tags or not app.is_running, "the tag")
        await settle(pilot)
        assert app.is_running and app.screen is app.explorer
        marks = app.corpus.marks.of(doc)
        assert list(marks.tags) == ["abc"] and not marks.notes and not marks.starred


@SIZES
async def test_a_note_saved_then_a_key_for_the_list_in_one_burst(size):
    """``m`` note ``ctrl+s`` ``j``: the note is saved and ``j`` moves the list's cursor on."""
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await open_first_result(pilot, "to lam")
        app.focus_now(app.document_list)
        doc, row = app.reader.doc, app.document_list.cursor
        post_burst(app, "m", "xem lai", "ctrl+s", "j")
        await wait_until(pilot, lambda: app.corpus.marks.of(doc).notes or not app.is_running, "the note")
        await wait_until(pilot, lambda: app.document_list.cursor != row, "the cursor to move", timeout=5)
        assert [note.text for note in app.corpus.marks.of(doc).notes] == ["xem lai"]
        assert app.document_list.cursor == row + 1


@SIZES
async def test_the_export_dialog_reads_without_colour(size, tmp_path, monkeypatch):
    """Which choice is made, and that "every hit" has nothing more to give, read from the
    text alone (a monochrome terminal, a colour-blind reader): every radio button drew the same
    ``▐●▌``, the choice told apart by colour only, and "Every hit, the weak ones too: 1 article"
    looked like a choice while it was unavailable (tmux, plain capture-pane)."""
    from pilot import screen_lines
    from tui.dialogs.export import ExportScreen

    monkeypatch.chdir(tmp_path)
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await open_first_result(pilot, "lukashenko")
        assert app._hit_total == len(app._strong)  # no weaker hits: "every hit" is unavailable
        app.focus_now(app.document_list)
        await pilot.press("X")
        await wait_until(pilot, lambda: isinstance(app.screen, ExportScreen), "the export dialog")
        await pilot.pause()
        lines = screen_lines(app)
        chosen = [line for line in lines if "●" in line]
        assert len(chosen) == 2 and "This search's results" in chosen[0] and "CSV" in chosen[1], chosen
        every = next(line for line in lines if "Every hit" in line)
        assert "○" in every and "no weaker hits" in every, every
        await pilot.press("tab", "right")
        def format_marks() -> str:
            line = next(line for line in screen_lines(app) if "CSV" in line and "JSONL" in line)
            return "".join(mark for mark in line if mark in "●○")

        await wait_until(pilot, lambda: format_marks() == "○●○", "Markdown chosen, CSV no longer")


@SIZES
async def test_letters_typed_behind_enter_in_the_command_palette_reach_the_explorer(size):
    """``ctrl+p`` "sidebar" ``enter`` ``/`` ``bel`` with the last keys in one burst: the command
    runs and ``/ bel`` searches in the explorer, as behind the app's own dialogs.  The letters
    went into the closing palette's query and were lost with it (a new user's trial, 80x24)."""
    from textual.command import CommandPalette

    from pilot import _palette_highlights

    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        sidebar = app.sidebar.display
        await pilot.press("ctrl+p", *"sidebar")
        await wait_until(pilot, lambda: _palette_highlights(app, "Toggle entity sidebar"), "the command highlighted")
        post_burst(app, "enter", "slash", "bel")
        await wait_until(pilot, lambda: not isinstance(app.screen, CommandPalette), "the palette closed")
        await wait_until(pilot, lambda: app.search_bar.query_text == "bel" or not app.is_running, "bel searched",
                         timeout=5)
        assert app.is_running and app.screen is app.explorer
        assert app.sidebar.display != sidebar, "the command ran"


@SIZES
async def test_letters_typed_behind_escape_in_the_command_palette_reach_the_explorer(size):
    """``ctrl+p`` "side" ``escape`` ``/`` ``bel``: the palette closes with "side" in it and
    ``/ bel`` searches in the explorer."""
    from textual.command import CommandPalette

    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"side")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
        post_burst(app, "escape", "slash", "bel")
        await wait_until(pilot, lambda: app.search_bar.query_text == "bel" or not app.is_running, "bel searched",
                         timeout=5)
        assert app.is_running and app.screen is app.explorer
