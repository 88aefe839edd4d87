# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False, cdivision=True
"""Compiled twins of the hot loops of :mod:`tui.core.search.kernels` (see there: each
function here gives exactly what its numpy twin gives).  Built by ``hatch_build.py``
with Cython; arrays come in as typed memoryviews (no numpy headers needed), results
are written into arrays the caller allocates."""

from cpython.object cimport PyObject
from cpython.unicode cimport Py_UNICODE_ISALNUM, Py_UNICODE_ISSPACE
from libc.stdint cimport int8_t, int32_t, int64_t, uint8_t, uint16_t, uint32_t, uint64_t
from libc.stdlib cimport calloc, free, malloc, realloc


cdef extern from *:
    """
    #if defined(__GNUC__) || defined(__clang__)
    #define VNBY_PREFETCH(address) __builtin_prefetch(address)
    #define VNBY_PREFETCH_FAR(address) __builtin_prefetch(address, 0, 1)
    #else
    #define VNBY_PREFETCH(address) ((void)0)
    #define VNBY_PREFETCH_FAR(address) ((void)0)
    #endif
    """
    void VNBY_PREFETCH(const void* address) noexcept nogil
    void VNBY_PREFETCH_FAR(const void* address) noexcept nogil

cdef extern from "Python.h":
    int PyUnicode_KIND(object text)
    void* PyUnicode_DATA(object text)
    object PyUnicode_Substring(object text, Py_ssize_t start, Py_ssize_t end)
    PyObject* PyDict_GetItemWithError(object mapping, object key) except? NULL
    int PyDict_SetItem(object mapping, object key, object value) except -1
    Py_ssize_t PyDict_Size(object mapping) except -1


#: Anchors ahead whose stream is asked of memory while one is read: their reads (random
#: places in a stream of tens of MB) then overlap instead of waiting one after another.
cdef Py_ssize_t AHEAD = 12
#: ... and anchors further ahead whose stream is asked into the outer caches (its page
#: looked up too): the near request then finds it close.  On the real corpus the anchors
#: of a common word are read in 30-45% less time (slot_weights, 100k-160k anchors).
cdef Py_ssize_t FAR = 64

#: Positions come as int32 (a segment's postings) or int64 (computed): each kernel taking
#: them is compiled for both, so none is copied to convert it.
ctypedef fused position_t:
    int32_t
    int64_t


cdef inline Py_ssize_t _upper_bound(const int32_t[::1] values, Py_ssize_t lo, Py_ssize_t hi, int64_t key) noexcept nogil:
    """First index in ``lo .. hi`` whose value exceeds ``key`` (``values`` ascending)."""
    cdef Py_ssize_t mid
    while lo < hi:
        mid = (lo + hi) >> 1
        if values[mid] <= key:
            lo = mid + 1
        else:
            hi = mid
    return lo


cdef inline Py_ssize_t _gallop_upper(const int32_t[::1] values, Py_ssize_t lo, Py_ssize_t hi, int64_t key) noexcept nogil:
    """:func:`_upper_bound` for a ``key`` at or past ``values[lo - 1]``, found by steps
    doubling from ``lo``: ascending keys close together read a few values near the last
    answer, not a binary search's scattered ones."""
    cdef Py_ssize_t step = 1
    while lo + step <= hi and values[lo + step - 1] <= key:
        lo += step
        step <<= 1
    return _upper_bound(values, lo, min(lo + step, hi), key)


cdef inline Py_ssize_t _gallop_on(const int32_t[::1] values, Py_ssize_t at, Py_ssize_t size, int64_t key,
                                  bint restart) noexcept nogil:
    """:func:`_gallop_upper` on from the last answer ``at`` (keys ascending), or from the
    first value when ``restart`` (a key below the one before it)."""
    return _gallop_upper(values, 0 if restart else at, size, key)


def no_break_within(const int32_t[::1] clause_starts, const int64_t[::1] starts, int64_t span, uint8_t[::1] out):
    """``out[k]``: 1 when no clause break precedes a position in ``starts[k]+1 .. starts[k]+span``."""
    cdef Py_ssize_t k, at = 0, size = clause_starts.shape[0]
    cdef int64_t start, previous = 0
    with nogil:
        for k in range(starts.shape[0]):
            start = starts[k]
            # Starts ascend (phrase anchors in order): gallop on from the last answer;
            # a start below the one before searches from the first break again.
            at = _gallop_on(clause_starts, at, size, start, start < previous)
            previous = start
            out[k] = at == size or clause_starts[at] > start + span


def found_in(const int32_t[::1] values, const int64_t[::1] targets, uint8_t[::1] out):
    """``out[k]``: 1 when ``targets[k]`` is one of ``values`` (ascending; repeats allowed),
    else left as it is.  Each look-up gallops on from the last answer: ascending targets
    (phrase starts) read ``values`` in one pass forward, a binary search's scattered reads
    gone; a target below the one before starts over from the first value."""
    cdef Py_ssize_t k, at = 0, size = values.shape[0]
    cdef int64_t target, previous = 0
    with nogil:
        for k in range(targets.shape[0]):
            target = targets[k]
            # The first value at or above the target: past every value below it.
            at = _gallop_on(values, at, size, target - 1, target < previous)
            previous = target
            if at < size and values[at] == target:
                out[k] = 1


def search_sorted(const int32_t[::1] values, const int64_t[::1] keys, int64_t[::1] out):
    """``out[k]``: the first index whose value is at or above ``keys[k]`` (``values``
    ascending): ``np.searchsorted(values, keys)``.  Galloping on from the last answer,
    keys in ascending order (the bounds of documents in order) read ``values`` in one
    pass forward; a key below the one before starts over from the first value."""
    cdef Py_ssize_t k, at = 0, size = values.shape[0]
    cdef int64_t key, previous = 0
    with nogil:
        for k in range(keys.shape[0]):
            key = keys[k]
            at = _gallop_on(values, at, size, key - 1, key < previous)
            previous = key
            out[k] = at


