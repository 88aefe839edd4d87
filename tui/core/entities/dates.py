"""Date expressions of Vietnamese news, with ISO values where the text fixes them.

Vietnamese writes dates day first (``30/1/2025``), often without the year
(``ngày 12/10``, ``tối 28/1``), or in words (``tháng 5 năm 2025``,
``tháng 5 năm nay``).  A bare ``d/m`` is also how fractions are written
(``2/3 số phiếu``), so a year-less ``d/m`` counts as a date only after a word
that introduces a day (``ngày``, ``sáng``, ``từ`` …) or inside a range.
Relative years (``năm nay``, ``năm ngoái``) take their year from the article's
publication date when it has one; a day and month written without a year
(``11/6``, ``ngày 11 tháng 6``) keep a year-less value (``--06-11``) even then:
the text does not fix the year, and a date's value is what it is counted under
(``11/6`` in a 2021 article is not ``11/6/2021``, which may be another year's).
"""

from __future__ import annotations

import re
from typing import Final
from dataclasses import dataclass

__all__ = ["DateSpan", "find_dates"]


@dataclass(frozen=True, slots=True)
class DateSpan:
    start: int
    end: int
    text: str
    value: str | None  # ISO 8601: YYYY-MM-DD, YYYY-MM, YYYY, --MM-DD, or "A/B" for a range


_DAY_WORDS = (
    "ngày|sáng|chiều|tối|trưa|đêm|rạng sáng|hôm|từ|đến|tới|vào|đầu|cuối|giữa|trước|sau|"
    "khánh|lễ|dịp|hết|hạn|mùng|mồng|kể từ|tính đến|thứ hai|thứ ba|thứ tư|thứ năm|thứ sáu|thứ bảy|chủ nhật|"
    "ngay|và|hoặc|cho đến|trong ngày"
)
_RELATIVE_YEARS = {"nay": 0, "ngoái": -1, "trước": -1, "qua": -1, "sau": 1, "tới": 1}

#: Numeric forms: ``30/1/2025``, ``2026-2028``, ``12/10``.  Each pattern starts
#: with a digit or a plain letter class (no look-behind, no optional group
#: first), so the regex engine skips quickly to candidates; the rest of the
#: checks are made in Python.
NUMERIC_DATE_RE = re.compile(
    r"(?P<a>\d{1,4})\s?(?P<sep>[/.\-–])\s?(?P<b>\d{1,4})(?:\s?(?P=sep)\s?(?P<c>\d{4}))?(?![\d/]|[.,]\d)"
)
#: Forms in words: ``tháng 5 năm 2025``, ``tháng 1/2025``, ``ngày 30 tháng 4 năm 1975``, ``năm 2026``.
WORD_DATE_RE = re.compile(
    r"[NnTt](?:gày\s(?P<d>[0-3]?\d)\s[Tt]háng\s(?P<m1>[01]?\d)|háng\s(?P<m2>[01]?\d)|ăm\s(?P<y>\d{4}))"
    r"(?P<tail>\s?/\s?\d{4}|\snăm\s(?:\d{4}|nay|ngoái|trước|qua|sau|tới)(?!\w))?(?![\d/])"
)
_YEAR_RE = re.compile(r"(?:1[89]|20)\d\d|2100")
_TAIL_RE = re.compile(r"\s?/\s?(?P<y>\d{4})|\snăm\s(?:(?P<y2>\d{4})|(?P<rel>\w+))")


_DAY_WORD_BEFORE_RE = re.compile(rf"(?:^|[\s(])(?:{_DAY_WORDS})\s*(?:[(,]\s*)?$", re.IGNORECASE)
_DATE_BEFORE_RE = re.compile(r"\d{1,2}/\d{1,2}(?:/\d{4})?\s?[-–,]\s?$|\d{1,2}/\d{1,2}\s(?:và|hoặc|đến|tới)\s$")


def _valid(day: int | None, month: int | None) -> bool:
    return (month is None or 1 <= month <= 12) and (day is None or 1 <= day <= 31)


