"""Entity errors a new user found in the sidebar on the baomoi corpus (issue 13), one test per
category, each with sentences written for it."""

from __future__ import annotations

import pytest

from entity_sentences import mentions, spans
from tui.core.entities import EntityIndex
from tui.core.loader import article_from_text
from tui.core.text import clean_text


def people(extractor, text: str) -> set[str]:
    return {m.text for m in mentions(extractor, text) if m.type == "PER"}


@pytest.mark.parametrize("text, person", [
    ("Ảnh: Nikkei Ông Trump dự kiến chào đón khách tại Nhà Trắng.", "Trump"),
    ("Căng thẳng leo thang Ông Trump đang phải đối mặt với một trận chiến khó khăn.", "Trump"),
    ("Ngài Antonio Guterres phát biểu tại hội nghị.", "Antonio Guterres"),
    ("Tại buổi lễ, ngài Antonio Guterres phát biểu.", "Antonio Guterres"),
    ("Bà Murata Renho từ chức chủ tịch đảng.", "Murata Renho"),
    ("Theo tờ báo, Bà Murata Renho đã từ chức.", "Murata Renho"),
    ("Chị Lan bán hàng ở chợ Ông Tạ.", "Lan"),
], ids=["after a caption", "a lost full stop", "Ngài opening", "ngài", "Bà opening", "Bà after a comma", "a market"])
def test_a_capitalised_honorific_is_a_cue_not_part_of_the_name(extractor, text, person):
    """``Ông``, ``Bà``, ``Ngài`` written with a capital inside a sentence open one whose full stop was
    lost (a caption or a headline run into the text): the cue is not part of the person's name."""
    found = people(extractor, text)
    assert person in found
    assert not any(name.split(" ")[0] in ("Ông", "Bà", "Ngài", "Chị") for name in found)


@pytest.mark.parametrize("text, place", [
    ("Du khách đổ về Bà Nà Hills dịp nghỉ lễ.", "Bà Nà Hills"),
    ("Mưa lớn ở Bà Rịa khiến nhiều tuyến đường ngập.", "Bà Rịa"),
], ids=["Bà Nà Hills", "Bà Rịa"])
def test_a_place_named_with_an_honorific_stays_a_place(extractor, text, place):
    found = spans(extractor, text)
    assert ("LOC", place) in found
    assert not any(kind == "PER" for kind, _ in found)


@pytest.mark.parametrize("text, word", [
    ("Ông Hoàng Hữu Nam, Chánh Văn phòng Phủ Chủ tịch, yêu cầu các tỉnh báo cáo.", "Phủ"),
    ("Bà Chu Mi-ae nói Phủ tổng thống không phải là khu bảo tồn.", "Phủ"),
    ("Ông Nguyễn Vĩnh Ninh, Giám đốc Khu quản lý giao thông đô thị, cho hay.", "Khu"),
    ("Italia đang giữ chức Chủ tịch Nhóm các nước phát triển hàng đầu.", "Nhóm"),
    ("Đoàn dự Hội nghị Ngoại trưởng Nhóm G20 tại Đức.", "Nhóm"),
    ("Khởi My cùng người đã trang điểm cho cô Nữ ca sĩ 9x lựa chọn phong cách.", "Nữ"),
    ("Nữ nghị sĩ Ileana Ros-Lehtinen lên tiếng.", "Nữ"),
    ("Tiến sĩ Lương Thị Thu Hiền, Trưởng khoa Nội nhi tổng hợp, cho biết.", "Nội"),
    ("Lệnh cấm công dân 7 nước Hồi giáo nhập cảnh gây tranh cãi.", "Hồi"),
    ("Danh sách 12 dự án thua lỗ nặng của ngành Công Thương gồm nhiều nhà máy.", "Công Thương"),
    ("Các Bộ: Công an, Lao động Thương binh và Xã hội, Công Thương, Y tế phối hợp.", "Công Thương"),
], ids=["Phủ Chủ tịch", "Phủ tổng thống", "Khu quản lý", "Nhóm các nước", "Nhóm G20", "Nữ ca sĩ",
        "Nữ nghị sĩ", "khoa Nội", "Hồi giáo", "a ministry's sector", "a list of ministries"])
def test_a_capitalised_common_word_is_no_one(extractor, text, word):
    """Words that open the name of a body, a department or a faith, or a common noun written with a
    capital, are not one-word people."""
    assert word not in people(extractor, text)


