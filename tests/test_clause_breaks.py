"""Phrases never run across punctuation: the index's positions skip at every clause
break (a comma, a full stop, an ellipsis, a bracket, a quote, a line break), as a
search engine's position gap does, so ``độc tố, làm`` is not the phrase ``tô làm``."""

from __future__ import annotations

import pytest

from tui.core.highlight import article_matches
from tui.core.loader import article_from_text
from tui.core.model import Article, Paragraph
from tui.core.query import parse_query
from tui.core.search import SearchIndex
from tui.core.text import clause_tokens

ARTICLES = {
    "minister": "Tin một\n\nTổng Bí thư Tô Lâm tiếp đoàn đại biểu.",
    "ellipsis": "Tin hai\n\nAnh ta bị tố... làm trò trên mạng xã hội.",
    "comma": "Tin ba\n\nChất độc tố, làm hại gan, được tìm thấy.",
    "quote": "Tin bốn\n\nNgười dân gọi đó là “vụ tố” làm ăn gian dối.",
    "bracket": "Tin năm\n\nĐơn tố (làm giả hồ sơ) bị trả lại.",
}


def tiers(index: SearchIndex, query: str) -> dict[str, str]:
    return {hit.id: hit.tier for hit in index.search(query, limit=50).hits}


@pytest.fixture(scope="module")
def index():
    return SearchIndex.build([article_from_text(text, key, None) for key, text in ARTICLES.items()])


def test_the_tokenizer_marks_clause_breaks_and_keeps_numbers_codes_and_names_whole():
    assert clause_tokens("bị tố... làm trò") == ["bị", "tố", "", "làm", "trò"]
    assert clause_tokens("độc tố, làm (ảnh)") == ["độc", "tố", "", "làm", "", "ảnh", ""]
    # A mark between two word characters is part of a number, code, address or name.
    assert clause_tokens("1.000 tỷ lúc 10:30 ở tp.hcm, o'neill") == ["1", "000", "tỷ", "lúc", "10", "30", "ở", "tp", "hcm", "",
                                                                    "o", "neill"]
    # Hyphens and en dashes join the parts of one name or pair; the em dash sets off an aside.
    assert clause_tokens("bà rịa - vũng tàu – nga — ukraine") == ["bà", "rịa", "vũng", "tàu", "nga", "", "ukraine"]
    assert clause_tokens("hà nội\nviệt nam") == ["hà", "nội", "", "việt", "nam"]


@pytest.mark.parametrize("query", ["tô làm", "tô lâm", "to lam", "tố làm"])
def test_words_either_side_of_a_break_are_not_a_phrase(index, query):
    found = tiers(index, query)
    assert {key for key, tier in found.items() if tier == "phrase"} <= {"minister"}
    for key in ("ellipsis", "comma", "quote", "bracket"):
        assert found.get(key) != "phrase", key


def test_the_name_itself_is_still_the_phrase_and_the_only_one(index):
    found = tiers(index, "tô lâm")
    assert found["minister"] == "phrase"
    assert [key for key, tier in found.items() if tier == "phrase"] == ["minister"]
    assert next(iter(found)) == "minister"


def test_a_break_takes_one_place_of_the_near_window(index):
    """Across a break the words are still close: ``near``, not ``phrase``."""
    found = tiers(index, "to lam")
    assert found["ellipsis"] == found["comma"] == found["quote"] == "near"


def test_the_near_window_counts_a_break_as_a_word():
    """``ca lam ho`` (three words: a span of five places, two beyond its own words):
    ``Cá một hai lâm hồ`` is near; ``Cá một, lâm hồ`` too, the comma taking a place;
    ``Cá một, hai lâm hồ`` is a place too long."""
    texts = {"two-words": "Tin\n\nCá một hai lâm hồ ở đây.",
             "word-and-comma": "Tin\n\nCá một, lâm hồ ở đây.",
             "two-words-and-comma": "Tin\n\nCá một, hai lâm hồ ở đây."}
    index = SearchIndex.build([article_from_text(t, k, None) for k, t in texts.items()])
    assert tiers(index, "ca lam ho") == {"two-words": "near", "word-and-comma": "near", "two-words-and-comma": "scattered"}


def test_a_phrase_spanning_a_line_break_inside_a_paragraph_is_not_a_phrase():
    """A paragraph holding a line break (lines merged into one paragraph, as for a text of
    thousands of lines) and a title broken over two lines."""
    text = "Hôm nay Tô\nLâm đến. Tô Lâm về."
    article = Article(id="lines", title="Tin về Tô\nLâm", text=text, paragraphs=[Paragraph("body", 0, len(text))])
    index = SearchIndex.build([article])
    hits = index.search("tô lâm").hits
    assert [h.tier for h in hits] == ["phrase"]
    body = [text[s.start : s.end] for s in hits[0].spans if s.field == "body"]
    assert body == ["Tô Lâm"]  # the phrase marked where it stands whole
    across = "Hôm nay Tô\nLâm đến."
    only_across = Article(id="across", title="Tin", text=across, paragraphs=[Paragraph("body", 0, len(across))])
    assert [h.tier for h in SearchIndex.build([only_across]).search("tô lâm").hits] == ["near"]


