"""The entities of a result set: what the sidebar's "all results" lists, counted in slices."""

from __future__ import annotations

from collections import Counter

import pytest

from tui.core.curation import Action, Curation, curated
from tui.core.entities import EntityExtractor, EntityIndex
from tui.core.loader import article_from_text
from tui.core.result_entities import entities_in

STORIES = [
    "Bộ trưởng Nguyễn Văn Hùng đến Hà Nội. Ông Hùng gặp lãnh đạo Công ty cổ phần Sữa Việt Nam. Ảnh: Trần Minh",
    "Ông T. (45 tuổi, trú tại Đà Nẵng) bị bắt. Công an Đà Nẵng cho biết ông T. đã nhận tội.",
    "Ông T., 70 tuổi, sống ở Hà Nội. Ông T. được đưa đến Bệnh viện Bạch Mai ngày 3/5/2020.",
    "Tại Hà Nội, Bộ trưởng Nguyễn Văn Hùng nói Vinamilk sẽ mở nhà máy ở Đà Nẵng.",
    "Chủ tịch Trần Thanh Mẫn tiếp đoàn Quốc hội Lào tại Hà Nội.",
]


@pytest.fixture(scope="module")
def index() -> EntityIndex:
    articles = [article_from_text(t, f"d{i}", None, title_in_text=False) for i, t in enumerate(STORIES)]
    return EntityIndex.build(articles, EntityExtractor())


def _one_by_one(index, docs):
    """What the sidebar listed before: each article's entities, summed."""
    articles, mentions, names = Counter(), Counter(), {}
    for doc in docs:
        for entity, count in index.entities_of(doc):
            articles[entity.key] += 1
            mentions[entity.key] += count
            names[entity.key] = (entity.name, entity.type)
    return {key: (*names[key], articles[key], mentions[key]) for key in mentions}


def _counted(index, docs, slice_size):
    return {e.key: (e.name, e.type, a, m) for e, a, m in entities_in(index, docs, slice_size=slice_size)}


@pytest.mark.parametrize("slice_size", [1, 2, 100])
@pytest.mark.parametrize("docs", [[0, 1, 2, 3, 4], [0, 3], [1, 2], [4]], ids=["all", "hung twice", "two T.", "one"])
def test_a_result_set_lists_what_its_articles_list_summed(index, docs, slice_size):
    assert _counted(index, docs, slice_size) == _one_by_one(index, docs)


def test_articles_and_mentions_are_counted_over_the_set_only(index):
    found = _counted(index, [0, 3], 1)
    hung = next(v for v in found.values() if v[0] == "Nguyễn Văn Hùng")
    hanoi = next(v for v in found.values() if v[0] == "Hà Nội")
    assert hung[2] == 2 and hung[3] >= 3  # two articles; named in full twice, 'Ông Hùng' once
    assert hanoi[2:] == (2, 2)
    assert not any(v[0] == "Trần Minh" for v in found.values())  # a photo credit is not listed


def test_each_article_s_initials_are_its_own_person(index):
    people = [v for v in _counted(index, [1, 2], 1).values() if v[0] == "T."]
    assert sorted(people) == [("T.", "PER", 1, 2), ("T.", "PER", 1, 2)]


def test_curated_entities_are_listed_as_curated(index):
    view = curated(index, Curation(actions=[Action("hide", "LOC:Đà Nẵng"), Action("rename", "PER:Trần Thanh Mẫn", "Trần T. Mẫn"),
                                            Action("merge", "ORG:Vinamilk", "ORG:Sữa Việt Nam")]))
    everything = list(range(len(STORIES)))
    found = _counted(view, everything, 2)
    assert found == _one_by_one(view, everything)
    names = {v[0] for v in found.values()}
    assert "Đà Nẵng" not in names and "Trần T. Mẫn" in names and "Vinamilk" not in names


def test_a_count_no_longer_wanted_stops(index):
    asked = []

    def cancelled():
        asked.append(1)
        return len(asked) > 1

    assert entities_in(index, range(len(STORIES)), cancelled, slice_size=1) == []
    assert len(asked) == 2  # it stopped at the second slice
