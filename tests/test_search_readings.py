"""A phrase typed without diacritics ranks the reading the corpus means most first:
``to lam`` lists the articles about Tô Lâm before those where someone ``bị tố làm`` sai."""

from __future__ import annotations

import json

import pytest

from tests.pilot import WIDE, make_app, search
from tests.test_search_tiers_app import listed_ids
from tui.core.find import find, preferred_reading
from tui.core.loader import article_from_text
from tui.core.query import parse_query
from tui.core.search import SearchIndex

#: Three articles about the minister, in the body only; three where the words are others,
#: in the title too (which weighs more): every one holds ``to lam`` as a phrase.
NEWS = {
    "minister-1": ("Tiếp đoàn Interpol", "Thượng tướng Tô Lâm tiếp đoàn đại biểu Interpol tại Hà Nội."),
    "minister-2": ("Hội nghị ngành công an", "Bộ trưởng Tô Lâm chủ trì hội nghị. Ông Tô Lâm nhấn mạnh kỷ luật."),
    "minister-3": ("Lễ kỷ niệm", "Đồng chí Tô Lâm dự lễ kỷ niệm ngày truyền thống."),
    "accused-1": ("Dân tố làm ô nhiễm", "Người dân tố làm ô nhiễm môi trường sống, tố làm ồn."),
    "accused-2": ("Nhà thầu bị tố làm sai", "Nhà thầu bị tố làm sai hồ sơ dự thầu."),
    "car": ("Xe ô tô làm đổ cột điện", "Chiếc ô tô làm đổ cột điện bên đường."),
}
MINISTER = {"minister-1", "minister-2", "minister-3"}


def articles(news=NEWS):
    return [article_from_text(f"{title}\n\n{text}", doc_id, None) for doc_id, (title, text) in news.items()]


@pytest.fixture(scope="module")
def index():
    return SearchIndex.build(articles())


def ranked(index, query):
    return [(hit.id, hit.tier) for hit in find(query, index, limit=len(index)).results.hits]


def test_to_lam_lists_the_articles_about_to_lam_first(index):
    hits = ranked(index, "to lam")
    assert {tier for _, tier in hits} == {"phrase"} and len(hits) == 6
    assert {doc_id for doc_id, _ in hits[:3]} == MINISTER


def test_typed_with_diacritics_the_form_typed_still_comes_first(index):
    assert {doc_id for doc_id, _ in ranked(index, "tố làm")[:2]} == {"accused-1", "accused-2"}
    assert preferred_reading(index, parse_query("tố làm").terms) is None


def test_a_date_sort_and_a_single_word_are_not_read():
    """``lam`` alone has no phrase to read; a sort by date orders by date within the tiers."""
    index = SearchIndex.build(articles())
    assert preferred_reading(index, parse_query("lam").terms) is None
    newest = find("to lam", index, limit=6, sort="newest").results.hits
    assert [hit.id for hit in newest] == [hit.id for hit in index.search("to lam", limit=6).hits]  # all undated


def test_the_reading_is_counted_by_articles_not_by_occurrences():
    """One article repeating ``tổ Lam`` (a team) five times does not outvote two articles
    writing ``Tô Lâm`` once; two forms written by as many articles prefer neither."""
    team = {"team": ("Tổ Lam", "Tổ Lam thắng. Tổ Lam hòa. Tổ Lam thua. Tổ Lam nghỉ. Tổ Lam về.")}
    index = SearchIndex.build(articles({**team, "minister-1": NEWS["minister-1"], "minister-3": NEWS["minister-3"]}))
    assert sorted(index.articles[doc].id for doc in index.commonest_reading(["to", "lam"]).docs) == ["minister-1", "minister-3"]
    tied = SearchIndex.build(articles({**team, "minister-1": NEWS["minister-1"]}))
    assert tied.commonest_reading(["to", "lam"]) is None
    assert find("to lam", tied, limit=2).results.hits[0].id == tied.search("to lam", limit=2).hits[0].id


def test_the_reading_is_the_same_however_the_index_is_cut_into_segments():
    news = articles()
    several = SearchIndex()
    for first, last in ((0, 4), (4, 5), (5, 6)):
        several.add(news[first:last])
    assert len(several._store.state.segments) > 1
    assert ranked(several, "to lam") == ranked(SearchIndex.build(news), "to lam")


@pytest.fixture
def news_corpus(tmp_path):
    path = tmp_path / "news.jsonl"
    records = [{"id": doc_id, "title": title, "text": text} for doc_id, (title, text) in NEWS.items()]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    return path


async def test_the_explorer_lists_to_lam_first_for_to_lam(news_corpus):
    app = make_app([str(news_corpus)])
    async with app.run_test(size=WIDE) as pilot:
        await search(pilot, "to lam")
        assert str(app.query_one("#hit-count").render()) == "6 hits"
        assert set(listed_ids(app)[:3]) == MINISTER
