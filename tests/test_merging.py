"""Names settled within an article (``tui/core/entities/merging.py``): which mentions are one
person, which short names are found again, and what type a name takes.  Each test is a
sentence or two written for it and asserts what the article's entity sidebar would list."""

from __future__ import annotations

import pytest

from tui.core.entities import EntityExtractor
from tui.core.loader import article_from_text
from tui.core.text import clean_text

EXTRACTOR = EntityExtractor()


def mentions(text: str) -> list[tuple[str, str, str]]:
    """(type, text, name) of each mention, in text order: the spans and the sidebar's names."""
    article = article_from_text(clean_text(text), "t", None, title_in_text=False)
    return [(m.type, m.text, m.name) for m in EXTRACTOR.extract(article)]


def names(text: str, kind: str = "PER") -> list[str]:
    return [name for k, _, name in mentions(text) if k == kind]


# ---------------------------------------------------------------------------
# Initials and cut names: one person.


def test_a_name_with_two_initials_is_the_person_the_article_names_in_full():
    text = "Cựu Tổng thống Mỹ George Walker Bush đến Hà Nội. Ông G. W. Bush nói chuyến đi rất vui."
    assert names(text) == ["George Walker Bush", "George Walker Bush"]


@pytest.mark.parametrize("text", [
    "Tổng thống A. Lukashenko phát biểu tại Minsk.",
    "Tổng thống Belarus A. G. Lukashenko phát biểu tại Minsk.",
])
def test_an_initial_and_a_known_family_name_is_the_known_person(text):
    assert names(text) == ["Aleksandr Lukashenko"]


def test_an_initial_that_does_not_match_the_known_first_name_is_someone_else():
    assert names("Ông B. Lukashenko, một nông dân, phát biểu tại Minsk.") == ["B. Lukashenko"]


def test_a_date_is_listed_once():
    found = mentions("Ngày 30/1/2025, Tổng Bí thư Tô Lâm thăm Hà Nội.")
    assert [m for m in found if m[0] == "DATE"] == [("DATE", "30/1/2025", "30/1/2025")]


def test_a_foreign_full_name_listed_among_companies_is_still_a_person():
    text = "Buổi gặp có đại diện Vingroup, Masan và Brandon Kowalczyk."
    assert ("PER", "Brandon Kowalczyk", "Brandon Kowalczyk") in mentions(text)
    assert names(text, "ORG") == ["Vingroup", "Masan"]


# ---------------------------------------------------------------------------
# A short name found again (``Cụ Tư … Tư vẫn …``).


@pytest.mark.parametrize("text, count", [
    ("Cụ Tư sống cùng con cháu ở quê. Năm nay, Tư vẫn tự đi chợ.", 2),
    ("Cụ Tư sống cùng con cháu.\nTư vẫn khỏe.", 2),
    ("Tư vẫn khỏe, cụ Tư nói.", 2),
])
def test_a_cued_short_name_is_found_again_as_the_subject_of_a_verb(text, count):
    assert names(text) == ["Tư"] * count


def test_a_short_name_inside_a_longer_word_is_not_the_person():
    assert names("Cụ Tư sống cùng con cháu. Tưởng vẫn đi làm xa.") == ["Tư"]
