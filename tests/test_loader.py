"""The loader on the seeds and on the kinds of files real corpora contain."""

from __future__ import annotations

import json
import os
import unicodedata

import pytest

from hostile import encode_cp1258, encode_tcvn3
from tui.core.loader import load_paths
from tui.core.text import clean_text, decode_bytes

FIRST = "000_6406a84c14c76ffd.txt"
SECOND = "003_1c54234b48ba09a0.txt"


def by_id(articles):
    return {a.id: a for a in articles}


def test_seed_titles(seed_articles):
    docs = by_id(seed_articles)
    assert set(docs) == {FIRST, SECOND}
    assert docs[FIRST].title == "Củng cố tình hữu nghị, tin cậy và hiểu biết lẫn nhau giữa Việt Nam và Belarus"
    second = docs[SECOND].title
    assert second.startswith("Tổng thống A. Lukashenko vui mừng gặp lại Tổng Bí thư Tô Lâm")
    assert len(second) <= 91 and second.endswith("…")


def test_first_seed_related_block_is_split_off(seed_articles):
    article = by_id(seed_articles)[FIRST]
    related = article.paragraphs_of("related")
    assert article.paragraph_text(related[0]) == "Có thể bạn quan tâm"
    assert all(p.kind == "related" for p in article.paragraphs if p.start >= related[0].start)
    own_text = " ".join(article.text[s:e] for s, e in article.body_spans())
    assert "Lê Hoài Trung" not in own_text  # a name from the other stories only
    assert "Lê Hoài Trung" in article.text  # ...kept, not thrown away


def test_first_seed_captions_and_image_line(seed_articles):
    article = by_id(seed_articles)[FIRST]
    captions = [article.paragraph_text(p) for p in article.paragraphs_of("caption")]
    assert captions[0].startswith("Chủ tịch Hạ viện Belarus Igor Sergeyenko. (Ảnh:")
    assert captions[0] == captions[1]  # the repeated caption line is a caption too
    images = [article.paragraph_text(p) for p in article.paragraphs_of("image")]
    assert images == ["ndo_br_image-2-456.jpg"]
    assert article.paragraphs[0].kind == "title"


def test_second_seed_has_no_headline_line(seed_articles):
    article = by_id(seed_articles)[SECOND]
    assert {p.kind for p in article.paragraphs} == {"body"}


def test_nfd_bom_crlf_and_zero_width_are_cleaned(tmp_path):
    text = "Tiêu đề về Tô Lâm\r\n\r\nĐoạn văn\u200b đầu tiên về Hà Nội.\r\n"
    (tmp_path / "a.txt").write_bytes(b"\xef\xbb\xbf" + unicodedata.normalize("NFD", text).encode("utf-8"))
    (article,) = load_paths([tmp_path]).articles
    assert article.title == "Tiêu đề về Tô Lâm"
    assert "\r" not in article.text and "\u200b" not in article.text and "\ufeff" not in article.text
    assert unicodedata.is_normalized("NFC", article.text)
    assert "Đoạn văn đầu tiên về Hà Nội." in article.text


def test_windows_1258_is_decoded_with_a_warning(tmp_path):
    text = "Hợp tác Việt Nam\n\nHai nước đẩy mạnh hợp tác kinh tế."
    legacy = encode_cp1258(text)
    assert legacy.decode("cp1258") != text and b"\xd2" in legacy  # really legacy bytes, not UTF-8
    (tmp_path / "legacy.txt").write_bytes(legacy)
    result = load_paths([tmp_path])
    (article,) = result.articles
    assert article.title == "Hợp tác Việt Nam"
    assert "Hai nước đẩy mạnh hợp tác kinh tế." in article.text
    assert any("Windows-1258" in str(w) and "legacy.txt" in str(w) for w in result.warnings)


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_and_without_bom(tmp_path, codec):
    (tmp_path / "u.txt").write_bytes("Tin Hà Nội\n\nNội dung bài báo về Hà Nội.".encode(codec))
    (article,) = load_paths([tmp_path]).articles
    assert article.title == "Tin Hà Nội"


