"""Highlighting and snippets for one article: exact spans for phrases, typos, joined syllables,
and the snippet's window, cut and offsets."""

from __future__ import annotations

import pytest

from tui.core.highlight import (
    PAGE_CHARS,
    SNIPPET_CHARS,
    SNIPPET_LEAD,
    MatchSpan,
    fold_fast,
    page_matches,
    snippet,
    split_joined,
)
from tui.core.loader import article_from_text
from tui.core.query import QueryTerm, parse_query
from tui.core.search import find_matches
from tui.core.text import _FOLD_TABLE, fold


def body(text: str):
    return article_from_text(f"Tiêu đề\n\n{text}", "a", None)


def marked(article, query: str) -> list[str]:
    return [(article.title if s.field == "title" else article.text)[s.start:s.end] for s in find_matches(article, query)]


def test_fold_fast_folds_every_character_of_the_table_like_fold():
    every = "".join(chr(code) for code in _FOLD_TABLE) + "abc Zz 0 € 😀 \U0010ffff"
    assert fold_fast(every) == fold(every)


@pytest.mark.parametrize("text, query, expected", [
    ("Ông Tô Lâm và Tô Lâm.", "to lam", ["Tô Lâm", "Tô Lâm"]),               # every occurrence of the phrase
    ("Tô Lâm Tô Lâm", "to lam to", ["Tô Lâm Tô"]),                             # phrases do not overlap
    ("Lâm Tô đến.", "to lam", ["Lâm", "Tô"]),                                  # out of order: words, not a phrase
    ("Tổng thống Lukashenco phát biểu.", "tong thong lukashenko", ["Tổng thống Lukashenco"]),  # one pinned typo
    ("Ông Tô Lim đến.", "to lam", ["Tô Lim"]),      # a 3-letter word has no typo alone, one when pinned
    ("Ông Tu Lim đến, Tô về.", "to lam", ["Tô"]),   # two words off: no phrase
    ("Ở Hà Nội, Hà Nam.", "ha noi", ["Hà Nội"]),
    ("Người Hà Nội đi Hà Tĩnh.", "ha", ["Hà", "Hà"]),
    ("Hanoi là Hà Nội.", "hanoi", ["Hanoi"]),                                  # the word as typed, no split needed
    ("Thủ đô Hà Nội.", "hanoi", ["Hà Nội"]),                                   # joined syllables found apart
    ("Bộ Y tế họp.", "yte", ["Y tế"]),                                         # ... a one-letter syllable first
    ("Bộ Y tế họp.", "boyte", ["Bộ Y tế"]),                                    # ... or in the middle of three
    ("Ông Lukashenko nói.", "lukashenko-", ["Lukashenko"]),
])
def test_marked_text(text, query, expected):
    assert marked(body(text), query) == expected


def test_words_are_marked_as_the_index_splits_them_far_into_a_long_article():
    """Tokens are runs of letters and digits (``_`` and ``-`` split them, letters beyond the
    Basic Multilingual Plane belong to them), wherever they are in a long article."""
    assert marked(body("Mã x_y và x-y, chữ 𝐀𝐁 cạnh 𝐀."), "y") == ["y", "y"]
    assert marked(body("Chữ 𝐀𝐁 cạnh 𝐀 ở đây."), "𝐀 ") == ["𝐀"]  # typed whole (a space after)
    long_text = "Mưa to. " * 30_000 + "Ông Tô Lâm và Tô Lim đến."
    article = body(long_text)
    assert marked(article, "to lam") == ["Tô Lâm", "Tô Lim"]
    assert [s.start for s in find_matches(article, "to lam")] == [article.text.index("Tô Lâm"), article.text.index("Tô Lim")]


def test_a_typo_is_marked_only_when_the_word_as_typed_is_absent():
    assert marked(body("Lukashenco gặp Lukashenko."), "lukashenko") == ["Lukashenko"]
    assert marked(body("Lukashenco gặp ông."), "lukashenko") == ["Lukashenco"]
    assert marked(body("Lam gặp ông."), "lao") == []  # 3 letters: no typo allowed


def test_split_joined_prefers_two_known_syllables_with_vowels():
    split = split_joined(QueryTerm("hanoi", "hanoi"), {"ha", "noi", "han", "oi"})
    assert [(t.text, t.folded, t.literal) for t in split] == [("ha", "ha", True), ("noi", "noi", True)]
    three = split_joined(QueryTerm("thanhphohcm", "thanhphohcm"), {"thanh", "pho", "hcm"})
    assert three is None  # "hcm" has no vowel
    three = split_joined(QueryTerm("thanhphoho", "thanhphoho"), {"thanh", "pho", "ho"})
    assert [t.folded for t in three] == ["thanh", "pho", "ho"]
    assert split_joined(QueryTerm("hoav", "hoav"), {"hoa", "v"}) is None


LONG = "Mở đầu bài viết dài. " * 8 + "Ông Lukashenko phát biểu tại Minsk hôm nay. " + "Phần sau của bài. " * 12


