"""Make article text safe to put on a terminal, one character for one character.

Article text, titles, file names and metadata are data: an escape sequence or a
bidirectional override inside them must show up visibly (as ``less`` does),
never reach the terminal as a command.  Each dangerous character is replaced
by exactly one visible character so that every offset computed on the
original text (search matches, entity mentions, paragraphs) still points at
the same place in what is displayed.  (``tui.core.text.printable`` shows
``^[`` like ``less`` and suits CLI output, but changes lengths.)
"""

from __future__ import annotations

_REPLACEMENT = "\ufffd"

#: Bidirectional embedding/override/isolate controls and the marks that
#: reorder text around them.
_BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x20):
        table[code] = chr(0x2400 + code)  # ␀ … ␟ (Unicode control pictures)
    table[0x09] = " "
    table[0x7F] = "\u2421"  # ␡
    for code in range(0x80, 0xA0):
        table[code] = _REPLACEMENT
    for char in _BIDI_CONTROLS:
        table[ord(char)] = _REPLACEMENT
    table[0x2028] = " "  # line / paragraph separators would break a row in two
    table[0x2029] = " "
    return table


_TABLE = _build_table()


def visible(text: str) -> str:
    """``text`` with every control, C1 and bidi-control character made visible.

    ``len(visible(s)) == len(s)`` always holds.  New lines are controls too:
    callers split text into lines before displaying it.
    """
    return text.translate(_TABLE)
