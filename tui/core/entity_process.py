"""The second process of a cold load: it finds the entities of batches of articles
while the first builds the search index (see ``tui.core.workspace``).

Kept apart from the loader so that the process imports the extractor and little
else: its resident size counts in a cold load's peak beside the index being built.
"""

from __future__ import annotations

import os
import threading
from array import array
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .entities import EntityExtractor
from .entities.packing import PackedBatch, pack_batch
from .memory import release_freed_memory
from .model import PARAGRAPH_KINDS, Article, Paragraph

if TYPE_CHECKING:
    from .store import StoredBatch

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


def stored_articles(batch: StoredBatch) -> list[Article]:
    """The articles of a :meth:`ArticleStore.stored_batch`, with what finding their
    entities reads: text, date and paragraphs."""
    blob, text_bytes, dates, kinds, start_bytes, end_bytes, paragraph_bytes = batch
    text_offsets, paragraph_offsets, starts, ends = array("q"), array("q"), array("i"), array("i")
    text_offsets.frombytes(text_bytes)
    paragraph_offsets.frombytes(paragraph_bytes)
    starts.frombytes(start_bytes)
    ends.frombytes(end_bytes)
    text_base, paragraph_base = text_offsets[0], paragraph_offsets[0]
    articles = []
    for k, date in enumerate(dates):
        first, last = paragraph_offsets[k] - paragraph_base, paragraph_offsets[k + 1] - paragraph_base
        articles.append(Article(
            id="", title="", date=date,
            text=blob[text_offsets[k] - text_base : text_offsets[k + 1] - text_base].decode("utf-8"),
            paragraphs=[Paragraph(PARAGRAPH_KINDS[kinds[j]], starts[j], ends[j]) for j in range(first, last)],
        ))
    return articles


def extract(items: list[tuple]) -> list[list[tuple]]:
    """Mentions of each article (:func:`for_child`'s tuples) as rows (plain tuples, what
    the index packs): pickling a million dataclass objects cost both processes several
    times more.  For a batch whose documents are not all to be read (mentions reused
    from the cache come between them); otherwise :func:`extract_stored`."""
    extractor = _extractor()
    return _released([extractor.extract_rows(Article(id="", title="", text=text, date=date,
                                                     paragraphs=[Paragraph(*p) for p in paragraphs]))
                      for text, date, paragraphs in items])


def extract_stored(batch: StoredBatch) -> PackedBatch:
    """Mentions of each article of a :meth:`.store.ArticleStore.stored_batch`, packed as the
    index stores them (:func:`.entities.packing.pack_batch`).  The first process builds the
    search index meanwhile: it reads the batch from its store as stored (no article built,
    no text decoded or encoded to pickle it) and takes the mentions packed (no tuple
    unpickled, no string looked up but once a batch)."""
    extractor = _extractor()
    return _released(pack_batch([extractor.extract_rows(article) for article in stored_articles(batch)]))


def _extractor() -> EntityExtractor:
    assert _EXTRACTOR is not None, "the process was started without start()"
    return _EXTRACTOR


def _released(result: Any) -> Any:
    """``result``, the memory freed while making it handed back first (it stayed with the
    process, batch after batch)."""
    release_freed_memory()
    return result
