"""When: articles per period (week, month, year) for a set of articles, and an entity's profile.

Pure functions over the loaded corpus: the timeline of a query's strong set (``vnby-tui
timeline``), and an entity's profile — articles and mentions, month by month, the entities
most often mentioned in the same articles, and every mention in context (``vnby-tui entity``).
Co-mentions are ranked by pointwise mutual information weighted by the count (``n · log(p(a,b) /
p(a)p(b))``), so the entities that appear in every article do not simply come first again;
the raw counts are given beside the score.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

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


def date_of(articles: Any, doc: int) -> str | None:
    columns = getattr(articles, "columns", None)
    return columns["date"][doc] if columns is not None else articles[doc].date


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
    counts: Counter[str] = Counter()
    undated = 0
    for doc in docs:
        period = period_of(date_of(articles, doc), by)
        if period is None:
            undated += 1
        else:
            counts[period] += 1
    return Timeline(by, [(p, counts.get(p, 0)) for p in _span(sorted(counts), by)], undated)


def _span(periods: Sequence[str], by: str) -> list[str]:
    """Every period from the first to the last of ``periods``, so gaps show as zeros."""
    if not periods:
        return []
    first, last = periods[0], periods[-1]
    if by == "year":
        return [f"{y:04d}" for y in range(int(first), int(last) + 1)]
    if by == "month":
        y, m = int(first[:4]), int(first[5:7])
        out = []
        while f"{y:04d}-{m:02d}" <= last:
            out.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out
    start = dt.date.fromisocalendar(int(first[:4]), int(first[6:]), 1)
    end = dt.date.fromisocalendar(int(last[:4]), int(last[6:]), 1)
    out = []
    while start <= end:
        iso = start.isocalendar()
        out.append(f"{iso[0]:04d}-W{iso[1]:02d}")
        start += dt.timedelta(days=7)
    return out


def bar_chart(line: Timeline, width: int = 50) -> list[str]:
    """The timeline as text bars, one line per period: ``2020-03 ████████ 41``."""
    top = max((n for _, n in line.buckets), default=0) or 1
    rows = [f"{period:>8} {'█' * max(1 if n else 0, round(n / top * width)):<{width}} {n}" for period, n in line.buckets]
    if line.undated:
        rows.append(f"{'undated':>8} {'':<{width}} {line.undated}")
    return rows


# -- entity profile -------------------------------------------------------------------------------


@dataclass
class CoMention:
    name: str
    type: str
    articles: int
    score: float


def co_mentions(index: Any, key: str, docs: Sequence[int], total_docs: int, limit: int = 20,
                doc_count: Any = None) -> list[CoMention]:
    """The entities mentioned in the same articles as ``key``, ranked by count-weighted PMI.
    ``doc_count(entity)`` counts an entity's articles (by default ``entity.doc_count``; each
    syndicated story once when ``docs`` and ``total_docs`` count stories)."""
    together: Counter[str] = Counter()
    entities: dict[str, Any] = {}
    for doc in docs:
        for entity, _ in index.entities_of(doc):
            if entity.key != key and entity.type != "DATE":
                together[entity.key] += 1
                entities[entity.key] = entity
    found = []
    n = max(total_docs, 1)
    for other, count in together.items():
        entity = entities[other]
        expected = len(docs) * max(entity.doc_count if doc_count is None else doc_count(entity), count) / n
        score = count * math.log(count / expected) if expected > 0 else 0.0
        found.append(CoMention(entity.name, entity.type, count, round(score, 3)))
    found.sort(key=lambda c: (-c.score, -c.articles, c.name))
    return found[:limit]


@dataclass
class Context:
    id: str
    date: str | None
    start: int
    end: int
    text: str
    title: str = ""


def contexts(articles: Any, index: Any, key: str, docs: Sequence[int], limit: int | None = 20) -> list[Context]:
    """Every mention of ``key`` in ``docs`` with its sentence (newest articles first); ``start``
    and ``end`` locate the name in the article's text."""
    from .entities import mention_key
    from .export import sentence_at

    ordered = sorted(docs, key=lambda d: (date_of(articles, d) or "", -d), reverse=True)
    found: list[Context] = []
    for doc in ordered:
        article = articles[doc]
        for mention in index.mentions_of(doc):
            if getattr(mention, "block", "main") != "main" or getattr(mention, "credit", False):
                continue
            entity = index.get(mention_key(mention))
            if entity is None or entity.key != key:
                continue
            start, end = sentence_at(article, mention.start)
            found.append(Context(article.id, article.date, mention.start, mention.end,
                                 article.text[start:end], article.title))
            if limit is not None and len(found) >= limit:
                return found
    return found