cdef inline int64_t _side_extent(const int32_t[::1] stream, const int32_t[::1] breaks, int64_t anchor,
                                 Py_ssize_t ahead, int side, const uint8_t[::1] bits, const int64_t[::1] terms,
                                 int longest, int32_t first_word, int64_t never) noexcept nogil:
    """The places from ``anchor`` to the last of ``terms`` found in order on ``side``
    (clause breaks crossed included), or ``never`` when not all are found in time."""
    cdef Py_ssize_t size = stream.shape[0], count = breaks.shape[0], matched = 0, wanted = terms.shape[0]
    cdef int64_t extent = 0, crossed = 0, position, at_break
    cdef int distance
    cdef int32_t word
    for distance in range(1, longest + 1):
        if matched == wanted:
            break
        position = anchor + side * distance
        at_break = position if side > 0 else position + 1  # the position a break crossed now precedes
        if 0 <= ahead < count and breaks[ahead] == at_break:
            crossed += 1
            ahead += side
        if crossed > longest - distance or position < 0 or position >= size:
            break
        word = stream[position]
        if word < first_word:
            break
        if (bits[word] >> terms[matched]) & 1:
            matched += 1
            extent = distance + crossed
    return extent if matched == wanted else never


cdef inline int64_t _side_reach(const int32_t[::1] stream, int64_t anchor, int side, const uint8_t[::1] bits,
                                const int64_t[::1] terms, int longest, int32_t first_word, int64_t never) noexcept nogil:
    """:func:`_side_extent` with no clause break anywhere: the places from ``anchor`` to
    the last of ``terms`` found in order on ``side``, or ``never``; at most the extent
    with the breaks (which add places and only end the search sooner)."""
    cdef Py_ssize_t size = stream.shape[0], matched = 0, wanted = terms.shape[0]
    cdef int64_t extent = 0, position
    cdef int distance
    cdef int32_t word
    for distance in range(1, longest + 1):
        if matched == wanted:
            break
        position = anchor + side * distance
        if position < 0 or position >= size:
            break
        word = stream[position]
        if word < first_word:
            break
        if (bits[word] >> terms[matched]) & 1:
            matched += 1
            extent = distance
    return extent if matched == wanted else never


def near_anchors(const int32_t[::1] stream, const int32_t[::1] breaks, const position_t[::1] anchors,
                 const uint8_t[::1] bits, const int64_t[::1] before, const int64_t[::1] after, int longest,
                 int32_t first_word, uint8_t[::1] out):
    """``out[k]``: the terms ``before`` (nearest first) and ``after`` stand in order on
    each side of ``anchors[k]`` within ``longest`` places in all, crossing no word below ``first_word`` (a
    separator; see ``kernels.near_anchors_numpy``)."""
    cdef Py_ssize_t k, following = 0, count = breaks.shape[0]
    cdef int64_t anchor, ahead, never = stream.shape[0], left, right
    with nogil:
        for k in range(anchors.shape[0]):
            anchor = anchors[k]
            if k + FAR < anchors.shape[0]:
                ahead = anchors[k + FAR]
                if longest <= ahead < stream.shape[0] - longest:
                    VNBY_PREFETCH_FAR(&stream[ahead - longest])
                    VNBY_PREFETCH_FAR(&stream[ahead + longest])
            if k + AHEAD < anchors.shape[0]:
                ahead = anchors[k + AHEAD]
                if longest <= ahead < stream.shape[0] - longest:
                    VNBY_PREFETCH(&stream[ahead - longest])
                    VNBY_PREFETCH(&stream[ahead + longest])
            # Clause breaks only lengthen a span (each takes a place) and end a side's
            # search sooner: an anchor whose terms are not near even without them is
            # not near with them, and most anchors are settled so, from the stream alone.
            left = _side_reach(stream, anchor, -1, bits, before, longest, first_word, never)
            if left > longest or left + _side_reach(stream, anchor, 1, bits, after, longest, first_word, never) > longest:
                out[k] = 0
                continue
            # The first break after the anchor (anchors ascend: the search goes on from the last).
            if following > 0 and breaks[following - 1] > anchor:
                following = 0
            following = _gallop_upper(breaks, following, count, anchor)
            left = _side_extent(stream, breaks, anchor, following - 1, -1, bits, before, longest, first_word, never)
            if left > longest:
                out[k] = 0
                continue
            right = _side_extent(stream, breaks, anchor, following, 1, bits, after, longest, first_word, never)
            out[k] = left + right <= longest


