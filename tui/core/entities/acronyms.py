"""Acronyms: all-capital tokens (``MTZ``, ``GD&ĐT``), which may name an organisation."""

from __future__ import annotations

from typing import Final

import re

from .lexicon import _ACCENTED_VOWELS

__all__ = ["is_acronym", "common_noun_acronyms"]

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
    for m in _BRACKETED_RE.finditer(text):
        acronym = m.group(1)
        low = max(0, m.start() - 12 * len(acronym))
        if _last_initial_differs(text, low, m.start(), acronym[-1]):
            continue  # ("Hà Nội (TTXVN)": most brackets follow words of another initial)
        words = list(_WORD_RE.finditer(text, low, m.start()))[-len(acronym):]
        if len(words) != len(acronym) or "".join(w.group()[0] for w in words).upper() != acronym:
            continue
        if not all(w.group().islower() for w in words[1:]):
            continue
        first = words[0]
        before = text[low : first.start()].rstrip(" ")
        if first.group().islower() or (first.group()[1:].islower() and (not before or before[-1] in ".!?:\n\"“")):
            found.add(acronym)
    return frozenset(found)


def _last_initial_differs(text: str, low: int, end: int, initial: str) -> bool:
    """Whether the word right before ``end`` (from ``low``), when it is letters after a space,
    opens with a letter other than the acronym's last ``initial``: the acronym is not its words'
    initials, told with one look where the words before were read with a pattern's matches."""
    space = text.rfind(" ", low, end)
    word = text[space + 1 if space >= 0 else low : end]
    return word.isalpha() and word[0].upper() != initial
