"""Where one name ends and the next begins, and what a name is, on sentences written for the
purpose: a party's whole name, a work after the word for its kind, a body and its place before
an official's name, a district's name that is a person's given name, an all-capital photo credit
run into the caption's first name."""

from __future__ import annotations

import pytest

from entity_sentences import mentions, spans

from tui.core.loader import article_from_text
from tui.core.text import clean_text


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


def test_a_party_named_with_hyphens_is_one_organisation(extractor):
    """``Đảng Lao động-Nông dân-Dân chủ Minnesota``: the hyphens join the parts of one party's name."""
    found = spans(extractor, "Bà là thành viên Đảng Lao động-Nông dân-Dân chủ Minnesota từ năm 2010.")
    assert ("ORG", "Đảng Lao động-Nông dân-Dân chủ Minnesota") in found


def test_a_hyphen_after_another_organisation_still_ends_it(extractor):
    found = spans(extractor, "Quan hệ Bộ Ngoại giao-Bộ Quốc phòng được tăng cường.")
    assert ("ORG", "Bộ Ngoại giao-Bộ Quốc phòng") not in found


def test_a_party_and_its_acronym_and_country(extractor):
    found = spans(extractor, "Đảng Dân chủ Tự do (LDP) cầm quyền ở Nhật Bản nhiều năm.")
    assert found >= {("ORG", "Đảng Dân chủ Tự do"), ("LOC", "Nhật Bản")}
    assert not {name for kind, name in found if kind == "ORG"} - {"Đảng Dân chủ Tự do", "LDP"}


# --- a work after the word for its kind --------------------------------------------------------------


@pytest.mark.parametrize("text, people", [
    ("Bộ phim Hai Phượng thu về hơn 200 tỷ đồng.", set()),
    ("Bộ phim Tây Du Ký được chiếu lại mỗi dịp hè.", set()),
    ("Bộ sách Giáo Khoa Mới được in thêm.", set()),
    ("Bộ phim truyền hình Bao Thanh Thiên được chiếu lại.", set()),
    ("Nhạc sĩ Trịnh Công Sơn viết ca khúc Diễm Xưa năm 1960.", {"Trịnh Công Sơn"}),
    ("Cuốn sách Nhà Giả Kim bán chạy nhất năm, theo nhà văn Nguyễn Nhật Ánh.", {"Nguyễn Nhật Ánh"}),
    ("Bài hát Nối Vòng Tay Lớn vang lên trong lễ khai mạc.", set()),
], ids=["film opening a sentence", "film named like a story", "book series", "a genre before the title", "song", "book", "song opening a sentence"])
def test_a_work_after_the_word_for_its_kind_is_neither_an_organisation_nor_a_person(extractor, text, people):
    """``Bộ phim`` is "the film", not a ministry (``Bộ``): a film, a book or a song is not an
    organisation, nor a person; the people named beside it still are."""
    found = spans(extractor, text)
    assert {name for kind, name in found if kind == "PER"} == people
    assert not [name for kind, name in found if kind == "ORG"]


def test_a_ministry_is_still_an_organisation(extractor):
    found = spans(extractor, "Bộ Văn hóa, Thể thao và Du lịch cấp phép cho bộ phim.")
    assert ("ORG", "Bộ Văn hóa, Thể thao và Du lịch") in found


# --- a body and its place before an official's name -----------------------------------------------


@pytest.mark.parametrize("text, body, person", [
    ("Chủ tịch HĐND thành phố Nguyễn Ngọc Tuấn phát biểu khai mạc kỳ họp.", "HĐND thành phố", "Nguyễn Ngọc Tuấn"),
    ("Chủ tịch UBND huyện Trần Văn Bình đã ký quyết định thu hồi đất.", "UBND huyện", "Trần Văn Bình"),
    ("Giám đốc Công an tỉnh Lê Văn Hòa có mặt tại hiện trường.", "Công an tỉnh", "Lê Văn Hòa"),
], ids=["city council", "district committee", "provincial police"])
def test_an_officials_name_after_a_body_and_its_place_word_is_a_person(extractor, text, body, person):
    """The place word of a body (``thành phố``, ``huyện``) names no place when a person's full
    name follows: the body stays bare, as the rules write it alone (``UBND tỉnh``), and the name
    is the official's."""
    found = {(m.type, m.text): m for m in mentions(extractor, text)}
    assert ("PER", person) in found
    assert ("ORG", body) in found
    assert not any(kind == "ORG" and person in text_ for kind, text_ in found)


