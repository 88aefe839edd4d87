"""The error categories of issue 13, each on sentences written for the purpose: acronyms,
products, places after administrative cues, short names, document-level evidence, safe merging."""

from __future__ import annotations

import pytest

from entity_sentences import mentions, spans

from tui.core.entities import EntityIndex
from tui.core.loader import article_from_text
from tui.core.text import clean_text


# --- acronyms ---------------------------------------------------------------------------------


def test_medals_generic_bodies_and_events_are_not_organisations(extractor):
    found = spans(extractor, "Đội giành 3 HCV, 2 HCB và 1 HCĐ tại SEA Games, còn VKS truy tố, HĐXX tuyên án và cán bộ CSGT có mặt.")
    assert found == set()


def test_country_abbreviations_are_places(extractor):
    found = {(m.type, m.text, m.name) for m in mentions(extractor, "Kim ngạch thương mại VN - TQ và HQ tăng mạnh.")}
    assert found >= {("LOC", "TQ", "Trung Quốc"), ("LOC", "HQ", "Hàn Quốc")}


def test_known_acronyms_are_organisations(extractor):
    found = spans(extractor, "Đại diện WHO, ASEAN, VFF và EVN dự họp, UBND tỉnh Quảng Nam chủ trì.")
    assert found >= {("ORG", "WHO"), ("ORG", "ASEAN"), ("ORG", "VFF"), ("ORG", "EVN"), ("ORG", "UBND tỉnh Quảng Nam")}


# --- person vs thing --------------------------------------------------------------------------


def test_products_are_not_people_but_a_foreign_name_still_is(extractor):
    found = spans(extractor, "Samsung ra mắt Galaxy Fold và Xiaomi Mi 11, trong khi tay đua Lewis Hamilton về nhất.")
    assert not {text for kind, text in found if kind == "PER"} - {"Lewis Hamilton"}
    assert ("PER", "Lewis Hamilton") in found


@pytest.mark.parametrize("text, expected", [
    ("Đường Tôn Đức Thắng bị ngập sâu sau mưa lớn.", {("LOC", "Đường Tôn Đức Thắng")}),
    ("Vụ tai nạn xảy ra trên Đường Tôn Đức Thắng, quận Đống Đa.", {("LOC", "Đường Tôn Đức Thắng"), ("LOC", "quận Đống Đa")}),
    ("Ga Đồng Hới đông khách dịp Tết.", {("LOC", "Ga Đồng Hới")}),
    ("Tàu SE1 dừng ở ga Vinh rồi vào Ga Đồng Hới.", {("LOC", "ga Vinh"), ("LOC", "Ga Đồng Hới")}),
    ("Ông Đường Văn Nam cho biết, cô Châu Kiều Oanh cũng đồng ý.", {("PER", "Đường Văn Nam"), ("PER", "Châu Kiều Oanh")}),
    ("Anh mua xe ga Honda Vision rồi nhấn ga Toyota.", {("ORG", "Honda"), ("ORG", "Toyota")}),
], ids=["a street opening a sentence", "a street after a preposition", "a station", "a station in lower case",
        "people named Đường and Châu", "an accelerator is no station"])
def test_a_street_or_a_station_named_after_a_person_or_a_city_is_a_place(extractor, text, expected):
    """A place head before a person's full name makes a place (``Đường Tôn Đức Thắng``), even
    where the head is also a family name; a station is not the city it is named after."""
    assert spans(extractor, text) == expected


def test_a_station_is_not_merged_into_its_city(extractor):
    found = {(m.text, m.name) for m in mentions(extractor, "Từ ga Hà Nội, tàu chạy vào TP Hồ Chí Minh.") if m.type == "LOC"}
    assert ("ga Hà Nội", "Ga Hà Nội") in found


# --- short names after a kinship cue ----------------------------------------------------------


def test_a_given_name_after_a_kinship_word_is_a_person_even_when_it_is_also_a_place(extractor):
    found = spans(extractor, "Ông Hùng cho biết, chị Lan, anh Đức và chị Thanh Xuân đã về nhà ở Hoàng Mai.")
    assert found >= {("PER", "Hùng"), ("PER", "Lan"), ("PER", "Đức"), ("PER", "Thanh Xuân")}
    assert ("LOC", "Hoàng Mai") in found


# --- places not in the gazetteer, administrative list --------------------------------------


def test_districts_of_vietnam_are_places_with_or_without_their_cue(extractor):
    found = spans(extractor, "Người dân huyện Mỹ Đức và huyện Lý Nhân đã nhận hỗ trợ, còn ở Phổ Yên thì chưa.")
    assert found == {("LOC", "huyện Mỹ Đức"), ("LOC", "huyện Lý Nhân"), ("LOC", "Phổ Yên")}


def test_streets_and_schools_named_after_people_are_not_people(extractor):
    found = spans(extractor, "Cửa hàng trên đường Nguyễn Trãi, gần phố Lý Thường Kiệt và Trường THPT Lê Quý Đôn.")
    assert found == {("LOC", "đường Nguyễn Trãi"), ("LOC", "phố Lý Thường Kiệt"), ("ORG", "Trường THPT Lê Quý Đôn")}


# --- document-level evidence and safe merging -------------------------------------------------


def test_a_short_form_resolves_to_the_person_named_in_full(extractor):
    found = {(m.text, m.name) for m in mentions(extractor, "HLV Park Hang Seo cho biết Park sẽ về nước. Ông Nguyễn Văn Hùng nói Hùng đồng ý.")}
    assert found >= {("Park", "Park Hang Seo"), ("Hùng", "Nguyễn Văn Hùng")}


def test_a_name_cut_before_a_lower_case_syllable_is_completed_from_the_article(extractor):
    found = {(m.type, m.text, m.name) for m in mentions(extractor, "Thủ tướng Phạm Minh Chính làm việc, ông Phạm Minh chính chỉ đạo.")}
    assert ("PER", "Phạm Minh chính", "Phạm Minh Chính") in found
    assert not any(name == "Phạm Minh" for _, _, name in found)


def test_a_place_named_after_a_country_is_not_merged_into_it(extractor):
    text = "Nhà máy ở Khu công nghiệp Việt Nam - Singapore xuất khẩu sang Mỹ; người dân huyện Mỹ Đức vui mừng."
    index = EntityIndex.build([article_from_text(clean_text(text), "t", None, title_in_text=False)], extractor)
    usa = index.get("LOC:my")
    assert usa is not None and usa.mention_count == 1
    vietnam = index.get("LOC:viet nam")
    assert vietnam is None
    names = {e.name for e in index.entities("LOC")}
    assert {"Khu công nghiệp Việt Nam - Singapore", "Mỹ Đức"} <= names


