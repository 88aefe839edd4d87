"""Query plan: how each query term is looked up — its folded word, prefix
completions and near spellings (typo expansion) with their weights — and the
query's variants (joined syllables split: ``vietnam`` -> ``viet nam``)."""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from ..highlight import split_joined
from ..index import FIRST_WORD_ID, IndexState, Store
from ..query import (
    EXACT_WEIGHT,
    PREFIX_WEIGHT,
    TYPO_WEIGHT,
    QueryTerm,
    pinned_budget,
    typo_budget,
)
from .arrays import documents
from .phrases import KnownPhrases

#: A term found in fewer documents than this is also matched by edit distance.
RARE_DF = 3
MAX_PREFIX_EXPANSIONS = 50
MAX_TYPO_EXPANSIONS = 30
#: Query words whose near-spelling tables (one byte per folded word) are kept.
PINNED_TABLES = 64
#: Folded ids below this are the index's separator tokens.
FIRST_REAL_ID = FIRST_WORD_ID
#: Tables of the terms a word stands for (one byte per term id) kept for the next queries.
NEAR_BITS_TABLES = 32
#: Bytes of term plans' tables kept for the next queries (a plan's tables take
#: 8 bytes per word of the vocabulary: ~0.5 MB on the 38k-article real corpus).
PLAN_CACHE_BYTES = 16 << 20


@dataclass(slots=True)
class TermPlan:
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


class PlanCache:
    """Term plans and joined-syllable splits kept across queries, per state of the
    index (search-as-you-type repeats the same words keystroke after keystroke,
    and a plan costs two passes over the vocabulary).  Least recently used plans
    go first once ``limit_bytes`` of tables are held."""

    def __init__(self, limit_bytes: int = PLAN_CACHE_BYTES) -> None:
        self._plans: OrderedDict[tuple, TermPlan] = OrderedDict()
        self._splits: dict[tuple, list[QueryTerm] | None] = {}
        self._lengths: tuple[int, np.ndarray, list[str], np.ndarray, np.ndarray] | None = None
        self._bytes = 0
        self._limit = limit_bytes
        self._lock = threading.Lock()
        #: Starts of the joined words' splits read (see :class:`KnownPhrases`).
        self.phrases = KnownPhrases()
        self._bits: dict = {}
        self._bits_state: tuple | None = None

    @staticmethod
    def key(state: IndexState, term: QueryTerm) -> tuple:
        # The index only grows: its document count and vocabulary sizes name a state.
        return (state.doc_count, state.folded_count, len(state.term_to_folded), term)

    def plan(self, key: tuple) -> TermPlan | None:
        with self._lock:
            found = self._plans.get(key)
            if found is not None:
                self._plans.move_to_end(key)
            return found

    def keep_plan(self, key: tuple, plan: TermPlan) -> None:
        size = plan.table.nbytes + (plan.by_term.nbytes if plan.by_term is not None else 0)
        with self._lock:
            if key in self._plans:
                return
            self._plans[key] = plan
            self._bytes += size
            while self._bytes > self._limit and len(self._plans) > 1:
                _, old = self._plans.popitem(last=False)
                self._bytes -= old.table.nbytes + (old.by_term.nbytes if old.by_term is not None else 0)

    def words_within(self, vocab: list[str], word: str, budget: int) -> tuple[np.ndarray, list[str]]:
        """The folded ids and words of ``vocab`` that may be within ``budget`` edits of
        ``word``, by length then id: those whose length is within the budget, and
        which lack at most ``budget`` of its letters and add at most ``budget`` (an
        edit removes one letter and adds one).  Letters are compared as bits of a
        64-bit mask (two letters may share a bit: the test only lets more through),
        from tables made once per size of the vocabulary."""
        _, order, by_length, masks, bounds = self.length_tables(vocab)
        first = bounds[min(max(len(word) - budget, 0), len(bounds) - 1)]
        last = bounds[min(max(len(word) + budget + 1, 0), len(bounds) - 1)]
        mine, theirs = np.uint64(_letter_mask(word)), masks[first:last]
        fit = np.flatnonzero((np.bitwise_count(theirs & ~mine) <= budget) & (np.bitwise_count(mine & ~theirs) <= budget))
        return order[first:last][fit], [by_length[first + k] for k in fit.tolist()]

    def length_tables(self, vocab: list[str]) -> tuple[int, np.ndarray, list[str], np.ndarray, np.ndarray]:
        """:meth:`words_within`'s tables for this size of ``vocab`` (made on first use):
        its size, the ids by length, the words by length, their letter masks, and where
        each length begins."""
        with self._lock:
            tables = self._lengths
        if tables is None or tables[0] != len(vocab):
            words = list(vocab)
            lengths = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
            order = np.argsort(lengths, kind="stable")
            by_length = [words[i] for i in order.tolist()]
            masks = _letter_masks(by_length, lengths[order])
            bounds = np.searchsorted(lengths[order], np.arange(lengths.max(initial=0) + 2))
            tables = (len(words), order, by_length, masks, bounds)
            with self._lock:
                self._lengths = tables
        return tables

    def near_bits(self, state: IndexState) -> dict:
        """The tables of :func:`~.tiers.term_bits` made for queries on ``state``, by their
        terms (a query's words near each other are read with one; the next query with the
        same terms, a keystroke later, reads with the same)."""
        key = (state.doc_count, state.folded_count, len(state.term_to_folded))
        with self._lock:
            if self._bits_state != key or len(self._bits) > NEAR_BITS_TABLES:
                self._bits, self._bits_state = {}, key
            return self._bits

    def split(self, key: tuple) -> tuple[bool, list[QueryTerm] | None]:
        with self._lock:
            return (key in self._splits, self._splits.get(key))

    def keep_split(self, key: tuple, split: list[QueryTerm] | None) -> None:
        with self._lock:
            if len(self._splits) > 1024:
                self._splits.clear()
            self._splits[key] = split


