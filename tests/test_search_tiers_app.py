"""The explorer says the tiers of evidence: the hit count, the rows, the sidebar's strong set."""

from __future__ import annotations

import json

import pytest

from tests.pilot import SMALL, WIDE, make_app, search
from tests.test_search_tiers import ARTICLES


@pytest.fixture
def tiered_corpus(tmp_path):
    path = tmp_path / "tiers.jsonl"
    records = [{"id": doc_id, "title": text.split("\n\n", 1)[0], "text": text.split("\n\n", 1)[1]}
               for doc_id, text in ARTICLES.items()]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("size", [WIDE, SMALL])
async def test_the_hit_count_and_rows_say_the_tiers(tiered_corpus, size):
    app = make_app([str(tiered_corpus)])
    async with app.run_test(size=size) as pilot:
        await search(pilot, "thu tuong pham minh chinh ")
        count = str(app.query_one("#hit-count").render())
        expected = "1 article with the phrase · 2 near · 2 with the words scattered"
        assert expected.startswith(count.rstrip("…")) and count.startswith("1 article with the phrase")
        listing = app.document_list
        ids = [app.corpus.articles[doc].id for doc in listing.docs]
        assert ids[0] == "phrase" and set(ids[1:3]) == {"window", "typo"}
        assert listing.tiered
        metas = [listing._meta_line(doc).plain.strip() for doc in listing.docs]
        assert metas[0].startswith("phrase") and all(m.startswith("near") for m in metas[1:3])
        assert all(m.startswith("words scattered") for m in metas[3:])
        # "all results" in the entity sidebar counts the strong set only
        assert sorted(app.corpus.articles[doc].id for doc in app._strong) == ["phrase", "typo", "window"]
