# cython: language_level=3, boundscheck=False, wraparound=False, initializedcheck=False, cdivision=True
"""Compiled twins of the hot loops of :mod:`tui.core.search.kernels` (see there: each
function here gives exactly what its numpy twin gives).  Built by ``hatch_build.py``
with Cython; arrays come in as typed memoryviews (no numpy headers needed), results
are written into arrays the caller allocates."""

from libc.stdint cimport int32_t, int64_t, uint8_t


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


def no_break_within(const int32_t[::1] clause_starts, const int64_t[::1] starts, int64_t span, uint8_t[::1] out):
    """``out[k]``: 1 when no clause break precedes a position in ``starts[k]+1 .. starts[k]+span``."""
    cdef Py_ssize_t k, at, size = clause_starts.shape[0]
    cdef int64_t start
    with nogil:
        for k in range(starts.shape[0]):
            start = starts[k]
            at = _upper_bound(clause_starts, 0, size, start)
            out[k] = at == size or clause_starts[at] > start + span
