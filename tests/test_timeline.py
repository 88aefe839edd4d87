"""``timeline`` and ``entity``: counts that agree with what ``search`` and ``entities --spans`` print."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from tui.cli import main
from tui.core.timeline import period_of


@pytest.fixture
def news(tmp_path):
    rows = []
    for i in range(24):
        month = 1 + i % 6
        text = (f"Ông Nguyễn Văn Hùng, Giám đốc Sở Y tế Hà Nội, cho biết bão số {i} gây thiệt hại."
                if i % 3 else f"Bão số {i} đổ bộ vào Quảng Nam, ông Trần Minh Tuấn cho biết.")
        rows.append({"id": f"n{i}", "title": f"Tin số {i}", "text": text, "date": f"2020-{month:02d}-{10 + i % 9:02d}"})
    rows.append({"id": "undated", "title": "Bão số 99", "text": "Bão số 99 ở Quảng Nam, ông Trần Minh Tuấn nói."})
    rows.append({"id": "scattered", "title": "Thời tiết", "date": "2020-02-02",
                 "text": "Số liệu mùa mưa năm nay cho thấy nhiều điều lạ, trong đó có những cơn bão."})
    path = tmp_path / "news.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def run_json(capsys, *argv: str):
    capsys.readouterr()
    code = main([*argv, "--json", "--no-cache"])
    out = capsys.readouterr().out
    return code, json.loads(out) if out.strip() else None


def test_period_names():
    assert period_of("2020-03-17", "month") == "2020-03"
    assert period_of("2020-03-17", "year") == "2020"
    assert period_of("2020-03-17", "week") == "2020-W12"
    assert period_of(None, "month") is None and period_of("hôm qua", "month") is None


@pytest.mark.parametrize("by", ["week", "month", "year"])
def test_timeline_counts_the_strong_set_of_search(news, capsys, by):
    _, found = run_json(capsys, "search", "bão số", str(news), "--limit", "0")
    strong = [r for r in found["results"] if r["tier"] in ("phrase", "near")] or found["results"]
    assert {r["id"] for r in strong} >= {"undated"} and "scattered" not in {r["id"] for r in strong}
    expected = Counter(period_of(r["date"], by) for r in strong if r["date"])
    code, line = run_json(capsys, "timeline", "bão số", str(news), "--by", by)
    assert code == 0 and line["query"] == "bão số" and line["by"] == by
    assert {b["period"]: b["articles"] for b in line["buckets"] if b["articles"]} == dict(expected)
    assert line["undated"] == sum(1 for r in strong if not r["date"])
    periods = [b["period"] for b in line["buckets"]]
    assert periods == sorted(periods)


def test_timeline_text_chart(news, capsys):
    capsys.readouterr()
    assert main(["timeline", "bão số", str(news), "--no-cache"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[0] == "2020-01" and "█" in lines[0] and lines[-1].split()[0] == "undated"


def test_entity_profile_agrees_with_the_spans(news, capsys):
    code, profile = run_json(capsys, "entity", "tran minh tuan", str(news), "--contexts", "100")
    assert code == 0 and profile["name"] == "Trần Minh Tuấn" and profile["type"] == "PER"
    capsys.readouterr()
    assert main(["entities", "--spans", str(news), "--no-cache"]) == 0
    spans = {r["id"]: r["entities"] for r in map(json.loads, capsys.readouterr().out.splitlines())}
    with_him = [doc for doc, found in spans.items() if any(e["name"] == "Trần Minh Tuấn" for e in found)]
    assert profile["articles"] == len(with_him) == 9
    together = Counter(e["name"] for doc in with_him for e in {(x["name"], x["type"]): x for x in spans[doc]}.values()
                       if e["name"] != "Trần Minh Tuấn" and e["type"] != "DATE")
    assert {c["name"]: c["articles"] for c in profile["co_mentions"]} == dict(together)
    assert sum(b["articles"] for b in profile["by_month"]) == len(with_him) - 1  # one is undated
    assert len(profile["contexts"]) == sum(1 for doc in with_him for e in spans[doc] if e["name"] == "Trần Minh Tuấn")
    assert all("Trần Minh Tuấn" in c["text"] for c in profile["contexts"])


def test_an_unknown_entity_gets_suggestions_and_exit_1(news, capsys):
    capsys.readouterr()
    assert main(["entity", "tran minh tuam", str(news), "--no-cache"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "Trần Minh Tuấn" in err[0]
