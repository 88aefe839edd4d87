"""Phrase anchors: where the query's terms stand consecutively and in order
(with one mistyped term pinned by its neighbours), quoted and joined phrases,
and excluded phrases.

Positions run on across clause breaks (``tố... làm`` are neighbours), so an
in-order run there is still evidence for ranking; a *phrase* is a run whose
clause breaks are those typed (none, unless the query has punctuation).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import TYPE_CHECKING

import numpy as np

from ..index import IndexState, Segment
from ..query import EXACT_WEIGHT, TYPO_WEIGHT
from .arrays import among, distinct_docs, found_in_any, merged_positions
from ..kernels import anchor_outcomes, no_break_within, odd_words, slot_weights


if TYPE_CHECKING:
    from .plan import PinnedTypos, TermPlan


#: Articles a word is found in below which it may be a misspelling (as the planner's
#: ``RARE_DF``, below which a word typed alone is also matched by edit distance).
MISSPELLING_DF = 3


class AnchorPhrases:
    """Where the query's terms stand in order, checked at every position of its
    one or two rarest terms (every phrase, and every phrase with one mistyped
    term, contains one of them).  Per anchor (a would-be phrase start): the
    weight of each slot, full (near-)phrase or not, the longest in-order run."""

    def __init__(self, seg: Segment, plans: list[TermPlan], slices, anchor_terms: list[int], state: IndexState, pinned: "PinnedTypos", vocab: list[str]) -> None:
        n = len(plans)
        blocks = [(p, i) for i in anchor_terms for p, _ in slices[i] if len(p)]
        if len(blocks) == 1:
            anchors = blocks[0][0] - blocks[0][1]  # already a new array: no copy by a concatenation
        else:
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
        # Slots read rarest term first, so an anchor with two words out of place is
        # dropped as early as possible.
        order = sorted(range(n), key=lambda t: sum(len(p) for p, _ in slices[t]))
        if known is not None:
            order.remove(known[0])  # a word of its own term is never out of place
        # Only the anchors with at most one slot out of place come back (with three words
        # or more, a few hundred of a common word's hundred thousand).
        kept, weights, misses, miss_slot, miss_id = slot_weights(seg.stream, anchors, [plan.by_term for plan in plans], order, known)
        if len(kept) < len(anchors):
            # With two words every anchor is kept (one slot out of place at most): no copy then.
            anchors = anchors.take(kept)
        # Where all slots but one hold their words, the odd one is accepted if the word found
        # there is within a typo of its term (its neighbours pin the place), and the anchor
        # is a (near-)phrase.  With more than two words, an anchor whose odd word is no typo
        # keeps the longer side of it as its run; one with two words out of place, none.
        # With two words, only where one of the two may be a misspelling: the word typed,
        # or the word found, is one that fewer than ``MISSPELLING_DF`` articles hold.  One
        # neighbour pins a place too loosely to swap one common word for another: ``to lam``
        # is not ``ô tô năm``, ``ca mau`` not ``các mẫu`` (they made 12,000 ``near`` hits on
        # the judged set, none relevant: ``bench/rank_judged.py``), while ``hop tsc`` still
        # finds ``hợp tác`` and ``minh chinh`` an article's ``Minh Chímh``; a run of one word
        # says nothing.  The edit distance is asked only of the distinct words that may be
        # typos (odd_words), then every anchor is settled in one pass (anchor_outcomes): a
        # common word anchors a hundred thousand places, most with the other word out of place.
        rare = pinned.rare_terms(state, MISSPELLING_DF)
        restrict = [n == 2 and _typed_is_common(plan, state) for plan in plans]
        # Read as booleans (odd_words writes 0 or 1): numpy finds the few words set in a row
        # of bools twenty times quicker than in one of bytes (0.12 ms a row of 62,000).
        need = odd_words(misses, miss_slot, miss_id, state.term_to_folded, rare, restrict, n, state.folded_count).view(bool)
        fits = [pinned.table(plans[i].term.folded, np.flatnonzero(need[i]), state, vocab) if need[i].any()
                else np.zeros(state.folded_count, dtype=np.int8) for i in range(n)]
        anchors, weights, runs = anchor_outcomes(anchors, weights, misses, miss_slot, miss_id, state.term_to_folded, rare,
                                                 restrict, fits, TYPO_WEIGHT, n == 2)
        self._hold(seg, plans, anchors, weights, runs, seg.docs_of(anchors))

    def _hold(self, seg: Segment, plans: list[TermPlan], anchors: np.ndarray, weights: np.ndarray, runs: np.ndarray,
              docs: np.ndarray) -> None:
        """Keep what an anchoring found (by :meth:`__init__`, or :meth:`joined` from two),
        and what follows from it."""
        self.seg = seg
        self.plans = plans
        self.anchors = anchors
        self.weights = weights  # float32 (exact for every weight); float64 where averaged
        self.runs = runs
        self.full = runs == len(plans)
        self.docs = docs
        # Asked for by the tiers and by the pruning of the same segment: made once.
        self._matching: np.ndarray | None = None
        self._exact: np.ndarray | None = None

    def joined(self, other: "AnchorPhrases") -> "AnchorPhrases":
        """These anchors followed by ``other``'s (the same segment and terms, anchored on
        other terms): what one :class:`AnchorPhrases` anchored on both sets of terms finds,
        in its order.  Each anchor's outcome depends on that anchor alone (the word read at
        its own term's slot weighs what the known weight does, never out of place; a pinned
        typo's table answers per word), so phrases anchored on the two rarest terms reuse
        those the rarest alone found, read while deciding (see ``AcrossSegments``)."""
        if len(other.anchors) == 0:
            return self
        if len(self.anchors) == 0:
            return other
        both = object.__new__(AnchorPhrases)  # nothing to read: the two anchorings are made
        both._hold(self.seg, self.plans, np.concatenate([self.anchors, other.anchors]),
                   np.concatenate([self.weights, other.weights], axis=1), np.concatenate([self.runs, other.runs]),
                   np.concatenate([self.docs, other.docs]))
        return both

    def matching_docs(self) -> np.ndarray:
        """Documents with the whole query as a (near-)phrase (do not modify: kept)."""
        if self._matching is None:
            self._matching = distinct_docs(self.seg, self.docs[self.full])
        return self._matching

    def exact_docs(self) -> np.ndarray:
        """Documents with the whole query as a phrase, every word as typed (folded),
        clause breaks only where typed (do not modify: kept)."""
        if self._exact is None:
            exact = np.flatnonzero(self.full & (self.weights == EXACT_WEIGHT).all(axis=0))
            exact = exact[breaks_as_typed(self.seg, self.anchors[exact], [plan.term.break_before for plan in self.plans])]
            self._exact = distinct_docs(self.seg, self.docs[exact])
        return self._exact

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


def _typed_is_common(plan: TermPlan, state: IndexState) -> bool:
    """The query word of ``plan`` is in the index as typed, in at least ``MISSPELLING_DF`` articles."""
    typed = plan.entries[0][0] if plan.entries and plan.entries[0][1] == EXACT_WEIGHT else None
    return typed is not None and state.df[typed] >= MISSPELLING_DF


def breaks_as_typed(seg: Segment, starts: np.ndarray, typed: list[bool]) -> np.ndarray:
    """Per start of a run of ``len(typed)`` words: whether the clause breaks inside it
    are exactly those typed (``typed[i]``: one before the ``i``-th word; the first's
    is ignored)."""
    if len(starts) == 0 or len(typed) < 2:
        return np.ones(len(starts), dtype=bool)
    if not any(typed[1:]):
        return no_break_within(seg.clause_starts, starts, len(typed) - 1)
    ok = np.ones(len(starts), dtype=bool)
    for i, wanted in enumerate(typed[1:], 1):
        ok &= seg.break_before(starts + i) == wanted
    return ok


def phrase_starts(seg: Segment, slices, typed: list[bool] | None = None) -> np.ndarray:
    """Start positions where every term (list of weighted slices) occurs consecutively,
    with clause breaks where ``typed`` has them (none by default)."""
    if not slices or any(not s or not any(len(p) for p, _ in s) for s in slices):
        return np.zeros(0, dtype=np.int64)
    rarest = min(range(len(slices)), key=lambda i: sum(len(p) for p, _ in slices[i]))
    starts = merged_positions(slices[rarest]).astype(np.int64) - rarest
    for i, term_slices in enumerate(slices):
        if i != rarest and len(starts):
            starts = starts[found_in_any(term_slices, starts + i)]
    return starts[breaks_as_typed(seg, starts, typed or [False] * len(slices))]


def docs_with_phrase(seg: Segment, cand: np.ndarray, slices, typed: list[bool] | None = None) -> np.ndarray:
    starts = phrase_starts(seg, slices, typed)
    return among(cand, seg.docs_of(starts)) if len(starts) else np.zeros(len(cand), dtype=bool)


#: Bytes of phrase starts :class:`KnownPhrases` keeps.
KNOWN_PHRASES_BYTES = 8 << 20


class KnownPhrases:
    """Where phrases of words (folded ids, each exactly) start in a segment, and the
    documents of those starts, kept for the next look-ups: the planner reads a joined
    word's split over the whole index to decide it (``vietnam`` -> ``viet nam``), and the
    candidates of the split variant must then hold it as a phrase (:func:`group_ok`) — in
    this query and the next ones (search-as-you-type): the same starts, read once.  The
    least recently used go first once ``limit_bytes`` of starts are held."""

    def __init__(self, limit_bytes: int = KNOWN_PHRASES_BYTES) -> None:
        self._entries: OrderedDict[tuple, list] = OrderedDict()
        self._bytes = 0
        self._limit = limit_bytes
        self._lock = threading.Lock()

    def _entry(self, seg: Segment, ids: list[int], typed: list[bool] | None) -> list:
        # The index only grows and a segment never changes: its first document and the
        # length of its stream name its contents (as for :class:`~.counts.DocCounts`).
        key = (seg.doc_base, len(seg.stream), tuple(ids), tuple(typed[1:]) if typed else (False,) * (len(ids) - 1))
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
                return found
        starts = phrase_starts(seg, [[(seg.positions(i), 1.0)] for i in ids], typed)
        entry = [starts, None]
        with self._lock:
            if key not in self._entries:
                self._entries[key] = entry
                self._bytes += starts.nbytes
                while self._bytes > self._limit and len(self._entries) > 1:
                    _, old = self._entries.popitem(last=False)
                    self._bytes -= old[0].nbytes
        return entry

    def starts(self, seg: Segment, ids: list[int], typed: list[bool] | None = None) -> np.ndarray:
        """:func:`phrase_starts` of the words ``ids`` (do not modify: kept)."""
        return self._entry(seg, ids, typed)[0]

    def docs(self, seg: Segment, ids: list[int], typed: list[bool] | None = None) -> np.ndarray:
        """The document of each of :meth:`starts` (ascending; do not modify: kept)."""
        entry = self._entry(seg, ids, typed)
        if entry[1] is None:
            entry[1] = seg.docs_of(entry[0])  # the same array whichever thread writes it
        return entry[1]


def group_ok(seg: Segment, cand: np.ndarray, plans: list[TermPlan], slices, known: KnownPhrases | None = None) -> np.ndarray:
    """Quoted and joined phrases must occur as phrases (``known``: phrases of single
    words, looked up there, e.g. a split the planner read)."""
    ok = np.ones(len(cand), dtype=bool)
    groups: dict[int, list[int]] = {}
    for i, plan in enumerate(plans):
        if plan.term.group is not None:
            groups.setdefault(plan.term.group, []).append(i)
    for members in groups.values():
        typed = [plans[i].term.break_before for i in members]
        if known is not None and all(len(plans[i].entries) == 1 and len(slices[i]) == 1 for i in members):
            # Each word is looked up as itself (a quoted or split word is literal): its
            # slice here is its own positions.
            docs = known.docs(seg, [plans[i].entries[0][0] for i in members], typed)
            ok &= among(cand, docs) if len(docs) else np.zeros(len(cand), dtype=bool)
        else:
            ok &= docs_with_phrase(seg, cand, [slices[i] for i in members], typed)
    return ok


def excluded(seg: Segment, cand: np.ndarray, phrases: list[list[int]]) -> np.ndarray:
    """Per candidate: whether it holds one of the excluded phrases (folded ids)."""
    out = np.zeros(len(cand), dtype=bool)
    for ids in phrases:
        out |= docs_with_phrase(seg, cand, [[(seg.positions(i), 1.0)] for i in ids])
    return out
