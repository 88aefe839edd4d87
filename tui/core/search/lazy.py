"""Lazy scoring: a term expanded to many common words (a short prefix) is only
counted in the documents whose score bound can reach the top."""

from __future__ import annotations

from collections.abc import Collection

import numpy as np

from ..index import IndexState, Segment
from ..kernels import search_sorted
from .arrays import best_few
from .counts import Dense, presence_in
from .features import DocFeatures
from .phrases import AnchorPhrases
from .plan import TermPlan
from .results import Scored
from .tiers import tier_offset
from .weights import BM25_B, BM25_K1, TITLE_TF_FACTOR, W_BM25, W_TITLE_TERMS

#: Position reads one binary search per document and word is taken to cost
#: (three are made per pair): lazily counted words are read by binary searches
#: in fewer documents than their positions over this, else counted whole.
SEARCH_COST = 8


class LazyCounts:
    """Stands for :class:`Dense` with the lazy terms' dense words summed by
    binary searches in ``docs`` only (the same integers the cached per-word
    counts hold there), or, given ``presence``, as a lower bound: no title
    occurrence and one body occurrence in the documents holding the term."""

    def __init__(self, dense: "Dense", seg: Segment, slices, lazy: Collection[int], docs: np.ndarray, presence: dict[int, np.ndarray] | None = None) -> None:
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
            found = search_sorted(positions, bounds).reshape(-1, 3)
            title_sum += np.minimum(found[:, 1] - found[:, 0], 0xFFFF)
            body_sum += np.minimum(found[:, 2] - found[:, 1], 0xFFFF)
        title[docs] = title_sum
        body[docs] = body_sum
        return [(weight, title, body)], rest


def score_lazily(seg: Segment, cand: np.ndarray, allowed: np.ndarray, plans: list[TermPlan], slices, phrases: "AnchorPhrases | None", state: IndexState, dense: "Dense", lazy: Collection[int], need_exact: bool, limit: int, with_all: np.ndarray, levels: np.ndarray) -> Scored | None:
    """Score the candidates (each holds every term or a phrase) without
    counting the lazy terms' words in every document.  With at least ``limit``
    allowed: each candidate's score is bounded from below (the term found
    once, in the body) and above (in the title, its BM25 share saturated);
    only those whose upper bound reaches the ``limit``-th lower bound can rank
    and are scored exactly (words counted by binary searches in them); the
    other allowed ones are counted, the rest dropped (none would be shown, and
    at least ``limit`` are kept).  Failing that, every candidate is scored
    exactly so.  The result is the full pass's.  None when binary searches
    would cost more than counting every position.  ``levels``: the
    candidates' tiers (see :mod:`.tiers`), added to their scores and bounds."""
    offset = tier_offset(levels)
    words = sum(dense.is_dense(i, j) for i in lazy for j in range(len(slices[i])))
    positions = sum(len(p) for i in lazy for j, (p, _) in enumerate(slices[i]) if dense.is_dense(i, j))

    def exactly(index: np.ndarray) -> DocFeatures:
        docs = cand[index]
        features = DocFeatures(seg, docs, plans, slices, need_exact=need_exact, dense=LazyCounts(dense, seg, slices, lazy, docs))
        if phrases is not None:
            features.add_phrases(phrases)
        return features

    def everything() -> Scored | None:
        if len(cand) * words * SEARCH_COST > positions:
            return None
        features = exactly(np.arange(len(cand)))
        return Scored(cand + seg.doc_base, features.scores(state) + offset, features.present_count(), features.strict(), allowed,
                      np.zeros(0, dtype=np.int64), levels, np.zeros(0, dtype=np.int8))

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
        found[others] = presence_in(seg, [p for p, _ in slices[i]], cand[others], dense.counted(i))
        presence[i] = found
    low = DocFeatures(seg, cand, plans, slices, need_exact=need_exact, dense=LazyCounts(dense, seg, slices, lazy, cand, presence))
    if phrases is not None:
        low.add_phrases(phrases)
    lower = low.scores(state) + offset
    n = len(plans)
    idf = np.array([plan.idf for plan in plans])
    average = max(state.body_tokens / max(state.doc_count, 1), 1.0)
    norm = BM25_K1 * (1 - BM25_B + BM25_B * low.body_len / average)
    gap = np.zeros(len(cand))
    for i in lazy:
        tf = low.body_tf[i] + TITLE_TF_FACTOR * low.title_tf[i]
        gap += presence[i] * (W_TITLE_TERMS * slices[i][0][1] / n + W_BM25 * idf[i] * (1.0 - tf / (tf + norm)) / max(float(idf.sum()), 1e-9))
    upper = lower + gap + 1e-6
    threshold = best_few(lower[allowed], limit).min()
    contenders = np.flatnonzero(allowed & (upper >= threshold))
    if len(contenders) * words * SEARCH_COST > positions:
        return everything()
    # The contenders' features: the lower bound's, with the lazy terms counted.
    features = low.subset(contenders)
    for name in ("phrase", "title_phrase", "run", "phrase_exact"):
        setattr(features, name, getattr(low, name)[contenders])
    counts = LazyCounts(dense, seg, slices, lazy, cand[contenders])
    for i in lazy:
        features.title_tf[i] = 0.0
        features.body_tf[i] = 0.0
        features.best[i] = 0.0
        features.exact[i] = False
        features.count_term(i, slices[i], counts, need_exact)
    counted = allowed.copy()
    counted[contenders] = False
    docs = cand[contenders]
    return Scored(docs + seg.doc_base, features.scores(state) + offset[contenders], features.present_count(), features.strict(),
                  np.ones(len(docs), dtype=bool), cand[counted] + seg.doc_base, levels[contenders], levels[counted])
