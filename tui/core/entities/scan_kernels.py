"""The entity scanner's character work in two forms that give the same answers: a compiled
one (``tui/core/_kernels_scan.pyx``, built with Cython by ``hatch_build.py`` when the package
is installed) and its plain twin here, which runs where the build failed, where the compiled
module was built from another ``_kernels_scan.pyx`` (an editable install edited since), or
when ``VNBY_PURE`` is set.  ``tests/test_scan_kernels.py`` checks that the two agree.

The rules import this module by its absolute name: the compiled copy of the rules
(``tui.core._compiled_entities``) calls the same functions as the plain rules.
"""

from __future__ import annotations

import re

from tui.core.built_kernels import checked_kernels


def _compiled():
    """The compiled module, and why not when it is not used."""
    return checked_kernels("_kernels_scan", "plain", "scan kernels")


_native, STATUS = _compiled()
#: Whether the compiled kernels run.
COMPILED = _native is not None
#: ``gazetteer.vkey``'s compiled pass (the key, or None for a text it leaves to Python), or None.
#: Set before the lexicon is imported: the lexicon imports the gazetteer, which reads this.
native_vkey = _native.vkey if _native is not None else None

# The module, not its names: importing the gazetteer (which reads native_vkey) may have imported this
# module from inside the lexicon's import, before the lexicon's names were made.
from . import lexicon as _lexicon  # noqa: E402

#: The letters that end a word with punctuation before them (``"Ông`` → ``Ông``).
_LETTERS_AT_END_RE = re.compile(r"[^\W\d_]+$")


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
    for m in _lexicon.CAP_WORD_RE.finditer(text, start, end):
        s = m.start()
        if s == start or not text[s - 1].isalnum():
            spans += m.span()
    return spans


def run_end_plain(text: str, pos: int, end: int) -> int:
    """End of what ``RUN_RE`` (a run of capitalised words) matches at ``pos`` before ``end``,
    or ``pos``."""
    m = _lexicon.RUN_RE.match(text, pos, end)
    return m.end() if m else pos


def word_before_plain(keyed: str, pos: int, seg_start: int) -> str:
    """The word right before ``pos`` and a single space in the paragraph from ``seg_start``
    (at most 15 characters back), its opening punctuation left out (``(ông`` → ``ông``), or ""
    (``seg_start < pos <= len(keyed)``)."""
    if pos <= seg_start or keyed[pos - 1] != " ":
        return ""
    low = pos - 16 if pos - 16 > seg_start else seg_start
    space = keyed.rfind(" ", low, pos - 1)
    word = keyed[space + 1 if space >= 0 else low : pos - 1]
    return word if word[:1].isalpha() else word.lstrip(_lexicon._OPENING_PUNCTUATION)


def context_phrases_plain(keyed: str, pos: int, seg_start: int) -> list[str]:
    """The phrases of the words right before ``pos`` and a space, longest first, as long as
    only single spaces separate them: the last five words (six at a paragraph's start) of
    the 40 characters before, each a word of letters, the first of them possibly the letters
    ending a word with punctuation before them (``seg_start < pos <= len(keyed)``)."""
    window_start = max(seg_start, pos - 40)
    parts = keyed[window_start : pos - 1].rsplit(" ", 5)
    if window_start > seg_start:
        parts = parts[1:]  # the first part may be cut
    # The phrases are cut from the keyed text, from where each word starts to ``pos - 1``:
    # the words are the parts that single spaces separate.
    starts: list[int] = []  # where the words start, the last word's first
    end = pos - 1
    for part in reversed(parts):
        part_start = end - len(part)
        if part.isalpha():
            starts.append(part_start)
            end = part_start - 1
            continue
        tail = _LETTERS_AT_END_RE.search(part)
        if tail and not part[: tail.start()].isalnum():
            starts.append(part_start + tail.start())
        break
    return [keyed[start : pos - 1] for start in reversed(starts)]


def word_at_plain(keyed: str, pos: int, end: int) -> str:
    """What ``WORD_RE`` (letters and digits) matches at ``pos`` before ``end``, or "": most words
    end at the next space, found with ``str.find`` and checked with ``str.isalnum``; a word with
    punctuation after it is left to the pattern."""
    if pos < 0 or pos >= end or pos >= len(keyed) or not keyed[pos].isalnum():
        return ""
    space = keyed.find(" ", pos, end)
    word = keyed[pos : space if space >= 0 else end]
    if word.isalnum():
        return word
    m = _lexicon.WORD_RE.match(keyed, pos, end)
    return m.group() if m else ""


#: The keyed words of ``places.LOWER_NUMBERED_PLACE_RE`` (a ward, a district, a hamlet, a road
#: before its number).  ``find`` steps over the text on a needle's last character, and a space
#: stands every few characters: the words are looked for without the space after them.
NUMBERED_PLACE_STEMS = ("quận", "phường", "ấp", "khu phố", "tổ dân phố", "quốc lộ", "tỉnh lộ")


def may_hold_numbered_place_plain(keyed: str, start: int, end: int) -> bool:
    """Whether the keyed text ``keyed[start:end]`` holds a word of :data:`NUMBERED_PLACE_STEMS`
    where a word starts and a space and a digit follow (looked for in one quick pass each: most
    paragraphs hold none, and the pattern's pass is several times slower).  As in the pattern's
    loop, only a word's start counts (``ấp `` is also the end of ``cấp ``, ``thấp ``, in most
    paragraphs), and only with its number (``quận Hoàn Kiếm`` is the scanner's, at its capital)."""
    for word in NUMBERED_PLACE_STEMS:
        at = keyed.find(word, start, end)
        while at >= 0:
            after = at + len(word) + 1
            if keyed[after - 1 : after] == " " and (at == start or not keyed[at - 1].isalnum()) and after < end and keyed[after].isdigit():
                return True
            at = keyed.find(word, at + 1, end)
    return False


cap_word_spans = _native.cap_word_spans if _native is not None else cap_word_spans_plain
run_end = _native.run_end if _native is not None else run_end_plain
word_before = _native.word_before if _native is not None else word_before_plain
context_phrases = _native.context_phrases if _native is not None else context_phrases_plain
may_hold_numbered_place = _native.may_hold_numbered_place if _native is not None else may_hold_numbered_place_plain
word_at = _native.word_at if _native is not None else word_at_plain