def test_a_known_place_after_the_place_word_stays_in_the_body(extractor):
    found = spans(extractor, "Phó Chủ tịch UBND thành phố Hà Nội Nguyễn Văn Sửu chỉ đạo, UBND huyện Trần Văn Thời báo cáo.")
    assert found >= {("ORG", "UBND thành phố Hà Nội"), ("PER", "Nguyễn Văn Sửu"), ("ORG", "UBND huyện Trần Văn Thời")}


# --- a district's name that is a person's given name --------------------------------------------


@pytest.mark.parametrize("text, name", [
    ("Văn Lâm đã ra mắt đội bóng mới. Thủ môn Đặng Văn Lâm được khen ngợi sau trận.", "Đặng Văn Lâm"),
    ("Đặng Văn Lâm bắt chính. Sau trận, Văn Lâm cho biết anh rất vui.", "Đặng Văn Lâm"),
    ("Hôm qua, thủ thành Văn Lâm có trận đấu hay. Văn Lâm cứu thua 5 lần.", "Văn Lâm"),
    ("Thủ thành Văn Lâm lại chơi hay. Văn Lâm, tức Đặng Văn Lâm, cứu thua 5 lần.", "Đặng Văn Lâm"),
], ids=["full name later", "full name earlier", "a trade before the name", "a trade and the full name"])
def test_a_given_name_that_is_also_a_district_is_a_person_where_the_article_says_so(extractor, text, name):
    """``Văn Lâm`` is a district of Hưng Yên, and the goalkeeper ``Đặng Văn Lâm``'s usual name:
    his full name in the article, or a trade before the name, makes every bare mention his."""
    found = [(m.type, m.name) for m in mentions(extractor, text) if m.text.endswith("Văn Lâm")]
    assert len(found) == text.count("Văn Lâm")
    assert set(found) == {("PER", name)}


@pytest.mark.parametrize("text, place", [
    ("Du khách đến với hồ Phú Ninh. Hồ Phú Ninh được hình thành từ công trình thủy lợi Phú Ninh.", "Phú Ninh"),
    ("Nghĩa trang liệt sĩ Vị Xuyên nằm cạnh quốc lộ 2.", "Vị Xuyên"),
], ids=["a lake opening a sentence", "a martyrs' cemetery"])
def test_a_district_after_a_lake_or_a_cemetery_stays_a_place(extractor, text, place):
    found = {(m.type, m.text) for m in mentions(extractor, text) if m.text.endswith(place)}
    assert ("PER", place) not in found


def test_the_district_itself_stays_a_place(extractor):
    found = spans(extractor, "Người dân huyện Văn Lâm đón Tết. Văn Lâm có nhiều làng nghề.")
    assert found == {("LOC", "huyện Văn Lâm"), ("LOC", "Văn Lâm")}


def test_a_person_who_shares_a_districts_name_does_not_make_the_district_a_person(extractor):
    found = spans(extractor, "Ông Nguyễn Văn Lâm về thăm huyện Văn Lâm, tỉnh Hưng Yên.")
    assert found >= {("PER", "Nguyễn Văn Lâm"), ("LOC", "huyện Văn Lâm"), ("LOC", "tỉnh Hưng Yên")}


# --- an all-capital photo credit run into the caption ------------------------------------------------


