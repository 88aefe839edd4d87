"""Search for Vietnamese news: diacritic-insensitive, typo-tolerant, phrase-first ranking.

Ranking, from strongest to weakest signal:

1. the query's syllables consecutive and in order (a phrase), one mistyped
   syllable allowed where its neighbours pin it; in the title above the body;
2. the longest in-order run of query syllables;
3. how many query terms the article has (as typed > as prefix > by typo),
   and how many of them are in the title;
4. BM25 weighting; exact diacritics when the user typed them.

The positional work happens in numpy over :mod:`tui.core.index` segments;
character offsets are only computed (in :mod:`tui.core.highlight`) for the
hits returned.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from .highlight import MatchSpan, article_matches, snippet, split_joined
from .index import IndexState, Segment, Store
from .model import Article
from .query import (
    EXACT_WEIGHT,
    PREFIX_WEIGHT,
    TYPO_WEIGHT,
    ParsedQuery,
    QueryTerm,
    parse_query,
    pinned_budget,
    typo_budget,
)

__all__ = ["Hit", "MatchSpan", "SearchIndex", "SearchResults", "find_matches"]

#: Score weights of the signals (see the module docstring).
W_PHRASE = 10.0
W_RUN = 4.0
W_COVERAGE = 4.0
W_TITLE_TERMS = 3.0
W_TITLE_PHRASE = 3.0
W_BM25 = 2.0
W_DIACRITICS = 2.0
TITLE_TF_FACTOR = 2.0
BM25_K1 = 1.2
BM25_B = 0.75
#: A term found in fewer documents than this is also matched by edit distance.
RARE_DF = 3
MAX_PREFIX_EXPANSIONS = 50
MAX_TYPO_EXPANSIONS = 30
#: Phrase anchors in one segment above which phrases are only looked for in the
#: documents that could rank (see SearchIndex._score_bounded).
ANCHOR_CAP = 250_000
#: Documents whose phrases are checked first in that case (times 4 until the top is sure).
BOUNDED_FIRST = 256
#: Words with at least this many positions in a segment (and half its documents)
#: are counted per document once and cached (see _DocCounts).
DENSE_MIN_POSITIONS = 5_000
#: A term with this many dense words (of one weight, e.g. a short prefix) is
#: scored lazily (see _score_lazily).
LAZY_MIN_WORDS = 4
#: Position reads one binary search per document and word is taken to cost
#: (three are made per pair): lazily counted words are read by binary searches
#: in fewer documents than their positions over this, else counted whole.
SEARCH_COST = 8
DOC_COUNTS_BYTES = 64 << 20
#: Query words whose near-spelling tables (one byte per folded word) are kept.
PINNED_TABLES = 64
#: Folded ids below this are the index's separator tokens.
FIRST_REAL_ID = 3


class Hit:
    """One ranked article.

    ``spans`` (match spans in the article), ``snippet`` (one line around the
    best match) and ``snippet_spans`` (matches within it) are computed on first
    access: ranking needs positions only, and a caller that shows ten of fifty
    hits pays for ten.  :meth:`SearchResults.prepare` computes them up front
    (e.g. in a worker thread).
    """

    __slots__ = ("doc", "id", "score", "_spans", "_snippet", "_snippet_spans", "_source")

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
    ) -> None:
        self.doc = doc
        self.id = id
        self.score = score
        self._spans = spans
        self._snippet = snippet if snippet is not None or spans is None else ""
        self._snippet_spans = snippet_spans if snippet_spans is not None or spans is None else []
        self._source = source

    def _locate(self) -> None:
        if self._spans is not None:
            return
        if self._source is None:
            self._spans, self._snippet, self._snippet_spans = [], "", []
            return
        article, terms = self._source
        if callable(article):
            article = article()
        spans = article_matches(article, terms)
        self._snippet, self._snippet_spans = snippet(article, spans)
        self._spans = spans

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
        return (self.doc, self.id, self.score, self.spans, self.snippet, self.snippet_spans) == (
            other.doc, other.id, other.score, other.spans, other.snippet, other.snippet_spans
        )

    def __repr__(self) -> str:
        return f"Hit(doc={self.doc}, id={self.id!r}, score={self.score})"


@dataclass(slots=True)
class SearchResults:
    hits: list[Hit] = field(default_factory=list)
    total: int = 0

    def prepare(self, count: int | None = None) -> "SearchResults":
        """Compute the spans and snippets of the first ``count`` hits (all by default)."""
        for hit in self.hits[:count]:
            hit._locate()
        return self


@dataclass(slots=True)
class _TermPlan:
    """How one query term is looked up: folded ids with their weight, plus the
    as-typed term id for the smart-diacritics bonus.

    ``entries`` find documents; ``table`` (every accepted word, by folded id)
    checks the word at a position.  Completions of a typed word that is itself
    common are only in ``table``: ``ca`` still matches ``cao`` inside a phrase,
    but does not pull in every article with ``các``."""

    term: QueryTerm
    entries: list[tuple[int, float]]
    exact_id: int | None
    idf: float
    table: np.ndarray  # folded id -> weight, to test the word at a position in O(1)
    wider: bool = False  # ``table`` accepts words that ``entries`` do not (completions of a common word)
    by_term: np.ndarray | None = None  # ``table`` indexed by term id (one gather less per position)


@dataclass(slots=True)
class _Scored:
    """Per-candidate results of one segment (arrays aligned on ``docs``)."""

    docs: np.ndarray
    scores: np.ndarray
    present: np.ndarray
    strict: np.ndarray
    allowed: np.ndarray
    unscored: np.ndarray  # matching documents left unscored: they cannot reach the top


class SearchIndex:
    """Incremental, thread-safe (for readers) search index over articles."""

    def __init__(self) -> None:
        self._store = Store()
        self.articles: list[Article] = []
        self._typo_cache: dict[tuple[int, str], list[tuple[int, float]]] = {}
        self._doc_counts = _DocCounts()
        self._pinned = _PinnedTypos()

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

    # ------------------------------------------------------------------ search

    def search(self, query: str, limit: int = 50, docs: Collection[int] | None = None) -> SearchResults:
        """Ranked articles for ``query``; ``docs`` restricts to those doc numbers."""
        state = self._store.state
        parsed = parse_query(query)
        if not parsed.terms or state.doc_count == 0 or limit <= 0:
            return SearchResults()
        allowed = None if docs is None else np.fromiter((int(d) for d in docs), dtype=np.int64)
        variants = [[self._plan(t, state) for t in terms] for terms in self._variants(parsed.terms, state)]
        for fallback in (False, True):
            scored = [
                result
                for plans in variants
                for segment in state.segments
                if (result := self._score_segment(segment, plans, parsed, state, allowed, fallback, limit)) is not None
            ]
            merged = _best_per_doc(scored) if len(variants) > 1 else _concatenate(scored)
            if merged is not None and (fallback or (merged.allowed & merged.strict).any()):
                return self._results(merged, parsed.terms, limit)
        return SearchResults()

    def _results(self, scored: _Scored, terms: list[QueryTerm], limit: int) -> SearchResults:
        """The top hits among the documents kept: all query terms or the whole
        query as a (near-)phrase; failing that, those with the most terms."""
        keep = scored.allowed & scored.strict
        if not keep.any():
            present = np.where(scored.allowed, scored.present, 0)
            best = present.max(initial=0)
            keep = scored.allowed & (present == best) & (best > 0)
        docs, scores = scored.docs[keep], scored.scores[keep]
        top = _top(scores, docs, limit)
        hits = [self._hit(int(docs[i]), float(scores[i]), terms) for i in top]
        # Distinct documents by marking (a sorted union of ~60k costs milliseconds).
        mark = np.zeros(1 + max(int(scored.docs.max(initial=-1)), int(scored.unscored.max(initial=-1))), dtype=bool)
        mark[scored.docs[keep]] = True
        mark[scored.unscored] = True
        return SearchResults(hits, int(np.count_nonzero(mark)))

    def _hit(self, doc: int, score: float, terms: list[QueryTerm]) -> Hit:
        # A compact store gives the id from its columns: the article itself is
        # only built (text decoded) when the hit's spans or snippet are asked for.
        columns = getattr(self.articles, "columns", None)
        if columns is not None and "id" in columns:
            articles = self.articles
            return Hit(doc, columns["id"][doc] or "", round(score, 4), source=(lambda: articles[doc], terms))
        article = self.articles[doc]
        return Hit(doc, article.id, round(score, 4), source=(article, terms))

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
        near = [i for i, _ in self._typo_entries(word, state, max(1, typo_budget(word)))]
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

    # ---------------------------------------------------------------- planning

    def _folded_id(self, folded: str, state: IndexState) -> int | None:
        folded_id = self._store.vocab.folded_ids.get(folded)
        return folded_id if folded_id is not None and folded_id < state.folded_count else None

    def _df(self, folded: str, state: IndexState) -> int:
        folded_id = self._folded_id(folded, state)
        return 0 if folded_id is None else int(state.df[folded_id])

    def _variants(self, terms: list[QueryTerm], state: IndexState) -> list[list[QueryTerm]]:
        """The query as typed, plus a variant with joined syllables split
        (``vietnam`` -> the phrase ``viet nam``) when the split phrase is more
        common than the joined word.  The typed form stays even if it never
        occurs: it may be a typo (``hoav``), not a joined word (``hoa v``)."""
        split_terms: list[QueryTerm] = []
        next_group = 1 + max((t.group for t in terms if t.group is not None), default=-1)
        for term in terms:
            split = self._best_split(term, state)
            if split:
                split_terms.extend(QueryTerm(p.text, p.folded, next_group, literal=True) for p in split)
                next_group += 1
            else:
                split_terms.append(term)
        return [terms] if len(split_terms) == len(terms) else [terms, split_terms]

    def _best_split(self, term: QueryTerm, state: IndexState) -> list[QueryTerm] | None:
        if term.literal or len(term.folded) < 3:
            return None
        joined_df = self._df(term.folded, state)
        frequent = _FrequentSyllables(self, state, joined_df)
        split = split_joined(term, frequent)
        if split is None:
            return None
        ids = [self._folded_id(p.folded, state) for p in split]
        docs = 0
        for seg in state.segments:
            starts = _phrase_starts(seg, [[(seg.positions(i), 1.0)] for i in ids])
            docs += len(_documents(seg, [starts]))
        return split if docs and docs >= joined_df else None

    def _plan(self, term: QueryTerm, state: IndexState) -> _TermPlan:
        folded_id = self._folded_id(term.folded, state)
        entries = [] if folded_id is None else [(folded_id, EXACT_WEIGHT)]
        rare = folded_id is None or state.df[folded_id] < RARE_DF
        completions: list[tuple[int, float]] = []
        if not term.literal:
            if term.prefix:
                completions = self._prefix_entries(term.folded, folded_id, state)
                if rare:
                    entries += completions
            if typo_budget(term.folded) and rare:
                entries += self._typo_entries(term.folded, state, typo_budget(term.folded))
        exact_id = self._store.vocab.term_ids.get(term.text) if term.accented else None
        df = max((int(state.df[i]) for i, _ in entries), default=0)
        n = state.doc_count
        idf = math.log(1.0 + (n - df + 0.5) / (df + 0.5))
        table = np.zeros(state.folded_count, dtype=np.float32)
        for folded_id, weight in completions + entries:
            table[folded_id] = max(table[folded_id], weight)
        wider = bool({i for i, _ in completions} - {i for i, _ in entries})
        return _TermPlan(term, entries, exact_id, idf, table, wider, table[state.term_to_folded])

    def _prefix_entries(self, folded: str, folded_id: int | None, state: IndexState) -> list[tuple[int, float]]:
        ids = self._store.sorted_vocabulary(state).with_prefix(folded)
        ids = ids[(ids != (folded_id if folded_id is not None else -1)) & (ids < state.folded_count)]
        if len(ids) > MAX_PREFIX_EXPANSIONS:
            ids = ids[np.argsort(-state.collection_freq[ids], kind="stable")[:MAX_PREFIX_EXPANSIONS]]
        return [(int(i), PREFIX_WEIGHT) for i in ids]

    def _typo_entries(self, folded: str, state: IndexState, budget: int) -> list[tuple[int, float]]:
        """Vocabulary words within ``budget`` edits (rapidfuzz over the folded vocabulary)."""
        key = (state.folded_count, folded)
        cached = self._typo_cache.get(key)
        if cached is not None:
            return cached
        vocab = self._store.vocab.folded
        matches = process.extract(
            folded, vocab, scorer=Levenshtein.distance, score_cutoff=budget, limit=None
        )
        found = [
            (index, distance)
            for _, distance, index in matches
            if FIRST_REAL_ID <= index < state.folded_count and 0 < distance and state.df[index] > 0
        ]
        found.sort(key=lambda item: (item[1], -int(state.df[item[0]])))
        entries = [(index, TYPO_WEIGHT) for index, _ in found[:MAX_TYPO_EXPANSIONS]]
        if len(self._typo_cache) > 1024:
            self._typo_cache.clear()
        self._typo_cache[key] = entries
        return entries

    # ----------------------------------------------------------------- scoring

    def _score_segment(
        self,
        seg: Segment,
        plans: list[_TermPlan],
        parsed: ParsedQuery,
        state: IndexState,
        allowed_docs: np.ndarray | None,
        fallback: bool,
        prune: int | None,
    ) -> _Scored | None:
        """Score the candidates of one segment.  Candidates are the documents with
        every term or a (near-)phrase; with ``fallback``, any document holding
        one of the two rarest terms (then those with the most terms win).

        With ``prune``: when at least that many candidates hold the query as an
        exact phrase, only those are scored (no other can outrank them) and the
        rest are only counted."""
        entries = [[(i, w) for i, w in plan.entries if len(seg.positions(i))] for plan in plans]
        slices = [[(seg.positions(i), w) for i, w in e] for e in entries]
        dense = _Dense(self._doc_counts, seg, entries)
        by_size = _terms_by_size(slices)
        if not by_size:
            return None
        sizes = [sum(len(p) for p, _ in slices[i]) for i in by_size[:2]]
        bounded = prune is not None and not fallback and len(plans) >= 2
        if bounded and sizes[0] > ANCHOR_CAP:
            return self._score_bounded(seg, plans, slices, by_size, parsed, state, allowed_docs, prune, dense, None)
        first = None
        if bounded and len(sizes) > 1 and sizes[1] > ANCHOR_CAP:
            # Phrases on the rarest term are cheap; without one, near-phrases
            # would be looked for at every position of a common second term.
            first = _AnchorPhrases(seg, plans, slices, by_size[:1], state, self._pinned, self._store.vocab.folded)
            if not first.full.any():
                # No phrase holds the rarest term as a word it looks up: its slot
                # can only be a completion found in the stream or a pinned typo.
                cap = PREFIX_WEIGHT if plans[by_size[0]].wider else TYPO_WEIGHT
                return self._score_bounded(seg, plans, slices, by_size, parsed, state, allowed_docs, prune, dense, (by_size[0], cap))
        phrases = first if first is not None else self._phrases(seg, plans, slices, by_size, state)
        # Terms expanded to many common words (a short prefix): their words are
        # only counted in the documents that may rank (see _score_lazily).
        lazy = set() if prune is None or fallback else {i for i in range(len(plans)) if dense.lazy(i)}
        if fallback:
            cand = _documents(seg, [p for i in by_size[:2] for p, _ in slices[i]])
        else:
            cand = _documents_with_all(seg, slices, by_size, dense, lazy) if len(by_size) == len(plans) else np.zeros(0, np.int64)
            with_all = cand
            if phrases is not None:
                cand = _distinct_docs(seg, np.concatenate([cand, phrases.matching_docs()]))
        if allowed_docs is not None:
            cand = cand[np.isin(cand + seg.doc_base, allowed_docs)]
        if len(cand) == 0:
            return None
        allowed = _group_ok(seg, cand, plans, slices) & ~_excluded(seg, cand, parsed, self, state)
        unscored = np.zeros(0, dtype=np.int64)
        if prune is not None and not fallback and phrases is not None:
            exact = np.isin(cand, phrases.exact_docs()) & allowed
            if exact.sum() >= prune:
                unscored = cand[allowed & ~exact] + seg.doc_base
                cand, allowed = cand[exact], allowed[exact]
        need_exact = len(unscored) == 0
        if lazy:
            scored = _score_lazily(seg, cand, allowed, plans, slices, phrases, state, dense, lazy, need_exact, prune, with_all)
            if scored is not None:
                return _Scored(scored.docs, scored.scores, scored.present, scored.strict, scored.allowed, np.concatenate([unscored, scored.unscored]))
        features = _DocFeatures(seg, cand, plans, slices, need_exact=need_exact, dense=dense)
        if phrases is not None:
            features.add_phrases(phrases)
        scores = features.scores(state)
        return _Scored(cand + seg.doc_base, scores, features.present_count(), features.strict(), allowed, unscored)

    def _score_bounded(
        self,
        seg: Segment,
        plans: list[_TermPlan],
        slices,
        by_size: list[int],
        parsed: ParsedQuery,
        state: IndexState,
        allowed_docs: np.ndarray | None,
        limit: int,
        dense: "_Dense",
        rare_cap: tuple[int, float] | None,
    ) -> _Scored | None:
        """Score a query whose every term is common (millions of would-be phrase
        starts): document-level signals for every document first, then phrases
        only in the documents whose upper bound (every positional signal at its
        best) can reach the top ``limit``, widening until the ``limit``-th true
        score beats every bound left.  The top is the one a full pass gives;
        documents left unchecked that hold every term are counted as matches;
        of those that miss one word (they may hold a near-phrase),
        the share found among the checked ones, so the total is then an estimate."""
        n = len(plans)
        everything = _DocFeatures(seg, np.arange(seg.doc_count), plans, slices, dense=dense)
        wider = np.array([plan.wider for plan in plans])[:, None]
        possible = (everything.best > 0) | wider
        missing = n - possible.sum(axis=0)
        pool = np.flatnonzero(missing <= 1)
        if allowed_docs is not None:
            pool = pool[np.isin(pool + seg.doc_base, allowed_docs)]
        if len(pool) == 0:
            return None
        pool = pool[_group_ok(seg, pool, plans, slices) & ~_excluded(seg, pool, parsed, self, state)]
        if len(pool) == 0:
            return None
        features = everything if len(pool) == seg.doc_count else everything.subset(pool)
        base = features.scores(state)
        bound = base + self._positional_bound(features, missing[pool], rare_cap)
        order = _StableOrder(-bound)
        # Anchored on the rarest term only, as a full pass does when a phrase
        # holds it somewhere (with a word that common, one surely does); on the
        # two rarest when the caller found none (and then only).
        anchor_terms = 2 if rare_cap is not None else 1
        any_full = False
        done = 0
        batch = BOUNDED_FIRST
        parts: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
        best = np.zeros(0)  # the best ``limit`` strict scores so far
        best_exact = np.zeros(0)  # the same among documents with the exact phrase
        while done < len(pool):
            # The next documents by bound (in document order, as the phrase code wants).
            chosen = np.sort(order[done : done + batch])
            done += len(chosen)
            docs = pool[chosen]
            sub = features.subset(chosen)
            phrases = self._phrases_within(seg, plans, slices, by_size[:anchor_terms], state, docs)
            any_full = any_full or bool(phrases.full.any())
            sub.add_phrases(phrases)
            scores = sub.scores(state)
            strict = sub.strict()
            exact = np.isin(docs, phrases.exact_docs())
            parts.append((chosen, scores, strict, sub.present_count(), exact))
            best = _best_few(np.concatenate([best, scores[strict]]), limit)
            best_exact = _best_few(np.concatenate([best_exact, scores[exact]]), limit)
            if done < len(pool):
                # With ``limit`` exact phrases, only those rank (as in a full pass).
                top = best_exact if len(best_exact) >= limit else best
                if len(top) >= limit and top.min() > bound[order[done]]:
                    break
            if done == len(pool) and not any_full and anchor_terms == 1 and len(by_size) > 1:
                # Every document checked and no phrase holds the rarest term:
                # a full pass then anchors on the two rarest; start over so.
                anchor_terms, done, batch, parts, best, best_exact = 2, 0, len(pool), [], np.zeros(0), np.zeros(0)
                continue
            batch *= 4
            if done + 2 * batch >= len(pool):
                batch = len(pool) - done  # nearly all left: one pass costs less than two
        chosen = np.concatenate([p[0] for p in parts])
        scores = np.concatenate([p[1] for p in parts])
        strict = np.concatenate([p[2] for p in parts])
        present = np.concatenate([p[3] for p in parts])
        exact = np.concatenate([p[4] for p in parts])
        unchecked = np.ones(len(pool), dtype=bool)
        unchecked[chosen] = False
        one_off = missing[pool] == 1
        checked_off = one_off[chosen]
        share = float(strict[checked_off].mean()) if checked_off.any() else 1.0
        counted = np.zeros(0, dtype=np.int64)
        if len(best_exact) >= limit:
            counted = pool[chosen[~exact & strict]]
            chosen, scores, strict, present = chosen[exact], scores[exact], strict[exact], present[exact]
        docs = pool[chosen]
        guess = unchecked & one_off
        take = np.flatnonzero(guess)[: int(round(share * int(guess.sum())))]
        unscored = np.concatenate([pool[unchecked & ~one_off], pool[take], counted]) + seg.doc_base
        return _Scored(docs + seg.doc_base, scores, present, strict, np.ones(len(docs), dtype=bool), unscored)

    @staticmethod
    def _positional_bound(features: "_DocFeatures", missing: np.ndarray, rare_cap: tuple[int, float] | None) -> np.ndarray:
        """Most the phrase, run, title-phrase and diacritics signals can add to a
        document's document-level score: each slot at the best weight the
        document offers (one missing slot pinned as a typo at best); with
        ``rare_cap`` (term, weight), that term's slot weighs at most that."""
        plans = features.plans
        n = len(plans)
        wider = np.array([plan.wider for plan in plans])[:, None]
        slot = np.where(wider, np.maximum(features.best, PREFIX_WEIGHT), features.best)
        if rare_cap is not None:
            i, cap = rare_cap
            slot[i] = np.where(slot[i] > 0, np.minimum(slot[i], cap), 0.0)
        phrase = np.where(missing <= 1, (slot.sum(axis=0) + TYPO_WEIGHT * (missing == 1)) / n, 0.0)
        run_length = np.where(missing <= 1, n, n - missing)
        run = np.maximum(run_length - 1, 0) / max(n - 1, 1)
        in_title = ((features.title_tf > 0) | wider).sum(axis=0) >= n - 1
        title_phrase = (in_title & (missing <= 1)).astype(np.float64)
        extra = W_PHRASE * phrase + W_RUN * run + W_TITLE_PHRASE * title_phrase
        accented = [i for i, plan in enumerate(plans) if plan.term.accented]
        if accented:
            presence = features.exact[accented].mean(axis=0)
            extra = extra + W_DIACRITICS * np.where(missing <= 1, 1.0 - presence, 0.0)
        return extra + 1e-9

    def _phrases_within(self, seg: Segment, plans: list[_TermPlan], slices, anchor_terms: list[int], state: IndexState, docs: np.ndarray) -> "_AnchorPhrases":
        """Phrases anchored on ``anchor_terms`` in the given documents only: only
        those terms' positions there are read (the other words are looked up
        in the stream)."""
        local = list(slices)
        for i in anchor_terms:
            local[i] = [(_within(seg, p, docs), w) for p, w in slices[i]]
        return _AnchorPhrases(seg, plans, local, anchor_terms, state, self._pinned, self._store.vocab.folded)

    def _phrases(self, seg: Segment, plans: list[_TermPlan], slices, by_size: list[int], state: IndexState) -> "_AnchorPhrases | None":
        """Phrases anchored on the rarest term; on the two rarest if that finds
        none (the rarest may itself be the mistyped word)."""
        if len(plans) < 2:
            return None
        phrases = _AnchorPhrases(seg, plans, slices, by_size[:1], state, self._pinned, self._store.vocab.folded)
        if not phrases.full.any() and len(by_size) > 1:
            phrases = _AnchorPhrases(seg, plans, slices, by_size[:2], state, self._pinned, self._store.vocab.folded)
        return phrases


