"""What ``y`` / ``Y`` copy and what exports cite: the sentence, its article's citation, notes in Markdown."""

from __future__ import annotations

import pytest

from tui.core.export import sentence_at
from tui.core.loader import article_from_text


def sentence_around(text: str, word: str) -> str:
    article = article_from_text(text, "x", None, title_in_text=False)
    start, end = sentence_at(article, text.index(word))
    return text[start:end]


@pytest.mark.parametrize("text, word, sentence", [
    ("Cả hai bên đều đồng ý. Thứ nhất, hợp đồng được ký về Việt Nam.", "đồng ý", "Cả hai bên đều đồng ý."),
    ("Cả hai bên đều đồng ý. Thứ nhất, hợp đồng được ký về Việt Nam.", "Thứ nhất",
     "Thứ nhất, hợp đồng được ký về Việt Nam."),
    ("Dạ, cháu cảm ơn bác ạ. Mai cháu lại đến.", "cảm ơn", "Dạ, cháu cảm ơn bác ạ."),
    ("Đội tuyển bay sang Ý. Trận đấu diễn ra tối mai.", "Trận", "Trận đấu diễn ra tối mai."),
    ("Ông A. Lukashenko nói chuyện với báo chí. Sau đó ông rời đi.", "báo chí",
     "Ông A. Lukashenko nói chuyện với báo chí."),
    ("Đoàn đến TP. HCM vào sáng nay. Chiều về Hà Nội.", "sáng nay", "Đoàn đến TP. HCM vào sáng nay."),
    ("PGS.TS. Hoàng Minh Sơn trao quyết định. Hội đồng họp sau đó.", "trao", "PGS.TS. Hoàng Minh Sơn trao quyết định."),
], ids=["đồng ý.", "the sentence after ý.", "ạ.", "sang Ý.", "an initial", "TP.", "PGS.TS."])
def test_the_sentence_copied_is_one_sentence(text, word, sentence):
    """A one-letter Vietnamese word (``ý``, ``ạ``, ``Ý``) ends its sentence; an initial and
    the abbreviations of titles and places do not."""
    assert sentence_around(text, word) == sentence
