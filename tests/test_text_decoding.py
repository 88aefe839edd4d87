"""Decoding what users actually have: tiny UTF-16 files, binary files, UTF-8 with stray
bytes, legacy Windows-1258 text, and file names that are not valid UTF-8.  Each test
states what the user sees: the text as written, the one-line note, or the refusal."""

from __future__ import annotations

import pytest

from hostile import encode_cp1258, encode_tcvn3
from tui.core.text import UndecodableError, clean_text, decode_bytes, display_name, replace_surrogates


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_a_two_letter_utf16_file_without_bom_is_read(codec):
    result = decode_bytes("Hà".encode(codec))
    assert result.text == "Hà" and result.note == "decoded as UTF-16 without BOM"


@pytest.mark.parametrize("data", [bytes(1000), bytes(5) + b"\x89PNG" + bytes(991)], ids=["zeros", "png-like"])
def test_a_file_of_nul_bytes_is_refused_as_binary_not_read_as_utf16(data):
    """NULs at both even and odd places are no UTF-16 byte order: a binary file."""
    with pytest.raises(UndecodableError, match="binary"):
        decode_bytes(data)


def test_stray_bytes_in_utf8_are_replaced_and_counted_in_the_note():
    text = "Hà Nội là thủ đô của Việt Nam, thành phố lớn thứ hai cả nước."
    data = text.encode("utf-8").replace(b" l", b" \xffl", 1).replace(b" th", b" \xfeth", 1)
    result = decode_bytes(data)
    assert result.note == "invalid UTF-8 bytes replaced at 2 place(s)"
    assert result.text.replace("\ufffd", "") == text and result.text.count("\ufffd") == 2


def test_a_stray_byte_in_plain_ascii_text_is_a_legacy_character_not_a_replacement():
    """No valid UTF-8 sequence vouches for UTF-8: the byte is read in a legacy encoding."""
    result = decode_bytes(b"Nhiet do hom nay 30\xb0C, troi nang")
    assert result.text == "Nhiet do hom nay 30°C, troi nang"
    assert "\ufffd" not in result.text


def test_windows_1258_text_opening_with_plain_words_is_read_as_windows_1258():
    text = "Tin mới trong ngày: Hai nước đẩy mạnh hợp tác kinh tế và văn hóa, giáo dục."
    result = decode_bytes(encode_cp1258(text))
    assert result.note == "decoded as Windows-1258"
    assert clean_text(result.text) == text


def test_tcvn3_text_opening_with_plain_words_is_read_as_tcvn3():
    text = "tin sáng nay: tổng bí thư tô lâm hội đàm với tổng thống, hai bên ký kết hiệp định."
    result = decode_bytes(encode_tcvn3(text))
    assert result.note.startswith("decoded as TCVN3") and result.text == text


def test_lone_surrogates_become_replacement_characters_and_are_counted():
    assert replace_surrogates("a\udce9b\ud800") == ("a\ufffdb\ufffd", 2)
    assert replace_surrogates("Hà Nội") == ("Hà Nội", 0)


@pytest.mark.parametrize("name, shown", [
    ("caf\udce9.txt", "caf\\xe9.txt"),  # a Latin-1 é in a file name, kept by Python as \udce9
    ("a\udc80b\udcff", "a\\x80b\\xff"),  # the first and last byte Python escapes so
    ("x\udc7f\ud800\udd00", "x\ufffd\ufffd\ufffd"),  # not an escaped byte: junk, shown as U+FFFD
    ("Hà Nội.txt", "Hà Nội.txt"),
])
def test_file_names_that_are_not_utf8_are_shown_byte_by_byte(name, shown):
    assert display_name(name) == shown


@pytest.mark.parametrize("data, note", [
    ("\ufeffTin Hà Nội".encode("utf-8"), None),  # a UTF-8 BOM is nothing to warn about
    ("Tin Hà Nội".encode("utf-16"), "decoded as UTF-16"),
    (b"\xfe\xff" + "Tin Hà Nội".encode("utf-16-be"), "decoded as UTF-16"),
])
def test_a_byte_order_mark_decides_the_encoding_and_the_note(data, note):
    result = decode_bytes(data)
    assert result.text.lstrip("\ufeff") == "Tin Hà Nội" and result.note == note


def test_a_utf16_file_cut_short_is_named_as_such():
    with pytest.raises(UndecodableError) as caught:
        decode_bytes("Tin Hà Nội".encode("utf-16") + b"A")
    assert str(caught.value) == "invalid UTF-16 text (truncated data)"


def test_a_text_with_a_nul_byte_is_refused_as_binary():
    with pytest.raises(UndecodableError) as caught:
        decode_bytes(b"Tin H\xc3\xa0 N\xe1\xbb\x99i\x00 ngay hom nay\n" * 3)
    assert str(caught.value) == "binary file (contains NUL bytes), not text"


def test_a_short_utf8_text_with_a_stray_byte_still_reads_as_utf8():
    """Too few valid sequences to outvote the stray byte at once: the readings compete on
    how Vietnamese they look, and UTF-8 wins."""
    result = decode_bytes("Hà Nội".encode("utf-8") + b" \xff")
    assert result.text == "Hà Nội \ufffd" and result.note == "invalid UTF-8 bytes replaced at 1 place(s)"


@pytest.mark.parametrize("controls, accepted", [(20, True), (21, False)])
def test_legacy_text_with_exactly_two_percent_control_characters_is_still_text(controls, accepted):
    words = "Bà và má đi " * 81 + "cho som "  # 980 characters, one byte each in Windows-1258
    data = (words + "\x01" * controls).encode("cp1258")
    if accepted:
        assert len(words) + controls == 1000 and decode_bytes(data).note == "decoded as Windows-1258"
    else:
        with pytest.raises(UndecodableError) as caught:
            decode_bytes(data)
        assert str(caught.value) == "binary file (not UTF-8, UTF-16, Windows-1258 or TCVN3 text)"


@pytest.mark.parametrize("start", [0, 32], ids=["with-nuls", "printable-low-bytes"])
def test_sixteen_bit_binary_numbers_are_refused_not_read_as_utf16(start):
    """Big-endian 16-bit numbers below 256 put a NUL at every even place, as UTF-16BE text
    does; read as UTF-16 they are control characters, so the file is refused as binary."""
    import struct

    data = b"".join(struct.pack(">H", start + (i * 7) % (256 - start)) for i in range(2000))
    with pytest.raises(UndecodableError, match="binary"):
        decode_bytes(data)


def test_vietnamese_utf16be_without_bom_is_still_read():
    text = "Hà Nội hôm nay trời nắng.\nNhiệt độ 30 độ C, độ ẩm 70%.\n" * 20
    result = decode_bytes(text.encode("utf-16-be"))
    assert result.text == text and result.note == "decoded as UTF-16 without BOM"
