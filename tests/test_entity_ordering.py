"""The two orderings the entity rules rely on, checked against the plain definitions they
replace (``tui/core/entities/extractor.py``, ``merging.py``): mentions come out in text order,
the longest first at one start, and a name found again is dropped where it overlaps a mention
beside it.  Spans are drawn at random, in runs as the scanner, the dates and the names found
again make them, so ties, nested and repeated spans all occur."""

from __future__ import annotations

import random
from bisect import bisect_left

import pytest

from tui.core.entities.extractor import _in_text_order
from tui.core.entities.merging import _overlaps
from tui.core.entities.mention import Candidate


def _runs(rng: random.Random) -> list[Candidate]:
    """A few runs of spans, each in text order or not, over a short text (so spans meet)."""
    candidates: list[Candidate] = []
    for _ in range(rng.randint(0, 4)):
        run = []
        for _ in range(rng.randint(0, 12)):
            start = rng.randint(0, 60)
            kind = rng.choice(("PER", "LOC", "DATE"))
            run.append(Candidate(start, start + rng.randint(1, 8), kind, f"n{len(candidates) + len(run)}"))
        if rng.random() < 0.7:
            run.sort(key=lambda c: (c.start, -c.end))
        candidates.extend(run)
    return candidates


@pytest.mark.parametrize("seed", range(200))
def test_mentions_come_in_text_order_longest_first_ties_as_found(seed):
    candidates = _runs(random.Random(seed))
    expected = sorted(candidates, key=lambda c: (c.start, -c.end))
    assert [id(c) for c in _in_text_order(list(candidates))] == [id(c) for c in expected]


def _overlaps_by_sorted_spans(candidates: list[Candidate], start: int, end: int) -> bool:
    """The definition: the neighbours of ``(start, start)`` among the sorted spans overlap it."""
    spans = sorted((c.start, c.end) for c in candidates)
    i = bisect_left(spans, (start, start))
    return any(a < end and start < b for a, b in spans[max(0, i - 1) : i + 1])


@pytest.mark.parametrize("seed", range(200))
def test_a_word_found_again_overlaps_as_its_neighbouring_spans_say(seed):
    rng = random.Random(seed)
    candidates = _runs(rng)
    for _ in range(20):
        start = rng.randint(0, 70)
        end = start + rng.randint(1, 6)
        assert _overlaps(candidates, start, end) == _overlaps_by_sorted_spans(candidates, start, end), (start, end)
