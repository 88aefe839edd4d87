"""Small modal screens: open another corpus path, and the load warnings log."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Log

from .i18n import label
from .screen_text import visible


class OpenPathScreen(ModalScreen[str | None]):
    """Asks for a file or directory; dismisses with the path typed, or ``None``."""

    BINDINGS = [Binding("escape", "dismiss(None)", "action.leave")]

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
            yield Input(placeholder="/path/to/corpus")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)


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
