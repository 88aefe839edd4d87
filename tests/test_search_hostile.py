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


# ------------------------------------------------------------------ runaway queries (issue 18.3)

RUNAWAY = {
    "long token": "a" * 10_000,
    "joined x 714": "vietnam" * 714,
    "url": "https://dantri.com.vn/xa-hoi/" + "-".join(["tong", "bi", "thu", "to", "lam"] * 400) + ".htm",
    "2000 terms": " ".join(["tô", "lâm", "minsk", "belaruss", "lukashenkoo"] * 400),
    "repeated syllable": "lâm " * 2500,
    "exclusions": "tô " + " ".join(f"-w{i}" for i in range(2000)),
    "quoted": " ".join('"tô lâm"' for _ in range(1000)),
}


def test_long_words_are_matched_as_typed_only():
    """A word past MAX_WORD_CHARS gets no completion, near spelling or split:
    the work those need grows with its length."""
    from tui.core.query import MAX_WORD_CHARS, parse_query

    (term,) = parse_query("vietnam" * 714).terms
    assert term.literal and not term.prefix
    assert not parse_query("x" * MAX_WORD_CHARS).terms[0].literal
    assert len(parse_query(RUNAWAY["exclusions"]).excluded) <= 32


def test_joined_syllable_split_tries_a_bounded_number_of_cut_points(monkeypatch):
    import tui.core.highlight as highlight
    from tui.core.query import QueryTerm

    lengths = []
    original = highlight._cut_points
    monkeypatch.setattr(highlight, "_cut_points", lambda n: lengths.append(n) or original(n))
    known = {"viet", "nam", "ha", "noi"}
    assert [p.folded for p in highlight.split_joined(QueryTerm("vietnam", "vietnam"), known)] == ["viet", "nam"]
    assert highlight.split_joined(QueryTerm("vietnam" * 714, "vietnam" * 714), known) is None
    assert highlight.split_joined(QueryTerm("hanoi" * 5, "hanoi" * 5), known) is None
    assert max(lengths) <= highlight.MAX_JOINED_CHARS


def test_runaway_queries_do_bounded_work(monkeypatch):
    """Near spellings are looked up for at most MAX_TERMS words, never for a
    long word, and highlighting never splits or fuzzes a long word."""
    from rapidfuzz import process

    from tui.core.query import MAX_TERMS, MAX_WORD_CHARS

    lookups = []
    original = process.extract
    monkeypatch.setattr(process, "extract", lambda query, *a, **k: lookups.append(query) or original(query, *a, **k))
    for name, query in RUNAWAY.items():
        lookups.clear()
        INDEX._typo_cache.clear()
        results = INDEX.search(query).prepare()
        assert results.total >= len(results.hits), name
        assert len(lookups) <= MAX_TERMS, name
        assert all(len(word) <= MAX_WORD_CHARS for word in lookups), name
        find_matches(ARTICLE, query)


def test_runaway_queries_return_on_a_real_sized_index(tmp_path):
    """The issue's runaway queries, in a child process with a generous
    deadline (seconds each before the fix; milliseconds now)."""
    import subprocess
    import sys

    script = (
        "import sys, random\n"
        "from tui.core.loader import load_paths, bundled_seeds\n"
        "from tui.core.search import SearchIndex\n"
        "index = SearchIndex.build(load_paths([str(bundled_seeds())]).articles * 20)\n"
        "for query in sys.argv[1:]:\n"
        "    index.search(query).prepare(10)\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", script, *RUNAWAY.values()], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "ok"


def test_the_near_window_is_not_read_for_long_queries(monkeypatch):
    """Its work grows with the square of the query's length: a 32-word
    query is tiered by its phrases alone."""
    import tui.core.search.tiers as tiers

    windows = []
    original = tiers._words_near
    monkeypatch.setattr(tiers, "_words_near", lambda seg, docs, plans, *a: windows.append(len(plans)) or original(seg, docs, plans, *a))
    INDEX.search(RUNAWAY["repeated syllable"])
    INDEX.search("lâm tô minsk")
    assert windows and max(windows) <= tiers.NEAR_MAX_TERMS


def test_pages_of_long_hits_are_not_all_kept_for_the_next_queries():
    """The highlighter keeps the last pages' joined tokens, but not past a bound in characters."""
    import tui.core.highlight as highlight
    from tui.core.loader import article_from_text
    from tui.core.query import parse_query

    filler = "Mưa to. " * (highlight.PAGE_TOKENS_CHARS // 8 // 2)
    terms = parse_query("lukashenko").terms
    for k in range(3):
        article = article_from_text(f"Tin {k}\n\nÔng Lukashenko đến. {filler}{k}", f"d{k}", None)
        (marks,) = highlight.page_matches([article], terms)
        assert [article.text[s.start:s.end] for s in marks] == ["Lukashenko"]
    assert sum(len(kept.codes) for kept in highlight._PAGE_TOKENS) <= highlight.PAGE_TOKENS_CHARS