def slot_weights(const int32_t[::1] stream, const position_t[::1] anchors, list tables, const int64_t[::1] order,
                 Py_ssize_t known_slot, const float[::1] known, int64_t[::1] kept, float[:, ::1] weights,
                 int8_t[::1] misses, int32_t[::1] miss_slot, int32_t[::1] miss_id):
    """Per anchor, the weight (``tables[slot]`` of the word read) at each slot of
    ``order``, rarest first; an anchor is left as soon as two slots hold no word of
    theirs.  Only the anchors left with at most one are written out, in order, and
    their count returned: their index (``kept``), every slot's weight
    (``weights[slot, j]``, slot ``known_slot`` from ``known``, not read), whether
    one slot misses (``misses``), which and the word read there (``miss_slot``,
    ``miss_id``: -1 and 0 where none); see ``kernels.slot_weights_numpy``.  Reads an
    anchor's few consecutive positions together (one cache line, where a pass per
    slot reads one per slot), and writes nothing for the anchors left: with three
    words or more, nearly all of a common word's hundred thousand."""
    cdef Py_ssize_t n = len(tables), k, j, slot, size = stream.shape[0], count = order.shape[0], out = 0
    cdef const float** rows = <const float**> malloc(max(n, 1) * sizeof(float*))
    cdef Py_ssize_t* lengths = <Py_ssize_t*> malloc(max(n, 1) * sizeof(Py_ssize_t))
    cdef float* row = <float*> calloc(max(n, 1), sizeof(float))
    cdef const float[::1] table
    cdef int64_t anchor, position
    cdef int32_t word, last_slot, last_word
    cdef float weight
    cdef int8_t missing
    cdef bint bad = False
    if rows == NULL or lengths == NULL or row == NULL:
        free(rows)
        free(lengths)
        free(row)
        raise MemoryError()
    try:
        if (known_slot >= n or (known_slot >= 0 and known.shape[0] < anchors.shape[0]) or kept.shape[0] < anchors.shape[0]
                or weights.shape[0] < n or weights.shape[1] < anchors.shape[0] or misses.shape[0] < anchors.shape[0]
                or miss_slot.shape[0] < anchors.shape[0] or miss_id.shape[0] < anchors.shape[0]):
            raise IndexError("the known slot's weights or the outputs too short")
        for j in range(n):
            table = tables[j]
            lengths[j] = table.shape[0]
            rows[j] = &table[0] if table.shape[0] else NULL
        with nogil:
            for k in range(anchors.shape[0]):
                anchor = anchors[k]
                if k + FAR < anchors.shape[0] and 0 <= anchors[k + FAR] < size:
                    VNBY_PREFETCH_FAR(&stream[anchors[k + FAR]])
                if k + AHEAD < anchors.shape[0] and 0 <= anchors[k + AHEAD] < size:
                    VNBY_PREFETCH(&stream[anchors[k + AHEAD]])
                missing = 0
                last_slot = -1
                last_word = 0
                for j in range(count):
                    slot = order[j]
                    position = anchor + slot
                    if slot < 0 or slot >= n or position < 0 or position >= size:
                        bad = True
                        break
                    word = stream[position]
                    if word < 0 or word >= lengths[slot]:
                        bad = True
                        break
                    weight = rows[slot][word]
                    row[slot] = weight
                    if weight == 0:
                        missing += 1
                        last_slot = <int32_t> slot
                        last_word = word
                        if missing >= 2:
                            break
                if bad:
                    break
                if missing >= 2:
                    continue
                if known_slot >= 0:
                    row[known_slot] = known[k]
                for j in range(n):
                    weights[j, out] = row[j]
                kept[out] = k
                misses[out] = missing
                miss_slot[out] = last_slot
                miss_id[out] = last_word
                out += 1
    finally:
        free(rows)
        free(lengths)
        free(row)
    if bad:
        raise IndexError("a position or term id out of range of the stream or a term's table")
    return out


def odd_words(const int8_t[::1] misses, const int32_t[::1] miss_slot, const int32_t[::1] miss_id,
              const int32_t[::1] to_folded, const uint8_t[::1] rare, const uint8_t[::1] restrict, uint8_t[:, ::1] need):
    """``need[slot, folded]``: 1 where an anchor with ``slot`` alone out of place holds the
    word ``folded`` there (a slot of ``restrict``: only a word ``rare`` marks); see
    ``kernels.odd_words_numpy``."""
    cdef Py_ssize_t k, count = misses.shape[0], slots = need.shape[0], words = need.shape[1], terms = to_folded.shape[0]
    cdef int32_t slot, word, folded
    cdef bint bad = False
    if restrict.shape[0] < slots or rare.shape[0] < terms:
        raise IndexError("a slot or term without its flag")
    with nogil:
        for k in range(count):
            if misses[k] != 1:
                continue
            slot = miss_slot[k]
            word = miss_id[k]
            if slot < 0 or slot >= slots or word < 0 or word >= terms:
                bad = True
                break
            if restrict[slot] and not rare[word]:
                continue
            folded = to_folded[word]
            if folded < 0 or folded >= words:
                bad = True
                break
            need[slot, folded] = 1
    if bad:
        raise IndexError("a slot, term id or folded id out of range")


