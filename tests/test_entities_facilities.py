"""Places and organisations named after a category word, on sentences written for them
(issue 13, categories 3 and 6): hotels and housing estates, numbered wards and hamlets,
institution heads of four or five words, and verbs that are not part of a name."""

from __future__ import annotations


from entity_sentences import mentions, spans



# --- hotels, housing estates, resorts: places with their category word --------------------


def test_a_hotel_is_a_place_with_its_category_word(extractor):
    found = {(m.type, m.text, m.name) for m in mentions(extractor, "Đoàn khách nghỉ tại khách sạn Hương Giang rồi đi tàu ra Huế.")}
    assert ("LOC", "khách sạn Hương Giang", "Khách sạn Hương Giang") in found


def test_housing_estates_and_resorts_are_places(extractor):
    found = spans(extractor, "Cư dân khu chung cư Hoàng Anh phản đối, còn khu nghỉ dưỡng Sao Biển đóng cửa.")
    assert found >= {("LOC", "khu chung cư Hoàng Anh"), ("LOC", "khu nghỉ dưỡng Sao Biển")}


def test_a_hotel_named_after_a_province_is_not_the_province(extractor):
    found = spans(extractor, "Hội thảo diễn ra tại khách sạn Thanh Hóa sáng nay.")
    assert ("LOC", "khách sạn Thanh Hóa") in found
    assert ("LOC", "Thanh Hóa") not in found


# --- numbers that close a place's name --------------------------------------------------


def test_a_number_closes_the_name_of_a_hamlet_or_a_hotel(extractor):
    found = spans(extractor, "Bà Lan ở thôn Đông Xuyên 2, xã Hòa Lạc; đoàn ở khách sạn Bình Minh 3 đêm qua.")
    assert ("LOC", "thôn Đông Xuyên 2") in found
    assert ("LOC", "khách sạn Bình Minh") in found  # "3 đêm": a count, not the hotel's number


def test_a_number_after_a_province_ends_the_name_only_when_it_is_the_places(extractor):
    found = spans(extractor, "Tại ấp Bạc Liêu 1, xã Vĩnh Trạch có 2 người mắc bệnh, tại tỉnh Bạc Liêu 2 người khác.")
    assert ("LOC", "ấp Bạc Liêu 1") in found
    assert ("LOC", "tỉnh Bạc Liêu") in found


def test_a_range_of_hours_is_not_a_house_number(extractor):
    found = spans(extractor, "Xe cộ trên đường Lê Lợi 6 - 7 giờ tối luôn đông.")
    assert ("LOC", "đường Lê Lợi") in found


def test_lower_case_numbered_wards_and_districts_are_places(extractor):
    found = spans(extractor, "Anh Tùng ngụ phường 12, quận 5, còn chị Mai ở ấp 4 (xã Tân Phú) và tổ dân phố 3.")
    assert found >= {("LOC", "phường 12"), ("LOC", "quận 5"), ("LOC", "ấp 4"), ("LOC", "tổ dân phố 3")}


def test_the_home_side_s_ground_is_the_stadium_s_name_only(extractor):
    found = spans(extractor, "Đội chủ sân Thiên Trường thua đậm, còn trận sau diễn ra trên sân Hàng Đẫy.")
    assert found >= {("LOC", "Thiên Trường"), ("LOC", "sân Hàng Đẫy")}


def test_numbered_roads_are_places_in_either_case(extractor):
    found = spans(extractor, "Xe container lật trên quốc lộ 1A, còn Tỉnh lộ 279 bị sạt lở.")
    assert found >= {("LOC", "quốc lộ 1A"), ("LOC", "Tỉnh lộ 279")}


def test_a_numbered_district_inside_an_organisation_stays_inside_it(extractor):
    found = spans(extractor, "Công an quận 8 đã bắt giữ hai đối tượng.")
    assert found == {("ORG", "Công an quận 8")}


def test_a_large_number_is_not_a_district_number(extractor):
    assert spans(extractor, "Mỗi quận 10.000 hộ dân được hỗ trợ.") == set()


# --- institution heads of four or five words ------------------------------------------


def test_a_clinic_head_of_three_words_and_a_commune(extractor):
    found = spans(extractor, "Cháu bé được đưa tới trạm y tế xã Hòa Tiến rồi chuyển lên tuyến trên.")
    assert ("ORG", "trạm y tế xã Hòa Tiến") in found


def test_a_general_hospital_of_a_province_is_one_organisation(extractor):
    found = spans(extractor, "Nạn nhân nằm ở bệnh viện đa khoa tỉnh Hà Tĩnh, chưa qua cơn nguy kịch.")
    assert found == {("ORG", "bệnh viện đa khoa tỉnh Hà Tĩnh")}


def test_a_new_urban_area_of_four_words_is_a_place(extractor):
    found = spans(extractor, "Dự án nằm trong khu đô thị mới Nam Thăng Long.")
    assert ("LOC", "khu đô thị mới Nam Thăng Long") in found


# --- verbs after an organisation's name --------------------------------------------------


def test_a_verb_after_an_organisations_name_is_not_part_of_it(extractor):
    found = spans(extractor, "Nạn nhân được đưa vào Bệnh viện Chợ Rẫy cấp cứu. Vụ việc đang được Công an huyện Đông Anh điều tra.")
    assert found >= {("ORG", "Bệnh viện Chợ Rẫy"), ("ORG", "Công an huyện Đông Anh")}
    assert not any(text.endswith(("cấp cứu", "điều tra")) for _, text in found)


