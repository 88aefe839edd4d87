"""A mark typed right behind a move in the list (``j`` ``*`` in one burst: a fast typist, one SSH
packet) goes to the article the cursor moved to, the one the reader is about to show: it starred
the article shown before (tmux, 120x40, the installed program, dantri-unc)."""

from __future__ import annotations

import pytest
from textual import events

from pilot import SMALL, WIDE, make_app, open_first_result, settle, wait_until


@pytest.mark.parametrize("size", [WIDE, SMALL], ids=["120x40", "80x24"])
async def test_j_then_star_in_one_burst_stars_the_next_article(size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await open_first_result(pilot, "to lam")
        app.focus_now(app.document_list)
        first = app.reader.doc
        second = app.document_list.doc_at(app.document_list.cursor + 1)
        assert second is not None and second != first
        for key in ("j", "asterisk"):
            app.post_message(events.Key(key, "*" if key == "asterisk" else key))
        await wait_until(pilot, lambda: app.reader.doc == second, "the reader on the second article")
        await settle(pilot)
        assert app.corpus.marks.of(second).starred and not app.corpus.marks.of(first).starred
