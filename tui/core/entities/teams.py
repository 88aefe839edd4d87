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
from functools import lru_cache
from typing import Final

from .gazetteer import _alias_lines, _data_lines, vkey
from .lexicon import word_key
from .mention import Candidate

#: Words that may stand between a club and its verb (``Hà Nội đã thắng``).
_AUXILIARIES: Final = ("đã", "đang", "sẽ", "vẫn", "cũng", "bất ngờ", "lại", "mới", "vừa", "chỉ", "không")


@lru_cache(maxsize=1)
def _cues() -> tuple[tuple[str, ...], frozenset[str], frozenset[str]]:
    lines = _data_lines("sports_cues.txt")
    article = tuple(line[1:].lower() for line in lines if line.startswith("="))
    before = frozenset(vkey(line[1:]) for line in lines if line.startswith("<"))
    after = frozenset(vkey(line[1:]) for line in lines if line.startswith(">"))
    return article, before, after


@lru_cache(maxsize=1)
def _home_places() -> frozenset[str]:
    """Keyed names of Vietnam's provinces and cities, whose clubs are named after them."""
    return frozenset(vkey(form) for _, forms in _alias_lines("loc_vietnam.txt") for form in forms)


def is_match_report(text: str) -> bool:
    words, _, _ = _cues()
    lowered = text.lower()
    found = 0
    for word in words:
        if word in lowered:
            found += 1
            if found >= 2:
                return True
    return False


def clubs_named_after_places(names: list[Candidate], text: str, bare: Callable[[Candidate], bool]) -> None:
    """Retype as ORG the bare place names of a match report that a word of the game
    stands next to, and their other bare mentions in the article."""
    homes = _home_places()
    places = [c for c in names if c.kind == "LOC" and word_key(text[c.start : c.end]) in homes]
    playing = [c for c in places if _played(text, c.start, c.end)]
    if not playing or not is_match_report(text):  # (the places and their neighbours first: most articles
        return  # name none, and reading the whole text for the words of the game costs more than a few names)
    clubs = {c.name for c in playing}
    for c in places:
        if c in playing or (c.name in clubs and bare(c)):
            c.kind = "ORG"


@lru_cache(maxsize=1)
def _edge_words() -> tuple[frozenset[str], frozenset[str]]:
    """The last words of the words of the game said before a club, and the first words of those
    said after it or of the auxiliaries between: a name with neither beside it is no club, and
    its neighbours' phrases need not be keyed."""
    _, before, after = _cues()
    return (frozenset(phrase.split(" ")[-1] for phrase in before),
            frozenset(phrase.split(" ")[0] for phrase in (*after, *_AUXILIARIES)))


def _played(text: str, start: int, end: int) -> bool:
    _, before, after = _cues()
    last_words, first_words = _edge_words()
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
