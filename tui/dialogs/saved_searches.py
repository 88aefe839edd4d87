"""The saved searches, to pick one and run it."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ..i18n import label
from ..screen_text import visible


class SavedSearchesScreen(ModalScreen[str | None]):
    """Dismisses with the name of the saved search picked, or ``None``."""

    BINDINGS = [Binding("escape", "dismiss(None)", "action.leave")]

    DEFAULT_CSS = """
    SavedSearchesScreen {
        align: center middle;
        & > OptionList { width: 80%; max-width: 100; height: auto; max-height: 80%; border: round $border; background: $surface; }
    }
    """

    def __init__(self, language: str, searches: Sequence[tuple[str, str, str | None]]) -> None:
        super().__init__()
        self.language = language
        self.searches = list(searches)

    def compose(self) -> ComposeResult:
        options = [Option(f"{visible(name)}  —  {visible(query)}", id=name) for name, query, _ in self.searches]
        listing = OptionList(*options) if options else OptionList(Option(label(self.language, "saved.none"), disabled=True))
        listing.border_title = label(self.language, "saved.title")
        yield listing

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)
