"""Syndicated stories in the explorer: grouped while loading, and the "count once" toggle."""

from __future__ import annotations

import json

import numpy as np
import pytest

pytest.importorskip("datasketch", reason="datasketch is not installed: pip install -e '.[test]'")

from pilot import SMALL, WIDE, choose_in_palette, make_app, settle
from syndicated import GROUPS, build, earliest
from tui.core.preferences import state_dir
from tui.core.syndication import Syndication


@pytest.fixture
def corpus(tmp_path):
    return build(tmp_path)


def ids_of(app, docs) -> set[str]:
    return {app.corpus.articles[d].id for d in docs}


@pytest.mark.parametrize("size", [WIDE, SMALL], ids=["120x40", "80x24"])
async def test_count_once_toggle_from_the_palette(corpus, size):
    app = make_app([str(corpus)])
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        every = range(len(app.corpus.articles))
        assert app.corpus.copies is not None and app.corpus.copies.groups == 2
        assert ids_of(app, app.counted(every)) == {d for copies in GROUPS.values() for d, _ in copies}
        await pilot.press("ctrl+p")
        await choose_in_palette(pilot, "syndicated", "Count syndicated stories once")
        await settle(pilot)
        assert app.stories_once
        assert ids_of(app, app.counted(every)) == {earliest(story)[0] for story in GROUPS}
    saved = json.loads((state_dir() / "preferences.json").read_text(encoding="utf-8"))
    assert saved["ui"]["count_stories_once"]["value"] is True
    again = make_app([str(corpus)])
    async with again.run_test(size=size) as pilot:
        await settle(pilot)
        assert again.stories_once and len(again.counted(range(len(again.corpus.articles)))) == len(GROUPS)


def test_first_of_each_keeps_the_smallest_key_per_group():
    copies = Syndication(np.array([0, 0, 2, 0, 2, 5], dtype=np.int32))
    days = np.array([30, 10, 50, 20, 40, 99])
    assert copies.first_of_each([0, 1, 2, 3, 4, 5], days).tolist() == [1, 4, 5]
    assert copies.first_of_each([3, 0, 2], days).tolist() == [2, 3]
    assert copies.first_of_each([3, 0, 4, 2]).tolist() == [0, 2]  # no key: the smallest number
    assert copies.first_of_each([]).tolist() == []
