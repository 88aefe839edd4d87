"""The second process of a cold load: it finds the entities of batches of articles
while the first builds the search index (see ``tui.core.workspace``).

Kept apart from the loader so that the process imports the extractor and little
else: its resident size counts in a cold load's peak beside the index being built.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from typing import Any

from .entities import EntityExtractor
from .memory import release_freed_memory
from .model import Article, Paragraph

_EXTRACTOR: EntityExtractor | None = None

#: How often the second process checks that this one is still there (seconds).
WATCHDOG_SECONDS = 1.0


def start(extra: dict | None, never: Sequence[str], parent: int | None = None, lifeline: Any = None) -> None:
    """The process's initializer: its extractor, and the watchdog that ends it with its parent."""
    global _EXTRACTOR
    if lifeline is not None:
        threading.Thread(target=_exit_with_parent, args=(parent, lifeline), name="parent-watchdog",
                         daemon=True).start()
    _EXTRACTOR = EntityExtractor(extra, never)


def _exit_with_parent(parent: int | None, lifeline: Any) -> None:
    """In the second process: end it as soon as the process that started it is gone.

    ``lifeline`` is the read end of a pipe whose only write end the parent holds: it
    reads end-of-file the moment the parent dies, however it dies (``kill -9``
    included).  Checking that the parent id has not changed is the watchdog behind it.
    Without this the process (and multiprocessing's resource tracker, which lives as
    long as it does) waited forever for work from a parent that was no more."""
    while True:
        try:
            if lifeline.poll(WATCHDOG_SECONDS):
                break
        except (OSError, EOFError, ValueError):
            break
        if parent is not None and os.getppid() != parent:
            break
    os._exit(0)


def for_child(articles: Sequence[Article]) -> list[tuple]:
    """What :func:`extract` reads of each article, as plain tuples (packed in the parent):
    pickling ``Article`` and ``Paragraph`` objects cost the parent (in a thread that
    competes with indexing) several times more."""
    return [(a.text, a.date, [(p.kind, p.start, p.end) for p in a.paragraphs]) for a in articles]


def extract(items: list[tuple]) -> list[list[tuple]]:
    """Mentions of each article as rows (plain tuples, what the index packs): pickling a
    million dataclass objects cost both processes several times more.  The
    memory a batch freed is handed back before the next (it stayed with the process)."""
    assert _EXTRACTOR is not None
    found = [_EXTRACTOR.extract_rows(Article(id="", title="", text=text, date=date,
                                             paragraphs=[Paragraph(*p) for p in paragraphs]))
             for text, date, paragraphs in items]
    release_freed_memory()
    return found
