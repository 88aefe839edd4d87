"""A one-line text field whose editing keys act in the order they were typed.

Textual hands a key to the focused widget, which types a character at once, but a key bound in
the field (backspace, delete, the arrows, home/end, ctrl+w, ctrl+u …) is acted on only when it
has bubbled back up to the app.  In a burst of keys (a fast typist, a paste, one SSH packet) the
characters typed after such a key were therefore already in the field when it acted: ``xyz⌫w``
gave ``xyz``, and ``to lam ← ← ← x`` gave ``to lamx``.  :class:`TextField` runs the field's own
bindings as the key reaches it, in turn with the characters."""

from __future__ import annotations

from textual import events
from textual.widgets import Input, TextArea


class KeysInOrder:
    """Mixed into an :class:`~textual.widgets.Input` or a ``TextArea`` (before it): its own bindings are run when the
    key arrives at the field; priority bindings (the app's and the screen's) are acted on before
    the key gets here and are left to them."""

    async def _on_key(self, event: events.Key) -> None:
        for binding in self._bindings.key_to_bindings.get(event.key, ()):  # type: ignore[attr-defined]
            if not binding.priority and await self.app.run_action(binding.action, self):  # type: ignore[attr-defined]
                event.prevent_default()
                event.stop()
                return


class TextField(KeysInOrder, Input):
    """An :class:`~textual.widgets.Input` whose editing keys act in the order they were typed."""


class TextBox(KeysInOrder, TextArea):
    """A :class:`~textual.widgets.TextArea` (a note's lines) whose editing keys act in the order
    they were typed."""
