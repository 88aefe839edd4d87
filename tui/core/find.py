"""Run a query: its filter terms pick the articles, its words rank them, the sort orders them.

The one path from a typed query to listed articles, for the explorer and every command
line that takes a query (``search``, ``timeline``, ``entities --query``, ``export``,
``saved run``); the syntax is :mod:`tui.core.filters`'.

Sorting by date keeps the tiers: the ``phrase`` hits come first, newest (or oldest) first
among them, then the ``near`` hits, and so on, so the strong set stays on top and a date
sort never buries the articles that hold the query behind those that merely mention its
words.  Undated articles come last in either date order.  A query of filters alone lists
its articles in corpus order (``relevance`` means nothing there) or by date.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import numpy as np

from .dates import day_key
from .entity_lookup import called
from .filters import SORTS, FilterTerm, Query, QuerySyntaxError, chip_term, parse
from .query import QueryTerm, parse_query
from .search import Hit, SearchResults
from .search.tiers import PHRASE, TIERS
from .text import fold
from .userdb import MARK_PREFIX

__all__ = ["SORTS", "EntitiesNotReady", "Found", "QuerySyntaxError", "chip_filters", "date_keys", "date_order",
           "date_rank", "filter_docs", "find"]


class EntitiesNotReady(Exception):
    """A ``per:``/``org:``/``loc:`` filter while the corpus's entities are still being found:
    answering now would list too few articles, so the caller says so and waits."""


@dataclass
class Found:
    """What a query found: ``results`` (hits in the order asked for, with the totals and
    tiers of every match), the parsed query, and ``notes`` (one line each, e.g. a name
    no entity has)."""

    results: SearchResults
    query: Query
    notes: list[str] = field(default_factory=list)
    #: The articles the filters (and ``allowed``) keep, ``None`` when nothing filtered.
    kept: np.ndarray | None = None


def chip_filters(chips: Sequence[tuple[str, str]], marks: Any) -> tuple[list[FilterTerm], set[int] | None]:
    """What ``(key, name)`` chips — the sidebar's, or a saved search's — filter by: an entity
    chip is the ``per:``/``org:``/``loc:`` term it stands for; a mark chip (``mark:…``: starred,
    a tag, words in a note) the marked articles ``marks`` (``tui.core.userdb.CorpusMarks``)
    gives for it, all of them at once (``None`` without mark chips)."""
    terms: list[FilterTerm] = []
    marked: set[int] | None = None
    for key, name in chips:
        term = chip_term(key, name)
        if term is not None:
            terms.append(term)
        elif key.startswith(MARK_PREFIX):
            found = marks.docs_for(key) if marks is not None else set()
            marked = found if marked is None else marked & found
    return terms, marked


def date_keys(articles: Any) -> np.ndarray:
    """Each article's day key (``tui.core.dates.day_key``): the store's indexed array when
    there is one, else computed (a plain list of articles, in tests and small tools)."""
    keys = getattr(articles, "dates", None)
    if keys is not None:
        return np.asarray(keys)
    return np.fromiter((day_key(a.date) for a in articles), dtype=np.int32, count=len(articles))


def find(query: str | Query, index: Any, *, entity_index: Any = None, entities_ready: bool = True,
         limit: int = 50, sort: str = "relevance", allowed: Collection[int] | None = None,
         extra: Sequence[FilterTerm] = ()) -> Found:
    """Search ``index`` (a :class:`~tui.core.search.SearchIndex`, whose ``articles`` the
    filters read) for ``query``; ``extra`` filters (the sidebar's chips) and ``allowed``
    documents (marks) narrow it further.  Raises :class:`QuerySyntaxError` and
    :class:`EntitiesNotReady`."""
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}")
    parsed = parse(query) if isinstance(query, str) else query
    terms = [*parsed.filters, *extra]
    articles = index.articles
    count = len(index)
    notes: list[str] = []
    keep = filter_docs(terms, articles, count, entity_index, entities_ready, notes)
    if allowed is not None:
        mask = np.zeros(count, dtype=bool)
        chosen = np.fromiter((d for d in allowed if 0 <= d < count), dtype=np.int64)
        mask[chosen] = True
        keep = mask if keep is None else keep & mask
    words = parse_query(parsed.words)
    if words.terms:
        if sort == "relevance":
            by = preferred_reading(index, words.terms)
        else:
            by = date_rank(date_keys(articles)[:count], sort)
        results = index.search(parsed.words, limit=limit, within_tiers=by, only=keep)
    elif keep is not None:
        for phrase in words.excluded:
            keep &= ~_holding(index, phrase, keep)
        kept = np.flatnonzero(keep)
        if sort != "relevance":
            kept = kept[np.argsort(-date_rank(date_keys(articles)[:count], sort)[kept], kind="stable")]
        results = _listing(index, kept[:limit], len(kept))
    elif words.excluded:
        raise QuerySyntaxError(f"nothing to search for: the query {parsed.source.strip()!r} has only exclusions; "
                               "add a word or a filter to look for")
    else:
        return Found(SearchResults(), parsed, notes)
    return Found(results, parsed, notes, None if keep is None else np.flatnonzero(keep))


def preferred_reading(index: Any, terms: Sequence[QueryTerm]) -> np.ndarray | None:
    """Which articles a phrase typed without diacritics means, as a value per article (1
    for them, 0 for the others) that ``index.search(within_tiers=…)`` ranks first within
    each tier; ``None`` when there is nothing to prefer.

    ``to lam`` holds in ``Tô Lâm``, ``tố làm`` and ``ô tô làm`` alike; the reading meant is
    the one the corpus means most: the phrase's commonest written form
    (:mod:`tui.core.search.readings`).  A query typed with diacritics says its reading
    itself (exact forms rank first, by the search's own signal), and one word has no
    phrase to read (``lam`` is ``làm`` far more often than ``Lâm``)."""
    if len(terms) < 2 or any(term.accented for term in terms):
        return None
    reading = index.commonest_reading([term.folded for term in terms])
    if reading is None:
        return None
    count = len(index)
    preferred = np.zeros(count)
    preferred[reading.docs[reading.docs < count]] = 1.0
    return preferred


def _holding(index: Any, phrase: tuple[str, ...], among: np.ndarray) -> np.ndarray:
    """Which of the articles ``among`` hold the (folded) ``phrase``: what an exclusion
    takes out of a query of filters alone (``date:2020 -covid``)."""
    found = np.zeros(len(among), dtype=bool)
    quoted = '"' + " ".join(phrase) + '"'
    for hit in index.search(quoted, limit=max(len(among), 1), docs=np.flatnonzero(among)).hits:
        found[hit.doc] = hit.tier == PHRASE
    return found


def _listing(index: Any, docs: np.ndarray, total: int) -> SearchResults:
    """The kept articles as hits without a score or tier (``tier`` empty): a list, not a ranking."""
    hits = [_plain_hit(index, int(doc)) for doc in docs]
    return SearchResults(hits, total, dict.fromkeys(TIERS, 0))


def _plain_hit(index: Any, doc: int) -> Hit:
    articles = index.articles
    columns = getattr(articles, "columns", None)
    doc_id = (columns["id"][doc] or "") if columns is not None else articles[doc].id
    return Hit(doc, doc_id, 0.0, source=(lambda: articles[doc], []), tier="")


def date_rank(keys: np.ndarray, sort: str) -> np.ndarray:
    """A value per article, higher first, that orders by date (``newest`` or ``oldest``
    first), the undated last; below 1e8 in size, as ``SearchIndex.search(within_tiers=…)`` needs."""
    keys = keys.astype(np.float64)
    if sort == "newest":
        return keys  # the undated are 0: last
    return np.where(keys > 0, -keys, -2e8)


def date_order(articles: Any, sort: str) -> Sequence[int]:
    """Every article's number, in corpus order (``relevance``: nothing to rank) or by date
    (undated last, corpus order among equal dates)."""
    count = len(articles)
    if sort == "relevance":
        return range(count)
    return np.argsort(-date_rank(date_keys(articles)[:count], sort), kind="stable").tolist()


# -- filters ------------------------------------------------------------------------------------


def filter_docs(terms: Sequence[FilterTerm], articles: Any, count: int, entity_index: Any = None,
                entities_ready: bool = True, notes: list[str] | None = None) -> np.ndarray | None:
    """A mask of the first ``count`` articles that every term keeps, ``None`` without terms."""
    if not terms:
        return None
    keep = np.ones(count, dtype=bool)
    for term in terms:
        matched = _matches(term, articles, count, entity_index, entities_ready, notes)
        keep &= ~matched if term.negated else matched
    return keep


def _matches(term: FilterTerm, articles: Any, count: int, entity_index: Any, entities_ready: bool,
             notes: list[str] | None) -> np.ndarray:
    if term.kind == "date":
        keys = date_keys(articles)[:count]
        return (keys >= term.low) & (keys <= term.high)
    if term.kind == "source":
        return _source_matches(articles, count, fold(term.value.strip().lower()))
    if term.entity_type:
        return _entity_matches(term, count, entity_index, entities_ready, notes)
    if term.kind == "author":
        return _author_matches(term, count, entity_index, entities_ready, notes)
    raise QuerySyntaxError(f"{term.kind}: is not a filter")  # pragma: no cover - the parser admits no other kind


def _source_matches(articles: Any, count: int, wanted: str) -> np.ndarray:
    """Articles whose source, or URL host and path (without ``www.``), starts with ``wanted``."""
    sources, sites = _SOURCES.of(articles, count)
    return np.char.startswith(sources, wanted) | np.char.startswith(sites, wanted)


class _SourceColumns:
    """The folded sources and sites of the articles, kept for the next query (one corpus at
    a time; extended as a loading corpus grows): folding 60k URLs again for every keystroke
    of ``source:…`` would cost a tenth of a second."""

    def __init__(self) -> None:
        self._articles: Any = None
        self._columns: tuple[list[str], list[str]] = ([], [])
        self._arrays: tuple[np.ndarray, np.ndarray] | None = None

    def of(self, articles: Any, count: int) -> tuple[np.ndarray, np.ndarray]:
        if articles is not self._articles or len(self._columns[0]) > count:
            self._articles, self._columns, self._arrays = articles, ([], []), None
        sources, sites = self._columns
        if len(sources) < count:
            columns = getattr(articles, "columns", None)
            for doc in range(len(sources), count):
                source, url = (columns["source"][doc], columns["url"][doc]) if columns is not None else (
                    articles[doc].source, articles[doc].url)
                sources.append(fold(source.lower()) if source else "")
                sites.append(_site(url) if url else "")
            self._arrays = None
        if self._arrays is None or len(self._arrays[0]) != count:
            self._arrays = (np.array(sources[:count], dtype=str), np.array(sites[:count], dtype=str))
        return self._arrays


_SOURCES = _SourceColumns()


def _site(url: str) -> str:
    """``https://www.dantri.com.vn/kinh-doanh/x.htm`` → ``dantri.com.vn/kinh-doanh/x.htm``."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return ""
    host = (parts.hostname or "").removeprefix("www.")
    return fold(host + parts.path.lower())


def _entity_matches(term: FilterTerm, count: int, index: Any, ready: bool, notes: list[str] | None) -> np.ndarray:
    if index is None or not ready:
        raise EntitiesNotReady(f"{term.text}: the entities are still being found; this filter applies when they are")
    entity = index.get(term.key) if term.key else resolve_entity(index, term.entity_type or "", term.value)
    found = np.zeros(count, dtype=bool)
    if entity is None:
        if notes is not None:
            notes.append(_unknown_entity(index, term))
        return found
    docs = np.fromiter((d for d in index.docs_with(entity.key) if d < count), dtype=np.int64)
    found[docs] = True
    return found


def _author_matches(term: FilterTerm, count: int, index: Any, ready: bool, notes: list[str] | None) -> np.ndarray:
    """Articles signed or supplied by the credit named ``term.value`` (a byline's reporter,
    ``Theo Reuters``, a photo credit)."""
    if index is None or not ready:
        raise EntitiesNotReady(f"{term.text}: the entities are still being found; this filter applies when they are")
    key = index.credit_key(term.value)
    found = np.zeros(count, dtype=bool)
    if key is None:
        if notes is not None:
            notes.append(_unknown_author(index, term))
        return found
    docs = np.fromiter((d for d in index.docs_credited(key) if d < count), dtype=np.int64)
    found[docs] = True
    return found


def _unknown_author(index: Any, term: FilterTerm) -> str:
    from rapidfuzz import fuzz, process

    names = list({e.name for e in index.credit_entities()})
    close = process.extract(term.value, names, scorer=fuzz.ratio, processor=fold, limit=3, score_cutoff=70)
    hint = "; did you mean " + ", ".join(match for match, _, _ in close) + "?" if close else ""
    return f"{term.text}: no article of the corpus is signed or credited so{hint}"


_KIND_NAMES = {"PER": "person", "ORG": "organisation", "LOC": "place"}


def resolve_entity(index: Any, kind: str, name: str) -> Any:
    """The entity of type ``kind`` named ``name`` or known by it as an alias (diacritics,
    case and the spaces between syllables optional: ``hanoi``), or ``None``."""
    wanted = fold(" ".join(name.split()))
    entity = index.get(f"{kind}:{wanted}")
    if entity is not None:
        return entity
    aliased = called(index, wanted, kind)
    if aliased:
        return aliased[0]
    joined = wanted.replace(" ", "")  # "hanoi" for Hà Nội, as the search reads joined syllables
    for candidate in index.entities(kind):  # the most mentioned first
        if any(fold(form).replace(" ", "") == joined for form in (candidate.name, *candidate.aliases)):
            return candidate
    return None


def _unknown_entity(index: Any, term: FilterTerm) -> str:
    from rapidfuzz import fuzz, process

    names = list({e.name for e in index.entities(term.entity_type)})
    close = process.extract(term.value, names, scorer=fuzz.ratio, processor=fold, limit=3, score_cutoff=70)
    hint = "; did you mean " + ", ".join(match for match, _, _ in close) + "?" if close else ""
    return f"{term.text}: no {_KIND_NAMES[term.entity_type or '']} of that name in the corpus{hint}"
