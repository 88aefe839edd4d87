"""Where one name ends and the next begins, and what a name is, on sentences written for the
purpose: a party's whole name, a work after the word for its kind, a body and its place before
an official's name, a district's name that is a person's given name, an all-capital photo credit
run into the caption's first name."""

from __future__ import annotations

import pytest

from entity_sentences import mentions, spans


# --- a party's whole name -------------------------------------------------------------------------


@pytest.mark.parametrize("text, party", [
    ("Ông Kishida được Đảng Dân chủ Tự do bầu làm chủ tịch.", "Đảng Dân chủ Tự do"),
    ("Đảng Tự do của Canada giành thêm ghế ở Quốc hội.", "Đảng Tự do"),
    ("Các nghị sĩ Đảng Tự do Dân chủ rời phòng họp.", "Đảng Tự do Dân chủ"),
], ids=["Liberal Democratic", "Liberal", "Free Democratic"])
def test_a_party_named_with_a_two_syllable_word_is_one_organisation(extractor, text, party):
    """``Tự do`` is one word of the name (``do`` alone would be "because"): the party is not cut
    after ``Tự``."""
    assert ("ORG", party) in spans(extractor, text)
    assert not any(kind == "ORG" and name != party and name.startswith("Đảng") for kind, name in spans(extractor, text))


def test_a_party_and_its_acronym_and_country(extractor):
    found = spans(extractor, "Đảng Dân chủ Tự do (LDP) cầm quyền ở Nhật Bản nhiều năm.")
    assert found >= {("ORG", "Đảng Dân chủ Tự do"), ("LOC", "Nhật Bản")}
    assert not {name for kind, name in found if kind == "ORG"} - {"Đảng Dân chủ Tự do", "LDP"}
