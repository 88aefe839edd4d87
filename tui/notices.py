"""Notifications that leave the reader readable.

Textual stacks every toast in the bottom-right corner, over the reading view; a
load's warnings, a mark and a curation can raise three at once and hide most
of the article at 80x24.  Here a notification the same as one on screen
replaces it (fresh, its timeout restarted), and at most one toast per
:data:`ROWS_PER_TOAST` rows of the screen is shown: the oldest goes first (what
a toast says is said elsewhere too: a load's warnings stay in the palette's
"Show load warnings", a mark on its row).
"""

from __future__ import annotations

from textual.notifications import Notification, Notify

#: Rows of screen per toast shown at once: one at 80x24, two at 120x40.
ROWS_PER_TOAST = 20


class NoticesMixin:
    """The App's part: trims the toasts before Textual adds the new one."""

    def on_notify(self, event: Notify) -> None:
        """Runs before Textual's own handler adds ``event.notification``."""
        new = event.notification
        shown = list(self._notifications)  # type: ignore[attr-defined]  # live ones (Textual reaps the expired)
        for old in shown:
            if same_notice(old, new):
                self._unnotify(old, refresh=False)  # type: ignore[attr-defined]
        shown = [old for old in shown if not same_notice(old, new)]
        room = max(1, self.size.height // ROWS_PER_TOAST) - 1  # type: ignore[attr-defined]
        for old in shown[: max(len(shown) - room, 0)]:
            self._unnotify(old, refresh=False)  # type: ignore[attr-defined]


def same_notice(old: Notification, new: Notification) -> bool:
    return old.identity != new.identity and (old.message, old.title, old.severity) == (new.message, new.title, new.severity)
