"""The load warnings log: one line per file and problem."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Log

from ..i18n import label
from ..screen_text import visible


class WarningsScreen(ModalScreen[None]):
    """The load warnings, one line each (file: problem)."""

    BINDINGS = [Binding("escape,q", "dismiss", "action.leave")]

    DEFAULT_CSS = """
    WarningsScreen {
        align: center middle;
        & > Log { width: 90%; height: 80%; border: round $border; background: $surface; }
    }
    """

    def __init__(self, language: str, warnings: Sequence[object]) -> None:
        super().__init__()
        self.language = language
        self.warnings = warnings

    def compose(self) -> ComposeResult:
        log = Log(highlight=False)
        log.border_title = label(self.language, "warnings.title")
        yield log

    def on_mount(self) -> None:
        self.query_one(Log).write_lines(visible(str(warning)) for warning in self.warnings)
