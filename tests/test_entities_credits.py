"""Bylines and credits: kept as mentions of their type marked ``credit``, out of the sidebar's
lists and of the corpus table, listed as the article's authors and sources."""

from __future__ import annotations

import pytest

from tui.core.entities import EntityExtractor, EntityIndex
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


@pytest.fixture(scope="module")
def extractor() -> EntityExtractor:
    return EntityExtractor()


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
