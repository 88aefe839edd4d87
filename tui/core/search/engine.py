"""The search engine's face: :class:`SearchIndex` indexes articles and runs a
query through the stages of this package (plan, candidates, phrases,
features and scores, results)."""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterable, Sequence

import numpy as np

from ..highlight import MatchSpan, _word_table, article_matches
from ..kernels import break_classes
from ..index import IndexState, Store
from ..model import Article
from ..query import QueryTerm, parse_query, typo_budget
from .counts import DocCounts
from .plan import PinnedTypos, PlanCache, Planner
from .readings import Reading, commonest_reading
from .results import Hit, Scored, SearchResults, StoredArticle, best_per_doc, concatenate, top_indexes
from .scoring import SegmentScorer
from .tiers import LEVELS, NEAR, PARTIAL, PHRASE, SCATTERED, tier_name

#: Weight of a tier level when hits are ordered by a value of their own within tiers
#: (``search(within_tiers=…)``): above any such value (a day key is below 1e8).
TIER_RANK = 1e10


class SearchIndex:
    """Incremental, thread-safe (for readers) search index over articles."""

    def __init__(self) -> None:
        self._store = Store()
        self.articles: list[Article] = []
        self._typo_cache: dict[tuple[int, str], list[tuple[int, float]]] = {}
        self._doc_counts = DocCounts()
        self._pinned = PinnedTypos()
        self._plans = PlanCache()

    @classmethod
    def build(cls, articles: Iterable[Article]) -> "SearchIndex":
        index = cls()
        index.add(list(articles))
        return index

    def add(self, articles: Sequence[Article]) -> None:
        """Index a batch; it is searchable when this returns."""
        self.articles.extend(articles)
        self._store.add(articles)

    def __len__(self) -> int:
        return self._store.state.doc_count

    def prepare_lookups(self) -> None:
        """Make now what the first queries would otherwise make (45-70 ms on the shared
        real corpus): the sorted vocabulary that completes a word typed in part, the
        tables that find the words a mistyped one may stand for and the terms each folded
        word stands for, and the highlighter's tables of characters (word characters,
        clause breaks: a pass over the 65,536 code points of the plane each, ~20 ms the
        first rows prepared paid).  The explorer's loader calls it off the event loop, before
        it says the corpus is loaded (not beside the redraw and the story grouping that follow
        that, where the event loop waited 60-80 ms for the interpreter), so that its user's
        first search does not wait."""
        state = self._store.state
        self._store.sorted_vocabulary(state)
        self._plans.length_tables(self._store.vocab.folded)
        self._store.terms_by_folded(state)
        character_tables()

    # ------------------------------------------------------------------ search

    def search(self, query: str, limit: int = 50, docs: Collection[int] | None = None,
               within_tiers: np.ndarray | None = None, only: np.ndarray | None = None) -> SearchResults:
        """Ranked articles for ``query``; ``docs`` restricts to those doc numbers.

        ``only`` (a mask over the documents) keeps exactly the hits the query has without
        it that it marks, tiers and totals included: the search runs unrestricted and
        unpruned, then the mask applies — how filters (``date:``…) restrict a query.
        (``docs`` restricts the candidates instead, which is quicker but may decide
        tiers and the partial fallback on the documents kept.)

        ``within_tiers`` (a value per document, higher first) orders the hits within each
        tier instead of their score, which then only breaks ties — a sort by date that
        keeps the tiers.  Every candidate is scored then (no pruning by score), but only
        the ``limit`` hits returned are built."""
        state = self._store.state
        parsed = parse_query(query)
        if not parsed.terms or state.doc_count == 0 or limit <= 0:
            return SearchResults()
        if docs is None:
            allowed = None
        elif isinstance(docs, np.ndarray):
            allowed = docs.astype(np.int64, copy=False)
        else:
            allowed = np.fromiter((int(d) for d in docs), dtype=np.int64)
        wanted = limit if within_tiers is None and only is None else max(state.doc_count, 1)
        planner = Planner(self._store, state, self._typo_cache, self._plans)
        variants = [[planner.plan(t) for t in terms] for terms in planner.variants(parsed.terms)]
        scorer = SegmentScorer(planner, parsed, allowed, self._doc_counts, self._pinned, self._store.vocab.folded)
        for fallback in (False, True):
            scored = [result for k, plans in enumerate(variants)
                      for result in scorer.score_segments(state.segments, plans, fallback, wanted, split=k > 0)]
            merged = best_per_doc(scored) if len(variants) > 1 else concatenate(scored)
            if merged is not None and (fallback or (merged.allowed & merged.strict).any()):
                partial = not (merged.allowed & merged.strict).any()
                if only is not None:
                    merged = _restricted(merged, only)
                return self._results(merged, parsed.terms, limit, within_tiers, partial)
        return SearchResults()

    def _results(self, scored: Scored, terms: list[QueryTerm], limit: int,
                 within_tiers: np.ndarray | None = None, partial: bool | None = None) -> SearchResults:
        """The top hits among the documents kept: all query terms or the whole
        query as a (near-)phrase; failing that (``partial``), those with the
        most terms.  Counted per tier over every match."""
        keep = scored.allowed & scored.strict
        if partial is None:
            partial = not keep.any()
        if partial:
            present = np.where(scored.allowed, scored.present, 0)
            best = present.max(initial=0)
            keep = scored.allowed & (present == best) & (best > 0)
        docs, scores, levels = scored.docs[keep], scored.scores[keep], scored.levels[keep]
        if within_tiers is None:
            top = top_indexes(scores, docs, limit)
        else:  # the tier first, then the value given, then the score (as a fraction of one unit of the value)
            ranking = levels.astype(np.float64) * TIER_RANK + within_tiers[docs] + np.clip(scores, 0, 999) / 1000
            top = top_indexes(ranking, docs, limit)
        hits = self._hits(docs[top], scores[top], levels[top], terms, not partial)
        # Each matching document's best level, by marking (a sorted union of
        # ~60k costs milliseconds); 0 is no match.
        level_of = np.zeros(1 + max(int(scored.docs.max(initial=-1)), int(scored.unscored.max(initial=-1))), dtype=np.int8)
        level_of[docs] = levels
        for level in sorted(set(LEVELS.values())):
            marked = scored.unscored[scored.unscored_levels == level]
            level_of[marked] = np.maximum(level_of[marked], level)
        counts = np.bincount(level_of, minlength=1 + max(LEVELS.values()))
        tiers = {name: int(counts[LEVELS[name]]) for name in (PHRASE, NEAR)}
        tiers[SCATTERED], tiers[PARTIAL] = (0, int(counts[LEVELS[PARTIAL]])) if partial else (int(counts[LEVELS[SCATTERED]]), 0)
        strong = np.flatnonzero(level_of >= (LEVELS[NEAR] if tiers[PHRASE] or tiers[NEAR] else 1))
        return SearchResults(hits, int(np.count_nonzero(level_of)), tiers, strong)

    def _hits(self, docs: np.ndarray, scores: np.ndarray, levels: np.ndarray, terms: list[QueryTerm],
              strict: bool) -> list[Hit]:
        # A compact store gives the ids from its columns: an article itself is only
        # built (text decoded) when its hit's spans or snippet are asked for.
        columns = getattr(self.articles, "columns", None)
        tiers = [tier_name(level, strict) for level in range(max(LEVELS.values()) + 1)]  # by level
        if columns is not None and "id" in columns:
            store = self.articles
            numbers = docs.tolist()
            return Hit.ranked(numbers, _ids_of(columns["id"], docs), scores.tolist(), [tiers[level] for level in levels.tolist()],
                              [StoredArticle(store, doc) for doc in numbers], terms)
        rows = zip(docs.tolist(), scores.tolist(), levels.tolist())
        hits = []
        for doc, score, level in rows:
            article = self.articles[doc]
            hits.append(Hit(doc, article.id, round(score, 4), source=(article, terms), tier=tiers[level]))
        return hits

    def commonest_reading(self, folded: list[str]) -> Reading | None:
        """The written form of the phrase ``folded`` that most articles use, and those
        articles (see :mod:`.readings`)."""
        return commonest_reading(self._store, self._store.state, folded)

    def suggest(self, term: str, limit: int = 5) -> list[str]:
        """Vocabulary words closest to the last word of ``term``: completions
        first, then near spellings, most frequent first; each in its most
        common written form (``viet`` -> ``việt``)."""
        state = self._store.state
        words = parse_query(term).terms
        if not words or limit <= 0:
            return []
        word = words[-1].folded
        vocab = self._store.vocab.folded
        freq = state.collection_freq
        completions = [int(i) for i in self._store.sorted_vocabulary(state).with_prefix(word) if i < len(freq)]
        completions.sort(key=lambda i: -freq[i])
        near = [i for i, _ in Planner(self._store, state, self._typo_cache).typo_entries(word, max(1, typo_budget(word)))]
        near.sort(key=lambda i: -freq[i])
        chosen: list[int] = []
        for i in completions + near:
            if vocab[i] != word and i not in chosen and freq[i] > 0:
                chosen.append(i)
        return [self._written_form(i, state) for i in chosen[:limit]]

    def _written_form(self, folded_id: int, state: IndexState) -> str:
        """The commonest lower-case spelling of a folded word in the corpus."""
        counts: dict[int, int] = {}
        for seg in state.segments:
            ids, found = np.unique(seg.stream[seg.positions(folded_id)], return_counts=True)
            for term_id, count in zip(ids.tolist(), found.tolist()):
                counts[term_id] = counts.get(term_id, 0) + count
        if not counts:
            return self._store.vocab.folded[folded_id]
        return self._store.term_text(max(counts, key=counts.__getitem__))


