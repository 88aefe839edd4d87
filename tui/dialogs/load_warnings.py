"""The load warnings: one item per file and problem, wrapped to the dialog's width."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ..i18n import label, load_problem
from ..screen_text import visible


def warning_prompt(language: str, warning: object) -> Text:
    """One warning as shown: its file first (bold), then the problem in ``language``; long ones wrap."""
    path, message = getattr(warning, "path", None), getattr(warning, "message", None)
    if not isinstance(path, str) or not isinstance(message, str):
        return Text(visible(str(warning)))
    return Text.assemble((visible(path), "bold"), ": ", visible(load_problem(language, warning)))


class WarningsScreen(ModalScreen[None]):
    """The load warnings, one item each (file: problem), every one readable whole:
    a long path or message wraps inside its item, never runs off the side."""

    BINDINGS = [Binding("escape,q", "dismiss", "action.leave")]

    DEFAULT_CSS = """
    WarningsScreen {
        align: center middle;
        & > OptionList {
            width: 90%; height: 80%; border: round $border; background: $surface;
            &:focus { border: round $border; }
        }
    }
    """

    def __init__(self, language: str, warnings: Sequence[object]) -> None:
        super().__init__()
        self.language = language
        self.warnings = warnings

    def compose(self) -> ComposeResult:
        listing = OptionList(*(Option(warning_prompt(self.language, warning)) for warning in self.warnings))
        listing.border_title = label(self.language, "warnings.title")
        yield listing