def _iso(year: int | None, month: int | None, day: int | None = None) -> str | None:
    if month is None:
        return f"{year:04d}" if year else None
    if year is None:
        return f"--{month:02d}-{day:02d}" if day else None
    return f"{year:04d}-{month:02d}-{day:02d}" if day else f"{year:04d}-{month:02d}"


#: The longest of :data:`_DAY_WORDS` (one text character matches one pattern character, case
#: ignored or not).
_DAY_WORD_MAX: Final = max(len(word) for word in _DAY_WORDS.split("|"))


def _day_month_is_date(text: str, start: int, end: int) -> bool:
    """A year-less ``d/m`` is a date after a day word, after another date, or before a dash."""
    before = text[max(0, start - 24) : start]
    if _DAY_WORD_BEFORE_RE.search(before, _day_word_reach(before)) or _DATE_BEFORE_RE.search(before):
        return True
    return text[end : end + 1] in ("-", "–") and bool(re.match(r"[-–]\s?\d{1,2}/\d{1,2}", text[end : end + 8]))


def _day_word_reach(before: str) -> int:
    """Where a match of :data:`_DAY_WORD_BEFORE_RE` in ``before`` may start, at the earliest.
    Its day word ends where ``before`` ends but for spaces and one ``(`` or ``,`` with spaces
    (a word ends with a letter), and the character before the word is where the match
    starts: the search tries only those last places, where trying the 40 words case-blind
    at each space of ``before`` cost about ten thousand instructions a call.  (``^`` still
    means the start of ``before``: a search from a later place does not move it.)"""
    words_end = before.rstrip()
    if words_end[-1:] in ("(", ","):
        words_end = words_end[:-1].rstrip()
    return max(0, len(words_end) - _DAY_WORD_MAX - 1)


def find_dates(text: str, article_year: int | None = None) -> list[DateSpan]:
    """Every date expression of ``text`` with its ISO value (``None`` when undeterminable)."""
    found: list[DateSpan] = []
    covered_to = -1
    for start in _word_date_starts(text):
        if start < covered_to:
            continue  # "tháng 4" inside "ngày 30 tháng 4"
        m = WORD_DATE_RE.match(text, start)
        if m and (start == 0 or not text[start - 1].isalnum()):
            span = _word_date(m, article_year)
            if span is not None:
                found.append(span)
                covered_to = span.end
    taken = [(d.start, d.end) for d in found]
    for m in _numeric_matches(text):
        start = m.start()
        before = text[start - 1] if start else " "
        if before.isalnum() or before in "/.," or (taken and any(a <= start < b for a, b in taken)):
            continue
        span = _numeric_date(m, text)
        if span is not None:
            found.append(span)
    found.sort(key=lambda d: d.start)
    return found


#: The heart of every numeric form: a digit, a separator, a digit.
_NUMERIC_CORE_RE = re.compile(r"\d\s?[/.\-–]\s?\d")
#: The separators of :data:`_NUMERIC_CORE_RE`, each found by a quick pass of ``str.find``.
_NUMERIC_SEPARATORS = ("/", ".", "-", "–")


def _numeric_matches(text: str) -> list[re.Match[str]]:
    """``NUMERIC_DATE_RE.finditer(text)``, found faster: the full pattern is tried only at
    each digit-separator-digit and the three places before it (its first number has at
    most four digits), not at every digit of the text (years, prices, counts)."""
    found: list[re.Match[str]] = []
    tried = 0  # every place before this one is tried, or inside a match
    for core in _numeric_cores(text):
        if core < tried:
            continue
        at, last = max(tried, core - 3), core
        m = None
        while at <= last:
            m = NUMERIC_DATE_RE.match(text, at)
            if m is not None:
                found.append(m)
                break
            at += 1
        tried = m.end() if m is not None else last + 1
    return found


