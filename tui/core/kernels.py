"""The hot loops of the search, of its highlighting and of the index's tokenizer, each in two forms that give the
same results: a compiled one (``_kernels.pyx``, built with Cython by ``hatch_build.py`` when the package is
installed) and its numpy (or, for the tokenizer, regex) twin here, which runs where the build failed, where the
compiled module was built from another ``_kernels.pyx`` (an editable install edited
since), or when ``VNBY_PURE`` is set.  ``tests/test_search_kernels.py`` and
``tests/test_tokenize_kernel.py`` check that the two agree.  :data:`STATUS` says which runs
(the benchmarks print it)."""

from __future__ import annotations

import re

import numpy as np

from .built_kernels import checked_kernels
from .text import _ALWAYS_BREAKS, _INNER_BREAKS, CLAUSE_BREAK_RE, CLAUSE_TOKEN_RE


def _compiled():
    """The compiled module, and why not when it is not used."""
    return checked_kernels("_kernels", "numpy", "kernels")


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


def found_in_numpy(values: np.ndarray, targets: np.ndarray) -> np.ndarray:
    """Per target: whether it is one of ``values`` (ascending)."""
    if len(values) == 0:
        return np.zeros(len(targets), dtype=bool)
    index = np.minimum(np.searchsorted(values, targets), len(values) - 1)
    return values[index] == targets


def found_in(values: np.ndarray, targets: np.ndarray) -> np.ndarray:
    if _native is None or len(targets) == 0:
        return found_in_numpy(values, targets)
    out = np.zeros(len(targets), dtype=np.uint8)
    _native.found_in(_int32(values), _int64(targets), out)
    return out.view(bool)


