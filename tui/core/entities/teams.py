"""Clubs named after their place: in a match report, ``Hà Nội đánh bại Quảng Nam`` names two
football clubs, which are organisations, not the city and the province.

A place's bare name (no ``tỉnh``, ``tại``, ``ở`` before it) is a club when the article reads
as a match report (two of its words, ``V-League``, ``bàn thắng``, ``HLV``…) and a word of
the game stands right before or after the name (``thắng``, ``gặp``, ``vô địch``, ``đứng
thứ``); the other bare mentions of that name in the article are the club too.  Only
Vietnam's provinces and cities: a national team (``Việt Nam``, ``Thái Lan``) is the country.
Words are in ``data/sports_cues.txt``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from .gazetteer import _alias_lines, _data_lines, vkey
from .lexicon import word_key
from .mention import Candidate

#: Words that may stand between a club and its verb (``Hà Nội đã thắng``).
_AUXILIARIES: Final = ("đã", "đang", "sẽ", "vẫn", "cũng", "bất ngờ", "lại", "mới", "vừa", "chỉ", "không")


def _cues() -> tuple[tuple[str, ...], frozenset[str], frozenset[str]]:
    lines = _data_lines("sports_cues.txt")
    article = tuple(line[1:].lower() for line in lines if line.startswith("="))
    before = frozenset(vkey(line[1:]) for line in lines if line.startswith("<"))
    after = frozenset(vkey(line[1:]) for line in lines if line.startswith(">"))
    return article, before, after


#: The words of the game (:func:`_cues`): those that make an article a match report, keyed
#: phrases said before a club and after it.  Module constants, not ``lru_cache`` functions: the
#: compiled rules read a constant in place, and a cached function is a Python call each time.
_CUES: Final = _cues()
_ARTICLE_WORDS: Final = _CUES[0]
_BEFORE: Final = _CUES[1]
_AFTER: Final = _CUES[2]

#: Keyed names of Vietnam's provinces and cities, whose clubs are named after them.
_HOME_PLACES: Final = frozenset(vkey(form) for _, forms in _alias_lines("loc_vietnam.txt") for form in forms)


def is_match_report(text: str) -> bool:
    lowered = text.lower()
    found = 0
    for word in _ARTICLE_WORDS:
        if word in lowered:
            found += 1
            if found >= 2:
                return True
    return False


def clubs_named_after_places(names: list[Candidate], text: str, bare: Callable[[Candidate], bool]) -> None:
    """Retype as ORG the bare place names of a match report that a word of the game
    stands next to, and their other bare mentions in the article."""
    homes = _HOME_PLACES
    places = [c for c in names if c.kind == "LOC" and word_key(text[c.start : c.end]) in homes]
    playing = [c for c in places if _played(text, c.start, c.end)]
    if not playing or not is_match_report(text):  # (the places and their neighbours first: most articles
        return  # name none, and reading the whole text for the words of the game costs more than a few names)
    clubs = {c.name for c in playing}
    for c in places:
        if c in playing or (c.name in clubs and bare(c)):
            c.kind = "ORG"


#: The last words of the words of the game said before a club (:data:`_LAST_WORDS`), and the
#: first words of those said after it or of the auxiliaries between (:data:`_FIRST_WORDS`): a
#: name with neither beside it is no club, and its neighbours' phrases need not be keyed.
_LAST_WORDS: Final = frozenset(phrase.split(" ")[-1] for phrase in _BEFORE)
_FIRST_WORDS: Final = frozenset(phrase.split(" ")[0] for phrase in (*_AFTER, *_AUXILIARIES))


def _played(text: str, start: int, end: int) -> bool:
    before, after = _BEFORE, _AFTER
    last_words, first_words = _LAST_WORDS, _FIRST_WORDS
    lo = max(0, start - 30)
    if text[start - 1 : start] == " " and word_key(_word_before(text, lo, start)) in last_words:
        left = vkey(text[lo:start]).rstrip(" ").split(" ")
        if any(" ".join(left[-n:]) in before for n in (1, 2, 3) if len(left) >= n):
            return True
    if text[end : end + 1] == " " and word_key(_word_after(text, end, end + 40)) not in first_words:
        return False
    right = vkey(text[end : end + 40]).split(" ")[1:] if text[end : end + 1] == " " else []
    while right and (right[0] in _AUXILIARIES or " ".join(right[:2]) in _AUXILIARIES):
        right = right[2:] if " ".join(right[:2]) in _AUXILIARIES else right[1:]
    return any(" ".join(right[:n]) in after for n in (1, 2, 3))


def _word_before(text: str, lo: int, start: int) -> str:
    """The last word of ``text[lo:start]`` once the spaces that end it are left out (as
    ``split`` gives it: "" if nothing else is left)."""
    end = start
    while end > lo and text[end - 1] == " ":
        end -= 1
    space = text.rfind(" ", lo, end)
    return text[space + 1 if space >= 0 else lo : end]


def _word_after(text: str, end: int, stop: int) -> str:
    """The word after the space at ``end``, within ``text[end:stop]`` (as ``split`` gives it)."""
    space = text.find(" ", end + 1, stop)
    return text[end + 1 : space if space >= 0 else stop]