def anchor_outcomes(const position_t[::1] anchors, const float[:, ::1] weights, const int8_t[::1] misses,
                    const int32_t[::1] miss_slot, const int32_t[::1] miss_id, const int32_t[::1] to_folded,
                    const uint8_t[::1] rare, const uint8_t[::1] restrict, list fits, float typo_weight, bint two,
                    position_t[::1] out_anchors, float[:, ::1] out_weights, double[::1] out_runs):
    """The anchors kept, in order, into ``out_anchors``, ``out_weights`` (slots by anchors)
    and ``out_runs``; returns how many (see ``kernels.anchor_outcomes_numpy``).  One pass:
    an anchor's slots, its odd word's table and its outputs are read and written together."""
    cdef Py_ssize_t n = weights.shape[0], m = anchors.shape[0], terms = to_folded.shape[0], k, j, count = 0
    cdef const int8_t** rows = <const int8_t**> malloc(max(n, 1) * sizeof(int8_t*))
    cdef Py_ssize_t* lengths = <Py_ssize_t*> malloc(max(n, 1) * sizeof(Py_ssize_t))
    cdef const int8_t[::1] table
    cdef int32_t slot, word, folded
    cdef double run
    cdef bint fit, bad = False
    if rows == NULL or lengths == NULL:
        free(rows)
        free(lengths)
        raise MemoryError()
    try:
        if len(fits) < n or restrict.shape[0] < n or rare.shape[0] < terms or weights.shape[1] < m \
                or out_anchors.shape[0] < m or out_weights.shape[0] < n or out_weights.shape[1] < m or out_runs.shape[0] < m:
            raise IndexError("a slot or term without its table or flag, or outputs too short")
        for j in range(n):
            table = fits[j]
            lengths[j] = table.shape[0]
            rows[j] = &table[0] if table.shape[0] else NULL
        with nogil:
            for k in range(m):
                fit = False
                slot = -1
                if misses[k] == 0:
                    run = n
                elif misses[k] == 1:
                    slot = miss_slot[k]
                    word = miss_id[k]
                    if slot < 0 or slot >= n or word < 0 or word >= terms:
                        bad = True
                        break
                    if not restrict[slot] or rare[word]:
                        folded = to_folded[word]
                        if folded < 0 or folded >= lengths[slot]:
                            bad = True
                            break
                        fit = rows[slot][folded] > 0
                    if fit:
                        run = n
                    elif two:
                        continue
                    else:
                        run = slot if slot > n - 1 - slot else n - 1 - slot
                        if run < 2:
                            continue
                else:
                    continue
                out_anchors[count] = anchors[k]
                for j in range(n):
                    out_weights[j, count] = weights[j, k]
                if fit:
                    out_weights[slot, count] = typo_weight
                out_runs[count] = run
                count += 1
    finally:
        free(rows)
        free(lengths)
    if bad:
        raise IndexError("a slot, term id or folded id out of range")
    return count


def feature_scores(const double[:, ::1] best, const double[:, ::1] title_tf, const double[:, ::1] body_tf,
                   const double[::1] body_len, const double[::1] phrase, const double[::1] title_phrase,
                   const double[::1] run, const double[::1] idf, const double[::1] diacritics, double idf_total,
                   double avg, const double[::1] signals, double[::1] out):
    """Each candidate's score from its features (terms by candidates, and per
    candidate), ``signals`` the weights in ``kernels.SIGNALS`` order: the same
    operations in the same order as ``kernels.feature_scores_numpy`` (a sum over
    the terms adds them first to last, as numpy's over fewer than 8 rows does), one
    candidate at a time instead of a dozen passes over matrices of tens of thousands
    of candidates."""
    cdef Py_ssize_t n = best.shape[0], m = best.shape[1], i, j
    cdef double w_phrase, w_run, w_coverage, w_title_terms, w_title_phrase, w_bm25, w_diacritics, title_factor, k1, b
    cdef double coverage, title_terms, longest, tf, norm, bm25, rest, terms = <double> n
    cdef double runs = <double> (n - 1 if n > 1 else 1)
    if signals.shape[0] < 10 or n < 1 or title_tf.shape[0] < n or body_tf.shape[0] < n or idf.shape[0] < n \
            or title_tf.shape[1] < m or body_tf.shape[1] < m or body_len.shape[0] < m or phrase.shape[0] < m \
            or title_phrase.shape[0] < m or run.shape[0] < m or diacritics.shape[0] < m or out.shape[0] < m:
        raise IndexError("a feature or weight missing")
    w_phrase, w_run, w_coverage, w_title_terms, w_title_phrase = signals[0], signals[1], signals[2], signals[3], signals[4]
    w_bm25, w_diacritics, title_factor, k1, b = signals[5], signals[6], signals[7], signals[8], signals[9]
    rest = 1 - b
    with nogil:
        for j in range(m):
            coverage = best[0, j]
            title_terms = best[0, j] * (1.0 if title_tf[0, j] > 0 else 0.0)
            norm = k1 * (rest + b * body_len[j] / avg)
            tf = body_tf[0, j] + title_factor * title_tf[0, j]
            bm25 = idf[0] * (tf / (tf + norm))
            for i in range(1, n):
                coverage = coverage + best[i, j]
                title_terms = title_terms + best[i, j] * (1.0 if title_tf[i, j] > 0 else 0.0)
                tf = body_tf[i, j] + title_factor * title_tf[i, j]
                bm25 = bm25 + idf[i] * (tf / (tf + norm))
            longest = run[j] * terms - 1
            if longest < 0:
                longest = 0.0
            out[j] = (w_phrase * phrase[j] + w_run * (longest / runs) + w_coverage * (coverage / terms)
                      + w_title_terms * (title_terms / terms) + w_title_phrase * title_phrase[j]
                      + w_bm25 * (bm25 / idf_total) + w_diacritics * diacritics[j])


#: The base of the tokens' polynomial hashes (``kernels.HASH_BASE``; mod 2**64).
cdef uint64_t HASH_BASE = 0x9E3779B97F4A7C15ULL


def fold_page(str text, const uint32_t[::1] fold, const uint8_t[::1] word_table, uint32_t[::1] codes,
              uint8_t[::1] word, int64_t[::1] starts, int64_t[::1] ends, uint64_t[::1] hashes):
    """Fold ``text`` (``fold``: the folded code point of each of the Basic Multilingual
    Plane; beyond it unchanged) into ``codes``, mark its word characters in ``word``
    (``word_table``, beyond the plane ``str.isalnum``), and write its tokens (runs of
    word characters: ``starts``, ``ends``) with their hashes; returns how many tokens.
    One pass over the text (see ``kernels.fold_page_numpy``)."""
    cdef Py_ssize_t i = 0, count = 0
    cdef Py_UCS4 ch
    cdef uint32_t code
    cdef bint is_word, in_word = False
    cdef uint64_t value = 0, power = 1
    for ch in text:
        if ch < 0x10000:
            code = fold[ch]
            is_word = word_table[code]
        else:
            code = ch
            is_word = Py_UNICODE_ISALNUM(ch)
        codes[i] = code
        word[i] = is_word
        if is_word:
            if not in_word:
                starts[count] = i
                value, power, in_word = 0, 1, True
            value += code * power
            power *= HASH_BASE
        elif in_word:
            ends[count] = i
            hashes[count] = value
            count += 1
            in_word = False
        i += 1
    if in_word:
        ends[count] = i
        hashes[count] = value
        count += 1
    return count


