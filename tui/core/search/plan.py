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
from ..index import IndexState, Store
from ..query import (
    EXACT_WEIGHT,
    PREFIX_WEIGHT,
    TYPO_WEIGHT,
    QueryTerm,
    pinned_budget,
    typo_budget,
)
from .arrays import documents
from .phrases import phrase_starts

#: A term found in fewer documents than this is also matched by edit distance.
RARE_DF = 3
MAX_PREFIX_EXPANSIONS = 50
MAX_TYPO_EXPANSIONS = 30
#: Query words whose near-spelling tables (one byte per folded word) are kept.
PINNED_TABLES = 64
#: Folded ids below this are the index's separator tokens.
FIRST_REAL_ID = 3


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


class Planner:
    """Plans the terms of a query against one state of the index.  The typo
    cache is the index's, kept across queries (search-as-you-type repeats the
    same words keystroke after keystroke)."""

    def __init__(self, store: Store, state: IndexState, typo_cache: dict[tuple[int, str], list[tuple[int, float]]]) -> None:
        self._store = store
        self.state = state
        self._typo_cache = typo_cache

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
                split_terms.extend(QueryTerm(p.text, p.folded, next_group, literal=True) for p in split)
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
        state = self.state
        joined_df = self.df(term.folded)
        frequent = FrequentSyllables(self, joined_df)
        split = split_joined(term, frequent)
        if split is None:
            return None
        ids = [self.folded_id(p.folded) for p in split]
        docs = 0
        for seg in state.segments:
            starts = phrase_starts(seg, [[(seg.positions(i), 1.0)] for i in ids])
            docs += len(documents(seg, [starts]))
        return split if docs and docs >= joined_df else None

    def plan(self, term: QueryTerm) -> TermPlan:
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
        return TermPlan(term, entries, exact_id, idf, table, wider, table[state.term_to_folded])

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
