"""No query string can make search or highlighting fail."""

from __future__ import annotations

import random

import pytest

from tui.core.loader import article_from_text
from tui.core.search import SearchIndex, find_matches

ARTICLE = article_from_text(
    "Tổng Bí thư Tô Lâm thăm Belarus\n\nTổng thống Lukashenko đón Tổng Bí thư Tô Lâm tại Minsk (a+b)*[x].",
    "doc",
    None,
)
INDEX = SearchIndex.build([ARTICLE])

_rng = random.Random(7)
LONG_RANDOM = "".join(_rng.choice("aăâbcdđeêghiklmnoôơpqrstuưvxy ()[]*+?\\\"-") for _ in range(10_000))

HOSTILE = [
    "",
    "   \t\n",
    "!!!",
    "...,;:?",
    "-",
    "--",
    "- -",
    '-""',
    '"',
    '""',
    '"""',
    '"tô lâm',
    'tô "lâm',
    "(a+b)*[x]",
    ".*",
    "\\",
    "[^]$^{}|",
    "(?P<x>",
    "tô " * 3334,
    LONG_RANDOM,
    "🇻🇳🎉😀",
    "\x00\x01\x1b[31m\x07\x7f",
    "\u0301\u0309",
    "\u202e\u200b\ufeff",
    "𝕥𝕠 𝕝𝕒𝕞",
    "-tô -lâm",
    "tô -tô",
]


@pytest.mark.parametrize("query", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_queries_never_raise(query):
    """Search, highlighting and suggestions answer every query, and every span they give is a
    non-empty stretch inside its own text (a span past the end would draw or slice garbage)."""
    results = INDEX.search(query)
    assert results.total >= len(results.hits)
    for hit in results.hits:
        assert_inside(hit.spans)
        assert all(0 <= a < b <= len(hit.snippet) for a, b in hit.snippet_spans), (hit.snippet, hit.snippet_spans)
    assert_inside(find_matches(ARTICLE, query))
    assert isinstance(INDEX.suggest(query), list)


def assert_inside(spans) -> None:
    for span in spans:
        field = ARTICLE.title if span.field == "title" else ARTICLE.text
        assert span.field in ("title", "body") and 0 <= span.start < span.end <= len(field), (span, len(field))


@pytest.mark.parametrize("query", ["", "   ", "!!!", "🎉", "\x00\x1b", '""', "-tô"])
def test_queries_without_positive_words_find_nothing(query):
    assert INDEX.search(query).hits == []
    assert find_matches(ARTICLE, query) == []


@pytest.mark.parametrize("query", ["🇻🇳 tô lâm 😀", "\x1b[31mtô lâm\x07", "(tô) [lâm]*", '"tô lâm', "tô\u200blâm"])
def test_words_among_junk_are_still_found(query):
    assert [h.id for h in INDEX.search(query).hits] == ["doc"]


def test_regex_metacharacters_are_literal_text():
    assert INDEX.search("a+b").hits and INDEX.search("a.b").hits
    assert INDEX.search(".*").hits == []


def test_limit_zero_or_negative_returns_nothing():
    assert INDEX.search("tô lâm", limit=0).hits == []
    assert INDEX.search("tô lâm", limit=-3).hits == []


def test_empty_index_answers_every_query():
    empty = SearchIndex()
    assert len(empty) == 0
    assert empty.search("tô lâm").hits == [] and empty.suggest("to") == []