def prefix_hashes(const uint32_t[::1] codes, const int64_t[::1] starts, const int64_t[::1] ends, Py_ssize_t length,
                  uint64_t[::1] out):
    """``out[k]``: the hash of the first ``length`` codes of token ``k`` (all of it if shorter)."""
    cdef Py_ssize_t k
    cdef int64_t i, stop
    cdef uint64_t value, power
    with nogil:
        for k in range(starts.shape[0]):
            value, power = 0, 1
            stop = min(ends[k], starts[k] + length)
            for i in range(starts[k], stop):
                value += codes[i] * power
                power *= HASH_BASE
            out[k] = value


def docs_of(const int32_t[::1] doc_blocks, const int32_t[::1] doc_starts, const position_t[::1] positions, int shift,
            int32_t[::1] out):
    """``out[k]``: the document holding ``positions[k]``: the one where its block
    (``positions[k] >> shift``) starts, stepped over those starting inside the block."""
    cdef Py_ssize_t k
    cdef int64_t position, end = doc_starts[doc_starts.shape[0] - 1]
    cdef int32_t doc
    cdef bint bad = False
    with nogil:
        for k in range(positions.shape[0]):
            position = positions[k]
            if position < 0 or position >= end:
                bad = True
                break
            doc = doc_blocks[position >> shift]
            while position >= doc_starts[doc + 1]:
                doc += 1
            out[k] = doc
    if bad:
        raise IndexError("a position outside the segment")


def mark_documents(const int32_t[::1] doc_blocks, const int32_t[::1] doc_starts, const position_t[::1] positions,
                   int shift, uint8_t[::1] mark):
    """``mark[d] = 1`` for the document ``d`` holding each of ``positions`` (found as
    :func:`docs_of` finds it); the positions after one that stay in its document (a
    document's come together when positions ascend) are passed over, not looked up."""
    cdef Py_ssize_t k = 0, count = positions.shape[0]
    cdef int64_t position, stop, end = doc_starts[doc_starts.shape[0] - 1]
    cdef int32_t doc
    cdef bint bad = False
    with nogil:
        while k < count:
            position = positions[k]
            if position < 0 or position >= end:
                bad = True
                break
            doc = doc_blocks[position >> shift]
            while position >= doc_starts[doc + 1]:
                doc += 1
            mark[doc] = 1
            stop = doc_starts[doc + 1]
            k += 1
            while k < count and position <= positions[k] < stop:
                k += 1
    if bad:
        raise IndexError("a position outside the segment")


def count_by_document(const int32_t[::1] positions, const int32_t[::1] doc_blocks, const int32_t[::1] doc_starts,
                      const int32_t[::1] body_starts, int shift, uint16_t[::1] title, uint16_t[::1] body):
    """Occurrences of ``positions`` (in any order) in each document's title and body,
    saturated at 65535.  Each position's document is found as :func:`docs_of` finds it
    (its block's, stepped over the few starting inside the block), and the count to
    raise chosen and raised without a branch: a walk beside the documents' starts
    mispredicts a branch at most positions of a common word (2.3x the time)."""
    cdef Py_ssize_t k, documents = doc_starts.shape[0] - 1
    cdef int64_t position, end
    cdef int32_t doc
    cdef uint16_t* counts
    cdef uint16_t count
    cdef bint bad = False
    if documents < 0 or body_starts.shape[0] != documents or title.shape[0] != documents or body.shape[0] != documents:
        raise ValueError("a document's start, body start and counts must go together")
    end = doc_starts[documents]
    with nogil:
        for k in range(positions.shape[0]):
            position = positions[k]
            if position < 0 or position >= end:
                bad = True
                break
            doc = doc_blocks[position >> shift]
            while position >= doc_starts[doc + 1]:
                doc += 1
            counts = &body[0] if position >= body_starts[doc] else &title[0]
            count = counts[doc]
            counts[doc] = count + (count != 0xFFFF)
    if bad:
        raise IndexError("a position outside the segment")


