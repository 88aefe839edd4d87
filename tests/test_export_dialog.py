"""Export from the explorer: ``X`` or the palette's "Export to a file…" opens a dialog that
writes this search's results, the marked articles or the entity table as CSV, Markdown or
JSONL -- the very bytes ``vnby-tui export`` writes for the same selection."""

from __future__ import annotations

import datetime
import errno
import json
import os
import re
import threading
from pathlib import Path

import pytest

from pilot import SMALL, WIDE, choose_in_palette, gated_load, make_app, screen_lines, search, settle, wait_until
from tui.cli import main
from tui.core import export as core_export
from tui.core.export import atomic_file, export_file_name

SIZES = pytest.mark.parametrize("size", [WIDE, SMALL], ids=["120x40", "80x24"])
PHRASE, SCATTERED = 6, 4  # articles with "cơn bão" as a phrase, and with the two words far apart
FILLER = " ".join(["người dân địa phương đã"] * 8)


@pytest.fixture
def storms(tmp_path, monkeypatch):
    """Six articles with the phrase "cơn bão", four with its words scattered; the working
    directory is a folder of its own, where the dialog proposes to write."""
    rows = [{"id": f"p{i}", "title": f"Bão số {i} đổ bộ", "date": f"2020-10-{i + 1:02d}", "source": "dantri.com.vn",
             "url": f"https://dantri.com.vn/xa-hoi/bao-{i}.htm",
             "text": f"Cơn bão số {i} gây mưa lớn ở Quảng Nam, ông Hùng cho biết."} for i in range(PHRASE)]
    rows += [{"id": f"s{i}", "title": f"Dọn dẹp ở Huế {i}", "date": "2020-11-01", "source": "vnexpress.net",
              "text": f"Sau bão, {FILLER} cho biết cơn mưa kéo dài ở Thừa Thiên Huế."} for i in range(SCATTERED)]
    corpus = tmp_path / "storms.jsonl"
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return corpus


def today() -> str:
    return datetime.date.today().isoformat()


def cli_export(*argv: str) -> bytes:
    """What ``vnby-tui export … -o FILE`` writes."""
    target = Path(os.getcwd()).parent / "cli-output"
    assert main(["export", *argv, "-o", str(target), "--no-cache"]) == 0
    return target.read_bytes()


async def open_export_dialog(pilot):
    from tui.dialogs.export import ExportScreen

    app = pilot.app
    app.focus_now(app.document_list)
    await pilot.press("X")
    await wait_until(pilot, lambda: isinstance(app.screen, ExportScreen), "the export dialog")
    return app.screen


async def export_and_wait(pilot, dialog) -> None:
    app = pilot.app
    await pilot.press("enter")
    await wait_until(pilot, lambda: app.screen is not dialog, "the dialog to close")
    await settle(pilot)


