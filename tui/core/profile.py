"""Who an entity is: its articles month by month, who appears with it, what was said.

The profile of ``vnby-tui entity`` and of the explorer's profile screen.  Co-mentions are ranked
by pointwise mutual information weighted by the count (``n · log(p(a,b) / p(a)p(b))``), so the
entities that appear in every article do not simply come first again; the raw counts are given
beside the score.

Everything is counted from the index's mention rows (:meth:`EntityIndex.main_mention_rows`):
one array over the entity's articles rather than a ``Mention`` object per mention, so a profile
of an entity in 20,000 of 76,000 articles takes a fraction of a second.  The concordance lines
(a sentence each) are made only when asked for — the screen shows a few dozen at a time — and
can be narrowed by a date range and by a co-mentioned entity without making any.
"""

from __future__ import annotations

import re
import threading
import weakref
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .export import ArticleSentences
from .text import fold
from .timeline import as_doc_array, day_numbers, timeline

#: Co-mentioned entities listed by default.
CO_MENTIONS = 20


@dataclass
class CoMention:
    name: str
    type: str
    articles: int
    score: float
    key: str = ""

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "type": self.type, "articles": self.articles, "score": self.score}


@dataclass(frozen=True, slots=True)
class KwicLine:
    """One mention in context: the article (``doc``), the sentence, and where the name sits in it."""

    doc: int
    id: str
    date: str
    title: str
    sentence: str
    name_start: int
    name_end: int
    offset: int  # of the name in the article's text, for opening the reader there
    end: int  # of the name in the article's text

    @property
    def folded(self) -> str:
        """The sentence folded (diacritics off), for the word filter."""
        return fold(self.sentence)


def words_filter(text: str) -> re.Pattern[str] | None:
    """What the concordance's word filter keeps: the sentences holding the typed syllables as a
    run of whole syllables, within one clause, diacritics optional (``sa thai`` is "sa thải", not
    "chính sách, thái độ"); quotes and punctuation typed are left out.  ``None``: no filter.

    Vietnamese words are runs of syllables and single syllables are common, so only adjacency
    makes a match mean something (a substring test kept every sentence with a "sa" in "sách")."""
    words = _SYLLABLE.findall(fold(text))
    if not words:
        return None
    return re.compile(r"(?<!\w)" + r"[^\S\n]+".join(map(re.escape, words)) + r"(?!\w)")


_SYLLABLE = re.compile(r"\w+")


@dataclass
class Profile:
    """An entity's profile; ``mentions`` are its main-text mentions as ``(doc, start, end, day)``
    rows, newest article first (then by article, then in text order), undated articles last."""

    entity: Any
    articles: Any
    docs: np.ndarray
    counted: np.ndarray  # the articles counted: ``docs``, or one per syndicated story
    months: list[tuple[str, int]]
    co_mentions: list[CoMention]
    mentions: np.ndarray
    _lines: dict[int, KwicLine] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _last: threading.local = field(default_factory=threading.local, repr=False)

    def line(self, row: int) -> KwicLine:
        """Mention ``row`` as a concordance line (made on first use, then kept)."""
        found = self._lines.get(row)
        if found is None:
            doc, start, end, _ = (int(x) for x in self.mentions[row])
            found = kwic_line(self._sentences_of(doc), doc, start, end)
            with self._lock:
                self._lines[row] = found
        return found

    def _sentences_of(self, doc: int) -> ArticleSentences:
        """Article ``doc`` and its sentences, kept while the next rows are in it (the rows run
        article by article, in text order): each article is read, and each of its paragraphs
        split into sentences, once per run of rows, in each thread asking (the word filter's
        worker, the screen drawing its lines)."""
        last = getattr(self._last, "sentences", None)
        if last is None or last[0] != doc:
            last = self._last.sentences = (doc, ArticleSentences(self.articles[doc]))
        return last[1]

    def rows(self, first_day: int = 0, last_day: int = 0, with_docs: Any = None) -> np.ndarray:
        """Numbers of the mention rows dated within ``first_day..last_day`` (day numbers, 0:
        open-ended; a bounded range leaves undated mentions out) in articles among ``with_docs``."""
        keep = np.ones(len(self.mentions), dtype=bool)
        days = self.mentions[:, 3]
        if first_day:
            keep &= days >= first_day
        if last_day:
            keep &= (days > 0) & (days <= last_day)
        if with_docs is not None:
            keep &= np.isin(self.mentions[:, 0], as_doc_array(with_docs))
        return np.flatnonzero(keep)


def kwic_line(sentences: ArticleSentences, doc: int, start: int, end: int) -> KwicLine:
    """The mention at ``start:end`` of article ``doc`` in its sentence (``sentences``: the article's)."""
    article = sentences.article
    first, last = sentences.at(start)
    return KwicLine(doc, article.id, article.date or "", article.title, article.text[first:last],
                    start - first, end - first, start, end)


