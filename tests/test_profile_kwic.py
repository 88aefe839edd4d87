"""The concordance's lines with a word filter: the words typed are always on the line."""

from __future__ import annotations

import pytest
from rich.style import Style

from tui.core.profile import KwicLine, words_filter
from tui.core.text import fold
from tui.screens.entity_profile import kwic_text

NAME = "Nguyễn Xuân Phúc"
FILLER = "các biện pháp phòng chống dịch theo chỉ đạo của Chính phủ và nhiều địa phương khác"


def line_of(sentence: str) -> KwicLine:
    start = sentence.index(NAME)
    return KwicLine(0, "x", "2021-04-30", "Sáng 30/4, Chủ tịch nước", sentence, start, start + len(NAME),
                    start, start + len(NAME))


@pytest.mark.parametrize("width", [50, 80, 120, 160])
@pytest.mark.parametrize("sentence", [
    f"Chủ tịch {NAME} lưu ý TP Đà Nẵng cần tiếp tục thực hiện {FILLER} theo hướng dẫn của Bộ Y tế.",  # far right
    f"Theo Bộ Y tế, {FILLER}, và ông {NAME} nói.",                                                    # far left
    f"Bộ Y tế và ông {NAME} nói.",                                                                    # near
    f"Ông {NAME} nói Bộ Y tế {FILLER}.",
])
def test_the_words_typed_are_on_the_line_and_marked(sentence, width):
    words = words_filter("y te")
    marked = Style(underline=True)
    text = kwic_text(line_of(sentence), width, Style(bold=True), Style(dim=True), True, words, marked)
    shown = text.plain[:width]
    assert words.search(fold(shown)), shown  # within what the line's width shows
    assert NAME in shown
    styled = "".join(text.plain[span.start:span.end] for span in text.spans if span.style == marked)
    assert styled == "Y tế"


def test_without_a_filter_the_line_is_the_plain_keyword_in_context():
    sentence = f"Theo Bộ Y tế, {FILLER}, và ông {NAME} nói."
    plain = kwic_text(line_of(sentence), 80, Style(), Style(), True).plain
    assert "Y tế" not in plain and plain.endswith(f"và ông {NAME} nói.")


@pytest.mark.parametrize("width", [46, 60])
def test_on_a_narrow_pane_the_name_is_whole_with_context_on_both_sides(width):
    """The concordance at 80 columns is about 46 wide: the title column took so much that the
    line showed ``2021-04-30 Sáng 30/… │ …h nước Nguyễn Xuân Phú…``, the name cut and nothing
    after it (tmux, the installed program, dantri-unc).  The title gives way to the context."""
    sentence = f"Sáng 30/4, Chủ tịch nước {NAME} đã đến kiểm tra công tác phòng chống dịch Covid-19."
    shown = kwic_text(line_of(sentence), width, Style(), Style(), True).plain[:width]
    assert shown.startswith("2021-04-30"), shown
    after = shown.split(NAME, 1)[1] if NAME in shown else ""
    before = shown.split(NAME, 1)[0].rsplit("│", 1)[-1].strip()
    assert NAME in shown and len(after.strip()) >= 8 and len(before) >= 6, shown


def test_on_a_wide_pane_the_title_is_shown():
    sentence = f"Sáng 30/4, Chủ tịch nước {NAME} đã đến kiểm tra công tác phòng chống dịch Covid-19."
    assert "Sáng 30/4, Chủ tịch nước" in kwic_text(line_of(sentence), 120, Style(), Style(), True).plain
