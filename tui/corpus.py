"""What the app browses: the articles loaded so far and their indexes.

The load worker appends articles and grows the indexes batch by batch while
the UI lists and searches what is already there.  The search index may be
read while it grows; the entity index may not, so ``entity_lock`` guards it.
Document numbers are positions in ``articles``, the same in both indexes
because batches are added in order.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Corpus:
    paths: Sequence[str]
    articles: list[Any] = field(default_factory=list)
    warnings: list[Any] = field(default_factory=list)
    search_index: Any = None
    entity_index: Any = None
    loaded: bool = False
    entities_ready: bool = False
    entity_lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def name(self) -> str:
        """What the header calls the corpus: the file or directory name, or ``N paths``."""
        if len(self.paths) == 1:
            path = Path(self.paths[0])
            return path.name or str(path)
        return f"{len(self.paths)} paths"

    @property
    def entity_count(self) -> int:
        if self.entity_index is None:
            return 0
        with self.entity_lock:
            return len(self.entity_index)

    def docs_with_all(self, keys: Sequence[str]) -> set[int] | None:
        """Documents mentioning every entity in ``keys`` (``None`` when no filter)."""
        if not keys or self.entity_index is None:
            return None if not keys else set()
        with self.entity_lock:
            docs = set(self.entity_index.docs_with(keys[0]))
            for key in keys[1:]:
                docs.intersection_update(self.entity_index.docs_with(key))
        return docs
