"""The compiled copy of the extractor, where the install has one (``hatch_build.py``).

mypyc compiles a copy of the extractor's modules into ``tui.core._compiled_entities``
when the package is built; it reads an article about 1.5x faster than these modules,
with the same results.  It is used only if it was built from exactly the rules here
(its ``BUILT_FROM`` holds a hash of each module it was compiled from): after an edit
of the rules in an editable install, the plain modules are used until a reinstall.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from importlib import resources
from typing import Any


def compiled_extractor(extra: dict[str, list[str]] | None, never: Iterable[str]) -> Any:
    """An extractor of the compiled copy for these settings, or None (no compiled copy,
    one built from other rules, or ``VNBY_PURE`` set)."""
    if os.environ.get("VNBY_PURE"):
        return None
    try:
        from .._compiled_entities import extractor, native
    except ImportError:
        return None
    if native.BUILT_FROM != source_hashes(native.BUILT_FROM):
        return None
    return extractor.EntityExtractor(extra, never)


def source_hashes(modules: Iterable[str]) -> dict[str, str]:
    """The hash of each module of this package, by name."""
    package = resources.files("tui.core.entities")
    return {name: hashlib.sha256(package.joinpath(f"{name}.py").read_bytes()).hexdigest() for name in modules}