def test_the_snippet_starts_a_lead_before_the_first_match_at_a_word_and_marks_it():
    article = body(LONG)
    text, spans = snippet(article, find_matches(article, "lukashenko"))
    assert text.startswith("…") and text.endswith("…")
    assert [text[a:b] for a, b in spans] == ["Lukashenko"]
    first = article.text.index("Lukashenko")
    shown = text[1:-1]
    start = article.text.index(shown)
    assert first - SNIPPET_LEAD <= start <= first and article.text[start - 1] == " "  # a whole word begins it
    assert len(shown) <= SNIPPET_CHARS and article.text[start + len(shown)] == " "   # and one ends it


def test_a_match_at_the_start_gives_a_snippet_without_leading_ellipsis():
    article = body("Lukashenko phát biểu. " + "Phần sau của bài. " * 20)
    text, spans = snippet(article, find_matches(article, "lukashenko"))
    assert not text.startswith("…") and text.endswith("…")
    assert spans == [(0, len("Lukashenko"))]


def test_a_short_paragraph_is_the_whole_snippet_and_a_title_match_shows_the_first_paragraph():
    article = article_from_text("Lukashenko đến Hà Nội\n\nĐoạn đầu ngắn.\n\nĐoạn hai.", "a", None)
    text, spans = snippet(article, [MatchSpan("title", 0, 10)])
    assert (text, spans) == ("Đoạn đầu ngắn.", [])
    text, spans = snippet(article, [MatchSpan("body", article.text.index("hai"), article.text.index("hai") + 3)])
    assert (text, [text[a:b] for a, b in spans]) == ("Đoạn hai.", ["hai"])


# The snippet under each result: exact text, so that a window one word off shows.
RAIN, SUN = "Mưa to. ", "Trời nắng. "
MIDDLE = RAIN * 10 + "Ông Lukashenko phát biểu tại Minsk. " + SUN * 20


def shown(article, query: str) -> tuple[str, list[str]]:
    text, spans = snippet(article, find_matches(article, query))
    return text, [text[a:b] for a, b in spans]


def test_the_snippet_begins_at_the_first_whole_word_of_the_lead_and_ends_at_the_last_of_the_window():
    """The match is 84 characters into its paragraph: the window opens 50 before it, inside
    ``Mưa``, and moves on to the next word; it closes 160 characters later, inside ``Trời``,
    and moves back to the word before."""
    article = body("Đoạn mở đầu ngắn.\n\n" + MIDDLE)
    text, spans = snippet(article, find_matches(article, "lukashenko"))
    assert text == "…to. " + RAIN * 5 + "Ông Lukashenko phát biểu tại Minsk. " + SUN * 6 + "Trời nắng.…"
    assert spans == [(49, 59)] and text[49:59] == "Lukashenko"


def test_a_second_match_past_the_window_is_not_marked_in_the_snippet():
    article = body(MIDDLE + "Lukashenko về nước.")
    assert shown(article, "lukashenko")[1] == ["Lukashenko"]


@pytest.mark.parametrize("text, expected", [
    ("Đoạn một không có gì.\n\nLukashenko mở đầu đoạn hai.", "Lukashenko mở đầu đoạn hai."),
    ("Đoạn một không có gì.\n\nĐoạn hai nhắc Lukashenko", "Đoạn hai nhắc Lukashenko"),
])
def test_the_snippet_shows_the_paragraph_of_the_first_match_when_it_opens_or_closes_it(text, expected):
    assert shown(body(text), "lukashenko") == (expected, ["Lukashenko"])


def test_a_paragraph_that_is_one_long_link_is_cut_at_the_window_not_emptied():
    link = "https://example.com/" + "a" * 300
    article = body(f"Đoạn một.\n\n{link}")
    text, _ = snippet(article, [MatchSpan("title", 0, 3)])
    assert text == "Đoạn một."
    text, _ = snippet(article, [MatchSpan("body", article.text.index("https"), article.text.index("https") + 5)])
    assert text == link[:SNIPPET_CHARS] + "…"


def test_a_match_deep_in_a_long_link_is_shown_from_inside_the_link():
    """No space in the lead: the snippet starts mid-link, 50 characters before the match,
    rather than at the paragraph's start, from where the match would be out of sight."""
    link = "https://vnexpress.net/" + "tin-tuc-" * 30 + "lukashenko-den-ha-noi.html"
    article = body(f"Nguồn: {link} (ảnh)")
    text, marks = shown(article, "lukashenko")
    assert text == "…" + link[link.index("lukashenko") - SNIPPET_LEAD :] + " (ảnh)" and marks == ["lukashenko"]


def test_an_article_without_body_text_has_an_empty_snippet():
    from tui.core.loader import article_from_record

    article, _ = article_from_record({"id": "x", "title": "Lukashenko đến Hà Nội", "text": ""}, "x", "p")
    assert snippet(article, find_matches(article, "lukashenko")) == ("", [])


