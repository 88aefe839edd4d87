# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False, cdivision=True
"""Compiled twins of the entity scanner's character work (see
:mod:`tui.core.entities.scan_kernels`: each function here gives exactly what its plain
twin there gives).  Built by ``hatch_build.py`` with Cython beside ``_kernels.pyx``."""

from cpython.unicode cimport Py_UNICODE_ISALNUM, Py_UNICODE_ISUPPER
from libc.stdint cimport uint8_t

cdef extern from "Python.h":
    int PyUnicode_KIND(object text)
    void* PyUnicode_DATA(object text)
    Py_UCS4 PyUnicode_READ(int kind, void* data, Py_ssize_t index)

#: The code points below which ``_FLAGS`` answers (the last of the patterns' letter ranges,
#: ``lexicon._LETTER_RANGES``, ends at U+1EFF); above it a capital is no capital of
#: ``CAP_WORD_RE`` and a letter is asked of ``str.isalnum``'s own test.
cdef enum:
    TABLE_SIZE = 0x1F00
    CAPITAL = 1
    ALNUM = 2

cdef uint8_t _FLAGS[TABLE_SIZE]


cdef void _fill_flags():
    """``CAPITAL``: one of ``lexicon.UPPER`` (an upper-case letter of the ranges
    U+0041-U+024F, U+0370-U+052F, U+1E00-U+1EFF); ``ALNUM``: ``str.isalnum``, what
    the patterns' ``[^\\W_]`` matches."""
    cdef int code
    for code in range(<int>TABLE_SIZE):
        _FLAGS[code] = (ALNUM if Py_UNICODE_ISALNUM(code) else 0) | (
            CAPITAL if Py_UNICODE_ISUPPER(code) and (0x41 <= code < 0x250 or 0x370 <= code < 0x530 or 0x1E00 <= code)
            else 0)


_fill_flags()


cdef inline uint8_t _flags(Py_UCS4 code) noexcept:
    if code < TABLE_SIZE:
        return _FLAGS[code]
    return ALNUM if Py_UNICODE_ISALNUM(code) else 0


def cap_word_spans(str text, Py_ssize_t start, Py_ssize_t end):
    """The capitalised words of ``text[start:end]`` that start a word: ``[s0, e0, s1, e1, …]``
    (see ``scan_kernels.cap_word_spans_plain``)."""
    cdef Py_ssize_t size = len(text), i, s
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef uint8_t flags
    cdef bint after_alnum = False  # (the paragraph's first character starts a word whatever is before it)
    spans = []
    start = max(0, min(start, size))
    end = max(start, min(end, size))
    i = start
    while i < end:
        flags = _flags(PyUnicode_READ(kind, data, i))
        if flags & CAPITAL and not after_alnum:
            s = i
            i += 1
            while i < end and _flags(PyUnicode_READ(kind, data, i)) & ALNUM:
                i += 1
            spans.append(s)
            spans.append(i)
            after_alnum = True  # (a capital is a letter)
            continue
        after_alnum = flags & ALNUM
        i += 1
    return spans
