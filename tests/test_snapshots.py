"""SVG snapshots of the explorer at 80×24 and 120×40 (pytest-textual-snapshot).

Update after an intended change of look with ``pytest tests/test_snapshots.py
--snapshot-update`` and review the SVGs in ``tests/__snapshots__/``.  Each
scenario waits for the debounce and every worker, so the pictures are stable.
"""

from __future__ import annotations

import pytest

import os
from pathlib import Path

from pilot import choose_entity, choose_in_palette, make_app, open_first_result, settle, wait_until

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


async def start_up(pilot) -> None:
    await settle(pilot)


async def results_for_to_lam(pilot) -> None:
    await pilot.press("slash", *"to lam")
    await settle(pilot)


async def reading_with_highlights(pilot) -> None:
    await open_first_result(pilot)
    await pilot.press("n")
    await settle(pilot)


async def entity_filter_applied(pilot) -> None:
    """Filtered by a person only the second seed mentions: the list shrinks to that article."""
    await settle(pilot)
    await pilot.press("right_square_bracket")
    await settle(pilot)
    if not pilot.app.sidebar.display:
        await pilot.press("e")
        await settle(pilot)
    await choose_entity(pilot, "PER:aleksandr lukashenko")
    assert list(pilot.app.document_list.docs) == [1]


async def help_screen(pilot) -> None:
    await settle(pilot)
    await pilot.press("question_mark")
    await settle(pilot)


async def entity_profile(pilot) -> None:
    """The profile of Belarus (p on the sidebar), its concordance filtered by "phong vien"."""
    from tui.screens.entity_profile import EntityProfileScreen

    await open_first_result(pilot, "belarus")
    if not pilot.app.sidebar.display:
        await pilot.press("e")
        await settle(pilot)
    app = pilot.app
    app.sidebar.focus()
    app.sidebar.cursor = next(i for i, row in enumerate(app.sidebar.rows)
                              if row.entity is not None and row.entity.key == "LOC:belarus")
    await pilot.press("p")
    await settle(pilot)
    assert isinstance(app.screen, EntityProfileScreen) and app.screen.profile is not None
    await pilot.press("slash", *"phong vien")
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(
    "scenario", [start_up, results_for_to_lam, reading_with_highlights, entity_filter_applied, help_screen,
                 entity_profile],
    ids=lambda scenario: scenario.__name__,
)
def test_snapshot(snap_compare, scenario, size):
    assert snap_compare(make_app(), terminal_size=size, run_before=scenario)


async def tiers_with_separators(pilot) -> None:
    """A query with hits of three tiers, the cursor moved past the first separator."""
    await pilot.press("slash", *"thu tuong pham minh chinh", "enter")
    await settle(pilot)
    await pilot.press("j")
    await settle(pilot)
    assert pilot.app.document_list.cursor == 2


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_of_the_tier_separators(snap_compare, tmp_path, size):
    """``── 2 near ──`` and ``── 2 with the words scattered ──`` between the tiers of evidence."""
    from test_search_tiers import ARTICLES

    path = tmp_path / "tiers"  # text files: the reader names each by its id, not by a temporary path
    path.mkdir()
    for doc_id, text in ARTICLES.items():
        (path / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    assert snap_compare(make_app([str(path)]), terminal_size=size, run_before=tiers_with_separators)


DATED_NEWS = Path(__file__).parent / "data" / "dated_news.jsonl"


async def timeline_month_picked(pilot) -> None:
    """Storm news searched, the timeline strip focused, March picked (the query gains date:2020-03)."""
    await pilot.press("slash", *"bão số", "enter")
    await settle(pilot)
    await pilot.press("shift+tab", "right", "right", "enter")
    await settle(pilot)
    assert pilot.app.search_bar.query_text == "bão số date:2020-03"


async def profile_months_and_co_mention(pilot) -> None:
    """Trần Minh Tuấn's profile: February to March picked on its month strip, narrowed to Huế."""
    from tui.screens.entity_profile import CoMentionList, EntityProfileScreen

    app = pilot.app
    await settle(pilot)
    await pilot.press("ctrl+p")
    await choose_in_palette(pilot, "entity profile", "Entity profile…")
    await wait_until(pilot, lambda: app.screen.__class__.__name__ == "AskScreen", "the name asked")
    await pilot.press(*"tran minh tuan", "enter")
    await wait_until(pilot, lambda: isinstance(app.screen, EntityProfileScreen), "the profile")
    await wait_until(pilot, lambda: app.screen.profile is not None, "the profile computed")
    await settle(pilot)
    await pilot.press("tab", "right", "shift+right", "enter")
    await settle(pilot)
    co = app.screen.query_one(CoMentionList)
    co.focus()
    co.cursor = 1 + next(i for i, c in enumerate(co.found) if c.name == "Huế")
    await pilot.press("enter")
    await settle(pilot)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("scenario", [timeline_month_picked, profile_months_and_co_mention],
                         ids=lambda scenario: scenario.__name__)
def test_dated_snapshot(snap_compare, scenario, size):
    # relative: the reader shows the article's path, which must not depend on where the clone is
    assert snap_compare(make_app([os.path.relpath(DATED_NEWS)]), terminal_size=size, run_before=scenario)


async def one_story_unfolded(pilot) -> None:
    """The corpus with syndicated stories: the wire story unfolded (▾ 2 copies, ↳ rows),
    the next one folded (+1 copy)."""
    await settle(pilot)
    pilot.app.document_list.focus()
    await pilot.press("c")
    await settle(pilot)
    assert pilot.app.document_list.row_count() == 9


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_of_syndicated_story_rows(snap_compare, tmp_path, monkeypatch, size):
    """A syndicated story is one row (``+1 copy``), unfolded with ``c`` into its copies."""
    pytest.importorskip("datasketch", reason="datasketch is not installed: pip install -e '.[test]'")
    from syndicated import build

    build(tmp_path)
    monkeypatch.chdir(tmp_path)  # the reader shows the input's path as given: the same on every run
    assert snap_compare(make_app(["syndicated.jsonl"]), terminal_size=size, run_before=one_story_unfolded)
