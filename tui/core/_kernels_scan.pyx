# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False, cdivision=True
"""Compiled twins of the entity scanner's character work (see
:mod:`tui.core.entities.scan_kernels`: each function here gives exactly what its plain
twin there gives).  Built by ``hatch_build.py`` with Cython beside ``_kernels.pyx``."""

import unicodedata

from cpython.mem cimport PyMem_Free, PyMem_Malloc
from cpython.unicode cimport (Py_UNICODE_ISALNUM, Py_UNICODE_ISALPHA, Py_UNICODE_ISDECIMAL, Py_UNICODE_ISUPPER,
                              Py_UNICODE_TOLOWER)
from libc.stdint cimport uint8_t, uint16_t, uint32_t, uint64_t
from libc.string cimport memcpy

cdef extern from "Python.h":
    int PyUnicode_KIND(object text)
    void* PyUnicode_DATA(object text)
    Py_UCS4 PyUnicode_READ(int kind, void* data, Py_ssize_t index)
    object PyUnicode_FromKindAndData(int kind, const void* buffer, Py_ssize_t size)
    object PyUnicode_New(Py_ssize_t size, Py_UCS4 maxchar)
    bint Py_UNICODE_ISDIGIT(Py_UCS4 ch)
    enum: PyUnicode_1BYTE_KIND
    enum: PyUnicode_2BYTE_KIND
    enum: PyUnicode_4BYTE_KIND

#: The three widths of a string's characters (``PyUnicode_KIND``): the loops over every
#: character of a paragraph or an article read them through a typed pointer, one loop per
#: width, where ``PyUnicode_READ`` tests the width at every character.
ctypedef fused char_t:
    uint8_t
    uint16_t
    uint32_t

#: The code points below which ``_FLAGS`` answers (the last of the patterns' letter ranges,
#: ``lexicon._LETTER_RANGES``, ends at U+1EFF); above it a capital is no capital of
#: ``CAP_WORD_RE`` and a letter is asked of ``str.isalnum``'s own test.
cdef enum:
    TABLE_SIZE = 0x1F00
    CAPITAL = 1
    ALNUM = 2
    INITIAL = 4
    ALPHA = 8  # str.isalpha
    LETTER = 16  # the patterns' [^\\W\\d_]: a letter or digit that is no decimal digit

cdef uint8_t _FLAGS[TABLE_SIZE]


cdef void _fill_flags():
    """``CAPITAL``: one of ``lexicon.UPPER`` (an upper-case letter of the ranges
    U+0041-U+024F, U+0370-U+052F, U+1E00-U+1EFF); ``ALNUM``: ``str.isalnum``, what
    the patterns' ``[^\\W_]`` matches; ``INITIAL``: one of ``lexicon.INITIALS`` (a
    capital with no tone mark)."""
    cdef int code
    for code in range(<int>TABLE_SIZE):
        _FLAGS[code] = (ALNUM if Py_UNICODE_ISALNUM(code) else 0) | (
            CAPITAL if Py_UNICODE_ISUPPER(code) and (0x41 <= code < 0x250 or 0x370 <= code < 0x530 or 0x1E00 <= code)
            else 0)
        if Py_UNICODE_ISALPHA(code):
            _FLAGS[code] |= ALPHA
        if Py_UNICODE_ISALNUM(code) and not Py_UNICODE_ISDECIMAL(code):
            _FLAGS[code] |= LETTER
        if _FLAGS[code] & CAPITAL and (len(unicodedata.normalize("NFD", chr(code))) == 1 or chr(code) in "ÂĂÊÔƠƯ"):
            _FLAGS[code] |= INITIAL


_fill_flags()

#: ``_flags`` of every code point of one or two bytes, read with one look-up in the loops over
#: a paragraph's characters (``_flags`` tests the code point against ``TABLE_SIZE`` first).
cdef uint8_t _FLAGS16[0x10000]