def test_a_continent_a_hamlet_or_a_commune_is_not_merged_into_a_country_or_province(extractor):
    """``châu Mỹ`` is the Americas, ``thôn Trung Quốc`` a hamlet, ``xã Bình Dương`` a commune,
    ``huyện Quảng Ninh`` a district of Quảng Bình: none is the USA, China or the province; a
    province's, a city's or a district's own cue still names it (``tỉnh Quảng Ninh``)."""
    texts = ["Các nước châu Mỹ tăng trưởng mạnh, riêng Mỹ chậm lại. Trung Quốc cũng vậy.",
             "Người dân thôn Trung Quốc, xã Bình Dương và huyện Quảng Ninh phản ánh đường hư hỏng.",
             "Đoàn công tác của tỉnh Quảng Ninh và tỉnh Bình Dương đến quận Thủ Đức, thành phố Hà Nội."]
    index = EntityIndex.build([article_from_text(clean_text(t), str(i), None, title_in_text=False)
                               for i, t in enumerate(texts)], extractor)
    counts = {e.name: e.doc_count for e in index.entities("LOC")}
    assert {k: counts.get(k) for k in ("Mỹ", "Trung Quốc", "Bình Dương", "Quảng Ninh", "Thủ Đức", "Hà Nội")} == {
        "Mỹ": 1, "Trung Quốc": 1, "Bình Dương": 1, "Quảng Ninh": 1, "Thủ Đức": 1, "Hà Nội": 1}
    assert {"Châu Mỹ", "thôn Trung Quốc", "xã Bình Dương", "huyện Quảng Ninh"} <= set(counts)


def test_the_province_of_thua_thien_hue_is_not_the_city_of_hue(extractor):
    """``Thừa Thiên Huế`` (the province, also ``TT-Huế``, ``Thừa Thiên - Huế``) and ``Huế`` (its
    city) are two places: the sidebar lists each with its own mentions."""
    texts = ["Đoàn công tác đến tỉnh Thừa Thiên Huế rồi vào thành phố Huế. Thừa Thiên - Huế có nhiều di tích.",
             "Mưa lớn gây ngập ở TT-Huế. Người dân Huế đã quen với lũ."]
    index = EntityIndex.build([article_from_text(clean_text(t), str(i), None, title_in_text=False)
                               for i, t in enumerate(texts)], extractor)
    counts = {e.name: e.mention_count for e in index.entities("LOC")}
    assert counts == {"Thừa Thiên Huế": 3, "Huế": 2}


def test_an_acronym_shared_by_a_ministry_and_a_department_merges_neither_into_the_other(extractor):
    texts = ["Bộ Giáo dục và Đào tạo (GD&ĐT) vừa ban hành quy chế thi. Theo GD&ĐT, kỳ thi diễn ra an toàn.",
             "Sở Giáo dục và Đào tạo (GD&ĐT) tỉnh Nghệ An cho biết GD&ĐT đã chỉ đạo các trường."]
    index = EntityIndex.build([article_from_text(clean_text(t), str(i), None, title_in_text=False)
                               for i, t in enumerate(texts)], extractor)
    counts = {e.name: e.doc_count for e in index.entities("ORG")}
    assert counts == {"Bộ Giáo dục và Đào tạo": 1, "Sở Giáo dục và Đào tạo": 1}


# --- organisation spans -----------------------------------------------------------------------


def test_organisations_take_their_whole_name_with_lower_case_words_and_places(extractor):
    found = spans(extractor, "Thượng nghị viện Mỹ họp, Lực lượng Không quân Vũ trụ Nga tấn công; Bộ Nông nghiệp và "
                             "Phát triển nông thôn và Ủy ban nhân dân tỉnh Quảng Nam ký với Công ty cổ phần Sữa Việt Nam.")
    assert found == {("ORG", "Thượng nghị viện Mỹ"), ("ORG", "Lực lượng Không quân Vũ trụ Nga"),
                     ("ORG", "Bộ Nông nghiệp và Phát triển nông thôn"), ("ORG", "Ủy ban nhân dân tỉnh Quảng Nam"),
                     ("ORG", "Công ty cổ phần Sữa Việt Nam")}


# --- foreign names ----------------------------------------------------------------------------


def test_foreign_names_with_initials_and_hyphens_are_people(extractor):
    found = spans(extractor, "Tổng thống A. Lukashenko gặp Chủ tịch Kim Jong-un, còn HLV Jose Mourinho ở lại.")
    assert {text for kind, text in found if kind == "PER"} == {"A. Lukashenko", "Kim Jong-un", "Jose Mourinho"}


def test_a_type_decided_by_a_cue_carries_to_the_same_name_elsewhere_in_the_article(extractor):
    found = spans(extractor, "Bệnh nhân trú tại huyện Lý Nhân. Các ca F1 ở các huyện: Lý Nhân 337, Bình Lục 15.")
    assert ("PER", "Lý Nhân") not in found and ("LOC", "Lý Nhân") in found


def test_a_unit_number_an_ampersand_and_a_tail_before_the_verb_stay_in_the_organisation(extractor):
    found = spans(extractor, "Đội Quản lý thị trường số 2 và Phòng Cảnh sát PCCC số 4 cùng Sở Văn hóa & Thể thao "
                             "đến nơi, rồi Tổng cục Quản lý thị trường phối hợp xử lý.")
    assert found == {("ORG", "Đội Quản lý thị trường số 2"), ("ORG", "Phòng Cảnh sát PCCC số 4"),
                     ("ORG", "Sở Văn hóa & Thể thao"), ("ORG", "Tổng cục Quản lý thị trường")}


def test_an_embassy_is_named_with_the_country_it_is_in(extractor):
    found = spans(extractor, "Theo Đại sứ quán Việt Nam tại Nhật Bản, người lao động ở Nhật Bản cần cảnh giác.")
    assert found == {("ORG", "Đại sứ quán Việt Nam tại Nhật Bản"), ("LOC", "Nhật Bản")}


def test_a_given_name_that_is_also_a_common_word_is_a_person_after_a_kinship_word(extractor):
    found = spans(extractor, "Bà Năm ra đồng từ sáng, chú Ba ở nhà, còn ông Tiến và anh Việt lên huyện.")
    assert found == {("PER", "Năm"), ("PER", "Ba"), ("PER", "Tiến"), ("PER", "Việt")}


def test_a_name_after_a_trade_title_is_a_person_even_where_a_district_has_it(extractor):
    found = spans(extractor, "Tiền vệ Xuân Trường ghi bàn, còn Chủ tịch UBND huyện Xuân Trường dự khán.")
    assert found == {("PER", "Xuân Trường"), ("ORG", "UBND huyện Xuân Trường")}


def test_a_person_named_with_a_cue_stays_a_person_elsewhere_in_the_article(extractor):
    text = "Cụ Tư năm nay 90 tuổi. Tư vẫn minh mẫn.\nChị Hoài Đức cho biết, Hoài Đức cười rồi về nhà ở huyện Hoài Đức."
    found = [(m.type, m.text) for m in mentions(extractor, text)]
    assert found == [("PER", "Tư"), ("PER", "Tư"), ("PER", "Hoài Đức"), ("PER", "Hoài Đức"), ("LOC", "huyện Hoài Đức")]


def test_a_common_word_is_not_taken_for_the_short_name_when_nothing_says_it_is_one(extractor):
    text = "Ông Nguyễn Văn Năm năm nay 60 tuổi. Năm nay ông về hưu. Chủ tịch Hà Nội dự lễ."
    found = [(m.type, m.text) for m in mentions(extractor, text) if m.type != "DATE"]
    assert found == [("PER", "Nguyễn Văn Năm"), ("LOC", "Hà Nội")]


