"""Results: the scored rows of every segment and variant merged into ranked
hits, each with its match spans and snippet computed on demand."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from ..highlight import MatchSpan, page_matches, snippet
from ..model import Article
from ..query import QueryTerm
from .tiers import SCATTERED, STRONG, TIERS


class Hit:
    """One ranked article.

    ``spans`` (match spans in the article), ``snippet`` (one line around the
    best match) and ``snippet_spans`` (matches within it) are computed on first
    access: ranking needs positions only, and a caller that shows ten of fifty
    hits pays for ten.  :meth:`SearchResults.prepare` computes them up front
    (e.g. in a worker thread).
    """

    __slots__ = ("doc", "id", "score", "tier", "_spans", "_snippet", "_snippet_spans", "_source")

    def __init__(
        self,
        doc: int,
        id: str,  # noqa: A002 - the article id, named as everywhere else
        score: float,
        spans: list[MatchSpan] | None = None,
        snippet: str | None = None,
        snippet_spans: list[tuple[int, int]] | None = None,
        *,
        source: tuple[Article | Callable[[], Article], list[QueryTerm]] | None = None,
        tier: str = SCATTERED,
    ) -> None:
        self.doc = doc
        self.id = id
        self.score = score
        self.tier = tier
        self._spans = spans
        self._snippet = snippet if snippet is not None or spans is None else ""
        self._snippet_spans = snippet_spans if snippet_spans is not None or spans is None else []
        self._source = source

    @classmethod
    def ranked(cls, docs: list[int], ids: list[str | None], scores: list[float], tiers: list[str],
               sources: list[object], terms: list[QueryTerm]) -> list["Hit"]:
        """``[Hit(doc, id or "", round(score, 4), source=(source, terms), tier=tier) ...]``
        for a query's ranked hits (200 a keystroke): made without the constructor's
        keyword handling, located on demand as any."""
        new = object.__new__
        hits = []
        append = hits.append
        for doc, id_, score, tier, source in zip(docs, ids, scores, tiers, sources):
            hit = new(cls)
            hit.doc = doc
            hit.id = id_ or ""
            hit.score = round(score, 4)
            hit.tier = tier
            hit._spans = hit._snippet = hit._snippet_spans = None
            hit._source = (source, terms)
            append(hit)
        return hits

    def _locate(self) -> None:
        if self._spans is None:
            locate([self])

    @property
    def spans(self) -> list[MatchSpan]:
        self._locate()
        return self._spans  # type: ignore[return-value]

    @property
    def snippet(self) -> str:
        self._locate()
        return self._snippet  # type: ignore[return-value]

    @property
    def snippet_spans(self) -> list[tuple[int, int]]:
        self._locate()
        return self._snippet_spans  # type: ignore[return-value]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Hit):
            return NotImplemented
        return (self.doc, self.id, self.score, self.tier, self.spans, self.snippet, self.snippet_spans) == (
            other.doc, other.id, other.score, other.tier, other.spans, other.snippet, other.snippet_spans
        )

    def __repr__(self) -> str:
        return f"Hit(doc={self.doc}, id={self.id!r}, score={self.score}, tier={self.tier!r})"


class StoredArticle:
    """A hit's article, built from its store when the hit is located: the hits of a
    page from one store are built together (:meth:`~tui.core.store.ArticleStore.many`)."""

    __slots__ = ("store", "doc")

    def __init__(self, store, doc: int) -> None:
        self.store = store
        self.doc = doc

    def __call__(self) -> Article:
        return self.store[self.doc]


def _articles(sources: list) -> list[Article]:
    """Each source's article (an article, a callable giving one, or a :class:`StoredArticle`)."""
    wanted: dict[int, tuple[object, list[int]]] = {}
    for source in sources:
        if isinstance(source, StoredArticle) and hasattr(source.store, "many"):
            wanted.setdefault(id(source.store), (source.store, []))[1].append(source.doc)
    built = {}
    for store, docs in wanted.values():
        built[id(store)] = dict(zip(docs, store.many(docs)))  # type: ignore[attr-defined]
    return [built[id(s.store)][s.doc] if isinstance(s, StoredArticle) and id(s.store) in built
            else s() if callable(s) else s for s in sources]


def locate(hits: list[Hit]) -> None:
    """Compute the spans and snippets of ``hits`` not located yet: the articles
    of hits of one query (a page of results) are built and matched together."""
    by_terms: dict[int, tuple[list[QueryTerm], list[tuple[Hit, Article]]]] = {}
    todo = []
    for hit in hits:
        if hit._spans is not None:
            continue
        if hit._source is None:
            hit._spans, hit._snippet, hit._snippet_spans = [], "", []
            continue
        todo.append(hit)
    for hit, article in zip(todo, _articles([hit._source[0] for hit in todo])):  # type: ignore[index]
        terms = hit._source[1]  # type: ignore[index]
        by_terms.setdefault(id(terms), (terms, []))[1].append((hit, article))
    for terms, located in by_terms.values():
        for (hit, article), spans in zip(located, page_matches([article for _, article in located], terms)):
            hit._snippet, hit._snippet_spans = snippet(article, spans)
            hit._spans = spans


