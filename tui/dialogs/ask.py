"""Asks for one line of text, with completions (an entity to merge into, a new name, a type)."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.suggester import Suggester
from textual.widgets import Input, Static

from ..core.text import fold
from ..screen_text import visible
from ..widgets.text_field import TextField
from .closing import ClosesInTurn


class FoldedSuggester(Suggester):
    """Completes with the first name that starts with what was typed, diacritics and case
    ignored (``nguyen phu t`` → *Nguyễn Phú Trọng*), as everything else in vnby-tui is typed.
    Folding keeps each character, so the completion continues the typed text where it ends."""

    def __init__(self, names: Sequence[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.names = list(names)
        self.folded = [fold(name) for name in self.names]

    async def get_suggestion(self, value: str) -> str | None:
        typed = fold(value)
        if not typed:
            return None
        return next((name for name, folded in zip(self.names, self.folded) if folded.startswith(typed)), None)


class AskScreen(ClosesInTurn[str | None]):
    """Dismisses with the text typed (spaces tidied), or ``None`` (``escape``).  ``context`` is
    one piece of text, or its lines (each shown on a line of its own: a title and what to do)."""

    #: Enter acted on as it arrives (escape too, :class:`ClosesInTurn`): the keys typed behind it
    #: in one burst reach the explorer, or the dialog it opens next.
    BINDINGS = [Binding("enter", "submit", show=False, priority=True)]

    DEFAULT_CSS = """
    AskScreen {
        align: center middle;
        & > Vertical { width: 70%; max-width: 90; height: auto; border: round $border; background: $surface; }
        & Static { color: $text-muted; padding: 0 1; }
    }
    """

    def __init__(self, prompt: str, context: str | Sequence[str], suggestions: Sequence[str] = (),
                 value: str = "") -> None:
        super().__init__()
        self.prompt = prompt
        self.lines = [context] if isinstance(context, str) else list(context)
        self.context = "\n".join(self.lines)
        self.suggestions = list(suggestions)
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = self.prompt
            # each line made visible apart: a line break between them is a line break, while one
            # inside a title or a query (data) is shown as a control, not obeyed
            yield Static("\n".join(visible(line) for line in self.lines), markup=False)
            yield TextField(value=self.value,
                        suggester=FoldedSuggester(self.suggestions) if self.suggestions else None)

    def action_submit(self) -> None:
        field = self.query_one(Input)
        self.close_in_turn(lambda: " ".join(field.value.split()) or None)