def search_sorted(values: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """``np.searchsorted(values, keys)`` for integer ``values`` (ascending, int32 range),
    quickest for ascending keys (see ``_kernels.search_sorted``); numpy's own is its twin."""
    if _native is None or len(keys) == 0 or len(values) == 0:
        return np.searchsorted(values, keys)
    out = np.empty(len(keys), dtype=np.int64)
    _native.search_sorted(_int32(values), _int64(keys), out)
    return out


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
    _native.near_anchors(_int32(stream), _int32(breaks), _positions(anchors), _uint8(bits), _int64(before), _int64(after),
                         longest, first_word, out)
    return out.view(bool)


def slot_weights_numpy(stream: np.ndarray, anchors: np.ndarray, tables: list[np.ndarray], order: list[int],
                       known: tuple[int, np.ndarray] | None = None
                       ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The weight of the word at each slot of each anchor (``tables[slot][term id]``),
    the slots read in ``order`` (``known``: one slot's weights, already known, not
    read); an anchor is dropped as soon as two of its slots hold no word of theirs.
    Returns the anchors kept (those with at most one slot out of place: their indexes,
    ascending) and for each: its weights (slots by kept anchors), the slots out of
    place (0 or 1), the slot out of place and the term id read there (-1 and 0 where
    none)."""
    n = len(tables)
    weights = np.zeros((n, len(anchors)), dtype=np.float32)
    misses = np.zeros(len(anchors), dtype=np.int8)
    miss_slot = np.full(len(anchors), -1, dtype=np.int32)
    miss_id = np.zeros(len(anchors), dtype=np.int32)
    if known is not None:
        weights[known[0]] = known[1]
    alive = None  # every anchor (no index needed while none is dropped)
    for i in order:
        if alive is None:
            ids = stream.take(anchors + i)
            row = weights[i]
            np.take(tables[i], ids, out=row)
            out = np.flatnonzero(row == 0)
            out_ids = ids.take(out)
            misses[out] += 1
            if len(out) and misses.max() >= 2:
                alive = np.flatnonzero(misses < 2)
        else:
            ids = stream.take(anchors.take(alive) + i)
            found = tables[i].take(ids)
            weights[i, alive] = found
            zero = found == 0
            out = alive[zero]
            out_ids = ids[zero]
            misses[out] += 1
            alive = alive[misses.take(alive) < 2]
        miss_slot[out] = i
        miss_id[out] = out_ids
    kept = np.flatnonzero(misses < 2)
    return kept, weights[:, kept], misses[kept], miss_slot[kept], miss_id[kept]


def slot_weights(stream: np.ndarray, anchors: np.ndarray, tables: list[np.ndarray], order: list[int],
                 known: tuple[int, np.ndarray] | None = None
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    if _native is None or len(anchors) == 0:
        return slot_weights_numpy(stream, anchors, tables, order, known)
    m = len(anchors)
    # Room for every anchor; only the rows' first ``count`` places are written (and so touched).
    kept = np.empty(m, dtype=np.int64)
    weights = np.empty((len(tables), m), dtype=np.float32)
    misses = np.empty(m, dtype=np.int8)
    miss_slot = np.empty(m, dtype=np.int32)
    miss_id = np.empty(m, dtype=np.int32)
    known_slot, known_weights = (-1, np.zeros(0, dtype=np.float32)) if known is None else known
    count = _native.slot_weights(_int32(stream), _positions(anchors), [np.ascontiguousarray(t, dtype=np.float32) for t in tables],
                                 _int64(order), known_slot, np.ascontiguousarray(known_weights, dtype=np.float32), kept, weights,
                                 misses, miss_slot, miss_id)
    return kept[:count], np.ascontiguousarray(weights[:, :count]), misses[:count], miss_slot[:count], miss_id[:count]


def odd_words_numpy(misses: np.ndarray, miss_slot: np.ndarray, miss_id: np.ndarray, to_folded: np.ndarray,
                    rare: np.ndarray, restrict: list[bool], n: int, folded_count: int) -> np.ndarray:
    """Which words may be typos pinned in place (see :func:`slot_weights`' answers): per slot
    and folded id (``n`` rows of ``folded_count``), 1 where an anchor with that slot alone
    out of place holds that word there (its term id ``miss_id``, folded by ``to_folded``);
    for a slot of ``restrict``, only a word whose term ``rare`` marks."""
    need = np.zeros((n, folded_count), dtype=np.uint8)
    one = misses == 1
    for i in range(n):
        odd = one & (miss_slot == i)
        if restrict[i]:
            odd &= rare.take(miss_id)
        need[i, to_folded.take(miss_id[odd])] = 1
    return need


def anchor_outcomes_numpy(anchors: np.ndarray, weights: np.ndarray, misses: np.ndarray, miss_slot: np.ndarray,
                          miss_id: np.ndarray, to_folded: np.ndarray, rare: np.ndarray, restrict: list[bool],
                          fits: list[np.ndarray], typo_weight: float, two: bool
                          ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The anchors a phrase of ``n`` slots keeps, from :func:`slot_weights`' answers: every
    slot in place (run ``n``), or all but one whose word there is a pinned typo of its
    term (``fits[slot][folded id] > 0``, and for a slot of ``restrict`` a word ``rare``
    marks: its weight is then ``typo_weight``, run ``n``); else, with ``two`` slots, none;
    with more, the longer side of the odd slot as the run, kept if at least 2 (two slots
    out of place: none).  Returns the anchors kept, their weights (slots by anchors) and
    runs (float)."""
    n = weights.shape[0]
    runs = np.where(misses <= 1, float(n), 0.0)
    one = np.flatnonzero(misses == 1)
    slot = miss_slot[one]
    fit = np.zeros(len(one), dtype=bool)
    for i in range(n):
        picked = np.flatnonzero(slot == i)
        if not len(picked):
            continue
        ids = miss_id[one[picked]]
        ok = fits[i].take(to_folded.take(ids)) > 0
        if restrict[i]:
            ok &= rare.take(ids)
        fit[picked] = ok
    weights[slot[fit], one[fit]] = typo_weight
    odd, odd_slot = one[~fit], slot[~fit]
    runs[odd] = 0.0 if two else np.maximum(odd_slot, n - 1 - odd_slot)
    keep = np.flatnonzero(runs >= 2)
    return anchors[keep], weights[:, keep], runs[keep]


def odd_words(misses: np.ndarray, miss_slot: np.ndarray, miss_id: np.ndarray, to_folded: np.ndarray,
              rare: np.ndarray, restrict: list[bool], n: int, folded_count: int) -> np.ndarray:
    native = getattr(_native, "odd_words", None)
    if native is None or len(misses) == 0:
        return odd_words_numpy(misses, miss_slot, miss_id, to_folded, rare, restrict, n, folded_count)
    need = np.zeros((n, folded_count), dtype=np.uint8)
    native(np.ascontiguousarray(misses, dtype=np.int8), _int32(miss_slot), _int32(miss_id), _int32(to_folded), _uint8(rare),
           np.array(restrict, dtype=np.uint8), need)
    return need


def anchor_outcomes(anchors: np.ndarray, weights: np.ndarray, misses: np.ndarray, miss_slot: np.ndarray,
                    miss_id: np.ndarray, to_folded: np.ndarray, rare: np.ndarray, restrict: list[bool],
                    fits: list[np.ndarray], typo_weight: float, two: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    native = getattr(_native, "anchor_outcomes", None)
    if native is None or len(anchors) == 0:
        return anchor_outcomes_numpy(anchors, weights, misses, miss_slot, miss_id, to_folded, rare, restrict, fits,
                                     typo_weight, two)
    anchors = _positions(anchors)
    n = weights.shape[0]
    out_anchors = np.empty(len(anchors), dtype=anchors.dtype)
    out_weights = np.empty((n, len(anchors)), dtype=np.float32)
    out_runs = np.empty(len(anchors), dtype=np.float64)
    count = native(anchors, np.ascontiguousarray(weights, dtype=np.float32), np.ascontiguousarray(misses, dtype=np.int8),
                   _int32(miss_slot), _int32(miss_id),
                   _int32(to_folded), _uint8(rare), np.array(restrict, dtype=np.uint8),
                   [np.ascontiguousarray(table, dtype=np.int8) for table in fits], typo_weight, two,
                   out_anchors, out_weights, out_runs)
    return out_anchors[:count], out_weights[:, :count], out_runs[:count]


def feature_scores_numpy(best: np.ndarray, title_tf: np.ndarray, body_tf: np.ndarray, body_len: np.ndarray,
                         phrase: np.ndarray, title_phrase: np.ndarray, run: np.ndarray, idf: np.ndarray,
                         diacritics: np.ndarray, avg: float, signals: tuple[float, ...]) -> np.ndarray:
    """Each candidate's score from its features: per term and candidate (terms by
    candidates) its best weight, title and body counts; per candidate its body's length,
    phrase, title-phrase and longest-run signals and diacritics share; per term its idf;
    ``avg`` the average body length, ``signals`` the weights (see
    :data:`tui.core.search.features.SIGNALS`): phrase, run, coverage, title terms,
    title phrase, BM25 (over title and body, the title's counts by the title factor,
    with its k1 and b, scaled to 0..1) and diacritics."""
    w_phrase, w_run, w_coverage, w_title_terms, w_title_phrase, w_bm25, w_diacritics, title_factor, k1, b = signals
    n = len(best)
    coverage = best.sum(axis=0) / n
    title_terms = (best * (title_tf > 0)).sum(axis=0) / n
    longest = np.maximum(run * n - 1, 0) / max(n - 1, 1)
    tf = body_tf + title_factor * title_tf
    norm = k1 * (1 - b + b * body_len / avg)
    saturated = tf / (tf + norm)
    bm25 = (idf[:, None] * saturated).sum(axis=0) / max(float(idf.sum()), 1e-9)
    return (
        w_phrase * phrase
        + w_run * longest
        + w_coverage * coverage
        + w_title_terms * title_terms
        + w_title_phrase * title_phrase
        + w_bm25 * bm25
        + w_diacritics * diacritics
    )


def feature_scores(best: np.ndarray, title_tf: np.ndarray, body_tf: np.ndarray, body_len: np.ndarray,
                   phrase: np.ndarray, title_phrase: np.ndarray, run: np.ndarray, idf: np.ndarray,
                   diacritics: np.ndarray, avg: float, signals: tuple[float, ...]) -> np.ndarray:
    native = getattr(_native, "feature_scores", None)
    # With 8 terms or more numpy may sum a candidate's column pairwise (a matrix with one
    # column, or stored by columns, as a subset's is), not first to last as the kernel does.
    if native is None or not 0 < len(best) < 8:
        return feature_scores_numpy(best, title_tf, body_tf, body_len, phrase, title_phrase, run, idf, diacritics, avg, signals)
    out = np.empty(best.shape[1], dtype=np.float64)
    native(_float64(best), _float64(title_tf), _float64(body_tf), _float64(body_len), _float64(phrase), _float64(title_phrase),
           _float64(run), _float64(idf), _float64(diacritics), max(float(idf.sum()), 1e-9), float(avg),
           np.array(signals, dtype=np.float64), out)
    return out


#: Polynomial hashing of tokens (mod 2**64, numpy's uint64 arithmetic wraps): an odd
#: multiplier, and its inverse.  A token ``c0 c1 ...`` hashes to ``sum(ci * BASE**i)``.
HASH_BASE = 0x9E3779B97F4A7C15
HASH_INVERSE = pow(HASH_BASE, -1, 1 << 64)
_POWERS = np.ones(1, dtype=np.uint64)  # HASH_BASE ** i, grown on demand
_INVERSE_POWERS = np.ones(1, dtype=np.uint64)


def _powers(length: int) -> tuple[np.ndarray, np.ndarray]:
    """The base's powers and inverse powers, at least ``length`` of each."""
    global _POWERS, _INVERSE_POWERS
    powers, inverse = _POWERS, _INVERSE_POWERS
    if len(powers) < length:
        size = max(length, 2 * len(powers), 1 << 16)
        powers = np.cumprod(np.full(size, HASH_BASE, dtype=np.uint64)) * np.uint64(HASH_INVERSE)
        inverse = np.cumprod(np.full(size, HASH_INVERSE, dtype=np.uint64)) * np.uint64(HASH_BASE)
        _POWERS, _INVERSE_POWERS = powers, inverse  # a thread reading the old pair still reads a consistent one
    return powers, inverse


def _between(codes: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Hashes of the stretches ``starts[k]..ends[k]`` of ``codes``: with ``P[j]`` the sum of
    ``codes[i] * BASE**i`` for ``i < j``, the stretch ``a..b`` hashes to ``(P[b] - P[a]) * BASE**-a``."""
    powers, inverse = _powers(len(codes) + 1)
    prefix = np.zeros(len(codes) + 1, dtype=np.uint64)
    np.cumsum(codes.astype(np.uint64) * powers[: len(codes)], out=prefix[1:])
    return (prefix[ends] - prefix[starts]) * inverse[starts]


def fold_page_numpy(text: str, fold: np.ndarray, word_table: np.ndarray
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``text`` folded (its code points, ``fold`` giving the folded one of each of the
    Basic Multilingual Plane; beyond it unchanged), which of them are word characters
    (``word_table`` for the plane, beyond it ``str.isalnum``), and its tokens (runs of
    word characters: starts, ends) with their hashes (see :data:`HASH_BASE`)."""
    original = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    codes = fold.take(original, mode="clip")
    high = None
    if len(original) and original.max() > 0xFFFF:  # beyond the plane: unchanged
        high = np.flatnonzero(original > 0xFFFF)
        codes[high] = original[high]
    word = word_table.take(codes, mode="clip")
    if high is not None:
        word[high] = [chr(c).isalnum() for c in codes[high].tolist()]
    edges = np.diff(np.concatenate([[False], word, [False]]).view(np.int8))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    return codes, word, starts, ends, _between(codes, starts, ends)


def fold_page(text: str, fold: np.ndarray, word_table: np.ndarray
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    if _native is None:
        return fold_page_numpy(text, fold, word_table)
    size = len(text)
    codes = np.empty(size, dtype=np.uint32)
    word = np.empty(size, dtype=np.uint8)
    room = size // 2 + 1  # tokens are at least a character apart
    starts, ends = np.empty(room, dtype=np.int64), np.empty(room, dtype=np.int64)
    hashes = np.empty(room, dtype=np.uint64)
    count = _native.fold_page(text, fold, word_table.view(np.uint8), codes, word, starts, ends, hashes)
    return codes, word.view(bool), starts[:count].copy(), ends[:count].copy(), hashes[:count].copy()


def prefix_hashes_numpy(codes: np.ndarray, starts: np.ndarray, ends: np.ndarray, length: int) -> np.ndarray:
    """The hash of the first ``length`` codes of each token (of the whole token if shorter)."""
    return _between(codes, starts, np.minimum(starts + length, ends))


def prefix_hashes(codes: np.ndarray, starts: np.ndarray, ends: np.ndarray, length: int) -> np.ndarray:
    if _native is None:
        return prefix_hashes_numpy(codes, starts, ends, length)
    out = np.empty(len(starts), dtype=np.uint64)
    _native.prefix_hashes(np.ascontiguousarray(codes, dtype=np.uint32), _int64(starts), _int64(ends), length, out)
    return out


def break_classes() -> np.ndarray:
    """Per code point of the Basic Multilingual Plane, what it is to a clause break (as
    :data:`~tui.core.text.CLAUSE_BREAK_RE` reads it): 1 a mark that always ends a clause,
    2 one that ends it unless a word character follows, 3 other white space, 0 anything
    else.  Built on first use."""
    global _BREAK_CLASSES
    if _BREAK_CLASSES is None:
        every = "".join(map(chr, range(0x10000)))
        classes = np.zeros(0x10000, dtype=np.uint8)
        classes[[m.start() for m in re.finditer(r"\s", every)]] = 3
        classes[[m.start() for m in re.finditer(f"[{_INNER_BREAKS}]", every)]] = 2
        classes[[m.start() for m in re.finditer(f"[{_ALWAYS_BREAKS}]", every)]] = 1
        _BREAK_CLASSES = classes
    return _BREAK_CLASSES


_BREAK_CLASSES: np.ndarray | None = None


def token_classes() -> np.ndarray:
    """:func:`break_classes` with 4 for a word character (``[^\\W_]``, as the regex
    engine reads it: ``str.isalnum``; combining marks are not), per code point of the
    Basic Multilingual Plane.  Built on first use."""
    global _TOKEN_CLASSES
    if _TOKEN_CLASSES is None:
        every = "".join(map(chr, range(0x10000)))
        classes = break_classes().copy()
        classes[[m.start() for m in re.finditer(r"[^\W_]", every)]] = 4
        _TOKEN_CLASSES = classes
    return _TOKEN_CLASSES


_TOKEN_CLASSES: np.ndarray | None = None


def clause_term_ids_regex(text: str, term_ids: dict[str, int], new_tokens: list[str], clause_id: int) -> np.ndarray:
    """The term ids of what :data:`~tui.core.text.CLAUSE_TOKEN_RE` finds in ``text``, in
    order: each token's in ``term_ids`` (a token not there is given the next id,
    ``len(term_ids)``, and appended to ``new_tokens``, in the order met), ``clause_id``
    for each clause break (``term_ids`` holds the empty token as ``clause_id``, or not at all)."""
    tokens = CLAUSE_TOKEN_RE.findall(text)
    ids = np.fromiter(map(term_ids.get, tokens, [-1] * len(tokens)), dtype=np.int32, count=len(tokens))
    if len(tokens) and ids.min() < 0:  # unseen tokens (or the break, if not in term_ids)
        for k in np.flatnonzero(ids < 0).tolist():
            token = tokens[k]
            if not token:
                ids[k] = clause_id
                continue
            term_id = term_ids.get(token)
            if term_id is None:
                term_id = term_ids[token] = len(term_ids)
                new_tokens.append(token)
            ids[k] = term_id
    return ids


def term_table(term_ids: dict[str, int]):
    """What :func:`clause_term_ids` keeps from one call to the next for ``term_ids``: the
    compiled kernels' table of the terms met, by their code points (``None`` where the
    kernels do not run, or ``term_ids`` is no dict)."""
    if _native is None or not isinstance(term_ids, dict):
        return None
    return _native.TermTable(term_ids)


def clause_term_ids(text: str, term_ids: dict[str, int], new_tokens: list[str], clause_id: int,
                    table=None) -> np.ndarray:
    """:func:`clause_term_ids_regex` in one compiled pass over ``text``, with ``table``
    (:func:`term_table` of ``term_ids``); without one, the regex twin runs."""
    if table is None or table.term_ids is not term_ids:
        return clause_term_ids_regex(text, term_ids, new_tokens, clause_id)
    out = np.empty(len(text), dtype=np.int32)
    count = _native.clause_term_ids(text, table, new_tokens, token_classes(), clause_id, out)
    return out[:count]


def clause_numbers_numpy(folded: str, codes: np.ndarray, word: np.ndarray, token_starts: np.ndarray) -> np.ndarray:
    """Per token (``token_starts`` ascending, in ``folded``, whose code points are ``codes``
    and word characters ``word``): the clause breaks (runs of break marks and the white
    space between them, :data:`~tui.core.text.CLAUSE_BREAK_RE`) that start before it."""
    breaks = np.fromiter((m.start() for m in CLAUSE_BREAK_RE.finditer(folded)), dtype=np.int64)
    return np.searchsorted(breaks, token_starts)


def docs_of_numpy(doc_blocks: np.ndarray, doc_starts: np.ndarray, positions: np.ndarray, shift: int) -> np.ndarray:
    """The document holding each position: the document where its block (``position >>
    shift``; ``doc_blocks``: the document of each block's first position) starts,
    stepped forward over the few documents that start inside the block (a binary search
    per position costs several times more)."""
    docs = doc_blocks[positions >> shift]
    for _ in range(4):
        ahead = positions >= doc_starts[docs + 1]
        if not ahead.any():
            return docs
        docs = docs + ahead
    return (np.searchsorted(doc_starts, positions, side="right") - 1).astype(np.int32)


def docs_of(doc_blocks: np.ndarray, doc_starts: np.ndarray, positions: np.ndarray, shift: int) -> np.ndarray:
    if _native is None or len(positions) == 0:
        return docs_of_numpy(doc_blocks, doc_starts, positions, shift)
    out = np.empty(len(positions), dtype=np.int32)
    _native.docs_of(_int32(doc_blocks), _int32(doc_starts), _positions(positions), shift, out)
    return out


def mark_documents(doc_blocks: np.ndarray, doc_starts: np.ndarray, positions: np.ndarray, shift: int,
                   mark: np.ndarray) -> None:
    """Set ``mark`` (a bool per document) where a document holds one of ``positions``
    (its twin: ``mark[docs_of_numpy(...)] = True``)."""
    if _native is None or len(positions) == 0:
        mark[docs_of_numpy(doc_blocks, doc_starts, positions, shift)] = True
        return
    _native.mark_documents(_int32(doc_blocks), _int32(doc_starts), _positions(positions), shift, mark.view(np.uint8))


def count_by_document_numpy(positions: np.ndarray, doc_starts: np.ndarray, body_starts: np.ndarray,
                            doc_blocks: np.ndarray, shift: int) -> tuple[np.ndarray, np.ndarray]:
    """Occurrences of the ascending ``positions`` in the title and in the body of every
    document (uint16 each, saturated: BM25 saturates long before)."""
    doc_count = len(body_starts)
    if len(positions) > 4 * doc_count:
        # One binary search per document start and body start, in one ascending
        # sequence (numpy narrows each search from the previous one).
        bounds = np.empty(2 * doc_count + 1, dtype=doc_starts.dtype)
        bounds[0::2] = doc_starts
        bounds[1::2] = body_starts
        found = np.searchsorted(positions, bounds)
        title, body = found[1::2] - found[0:-1:2], found[2::2] - found[1::2]
    else:
        docs = docs_of_numpy(doc_blocks, doc_starts, positions, shift)
        in_title = positions < body_starts[docs]
        title = np.bincount(docs[in_title], minlength=doc_count)
        body = np.bincount(docs[~in_title], minlength=doc_count)
    return np.minimum(title, 0xFFFF).astype(np.uint16), np.minimum(body, 0xFFFF).astype(np.uint16)


def count_by_document(positions: np.ndarray, doc_starts: np.ndarray, body_starts: np.ndarray,
                      doc_blocks: np.ndarray, shift: int) -> tuple[np.ndarray, np.ndarray]:
    if _native is None:
        return count_by_document_numpy(positions, doc_starts, body_starts, doc_blocks, shift)
    title = np.zeros(len(body_starts), dtype=np.uint16)
    body = np.zeros(len(body_starts), dtype=np.uint16)
    _native.count_by_document(_int32(positions), _int32(doc_blocks), _int32(doc_starts), _int32(body_starts), shift, title, body)
    return title, body


def article_layout_numpy(folded: str, codes: np.ndarray, word: np.ndarray, run_starts: np.ndarray, run_ends: np.ndarray,
                         field_starts: np.ndarray, field_ends: np.ndarray
                         ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """An article's tokens as its fields (its title and paragraphs: ``field_starts``
    ascending, the first 0, and ``field_ends``) see them: the runs of word characters
    cut where a field starts or ends inside one (as ``TOKEN_RE`` started and stopped at
    a field's bounds sees them); per token, the field holding it (-1: none, e.g. the
    related-articles block) and the clause holding it (:func:`clause_numbers_numpy`; the
    compiled kernel reads only the gaps between the runs, ``run_starts`` and
    ``run_ends``: every run of word characters, whole); and per
    run its token (-1 where a field bound cuts the run, or it is in no field: a match
    there is shown nowhere).  ``folded``: the article's folded text, ``codes`` its code
    points, ``word`` its word characters."""
    bounds = np.concatenate([field_starts, field_ends])
    bounds = bounds[(bounds > 0) & (bounds < len(word))]
    cuts = np.unique(bounds[word[bounds - 1] & word[bounds]])
    starts = np.union1d(run_starts, cuts) if len(cuts) else run_starts
    ends = np.union1d(run_ends, cuts) if len(cuts) else run_ends
    # The title starts at 0: every token has a field at or before it.
    paragraph = np.searchsorted(field_starts, starts, side="right") - 1
    paragraph = np.where(ends <= field_ends[paragraph], paragraph, -1)
    # A run starts a token; it is that token whole unless a field bound cuts it.
    run_token = np.searchsorted(starts, run_starts)
    run_token = np.where((ends[run_token] == run_ends) & (paragraph[run_token] >= 0), run_token, -1)
    return starts, ends, paragraph, clause_numbers_numpy(folded, codes, word, starts), run_token


def article_layout(folded: str, codes: np.ndarray, word: np.ndarray, run_starts: np.ndarray, run_ends: np.ndarray,
                   field_starts: np.ndarray, field_ends: np.ndarray
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    if _native is None:
        return article_layout_numpy(folded, codes, word, run_starts, run_ends, field_starts, field_ends)
    room = len(run_starts) + 2 * len(field_starts)
    starts, ends, paragraph, clause = (np.empty(room, dtype=np.int64) for _ in range(4))
    run_token = np.empty(len(run_starts), dtype=np.int64)
    count = _native.article_layout(np.ascontiguousarray(codes, dtype=np.uint32), _uint8(word), break_classes(),
                                   _int64(run_starts), _int64(run_ends), _int64(field_starts), _int64(field_ends),
                                   starts, ends, paragraph, clause, run_token)
    return starts[:count], ends[:count], paragraph[:count], clause[:count], run_token


def phrase_places_numpy(windows: np.ndarray, slots: np.ndarray, n: int, paragraph: np.ndarray, clause: np.ndarray,
                        typed: list[bool], token_starts: np.ndarray, token_ends: np.ndarray, term_lengths: np.ndarray,
                        budgets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The windows of ``n`` consecutive tokens (by first token, ascending) that hold all
    of a query's ``n`` terms or all but one, inside one paragraph (``paragraph``: each
    token's, -1 for none) with clause breaks (``clause``: each token's clause number)
    exactly where ``typed`` has them (``typed[i]``: one before the ``i``-th word; the
    first's is ignored); and per window the slot missing (-1: none), where the token
    in its place (``token_starts``, ``token_ends``) is of a length within that term's
    budget of edits (``term_lengths``, ``budgets``: it may be a typo of the term).
    Counted from the (matching token, term) pairs: ``windows[k]`` is a window where term
    ``slots[k]`` stands in its slot, so per window the pairs count the slots in place
    and their slot numbers sum to all slots' but the missing one's."""
    places = len(paragraph) - n + 1
    if places <= 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    inside = (windows >= 0) & (windows < places)
    windows, slots = windows[inside], slots[inside]
    count = np.bincount(windows, minlength=places)
    missing = n * (n - 1) // 2 - np.bincount(windows, weights=slots, minlength=places).astype(np.int64)
    first = np.arange(places)
    last = first + n - 1
    ok = (paragraph[first] >= 0) & (paragraph[first] == paragraph[last])
    if not any(typed[1:]):
        ok &= clause[first] == clause[last]
    else:
        for i, wanted in enumerate(typed[1:], 1):
            ok &= (clause[first + i] != clause[first + i - 1]) == wanted
    chosen = np.flatnonzero(ok & (count >= n - 1))
    missing = np.where(count[chosen] == n, -1, missing[chosen])
    near = np.flatnonzero(missing >= 0)
    slot = missing[near]
    lengths = token_ends[chosen[near] + slot] - token_starts[chosen[near] + slot]
    too_far = near[np.abs(lengths - term_lengths[slot]) > budgets[slot]]
    if len(too_far):
        kept = np.ones(len(chosen), dtype=bool)
        kept[too_far] = False
        chosen, missing = chosen[kept], missing[kept]
    return chosen, missing


def phrase_places(windows: np.ndarray, slots: np.ndarray, n: int, paragraph: np.ndarray, clause: np.ndarray,
                  typed: list[bool], token_starts: np.ndarray, token_ends: np.ndarray, term_lengths: np.ndarray,
                  budgets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    if _native is None:
        return phrase_places_numpy(windows, slots, n, paragraph, clause, typed, token_starts, token_ends, term_lengths, budgets)
    room = len(windows)
    chosen, missing = np.empty(room, dtype=np.int64), np.empty(room, dtype=np.int64)
    found = _native.phrase_places(_int64(windows), _int64(slots), n, _int64(paragraph), _int64(clause),
                                  np.array(typed, dtype=np.uint8), _int64(token_starts), _int64(token_ends),
                                  _int64(term_lengths), _int64(budgets), chosen, missing)
    return chosen[:found], missing[:found]


def first_of_each_word_numpy(codes: np.ndarray, starts: np.ndarray, ends: np.ndarray, hashes: np.ndarray) -> np.ndarray:
    """Per token (``codes[starts[k]:ends[k]]``, code points; ``hashes`` the tokens'): the
    first token spelled the same (its index)."""
    text = np.ascontiguousarray(codes, dtype=np.uint32).tobytes().decode("utf-32-le")
    first: dict[str, int] = {}
    return np.array([first.setdefault(text[a:b], k) for k, (a, b) in enumerate(zip(starts.tolist(), ends.tolist()))],
                    dtype=np.int64)


def first_of_each_word(codes: np.ndarray, starts: np.ndarray, ends: np.ndarray, hashes: np.ndarray) -> np.ndarray:
    if _native is None:
        return first_of_each_word_numpy(codes, starts, ends, hashes)
    first = np.empty(len(starts), dtype=np.int64)
    _native.first_of_each_word(np.ascontiguousarray(codes, dtype=np.uint32), _int64(starts), _int64(ends),
                               np.ascontiguousarray(hashes, dtype=np.uint64), first)
    return first


def _positions(array: np.ndarray) -> np.ndarray:
    """``array`` as int32 or int64, whichever it is (int64 if neither), contiguous."""
    array = np.ascontiguousarray(array)
    return array if array.dtype in (np.int32, np.int64) else array.astype(np.int64)


def _uint8(array) -> np.ndarray:
    array = np.asarray(array)
    return np.ascontiguousarray(array.view(np.uint8) if array.dtype == bool else array, dtype=np.uint8)


def _int32(array: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(array, dtype=np.int32)


def _int64(array: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(array, dtype=np.int64)


def _float64(array: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(array, dtype=np.float64)
