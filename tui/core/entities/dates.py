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

The patterns below say what a date is.  The functions that run them read the
characters around each candidate by code point (``ord``), which the compiled rules
(mypyc, ``hatch_build.py``) do natively, where a method call on a one-character
string or a regex call costs hundreds of instructions; each shortcut finds exactly
what the pattern would (``tests/test_dates_shortcuts.py``).
"""

from __future__ import annotations

import re
from typing import Final
from dataclasses import dataclass

__all__ = ["DateSpan", "find_dates"]


@dataclass(slots=True, init=False)
class DateSpan:
    """A date found in the text.  Its ``__init__`` is written out, not generated: mypyc
    compiles a written one, and left the one ``dataclass`` generates interpreted (about
    six thousand instructions a date)."""

    start: int
    end: int
    text: str
    value: str | None  # ISO 8601: YYYY-MM-DD, YYYY-MM, YYYY, --MM-DD, or "A/B" for a range

    def __init__(self, start: int, end: int, text: str, value: str | None) -> None:
        self.start = start
        self.end = end
        self.text = text
        self.value = value


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
_TAIL_RE = re.compile(r"\s?/\s?(?P<y>\d{4})|\snăm\s(?:(?P<y2>\d{4})|(?P<rel>\w+))")


_DAY_WORD_BEFORE_RE = re.compile(rf"(?:^|[\s(])(?:{_DAY_WORDS})\s*(?:[(,]\s*)?$", re.IGNORECASE)
_DATE_BEFORE_RE = re.compile(r"\d{1,2}/\d{1,2}(?:/\d{4})?\s?[-–,]\s?$|\d{1,2}/\d{1,2}\s(?:và|hoặc|đến|tới)\s$")
_RANGE_AFTER_RE = re.compile(r"[-–]\s?\d{1,2}/\d{1,2}")


def _valid(day: int | None, month: int | None) -> bool:
    return (month is None or 1 <= month <= 12) and (day is None or 1 <= day <= 31)


def _iso(year: int | None, month: int | None, day: int | None = None) -> str | None:
    """The ISO value; ``month`` and ``day`` are valid (:func:`_valid`), ``year`` >= 0."""
    if month is None:
        return _year_digits(year) if year else None
    if year is None:
        return f"--{_TWO_DIGITS[month]}-{_TWO_DIGITS[day]}" if day else None
    if day:
        return f"{_year_digits(year)}-{_TWO_DIGITS[month]}-{_TWO_DIGITS[day]}"
    return f"{_year_digits(year)}-{_TWO_DIGITS[month]}"


#: ``f"{n:02d}"`` for the months and days: a format call costs about two thousand
#: instructions in the compiled rules.
_TWO_DIGITS: Final = tuple(f"{n:02d}" for n in range(32))


def _year_digits(year: int) -> str:
    """``f"{year:04d}"`` for a year >= 0, without the format call."""
    digits = str(year)
    return "0" * (4 - len(digits)) + digits


# -- Characters by code point ------------------------------------------------------------


def _is_decimal(text: str, i: int) -> bool:
    """``text[i]`` is what a pattern's ``\\d`` matches (a Unicode decimal digit).  No such
    digit but ASCII's lies below U+0660, among Vietnamese letters (U+1E00-U+1EFF) or in
    general punctuation (U+2000-U+206F), where the letters and punctuation next to a
    separator are; anything else asks the Unicode database."""
    c = ord(text[i])
    if c < 0x660:
        return 48 <= c <= 57
    if 0x1E00 <= c <= 0x206F:
        return False
    return text[i].isdecimal()


def _is_space(text: str, i: int) -> bool:
    """``text[i]`` is what a pattern's ``\\s`` matches (Unicode white space): below U+1680
    the ASCII spaces, U+0085 and U+00A0; no white space among Vietnamese letters
    (U+1E00-U+1FFF); anything else asks the Unicode database."""
    c = ord(text[i])
    if c < 0x1680:
        return c == 32 or 9 <= c <= 13 or 28 <= c <= 31 or c == 0x85 or c == 0xA0
    if 0x1E00 <= c <= 0x1FFF:
        return False
    return text[i].isspace()


def _holds(text: str, at: int, literal: str) -> bool:
    """``text`` holds ``literal`` at ``at`` (``at`` >= 0, room checked by the caller),
    compared by code point: no slice, no call."""
    for k in range(len(literal)):
        if ord(text[at + k]) != ord(literal[k]):
            return False
    return True


# -- Year-less day and month ----------------------------------------------------------------


#: The longest of :data:`_DAY_WORDS` (one text character matches one pattern character, case
#: ignored or not).
_DAY_WORD_MAX: Final = max(len(word) for word in _DAY_WORDS.split("|"))
#: The day words as news writes them (lower case, capitalised, upper case): the last word,
#: or the last two, before a year-less date are looked up here first.
_DAY_WORD_FORMS: Final = frozenset(
    form for word in _DAY_WORDS.split("|") for form in (word, word.capitalize(), word.upper())
)


#: The day words, lower case.
_DAY_WORD_SET: Final = frozenset(_DAY_WORDS.split("|"))
#: The letters a case-blind pattern takes for a letter of the day words where ``str.lower``
#: does not give that letter: ``İ`` (lower-cased ``i`` and a dot), ``ı`` (``i``), ``ſ`` (``s``).
_FOLDED_ALIKE_RE = re.compile("[\u0130\u0131\u017f]")


def _day_month_is_date(text: str, start: int, end: int) -> bool:
    """A year-less ``d/m`` is a date after a day word, after another date, or before a dash."""
    before = text[max(0, start - 24) : start]
    if _after_day_word(before) or ("/" in before and _DATE_BEFORE_RE.search(before)):  # (a date has a "/")
        return True
    return text[end : end + 1] in ("-", "–") and _RANGE_AFTER_RE.match(text[end : end + 8]) is not None


def _after_day_word(before: str) -> bool:
    """:data:`_DAY_WORD_BEFORE_RE` finds a day word at the end of ``before``: the pattern's
    match is the last word, or the last two (one space between), after white space, ``(``
    or the start.  Those are looked up in :data:`_DAY_WORD_FORMS` (the forms news writes),
    then lower-cased in :data:`_DAY_WORD_SET`: case-blind, the pattern compares letters
    lower-cased one by one, which ``str.lower`` does alike but for ``İ``, ``ı`` and ``ſ``
    (also taken for ``i``, ``i`` and ``s``); with one of those the pattern decides, from
    where such a word may start (:func:`_day_word_end`)."""
    words_end = _day_word_end(before)
    word = _word_start(before, words_end)
    last = before[word:words_end]
    if last in _DAY_WORD_FORMS:
        return True
    two = ""
    if word >= 2 and ord(before[word - 1]) == 32:
        two = before[_word_start(before, word - 1) : words_end]
        if two in _DAY_WORD_FORMS:
            return True
    if _FOLDED_ALIKE_RE.search(two or last) is None:
        return last.lower() in _DAY_WORD_SET or two.lower() in _DAY_WORD_SET
    return _DAY_WORD_BEFORE_RE.search(before, max(0, words_end - _DAY_WORD_MAX - 1)) is not None


def _word_start(before: str, end: int) -> int:
    """Where the word that ends at ``end`` starts: after the last white space or ``(``
    before it (the pattern's ``[\\s(]``), or at 0 (its ``^``)."""
    at = end
    while at > 0 and ord(before[at - 1]) != 40 and not _is_space(before, at - 1):  # "("
        at -= 1
    return at


def _day_word_end(before: str) -> int:
    """Where a day word of :data:`_DAY_WORD_BEFORE_RE` in ``before`` ends: where ``before``
    ends but for spaces and one ``(`` or ``,`` with spaces (a word ends with a letter).
    Its match starts at the character before the word, so at most :data:`_DAY_WORD_MAX` + 1
    characters earlier: searching only from there spares trying the 40 words case-blind at
    each space of ``before`` (about ten thousand instructions a call).  (``^`` still means
    the start of ``before``: a search from a later place does not move it.)"""
    words_end = before.rstrip()
    if words_end[-1:] in ("(", ","):
        words_end = words_end[:-1].rstrip()
    return len(words_end)


# -- Finding dates ----------------------------------------------------------------------------


def find_dates(text: str, article_year: int | None = None) -> list[DateSpan]:
    """Every date expression of ``text`` with its ISO value (``None`` when undeterminable)."""
    words = _word_dates(text, article_year)
    numbers = _numeric_dates(text, words)
    if not words or not numbers:
        return words or numbers
    found = words + numbers
    found.sort(key=_start)
    return found


def _start(date: DateSpan) -> int:
    return date.start


def _word_dates(text: str, article_year: int | None) -> list[DateSpan]:
    """The dates in words, in text order, none inside another (``tháng 4`` inside
    ``ngày 30 tháng 4``)."""
    found: list[DateSpan] = []
    covered_to = -1
    for start in _word_date_starts(text):
        if start < covered_to or (start > 0 and text[start - 1].isalnum()):
            continue
        m = _word_match(text, start)
        if m is not None:
            span = _word_date(m, text, article_year)
            if span is not None:
                found.append(span)
                covered_to = span.end
    return found


def _numeric_dates(text: str, words: list[DateSpan]) -> list[DateSpan]:
    """The numeric dates, in text order, but those inside a date in words or right after
    a letter, a digit or ``/ . ,``."""
    found: list[DateSpan] = []
    for m in _numeric_matches(text):
        start = m.start
        before = text[start - 1] if start else " "
        if before.isalnum() or before in "/.," or _inside(words, start):
            continue
        span = _numeric_date(m, text)
        if span is not None:
            found.append(span)
    return found


def _inside(dates: list[DateSpan], at: int) -> bool:
    for date in dates:
        if date.start <= at < date.end:
            return True
    return False


#: The heart of every numeric form: a digit, a separator, a digit.
_NUMERIC_CORE_RE = re.compile(r"\d\s?[/.\-–]\s?\d")
#: The separators of :data:`_NUMERIC_CORE_RE`, each found by a quick pass of ``str.find``.
_NUMERIC_SEPARATORS = ("/", ".", "-", "–")


class NumericMatch:
    """A match of :data:`NUMERIC_DATE_RE` (its place and groups), read by :func:`_numeric_match`."""

    start: int
    end: int
    a: str
    sep: str
    b: str
    c: str | None

    def __init__(self, start: int, end: int, a: str, sep: str, b: str, c: str | None) -> None:
        self.start = start
        self.end = end
        self.a = a
        self.sep = sep
        self.b = b
        self.c = c

    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


def _numeric_matches(text: str) -> list[NumericMatch]:
    """``NUMERIC_DATE_RE.finditer(text)``, found faster: the pattern is tried once at each
    digit-separator-digit (:func:`_numeric_cores`), where the digits before the separator
    start.  Its first number is at most four digits, so a match for a core starts at most
    three places before it, and only inside the digits that end there (a place before them
    is not a digit; a digit further back ends an earlier core, already tried); and from any
    of those digits the rest of the match is the same: the first place not yet tried or
    inside a match is the only one to try."""
    found: list[NumericMatch] = []
    tried = 0  # every place before this one is tried, or inside a match
    for core in _numeric_cores(text):
        if core < tried:
            continue
        at, lowest = core, max(tried, core - 3)
        while at > lowest and _is_decimal(text, at - 1):
            at -= 1
        m = _numeric_match(text, at, core)
        if m is None:
            tried = core + 1
        else:
            found.append(m)
            tried = m.end
    return found


def _numeric_match(text: str, start: int, core: int) -> NumericMatch | None:
    """``NUMERIC_DATE_RE.match(text, start)``, where ``start`` begins the digits that end at
    ``core``, a digit-separator-digit.  Read by code point, where the regex engine cost about
    four thousand instructions a call in the compiled rules.  The pattern matches in one way
    at most: each ``\\s?`` stands before a separator or a digit, which a space is not; the
    second number is all the digits there (a shorter one leaves a digit next, which neither
    the year part nor the end allows), and fails if they are more than four; the year part
    (the same separator and exactly four digits) is taken if the end allows it after it,
    else the match ends after the second number if the end allows it there."""
    size = len(text)
    at = core + 1
    if _is_space(text, at):
        at += 1
    separator = text[at]
    at += 1
    if _is_space(text, at):
        at += 1
    second = at
    while at < size and _is_decimal(text, at):
        at += 1
    if at - second > 4:
        return None
    first, number = text[start : core + 1], text[second:at]
    year = _year_part(text, at, ord(separator))
    if year >= 0:
        return NumericMatch(start, year + 4, first, separator, number, text[year : year + 4])
    if _may_end(text, at):
        return NumericMatch(start, at, first, separator, number, None)
    return None


def _year_part(text: str, at: int, separator: int) -> int:
    """Where ``(?:\\s?(?P=sep)\\s?(?P<c>\\d{4}))`` followed by the pattern's end matches at
    ``at`` puts its four digits, or -1."""
    size = len(text)
    if at < size and _is_space(text, at):
        at += 1
    if at >= size or ord(text[at]) != separator:
        return -1
    at += 1
    if at < size and _is_space(text, at):
        at += 1
    if at + 4 > size:
        return -1
    for k in range(at, at + 4):
        if not _is_decimal(text, k):
            return -1
    return at if _may_end(text, at + 4) else -1


def _may_end(text: str, at: int) -> bool:
    """The end of :data:`NUMERIC_DATE_RE`, ``(?![\\d/]|[.,]\\d)``, holds at ``at``."""
    if at >= len(text):
        return True
    c = ord(text[at])
    if c == 47 or _is_decimal(text, at):  # "/"
        return False
    return not ((c == 46 or c == 44) and at + 1 < len(text) and _is_decimal(text, at + 1))  # ".", ","


def _numeric_cores(text: str) -> list[int]:
    """Where :data:`_NUMERIC_CORE_RE` matches, in order: at the digit (or digit and space)
    before each ``/``, ``.``, ``-``, ``–`` with a digit (or a space and a digit) after it.
    The separators are found by four quick passes of ``str.find`` (about one character in
    a hundred is one of them) and the characters around them read by code point; a search
    of the pattern steps through the text a character at a time looking for a digit, and
    made :func:`_numeric_matches` four times slower (compiled, on the real corpus)."""
    cores: list[int] = []
    last = len(text) - 1
    for separator in _NUMERIC_SEPARATORS:
        i = text.find(separator, 1)
        while 0 < i < last:
            at = _number_end_before(text, i)
            if at >= 0 and _number_after(text, i):
                cores.append(at)
            i = text.find(separator, i + 1)
    cores.sort()
    return cores


def _number_end_before(text: str, i: int) -> int:
    """Where ``\\d\\s?`` ends right before ``i`` starts (its digit), or -1."""
    c = ord(text[i - 1])
    if 48 <= c <= 57:
        return i - 1
    if 64 < c < 0x660 and c != 0x85 and c != 0xA0:  # (no digit, no space: letters mostly)
        return -1
    if _is_decimal(text, i - 1):
        return i - 1
    if i >= 2 and _is_space(text, i - 1) and _is_decimal(text, i - 2):
        return i - 2
    return -1


def _number_after(text: str, i: int) -> bool:
    """``\\s?\\d`` matches right after ``i`` (``i`` is not the text's last character)."""
    if _is_decimal(text, i + 1):
        return True
    return i + 2 < len(text) and _is_space(text, i + 1) and _is_decimal(text, i + 2)


#: Literal parts of the word forms, each with the place of its accented letter: that
#: letter alone is found with ``str.find``, a native scan of the text (``memchr``), where
#: looking for the whole literal stepped through the text (about two instructions a
#: character a literal, three literals).
_WORD_DATE_KEYS: Final = (("gày ", 1), ("háng ", 1), ("ăm ", 0))


def _word_date_starts(text: str) -> list[int]:
    """Positions where :data:`WORD_DATE_RE` may match, in order: the letter ``N``, ``n``,
    ``T`` or ``t`` before ``gày ``, ``háng `` or ``ăm `` with a digit after it (each form
    needs one there).  The keys cannot overlap themselves or each other."""
    starts: list[int] = []
    for key, accent in _WORD_DATE_KEYS:
        _add_key_starts(text, key, accent, starts)
    starts.sort()
    return starts


def _add_key_starts(text: str, key: str, accent: int, starts: list[int]) -> None:
    """Add to ``starts`` the place of each form letter before ``key`` with a digit after it.
    ``key[accent]`` is looked for; the letter after it and the form letter (``y`` and ``n``
    around ``à`` in ``ngày``) are checked first: they rule out nearly every place (``và``,
    ``nhà``, ``các``, ``chăm``)."""
    letter = key[accent]
    after = ord(key[accent + 1])
    size = len(key)
    room = len(text) - size  # where the key starts leaves a character after it
    j = text.find(letter, accent + 1)  # (a form letter stands before the key)
    while j >= 0:
        at = j - accent
        if at >= room:
            break
        if ord(text[j + 1]) == after and _is_form_letter(ord(text[at - 1])):
            if _holds(text, at, key) and _is_decimal(text, at + size):
                starts.append(at - 1)
        j = text.find(letter, j + 1)


def _is_form_letter(c: int) -> bool:
    """``N``, ``n``, ``T``, ``t``: the letters a date in words starts with."""
    return c == 110 or c == 116 or c == 78 or c == 84


def _is_year(digits: str | None) -> bool:
    """``digits`` (a run of decimal digits, or None) is a year from 1800 to 2100
    (``(?:1[89]|20)\\d\\d|2100``)."""
    if digits is None or len(digits) != 4:
        return False
    century = digits[:2]
    return century == "18" or century == "19" or century == "20" or digits == "2100"


def _word_date(m: WordMatch, text: str, article_year: int | None) -> DateSpan | None:
    """``tháng 5 năm 2025``, ``tháng 1/2025``, ``ngày 30 tháng 4 năm 1975``, ``năm 2026``."""
    start, end = m.start, m.end
    first = ord(text[start])
    with_day_or_year = first == 78 or first == 110  # N, n: "ngày", "năm"
    if m.year is not None:
        if not with_day_or_year or not _is_year(m.year):
            return None
        return DateSpan(start, m.number_end, text[start : m.number_end], m.year)
    if (m.day is not None) != with_day_or_year:
        return None
    day = int(m.day) if m.day is not None else None
    month_digits = m.month
    assert month_digits is not None  # (every form without a year has a month)
    month = int(month_digits)
    if not _valid(day, month):
        return None
    year: int | None = None
    tail = _TAIL_RE.match(text[m.number_end : end]) if m.tailed else None
    if tail and _is_year(tail.group("y") or tail.group("y2")):
        year = int(tail.group("y") or tail.group("y2"))
    elif tail and tail.group("rel") in _RELATIVE_YEARS:
        year = article_year + _RELATIVE_YEARS[tail.group("rel")] if article_year else None
    elif tail:
        return DateSpan(start, m.number_end, text[start : m.number_end], _iso(None, month, day))
    return DateSpan(start, end, text[start:end], _iso(year, month, day))


class WordMatch:
    """A match of :data:`WORD_DATE_RE`, read by :func:`_word_match`: its place, its groups
    (``month`` is ``m1`` or ``m2``), where its last number ends (the year's in ``năm 2026``,
    else the month's, where the tail starts) and whether it has the tail."""

    start: int
    end: int
    day: str | None
    month: str | None
    year: str | None
    number_end: int
    tailed: bool

    def __init__(self, start: int, end: int, day: str | None, month: str | None, year: str | None,
                 number_end: int, tailed: bool) -> None:
        self.start = start
        self.end = end
        self.day = day
        self.month = month
        self.year = year
        self.number_end = number_end
        self.tailed = tailed


def _word_match(text: str, start: int) -> WordMatch | None:
    """``WORD_DATE_RE.match(text, start)``, read by code point (the regex engine cost about
    three thousand instructions a call in the compiled rules), branch by branch: ``ngày D
    tháng M``, ``tháng M``, ``năm YYYY``, each followed by the optional tail and the end
    (:func:`_after_number`).  A day or month (``[0-3]?\\d``, ``[01]?\\d``) is tried with two
    digits, then one, as the pattern backtracks."""
    if start >= len(text) or not _is_form_letter(ord(text[start])):
        return None
    at = start + 1
    if _has(text, at, "gày") and _space_at(text, at + 3):
        two, one = _day_or_month_ends(text, at + 4, 51)  # "3"
        return _month_after_day(text, start, at + 4, two) or _month_after_day(text, start, at + 4, one)
    if _has(text, at, "háng") and _space_at(text, at + 4):
        return _month_at(text, start, None, at + 5)
    if _has(text, at, "ăm") and _space_at(text, at + 2) and _decimals(text, at + 3, 4):
        return _after_number(text, start, None, None, text[at + 3 : at + 7], at + 7)
    return None


def _month_after_day(text: str, start: int, day: int, day_end: int) -> WordMatch | None:
    """The match with the day from ``day`` to ``day_end`` (-1: no day there), then
    ``\\s[Tt]háng\\s``, the month and the rest."""
    if day_end < 0 or not _space_at(text, day_end) or not _month_word_at(text, day_end + 1):
        return None
    return _month_at(text, start, text[day:day_end], day_end + 7)


def _month_at(text: str, start: int, day: str | None, at: int) -> WordMatch | None:
    """The match with the month (``[01]?\\d``) at ``at`` and the rest."""
    two, one = _day_or_month_ends(text, at, 49)  # "1"
    m = _after_number(text, start, day, text[at:two], None, two) if two >= 0 else None
    if m is None and one >= 0:
        m = _after_number(text, start, day, text[at:one], None, one)
    return m


def _month_word_at(text: str, at: int) -> bool:
    """``[Tt]háng\\s`` matches at ``at``."""
    if at >= len(text) or not (ord(text[at]) == 84 or ord(text[at]) == 116):  # T, t
        return False
    return _has(text, at + 1, "háng") and _space_at(text, at + 5)


def _day_or_month_ends(text: str, at: int, highest: int) -> tuple[int, int]:
    """Where ``[0-highest]?\\d`` at ``at`` ends with two digits, then with one (-1 where it
    cannot)."""
    two = at + 2 if at + 1 < len(text) and 48 <= ord(text[at]) <= highest and _is_decimal(text, at + 1) else -1
    one = at + 1 if at < len(text) and _is_decimal(text, at) else -1
    return (two, one)


def _after_number(text: str, start: int, day: str | None, month: str | None, year: str | None,
                  at: int) -> WordMatch | None:
    """The match that ends :data:`WORD_DATE_RE` after its last number (at ``at``): the tail
    (``/2025``, `` năm 2025``, `` năm nay`` …) if the end (``(?![\\d/])``) holds after it, else
    none if the end holds at ``at``.  The two kinds of tail exclude each other."""
    tail_end = _slash_year_end(text, at)
    if tail_end < 0:
        tail_end = _year_words_end(text, at)
    if tail_end >= 0 and _word_date_may_end(text, tail_end):
        return WordMatch(start, tail_end, day, month, year, at, True)
    if _word_date_may_end(text, at):
        return WordMatch(start, at, day, month, year, at, False)
    return None


def _slash_year_end(text: str, at: int) -> int:
    """Where ``\\s?/\\s?\\d{4}`` matching at ``at`` ends, or -1."""
    if _space_at(text, at):
        at += 1
    if at >= len(text) or ord(text[at]) != 47:  # "/"
        return -1
    at += 1
    if _space_at(text, at):
        at += 1
    return at + 4 if _decimals(text, at, 4) else -1


#: The relative years of :data:`WORD_DATE_RE`'s tail, in its order.
_TAIL_WORDS: Final = ("nay", "ngoái", "trước", "qua", "sau", "tới")


def _year_words_end(text: str, at: int) -> int:
    """Where ``\\snăm\\s(?:\\d{4}|nay|ngoái|trước|qua|sau|tới)(?!\\w)`` matching at ``at``
    ends, or -1."""
    if not (_space_at(text, at) and _has(text, at + 1, "năm") and _space_at(text, at + 4)):
        return -1
    at += 5
    if _decimals(text, at, 4) and not _word_char_at(text, at + 4):
        return at + 4
    for word in _TAIL_WORDS:
        if _has(text, at, word) and not _word_char_at(text, at + len(word)):
            return at + len(word)
    return -1


def _word_date_may_end(text: str, at: int) -> bool:
    """The end of :data:`WORD_DATE_RE`, ``(?![\\d/])``, holds at ``at``."""
    return at >= len(text) or not (ord(text[at]) == 47 or _is_decimal(text, at))  # "/"


def _has(text: str, at: int, literal: str) -> bool:
    """``text`` holds ``literal`` at ``at``."""
    return at + len(literal) <= len(text) and _holds(text, at, literal)


def _space_at(text: str, at: int) -> bool:
    return at < len(text) and _is_space(text, at)


def _decimals(text: str, at: int, count: int) -> bool:
    """``\\d{count}`` matches at ``at``."""
    if at + count > len(text):
        return False
    for k in range(at, at + count):
        if not _is_decimal(text, k):
            return False
    return True


def _word_char_at(text: str, at: int) -> bool:
    """A pattern's ``\\w`` matches at ``at`` (a letter, digit or number of any script, or ``_``)."""
    return at < len(text) and (text[at].isalnum() or text[at] == "_")


def _numeric_date(m: NumericMatch, text: str) -> DateSpan | None:
    """``30/1/2025``, ``2026-2028``, and a year-less ``12/10`` in a date context."""
    a, b, c, sep, start, end = m.a, m.b, m.c, m.sep, m.start, m.end
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
        if not _valid(day, month) or not _day_month_is_date(text, start, end):
            return None
        value = _iso(None, month, day)  # (the article's year is a guess: "11/6" is not "11/6/2021")
    else:
        return None
    return DateSpan(start, end, text[start:end], value)
