"""Marks for a word an article lacks as typed: its joined syllables split, or its
typos, as the articles of a page of hits hold them."""

from __future__ import annotations

from tui.core.highlight import page_matches
from tui.core.loader import article_from_text
from tui.core.query import parse_query


def _marks(texts: list[str], query: str) -> list[list[str]]:
    articles = [article_from_text(text, f"d{k}", None) for k, text in enumerate(texts)]
    marks = page_matches(articles, parse_query(query).terms)
    return [[(a.title if s.field == "title" else a.text)[s.start:s.end] for s in spans] for a, spans in zip(articles, marks)]


def test_typos_are_marked_up_to_the_budget_whatever_their_length():
    """``lukashenko`` (10 letters) allows two edits: one letter less, two more and two
    changed are marked; three more are not (a length alone puts them out of reach)."""
    text = "Tin\n\nLukashenk, Lukashenkooo, Lukaszenka và Lukashenkoooo."
    assert _marks([text], "lukashenko ") == [["Lukashenk", "Lukashenkooo", "Lukaszenka"]]


def test_a_typo_found_in_one_article_of_a_page_is_marked_in_every_article_holding_it():
    texts = ["Tin một\n\nÔng Lukashenco nói.", "Tin hai\n\nLukashenco và Lukashenka đến.", "Tin ba\n\nTrời mưa."]
    assert _marks(texts, "lukashenko ") == [["Lukashenco"], ["Lukashenco", "Lukashenka"], []]


def test_joined_syllables_are_split_in_each_article_that_has_them_apart():
    """``hanoi``: ``Hà Nội`` where an article has both syllables; the word as typed where
    it has it; nothing where it has only one of the syllables."""
    texts = ["Tin\n\nThủ đô Hà Nội mưa.", "Tin\n\nHanoi Times viết.", "Tin\n\nSông Hà chảy."]
    assert _marks(texts, "hanoi") == [["Hà Nội"], ["Hanoi"], []]