def article_layout(const uint32_t[::1] codes, const uint8_t[::1] word, const uint8_t[::1] classes,
                   const int64_t[::1] run_starts, const int64_t[::1] run_ends, const int64_t[::1] field_starts,
                   const int64_t[::1] field_ends, int64_t[::1] starts, int64_t[::1] ends, int64_t[::1] paragraph,
                   int64_t[::1] clause, int64_t[::1] run_token):
    """An article's tokens as its fields (title, paragraphs: ``field_starts`` ascending,
    ``field_ends``) see them: each run of word characters (``run_starts``, ``run_ends``:
    every run, whole) cut where a field starts or ends inside it, into ``starts`` and
    ``ends``, with the field holding each token (-1: none) in ``paragraph``, the clause
    breaks before it in ``clause`` (as ``kernels.clause_numbers_numpy`` counts them;
    ``classes``: each code point's of the plane, see ``kernels.break_classes``), and
    each run's token in ``run_token`` (-1 where the run is cut or in no field); returns
    how many tokens (see ``kernels.article_layout_numpy``)."""
    cdef Py_ssize_t r, f, i, t = 0, fields = field_starts.shape[0], size = word.shape[0], count, c, first
    cdef int64_t start, end, bound, cut, gap = 0, breaks = 0
    cdef bint in_marks = False, mark
    cdef uint32_t code
    cdef uint8_t kind
    cdef Py_ssize_t* cuts
    # The field bounds that fall inside a run, ascending and distinct.
    cuts = <Py_ssize_t*> malloc((2 * fields + 1) * sizeof(Py_ssize_t))
    if cuts == NULL:
        raise MemoryError()
    count = 0
    try:
        for f in range(2 * fields):
            bound = field_starts[f] if f < fields else field_ends[f - fields]
            if 0 < bound < size and word[bound - 1] and word[bound]:
                cuts[count] = bound
                count += 1
        _sort(cuts, count)
        with nogil:
            c = 0
            for r in range(run_starts.shape[0]):
                start, end = run_starts[r], run_ends[r]
                # The clause breaks (runs of break marks and the white space between them) in
                # the gap before the run: only there (a break mark is no word character).
                for i in range(gap, start):
                    code = codes[i]
                    kind = classes[code] if code < 0x10000 else 0
                    # 1 a mark that always ends a clause, 2 one that does unless a word
                    # character follows, 3 white space.
                    if kind == 1:
                        mark = True
                    elif kind == 2:
                        mark = not (i + 1 < size and word[i + 1])
                    else:
                        mark = False
                    if mark:
                        if not in_marks:
                            breaks += 1
                        in_marks = True
                    elif kind != 3:
                        in_marks = False
                in_marks = False  # the run's word characters end any run of marks
                gap = end
                first = t
                while c < count and cuts[c] <= start:
                    c += 1
                while c < count and cuts[c] < end:
                    cut = cuts[c]
                    starts[t], ends[t], clause[t] = start, cut, breaks
                    t += 1
                    start = cut
                    while c < count and cuts[c] == cut:
                        c += 1
                starts[t], ends[t], clause[t] = start, end, breaks
                t += 1
                run_token[r] = first if t == first + 1 else -1
            f = 0
            for r in range(t):
                while f + 1 < fields and field_starts[f + 1] <= starts[r]:
                    f += 1
                paragraph[r] = f if (field_starts[f] <= starts[r] and ends[r] <= field_ends[f]) else -1
            for r in range(run_starts.shape[0]):
                if run_token[r] >= 0 and paragraph[run_token[r]] < 0:
                    run_token[r] = -1
    finally:
        free(cuts)
    return t


cdef void _sort(Py_ssize_t* values, Py_ssize_t count) noexcept:
    """Insertion sort (an article has a few dozen field bounds)."""
    cdef Py_ssize_t i, j
    cdef Py_ssize_t value
    for i in range(1, count):
        value = values[i]
        j = i - 1
        while j >= 0 and values[j] > value:
            values[j + 1] = values[j]
            j -= 1
        values[j + 1] = value


def phrase_places(const int64_t[::1] windows, const int64_t[::1] slots, Py_ssize_t n, const int64_t[::1] paragraph,
                  const int64_t[::1] clause, const uint8_t[::1] typed, const int64_t[::1] token_starts,
                  const int64_t[::1] token_ends, const int64_t[::1] term_lengths, const int64_t[::1] budgets,
                  int64_t[::1] places_out, int64_t[::1] missing_out):
    """The windows of ``n`` tokens (by first token, ascending) holding all the query's
    terms or all but one, inside one paragraph with clause breaks exactly where
    ``typed`` has them, the token in place of a missing term of a length within its
    budget; per window the slot missing (-1: none).  ``windows[k]``, ``slots[k]``: a
    term in its slot of a window (see ``kernels.phrase_places_numpy``).  Returns how
    many windows."""
    cdef Py_ssize_t places = paragraph.shape[0] - n + 1, k, w, i, found = 0
    cdef int64_t window, gap, whole = n * (n - 1) // 2
    cdef int32_t* counts
    cdef int64_t* sums
    cdef bint any_typed = False, ok
    if places <= 0:
        return 0
    for i in range(1, n):
        any_typed = any_typed or typed[i]
    counts = <int32_t*> calloc(places, sizeof(int32_t))
    sums = <int64_t*> calloc(places, sizeof(int64_t))
    if counts == NULL or sums == NULL:
        free(counts)
        free(sums)
        raise MemoryError()
    with nogil:
        for k in range(windows.shape[0]):
            window = windows[k]
            if 0 <= window < places:
                counts[window] += 1
                sums[window] += slots[k]
        for w in range(places):
            if counts[w] < n - 1:
                continue
            ok = paragraph[w] >= 0 and paragraph[w] == paragraph[w + n - 1]
            if ok and not any_typed:
                ok = clause[w] == clause[w + n - 1]
            elif ok:
                for i in range(1, n):
                    if (clause[w + i] != clause[w + i - 1]) != typed[i]:
                        ok = False
                        break
            if ok and counts[w] < n:
                i = whole - sums[w]
                gap = token_ends[w + i] - token_starts[w + i] - term_lengths[i]
                ok = -budgets[i] <= gap <= budgets[i]
            if ok:
                places_out[found] = w
                missing_out[found] = -1 if counts[w] == n else whole - sums[w]
                found += 1
    free(counts)
    free(sums)
    return found


