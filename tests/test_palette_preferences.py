"""The command palette (typed without diacritics, nothing empty offered), remembered
palette choices, the footer on small terminals, and the README screenshot's spacing."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from pilot import SMALL, WIDE, choose_in_palette, make_app, search, settle, wait_until
from tui.core.preferences import Preferences, state_dir
from tui.widgets.key_bar import fit_keys
from tui.widgets.search_bar import SearchInput

REPO = Path(__file__).resolve().parent.parent


async def run_palette_command(pilot, typed: str, title: str) -> None:
    """ctrl+p, ``typed``, and enter once the palette (which searches in a worker) highlights ``title``."""
    await pilot.press("ctrl+p")
    await choose_in_palette(pilot, typed, title)
    await settle(pilot)


# -- palette --------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["doi ngon ngu", "ngon ngu", "Đổi ngôn"])
async def test_vietnamese_palette_matches_commands_typed_without_diacritics(typed):
    app = make_app(language="vi")
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await run_palette_command(pilot, typed, "Đổi ngôn ngữ giao diện")
        assert app.language == "en"
        assert app.document_list.border_title == "Articles"


async def test_a_command_is_found_by_a_word_of_what_it_does():
    """"tagged" found nothing: the command is "Show articles with a tag", its help "Only the
    articles tagged so".  A word of the help finds it too (below the titles that match)."""
    from textual.command import CommandPalette

    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await choose_in_palette(pilot, "tagged", "Show articles with a tag")
        await wait_until(pilot, lambda: not isinstance(app.screen, CommandPalette), "the command run")


async def test_the_palette_offers_no_empty_warnings_log():
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert not app.corpus.warnings
        from tui.commands import ExplorerCommands

        provider = ExplorerCommands(app.screen)
        titles = [title for title, _, _ in provider._available()]
        assert "Show load warnings" not in titles
        assert "Switch theme" in titles
        app.action_show_warnings()  # asked for anyway (a stale binding, a script): a notice, no dialog
        await pilot.pause()
        assert app.screen is app.explorer
        assert any("No load warnings" in str(n.message) for n in app._notifications)


async def test_the_palette_offers_the_warnings_when_there_are_some(tmp_path):
    (tmp_path / "good.txt").write_text("Tiêu đề\n\nNội dung bài.\n", encoding="utf-8")
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    app = make_app([str(tmp_path)])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert app.corpus.warnings
        await run_palette_command(pilot, "load warnings", "Show load warnings")
        from tui.dialogs.load_warnings import WarningsScreen

        assert isinstance(app.screen, WarningsScreen)


# -- remembered choices ------------------------------------------------------------------


async def test_language_theme_and_highlighting_chosen_in_the_palette_survive_a_restart():
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await run_palette_command(pilot, "language", "Switch UI language")
        await run_palette_command(pilot, "to mau", "Bật/tắt tô màu thực thể · đang bật")  # now in Vietnamese
        app.theme = "nord"
        await settle(pilot)
    saved = json.loads((state_dir() / "preferences.json").read_text(encoding="utf-8"))
    assert {key: entry["value"] for key, entry in saved["ui"].items()} == {
        "language": "vi", "highlight_entities": False, "theme": "nord"}

    again = make_app()
    async with again.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert again.language == "vi" and again.document_list.border_title == "Bài viết"
        assert again.theme == "nord"
        assert again.reader.show_entities is False


async def test_an_edit_of_the_config_after_the_choice_wins():
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        app.theme = "nord"
        await settle(pilot)
    edited = make_app(theme="gruvbox")  # config.toml now says gruvbox: the user's newer decision
    async with edited.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert edited.theme == "gruvbox"
    unchanged = make_app()
    async with unchanged.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert unchanged.theme == "nord"


def test_preferences_are_written_atomically_and_only_in_the_state_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    prefs = Preferences.load()
    prefs.remember("theme", "dracula", "textual-dark")
    assert prefs.save()
    files = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())
    assert files == ["state/vnby-tui/preferences.json"]  # no temporary left beside it
    assert Preferences.load().apply({"theme": "textual-dark", "language": "en"})["theme"] == "dracula"


def test_a_relative_xdg_state_home_is_ignored(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_STATE_HOME", "relative/state")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert state_dir() == tmp_path / ".local" / "state" / "vnby-tui"


@pytest.mark.parametrize("content", ["{broken", '["a list"]', "\udcff".encode("utf-8", "surrogateescape")])
def test_a_damaged_preferences_file_is_reported_in_one_line_and_ignored(tmp_path, content):
    path = tmp_path / "preferences.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    prefs = Preferences.load(path)
    assert prefs.warning and str(path) in prefs.warning and "\n" not in prefs.warning
    assert prefs.apply({"theme": "textual-dark"}) == {"theme": "textual-dark"}


def test_saved_values_of_the_wrong_kind_are_not_applied(tmp_path):
    path = tmp_path / "preferences.json"
    path.write_text(json.dumps({"version": 1, "ui": {
        "language": {"value": "fr", "config": "en"},
        "highlight_entities": {"value": "no", "config": True},
        "theme": {"value": 3, "config": "textual-dark"}}}), encoding="utf-8")
    ui = {"language": "en", "highlight_entities": True, "theme": "textual-dark"}
    assert Preferences.load(path).apply(ui) == ui


async def test_a_read_only_state_dir_gives_one_warning_and_the_explorer_works_on(tmp_path, monkeypatch):
    blocker = tmp_path / "state"
    blocker.write_text("a file where the directory should be", encoding="utf-8")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocker))
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("h")
        await settle(pilot)
        assert app.show_entities is False
        warnings = [str(n.message) for n in app._notifications if "cannot save preferences" in str(n.message)]
        assert len(warnings) == 1 and str(blocker) in warnings[0]


