"""Diacritic folding: every Vietnamese vowel with every tone, đ, and NFD input, offsets 1:1."""

from __future__ import annotations

import unicodedata

import pytest

from tui.core.loader import article_from_text
from tui.core.search import SearchIndex, find_matches
from tui.core.text import clean_text, fold, fold_char

#: Base vowels with the combining marks that make them (breve, circumflex, horn).
VOWELS = {
    "a": "a", "ă": "a\u0306", "â": "a\u0302", "e": "e", "ê": "e\u0302", "i": "i",
    "o": "o", "ô": "o\u0302", "ơ": "o\u031b", "u": "u", "ư": "u\u031b", "y": "y",
}
#: No tone, huyền, sắc, hỏi, ngã, nặng.
TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]


@pytest.mark.parametrize("vowel", list(VOWELS), ids=lambda v: unicodedata.name(v).lower().replace("latin small letter ", ""))
def test_every_tone_of_a_vowel_folds_to_its_bare_letter(vowel):
    """The six tones of ``vowel``, lower and upper case: one precomposed NFC character each,
    folded to the bare Latin letter by ``fold`` and ``fold_char`` alike."""
    decomposed = VOWELS[vowel]
    for tone in TONES:
        for case in (str.lower, str.upper):
            char = unicodedata.normalize("NFC", case(decomposed + tone))
            assert len(char) == 1, f"no precomposed form for {char!r}"
            assert (fold(char), fold_char(char)) == (decomposed[0],) * 2, char


def test_d_with_stroke_folds_to_d():
    assert fold("Đông Nam Á đã") == "dong nam a da"
    assert fold_char("đ") == fold_char("Đ") == "d"


def test_fold_keeps_length_and_non_letters():
    text = "Đại hội Đảng lần thứ XIII, năm 2021: “Tô Lâm” – 100%!"
    folded = fold(text)
    assert len(folded) == len(text)
    assert folded == "dai hoi dang lan thu xiii, nam 2021: “to lam” – 100%!"


def test_nfd_text_is_cleaned_to_nfc_then_folds_one_to_one():
    nfd = unicodedata.normalize("NFD", "Nguyễn Phú Trọng và Tô Lâm")
    cleaned = clean_text(nfd)
    assert cleaned == "Nguyễn Phú Trọng và Tô Lâm"
    folded = fold(cleaned)
    assert len(folded) == len(cleaned)
    start = folded.index("to lam")
    assert cleaned[start : start + len("to lam")] == "Tô Lâm"


def test_search_in_nfd_article_highlights_the_original_characters():
    body = unicodedata.normalize("NFD", "Tin mới\n\nĐồng chí Tô Lâm đã phát biểu tại hội nghị ở Hà Nội.")
    article = article_from_text(clean_text(body), "nfd", None)
    index = SearchIndex.build([article])
    for query in ("to lam", "Tô Lâm", unicodedata.normalize("NFD", "Tô Lâm")):
        hit = index.search(query).hits[0]
        assert [article.text[s.start : s.end] for s in hit.spans if s.field == "body"] == ["Tô Lâm"]
    assert [article.text[s.start : s.end] for s in find_matches(article, "dong chi")] == ["Đồng chí"]


def test_the_written_out_fold_table_is_the_one_unicodedata_gives():
    """The fold table is read from tui/core/_fold_table.py (built at each start it delayed the
    first frame): it must be, entry for entry and in order, the one this Python's Unicode data
    gives (else ``python -m tui.core._fold_table`` writes it again)."""
    from tui.core import text

    assert list(text._FOLD_TABLE.items()) == list(text._build_fold_table().items())
