"""The command palette (``ctrl+p``): the explorer's commands, in the UI language.

Vietnamese users often type without diacritics (``doi giao dien`` for *Đổi
giao diện màu*), as they do in the search bar, so both the query and every
command title are folded (``tui.core.text.fold``: lower case, no diacritics,
``đ`` → ``d``) before fuzzy matching.  Folding keeps offsets 1:1, so the
matched letters are highlighted in the original title.

Enter and escape close the palette in turn with the keys typed around them, as the app's
own dialogs do (:mod:`tui.dialogs.closing`): letters typed right behind enter reach the
screen underneath instead of the closing palette's query.

A command whose action the app reports unavailable (``App.check_action``
returning a false value — no load warnings to show, say) is not offered.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from rich.align import Align
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.command import (Command, CommandInput, CommandList, CommandPalette, DiscoveryHit, Hit, Hits,
                             Provider, SearchIcon)
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, LoadingIndicator, OptionList
from textual.widgets.option_list import Option

from .core.text import fold
from .i18n import label
from .widgets.text_field import KeysInOrder

#: (label key, app action) in the order the palette lists them; ``KEY.help`` is the help line.
COMMANDS: list[tuple[str, str]] = [
    ("cmd.entity_profile", "ask_entity_profile"),
    ("cmd.highlights", "toggle_highlights"),
    ("cmd.stories_once", "toggle_stories_once"),
    ("cmd.sidebar", "toggle_sidebar"),
    ("cmd.theme", "change_theme"),
    ("cmd.language", "switch_language"),
    ("cmd.open", "open_path"),
    ("cmd.warnings", "show_warnings"),
    ("cmd.save_search", "save_search"),
    ("cmd.saved_searches", "saved_searches"),
    ("cmd.show_starred", "show_starred"),
    ("cmd.show_tag", "show_tag"),
    ("cmd.search_notes", "search_notes"),
    ("cmd.export", "export"),
    ("cmd.help", "help"),
    ("cmd.quit", "quit"),
]

#: Commands that switch a setting on and off: the app attribute that holds it.
TOGGLES = {"toggle_highlights": "show_entities", "toggle_stories_once": "stories_once"}


class PaletteField(KeysInOrder, CommandInput):
    """The palette's query: enter (when it runs a command) and escape close the palette as they
    arrive, behind the keys typed before them; the keys reaching the field after that go on to
    the screen underneath (:class:`~tui.widgets.text_field.KeysInOrder`)."""

    async def _on_key(self, event: events.Key) -> None:
        palette = self.screen
        if (isinstance(palette, Palette) and not palette.closing
                and (event.key == "enter" and palette.choose_in_turn() or event.key == "escape" and palette.leave_in_turn())):
            event.prevent_default()
            event.stop()
            return
        await super()._on_key(event)


class Palette(CommandPalette):
    """Textual's command palette (or theme picker) in the interface's ``language``: its
    prompt (the label ``prompt`` of :mod:`tui.i18n`) and the line that says nothing matches."""

    #: True once enter or escape has decided to close it: the keys its field receives from then
    #: on were typed after that key (:class:`~tui.widgets.text_field.KeysInOrder` reads it).
    closing = False

    def __init__(self, language: str, prompt: str, **kwargs: Any) -> None:
        super().__init__(placeholder=label(language, prompt), **kwargs)
        self.interface_language = language

    def compose(self) -> ComposeResult:
        """Textual's own (8.x), with :class:`PaletteField` as the query field."""
        with Vertical(id="--container"):
            with Horizontal(id="--input"):
                yield SearchIcon()
                yield PaletteField(placeholder=self._placeholder, select_on_focus=False)
                if not self.run_on_select:
                    yield Button("\u25b6")
            with Vertical(id="--results"):
                yield CommandList()
                yield LoadingIndicator()

    def choose_in_turn(self) -> bool:
        """Enter has reached the field: when it runs a command (the one highlighted, the only
        one listed, or the one chosen already), close once the field has taken the keys typed
        before it and run it.  False when enter only highlights the first of several commands
        (Textual's handler does that, and the palette stays open)."""
        hit = self._hit_enter_runs()
        if hit is None:
            return False
        self.closing = True
        self.query_one(CommandInput).call_later(self._close, True, hit.command)
        return True

    def leave_in_turn(self) -> bool:
        """Escape has reached the field: close once it has taken the keys typed before it."""
        self.closing = True
        self.query_one(CommandInput).call_later(self._close, False, None)
        return True

    def _hit_enter_runs(self) -> DiscoveryHit | Hit | None:
        """The command enter runs now, as Textual's ``_select_or_command`` decides it."""
        if not self._list_visible:
            return self._selected_command
        commands = self.query_one(CommandList)
        index = commands.highlighted
        if index is None and commands.option_count == 1:
            index = 0
        option = commands.get_option_at_index(index) if index is not None else None
        return option.hit if isinstance(option, Command) else None

    def _close(self, chosen: bool, command: Any) -> None:
        """What Textual does on closing, run in turn with the keys typed before enter/escape."""
        if not self.is_current:
            return
        self._cancel_gather_commands()
        self._stop_no_matches_countdown()
        self.app.post_message(CommandPalette.Closed(option_selected=chosen))
        self.dismiss()
        if command is not None:
            self.app.call_later(command)

    @on(Input.Submitted)
    @on(Button.Pressed)
    @on(OptionList.OptionSelected)
    def _closed_already(self, event: Input.Submitted | Button.Pressed | OptionList.OptionSelected) -> None:
        """A command chosen once the palette has closed is dropped.  Two ``enter`` typed in one
        burst (a fast typist, one SSH packet: ``saved searches`` ``enter`` ``enter``) both reached
        its field before the first had closed it, and each chose the command: Textual's handler
        closed the palette a second time, popping a screen that was not its own, and the explorer
        ended (``ScreenStackError``).  Run before Textual's handlers (this class comes first),
        which it then keeps from running."""
        if not self.is_current:
            event.stop()
            event.prevent_default()

    def _start_no_matches_countdown(self, search_value: str) -> None:
        """Textual's own, saying "No matches found" in the interface's language: Textual
        writes those words inside this method, so it is replaced whole, doing what it does
        (after a short wait, a disabled line for a query that nothing matches; none for an
        empty query)."""
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                nothing = Text(label(self.interface_language, "palette.no_matches"), style="not bold")
                self.query_one(CommandList).add_option(Option(Align.center(nothing), disabled=True,
                                                              id=self._NO_MATCHES))
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)


