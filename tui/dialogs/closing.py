"""A dialog that closes in turn with the keys typed into it.

Keys typed in one burst (a fast typist, one SSH packet) are all handed to the focused field as
they arrive, before any of them is acted on.  A dialog closed by one of them (enter, ctrl+s,
escape) therefore had the keys typed behind it in its field's queue, and they were lost with
the dialog: ``t`` tag ``enter`` ``m`` note ``ctrl+s`` gave the tag and no note.

:class:`ClosesInTurn` closes once the field has taken the keys typed before the closing key
(so a note keeps its last letters), and marks itself closing; the field hands the keys that
reach it after that back to the app (:class:`~tui.widgets.text_field.KeysInOrder`), which
gives them to whatever is under the dialog, or to the dialog opened next."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from textual.binding import Binding
from textual.screen import ModalScreen

ResultT = TypeVar("ResultT")


class ClosesInTurn(ModalScreen[ResultT]):
    """A dialog with :meth:`close_in_turn`, and escape that cancels in turn (a priority
    binding: acted on as it arrives, the dialog closing behind the keys typed before it)."""

    BINDINGS = [Binding("escape", "cancel", "action.leave", priority=True)]

    #: True once the dialog has decided to close: the keys its field receives from then on
    #: were typed after the closing key.
    closing = False

    def close_in_turn(self, result: Callable[[], Any]) -> None:
        """Dismiss with ``result()``, read once the focused widget has taken the keys typed
        before this one (they may still be on their way to it)."""
        focused = self.focused
        if focused is None:
            self._close(result)
        else:
            focused.call_later(self._close, result)

    def _close(self, result: Callable[[], Any]) -> None:
        if not self.closing:  # the closing key pressed twice closes once
            self.closing = True
            self.dismiss(result())

    def action_cancel(self) -> None:
        self.close_in_turn(lambda: None)
