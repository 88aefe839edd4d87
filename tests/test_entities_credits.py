"""Bylines and credits: kept as mentions of their type marked ``credit``, out of the sidebar's
lists and of the corpus table, listed as the article's authors and sources."""

from __future__ import annotations

import pytest

from tui.core.entities import EntityIndex
from tui.core.loader import article_from_text
from tui.core.text import clean_text
from tui.core.workspace import open_corpus

STORY = (
    "Bão số 5 đổ bộ\n\n"
    "Chiều 12/9, ông Nguyễn Văn Hùng, Chủ tịch UBND tỉnh Quảng Ngãi, cho biết mưa lớn đã làm ngập nhiều nhà dân "
    "ở huyện Bình Sơn và chính quyền đã sơ tán hàng nghìn người đến nơi an toàn trước khi bão vào.\n\n"
    "Người dân dọn dẹp sau bão. (Ảnh: Minh Hoàng)\n\n"
    "Ông Hùng nói lực lượng cứu hộ vẫn túc trực suốt đêm tại các xã ven biển để hỗ trợ người dân.\n\n"
    "Lan Anh - Quốc Tuấn\n"
    "Theo Reuters"
)


def article(text: str, doc_id: str = "a"):
    return article_from_text(clean_text(text), doc_id, None)


def credits(mentions):
    return {(m.type, m.text) for m in mentions if m.credit}


def test_byline_source_and_photo_credit_are_credits_of_their_type(extractor):
    mentions = extractor.extract(article(STORY))
    assert credits(mentions) == {("PER", "Lan Anh"), ("PER", "Quốc Tuấn"), ("ORG", "Reuters"), ("PER", "Minh Hoàng")}
    story = {(m.type, m.text) for m in mentions if not m.credit}
    assert ("PER", "Nguyễn Văn Hùng") in story and ("PER", "Lan Anh") not in story


def test_a_line_of_names_inside_the_story_is_not_a_byline(extractor):
    text = ("Tin thể thao\n\nĐội hình xuất phát gồm nhiều cầu thủ trẻ, được huấn luyện viên đánh giá rất cao.\n\n"
            "Nguyễn Công Phượng - Nguyễn Quang Hải\n\n"
            "Hai cầu thủ này đã ghi bàn trong trận đấu tối qua và nhận được nhiều lời khen từ đồng đội của họ.")
    mentions = extractor.extract(article(text))
    assert not credits(mentions)
    assert ("PER", "Nguyễn Quang Hải") in {(m.type, m.text) for m in mentions}


def test_source_with_reporter_and_paper(extractor):
    text = ("Tin kinh tế\n\nGiá xăng tăng lần thứ ba liên tiếp trong tháng này, theo công bố của liên bộ chiều nay.\n\n"
            "Theo Huy Phong (Dân Việt)")
    assert credits(extractor.extract(article(text))) == {("PER", "Huy Phong"), ("ORG", "Dân Việt")}


def test_credits_stay_out_of_the_corpus_table_and_the_sidebar(extractor):
    other = STORY.replace("Bão số 5", "Bão số 6").replace("Quảng Ngãi", "Bình Định")
    index = EntityIndex.build([article(STORY, "a"), article(other, "b")], extractor)
    names = {e.name for e in index.entities()}
    assert "Nguyễn Văn Hùng" in names
    assert not names & {"Lan Anh", "Quốc Tuấn", "Reuters", "Minh Hoàng"}
    assert not {e.name for e, _ in index.entities_of(0)} & {"Lan Anh", "Reuters"}
    assert [m.text for m in index.credits_of(0)] == ["Minh Hoàng", "Lan Anh", "Quốc Tuấn", "Reuters"]


def test_credits_survive_the_cache(tmp_path):
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    cold = open_corpus([str(tmp_path)])
    warm = open_corpus([str(tmp_path)])
    assert warm.from_cache
    assert [m.text for m in warm.entity_index.credits_of(0)] == [m.text for m in cold.entity_index.credits_of(0)] != []


def test_a_source_closing_the_last_sentence_is_a_credit(extractor):
    text = "Tin thế giới\n\nMỹ khó rút lại các lệnh trừng phạt này trong năm tới. Theo Huy Phong (Dân Việt)"
    assert credits(extractor.extract(article(text))) == {("PER", "Huy Phong"), ("ORG", "Dân Việt")}
    text = "Tin thế giới\n\nGiá vàng tăng mạnh trong phiên sáng nay. Theo Reuters."
    assert credits(extractor.extract(article(text))) == {("ORG", "Reuters")}
    inside = extractor.extract(article("Tin\n\nGiá vàng tăng mạnh, theo Reuters, trong phiên sáng nay ở châu Á."))
    assert not credits(inside)


def test_credits_read_as_author_source_and_photographer(extractor):
    from tui.core.entities.credits import article_credits

    story = article(STORY)
    found = article_credits(story.text, [m for m in extractor.extract(story) if m.credit])
    assert found.authors == ("Lan Anh", "Quốc Tuấn")
    assert found.sources == ("Reuters",)
    assert found.photos == ("Minh Hoàng",)


def test_the_reader_metadata_names_who_signed_the_story_within_two_lines(extractor):
    from tui.core.entities.credits import article_credits
    from tui.widgets.reader import layout_article

    story = article(STORY)
    credits_ = article_credits(story.text, [m for m in extractor.extract(story) if m.credit])
    for language, expected in (("en", "by Lan Anh, Quốc Tuấn · via Reuters · "), ("vi", "tác giả Lan Anh, Quốc Tuấn · theo Reuters · ")):
        meta = [line.label for line in layout_article(story, 100, language, credits_).lines if line.component == "reader--meta"]
        assert len(meta) <= 2 and meta[-1].startswith(expected)
    photo_only = article("Tin ảnh\n\nNgười dân dọn dẹp sau bão tại các xã ven biển của tỉnh. (Ảnh: Minh Hoàng)")
    credits_ = article_credits(photo_only.text, [m for m in extractor.extract(photo_only) if m.credit])
    meta = [line.label for line in layout_article(photo_only, 100, "en", credits_).lines if line.component == "reader--meta"]
    assert meta[-1].startswith("photo Minh Hoàng · ")


def test_the_corpus_knows_which_articles_each_author_signed(extractor):
    other = STORY.replace("Bão số 5", "Bão số 6").replace("Lan Anh - Quốc Tuấn", "Lan Anh")
    third = "Tin khác\n\nGiá vàng tăng mạnh trong phiên sáng nay ở thị trường châu Á và châu Âu.\n\nHoàng Hà"
    index = EntityIndex.build([article(STORY, "a"), article(other, "b"), article(third, "c")], extractor)
    authors = [(e.name, e.doc_count) for e in index.credit_entities("PER")]
    assert authors[0] == ("Lan Anh", 2) and ("Quốc Tuấn", 1) in authors and ("Hoàng Hà", 1) in authors
    assert index.docs_credited(index.credit_key("lan anh")) == [0, 1]
    assert index.docs_credited(index.credit_key("Hoang Ha")) == [2]
    assert index.credit_key("Nguyễn Văn Hùng") is None  # named in the story, signs nothing


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_the_reader_shows_the_article_author_and_source(tmp_path, size):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    from pilot import make_app, settle, wait_until

    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    app = make_app([str(tmp_path)])
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await wait_until(pilot, lambda: app.reader.credits, "the article's credits")
        app.reader.focus()  # (below 100 columns the list is wider while it has the focus: read as a reader would)
        await wait_until(pilot, lambda: any(line.label.startswith("by Lan Anh, Quốc Tuấn · via Reuters")
                                            for line in app.reader.text_layout.lines), "the reader's width")
        meta = [line.label for line in app.reader.text_layout.lines if line.component == "reader--meta"]
        assert len(meta) <= 2 and meta[-1].startswith("by Lan Anh, Quốc Tuấn · via Reuters")
        shown = [app.reader.render_line(y).text for y in range(4)]  # as drawn: title, then metadata
        assert any(line.lstrip().startswith("by Lan Anh") for line in shown), shown


def test_the_authors_table_survives_the_cache(tmp_path):
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "b.txt").write_text(STORY.replace("Bão số 5", "Bão số 7").replace("Lan Anh - Quốc Tuấn", "Lan Anh"),
                                    encoding="utf-8")
    cold = open_corpus([str(tmp_path)])
    warm = open_corpus([str(tmp_path)])
    assert warm.from_cache
    table = [(e.name, e.doc_count) for e in warm.entity_index.credit_entities("PER")]
    assert table == [(e.name, e.doc_count) for e in cold.entity_index.credit_entities("PER")]
    assert ("Lan Anh", 2) in table


def test_author_filter_lists_the_articles_a_reporter_signed(tmp_path):
    import json
    import subprocess
    import sys

    other = STORY.replace("Bão số 5", "Lũ quét").replace("Lan Anh - Quốc Tuấn", "Quốc Tuấn").replace("Theo Reuters", "")
    third = "Tin khác\n\nGiá vàng tăng mạnh trong phiên sáng nay ở thị trường châu Á và châu Âu.\n\nHoàng Hà"
    for name, text in (("a.txt", STORY), ("b.txt", other), ("c.txt", third)):
        (tmp_path / name).write_text(text, encoding="utf-8")

    def ids(query: str) -> tuple[set[str], str]:
        done = subprocess.run([sys.executable, "-m", "tui", "search", "--json", query, str(tmp_path)],
                              capture_output=True, text=True)
        hits = json.loads(done.stdout)["results"] if done.stdout.strip() else []
        return {hit["id"] for hit in hits}, done.stderr

    assert ids('author:"Quoc Tuan"')[0] == {"a.txt", "b.txt"}  # diacritics optional
    assert ids("author:reuters")[0] == {"a.txt"}
    assert ids('"lũ quét" author:"Quốc Tuấn"')[0] == {"b.txt"}
    assert ids('-author:"Quốc Tuấn" vàng')[0] == {"c.txt"}
    found, said = ids('author:"Quoc Tuam"')
    assert not found and "Quốc Tuấn" in said  # the closest names


AGENCY_STORY = (
    "Lũ quét ở Yên Bái\n\n"
    "Theo TTXVN, trận lũ quét đêm qua đã cuốn trôi nhiều ngôi nhà ở huyện Mù Cang Chải. Phóng viên TTXVN "
    "tại hiện trường cho biết lực lượng cứu hộ đang tìm kiếm những người mất tích.\n\n"
    "Bộ đội giúp dân dọn bùn đất. (Ảnh: Văn Điệp – TTXVN)\n\n"
    "Con đường vào bản bị sạt lở nặng. (Ảnh: Huy Bình/Vietnam+)\n\n"
    "Chính quyền địa phương đã sơ tán hàng trăm hộ dân đến nơi an toàn. Tin, ảnh: Phạm Duy Khương (TTXVN)\n\n"
    "TTXVN"
)


def test_an_agency_in_a_photo_credit_or_signing_off_is_a_credit_not_a_mention(extractor):
    """``(Ảnh: Văn Điệp – TTXVN)``, ``Huy Bình/Vietnam+``, ``Tin, ảnh: … (TTXVN)`` and a bare
    ``TTXVN`` line closing the story credit it; the agency named inside the story does not."""
    mentions = extractor.extract(article(AGENCY_STORY))
    assert credits(mentions) == {("PER", "Văn Điệp"), ("PER", "Huy Bình"), ("PER", "Phạm Duy Khương"),
                                 ("ORG", "TTXVN"), ("ORG", "Vietnam+")}
    story = [m for m in mentions if m.type == "ORG" and not m.credit]
    assert [m.text for m in story] == ["TTXVN", "TTXVN"]  # "Theo TTXVN, …", "Phóng viên TTXVN tại …"
    assert all(m.start < AGENCY_STORY.index("Bộ đội") for m in story)


def test_reporters_and_agency_signing_a_running_paragraph_are_credits(extractor):
    """Papers that run the whole article as one paragraph sign it at its end: ``… rõ. Xuân Tùng
    (TTXVN)``, ``… nước. TTXVN/Tin Tức``, ``… Ảnh: Trọng Đạt/TTXVN Thời tiết …``."""
    text = ("Mưa lớn kéo dài ở Hà Nội. Ảnh: Trọng Đạt/TTXVN Thời tiết ngày mai vẫn còn mưa rào ở nhiều nơi, "
            "Trung tâm Dự báo khí tượng thủy văn quốc gia cho biết theo bản tin sáng nay. Xuân Tùng (TTXVN)")
    mentions = extractor.extract(article(text))
    assert credits(mentions) == {("PER", "Trọng Đạt"), ("PER", "Xuân Tùng"), ("ORG", "TTXVN")}
    assert sum(m.credit for m in mentions if m.text == "TTXVN") == 2
    signed = extractor.extract(article("Hai bên nhất trí tăng cường hợp tác kinh tế trong thời gian tới. TTXVN/Tin Tức"))
    assert {m.text for m in signed if m.type == "ORG" and not m.credit} == set()