#: ``lexicon.PARTICLES``: the lower-case words inside foreign names (``van Gaal``).
PARTICLE_WORDS = ("de", "del", "della", "da", "dos", "das", "van", "von", "der", "den", "di", "du", "le", "la", "of",
                  "the", "and", "for", "bin", "al")
cdef enum:
    PARTICLE_COUNT = 20
    PARTICLE_LONGEST = 5
#: Each particle's letters packed into one number, a byte each (``_packed``).
cdef uint64_t _PARTICLE_CODES[PARTICLE_COUNT]


def _packed(str word):
    cdef uint64_t code = 0
    for ch in word:
        code = (code << 8) | <uint64_t>ord(ch)
    return code


for _number, _word in enumerate(PARTICLE_WORDS):
    _PARTICLE_CODES[_number] = _packed(_word)


cdef inline uint8_t _flags(Py_UCS4 code) noexcept:
    if code < TABLE_SIZE:
        return _FLAGS[code]
    return ((ALNUM if Py_UNICODE_ISALNUM(code) else 0) | (ALPHA if Py_UNICODE_ISALPHA(code) else 0)
            | (LETTER if Py_UNICODE_ISALNUM(code) and not Py_UNICODE_ISDECIMAL(code) else 0))


for _code in range(0x10000):
    _FLAGS16[_code] = _flags(_code)


cdef inline uint8_t _char_flags(char_t ch) noexcept:
    """``_flags`` of a character read through a typed pointer: one look-up below U+10000."""
    if char_t is uint32_t:
        return _flags(ch)
    else:
        return _FLAGS16[ch]


#: ``lexicon._OPENING_PUNCTUATION``: what opens a quotation, a bracket or a clause before a word.
OPENING_PUNCTUATION = "([{\"'“‘«-–,;:"


cdef inline bint _opening(Py_UCS4 ch) noexcept:
    return (ch == 0x28 or ch == 0x5B or ch == 0x7B or ch == 0x22 or ch == 0x27 or ch == 0x201C or ch == 0x2018
            or ch == 0xAB or ch == 0x2D or ch == 0x2013 or ch == 0x2C or ch == 0x3B or ch == 0x3A)


cdef inline Py_UCS4 _at(int kind, void* data, Py_ssize_t i) noexcept:
    return PyUnicode_READ(kind, data, i)


cdef Py_ssize_t _particle_end(int kind, void* data, Py_ssize_t i, Py_ssize_t end) noexcept:
    """Where the space after a particle starting at ``i`` is (``PARTICLE_WORDS``), or -1."""
    cdef uint64_t code = 0
    cdef Py_ssize_t stop = i
    cdef Py_UCS4 ch
    cdef int k
    while stop < end and stop - i <= PARTICLE_LONGEST:
        ch = _at(kind, data, stop)
        if ch == 0x20:
            break
        if not (0x61 <= ch <= 0x7A):  # (a-z)
            return -1
        code = (code << 8) | <uint64_t>ch
        stop += 1
    if stop >= end or stop - i > PARTICLE_LONGEST or _at(kind, data, stop) != 0x20:
        return -1
    for k in range(<int>PARTICLE_COUNT):
        if _PARTICLE_CODES[k] == code:
            return stop
    return -1


cdef Py_ssize_t _dotted_end(int kind, void* data, Py_ssize_t i, Py_ssize_t end) noexcept:
    """End of ``lexicon._TOKEN``'s first form at ``i``: an initial or ``TP``, ``Tp``, ``St``,
    ``Mr``, ``Mrs``, ``Ms``, ``Dr``, its dot, and a space and a capital after it; or -1."""
    cdef Py_ssize_t dot = -1
    cdef Py_UCS4 a = _at(kind, data, i), b
    if _flags(a) & INITIAL and i + 1 < end and _at(kind, data, i + 1) == 0x2E:
        dot = i + 1
    elif i + 2 < end:
        b = _at(kind, data, i + 1)
        if ((a == 0x54 and (b == 0x50 or b == 0x70)) or (a == 0x53 and b == 0x74)  # TP Tp St
                or (a == 0x4D and (b == 0x72 or b == 0x73)) or (a == 0x44 and b == 0x72)):  # Mr Ms Dr
            if _at(kind, data, i + 2) == 0x2E:
                dot = i + 2
            elif a == 0x4D and b == 0x72 and _at(kind, data, i + 2) == 0x73 and i + 3 < end and _at(kind, data, i + 3) == 0x2E:
                dot = i + 3  # Mrs
    if dot >= 0 and dot + 2 < end and _at(kind, data, dot + 1) == 0x20 and _flags(_at(kind, data, dot + 2)) & CAPITAL:
        return dot + 1
    return -1


