"""The command palette (``ctrl+p``): the explorer's commands, in the UI language.

Vietnamese users often type without diacritics (``doi giao dien`` for *Đổi
giao diện màu*), as they do in the search bar, so both the query and every
command title are folded (``tui.core.text.fold``: lower case, no diacritics,
``đ`` → ``d``) before fuzzy matching.  Folding keeps offsets 1:1, so the
matched letters are highlighted in the original title.

A command whose action the app reports unavailable (``App.check_action``
returning a false value — no load warnings to show, say) is not offered.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from rich.align import Align
from rich.text import Text
from textual import on
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.widgets import Button, Input, OptionList
from textual.widgets.option_list import Option

from .core.text import fold
from .i18n import label

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


class Palette(CommandPalette):
    """Textual's command palette (or theme picker) in the interface's ``language``: its
    prompt (the label ``prompt`` of :mod:`tui.i18n`) and the line that says nothing matches."""

    def __init__(self, language: str, prompt: str, **kwargs: Any) -> None:
        super().__init__(placeholder=label(language, prompt), **kwargs)
        self.interface_language = language

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
