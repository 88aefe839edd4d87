"""A dialog or screen already open is not opened again on top of itself, and the explorer's
keys do not open its dialogs over another dialog.

A new user's trial: ``ctrl+p`` → "Saved searches" while that dialog was open stacked a second
one; running a search closed only the top one, and the keys typed next went to the one left
hidden."""

from __future__ import annotations

import pytest
from textual.command import CommandPalette

from pilot import SMALL, WIDE, choose_in_palette, make_app, open_first_result, settle, wait_until
from tui.core.userdb import UserDB

SIZES = pytest.mark.parametrize("size", [WIDE, SMALL], ids=["120x40", "80x24"])


def open_of(app, name: str) -> int:
    """How many screens of the class ``name`` are on the stack."""
    return sum(1 for screen in app.screen_stack if type(screen).__name__ == name)


async def palette(pilot, typed: str, title: str) -> None:
    await pilot.press("ctrl+p")
    await choose_in_palette(pilot, typed, title)


async def wait_for_screen(pilot, name: str) -> None:
    await wait_until(pilot, lambda: type(pilot.app.screen).__name__ == name, f"the {name} on top")
    await settle(pilot)


@SIZES
async def test_saved_searches_twice_is_one_dialog_and_running_one_leaves_none(size):
    UserDB().save_search("belarus", "belarus")
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await palette(pilot, "saved searches", "Saved searches")
        await wait_for_screen(pilot, "SavedSearchesScreen")
        await palette(pilot, "saved searches", "Saved searches")
        await wait_for_screen(pilot, "SavedSearchesScreen")
        assert open_of(app, "SavedSearchesScreen") == 1
        await pilot.press("enter")  # run "belarus"
        await wait_until(pilot, lambda: app.screen is app.explorer, "the explorer back on top")
        await settle(pilot)
        assert open_of(app, "SavedSearchesScreen") == 0
        assert app.search_text == "belarus"
        await pilot.press("slash", *"x")  # the next keys reach the explorer
        await wait_until(pilot, lambda: app.search_bar.query_text == "belarusx", "typing in the search bar")


@SIZES
async def test_help_and_a_question_asked_are_not_stacked(size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await wait_for_screen(pilot, "HelpScreen")
        await palette(pilot, "show keys", "Show keys")
        await settle(pilot)
        assert open_of(app, "HelpScreen") == 1
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is app.explorer, "one escape back to the explorer")

        await palette(pilot, "search your notes", "Search your notes")
        await wait_for_screen(pilot, "AskScreen")
        await palette(pilot, "search your notes", "Search your notes")
        await settle(pilot)
        assert open_of(app, "AskScreen") == 1
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is app.explorer, "one escape back to the explorer")


@SIZES
async def test_the_explorer_s_keys_open_nothing_over_a_dialog(size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await open_first_result(pilot)
        await pilot.press("question_mark")
        await wait_for_screen(pilot, "HelpScreen")
        await pilot.press("m", "t", "X")  # a note, a tag, an export: for the article behind the help
        await settle(pilot)
        assert [type(s).__name__ for s in app.screen_stack] == ["ExplorerScreen", "HelpScreen"]
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is app.explorer, "the explorer")
        await pilot.press("m")  # on the explorer, m still writes a note
        await wait_for_screen(pilot, "NoteScreen")
        await pilot.press("ctrl+p")
        await choose_in_palette(pilot, "show keys", "Show keys")
        await wait_for_screen(pilot, "HelpScreen")
        await pilot.press("m")
        await settle(pilot)
        assert open_of(app, "NoteScreen") == 1 and type(app.screen).__name__ == "HelpScreen"


@SIZES
async def test_a_profile_asked_for_again_replaces_the_open_one(size):
    from tui.screens.entity_profile import EntityProfileScreen

    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for name in ("to lam", "to lam", "lukashenko"):
            await palette(pilot, "entity profile", "Entity profile…")
            await wait_for_screen(pilot, "AskScreen")
            await pilot.press(*name, "enter")
            await wait_until(pilot, lambda: isinstance(app.screen, EntityProfileScreen), "the profile")
            await settle(pilot)
            assert open_of(app, "EntityProfileScreen") == 1 and open_of(app, "AskScreen") == 0
        assert "Lukashenko" in app.screen.entity.name
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is app.explorer, "one escape back to the explorer")


@SIZES
async def test_enter_twice_in_one_burst_in_the_palette_closes_it_once(size):
    """``ctrl+p`` "saved searches" ``enter`` ``enter`` in one burst (a fast typist, one SSH
    packet): the palette closes once, on the command chosen, and the app runs on.  Each enter
    reaching the palette chose a command: Textual closed it a second time, popping a screen that
    was not its own, and the explorer ended (``ScreenStackError``)."""
    from textual import events

    UserDB().save_search("belarus", "belarus")
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for key in ("ctrl+p", *"saved searches", "enter", "enter"):
            name = "space" if key == " " else key
            app.post_message(events.Key(name, {"enter": "\r"}.get(key, key if len(key) == 1 else None)))
        await wait_until(pilot, lambda: not app.is_running or not any(isinstance(screen, CommandPalette)
                                                                        for screen in app.screen_stack),
                         "the palette closed")
        await settle(pilot)
        assert app.is_running and app.return_code is None
        # which command the first enter chose depends on the hits found by then (the palette
        # gathers them as the letters arrive): the saved searches, or "Save this search…"
        assert app.screen_stack[0] is app.explorer and len(app.screen_stack) <= 2
