"""Every article's mentions as it is read, nothing kept: what ``vnby-tui entities --spans``
prints when no cache entry is read or written (``--no-cache``, or the cache turned off).

:func:`tui.core.workspace.open_corpus` keeps every article (its store) and every mention
(the entity index) for a corpus table, a query or a cache entry; spans printed article by
article need none of them.  Packing a million mentions into the index and reading them back
out, and copying every text into the store, cost ``entities --spans`` about 2 CPU seconds
on the real corpus (131.7 MB of text), and the memory of both.  The articles and their ids
are the same as the load's (:func:`.loader.iter_articles`: unique ids, files in order).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence

from .entities import EntityExtractor, MentionRow
from .loader import IdRegistry, iter_sources, load_source
from .model import Article, LoadWarning
from .progress import ENTITIES, Progress, StageClock

#: Articles are read, then their entities found, in batches of about this many characters (as the load's).
BATCH_CHARS = 2_000_000


def stream_mentions(paths: Sequence[str], extractor: EntityExtractor,
                    on_warning: Callable[[LoadWarning], None] = lambda problem: None,
                    on_progress: Callable[[Progress], None] | None = None,
                    ) -> Iterator[list[tuple[Article, list[MentionRow]]]]:
    """The articles of ``paths`` with their mentions as rows (:meth:`.EntityExtractor.extract_rows`,
    what the entity index would list for each), in batches of about :data:`BATCH_CHARS` of text:
    a batch is read, then its entities found (reading and finding in turns, article by article,
    took about a tenth more CPU time: each evicted the other's data from the processor's caches).
    Problems go to ``on_warning``, progress (the ``entities`` stage, by bytes of input read) to
    ``on_progress``."""
    clock = StageClock()
    sources = list(iter_sources(paths, on_warning))
    sizes = []
    for source in sources:
        try:
            sizes.append(os.stat(source.path).st_size)
        except OSError:
            sizes.append(0)
    clock.start(ENTITIES, sum(sizes))
    ids = IdRegistry()
    done, position, count = 0, 0, 0
    batch: list[Article] = []
    chars = 0

    def found() -> list[tuple[Article, list[MentionRow]]]:
        nonlocal batch, chars, count
        rows = [(article, extractor.extract_rows(article)) for article in batch]
        count += len(batch)
        batch, chars = [], 0
        if on_progress is not None:
            clock.advance(ENTITIES, position)
            on_progress(clock.snapshot(count))
        return rows

    for source, size in zip(sources, sizes):
        def read_bytes(read: int) -> None:
            nonlocal position
            position = done + min(read, size)

        for article in load_source(source, on_warning, read_bytes):
            ids.claim(article, on_warning)
            batch.append(article)
            chars += len(article.text)
            if chars >= BATCH_CHARS:
                yield found()
        done += size
        position = done
    if batch:
        yield found()
    clock.finish(ENTITIES)
    if on_progress is not None:
        on_progress(clock.snapshot(count))