cdef Py_ssize_t _token_end(int kind, void* data, Py_ssize_t i, Py_ssize_t end) noexcept:
    """End of ``lexicon._TOKEN`` matched at ``i`` (``i < end``), or -1: the dotted form,
    else letters and digits joined by ``-`` or ``&``, or by a dot before a capital."""
    cdef Py_ssize_t dotted = _dotted_end(kind, data, i, end)
    cdef Py_UCS4 ch
    if dotted >= 0:
        return dotted
    if not _flags(_at(kind, data, i)) & ALNUM:
        return -1
    i += 1
    while True:
        while i < end and _flags(_at(kind, data, i)) & ALNUM:
            i += 1
        if i + 1 < end:
            ch = _at(kind, data, i)
            if ((ch == 0x2D or ch == 0x26) and _flags(_at(kind, data, i + 1)) & ALNUM) or (
                    ch == 0x2E and _flags(_at(kind, data, i + 1)) & CAPITAL):
                i += 2
                continue
        return i


def run_end(str text, Py_ssize_t pos, Py_ssize_t end):
    """End of what ``lexicon.RUN_RE`` matches at ``pos`` before ``end``, or ``pos``
    (see ``scan_kernels.run_end_plain``)."""
    cdef Py_ssize_t size = len(text), at = pos if pos > 0 else 0, stop, after
    cdef int kind = PyUnicode_KIND(text), particles
    cdef void* data = PyUnicode_DATA(text)
    if end > size:
        end = size
    if at >= end:
        return pos
    stop = _token_end(kind, data, at, end)
    if stop < 0:
        return pos
    while stop < end and _at(kind, data, stop) == 0x20:
        after = stop + 1
        for particles in range(2):  # "van Gaal", "von der Leyen"
            at = _particle_end(kind, data, after, end)
            if at < 0:
                break
            after = at + 1
        if after >= end or not _flags(_at(kind, data, after)) & CAPITAL:
            break
        stop = _token_end(kind, data, after, end)
    return stop


def cap_word_spans(str text, Py_ssize_t start, Py_ssize_t end):
    """The capitalised words of ``text[start:end]`` that start a word: ``[s0, e0, s1, e1, …]``
    (see ``scan_kernels.cap_word_spans_plain``)."""
    cdef Py_ssize_t size = len(text)
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    spans = []
    start = max(0, min(start, size))
    end = max(start, min(end, size))
    if kind == PyUnicode_1BYTE_KIND:
        _cap_spans(<uint8_t*>data, start, end, spans)
    elif kind == PyUnicode_2BYTE_KIND:
        _cap_spans(<uint16_t*>data, start, end, spans)
    else:
        _cap_spans(<uint32_t*>data, start, end, spans)
    return spans


cdef int _cap_spans(const char_t* chars, Py_ssize_t start, Py_ssize_t end, list spans) except -1:
    """:func:`cap_word_spans`' loop over characters of one width: the runs of letters and digits
    (the paragraph's first character starts one whatever is before it), each read to its end in
    one tight loop, and those a capital opens (a capital is a letter) kept."""
    cdef Py_ssize_t i = start, s
    cdef uint8_t flags
    while i < end:
        flags = _char_flags(chars[i])
        if not flags & ALNUM:
            i += 1
            continue
        s = i
        i += 1
        while i < end and _char_flags(chars[i]) & ALNUM:
            i += 1
        if flags & CAPITAL:
            spans.append(s)
            spans.append(i)
    return 0