def test_a_verb_after_a_company_or_an_acronym_is_not_part_of_it(extractor):
    found = spans(extractor, "Phần mềm do Samsung phát triển. Sáng nay, Bộ GTVT thông tin.")
    assert found >= {("ORG", "Samsung"), ("ORG", "Bộ GTVT")}


def test_a_field_after_a_lower_case_syllable_or_a_legal_form_stays_in_the_name(extractor):
    found = spans(extractor, "Ông làm ở Trung tâm Công nghệ thông tin, vợ ông ở Công ty TNHH xây dựng Phú Cường.")
    assert found >= {("ORG", "Trung tâm Công nghệ thông tin"), ("ORG", "Công ty TNHH xây dựng Phú Cường")}


# --- a common given name standing alone (issue 13, category 1) ---------------------------


def test_a_common_given_name_alone_mid_sentence_is_a_person(extractor):
    found = spans(extractor, "Công an huyện đã tạm giữ Dũng để làm rõ. Khi bị bắt Khánh đã khai nhận.")
    assert found >= {("PER", "Dũng"), ("PER", "Khánh")}


def test_a_given_name_alone_before_punctuation_is_a_person(extractor):
    found = spans(extractor, "Người đi cùng là Tuấn, em họ của nạn nhân.")
    assert ("PER", "Tuấn") in found


def test_a_given_name_that_opens_a_compound_is_not_a_person(extractor):
    found = spans(extractor, "Mẹ nấu nước Sơn trà cho con, còn bố đọc sách về Vương quốc Anh.")
    assert not any(kind == "PER" for kind, _ in found)


def test_a_given_name_after_a_season_or_a_subject_word_is_not_a_person(extractor):
    found = spans(extractor, "Chương trình đón Xuân năm nay có thêm môn Hòa nhạc và tháng Giêng.")
    assert not any(kind == "PER" for kind, _ in found)


def test_a_given_name_after_a_capitalised_word_is_left_to_the_name_it_ends(extractor):
    assert ("PER", "Khánh") not in spans(extractor, "Ảnh: Quốc Khánh.")


# --- a body described in lower-case words and named by its country (category 6) ------------


def test_a_body_described_in_lower_case_and_named_by_its_country_is_one_organisation(extractor):
    found = spans(extractor, "Theo Cơ quan tình báo Hàn Quốc, tên lửa rơi xuống biển; Tòa án tối cao Brazil chưa lên tiếng.")
    assert found >= {("ORG", "Cơ quan tình báo Hàn Quốc"), ("ORG", "Tòa án tối cao Brazil")}
    assert ("LOC", "Hàn Quốc") not in found


def test_a_country_after_a_descriptor_of_a_common_noun_stays_a_place(extractor):
    found = spans(extractor, "Hai CLB lớn nhất nước Pháp đều thua, Báo giới Hàn Quốc bình luận.")
    assert found >= {("LOC", "Pháp"), ("LOC", "Hàn Quốc")}
    assert not any(kind == "ORG" and "Pháp" in text for kind, text in found)


# --- committees of the National Assembly named with it (category 6, own gold decision 7) ---


def test_a_committee_named_with_the_national_assembly_is_one_organisation(extractor):
    found = spans(extractor, "Phó Chủ nhiệm Ủy ban Đối ngoại của Quốc hội Trần Văn Tám và Hội đồng dân tộc của Quốc hội khóa XV đã họp.")
    assert found >= {("ORG", "Ủy ban Đối ngoại của Quốc hội"), ("ORG", "Hội đồng dân tộc của Quốc hội khóa XV"), ("PER", "Trần Văn Tám")}
    assert ("ORG", "Quốc hội") not in found


def test_a_committee_named_by_its_field_in_lower_case(extractor):
    found = spans(extractor, "Ý kiến của Ủy ban về các vấn đề xã hội của Quốc hội được gửi đi.")
    assert ("ORG", "Ủy ban về các vấn đề xã hội của Quốc hội") in found


def test_the_national_assemblys_committees_in_general_are_not_one_of_them(extractor):
    found = spans(extractor, "Các Ủy ban của Quốc hội và Hội đồng Dân tộc và các Ủy ban của Quốc hội cùng giám sát. Nghị quyết của Quốc hội đã ban hành.")
    assert not any("Ủy ban của Quốc hội" in text or "các Ủy ban" in text for _, text in found)
    assert ("ORG", "Quốc hội") in found


# --- foreign names with lower-case particles (issue 13, category 7) -------------------------


def test_a_foreign_name_with_two_particles_is_one_person(extractor):
    found = spans(extractor, "Năm 2019, bà Ursula von der Leyen nhậm chức. Thủ môn Edwin van der Sar nghỉ hưu.")
    assert found >= {("PER", "Ursula von der Leyen"), ("PER", "Edwin van der Sar")}


def test_a_name_with_two_particles_after_a_title_and_its_organisation_is_given_back(extractor):
    found = spans(extractor, "Chủ tịch Ủy ban châu Âu Ursula von der Leyen phát biểu.")
    assert found == {("ORG", "Ủy ban châu Âu"), ("PER", "Ursula von der Leyen")}


def test_a_foreign_name_with_a_dutch_or_arabic_particle_is_a_person_without_a_title(extractor):
    found = spans(extractor, "Ngay sau đó, Robin van Persie và Mohammed bin Salman xuất hiện trên khán đài.")
    assert found >= {("PER", "Robin van Persie"), ("PER", "Mohammed bin Salman")}


def test_a_place_with_a_romance_particle_is_not_made_a_person(extractor):
    found = spans(extractor, "Họ nghỉ ở Spiaggia di Guvano rồi bay về Cagayan de Oro.")
    assert not any(kind == "PER" for kind, _ in found)
