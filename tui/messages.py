"""Messages the widgets send to the app.

Widgets never reach into each other: they post one of these and the app
(``tui/app.py``) decides what changes, so each widget stays testable alone.
"""

from __future__ import annotations

from textual.message import Message


class QueryChanged(Message):
    """The search text settled (after the debounce) on ``query``."""

    def __init__(self, query: str) -> None:
        super().__init__()
        self.query = query


class ArticleOpened(Message):
    """The user chose document number ``doc`` in the list (enter or click): read it."""

    def __init__(self, doc: int) -> None:
        super().__init__()
        self.doc = doc


class ArticleHighlighted(Message):
    """The list cursor came to rest on document number ``doc``: preview it in the reader."""

    def __init__(self, doc: int) -> None:
        super().__init__()
        self.doc = doc


class MoreResultsRequested(Message):
    """The user chose the "more" row at the end of a capped result list."""


class EntityChosen(Message):
    """The user chose an entity in the sidebar: filter the list by it."""

    def __init__(self, key: str, name: str) -> None:
        super().__init__()
        self.key = key
        self.name = name


class FilterRemoved(Message):
    """The user clicked the chip of the entity filter ``key``."""

    def __init__(self, key: str) -> None:
        super().__init__()
        self.key = key


class SidebarScopeChanged(Message):
    """The sidebar switched between the open article ("doc") and the result set ("results")."""

    def __init__(self, scope: str) -> None:
        super().__init__()
        self.scope = scope
