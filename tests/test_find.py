"""Filters and date sorts through the command line: they agree with what ``search`` and
``entities --spans`` print without them (issue 16, "done means", on a corpus built here)."""

from __future__ import annotations

import io
import json
from collections import Counter
from types import SimpleNamespace

import pytest

from tui.cli import main
from tui.cli.search import run_batch
from tui.core.find import find
from tui.core.search import SearchIndex
from tui.core.text import fold
from tui.core.loader import load_paths

TIER_ORDER = ["phrase", "near", "scattered", "partial"]


@pytest.fixture
def news(tmp_path):
    rows = []
    for i in range(30):
        month = 1 + i % 6
        if i % 3 == 0:
            text = f"Bão số {i} đổ bộ vào Quảng Nam, ông Trần Minh Tuấn cho biết."
        elif i % 3 == 1:
            text = f"Ông Nguyễn Văn Hùng, Giám đốc Sở Y tế Hà Nội, cho biết bão số {i} gây thiệt hại."
        else:
            text = f"HLV Park Hang Seo nói về trận đấu số {i} với Thái Lan tại Hà Nội; bão không ảnh hưởng."
        rows.append({"id": f"n{i}", "title": f"Tin số {i}", "text": text, "source": "dantri.com.vn" if i % 2 else "Tuổi Trẻ",
                     "date": f"2020-{month:02d}-{10 + i % 9:02d}"})
    rows.append({"id": "undated", "title": "Bão số 99", "text": "Bão số 99 ở Quảng Nam, ông Trần Minh Tuấn nói."})
    rows.append({"id": "by-url", "title": "Bão số 98", "text": "Bão số 98 vào Quảng Nam.",
                 "url": "https://vnexpress.net/thoi-su/bao-so-98-20200315101010123.htm"})
    rows.append({"id": "by-stamp", "title": "Bão số 97", "text": "Bão số 97 vào Quảng Nam.\nMinh Anh - Báo X | 07:15 20/04/2020"})
    rows.append({"id": "scattered", "title": "Thời tiết", "date": "2020-03-02",
                 "text": "Số liệu mùa mưa năm nay cho thấy nhiều điều lạ, trong đó có những cơn bão."})
    path = tmp_path / "news.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def run(capsys, *argv: str):
    capsys.readouterr()
    code = main([*argv, "--no-cache"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def hits(capsys, query: str, path, *extra: str) -> list[dict]:
    code, out, err = run(capsys, "search", query, str(path), "--limit", "0", "--json", *extra)
    assert code in (0, 1), err
    return json.loads(out)["results"]


def test_dates_come_from_the_field_the_url_or_a_stamp(news, capsys):
    dates = {r["id"]: r["date"] for r in hits(capsys, "bão", news)}
    assert dates["by-url"] == "2020-03-15" and dates["by-stamp"] == "2020-04-20" and dates["undated"] is None


@pytest.mark.parametrize("words", ["bão", "bão số", "quảng nam"])
@pytest.mark.parametrize("term, low, high", [
    ("date:2020-03..2020-04", "2020-03-01", "2020-04-30"),
    ("date:2020-02", "2020-02-01", "2020-02-29"),
    ("date:>=2020-05-15", "2020-05-15", "9999"),
    ("date:<2020-02", "0", "2020-01-31"),
])
def test_a_date_filter_keeps_exactly_the_unfiltered_hits_of_its_range(news, capsys, words, term, low, high):
    everything = hits(capsys, words, news)
    expected = [r["id"] for r in everything if r["date"] and low <= r["date"] <= high]
    filtered = hits(capsys, f"{words} {term}", news)
    assert sorted(r["id"] for r in filtered) == sorted(expected)
    assert expected or words == "quảng nam"  # only in January and April
    assert all(r["date"] and low <= r["date"] <= high for r in filtered)


def test_entity_filters_keep_exactly_the_articles_whose_spans_name_the_entity(news, capsys):
    code, out, _ = run(capsys, "entities", str(news), "--json")
    entities = [e for e in json.loads(out) if e["type"] in ("PER", "ORG", "LOC")]
    code, out, _ = run(capsys, "entities", "--spans", str(news))
    spans = [json.loads(line) for line in out.splitlines()]
    from bench.filter_check import names

    keys = {e["key"] for e in entities}
    checked = 0
    for entity in entities:
        prefix = entity["type"].lower()
        named = {r["id"] for r in spans if any(names(e, entity, keys) for e in r["entities"])}
        alone = hits(capsys, f'{prefix}:"{fold(entity["name"])}"', news)  # diacritics left out on purpose
        assert {r["id"] for r in alone} == named, entity["name"]
        with_words = hits(capsys, f'bão {prefix}:"{entity["name"]}"', news)
        assert {r["id"] for r in with_words} == named & {r["id"] for r in hits(capsys, "bão", news)}
        checked += 1
    assert checked >= 4


def test_an_entity_filter_reads_a_name_typed_with_its_syllables_joined(news, capsys):
    """`loc:hanoi` found nothing (and suggested another place) though the search reads "hanoi"
    as Hà Nội: joined syllables name the entity too."""
    spaced = {r["id"] for r in hits(capsys, 'loc:"quang nam"', news)}
    assert spaced and {r["id"] for r in hits(capsys, "loc:quangnam", news)} == spaced


def test_an_unknown_entity_lists_nothing_and_says_so(news, capsys):
    code, out, err = run(capsys, "search", 'per:"Tran Minh Tuam"', str(news), "--json")
    assert code == 1 and json.loads(out)["results"] == []
    assert "no person" in err and "Trần Minh Tuấn" in err


def test_a_source_filter_is_a_prefix_of_the_source_or_the_site(news, capsys):
    assert {r["id"] for r in hits(capsys, "bão source:dantri", news)} == {
        f"n{i}" for i in range(1, 30, 2)}
    assert {r["id"] for r in hits(capsys, "source:vnexpress.net/thoi-su", news)} == {"by-url"}
    assert {r["id"] for r in hits(capsys, "source:tuoi tre", news)} == set()  # two words: source:tuoi and "tre"
    assert len(hits(capsys, 'source:"tuoi tre"', news)) == 15


def test_a_filter_alone_lists_its_articles_and_exclusions_apply(news, capsys):
    code, out, _ = run(capsys, "docs", str(news), "--json")
    in_march = {d["id"] for d in json.loads(out) if (d["date"] or "").startswith("2020-03")}
    march = hits(capsys, "date:2020-03", news)
    assert {r["id"] for r in march} == in_march and {"by-url", "scattered"} <= in_march
    assert all(r["tier"] is None for r in march)
    with_park = {r["id"] for r in hits(capsys, "park", news)}
    assert with_park & in_march
    assert {r["id"] for r in hits(capsys, "date:2020-03 -park", news)} == in_march - with_park


@pytest.mark.parametrize("query", ["bão date:2020-13", "bão date:2020-02-30", 'bão "số', "-bão"])
def test_bad_syntax_is_one_line_and_exit_2(news, capsys, query):
    code, out, err = run(capsys, "search", query, str(news), "--json")
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("sort", ["newest", "oldest"])
def test_date_sorts_keep_the_tiers_and_put_the_undated_last(news, capsys, sort):
    ranked = hits(capsys, "bão số", news)
    ordered = hits(capsys, "bão số", news, "--sort", sort)
    assert sorted(r["id"] for r in ordered) == sorted(r["id"] for r in ranked)
    tiers = [TIER_ORDER.index(r["tier"]) for r in ordered]
    assert tiers == sorted(tiers) and {r["tier"] for r in ordered} >= {"phrase", "scattered"}
    for tier in set(r["tier"] for r in ordered):
        dates = [r["date"] for r in ordered if r["tier"] == tier]
        dated = [d for d in dates if d]
        assert dates == dated + [None] * (len(dates) - len(dated))
        assert dated == sorted(dated, reverse=sort == "newest")


def test_sort_with_a_limit_takes_the_newest_of_all_hits(news, capsys):
    top = hits(capsys, "quảng nam", news, "--sort", "newest")[0]["date"]
    code, out, _ = run(capsys, "search", "quảng nam", str(news), "--limit", "1", "--json", "--sort", "newest")
    assert json.loads(out)["results"][0]["date"] == top
    assert top == max(r["date"] for r in hits(capsys, "quảng nam", news) if r["date"])


def test_timeline_counts_the_filtered_strong_set(news, capsys):
    found = hits(capsys, "bão số date:2020-02..2020-03", news)
    strong = [r for r in found if r["tier"] in ("phrase", "near")] or found
    code, out, _ = run(capsys, "timeline", "bão số date:2020-02..2020-03", str(news), "--json")
    assert code == 0
    line = json.loads(out)
    assert {b["period"]: b["articles"] for b in line["buckets"]} == dict(Counter(r["date"][:7] for r in strong))
    assert line["undated"] == 0 and sum(b["articles"] for b in line["buckets"]) >= 5


def test_a_batch_line_that_cannot_be_read_says_why(news):
    articles = load_paths([str(news)]).articles
    workspace = SimpleNamespace(search_index=SearchIndex.build(articles), entity_index=None, entities_ready=False)
    out = io.StringIO()
    run_batch(workspace, ["bão date:2020-13", "bão date:2020-01"], out, 100)
    bad, good = map(json.loads, out.getvalue().splitlines())
    assert "no month 13" in bad["error"] and bad["results"] == []
    assert "error" not in good and {r["date"][:7] for r in good["results"]} == {"2020-01"}


def test_per_filters_wait_for_the_entities():
    from tui.core.find import EntitiesNotReady
    from tui.core.model import Article

    index = SearchIndex.build([Article("a", "A", "Ông Tô Lâm nói.", [])])
    with pytest.raises(EntitiesNotReady):
        find('per:"Tô Lâm"', index, entity_index=object(), entities_ready=False)


def test_a_date_sort_with_a_limit_builds_only_the_newest_hits_and_keeps_tiers():
    from tui.core.model import Article

    def article(i, title, date):
        return Article(f"a{i}", title, f"{title}.", [], date=date)

    articles = [article(0, "Cơn bão lớn", "2020-01-05"), article(1, "Bão và lũ lớn", "2021-06-01"),
                article(2, "Cơn bão lớn", "2020-07-01"), article(3, "Cơn bão lớn", None), article(4, "Cơn bão lớn", "2020-07-01")]
    index = SearchIndex.build(articles)
    newest = find("bão lớn", index, limit=3, sort="newest").results
    assert [h.id for h in newest.hits][:1] in (["a2"], ["a4"]) and {h.id for h in newest.hits} == {"a2", "a4", "a0"}
    assert newest.total == 5 and len(newest.hits) == 3  # the scattered a1, newest of all, stays below the phrase hits
    oldest = find("bão lớn", index, limit=10, sort="oldest").results
    assert [h.id for h in oldest.hits][0] == "a0" and [h.id for h in oldest.hits][3:] == ["a3", "a1"]
