"""Acronyms: all-capital tokens (``MTZ``, ``GD&ĐT``), which may name an organisation."""

from __future__ import annotations

from typing import Final

import re

from .lexicon import _ACCENTED_VOWELS

__all__ = ["is_acronym", "common_noun_acronyms", "bracketed_acronyms"]

#: An acronym in brackets (``(TMĐT)``).
_BRACKETED_RE: Final = re.compile(r" \(([A-ZĐ]{2,8})\)")
_WORD_RE: Final = re.compile(r"[^\W\d_]+")


def is_acronym(word: str) -> bool:
    """Two or more capital letters and no lower-case ones (``MTZ``, ``GD&ĐT``), no digits,
    no accented vowels (``BỆNH`` is a word in capitals, not an acronym)."""
    letters = [c for c in word if c.isalpha()]
    return (
        len(letters) >= 2
        and all(c.isupper() for c in letters)
        and not any(c.isdigit() for c in word)
        and not any(c.lower() in _ACCENTED_VOWELS for c in letters)
    )


def common_noun_acronyms(text: str) -> frozenset[str]:
    """Acronyms that the text defines as the initials of the lower-case words right before
    them (``thương mại điện tử (TMĐT)``, ``an sinh xã hội (ASXH)``): abbreviations of common
    nouns, so not organisations anywhere in the article.  The first word may be capitalised
    where it opens the sentence (``Thương mại điện tử (TMĐT) …``)."""
    found = set()
    for start, acronym in bracketed_acronyms(text):
        low = max(0, start - 12 * len(acronym))
        if _last_initial_differs(text, low, start, acronym[-1]):
            continue  # ("Hà Nội (TTXVN)": most brackets follow words of another initial)
        words = list(_WORD_RE.finditer(text, low, start))[-len(acronym):]
        if len(words) != len(acronym) or "".join(w.group()[0] for w in words).upper() != acronym:
            continue
        if not all(w.group().islower() for w in words[1:]):
            continue
        first = words[0]
        before = text[low : first.start()].rstrip(" ")
        if first.group().islower() or (first.group()[1:].islower() and (not before or before[-1] in ".!?:\n\"“")):
            found.add(acronym)
    return frozenset(found)


def bracketed_acronyms(text: str) -> list[tuple[int, str]]:
    """Where each match of :data:`_BRACKETED_RE` in ``text`` starts, and its acronym, in order:
    read at each `` (`` that ``str.find`` finds (a native call in the compiled rules, where the
    pattern's ``finditer`` tried its class at every character of the article).  Its letters
    (``[A-ZĐ]``) hold no bracket, so a run of two to eight of them and the closing bracket is a
    match, and no match can start inside another."""
    found = []
    size = len(text)
    at = text.find(" (")
    while at >= 0:
        stop = at + 2
        while stop < size and stop - at <= 10 and ("A" <= text[stop] <= "Z" or text[stop] == "Đ"):
            stop += 1
        if 4 <= stop - at <= 10 and stop < size and text[stop] == ")":
            found.append((at, text[at + 2 : stop]))
        at = text.find(" (", at + 1)
    return found


def _last_initial_differs(text: str, low: int, end: int, initial: str) -> bool:
    """Whether the word right before ``end`` (from ``low``), when it is letters after a space,
    opens with a letter other than the acronym's last ``initial``: the acronym is not its words'
    initials, told with one look where the words before were read with a pattern's matches."""
    space = text.rfind(" ", low, end)
    word = text[space + 1 if space >= 0 else low : end]
    return word.isalpha() and word[0].upper() != initial
