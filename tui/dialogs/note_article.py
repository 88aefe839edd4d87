"""A multi-line note on the open article."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static, TextArea

from ..i18n import label
from ..screen_text import visible
from ..widgets.text_field import KeysInOrder
from .closing import ClosesInTurn


class TextBox(KeysInOrder, TextArea):
    """A :class:`~textual.widgets.TextArea` (a note's lines) whose editing keys act in the order
    they were typed."""


class NoteScreen(ClosesInTurn[str | None]):
    """Dismisses with the note written (``ctrl+s``), or ``None`` (``escape``).

    The article's earlier notes are shown above, newest last."""

    BINDINGS = [Binding("ctrl+s", "save", "action.save_note", priority=True)]  # escape: ClosesInTurn

    DEFAULT_CSS = """
    NoteScreen {
        align: center middle;
        & > Vertical { width: 80%; max-width: 100; height: auto; max-height: 90%; border: round $border; background: $surface; }
        & Static { color: $text-muted; padding: 0 1; }
        & TextArea { height: 8; }
    }
    """

    def __init__(self, language: str, title: str, earlier: Sequence[str]) -> None:
        super().__init__()
        self.language = language
        self.article_title = title
        self.earlier = list(earlier)

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = label(self.language, "note.prompt")
            box.border_subtitle = label(self.language, "note.keys")
            yield Static(visible(self.article_title), markup=False)
            for note in self.earlier[-3:]:
                yield Static("— " + visible(note), markup=False)
            yield TextBox(id="note-text", soft_wrap=True, show_line_numbers=False)

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_save(self) -> None:
        """ctrl+s (acted on as it arrives): the note is read once the box has taken the keys
        typed before it (in one burst they may still be on their way), then saved; the keys
        typed after it go to the explorer."""
        box = self.query_one(TextArea)
        self.close_in_turn(lambda: box.text.strip() or None)