def word_before(str keyed, Py_ssize_t pos, Py_ssize_t seg_start):
    """The word right before ``pos`` and a single space, its opening punctuation left out,
    or "" (see ``scan_kernels.word_before_plain``; ``seg_start < pos <= len(keyed)``)."""
    cdef int kind = PyUnicode_KIND(keyed)
    cdef void* data = PyUnicode_DATA(keyed)
    cdef Py_ssize_t low, start, i, stop = pos - 1
    if pos <= seg_start:
        return ""
    if stop >= len(keyed):
        raise IndexError("string index out of range")
    if _at(kind, data, stop) != 0x20:
        return ""
    low = pos - 16 if pos - 16 > seg_start else seg_start
    start = low
    i = stop - 1
    while i >= low:
        if _at(kind, data, i) == 0x20:
            start = i + 1
            break
        i -= 1
    if not (start < stop and _flags(_at(kind, data, start)) & ALPHA):
        while start < stop and _opening(_at(kind, data, start)):
            start += 1
    return keyed[start:stop]


def context_phrases(str keyed, Py_ssize_t pos, Py_ssize_t seg_start):
    """The phrases of the 6 (at most) to 1 words right before ``pos`` and a space, longest
    first (see ``scan_kernels.context_phrases_plain``; ``seg_start < pos <= len(keyed)``)."""
    cdef int kind = PyUnicode_KIND(keyed)
    cdef void* data = PyUnicode_DATA(keyed)
    cdef Py_ssize_t window_start = pos - 40 if pos - 40 > seg_start else seg_start
    cdef Py_ssize_t stop = pos - 1, part_end, i, tail, n = 0, k, first, count = 0
    cdef Py_ssize_t part_starts[6]
    cdef Py_ssize_t part_ends[6]
    cdef Py_ssize_t starts[6]
    cdef uint8_t flags
    cdef bint alpha
    if stop > len(keyed):
        stop = len(keyed)
    if stop < window_start:
        stop = window_start
    # keyed[window_start:stop].rsplit(" ", 5), right to left
    part_end = stop
    while n < 5:
        i = part_end - 1
        while i >= window_start and _at(kind, data, i) != 0x20:
            i -= 1
        if i < window_start:
            break
        part_starts[n], part_ends[n] = i + 1, part_end
        part_end = i
        n += 1
    part_starts[n], part_ends[n] = window_start, part_end
    n += 1
    if window_start > seg_start:
        n -= 1  # the first part may be cut
    for k in range(n):
        alpha = part_ends[k] > part_starts[k]
        for i in range(part_starts[k], part_ends[k]):
            if not _flags(_at(kind, data, i)) & ALPHA:
                alpha = False
                break
        if alpha:
            starts[count] = part_starts[k]
            count += 1
            continue
        # The letters that end the part ("[^\\W\\d_]+$", before a last line break too), if
        # what is before them is no word ("(ông", not "12ông").
        tail = part_ends[k]
        if tail > part_starts[k] and _at(kind, data, tail - 1) == 0x0A:
            tail -= 1
        first = tail
        while first > part_starts[k] and _flags(_at(kind, data, first - 1)) & LETTER:
            first -= 1
        if first < tail:
            alpha = first > part_starts[k]  # (whether the part before the letters is a word)
            for i in range(part_starts[k], first):
                if not _flags(_at(kind, data, i)) & ALNUM:
                    alpha = False
                    break
            if not alpha:
                starts[count] = first
                count += 1
        break
    return [keyed[starts[k]:pos - 1] for k in range(count - 1, -1, -1)]


