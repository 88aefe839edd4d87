"""When: articles per period (week, month, year) for a set of articles.

Pure functions over the loaded corpus: the timeline of a query's strong set (``vnby-tui
timeline``, the explorer's timeline strip) and the month strip of an entity's profile
(:mod:`tui.core.profile`).  Dates come from the day keys the article store indexes (the
dates ``date:`` filters read), so a timeline of tens of thousands of articles is a few array
operations and a bar picked on a strip keeps exactly the articles it counted.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # numpy is imported where arrays are made: the explorer's first frame comes before it
    import numpy as np

PERIODS = ("week", "month", "year")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?")


def period_of(date: str | None, by: str) -> str | None:
    """``2020-03-17`` → ``2020-03`` (month), ``2020-W12`` (ISO week), ``2020`` (year); ``None`` if undated."""
    if not date:
        return None
    found = _ISO_DATE.match(date)
    if not found:
        return None
    year, month, day = int(found.group(1)), int(found.group(2)), int(found.group(3) or 1)
    if not 1 <= month <= 12:
        return None
    if by == "year":
        return f"{year:04d}"
    if by == "month":
        return f"{year:04d}-{month:02d}"
    try:
        iso = dt.date(year, month, day).isocalendar()
    except ValueError:
        return None
    return f"{iso[0]:04d}-W{iso[1]:02d}"


def day_numbers(articles: Any) -> np.ndarray:
    """Each article's date as a day number (``date.toordinal()``; a month alone is its first
    day), 0 when undated or only the year is known: from the day keys the store indexes
    (:func:`tui.core.find.date_keys`), so a timeline counts the dates a ``date:`` filter keeps,
    in a few array operations whatever the number of articles."""
    import numpy as np

    from .find import date_keys

    keys = date_keys(articles)[: len(articles)].astype(np.int64)
    year, month, day = keys // 10000, keys // 100 % 100, keys % 100
    dated = (keys > 0) & (month > 0)
    months = np.where(dated, (year - 1970) * 12 + month - 1, 0).astype("datetime64[M]")
    days = months.astype("datetime64[D]").astype(np.int64) + np.where(dated, np.maximum(day, 1) - 1, 0)
    return np.where(dated, days + _EPOCH_ORDINAL, 0)


_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()


def period_labels(days: np.ndarray, by: str) -> tuple[np.ndarray, Callable[[int], str]]:
    """For dated day numbers: a sortable period number each, and how to name a period number."""
    if by == "week":
        mondays = days - (days - 1) % 7  # day 1 (0001-01-01) was a Monday
        return mondays, _week_name
    months = _months_of(days)
    if by == "year":
        return months // 12, lambda year: f"{year:04d}"
    return months, lambda month: f"{month // 12:04d}-{month % 12 + 1:02d}"


def _months_of(days: np.ndarray) -> np.ndarray:
    """Day numbers → ``year * 12 + month - 1``, through numpy's calendar (no Python loop)."""
    import numpy as np

    as_dates = (days.astype(np.int64) - _EPOCH_ORDINAL).astype("datetime64[D]")
    return as_dates.astype("datetime64[M]").astype(np.int64) + 1970 * 12


def _week_name(monday: int) -> str:
    iso = dt.date.fromordinal(int(monday)).isocalendar()
    return f"{iso[0]:04d}-W{iso[1]:02d}"


def as_doc_array(docs: Iterable[int]) -> np.ndarray:
    """Document numbers as an index array (a range or an array without a Python loop)."""
    import numpy as np

    if isinstance(docs, range):
        return np.arange(docs.start, docs.stop, docs.step, dtype=np.int64)
    if isinstance(docs, np.ndarray):
        return docs.astype(np.int64, copy=False)
    return np.fromiter(docs, dtype=np.int64)


@dataclass
class Timeline:
    by: str
    buckets: list[tuple[str, int]] = field(default_factory=list)
    undated: int = 0

    def as_json(self, query: str) -> dict[str, Any]:
        return {"query": query, "by": self.by, "undated": self.undated,
                "buckets": [{"period": period, "articles": n} for period, n in self.buckets]}


def timeline(articles: Any, docs: Iterable[int], by: str = "month") -> Timeline:
    """Articles per period, oldest first, empty periods between the first and the last included."""
    import numpy as np

    chosen = day_numbers(articles)[as_doc_array(docs)]
    dated = chosen[chosen > 0]
    undated = len(chosen) - len(dated)
    if not len(dated):
        return Timeline(by, [], undated)
    periods, name = period_labels(dated, by)
    first = int(periods.min())
    step = 7 if by == "week" else 1
    counts = np.bincount((periods - first) // step)
    return Timeline(by, [(name(first + i * step), int(n)) for i, n in enumerate(counts)], undated)


def bar_chart(line: Timeline, width: int = 50) -> list[str]:
    """The timeline as text bars, one line per period: ``2020-03 ████████ 41``."""
    top = max((n for _, n in line.buckets), default=0) or 1
    rows = [f"{period:>8} {'█' * max(1 if n else 0, round(n / top * width)):<{width}} {n}" for period, n in line.buckets]
    if line.undated:
        rows.append(f"{'undated':>8} {'':<{width}} {line.undated}")
    return rows


# -- the explorer's strip: which granularity fits, and the query term of a period -------------------

#: Periods of a month span at most this many months are shown week by week.
WEEKS_UP_TO_MONTHS = 3


def fitting_timeline(articles: Any, docs: Iterable[int], cells: int) -> Timeline:
    """The timeline of ``docs`` by month, or by week when they span a few months only, or by
    year when there are more months than ``cells`` to draw them in."""
    docs = as_doc_array(docs)
    line = timeline(articles, docs, "month")
    if len(line.buckets) > cells:
        return timeline(articles, docs, "year")
    if 0 < len(line.buckets) <= WEEKS_UP_TO_MONTHS:
        weeks = timeline(articles, docs, "week")
        if len(weeks.buckets) <= cells:
            return weeks
    return line


def period_days(period: str) -> tuple[dt.date, dt.date]:
    """The first and last day of a period named as :func:`period_of` names it."""
    if "-W" in period:
        monday = dt.date.fromisocalendar(int(period[:4]), int(period[6:]), 1)
        return monday, monday + dt.timedelta(days=6)
    year = int(period[:4])
    if len(period) == 4:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    month = int(period[5:7])
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return dt.date(year, month, 1), following - dt.timedelta(days=1)


def period_term(first: str, last: str | None = None) -> str:
    """The query term for the periods ``first`` to ``last``: ``date:2020-03``, ``date:2020``,
    or a range of days (a week, several months) ``date:2020-03-16..2020-03-22``."""
    if last in (None, first) and "-W" not in first:
        return f"date:{first}"
    start, _ = period_days(first)
    _, end = period_days(last or first)
    return f"date:{start.isoformat()}..{end.isoformat()}"


_TERM = re.compile(r'(?:[^\s"]+|"[^"]*"?)+')


def query_terms(query: str) -> list[str]:
    """The query's space-separated terms, a quoted phrase (``per:"Park Hang Seo"``) kept whole."""
    return _TERM.findall(query)


def date_term_of(query: str) -> str | None:
    """The query's (last) ``date:`` term, if it has one."""
    found = [term for term in query_terms(query) if term.lower().startswith("date:")]
    return found[-1] if found else None


def with_date_term(query: str, term: str | None) -> str:
    """``query`` with its ``date:`` terms replaced by ``term`` (or removed when ``None``)."""
    kept = [t for t in query_terms(query) if not t.lower().startswith("date:")]
    return " ".join(kept + ([term] if term else []))