def test_clubs_and_companies_are_organisations_and_a_province_is_not_a_woman(extractor):
    found = spans(extractor, "Bà Rịa - Vũng Tàu ghi nhận 3 ca. West Ham thắng Leicester City, còn Toshiba và Foxconn "
                             "mở nhà máy. Bà Lan cho biết.")
    assert found == {("LOC", "Bà Rịa - Vũng Tàu"), ("ORG", "West Ham"), ("ORG", "Leicester City"),
                     ("ORG", "Toshiba"), ("ORG", "Foxconn"), ("PER", "Lan")}


def test_a_foreign_short_name_alone_in_one_article_is_the_one_person_named_so_in_the_corpus(extractor):
    texts = ["HLV Park Hang Seo cho biết đội tuyển đã sẵn sàng. Park nói thêm rằng trận đấu sẽ khó.",
             "Ông Digital Marketing dự họp.", "Marketing nói vậy.",
             "Sau trận đấu, Park nói các cầu thủ đã chơi tốt.",
             "Chủ tịch Kim Jong-un và ca sĩ Kim Kardashian được nhắc đến. Kim nói vậy.",
             "Ông Nguyễn Văn Hùng dự họp.", "Anh Hùng cho biết mọi việc ổn."]
    index = EntityIndex.build([article_from_text(clean_text(t), str(n), None, title_in_text=False)
                               for n, t in enumerate(texts)], extractor)
    park = index.get("PER:park hang seo")
    assert park is not None and park.doc_count == 2 and "Park" in park.aliases
    assert index.get("PER:park").key == "PER:park hang seo"
    assert index.get("PER:marketing") is None or index.get("PER:marketing").key == "PER:marketing"  # never called so
    assert index.get("PER:nguyen van hung").doc_count == 1  # a Vietnamese given name alone is not merged,
    assert index.get("PER:hung") is None and [e.name for e, _ in index.entities_of(6)] == ["Hùng"]  # it stays in its article
    assert {e.name for e in index.entities("PER")} >= {"Kim Jong-un", "Kim Kardashian"}
    assert index.get("PER:kim") is None or index.get("PER:kim").key == "PER:kim"


def test_the_last_two_words_of_a_vietnamese_name_alone_are_the_one_person_named_so_in_the_corpus(extractor):
    """``Công Phượng`` in an article that never gives the full name is ``Nguyễn Công Phượng``,
    the one person of the corpus whose name ends so and whom an article calls so; ``Văn Hậu``
    stays apart when two men's names end so, and a given name alone always does."""
    texts = ["Tiền đạo Nguyễn Công Phượng ghi bàn. Sau trận, Công Phượng nói anh rất vui.",
             "Công Phượng được gọi lên đội tuyển quốc gia.",
             "Hậu vệ Đoàn Văn Hậu chấn thương. Văn Hậu phải nghỉ hai tuần.",
             "Thủ môn Trịnh Văn Hậu bắt chính.", "Văn Hậu được gọi lên đội tuyển quốc gia.",
             "Ông Nguyễn Văn Phượng dự họp.", "Phượng được gọi lên đội tuyển quốc gia."]
    index = EntityIndex.build([article_from_text(clean_text(t), str(n), None, title_in_text=False)
                               for n, t in enumerate(texts)], extractor)
    phuong = index.get("PER:nguyen cong phuong")
    assert phuong is not None and phuong.doc_count == 2 and index.get("PER:cong phuong").key == phuong.key
    assert index.get("PER:van hau").key == "PER:van hau"
    assert index.get("PER:phuong") is None or index.get("PER:phuong").key == "PER:phuong"


def test_bridges_stadiums_crossroads_and_resorts_take_their_category_word(extractor):
    found = spans(extractor, "Anh nhảy cầu Châu Giang; trận đấu trên sân Hàng Đẫy; đám cháy ở ngã tư Khuất Duy Tiến; "
                             "tỉnh đóng cửa Khu du lịch Tam Chúc. Bộ Y tế yêu cầu Sở Y tế báo cáo về giải thưởng "
                             "toàn cầu VinFuture.")
    assert found == {("LOC", "cầu Châu Giang"), ("LOC", "sân Hàng Đẫy"), ("LOC", "ngã tư Khuất Duy Tiến"),
                     ("LOC", "Khu du lịch Tam Chúc"), ("ORG", "Bộ Y tế"), ("ORG", "Sở Y tế"), ("ORG", "VinFuture")}


def test_in_a_match_report_a_club_named_after_its_province_is_an_organisation(extractor):
    report = ("Bình Định đánh bại Hà Nội 2-1 ở vòng 5 V-League. Sau trận, HLV của Hà Nội nói các cầu thủ đã cố gắng. "
              "Trận đấu diễn ra tại Quy Nhơn, tỉnh Bình Định.")
    found = [(m.type, m.text) for m in mentions(extractor, report) if m.type != "DATE"]
    assert found == [("ORG", "Bình Định"), ("ORG", "Hà Nội"), ("ORG", "Hà Nội"), ("LOC", "Quy Nhơn"), ("LOC", "tỉnh Bình Định")]
    economy = "Hà Nội đã thắng lớn trong thu hút đầu tư, Đà Nẵng đứng thứ hai về số dự án mới."
    assert spans(extractor, economy) == {("LOC", "Hà Nội"), ("LOC", "Đà Nẵng")}


def test_a_club_is_told_by_the_words_of_the_game_beside_it_not_by_any_word(extractor):
    """The phrase of the game may be three words before the club, or its verb may follow an
    auxiliary of two words; in the same match report a province after other words stays a place."""
    report = ("Sau trận hòa với Hà Nội ở vòng 5 V-League, các cầu thủ đã rất cố gắng. "
              "Tuần trước, Quảng Nam bất ngờ thua ngay trên sân nhà. Hải Phòng đang đứng thứ ba.")
    assert spans(extractor, report) == {("ORG", "Hà Nội"), ("ORG", "Quảng Nam"), ("ORG", "Hải Phòng")}
    report = ("Ở vòng 5 V-League, cầu thủ của Hải Phòng ghi bàn. Nhà đầu tư Hà Nội rót vốn vào sân; "
              "Quảng Nam bất ngờ được mùa lúa.")
    assert spans(extractor, report) == {("ORG", "Hải Phòng"), ("LOC", "Hà Nội"), ("LOC", "Quảng Nam")}


def test_a_name_placed_in_a_photo_is_a_person_even_where_a_district_has_it(extractor):
    found = spans(extractor, "Xuân Trường (trái) và Tuấn Anh (áo đỏ) trong buổi tập; Hà Nội (phải) nhìn từ trên cao.")
    assert found == {("PER", "Xuân Trường"), ("PER", "Tuấn Anh"), ("LOC", "Hà Nội")}


def test_a_hospital_or_faculty_department_is_an_organisation(extractor):
    found = spans(extractor, "Bác sĩ Trịnh Văn Hưng, khoa Tai Mũi Họng, cho biết thủ khoa Hàn Duy Khang đã khỏi bệnh "
                             "sau khi điều trị tại khoa Ung Bướu.")
    assert found == {("PER", "Trịnh Văn Hưng"), ("ORG", "khoa Tai Mũi Họng"), ("PER", "Hàn Duy Khang"),
                     ("ORG", "khoa Ung Bướu")}


