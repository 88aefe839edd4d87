"""The quick checks that spare the extractor a pattern's search (a few string look-ups before
it) never hide a match: wherever the pattern matches, its check says so. Sentences written
for these tests, with the cues, wards and signatures the patterns are for."""

from __future__ import annotations

from tui.core.entities.bylines import (
    REPORTING_CUE_REACH,
    REPORTING_CUE_RE,
    TRAILING_AGENCY_RE,
    TRAILING_REPORTER_RE,
    TRAILING_SOURCE_RE,
    ends_with_agency_mark,
    holds_agency_mark,
    may_end_reporting_cue,
    may_end_with_agency,
    may_hold_source,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.entities.dates import _NUMERIC_CORE_RE, _numeric_cores
from tui.core.entities.gazetteer import Lexicon, load_gazetteer, vkey
from tui.core.entities.lexicon import LOWER_WORD_AT_RE, TIME_OPENS_SENTENCE_RE, TIME_OPENS_SENTENCE_WORDS, lower_word_end
from tui.core.entities.organisations import COMPANY_OPENINGS, COMPANY_WORDS_RE, is_namesake_head, namesake_heads, tail_first_words, without_company_words
from tui.core.entities.places import LOWER_NUMBERED_PLACE_RE, may_hold_numbered_place

TEXTS = [
    "Trao đổi với PV Dân trí, ông Hùng cho biết dự án chậm. Như báo điện tử VnExpress đã đưa tin, "
    "phóng viên Reuters có mặt. Trả lời Tuổi Trẻ, bà Lan nói. Vụ việc đã được Dân trí phản ánh.",
    "Sự việc được phản ánh tới báo Lao Động. Theo tìm hiểu của Thanh Niên, khảo sát của VnExpress và "
    "ghi nhận của Pv Tiền Phong, chia sẻ với Báo Nhân Dân, tâm sự với Zing, nói với AFP.",
    "Doanh thu giảm.\nNói với CNBC, bà Vân cho biết. Người dân phản ánh với Dân trí, phản ánh đến VTV.",
    "Chị Mai nói với \nDân trí rằng chị vẫn chờ. Thông tin với báo \nVietnamNet, anh Tuấn kể.",
    "Anh Tùng ngụ phường 12, quận 5, còn chị Mai ở ấp 4 (xã Tân Phú), tổ dân phố 3 và khu phố 2; "
    "xe lật trên quốc lộ 1A, Quốc lộ 14, tỉnh lộ 8 và Tỉnh lộ 279. Cấp 2 không phải một ấp.",
    "Lãnh đạo tỉnh thăm hỏi bà con vùng lũ. Xuân Tùng (TTXVN)",
    "Các bên đã ký kết thỏa thuận. Tiên Minh/TTXVN",
    "Đoàn công tác kiểm tra hiện trường. Vân - Giang (TTXVN)",
    "Dự án khởi công trong tháng này. K.A (TTXVN)",
    "Ông Nam trao quà cho các em. Thế Lập – TTXVN",
    "Mỹ áp lệnh trừng phạt mới. Theo Huy Phong (Dân Việt)",
    "Giá vàng tăng mạnh trong tuần. Nguồn: Reuters.",
    "Hai bên ký thỏa thuận. [theo AFP]",
    "Nhiều nơi ngập sâu trước khi bão vào. TTXVN/Tin Tức",
    "Hai tàu va chạm gần cảng. Reuters / AP.",
    "Giá dầu tăng mạnh (ước tính). AFP -Bloomberg",
    "Sáng nay. VnExpress",
]


def test_an_organisation_after_a_reporting_cue_is_always_searched():
    searched = 0
    for text in TEXTS:
        for start in range(1, len(text) + 1):
            if REPORTING_CUE_RE.search(text, max(0, start - REPORTING_CUE_REACH), start):
                searched += 1
                assert may_end_reporting_cue(text, start), (text, start)
    assert searched >= 19  # every cue of the sentences above, the one before a line break included
    assert not may_end_reporting_cue("Ông Hùng gặp Dân trí", len("Ông Hùng gặp "))


def test_a_paragraph_with_a_numbered_ward_or_road_is_always_searched():
    found = 0
    for text in TEXTS:
        keyed = vkey(text)
        for start in range(0, len(text), 7):
            for m in LOWER_NUMBERED_PLACE_RE.finditer(text, start):
                if m.start() == start or not text[m.start() - 1].isalnum():  # (what the scanner keeps: a word's start)
                    found += 1
                    assert may_hold_numbered_place(keyed, start, len(text)), (text, start)
    assert found >= 10
    assert not may_hold_numbered_place(vkey("Thành phố có 12 đơn vị, 3 cấp."), 0, 30)
    plain = "Học sinh cấp 2 và cấp 3 ở quận Hoàn Kiếm."  # "ấp 2" ends "cấp"; "quận" has no number
    assert not may_hold_numbered_place(vkey(plain), 0, len(plain))


def test_a_signed_paragraph_end_is_always_searched():
    signed = 0
    for text in TEXTS:
        for end in range(1, len(text) + 1):
            for start in range(max(0, end - 80), end, 5):
                if TRAILING_REPORTER_RE.search(text, start, end):
                    signed += 1
                    assert holds_agency_mark(text, start, end), (text, start, end)
    assert signed >= 5
    assert not holds_agency_mark("Lãnh đạo tỉnh thăm hỏi bà con. Xuân Tùng", 0, 40)
    assert not holds_agency_mark("Ca mắc Covid-19 tăng ở Hà Nội-Hải Phòng (ước", 0, 45)


def test_a_paragraph_closed_by_an_agency_is_always_searched():
    closed = 0
    for text in TEXTS:
        for end in range(1, len(text) + 1):
            for start in range(max(0, end - 40), end, 3):
                if TRAILING_AGENCY_RE.search(text, start, end):
                    closed += 1
                    assert may_end_with_agency(text, start, end), (text, start, end)
    assert closed >= 10
    assert not may_end_with_agency("Nhiều nơi ngập sâu trước khi bão vào. TTXVN đưa tin", 0, 52)


def test_a_paragraph_closed_by_its_source_is_always_searched():
    closed = 0
    for text in TEXTS:
        for end in range(1, len(text) + 1):
            for start in range(max(0, end - 80), end, 3):
                if TRAILING_SOURCE_RE.search(text, start, end):
                    closed += 1
                    assert may_hold_source(text, start, end), (text, start, end)
    assert closed >= 3
    assert not may_hold_source("Mỹ áp lệnh trừng phạt mới. Huy Phong (Dân Việt)", 0, 48)


def test_every_digit_separator_digit_is_tried_as_a_date():
    texts = TEXTS + ["Từ ngày 12 /3 đến 15/ 3, giá 1.000.000 đồng, giai đoạn 2020 – 2021 và 2022-2023.",
                     "Điểm 8.5, tỉ số 2 - 1, trang ١٢/٣ và ０５/０６; 3 .4 . 5"]
    tried = 0
    for text in texts:
        everywhere = [at for at in range(len(text)) if _NUMERIC_CORE_RE.match(text, at)]
        tried += len(everywhere)
        assert _numeric_cores(text) == everywhere, text
    assert tried >= 12


def test_a_lower_case_word_read_without_the_pattern_is_the_patterns_word():
    """The organisation and title rules read the lower-case word after a name with
    ``lower_word_end``, not ``LOWER_WORD_AT_RE``: at every position of these sentences, and with
    the paragraph's end inside a word, both read the same word (punctuation, digits, a capital,
    a one-letter word, a word cut by the end)."""
    texts = TEXTS + ["Bộ Y tế, cục y tế dự phòng (CDC) và trường ĐH y Hà Nội: a b2 c-d ô. đ", "x đ"]
    read = 0
    for text in texts:
        for stop in (len(text), len(text) - 1, len(text) // 2):
            for pos in range(-1, len(text) + 1):
                m = LOWER_WORD_AT_RE.match(text, pos, stop)
                assert lower_word_end(text, pos, stop) == (m.end() if m else -1), (text, pos, stop)
                read += m is not None
    assert read >= 400


def test_only_a_name_opened_by_a_company_word_loses_it():
    """``without_company_words`` tries its pattern only on names opened by ``COMPANY_OPENINGS``:
    each form the pattern strips opens so, and a name without one is kept whole."""
    for name, kept in [("Công ty TNHH Hùng Yến", "Hùng Yến"), ("Tổng công ty cổ phần Bảo Minh", "Bảo Minh"),
                       ("Tổng Công ty Điện lực", "Điện lực"), ("công ty CP Sữa", "Sữa"), ("Cty TNHH MTV An Phát", "An Phát"),
                       ("CTCP Vinaconex", "Vinaconex"), ("Tập đoàn Vingroup", "Vingroup"), ("Hãng Boeing", "Boeing")]:
        assert COMPANY_WORDS_RE.match(name) and name.startswith(COMPANY_OPENINGS)
        assert without_company_words(name) == kept
    for name in ("Công an tỉnh Nghệ An", "Bộ Công Thương", "Tổng cục Thuế", "Hãng"):
        assert without_company_words(name) == name


def test_a_namesake_head_is_found_by_its_whole_words_only():
    """``is_namesake_head`` looks the key's first words up instead of comparing it with each
    head: it answers as the comparison does, for a head alone, a head and a name, a head
    that is only the start of a word, and a head after another word."""
    keys = {"", " trường", "trường thptx", "xtrường thpt", "cơ quan trường thpt phan"}
    for head in namesake_heads():
        keys |= {head, head + " phan đình phùng", head + "x", head + "x y", head[:-1], "ban " + head, head + "  phan"}
    for key in keys:
        expected = any(key == head or key.startswith(head + " ") for head in namesake_heads())
        assert is_namesake_head(key) == expected, key
    assert is_namesake_head(vkey("Trường THPT Phan Đình Phùng")) and is_namesake_head(vkey("Đoàn TNCS Hồ Chí Minh"))
    assert not is_namesake_head(vkey("Trường Sa")[:6] + "sa") and not is_namesake_head(vkey("Ủy ban Trường"))


def test_every_organisation_tail_opens_with_a_word_the_quick_check_lets_through():
    """``org_tail_at`` reads the first lower-case word after a name natively and tries its
    pattern only if some tail (``thị trường``, ``điều tra``) opens with that word."""
    tails = load_gazetteer().org_tail_words
    firsts = tail_first_words(tails)
    assert {"điều", "thị"} <= firsts and "nói" not in firsts
    for tail in tails:
        assert tail.split(" ")[0] in firsts, tail


def test_a_time_glued_to_a_name_is_always_searched():
    """The scanner searches a name for a time opening the next sentence (``Ảnh: Internet Ngày
    25/5 …``) only where one of its words opens such a time: every match opens with one."""
    texts = ["Ảnh: Internet Ngày 25/5, trời mưa.", "Ảnh: Mạnh Quân Hôm qua, Rạng sáng 3/4 và Tháng trước, Tháng 7",
             "Ảnh: Reuters Sáng 2/9 Chiều 3 Tối 4 Trưa 5 Đêm 6 Năm 2020 Ngày mai Hôm nay Hôm kia Tháng này Tháng sau"]
    found = 0
    for text in texts:
        for m in TIME_OPENS_SENTENCE_RE.finditer(text):
            found += 1
            assert text[m.start() :].split(" ")[0] in TIME_OPENS_SENTENCE_WORDS, m.group()
    assert found == 16  # every time word of the pattern, each form


def test_a_lexicon_matches_the_phrases_added_after_a_match():
    """A lexicon indexes its phrases at the first match after a change: a phrase added after
    a match is found by the next (the user's added names)."""
    lexicon = Lexicon()
    lexicon.add("Hà Nội", "LOC\tHà Nội")
    text = "Ở Hà Nội Mới và Hà Tĩnh"
    keyed = vkey(text)
    assert lexicon.match(text, keyed, 2, "hà").key == "hà nội"
    assert lexicon.match(text, keyed, 16, "hà") is None
    lexicon.add("Hà Nội Mới", "ORG\tHà Nội Mới")
    lexicon.add("Hà Tĩnh", "LOC\tHà Tĩnh")
    assert lexicon.match(text, keyed, 2, "hà").key == "hà nội mới"
    assert lexicon.match(text, keyed, 16, "hà").key == "hà tĩnh"
    assert lexicon.match(text, keyed, 2, "ở") is None


def test_a_signed_paragraph_end_is_always_searched_by_its_last_mark():
    signed = 0
    texts = TEXTS + ["Đoàn kiểm tra.\nXuân Tùng (TTXVN)\nẢnh minh họa", "Họp ngày 25/5 (thứ Hai). Tiên Minh/ TTXVN.  ",
                     "Giá tăng. Vân - Giang – TTXVN."]
    for text in texts:
        for end in range(1, len(text) + 1):
            for start in range(max(0, end - 80), end, 3):
                if TRAILING_REPORTER_RE.search(text, start, end):
                    signed += 1
                    assert ends_with_agency_mark(text, start, end), (text, start, end)
    assert signed >= 12
    for text in ("Họp ngày 25/5 tại Hà Nội", "Giá dầu (ước tính) tăng", "Ca mắc Covid-19 tăng ở Hà Nội - nơi đông dân"):
        assert not ends_with_agency_mark(text, 0, len(text)), text  # (each paragraph has a mark, none at its end)


#: Pieces of paragraph ends: names, agencies, marks, brackets, sentence ends, lower-case words, line breaks.
END_PIECES = ["Xuân Tùng", "TTXVN", "Tin Tức", "AFP", "K.A", "M.", "Getty.", "ảnh", "nói", "25", " ", " ", " ", "/", "-", "–",
              "(", ")", ".", ",", "\n", "\"", "”", "!", "…"]
ends = st.lists(st.sampled_from(END_PIECES), max_size=14).map("".join)


@settings(max_examples=2000, deadline=None)
@given(ends, st.data())
def test_the_checks_before_the_signature_patterns_never_hide_a_match(text, data):
    end = data.draw(st.integers(0, len(text)))
    start = data.draw(st.integers(0, end))
    if TRAILING_REPORTER_RE.search(text, start, end):
        assert ends_with_agency_mark(text, start, end)
    if TRAILING_AGENCY_RE.search(text, start, end):
        assert may_end_with_agency(text, start, end)


ACRONYM_PIECES = ["thương mại điện tử", "Thương mại", "an sinh xã hội", "Hà Nội", "điện", "tử", "ưu đãi", " ", " ", ". ", "\n",
                  " (TMĐT)", " (ASXH)", " (TTXVN)", " (ĐT)", " (MĐT)", " (HN)", "(TM)", "ß", "12"]
acronym_texts = st.lists(st.sampled_from(ACRONYM_PIECES), max_size=12).map("".join)


@settings(max_examples=1500, deadline=None)
@given(acronym_texts)
def test_the_initial_check_before_an_acronym_hides_none(text):
    """Looking at the last word's initial first finds the common nouns' acronyms reading the
    words before every bracket found."""
    from tui.core.entities import acronyms

    checked = acronyms.common_noun_acronyms(text)
    original = acronyms._last_initial_differs
    acronyms._last_initial_differs = lambda *args: False
    try:
        assert acronyms.common_noun_acronyms(text) == checked
    finally:
        acronyms._last_initial_differs = original


bracket_texts = st.lists(st.sampled_from([" (", "(", ")", " ", "x", "Đ", "đ", "Ư", "A", "AB", "ABCD", "ABCDEFGH", "Z"]), max_size=16).map("".join)


@settings(max_examples=3000, deadline=None)
@given(bracket_texts)
def test_the_bracketed_acronyms_read_by_hand_are_the_patterns(text):
    """The acronyms in brackets read at each " (" are the pattern's matches, every one of them
    (two to eight of A-Z and Đ, none longer, none inside another), where they stand."""
    from tui.core.entities.acronyms import _BRACKETED_RE, bracketed_acronyms

    assert bracketed_acronyms(text) == [(m.start(), m.group(1)) for m in _BRACKETED_RE.finditer(text)]


def test_bracketed_acronyms_where_they_stand():
    from tui.core.entities.acronyms import bracketed_acronyms

    assert bracketed_acronyms("tử (TMĐT) và (A) (ABCDEFGHI) (Vn) (ĐBQH)") == [(2, "TMĐT"), (33, "ĐBQH")]


def test_common_nouns_acronyms():
    from tui.core.entities.acronyms import common_noun_acronyms

    text = "Sàn thương mại điện tử (TMĐT) lớn. An sinh xã hội (ASXH) tốt. Phóng viên ở Hà Nội (TTXVN) và ưu đãi (HN)."
    assert common_noun_acronyms(text) == {"TMĐT", "ASXH"}


def test_the_capitals_looked_up_are_what_isupper_says_of_every_character():
    """``c in UPPER_CHARS or (ord(c) >= 0x2000 and c.isupper())``, the capital check of the cursor
    and the lexicons, is ``c.isupper()`` for every character."""
    from tui.core.entities.gazetteer import UPPER_CHARS

    for code in range(0x110000):
        char = chr(code)
        assert (char in UPPER_CHARS or (code >= 0x2000 and char.isupper())) == char.isupper(), hex(code)
