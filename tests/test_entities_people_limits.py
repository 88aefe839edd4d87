"""Where a person's name starts and what is no person at all, on sentences written for the
purpose (a new user's trial on the real corpora, session 9): an acronym before a name, a
party's name after a title."""

from __future__ import annotations

import pytest

from entity_sentences import mentions, spans


def people(extractor, text: str) -> dict[str, str | None]:
    """The people of ``text``: their span's text → the role before them."""
    return {m.text: m.role for m in mentions(extractor, text) if m.type == "PER"}


# --- an acronym glued before a name -----------------------------------------------------------


@pytest.mark.parametrize("text, person, role, body", [
    ("Bộ trưởng GTVT Lê Đình Thọ cho biết tuyến đường sẽ thông xe cuối năm.", "Lê Đình Thọ", "Bộ trưởng GTVT", None),
    ("Phó Chủ tịch MTTQ Trương Thị Ngọc Ánh đến thăm bà con vùng lũ.", "Trương Thị Ngọc Ánh", "Phó Chủ tịch MTTQ", None),
    ("Tổng giám đốc PVOIL Trần Ngọc Hà ký kết hợp đồng mới.", "Trần Ngọc Hà", "Tổng giám đốc PVOIL", "PVOIL"),
    ("Chủ tịch FIGC Carlo Tavecchio đã từ chức sau trận thua.", "Carlo Tavecchio", "Chủ tịch FIGC", "FIGC"),
    ("Giám đốc IHME Ali Mokdad cảnh báo số ca mắc sẽ tăng.", "Ali Mokdad", "Giám đốc IHME", "IHME"),
], ids=["a ministry's generic acronym", "a front's generic acronym", "a company", "a federation", "an institute"])
def test_an_acronym_between_a_title_and_a_name_is_the_title_s_body_not_the_person(extractor, text, person, role, body):
    """``Bộ trưởng GTVT Nguyễn Văn Thể`` made a person ``GTVT Nguyễn Văn Thể``: the acronym is the
    body the title is held in (an organisation of its own unless it is a common noun's
    abbreviation), the person starts after it and keeps the title."""
    assert people(extractor, text) == {person: role}
    organisations = {text for kind, text in spans(extractor, text) if kind == "ORG"}
    assert organisations == ({body} if body else set())


@pytest.mark.parametrize("text, expected", [
    ("Sáng nay, PTT Trịnh Đình Dũng đã chủ trì cuộc họp.", {("PER", "Trịnh Đình Dũng")}),
    ("Bệnh nhân được chuyển lên BV Bạch Mai để điều trị.", {("ORG", "BV Bạch Mai")}),
    ("Theo KTS Hoàng Thúc Hào, ngôi nhà cần nhiều ánh sáng.", {("PER", "Hoàng Thúc Hào")}),
    ("ĐB Nguyễn Thị Xuân (Đắk Lắk) phát biểu tại hội trường.", {("PER", "Nguyễn Thị Xuân"), ("LOC", "Đắk Lắk")}),
], ids=["a deputy prime minister", "a hospital", "an architect", "a deputy"])
def test_an_acronym_opening_a_run_is_never_the_first_word_of_a_person(extractor, text, expected):
    """Without a title before it, the acronym is a title of its own (``PTT``, ``KTS``, ``ĐB``) or
    the head of an organisation's name (``BV`` for ``Bệnh viện``)."""
    assert spans(extractor, text) == expected


def test_an_acronym_alone_after_a_title_is_the_body_not_a_person(extractor):
    text = "Giám đốc ADCC khẳng định không thể mở rộng đường băng, Chủ tịch HĐQT nói thêm."
    assert spans(extractor, text) == {("ORG", "ADCC")}


def test_an_acronym_before_a_product_or_a_show_does_not_make_it_a_person(extractor):
    found = spans(extractor, "Mẫu SUV Land Cruiser giảm giá, còn quán quân VN Idol Kids được mời biểu diễn.")
    assert not {text for kind, text in found if kind == "PER"}


# --- parties after a title --------------------------------------------------------------------


@pytest.mark.parametrize("text, party, person", [
    ("Có 50 Nghị sĩ Đảng Cộng hòa ủng hộ dự luật.", "Đảng Cộng hòa", None),
    ("Ông là Ủy viên Bộ Chính trị Đảng Cộng sản Cuba từ năm 2011.", "Đảng Cộng sản Cuba", None),
    ("Thượng nghị sĩ Đảng Lao động Penny Wong phản đối.", "Đảng Lao động", "Penny Wong"),
    ("Hạ nghị sĩ Đảng Dân chủ Nancy Pelosi lên tiếng.", "Đảng Dân chủ", "Nancy Pelosi"),
], ids=["Republicans", "a communist party", "Labor, then a person", "Democrats, then a person"])
def test_a_party_after_a_title_is_an_organisation_never_a_person(extractor, text, party, person):
    """``Nghị sĩ Đảng Cộng hòa`` made a person ``Đảng Cộng``: the party's head (``Đảng``, known
    alone as the Communist Party) was read as a given name after the title."""
    found = spans(extractor, text)
    assert ("ORG", party) in found
    assert {text for kind, text in found if kind == "PER"} == ({person} if person else set())


# --- common words and nicknames read as people ------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("Cầu thủ Real ăn mừng, HLV của Real hài lòng, còn Real Betis thua.",
     {("ORG", "Real"), ("ORG", "Real Betis")}),
    ("Một ông Tây chặn xe trên vỉa hè, nhiều khách Tây ủng hộ, các nước phương Tây lên tiếng.", set()),
    ("Anh đã gọi vốn thành công trên Shark Tank mùa 4.", set()),
], ids=["a club said short", "a word for Westerners", "a TV show"])
def test_common_words_and_works_are_no_people(extractor, text, expected):
    """``Real`` (Real Madrid said short) was a person with the roles ``Cầu thủ`` and ``HLV``;
    ``Tây`` after ``ông`` or ``khách`` is a Westerner; ``Shark Tank`` is a show."""
    assert spans(extractor, text) == expected


def test_a_nickname_is_the_person_it_names(extractor):
    found = {(m.text, m.name) for m in mentions(extractor, "Kiatisuk nói rằng \"Zico Thái\" chưa từng bỏ cuộc.")
             if m.type == "PER"}
    assert found == {("Kiatisuk", "Kiatisuk Senamuang"), ("Zico Thái", "Kiatisuk Senamuang")}


@pytest.mark.parametrize("text, expected", [
    ("Los Blancos thắng ngay trên sân Camp Nou.", {("ORG", "Los Blancos"), ("LOC", "sân Camp Nou")}),
    ("Old Trafford chật kín khán giả trong trận MU gặp Chelsea.",
     {("LOC", "Old Trafford"), ("ORG", "MU"), ("ORG", "Chelsea")}),
    ("Hãng Louis Vuitton mở cửa hàng ở Hollywood và San Diego.",
     {("ORG", "Louis Vuitton"), ("LOC", "Hollywood"), ("LOC", "San Diego")}),
    ("Khán giả xem lại Tây Du Ký và tập Thái Cực Quyền mỗi sáng.", set()),
], ids=["a club's nickname, a stadium", "a stadium said alone", "a fashion house, places", "a work, a martial art"])
def test_two_capitalised_foreign_words_are_not_a_person_where_the_lists_know_them(extractor, text, expected):
    """Two capitalised foreign words read as a person (``Old Trafford``, ``Los Blancos``,
    ``Louis Vuitton``, ``Hollywood``) where the gazetteers and the never-list did not say
    what they are."""
    assert spans(extractor, text) == expected