def first_of_each_word(const uint32_t[::1] codes, const int64_t[::1] starts, const int64_t[::1] ends,
                       const uint64_t[::1] hashes, int64_t[::1] first):
    """``first[k]``: the first ``j <= k`` whose token (``codes[starts[j]:ends[j]]``, hash
    ``hashes[j]``) is spelled as token ``k``: tokens are told apart by hash in a table,
    and two with one hash by their letters (so a collision costs a look, never a merge)."""
    cdef Py_ssize_t count = starts.shape[0], size = 16, mask, k, slot, j, length, i
    cdef int64_t* table
    cdef bint same
    while size < 2 * count:
        size <<= 1
    mask = size - 1
    table = <int64_t*> malloc(size * sizeof(int64_t))
    if table == NULL:
        raise MemoryError()
    with nogil:
        for slot in range(size):
            table[slot] = -1
        for k in range(count):
            slot = <Py_ssize_t> (hashes[k] & <uint64_t> mask)
            length = ends[k] - starts[k]
            while True:
                j = table[slot]
                if j < 0:
                    table[slot] = k
                    first[k] = k
                    break
                if hashes[j] == hashes[k] and ends[j] - starts[j] == length:
                    same = True
                    for i in range(length):
                        if codes[starts[j] + i] != codes[starts[k] + i]:
                            same = False
                            break
                    if same:
                        first[k] = j
                        break
                slot = (slot + 1) & mask
    free(table)


#: What the tokenizer makes of a code point (``kernels.token_classes``): a mark that
#: always ends a clause, one that ends it unless a word character follows, other white
#: space, a word character (``[^\W_]``), anything else.
cdef enum:
    T_OTHER = 0
    T_ALWAYS = 1
    T_INNER = 2
    T_SPACE = 3
    T_WORD = 4

#: A text's characters, one, two or four bytes each (its ``PyUnicode_KIND``): the
#: tokenizer is compiled for each, reading them straight from the string.
ctypedef fused char_t:
    uint8_t
    uint16_t
    uint32_t

#: FNV-1a over a token's code points: how :class:`TermTable` finds a token.
cdef uint64_t FNV_OFFSET = 0xCBF29CE484222325ULL
cdef uint64_t FNV_PRIME = 0x100000001B3ULL


cdef inline uint8_t _token_class(Py_UCS4 ch, const uint8_t* classes) noexcept:
    """The class of ``ch``: from ``classes`` in the Basic Multilingual Plane; beyond it (no
    break mark stands there) what the regex engine asks of it."""
    if ch < 0x10000:
        return classes[ch]
    if Py_UNICODE_ISALNUM(ch):
        return T_WORD
    return T_SPACE if Py_UNICODE_ISSPACE(ch) else T_OTHER


cdef inline bint _breaks_at(const char_t* chars, Py_ssize_t i, Py_ssize_t size, uint8_t kind_of,
                            const uint8_t* classes) noexcept:
    """Whether the mark of class ``kind_of`` at ``i`` ends a clause (an inner mark only
    when no word character follows it)."""
    if kind_of == T_ALWAYS:
        return True
    return kind_of == T_INNER and not (i + 1 < size and _token_class(chars[i + 1], classes) == T_WORD)


cdef void* _larger(void* block, size_t size) except NULL:
    """``block`` moved to ``size`` bytes (on failure it stays as it was, still owned)."""
    cdef void* moved = realloc(block, size)
    if moved == NULL:
        raise MemoryError()
    return moved


cdef class TermTable:
    """The terms of one ``term_ids`` dict met by :func:`clause_term_ids`, found by their
    code points (a hash table of their own): a token seen before is read to its id with
    no string made for it.  Each entry is a term and its id as the dict has them (ids
    never change, terms are never removed), so the table only ever lags the dict: a
    token not in it is looked up in the dict, then added."""

    cdef readonly object term_ids
    cdef Py_ssize_t mask, count, room, chars_used, chars_room
    cdef int64_t* slots  # entry + 1 in each slot, 0 for none
    cdef uint64_t* hashes
    cdef int32_t* ids
    cdef int64_t* starts
    cdef int32_t* lengths
    cdef Py_UCS4* chars

    def __cinit__(self, term_ids):
        self.term_ids = term_ids
        self.mask = (1 << 16) - 1
        self.room = 1 << 15
        self.chars_room = 1 << 18
        self.slots = <int64_t*> calloc(self.mask + 1, sizeof(int64_t))
        self.hashes = <uint64_t*> malloc(self.room * sizeof(uint64_t))
        self.ids = <int32_t*> malloc(self.room * sizeof(int32_t))
        self.starts = <int64_t*> malloc(self.room * sizeof(int64_t))
        self.lengths = <int32_t*> malloc(self.room * sizeof(int32_t))
        self.chars = <Py_UCS4*> malloc(self.chars_room * sizeof(Py_UCS4))
        if not (self.slots and self.hashes and self.ids and self.starts and self.lengths and self.chars):
            raise MemoryError()

    def __dealloc__(self):
        free(self.slots)
        free(self.hashes)
        free(self.ids)
        free(self.starts)
        free(self.lengths)
        free(self.chars)

    def __len__(self):
        return self.count

    cdef int _grow(self, Py_ssize_t more_chars) except -1:
        """Room for one more entry of ``more_chars`` code points; the slots rehashed at half full."""
        cdef void* moved
        cdef Py_ssize_t e, slot, size
        while self.chars_used + more_chars > self.chars_room:
            self.chars = <Py_UCS4*> _larger(self.chars, 2 * self.chars_room * sizeof(Py_UCS4))
            self.chars_room *= 2
        if self.count == self.room:
            self.hashes = <uint64_t*> _larger(self.hashes, 2 * self.room * sizeof(uint64_t))
            self.ids = <int32_t*> _larger(self.ids, 2 * self.room * sizeof(int32_t))
            self.starts = <int64_t*> _larger(self.starts, 2 * self.room * sizeof(int64_t))
            self.lengths = <int32_t*> _larger(self.lengths, 2 * self.room * sizeof(int32_t))
            self.room *= 2
        if 2 * (self.count + 1) > self.mask + 1:
            size = 2 * (self.mask + 1)
            moved = calloc(size, sizeof(int64_t))
            if moved == NULL:
                raise MemoryError()
            free(self.slots)
            self.slots = <int64_t*> moved
            self.mask = size - 1
            for e in range(self.count):
                slot = <Py_ssize_t> (self.hashes[e] & <uint64_t> self.mask)
                while self.slots[slot]:
                    slot = (slot + 1) & self.mask
                self.slots[slot] = e + 1
        return 0


