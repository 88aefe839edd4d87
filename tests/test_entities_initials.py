"""People named by initials alone (``ông T.``, ``N.V.Đ.``): papers anonymise suspects and
patients so, and the ``T.`` of one article is not the ``T.`` of another.  Each stays in its
article (spans, the article's sidebar) and is neither merged nor counted across articles."""

from __future__ import annotations

import pytest

from tui.core.curation import Action, Curation, curated
from tui.core.entities import EntityExtractor, EntityIndex
from tui.core.entities.index import initials_only
from tui.core.loader import article_from_text
from tui.core.profile import build_profile
from tui.cli.entities import counted_in

#: Two unrelated stories, each about a different anonymised man called ``ông T.``.
THEFT = ("Ông T. (45 tuổi, trú tại Hà Nội) bị bắt khi đang trộm xe máy. "
         "Tại cơ quan công an, ông T. đã thừa nhận hành vi của mình.")
PATIENT = ("Bệnh nhân là ông T., 70 tuổi, sống ở Hà Nội. Ông T. được chuyển lên bệnh viện tuyến trên. "
           "Hiện sức khỏe ông T. đã ổn định.")
#: Two more, each with a suspect named by three initials, and a person named in full in both.
FRAUD = "Đối tượng N.V.Đ. khai với cơ quan điều tra rằng Bộ trưởng Nguyễn Văn Hùng không liên quan."
ROBBERY = "Công an đã bắt nghi phạm N.V.Đ. tại Đà Nẵng. Bộ trưởng Nguyễn Văn Hùng chỉ đạo làm rõ vụ việc."


@pytest.fixture(scope="module")
def index() -> EntityIndex:
    articles = [article_from_text(t, f"d{i}", None, title_in_text=False)
                for i, t in enumerate([THEFT, PATIENT, FRAUD, ROBBERY])]
    return EntityIndex.build(articles, EntityExtractor())


def _people_of(index: EntityIndex, doc: int) -> dict[str, tuple[str, int]]:
    return {e.name: (e.key, n) for e, n in index.entities_of(doc) if e.type == "PER"}


def test_a_person_named_by_initials_keeps_their_spans_in_each_article(index):
    for doc, count in ((0, 2), (1, 3)):
        spans = [(text, name) for _, _, kind, text, name, _ in index.spans_of(doc) if kind == "PER"]
        assert spans.count(("T.", "T.")) == count


def test_the_article_sidebar_lists_the_person_named_by_initials_with_their_mentions(index):
    assert _people_of(index, 0)["T."][1] == 2
    assert _people_of(index, 1)["T."][1] == 3
    assert _people_of(index, 2)["N.V.Đ."][1] == 1


def test_people_named_by_initials_are_not_one_person_across_articles(index):
    table = {e.name: e for e in index.entities("PER")}
    assert "T." not in table and "N.V.Đ." not in table
    assert table["Nguyễn Văn Hùng"].doc_count == 2  # a name in full still merges
    assert index.get("PER:t.") is None and index.docs_with("PER:t.") == []
    assert _people_of(index, 0)["T."][0] != _people_of(index, 1)["T."][0]


def test_a_table_over_several_articles_keeps_each_articles_initials_apart(index):
    rows = [(e.name, e.doc_count, e.mention_count) for e in counted_in(index, [0, 1, 2, 3], "PER")]
    assert sorted(r for r in rows if r[0] == "T.") == [("T.", 1, 2), ("T.", 1, 3)]
    assert [r for r in rows if r[0] == "N.V.Đ."] == [("N.V.Đ.", 1, 1)] * 2
    assert ("Nguyễn Văn Hùng", 2, 2) in rows


def test_choosing_initials_in_the_article_sidebar_finds_that_article_and_its_mentions(index):
    articles = [article_from_text(t, f"d{i}", None, title_in_text=False)
                for i, t in enumerate([THEFT, PATIENT, FRAUD, ROBBERY])]
    key = _people_of(index, 1)["T."][0]
    entity = index.get(key)
    assert entity is not None and entity.name == "T." and entity.mention_count == 3
    assert index.docs_with(key) == [1]
    profile = build_profile(articles, index, entity)
    assert profile.docs.tolist() == [1] and len(profile.mentions) == 3
    assert index.get(key.replace("@1", "@0")) is not None and index.get(key.replace("@1", "@2")) is None


def test_who_appears_with_a_place_leaves_out_the_people_named_by_initials(index):
    articles = [article_from_text(t, f"d{i}", None, title_in_text=False)
                for i, t in enumerate([THEFT, PATIENT, FRAUD, ROBBERY])]
    ha_noi = index.get("LOC:ha noi")
    assert ha_noi is not None and ha_noi.doc_count == 2
    names = [c.entity.name for c in build_profile(articles, index, ha_noi).co_mentions]
    assert "T." not in names


def test_a_curated_index_still_lists_and_finds_the_article_s_initials(index):
    view = curated(index, Curation(actions=[Action("hide", "PER:Nguyễn Văn Hùng")]))
    people = {e.name: (e.key, n) for e, n in view.entities_of(0) if e.type == "PER"}
    assert people["T."][1] == 2
    assert view.docs_with(people["T."][0]) == [0] and view.get(people["T."][0]).name == "T."
    assert "Nguyễn Văn Hùng" not in {e.name for e, _ in view.entities_of(2)}


@pytest.mark.parametrize("name, initials", [
    ("T.", True), ("N.V.Đ.", True), ("N.V.Đ", True), ("H", True), ("H. T.", True),
    ("M. Hà", False), ("A. Lukashenko", False), ("Tư", False), ("TP.HCM", False), ("BTV", False),
])
def test_which_names_are_initials_alone(name, initials):
    assert initials_only("PER", name) is initials
    assert initials_only("ORG", name) is False