def _numeric_cores(text: str) -> list[int]:
    """Where :data:`_NUMERIC_CORE_RE` matches, in order: the pattern is tried right before each
    ``/``, ``.``, ``-``, ``–`` with a digit (or a digit and a space) before it, found by four quick
    passes of ``str.find`` (about one character in a hundred is one of them); a search of the
    pattern steps through the text a character at a time looking for a digit, and made
    :func:`_numeric_matches` four times slower (compiled, on the real corpus)."""
    cores: list[int] = []
    for separator in _NUMERIC_SEPARATORS:
        i = text.find(separator, 1)
        while i >= 0:
            before = text[i - 1]
            if before.isdecimal():  # (what the pattern's \d is: a Unicode decimal digit)
                at = i - 1
            elif i >= 2 and before.isspace() and text[i - 2].isdecimal():
                at = i - 2
            else:
                at = -1
            if at >= 0 and _NUMERIC_CORE_RE.match(text, at) is not None:
                cores.append(at)
            i = text.find(separator, i + 1)
    cores.sort()
    return cores


#: Literal parts of the word forms, found much faster than the full pattern (a
#: pattern that starts with a literal is searched for in one quick pass).
_WORD_DATE_KEYS: Final = ("gày ", "háng ", "ăm ")


def _word_date_starts(text: str) -> list[int]:
    """Positions where a date in words may start (the letter before ``gày``, ``háng``, ``ăm``).
    Each key is found with ``str.find`` (a native call in the compiled rules, where stepping
    a pattern's ``finditer`` is a Python call a match; the keys cannot overlap themselves, so
    the places are those ``finditer`` gave)."""
    starts: list[int] = []
    for key in _WORD_DATE_KEYS:
        i = text.find(key)
        while i >= 0:
            starts.append(i - 1)
            i = text.find(key, i + len(key))
    starts.sort()
    return [i for i in starts if i >= 0 and text[i] in "NnTt"]


def _is_year(text: str | None) -> bool:
    return text is not None and _YEAR_RE.fullmatch(text) is not None


def _word_date(m: re.Match[str], article_year: int | None) -> DateSpan | None:
    """``tháng 5 năm 2025``, ``tháng 1/2025``, ``ngày 30 tháng 4 năm 1975``, ``năm 2026``."""
    first = m.group()[0].lower()
    if m.group("y"):
        if first != "n" or not _is_year(m.group("y")):
            return None
        end = m.end("y")
        return DateSpan(m.start(), end, m.group()[: end - m.start()], m.group("y"))
    if (m.group("d") is not None) != (first == "n"):
        return None
    day = int(m.group("d")) if m.group("d") else None
    month = int(m.group("m1") or m.group("m2"))
    if not _valid(day, month):
        return None
    year: int | None = None
    tail = _TAIL_RE.match(m.group("tail") or "")
    if tail and _is_year(tail.group("y") or tail.group("y2")):
        year = int(tail.group("y") or tail.group("y2"))
    elif tail and tail.group("rel") in _RELATIVE_YEARS:
        year = article_year + _RELATIVE_YEARS[tail.group("rel")] if article_year else None
    elif tail:
        return DateSpan(m.start(), m.end("m1") if m.group("m1") else m.end("m2"), m.group()[: m.start("tail") - m.start()], _iso(None, month, day))
    return DateSpan(m.start(), m.end(), m.group(), _iso(year, month, day))


def _numeric_date(m: re.Match[str], text: str) -> DateSpan | None:
    """``30/1/2025``, ``2026-2028``, and a year-less ``12/10`` in a date context."""
    a, b, c, sep = m.group("a"), m.group("b"), m.group("c"), m.group("sep")
    if c:
        if len(a) > 2 or len(b) > 2 or not _is_year(c) or sep == "–":
            return None
        day, month = int(a), int(b)
        if not _valid(day, month):
            return None
        value = _iso(int(c), month, day)
    elif len(a) == 4 and len(b) == 4 and sep in "-–":
        if not (_is_year(a) and _is_year(b)) or int(b) <= int(a):
            return None
        value = f"{a}/{b}"
    elif sep == "/" and len(a) <= 2 and len(b) <= 2:
        day, month = int(a), int(b)
        if not _valid(day, month) or not _day_month_is_date(text, m.start(), m.end()):
            return None
        value = _iso(None, month, day)  # (the article's year is a guess: "11/6" is not "11/6/2021")
    else:
        return None
    return DateSpan(m.start(), m.end(), m.group(), value)
