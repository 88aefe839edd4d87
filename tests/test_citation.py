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


def markdown_of(notes: list[str]) -> str:
    import io

    from tui.core.export import ARTICLE_FIELDS, write_rows

    row = dict.fromkeys(ARTICLE_FIELDS, None) | {"rank": 1, "title": "Bão số 3", "url": "https://x.vn/a",
                                                 "tags": [], "notes": notes}
    out = io.StringIO()
    write_rows([row, row | {"rank": 2, "notes": []}], ARTICLE_FIELDS, "md", out)
    return out.getvalue()


def test_a_multi_line_note_keeps_its_lines_in_markdown():
    """Each line of a note is a line of the export (a hard break), indented inside the note's
    item; a line that would open a Markdown block (a list, a heading) is escaped, and the next
    article is still the next item of the list."""
    from markdown_it import MarkdownIt

    markdown = markdown_of(["Gọi lại ông Hùng\n- hỏi số liệu [2020]\n1. xác minh | nguồn\n\n# ý chính"])
    assert ("   - note: Gọi lại ông Hùng\\\n     \\- hỏi số liệu \\[2020\\]\\\n     1\\. xác minh \\| nguồn\n"
            "\n     \\# ý chính\n2. ") in markdown
    html = MarkdownIt("commonmark").render(markdown)
    assert "note: Gọi lại ông Hùng<br />\n- hỏi số liệu [2020]<br />\n1. xác minh | nguồn</p>\n<p># ý chính</p>" in html
    assert html.count("<li>") == 3 and html.count("<ol>") == 1 and "<h1>" not in html


def test_a_one_line_note_is_written_as_before():
    assert "   - note: gọi lại cho ông Hùng\n" in markdown_of(["gọi lại cho ông Hùng"])


def record_article(**fields):
    from tui.core.loader import article_from_record

    record = {"id": "n3", "text": "Cơn bão số 3 gây mưa lớn ở Quảng Nam. Hàng nghìn người phải sơ tán.",
              "date": "2020-10-03", "source": "dantri.com.vn", "url": "https://dantri.com.vn/xa-hoi/bao-3.htm"} | fields
    article, problem = article_from_record({k: v for k, v in record.items() if v is not None}, "x", "news.jsonl")
    assert problem is None
    return article


def test_the_citation_names_the_author_from_the_article_s_field_or_its_byline():
    from tui.core.entities.credits import ArticleCredits
    from tui.core.export import article_citation, article_row, quoted_with_citation

    url = "https://dantri.com.vn/xa-hoi/bao-3.htm"
    signed = record_article(title="Bão số 3 đổ bộ", author="Hoàng Quốc")
    assert article_citation(signed) == f"Hoàng Quốc, “Bão số 3 đổ bộ”, dantri.com.vn, 2020-10-03, {url}"
    assert record_article(title="Bão số 3 đổ bộ", authors=["Trường Thịnh", "Mi Vân"]).metadata["authors"]
    assert article_citation(record_article(title="Bão số 3 đổ bộ", authors=["Trường Thịnh", "Mi Vân"])).startswith(
        "Trường Thịnh, Mi Vân, “Bão số 3 đổ bộ”, ")
    byline = ArticleCredits(authors=("Hoàng Quốc",), sources=("Reuters",))
    unsigned = record_article(title="Bão số 3 đổ bộ")
    assert article_citation(unsigned) == f"“Bão số 3 đổ bộ”, dantri.com.vn, 2020-10-03, {url}"
    assert article_citation(unsigned, byline) == f"Hoàng Quốc, “Bão số 3 đổ bộ”, dantri.com.vn, 2020-10-03, {url}"
    assert quoted_with_citation(unsigned, 0, 37, byline) == (
        f"“Cơn bão số 3 gây mưa lớn ở Quảng Nam.” — Hoàng Quốc, “Bão số 3 đổ bộ”, dantri.com.vn, 2020-10-03, {url}")
    row = article_row(1, unsigned, credits=byline)
    assert row["author"] == "Hoàng Quốc" and row["citation"].startswith("Hoàng Quốc, “Bão số 3 đổ bộ”")


def test_an_article_without_a_headline_is_cited_without_a_made_up_one():
    """Its title (its first sentence, made up by the loader to list it) is not quoted as the
    paper's headline: the citation is its author, source, date and URL, or its id when it has no URL."""
    from tui.core.export import article_citation, title_is_headline

    untitled = record_article(author="Hoàng Quốc")
    assert untitled.title == "Cơn bão số 3 gây mưa lớn ở Quảng Nam" and not title_is_headline(untitled)
    assert article_citation(untitled) == "Hoàng Quốc, dantri.com.vn, 2020-10-03, https://dantri.com.vn/xa-hoi/bao-3.htm"
    assert article_citation(record_article(url=None, source=None)) == "2020-10-03, n3"
    assert title_is_headline(record_article(title="Bão số 3 đổ bộ"))
    text_file = article_from_text("Bão số 3 đổ bộ\nCơn bão gây mưa lớn.", "bao.txt", None)
    assert title_is_headline(text_file) and article_citation(text_file) == "“Bão số 3 đổ bộ”"
    no_headline = article_from_text("Cơn bão gây mưa lớn. Hàng nghìn người sơ tán.", "bao.txt", None)
    assert article_citation(no_headline) == "bao.txt"