class _AnchorPhrases:
    """Where the query's terms stand in order, checked at every position of its
    one or two rarest terms (every phrase, and every phrase with one mistyped
    term, contains one of them).  Per anchor (a would-be phrase start): the
    weight of each slot, full (near-)phrase or not, the longest in-order run."""

    def __init__(self, seg: Segment, plans: list[_TermPlan], slices, anchor_terms: list[int], state: IndexState, pinned: "_PinnedTypos", vocab: list[str]) -> None:
        self.seg = seg
        self.plans = plans
        n = len(plans)
        blocks = [(p, i) for i in anchor_terms for p, _ in slices[i] if len(p)]
        anchors = np.concatenate([p - i for p, i in blocks]) if blocks else np.zeros(0, dtype=np.int64)
        known = None
        if len(anchor_terms) == 1 and blocks:
            # Each slice of the anchoring term is one folded word: its weight at
            # its own slot is known without reading the stream.
            r = anchor_terms[0]
            lookup = plans[r].by_term
            known = (r, np.repeat(np.array([lookup[seg.stream[p[0]]] for p, _ in blocks], dtype=np.float32), [len(p) for p, _ in blocks]))
        # Each block ascends: its ends tell whether every anchor fits in the stream.
        if any(p[0] - i < 0 or p[-1] - i + n > len(seg.stream) for p, i in blocks):
            inside = (anchors >= 0) & (anchors + n <= len(seg.stream))
            anchors = anchors[inside]
            known = None if known is None else (known[0], known[1][inside])
        weights, misses, missed = self._slot_weights(seg, plans, slices, anchors, known)
        # Longest in-order run: every slot matched, or all but one (at k): the
        # longer side of k; none for an anchor with two words out of place.
        runs = np.where(misses <= 1, float(n), 0.0)
        # Where all terms but one are in place, the odd one is accepted if it is
        # within a typo of the word found there (its neighbours pin the place).
        for i, where, ids in missed:
            near = misses[where] == 1
            where, ids = where[near], ids[near]
            if len(where):
                fits = pinned.fits(plans[i].term.folded, state.term_to_folded.take(ids), state, vocab)
                weights[i, where[fits]] = TYPO_WEIGHT
                runs[where[~fits]] = max(i, n - 1 - i)
        useful = runs >= 2
        if not useful.all():
            useful = np.flatnonzero(useful)
            anchors, weights, runs = anchors[useful], weights[:, useful], runs[useful]
        self.anchors = anchors
        self.weights = weights  # float32 (exact for every weight); float64 where averaged
        self.runs = runs
        self.full = self.runs == n
        self.docs = seg.docs_of(self.anchors)

    @staticmethod
    def _slot_weights(seg: Segment, plans: list[_TermPlan], slices, anchors: np.ndarray, known: tuple[int, np.ndarray] | None = None) -> tuple[np.ndarray, np.ndarray, list]:
        """Weight of the word at each slot of each anchor (``known``: one slot's
        weights, already known), rarest term first; an anchor with two words out
        of place is dropped as soon as that is known.  Also: the number of words
        out of place per anchor (counted up to two) and, per slot, the anchors
        (and term ids) where the word was out of place."""
        n = len(plans)
        weights = np.zeros((n, len(anchors)), dtype=np.float32)
        misses = np.zeros(len(anchors), dtype=np.int8)
        missed = []
        alive = None  # every anchor (no index needed while none is dropped)
        order = sorted(range(n), key=lambda t: sum(len(p) for p, _ in slices[t]))
        if known is not None:
            # A word of its own term is never out of place.
            weights[known[0]] = known[1]
            order.remove(known[0])
        for i in order:
            if alive is None:
                ids = seg.stream.take(anchors + i)
                row = weights[i]
                np.take(plans[i].by_term, ids, out=row)
                out = np.flatnonzero(row == 0)
                missed.append((i, out, ids.take(out)))
                misses[out] += 1
                if len(out) and misses.max() >= 2:
                    alive = np.flatnonzero(misses < 2)
            else:
                ids = seg.stream.take(anchors.take(alive) + i)
                found = plans[i].by_term.take(ids)
                weights[i, alive] = found
                zero = found == 0
                out = alive[zero]
                missed.append((i, out, ids[zero]))
                misses[out] += 1
                alive = alive[misses.take(alive) < 2]
        return weights, misses, missed

    def matching_docs(self) -> np.ndarray:
        return _distinct_docs(self.seg, self.docs[self.full])

    def exact_docs(self) -> np.ndarray:
        """Documents with the whole query as a phrase, every word as typed (folded)."""
        return _distinct_docs(self.seg, self.docs[self.full & (self.weights == EXACT_WEIGHT).all(axis=0)])

    def exactness(self, index: np.ndarray | None = None) -> np.ndarray | None:
        """Share of the accented terms found with exactly the diacritics typed
        (at the anchors ``index`` picks, all by default)."""
        accented = [i for i, plan in enumerate(self.plans) if plan.term.accented]
        if not accented:
            return None
        anchors = self.anchors if index is None else self.anchors[index]
        hits = np.zeros(len(anchors))
        for i in accented:
            exact_id = self.plans[i].exact_id
            if exact_id is not None:
                hits += self.seg.stream[anchors + i] == exact_id
        return hits / len(accented)