class ExplorerCommands(Provider):
    """The app's own commands, matched with or without diacritics."""

    def _available(self) -> list[tuple[str, str, str]]:
        """(title, help, action) of every command the app offers now."""
        app = self.app
        language = getattr(app, "language", "en")
        found = []
        for key, action in COMMANDS:
            if not app.check_action(action, ()):
                continue
            title = label(language, key)
            setting = TOGGLES.get(action)
            if setting is not None:  # a toggle says where it stands (it is remembered across runs)
                title += " · " + label(language, "cmd.on" if getattr(app, setting, False) else "cmd.off")
            found.append((title, label(language, key + ".help"), action))
        return found

    def _run(self, action: str) -> None:
        self.app.call_later(self.app.run_action, action)

    async def discover(self) -> Hits:
        for title, help_text, action in self._available():
            yield DiscoveryHit(title, partial(self._run, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(fold(query))
        for title, help_text, action in self._available():
            folded = fold(title)
            score = matcher.match(folded)
            if score > 0:
                yield Hit(score, highlight(title, folded, matcher), partial(self._run, action), help=help_text)
            elif (score := matcher.match(fold(help_text))) > 0:  # "tagged" finds "… tagged so": below title hits
                yield Hit(score / 2, Content(title), partial(self._run, action), help=help_text)


def highlight(title: str, folded: str, matcher) -> Content:
    """``title`` with the letters the matcher found in ``folded`` styled as matches."""
    content = Content(title)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, folded)
    for offset in offsets:
        if not title[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
