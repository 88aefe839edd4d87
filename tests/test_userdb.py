"""The analyst's marks database: kept safely across processes, kills, damage and moved corpora."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tui.cli import main
from tui.core.userdb import DB_NAME, ArticleRef, ReadOnlyError, UserDB, data_root

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def data_home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "data"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    return home


def ref(n: int) -> ArticleRef:
    return ArticleRef(f"doc-{n}", f"hash-{n}", f"Tiêu đề {n}")


def corpus(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "a.txt").write_text("Hà Nội mùa thu\n\nBài viết về Hà Nội và sông Hồng.\n", encoding="utf-8")
    (folder / "b.txt").write_text("Đà Nẵng đón khách\n\nDu lịch Đà Nẵng tăng mạnh.\n", encoding="utf-8")
    return folder


def marks_json(capsys, *paths: str) -> list[dict]:
    capsys.readouterr()
    assert main(["marks", *paths, "--json", "--no-cache"]) == 0
    return json.loads(capsys.readouterr().out)


def test_database_lives_under_xdg_data_home_and_is_created_only_by_a_write(data_home, tmp_path, capsys):
    folder = corpus(tmp_path / "news")
    assert marks_json(capsys, str(folder)) == []
    assert not data_home.exists(), "listing marks must not create anything"
    assert main(["mark", "a.txt", str(folder), "--star", "--no-cache"]) == 0
    assert (data_home / "vnby-tui" / DB_NAME).is_file()
    assert data_root() == data_home / "vnby-tui"


def test_relative_xdg_data_home_is_ignored(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", "relative/dir")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert data_root() == tmp_path / ".local" / "share" / "vnby-tui"


def test_star_tag_note_round_trip_through_the_cli(tmp_path, capsys):
    folder = corpus(tmp_path / "news")
    assert main(["mark", "a.txt", str(folder), "--star", "--no-cache"]) == 0
    assert main(["mark", "a.txt", str(folder), "--tag", "  du  lịch ", "--no-cache"]) == 0
    assert main(["mark", "a.txt", str(folder), "--tag", "hà nội", "--no-cache"]) == 0
    assert main(["mark", "a.txt", str(folder), "--note", "gọi lại cho tòa soạn", "--no-cache"]) == 0
    assert main(["mark", "b.txt", str(folder), "--tag", "du lịch", "--no-cache"]) == 0
    listed = {row["id"]: row for row in marks_json(capsys, str(folder))}
    assert listed["a.txt"]["starred"] is True
    assert listed["a.txt"]["tags"] == ["du lịch", "hà nội"]
    assert [n["text"] for n in listed["a.txt"]["notes"]] == ["gọi lại cho tòa soạn"]
    assert listed["a.txt"]["title"] == "Hà Nội mùa thu"
    assert listed["b.txt"] == {"id": "b.txt", "title": "Đà Nẵng đón khách", "date": None, "starred": False,
                               "tags": ["du lịch"], "notes": []}
    assert main(["mark", "a.txt", str(folder), "--unstar", "--no-cache"]) == 0
    assert main(["mark", "a.txt", str(folder), "--untag", "hà nội", "--no-cache"]) == 0
    listed = {row["id"]: row for row in marks_json(capsys, str(folder))}
    assert listed["a.txt"]["starred"] is False and listed["a.txt"]["tags"] == ["du lịch"]


def test_unknown_id_is_one_line_and_exit_1(tmp_path, capsys):
    folder = corpus(tmp_path / "news")
    capsys.readouterr()
    assert main(["mark", "zzz.txt", str(folder), "--star", "--no-cache"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "zzz.txt" in err[0]


def test_marks_survive_a_moved_corpus_folder_and_a_cleared_cache(tmp_path, capsys):
    folder = corpus(tmp_path / "news")
    assert main(["mark", "b.txt", str(folder), "--star"]) == 0
    assert main(["search", "đà nẵng", str(folder)]) == 0  # writes a cache entry
    moved = tmp_path / "elsewhere" / "news-2024"
    moved.parent.mkdir()
    shutil.move(str(folder), str(moved))
    assert main(["cache", "clear"]) == 0
    listed = marks_json(capsys, str(moved))
    assert [(row["id"], row["starred"]) for row in listed] == [("b.txt", True)]


def test_an_edited_article_is_a_different_article(tmp_path, capsys):
    folder = corpus(tmp_path / "news")
    assert main(["mark", "a.txt", str(folder), "--star", "--no-cache"]) == 0
    (folder / "a.txt").write_text("Hà Nội mùa đông\n\nMột bài khác hẳn.\n", encoding="utf-8")
    assert marks_json(capsys, str(folder)) == []


WRITER = textwrap.dedent("""
    import sys
    from tui.core.userdb import ArticleRef, UserDB
    who, count = sys.argv[1], int(sys.argv[2])
    db = UserDB()
    for n in range(count):
        db.tag(ArticleRef(f"{who}-{n}", "h", "t"), "x")
        print(n, flush=True)