def test_the_highlighter_marks_a_phrase_only_within_a_clause():
    article = article_from_text("Tin\n\nChất độc tố, làm hại gan. Ông Tô Lâm nói.", "a", None)
    spans = article_matches(article, parse_query("tô lâm").terms)
    assert [article.text[s.start : s.end] for s in spans if s.field == "body"] == ["Tô Lâm"]
    across = article_from_text("Tin\n\nChất độc tố, làm hại gan.", "b", None)
    spans = article_matches(across, parse_query("to lam").terms)
    assert [across.text[s.start : s.end] for s in spans if s.field == "body"] == ["tố", "làm"]


def test_clause_breaks_survive_batches_and_segment_merges():
    """Articles added a few at a time (several segments, merged) tier as one build."""
    articles = [article_from_text(f"Tin {i}\n\n" + text.split("\n\n", 1)[1] * (1 + i % 3), f"{key}{i}", None)
                for i, (key, text) in enumerate(list(ARTICLES.items()) * 8)]
    whole = SearchIndex.build(articles)
    batched = SearchIndex()
    for start in range(0, len(articles), 3):
        batched.add(articles[start : start + 3])
    for query in ("tô lâm", "to lam", "tố làm", "làm trò"):
        assert tiers(whole, query) == tiers(batched, query), query
    assert {k for k, t in tiers(batched, "tô lâm").items() if t == "phrase"} == {f"minister{i}" for i in range(0, 40, 5)}


# ------------------------------------------------------------------ punctuation typed in the query

PLACES = {
    "comma": "Tin\n\nHọ sống ở Hà Nội, Việt Nam từ nhỏ.",
    "full-stop": "Tin\n\nHọ sống ở Hà Nội. Việt Nam là quê hương.",
    "unbroken": "Tin\n\nĐội Hà Nội Việt Nam thắng trận.",
}


@pytest.fixture(scope="module")
def places():
    return SearchIndex.build([article_from_text(text, key, None) for key, text in PLACES.items()])


def test_a_break_typed_in_the_query_is_a_phrase_where_the_text_breaks_there(places):
    """The query is read as the text is: ``Hà Nội, Việt Nam`` is the phrase with a
    clause break after ``Nội`` (any mark), and typed without one, the phrase without."""
    assert tiers(places, "Hà Nội, Việt Nam") == {"comma": "phrase", "full-stop": "phrase", "unbroken": "near"}
    assert tiers(places, "ha noi. viet nam ") == {"comma": "phrase", "full-stop": "phrase", "unbroken": "near"}
    assert tiers(places, "Hà Nội Việt Nam") == {"unbroken": "phrase", "comma": "near", "full-stop": "near"}


def test_a_quoted_phrase_keeps_its_punctuation(places):
    assert set(tiers(places, '"Hà Nội, Việt Nam"')) == {"comma", "full-stop"}
    assert set(tiers(places, '"Hà Nội Việt Nam"')) == {"unbroken"}


def test_the_highlighter_marks_a_phrase_typed_with_its_punctuation_whole():
    article = article_from_text(PLACES["comma"], "comma", None)
    spans = article_matches(article, parse_query("Hà Nội, Việt Nam").terms)
    assert [article.text[s.start : s.end] for s in spans if s.field == "body"] == ["Hà Nội, Việt Nam"]
    spans = article_matches(article, parse_query("Hà Nội Việt Nam").terms)
    assert [article.text[s.start : s.end] for s in spans if s.field == "body"] == ["Hà", "Nội", "Việt", "Nam"]


def test_a_pasted_sentence_with_its_commas_is_a_phrase():
    """A journalist pastes a quote to find its source: more words than the near window
    takes, commas included."""
    quote = "Chúng tôi sẽ làm hết sức, vì người dân, không để ai bị bỏ lại phía sau"
    texts = {"source": f"Tin\n\nBộ trưởng nói: “{quote}”.", "other": "Tin\n\nChúng tôi sẽ làm hết sức vì người dân."}
    index = SearchIndex.build([article_from_text(t, k, None) for k, t in texts.items()])
    assert tiers(index, quote)["source"] == "phrase"


def test_words_typed_without_the_text_s_punctuation_still_find_it_first_as_near():
    """Positions run on across a break, so a passage remembered without its comma is
    still an in-order run: the article holding it ranks first, in the near tier."""
    texts = {"target": "Tin\n\nAnh ấy bị tố, làm trò trên mạng.",
             "decoy": "Tin\n\nAnh ấy bị tố cáo vì làm trò trên mạng, rất nhiều lần bị tố."}
    index = SearchIndex.build([article_from_text(t, k, None) for k, t in texts.items()])
    hits = index.search("bi to lam tro ", limit=5).hits
    assert [(h.id, h.tier) for h in hits][:1] == [("target", "near")]
