"""The entity sidebar as a new analyst meets it on a narrow terminal (tmux, 80x24 and 120x40,
the installed program): opened with ``e``, it stays through a resize, and opens with its first
heading in view."""

from __future__ import annotations

import json

import pytest

from pilot import SMALL, WIDE, make_app, open_first_result, screen_lines, settle, wait_until

SIZES = pytest.mark.parametrize("size", [WIDE, SMALL], ids=["120x40", "80x24"])
PROVINCES = ("Hà Nội, Hải Phòng, Đà Nẵng, Cần Thơ, Huế, Nghệ An, Thanh Hóa, Nam Định, Thái Bình, Ninh Bình, "
             "Hà Nam, Hưng Yên, Bắc Ninh, Bắc Giang, Lạng Sơn, Cao Bằng, Hà Giang, Lào Cai, Yên Bái, Sơn La, "
             "Điện Biên, Lai Châu, Hòa Bình, Phú Thọ, Vĩnh Phúc, Quảng Ninh, Quảng Bình, Quảng Trị, Quảng Nam, "
             "Quảng Ngãi, Bình Định, Phú Yên, Khánh Hòa, Ninh Thuận, Bình Thuận, Gia Lai, Kon Tum, Đắk Lắk, "
             "Lâm Đồng, Đồng Nai, Bình Dương, Tây Ninh, Long An, Tiền Giang, Bến Tre, Vĩnh Long, An Giang")


@pytest.fixture
def crowded(tmp_path):
    """One article naming 47 provinces and a person: more sidebar rows than a terminal's lines."""
    row = {"id": "a1", "title": "Mưa lớn ở nhiều tỉnh", "date": "2020-10-01", "source": "dantri.com.vn",
           "text": f"Ông Nguyễn Văn Nam cho biết mưa lớn kéo dài ở {PROVINCES}. "
                   f"Chiều nay, mưa tiếp tục ở {PROVINCES}."}
    corpus = tmp_path / "crowded.jsonl"
    corpus.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    return corpus


@SIZES
async def test_a_sidebar_opened_with_e_stays_open_when_the_terminal_is_resized(size):
    """Opened with ``e`` where it is folded by default (under 160 columns), it vanished at the
    next resize (a window dragged, a tmux pane split, an SSH client's window resized)."""
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await open_first_result(pilot, "lukashenko")
        app.focus_now(app.document_list)
        assert not app.sidebar.display
        await pilot.press("e")
        await wait_until(pilot, lambda: app.sidebar.display, "the sidebar")
        width, height = size
        await pilot.resize_terminal(width + 1, height + 1)
        await pilot.pause()
        await settle(pilot)
        assert app.sidebar.display and app.sidebar.region.width > 0
        await pilot.press("e")  # and closed with e, it stays closed
        await wait_until(pilot, lambda: not app.sidebar.display, "the sidebar closed")
        await pilot.resize_terminal(width, height)
        await settle(pilot)
        assert not app.sidebar.display


@SIZES
async def test_the_sidebar_opens_with_its_first_heading_in_view(size, crowded):
    """``e`` on a narrow terminal: the sidebar was filled while folded (no height), its cursor
    on the first person scrolled into a view of no lines, and it opened scrolled past its
    "People (n)" heading (tmux, 80x24, dantri-unc)."""
    app = make_app([str(crowded)])
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await open_first_result(pilot, "mua lon")
        app.focus_now(app.document_list)
        await pilot.press("e")
        await wait_until(pilot, lambda: app.sidebar.display and app.sidebar.row_count(), "the sidebar's rows")
        await settle(pilot)
        sidebar = app.sidebar
        top = sidebar.content_region.y
        assert sidebar.scroll_offset.y == 0
        assert any(line[sidebar.region.x:].lstrip("│ ").startswith("People (")
                   for line in screen_lines(app)[top:top + 1])


@SIZES
async def test_a_role_is_shown_readable_or_not_at_all(size):
    """At 80 columns the sidebar cut roles to a lone ellipsis or a letter ('Igor Sergeyenko
    … 9', 'Trần Thanh Mẫn  C… 2'), read as the name cut short; a role with no room for three letters is left out
    (the profile lists them all)."""
    import re

    from textual.geometry import Region

    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        if not app.sidebar.display:
            await pilot.press("e")
        await wait_until(pilot, lambda: app.sidebar.display and app.sidebar.row_count(), "the sidebar's rows")
        await settle(pilot)
        sidebar = app.sidebar
        lines = [strip.text for strip in sidebar.render_lines(Region(0, 0, *sidebar.outer_size))]
        assert any("Igor Sergeyenko" in line for line in lines), lines
        stubs = [line for line in lines if re.search(r"  \S.?… +\d+ *│$|  … +\d+ *│$", line)]
        assert not stubs, stubs
