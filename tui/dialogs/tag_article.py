"""Asks for a tag to add to the open article (or, typed as ``-tag``, to remove)."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

from ..i18n import label
from ..screen_text import visible


class TagScreen(ModalScreen[str | None]):
    """Dismisses with the tag typed (``-tag`` to remove one), or ``None``.

    Existing tags complete as you type (``→`` accepts), most used first."""

    BINDINGS = [Binding("escape", "dismiss(None)", "action.leave")]

    DEFAULT_CSS = """
    TagScreen {
        align: center middle;
        & > Vertical { width: 70%; max-width: 90; height: auto; border: round $border; background: $surface; }
        & Static { color: $text-muted; padding: 0 1; }
    }
    """

    def __init__(self, language: str, title: str, current: Sequence[str], known: Sequence[str]) -> None:
        super().__init__()
        self.language = language
        self.article_title = title
        self.current = list(current)
        self.known = list(known)

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = label(self.language, "tag.prompt")
            yield Static(visible(self.article_title), markup=False)
            if self.current:
                yield Static(label(self.language, "tag.current", tags=", ".join(self.current)), markup=False)
            yield Input(placeholder=label(self.language, "tag.placeholder"),
                        suggester=SuggestFromList(self.known, case_sensitive=False) if self.known else None)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(" ".join(event.value.split()) or None)