def test_jsonl_missing_fields_and_malformed_line(tmp_path):
    lines = [
        json.dumps({"id": "a1", "title": "Bài một", "text": "Nội dung một.", "date": "2021-01-02", "category": "x"}),
        "{not json",
        json.dumps({"text": "Bài không có id và tiêu đề. Câu thứ hai."}),
        json.dumps({"id": "a3", "title": "Không có nội dung"}),
        json.dumps({"id": "a4", "text": 42}),
        json.dumps({"id": "a1", "content": "Trùng id."}),
    ]
    (tmp_path / "c.jsonl").write_text("\n".join(lines), encoding="utf-8")
    result = load_paths([tmp_path / "c.jsonl"])
    ids = [a.id for a in result.articles]
    assert ids == ["a1", "c.jsonl:3", "a1~2"]
    first = result.articles[0]
    assert (first.title, first.date, first.metadata) == ("Bài một", "2021-01-02", {"category": "x"})
    assert result.articles[1].title == "Bài không có id và tiêu đề"
    messages = [str(w) for w in result.warnings]
    assert any("line 2: invalid JSON at column 2 (a key is missing or not in double quotes (a comma too many?)), "
               "skipped" in m for m in messages), "where on the line, and what is wrong in plain words"
    assert any("line 4" in m and "no text field" in m for m in messages)
    assert any("line 5" in m and "not a string" in m for m in messages)
    assert any("duplicate id" in m for m in messages)
    assert all("c.jsonl" in m for m in messages)


def test_json_object_and_array(tmp_path):
    (tmp_path / "one.json").write_text(json.dumps({"id": "o", "body": "Thân bài."}), encoding="utf-8")
    (tmp_path / "many.json").write_text(json.dumps([{"id": "m1", "text": "Một."}, {"id": "m2", "text": "Hai."}]),
                                        encoding="utf-8")
    assert [a.id for a in load_paths([tmp_path]).articles] == ["m1", "m2", "o"]


