"""The search's hot loops, each in two forms that give the same results: a compiled one
(``_kernels.pyx``, built with Cython by ``hatch_build.py`` when the package is
installed) and its numpy twin here, which runs where the build failed, where the
compiled module was built from another ``_kernels.pyx`` (an editable install edited
since), or when ``VNBY_PURE`` is set.  ``tests/test_search_kernels.py`` checks that the
two agree.  :data:`STATUS` says which runs (the benchmarks print it)."""

from __future__ import annotations

import hashlib
import os
from importlib import resources

import numpy as np


def _compiled():
    """The compiled module, and why not when it is not used."""
    if os.environ.get("VNBY_PURE"):
        return None, "numpy (VNBY_PURE set)"
    try:
        from . import _kernels
    except ImportError:
        return None, "numpy (no compiled kernels in this install)"
    source = resources.files(__package__).joinpath("_kernels.pyx").read_bytes()
    if getattr(_kernels, "SOURCE_SHA256", None) != hashlib.sha256(source).hexdigest():
        return None, "numpy (the compiled kernels were built from another _kernels.pyx: reinstall)"
    return _kernels, "compiled"


_native, STATUS = _compiled()
#: Whether the compiled kernels run.
COMPILED = _native is not None


def no_break_within_numpy(clause_starts: np.ndarray, starts: np.ndarray, span: int) -> np.ndarray:
    """Per start: whether no clause break precedes a position in ``start+1 .. start+span``
    (``clause_starts``: ascending positions that a break precedes)."""
    if len(clause_starts) == 0:
        return np.ones(len(starts), dtype=bool)
    after = np.searchsorted(clause_starts, starts, side="right")
    return (after == len(clause_starts)) | (clause_starts.take(after, mode="clip") > starts + span)


def no_break_within(clause_starts: np.ndarray, starts: np.ndarray, span: int) -> np.ndarray:
    if _native is None or len(starts) == 0:
        return no_break_within_numpy(clause_starts, starts, span)
    out = np.empty(len(starts), dtype=np.uint8)
    _native.no_break_within(_int32(clause_starts), _int64(starts), span, out)
    return out.view(bool)


def near_anchors_numpy(stream: np.ndarray, breaks: np.ndarray, anchors: np.ndarray, bits: np.ndarray,
                       before: list[int], after: list[int], longest: int, first_word: int) -> np.ndarray:
    """Per anchor (ascending positions): whether the query terms ``before`` it (nearest
    first) and ``after`` it stand in that order on each side, the whole spanning at most
    ``longest`` places beside the anchor's, crossing no separator (a term id below
    ``first_word``); each word is a place, and so is each clause break crossed
    (``breaks``: the ascending positions a break precedes).  ``bits[id]`` has bit ``t``
    set when term id ``id`` stands for query term ``t``.  On each side the terms are
    taken greedily, nearest first: the shortest span an anchor has.

    Read from the stream on each side of each anchor, ``longest`` look-ups per side at
    most, every anchor at once."""
    size = len(stream)
    # Positions stay in the stream unless an anchor is within ``longest`` of an end.
    inside = int(anchors[0]) >= longest and int(anchors[-1]) + longest < size
    # The first clause break after each anchor (``breaks`` holds the position each one
    # precedes); the one before it is the last at or before the anchor.
    following = np.searchsorted(breaks, anchors, side="right")
    extents = []
    for side, terms in ((-1, before), (1, after)):
        # ``order[matched]``: the query's next term to find on this side (-1 once all are);
        # ``extent``: the places from the anchor to the last one found, breaks included.
        order = np.array(list(terms) + [-1], dtype=np.int64)
        matched = np.zeros(len(anchors), dtype=np.int64)
        extent = np.zeros(len(anchors), dtype=np.int64)
        alive = np.ones(len(anchors), dtype=bool)
        close, ahead, crossed = _breaks_ahead(breaks, anchors, following, side, longest)
        near_break = anchors.take(close)
        passed = np.zeros(len(anchors), dtype=np.int64)  # ``crossed``, for every anchor
        for distance in range(1, longest + 1):
            searching = alive & (order[matched] >= 0)
            if not searching.any():
                break
            where = anchors + side * distance
            if len(close):
                # Clipped, an index past either end reads a break on the anchor's other side:
                # never the one looked for.
                step = breaks.take(ahead, mode="clip") == (near_break + distance if side > 0 else near_break - distance + 1)
                crossed += step
                if side > 0:
                    ahead += step
                else:
                    ahead -= step
                alive[close] &= crossed <= longest - distance
                passed[close] = crossed
            if inside:
                ids = stream.take(where)
                alive &= ids >= first_word
            else:
                ids = stream.take(np.clip(where, 0, size - 1))
                alive &= (where >= 0) & (where < size) & (ids >= first_word)
            wanted = np.maximum(order[matched], 0).astype(np.uint8)
            found = searching & alive & ((bits.take(ids) >> wanted) & 1).astype(bool)
            matched[found] += 1
            extent[found] = distance + passed[found]
        extents.append(np.where(order[matched] < 0, extent, size))  # ``size``: not every term found
    return extents[0] + extents[1] <= longest


def _breaks_ahead(breaks: np.ndarray, anchors: np.ndarray, following: np.ndarray, side: int,
                  reach: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The anchors (indexes) with a clause break within ``reach`` on ``side`` (``breaks``
    holds the position each one precedes, ``following`` the first after each anchor):
    only they can cross one in the window (most have none that close).  Also the next
    break on that side of each (an index into ``breaks``) and the breaks crossed so far
    (none)."""
    if not len(breaks):
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    ahead = following - (side < 0)
    nearest = breaks.take(ahead, mode="clip").astype(np.int64)
    if side > 0:
        close = np.flatnonzero((nearest > anchors) & (nearest - anchors <= reach))
    else:
        close = np.flatnonzero((nearest <= anchors) & (anchors + 1 - nearest <= reach))
    return close, ahead.take(close), np.zeros(len(close), dtype=np.int64)


def near_anchors(stream: np.ndarray, breaks: np.ndarray, anchors: np.ndarray, bits: np.ndarray,
                 before: list[int], after: list[int], longest: int, first_word: int) -> np.ndarray:
    if _native is None or len(anchors) == 0:
        return near_anchors_numpy(stream, breaks, anchors, bits, before, after, longest, first_word)
    out = np.empty(len(anchors), dtype=np.uint8)
    _native.near_anchors(_int32(stream), _int32(breaks), _int64(anchors), _uint8(bits), _int64(before), _int64(after),
                         longest, first_word, out)
    return out.view(bool)


def _uint8(array) -> np.ndarray:
    return np.ascontiguousarray(array, dtype=np.uint8)


def _int32(array: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(array, dtype=np.int32)


def _int64(array: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(array, dtype=np.int64)
