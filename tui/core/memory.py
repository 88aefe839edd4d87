"""Handing freed memory back to the system: kept apart from the index (and numpy) so
that the second process of a cold load (``tui.core.entity_process``) imports neither."""

from __future__ import annotations

import ctypes


def release_freed_memory() -> None:
    """Give the memory freed after a large batch back to the system.

    Tokenizing allocates and frees hundreds of megabytes in chunks that glibc
    keeps for reuse; without this the resident size stays near its peak.
    A no-op where the C library has no ``malloc_trim``."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass
