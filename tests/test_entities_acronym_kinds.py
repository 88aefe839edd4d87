"""An unknown all-capital token is not an organisation by default (issue 13, acronyms): after a
number it is a unit (``48 MP``), after a lower-case common noun the kind or brand of that thing
(``vắc xin HPV``, ``giá vàng SJC``, ``nợ DNNN``).  After a preposition (``theo``, ``qua``), a
grammatical word, an organisation's cue a few words back (``kênh truyền hình``, ``hãng``) or a
stock's ticker word it still stands for its organisation.  Sentences written for this test;
the acronyms are made up, so no list decides."""

from __future__ import annotations

from tui.core.entities import EntityExtractor
from tui.core.loader import article_from_text

EXTRACTOR = EntityExtractor()


def organisations(text: str) -> list[str]:
    article = article_from_text(text, "t", None, title_in_text=False)
    return [m.text for m in EXTRACTOR.extract(article) if m.type == "ORG"]


def test_a_unit_or_a_kind_named_by_an_acronym_is_no_organisation():
    assert organisations("Chiếc máy có camera sau 48 QMP và màn hình 6 inch.") == []
    assert organisations("Bác sĩ khuyên các bé gái nên tiêm vắc xin XHV trước tuổi 15.") == []
    assert organisations("Sáng nay giá vàng KJQ tăng thêm 200.000 đồng mỗi lượng.") == []


def test_an_acronym_after_a_preposition_or_an_organisation_s_cue_is_still_an_organisation():
    assert organisations("Theo XKZA, vệ tinh đã vào quỹ đạo sau 20 phút.") == ["XKZA"]
    assert organisations("Khách hàng có thể thanh toán qua ZPQY trong tháng này.") == ["ZPQY"]
    assert organisations("Ông trả lời phỏng vấn kênh truyền hình QWT hôm qua.") == ["QWT"]
    assert organisations("Phiên chiều nay cổ phiếu KVN tăng trần.") == ["KVN"]
    assert organisations("Cuối năm 2014 JFX tuyên bố rút khỏi dự án.") == ["JFX"]  # a year, not a quantity
