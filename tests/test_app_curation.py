"""Entity curation from the explorer's sidebar: hide, merge, rename, retype, undo — applied at once and kept."""

from __future__ import annotations

import pytest

from pilot import SMALL, WIDE, make_app, settle
from tui.core.curation import Curation


def sidebar_names(app) -> list[str]:
    return [row.entity.name for row in app.sidebar.rows if row.entity is not None]


async def focus_entity(pilot, name: str) -> None:
    app = pilot.app
    if not app.sidebar.display:
        await pilot.press("e")
    app.sidebar.focus()
    await pilot.pause()
    app.sidebar.cursor = next(i for i, row in enumerate(app.sidebar.rows)
                              if row.entity is not None and row.entity.name == name)
    await pilot.pause()


async def open_with_results_scope(pilot) -> None:
    await settle(pilot)
    await pilot.press("enter")  # open the first article: the sidebar lists its entities
    await settle(pilot)


async def merge_hanoi_into(pilot, *keys: str) -> None:
    """From the first article's sidebar, ``M`` on Hà Nội, then ``keys`` in the dialog."""
    await open_with_results_scope(pilot)
    await focus_entity(pilot, "Hà Nội")
    await pilot.press("M")
    await pilot.pause()
    assert pilot.app.screen.__class__.__name__ == "AskScreen"
    await pilot.press(*keys)
    await settle(pilot)


