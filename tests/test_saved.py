"""Saved searches and query history, through the command line and the database."""

from __future__ import annotations

import json
import sqlite3

import pytest

from tui.cli import main
from tui.core.userdb import DB_NAME, MIGRATIONS, ArticleRef, UserDB


@pytest.fixture(autouse=True)
def data_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path / "data"


def write(folder, name: str, title: str, body: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(f"{title}\n\n{body}\n", encoding="utf-8")


def run_json(capsys, *argv: str) -> dict:
    capsys.readouterr()
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_saved_run_new_returns_exactly_the_article_added_since(tmp_path, capsys):
    folder = tmp_path / "news"
    write(folder, "a.txt", "Bão số 9 đổ bộ miền Trung", "Bão số 9 gây mưa lớn ở Quảng Nam.")
    write(folder, "b.txt", "Giá xăng giảm", "Giá xăng giảm lần thứ ba.")
    assert main(["saved", "add", "bão", "bão số 9"]) == 0
    first = run_json(capsys, "saved", "run", "bão", str(folder), "--new", "--json")
    assert [r["id"] for r in first["results"]] == ["a.txt"]
    again = run_json(capsys, "saved", "run", "bão", str(folder), "--new", "--json")
    assert again["results"] == [] and again["total"] == 0
    write(folder, "c.txt", "Bão số 9 suy yếu", "Bão số 9 đã suy yếu thành áp thấp nhiệt đới.")
    newer = run_json(capsys, "saved", "run", "bão", str(folder), "--new", "--json")
    assert [r["id"] for r in newer["results"]] == ["c.txt"]
    everything = run_json(capsys, "saved", "run", "bão", str(folder), "--json")
    assert sorted(r["id"] for r in everything["results"]) == ["a.txt", "c.txt"]


def test_saved_run_says_when_nothing_is_new_and_counts_tiers_over_what_it_lists(tmp_path, capsys):
    folder = tmp_path / "news"
    write(folder, "a.txt", "Bão số 9 đổ bộ miền Trung", "Bão số 9 gây mưa lớn ở Quảng Nam.")
    filler = " Phiên họp diễn ra trong không khí cởi mở và thẳng thắn giữa các bên liên quan." * 4
    write(folder, "b.txt", "Mưa lớn", "Bão gây thiệt hại." + filler + " Số người sơ tán lên 9 nghìn.")  # scattered
    assert main(["saved", "add", "bão", "bão số 9"]) == 0
    capsys.readouterr()
    assert main(["saved", "run", "bão", str(folder)]) == 0
    summary = capsys.readouterr().err
    assert "1 of 1 result(s)" in summary and "scattered" not in summary  # the strong set only
    assert main(["saved", "run", "bão", str(folder), "--new"]) == 0
    assert capsys.readouterr().err.strip() == "Nothing new for 'bão số 9' since the last run."
    listed = run_json(capsys, "saved", "run", "bão", str(folder), "--json")
    assert sum(listed["tiers"].values()) == listed["total"] == 1


def test_saved_run_json_has_the_keys_of_search_json(tmp_path, capsys):
    folder = tmp_path / "news"
    write(folder, "a.txt", "Bão số 9 đổ bộ miền Trung", "Bão số 9 gây mưa lớn ở Quảng Nam.")
    assert main(["saved", "add", "bão", "bão số 9"]) == 0
    saved = run_json(capsys, "saved", "run", "bão", str(folder), "--json")
    searched = run_json(capsys, "search", "bão số 9", str(folder), "--json")
    assert saved.keys() == searched.keys()
    assert [r.keys() for r in saved["results"]] == [r.keys() for r in searched["results"]]


def test_saved_list_add_replace_remove(capsys):
    assert main(["saved", "add", "giá", "giá xăng"]) == 0
    capsys.readouterr()
    assert main(["saved", "add", "giá", "giá vàng"]) == 1, "another query under a saved name is refused"
    assert capsys.readouterr().err == "vnby-tui: a saved search named 'giá' exists ('giá xăng'); --replace replaces it\n"
    assert [s["query"] for s in run_json(capsys, "saved", "list", "--json")] == ["giá xăng"]
    assert main(["saved", "add", "giá", "giá xăng"]) == 0, "the same query again is no change"
    assert main(["saved", "add", "giá", "giá vàng", "--replace"]) == 0
    assert capsys.readouterr().err == "vnby-tui: 'giá' was 'giá xăng'; replaced\n", "a replaced query is said"
    listed = run_json(capsys, "saved", "list", "--json")
    assert [(s["name"], s["query"], s["last_run"]) for s in listed] == [("giá", "giá vàng", None)]
    assert main(["saved", "remove", "giá"]) == 0
    assert run_json(capsys, "saved", "list", "--json") == []
    capsys.readouterr()
    assert main(["saved", "remove", "giá"]) == 1
    assert len(capsys.readouterr().err.strip().splitlines()) == 1
    assert main(["saved", "run", "không-có", "--json"]) == 1


def test_a_saved_search_is_named_without_its_diacritics_unless_that_is_ambiguous(capsys):
    """`saved run "thu tuong pmc"` finds "Thủ tướng PMC", as names are typed everywhere else;
    when two saved names fold alike (saved before names were matched folded), the folded one
    names neither, and each exact name still names its own."""
    assert main(["saved", "add", "Thủ tướng PMC", "pham minh chinh"]) == 0
    db = UserDB()
    assert db.saved_search("thu  tuong pmc").name == "Thủ tướng PMC"
    db._transaction([("INSERT INTO saved (name, query, created) VALUES (?, ?, ?)", ("Thu tướng PMC", "khác", "x"))])
    assert db.saved_search("thu tuong pmc") is None
    assert db.saved_search("Thu tướng PMC").query == "khác", "the exact name still names its own"
    with pytest.raises(ValueError, match="'Thu tướng PMC', 'Thủ tướng PMC'"):
        db.save_search("thu tuong pmc", "a third")  # no third alike name beside them
    db.save_search("Thu tướng PMC", "khác nữa")  # the exact name replaces its own only
    assert [(s.name, s.query) for s in db.saved_searches()] == [("Thu tướng PMC", "khác nữa"),
                                                                ("Thủ tướng PMC", "pham minh chinh")]
    assert db.remove_search("Thu tướng PMC") and db.saved_search("THU TUONG PMC").name == "Thủ tướng PMC"
    db.close()
    assert main(["saved", "remove", "thu tuong pmc"]) == 0
    assert run_json(capsys, "saved", "list", "--json") == []


def test_one_name_however_it_is_spelled(capsys):
    """A name is matched folded (case, diacritics, spacing off) by add, --replace, run and remove:
    `thu tuong` replaces `thủ tướng` (and takes its spelling, the one last saved), never a second entry."""
    assert main(["saved", "add", "thủ tướng", "pham minh chinh"]) == 0
    capsys.readouterr()
    assert main(["saved", "add", "Thủ Tướng", "thu tuong"]) == 1, "a taken name, spelled otherwise, is refused"
    assert "'thủ tướng' exists" in capsys.readouterr().err
    assert main(["saved", "add", "thu tuong", "thu tuong", "--replace"]) == 0
    assert capsys.readouterr().err == "vnby-tui: 'thủ tướng' was 'pham minh chinh'; replaced\n"
    assert [(s["name"], s["query"]) for s in run_json(capsys, "saved", "list", "--json")] == [("thu tuong", "thu tuong")]
    assert main(["saved", "add", "Thủ tướng", "thu tuong"]) == 0, "the same query: no change but the spelling"
    assert [s["name"] for s in run_json(capsys, "saved", "list", "--json")] == ["Thủ tướng"]
    db = UserDB()
    db.save_search("THỦ TƯỚNG", "to lam")
    assert [(s.name, s.query) for s in db.saved_searches()] == [("THỦ TƯỚNG", "to lam")]
    assert db.record_run("thu tuong", [("a", "b")]) == {("a", "b")}
    assert db.saved_search("thủ tướng").last_run is not None, "a run is recorded on the one entry"
    assert db.record_run("Thủ tướng", [("a", "b")]) == set()
    db.close()
    assert main(["saved", "remove", "thu tuong"]) == 0
    assert run_json(capsys, "saved", "list", "--json") == []


def test_history_is_per_corpus_most_recent_first_and_deduplicated():
    db = UserDB()
    for query in ("to lam", "belarus", "to lam", "hà nội"):
        db.remember_query("/corpus/a", query)
    db.remember_query("/corpus/b", "khác")
    assert db.history("/corpus/a") == ["hà nội", "to lam", "belarus"]
    assert db.history("/corpus/b") == ["khác"]


def test_a_version_1_database_is_migrated_with_its_marks(data_home):
    path = data_home / "vnby-tui" / DB_NAME
    path.parent.mkdir(parents=True)
    with sqlite3.connect(path) as conn:
        conn.executescript(MIGRATIONS[0])
        conn.execute("INSERT INTO star VALUES ('a', 'h', '2026-01-01T00:00:00Z')")
        conn.execute("PRAGMA user_version = 1")
    db = UserDB()
    assert db.marks_of(ArticleRef("a", "h", "t")).starred
    db.save_search("x", "y")
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
