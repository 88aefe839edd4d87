"""The load warnings dialog: every warning readable whole at 80×24 and 120×40."""

from __future__ import annotations

import json

import pytest

from pilot import SMALL, WIDE, make_app, settle, wait_until


def _bare(text: str) -> str:
    """``text`` without whitespace: a wrapped line reads the same as the unwrapped one."""
    return "".join(text.split())


def _corpus(tmp_path):
    (tmp_path / "good.txt").write_text("Tiêu đề\n\nNội dung bài viết.\n", encoding="utf-8")
    long_name = "bao-cao-tong-hop-tin-tuc-thoi-su-trong-nuoc-va-quoc-te-ngay-17-thang-3-nam-2020-ban-day-du.json"
    (tmp_path / long_name).write_text("{not json", encoding="utf-8")
    (tmp_path / "dates.jsonl").write_text(json.dumps(
        {"id": "d1", "title": "Ngày sai", "date": "31/31/2020", "text": "Nội dung có ngày sai."},
        ensure_ascii=False) + "\n", encoding="utf-8")
    return tmp_path


async def _every_row(pilot, widget) -> list[str]:
    """Every row of a scrolling widget's content, as drawn, top to bottom (scrolled one row
    at a time, so each row is read once)."""
    rows = []
    for y in range(int(widget.max_scroll_y) + 1):
        widget.scroll_to(y=y, animate=False, immediate=True)
        await pilot.pause()
        rows.append(widget.render_line(0).text)
    return rows + [widget.render_line(y).text for y in range(1, widget.scrollable_content_region.height)]


@pytest.mark.parametrize("size", [SMALL, WIDE], ids=["80x24", "120x40"])
async def test_every_load_warning_is_readable_whole(tmp_path, size):
    """A long path or message wraps inside its own item (file name first); nothing is cut
    at the dialog's edge, as the old one-line log cut every line at its width."""
    app = make_app([str(_corpus(tmp_path))])
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        warnings = list(app.corpus.warnings)
        assert any("31/31/2020" in w.message for w in warnings)
        assert any(len(str(w)) > size[0] for w in warnings)  # the point: longer than the screen
        app.action_show_warnings()
        await wait_until(pilot, lambda: type(app.screen).__name__ == "WarningsScreen", "the warnings dialog")
        await pilot.pause()
        listing = app.screen.children[0]
        assert listing.outer_size.width <= size[0]
        rows = await _every_row(pilot, listing)
        shown = _bare("".join(rows))
        for warning in warnings:
            assert str(warning).startswith(warning.path + ": ")  # file name first
            assert _bare(str(warning)) in shown, f"{str(warning)!r} not shown whole in {rows!r}"
        assert getattr(listing, "option_count", None) == len(warnings)  # one item per warning
