"""The entity scanner's character work in two forms that give the same answers: a compiled
one (``tui/core/_kernels_scan.pyx``, built with Cython by ``hatch_build.py`` when the package
is installed) and its plain twin here, which runs where the build failed, where the compiled
module was built from another ``_kernels_scan.pyx`` (an editable install edited since), or
when ``VNBY_PURE`` is set.  ``tests/test_scan_kernels.py`` checks that the two agree.

The rules import this module by its absolute name: the compiled copy of the rules
(``tui.core._compiled_entities``) calls the same functions as the plain rules.
"""

from __future__ import annotations

import hashlib
import os
from importlib import resources

from .lexicon import CAP_WORD_RE, RUN_RE


def cap_word_spans_plain(text: str, start: int, end: int) -> list[int]:
    """The words of ``text[start:end]`` that ``CAP_WORD_RE`` finds and that start a word
    (at ``start``, or after a character that is no letter or digit): ``[s0, e0, s1, e1, …]``.

    These are exactly the words the scanner reads, whatever it resumes from: a capital
    after a letter or digit (``ViệtNam``) starts no word, and no word starts inside
    another (every character of a match is a letter or a digit)."""
    size = len(text)
    start = max(0, min(start, size))
    end = max(start, min(end, size))
    spans: list[int] = []
    for m in CAP_WORD_RE.finditer(text, start, end):
        s = m.start()
        if s == start or not text[s - 1].isalnum():
            spans += m.span()
    return spans


def run_end_plain(text: str, pos: int, end: int) -> int:
    """End of what ``RUN_RE`` (a run of capitalised words) matches at ``pos`` before ``end``,
    or ``pos``."""
    m = RUN_RE.match(text, pos, end)
    return m.end() if m else pos


def _compiled():
    """The compiled module, and why not when it is not used."""
    if os.environ.get("VNBY_PURE"):
        return None, "plain (VNBY_PURE set)"
    try:
        from tui.core import _kernels_scan
    except ImportError:
        return None, "plain (no compiled scan kernels in this install)"
    try:
        source = resources.files("tui.core").joinpath("_kernels_scan.pyx").read_bytes()
    except OSError:  # an install without the source: nothing to check the build against
        return None, "plain (no _kernels_scan.pyx beside the compiled kernels to check them against)"
    if getattr(_kernels_scan, "SOURCE_SHA256", None) != hashlib.sha256(source).hexdigest():
        return None, "plain (the compiled scan kernels were built from another _kernels_scan.pyx: reinstall)"
    return _kernels_scan, "compiled"


_native, STATUS = _compiled()
#: Whether the compiled kernels run.
COMPILED = _native is not None

cap_word_spans = _native.cap_word_spans if _native is not None else cap_word_spans_plain
run_end = _native.run_end if _native is not None else run_end_plain
