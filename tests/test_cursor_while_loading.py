"""The list cursor while a cold load refreshes a query's results: it stays on the first row
(the best hit so far) until the user moves it, and once they have, on the article they chose.

A new user's trial: typing ``park hang seo`` at 'indexing 22%' left ``▸`` on a hit with the
words scattered, kept from the first batch's answer, under a phrase hit found later."""

from __future__ import annotations

import json
import pytest

from pilot import SMALL, WIDE, gated_load, make_app, wait_until

FILLER = " ".join(["người dân địa phương cho biết thêm"] * 12)


@pytest.fixture
def park_corpus(tmp_path):
    """Articles read one batch each: the words scattered in the first three, the phrase in
    the next two, scattered again in the last."""
    def scattered(i):
        return {"id": f"w{i}", "title": f"Bóng đá {i}", "text": f"Park nói. {FILLER} Hàng thủ. {FILLER} Seo cười."}

    def phrase(i):
        return {"id": f"p{i}", "title": f"HLV Park Hang Seo {i}", "text": f"HLV Park Hang Seo dẫn dắt tuyển Việt Nam. {FILLER}"}

    rows = [scattered(0), scattered(1), scattered(2), phrase(0), phrase(1), scattered(3)]
    path = tmp_path / "park.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def doc_of(app, article_id: str) -> int | None:
    return next((d for d in range(len(app.corpus.articles)) if app.corpus.articles[d].id == article_id), None)


def results_with(app, article_id: str) -> bool:
    """The results listed answer the query over a corpus that holds ``article_id``."""
    doc = doc_of(app, article_id)
    searching = any(w.group == "search" and w.is_running for w in app.workers)
    return (doc is not None and doc in app.document_list.docs and not searching
            and app.document_list.generation == app._search_generation)


def current_id(app) -> str | None:
    doc = app.document_list.current_doc
    return None if doc is None else app.corpus.articles[doc].id


@pytest.mark.parametrize("size", [WIDE, SMALL], ids=["120x40", "80x24"])
async def test_the_cursor_stays_on_the_first_row_as_results_refresh_while_loading(park_corpus, monkeypatch, size):
    gate = gated_load(monkeypatch)
    app = make_app([str(park_corpus)])
    try:
        async with app.run_test(size=size) as pilot:
            await wait_until(pilot, lambda: app.document_list.row_count() > 0, "the first batch listed")
            await pilot.press("slash", *"park hang seo")
            await wait_until(pilot, lambda: app.search_text == "park hang seo" and results_with(app, "w0"),
                             "the first batch's answer")
            assert current_id(app) == "w0"
            for article_id in ("w1", "w2", "p0", "p1"):  # the phrase hits come in the 4th and 5th batches
                gate.release()
                await wait_until(pilot, lambda: results_with(app, article_id), f"the results refreshed with {article_id}")
            first = app.document_list.docs[0]
            assert app.corpus.articles[first].id in ("p0", "p1")
            assert app.document_list.current_doc == first, f"the cursor is on {current_id(app)}, not the first row"
            assert not app.corpus.loaded
    finally:
        gate.release(100)


@pytest.mark.parametrize("size", [WIDE, SMALL], ids=["120x40", "80x24"])
async def test_once_moved_the_cursor_keeps_its_article_as_results_refresh(park_corpus, monkeypatch, size):
    gate = gated_load(monkeypatch)
    app = make_app([str(park_corpus)])
    try:
        async with app.run_test(size=size) as pilot:
            await wait_until(pilot, lambda: app.document_list.row_count() > 0, "the first batch listed")
            await pilot.press("slash", *"park hang seo")
            for article_id in ("w0", "w1", "w2", "p0"):
                if article_id != "w0":
                    gate.release()
                await wait_until(pilot, lambda: results_with(app, article_id), f"the results with {article_id}")
            app.focus_now(app.document_list)
            await pilot.press("j")  # from the phrase hit to the first of the scattered ones
            await wait_until(pilot, lambda: current_id(app) not in (None, "p0"), "the cursor moved")
            chosen = current_id(app)
            for article_id in ("p1", "w3"):
                gate.release()
                await wait_until(pilot, lambda: results_with(app, article_id), f"the results refreshed with {article_id}")
                assert current_id(app) == chosen
    finally:
        gate.release(100)


@pytest.mark.parametrize("size", [WIDE, SMALL], ids=["120x40", "80x24"])
async def test_results_refreshed_keep_the_match_the_reader_is_on(size):
    """n moved the reader to match 2; the same query's results refreshed (a batch indexed, the
    load finishing) set it back to match 1 (the end-to-end test saw it under load)."""
    from pilot import open_first_result, settle

    app = make_app()
    async with app.run_test(size=size) as pilot:
        await open_first_result(pilot)
        assert app.reader.match_index == 0 and len(app.reader.matches) > 2
        await pilot.press("n", "n")
        await wait_until(pilot, lambda: app.reader.match_index == 2, "match 3")
        app.refresh_results()  # what each batch of a cold load, and its end, do
        await settle(pilot)
        assert app.reader.match_index == 2
        await pilot.press("slash", *" belarus")  # another query: its matches, from the first
        await settle(pilot)
        assert app.reader.match_index == 0
