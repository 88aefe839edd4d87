"""Per-document features of one segment's candidates (term counts, best
weights, exact diacritics, phrase signals) and their score."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..index import IndexState, Segment
from ..kernels import feature_scores
from ..query import EXACT_WEIGHT
from .arrays import searches, within
from .weights import (
    BM25_B,
    BM25_K1,
    TITLE_TF_FACTOR,
    W_BM25,
    W_COVERAGE,
    W_DIACRITICS,
    W_PHRASE,
    W_RUN,
    W_TITLE_PHRASE,
    W_TITLE_TERMS,
)


#: The weights :meth:`DocFeatures.scores` gives the signals, in the order
#: :func:`~tui.core.kernels.feature_scores` takes them.
SIGNALS = (W_PHRASE, W_RUN, W_COVERAGE, W_TITLE_TERMS, W_TITLE_PHRASE, W_BM25, W_DIACRITICS, TITLE_TF_FACTOR, BM25_K1, BM25_B)


if TYPE_CHECKING:
    from .counts import Dense
    from .lazy import LazyCounts
    from .phrases import AnchorPhrases
    from .plan import TermPlan


class DocFeatures:
    """Ranking signals of the candidate documents of one segment."""

    def __init__(self, seg: Segment, cand: np.ndarray, plans: list[TermPlan], slices, need_exact: bool = True, dense: "Dense | None" = None) -> None:
        self.seg = seg
        self.cand = cand
        self.plans = plans
        self._slots: np.ndarray | None = None
        self._doc_bounds: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        n, m = len(plans), len(cand)
        _, mids, ends = self._bounds()
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

    def count_term(self, i: int, term_slices, dense: "Dense | LazyCounts | None", need_exact: bool) -> None:
        """Counts, best weight and exact-diacritics presence of term ``i`` (its
        rows must be zero)."""
        seg, cand = self.seg, self.cand
        starts, mids, ends = self._bounds()
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
                a, b, c = searches(positions, starts, mids, ends)
                self.title_tf[i] += b - a
                self.body_tf[i] += c - b
                np.maximum(self.best[i], c > a, out=self.best[i])
            else:
                expansions.append((positions, weight))
        if expansions:
            self._count_expansions(i, expansions)
        exact_positions = self._exact_positions(i) if need_exact else None
        if exact_positions is not None:
            a, c = searches(exact_positions, starts, ends)
            self.exact[i] = c > a

    def _count_expansions(self, i: int, expansions: list[tuple[np.ndarray, float]]) -> None:
        """Prefix and typo matches: weighted counts by document (one pass over
        all their positions, however many words the term expanded to)."""
        total = sum(len(p) for p, _ in expansions)
        if 8 * len(self.cand) * len(expansions) < total and (self.cand[1:] > self.cand[:-1]).all():
            # Few candidates: only the positions inside them are read (in the
            # same order, so the sums below are the same).
            expansions = [(within(self.seg, p, self.cand), w) for p, w in expansions]
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

    def subset(self, index: np.ndarray) -> "DocFeatures":
        """The features of ``cand[index]`` (no phrase signals yet)."""
        out = object.__new__(DocFeatures)
        out.seg, out.plans, out._slots, out._doc_bounds = self.seg, self.plans, None, None
        out.cand = self.cand[index]
        out.body_len = self.body_len[index]
        for name in ("title_tf", "body_tf", "best", "exact"):
            setattr(out, name, getattr(self, name)[:, index])
        m = len(out.cand)
        out.phrase, out.title_phrase, out.run = np.zeros(m), np.zeros(m), np.zeros(m)
        out.phrase_exact = np.full(m, -1.0)
        return out

    def _bounds(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Start, body start and end of each candidate, gathered once: every term's
        count reads them (tens of thousands of candidates for a common word)."""
        if self._doc_bounds is None:
            seg, cand = self.seg, self.cand
            self._doc_bounds = (seg.doc_starts[cand], seg.body_starts[cand], seg.doc_starts[cand + 1])
        return self._doc_bounds

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

    def add_phrases(self, phrases: AnchorPhrases) -> None:
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
        """Each candidate's score (see :func:`~tui.core.kernels.feature_scores_numpy`)."""
        avg = max(state.body_tokens / max(state.doc_count, 1), 1.0)
        idf = np.array([plan.idf for plan in self.plans], dtype=np.float64)
        return feature_scores(self.best, self.title_tf, self.body_tf, self.body_len, self.phrase, self.title_phrase,
                              self.run, idf, self._diacritics(), avg, SIGNALS)

    def _diacritics(self) -> np.ndarray:
        """Exact-diacritic share: from the best phrase if any, else from presence."""
        accented = [i for i, plan in enumerate(self.plans) if plan.term.accented]
        if not accented:
            return np.zeros(len(self.cand))
        presence = self.exact[accented].mean(axis=0)
        return np.where(self.phrase_exact >= 0, self.phrase_exact, presence)