@pytest.mark.parametrize("size", [WIDE, SMALL])
async def test_hide_then_undo_from_the_sidebar(size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await open_with_results_scope(pilot)
        assert "Belarus" in sidebar_names(app)
        await focus_entity(pilot, "Belarus")
        await pilot.press("x")
        await settle(pilot)
        assert "Belarus" not in sidebar_names(app)
        assert [a.op for a in Curation.load().actions] == ["hide"], "kept in the curation file"
        await pilot.press("U")
        await settle(pilot)
        assert "Belarus" in sidebar_names(app)
        assert Curation.load().actions == []


async def test_merge_into_another_entity_with_completion():
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await merge_hanoi_into(pilot, *"Phú Q", "right", "enter")  # → completes "Phú Quốc"
        assert "Hà Nội" not in sidebar_names(app)
        merged = app.corpus.entity_index.get("LOC:phu quoc")
        assert merged is not None and "Hà Nội" in merged.aliases
        assert [(a.op, a.value) for a in Curation.load().actions] == [("merge", "LOC:Phú Quốc")]


@pytest.mark.parametrize("keys", [[*"phu q", "right", "enter"], [*"PHU QUOC", "enter"]], ids=["completed", "typed"])
async def test_a_merge_target_typed_without_diacritics_is_the_entity_it_names(keys):
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await merge_hanoi_into(pilot, *keys)
        assert "Hà Nội" not in sidebar_names(app)
        assert [(a.op, a.value) for a in Curation.load().actions] == [("merge", "LOC:Phú Quốc")]


async def test_a_merge_into_no_entity_is_refused_with_a_reason_and_saves_nothing():
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await merge_hanoi_into(pilot, *"nguyen phu t", "enter")
        assert "Hà Nội" in sidebar_names(app)
        assert Curation.load().actions == []
        assert any("nguyen phu t" in str(n.message) and "rename" in str(n.message) for n in app._notifications)


async def test_rename_and_retype_show_at_once():
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await open_with_results_scope(pilot)
        await focus_entity(pilot, "Đông Nam Á")
        await pilot.press("T")
        await pilot.pause()
        await pilot.press(*"ORG", "enter")
        await settle(pilot)
        kinds = {row.entity.name: row.entity.type for row in app.sidebar.rows if row.entity is not None}
        assert kinds["Đông Nam Á"] == "ORG"
        await focus_entity(pilot, "Belarus")
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("ctrl+a", "ctrl+k", *"Cộng hòa Belarus", "enter")  # replace the name shown
        await settle(pilot)
        assert "Cộng hòa Belarus" in sidebar_names(app) and "Belarus" not in sidebar_names(app)


def notices(app, severity: str | None = None) -> list[str]:
    return [str(n.message) for n in app._notifications if severity is None or n.severity == severity]


@pytest.mark.parametrize("size", [WIDE, SMALL])
@pytest.mark.parametrize(("language", "done", "failed"), [
    ("en", "Corrected: hide “LOC:Belarus”", "cannot save the correction (No space left on device)"),
    ("vi", "Đã sửa: ẩn “LOC:Belarus”", "không lưu được sửa đổi (No space left on device)"),
])
async def test_a_correction_and_a_failed_one_are_said_in_the_interface_s_language(size, language, done, failed,
                                                                                  monkeypatch):
    """A new user's trial: in Vietnamese, a correction that could not be saved was said in English."""
    import errno

    from tui.core import curation as core_curation
    from tui.core.curation import default_path

    app = make_app(language=language)
    async with app.run_test(size=size) as pilot:
        await open_with_results_scope(pilot)
        await focus_entity(pilot, "Belarus")
        await pilot.press("x")
        await settle(pilot)
        assert done in notices(app)

        def disk_full(*_args, **_kwargs):
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(core_curation, "written_whole", disk_full)
        await focus_entity(pilot, "Đông Nam Á")
        await pilot.press("x")
        await settle(pilot)
        [error] = notices(app, "error")
        assert error == f"{default_path()}: {failed}"
        assert "Đông Nam Á" in sidebar_names(app), "nothing applied that was not saved"
    assert [a.name for a in Curation.load().actions] == ["LOC:Belarus"]


@pytest.mark.parametrize(("language", "said"), [("en", "cannot read the curation file"),
                                                ("vi", "không đọc được tệp sửa thực thể")])
async def test_a_broken_curation_file_is_said_in_the_interface_s_language(language, said):
    from tui.core.curation import default_path

    default_path().parent.mkdir(parents=True, exist_ok=True)
    default_path().write_text("[[action]\nop = ", encoding="utf-8")
    app = make_app(language=language)
    async with app.run_test(size=SMALL) as pilot:
        await open_with_results_scope(pilot)
        await focus_entity(pilot, "Belarus")
        await pilot.press("U")
        await settle(pilot)
        [error] = notices(app, "error")
        assert error.startswith(f"{default_path()}: {said} (")


@pytest.mark.parametrize("language, keys", [
    ("en", ["M Merge", "x Hide", "r Rename", "T Type", "U Undo"]),
    ("vi", ["M Gộp", "x Ẩn", "r Đổi tên", "T Đổi loại", "U Hoàn tác"]),
])
async def test_the_sidebar_s_key_bar_offers_the_curation_keys(language, keys):
    """A new user found no curation key on the key bar: they were bound but hidden.  With the
    sidebar focused (at 120 columns) the key bar offers them beside filter and profile; with the
    list focused, where they do not apply, it does not; the help names every one in full."""
    from pilot import open_first_result
    from tui.widgets.key_bar import KeyBar

    app = make_app(language=language)
    async with app.run_test(size=WIDE) as pilot:
        await open_first_result(pilot, "to lam")
        bar = app.explorer.query_one(KeyBar)
        app.document_list.focus()
        await pilot.pause()
        assert not any(key in bar.render().plain for key in keys), bar.render().plain
        await focus_entity(pilot, "Tô Lâm")
        shown = bar.render().plain
        assert all(key in shown for key in keys) and "esc " in shown, shown


@pytest.mark.parametrize("size", [WIDE, SMALL], ids=["120x40", "80x24"])
@pytest.mark.parametrize("language, names", [
    ("en", ["Filter", "Profile", "Merge", "Hide", "Rename", "Type", "Undo", "Back", "Help", "Quit", "Fix"]),
    ("vi", ["Lọc", "Hồ sơ", "Gộp", "Ẩn", "Đổi tên", "Đổi loại", "Hoàn tác", "Quay lại", "Trợ giúp", "Thoát", "Sửa"]),
])
async def test_every_curation_key_is_on_the_sidebar_s_key_bar(size, language, names):
    """At 80 columns the focused sidebar's key bar showed ⏎ Filter and p Profile and no curation
    key at all; at 120 it left out U Undo.  Every one of M x r T U is now on the screen's last
    line at both widths, named where there is room (120) or as one "Fix" item (80: the help names
    each), beside filter, profile and the way back, help and quit."""
    filter_, profile, merge, hide, rename, retype, undo, back, help_, quit_, fix = names
    app = make_app(language=language)
    async with app.run_test(size=size) as pilot:
        from pilot import open_first_result, screen_lines

        await open_first_result(pilot, "to lam")
        await focus_entity(pilot, "Tô Lâm")
        await settle(pilot)
        bar = screen_lines(app)[-1]
        for shown in (f"⏎ {filter_}", f"p {profile}", f"esc {back}", f"? {help_}", f"q {quit_}"):
            assert shown in bar, (shown, bar)
        if size == WIDE:
            for shown in (f"M {merge}", f"x {hide}", f"r {rename}", f"T {retype}", f"U {undo}"):
                assert shown in bar, (shown, bar)
        else:
            assert f"M x r T U {fix}" in bar, bar
        assert len(bar.rstrip()) <= size[0]
