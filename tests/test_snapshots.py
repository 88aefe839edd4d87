"""SVG snapshots of the explorer at 80×24 and 120×40 (pytest-textual-snapshot).

Update after an intended change of look with ``pytest tests/test_snapshots.py
--snapshot-update`` and review the SVGs in ``tests/__snapshots__/``.  Each
scenario waits for the debounce and every worker, so the pictures are stable.
"""

from __future__ import annotations

import pytest

from pilot import choose_entity, make_app, open_first_result, settle

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
