"""Entity curation: merge, hide, rename, retype and undo, applied to every entity output."""

from __future__ import annotations

import json

import pytest

from tui.cli import main
from tui.core.curation import Action, Curation, CurationError, default_path

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib


@pytest.fixture
def news(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    texts = {
        "a.txt": "Mưa lớn ở Hà Nội\n\nHà Nội mưa lớn suốt đêm qua.",
        "b.txt": "Đà Nẵng đón khách\n\nDu lịch Đà Nẵng tăng mạnh trong tháng này.",
        "c.txt": "Hai thành phố\n\nHà Nội và Đà Nẵng cùng tổ chức lễ hội.",
        "d.txt": "Huế mộng mơ\n\nDu khách đến Huế ngày càng đông.",
    }
    for name, text in texts.items():
        (folder / name).write_text(text + "\n", encoding="utf-8")
    return folder


def entities(capsys, folder, *extra: str) -> list[dict]:
    capsys.readouterr()
    assert main(["entities", str(folder), "--json", "--no-cache", *extra]) == 0
    return json.loads(capsys.readouterr().out)


def spans(capsys, folder) -> dict[str, list[dict]]:
    capsys.readouterr()
    assert main(["entities", "--spans", str(folder), "--no-cache"]) == 0
    return {r["id"]: r["entities"] for r in map(json.loads, capsys.readouterr().out.splitlines())}


def by_name(rows: list[dict]) -> dict[str, dict]:
    return {row["name"]: row for row in rows}


def test_merge_lists_one_entity_counting_the_union_of_articles(news, capsys):
    before = by_name(entities(capsys, news))
    assert before["Hà Nội"]["articles"] == 2 and before["Đà Nẵng"]["articles"] == 2
    assert main(["curate", "merge", "da nang", "Hà Nội"]) == 0
    after = by_name(entities(capsys, news))
    assert "Đà Nẵng" not in after
    assert after["Hà Nội"]["articles"] == 3, "a, b and c: the union, not the sum (4)"
    assert after["Hà Nội"]["mentions"] == before["Hà Nội"]["mentions"] + before["Đà Nẵng"]["mentions"]
    assert "Đà Nẵng" in after["Hà Nội"]["aliases"]
    names = {e["name"] for e in spans(capsys, news)["b.txt"]}
    assert "Hà Nội" in names and "Đà Nẵng" not in names


def test_hide_removes_an_entity_from_every_output(news, capsys, tmp_path):
    assert main(["curate", "hide", "Huế"]) == 0
    assert "Huế" not in by_name(entities(capsys, news))
    assert all(e["name"] != "Huế" for found in spans(capsys, news).values() for e in found)
    target = tmp_path / "entities.jsonl"
    assert main(["export", "--entities", str(news), "--format", "jsonl", "-o", str(target), "--no-cache"]) == 0
    assert "Huế" not in {json.loads(line)["name"] for line in target.read_text(encoding="utf-8").splitlines()}


def test_rename_and_retype_then_undo(news, capsys):
    assert main(["curate", "rename", "Hà Nội", "Thủ đô Hà Nội"]) == 0
    assert main(["curate", "retype", "Huế", "org"]) == 0
    rows = by_name(entities(capsys, news))
    assert rows["Thủ đô Hà Nội"]["type"] == "LOC" and rows["Thủ đô Hà Nội"]["articles"] == 2
    assert rows["Huế"]["type"] == "ORG"
    kinds = [e["type"] for e in spans(capsys, news)["d.txt"] if e["name"] == "Huế"]
    assert kinds and set(kinds) == {"ORG"}
    capsys.readouterr()
    assert main(["curate", "undo"]) == 0
    assert "retype" in capsys.readouterr().out
    rows = by_name(entities(capsys, news))
    assert rows["Huế"]["type"] == "LOC" and "Thủ đô Hà Nội" in rows
    capsys.readouterr()
    assert main(["curate", "list", "--json"]) == 0
    assert [(a["op"], a["name"], a["value"]) for a in json.loads(capsys.readouterr().out)] == \
        [("rename", "Hà Nội", "Thủ đô Hà Nội")]


def test_the_file_is_plain_toml_that_round_trips_awkward_names(tmp_path):
    path = tmp_path / "team" / "curation.toml"
    curation = Curation(path)
    curation.add(Action("rename", 'Công ty "ABC" \\ Ltd', "ABC\ttab"))
    curation.add(Action("hide", "Trường Thịnh"))
    with open(path, "rb") as handle:
        data = tomllib.load(handle)
    assert [a["op"] for a in data["action"]] == ["rename", "hide"]
    again = Curation.load(path)
    assert [(a.op, a.name, a.value) for a in again.actions] == \
        [("rename", 'Công ty "ABC" \\ Ltd', "ABC\ttab"), ("hide", "Trường Thịnh", None)]
    assert [p.name for p in path.parent.iterdir()] == ["curation.toml"], "no temporary file left behind"


def test_the_file_lives_in_the_config_dir_and_a_config_can_name_another(tmp_path, news, capsys):
    assert main(["curate", "hide", "Huế"]) == 0
    assert default_path().is_file()
    own = tmp_path / "corpus-curation.toml"
    config = tmp_path / "config.toml"
    config.write_text(f'[entities]\ncuration = "{own}"\n', encoding="utf-8")
    assert main(["curate", "hide", "Hà Nội", "--config", str(config)]) == 0
    assert "Hà Nội" in own.read_text(encoding="utf-8")
    rows = by_name(entities(capsys, news, "--config", str(config)))
    assert "Hà Nội" not in rows and "Huế" in rows, "only the configured file applies"


def test_a_broken_curation_file_is_one_warning_and_entities_still_list(news, capsys):
    default_path().parent.mkdir(parents=True, exist_ok=True)
    default_path().write_text("[[action]]\nop = 'explode'\nname = 'x'\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["entities", str(news), "--json", "--no-cache"]) == 0
    captured = capsys.readouterr()
    assert "Hà Nội" in by_name(json.loads(captured.out))
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and str(default_path()) in lines[0] and "explode" in lines[0]
    with pytest.raises(CurationError):
        Curation.load(default_path())


def test_a_bad_type_is_refused_in_one_line(capsys):
    capsys.readouterr()
    assert main(["curate", "retype", "Huế", "CITY"]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