cdef inline int32_t _table_find(TermTable table, const char_t* token, Py_ssize_t length, uint64_t h) noexcept:
    """The id of the term spelled ``token[:length]`` (hash ``h``), or -1 when the table has it not."""
    cdef Py_ssize_t slot = <Py_ssize_t> (h & <uint64_t> table.mask), k
    cdef int64_t entry
    cdef const Py_UCS4* spelled
    while True:
        entry = table.slots[slot]
        if entry == 0:
            return -1
        entry -= 1
        if table.hashes[entry] == h and table.lengths[entry] == length:
            spelled = table.chars + table.starts[entry]
            for k in range(length):
                if spelled[k] != token[k]:
                    break
            else:
                return table.ids[entry]
        slot = (slot + 1) & table.mask


cdef int _table_add(TermTable table, const char_t* token, Py_ssize_t length, uint64_t h, int32_t term_id) except -1:
    cdef Py_ssize_t slot, k, entry
    table._grow(length)
    entry = table.count
    table.hashes[entry] = h
    table.ids[entry] = term_id
    table.starts[entry] = table.chars_used
    table.lengths[entry] = <int32_t> length
    for k in range(length):
        table.chars[table.chars_used + k] = token[k]
    table.chars_used += length
    table.count += 1
    slot = <Py_ssize_t> (h & <uint64_t> table.mask)
    while table.slots[slot]:
        slot = (slot + 1) & table.mask
    table.slots[slot] = entry + 1
    return 0


cdef Py_ssize_t _clause_term_ids(const char_t* chars, Py_ssize_t size, str text, TermTable table, list new_tokens,
                                 const uint8_t* classes, int32_t clause_id, int32_t* out) except -1:
    """:func:`clause_term_ids` for a text of ``char_t`` characters."""
    cdef Py_ssize_t i = 0, start, count = 0
    cdef uint8_t c
    cdef uint64_t h
    cdef PyObject* found
    cdef object token, term_ids = table.term_ids
    cdef int32_t term_id
    cdef uint32_t ch
    while i < size:
        c = _token_class(chars[i], classes)
        if c == T_WORD:
            start = i
            h = FNV_OFFSET
            while i < size:
                ch = chars[i]
                if _token_class(ch, classes) != T_WORD:
                    break
                h = (h ^ ch) * FNV_PRIME
                i += 1
            h ^= h >> 32
            term_id = _table_find(table, chars + start, i - start, h)
            if term_id < 0:
                token = PyUnicode_Substring(text, start, i)
                found = PyDict_GetItemWithError(term_ids, token)
                if found == NULL:
                    term_id = PyDict_Size(term_ids)
                    PyDict_SetItem(term_ids, token, term_id)
                    new_tokens.append(token)
                else:
                    term_id = <object> found
                _table_add(table, chars + start, i - start, h, term_id)
            out[count] = term_id
            count += 1
        elif _breaks_at(chars, i, size, c, classes):
            # The run goes on over white space to each further break mark; it ends after
            # the last one (the white space after it, not a break, is passed over here).
            i += 1
            while i < size:
                c = _token_class(chars[i], classes)
                if _breaks_at(chars, i, size, c, classes) or c == T_SPACE:
                    i += 1
                else:
                    break
            out[count] = clause_id
            count += 1
        else:
            i += 1
    return count


def clause_term_ids(str text, TermTable table, list new_tokens, const uint8_t[::1] classes, int32_t clause_id,
                    int32_t[::1] out):
    """The term ids of ``text``'s tokens and clause breaks, in order, into ``out`` (room
    for ``len(text)``); returns how many.  What ``CLAUSE_TOKEN_RE.findall`` finds, each
    token looked up in ``table.term_ids`` (a dict, or a subclass of one, read as a dict;
    a token not there is given the next id, ``len(term_ids)``, and appended to
    ``new_tokens``), each clause break (a run of break marks and the white space between
    them) written as ``clause_id``: one pass over the text, no list of tokens, no regex,
    no string made for a token the table has seen (see ``kernels.clause_term_ids_regex``)."""
    cdef Py_ssize_t size = len(text)
    cdef int kind = PyUnicode_KIND(text)
    cdef const void* data = PyUnicode_DATA(text)
    if not isinstance(table.term_ids, dict):
        raise TypeError("term_ids is not a dict")
    if classes.shape[0] < 0x10000:
        raise ValueError("classes does not cover the Basic Multilingual Plane")
    if out.shape[0] < size:
        raise ValueError("out has less room than text has characters")
    if size == 0:
        return 0
    if kind == 1:
        return _clause_term_ids(<const uint8_t*> data, size, text, table, new_tokens, &classes[0], clause_id, &out[0])
    if kind == 2:
        return _clause_term_ids(<const uint16_t*> data, size, text, table, new_tokens, &classes[0], clause_id, &out[0])
    return _clause_term_ids(<const uint32_t*> data, size, text, table, new_tokens, &classes[0], clause_id, &out[0])
