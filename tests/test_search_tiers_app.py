"""The explorer says the tiers of evidence: the hit count, the rows, the sidebar's strong set."""

from __future__ import annotations

import json
import re

import pytest

from tests.pilot import SMALL, WIDE, make_app, search, settle
from tests.test_search_tiers import ARTICLES


@pytest.fixture
def tiered_corpus(tmp_path):
    path = tmp_path / "tiers.jsonl"
    records = [{"id": doc_id, "title": text.split("\n\n", 1)[0], "text": text.split("\n\n", 1)[1]}
               for doc_id, text in ARTICLES.items()]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    return path


def drawn_rows(listing) -> list[str]:
    """Every row of the list as drawn on screen, both lines joined (scrolling each into view)."""
    rows = []
    for row in range(listing.row_count()):
        listing.scroll_to(y=row * listing.LINES_PER_ROW, animate=False, immediate=True)
        y = row * listing.LINES_PER_ROW - int(listing.scroll_offset.y)
        rows.append(" | ".join(listing.render_line(y + line).text.strip() for line in range(listing.LINES_PER_ROW)).strip())
    return rows


def listed_ids(app) -> list[str]:
    return [app.corpus.articles[doc].id for doc in app.document_list.docs]


async def test_hits_that_only_hold_the_words_scattered_say_so_even_alone(tiered_corpus):
    """Only one article holds "chợ" and "trực", paragraphs apart: the count says it has the
    words scattered, not "1 hit" that reads as an article about "chợ trực"."""
    app = make_app([str(tiered_corpus)])
    async with app.run_test(size=WIDE) as pilot:
        await search(pilot, "chợ trực")
        assert listed_ids(app) == ["scattered"]
        assert str(app.query_one("#hit-count").render()) == "1 scattered"


@pytest.mark.parametrize("size", [WIDE, SMALL])
async def test_the_hit_count_and_a_separator_before_each_weaker_tier(tiered_corpus, size):
    app = make_app([str(tiered_corpus)])
    async with app.run_test(size=size) as pilot:
        await search(pilot, "thu tuong pham minh chinh ")
        count = str(app.query_one("#hit-count").render())
        # every tier named, by the one name it has everywhere
        assert count == "1 phrase · 2 near · 2 scattered"
        listing = app.document_list
        ids = listed_ids(app)
        assert ids[0] == "phrase" and set(ids[1:3]) == {"window", "typo"}
        assert set(ids[3:]) == {"scattered", "other-paragraphs"}
        rows = drawn_rows(listing)
        assert len(rows) == 7  # 5 hits and 2 separators
        assert rows[1].startswith("|") and "── 2 near ──" in rows[1]
        scattered = "── 2 scattered ──"
        assert scattered in rows[4] and rows[4].startswith("|")
        assert [listing.doc_at(row) is None for row in range(7)] == [False, True, False, False, True, False, False]
        assert [app.corpus.articles[listing.doc_at(row)].id for row in (0, 2, 3, 5, 6)] == ids
        # the separators say the tier: the rows do not repeat it
        metas = [row.split("|")[1].strip() for row in rows if not row.startswith("|")]
        assert all(not m.startswith(("phrase", "near", "scattered")) for m in metas)
        assert all(re.match(r"\d+ match(es)? · ", m) for m in metas) and len(metas) == 5
        # "all results" in the entity sidebar counts the strong set only
        assert sorted(app.corpus.articles[doc].id for doc in app._strong) == ["phrase", "typo", "window"]


