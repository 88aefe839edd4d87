"""Syndicated stories in the explorer: grouped while loading, and the "count once" toggle."""

from __future__ import annotations

import json

import numpy as np
import pytest
from rich.style import Style

pytest.importorskip("datasketch", reason="datasketch is not installed: pip install -e '.[test]'")

from pilot import SMALL, WIDE, choose_in_palette, make_app, settle
from syndicated import GROUPS, build, earliest, story_of
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
        await choose_in_palette(pilot, "syndicated", "Count syndicated stories once · off")
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


def row_text(app, row: int) -> tuple[str, str]:
    """The title and meta lines of a list row, as drawn."""
    listing = app.document_list
    width = listing.size.width
    return tuple(listing.render_row_line(row, line, width, Style(), False).text.strip() for line in (0, 1))


@pytest.mark.parametrize("size", [WIDE, SMALL], ids=["120x40", "80x24"])
async def test_a_story_is_one_row_that_c_unfolds_and_folds(corpus, size):
    app = make_app([str(corpus)])
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        listing = app.document_list
        assert listing.row_count() == len(GROUPS)  # 10 articles, 7 stories
        titles = [row_text(app, row)[0].lstrip("▸ ") for row in range(listing.row_count())]
        assert titles == [f"Tin {copies[0][0]}" for copies in GROUPS.values()]
        assert row_text(app, 0)[1].startswith("+2 copies") and row_text(app, 1)[1].startswith("+1 copy ·")
        assert "copies" not in row_text(app, 2)[1] and "copy" not in row_text(app, 2)[1]
        listing.focus()
        await pilot.press("c")
        await settle(pilot)
        assert listing.row_count() == len(GROUPS) + 2
        assert [row_text(app, row)[0].lstrip("▸ ") for row in range(4)] == ["Tin w1", "↳ Tin w2", "↳ Tin w3", "Tin v1"]
        assert row_text(app, 0)[1].startswith("▾ 2 copies ·")
        await pilot.press("j", "j", "enter")  # a copy opens as any article does
        await settle(pilot)
        assert app.reader.doc == listing.docs[2] and app.corpus.articles[app.reader.doc].id == "w3"
        listing.focus()
        await pilot.press("c")  # on a copy: folds the story back, the cursor on its row
        await settle(pilot)
        assert listing.row_count() == len(GROUPS) and listing.cursor == 0
        footer = " ".join(str(app.query_one("#key-bar").render()).split())
        assert "c Copies" in footer


@pytest.mark.parametrize("size", [WIDE, SMALL], ids=["120x40", "80x24"])
async def test_search_results_list_each_story_once(corpus, size):
    app = make_app([str(corpus)])
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"bao so", "enter")
        await settle(pilot)
        listing = app.document_list
        assert len(listing.given) == 10 and listing.row_count() == len(GROUPS)
        ranked = [app.corpus.articles[d].id for d in listing.given]
        best = [next(i for i in ranked if story_of(i) == story) for story in GROUPS]  # each story's best-ranked copy
        assert [app.corpus.articles[d].id for d in listing.docs] == sorted(best, key=ranked.index)
        assert "10 articles" in str(app.query_one("#header").render())  # counts stay article counts