# -- search field and footer ---------------------------------------------------------------


@pytest.mark.parametrize("size", [WIDE, SMALL])
async def test_slash_back_into_the_search_field_appends_to_the_query(size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await search(pilot, "to")
        await pilot.press("escape")
        assert app.focused is app.document_list
        await pilot.press("slash")
        assert isinstance(app.focused, SearchInput)
        await pilot.press("space", *"lam")
        await settle(pilot)
        assert app.search_bar.query_text == "to lam"


def footer_text(app) -> str:
    return str(app.query_one("#key-bar").render())


@pytest.mark.parametrize("size", [WIDE, SMALL])
async def test_the_footer_always_shows_help_and_quit(size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for focus in (app.document_list, app.reader):
            focus.focus()
            await pilot.pause()
            text = footer_text(app)
            assert re.search(r"\?\s+Help", text) and re.search(r"\bq\s+Quit", text), text
            assert len(text.rstrip()) <= size[0]


def test_fit_keys_drops_pane_keys_before_help_and_quit():
    items = [("a", "x", "Alpha"), ("b", "y", "Bravo"), ("help", "?", "Help"), ("quit", "q", "Quit")]
    assert [i[0] for i in fit_keys(items, 200)] == ["a", "b", "help", "quit"]
    assert [i[0] for i in fit_keys(items, 32)] == ["a", "help", "quit"]
    assert [i[0] for i in fit_keys(items, 5)] == ["help", "quit"]


# -- README screenshot -------------------------------------------------------------------------


def svg_lines(svg: str) -> list[str]:
    """The text of each screen row as an SVG renderer that collapses whitespace
    (librsvg) draws it, unless the document preserves spaces."""
    import html

    preserve = 'xml:space="preserve"' in svg[:svg.index(">", svg.index("<svg"))]
    rows: dict[str, list[tuple[float, str]]] = {}
    for x, y, text in re.findall(r'<text class="[^"]*" x="([0-9.]+)" y="([0-9.]+)"[^>]*>([^<]*)</text>', svg):
        text = html.unescape(text).replace("\xa0", " ")
        rows.setdefault(y, []).append((float(x), text if preserve else text.strip(" ")))
    lines = []
    for y in sorted(rows, key=float):
        line = ""
        for x, text in sorted(rows[y]):
            line = line.ljust(round(x / 12.2)) + text  # rich draws cells 12.2 units wide
        lines.append(line)
    return lines


def test_the_readme_screenshot_keeps_the_spaces_around_highlights():
    import importlib.util

    svg = (REPO / "docs" / "screenshot.svg").read_text(encoding="utf-8")
    lines = svg_lines(svg)
    assert any("Tô Lâm và" in line for line in lines), "a space after a highlight is lost"
    assert not any(re.search(r"Lâmvà|Lukashenkovui|Belaruscủa", line) for line in lines)

    spec = importlib.util.spec_from_file_location("screenshot", REPO / "docs" / "screenshot.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    raw = '<svg class="rich-terminal" viewBox="0 0 10 10"><text class="r" x="0" y="1">Tô&#160;Lâm</text>' \
          '<text class="r" x="73.2" y="1">&#160;và</text></svg>'
    assert svg_lines(raw) == ["Tô Lâmvà"]  # what a collapsing renderer showed before
    assert svg_lines(module.preserve_spaces(raw)) == ["Tô Lâm và"]
    assert module.preserve_spaces(module.preserve_spaces(raw)).count("xml:space") == 1


@pytest.mark.parametrize("language, commands, themes", [
    ("en", "Search for commands…", "Search for themes…"),
    ("vi", "Tìm lệnh… (gõ không dấu cũng được)", "Tìm giao diện màu…"),
])
async def test_the_palette_and_theme_picker_prompt_in_the_interface_s_language(language, commands, themes):
    from textual.command import CommandInput, CommandList, CommandPalette

    def prompt() -> str | None:
        """The open palette's prompt, once it is drawn with its list."""
        screen = app.screen
        if isinstance(screen, CommandPalette) and screen.query(CommandList) and screen.query(CommandInput):
            return screen.query_one(CommandInput).placeholder
        return None

    app = make_app(language=language)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await wait_until(pilot, prompt, "the palette")
        assert prompt() == commands
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, CommandPalette), "the palette to close")
        app.action_change_theme()
        await wait_until(pilot, prompt, "the theme picker")
        assert prompt() == themes
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, CommandPalette), "the picker to close")


@pytest.mark.parametrize("size", [WIDE, SMALL])
@pytest.mark.parametrize("language, nothing", [("en", "No matches found"), ("vi", "Không tìm thấy gì phù hợp")])
async def test_the_palette_and_theme_picker_say_nothing_matches_in_the_interface_s_language(size, language, nothing):
    """Typing what no command (or theme) is called shows Textual's "No matches found" line,
    in the interface's language like the palette's prompt."""
    from textual.command import CommandList, CommandPalette
    from textual.geometry import Region

    def shown() -> str:
        """The palette's list as drawn on the terminal."""
        screen = app.screen
        if not isinstance(screen, CommandPalette) or not screen.query(CommandList):
            return ""
        listed = screen.query_one(CommandList)
        return "\n".join(strip.text for strip in listed.render_lines(Region(0, 0, *listed.outer_size)))

    app = make_app(language=language)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for opening in ("the commands", "the themes"):
            if opening == "the commands":
                await pilot.press("ctrl+p")
            else:
                app.action_change_theme()
            await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette), "the palette")
            await pilot.press(*"qqxqqz")
            await wait_until(pilot, lambda: nothing in shown(), f"{nothing!r} in the palette")
            await pilot.press("escape")
            await wait_until(pilot, lambda: not isinstance(app.screen, CommandPalette), "the palette to close")