#: Below this code point ``_LOWER`` holds what ``str.lower`` makes of each character, as
#: computed by ``str.lower`` itself; above it ``Py_UNICODE_TOLOWER`` answers (the same there,
#: ``tests/test_scan_kernels.py`` checks every code point).
cdef enum:
    LOWER_SIZE = 0x3000
#: ``_LOWER``'s mark for a character ``vkey`` leaves to Python: ``İ``, whose lower case is two
#: characters, and ``Σ``, whose lower case depends on the letters around it.
cdef Py_UCS4 UNKEYED = 0xFFFFFFFF
cdef Py_UCS4 _LOWER[LOWER_SIZE]


cdef void _fill_lower():
    cdef int code
    for code in range(<int>LOWER_SIZE):
        low = chr(code).lower()
        _LOWER[code] = ord(low) if len(low) == 1 and code != 0x3A3 else UNKEYED


_fill_lower()

#: ``gazetteer._TONE_SWAP``: the old placement's second letter after ``o`` (``oà``, ``oè``)
#: and after ``u`` (``uỷ``), and the new placement's vowel and the letter after it.
O_SWAP_SECONDS = "àáảãạèéẻẽẹ"
O_SWAP_VOWELS = "òóỏõọòóỏõọ"
O_SWAP_AFTER = "aaaaaeeeee"
U_SWAP_SECONDS = "ỳýỷỹỵ"
U_SWAP_VOWELS = "ùúủũụ"
cdef Py_UCS4 _O_SECONDS[10]
cdef Py_UCS4 _O_VOWELS[10]
cdef Py_UCS4 _O_AFTER[10]
cdef Py_UCS4 _U_SECONDS[5]
cdef Py_UCS4 _U_VOWELS[5]

for _number in range(10):
    _O_SECONDS[_number] = ord(O_SWAP_SECONDS[_number])
    _O_VOWELS[_number] = ord(O_SWAP_VOWELS[_number])
    _O_AFTER[_number] = ord(O_SWAP_AFTER[_number])
for _number in range(5):
    _U_SECONDS[_number] = ord(U_SWAP_SECONDS[_number])
    _U_VOWELS[_number] = ord(U_SWAP_VOWELS[_number])


cdef inline Py_UCS4 _lower(Py_UCS4 code) noexcept:
    if code < LOWER_SIZE:
        return _LOWER[code]
    return Py_UNICODE_TOLOWER(code)


#: ``_lower`` of every code point of one or two bytes, read with one look-up in :func:`vkey`'s
#: pass over an article (``_lower`` tests the code point against ``LOWER_SIZE`` first).
cdef Py_UCS4 _LOWER16[0x10000]


cdef void _fill_lower16():
    cdef int code
    for code in range(0x10000):
        _LOWER16[code] = _lower(code)


_fill_lower16()


cdef inline Py_UCS4 _char_lower(char_t ch) noexcept:
    """``_lower`` of a character read through a typed pointer: one look-up below U+10000."""
    if char_t is uint32_t:
        return _lower(ch)
    else:
        return _LOWER16[ch]


def vkey(str text):
    """``gazetteer.vkey`` of ``text`` (lower case, the old tone placements ``oà``, ``uỷ`` made
    the new ``òa``, ``ủy``, one character for one), or None when ``text`` holds ``İ`` or ``Σ``:
    the caller keys those in Python (see ``gazetteer._vkey_plain``)."""
    cdef Py_ssize_t size = len(text)
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef void* out
    cdef uint32_t top
    if size == 0:
        return ""
    out = PyMem_Malloc(size * kind)
    if out == NULL:
        raise MemoryError()
    try:
        if kind == PyUnicode_1BYTE_KIND:
            top = _key_chars(<uint8_t*>data, <uint8_t*>out, size, 0xFF)
        elif kind == PyUnicode_2BYTE_KIND:
            top = _key_chars(<uint16_t*>data, <uint16_t*>out, size, 0xFFFF)
        else:
            top = UNKEYED  # (beyond the Basic Multilingual Plane: the loop that reads any width)
        if top == UNKEYED:
            return _vkey_any(text)
        return _string(kind, out, size, top)
    finally:
        PyMem_Free(out)