class Planner:
    """Plans the terms of a query against one state of the index.  The typo
    cache and the plan cache are the index's, kept across queries
    (search-as-you-type repeats the same words keystroke after keystroke)."""

    def __init__(self, store: Store, state: IndexState, typo_cache: dict[tuple[int, str], list[tuple[int, float]]],
                 plans: PlanCache | None = None) -> None:
        self._store = store
        self.state = state
        self._typo_cache = typo_cache
        self._plans = plans if plans is not None else PlanCache(0)
        self.phrases = self._plans.phrases
        self.near_bits = self._plans.near_bits(state)

    def folded_id(self, folded: str) -> int | None:
        folded_id = self._store.vocab.folded_ids.get(folded)
        return folded_id if folded_id is not None and folded_id < self.state.folded_count else None

    def df(self, folded: str) -> int:
        folded_id = self.folded_id(folded)
        return 0 if folded_id is None else int(self.state.df[folded_id])

    def variants(self, terms: list[QueryTerm]) -> list[list[QueryTerm]]:
        """The query as typed, plus a variant with joined syllables split
        (``vietnam`` -> the phrase ``viet nam``) when the split phrase is more
        common than the joined word.  The typed form stays even if it never
        occurs: it may be a typo (``hoav``), not a joined word (``hoa v``)."""
        split_terms: list[QueryTerm] = []
        next_group = 1 + max((t.group for t in terms if t.group is not None), default=-1)
        for term in terms:
            split = self.best_split(term)
            if split:
                split_terms.extend(QueryTerm(p.text, p.folded, next_group, literal=True, break_before=p.break_before)
                                   for p in split)
                next_group += 1
            else:
                split_terms.append(term)
        return [terms] if len(split_terms) == len(terms) else [terms, split_terms]

    def excluded_phrases(self, excluded: list[tuple[str, ...]]) -> list[list[int]]:
        """The folded ids of each excluded phrase found in the index, folded as
        the query is: a word typed joined is also excluded split (``-hanoi``
        excludes ``Hà Nội``) when the split is as common as for a query."""
        phrases = []
        for words in excluded:
            ids = [self.folded_id(word) for word in words]
            if None not in ids:
                phrases.append(ids)
            split = self.best_split(QueryTerm(words[0], words[0])) if len(words) == 1 else None
            if split:
                phrases.append([self.folded_id(p.folded) for p in split])
        return phrases

    def best_split(self, term: QueryTerm) -> list[QueryTerm] | None:
        if term.literal or len(term.folded) < 3:
            return None
        key = PlanCache.key(self.state, term)
        known, split = self._plans.split(key)
        if not known:
            split = self._best_split(term)
            self._plans.keep_split(key, split)
        return split

    def _best_split(self, term: QueryTerm) -> list[QueryTerm] | None:
        state = self.state
        joined_df = self.df(term.folded)
        frequent = FrequentSyllables(self, joined_df)
        split = split_joined(term, frequent)
        if split is None:
            return None
        ids = [self.folded_id(p.folded) for p in split]
        docs = 0
        for seg in state.segments:
            starts = self._plans.phrases.starts(seg, ids)
            docs += len(documents(seg, [starts]))
        return split if docs and docs >= joined_df else None

    def plan(self, term: QueryTerm) -> TermPlan:
        key = PlanCache.key(self.state, term)
        plan = self._plans.plan(key)
        if plan is None:
            plan = self._plan(term)
            self._plans.keep_plan(key, plan)
        return plan

    def _plan(self, term: QueryTerm) -> TermPlan:
        state = self.state
        folded_id = self.folded_id(term.folded)
        entries = [] if folded_id is None else [(folded_id, EXACT_WEIGHT)]
        rare = folded_id is None or state.df[folded_id] < RARE_DF
        completions: list[tuple[int, float]] = []
        if not term.literal:
            if term.prefix:
                completions = self.prefix_entries(term.folded, folded_id)
                if rare:
                    entries += completions
            if typo_budget(term.folded) and rare:
                entries += self.typo_entries(term.folded, typo_budget(term.folded))
        exact_id = self._store.vocab.term_ids.get(term.text) if term.accented else None
        df = max((int(state.df[i]) for i, _ in entries), default=0)
        n = state.doc_count
        idf = math.log(1.0 + (n - df + 0.5) / (df + 0.5))
        table = np.zeros(state.folded_count, dtype=np.float32)
        for folded_id, weight in completions + entries:
            table[folded_id] = max(table[folded_id], weight)
        wider = bool({i for i, _ in completions} - {i for i, _ in entries})
        # ``table`` by term id (``table[state.term_to_folded]``), filled in only at the terms
        # of the few words accepted instead of gathered over the whole vocabulary.
        by_term = np.zeros(len(state.term_to_folded), dtype=np.float32)
        order, starts = self._store.terms_by_folded(state)
        for folded_id in {i for i, _ in completions + entries}:
            by_term[order[starts[folded_id] : starts[folded_id + 1]]] = table[folded_id]
        return TermPlan(term, entries, exact_id, idf, table, wider, by_term)

    def prefix_entries(self, folded: str, folded_id: int | None) -> list[tuple[int, float]]:
        state = self.state
        ids = self._store.sorted_vocabulary(state).with_prefix(folded)
        ids = ids[(ids != (folded_id if folded_id is not None else -1)) & (ids < state.folded_count)]
        if len(ids) > MAX_PREFIX_EXPANSIONS:
            ids = ids[np.argsort(-state.collection_freq[ids], kind="stable")[:MAX_PREFIX_EXPANSIONS]]
        return [(int(i), PREFIX_WEIGHT) for i in ids]

    def typo_entries(self, folded: str, budget: int) -> list[tuple[int, float]]:
        """Vocabulary words within ``budget`` edits (rapidfuzz over the folded vocabulary)."""
        state = self.state
        key = (state.folded_count, folded)
        cached = self._typo_cache.get(key)
        if cached is not None:
            return cached
        # Only the words that may be near are compared (rapidfuzz compares each word it
        # is given: a few hundred instead of the whole vocabulary).
        ids, words = self._plans.words_within(self._store.vocab.folded, folded, budget)
        matches = process.extract(folded, words, scorer=Levenshtein.distance, score_cutoff=budget, limit=None)
        found = [
            (index, distance)
            for index, distance in ((int(ids[k]), distance) for _, distance, k in matches)
            if FIRST_REAL_ID <= index < state.folded_count and 0 < distance and state.df[index] > 0
        ]
        found.sort(key=lambda item: (item[1], -int(state.df[item[0]]), item[0]))
        entries = [(index, TYPO_WEIGHT) for index, _ in found[:MAX_TYPO_EXPANSIONS]]
        if len(self._typo_cache) > 1024:
            self._typo_cache.clear()
        self._typo_cache[key] = entries
        return entries


