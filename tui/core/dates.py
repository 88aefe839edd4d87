"""Article dates: what an input's ``date`` says, or failing that its URL or a dated stamp in its text.

An article's date is kept as ISO text (``2020-03-17``, or ``2020-03`` / ``2020`` when the
input is no more precise) and indexed as a *day key*, the integer ``YYYYMMDD`` with ``00``
for an unknown month or day (``2020-03`` → ``20200300``), ``0`` when undated: day keys
sort like dates and a date range is a range of keys.

Only unambiguous evidence is used, because a wrong date is worse than none:

* the input's ``date`` field, ISO (``2020-03-17``, ``2020-03-17T08:30:00+07:00``,
  ``2020/03/17``, ``2020-03``, ``2020``) or day first as Vietnamese writes it
  (``17/03/2020``, ``17-03-2020 08:30``);
* else the URL: ``/2020/03/17/`` path segments, or a slug ending in a timestamp
  ``YYYYMMDDhhmmss…`` (``…-20201001163534963.htm``, Dân Trí's form), valid as a date *and*
  a time of day;
* else a publication stamp in the text: a date with a clock time written as bylines and
  page headers write them (``Phúc Vũ - Thể thao Việt Nam | 20:20 09/05/2017``,
  ``13/05/2017 10:28 GMT+7``, ``[17/05/2017 17:49:47]``) — never a date in a sentence
  (``ngày 6/2/2017`` is when something happened, not when it was written).

Each source counts only when all its candidates agree; ``01/01/1970`` (a zero timestamp
printed as a date) and years outside :data:`YEARS` are ignored.
"""

from __future__ import annotations

import calendar
import re
from urllib.parse import urlsplit

#: Years taken as an article's date from a URL or text (a stamp of year 1900 is an error).
YEARS = range(1990, 2101)
#: Years accepted in a ``date`` field or a query.
ANY_YEAR = range(1000, 10000)
#: A zero Unix timestamp printed as a date: what a broken CMS writes for "no date".
EPOCH = "1970-01-01"
UNDATED = 0

_ISO_RE = re.compile(r"^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?:$|[T\s_])")
_DAY_FIRST_RE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:$|[T\s,])")
_URL_PATH_RE = re.compile(r"/((?:19|20)\d\d)/(\d\d)/(\d\d)(?:/|$)")
_URL_STAMP_RE = re.compile(r"[-_/](\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)\d{0,4}(?:\.[a-z]{2,5})?$", re.IGNORECASE)
#: A date with its clock time, either way round (``20:20 09/05/2017``, ``13/05/2017 10:28:05``).
#: It starts with a digit, so the regex engine skips quickly to candidates; whether it
#: stands where a stamp stands is checked after (see :func:`_stamp_position`).
_STAMP_RE = re.compile(
    r"\d{1,2}:\d{2}(?::\d{2})?[ \t]+(\d{1,2})/(\d{1,2})/(\d{4})(?![\d/])"
    r"|(\d{1,2})/(\d{1,2})/(\d{4})[ \t]+\d{1,2}:\d{2}(?::\d{2})?(?![\d:])"
)

#: What every stamp holds, one pattern per way round (time first, date first), each
#: starting with a literal character: only texts with one are searched with
#: :data:`_STAMP_RE` (a tenth of the time on real news).  Two patterns, not one with two
#: alternatives: the regex engine skips to a pattern's literal first character at C
#: speed, but tries an alternation at every character (7x the time on the real corpus).
_QUICK_RES = (re.compile(r":\d\d(?::\d\d)?[ \t]+\d{1,2}/\d{1,2}/\d{4}"), re.compile(r"/\d{4}[ \t]+\d{1,2}:\d\d"))


def valid_date(year: int, month: int | None = None, day: int | None = None, years: range = ANY_YEAR) -> bool:
    """Whether the (partial) date exists: ``2020-02-30`` does not, ``2020-02-29`` does."""
    if year not in years or (month is not None and not 1 <= month <= 12):
        return False
    return day is None or (month is not None and 1 <= day <= calendar.monthrange(year, month)[1])


