"""Tiers of evidence: how strongly a hit matches the query, computed on folded text.

* ``phrase`` — the query's words together and in order, each exactly as typed
  after folding (``pham minh chinh`` in ``Phạm Minh Chính``);
* ``near`` — a phrase that needed a completion, a typo correction or joined
  syllables split (``vietnam`` -> ``Việt Nam``), or the words in the order typed
  within ``n + NEAR_SLACK`` places, in one paragraph (a clause break takes a
  place: ``Thủ tướng, ông Phạm Minh Chính`` is near)
  (``Thủ tướng Chính phủ Phạm Minh Chính`` for ``thu tuong pham minh chinh``;
  for queries of ``NEAR_MIN_TERMS`` to ``NEAR_MAX_TERMS`` words);
* ``scattered`` — every word somewhere in the article;
* ``partial`` — only when no article has every word: those with the most.

A one-word query has no adjacency to judge: its hits are ``phrase`` when they
hold the word as typed, ``near`` when only a completion, near spelling or
split of it — usually one tier.  Every ``phrase`` hit ranks above every
``near`` hit above every ``scattered`` hit: the tier's level is added to the
score in steps larger than all other signals together.  The **strong set** is
the ``phrase`` and ``near`` hits, or every hit when there are none: what
aggregations over a query's results (entity counts, timelines, exports) use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..index import SEP_DOC, Segment
from ..query import EXACT_WEIGHT
from .arrays import among, documents_mask, merged_positions, within
from ..kernels import near_anchors


if TYPE_CHECKING:
    from .phrases import AnchorPhrases
    from .plan import TermPlan

PHRASE, NEAR, SCATTERED, PARTIAL = "phrase", "near", "scattered", "partial"
#: Strongest first; JSON output lists every one (0 when empty).
TIERS = (PHRASE, NEAR, SCATTERED, PARTIAL)
#: The strong set (see the module docstring).
STRONG = (PHRASE, NEAR)
#: Level of each tier (``Scored.levels``); scattered and partial share level 1
#: (partial hits are only kept when no hit is scattered or better).
LEVELS = {PHRASE: 3, NEAR: 2, SCATTERED: 1, PARTIAL: 1}
#: Score added per level above scattered: more than every other signal
#: together can reach (about 28), so tiers never interleave.
TIER_STEP = 100.0
#: Places a ``near`` span may hold beyond the query's own words (``thủ tướng [Chính
#: phủ] Phạm Minh Chính``; a clause break takes a place).
NEAR_SLACK = 2
#: Shortest query whose words are looked for within a span: two syllables are most
#: often one word (``lạm phát``, ``Tô Lâm``), which words put between them unmake (on
#: the 2017 corpus, not one of the judged two-syllable queries' 20,000 ``near``
#: windows was relevant: ``bench/rank_judged.py``).
NEAR_MIN_TERMS = 3
#: Longest query whose words are looked for within a window: past it (a pasted
#: sentence) a window as long as the query says little, and its work grows
#: with the square of the query's length; phrases and near-phrases still count.
NEAR_MAX_TERMS = 8
#: Term ids below this in a segment's stream are the paragraph, title/body
#: and document separators.
FIRST_WORD_ID = SEP_DOC + 1


def tier_name(level: int, strict: bool) -> str:
    """The tier of a hit of ``level``; ``strict`` tells scattered from partial."""
    if level >= LEVELS[PHRASE]:
        return PHRASE
    if level >= LEVELS[NEAR]:
        return NEAR
    return SCATTERED if strict else PARTIAL


def tier_offset(levels: np.ndarray) -> np.ndarray:
    """Score added to hits of these levels."""
    return TIER_STEP * np.maximum(levels.astype(np.float64) - 1.0, 0.0)


def tier_levels(seg: Segment, cand: np.ndarray, plans: list[TermPlan], slices, by_size: list[int],
                phrases: AnchorPhrases | None, split: bool, known: dict | None = None) -> np.ndarray:
    """Level of each candidate (sorted local document numbers) for one query
    variant; ``split`` is the variant with joined syllables split, whose
    phrases are only ``near``.  ``known`` keeps the tables of :func:`term_bits`
    for the next segments of the query."""
    levels = np.ones(len(cand), dtype=np.int8)
    if len(cand) == 0 or not by_size:
        return levels
    if len(plans) == 1:
        levels[:] = LEVELS[NEAR]
        if slices[0] and slices[0][0][1] == EXACT_WEIGHT:
            exact = documents_mask(seg, [slices[0][0][0]])[cand]
            levels[exact] = LEVELS[NEAR if split else PHRASE]
        return levels
    if phrases is not None:
        levels[among(cand, phrases.matching_docs())] = LEVELS[NEAR]
        if not split:
            levels[among(cand, phrases.exact_docs())] = LEVELS[PHRASE]
    rest = np.flatnonzero(levels < LEVELS[NEAR])
    if len(rest) and NEAR_MIN_TERMS <= len(by_size) == len(plans) <= NEAR_MAX_TERMS:
        levels[rest[_words_near(seg, cand[rest], plans, slices, by_size[0], known)]] = LEVELS[NEAR]
    return levels


def term_bits(plans: list[TermPlan], rarest: int) -> np.ndarray:
    """Per term id, one bit for each query term but the rarest that the word stands for
    (``n <= NEAR_MAX_TERMS = 8`` bits)."""
    bits = np.zeros(len(plans[0].by_term), dtype=np.uint8)
    for i in range(len(plans)):
        if i != rarest:
            # Set at the few words of the term only (a shift and an or over every term id
            # took most of the time: the table is made anew for each new query's terms).
            bits[np.flatnonzero(plans[i].by_term > 0)] |= np.uint8(1 << i)
    return bits


def _words_near(seg: Segment, docs: np.ndarray, plans: list[TermPlan], slices, rarest: int,
                known: dict | None = None) -> np.ndarray:
    """Per document: whether some occurrence of the rarest term has the other terms
    around it in the query's order, the whole spanning at most ``n + NEAR_SLACK``
    places, without crossing a paragraph (each word is a place, and so is each clause
    break crossed): a span-near in order, as Lucene's ``span_near`` with ``in_order``.
    Read from the stream on each side of each occurrence (``n + NEAR_SLACK`` look-ups
    per side at most), not from the other terms' positions: each word read is looked
    up once, in a table of the terms it stands for (one bit per term).  On each side
    the terms are taken greedily, the nearest first (the query's word next to the
    anchor's, then the one beyond it), which gives the shortest span an occurrence has."""
    anchors = within(seg, merged_positions(slices[rarest]), docs)
    n = len(plans)
    if len(anchors) == 0:
        return np.zeros(len(docs), dtype=bool)
    # The same table for every segment of a query, and for the next queries with the same
    # terms (a pass over the vocabulary per term): ``known`` keeps it, by the terms (a
    # term's plan is one per state of the index, and ``known`` is the state's).
    key = (tuple(plan.term for plan in plans), rarest)
    bits = known.get(key) if known is not None else None
    if bits is None:
        bits = term_bits(plans, rarest)
        if known is not None:
            known[key] = bits
    longest = n - 1 + NEAR_SLACK  # the places a span may hold beside the anchor's
    near = near_anchors(seg.stream, seg.clause_starts, anchors, bits, list(range(rarest - 1, -1, -1)),
                        list(range(rarest + 1, n)), longest, FIRST_WORD_ID)
    return among(docs, seg.docs_of(anchors[near]))