# A page of hits is folded and matched together: each article's marks are its own.
PAGE = [
    "Mưa to ở Minsk\n\nTrời mưa suốt ngày.",
    "Tin thế giới hôm nay\n\nTổng thống Lukashenko phát biểu tại Minsk.",
    "Một tin dài hơn nhiều so với các tin trước\n\nHôm qua, ông Tô Lâm gặp Tổng thống Lukashenko.\n\nTổng thống Lukashenco nói.",
    "Minsk\n\nTổng thống Lukashenco đến Minsk.",  # a typo, in an article without the word as typed
]


@pytest.mark.parametrize("query, expected", [
    ("tong thong lukash", [[], ["Tổng thống Lukashenko"], ["Tổng thống Lukashenko", "Tổng thống Lukashenco"],
                           ["Tổng thống Lukashenco"]]),  # the last word typed is a prefix
    ("minsk", [["Minsk"], ["Minsk"], [], ["Minsk", "Minsk"]]),
    ("lukashenko ", [[], ["Lukashenko"], ["Lukashenko"], ["Lukashenco"]]),
    # the typo is looked for where the rest of the query is found but not the word as typed
    ("tong thong lukashenko ", [[], ["Tổng thống Lukashenko"], ["Tổng thống Lukashenko", "Tổng thống Lukashenco"],
                                ["Tổng thống Lukashenco"]]),  # a typo its neighbours pin is part of the phrase
])
def test_each_hit_of_a_page_is_marked_where_its_own_words_are(query, expected):
    articles = [article_from_text(text, f"d{k}", None) for k, text in enumerate(PAGE)]
    marks = page_matches(articles, parse_query(query).terms)
    assert [[(a.title if s.field == "title" else a.text)[s.start:s.end] for s in spans]
            for a, spans in zip(articles, marks)] == expected


def test_a_typo_is_marked_where_the_query_s_other_words_are_found_apart_from_it():
    assert marked(body("Lukashenco nói với Tổng thống Nga."), "tong thong lukashenko ") == ["Lukashenco", "Tổng", "thống"]


@pytest.mark.parametrize("text, query", [
    ("Thủ đô Hà Nội.", '"hanoi"'),           # no joined syllables split
    ("Lukashenco gặp ông.", '"lukashenko"'),  # no typo
])
def test_a_quoted_word_is_marked_only_as_typed(text, query):
    assert marked(body(text), query) == []


def test_every_spelling_of_a_name_within_its_typos_is_marked():
    spellings = ["Lukashenka", "Lukashenku", "Lukashenke", "Lukashenki", "Lukashenky", "Lukachenko", "Lukasenko"]
    assert marked(body(", ".join(spellings) + "."), "lukashenko ") == spellings


def test_hits_longer_together_than_a_page_of_text_are_each_marked():
    """Hits are matched a page (``PAGE_CHARS``) at a time; a longer article is a page alone."""
    filler = "Mưa to. " * (PAGE_CHARS // 8 // 2)
    articles = [article_from_text(f"Tin {k}\n\nÔng Lukashenko đến. {filler * size}", f"d{k}", None)
                for k, size in enumerate([3, 1, 1, 1])]
    marks = page_matches(articles, parse_query("lukashenko").terms)
    assert [[a.text[s.start:s.end] for s in spans] for a, spans in zip(articles, marks)] == [["Lukashenko"]] * 4


def test_a_paragraph_ending_past_its_text_cuts_no_word_of_the_next_hit_on_the_page():
    """A page's texts are folded joined; an article whose paragraph claims more than its
    text (a stale or hand-made store) must not cut the next article's words there."""
    from tui.core.model import Article, Paragraph

    # The page reads "x\nabc\nHanoi hôm nay...": the paragraph's end (6 past the text's
    # start) would fall between "Ha" and "noi" of the next article's title.
    odd = Article(id="a", title="x", text="abc", paragraphs=[Paragraph("body", 0, 6)])
    after = article_from_text("Hanoi hôm nay\n\nTin Hanoi.", "b", None)
    terms = parse_query("hanoi").terms
    marks = page_matches([odd, after], terms)[1]
    assert [(s.field, (after.title if s.field == "title" else after.text)[s.start:s.end]) for s in marks] == [
        ("title", "Hanoi"), ("body", "Hanoi")]


def test_hits_differing_only_inside_their_text_are_each_marked_where_their_own_words_are():
    """Folded articles are kept for the next queries; one with the same title, length and
    first and last words as another is not taken for it."""
    filler = "Tin. " * 20
    first = article_from_text(f"Tin\n\n{filler}Hà Nội mưa to. {filler}", "a", None)
    second = article_from_text(f"Tin\n\n{filler}Mưa to, Hà Nội {filler}", "b", None)
    assert len(first.text) == len(second.text)
    terms = parse_query("ha noi").terms
    for article in (first, second, first):
        (marks,) = page_matches([article], terms)
        assert [article.text[s.start:s.end] for s in marks if s.field == "body"] == ["Hà Nội"]
        assert [s.start for s in marks] == [article.text.index("Hà Nội")]
