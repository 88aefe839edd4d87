"""A common Vietnamese given name standing alone mid-sentence is a person the story named
earlier: before punctuation or a grammatical word (``bắt quả tang Hiếu, …``), and where a clause
opens (after the comma that closes the sentence's first clause, after ``và``, ``thì``, ``bị``)
before any lower-case word that does not make a compound with it (``Sau đó, Tuấn nảy ý định``,
but not ``Hoàng thành``).  Which given names count is read from the corpus
(``data/given_names.txt``).  Sentences written for this test."""

from __future__ import annotations

from tui.core.entities import EntityExtractor
from tui.core.loader import article_from_text

EXTRACTOR = EntityExtractor()


def people(text: str) -> list[str]:
    article = article_from_text(text, "t", None, title_in_text=False)
    return [m.text for m in EXTRACTOR.extract(article) if m.type == "PER"]


def test_a_given_name_alone_before_a_comma_or_a_grammatical_word_is_a_person():
    assert "Hiếu" in people("Tối qua, công an phường đã bắt quả tang Hiếu, một thanh niên trong xóm, đang bán hàng cấm.")
    assert "Phương" in people("Anh chưa nghĩ đến chuyện kết hôn cho tới khi quen Phương. Họ cưới nhau năm ngoái.")


def test_a_given_name_opening_a_clause_is_a_person_whatever_verb_follows():
    assert "Tuấn" in people("Sau khi uống rượu ở nhà bạn, Tuấn nảy ý định trộm chiếc xe máy dựng trước cửa.")
    assert "Phượng" in people("Hai người bàn bạc suốt buổi tối, rồi Nga và Phượng quyết định ra đầu thú.")
    assert "Thắng" in people("Chiếc xe vừa dừng lại thì Thắng rút dao ra đe dọa tài xế.")


def test_a_dynasty_a_compound_or_an_item_of_a_list_is_not_taken_for_a_given_name():
    assert people("Quân dân nhà Lý đã phá Tống trên sông Như Nguyệt, bảo vệ bờ cõi.") == []
    assert "Hoàng" not in people("Du khách đến thăm Hoàng thành Thăng Long vào dịp cuối tuần.")
    assert people("Quán có nhiều loại trà ngon như Bạch trà, Lục trà, Hồng trà, Hoàng trà cho khách chọn.") == []
