"""Asks for another corpus path to open."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input

from ..i18n import label
from ..widgets.text_field import TextField
from .closing import ClosesInTurn


class OpenPathScreen(ClosesInTurn[str | None]):
    """Asks for a file or directory; dismisses with the path typed, or ``None``."""

    BINDINGS = [Binding("enter", "submit", show=False, priority=True)]  # escape: ClosesInTurn

    DEFAULT_CSS = """
    OpenPathScreen {
        align: center middle;
        & > Vertical { width: 80%; max-width: 100; height: auto; border: round $border; background: $surface; }
    }
    """

    def __init__(self, language: str) -> None:
        super().__init__()
        self.language = language

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = label(self.language, "open.prompt")
            yield TextField(placeholder="/path/to/corpus")

    def action_submit(self) -> None:
        field = self.query_one(Input)
        self.close_in_turn(lambda: field.value.strip() or None)