class _PinnedTypos:
    """Whether a folded word is within :func:`pinned_budget` edits of a query
    word, per query word a table over the folded vocabulary, filled in as
    words are met and kept for the next queries (search-as-you-type repeats
    the same words keystroke after keystroke)."""

    def __init__(self) -> None:
        self._tables: OrderedDict[tuple[int, str], np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def fits(self, target: str, folded_ids: np.ndarray, state: IndexState, vocab: list[str]) -> np.ndarray:
        """Per folded id: a real word within the budget of ``target``."""
        key = (state.folded_count, target)
        with self._lock:
            table = self._tables.get(key)
            if table is None:
                table = np.full(state.folded_count, -1, dtype=np.int8)
                table[:FIRST_REAL_ID] = 0
                self._tables[key] = table
                while len(self._tables) > PINNED_TABLES:
                    self._tables.popitem(last=False)
            else:
                self._tables.move_to_end(key)
        # Distinct unknown words by marking (linear; a sort of millions of
        # near-phrases of a common phrase cost more than the rest of the search).
        need = np.zeros(len(table), dtype=bool)
        need[folded_ids] = True
        todo = np.flatnonzero(need & (table < 0))
        if len(todo):
            budget = pinned_budget(target)
            words = [vocab[w] for w in todo.tolist()]
            distances = process.cdist([target], words, scorer=Levenshtein.distance, score_cutoff=budget, dtype=np.int32)[0]
            table[todo] = distances <= budget  # the same answer whichever thread writes it
        return table[folded_ids] > 0


class _FrequentSyllables:
    """``in`` test: indexed words found in at least ``floor`` documents (a split
    can only be as common as the joined word if each of its parts is)."""

    def __init__(self, index: SearchIndex, state: IndexState, floor: int) -> None:
        self._index = index
        self._state = state
        self._floor = floor

    def __contains__(self, folded: str) -> bool:
        return self._index._df(folded, self._state) >= max(self._floor, 1)


class _DocFeatures:
    """Ranking signals of the candidate documents of one segment."""

    def __init__(self, seg: Segment, cand: np.ndarray, plans: list[_TermPlan], slices, need_exact: bool = True, dense: "_Dense | None" = None) -> None:
        self.seg = seg
        self.cand = cand
        self.plans = plans
        self._slots: np.ndarray | None = None
        n, m = len(plans), len(cand)
        mids, ends = seg.body_starts[cand], seg.doc_starts[cand + 1]
        self.body_len = (ends - mids).astype(np.float64)
        self.title_tf = np.zeros((n, m))
        self.body_tf = np.zeros((n, m))
        self.best = np.zeros((n, m))
        self.exact = np.zeros((n, m), dtype=bool)
        for i, term_slices in enumerate(slices):
            self.count_term(i, term_slices, dense, need_exact)
        self.phrase = np.zeros(m)
        self.title_phrase = np.zeros(m)
        self.run = np.zeros(m)
        self.phrase_exact = np.full(m, -1.0)

    def count_term(self, i: int, term_slices, dense: "_Dense | _LazyCounts | None", need_exact: bool) -> None:
        """Counts, best weight and exact-diacritics presence of term ``i`` (its
        rows must be zero)."""
        seg, cand = self.seg, self.cand
        starts, mids, ends = seg.doc_starts[cand], seg.body_starts[cand], seg.doc_starts[cand + 1]
        whole = len(cand) == seg.doc_count  # cand is every document: no gather needed
        expansions = []
        groups, rest = dense.grouped(i) if dense is not None else ([], range(len(term_slices)))
        for weight, title, body in groups:
            if not whole:
                title, body = title[cand], body[cand]
            present = (title > 0) | (body > 0)
            self.title_tf[i] += weight * title
            self.body_tf[i] += weight * body
            np.maximum(self.best[i], weight * present, out=self.best[i])
        for j in rest:
            positions, weight = term_slices[j]
            if weight == EXACT_WEIGHT:
                a, b, c = _searches(positions, starts, mids, ends)
                self.title_tf[i] += b - a
                self.body_tf[i] += c - b
                np.maximum(self.best[i], c > a, out=self.best[i])
            else:
                expansions.append((positions, weight))
        if expansions:
            self._count_expansions(i, expansions)
        exact_positions = self._exact_positions(i) if need_exact else None
        if exact_positions is not None:
            a, c = _searches(exact_positions, starts, ends)
            self.exact[i] = c > a

    def _count_expansions(self, i: int, expansions: list[tuple[np.ndarray, float]]) -> None:
        """Prefix and typo matches: weighted counts by document (one pass over
        all their positions, however many words the term expanded to)."""
        total = sum(len(p) for p, _ in expansions)
        if 8 * len(self.cand) * len(expansions) < total and (self.cand[1:] > self.cand[:-1]).all():
            # Few candidates: only the positions inside them are read (in the
            # same order, so the sums below are the same).
            expansions = [(_within(self.seg, p, self.cand), w) for p, w in expansions]
        positions = np.concatenate([p for p, _ in expansions])
        weights = np.concatenate([np.full(len(p), w) for p, w in expansions])
        docs = self.seg.docs_of(positions)
        slot = self._slot_of()[docs]
        keep = slot >= 0
        slot, positions, weights, docs = slot[keep], positions[keep], weights[keep], docs[keep]
        in_title = positions < self.seg.body_starts[docs]
        m = len(self.cand)
        self.title_tf[i] += np.bincount(slot, weights * in_title, minlength=m)
        self.body_tf[i] += np.bincount(slot, weights * ~in_title, minlength=m)
        for weight in sorted({w for _, w in expansions}):
            present = np.bincount(slot[weights == weight], minlength=m) > 0
            np.maximum(self.best[i], weight * present, out=self.best[i])

    def subset(self, index: np.ndarray) -> "_DocFeatures":
        """The features of ``cand[index]`` (no phrase signals yet)."""
        out = object.__new__(_DocFeatures)
        out.seg, out.plans, out._slots = self.seg, self.plans, None
        out.cand = self.cand[index]
        out.body_len = self.body_len[index]
        for name in ("title_tf", "body_tf", "best", "exact"):
            setattr(out, name, getattr(self, name)[:, index])
        m = len(out.cand)
        out.phrase, out.title_phrase, out.run = np.zeros(m), np.zeros(m), np.zeros(m)
        out.phrase_exact = np.full(m, -1.0)
        return out

    def _slot_of(self) -> np.ndarray:
        """Index in ``cand`` of each document of the segment (-1 if not a candidate)."""
        if self._slots is None:
            self._slots = np.full(self.seg.doc_count, -1, dtype=np.int64)
            self._slots[self.cand] = np.arange(len(self.cand))
        return self._slots

    def _exact_positions(self, i: int) -> np.ndarray | None:
        plan = self.plans[i]
        if plan.exact_id is None or not plan.entries or plan.entries[0][1] != EXACT_WEIGHT:
            return None
        positions = self.seg.positions(plan.entries[0][0])
        return positions[self.seg.stream[positions] == plan.exact_id]

    def add_phrases(self, phrases: _AnchorPhrases) -> None:
        """Phrase, near-phrase (one pinned typo) and longest-run signals."""
        slots = self._slot_of()[phrases.docs]
        valid = slots >= 0
        n = len(self.plans)
        np.maximum.at(self.run, slots[valid], phrases.runs[valid] / n)
        # The other signals are only set by full phrases (the rest would merge
        # zeros, or -1 for exactness, into arrays that start so).
        full = np.flatnonzero(valid & phrases.full)
        if len(full) == 0:
            return
        slot = slots[full]
        np.maximum.at(self.phrase, slot, phrases.weights[:, full].astype(np.float64).mean(axis=0))
        np.maximum.at(self.title_phrase, slot, (phrases.anchors[full] < self.seg.body_starts[phrases.docs[full]]).astype(np.float64))
        exactness = phrases.exactness(full)
        if exactness is not None:
            np.maximum.at(self.phrase_exact, slot, exactness)

    def present_count(self) -> np.ndarray:
        return (self.best > 0).sum(axis=0)

    def strict(self) -> np.ndarray:
        """All terms present somewhere, or the whole query as a (near-)phrase."""
        return (self.best > 0).all(axis=0) | (self.phrase > 0)

    def scores(self, state: IndexState) -> np.ndarray:
        n = len(self.plans)
        coverage = self.best.sum(axis=0) / n
        title_terms = (self.best * (self.title_tf > 0)).sum(axis=0) / n
        run = np.maximum(self.run * n - 1, 0) / max(n - 1, 1)
        return (
            W_PHRASE * self.phrase
            + W_RUN * run
            + W_COVERAGE * coverage
            + W_TITLE_TERMS * title_terms
            + W_TITLE_PHRASE * self.title_phrase
            + W_BM25 * self._bm25(state)
            + W_DIACRITICS * self._diacritics()
        )

    def _bm25(self, state: IndexState) -> np.ndarray:
        """BM25 over title+body (title counted double), scaled to 0..1."""
        avg = max(state.body_tokens / max(state.doc_count, 1), 1.0)
        idf = np.array([plan.idf for plan in self.plans])[:, None]
        tf = self.body_tf + TITLE_TF_FACTOR * self.title_tf
        norm = BM25_K1 * (1 - BM25_B + BM25_B * self.body_len / avg)
        saturated = tf / (tf + norm)
        return (idf * saturated).sum(axis=0) / max(float(idf.sum()), 1e-9)

    def _diacritics(self) -> np.ndarray:
        """Exact-diacritic share: from the best phrase if any, else from presence."""
        accented = [i for i, plan in enumerate(self.plans) if plan.term.accented]
        if not accented:
            return np.zeros(len(self.cand))
        presence = self.exact[accented].mean(axis=0)
        return np.where(self.phrase_exact >= 0, self.phrase_exact, presence)


def _terms_by_size(slices) -> list[int]:
    """Indexes of the terms that occur in the segment, rarest first."""
    return [i for _, i in sorted((sum(len(p) for p, _ in s), i) for i, s in enumerate(slices) if s)]


def _documents_with_all(seg: Segment, slices, by_size: list[int], dense: "_Dense | None" = None, lazy: Collection[int] = ()) -> np.ndarray:
    """Documents holding every term: those of the rarest, narrowed term by term
    (``lazy`` terms last, by :func:`_presence`)."""
    by_size = [i for i in by_size if i not in lazy] + [i for i in by_size if i in lazy]
    groups, rest = dense.grouped(by_size[0]) if dense is not None and by_size[0] not in lazy else ([], [0])
    if groups and not rest:
        # Every word of the rarest term is counted per document (and cached):
        # no pass over its positions.
        mark = np.zeros(seg.doc_count, dtype=bool)
        for _, title, body in groups:
            mark |= (title > 0) | (body > 0)
        cand = np.flatnonzero(mark)
    else:
        cand = _documents(seg, [p for p, _ in slices[by_size[0]]])
    for i in by_size[1:]:
        if len(cand) == 0:
            break
        if i in lazy:
            cand = cand[_presence(seg, [p for p, _ in slices[i]], cand)]
            continue
        groups, rest = dense.grouped(i) if dense is not None else ([], range(len(slices[i])))
        present = np.zeros(len(cand), dtype=bool)
        for _, title, body in groups:
            present |= (title[cand] > 0) | (body[cand] > 0)
        others = [slices[i][j][0] for j in rest]
        size = sum(len(p) for p in others)
        if not others:
            pass
        elif size < 16 * len(cand) * len(others):
            # Marking the documents of every position beats two binary searches
            # per candidate and expansion (a prefix may expand to 50 words).
            present |= _documents_mask(seg, others)[cand]
        else:
            starts, ends = seg.doc_starts[cand], seg.doc_starts[cand + 1]
            for positions in others:
                a, c = _searches(positions, starts, ends)
                present |= c > a
        cand = cand[present]
    return cand


def _presence(seg: Segment, arrays: list[np.ndarray], docs: np.ndarray) -> np.ndarray:
    """Per document of ``docs`` (sorted): whether it holds a position of any of
    the arrays.  Largest array first, each checked only in the documents not
    found yet: the commonest words of a prefix settle nearly every document."""
    present = np.zeros(len(docs), dtype=bool)
    todo = np.arange(len(docs))
    for positions in sorted(arrays, key=len, reverse=True):
        if len(todo) == 0:
            break
        if len(positions) == 0:
            continue
        left = docs[todo]
        if len(positions) < 8 * len(left):
            hit = _documents_mask(seg, [positions])[left]
        else:
            a, c = _searches(positions, seg.doc_starts[left], seg.doc_starts[left + 1])
            hit = c > a
        present[todo[hit]] = True
        todo = todo[~hit]
    return present


class _LazyCounts:
    """Stands for :class:`_Dense` with the lazy terms' dense words summed by
    binary searches in ``docs`` only (the same integers the cached per-word
    counts hold there), or, given ``presence``, as a lower bound: no title
    occurrence and one body occurrence in the documents holding the term."""

    def __init__(self, dense: "_Dense", seg: Segment, slices, lazy: Collection[int], docs: np.ndarray, presence: dict[int, np.ndarray] | None = None) -> None:
        self._dense = dense
        self._seg = seg
        self._slices = slices
        self._lazy = lazy
        self._docs = docs
        self._presence = presence

    def grouped(self, i: int) -> tuple[list[tuple[float, np.ndarray, np.ndarray]], list[int]]:
        if i not in self._lazy:
            return self._dense.grouped(i)
        seg, docs = self._seg, self._docs
        weight = self._slices[i][0][1]
        title = np.zeros(seg.doc_count, dtype=np.int32)
        body = np.zeros(seg.doc_count, dtype=np.int32)
        if self._presence is not None:
            body[docs] = self._presence[i]
            return [(weight, title, body)], []
        rest: list[int] = []
        # Start, body start and end of each document, in one ascending sequence.
        bounds = np.empty((len(docs), 3), dtype=seg.doc_starts.dtype)
        bounds[:, 0], bounds[:, 1], bounds[:, 2] = seg.doc_starts[docs], seg.body_starts[docs], seg.doc_starts[docs + 1]
        bounds = bounds.ravel()
        title_sum = np.zeros(len(docs), dtype=np.int32)
        body_sum = np.zeros(len(docs), dtype=np.int32)
        for j, (positions, _) in enumerate(self._slices[i]):
            if not self._dense.is_dense(i, j):
                rest.append(j)
                continue
            found = np.searchsorted(positions, bounds).reshape(-1, 3)
            title_sum += np.minimum(found[:, 1] - found[:, 0], 0xFFFF)
            body_sum += np.minimum(found[:, 2] - found[:, 1], 0xFFFF)
        title[docs] = title_sum
        body[docs] = body_sum
        return [(weight, title, body)], rest


def _score_lazily(seg: Segment, cand: np.ndarray, allowed: np.ndarray, plans: list[_TermPlan], slices, phrases: "_AnchorPhrases | None", state: IndexState, dense: "_Dense", lazy: Collection[int], need_exact: bool, limit: int, with_all: np.ndarray) -> _Scored | None:
    """Score the candidates (each holds every term or a phrase) without
    counting the lazy terms' words in every document.  With at least ``limit``
    allowed: each candidate's score is bounded from below (the term found
    once, in the body) and above (in the title, its BM25 share saturated);
    only those whose upper bound reaches the ``limit``-th lower bound can rank
    and are scored exactly (words counted by binary searches in them); the
    other allowed ones are counted, the rest dropped (none would be shown, and
    at least ``limit`` are kept).  Failing that, every candidate is scored
    exactly so.  The result is the full pass's.  None when binary searches
    would cost more than counting every position."""
    words = sum(dense.is_dense(i, j) for i in lazy for j in range(len(slices[i])))
    positions = sum(len(p) for i in lazy for j, (p, _) in enumerate(slices[i]) if dense.is_dense(i, j))

    def exactly(index: np.ndarray) -> _DocFeatures:
        docs = cand[index]
        features = _DocFeatures(seg, docs, plans, slices, need_exact=need_exact, dense=_LazyCounts(dense, seg, slices, lazy, docs))
        if phrases is not None:
            features.add_phrases(phrases)
        return features

    def everything() -> _Scored | None:
        if len(cand) * words * SEARCH_COST > positions:
            return None
        features = exactly(np.arange(len(cand)))
        return _Scored(cand + seg.doc_base, features.scores(state), features.present_count(), features.strict(), allowed, np.zeros(0, dtype=np.int64))

    if allowed.sum() < limit or len(cand) <= 4 * limit:
        return everything()
    # Every document holding every term holds the lazy ones: only the others
    # (phrases with a pinned typo in a lazy term's slot) are looked up.
    mark = np.zeros(seg.doc_count, dtype=bool)
    mark[with_all] = True
    presence = {}
    for i in lazy:
        found = mark[cand]
        others = np.flatnonzero(~found)
        found[others] = _presence(seg, [p for p, _ in slices[i]], cand[others])
        presence[i] = found
    low = _DocFeatures(seg, cand, plans, slices, need_exact=need_exact, dense=_LazyCounts(dense, seg, slices, lazy, cand, presence))
    if phrases is not None:
        low.add_phrases(phrases)
    lower = low.scores(state)
    n = len(plans)
    idf = np.array([plan.idf for plan in plans])
    average = max(state.body_tokens / max(state.doc_count, 1), 1.0)
    norm = BM25_K1 * (1 - BM25_B + BM25_B * low.body_len / average)
    gap = np.zeros(len(cand))
    for i in lazy:
        tf = low.body_tf[i] + TITLE_TF_FACTOR * low.title_tf[i]
        gap += presence[i] * (W_TITLE_TERMS * slices[i][0][1] / n + W_BM25 * idf[i] * (1.0 - tf / (tf + norm)) / max(float(idf.sum()), 1e-9))
    upper = lower + gap + 1e-6
    threshold = _best_few(lower[allowed], limit).min()
    contenders = np.flatnonzero(allowed & (upper >= threshold))
    if len(contenders) * words * SEARCH_COST > positions:
        return everything()
    # The contenders' features: the lower bound's, with the lazy terms counted.
    features = low.subset(contenders)
    for name in ("phrase", "title_phrase", "run", "phrase_exact"):
        setattr(features, name, getattr(low, name)[contenders])
    counts = _LazyCounts(dense, seg, slices, lazy, cand[contenders])
    for i in lazy:
        features.title_tf[i] = 0.0
        features.body_tf[i] = 0.0
        features.best[i] = 0.0
        features.exact[i] = False
        features.count_term(i, slices[i], counts, need_exact)
    counted = allowed.copy()
    counted[contenders] = False
    docs = cand[contenders]
    return _Scored(docs + seg.doc_base, features.scores(state), features.present_count(), features.strict(), np.ones(len(docs), dtype=bool), cand[counted] + seg.doc_base)


class _DocCounts:
    """Title and body counts of a word in every document of a segment, for the
    words with many positions, kept for the next queries (search-as-you-type
    repeats the same common words and completions keystroke after keystroke).
    Least recently used entries go first once ``limit_bytes`` is reached."""

    def __init__(self, limit_bytes: int = DOC_COUNTS_BYTES) -> None:
        self._entries: OrderedDict[tuple[int, int, int], tuple[np.ndarray, np.ndarray]] = OrderedDict()
        self._bytes = 0
        self._limit = limit_bytes
        self._lock = threading.Lock()

    def get(self, seg: Segment, folded_id: int) -> tuple[np.ndarray, np.ndarray]:
        key = (seg.doc_base, len(seg.stream), folded_id)
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
                return found
        found = _count_by_document(seg, seg.positions(folded_id))
        size = found[0].nbytes + found[1].nbytes
        with self._lock:
            if key not in self._entries:
                self._entries[key] = found
                self._bytes += size
                while self._bytes > self._limit and len(self._entries) > 1:
                    _, (title, body) = self._entries.popitem(last=False)
                    self._bytes -= title.nbytes + body.nbytes
        return found


class _Dense:
    """Per (term, slice) of one segment's query: the cached per-document counts
    of the word when it has many positions, else None (binary searches over
    the candidates are cheaper)."""

    def __init__(self, counts: _DocCounts, seg: Segment, entries: list[list[tuple[int, float]]]) -> None:
        self._counts = counts
        self._seg = seg
        self._entries = entries
        self._minimum = max(DENSE_MIN_POSITIONS, seg.doc_count // 8)
        self._grouped: dict[int, tuple[list[tuple[float, np.ndarray, np.ndarray]], list[int]]] = {}

    def is_dense(self, i: int, j: int) -> bool:
        return len(self._seg.positions(self._entries[i][j][0])) >= self._minimum

    def get(self, i: int, j: int) -> tuple[np.ndarray, np.ndarray] | None:
        if not self.is_dense(i, j):
            return None
        return self._counts.get(self._seg, self._entries[i][j][0])

    def lazy(self, i: int) -> bool:
        """Whether term ``i`` is worth scoring lazily: several dense words,
        all of one weight (so where it is present gives its best weight)."""
        entries = self._entries[i]
        return (
            len({w for _, w in entries}) == 1
            and sum(self.is_dense(i, j) for j in range(len(entries))) >= LAZY_MIN_WORDS
        )

    def grouped(self, i: int) -> tuple[list[tuple[float, np.ndarray, np.ndarray]], list[int]]:
        """Term ``i``'s dense slices as per-document (title, body) counts summed
        by weight (a prefix may expand to 50 common words: one sum each, not 50
        passes over the candidates later), and the indexes of its other slices."""
        found = self._grouped.get(i)
        if found is not None:
            return found
        sums: dict[float, list[np.ndarray]] = {}
        rest: list[int] = []
        for j, (_, weight) in enumerate(self._entries[i]):
            counts = self.get(i, j)
            if counts is None:
                rest.append(j)
            elif weight not in sums:
                sums[weight] = [counts[0], counts[1]]
            else:
                total = sums[weight]
                if total[0].dtype != np.int32:
                    total[0], total[1] = total[0].astype(np.int32), total[1].astype(np.int32)
                total[0] += counts[0]
                total[1] += counts[1]
        found = ([(weight, title, body) for weight, (title, body) in sums.items()], rest)
        self._grouped[i] = found
        return found


def _count_by_document(seg: Segment, positions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Occurrences in the title and in the body of every document (uint16 each,
    saturated: BM25 saturates long before)."""
    if len(positions) > 4 * seg.doc_count:
        # One binary search per document start and body start, in one ascending
        # sequence (numpy narrows each search from the previous one).
        bounds = np.empty(2 * seg.doc_count + 1, dtype=seg.doc_starts.dtype)
        bounds[0::2] = seg.doc_starts
        bounds[1::2] = seg.body_starts
        found = np.searchsorted(positions, bounds)
        title, body = found[1::2] - found[0:-1:2], found[2::2] - found[1::2]
    else:
        docs = seg.docs_of(positions)
        in_title = positions < seg.body_starts[docs]
        title = np.bincount(docs[in_title], minlength=seg.doc_count)
        body = np.bincount(docs[~in_title], minlength=seg.doc_count)
    return np.minimum(title, 0xFFFF).astype(np.uint16), np.minimum(body, 0xFFFF).astype(np.uint16)


class _StableOrder:
    """``np.argsort(keys, kind="stable")`` read by slices from the start: only
    the prefix read so far is sorted (a search checks the best few hundred
    documents by bound, rarely all)."""

    def __init__(self, keys: np.ndarray) -> None:
        self._keys = keys
        self._prefix = np.zeros(0, dtype=np.int64)

    def _upto(self, length: int) -> np.ndarray:
        keys = self._keys
        length = min(length, len(keys))
        if len(self._prefix) < length:
            if 4 * length >= len(keys):
                self._prefix = np.argsort(keys, kind="stable")
            else:
                # The ``length`` least (key, index) pairs, then sorted as a stable sort would.
                cut = np.partition(keys, length - 1)[length - 1]
                less = np.flatnonzero(keys < cut)
                ties = np.flatnonzero(keys == cut)[: length - len(less)]
                chosen = np.sort(np.concatenate([less, ties]))
                self._prefix = chosen[np.argsort(keys[chosen], kind="stable")]
        return self._prefix

    def __getitem__(self, item: slice | int):
        if isinstance(item, slice):
            return self._upto(item.stop)[item]
        return self._upto(item + 1)[item]


def _searches(positions: np.ndarray, *bounds: np.ndarray) -> list[np.ndarray]:
    """``np.searchsorted(positions, b)`` for each of ``bounds`` (equal lengths),
    made as one sequence interleaving them: for documents in order (start,
    body start, end...) it ascends, and numpy narrows each search from the
    previous one (about twice as fast as separate sequences)."""
    keys = np.empty((len(bounds[0]), len(bounds)), dtype=np.result_type(*bounds))
    for k, values in enumerate(bounds):
        keys[:, k] = values
    found = np.searchsorted(positions, keys.ravel()).reshape(keys.shape)
    return [found[:, k] for k in range(len(bounds))]


def _best_few(values: np.ndarray, count: int) -> np.ndarray:
    """The ``count`` largest values (all if fewer), in no order."""
    return values if len(values) <= count else -np.partition(-values, count - 1)[:count]


def _within(seg: Segment, positions: np.ndarray, docs: np.ndarray) -> np.ndarray:
    """The positions that fall in the given (sorted) documents."""
    lo, hi = _searches(positions, seg.doc_starts[docs], seg.doc_starts[docs + 1])
    sizes = hi - lo
    total = int(sizes.sum())
    if total == 0:
        return positions[:0]
    # Concatenated ranges lo[k]..hi[k]: a running index reset at each range start.
    steps = np.ones(total, dtype=np.int64)
    ends = np.cumsum(sizes)
    nonempty = sizes > 0
    starts_at = (ends - sizes)[nonempty]
    steps[0] = lo[nonempty][0]
    if len(starts_at) > 1:
        prev_end = hi[nonempty][:-1]
        steps[starts_at[1:]] = lo[nonempty][1:] - prev_end + 1
    return positions[np.cumsum(steps)]


def _distinct_docs(seg: Segment, docs: np.ndarray) -> np.ndarray:
    """Sorted distinct local document numbers (linear, unlike a sort)."""
    mark = np.zeros(seg.doc_count, dtype=bool)
    mark[docs] = True
    return np.flatnonzero(mark)


def _documents_mask(seg: Segment, arrays: list[np.ndarray]) -> np.ndarray:
    """Per local document: whether it holds any of the positions."""
    mark = np.zeros(seg.doc_count, dtype=bool)
    for positions in arrays:
        mark[seg.docs_of(positions)] = True
    return mark


def _documents(seg: Segment, arrays: list[np.ndarray]) -> np.ndarray:
    """Sorted local numbers of the documents holding any of the positions."""
    return np.flatnonzero(_documents_mask(seg, arrays))


def _merged(term_slices) -> np.ndarray:
    if len(term_slices) == 1:
        return term_slices[0][0]
    return np.sort(np.concatenate([p for p, _ in term_slices]))


def _membership(term_slices, targets: np.ndarray) -> np.ndarray:
    """Weight of the best slice containing each target position (0 if none)."""
    out = np.zeros(len(targets))
    for positions, weight in term_slices:
        index = np.minimum(np.searchsorted(positions, targets), len(positions) - 1)
        np.maximum(out, weight * (positions[index] == targets), out=out)
    return out


def _phrase_starts(seg: Segment, slices) -> np.ndarray:
    """Start positions where every term (list of weighted slices) occurs consecutively."""
    if not slices or any(not s or not any(len(p) for p, _ in s) for s in slices):
        return np.zeros(0, dtype=np.int64)
    rarest = min(range(len(slices)), key=lambda i: sum(len(p) for p, _ in slices[i]))
    starts = _merged(slices[rarest]).astype(np.int64) - rarest
    for i, term_slices in enumerate(slices):
        if i != rarest and len(starts):
            starts = starts[_membership(term_slices, starts + i) > 0]
    return starts


def _docs_with_phrase(seg: Segment, cand: np.ndarray, slices) -> np.ndarray:
    starts = _phrase_starts(seg, slices)
    return np.isin(cand, seg.docs_of(starts)) if len(starts) else np.zeros(len(cand), dtype=bool)


def _group_ok(seg: Segment, cand: np.ndarray, plans: list[_TermPlan], slices) -> np.ndarray:
    """Quoted and joined phrases must occur as phrases."""
    ok = np.ones(len(cand), dtype=bool)
    groups: dict[int, list[int]] = {}
    for i, plan in enumerate(plans):
        if plan.term.group is not None:
            groups.setdefault(plan.term.group, []).append(i)
    for members in groups.values():
        ok &= _docs_with_phrase(seg, cand, [slices[i] for i in members])
    return ok


def _excluded(seg: Segment, cand: np.ndarray, parsed: ParsedQuery, index: SearchIndex, state: IndexState) -> np.ndarray:
    out = np.zeros(len(cand), dtype=bool)
    for phrase in parsed.excluded:
        ids = [index._folded_id(word, state) for word in phrase]
        if None not in ids:
            out |= _docs_with_phrase(seg, cand, [[(seg.positions(i), 1.0)] for i in ids])
    return out


def _concatenate(parts: list[_Scored]) -> _Scored | None:
    if not parts:
        return None
    arrays = ("docs", "scores", "present", "strict", "allowed")
    return _Scored(*(np.concatenate([getattr(p, f) for p in parts]) for f in arrays), np.concatenate([p.unscored for p in parts]))


def _best_per_doc(parts: list[_Scored]) -> _Scored | None:
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
    return _Scored(*(np.concatenate([getattr(p, f) for p in parts])[pick] for f in arrays), np.concatenate([p.unscored for p in parts]))


def _top(scores: np.ndarray, docs: np.ndarray, limit: int) -> list[int]:
    """Indexes of the best ``limit`` scores, ties broken by document order."""
    if len(scores) > limit:
        part = np.argpartition(-scores, limit - 1)[:limit]
        cutoff = scores[part].min()
        part = np.flatnonzero(scores >= cutoff)
    else:
        part = np.arange(len(scores))
    order = np.lexsort((docs[part], -scores[part]))
    return [int(i) for i in part[order][:limit]]


def find_matches(article: Article, query: str) -> list[MatchSpan]:
    """Every match of ``query`` in ``article`` (title spans first, then body in
    order), by the search rules: phrases when the whole query occurs as one,
    else each matching word."""
    terms = parse_query(query).terms
    return article_matches(article, terms)
