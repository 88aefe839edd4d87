"""Names settled within an article (``tui/core/entities/merging.py``): which mentions are one
person, which short names are found again, and what type a name takes.  Each test is a
sentence or two written for it and asserts what the article's entity sidebar would list."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
    ("Cụ Tư được đưa đi cấp cứu. Sáng nay, Tư đã tỉnh lại.", 2),  # the article opens with the name
])
def test_a_cued_short_name_is_found_again_as_the_subject_of_a_verb(text, count):
    assert names(text) == ["Tư"] * count


def test_a_short_name_inside_a_longer_word_is_not_the_person():
    assert names("Cụ Tư sống cùng con cháu. Tưởng vẫn đi làm xa.") == ["Tư"]


def test_a_short_name_listed_after_another_person_is_found_again():
    assert names("Cụ Tư năm nay 102 tuổi. Hai cụ Lan và Tư đều khỏe.") == ["Tư", "Lan", "Tư"]


def test_a_short_name_after_a_two_word_person_word_is_found_again():
    assert names("Bệnh nhân Tư được đưa đi cấp cứu. Sáng nay, Tư đã tỉnh lại.") == ["Tư", "Tư"]


def test_a_short_name_inside_an_organisation_s_name_is_not_the_person():
    text = "Ủy ban xã Tư vẫn chưa trả lời. Cụ Tư năm nay 90 tuổi."
    assert mentions(text) == [("ORG", "Ủy ban xã Tư", "Ủy ban xã Tư"), ("PER", "Tư", "Tư")]


def test_a_place_after_a_title_does_not_stop_the_article_s_short_names_being_found():
    text = "Chủ tịch Hà Nội phát biểu. Cụ Tư năm nay 102 tuổi. Hỏi bí quyết, Tư vẫn cười."
    assert names(text) == ["Tư", "Tư"]


@pytest.mark.parametrize("text", [
    "Thầy Thắng dạy toán. Trường ĐH Tôn Đức Thắng đã tuyển sinh.",
    "Anh Thắng là sinh viên. Đại học Tôn Đức Thắng vẫn mở cửa.",
])
def test_the_last_word_of_a_name_written_after_capitalised_words_is_not_the_person_again(text):
    """A school named after someone (``Tôn Đức Thắng``) ends in the given name of the
    article's ``Thắng``: its last word is part of that name, not the teacher found again,
    even where the scanner did not take the whole name in."""
    assert names(text) == ["Thắng"]


def test_the_people_of_a_place_do_not_make_the_place_a_person():
    """``Người dân Thạch Thất``: the place's inhabitants, not someone called Thạch Thất,
    so the district named next is a place."""
    text = "Người dân Thạch Thất rất vui. Huyện Thạch Thất có nhiều trường."
    assert names(text) == []
    assert ("LOC", "Huyện Thạch Thất", "Thạch Thất") in mentions(text)


@pytest.mark.parametrize("place", ["Thạch Thất", "Lý Nhân"])
def test_a_person_named_like_a_small_place_is_that_person_again_without_a_cue(place):
    text = f"Năm nay, anh {place} 25 tuổi. {place} cười khi được hỏi."
    assert mentions(text) == [("PER", place, place)] * 2


# ---------------------------------------------------------------------------
# Short forms: who a name alone is.


def test_a_foreign_given_name_alone_is_the_person_named_in_full():
    text = "HLV Kiatisuk Senamuang dẫn dắt đội bóng. Kiatisuk cho biết đội đã sẵn sàng."
    assert names(text) == ["Kiatisuk Senamuang"] * 2
    text = "HLV Alexander Lang đến Hà Nội. Alexander khẳng định đội sẽ thắng."
    assert names(text) == ["Alexander Lang"] * 2


@pytest.mark.parametrize("text, full", [
    ("Ông Chung Mong-joon đến Hà Nội. Theo ông Chung, chuyến thăm rất vui.", "Chung Mong-joon"),
    # a short family name that is also a Vietnamese syllable (chơi), before non-Vietnamese words
    ("Ông Choi Jong Kun đến Hà Nội. Choi đã gặp Tổng Bí thư.", "Choi Jong Kun"),
])
def test_a_korean_family_name_alone_is_the_person_named_in_full(text, full):
    assert names(text) == [full] * 2


@pytest.mark.parametrize("text, short", [
    ("Ông Lâm Văn Tùng bán nhà cho anh Lâm.", "Lâm"),
    ("Ông Hoàng Văn Nam, giám đốc công ty, và anh Hoàng, nhân viên, cùng đến.", "Hoàng"),
])
def test_a_vietnamese_family_name_alone_is_someone_else(text, short):
    assert names(text)[-1] == short


def test_a_given_name_alone_is_the_person_named_in_full_even_when_named_twice():
    text = ("Ông Nguyễn Văn Hùng là giám đốc. Theo Nguyễn Văn Hùng, năm nay công ty có lãi. "
            "Hùng nói thêm rằng sẽ tuyển người.")
    assert names(text) == ["Nguyễn Văn Hùng"] * 3


def test_a_given_name_two_people_share_is_neither_of_them():
    text = "Ông Nguyễn Văn Hùng và ông Trần Mạnh Hùng cùng dự họp. Hùng nói cuộc họp kéo dài."
    assert names(text) == ["Nguyễn Văn Hùng", "Trần Mạnh Hùng", "Hùng"]


def test_a_name_cut_before_a_lower_case_word_at_the_end_of_the_text_is_completed():
    text = "Phạm Minh Chính dự hội nghị. Người phát biểu là ông Phạm Minh chính"
    assert mentions(text)[-1] == ("PER", "Phạm Minh chính", "Phạm Minh Chính")


# ---------------------------------------------------------------------------
# Types: a name listed beside typed ones, case variants.


@pytest.mark.parametrize("joined", [" và ", ", ", " hoặc ", " hay "])
def test_an_unknown_name_after_a_company_takes_its_type(joined):
    assert mentions(f"Vingroup{joined}Zentrix ký hợp đồng hợp tác.") == [
        ("ORG", "Vingroup", "Vingroup"), ("ORG", "Zentrix", "Zentrix")]


def test_an_unknown_name_further_from_a_company_than_a_list_s_word_keeps_no_type():
    assert mentions("Vingroup ký với Zentrix hợp đồng hợp tác.") == [("ORG", "Vingroup", "Vingroup")]


def test_types_carry_along_a_list_from_either_end():
    text = "Đối tác gồm Vingroup, Zentrix và Masan. Nhà tài trợ là Korvano, Belmix và Vinamilk."
    assert names(text, "ORG") == ["Vingroup", "Zentrix", "Masan", "Korvano", "Belmix", "Vinamilk"]


def test_a_name_of_no_known_type_does_not_hide_the_names_after_it():
    assert names("Zentrix ra mắt sản phẩm mới. Ông Nguyễn Văn Hùng cho biết sản phẩm bán chạy.") == [
        "Nguyễn Văn Hùng"]


@pytest.mark.parametrize("text", [
    "Xe tải BelAZ được sản xuất tại Belarus. Hãng BELAZ cho biết sẽ mở rộng.",
    "Hãng BELAZ cho biết sẽ mở rộng. Xe tải BelAZ được sản xuất tại Belarus.",
    "Xe tải BelAZ rất lớn. Hãng Belaz cho biết sẽ mở rộng.",
])
def test_case_variants_are_one_name_written_as_first_written_not_in_capitals(text):
    assert names(text, "ORG") == ["BelAZ", "BelAZ"]


def test_a_foreign_name_with_particles_and_no_other_evidence_is_a_person():
    """``von der`` are lower-case words inside the name, not a sign that it is none."""
    found = mentions("Theo Ursula von der Leyen, châu Âu cần đoàn kết.")
    assert found[0] == ("PER", "Ursula von der Leyen", "Ursula von der Leyen")


def test_a_name_listed_beside_a_date_does_not_become_a_date():
    assert mentions("Ra mắt Zentrix, 30/1/2025.") == [("DATE", "30/1/2025", "30/1/2025")]


@pytest.mark.parametrize("text, kind, name", [
    ("Công ty Lê Bảo Minh công bố lãi. Lê Bảo Minh bán 10.000 xe.", "ORG", "Lê Bảo Minh"),
    ("Quận Hoàng Mai có mưa lớn. Hoàng Mai ngập nặng.", "LOC", "Hoàng Mai"),
])
def test_a_name_shaped_like_a_person_s_is_what_the_article_calls_it_elsewhere(text, kind, name):
    assert [(k, n) for k, _, n in mentions(text)] == [(kind, name)] * 2


@pytest.mark.parametrize("text", [
    "Cụ Tư sống ở Hà Nội.\nTư vẫn minh mẫn.",
    "Cụ Tư sống ở Hà Nội. Tư vẫn minh mẫn.",  # a sentence ending on a name: Tư opens the next
    "Cụ Tư quê ở Hà Nội! Tư vẫn minh mẫn.",
    "Cụ Tư có về Hà Nội? Tư vẫn ở quê.",
    "Cụ Tư nhớ Hà Nội… Tư vẫn kể về phố cũ.",
    "Cụ Tư từng sống ở Mỹ. Tư vẫn nhớ quê.",  # a name of two letters ends the sentence too
])
def test_a_short_name_opening_a_sentence_after_a_place_is_found_again(text):
    assert names(text) == ["Tư", "Tư"]


def test_a_short_name_after_an_initial_is_part_of_the_name_not_the_person_again():
    """``Cụ Tư … ông T. Tư`` is someone named with an initial, not the cued Tư found again."""
    assert "Tư" not in names("Cụ Tư năm nay 90 tuổi. Ông H. Tư vẫn đi làm.")[1:]


@pytest.mark.parametrize("text", [
    "Ông Nguyễn Văn Hùng phát biểu. Bức thư ký tên NGUYỄN VĂN HÙNG.",
    "Bức thư ký tên NGUYỄN VĂN HÙNG. Ông Nguyễn Văn Hùng phát biểu sau đó.",
])
def test_a_full_name_in_capitals_is_the_same_person_written_normally(text):
    assert names(text) == ["Nguyễn Văn Hùng"] * 2


@pytest.mark.parametrize("text, expected", [
    ("Tiền đạo Nguyễn Văn Toàn ghi bàn ở phút 80. Sau trận, Văn Toàn nói anh rất vui.",
     ["Nguyễn Văn Toàn", "Nguyễn Văn Toàn"]),
    ("Ca sĩ Nguyễn Thị Vân Anh ra mắt album mới. Vân Anh cho biết cô đã chuẩn bị hai năm.",
     ["Nguyễn Thị Vân Anh", "Nguyễn Thị Vân Anh"]),
    ("Anh Nguyễn Văn Toàn và anh Trần Văn Toàn cùng đến. Văn Toàn nói trước.",
     ["Nguyễn Văn Toàn", "Trần Văn Toàn", "Văn Toàn"]),
], ids=["a footballer", "a singer, four words", "two people share it"])
def test_the_last_two_words_of_a_vietnamese_name_are_the_person_named_in_full(text, expected):
    """Vietnamese news calls people by the last two words of their name once named in full
    (Văn Toàn, Công Phượng): the sidebar lists them once, unless two people share those words."""
    assert names(text) == expected


@pytest.mark.parametrize("text", [
    "Tiền đạo này rời CLB Dynamo Kervansk hồi tháng 5. Dynamo Kervansk nhận 2 triệu euro.",
    "Dynamo Kervansk nhận 2 triệu euro. Tiền đạo này rời CLB Dynamo Kervansk hồi tháng 5.",
    "Tập đoàn Morvik Steel mua lại mỏ quặng. Năm ngoái, Morvik Steel báo lãi lớn.",
], ids=["club first", "club named bare first", "a company"])
def test_a_foreign_name_said_alone_is_the_organisation_the_article_names_with_its_head(text):
    """``CLB Dynamo Kervansk`` … ``Dynamo Kervansk``: the bare name is the club, not a person,
    and the sidebar lists it once."""
    found = [m for m in mentions(text) if m[0] != "DATE"]
    assert {k for k, _, _ in found} == {"ORG"} and len(found) == 2
    assert len({n for _, _, n in found}) == 1


def test_a_foreign_name_said_alone_is_the_organisation_the_article_names_after_a_lower_case_head():
    assert names("Anh từng chơi cho câu lạc bộ Dynamo Kervansk. Dynamo Kervansk đứng thứ 5.", "ORG") == [
        "Dynamo Kervansk", "Dynamo Kervansk"]


@pytest.mark.parametrize("text", [
    "CLB Dynamo Kervansk chiêu mộ Marek Holub. Marek Holub ký hợp đồng hai năm.",
    "Ông Marek Holub làm việc cho Công ty cổ phần Kervansk. Marek Holub nói vậy.",
])
def test_a_foreign_person_beside_an_organisation_stays_a_person(text):
    assert names(text) == ["Marek Holub", "Marek Holub"]


def test_foreign_names_of_property_firms_and_brothers_firms_are_organisations():
    assert names("Cổ phiếu của Korvex Properties và Salvik Brothers cùng tăng.", "ORG") == [
        "Korvex Properties", "Salvik Brothers"]


_CUE_TEST_WORDS = ["ông", "Ông", "anh", "bà", "người", "công dân", "dân", "tiền vệ", "bác sĩ", "bệnh nhân", "hùng", "tại", "ở",
                   "tỉnh", "thành phố", "huyện", "khu công nghiệp", "cửa khẩu", "thủ đô", "phía bắc", "liệt sĩ", "Hà", "Nội",
                   "Văn", "Lâm", "và", ",", "\n", "  ", "đã"]


@pytest.fixture(scope="module")
def shipped_gazetteer():
    from tui.core.entities.gazetteer import load_gazetteer

    return load_gazetteer()


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_CUE_TEST_WORDS), max_size=14), st.data())
def test_the_cues_before_a_name_read_as_made_are_what_all_the_phrases_before_it_give(shipped_gazetteer, words, data):
    """A person's or a place's cue is asked of each phrase before a name as soon as it is made
    (the longer ones are not cut when the word right before is one): the answer is that of the
    phrases made first (``_phrases_before``) at every place of the text."""
    from tui.core.entities.merging import _NATIONALITY_CUES, _person_cue_before, _phrases_before, _place_cue_before

    gaz = shipped_gazetteer
    assert _person_cue_before("ông Hải", 4, gaz, gaz.person_cues) and not _person_cue_before("người Hải", 6, gaz, gaz.person_cues)
    assert _place_cue_before("tại Hà Nội", 4, gaz) and _place_cue_before("thành phố Hà Nội", 10, gaz)
    assert not _place_cue_before("anh Hà", 4, gaz)
    text = " ".join(words) + " Hải"
    start = data.draw(st.sampled_from([0, len(text), *(i + 1 for i, ch in enumerate(text) if ch == " ")]))  # (a word's start)
    phrases = _phrases_before(text, start, gaz)
    cues = gaz.person_cues | _NATIONALITY_CUES  # (a person cue that is a nationality's is not one here)
    assert _person_cue_before(text, start, gaz, cues) == any(p in cues and p not in _NATIONALITY_CUES for p in phrases)
    assert _place_cue_before(text, start, gaz) == any(p in gaz.loc_cues or p in gaz.loc_span_cues for p in phrases)
