"""Query filter syntax (``date:``, ``source:``, ``per:``/``org:``/``loc:``) and article dates."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.dates import article_date, date_from_text, date_from_url, day_key, normalise
from tui.core.filters import QuerySyntaxError, chip_term, needs_entities, parse


@pytest.mark.parametrize("value, low, high", [
    ("2020", 20200000, 20209999),
    ("2020-03", 20200300, 20200399),
    ("2020-3", 20200300, 20200399),
    ("2020-03-17", 20200317, 20200317),
    ("2020-02-29", 20200229, 20200229),
    ("2020-03-01..2020-06-30", 20200301, 20200630),
    ("2020-03..2020-04", 20200300, 20200499),
    ("2021..", 20210000, 99999999),
    ("..2019-12", 1, 20191299),
    (">=2021-01", 20210100, 99999999),
    (">2021-01", 20210200, 99999999),
    ("<2019-12", 1, 20191199),
    ("<=2019-12", 1, 20191299),
])
def test_every_date_form_keeps_its_day_keys(value, low, high):
    query = parse(f"covid date:{value}")
    assert query.words == "covid" and [(f.kind, f.low, f.high) for f in query.filters] == [("date", low, high)]


@pytest.mark.parametrize("query, message", [
    ("date:2020-13", "no month 13"),
    ("date:2020-00", "no month 0"),
    ("date:2020-02-30", "2020-02 has no day 30"),
    ("date:2019-02-29", "2019-02 has no day 29"),
    ("date:2020-04-31", "has no day 31"),
    ("date:tomorrow", "is not a date"),
    ("date:20-03", "is not a date"),
    ("date:2020/03", "is not a date"),
    ("date:2021..2020", "ends before it starts"),
    ("date:..", "needs a start or an end"),
    ("date:>=", "is not a date"),
    ("date:", "needs a value"),
    ('per:""', "needs a value"),
    ('covid "park hang seo', "unbalanced quote"),
    ('per:"Park Hang Seo', "unbalanced quote"),
    ("“to lam", "unbalanced quote"),
])
def test_bad_syntax_is_one_line_saying_what_is_wrong(query, message):
    with pytest.raises(QuerySyntaxError) as error:
        parse(query)
    assert message in str(error.value) and "\n" not in str(error.value)


def test_filters_combine_with_words_phrases_and_exclusions():
    query = parse('"bầu cử" mỹ per:"Joe  Biden" -org:WHO source:cnn.com -covid loc:Mỹ')
    assert query.words == '"bầu cử" mỹ -covid'
    assert [(f.kind, f.value, f.negated) for f in query.filters] == [
        ("per", "Joe Biden", False), ("org", "WHO", True), ("source", "cnn.com", False), ("loc", "Mỹ", False)]
    assert [f.text for f in query.filters] == ['per:"Joe Biden"', "-org:WHO", "source:cnn.com", "loc:Mỹ"]


def test_unknown_prefixes_urls_and_filters_inside_a_phrase_are_words():
    query = parse('foo:bar https://dantri.com.vn "date:2020 x"')
    assert query.filters == [] and query.words == 'foo:bar https://dantri.com.vn "date:2020 x"'


def test_prefixes_ignore_case_and_a_filter_alone_has_no_words():
    query = parse("Date:2020 SOURCE:dantri")
    assert not query.has_words and [f.kind for f in query.filters] == ["date", "source"]


def test_the_words_are_searched_as_they_are_without_the_filters():
    # a filter restricts what the words find, never changes it: the last word is a prefix
    # (search as you type) wherever the filters stand, unless the query ends with a space
    assert parse("date:2020 cov").words == parse("cov date:2020").words == "cov"
    assert parse("cov date:2020 ").words == "cov "


def test_a_chip_is_its_entity_term_and_only_entity_filters_need_entities():
    term = chip_term("PER:to lam", "Tô Lâm")
    assert term is not None and term.text == 'per:"Tô Lâm"' and term.key == "PER:to lam"
    assert chip_term("mark:starred", "★") is None
    assert needs_entities('x loc:"Hà Nội"') and not needs_entities("x date:2020") and not needs_entities('"x')


@pytest.mark.parametrize("raw, iso", [
    ("2020-03-17", "2020-03-17"), ("2020-03-17T08:30:00+07:00", "2020-03-17"), ("2020/3/7", "2020-03-07"),
    ("2020-03", "2020-03"), ("2020", "2020"), ("17/03/2020", "2020-03-17"), ("17-03-2020 08:30", "2020-03-17"),
    ("2020-02-30", None), ("2020-13-01", None), ("hôm qua", None), ("03/15/2020", None),
])
def test_date_fields_are_read_only_when_unambiguous(raw, iso):
    assert normalise(raw) == iso


def test_day_keys_sort_like_dates_with_unknown_parts_as_zero():
    assert day_key("2020-03-17") == 20200317 and day_key("2020-03") == 20200300 and day_key("2020") == 20200000
    assert day_key(None) == day_key("hôm qua") == 0


@pytest.mark.parametrize("url, iso", [
    ("https://dantri.com.vn/kinh-doanh/vinamilk-lot-top-20201001163534963.htm", "2020-10-01"),
    ("https://example.vn/2019/12/05/tin-moi.html", "2019-12-05"),
    ("https://vnexpress.net/tin-moi-4012345.html", None),  # an article number, not a date
    ("https://example.vn/tin-20201399163534963.htm", None),  # no month 13
    ("https://example.vn/tin-20201001996534963.htm", None),  # no hour 99: not a timestamp
    ("https://example.vn/2019/12/05/x-20201001163534963.htm", None),  # two dates that disagree
    (None, None),
])
def test_url_dates(url, iso):
    assert date_from_url(url) == iso


@pytest.mark.parametrize("text, iso", [
    ("Bài viết.\nPhúc Vũ - Thể thao Việt Nam | 20:20 09/05/2017 Tin liên quan", "2017-05-09"),
    ("13/05/2017 10:28 GMT+7\nTTO - Sở Giao thông vận tải", "2017-05-13"),
    ("Mở đầu.\n[17/05/2017 17:49:47] Chiều 17/5/2017, tại Hà Nội", "2017-05-17"),
    ("Trận đấu diễn ra lúc 18:00 ngày 7/2/2017 tại Mỹ Đình.", None),  # an event in a sentence
    ("Hạn chót 11:30 13/3/2017 cho hồ sơ.", None),  # not where a stamp stands
    ("Phúc Vũ | 08:00 01/01/1970", None),  # a zero timestamp
    ("A | 10:00 01/02/2017\nB | 11:00 02/02/2017", None),  # stamps that disagree
])
def test_text_dates_come_only_from_publication_stamps(text, iso):
    assert date_from_text(text) == iso


def test_the_date_field_wins_and_an_unreadable_one_is_kept_and_reported():
    stamped = "x | 20:20 09/05/2017"
    assert article_date("2020-01-02", "https://a.vn/2019/12/05/x", stamped) == ("2020-01-02", None)
    assert article_date(None, "https://a.vn/2019/12/05/x", stamped) == ("2019-12-05", None)
    assert article_date(None, None, stamped) == ("2017-05-09", None)
    kept, problem = article_date("tháng trước", None, stamped)
    assert kept == "tháng trước" and "not understood" in problem and day_key(kept) == 0


def test_the_cache_keeps_the_dates_memory_mapped(tmp_path):
    import json

    import numpy as np

    from tui.core.find import find
    from tui.core.workspace import open_corpus

    path = tmp_path / "dated.jsonl"
    rows = [{"id": "field", "text": "Bão vào miền Trung.", "date": "17/03/2020"},
            {"id": "url", "text": "Bão vào miền Bắc.", "url": "https://dantri.com.vn/xa-hoi/bao-20210402101010123.htm"},
            {"id": "none", "text": "Bão vào miền Nam."}]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    cold = open_corpus([str(path)])
    warm = open_corpus([str(path)])
    assert warm.from_cache and isinstance(warm.articles.dates, np.memmap)
    assert list(warm.articles.dates) == list(cold.articles.dates) == [20200317, 20210402, 0]
    assert [warm.articles[d].date for d in range(3)] == ["2020-03-17", "2021-04-02", None]
    newest = find("bão", warm.search_index, sort="newest").results
    assert [h.id for h in newest.hits] == ["url", "field", "none"]


#: The one-pattern form of dates' quick check, as it was: a stamp's time and date either way round.
_QUICK_ALTERNATION = re.compile(r":\d\d(?::\d\d)?[ \t]+\d{1,2}/\d{1,2}/\d{4}|/\d{4}[ \t]+\d{1,2}:\d\d")


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(list("0123456789:/ \t\nx|[") + ["12:30 ", "09/05/2017", "/2017 "]), max_size=30).map("".join))
def test_the_quick_check_for_a_stamp_passes_every_text_the_stamp_pattern_could_match(text):
    """Texts are searched for stamps only past a quick check, two patterns where there was one
    (time first, date first): a text passes it exactly when it passed the one, so a stamp is
    never skipped, and the text's date is what a full search finds."""
    from tui.core.dates import _QUICK_RES, _STAMP_RE

    quick = bool(_QUICK_RES[0].search(text) or _QUICK_RES[1].search(text))
    assert quick == bool(_QUICK_ALTERNATION.search(text))
    if _STAMP_RE.search(text):
        assert quick