@pytest.mark.parametrize("size", [WIDE, SMALL])
async def test_the_cursor_steps_over_separators_and_opens_the_article_it_is_on(tiered_corpus, size):
    app = make_app([str(tiered_corpus)])
    async with app.run_test(size=size) as pilot:
        await search(pilot, "thu tuong pham minh chinh ")
        await pilot.press("enter")
        await settle(pilot)
        listing = app.document_list
        ids = listed_ids(app)
        assert app.focused is listing and listing.cursor == 0
        assert app.corpus.articles[app.reader.doc].id == "phrase"

        def on(expected_row: int, expected_id: str) -> None:
            assert listing.cursor == expected_row
            assert app.corpus.articles[listing.current_doc].id == expected_id
            assert app.corpus.articles[app.reader.doc].id == expected_id  # the reader previews it

        for key, row, index in [("j", 2, 1), ("j", 3, 2), ("down", 5, 3), ("j", 6, 4), ("j", 6, 4),
                                ("k", 5, 3), ("up", 3, 2), ("k", 2, 1), ("k", 0, 0), ("k", 0, 0),
                                ("G", 6, 4), ("g", 0, 0), ("end", 6, 4), ("home", 0, 0),
                                ("pagedown", 6, 4), ("pageup", 0, 0)]:
            await pilot.press(key)
            await settle(pilot)
            on(row, ids[index])
        listing.move_cursor(4, -1)  # onto a separator from below: the hit above it
        await settle(pilot)
        on(3, ids[2])
        listing.move_cursor(1, 1)  # from above: the hit below it
        await settle(pilot)
        on(2, ids[1])
        await pilot.press("j", "j", "enter")  # read the first scattered hit
        await settle(pilot)
        assert app.focused is app.reader and app.corpus.articles[app.reader.doc].id == ids[3]
        # a click on a separator does nothing
        await pilot.click(listing, offset=(5, 1 * listing.LINES_PER_ROW + 1 - int(listing.scroll_offset.y)))
        await settle(pilot)
        assert app.corpus.articles[app.reader.doc].id == ids[3]


async def test_a_star_after_a_separator_marks_the_article_under_the_cursor(tiered_corpus):
    app = make_app([str(tiered_corpus)])
    async with app.run_test(size=WIDE) as pilot:
        await search(pilot, "thu tuong pham minh chinh ")
        await pilot.press("enter", "j", "j", "j")  # past the near separator, then the scattered one
        await settle(pilot)
        listing = app.document_list
        starred = listing.current_doc
        assert listing.cursor == 5 and app.reader.doc == starred
        await pilot.press("asterisk")
        await settle(pilot)
        rows = drawn_rows(listing)
        assert "★" in rows[5] and sum("★" in row for row in rows) == 1
        assert listing.find_row(starred) == 5


async def test_more_results_keep_the_separators_and_go_to_the_first_new_hit(tiered_corpus):
    """Capped at 2 hits: the "more" row is after the last hit, not taken for a separator;
    choosing it lists twice the hits with the cursor on the first one that was not listed."""
    app = make_app([str(tiered_corpus)])
    app.config["search"]["limit"] = 2
    async with app.run_test(size=WIDE) as pilot:
        await search(pilot, "thu tuong pham minh chinh ")
        listing = app.document_list
        rows = drawn_rows(listing)
        assert len(rows) == 4 and "near ──" in rows[1] and rows[3].startswith("… 3 more")
        await pilot.press("enter", "j")
        await settle(pilot)
        assert listing.cursor == 2
        await pilot.press("j", "enter")  # the "more" row: twice the hits
        await settle(pilot)
        assert len(listing.docs) == 4
        rows = drawn_rows(listing)
        assert "── 2 scattered ──" in rows[4] and rows[6].startswith("… 1 more")
        assert listing.cursor == 3 and listing.current_doc == listing.docs[2] == app.reader.doc


@pytest.mark.parametrize("query", ["chinh", "tin", ""])
async def test_no_separator_with_one_tier_or_no_query(tiered_corpus, query):
    app = make_app([str(tiered_corpus)])
    async with app.run_test(size=WIDE) as pilot:
        if query:
            await search(pilot, query)
        else:
            await settle(pilot)
        listing = app.document_list
        assert listing.docs and listing.row_count() == len(listing.docs)
        assert not any("──" in row for row in drawn_rows(listing))
        assert [listing.doc_at(row) for row in range(listing.row_count())] == list(listing.docs)


async def test_all_results_in_the_sidebar_counts_the_whole_strong_set_beyond_the_listed_hits(tmp_path):
    """With more strong hits than the list shows (the limit, 200), the sidebar's "all results"
    still counts every one of them — as `vnby-tui entities --query` does."""
    path = tmp_path / "many.jsonl"
    records = [{"id": f"a{n}", "title": f"Tin bão số {n}",
                "text": f"Bão số 9 đổ bộ vào xã thứ {n}. Ông Trần Văn Bình, chủ tịch xã, cho biết dân đã sơ tán."}
               for n in range(230)]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    app = make_app([str(path)])
    async with app.run_test(size=WIDE) as pilot:
        await search(pilot, '"bao so 9"')
        assert len(app.document_list.docs) == 200  # the list stops at the limit
        app.sidebar.focus()
        await pilot.press("a")
        await settle(pilot)
        assert app.sidebar.scope == "results"
        counts = {row.entity.name: row.count for row in app.sidebar.rows if row.entity is not None}
        assert counts.get("Trần Văn Bình") == 230, counts