# --- organisation spans (session 5) ------------------------------------------------------------


def test_a_commune_whose_first_word_is_a_country_stays_one_place_inside_its_body(extractor):
    found = spans(extractor, "Ông Trần Văn Khoa, Chủ tịch UBND xã Đức Hòa, cho biết UBND tỉnh Bắc Ninh Nguyễn Văn Tú đã đến.")
    assert found == {("PER", "Trần Văn Khoa"), ("ORG", "UBND xã Đức Hòa"), ("ORG", "UBND tỉnh Bắc Ninh"), ("PER", "Nguyễn Văn Tú")}


def test_a_market_or_a_square_is_not_a_school(extractor):
    found = spans(extractor, "Gạo xuất sang thị trường Nhật Bản, còn lễ hội diễn ra ở quảng trường Lâm Viên.")
    assert not any(kind == "ORG" for kind, _ in found)
    assert ("LOC", "Nhật Bản") in found


def test_a_known_body_after_lower_case_words_of_a_name_is_taken_whole(extractor):
    found = spans(extractor, "Ủy ban thường vụ Quốc hội cho ý kiến về dự luật do Quốc hội khóa XV thông qua.")
    assert found == {("ORG", "Ủy ban thường vụ Quốc hội"), ("ORG", "Quốc hội khóa XV")}


def test_units_take_their_lower_case_words_and_numbered_districts(extractor):
    found = spans(extractor, "Đội CSGT trật tự Công an quận 5 phối hợp với UBND Phường 12 và Trường THCS nội trú huyện Mường Lát.")
    assert found == {("ORG", "Đội CSGT trật tự Công an quận 5"), ("ORG", "UBND Phường 12"),
                     ("ORG", "Trường THCS nội trú huyện Mường Lát")}
    address = spans(extractor, "Cửa hàng ở số 12 Lê Lợi, Phường 4, Quận 10, TP.HCM.")
    assert {("LOC", "Phường 4"), ("LOC", "Quận 10")} <= address


# --- people after abbreviated titles ----------------------------------------------------------


def test_abbreviated_titles_are_not_part_of_the_name_or_an_organisation(extractor):
    found = spans(extractor, "BTV Hoài Anh hỏi, BS CKII Lê Văn Nam và ThS.BS Đỗ Thị Hà trả lời, MC Thành Trung dẫn.")
    assert found == {("PER", "Hoài Anh"), ("PER", "Lê Văn Nam"), ("PER", "Đỗ Thị Hà"), ("PER", "Thành Trung")}


@pytest.mark.parametrize("text, expected", [
    ("Golfer Choi Kyung Joo giành chức vô địch.", {("PER", "Choi Kyung Joo", "Golfer")}),
    ("Rapper Đen Vâu ra mắt MV, Youtuber Khoa Pug chê.", {("PER", "Đen Vâu", "Rapper"), ("PER", "Khoa Pug", "Youtuber")}),
    ("Hacker Lê Văn Tùng và blogger Trần Thị Na bị bắt.", {("PER", "Lê Văn Tùng", "Hacker"), ("PER", "Trần Thị Na", None)}),
    ("Founder Jack Dorsey rời Twitter.", {("PER", "Jack Dorsey", "Founder"), ("ORG", "Twitter", None)}),
], ids=["a golfer", "a rapper and a youtuber", "a hacker and a blogger", "a founder"])
def test_a_trade_named_in_english_before_a_name_is_not_part_of_it(extractor, text, expected):
    """``Golfer Choi Kyung Joo``: an English word for a trade, capitalised to open the sentence,
    is a title like ``Tay vợt``, kept as the person's role, not the first word of the name."""
    found = {(m.type, m.text, m.role) for m in mentions(extractor, text) if m.type != "DATE"}
    assert found == expected


def test_an_acronym_the_article_defines_from_lower_case_words_is_no_organisation(extractor):
    text = "Ở nông thôn, thương mại điện tử (TMĐT) lớn nhanh. Doanh thu TMĐT tăng, và Tổng cục Thống kê (TCTK) công bố số liệu."
    found = spans(extractor, text)
    assert not any(name == "TMĐT" for _, name in found)
    assert ("ORG", "TCTK") in found


def test_conferences_festivals_and_congresses_are_events_not_organisations(extractor):
    found = spans(extractor, "Hội nghị cấp cao ASEAN họp ở Jakarta, LHP Cannes mở màn tại Pháp và Hội chợ Quảng Châu đông khách.")
    assert found == {("LOC", "Jakarta"), ("LOC", "Pháp")}


def test_a_capital_city_is_named_without_the_word_capital(extractor):
    assert spans(extractor, "Người dân thủ đô Jakarta và thủ đô Bangkok đeo khẩu trang.") == {("LOC", "Jakarta"), ("LOC", "Bangkok")}


def test_a_lower_case_company_word_before_its_legal_form_belongs_to_the_name(extractor):
    found = spans(extractor, "Sở phạt công ty TNHH Minh Phát 200 triệu đồng.")
    assert ("ORG", "công ty TNHH Minh Phát") in found


def test_a_given_name_used_alone_is_a_person_as_subject_or_after_a_middle_name(extractor):
    found = spans(extractor, "Văn Hậu chuyền bóng cho Tiến Linh dứt điểm. Sau trận, Lộc đã xin lỗi đồng đội.")
    assert found == {("PER", "Văn Hậu"), ("PER", "Tiến Linh"), ("PER", "Lộc")}
    assert spans(extractor, "Văn hóa và Thể thao là hai lĩnh vực lớn.") == set()


def test_a_department_that_lists_its_fields_is_one_organisation(extractor):
    found = spans(extractor, "Sở Văn hóa, Thể thao và Du lịch tỉnh Nghệ An phối hợp với Viện Toán, Tin và Vật lý; "
                             "Bộ Tài chính, Bộ Công Thương và Ngân hàng Nhà nước cùng dự.")
    assert found == {("ORG", "Sở Văn hóa, Thể thao và Du lịch tỉnh Nghệ An"), ("ORG", "Viện Toán, Tin và Vật lý"),
                     ("ORG", "Bộ Tài chính"), ("ORG", "Bộ Công Thương"), ("ORG", "Ngân hàng Nhà nước")}


def test_a_national_body_named_in_lower_case_words_is_an_organisation(extractor):
    found = spans(extractor, "Theo Hội đồng thi đua khen thưởng trung ương và Ủy ban an toàn giao thông quốc gia, tình hình ổn định.")
    assert found == {("ORG", "Hội đồng thi đua khen thưởng trung ương"), ("ORG", "Ủy ban an toàn giao thông quốc gia")}


def test_a_hospital_campus_belongs_to_the_hospital(extractor):
    assert spans(extractor, "Bệnh nhân được chuyển tới Bệnh viện Bạch Mai cơ sở Hà Nam.") == {("ORG", "Bệnh viện Bạch Mai cơ sở Hà Nam")}


