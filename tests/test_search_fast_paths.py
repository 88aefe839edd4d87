"""The search's faster paths give what the plain ones give: each is checked against a
word-by-word reading of the same index (or of the article), on corpora of few, similar
syllables where windows, typos and phrases are everywhere."""

from __future__ import annotations

import random

import numpy as np
import pytest

from tui.core.highlight import article_matches
from tui.core.loader import article_from_text
from tui.core.query import parse_query
from tui.core.search import SearchIndex
from tui.core.search.arrays import merged_positions, within
from tui.core.search.plan import Planner
from tui.core.search.tiers import FIRST_WORD_ID, NEAR_SLACK, _words_near

SYLLABLES = "Hà Nội hà nôi ha noi Việt Nam viet nam việt nám Tô Lâm to lam tô lầm lâm cá ca các cà".split()


def _clauses(rng: random.Random, words: int) -> str:
    """``words`` syllables, now and then broken into clauses by a comma or a full stop."""
    return "".join(rng.choice(SYLLABLES) + rng.choice((" ",) * 6 + (", ", ". ")) for _ in range(words)).strip()


def random_corpus(rng: random.Random, count: int) -> list:
    articles = []
    for number in range(count):
        paragraphs = [_clauses(rng, rng.randint(1, 14)) for _ in range(rng.randint(1, 4))]
        title = " ".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 6)))
        articles.append(article_from_text(title + "\n\n" + "\n\n".join(p + "." for p in paragraphs), f"d{number}", None))
    return articles


def crossed(seg, anchor: int, at: int) -> int:
    """Clause breaks between two positions (each break precedes the position it records)."""
    low, high = min(anchor, at), max(anchor, at)
    return sum(1 for start in seg.clause_starts.tolist() if low < start <= high)


def near_by_reading(seg, docs, plans, slices, rarest) -> np.ndarray:
    """``_words_near`` as its rule says it, one anchor and one word at a time: walking
    away from the anchor on each side, the query's terms before the rarest (nearest
    first) and after it, each taken where first found; the span, breaks included, at
    most ``n + NEAR_SLACK`` places."""
    stream = seg.stream.tolist()
    n = len(plans)
    longest = n - 1 + NEAR_SLACK

    def extent(anchor: int, side: int, terms: list[int]) -> int | None:
        """Places from the anchor to the last of ``terms`` found in order on ``side``."""
        reached = 0
        for distance in range(1, longest + 1):
            if not terms:
                break
            at = anchor + side * distance
            if at < 0 or at >= len(stream) or stream[at] < FIRST_WORD_ID or distance + crossed(seg, anchor, at) > longest:
                break
            if plans[terms[0]].by_term[stream[at]] > 0:
                terms = terms[1:]
                reached = distance + crossed(seg, anchor, at)
        return None if terms else reached

    near_docs = set()
    for anchor in within(seg, merged_positions(slices[rarest]), docs).tolist():
        left, right = extent(anchor, -1, list(range(rarest - 1, -1, -1))), extent(anchor, 1, list(range(rarest + 1, n)))
        if left is not None and right is not None and left + right <= longest:
            near_docs.add(int(seg.docs_of(np.array([anchor]))[0]))
    return np.array([int(d) in near_docs for d in docs], dtype=bool)