@pytest.mark.parametrize("text, credit, person", [
    ("Ảnh: NGỌC THẮNG Ông Nguyễn Văn Hùng phát biểu tại buổi lễ.", "NGỌC THẮNG", "Nguyễn Văn Hùng"),
    ("ẢNH: THU HÀ Bà Trần Thị Lan nhận quà từ đoàn công tác.", "THU HÀ", "Trần Thị Lan"),
    ("Lực lượng chức năng phong tỏa hiện trường. ẢNH: HOÀNG AN Nguyễn Văn Hùng cho biết sự việc xảy ra lúc 3h.",
     "HOÀNG AN", "Nguyễn Văn Hùng"),
], ids=["honorific after the credit", "credit after upper-case ẢNH", "a name opening the next sentence"])
def test_an_all_capital_photo_credit_ends_where_the_next_name_begins(extractor, text, credit, person):
    found = {(m.type, m.text, m.credit) for m in mentions(extractor, text) if m.type != "DATE"}
    assert ("PER", credit, True) in found
    assert ("PER", person, False) in found


def test_an_agencys_acronym_in_a_photo_credit_is_not_joined_to_the_name_after_it(extractor):
    """``Ảnh: NAG Nguyễn Á, …``: an acronym in capitals is no photographer's name in capitals; the
    names after it stay people (they were typed organisations when ``NAG Nguyễn Á`` was one)."""
    found = spans(extractor, "Ảnh: NAG Nguyễn Á, Minh Chính, Vân Huyền")
    assert found >= {("ORG", "NAG"), ("PER", "Nguyễn Á"), ("PER", "Minh Chính"), ("PER", "Vân Huyền")}


# --- foreign places typed as people ------------------------------------------------------------------


@pytest.mark.parametrize("text, places", [
    ("Texas, Florida và Bắc Carolina là ba bang đông dân.", {"Texas", "Florida", "Bắc Carolina"}),
    ("Quân nhân này sống ở Banyuwangi, Đông Java, cùng vợ con.", {"Banyuwangi", "Đông Java"}),
    ("Bão đổ bộ vào Tây Virginia rồi Nam Carolina.", {"Tây Virginia", "Nam Carolina"}),
], ids=["a state in a list", "a province after a town", "after a verb of motion"])
def test_a_compass_word_and_a_foreign_name_are_a_region_not_a_person(extractor, text, places):
    """``Bắc Carolina`` is North Carolina: a compass word before one foreign word names a region."""
    found = spans(extractor, text)
    assert {name for kind, name in found if kind == "LOC"} >= places
    assert not {name for kind, name in found if kind == "PER"}


def test_a_korean_name_opened_by_nam_is_still_a_person(extractor):
    assert ("PER", "Nam Joo Hyuk") in spans(extractor, "Diễn viên Nam Joo Hyuk đóng phim mới.")


@pytest.mark.parametrize("text, place, person", [
    ("Tư lệnh hải quân Indonesia Yudo Margono cho biết tàu đã chìm.", "Indonesia", "Yudo Margono"),
    ("Phó đô đốc hải quân Pháp Antoine Beaussant nói với phóng viên.", "Pháp", "Antoine Beaussant"),
    ("Người phát ngôn quân đội Nga Igor Konashenkov cho biết.", "Nga", "Igor Konashenkov"),
    ("Ông Lavrov và người đồng cấp Trung Quốc Vương Nghị đã thảo luận.", "Trung Quốc", "Vương Nghị"),
], ids=["Indonesian navy", "French navy", "Russian army", "a Chinese name read in Vietnamese"])
def test_a_country_before_a_foreign_officials_name_is_a_place_not_the_first_name(extractor, text, place, person):
    found = spans(extractor, text)
    assert ("LOC", place) in found
    assert ("PER", person) in found
    assert not any(kind == "PER" and name.startswith(place) for kind, name in found)


@pytest.mark.parametrize("text, expected", [
    ("Các nước Mỹ La Tinh tăng trưởng chậm.", {("LOC", "Mỹ La Tinh")}),
    ("Cầu mong Đức Chúa Trời ban phước cho hai con.", set()),
    ("Chương trình Vì một Việt Nam Thịnh Vượng được phát động.", set()),
    ("Đèn tín hiệu trên QL1 đoạn Bắc TP Hà Tĩnh được lắp lại.", {("LOC", "TP Hà Tĩnh")}),
], ids=["Latin America", "God", "a slogan", "north of a city"])
def test_a_country_before_words_that_name_no_person_is_not_cut_from_them(extractor, text, expected):
    assert spans(extractor, text) == expected