def test_a_surname_shaped_pair_that_starts_a_common_word_is_no_person(extractor):
    found = spans(extractor, "Các đơn vị phối hợp với Đoàn Thanh tra của Bộ Y tế, còn Lê Văn Hòa đã về hưu.")
    assert found == {("ORG", "Bộ Y tế"), ("PER", "Lê Văn Hòa")}


def test_a_name_ending_in_an_initial_keeps_its_dot_where_the_sentence_goes_on(extractor):
    found = spans(extractor, "Bệnh nhân N.T.H. (SN 1990) và chị M. cho biết, du khách tên K.L.R., quốc tịch Anh, đã về.")
    assert {("PER", "N.T.H."), ("PER", "M."), ("PER", "K.L.R.")} <= found
    assert ("PER", "A. Lukashenko") in spans(extractor, "Tổng thống A. Lukashenko nói.")


def test_an_age_group_team_is_named_by_its_country(extractor):
    found = spans(extractor, "U20 Venezuela thắng U20 Nhật Bản, còn U.22 Thái Lan hòa.")
    assert found == {("LOC", "Venezuela"), ("LOC", "Nhật Bản"), ("LOC", "Thái Lan")}


def test_a_business_named_after_its_trade_word_is_an_organisation(extractor):
    found = spans(extractor, "Khách bay hãng bay Emirates, ăn ở nhà hàng Ngon và mua trên sàn Tiki; người dùng Quora bàn tán.")
    assert {("ORG", "Emirates"), ("ORG", "Ngon"), ("ORG", "Tiki"), ("ORG", "Quora")} <= found
    assert spans(extractor, "Thương mại điện tử (TMĐT) lớn nhanh, các sàn TMĐT tung khuyến mãi.") == set()


def test_a_nationality_or_a_language_is_not_the_place(extractor):
    found = spans(extractor, "Chỉ có người Nga dự, người dân Mỹ thì không; tôi học tiếng Anh ở Anh với doanh nghiệp Việt Nam.")
    assert found == {("LOC", "Mỹ"), ("LOC", "Anh"), ("LOC", "Việt Nam")}


def test_products_and_buildings_named_with_english_words_are_not_people(extractor):
    found = spans(extractor, "MacBook có Touch Bar, khách săn Flash Sale, còn trận đấu ở Stamford Bridge có Bridget Hall và Bar Refaeli xem.")
    assert {text for kind, text in found if kind == "PER"} == {"Bridget Hall", "Bar Refaeli"}


def test_a_party_a_bank_branch_and_an_academy_named_by_a_head_word(extractor):
    found = spans(extractor, "Đảng Dân chủ Mỹ phản đối, Ngân hàng Nhà nước chi nhánh TP.HCM và Học viện Ngân hàng tham gia; "
                             "Đảng lãnh đạo.")
    assert found == {("ORG", "Đảng Dân chủ Mỹ"), ("ORG", "Ngân hàng Nhà nước chi nhánh TP.HCM"), ("ORG", "Học viện Ngân hàng"),
                     ("ORG", "Đảng")}


def test_a_given_name_that_starts_with_a_country_after_a_title_is_a_person(extractor):
    found = spans(extractor, "Ca sĩ Mỹ Tâm hát cùng huyền thoại Maradona, còn Đại sứ Mỹ Daniel Kritenbrink dự.")
    assert found == {("PER", "Mỹ Tâm"), ("PER", "Maradona"), ("LOC", "Mỹ"), ("PER", "Daniel Kritenbrink")}


def test_military_units_are_named_by_their_number_and_the_party_centre_is_one_body(extractor):
    found = spans(extractor, "Ông về Quân khu 7 rồi Sư đoàn 304; Phòng 302 rộng. Ông Lê Văn Tám, nguyên Ủy viên Trung ương Đảng, "
                             "dự họp tại Trụ sở Trung ương Đảng.")
    assert found == {("ORG", "Quân khu 7"), ("ORG", "Sư đoàn 304"), ("PER", "Lê Văn Tám"), ("ORG", "Trung ương Đảng")}
    assert ("ORG", "chi nhánh Vận tải đường sắt Hà Nội") in spans(extractor, "Giám đốc chi nhánh Vận tải đường sắt Hà Nội nói.")


def test_an_unknown_acronym_with_d_stroke_is_a_vietnamese_abbreviation_not_an_organisation(extractor):
    found = spans(extractor, "Nhà ĐKVĐ thắng, ĐBQH chất vấn về ĐMT, còn sinh viên ĐHQGHN và BGD&ĐT lên tiếng.")
    assert found == {("ORG", "ĐHQGHN"), ("ORG", "BGD&ĐT")}


def test_a_name_followed_by_a_title_in_apposition_is_a_person(extractor):
    found = spans(extractor, "Hoàng Anh, Giám đốc Công ty Minh Long, cho biết; hệ thống Callbot, Trợ lý ảo ra mắt.")
    assert found == {("PER", "Hoàng Anh"), ("ORG", "Công ty Minh Long")}


def test_waterfalls_caves_deserts_plains_and_lagoons_take_their_category_word(extractor):
    found = spans(extractor, "Du khách đến thác Đê Kôn, hang Sơn Đoòng, sa mạc Sahara, cao nguyên Mộc Châu và Đồng bằng Konya.")
    assert found == {("LOC", "thác Đê Kôn"), ("LOC", "hang Sơn Đoòng"), ("LOC", "sa mạc Sahara"), ("LOC", "cao nguyên Mộc Châu"),
                     ("LOC", "Đồng bằng Konya")}


def test_a_name_right_after_a_sentence_opening_word_or_opening_the_sentence_with_a_middle_name(extractor):
    found = spans(extractor, "Hiện Thành đang bị tạm giữ. Trọng Hoàng đã bị chấn thương. Cao Hoành Lượng có gia đình.")
    assert ("PER", "Thành") in found and ("PER", "Trọng Hoàng") in found
    assert ("PER", "Hoành Lượng") not in found


def test_a_given_name_starting_with_truong_is_not_a_school(extractor):
    found = spans(extractor, "Diễn viên Trường Giang diễn ở Trường Lê Quý Đôn và Trường Y tế Công cộng; xe đi đường Trường Chinh.")
    assert found == {("PER", "Trường Giang"), ("ORG", "Trường Lê Quý Đôn"), ("ORG", "Trường Y tế Công cộng"),
                     ("LOC", "đường Trường Chinh")}


def test_a_nationality_before_a_foreign_name_is_not_part_of_a_place(extractor):
    found = spans(extractor, "Ngôi sao người Anh Carey Mulligan dự lễ, còn võ sĩ người Brazil Anderson Silva thắng ở Mỹ Đình.")
    assert found == {("PER", "Carey Mulligan"), ("PER", "Anderson Silva"), ("LOC", "Mỹ Đình")}


def test_a_caption_run_into_the_next_sentence_ends_before_its_time_word(extractor):
    found = spans(extractor, "Ảnh: Internet Ngày 25/5, tại Hà Nội, hội nghị bế mạc. Ảnh: Lê Văn Nam Sáng 12/4, đoàn đến Huế.")
    assert found == {("LOC", "Hà Nội"), ("PER", "Lê Văn Nam"), ("LOC", "Huế")}


