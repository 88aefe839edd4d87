"""Export to a file: what (this search's results, every hit, the marked articles, the entity
table), in which format (CSV, Markdown, JSON lines) and where (a proposed name in the working
directory, editable).  An existing file is replaced only when asked twice."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Label, RadioButton, RadioSet, Static

from ..core.export import EXTENSIONS, corpus_input_at
from ..i18n import label
from ..screen_text import visible
from ..widgets.text_field import KeysInOrder, TextField
from .closing import ClosesInTurn

#: The formats offered, in this order: (format, what the dialog calls it).
FORMATS = (("csv", "CSV"), ("md", "Markdown"), ("jsonl", "JSONL"))


@dataclass(frozen=True)
class ExportOffer:
    """One thing the dialog offers to export: ``what`` (``results``, ``all``, ``marked``,
    ``entities``), as the user reads it, and whether there is anything to export."""

    what: str
    text: str
    enabled: bool = True


@dataclass(frozen=True)
class ExportChoice:
    """What the user asked for: ``what`` (as :class:`ExportOffer`), ``fmt`` and the ``path``."""

    what: str
    fmt: str
    path: str


class Choice(RadioButton):
    """A radio button that reads without colour: ``●`` chosen, ``○`` not (every button drew
    ``●``, the choice told apart by colour only: a monochrome terminal, a colour-blind reader)."""

    @property  # type: ignore[override]
    def BUTTON_INNER(self) -> str:  # noqa: N802 (Textual's name for the mark)
        return "●" if self.value else "○"


class ChoiceSet(KeysInOrder, RadioSet, inherit_bindings=False):
    """A radio set whose choice follows the cursor (no enter to press a button): enter is
    left to the dialog, which exports.  The arrows act as they arrive (:class:`KeysInOrder`),
    before an enter typed behind them in the same burst exports."""

    BINDINGS = [
        Binding("down,right", "move(1)", show=False),
        Binding("up,left", "move(-1)", show=False),
    ]

    def action_move(self, step: int) -> None:
        (self.action_next_button if step > 0 else self.action_previous_button)()
        self.action_toggle_button()

    @property
    def chosen(self) -> str:
        """The id of the button chosen, without its set's prefix: the one under the cursor as
        soon as an arrow has moved it (the button's press reaches the set only later)."""
        button = self._nodes[self._selected] if self._selected is not None else self.pressed_button
        return (button.id or "").split("-", 1)[1] if button is not None else ""


class ExportScreen(ClosesInTurn[ExportChoice | None]):
    """Dismisses with the :class:`ExportChoice` made, or ``None`` (escape).

    Tab, shift+tab and enter act as they arrive, escape too (:class:`ClosesInTurn`): in one
    burst (``X`` ``tab`` ``→`` ``→`` ``enter``, a fast typist, one SSH packet) the arrows
    reach the choice tab moved to, and enter exports what they chose."""

    BINDINGS = [
        Binding("enter", "export", "action.export", priority=True),
        Binding("tab", "app.focus_next", show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", show=False, priority=True),
    ]

    DEFAULT_CSS = """
    ExportScreen {
        align: center middle;
        & > Vertical {
            width: 80%; max-width: 90; height: auto; max-height: 100%;
            border: round $border; background: $surface; padding: 0 1;
        }
        & Label { color: $text-muted; margin-top: 1; }
        & ChoiceSet, & ChoiceSet:focus { border: none; width: 1fr; padding: 0; background-tint: $foreground 0%; }
        & #export-format { layout: horizontal; }
        & #export-format > RadioButton { width: auto; margin-right: 2; }
        & #export-status { color: $text-warning; height: auto; }
        & #export-note { color: $text-muted; height: auto; margin-top: 1; }
    }
    """

    def __init__(self, language: str, offers: Sequence[ExportOffer], name_for: Callable[[str, str], str],
                 note: str = "") -> None:
        super().__init__()
        self.note = note
        self.language = language
        self.offers = list(offers)
        self.name_for = name_for
        self.what = next((offer.what for offer in self.offers if offer.enabled), "")
        self.fmt = FORMATS[0][0]
        self._proposed = name_for(self.what, self.fmt)
        self._replace: str | None = None  # the existing file the user was told of

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = label(self.language, "export.title")
            box.border_subtitle = label(self.language, "export.keys")
            if self.note:
                yield Static(self.note, id="export-note", markup=False)
            yield Label(label(self.language, "export.what"))
            with ChoiceSet(id="export-what"):
                for offer in self.offers:
                    yield Choice(Content(offer.text), value=offer.what == self.what, id=f"what-{offer.what}",
                                 disabled=not offer.enabled)
            yield Label(label(self.language, "export.format"))
            with ChoiceSet(id="export-format"):
                for fmt, name in FORMATS:
                    yield Choice(name, value=fmt == self.fmt, id=f"format-{fmt}")
            yield Label(label(self.language, "export.path"))
            yield TextField(self._proposed, id="export-path")
            yield Static("", id="export-status", markup=False)

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        """Another choice: the proposed name follows it (a name the user typed keeps its
        stem and takes the format's extension)."""
        event.stop()
        self._follow_choices()

    def _follow_choices(self) -> None:
        """The choices made, and the file name following them, once per change (asked again
        at enter, before the change has reached the dialog)."""
        what = self.query_one("#export-what", ChoiceSet).chosen or self.what
        fmt = self.query_one("#export-format", ChoiceSet).chosen or self.fmt
        if (what, fmt) == (self.what, self.fmt):
            return
        self.what, self.fmt = what, fmt
        field = self.query_one("#export-path", Input)
        proposed = self.name_for(self.what, self.fmt)
        if field.value == self._proposed:
            field.value = proposed
        else:
            stem, extension = os.path.splitext(field.value)
            if extension in EXTENSIONS.values():
                field.value = stem + EXTENSIONS[self.fmt]
        self._proposed = proposed

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._say("")

    def action_export(self) -> None:
        """Enter, once the focused choice or field has taken the keys typed before it."""
        focused = self.focused
        if focused is None:
            self._export()
        else:
            focused.call_later(self._export)

    def _export(self) -> None:
        """Export, unless the path cannot be a file or names one that exists (asked once)."""
        if self.closing:
            return
        self._follow_choices()  # an arrow typed just before enter: its choice, and its file name
        typed = self.query_one("#export-path", Input).value.strip()
        path = os.path.expanduser(typed)
        folder = os.path.dirname(os.path.abspath(path)) if path else ""
        if not self.what:
            self._say(label(self.language, "export.nothing"))
        elif not path or os.path.isdir(path):
            self._say(label(self.language, "export.is_folder", path=visible(typed)))
        elif not os.path.isdir(folder):
            self._say(label(self.language, "export.no_folder", folder=visible(folder)))
        elif corpus_input_at(path, getattr(getattr(self.app, "corpus", None), "paths", ())) is not None:
            self._say(label(self.language, "export.is_corpus", path=visible(typed)))
        elif os.path.exists(path) and self._replace != path:
            self._say(label(self.language, "export.exists", path=visible(typed)))
            self._replace = path
        else:
            choice = ExportChoice(self.what, self.fmt, path)
            self.close_in_turn(lambda: choice)

    def _say(self, text: str) -> None:
        if not text:
            self._replace = None
        self.query_one("#export-status", Static).update(text)