@pytest.mark.parametrize("text, person", [
    ("Chủ tịch Phúc cho biết sẽ chỉ đạo ngay.", "Phúc"),
    ("Anh Phú thay mặt gia đình xin lỗi.", "Phú"),
    ("Khoảng 11 giờ, ông Để đi xe máy đến.", "Để"),
    ("Tiền đạo Công Phượng ghi bàn.", "Công Phượng"),
], ids=["a title and a given name", "Phú", "a given name that is a common word", "Công Phượng"])
def test_a_given_name_alone_is_still_a_person(extractor, text, person):
    assert person in people(extractor, text)


def credited(extractor, text: str) -> list[tuple[str, str, bool]]:
    return [(m.type, m.text, m.credit) for m in mentions(extractor, text) if m.type == "ORG"]


@pytest.mark.parametrize("text, paper", [
    ("Trao đổi với PV Dân trí, ông Tô Văn Hiệp cho biết giá sẽ tăng.", "Dân trí"),
    ("Theo tìm hiểu của phóng viên Dân trí, giá hành giảm mạnh.", "Dân trí"),
    ("Như Dân trí đã đưa tin, giá hành giảm mạnh.", "Dân trí"),
    ("Trước đó, như báo Tuổi Trẻ đã phản ánh, nhiều hộ dân lao đao.", "báo Tuổi Trẻ"),
    ("Trao đổi với Dân trí, ông Lê Duy Minh, Cục trưởng Cục Thuế cho biết.", "Dân trí"),
    ("Chị Hoa chia sẻ với phóng viên VnExpress rằng chị rất lo.", "VnExpress"),
    ("Dân trí Thanh tra Bộ GD&ĐT chủ trì việc kiểm tra.", "Dân trí"),
], ids=["PV", "phóng viên", "Như … đã đưa tin", "như báo … đã phản ánh", "trao đổi với", "chia sẻ với phóng viên",
        "a dateline"])
def test_the_paper_reporting_the_story_is_a_credit(extractor, text, paper):
    """``PV Dân trí``, ``Như Dân trí đã đưa tin``: the paper that reports the story (its reporter, or
    the paper told or recalling its reports) signs it; the story is not about it."""
    named = [credit for _, t, credit in credited(extractor, text) if t in paper or paper in t]
    assert named and all(named)


@pytest.mark.parametrize("text, org", [
    ("Báo Dân trí tổ chức giải chạy vì người nghèo.", "Báo Dân trí"),
    ("Trao đổi với Bộ Y tế, đại diện WHO cho biết vắc xin đã về.", "Bộ Y tế"),
    ("Theo ghi nhận của Sở Y tế, có 5 ca mắc mới.", "Sở Y tế"),
    ("Năm qua, ông Vượng đã được Forbes vinh danh.", "Forbes"),
    ("PV GAS cũng thực hiện nghiêm túc quản lý an toàn.", "GAS"),
], ids=["the paper's own event", "a ministry told", "a department's record", "an honour", "a company named PV"])
def test_an_organisation_the_story_is_about_is_no_credit(extractor, text, org):
    assert ("ORG", org, False) in credited(extractor, text)


def test_a_day_and_month_without_a_year_are_not_merged_into_a_full_date(extractor):
    """``11/6`` in an article of 2021 may be another year's 11 June: it is counted apart from
    ``11/6/2021``, with the other ``11/6`` of the corpus, dated or not."""
    texts = [("Ngày 11/6, đoàn đến Hà Nội. Hạn chót là ngày 11/6/2021.", "2021-06-20"),
             ("Sáng 11/6, trời mưa to.", "2021-03-02"), ("Ngày 11/6, cửa hàng mở cửa.", None)]
    articles = []
    for number, (text, date) in enumerate(texts):
        article = article_from_text(clean_text(text), str(number), None, title_in_text=False)
        article.date = date
        articles.append(article)
    index = EntityIndex.build(articles, extractor)
    dates = {e.name: (e.doc_count, e.mention_count) for e in index.entities("DATE")}
    assert dates == {"11/6": (3, 3), "11/6/2021": (1, 1)}


