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


def _int32(array: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(array, dtype=np.int32)


def _int64(array: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(array, dtype=np.int64)
