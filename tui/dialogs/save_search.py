"""Asks for the name under which to save the current search."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ..i18n import label
from ..screen_text import visible


class SaveSearchScreen(ModalScreen[str | None]):
    """Dismisses with the name typed, or ``None``."""

    BINDINGS = [Binding("escape", "dismiss(None)", "action.leave")]

    DEFAULT_CSS = """
    SaveSearchScreen {
        align: center middle;
        & > Vertical { width: 70%; max-width: 90; height: auto; border: round $border; background: $surface; }
        & Static { color: $text-muted; padding: 0 1; }
    }
    """

    def __init__(self, language: str, query: str) -> None:
        super().__init__()
        self.language = language
        self.search_query = query

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = label(self.language, "saved.prompt")
            yield Static(visible(self.search_query), markup=False)
            yield Input(value=self.search_query[:40])

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(" ".join(event.value.split()) or None)