@dataclass(slots=True)
class SearchResults:
    """Ranked hits (at most the limit asked for) and what the whole query matched.

    ``total`` counts every matching article, ``tiers`` how many of them are in
    each tier (see :mod:`tui.core.search.tiers`; every name in ``TIERS``).
    Aggregations over a query's articles — the entity sidebar's "all results",
    timelines, exports — use :meth:`strong_docs`: search with a limit of
    ``len(index)`` to have every match among the hits.  ``strong`` holds the
    strong set's document numbers whatever the limit (in document order), for
    counts that need no ranked hits: a timeline of 18,000 articles then costs
    no ``Hit`` each."""

    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    tiers: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TIERS, 0))
    strong: np.ndarray | None = None

    def strong_docs(self) -> list[int]:
        """Doc numbers of the hits in the strong set: the ``phrase`` and ``near``
        hits, or every hit when the query has none (in rank order)."""
        if not any(self.tiers.get(t, 0) for t in STRONG):
            return [hit.doc for hit in self.hits]
        return [hit.doc for hit in self.hits if hit.tier in STRONG]

    def down_to(self, tier: str) -> "SearchResults":
        """The hits of ``tier`` and the stronger tiers (``total`` counts those)."""
        kept = TIERS[: TIERS.index(tier) + 1]
        return SearchResults([h for h in self.hits if h.tier in kept], sum(self.tiers[t] for t in kept), dict(self.tiers))

    def prepare(self, count: int | None = None) -> "SearchResults":
        """Compute the spans and snippets of the first ``count`` hits (all by default)."""
        locate(self.hits[:count])
        return self


@dataclass(slots=True)
class Scored:
    """Per-candidate results of one segment (arrays aligned on ``docs``)."""

    docs: np.ndarray
    scores: np.ndarray
    present: np.ndarray
    strict: np.ndarray
    allowed: np.ndarray
    unscored: np.ndarray  # matching documents left unscored: they cannot reach the top
    levels: np.ndarray  # tier level of each row (see .tiers)
    unscored_levels: np.ndarray  # the same for ``unscored``


def concatenate(parts: list[Scored]) -> Scored | None:
    if not parts:
        return None
    arrays = ("docs", "scores", "present", "strict", "allowed")
    rows = [np.concatenate([getattr(p, f) for p in parts]) for f in arrays]
    return Scored(*rows, *_unscored(parts, np.concatenate([p.levels for p in parts])))


def best_per_doc(parts: list[Scored]) -> Scored | None:
    """One row per document (query variants may score it twice): a kept row
    first, then the higher score, then the earlier part; in document order.
    Each part holds a document once at most (one segment of one variant)."""
    if not parts:
        return None
    size = 1 + max(int(p.docs.max(initial=-1)) for p in parts)
    rows = np.full(size, -1, dtype=np.int64)  # winning row (in the concatenation) per document
    kept = np.zeros(size, dtype=bool)
    score = np.zeros(size)
    base = 0
    for part in parts:
        docs = part.docs
        part_kept = part.allowed & part.strict
        current = rows[docs]
        # A tie keeps the earlier row (as a stable sort would).
        wins = (current < 0) | (part_kept & ~kept[docs]) | ((part_kept == kept[docs]) & (part.scores > score[docs]))
        docs = docs[wins]
        rows[docs] = base + np.flatnonzero(wins)
        kept[docs] = part_kept[wins]
        score[docs] = part.scores[wins]
        base += len(part.docs)
    pick = rows[rows >= 0]
    arrays = ("docs", "scores", "present", "strict", "allowed")
    picked = [np.concatenate([getattr(p, f) for p in parts])[pick] for f in arrays]
    return Scored(*picked, *_unscored(parts, np.concatenate([p.levels for p in parts])[pick]))


def _unscored(parts: list[Scored], levels: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The unscored documents of every part with their levels, after the rows' ``levels``."""
    return (np.concatenate([p.unscored for p in parts]), levels,
            np.concatenate([p.unscored_levels for p in parts]))


def top_indexes(scores: np.ndarray, docs: np.ndarray, limit: int) -> np.ndarray:
    """Indexes of the best ``limit`` scores, ties broken by document order (an array:
    the hits' columns are read through it, where a list of ints is converted each time)."""
    if len(scores) > limit:
        part = np.argpartition(-scores, limit - 1)[:limit]
        cutoff = scores[part].min()
        part = np.flatnonzero(scores >= cutoff)
    else:
        part = np.arange(len(scores))
    order = np.lexsort((docs[part], -scores[part]))
    return part[order][:limit]
