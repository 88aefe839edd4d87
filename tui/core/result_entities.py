"""The entities of a set of articles (a result set), counted from the index's mention rows.

The sidebar's "all results" scope and the entity tables of ``entities --query`` and ``export``
count every entity over the query's strong set, which after a load with no query is every
article.  Asked article by article (``entities_of``), 38,000 articles meant a million
``Mention`` objects and seconds of CPU in many small calls; here each slice of articles is
one call for its mention rows (:meth:`EntityIndex.main_mention_rows`) and a few array counts.
The index's lock is taken once per slice, so a reader of the index waits for one slice at most.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

#: Articles counted per call on the index (its lock is held for one call).
SLICE = 1000


def entities_in(index: Any, docs: Iterable[int], cancelled: Callable[[], bool] = lambda: False,
                slice_size: int = SLICE) -> list[tuple[Any, int, int]]:
    """``(entity, articles, mentions)`` of each entity named in the main text of ``docs``
    (credits and hidden entities left out), in order of first mention; ``[]`` once
    ``cancelled()`` says the count is no longer wanted."""
    docs = list(docs)
    ids: dict[str, int] = {}
    articles = np.zeros(0, dtype=np.int64)
    mentions = np.zeros(0, dtype=np.int64)
    for first in range(0, len(docs), slice_size):
        if cancelled():
            return []
        rows, keys = index.main_mention_rows(docs[first:first + slice_size])
        if not len(rows):
            continue
        id_of_code = np.fromiter((-1 if key is None else ids.setdefault(key, len(ids)) for key in keys),
                                 dtype=np.int64, count=len(keys))
        key_of_row = id_of_code[rows[:, 3]]
        counted = key_of_row >= 0
        key_of_row, doc_of_row = key_of_row[counted], rows[counted, 0]
        size = len(ids)
        articles = np.pad(articles, (0, size - len(articles)))
        mentions = np.pad(mentions, (0, size - len(mentions)))
        mentions += np.bincount(key_of_row, minlength=size)
        pairs = np.unique(doc_of_row.astype(np.int64) * size + key_of_row)
        articles += np.bincount(pairs % size, minlength=size)
    found = []
    for key, number in ids.items():
        if mentions[number]:
            entity = index.get(key)
            if entity is not None:
                found.append((entity, int(articles[number]), int(mentions[number])))
    return found