def build_profile(articles: Any, index: Any, entity: Any, co_limit: int = CO_MENTIONS, copies: Any = None) -> Profile:
    """Everything known about ``entity`` but the sentences (made on demand by :meth:`Profile.line`).

    With ``copies`` (:class:`tui.core.syndication.Copies`), the months and the co-mentions count
    each syndicated story once, as its earliest dated article, and the mentions (the
    concordance) are that article's: the same sentence is not listed once per paper."""
    docs = np.asarray(index.docs_with(entity.key), dtype=np.int64)
    counted = docs if copies is None else np.asarray(copies.stories(docs.tolist(), articles), dtype=np.int64)
    rows, keys = index.main_mention_rows(docs.tolist())
    names, entity_codes = _entity_codes(keys)
    code_of_row = entity_codes[rows[:, 3]] if len(rows) else np.zeros(0, dtype=np.int64)
    own = names.index(entity.key) if entity.key in names else -1
    days = day_numbers(articles)
    mine = rows[code_of_row == own] if own >= 0 else np.zeros((0, 4), dtype=np.int64)
    if copies is not None:
        mine = mine[np.isin(mine[:, 0], counted)]
    mention_days = days[mine[:, 0]] if len(mine) else np.zeros(0, dtype=np.int64)
    order = np.lexsort((np.arange(len(mine)), mine[:, 0], -mention_days.astype(np.int64))) if len(mine) else []
    mentions = np.column_stack((mine[:, :3], mention_days))[order].astype(np.int64).reshape(-1, 4)
    if copies is None:
        total, doc_counts = len(articles), _doc_counts(index)
    else:  # stories, not articles: the rows of the stories' articles, and every count in stories
        in_stories = np.isin(rows[:, 0], counted)
        rows, code_of_row = rows[in_stories], code_of_row[in_stories]
        total = copies.story_count(range(len(articles)))
        doc_counts = _StoryCounts(index, copies)
    return Profile(
        entity=entity, articles=articles, docs=docs, counted=counted,
        months=timeline(articles, counted, "month").buckets,
        co_mentions=_ranked_co_mentions(index, names, rows, code_of_row, own, len(counted), total, co_limit,
                                        doc_counts),
        mentions=mentions,
    )


class _StoryCounts:
    """An entity's stories (syndicated copies once), asked as ``_doc_counts`` is."""

    def __init__(self, index: Any, copies: Any) -> None:
        self.index, self.copies = index, copies

    def get(self, key: str, default: int = -1) -> int:
        if self.index.get(key) is None:
            return default
        return self.copies.story_count(self.index.docs_with(key))


def _entity_codes(keys: list[str | None]) -> tuple[list[str], np.ndarray]:
    """The distinct entity keys, sorted, and for each row code the number of its entity
    among them (-1: hidden by the curation)."""
    names = sorted({key for key in keys if key is not None})
    number = {key: i for i, key in enumerate(names)}
    codes = np.fromiter((number[key] if key is not None else -1 for key in keys), dtype=np.int64, count=len(keys))
    return names, codes


def _ranked_co_mentions(index: Any, names: list[str], rows: np.ndarray, code_of_row: np.ndarray, own: int,
                        doc_count: int, total_docs: int, limit: int | None, counts: Any) -> list[CoMention]:
    """Entities in the same articles, each counted once per article, ranked by count-weighted PMI.

    Counted and scored as arrays; ``Entity`` objects are looked up only for those ranked."""
    known = code_of_row >= 0
    if not len(rows) or not known.any():
        return []
    span = int(rows[:, 0].max()) + 1
    combined = np.sort(code_of_row[known] * span + rows[known, 0])  # one value per (entity, article) pair
    first = np.ones(len(combined), dtype=bool)
    first[1:] = combined[1:] != combined[:-1]
    together = np.bincount(combined[first] // span, minlength=len(names))
    their_docs = np.fromiter((counts.get(name, -1) for name in names), dtype=np.int64, count=len(names))
    wanted = (together > 0) & (their_docs >= 0)
    wanted &= np.fromiter((not name.startswith("DATE:") for name in names), dtype=bool, count=len(names))
    if own >= 0:
        wanted[own] = False
    expected = doc_count * np.maximum(their_docs, together) / max(total_docs, 1)
    with np.errstate(divide="ignore", invalid="ignore"):
        scores = np.round(np.where(wanted, together * np.log(together / expected), 0.0), 3)
    candidates = np.flatnonzero(wanted)
    if limit is not None and len(candidates) > limit:
        cut = -np.partition(-scores[candidates], limit - 1)[limit - 1]
        candidates = candidates[scores[candidates] >= cut]  # ties at the cut are all kept, then sorted
    found = []
    for code in candidates.tolist():
        entity = index.get(names[code])
        if entity is not None:
            found.append(CoMention(entity.name, entity.type, int(together[code]), float(scores[code]), entity.key))
    found.sort(key=lambda c: (-c.score, -c.articles, c.name))
    return found if limit is None else found[:limit]


_doc_count_tables: weakref.WeakKeyDictionary[Any, tuple[int, dict[str, int]]] = weakref.WeakKeyDictionary()
_doc_count_lock = threading.Lock()


def _doc_counts(index: Any) -> dict[str, int]:
    """Each entity's article count, read once from the index's table (asking the index for
    each of 30,000 co-mentioned entities would take most of a profile's time)."""
    size = len(index)
    with _doc_count_lock:
        kept = _doc_count_tables.get(index)
    if kept is not None and kept[0] == size:
        return kept[1]
    table = {entity.key: entity.doc_count for entity in index.entities()}
    with _doc_count_lock:
        _doc_count_tables[index] = (size, table)
    return table
