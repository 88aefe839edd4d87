"""Numpy helpers over a segment's sorted position arrays: binary searches made
as one ascending sequence, positions within documents, documents of positions,
partial orders.  Every stage of the search uses them; they know nothing of
queries."""

from __future__ import annotations

import numpy as np

from ..index import BLOCK_SHIFT, Segment
from ..kernels import found_in, mark_documents, search_sorted


class StableOrder:
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


def searches(positions: np.ndarray, *bounds: np.ndarray) -> list[np.ndarray]:
    """``np.searchsorted(positions, b)`` for each of ``bounds`` (equal lengths),
    made as one sequence interleaving them: for documents in order (start,
    body start, end...) it ascends, and each search gallops on from the previous
    answer (see :func:`~tui.core.kernels.search_sorted`)."""
    keys = np.empty((len(bounds[0]), len(bounds)), dtype=np.result_type(*bounds))
    for k, values in enumerate(bounds):
        keys[:, k] = values
    found = search_sorted(positions, keys.ravel()).reshape(keys.shape)
    return [found[:, k] for k in range(len(bounds))]


def best_few(values: np.ndarray, count: int) -> np.ndarray:
    """The ``count`` largest values (all if fewer), in no order."""
    return values if len(values) <= count else -np.partition(-values, count - 1)[:count]


#: Positions per document below which :func:`within` marks the documents and looks up
#: each position's (linear) rather than searching each document's bounds.
WITHIN_MARK = 8


def within(seg: Segment, positions: np.ndarray, docs: np.ndarray) -> np.ndarray:
    """The positions that fall in the given (sorted, distinct) documents, in order."""
    if len(positions) < WITHIN_MARK * len(docs):
        mark = np.zeros(seg.doc_count, dtype=bool)
        mark[docs] = True
        return positions[mark[seg.docs_of(positions)]]
    lo, hi = searches(positions, seg.doc_starts[docs], seg.doc_starts[docs + 1])
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


def distinct_docs(seg: Segment, docs: np.ndarray) -> np.ndarray:
    """Sorted distinct local document numbers (linear, unlike a sort)."""
    mark = np.zeros(seg.doc_count, dtype=bool)
    mark[docs] = True
    return np.flatnonzero(mark)


def documents_mask(seg: Segment, arrays: list[np.ndarray]) -> np.ndarray:
    """Per local document: whether it holds any of the positions."""
    mark = np.zeros(seg.doc_count, dtype=bool)
    for positions in arrays:
        mark_documents(seg.doc_blocks, seg.doc_starts, positions, BLOCK_SHIFT, mark)
    return mark


def documents(seg: Segment, arrays: list[np.ndarray]) -> np.ndarray:
    """Sorted local numbers of the documents holding any of the positions."""
    return np.flatnonzero(documents_mask(seg, arrays))


def merged_positions(term_slices) -> np.ndarray:
    if len(term_slices) == 1:
        return term_slices[0][0]
    return np.sort(np.concatenate([p for p, _ in term_slices]))


def among(targets: np.ndarray, values: np.ndarray) -> np.ndarray:
    """``np.isin(targets, values)`` for ``values`` ascending (document numbers found in
    order): one pass forward over them (see :func:`~tui.core.kernels.found_in`), no sort
    of both together."""
    return found_in(values, targets)


def found_in_any(term_slices, targets: np.ndarray) -> np.ndarray:
    """Per target position: whether a slice of weight above 0 holds it (``targets``
    ascending are looked up fastest: see :func:`~tui.core.kernels.found_in`)."""
    out = np.zeros(len(targets), dtype=bool)
    for positions, weight in term_slices:
        if weight > 0:
            out |= found_in(positions, targets)
    return out