""")


def run_writer(who: str, count: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", WRITER, who, str(count)], stdout=subprocess.PIPE, text=True,
                            cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)})


def test_two_processes_writing_at_once_lose_nothing(data_home):
    UserDB().star(ref(0))  # the database exists before both start, as with two SSH sessions
    writers = [run_writer(who, 1000) for who in ("left", "right")]
    for writer in writers:
        out, _ = writer.communicate(timeout=600)
        assert writer.returncode == 0
        assert out.split()[-1] == "999"
    db = UserDB()
    for who in ("left", "right"):
        found = db.marks_for((f"{who}-{n}", "h") for n in range(1000))
        assert len(found) == 1000, f"{who} lost {1000 - len(found)} marks"


def test_kill_9_at_random_moments_loses_no_acknowledged_mark(data_home):
    path = data_home / "vnby-tui" / DB_NAME
    rng = random.Random(13)
    acknowledged: set[str] = set()
    for round_ in range(50):
        writer = run_writer(f"r{round_}", 100_000)
        first = writer.stdout.readline()  # wait until it writes, then let it run a random while
        assert first.strip() == "0"
        time.sleep(rng.uniform(0.0, 0.05))
        writer.send_signal(signal.SIGKILL)
        rest = writer.stdout.read()
        writer.wait()
        acknowledged.update(f"r{round_}-{n}" for n in [0, *map(int, rest.split())])
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        kept = {row[0] for row in conn.execute("SELECT doc_id FROM tag")}
    assert acknowledged <= kept


def test_a_damaged_database_is_one_line_read_only_and_left_untouched(data_home, tmp_path, capsys):
    folder = corpus(tmp_path / "news")
    path = data_home / "vnby-tui" / DB_NAME
    path.parent.mkdir(parents=True)
    garbage = b"this is not an SQLite database\n" * 200
    path.write_bytes(garbage)
    capsys.readouterr()
    assert main(["marks", str(folder), "--json", "--no-cache"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out) == []
    warning = captured.err.strip().splitlines()
    assert len([line for line in warning if "damaged" in line]) == 1 and str(path) in captured.err
    assert main(["mark", "a.txt", str(folder), "--star", "--no-cache"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "damaged" in err[0]
    assert path.read_bytes() == garbage, "the user's file must never be rewritten"


def test_a_read_only_database_shows_marks_and_refuses_writes_in_one_line(data_home, monkeypatch, tmp_path, capsys):
    folder = corpus(tmp_path / "news")
    assert main(["mark", "a.txt", str(folder), "--star", "--no-cache"]) == 0
    path = data_home / "vnby-tui" / DB_NAME
    before = path.read_bytes()
    real_access = os.access
    # Root may write any file, so the permission check is what is made to say "read-only".
    monkeypatch.setattr(os, "access", lambda p, mode: False if mode == os.W_OK else real_access(p, mode))
    db = UserDB()
    assert not db.writable and "read-only" in db.problem
    assert db.marks_of(ArticleRef.of(_article(folder, "a.txt"))).starred
    with pytest.raises(ReadOnlyError):
        db.star(ref(1))
    db.close()
    capsys.readouterr()
    assert main(["mark", "b.txt", str(folder), "--star", "--no-cache"]) == 1
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert [row["id"] for row in marks_json(capsys, str(folder))] == ["a.txt"]
    assert path.read_bytes() == before


def _article(folder: Path, doc_id: str):
    from tui.core.loader import load_paths

    return next(a for a in load_paths([folder]).articles if a.id == doc_id)


def test_schema_is_versioned():
    db = UserDB()
    db.star(ref(1))
    with sqlite3.connect(db.path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] >= 1
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_changed_elsewhere_tells_other_connections_writes_not_its_own():
    """What lets an open explorer show marks made by another one or by ``vnby-tui mark``."""
    mine = UserDB()
    assert not mine.changed_elsewhere()  # no database yet
    other = UserDB()
    other.star(ref(1))  # creates it
    assert mine.changed_elsewhere()  # a database appeared: its marks are new here
    assert not mine.changed_elsewhere()
    mine.tag(ref(1), "x")
    assert not mine.changed_elsewhere()  # its own write
    other.add_note(ref(2), "ghi chú")
    assert mine.changed_elsewhere() and mine.marks_of(ref(2)).notes[0].text == "ghi chú"
    assert not mine.changed_elsewhere()