def test_police_units_with_their_field_and_their_acronym(extractor):
    found = spans(extractor, "Phòng Cảnh sát điều tra tội phạm về ma túy Công an tỉnh Sơn La phối hợp với Phòng Cảnh sát hình sự "
                             "(PC02) Công an tỉnh Nghệ An; bà con lập Hợp tác xã (HTX) nuôi cá.")
    assert found == {("ORG", "Phòng Cảnh sát điều tra tội phạm về ma túy Công an tỉnh Sơn La"), ("ORG", "Phòng Cảnh sát hình sự"),
                     ("ORG", "PC02"), ("ORG", "Công an tỉnh Nghệ An")}


# --- what a reader sees listed for names with little or no evidence (merging.py) -------------


def typed(extractor, text: str) -> list[tuple[str, str]]:
    """(type, text) of every mention but dates, in text order: what the sidebar lists."""
    return [(m.type, m.text) for m in mentions(extractor, text) if m.type != "DATE"]


def test_names_listed_beside_a_known_organisation_take_its_type_along_the_list(extractor):
    assert typed(extractor, "Hoa Sen Xanh, Mặt Trời Đỏ và Viettel đã ký kết.") == [
        ("ORG", "Hoa Sen Xanh"), ("ORG", "Mặt Trời Đỏ"), ("ORG", "Viettel")]


def test_a_place_after_a_place_word_stays_a_place_where_a_person_bears_its_name(extractor):
    assert typed(extractor, "Chị Hoài Đức cho biết, Hoài Đức cười rồi về nhà ở Hoài Đức.") == [
        ("PER", "Hoài Đức"), ("PER", "Hoài Đức"), ("LOC", "Hoài Đức")]


@pytest.mark.parametrize("text, expected", [
    ("Cụ Tư năm nay 90 tuổi. Tư, cũng như nhiều cụ khác, rất thích đọc báo.", [("PER", "Tư"), ("PER", "Tư")]),
    ("Cụ Tư và ông Hùng là bạn. Tư, Hùng cùng ra đồng.", [("PER", "Tư"), ("PER", "Hùng"), ("PER", "Tư"), ("PER", "Hùng")]),
    ("Cụ Tư năm nay 90 tuổi. Tư vẫn minh mẫn. Người dân xã Tư vẫn nhớ cụ.",
     [("PER", "Tư"), ("PER", "Tư"), ("LOC", "xã Tư")]),
], ids=["set-off-by-commas", "listed-with-a-person", "inside-a-place-named-so"])
def test_a_short_name_that_is_a_common_word_is_found_where_it_is_the_person_and_only_there(extractor, text, expected):
    assert typed(extractor, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Cuốn sách của Peter J. Smithson bán chạy.", [("PER", "Peter J. Smithson")]),
    ("Cuốn sách của Maria Luisa Garcia Lopez bán chạy.", [("PER", "Maria Luisa Garcia Lopez")]),
    ("Cuốn sách của Maria Luisa Garcia Lopez Perez bán chạy.", []),
    ("Cuốn sách của Smithson bán chạy.", []),
    ("Cổ phiếu Horizon Labs tăng mạnh.", [("ORG", "Horizon Labs")]),
    ("Cổ phiếu của Horizon tăng mạnh.", []),
    ("Mẫu PlayStation Portal bán chạy.", []),
], ids=["initial", "four-words", "five-words", "one-word", "org-word", "one-word-company", "camel-case"])
def test_a_foreign_name_with_no_other_evidence_is_a_person_only_when_it_looks_like_one(extractor, text, expected):
    """Two to four capitalised words (an initial allowed) are a person; an organisation word
    makes two or more an organisation; one word, five, or a product's inner capitals: not listed."""
    assert typed(extractor, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Ông Nguyễn Văn Năm năm nay 60 tuổi. Năm vẫn đi làm mỗi ngày.",
     [("PER", "Nguyễn Văn Năm", "Nguyễn Văn Năm"), ("PER", "Năm", "Nguyễn Văn Năm")]),
    ("Chủ tịch Hà Nội dự lễ. Cụ Tư năm nay 90 tuổi. Tư vẫn minh mẫn.",
     [("LOC", "Hà Nội", "Hà Nội"), ("PER", "Tư", "Tư"), ("PER", "Tư", "Tư")]),
    ("Ông Peter Smithson đến Hà Nội. Ông P. Smithson cho biết như vậy.",
     [("PER", "Peter Smithson", "Peter Smithson"), ("LOC", "Hà Nội", "Hà Nội"), ("PER", "P. Smithson", "Peter Smithson")]),
], ids=["given-name-of-a-full-name", "after-a-place-after-a-title", "initial-of-a-name-unknown-elsewhere"])
def test_a_person_named_once_in_full_is_the_same_person_when_called_shorter(extractor, text, expected):
    """The given name alone as the subject of a verb, a cued short name after a title that
    named a place, an initial for a first name the gazetteer does not know: one person,
    one row in the sidebar."""
    assert [(m.type, m.text, m.name) for m in mentions(extractor, text) if m.type != "DATE"] == expected


@pytest.mark.parametrize("text, expected", [
    ("Buổi lễ có sự tham dự của Trần Minh Phương và Đỗ Thị Hạnh.", [("PER", "Trần Minh Phương"), ("PER", "Đỗ Thị Hạnh")]),
    ("Trong phim mới, Lê Tuấn Anh đã đóng vai chính cùng Phạm Ngọc Lan trong một cảnh.", [("PER", "Lê Tuấn Anh"), ("PER", "Phạm Ngọc Lan")]),
    ("Ngay sau đó, Đoàn Thanh tra làm việc với nhà trường.", []),
], ids=["before-and", "before-an-auxiliary", "last-syllable-starts-a-common-word"])
def test_a_full_name_before_a_grammatical_word_is_a_person(extractor, text, expected):
    """A name's last syllable and the word after it are dropped from the name when they make a
    common word (``Đoàn Thanh tra``); ``và``, ``đã``, ``của`` make none with it, however often
    the pair is seen elsewhere (``địa phương và``)."""
    assert typed(extractor, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Cô giáo trường mầm non Hoa Sen bị đình chỉ, hiệu trưởng trường tiểu học Lê Lợi xin lỗi.",
     [("ORG", "trường mầm non Hoa Sen"), ("ORG", "trường tiểu học Lê Lợi")]),
    ("Bé được đưa đến phòng khám Minh Tâm rồi chuyển lên bệnh viện huyện Ba Vì.",
     [("ORG", "phòng khám Minh Tâm"), ("ORG", "bệnh viện huyện Ba Vì")]),
], ids=["schools", "clinics"])
def test_a_lower_case_school_or_clinic_head_opens_the_organisation_name(extractor, text, expected):
    """``trường mầm non``, ``phòng khám``, ``bệnh viện`` written in lower case before a name
    still open the institution's name, which is not a person (``Lê Lợi``) or a place."""
    assert typed(extractor, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Số ca mắc do CDC (Trung tâm kiểm soát và phòng ngừa dịch bệnh Mỹ) công bố tăng.",
     [("ORG", "CDC"), ("ORG", "Trung tâm kiểm soát và phòng ngừa dịch bệnh Mỹ")]),
    ("Lãi suất do FED (Cục Dự trữ liên bang Mỹ) quyết định.", [("ORG", "FED"), ("ORG", "Cục Dự trữ liên bang Mỹ")]),
    ("Ủy ban ISA (Ủy ban mà công ty ACT là thành viên) xem xét.", [("ORG", "Ủy ban ISA"), ("ORG", "công ty ACT")]),
], ids=["lower-case-words", "after-a-capitalised-start", "a-clause-is-no-name"])
def test_an_acronym_spelled_out_in_brackets_is_one_organisation_to_the_bracket(extractor, text, expected):
    """The organisation head right after ``ACRONYM (`` spells the acronym out: its name runs to the
    closing bracket, lower-case words and places included (not ``Cục Dự trữ`` and the LOC ``bang Mỹ``)."""
    assert typed(extractor, text) == expected


