"""Candidate counts: per-document counts of a term's words (cached for the
common ones), and the documents holding every term of a query."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Collection
from functools import partial

import numpy as np

from .. import kernels
from ..index import BLOCK_SHIFT, Segment
from .arrays import documents, documents_mask, searches

#: Words with at least this many positions in a segment (and half its documents)
#: are counted per document once and cached (see DocCounts).
DENSE_MIN_POSITIONS = 5_000
#: A term with this many dense words (of one weight, e.g. a short prefix) is
#: scored lazily (see :func:`tui.core.search.lazy.score_lazily`).
LAZY_MIN_WORDS = 4
DOC_COUNTS_BYTES = 64 << 20


class DocCounts:
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
        found = count_by_document(seg, seg.positions(folded_id))
        size = found[0].nbytes + found[1].nbytes
        with self._lock:
            if key not in self._entries:
                self._entries[key] = found
                self._bytes += size
                while self._bytes > self._limit and len(self._entries) > 1:
                    _, (title, body) = self._entries.popitem(last=False)
                    self._bytes -= title.nbytes + body.nbytes
        return found


class Dense:
    """Per (term, slice) of one segment's query: the cached per-document counts
    of the word when it has many positions, else None (binary searches over
    the candidates are cheaper)."""

    def __init__(self, counts: DocCounts, seg: Segment, entries: list[list[tuple[int, float]]]) -> None:
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

    def counted(self, i: int) -> list[Callable[[], tuple[np.ndarray, np.ndarray]] | None]:
        """Per word of term ``i``: what gives its per-document counts if it is dense (see
        :func:`presence_in`), else None."""
        return [partial(self.get, i, j) if self.is_dense(i, j) else None for j in range(len(self._entries[i]))]

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


def count_by_document(seg: Segment, positions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Occurrences in the title and in the body of every document (uint16 each,
    saturated: BM25 saturates long before)."""
    return kernels.count_by_document(positions, seg.doc_starts, seg.body_starts, seg.doc_blocks, BLOCK_SHIFT)


def documents_with_all(seg: Segment, slices, by_size: list[int], dense: "Dense | None" = None, lazy: Collection[int] = ()) -> np.ndarray:
    """Documents holding every term: those of the rarest, narrowed term by term
    (``lazy`` terms last, by :func:`presence_in`)."""
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
        cand = documents(seg, [p for p, _ in slices[by_size[0]]])
    for i in by_size[1:]:
        if len(cand) == 0:
            break
        if i in lazy:
            cand = cand[presence_in(seg, [p for p, _ in slices[i]], cand, dense.counted(i) if dense is not None else None)]
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
            present |= documents_mask(seg, others)[cand]
        else:
            starts, ends = seg.doc_starts[cand], seg.doc_starts[cand + 1]
            for positions in others:
                a, c = searches(positions, starts, ends)
                present |= c > a
        cand = cand[present]
    return cand


def presence_in(seg: Segment, arrays: list[np.ndarray], docs: np.ndarray,
                counted: "list[Callable[[], tuple[np.ndarray, np.ndarray]] | None] | None" = None) -> np.ndarray:
    """Per document of ``docs`` (sorted): whether it holds a position of any of
    the arrays.  Largest array first, each checked only in the documents not
    found yet: the commonest words of a prefix settle nearly every document.
    ``counted``: per array, what gives its per-document title and body counts
    (:meth:`Dense.get`, kept across queries) where it has them: read at the
    documents left instead of a pass over its positions."""
    present = np.zeros(len(docs), dtype=bool)
    todo = np.arange(len(docs))
    for positions, counts in sorted(zip(arrays, counted or [None] * len(arrays)), key=lambda pair: len(pair[0]), reverse=True):
        if len(todo) == 0:
            break
        if len(positions) == 0:
            continue
        left = docs[todo]
        if counts is not None:
            title, body = counts()
            hit = (title[left] > 0) | (body[left] > 0)
        elif len(positions) < 8 * len(left):
            hit = documents_mask(seg, [positions])[left]
        else:
            a, c = searches(positions, seg.doc_starts[left], seg.doc_starts[left + 1])
            hit = c > a
        present[todo[hit]] = True
        todo = todo[~hit]
    return present