def iso(year: int, month: int | None = None, day: int | None = None) -> str:
    return f"{year:04d}" + (f"-{month:02d}" if month else "") + (f"-{day:02d}" if day else "")


def normalise(raw: str | None) -> str | None:
    """The ISO form of a ``date`` field's value, or ``None`` when it is not a date
    this module can read without guessing."""
    if not raw:
        return None
    text = raw.strip()
    found = _ISO_RE.match(text)
    if found:
        year, month, day = (int(g) if g else None for g in found.groups())
    else:
        found = _DAY_FIRST_RE.match(text)
        if not found:
            return None
        day, month, year = (int(g) for g in found.groups())
    if not valid_date(year, month, day):  # type: ignore[arg-type]
        return None
    return iso(year, month, day)  # type: ignore[arg-type]


def day_key(date: str | None) -> int:
    """``2020-03-17`` → ``20200317``, ``2020-03`` → ``20200300``, undated or unreadable → 0."""
    value = normalise(date)
    if value is None:
        return UNDATED
    parts = [int(p) for p in value.split("-")] + [0, 0]
    return parts[0] * 10000 + parts[1] * 100 + parts[2]


def _agreed(dates: list[str]) -> str | None:
    """The one date every candidate gives, or ``None`` when there are none or they differ."""
    kept = set(dates) - {EPOCH}
    return kept.pop() if len(kept) == 1 else None


def date_from_url(url: str | None) -> str | None:
    """The date a URL carries in its path (``/2020/03/17/``) or slug timestamp, if unambiguous."""
    if not url:
        return None
    try:
        path = urlsplit(url.strip()).path
    except ValueError:
        return None
    found = []
    for match in _URL_PATH_RE.finditer(path):
        year, month, day = (int(g) for g in match.groups())
        if valid_date(year, month, day, YEARS):
            found.append(iso(year, month, day))
    match = _URL_STAMP_RE.search(path)
    if match:
        year, month, day, hour, minute, second = (int(g) for g in match.groups())
        if valid_date(year, month, day, YEARS) and hour < 24 and minute < 60 and second < 60:
            found.append(iso(year, month, day))
    return _agreed(found)


def date_from_text(text: str) -> str | None:
    """The date of the publication stamps in ``text`` (a date with its clock time in a
    byline or page header), if there are some and they agree."""
    if ":" not in text or not (_QUICK_RES[0].search(text) or _QUICK_RES[1].search(text)):
        return None
    found = []
    for match in _STAMP_RE.finditer(text):
        if not _stamp_position(text, match.start()):
            continue
        day, month, year = (int(g) for g in (match.group(1, 2, 3) if match.group(1) else match.group(4, 5, 6)))
        if valid_date(year, month, day, YEARS):
            found.append(iso(year, month, day))
        elif (year, month, day) != (1970, 1, 1):
            return None  # a stamp that is no date: trust none of them
    return _agreed(found)


def _stamp_position(text: str, start: int) -> bool:
    """Whether a date-and-time at ``start`` is a stamp: first on its line, or after the
    ``|`` of a byline or the ``[`` of a bracketed stamp (spaces allowed between)."""
    before = text[text.rfind("\n", 0, start) + 1 : start].rstrip(" \t")
    return not before or before[-1] in "|["


def article_date(raw: str | None, url: str | None, text: str) -> tuple[str | None, str | None]:
    """(the article's date, a problem to report): the ``date`` field in ISO form when it
    is one, else the URL's, else the text's stamps.  A ``date`` field that cannot be read
    is kept as written (it is the user's) but reported, and indexed as undated rather
    than dated by a guess."""
    if raw not in (None, ""):
        value = normalise(raw)
        if value is None:
            return raw, f"date {raw[:40]!r} not understood (expected e.g. 2020-03-17 or 17/03/2020): indexed as undated"
        return value, None
    return date_from_url(url) or date_from_text(text), None