def test_the_near_window_read_at_once_equals_reading_it_word_by_word():
    """Every segment (the index built in three batches), the first and last words of the
    index included, queries of 2 to 8 words (completions and typos among them), each
    term taken as the anchor, all documents or a random part of them."""
    rng = random.Random(15)
    articles = random_corpus(rng, 45)
    index = SearchIndex()
    for first, last in ((0, 30), (30, 40), (40, 43)):  # sizes apart: not merged
        index.add(articles[first:last])
    state = index._store.state
    assert len(state.segments) > 1
    planner = Planner(index._store, state, {})
    compared = near = 0
    for _ in range(30):
        query = " ".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 8))) + rng.choice(("", " ", "m"))
        plans = [planner.plan(term) for term in parse_query(query).terms]
        for seg in state.segments:
            slices = [[(seg.positions(i), w) for i, w in plan.entries if len(seg.positions(i))] for plan in plans]
            if not all(slices):  # a term missing here: no near window to read
                continue
            for docs in (np.arange(seg.doc_count), np.flatnonzero(np.random.default_rng(compared).random(seg.doc_count) < 0.3)):
                for rarest in range(len(plans)):
                    expected = near_by_reading(seg, docs, plans, slices, rarest)
                    assert np.array_equal(_words_near(seg, docs, plans, slices, rarest), expected), (query, rarest)
                    compared += 1
                    near += int(expected.sum())
    assert compared > 200 and near > 100, (compared, near)


def test_the_near_window_holds_at_the_very_ends_of_the_index():
    """Anchors on the first and the last word of the whole index: the window stops at the
    stream's ends (no word read beyond them, none wrapped around)."""
    articles = [article_from_text("Tin\n\nLâm và cá hồ", "first", None),
                article_from_text("Tin\n\nTrời mưa to", "middle", None),
                article_from_text("Tin\n\ncá hồ và lâm", "last", None)]
    index = SearchIndex.build(articles)
    assert {h.id: h.tier for h in index.search("ca ho lam", limit=10).hits} == {"first": "scattered", "last": "near"}
    assert {h.id: h.tier for h in index.search("lam ca ho", limit=10).hits} == {"first": "near", "last": "scattered"}


# ------------------------------------------------------------------ spans of a shown article


def marked(article, query: str) -> list[tuple[str, str]]:
    return [(s.field, (article.title if s.field == "title" else article.text)[s.start : s.end])
            for s in article_matches(article, parse_query(query).terms)]


def test_a_field_with_a_phrase_shows_its_phrases_and_a_field_without_every_word():
    article = article_from_text("Lâm gặp Tô\n\nÔng Tô Lâm đến, Lâm về, Tô ở.\n\nCá.", "a", None)
    assert marked(article, "to lam") == [("title", "Lâm"), ("title", "Tô"), ("body", "Tô Lâm")]
    article = article_from_text("Tô Lâm đến\n\nLâm về, Tô ở.", "b", None)
    assert marked(article, "to lam") == [("title", "Tô Lâm"), ("body", "Lâm"), ("body", "Tô")]
    article = article_from_text("Tin\n\nLâm về, Tô ở.", "c", None)
    assert marked(article, "ca") == []


@pytest.mark.parametrize("text, expected", [
    ("Ông Tô Lm đến.", ["Tô Lm"]),             # one letter fewer: one edit, pinned by its neighbour
    ("Ông Tô Lâmm đến.", ["Tô Lâmm"]),         # one letter more
    ("Ông Tô Lâmmm đến.", ["Tô"]),             # two more: beyond the budget of a 3-letter word
    ("Ông Tô L đến.", ["Tô"]),                 # two fewer
    ("Ông Tô Lim, Tô Lm, Tô Lưm.", ["Tô Lim", "Tô Lm", "Tô Lưm"]),
])
def test_a_pinned_typo_is_a_phrase_only_within_its_budget_of_edits(text, expected):
    article = article_from_text("Tin\n\n" + text, "a", None)
    assert [t for _, t in marked(article, "to lam ")] == expected  # "lam" typed whole, not a prefix


