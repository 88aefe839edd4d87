"""Which compiled kernels to use: a Cython module that ``hatch_build.py`` built from a
``.pyx`` beside it is used only if it was built from exactly that source (its
``SOURCE_SHA256``), so an editable install edited since falls back to the plain twin
instead of giving other answers.  Shared by :mod:`tui.core.kernels` and
:mod:`tui.core.entities.scan_kernels`; no numpy here (the entity process imports it).
"""

from __future__ import annotations

import hashlib
import importlib
import os
from importlib import resources
from types import ModuleType


def checked_kernels(name: str, twin: str, what: str) -> tuple[ModuleType | None, str]:
    """The compiled module ``tui.core.<name>`` and ``"compiled"``, or None and why not, as
    ``"<twin> (<reason>)"`` (``what``: how the status names the kernels)."""
    if os.environ.get("VNBY_PURE"):
        return None, f"{twin} (VNBY_PURE set)"
    try:
        module = importlib.import_module(f"tui.core.{name}")
    except ImportError:
        return None, f"{twin} (no compiled {what} in this install)"
    try:
        source = resources.files("tui.core").joinpath(f"{name}.pyx").read_bytes()
    except OSError:  # an install without the source: nothing to check the build against
        return None, f"{twin} (no {name}.pyx beside the compiled {what} to check them against)"
    if getattr(module, "SOURCE_SHA256", None) != hashlib.sha256(source).hexdigest():
        return None, f"{twin} (the compiled {what} were built from another {name}.pyx: reinstall)"
    return module, "compiled"