def _letter_mask(word: str) -> int:
    """The letters of ``word`` as bits (code point mod 64)."""
    mask = 0
    for char in set(word):
        mask |= 1 << (ord(char) & 63)
    return mask


def _letter_masks(words: list[str], lengths: np.ndarray) -> np.ndarray:
    """:func:`_letter_mask` of each of ``words`` (``lengths``: theirs), in one pass of
    numpy over their letters: the whole vocabulary's, at the first query with a typo."""
    codes = np.frombuffer("".join(words).encode("utf-32-le"), dtype=np.uint32)
    bits = np.left_shift(np.uint64(1), (codes & 63).astype(np.uint64))
    masks = np.zeros(len(words), dtype=np.uint64)
    filled = lengths > 0
    if filled.any():
        masks[filled] = np.bitwise_or.reduceat(bits, (np.cumsum(lengths) - lengths)[filled])
    return masks


class FrequentSyllables:
    """``in`` test: indexed words found in at least ``floor`` documents (a split
    can only be as common as the joined word if each of its parts is)."""

    def __init__(self, planner: Planner, floor: int) -> None:
        self._planner = planner
        self._floor = floor

    def __contains__(self, folded: str) -> bool:
        return self._planner.df(folded) >= max(self._floor, 1)


class PinnedTypos:
    """Whether a folded word is within :func:`pinned_budget` edits of a query
    word, per query word a table over the folded vocabulary, filled in as
    words are met and kept for the next queries (search-as-you-type repeats
    the same words keystroke after keystroke)."""

    def __init__(self) -> None:
        self._tables: OrderedDict[tuple[int, str], np.ndarray] = OrderedDict()
        self._lock = threading.Lock()
        self._rare: tuple[tuple, np.ndarray] | None = None

    def rare_terms(self, state: IndexState, below: int) -> np.ndarray:
        """Per term id: its folded word is found in fewer than ``below`` documents (kept per
        state of the index and ``below``)."""
        key = (state.doc_count, state.folded_count, len(state.term_to_folded), below)
        found = self._rare
        if found is None or found[0] != key:
            found = self._rare = (key, state.df.take(state.term_to_folded) < below)
        return found[1]

    def fits(self, target: str, folded_ids: np.ndarray, state: IndexState, vocab: list[str]) -> np.ndarray:
        """Per folded id: a real word within the budget of ``target``."""
        need = np.zeros(state.folded_count, dtype=bool)
        need[folded_ids] = True
        return self.table(target, np.flatnonzero(need), state, vocab)[folded_ids] > 0

    def table(self, target: str, distinct: np.ndarray, state: IndexState, vocab: list[str]) -> np.ndarray:
        """The table of ``target`` (per folded id: 1 a real word within its budget, 0 not,
        -1 not asked yet), filled in at the folded ids ``distinct`` (do not modify: kept)."""
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
        # Distinct words (found by marking: linear; a sort of millions of near-phrases of a
        # common phrase cost more than the rest of the search), those not asked yet.
        todo = distinct[table.take(distinct) < 0]
        if len(todo):
            budget = pinned_budget(target)
            words = [vocab[w] for w in todo.tolist()]
            distances = process.cdist([target], words, scorer=Levenshtein.distance, score_cutoff=budget, dtype=np.int32)[0]
            table[todo] = distances <= budget  # the same answer whichever thread writes it
        return table