def test_phrases_found_by_the_compiled_kernels_equal_those_the_numpy_twins_find(monkeypatch):
    """An article's phrases (pinned typos, paragraph bounds, overlaps) found with the compiled
    kernels (tui/core/_kernels.pyx) are those their numpy twins find."""
    import tui.core.highlight as highlight
    from tui.core import kernels

    if not kernels.COMPILED:
        pytest.skip(f"search kernels: {kernels.STATUS}")
    compiled = kernels._native
    rng = random.Random(16)
    articles = random_corpus(rng, 60)
    compared = phrases = 0
    for article in articles:
        for _ in range(6):
            query = " ".join(rng.choice(SYLLABLES + ["lm", "viet", "nm", "caa"]) for _ in range(rng.randint(2, 5)))
            query += rng.choice(("", " "))
            results = {}
            for native in (compiled, None):
                monkeypatch.setattr(kernels, "_native", native)
                highlight._FOLDED.clear()
                results[native is None] = [(s.field, s.start, s.end) for s in article_matches(article, parse_query(query).terms)]
            assert results[False] == results[True], (article.id, query)
            compared += 1
            phrases += sum(1 for f, a, b in results[True] if " " in (article.title if f == "title" else article.text)[a:b])
    assert compared == 360 and phrases > 50


def test_a_page_of_articles_matched_together_gives_each_article_its_own_spans(monkeypatch):
    """Articles folded and matched a page at a time (their texts joined) have the spans each
    has alone: tokens at the ends of a text, letters beyond the Basic Multilingual Plane, an
    empty body, typos and joined syllables in some articles only, pages cut by size."""
    import tui.core.highlight as highlight

    rng = random.Random(17)
    articles = random_corpus(rng, 40)
    articles += [article_from_text("Lâm\n\n", "empty-body", None),
                 article_from_text("𝐀𝐁 tô\n\nlâm 𝐀 tô lâm𝐀 cá.", "astral", None),
                 article_from_text("Tin\n\nHanoi tô lim, Hà Nội", "joined", None)]
    rng.shuffle(articles)
    for query in ("to lam", "tô lam", "ha noi", "hanoi", "to lim ca", "lam", "ca v", "𝐀 to", "nam viet ha noi"):
        terms = parse_query(query).terms
        alone = []
        for article in articles:
            highlight._FOLDED.clear()
            alone.append(article_matches(article, terms))
        for page_chars in (highlight.PAGE_CHARS, 200):
            monkeypatch.setattr(highlight, "PAGE_CHARS", page_chars)
            highlight._FOLDED.clear()
            assert highlight.page_matches(articles, terms) == alone, (query, page_chars)


def test_the_vocabulary_letter_masks_read_at_once_equal_those_read_word_by_word():
    """The letter masks that pre-select typo candidates, computed for the whole vocabulary in
    one pass, are each word's own (empty words, đ and letters beyond the Basic Multilingual
    Plane among them)."""
    from tui.core.search.plan import _letter_mask, _letter_masks

    rng = random.Random(18)
    alphabet = "abcdđeghiklmnopqrstuvxyăâêôơư0123456789𝐀"
    words = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 9))) for _ in range(3000)]
    masks = _letter_masks(words, np.array([len(w) for w in words], dtype=np.int64))
    assert masks.tolist() == [_letter_mask(w) for w in words]


def test_positions_within_documents_are_those_each_document_holds_however_they_are_found():
    """``within`` (binary searches of each document's bounds when the positions are many
    per document, marking of the documents when few) keeps exactly the positions of the
    documents asked for, in order: read here position by position from the documents' starts."""
    rng = random.Random(7)
    index = SearchIndex()
    index.add(random_corpus(rng, 60))
    seg = index._store.state.segments[0]
    starts = seg.doc_starts.tolist()
    planner = Planner(index._store, index._store.state, {})
    ways = set()
    for word in ("ha", "noi", "lam", "ca", "cac"):
        positions = seg.positions(planner.folded_id(word))
        assert len(positions)
        for share in (0.05, 0.3, 1.0):
            docs = np.flatnonzero(np.random.default_rng(len(ways)).random(seg.doc_count) < share)
            wanted = set(docs.tolist())
            expected = [p for p in positions.tolist()
                        if next(d for d in range(seg.doc_count) if starts[d] <= p < starts[d + 1]) in wanted]
            assert within(seg, positions, docs).tolist() == expected, (word, share)
            ways.add(len(positions) < 8 * len(docs))
    assert ways == {True, False}  # both ways were taken