# --- a byline with an initial ----------------------------------------------------------------------


@pytest.mark.parametrize("byline, name", [
    ("M. Hà", "M. Hà"),
    ("T. Minh Anh", "T. Minh Anh"),
    ("Q. Huy - Thu Trang", "Q. Huy"),
], ids=["initial and given name", "initial and two names", "two reporters"])
def test_a_byline_opened_by_an_initial_is_a_credit(extractor, byline, name):
    """``M. Hà`` closing the article signs it, as ``Mai Hà`` would."""
    text = ("Học phí năm tới\n\nCác trường đại học công bố mức học phí mới, nhằm đảm bảo mức thu tương xứng với "
            "chất lượng đào tạo, theo ông Nguyễn Văn Hùng.\n\n" + byline)
    found = {(m.type, m.text, m.credit) for m in extractor.extract(article_from_text(clean_text(text), "a", None))}
    assert ("PER", name, True) in found
    assert ("PER", "Nguyễn Văn Hùng", False) in found


def test_a_byline_glued_to_its_source_line_is_two_credits(extractor):
    text = ("Điện thoại mới\n\nHãng công bố mẫu điện thoại gập mới với màn hình lớn hơn và pin bền hơn, "
            "theo ông Nguyễn Văn Hùng.\n\nT.ThủyTheo The Verge")
    found = {(m.type, m.text, m.credit) for m in extractor.extract(article_from_text(clean_text(text), "a", None))}
    assert {("PER", "T.Thủy", True), ("ORG", "The Verge", True)} <= found
    assert not any("Theo" in text_ for _, text_, _ in found)


@pytest.mark.parametrize("text", [
    "Nông dân lo lắng cho ruộng lúa của mình Anh Nguyễn Văn Hài, nông dân xã Trường Thành, cho biết.",
    "Học sinh đạt giải môn Lịch sử. Ảnh: Mỹ Hà Trong số các đội tham dự có trường chuyên.",
], ids=["Mr, not England, opening a lost sentence", "a photographer named Mỹ Hà"])
def test_a_country_that_is_also_a_pronoun_or_a_photographers_name_is_no_place(extractor, text):
    found = spans(extractor, text)
    assert not {name for kind, name in found if kind == "LOC"} & {"Anh", "Mỹ"}


def test_a_full_name_after_a_capitalised_anh_inside_a_sentence_is_the_person(extractor):
    found = spans(extractor, "Nông dân lo lắng cho ruộng lúa của mình Anh Nguyễn Văn Hài, nông dân xã Trường Thành, cho biết.")
    assert ("PER", "Nguyễn Văn Hài") in found


# --- a district named like a person, typed as one ---------------------------------------------------


@pytest.mark.parametrize("text", [
    "Đã có 359 trường hợp F1 tại các huyện, thành phố: Lý Nhân 337, Bình Lục 15, Thanh Liêm 7.",
    "Bệnh nhân đi ăn liên hoan tại thị trấn Vĩnh Trụ, Lý Nhân, Hà Nam.",
    "Bệnh nhân đi ăn liên hoan tại quán ăn ở Lý Nhân, Hà Nam.",
], ids=["a list of districts with counts", "an address", "after 'ở'"])
def test_a_district_whose_name_opens_with_a_family_name_is_a_place_among_places(extractor, text):
    """``Lý Nhân`` (Hà Nam) reads as a person's name alone; beside other places, after a
    preposition of place or before its province, it is the district."""
    found = spans(extractor, text)
    assert ("LOC", "Lý Nhân") in found
    assert ("PER", "Lý Nhân") not in found


def test_a_person_named_like_a_district_is_still_a_person(extractor):
    found = spans(extractor, "Ông Lý Nhân, Hà Nam, cho biết gia đình ông đã nhận hỗ trợ. Lý Nhân nói thêm rằng …")
    assert ("PER", "Lý Nhân") in found
    assert ("LOC", "Lý Nhân") not in found


# --- a street named after a person, in an address ------------------------------------------------