def _ids_of(column, docs: np.ndarray) -> list[str | None]:
    """The ids of ``docs`` from the store's id column (a string table decodes them together)."""
    many = getattr(column, "take", None)
    return many(docs) if many is not None else [column[doc] for doc in docs.tolist()]


def _restricted(scored: Scored, only: np.ndarray) -> Scored:
    """``scored`` with the documents ``only`` does not mark taken out (``only`` is a mask
    over document numbers; documents indexed since it was made are outside it)."""
    size = 1 + max(int(scored.docs.max(initial=-1)), int(scored.unscored.max(initial=-1)))
    if len(only) < size:
        only = np.concatenate([only, np.zeros(size - len(only), dtype=bool)])
    inside = only[scored.unscored]
    return dataclasses.replace(scored, allowed=scored.allowed & only[scored.docs],
                               unscored=scored.unscored[inside], unscored_levels=scored.unscored_levels[inside])


def character_tables() -> None:
    """The highlighter's per-code-point tables, made once per process on first use."""
    _word_table()
    break_classes()


def find_matches(article: Article, query: str) -> list[MatchSpan]:
    """Every match of ``query`` in ``article`` (title spans first, then body in
    order), by the search rules: phrases when the whole query occurs as one,
    else each matching word."""
    terms = parse_query(query).terms
    return article_matches(article, terms)