def test_a_photo_credit_agency_is_left_out_of_the_sidebar(extractor):
    index = EntityIndex.build([article(AGENCY_STORY, "a")], extractor)
    orgs = [e for e, _ in index.entities_of(0) if e.type == "ORG"]
    assert [(e.name, count) for e, count in index.entities_of(0) if e.type == "ORG"] == [("TTXVN", 2)]
    assert orgs and not {e.name for e, _ in index.entities_of(0)} & {"Vietnam+", "Văn Điệp", "Huy Bình"}


@pytest.mark.parametrize("text, credited", [
    ("Tòa tuyên phạt bị cáo 5 năm tù giam về tội trộm cắp tài sản. K.A (TTXVN)", {("PER", "K.A"), ("ORG", "TTXVN")}),
    ("Cơ quan chức năng sẽ xử lý nghiêm hành vi vi phạm trên. Vân - Giang  (TTXVN) ",
     {("PER", "Vân"), ("PER", "Giang"), ("ORG", "TTXVN")}),
    ("Giá xăng giữ ở mức 3.000 đồng mỗi lít.  Thạch Huê - TTXVN ", {("PER", "Thạch Huê"), ("ORG", "TTXVN")}),
    ("Tàu cá bị sóng đánh vỡ tại cảng Phú Lạc. Minh Đức/TTXVN. Chiếc bị nặng nhất là tàu vỏ thép.",
     {("ORG", "TTXVN")}),
    ("Hai nhà lãnh đạo bắt tay tại Seoul ngày 7/5. YONHAP/TTXVN Trong tuyên bố chung, hai bên nhất trí hợp tác.",
     {("ORG", "YONHAP"), ("ORG", "TTXVN")}),
    ("Dự án thu hút đầu tư lớn. (Ảnh minh họa. Thái Hùng/TTXVN) Ngày 6/2, Bộ Kế hoạch và Đầu tư họp.",
     {("PER", "Thái Hùng"), ("ORG", "TTXVN")}),
], ids=["initials", "one-word names", "a dash", "a caption run into the text", "two agencies", "a photo's caption"])
def test_reporters_and_agencies_closing_a_sentence_or_a_caption_are_credits(extractor, text, credited):
    """The wire's sign-offs the text runs on with: reporters written by initials or one word,
    joined to their agency by a bracket, a dash or a slash, with or without ``Ảnh:``."""
    mentions = extractor.extract(article(text))
    assert credits(mentions) == credited
    assert not [m for m in mentions if m.type == "ORG" and not m.credit and m.name in ("TTXVN", "Yonhap")]


def test_an_agency_the_story_talks_about_after_a_slash_is_no_credit(extractor):
    text = ("Theo ghi nhận của phóng viên BNEWS/TTXVN tại các cửa hàng, giá vàng tăng. "
            "Theo Reuters/AP, giá dầu cũng tăng. Reuters/AP đưa tin ngày 10/5 rằng thị trường biến động.")
    assert credits(extractor.extract(article(text))) == set()


def test_people_listed_with_an_honorific_at_the_end_of_an_article_are_no_signature(extractor):
    """A table of guests closing an article (``15`` / ``Ông Phạm Quang Hưng`` / ``Cục trưởng …``) names
    the story's people: the honorific is no part of the name and no reporter signs so."""
    text = ("Ban tổ chức công bố danh sách khách mời dự lễ trao giải năm nay như sau.\n15\nÔng Phạm Quang Hưng\n"
            "Cục trưởng Cục Hợp tác quốc tế\n16\nBà Đinh Hoài Giang\nTổng giám đốc Công ty Cổ phần Bảo Minh\nLan Anh")
    mentions = extractor.extract(article(text))
    people = {(m.text, m.credit) for m in mentions if m.type == "PER"}
    assert {("Phạm Quang Hưng", False), ("Đinh Hoài Giang", False)} <= people
    assert not any(m.text.startswith(("Ông", "Bà")) for m in mentions)
