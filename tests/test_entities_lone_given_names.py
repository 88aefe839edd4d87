"""A person named by one Vietnamese given name that the article never completes (``anh Dũng``,
``Trung tá Tuấn``, ``BS Thành``) is a different person in each article: such a name stays in its
article (its spans, the article's sidebar) but is neither merged nor counted across articles,
so the corpus table does not list one ``Dũng`` of 175 articles.  A given name the article
resolves to a full name counts for that person, as before.  And ``Tú`` is not ``Tư``."""

from __future__ import annotations

import pytest

from tui.cli.entities import counted_in
from tui.core.curation import Curation, curated
from tui.core.entities import EntityExtractor, EntityIndex
from tui.core.entities.index import article_only
from tui.core.loader import article_from_text
from tui.core.profile import build_profile

#: Three unrelated stories, each with its own Dũng named by his given name alone; the third
#: names its Dũng in full first.  The fourth has two neighbours, Tú and Tư.
STORIES = [
    "Anh Dũng (32 tuổi, trú tại Hà Nội) bị tai nạn trên đường đi làm. Hiện anh Dũng đã qua cơn nguy kịch.",
    "Trung tá Dũng, Đội trưởng Đội cảnh sát giao thông, cho biết đã lập biên bản. Theo Trung tá Dũng, "
    "lái xe vi phạm nồng độ cồn. Sáng nay, đoàn kiểm tra về Hà Nội.",
    "Ông Nguyễn Tiến Dũng, Giám đốc Sở Y tế, cho biết bệnh viện đủ thuốc. Ông Dũng cũng đề nghị người dân bình tĩnh.",
    "Anh Tú và anh Tư là hàng xóm ở Hà Nội. Anh Tư kể lại sự việc, còn anh Tú im lặng.",
]


@pytest.fixture(scope="module")
def articles():
    return [article_from_text(t, f"d{i}", None, title_in_text=False) for i, t in enumerate(STORIES)]


@pytest.fixture(scope="module")
def index(articles) -> EntityIndex:
    built = EntityIndex.build(articles, EntityExtractor())
    built.merge_short_forms()
    return built


def sidebar(index, doc: int) -> dict[str, tuple[str, int]]:
    """The people the article's sidebar lists: name → (key, mentions in the article)."""
    return {e.name: (e.key, n) for e, n in index.entities_of(doc) if e.type == "PER"}


def test_the_corpus_table_does_not_list_a_given_name_alone_as_one_person(index):
    people = {e.name: e for e in index.entities("PER")}
    assert "Dũng" not in people and "Tú" not in people and "Tư" not in people
    assert people["Nguyễn Tiến Dũng"].doc_count == 1 and people["Nguyễn Tiến Dũng"].mention_count == 2
    assert index.get("PER:dung") is None and index.docs_with("PER:dung") == []


def test_each_article_s_sidebar_lists_its_own_given_name_with_its_mentions(index):
    first, second = sidebar(index, 0), sidebar(index, 1)
    assert first["Dũng"][1] == 2 and second["Dũng"][1] == 2
    assert first["Dũng"][0] != second["Dũng"][0]  # two men, not one
    assert second["Dũng"] and "Dũng" not in sidebar(index, 2)  # the third article's is Nguyễn Tiến Dũng
    assert sidebar(index, 2)["Nguyễn Tiến Dũng"][1] == 2


def test_choosing_the_given_name_in_the_sidebar_finds_that_article_only(index, articles):
    key = sidebar(index, 1)["Dũng"][0]
    entity = index.get(key)
    assert entity is not None and entity.name == "Dũng" and entity.roles == ["Trung tá"]
    assert index.docs_with(key) == [1]
    profile = build_profile(articles, index, entity)
    assert profile.docs.tolist() == [1] and len(profile.mentions) == 2


def test_a_table_over_several_articles_keeps_each_article_s_given_name_apart(index):
    rows = [(e.name, e.doc_count, e.mention_count) for e in counted_in(index, [0, 1, 2], "PER")]
    assert sorted(r for r in rows if r[0] == "Dũng") == [("Dũng", 1, 2), ("Dũng", 1, 2)]


def test_two_given_names_differing_by_a_tone_are_two_people(index):
    people = sidebar(index, 3)
    assert people["Tú"][1] == 2 and people["Tư"][1] == 2
    assert people["Tú"][0] != people["Tư"][0]


def test_a_curated_index_still_lists_the_article_s_given_name(index):
    view = curated(index, Curation(actions=[]))
    people = {e.name: (e.key, n) for e, n in view.entities_of(1) if e.type == "PER"}
    assert people["Dũng"][1] == 2 and view.docs_with(people["Dũng"][0]) == [1]


@pytest.mark.parametrize("name, local", [
    ("Dũng", True), ("Tư", True), ("T.", True), ("Nguyễn Tiến Dũng", False), ("Văn Toàn", False),
    ("Park", False), ("Mourinho", False), ("HÙNG", True),
])
def test_which_people_stay_in_their_article(name, local):
    assert article_only("PER", name) is local
    assert article_only("LOC", name) is False