def test_an_online_newspaper_keeps_its_name_whole(extractor):
    assert typed(extractor, "Báo điện tử Tổ Quốc đưa tin, phóng viên Báo điện tử Giáo dục Việt Nam có mặt.") == [
        ("ORG", "Báo điện tử Tổ Quốc"), ("ORG", "Báo điện tử Giáo dục Việt Nam")]


@pytest.mark.parametrize("text, expected", [
    ("Tiêu Minh Thận và vợ đã về quê.", [("PER", "Tiêu Minh Thận")]),
    ("Khúc Thị Hương cho biết bà vẫn khỏe.", [("PER", "Khúc Thị Hương")]),
    ("Từ Hà Nội, đoàn đi tiếp vào Huế.", [("LOC", "Hà Nội"), ("LOC", "Huế")]),
], ids=["surname-tieu", "surname-khuc", "from-a-place"])
def test_a_full_name_opening_a_sentence_with_a_surname_that_is_also_a_common_word(extractor, text, expected):
    """``Tiêu``, ``Khúc`` open a sentence as a common word would; two or three Vietnamese capitalised
    syllables after them make a person's full name; ``Từ`` (from) before a known place stays a word."""
    assert typed(extractor, text) == expected


def test_a_foreign_name_with_a_trade_word_is_a_company_and_so_is_its_list(extractor):
    """``Retail``, ``Mart``, ``Wellness``, ``Cosmetics`` make a foreign name a business, not a
    person, and a shop listed beside it is one too."""
    found = typed(extractor, "Hàng do Aeon Wellness, Coop Mart, Emart và các cửa hàng phân phối; doanh thu của Vincom Retail tăng.")
    assert found == [("ORG", "Aeon Wellness"), ("ORG", "Coop Mart"), ("ORG", "Emart"), ("ORG", "Vincom Retail")]


@pytest.mark.parametrize("text, expected", [
    ("Em thích Âm nhạc, Mỹ thuật và Toán.", []),
    ("Mỹ nhân sinh năm 1992 sang Mỹ học tập.", [("LOC", "Mỹ")]),
    ("Theo Pháp luật Plus, hàng Nhật được bán ở Pháp.", [("LOC", "Nhật"), ("LOC", "Pháp")]),
], ids=["school-subject", "beauty-then-the-country", "newspaper-name"])
def test_a_country_syllable_that_opens_a_common_word_is_not_the_country(extractor, text, expected):
    """``Mỹ thuật`` (fine art), ``Mỹ nhân`` (a beauty), ``Pháp luật`` (law) are common words with a
    capital, not the United States or France; the country alone still is."""
    assert typed(extractor, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Cổng đền nhìn từ xa. Ảnh: Thanh Hải Ngày nay, đền vẫn đông khách.", [("PER", "Thanh Hải")]),
    ("Hiện trường trên cầu Rộ Hôm qua, công an đã khám nghiệm.", [("LOC", "cầu Rộ")]),
    ("Ông Lê Văn Năm nay đã 60 tuổi.", [("PER", "Lê Văn Năm")]),
], ids=["credit-then-today", "bridge-then-yesterday", "a-given-name-Nam"])
def test_a_name_stops_where_the_next_sentence_opens_with_a_day_in_words(extractor, text, expected):
    """A caption's credit or a place runs into the next sentence without a stop; ``Ngày nay``,
    ``Hôm qua``, ``Ngày mai`` open that sentence and are not part of the name."""
    assert typed(extractor, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Các nghị sĩ đảng Cộng hòa phản đối, còn đảng Dân chủ ủng hộ.", [("ORG", "đảng Cộng hòa"), ("ORG", "đảng Dân chủ")]),
    ("Thượng nghị sĩ đảng Dân chủ Charles Schumer kêu gọi bỏ phiếu.", [("ORG", "đảng Dân chủ"), ("PER", "Charles Schumer")]),
    ("Cựu Tổng thống đảng Cộng hòa George W. Bush bổ nhiệm ông.", [("ORG", "đảng Cộng hòa"), ("PER", "George W. Bush")]),
    ("Nhà lãnh đạo đảng Mặt trận Quốc gia Marine Le Pen phát biểu.", [("ORG", "đảng Mặt trận Quốc gia"), ("PER", "Marine Le Pen")]),
    ("CEO Facebook Mark Zuckerberg đã chi 100 triệu USD.", [("ORG", "Facebook"), ("PER", "Mark Zuckerberg")]),
    ("Ban Giám đốc Học viện Chính trị quốc gia Hồ Chí Minh họp.", [("ORG", "Học viện Chính trị quốc gia Hồ Chí Minh")]),
], ids=["lower-case-party", "party-then-member", "member-with-initial", "member-after-quoc-gia", "ceo-of-a-company",
        "named-after-a-vietnamese-person"])
def test_a_party_in_lower_case_is_an_organisation_and_a_member_named_after_it_a_person(extractor, text, expected):
    """``đảng Cộng hòa`` (lower-case ``đảng``, and ``hòa``) is the party's whole name; a foreign
    person's name after a party or a company named after a title is handed back to the person, while
    an organisation named after a Vietnamese figure keeps the name."""
    assert typed(extractor, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Cuộc đua giữa hai đảng Dân chủ và Cộng hòa rất căng thẳng.",
     [("ORG", "Dân chủ", "đảng Dân chủ"), ("ORG", "Cộng hòa", "đảng Cộng hòa")]),
    ("Các đảng Dân chủ, Cộng hòa và Xanh đều lên tiếng.",
     [("ORG", "Dân chủ", "đảng Dân chủ"), ("ORG", "Cộng hòa", "đảng Cộng hòa"), ("ORG", "Xanh", "đảng Xanh")]),
    ("Lãnh đạo đảng Dân chủ và Cộng hòa Séc gặp nhau.", [("ORG", "đảng Dân chủ", "đảng Dân chủ"), ("LOC", "Cộng hòa Séc", "Séc")]),
], ids=["two parties", "three parties", "one party, then a country"])
def test_a_lower_case_head_after_a_plural_word_names_every_organisation_listed(extractor, text, expected):
    """``hai đảng Dân chủ và Cộng hòa``: two parties, both called by the head, which stays out of
    their spans as a plural classifier does (``hai đảng [Dân chủ] và [Cộng hòa]``)."""
    assert [(m.type, m.text, m.name) for m in mentions(extractor, text) if m.type != "DATE"] == expected


