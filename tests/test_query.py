"""Query parsing, term by term: what the user typed becomes these terms, groups and exclusions."""

from __future__ import annotations

import pytest

from tui.core.query import MAX_QUERY_CHARS, MAX_TERMS, parse_query, pinned_budget, typo_budget, within_edits


def terms(query: str) -> list[tuple]:
    """(text, folded, group, prefix, literal) of each term."""
    return [(t.text, t.folded, t.group, t.prefix, t.literal) for t in parse_query(query).terms]


PARSES = {
    "to lam": [("to", "to", None, False, False), ("lam", "lam", None, True, False)],
    "Tô Lâm ": [("tô", "to", None, False, False), ("lâm", "lam", None, False, False)],
    '"tô lâm" hà': [("tô", "to", 0, False, True), ("lâm", "lam", 0, False, True), ("hà", "ha", None, True, False)],
    '"hà" "to lam"': [("hà", "ha", None, False, True), ("to", "to", 1, False, True), ("lam", "lam", 1, False, True)],
    "“Hà Nội”": [("hà", "ha", 0, False, True), ("nội", "noi", 0, False, True)],
    'a "b': [("a", "a", None, False, False), ("b", "b", None, True, False)],
    "Đà-Nẵng": [("đà", "da", None, False, False), ("nẵng", "nang", None, True, False)],
}


@pytest.mark.parametrize("query", list(PARSES), ids=list(PARSES))
def test_terms_groups_and_the_prefix_of_the_last_word(query):
    assert terms(query) == PARSES[query]


@pytest.mark.parametrize("query, excluded, kept", [
    ("belarus -minsk", [("minsk",)], ["belarus"]),
    ('belarus -"Tô Lâm"', [("to", "lam")], ["belarus"]),
    ("belarus -Hà-Nội", [("ha", "noi")], ["belarus"]),
    ("a - -", [], ["a"]),
    ('-"" x', [], ["x"]),
    ("-!!! x", [], ["x"]),
])
def test_exclusions_are_folded_phrases_and_not_terms(query, excluded, kept):
    parsed = parse_query(query)
    assert parsed.excluded == excluded
    assert [t.folded for t in parsed.terms] == kept


def test_an_accented_term_is_marked_as_typed_with_diacritics():
    tô, to, đi = parse_query("tô to đi").terms
    assert (tô.accented, to.accented, đi.accented) == (True, False, True)


def test_long_queries_are_cut_to_the_first_terms_and_characters():
    assert len(parse_query(" ".join(["tô"] * (MAX_TERMS + 5))).terms) == MAX_TERMS
    assert len(parse_query(" ".join(["a"] * MAX_TERMS)).terms) == MAX_TERMS
    assert [t[1] for t in terms("x" * (MAX_QUERY_CHARS - 2) + " yy")][1:] == ["y"]  # the cut leaves "y" of "yy"


@pytest.mark.parametrize("word, budget", [("lam", 0), ("minh", 1), ("nghieng", 1), ("lukashen", 2), ("lukashenko", 2),
                                          ("0137", 0), ("covid19x", 0)])
def test_typo_budget_grows_with_length_and_is_zero_for_codes(word, budget):
    assert typo_budget(word) == budget


@pytest.mark.parametrize("word, budget", [("a", 1), ("lam", 1), ("nghieng", 1), ("lukashen", 2)])
def test_pinned_budget_allows_a_typo_even_in_short_syllables(word, budget):
    assert pinned_budget(word) == budget


def test_within_edits_is_inclusive_of_the_budget():
    assert within_edits("lukashenko", "lukasenko", 1)
    assert not within_edits("lukashenko", "lukasenk", 1)
    assert within_edits("lukashenko", "lukasenk", 2)
    assert within_edits("minh", "minh", 0) and not within_edits("minh", "mihn", 0)
