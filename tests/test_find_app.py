"""The explorer's filters and date sort: ``s`` cycles the sort (the header says it), a filter
typed in the search bar lists what it keeps, and a query that cannot be read says why in one
line without emptying the list."""

from __future__ import annotations

import json

import pytest

from tests.pilot import SMALL, WIDE, make_app, search, settle, wait_until

MONTHS = ["2020-03-05", "2021-01-10", "2019-07-01", None, "2020-11-30"]


@pytest.fixture
def dated_corpus(tmp_path):
    path = tmp_path / "dated.jsonl"
    rows = [{"id": f"d{i}", "title": f"Bão số {i} vào miền Trung", "date": date,
             "text": f"Cơn bão số {i} đổ bộ vào Quảng Nam, ông Trần Minh Tuấn cho biết."}
            for i, date in enumerate(MONTHS)]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def listed_ids(app) -> list[str]:
    return [app.corpus.articles[doc].id for doc in app.document_list.docs]


def header(app) -> str:
    return str(app.explorer.query_one("#header").render())


@pytest.mark.parametrize("size", [WIDE, SMALL])
async def test_s_cycles_the_sort_and_the_header_says_it(dated_corpus, size):
    app = make_app([str(dated_corpus)])
    async with app.run_test(size=size) as pilot:
        await search(pilot, "bão ")
        assert "first" not in header(app)
        await pilot.press("escape")
        await pilot.press("s")
        await settle(pilot)
        assert "newest first" in header(app)
        assert listed_ids(app) == ["d1", "d4", "d0", "d2", "d3"]  # undated last
        await pilot.press("s")
        await settle(pilot)
        assert "oldest first" in header(app) and listed_ids(app) == ["d2", "d0", "d4", "d1", "d3"]
        await pilot.press("s")
        await settle(pilot)
        assert "first" not in header(app)


async def test_sorting_a_corpus_without_dates_says_it_changes_nothing(tmp_path):
    """baomoi has no dates: ``s`` said "newest first" and the order stayed, silently."""
    path = tmp_path / "undated.jsonl"
    path.write_text("".join(json.dumps({"id": f"u{i}", "title": f"Tin {i}", "text": "Bão vào miền Trung."}) + "\n"
                            for i in range(3)), encoding="utf-8")
    app = make_app([str(path)])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        said = [str(n.message) for n in app._notifications]
        assert "newest first" in header(app) and any(m.startswith("No article has a date") for m in said), said


async def test_sorting_a_dated_corpus_says_nothing_more(dated_corpus):
    app = make_app([str(dated_corpus)])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert not [n for n in app._notifications if "date" in str(n.message)]


async def test_a_typed_date_filter_lists_that_month_and_bad_syntax_keeps_the_list(dated_corpus):
    app = make_app([str(dated_corpus)])
    async with app.run_test(size=WIDE) as pilot:
        await search(pilot, "date:2020")
        assert sorted(listed_ids(app)) == ["d0", "d4"]
        await pilot.press("space", "quotation_mark")  # every state typed on the way is readable but the last
        await settle(pilot)
        assert "unbalanced quote" in str(app.query_one("#hit-count").render())
        assert sorted(listed_ids(app)) == ["d0", "d4"]  # the list is not emptied under the message
        app.search_bar.set_query("date:2020-13")  # pasted: typed, date:2020-1 (January) would list nothing first
        await settle(pilot)
        assert "no month 13" in str(app.query_one("#hit-count").render())
        assert sorted(listed_ids(app)) == ["d0", "d4"]
        await pilot.press("backspace", "1")  # date:2020-11
        await settle(pilot)
        await wait_until(pilot, lambda: listed_ids(app) == ["d4"], "only November 2020 listed")


async def test_an_empty_list_says_why_the_query_cannot_be_read(dated_corpus):
    """Typing "-covid": "-" alone listed nothing ("No article matches “-”"), then "-covid" cannot be
    read (only exclusions); the empty list said the message of "-" under the count's reason."""
    app = make_app([str(dated_corpus)])
    async with app.run_test(size=WIDE) as pilot:
        await search(pilot, "-")
        assert app.document_list.row_count() == 0 and "“-”" in " ".join(app.document_list.message)
        await pilot.press(*"covid")
        await settle(pilot)
        assert app.document_list.row_count() == 0
        said = " ".join(app.document_list.message)
        assert "only exclusions" in said and "“-”" not in said, said


async def test_the_reader_highlights_the_words_of_a_query_not_its_filters(tmp_path):
    """``bão date:2020`` finds articles holding bão dated 2020: the reader marks the storms,
    not every 2020 in the text (the filter restricts the list, it is not a word to find)."""
    path = tmp_path / "dated.jsonl"
    rows = [{"id": "a", "title": "Bão vào miền Trung", "date": "2020-10-05",
             "text": "Năm 2020 có nhiều bão. Cơn bão này là cơn thứ chín của năm 2020, 2020 là năm mưa lớn."},
            {"id": "b", "title": "Bão năm ngoái", "date": "2019-10-05", "text": "Cơn bão năm 2019."}]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    app = make_app([str(path)])
    async with app.run_test(size=WIDE) as pilot:
        await search(pilot, "bão date:2020")
        assert listed_ids(app) == ["a"]
        await pilot.press("enter")  # one enter opens the top hit in the reader
        await wait_until(pilot, lambda: app.reader.doc is not None and app.reader.matches, "the hit open")
        article = app.corpus.articles[app.reader.doc]
        found = [(article.title if m.field == "title" else article.text)[m.start:m.end] for m in app.reader.matches]
        assert found == ["Bão", "bão", "bão"]
