"""String columns of the cache (titles, ids, paths, vocabulary, entity names): the
same strings come back as went in, decoded only when read."""

from __future__ import annotations

import numpy as np
import pytest

from tui.core.strings import StringTable

VALUES = ["Tô Lâm", None, "", "Chủ tịch Quốc hội", "bad\udcffname.txt", "Đà Nẵng", None]


def test_every_string_comes_back_the_same_none_and_lone_surrogates_included():
    table = StringTable.of(VALUES)
    assert len(table) == len(VALUES)
    assert [table[i] for i in range(len(VALUES))] == VALUES == list(table)
    assert table[-1] is None and table[-2] == "Đà Nẵng" and table[1:4] == VALUES[1:4]
    with pytest.raises(IndexError):
        table[len(VALUES)]


def test_a_part_is_a_view_that_writes_and_reads_back_as_its_own_table():
    table = StringTable.of(VALUES)
    part = table.part(3, 3)
    assert list(part) == VALUES[3:6] and part[0] == "Chủ tịch Quốc hội"
    again = StringTable(**part.arrays())
    assert list(again) == VALUES[3:6]
    assert np.shares_memory(part.arrays()["utf8"], table.arrays()["utf8"])


def test_arrays_that_disagree_are_refused():
    arrays = StringTable.of(VALUES).arrays()
    with pytest.raises(ValueError):
        StringTable(arrays["utf8"], arrays["offsets"][:-1], arrays["nulls"])
    with pytest.raises(ValueError):
        StringTable(arrays["utf8"][:-1], arrays["offsets"], arrays["nulls"])



def test_many_strings_taken_at_once_are_those_read_one_by_one():
    """``take`` (a search names its hits by id with it), in any order, repeated, from a part."""
    table = StringTable.of(VALUES)
    picks = np.array([6, 0, 4, 1, 0, 5, 2], dtype=np.int64)
    assert table.take(picks) == [VALUES[i] for i in picks.tolist()]
    assert table.take(np.zeros(0, dtype=np.int64)) == []
    part = table.part(3, 3)
    assert part.take(np.array([2, 0])) == [VALUES[5], VALUES[3]]
