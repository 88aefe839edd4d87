"""A one-line text field whose editing keys act in the order they were typed.

Textual hands a key to the focused widget, which types a character at once, but a key bound in
the field (backspace, delete, the arrows, home/end, ctrl+w, ctrl+u …) is acted on only when it
has bubbled back up to the app.  In a burst of keys (a fast typist, a paste, one SSH packet) the
characters typed after such a key were therefore already in the field when it acted: ``xyz⌫w``
gave ``xyz``, and ``to lam ← ← ← x`` gave ``to lamx``.  :class:`TextField` runs the field's own
bindings as the key reaches it, in turn with the characters."""

from __future__ import annotations

from textual import events
from textual.dom import NoScreen
from textual.widgets import Input


class KeysInOrder:
    """Mixed into an :class:`~textual.widgets.Input` or a ``TextArea`` (before it): its own bindings are run when the
    key arrives at the field; priority bindings (the app's and the screen's) are acted on before
    the key gets here and are left to them.  (The note's ``TextArea`` is in
    :mod:`tui.dialogs.note_article`: importing ``TextArea`` here delayed the first frame.)"""

    async def _on_key(self, event: events.Key) -> None:
        if self._typed_after_close():  # behind the key that closed its dialog: for what is under it
            event.prevent_default()
            event.stop()
            self.app.post_message(events.Key(event.key, event.character))  # type: ignore[attr-defined]
            return
        for binding in self._bindings.key_to_bindings.get(event.key, ()):  # type: ignore[attr-defined]
            if not binding.priority and await self.app.run_action(binding.action, self):  # type: ignore[attr-defined]
                event.prevent_default()
                event.stop()
                return

    def _typed_after_close(self) -> bool:
        """Whether this field's dialog has closed (:class:`~tui.dialogs.closing.ClosesInTurn`):
        the keys still reaching it were typed after the key that closed it."""
        try:
            screen = self.screen  # type: ignore[attr-defined]
        except NoScreen:  # already taken off the screen with its dialog
            return True
        return bool(getattr(screen, "closing", False))


class TextField(KeysInOrder, Input):
    """An :class:`~textual.widgets.Input` whose editing keys act in the order they were typed."""
