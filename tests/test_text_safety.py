"""Folding keeps offsets, and nothing from a file can drive the terminal."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.text import fold, printable
from tui.cli.output import safe_json


@given(st.text())
@settings(max_examples=300)
def test_fold_is_one_to_one_and_idempotent(text):
    folded = fold(text)
    assert len(folded) == len(text)
    assert fold(folded) == folded


@given(st.text())
@settings(max_examples=300)
def test_printable_leaves_no_terminal_controls(text):
    shown = printable(text)
    assert not any((c < " " and c not in "\n\t") or "\x7f" <= c <= "\x9f" for c in shown)
    assert not any(c in shown for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")


def test_printable_shows_escapes_visibly():
    assert printable("a\x1b]0;pwned\x07b") == "a^[]0;pwned^Gb"
    assert printable("x\u202ey") == "x<U+202E>y"
    assert printable("Tô Lâm\n") == "Tô Lâm\n"


@given(st.text())
@settings(max_examples=200)
def test_safe_json_round_trips_and_escapes_c1_and_bidi(text):
    dumped = safe_json({"t": text})
    assert json.loads(dumped) == {"t": text}
    assert not any("\x80" <= c <= "\x9f" or c in "\u202e\u2028" for c in dumped)
