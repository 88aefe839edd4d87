"""Terminal-safe command-line output shared by every subcommand.

Article text is data.  JSON already escapes C0 controls, but C1 controls (a
lone 0x9B is a CSI to some terminals), bidi overrides and line separators pass
through ``ensure_ascii=False``; they are escaped here so that piping JSON to a
terminal is as safe as the tables.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TextIO

_UNSAFE_IN_JSON_RE = re.compile("[\u0080-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029"
                                "\ud800-\udfff]")


def safe_json(value: Any, indent: int | None = None) -> str:
    """``json.dumps`` keeping Vietnamese readable but escaping what a terminal would obey."""
    return escape_unsafe(json.dumps(value, ensure_ascii=False, indent=indent))


def escape_unsafe(text: str) -> str:
    """JSON text with what a terminal would obey written as ``\\u`` escapes."""
    return _UNSAFE_IN_JSON_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def write_json(value: Any, out: TextIO, indent: int | None = None) -> None:
    out.write(safe_json(value, indent) + "\n")


def write_json_array(items: Iterable[Any], out: TextIO, indent: int = 1,
                     encode: Callable[[Any], str] | None = None) -> None:
    """What ``write_json(list(items), out, indent)`` writes, item by item: a table of
    100,000 entities is never all in memory as dictionaries and one string.
    ``encode(item)``, when given, is the item's ``safe_json(…, indent)`` made faster."""
    pad = " " * indent
    encode = encode or (lambda item: safe_json(item, indent))
    out.write("[")
    first = True
    chunk: list[str] = []  # written a few hundred items at a time, not one call each
    for item in items:
        chunk.append(("\n" if first else ",\n") + pad + encode(item).replace("\n", "\n" + pad))
        first = False
        if len(chunk) >= 256:
            out.write("".join(chunk))
            chunk.clear()
    out.write("".join(chunk))
    out.write("]\n" if first else "\n]\n")


def _is_utf8(encoding: str | None) -> bool:
    try:
        return codecs.lookup(encoding or "").name == "utf-8"
    except LookupError:
        return False


def always_utf8() -> str | None:
    """Make standard output and error write UTF-8 whatever the locale says.

    vnby-tui's text is Vietnamese and its frames are box-drawing characters: under a
    non-UTF-8 locale (``LANG=en_US.ISO-8859-1``, ``PYTHONIOENCODING=latin-1``, or ``C``
    without Python's UTF-8 coercion) writing them failed (``UnicodeEncodeError``) or
    showed ``\\u256d``.  Every terminal emulator and SSH client of today speaks UTF-8, so
    the streams are switched to it.  Returns the one-line notice to give (naming the
    encoding that was replaced), or ``None`` when the streams were UTF-8 already."""
    replaced = []
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None)
        if stream is None or _is_utf8(encoding) or not hasattr(stream, "reconfigure"):
            continue
        try:
            stream.reconfigure(encoding="utf-8", errors="replace")
        except (ValueError, OSError):
            continue
        replaced.append(encoding)
    if not replaced:
        return None
    return (f"note: the locale's encoding is {replaced[0]}, not UTF-8; writing UTF-8 anyway "
            "(set a UTF-8 locale, e.g. LANG=C.UTF-8, to silence this note)")


def typed_text(argument: str) -> str:
    """A command-line argument that is text (a query, a tag, a note), as typed.

    Under a non-UTF-8 locale Python decodes the arguments with the locale's
    encoding; the terminal sent UTF-8 (see :func:`always_utf8`), so the bytes are
    decoded again as UTF-8 when they are valid UTF-8."""
    if _is_utf8(sys.getfilesystemencoding()):
        return argument
    try:
        return os.fsencode(argument).decode("utf-8")
    except (UnicodeError, ValueError):
        return argument


def utf8_lines(stream: TextIO, warn: Callable[[str], None]) -> Iterator[str]:
    """The lines of ``stream`` (standard input) read as UTF-8, whatever the locale; a
    line that is not valid UTF-8 is decoded with U+FFFD for its bad bytes and said in
    one line naming it (it would otherwise be searched as silently changed text)."""
    raw = getattr(stream, "buffer", None)
    if raw is None:  # already text (a test's StringIO)
        yield from stream
        return
    for number, line in enumerate(raw, start=1):
        try:
            yield line.decode("utf-8")
        except UnicodeDecodeError as exc:
            warn(f"standard input, line {number}: invalid UTF-8 (byte 0x{line[exc.start]:02x} at {exc.start + 1}) "
                 "replaced by U+FFFD")
            yield line.decode("utf-8", errors="replace")
