"""Large work of a loading thread, in pieces short enough for the explorer's event loop.

The explorer loads a corpus in a thread, but a thread keeps the interpreter (the
GIL) for as long as one C call lasts: sorting 100,000 keys with ``list.sort``, or
freeing a dict of 100,000 objects when its last reference goes, held the event
loop for 100-200 ms on the real corpus, and every key press waited.  The
interpreter changes threads only between bytecodes, so these helpers do the same
work as Python loops over small C calls: the result is the same, the event loop
gets its turns.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

T = TypeVar("T")

#: Items sorted by one C call (a few milliseconds of work).
PIECE = 4096


def sorted_in_pieces(items: Iterable[T], key: Callable[[T], Any] | None = None) -> list[T]:
    """``sorted(items, key=key)``, the same list in the same order (ties stay in their
    order, as ``sorted`` keeps them), made of sorted runs of :data:`PIECE` items merged
    by ``heapq.merge`` (Python code: the interpreter can switch threads at any item)."""
    items = list(items)
    if len(items) <= PIECE:
        return sorted(items, key=key)
    runs = [sorted(items[start : start + PIECE], key=key) for start in range(0, len(items), PIECE)]
    del items
    return list(heapq.merge(*runs, key=key))


def empty_in_pieces(*containers: Any) -> None:
    """Empty dicts, lists and sets one item at a time, so that what they held is freed
    item by item rather than in one call when the container itself goes."""
    for container in containers:
        if isinstance(container, dict):
            while container:
                container.popitem()
        elif isinstance(container, (list, set)):
            while container:
                container.pop()
