"""Date expressions of Vietnamese news, with ISO values where the text fixes them.

Vietnamese writes dates day first (``30/1/2025``), often without the year
(``ngày 12/10``, ``tối 28/1``), or in words (``tháng 5 năm 2025``,
``tháng 5 năm nay``).  A bare ``d/m`` is also how fractions are written
(``2/3 số phiếu``), so a year-less ``d/m`` counts as a date only after a word
that introduces a day (``ngày``, ``sáng``, ``từ`` …) or inside a range.
Year-less dates take their year from the article's publication date when it
has one; relative years (``năm nay``, ``năm ngoái``) likewise.
"""

from __future__ import annotations

import re
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
_YEAR = r"(1[89]\d\d|20\d\d|2100)"

#: One alternation, so the text is scanned once.  Groups are named per form.
DATE_RE = re.compile(
    rf"""
    (?P<dmy>(?<![\d/.])(?P<d1>[0-3]?\d)\s?[/.\-]\s?(?P<m1>[01]?\d)\s?[/.\-]\s?(?P<y1>{_YEAR})(?![\d/]))
    | (?P<words>(?<!\w)(?:[Nn]gày\s(?P<d2>[0-3]?\d)\s)?[Tt]háng\s(?P<m2>[01]?\d)
         (?:\s?/\s?(?P<y2>{_YEAR})|\snăm\s(?:(?P<y3>{_YEAR})|(?P<rel>nay|ngoái|trước|qua|sau|tới)))?(?![\d/]))
    | (?P<range>(?<![\d/.])(?P<ya>{_YEAR})\s?[-–]\s?(?P<yb>{_YEAR})(?![\d/]))
    | (?P<year>(?<!\w)[Nn]ăm\s(?P<y4>{_YEAR})(?![\d/]))
    | (?P<dm>(?<![\d/.,])(?P<d3>[0-3]?\d)/(?P<m3>[01]?\d)(?![\d/]|[.,]\d))
    """,
    re.VERBOSE,
)
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


def _day_month_is_date(text: str, start: int, end: int) -> bool:
    """A year-less ``d/m`` is a date after a day word, after another date, or before a dash."""
    before = text[max(0, start - 24) : start]
    if _DAY_WORD_BEFORE_RE.search(before) or _DATE_BEFORE_RE.search(before):
        return True
    return text[end : end + 1] in ("-", "–") and bool(re.match(r"[-–]\s?\d{1,2}/\d{1,2}", text[end : end + 8]))


def find_dates(text: str, article_year: int | None = None) -> list[DateSpan]:
    """Every date expression of ``text`` with its ISO value (``None`` when undeterminable)."""
    found: list[DateSpan] = []
    for m in DATE_RE.finditer(text):
        span = _date_from_match(m, text, article_year)
        if span is not None:
            found.append(span)
    return found


def _date_from_match(m: re.Match[str], text: str, article_year: int | None) -> DateSpan | None:
    value: str | None
    if m.group("dmy"):
        day, month, year = int(m.group("d1")), int(m.group("m1")), int(m.group("y1"))
        if not _valid(day, month):
            return None
        value = _iso(year, month, day)
    elif m.group("words"):
        day = int(m.group("d2")) if m.group("d2") else None
        month = int(m.group("m2"))
        if not _valid(day, month):
            return None
        year_text = m.group("y2") or m.group("y3")
        if year_text:
            year: int | None = int(year_text)
        elif m.group("rel") and article_year:
            year = article_year + _RELATIVE_YEARS[m.group("rel")]
        elif day is not None and article_year:
            year = article_year
        else:
            year = None
        value = _iso(year, month, day)
    elif m.group("range"):
        first, last = int(m.group("ya")), int(m.group("yb"))
        if last <= first:
            return None
        value = f"{first:04d}/{last:04d}"
    elif m.group("year"):
        value = m.group("y4")
    else:
        day, month = int(m.group("d3")), int(m.group("m3"))
        if not _valid(day, month) or not _day_month_is_date(text, m.start(), m.end()):
            return None
        value = _iso(article_year, month, day)
    return DateSpan(m.start(), m.end(), m.group(), value)
