"""The extractor's shortcuts find what the plain reading finds (they exist for speed only)."""

from __future__ import annotations

import random

import pytest

from tui.core.entities.dates import NUMERIC_DATE_RE, _numeric_matches
from tui.core.entities.teams import clubs_named_after_places, is_match_report


@pytest.mark.parametrize("text", [
    "Ngày 30/1/2025 và 2/3 số phiếu",
    "12345-2017-2020",  # a match inside a longer number hides the one after it
    "1.234.567 đồng, ngày 3/4/2017",
    "9999/12/2017-2018",
    "1 / 2 / 2019, 12-34-5678-9999",
    "giai đoạn 2026–2028, lúc 10.30",
    "", "5", "1/", "/2", "2017",
])
def test_numeric_dates_are_the_full_patterns_matches(text):
    assert [m.span() for m in _numeric_matches(text)] == [m.span() for m in NUMERIC_DATE_RE.finditer(text)]


def test_numeric_dates_on_random_digits_and_separators():
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice("0123456789/.-– ax,") for _ in range(rng.randint(0, 40)))
        assert [m.span() for m in _numeric_matches(text)] == [m.span() for m in NUMERIC_DATE_RE.finditer(text)], text


def test_a_match_report_names_its_clubs_only_where_a_word_of_the_game_is_next_to_them():
    from tui.core.entities.mention import Candidate

    text = "Cầu thủ Hà Nội ghi bàn. Hà Nội đánh bại Quảng Nam trên sân nhà."
    assert is_match_report(text)
    names = [Candidate(m, m + len(n), "LOC", n) for n, m in (("Hà Nội", 8), ("Hà Nội", 24), ("Quảng Nam", 40))]
    clubs_named_after_places(names, text, lambda c: True)
    assert [c.kind for c in names] == ["ORG", "ORG", "ORG"]
    quiet = "Hà Nội và Quảng Nam có mưa. Cầu thủ nghỉ, thủ môn đi du lịch."
    names = [Candidate(0, 6, "LOC", "Hà Nội"), Candidate(10, 19, "LOC", "Quảng Nam")]
    clubs_named_after_places(names, quiet, lambda c: True)
    assert [c.kind for c in names] == ["LOC", "LOC"]  # a match report, but nothing played next to them
