"""The date finder reads characters by code point and looks words up instead of running its
patterns everywhere (for speed only): each shortcut finds what its pattern finds, and dates
a reader would look for are still found where the shortcuts could have dropped them."""

from __future__ import annotations

import random
import re

import pytest

from tui.core.entities.dates import (
    _DAY_WORD_BEFORE_RE,
    _DAY_WORD_FORMS,
    _DAY_WORDS,
    NUMERIC_DATE_RE,
    WORD_DATE_RE,
    _after_day_word,
    _is_decimal,
    _is_space,
    _numeric_matches,
    _word_match,
    find_dates,
)


def test_digits_and_spaces_read_by_code_point_are_what_the_patterns_match():
    for code in range(0x110000):
        char = chr(code)
        assert _is_decimal(char, 0) == bool(re.match(r"\d", char)), hex(code)
        assert _is_space(char, 0) == bool(re.match(r"\s", char)), hex(code)


def test_numeric_dates_read_by_hand_are_the_patterns_matches_with_their_groups():
    rng = random.Random(11)
    pieces = list("0123456789/.-– ,x\n") + ["\xa0", "\u2009", "٣", "０", "ệ", "2017", "12", "/2018", ". "]
    found = 0
    for _ in range(4000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        expected = [(m.span(), m.group("a", "sep", "b", "c")) for m in NUMERIC_DATE_RE.finditer(text)]
        assert [(m.span(), (m.a, m.sep, m.b, m.c)) for m in _numeric_matches(text)] == expected, text
        found += len(expected)
    assert found > 1000


def test_dates_in_words_read_by_hand_are_the_patterns_matches():
    rng = random.Random(3)

    def space():
        return rng.choice([" ", " ", " ", "", "  ", "\n", "\xa0"])

    def number():
        return rng.choice(["0", "1", "3", "4", "9", "12", "13", "21", "31", "35", "45", "٣", "1٣", "2017", "20175", "", "x"])

    pieces = [
        lambda: rng.choice("nNtTx") + "gày" + space() + number() + space() + rng.choice("tTx") + "háng" + space() + number(),
        lambda: rng.choice("nNtTx") + "háng" + space() + number(),
        lambda: rng.choice("nNtTx") + "ăm" + space() + rng.choice(["2017", "1999", "201", "20175", "٢٠١٧"]),
        lambda: space() + "/" + space() + rng.choice(["2017", "201", "20175", "٢٠١٧"]),
        lambda: space() + "năm" + space() + rng.choice(["2017", "201", "20175", "nay", "ngoái", "trước", "qua", "sau",
                                                        "tới", "nayx", "nay_", "sau/", "tới2"]),
        lambda: rng.choice(["/", "/5", "5", ".", ",", "x", " ", "_", "é", "\n"]),
    ]
    found = 0
    for _ in range(3000):
        text = "".join(rng.choice(pieces)() for _ in range(rng.randint(1, 5)))
        for start in range(len(text)):
            expected, m = WORD_DATE_RE.match(text, start), _word_match(text, start)
            assert (m is None) == (expected is None), (text, start)
            if expected is not None and m is not None:
                day, m1, m2, year, tail = expected.groups()
                number_end = expected.end("y") if year else expected.end("m1") if m1 else expected.end("m2")
                assert (m.start, m.end, m.day, m.month, m.year, m.number_end, m.tailed) == (
                    *expected.span(), day, m1 or m2, year, number_end, tail is not None), (text, start)
                found += 1
    assert found > 1000


def test_a_day_word_before_a_date_is_found_as_the_pattern_finds_it():
    words = _DAY_WORDS.split("|")
    assert all(_DAY_WORD_BEFORE_RE.search(" " + form) for form in _DAY_WORD_FORMS)
    rng = random.Random(5)
    pieces = words + [w.upper() for w in words] + [w.title() for w in words] + [
        " ", "  ", "(", ",", "\n", "\xa0", "x", "nay", "12/3 - ", "tHứ", "ı", "İ", "ſ", "SÁNG", "ſau", "gIữa", "gıữa"]
    found = 0
    for _ in range(20000):
        pieces[-1] = "".join(rng.choice((c.lower(), c.upper())) for c in rng.choice(words))  # any case, letter by letter
        before = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))[-24:]
        expected = _DAY_WORD_BEFORE_RE.search(before) is not None
        assert _after_day_word(before) == expected, before
        found += expected
    assert found > 4000


def _dates(text: str, year: int | None = 2017) -> list[tuple[str, str | None]]:
    return [(d.text, d.value) for d in find_dates(text, year)]


@pytest.mark.parametrize(("text", "dates"), [
    ("Năm 2020 khép lại với nhiều biến động.", [("Năm 2020", "2020")]),
    ("Tháng 5 năm nay, giá tăng.", [("Tháng 5 năm nay", "2017-05")]),
    ("Dự án sẽ khởi công vào tháng 5", [("tháng 5", None)]),
    ("Hạn chót là ngày 30 tháng 4 năm 1975", [("ngày 30 tháng 4 năm 1975", "1975-04-30")]),
    ("Ngày 2/9", [("2/9", "--09-02")]),
    ("Hà Nội mưa to.\nNgày 12/10, trời tạnh.", [("12/10", "--10-12")]),
    ("NGÀY 12/10 CÓ MƯA", [("12/10", "--10-12")]),
    ("Hẹn gặp nhau ngay 12/10 tới.", [("12/10", "--10-12")]),  # (a day word written without its tone mark)
    ("Thứ Hai (12/10) họp.", [("12/10", "--10-12")]),
    ("Từ 12/10 - 15/10 nghỉ", [("12/10", "--10-12"), ("15/10", "--10-15")]),
    ("Có 2/3 số phiếu, nhà và ngành tháng trước.", []),
    ("ngay 30 thang 4 nam 1975", []),  # (dates in words are read with their accents only)
])
def test_dates_at_the_edges_of_a_text_and_in_every_case_are_found(text, dates):
    assert _dates(text) == dates