def said(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


# -- core: the file name proposed, the file written ----------------------------------------------------


def test_the_proposed_file_name_is_the_query_s_slug_and_the_date():
    day = datetime.date(2024, 3, 9)
    assert export_file_name("Park Hang Seo", "csv", day) == "vnby-park-hang-seo-2024-03-09.csv"
    assert export_file_name('per:"Tô Lâm" đường sắt', "md", day) == "vnby-per-to-lam-duong-sat-2024-03-09.md"
    assert export_file_name("", "jsonl", day, what="marked") == "vnby-marked-2024-03-09.jsonl"
    assert export_file_name("bão", "csv", day, what="entities") == "vnby-bao-entities-2024-03-09.csv"
    assert export_file_name("bão", "csv", day, what="all") == "vnby-bao-all-hits-2024-03-09.csv"
    assert export_file_name("bão", "csv", day, what="results") == "vnby-bao-2024-03-09.csv"
    long = export_file_name("một " * 40, "csv", day)
    assert len(long) < 80 and not long.startswith("vnby--") and "--" not in long


def test_a_failed_write_leaves_the_file_that_was_there_and_no_part_file(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("the user's own file\n")
    with pytest.raises(OSError):
        with atomic_file(str(target), "csv") as out:
            out.write("rank,id\n")
            raise OSError(errno.ENOSPC, "No space left on device")
    assert target.read_text() == "the user's own file\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


# -- finding it ------------------------------------------------------------------------------------------


@SIZES
@pytest.mark.parametrize(("language", "typed", "title"), [
    ("en", "export", "Export to a file…"), ("en", "markdown", "Export to a file…"),
    ("vi", "xuat", "Xuất ra tệp…"), ("vi", "xuất", "Xuất ra tệp…"),
])
async def test_the_palette_finds_the_export(size, language, typed, title):
    from tui.dialogs.export import ExportScreen

    app = make_app(language=language)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await search(pilot, "to lam")
        await pilot.press("ctrl+p")
        await choose_in_palette(pilot, typed, title)
        await wait_until(pilot, lambda: isinstance(app.screen, ExportScreen), "the export dialog")


@SIZES
async def test_help_lists_the_export_key(size):
    from tui.screens.help import HelpScreen

    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
        lines = screen_lines(app)
        assert any(re.search(r"│ X +Export +│", line) for line in lines), "\n".join(lines)


async def test_the_footer_shows_the_export_key_where_there_is_room():
    from tui.widgets.key_bar import KeyBar, fit_keys

    app = make_app()
    async with app.run_test(size=(200, 40)) as pilot:
        await settle(pilot)
        bar = app.explorer.query_one(KeyBar)
        assert ("export", "X", "Export") in [item for item in fit_keys(bar._items(), 200)]


# -- what it writes --------------------------------------------------------------------------------------


@SIZES
async def test_the_search_s_strong_set_is_written_as_the_cli_writes_it(storms, size):
    app = make_app([str(storms)])
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await search(pilot, "con bao")
        assert len(app._strong) == PHRASE < len(app._listed)
        dialog = await open_export_dialog(pilot)
        name = f"vnby-con-bao-{today()}.csv"
        assert dialog.query_one("#export-path").value == name
        await export_and_wait(pilot, dialog)
        written = Path(name).read_bytes()
        assert any(name in message and str(PHRASE) in message for message in said(app)), said(app)
    assert written == cli_export("con bao", str(storms), "--format", "csv")
    assert written.count(b"\n") == PHRASE + 1


@SIZES
async def test_every_hit_as_markdown_and_the_entity_table_as_jsonl(storms, size):
    app = make_app([str(storms)])
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await search(pilot, "con bao")
        dialog = await open_export_dialog(pilot)
        await pilot.press("down")  # this search's results -> every hit, the weak ones too
        await pilot.press("tab", "right")  # CSV -> Markdown
        name = f"vnby-con-bao-all-hits-{today()}.md"
        await wait_until(pilot, lambda: dialog.query_one("#export-path").value == name, "the name to follow the format")
        await export_and_wait(pilot, dialog)
        markdown = Path(name).read_text(encoding="utf-8")
        assert sum(1 for line in markdown.splitlines() if line[:1].isdigit()) == PHRASE + SCATTERED

        dialog = await open_export_dialog(pilot)
        await pilot.press("down", "down")  # the entity table of the results (no marks: not offered)
        await pilot.press("tab", "right", "right")  # JSON lines
        name = f"vnby-con-bao-entities-{today()}.jsonl"
        await wait_until(pilot, lambda: dialog.query_one("#export-path").value == name, "the entities' name")
        await export_and_wait(pilot, dialog)
        entities = Path(name).read_bytes()
    assert entities == cli_export("con bao", str(storms), "--entities", "--format", "jsonl")
    assert any(json.loads(line)["name"] == "Quảng Nam" for line in entities.splitlines())


@SIZES
async def test_the_marked_articles_are_written_as_the_cli_writes_them(storms, size):
    assert main(["mark", "p2", str(storms), "--star", "--no-cache"]) == 0
    assert main(["mark", "s1", str(storms), "--note", "gọi lại", "--no-cache"]) == 0
    app = make_app([str(storms)])
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await wait_until(pilot, lambda: app.corpus.marks is not None, "the marks read")
        dialog = await open_export_dialog(pilot)
        # no query: the results are not offered, the marked articles are
        name = f"vnby-marked-{today()}.csv"
        await wait_until(pilot, lambda: dialog.query_one("#export-path").value == name, "the marked name")
        await export_and_wait(pilot, dialog)
        written = Path(name).read_bytes()
    assert written == cli_export(str(storms), "--marked", "--format", "csv")
    assert written.count(b"\n") == 3


async def test_the_write_is_done_off_the_screen_s_thread(storms, monkeypatch):
    threads = []
    write_rows = core_export.write_rows

    def recording(*args, **kwargs):
        threads.append(threading.current_thread())
        return write_rows(*args, **kwargs)

    monkeypatch.setattr(core_export, "write_rows", recording)
    app = make_app([str(storms)])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await search(pilot, "con bao")
        await export_and_wait(pilot, await open_export_dialog(pilot))
    assert threads and threading.main_thread() not in threads


# -- never overwriting silently, and errors in one line --------------------------------------------------


@SIZES
async def test_the_results_and_every_hit_are_proposed_names_that_say_which_and_name_no_existing_file(storms, size):
    """A new user's trial: "this search's results" and "every hit" proposed the same file, so
    the second export replaced the first; a name proposed never names a file that exists."""
    Path(f"vnby-con-bao-all-hits-{today()}.csv").write_text("an earlier export\n")
    app = make_app([str(storms)])
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await search(pilot, "con bao")
        dialog = await open_export_dialog(pilot)
        field = dialog.query_one("#export-path")
        results = f"vnby-con-bao-{today()}.csv"
        assert field.value == results
        await export_and_wait(pilot, dialog)
        dialog = await open_export_dialog(pilot)
        assert dialog.query_one("#export-path").value == f"vnby-con-bao-{today()}-2.csv", "the results written: another name"
        await pilot.press("down")  # every hit, the weak ones too
        every = f"vnby-con-bao-all-hits-{today()}-2.csv"
        await wait_until(pilot, lambda: dialog.query_one("#export-path").value == every, "every hit's own name")
        await export_and_wait(pilot, dialog)
    assert Path(results).read_bytes().count(b"\n") == PHRASE + 1
    assert Path(every).read_bytes().count(b"\n") == PHRASE + SCATTERED + 1
    assert Path(f"vnby-con-bao-all-hits-{today()}.csv").read_text() == "an earlier export\n"


@SIZES
async def test_an_existing_file_is_replaced_only_when_asked_again(storms, size):
    name = f"vnby-con-bao-{today()}.csv"
    Path(name).write_text("the user's own notes\n")
    app = make_app([str(storms)])
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await search(pilot, "con bao")
        dialog = await open_export_dialog(pilot)
        assert dialog.query_one("#export-path").value == f"vnby-con-bao-{today()}-2.csv", "an unused name proposed"
        dialog.query_one("#export-path").value = name  # the user's own choice of an existing file
        await pilot.press("enter")
        await wait_until(pilot, lambda: "exists" in str(dialog.query_one("#export-status").render()), "the question")
        await settle(pilot)
        assert app.screen is dialog and Path(name).read_text() == "the user's own notes\n"
        await export_and_wait(pilot, dialog)
        assert Path(name).read_bytes().count(b"\n") == PHRASE + 1


@SIZES
async def test_the_corpus_is_never_offered_to_be_replaced(storms, size):
    corpus = storms.read_bytes()
    app = make_app([str(storms)])
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await search(pilot, "con bao")
        dialog = await open_export_dialog(pilot)
        dialog.query_one("#export-path").value = str(storms)
        for _ in range(2):  # not even when asked again
            await pilot.press("enter")
            await wait_until(pilot, lambda: "corpus being read" in str(dialog.query_one("#export-status").render()),
                             "the refusal")
        await settle(pilot)
        assert app.screen is dialog and storms.read_bytes() == corpus


@SIZES
async def test_an_unwritable_folder_and_a_full_disk_are_one_line_each(storms, size, monkeypatch):
    if not os.path.isdir("/sys"):
        pytest.skip("no /sys to be refused by")
    app = make_app([str(storms)])
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await search(pilot, "con bao")
        dialog = await open_export_dialog(pilot)
        dialog.query_one("#export-path").value = "/sys/vnby-export.csv"
        await export_and_wait(pilot, dialog)
        errors = [str(n.message) for n in app._notifications if n.severity == "error"]
        assert len(errors) == 1 and "/sys/vnby-export.csv" in errors[0] and "\n" not in errors[0], errors

        def full(*_args, **_kwargs):
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(core_export, "write_rows", full)
        app.clear_notifications()
        dialog = await open_export_dialog(pilot)
        await export_and_wait(pilot, dialog)
        errors = [str(n.message) for n in app._notifications if n.severity == "error"]
        assert len(errors) == 1 and "No space left on device" in errors[0], errors
        assert list(Path.cwd().iterdir()) == [], "nothing half-written is left"


@SIZES
async def test_while_loading_the_dialog_says_the_results_are_those_indexed_so_far(storms, size, monkeypatch):
    gate = gated_load(monkeypatch)
    app = make_app([str(storms)])
    try:
        async with app.run_test(size=size) as pilot:
            await wait_until(pilot, lambda: app.document_list.row_count() > 0, "the first batch listed")
            await pilot.press("slash", *"con bao")
            await wait_until(pilot, lambda: app.search_text == "con bao" and app.document_list.docs, "the first hits")
            dialog = await open_export_dialog(pilot)
            status = str(dialog.query_one("#export-note").render())
            n = len(app.corpus.articles)
            assert "still loading" in status and f"{n} article{'s' if n > 1 else ''} read so far" in status, status
            assert not app.corpus.loaded
    finally:
        gate.release(100)