@pytest.mark.parametrize("text, org", [
    ("Đại diện Giáo hội Công giáo tại Mỹ lên tiếng.", "Giáo hội Công giáo"),
    ("Ông là Chủ tịch Hội đồng Sự thật, Công lý và Hàn gắn của Nam Phi.", "Hội đồng Sự thật, Công lý và Hàn gắn"),
    ("Hội đồng Sự thật và Hòa giải được thành lập năm 1995.", "Hội đồng Sự thật và Hòa giải"),
    ("Ông từng làm việc ở Viện Kiểm nghiệm, sau đó về hưu.", "Viện Kiểm nghiệm"),
], ids=["Công giáo", "fields listed", "two fields", "before a comma"])
def test_an_organisation_name_keeps_the_lower_case_syllable_of_its_last_word(extractor, text, org):
    """Vietnamese capitalises the first syllable of each word of a name (``Công giáo``, ``Sự thật``):
    the lower-case syllable closing the name is part of it, not where it ends."""
    assert ("ORG", org) in spans(extractor, text)


@pytest.mark.parametrize("text, org", [
    ("Công ty Hoàng Long cho biết sẽ bồi thường.", "Công ty Hoàng Long"),
    ("Bộ Y tế đã cấp phép cho vắc xin này.", "Bộ Y tế"),
], ids=["a verb after the name", "a known name"])
def test_an_organisation_name_stops_before_the_sentence_goes_on(extractor, text, org):
    assert ("ORG", org) in spans(extractor, text)


@pytest.mark.parametrize("text, person, role", [
    ("Ông tiếp Thượng tướng Phạm Trường Long, Phó Chủ tịch Quân ủy Trung ương Trung Quốc Tổng Bí thư Nguyễn Phú Trọng "
     "hoan nghênh đoàn.", "Nguyễn Phú Trọng", "Tổng Bí thư"),
    ("Bộ trưởng Bộ Ngoại giao Trung Quốc Vương Nghị đến Hà Nội.", "Vương Nghị", "Bộ trưởng Bộ Ngoại giao Trung Quốc"),
    ("Ủy viên Bộ Chính trị, Bí thư Thành ủy Hà Nội Vương Đình Huệ dự lễ.", "Vương Đình Huệ", "Bí thư Thành ủy Hà Nội"),
], ids=["a title after another's body", "a minister of a country", "two titles"])
def test_a_title_after_a_body_starts_anew(extractor, text, person, role):
    """``… Phó Chủ tịch Quân ủy Trung ương Trung Quốc | Tổng Bí thư Nguyễn Phú Trọng``: a title after
    the body and the country closing another one (a caption run into the text) is the person's
    whole title, not the end of a chain of them."""
    found = {m.name: m.role for m in mentions(extractor, text) if m.type == "PER"}
    assert found.get(person) == role


@pytest.mark.parametrize("text, person, role", [
    ("Bộ trưởng Nội vụ Anh Amber Rudd xác nhận vụ việc.", "Amber Rudd", "Bộ trưởng Nội vụ Anh"),
    ("Bộ trưởng Nội vụ Bruno Le Roux nhấn mạnh điều đó.", "Bruno Le Roux", "Bộ trưởng Nội vụ"),
], ids=["Anh is the country", "a field of a title"])
def test_a_word_that_is_no_name_after_a_title_opens_its_field(extractor, text, person, role):
    """``Bộ trưởng Nội vụ``: ``Nội`` (never a name) opens the field of the title, and the country
    after it (``Anh``) is the minister's, not the first word of the person's name."""
    found = {m.text: m.role for m in mentions(extractor, text) if m.type == "PER"}
    assert found == {person: role}


@pytest.mark.parametrize("text, org", [
    ("Đại tá Nguyễn Đình Chiến, Trưởng Công an huyện Phú Xuyên trồng cây.", "Công an huyện Phú Xuyên"),
    ("Trung tá Đinh Anh Dũng, Trưởng Công an huyện Quỳ Hợp cho biết.", "Công an huyện Quỳ Hợp"),
    ("Đại sứ Nguyễn Phương Nga, Trưởng Phái đoàn Việt Nam tại Liên hợp quốc, phát biểu.", "Phái đoàn Việt Nam"),
], ids=["a district's police", "a comma after", "a delegation"])
def test_the_head_of_a_body_is_a_title_not_a_name(extractor, text, org):
    """``Trưởng Công an huyện …``: the head of the police, a title before its body, not a person
    ``Trưởng Công``."""
    found = spans(extractor, text)
    assert ("ORG", org) in found
    assert {t for kind, t in found if kind == "PER"} <= {"Nguyễn Đình Chiến", "Đinh Anh Dũng", "Nguyễn Phương Nga"}
