"""The reading a phrase typed without diacritics means: the corpus's own commonest
written form of it.

``to lam`` folds the same as ``Tô Lâm``, ``tố làm``, ``ô tô làm`` and ``to lắm``; all
hold the phrase, so all are ``phrase`` hits, and the words' signals alone rank them
by little more than chance.  Read over the whole index, the phrase's written forms
say which one the corpus means most (on the 2017 corpus, 51 articles write ``tô lâm``,
29 ``tố làm``, 10 ``tô làm``): the articles that write it so are the reading a reader
of that corpus means, and :func:`tui.core.find.find` ranks them first within each tier.

Forms are counted by articles (one vote per article and form), not by occurrences: one
article repeating an odd form (a team called ``tổ Lam``) does not outvote many.

The corpus's entities were weighed as a second signal (a phrase that is the folded name
of a person, organisation or place: the articles mentioning it first).  On the judged
set (``bench/rank_judged.py``) they ranked no better than the written forms (P@10 .955
against .965, the same .965 together), and they arrive only after indexing, so the order
would change under the user's eyes when they do: the written forms alone are used, from
the first batch indexed on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..kernels import no_break_within


if TYPE_CHECKING:
    from ..index import IndexState, Segment, Store


#: Combinations of written forms past which a phrase is not read (a long query whose
#: every word is written several ways): the table of votes would grow with them.
MAX_FORMS = 4096


@dataclass(frozen=True)
class Reading:
    """The documents that write a folded phrase in its commonest form."""

    docs: np.ndarray


def commonest_reading(store: Store, state: IndexState, folded: list[str]) -> Reading | None:
    """The form of the phrase ``folded`` (folded words, two or more) that the most
    articles write, with those articles; ``None`` when the index does not hold the
    phrase, holds it in one form only (nothing to tell apart), or two forms tie.
    Linear in the phrase's occurrences (counted into tables, never sorted): it runs
    beside every such query."""
    ids = [store.vocab.folded_ids.get(word) for word in folded]
    if len(ids) < 2 or any(i is None or i >= state.folded_count for i in ids):
        return None
    written: list[list[np.ndarray]] = [[] for _ in ids]  # per word, the term ids written there
    docs = []
    to_folded = state.term_to_folded
    for seg in state.segments:
        starts, words = _occurrences(seg, ids, to_folded)
        if len(starts):
            docs.append(seg.docs_of(starts).astype(np.int64) + seg.doc_base)
            for k, word in enumerate(words):
                written[k].append(word)
    if not docs:
        return None
    # Each occurrence's form as one number: per word, the index of its written form
    # among those the phrase's occurrences use there, in mixed radix.
    form = np.zeros(sum(len(d) for d in docs), dtype=np.int64)
    forms = 1
    for pieces in written:
        word = np.concatenate(pieces)
        used = np.flatnonzero(np.bincount(word))
        code = np.zeros(int(used[-1]) + 1, dtype=np.int64)
        code[used] = np.arange(len(used))
        form += forms * code[word]
        forms *= len(used)
        if forms > MAX_FORMS:
            return None
    if forms < 2:
        return None
    # One vote per article and form it writes (the documents come in order: each
    # article is a row of the table).
    doc = np.concatenate(docs)
    row = np.concatenate([[0], np.cumsum(doc[1:] != doc[:-1])])
    writes = np.zeros((int(row[-1]) + 1, forms), dtype=bool)
    writes[row, form] = True
    votes = writes.sum(axis=0)
    first, second = np.sort(votes)[-2:][::-1]
    if first == second:
        return None
    chosen = doc[writes[row, int(np.argmax(votes))]]
    return Reading(chosen[np.concatenate([[True], chosen[1:] != chosen[:-1]])])


def _occurrences(seg: Segment, ids: list[int], to_folded: np.ndarray) -> tuple[np.ndarray, list[np.ndarray]]:
    """Where the folded words ``ids`` stand consecutively in one clause of ``seg`` (the starts), and the
    term id written at each word of each occurrence: read from the stream around the
    rarest word's positions (a look-up per word and position, as phrases are anchored)."""
    rarest = min(range(len(ids)), key=lambda k: len(seg.positions(ids[k])))
    starts = seg.positions(ids[rarest]).astype(np.int64) - rarest
    starts = starts[(starts >= 0) & (starts + len(ids) <= len(seg.stream))]
    for k, folded_id in enumerate(ids):
        if k != rarest and len(starts):
            starts = starts[to_folded[seg.stream[starts + k]] == folded_id]
    if len(starts):  # the phrase within one clause, as the phrase tier has it
        starts = starts[no_break_within(seg.clause_starts, starts, len(ids) - 1)]
    return starts, [seg.stream[starts + k] for k in range(len(ids))]