cdef object _string(int kind, void* chars, Py_ssize_t size, uint32_t top):
    """The string of the ``size`` characters of width ``kind`` at ``chars``, whose code points
    OR-ed together make ``top``: made at its own width (a lower case may be narrower than
    the text, ``Ÿ`` ``ÿ``), as Python makes every string, or it would equal none."""
    if top > 0xFFFF:
        top = 0x10FFFF
    result = PyUnicode_New(size, <Py_UCS4>top)
    if PyUnicode_KIND(result) != kind:
        return PyUnicode_FromKindAndData(kind, chars, size)  # (rare: narrower, converted)
    memcpy(PyUnicode_DATA(result), chars, size * kind)
    return result


cdef uint32_t _key_chars(const char_t* chars, char_t* out, Py_ssize_t size, Py_UCS4 widest) noexcept:
    """:func:`vkey`'s pass over characters of one width into ``out`` (of the same width): the
    code points written OR-ed together, or ``UNKEYED`` where a character's lower case is no
    single character or does not fit the width (:func:`_vkey_any` answers then)."""
    cdef Py_ssize_t i = 0, k
    cdef Py_UCS4 ch, after
    cdef uint32_t top = 0
    while i < size:
        ch = _char_lower(chars[i])
        if ch > widest:  # (UNKEYED too)
            return UNKEYED
        out[i] = <char_t>ch
        top |= <uint32_t>ch
        i += 1
        # (a swap writes neither ``o`` nor ``u`` nor a letter that follows them in a pair, so
        # one pass from the left finds the pairs of the two patterns' passes)
        if (ch == 0x6F or ch == 0x75) and i < size:
            after = _char_lower(chars[i])  # (UNKEYED is no pair's: the next round returns)
            if after < 0xE0:  # (every second letter of a pair is at U+00E0 or above)
                continue
            if ch == 0x6F:
                for k in range(10):
                    if _O_SECONDS[k] == after:
                        if _O_VOWELS[k] > widest:
                            return UNKEYED
                        out[i - 1] = <char_t>_O_VOWELS[k]
                        out[i] = <char_t>_O_AFTER[k]
                        top |= <uint32_t>_O_VOWELS[k] | <uint32_t>_O_AFTER[k]
                        i += 1
                        break
            else:
                for k in range(5):
                    if _U_SECONDS[k] == after:
                        if _U_VOWELS[k] > widest:
                            return UNKEYED
                        out[i - 1] = <char_t>_U_VOWELS[k]
                        out[i] = 0x79  # y
                        top |= <uint32_t>_U_VOWELS[k] | 0x79
                        i += 1
                        break
    return top


cdef object _vkey_any(str text):
    """:func:`vkey` over characters of any width (read one by one), or None for ``İ``, ``Σ``."""
    cdef Py_ssize_t size = len(text), i = 0, k
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_UCS4 ch, after
    cdef Py_UCS4* out
    if size == 0:
        return ""
    out = <Py_UCS4*>PyMem_Malloc(size * sizeof(Py_UCS4))
    if out == NULL:
        raise MemoryError()
    try:
        while i < size:
            ch = _lower(_at(kind, data, i))
            if ch == UNKEYED:
                return None
            out[i] = ch
            i += 1
            # (a swap writes neither ``o`` nor ``u`` nor a letter that follows them in a pair, so
            # one pass from the left finds the pairs of the two patterns' passes)
            if (ch == 0x6F or ch == 0x75) and i < size:
                after = _lower(_at(kind, data, i))  # (UNKEYED is no pair's: the next round returns)
                if after < 0xE0:  # (every second letter of a pair is at U+00E0 or above)
                    continue
                if ch == 0x6F:
                    for k in range(10):
                        if _O_SECONDS[k] == after:
                            out[i - 1] = _O_VOWELS[k]
                            out[i] = _O_AFTER[k]
                            i += 1
                            break
                else:
                    for k in range(5):
                        if _U_SECONDS[k] == after:
                            out[i - 1] = _U_VOWELS[k]
                            out[i] = 0x79  # y
                            i += 1
                            break
        return PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, out, size)
    finally:
        PyMem_Free(out)


