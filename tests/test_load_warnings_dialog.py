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


@pytest.mark.parametrize("size", [SMALL, WIDE], ids=["80x24", "120x40"])
async def test_load_warnings_are_said_in_the_interface_language_fresh_and_from_the_cache(tmp_path, monkeypatch, size):
    """In the Vietnamese interface the warnings dialog and the empty list say each file's
    problem in Vietnamese, on the first load and on the next one, read from the cache (which
    keeps each warning's code, not its English words); the English interface keeps English."""
    for name in ("CACHE", "CONFIG", "DATA", "STATE"):
        monkeypatch.setenv(f"XDG_{name}_HOME", str(tmp_path / name.lower()))
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    (corpus / "bad.jsonl").write_text('{"id": "a", "text": "Nội dung."}\n{not json\n', encoding="utf-8")
    (corpus / "dates.jsonl").write_text(json.dumps(
        {"id": "d1", "title": "Ngày sai", "date": "31/31/2020", "text": "Nội dung có ngày sai."},
        ensure_ascii=False) + "\n", encoding="utf-8")
    said = {"vi": ["empty.txt: tệp rỗng, bỏ qua", "bad.jsonl: dòng 2: JSON không hợp lệ ở cột 2",
                   "dates.jsonl: dòng 1: không hiểu ngày '31/31/2020'"],
            "en": ["empty.txt: empty file, skipped", "bad.jsonl: line 2: invalid JSON at column 2",
                   "dates.jsonl: line 1: date '31/31/2020' not understood"]}
    for language, run in (("vi", "fresh"), ("vi", "cached"), ("en", "cached")):
        app = make_app([str(corpus)], language=language)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            assert app.corpus.workspace.from_cache == (run == "cached")
            app.action_show_warnings()
            await wait_until(pilot, lambda: type(app.screen).__name__ == "WarningsScreen", "the warnings dialog")
            await pilot.pause()
            shown = _bare("".join(await _every_row(pilot, app.screen.children[0])))
            for words in said[language]:
                assert _bare(words) in shown, (language, run, words)


def test_every_load_problem_has_vietnamese_words_with_the_same_values():
    """A problem the Vietnamese table lacks would be said in English in the Vietnamese
    interface; one whose words drop or rename a value would lose what it says (a line, a count)."""
    import string

    from tui.core.problems import PROBLEMS
    from tui.i18n import LOAD_PROBLEMS

    def fields(template: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name}

    vietnamese = LOAD_PROBLEMS["vi"]
    assert set(vietnamese) == set(PROBLEMS)
    assert {code: fields(vietnamese[code]) for code in PROBLEMS} == {code: fields(PROBLEMS[code]) for code in PROBLEMS}


def test_a_warning_keeps_its_words_through_the_cache_record():
    from tui.core.model import LoadWarning
    from tui.i18n import load_warning_line

    warning = LoadWarning.of("tin.jsonl.gz", "gzip.after", line=3, problem="gzip.truncated", articles=1200)
    assert str(warning) == "tin.jsonl.gz: line 3: gzip file cut short (truncated) after 1,200 articles: the rest of it is skipped"
    again = LoadWarning.from_record(warning.record())
    assert again == warning
    assert load_warning_line("vi", again) == "tin.jsonl.gz: dòng 3: tệp gzip bị cắt cụt sau 1.200 bài: bỏ qua phần còn lại"