@pytest.mark.parametrize("text, street", [
    ("Cửa hàng tại số 12 Nguyễn Chí Thanh, phường Láng Thượng, quận Đống Đa.", "Nguyễn Chí Thanh"),
    ("Địa chỉ: 45 Lê Lợi, Quận 1, TP.HCM.", "Lê Lợi"),
    ("Văn phòng đặt tại 102/7 Trần Hưng Đạo, phường 5, quận 5.", "Trần Hưng Đạo"),
], ids=["house number and ward", "number and numbered district", "alley number"])
def test_a_name_after_a_house_number_and_before_a_ward_is_a_street(extractor, text, street):
    found = spans(extractor, text)
    assert ("LOC", street) in found
    assert ("PER", street) not in found


def test_a_person_after_a_year_is_still_a_person(extractor):
    found = spans(extractor, "Tốt nghiệp năm 2015 Nguyễn Văn Hùng, quê ở quận Đống Đa, về làm việc tại Hà Nội.")
    assert ("PER", "Nguyễn Văn Hùng") in found


# --- a player's two-syllable name that is also a district, by the article's other evidence -------


@pytest.mark.parametrize("text, name", [
    ("Đội hình xuất phát có Công Phượng, Xuân Trường, Văn Toàn và Hồng Duy. Xuân Trường đá cặp với Minh Vương.", "Xuân Trường"),
    ("Xuân Trường, Tuấn Anh, Quang Hải và Văn Đức được gọi lên tuyển. Tuấn Anh vào thay Xuân Trường ở phút 70.", "Xuân Trường"),
    ("Xuân Trường (trái) mừng bàn thắng. Cú sút xa của Xuân Trường đi vào góc chữ A.", "Xuân Trường"),
    ("Tiền vệ Xuân Trường đã trở lại. Sau trận, Xuân Trường cho biết anh rất vui.", "Xuân Trường"),
    ("Xuân Trường ghi bàn ở phút 34. Đội trưởng Lương Xuân Trường được khen ngợi.", "Lương Xuân Trường"),
], ids=["a list of players", "a list of players opened by the name", "a caption's person", "a trade before the name",
        "the full name"])
def test_a_players_name_that_is_also_a_district_is_a_person_in_every_mention(extractor, text, name):
    """``Xuân Trường`` is a district of Nam Định and the midfielder ``Lương Xuân Trường``'s usual
    name: named in a list of other people, as a caption's subject, after a trade, or in full
    somewhere in the article, every bare mention of him is the person."""
    found = [(m.type, m.name) for m in mentions(extractor, text) if m.text.endswith("Xuân Trường")]
    assert len(found) == text.count("Xuân Trường")
    assert set(found) == {("PER", name)}


def test_a_name_listed_after_a_district_that_is_a_player_is_a_person_too(extractor):
    found = spans(extractor, "Bầu Đức thưởng nóng Công Phượng, Xuân Trường, Tuấn Anh và các đồng đội.")
    assert {("PER", "Xuân Trường"), ("PER", "Tuấn Anh")} <= found
    assert not any(kind == "LOC" and name in ("Xuân Trường", "Tuấn Anh") for kind, name in found)


@pytest.mark.parametrize("text", [
    "Mưa lớn ở Nam Định, Xuân Trường, Giao Thủy và Hải Hậu ngập sâu. Xuân Trường có nhiều nhà thờ.",
    "Ông Nguyễn Văn Hải, Xuân Trường, Nam Định cho biết lúa đã chín. Xuân Trường được mùa.",
    "Anh Nguyễn Văn An, Trần Văn Bình (Xuân Trường, Nam Định) cùng ra đồng. Xuân Trường được mùa.",
    "Người dân huyện Xuân Trường đón Tết. Công Phượng và Văn Toàn về thăm Xuân Trường.",
    "Sáng nay, các tuyến đường như Xuân Trường, Nguyễn Lương Bằng, Huỳnh Thúc Kháng ùn tắc. Xuân Trường thông xe lúc 9h.",
], ids=["a list of places", "a person's address", "two people's address", "the district and players", "streets named after people"])
def test_the_district_stays_a_place_beside_people(extractor, text):
    found = [m.type for m in mentions(extractor, text) if m.text.endswith("Xuân Trường")]
    assert found and set(found) == {"LOC"}
