"""``timeline`` and ``entity``: counts that agree with what ``search`` and ``entities --spans`` print."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from tui.cli import main
from tui.core.timeline import period_of

#: Storm news of 2020 (Jan-Jul, no June, one undated), written for these tests.
DATED_NEWS = Path(__file__).parent / "data" / "dated_news.jsonl"


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


# -- the timeline's arithmetic, the strip's terms, the strong set whatever the limit ------------------


def test_timeline_counts_as_period_of_names_every_date():
    """Day keys and array arithmetic give the counts a date-by-date reading gives, gaps as zeros,
    across years and ISO weeks that straddle them; a month alone counts as its first day."""
    import datetime as dt
    import random
    from types import SimpleNamespace

    from tui.core.timeline import timeline

    rng = random.Random(7)
    start = dt.date(2019, 11, 20).toordinal()
    dates = [dt.date.fromordinal(start + rng.randrange(500)).isoformat() for _ in range(400)]
    dates += [None, "", "hôm qua", "2020-13-01", "2021-02", "2020-02-30"]
    articles = [SimpleNamespace(date=d) for d in dates]
    for by in ("week", "month", "year"):
        line = timeline(articles, range(len(articles)), by)
        # a day that does not exist (2020-02-30) is no date, as for date: filters
        expected = Counter(p for p in (period_of(d, by) for d in dates if d != "2020-02-30") if p)
        assert {p: n for p, n in line.buckets if n} == dict(expected), by
        assert line.undated == len(dates) - sum(expected.values())
        periods = [p for p, _ in line.buckets]
        assert periods == sorted(periods) and len(periods) == len(set(periods))
    months = [p for p, _ in timeline(articles, range(len(articles)), "month").buckets]
    assert months[0] == "2019-11" and months[-1] == "2021-04" and len(months) == 18  # no month missing


def test_the_strip_chooses_weeks_for_a_short_span_and_years_for_a_long_one():
    from types import SimpleNamespace

    from tui.core.timeline import fitting_timeline

    short = [SimpleNamespace(date=f"2020-03-{d:02d}") for d in range(1, 31)]
    assert fitting_timeline(short, range(30), 60).by == "week"
    long = [SimpleNamespace(date=f"{2000 + i // 12}-{i % 12 + 1:02d}-01") for i in range(240)]
    assert fitting_timeline(long, range(240), 60).by == "year"
    assert fitting_timeline(long, range(240), 300).by == "month"


def test_period_terms_and_replacing_the_date_term_of_a_query():
    from tui.core.timeline import date_term_of, period_term, query_terms, with_date_term

    assert period_term("2020-03") == "date:2020-03" and period_term("2020") == "date:2020"
    assert period_term("2020-W12") == "date:2020-03-16..2020-03-22"
    assert period_term("2020-12", "2021-02") == "date:2020-12-01..2021-02-28"
    assert query_terms('covid per:"Park Hang Seo" "to lam"') == ["covid", 'per:"Park Hang Seo"', '"to lam"']
    assert with_date_term("covid date:2020-03 hà nội", "date:2020-04") == "covid hà nội date:2020-04"
    assert with_date_term('"date:x y" covid DATE:2020', None) == '"date:x y" covid'
    assert date_term_of("covid date:2020 date:2021-01") == "date:2021-01" and date_term_of("covid") is None


@pytest.mark.parametrize("query", ["bão số", "quảng nam", "tuấn", "số liệu", "bão lạ"])
def test_strong_set_whatever_the_limit_is_the_strong_set_of_every_hit(news, query):
    from tui.core.workspace import open_corpus

    workspace = open_corpus([str(news)], use_cache=False)
    index = workspace.search_index
    every = index.search(query, limit=len(workspace.articles))
    for limit in (1, 3, 200):
        assert sorted(index.search(query, limit=limit).strong.tolist()) == sorted(every.strong_docs())
    allowed = set(range(0, len(workspace.articles), 2))
    within = index.search(query, limit=len(workspace.articles), docs=allowed)
    assert sorted(index.search(query, limit=2, docs=allowed).strong.tolist()) == sorted(within.strong_docs())


def test_profile_narrows_by_dates_and_by_a_co_mentioned_entity():
    """The concordance rows kept by a date range and by a co-mentioned entity are exactly the
    mentions dated in it, and those in articles naming the other entity too."""
    from tui.cli.timeline import find_entity
    from tui.core.profile import build_profile
    import datetime as dt
    from tui.core.workspace import open_corpus

    workspace = open_corpus([str(DATED_NEWS)], use_cache=False)
    index, articles = workspace.entity_index, workspace.articles
    entity = find_entity(index, "Trần Minh Tuấn")
    profile = build_profile(articles, index, entity)
    lines = [profile.line(row) for row in range(len(profile.mentions))]
    assert len(lines) == entity.mention_count and all(line.sentence[line.name_start:line.name_end] in
                                                       ("Trần Minh Tuấn", "Tuấn") for line in lines)
    first, last = dt.date(2020, 2, 1).toordinal(), dt.date(2020, 3, 31).toordinal()
    assert [lines[r].offset for r in profile.rows(first, last)] == \
        [line.offset for line in lines if "2020-02-01" <= line.date <= "2020-03-31"]
    assert all(line.date for line in (lines[r] for r in profile.rows(first, 0)))
    hue = next(c for c in profile.co_mentions if c.name == "Huế")
    with_it = set(index.docs_with(hue.key))
    assert [lines[r].doc for r in profile.rows(with_docs=with_it)] == [line.doc for line in lines if line.doc in with_it]
    assert 0 < len(profile.rows(with_docs=with_it)) < len(lines)


def test_a_name_several_types_carry_means_the_most_mentioned_unless_a_type_is_asked():
    """`Việt Nam` the country (703 articles) and the football team (3): `entity "Việt Nam"` is the
    country, with a line naming the team; `--type ORG` the team; a type nobody has, one line."""
    from types import SimpleNamespace

    from tui.cli.timeline import NotFound, find_entity, same_name_note

    def entity(kind: str, docs: int):
        return SimpleNamespace(name="Việt Nam", type=kind, key=f"{kind}:viet nam", doc_count=docs, mention_count=docs,
                               aliases=[])

    table = {e.key: e for e in (entity("ORG", 3), entity("LOC", 703))}
    index = SimpleNamespace(get=table.get, entities=lambda: list(table.values()))
    assert find_entity(index, "viet  nam").type == "LOC"
    assert find_entity(index, "Việt Nam", "ORG").type == "ORG"
    assert same_name_note(index, find_entity(index, "viet nam"), "viet nam") == \
        "Việt Nam (LOC, 703 articles) is also ORG (3 articles); choose with --type"
    with pytest.raises(NotFound, match=r"no PER entity named 'viet nam'; there is Việt Nam \(LOC\), Việt Nam \(ORG\)"):
        find_entity(index, "viet nam", "PER")


def test_a_short_name_means_the_most_mentioned_entity_called_so_and_says_the_others():
    """`Trump`: the key of a golf course called just that (1 article), and the short form of
    Donald Trump (1,827 articles, key "donald trump").  `entity trump` is Donald Trump, with a
    line naming the golf course; `--type LOC` is the golf course."""
    from types import SimpleNamespace

    from tui.cli.timeline import find_entity, same_name_note

    course = SimpleNamespace(name="Trump", type="LOC", key="LOC:trump", doc_count=1, mention_count=1,
                             aliases=["sân golf Trump"])
    person = SimpleNamespace(name="Donald Trump", type="PER", key="PER:donald trump", doc_count=1827,
                             mention_count=9000, aliases=["Trump", "Tổng thống Trump"])
    table = {e.key: e for e in (course, person)}
    index = SimpleNamespace(get=table.get, entities=lambda: list(table.values()))
    assert find_entity(index, "trump") is person
    assert find_entity(index, "TRUMP", "LOC") is course
    assert same_name_note(index, person, "trump") == \
        "Donald Trump (PER, 1827 articles); 'trump' also names Trump (LOC, 1 article); choose with --type"


def test_a_given_name_many_people_carry_lists_the_most_mentioned_and_asks_for_a_fuller_name():
    from types import SimpleNamespace

    from tui.cli.timeline import find_entity, same_name_note

    people = [SimpleNamespace(name=f"Nguyễn Văn Lâm {n}", type="PER", key=f"PER:nguyen van lam {n}", doc_count=100 - n,
                              mention_count=100 - n, aliases=["Lâm"]) for n in range(12)]
    table = {e.key: e for e in people}
    index = SimpleNamespace(get=table.get, entities=lambda kind=None: list(table.values()))
    chosen = find_entity(index, "lam")
    assert chosen is people[0]
    assert same_name_note(index, chosen, "lam") == (
        "Nguyễn Văn Lâm 0 (PER, 100 articles); 'lam' also names "
        + ", ".join(f"Nguyễn Văn Lâm {n} (PER, {100 - n} articles)" for n in range(1, 6))
        + " and 6 more; give a fuller name to choose")


def test_entity_command_finds_a_person_by_the_name_the_articles_call_him(capsys):
    code, profile = run_json(capsys, "entity", "tuan", str(DATED_NEWS))
    assert code == 0 and profile["name"] == "Trần Minh Tuấn" and "Tuấn" in profile["aliases"]


def test_entity_type_option_picks_among_the_names_types_and_says_what_there_is(news, capsys):
    code, profile = run_json(capsys, "entity", "quang nam", str(news), "--type", "loc")
    assert code == 0 and profile["name"] == "Quảng Nam" and profile["type"] == "LOC"
    capsys.readouterr()
    assert main(["entity", "quang nam", str(news), "--type", "PER", "--no-cache"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["vnby-tui: no PER entity named 'quang nam'; there is Quảng Nam (LOC)"]


def test_an_unknown_entity_answers_scripts_in_json_and_a_negative_count_is_refused(news, capsys):
    """`entity … --json` printed nothing for an unknown name (scripts read stdout), and
    `--contexts -1` was taken silently while `--limit -3` is refused."""
    code, answer = run_json(capsys, "entity", "quang nam", str(news), "--type", "PER")
    assert code == 1 and answer["found"] is False and answer["others"] == [{"name": "Quảng Nam", "type": "LOC",
                                                                            "articles": answer["others"][0]["articles"]}]
    code, answer = run_json(capsys, "entity", "quang nan", str(news))
    assert code == 1 and "Quảng Nam" in answer["suggestions"]
    capsys.readouterr()
    assert main(["entity", "quang nam", str(news), "--contexts", "-1", "--no-cache"]) == 2
    assert capsys.readouterr().err.strip() == "vnby-tui: --contexts must be 0 or more"


@pytest.mark.parametrize("typed, sentence, kept", [
    ("sa thai", "Ông Trump đã sa thải Giám đốc FBI.", True),
    ("sa thải", "Ông Trump đã sa thải Giám đốc FBI.", True),
    ('"sa thai"', "Ông Trump đã sa thải Giám đốc FBI.", True),        # quotes typed are left out
    ("sa thai", "Chính sách, thái độ của Mỹ dưới thời Trump.", False),  # syllables inside other words
    ("sa thai", "Thái Anh Văn nói về sa mạc.", False),                  # both, but not as a run
    ("sa thai", "Họ bị sa, thải ra ngoài.", False),                     # a run across a clause break
    ("fbi", "Giám đốc FBI bị cách chức.", True),
    ("fb", "Giám đốc FBI bị cách chức.", False),                         # whole syllables only
])
def test_the_concordance_filter_keeps_sentences_holding_the_words_as_a_run(typed, sentence, kept):
    """A profile's word filter kept every sentence where each typed syllable was a substring
    ('sa thai' kept 508 of Trump's mentions, mostly 'chính sách … thái độ')."""
    from tui.core.profile import words_filter
    from tui.core.text import fold

    assert bool(words_filter(typed).search(fold(sentence))) == kept
    assert words_filter(' " ') is None


def test_entity_text_output_draws_articles_per_month_as_the_json_counts_them(news, capsys):
    code, profile = run_json(capsys, "entity", "tran minh tuan", str(news))
    assert code == 0
    assert main(["entity", "tran minh tuan", str(news), "--no-cache", "--contexts", "0"]) == 0
    out = capsys.readouterr().out
    drawn = out.split("articles per month:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert [(row.split()[0], int(row.split()[-1])) for row in drawn] == [
        (b["period"], b["articles"]) for b in profile["by_month"]]
    assert max(b["articles"] for b in profile["by_month"]) > 0 and "█" in out


def test_entity_lists_as_many_co_mentions_as_asked(capsys):
    """``vnby-tui entity`` listed 20 co-mentions (its text 10) with no way to ask for more, where
    the profile screen lists up to 200.  ``--co-mentions N`` lists the N most specific, as the
    screen ranks them, in the JSON and the text alike (default 20; 0: all); --help says so."""
    from tui.core.loader import bundled_seeds

    seeds = str(bundled_seeds())
    code, every = run_json(capsys, "entity", "to lam", seeds, "--co-mentions", "0")
    assert code == 0 and len(every["co_mentions"]) > 30
    code, default = run_json(capsys, "entity", "to lam", seeds)
    assert default["co_mentions"] == every["co_mentions"][:20]
    code, thirty = run_json(capsys, "entity", "to lam", seeds, "--co-mentions", "30")
    assert thirty["co_mentions"] == every["co_mentions"][:30]
    for asked, listed in (("30", 30), (None, 20)):
        capsys.readouterr()
        assert main(["entity", "to lam", seeds, "--contexts", "0", "--no-cache",
                     *(("--co-mentions", asked) if asked else ())]) == 0
        out = capsys.readouterr().out
        rows = out.split("co-mentioned (articles, score):\n")[1].split("\n\n")[0].splitlines()
        assert rows == [f"  {c['name']} ({c['type']})  {c['articles']}  {c['score']:.1f}"
                        for c in every["co_mentions"][:listed]]
    assert main(["entity", "to lam", seeds, "--co-mentions", "-1", "--no-cache"]) == 2
    assert "--co-mentions" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["entity", "--help"])
    assert "--co-mentions N" in capsys.readouterr().out