def test_kinds_of_school_listed_after_a_plural_word_are_no_names(extractor):
    assert not {text for _, text in spans(extractor, "Học sinh các trường Cao đẳng, Trung cấp được nghỉ.")} & {"Trung cấp"}


def test_a_golf_course_takes_its_category_word_like_a_stadium(extractor):
    assert typed(extractor, "Vòng loại diễn ra trên sân golf Tân Sơn Nhất, chung kết ở sân Mỹ Đình.") == [
        ("LOC", "sân golf Tân Sơn Nhất"), ("LOC", "sân Mỹ Đình")]


# --- lunar years ------------------------------------------------------------------------------


def test_lunar_years_are_nobody(extractor):
    """``Đinh Dậu`` (a surname, then a branch) is the year of the cock, not a person."""
    text = ("Dịp Tết Nguyên đán Đinh Dậu, giá vàng tăng mạnh. Bước vào xuân Mậu Tuất, người dân đi lễ chùa, "
            "còn năm Canh Tý 2020 nhiều nhà đầu tư chọn bất động sản. Năm Đinh Dậu này, hoa đào đắt hàng.")
    assert {m for m in spans(extractor, text) if m[0] == "PER"} == set()


def test_a_person_or_reporter_named_like_a_lunar_year_is_still_a_person(extractor):
    found = mentions(extractor, "Hàng xóm kể ông Tân Hợi đã dọn đi từ lâu.\n\nNhâm Thân - Duy Cường")
    assert {(m.type, m.text, m.credit) for m in found} >= {("PER", "Tân Hợi", False), ("PER", "Nhâm Thân", True)}


@pytest.mark.parametrize("text, place, after", [
    ("Đây là giải đấu lớn nhất châu Á. Với chấn thương vừa gặp, anh nghỉ.", "châu Á", None),
    ("Công ty mở rộng ra châu Á. Sherwin cho biết kế hoạch đã xong.", "châu Á", ("PER", "Sherwin")),
    ("Du lịch Đông Nam Á. Trước dịch, khách đến rất đông.", "Đông Nam Á", None),
])
def test_a_place_ending_a_sentence_is_not_run_into_the_next(extractor, text, place, after):
    """``Á`` before a full stop is the end of ``châu Á``, not an initial (``A. Lukashenko``):
    an initial is written without a tone mark."""
    found = spans(extractor, text)
    assert ("LOC", place) in found
    assert not any(". " in name for _, name in found)
    if after:
        assert after in found


def test_an_initial_still_opens_a_name(extractor):
    assert ("PER", "A. Lukashenko") in spans(extractor, "Tổng thống A. Lukashenko tiếp đoàn.")
    assert ("PER", "Đ. Minh") in spans(extractor, "Anh Đ. Minh cho biết như vậy.")


# --- a nationality between a cue and a foreign name -------------------------------------------


@pytest.mark.parametrize("text, country, person", [
    ("Các cầu thủ vẫn nhớ lời dặn của thầy Đức Falko Goetz trước trận.", "Đức", "Falko Goetz"),
    ("Thầy Đức Falko Goetz đã chia tay đội bóng sau hai mùa giải.", "Đức", "Falko Goetz"),
    ("Lớp học tiếng do cô Pháp Marie Dupont phụ trách mở thêm ca tối.", "Pháp", "Marie Dupont"),
    ("Hôm qua, bà Nga Olga Petrova đến thăm trường.", "Nga", "Olga Petrova"),
])
def test_a_country_between_a_cue_and_a_foreign_name_is_not_a_given_name(extractor, text, country, person):
    found = spans(extractor, text)
    assert ("PER", person) in found
    assert ("PER", country) not in found and not any(kind == "PER" and country in name for kind, name in found)


@pytest.mark.parametrize("text, person", [
    ("Hôm qua anh Đức đến thăm bà con vùng lũ.", "Đức"),
    ("Ông Đức Anh cho biết đội sẽ thi đấu tốt.", "Đức Anh"),
    ("Hôm qua, bà Nga đến với các em nhỏ.", "Nga"),
])
def test_a_given_name_spelled_like_a_country_after_a_cue_stays_a_person(extractor, text, person):
    assert ("PER", person) in spans(extractor, text)


# --- an organisation named after a person or a place keeps its whole name ---------------------


@pytest.mark.parametrize("text, org", [
    ("Cô Lan được bổ nhiệm làm Hiệu trưởng Trường THPT Phan Đình Phùng từ tháng này.", "Trường THPT Phan Đình Phùng"),
    ("Phụ huynh gặp Hiệu trưởng Trường Tiểu học Nam Trung Yên (quận Cầu Giấy) để hỏi rõ.", "Trường Tiểu học Nam Trung Yên"),
    ("Anh Tuấn, Bí thư Đoàn TNCS Hồ Chí Minh trường, đứng ra tổ chức.", "Đoàn TNCS Hồ Chí Minh"),
    ("Hôm qua, Đoàn TNCS Hồ Chí Minh tổ chức hội trại cho thanh niên.", "Đoàn TNCS Hồ Chí Minh"),
    ("Chủ tịch Tập đoàn Hoàng Anh Gia Lai vừa thông báo kế hoạch mới.", "Tập đoàn Hoàng Anh Gia Lai"),
    ("Giám đốc Bệnh viện Bạch Mai cho biết bệnh nhân đã tỉnh.", "Bệnh viện Bạch Mai"),
    ("Nhà văn Hoài Nam (Chủ tịch Hội đồng Viện Phan Châu Trinh) mở đầu buổi gặp.", "Hội đồng Viện Phan Châu Trinh"),
])
def test_an_organisation_named_after_a_person_or_a_place_keeps_its_name(extractor, text, org):
    found = spans(extractor, text)
    assert ("ORG", org) in found
    named_inside = [name for kind, name in found if kind in ("PER", "LOC") and name in org]
    assert not named_inside


@pytest.mark.parametrize("text, org, person", [
    ("Hôm qua, Bí thư Thành ủy Đinh Văn Thắng đến thăm công trình.", None, "Đinh Văn Thắng"),
    ("Sáng nay, Bí thư Đảng ủy Phạm Văn Cao chủ trì cuộc họp.", None, "Phạm Văn Cao"),
    ("Hôm qua, Chủ tịch Tập đoàn Hoàng Anh Gia Lai Đoàn Nguyên Đức phát biểu.", "Tập đoàn Hoàng Anh Gia Lai", "Đoàn Nguyên Đức"),
    ("Hôm qua, Giám đốc Bệnh viện Bạch Mai Nguyễn Quốc Anh cho biết.", "Bệnh viện Bạch Mai", "Nguyễn Quốc Anh"),
    ("Sáng nay, Giám đốc Xí nghiệp buýt nhanh BRT Nguyễn Thủy kiểm tra tuyến xe.", "Xí nghiệp buýt nhanh BRT", "Nguyễn Thủy"),
])
def test_the_official_named_after_a_body_keeps_a_whole_name(extractor, text, org, person):
    found = spans(extractor, text)
    assert ("PER", person) in found
    if org:
        assert ("ORG", org) in found
    assert not any(kind == "ORG" and person.split(" ")[0] in name.split(" ") for kind, name in found)
