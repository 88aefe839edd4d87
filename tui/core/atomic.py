"""A user's file written whole or not at all, with the mode any new file of theirs gets.

Exports, preferences and the curation file are the user's own files, to read, share or put in
version control: each is written in a temporary file beside it, then renamed into place (an
existing file stays as it was if the writing fails), and created ``0o666`` less the user's umask
— not with the private mode (``0o600``) of :func:`tempfile.mkstemp`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO


class CannotCreateFile(OSError):
    """The file cannot be created (no such folder, not allowed, read-only)."""


@contextmanager
def written_whole(path: str | os.PathLike[str], encoding: str = "utf-8", newline: str | None = None,
                  sync: bool = False) -> Iterator[TextIO]:
    """A text handle on a temporary file beside ``path`` (``.NAME.RANDOM.part``), renamed to
    ``path`` once the block ends without an error (after an ``fsync`` if ``sync``), removed if
    it raises.  Raises :class:`CannotCreateFile` when the temporary file cannot be created."""
    path = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(path))
    part = os.path.join(folder, f".{os.path.basename(path)}.{os.urandom(4).hex()}.part")
    try:
        descriptor = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as exc:
        raise CannotCreateFile(exc.errno, exc.strerror, path) from None
    try:
        with open(descriptor, "w", encoding=encoding, newline=newline) as handle:
            yield handle
            if sync:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(part, path)
    except BaseException:
        try:
            os.unlink(part)
        except FileNotFoundError:
            pass
        raise