def test_directories_are_recursive_sorted_and_skip_hidden(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text("Z\n\nzzz.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("A\n\naaa.", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("H\n\nhhh.", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("X\n\nxxx.", encoding="utf-8")
    assert [a.id for a in load_paths([tmp_path]).articles] == ["a.txt", "b/z.txt"]


def test_bad_files_warn_and_the_rest_loads(tmp_path):
    (tmp_path / "good.txt").write_text("Tin tốt\n\nBài báo tốt.", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 10)
    result = load_paths([tmp_path])
    assert [a.id for a in result.articles] == ["good.txt"]
    messages = [str(w) for w in result.warnings]
    assert any("empty.txt" in m and "empty" in m for m in messages)
    assert any("binary.txt" in m and "binary" in m for m in messages)


def test_loader_never_modifies_input(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("Tin\r\n\r\nBài\u200b báo.".encode("utf-8-sig"))
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    load_paths([tmp_path])
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_invalid_utf8_bytes_inside_utf8_are_replaced_with_a_note():
    data = "Hà Nội là thủ đô của Việt Nam. ".encode() * 5 + b"\xff\xfe\xfa" + "Đà Nẵng.".encode()
    result = decode_bytes(data)
    assert "Đà Nẵng" in result.text and "invalid UTF-8" in result.note


def test_clean_text_drops_soft_hyphens_and_normalises_line_ends():
    assert clean_text("a\u00adb\r\nc\rd") == "ab\nc\nd"


def test_tcvn3_is_detected_and_converted(tmp_path):
    text = "hợp tác kinh tế giữa hai nước được đẩy mạnh trong những năm gần đây."
    (tmp_path / "old.txt").write_bytes(encode_tcvn3("tin tức\n\n" + text))
    result = load_paths([tmp_path])
    (article,) = result.articles
    assert text in article.text
    assert any("TCVN3" in str(w) and "old.txt" in str(w) for w in result.warnings)


def test_windows_1258_is_not_mistaken_for_tcvn3():
    from tui.core.text import decode_bytes

    text = "Hợp tác kinh tế giữa hai nước được đẩy mạnh trong những năm gần đây."
    result = decode_bytes(encode_cp1258(text))
    assert unicodedata.normalize("NFC", result.text) == text and "1258" in result.note


def test_symlink_loops_and_deep_trees_terminate(tmp_path):
    deep = tmp_path
    for _ in range(300):  # a deep tree is walked without recursion
        deep = deep / "d"
    deep.mkdir(parents=True)
    (deep / "deep.txt").write_text("Sâu\n\nBài ở rất sâu.", encoding="utf-8")
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    result = load_paths([tmp_path])
    assert [a.title for a in result.articles] == ["Sâu"]
    assert any("symbolic-link loop" in str(w) for w in result.warnings)


def test_unreadable_and_vanishing_files_warn(tmp_path, monkeypatch):
    for name in ("a.txt", "locked.txt", "gone.txt"):
        (tmp_path / name).write_text(f"{name}\n\nNội dung.", encoding="utf-8")
    real_open = os.open  # the loader opens files with os.open (non-blocking, then checked)

    def guarded_open(path, *args, **kwargs):
        if str(path).endswith("locked.txt"):
            raise PermissionError(13, "Permission denied", str(path))
        if str(path).endswith("gone.txt"):
            raise FileNotFoundError(2, "No such file or directory", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("os.open", guarded_open)
    result = load_paths([tmp_path])
    assert [a.id for a in result.articles] == ["a.txt"]
    messages = [str(w) for w in result.warnings]
    assert any("locked.txt" in m and "Permission denied" in m for m in messages)
    assert any("gone.txt" in m and "No such file" in m for m in messages)


def test_non_article_files_in_a_directory_are_named(tmp_path):
    (tmp_path / "ok.md").write_text("# Tiêu đề\n\nNội dung.", encoding="utf-8")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(100))
    result = load_paths([tmp_path])
    assert [a.title for a in result.articles] == ["Tiêu đề"]
    assert [str(w) for w in result.warnings] == [f"{tmp_path / 'photo.jpg'}: skipped: not an article file (.jpg)"]


def test_jsonl_streams_bad_lines_with_numbers_and_caps_the_warnings(tmp_path):
    good = json.dumps({"id": "ok", "text": "Nội dung."}, ensure_ascii=False).encode()
    lines = [good, b'{"id": "bad-bytes", "text": "x\xff"}'] + [b"{broken"] * 30
    (tmp_path / "c.jsonl").write_bytes(b"\n".join(lines))
    result = load_paths([tmp_path])
    assert [a.id for a in result.articles] == ["ok", "bad-bytes"]
    messages = [str(w) for w in result.warnings]
    assert "line 2: invalid UTF-8 bytes replaced" in messages[0]
    assert len(messages) == 21 and messages[-1].endswith("11 more problem(s) not listed")


# ------------------------------------------------------------------ gzip-compressed inputs


def _articles_as_rows(articles):
    return [(a.id, a.title, a.text, a.date, a.source, a.paragraphs, a.metadata) for a in articles]


def test_gzipped_jsonl_loads_the_same_articles_as_its_plain_form(tmp_path):
    import gzip

    records = [{"id": f"a{i}", "title": f"Tin {i}", "text": f"Ông Tô Lâm thăm Hà Nội lần {i}.\nĐoạn hai.",
                "date": "2024-05-0%d" % (i % 9 + 1), "category": "thời sự"} for i in range(1200)]
    records.insert(7, "not an object")
    body = "\n".join(json.dumps(r, ensure_ascii=False) for r in records).encode("utf-8")
    (tmp_path / "plain").mkdir()
    (tmp_path / "packed").mkdir()
    (tmp_path / "plain" / "news.jsonl").write_bytes(body)
    (tmp_path / "packed" / "news.jsonl.gz").write_bytes(gzip.compress(body))
    plain = load_paths([tmp_path / "plain"])
    packed = load_paths([tmp_path / "packed"])
    assert len(packed.articles) == 1200
    assert _articles_as_rows(packed.articles) == _articles_as_rows(plain.articles)
    assert [w.message for w in packed.warnings] == [w.message for w in plain.warnings]


def test_gzipped_json_and_text_files_are_read(tmp_path):
    import gzip

    (tmp_path / "list.json.gz").write_bytes(gzip.compress(json.dumps(
        [{"id": "j1", "title": "Một", "text": "Nội dung một."}], ensure_ascii=False).encode("utf-8")))
    (tmp_path / "note.txt.gz").write_bytes(gzip.compress("Tiêu đề bài\nThân bài về Đà Nẵng.".encode("utf-8")))
    (tmp_path / "image.gz").write_bytes(gzip.compress(b"\x89PNG"))
    result = load_paths([tmp_path])
    docs = by_id(result.articles)
    assert set(docs) == {"j1", "note.txt.gz"}
    assert docs["note.txt.gz"].title == "Tiêu đề bài"
    assert docs["j1"].text == "Nội dung một."
    assert any("image.gz" in w.path and "not an article file" in w.message for w in result.warnings)


def test_truncated_gzip_keeps_the_articles_before_the_damage(tmp_path):
    import gzip

    body = "\n".join(json.dumps({"id": f"a{i}", "text": f"Bài số {i} " * 50}) for i in range(2000)).encode("utf-8")
    packed = gzip.compress(body)
    (tmp_path / "cut.jsonl.gz").write_bytes(packed[: len(packed) // 2])
    (tmp_path / "fake.jsonl.gz").write_bytes(b"{\"id\": \"x\", \"text\": \"not compressed\"}\n")
    result = load_paths([tmp_path])
    assert 0 < len(result.articles) < 2000
    assert [a.id for a in result.articles] == [f"a{i}" for i in range(len(result.articles))]
    messages = {w.path.rsplit("/", 1)[-1]: w.message for w in result.warnings}
    assert messages["cut.jsonl.gz"] == (
        f"gzip file cut short (truncated) after {len(result.articles):,} articles: the rest of it is skipped")
    assert messages["fake.jsonl.gz"] == "not a gzip file (though its name ends in .gz), skipped"


def test_json_problems_are_said_in_plain_words(tmp_path):
    """Not Python's parser jargon ('Extra data', 'Expecting value'); a .json file that is
    JSON lines is told to be named .jsonl."""
    (tmp_path / "lines.json").write_text('{"id": "a", "text": "Một."}\n{"id": "b", "text": "Hai."}\n',
                                         encoding="utf-8")
    (tmp_path / "cut.jsonl").write_text('{"id": "c", "text": "Ba\n{"id": "d", "text": }\n', encoding="utf-8")
    result = load_paths([tmp_path])
    messages = [str(w) for w in result.warnings]
    assert any(m.endswith("lines.json: invalid JSON at line 2, column 1 (more than one JSON value: if it is JSON "
                          "lines (one article a line), name it .jsonl)") for m in messages), messages
    assert any(m.endswith("cut.jsonl: line 1: invalid JSON at column 24 (a string has no closing quote), skipped")
               for m in messages), messages
    assert any(m.endswith("cut.jsonl: line 2: invalid JSON at column 21 (a value is missing or is not JSON), skipped")
               for m in messages), messages
    for m in messages:
        assert "Expecting" not in m and "Extra data" not in m and "Unterminated" not in m


def test_gzip_problems_are_said_in_plain_words(tmp_path):
    """No exception text or bytes literal (``Not a gzipped file (b'no')``), and never "the rest
    of it is skipped" when nothing was read from the file."""
    import gzip

    def packed(count: int) -> bytes:
        records = [json.dumps({"id": f"g{i}", "text": f"Bài số {i} " * 20}) for i in range(count)]
        return gzip.compress("\n".join(records).encode("utf-8") + b"\n")

    (tmp_path / "badgz.jsonl.gz").write_bytes(b"no gzip at all\n")
    (tmp_path / "cut.json.gz").write_bytes(gzip.compress(b'[{"id": "x", "text": "abc"}]')[:-12])
    damaged = bytearray(packed(3))
    damaged[-8] ^= 0xFF  # the checksum, checked once the (small) file is read
    (tmp_path / "crc.jsonl.gz").write_bytes(bytes(damaged))
    (tmp_path / "tail.jsonl.gz").write_bytes(packed(2000) + b"garbage after the gzip data")
    result = load_paths([tmp_path])
    messages = {w.path.rsplit("/", 1)[-1]: w.message for w in result.warnings}
    assert messages["badgz.jsonl.gz"] == "not a gzip file (though its name ends in .gz), skipped"
    assert messages["cut.json.gz"] == "gzip file cut short (truncated): nothing read from it, skipped"
    assert messages["crc.jsonl.gz"] == "damaged gzip data: nothing read from it, skipped"
    read = sum(a.path.endswith("tail.jsonl.gz") for a in result.articles)
    assert 0 < read <= 2000
    assert messages["tail.jsonl.gz"] == f"damaged gzip data after {read:,} articles: the rest of it is skipped"
    for message in messages.values():
        assert "(b'" not in message and "Error" not in message and "Not a gzipped" not in message



def test_a_million_tiny_lines_become_a_few_thousand_paragraphs_with_a_warning(tmp_path):
    """1M one-word lines in one file: paragraphs are merged runs of whole lines, not a
    record per line; every word is still there and searchable, and the file is named."""
    from tui.core.search import SearchIndex
    from tui.core.structure import MAX_PARAGRAPHS

    lines = ["hà"] * 999_999 + ["cuối"]  # 3 million characters, under the article size cap
    (tmp_path / "list.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = load_paths([tmp_path])
    [article] = result.articles
    assert len(article.paragraphs) <= MAX_PARAGRAPHS
    assert [w.message for w in result.warnings] == [f"1,000,000 lines: merged into {len(article.paragraphs):,} paragraphs"]
    assert "list.txt" in result.warnings[0].path
    covered = "\n".join(article.text[p.start:p.end] for p in article.paragraphs)
    assert covered.split() == lines
    assert SearchIndex.build([article]).search("cuoi", limit=1).hits


@pytest.mark.parametrize("text, title", [
    ("PGS.TS. Hoàng Minh Sơn, Thứ trưởng, trao quyết định. Hội đồng họp sau đó.",
     "PGS.TS. Hoàng Minh Sơn, Thứ trưởng, trao quyết định"),
    ("GS.TS. Nguyễn Văn A nói. Câu hai.", "GS.TS. Nguyễn Văn A nói"),
    ("Ông Phan Đức Hiếu:\nCơ hội kinh doanh không do giấy phép mà ra.\nMọi cơ hội kinh doanh.",
     "Ông Phan Đức Hiếu: Cơ hội kinh doanh không do giấy phép mà ra"),
    ("Bệnh gan:", "Bệnh gan"),
    ("Những điều cần biết về chức năng của gan trong cơ thể:\n- Lọc máu.",
     "Những điều cần biết về chức năng của gan trong cơ thể:"),
], ids=["joined titles", "GS.TS", "a speaker's lead-in", "a heading alone", "a long lead-in"])
def test_a_title_made_from_the_text_is_a_whole_first_sentence(text, title):
    """An article with no title is listed by its first sentence: not cut at a title's full stop
    (``PGS.TS.``), and a short lead-in ending in a colon is listed with the line it introduces."""
    from tui.core.loader import article_from_text

    assert article_from_text(text, "x", None, title_in_text=False).title == title