#: ``scan_kernels.NUMBERED_PLACE_STEMS``: the keyed words of ``places.LOWER_NUMBERED_PLACE_RE``.
NUMBERED_PLACE_STEMS = ("quận", "phường", "ấp", "khu phố", "tổ dân phố", "quốc lộ", "tỉnh lộ")
cdef enum:
    STEM_COUNT = 7
    STEM_CHARS = 64
#: The stems' characters one after another, each stem's start and length.
cdef Py_UCS4 _STEM_CHARS[STEM_CHARS]
cdef Py_ssize_t _STEM_STARTS[STEM_COUNT]
cdef Py_ssize_t _STEM_SIZES[STEM_COUNT]

_offset = 0
for _number, _word in enumerate(NUMBERED_PLACE_STEMS):
    _STEM_STARTS[_number], _STEM_SIZES[_number] = _offset, len(_word)
    for _char in _word:
        _STEM_CHARS[_offset] = ord(_char)
        _offset += 1
assert _offset <= STEM_CHARS


def may_hold_numbered_place(str keyed, Py_ssize_t start, Py_ssize_t end):
    """Whether ``keyed[start:end]`` holds one of ``NUMBERED_PLACE_STEMS`` where a word starts,
    then a space and a digit (see ``scan_kernels.may_hold_numbered_place_plain``): one pass
    over the paragraph looking at the digits after a space, where the plain twin makes one
    ``str.find`` pass a word."""
    cdef Py_ssize_t size = len(keyed)
    cdef int kind = PyUnicode_KIND(keyed)
    cdef void* data = PyUnicode_DATA(keyed)
    if start < 0:
        start = 0
    if end > size:
        end = size
    if kind == PyUnicode_1BYTE_KIND:
        return _numbered_place_in(<uint8_t*>data, start, end)
    if kind == PyUnicode_2BYTE_KIND:
        return _numbered_place_in(<uint16_t*>data, start, end)
    return _numbered_place_in(<uint32_t*>data, start, end)


cdef bint _numbered_place_in(const char_t* chars, Py_ssize_t start, Py_ssize_t end) noexcept:
    cdef Py_ssize_t space, at, k, j
    cdef Py_UCS4 digit
    # A stem at ``at`` ends at ``space`` (a space), the digit stands at ``space + 1 < end``.
    for space in range(start + 1, end - 1):
        if chars[space] != 0x20:
            continue
        digit = chars[space + 1]
        if not (0x30 <= digit <= 0x39 or (digit >= 0x80 and Py_UNICODE_ISDIGIT(digit))):
            continue
        for k in range(<Py_ssize_t>STEM_COUNT):
            at = space - _STEM_SIZES[k]
            if at < start:
                continue
            for j in range(_STEM_SIZES[k]):
                if chars[at + j] != _STEM_CHARS[_STEM_STARTS[k] + j]:
                    break
            else:
                if at == start or not _flags(chars[at - 1]) & ALNUM:
                    return True
    return False


def word_at(str keyed, Py_ssize_t pos, Py_ssize_t end):
    """The word of letters and digits at ``pos`` (what ``WORD_RE`` matches there before ``end``),
    or "" (see ``scan_kernels.word_at_plain``)."""
    cdef Py_ssize_t size = len(keyed), stop = pos
    cdef int kind = PyUnicode_KIND(keyed)
    cdef void* data = PyUnicode_DATA(keyed)
    if end > size:
        end = size
    if pos < 0:
        return ""
    while stop < end and _flags(_at(kind, data, stop)) & ALNUM:
        stop += 1
    return keyed[pos:stop] if stop > pos else ""
