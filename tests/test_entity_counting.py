"""The corpus table the cache writer counts from the packed mentions with arrays
(tui.core.entities.counting) is the table the entity index counts one mention at a time:
the same entities, counts, articles, names, aliases and roles in the same order (ties
included), the same merges (an acronym into its expansion, a foreign short name into the
one person named in full), the same table order — whatever order the articles came in."""

from __future__ import annotations

import random
import shutil

import pytest

from tui.core import persist
from tui.core.cache import EntryReader, EntryWriter
from tui.core.entities import EntityIndex
from tui.core.entities.counting import can_count_packed

FIELDS = ("names", "aliases", "roles")


def row(kind, text, name=None, role=None, block="main", value=None, credit=False, start=0):
    return (start, start + len(text), kind, text, name or text, role, block, value, credit)


#: Articles written for the corners of counting: an acronym merged into its expansion and
#: a chain of them, a foreign short name and a Vietnamese two-word one merged into the full one, initials and given
#: names alone (counted in no table), dates keyed by
#: value, credits and related stories (counted nowhere), spacing folded in aliases, roles,
#: names and aliases tied in counts, an article without mentions.
ARTICLES = {
    0: [row("ORG", "UBND"), row("ORG", "Ủy ban nhân dân TP"), row("ORG", "UBND", "Ủy ban nhân dân TP"),
        row("PER", "Park Hang Seo", role="HLV"), row("PER", "Park", "Park Hang Seo"), row("PER", "T."),
        row("DATE", "30/1/2025", value="2025-01-30"), row("PER", "Minh Anh", credit=True),
        row("LOC", "Hà Nội", block="related"), row("PER", "Nguyễn Văn An", role="Bộ trưởng")],
    2: [row("PER", "Park"), row("DATE", "30/01/2025", value="2025-01-30"), row("ORG", "UBND"),
        row("LOC", "Hà  Nội"), row("LOC", "Hà Nội"), row("PER", "Nguyễn Văn An", role="Chủ tịch"),
        row("PER", "An", "Nguyễn Văn An"), row("DATE", "hôm qua")],
    1: [row("ORG", "VNPT"), row("ORG", "VNPT", "Tập đoàn VNPT"), row("ORG", "TĐ", "Tập đoàn VNPT"),
        row("ORG", "TĐ"), row("ORG", "Tập đoàn VNPT"), row("PER", "T."), row("PER", "Mourinho"),
        row("PER", "Nguyễn Văn An", role="Bộ trưởng"), row("PER", "nguyễn văn an")],
    3: [],
    4: [row("PER", "José Mourinho"), row("PER", "Mourinho", "José Mourinho"), row("ORG", "UBND"),
        row("ORG", "Tập đoàn VNPT", "Tập đoàn VNPT"), row("LOC", "Hà Nội"), row("LOC", "Hà  Nội"),
        row("PER", "Park Hang Seo", role="HLV"), row("PER", "Park Hang Seo", role="Ông")],
    5: [row("PER", "Mourinho"), row("ORG", "Ủy ban nhân dân TP", role="Chủ tịch"), row("ORG", "TĐ"),
        row("PER", "Công Phượng"), row("PER", "Văn Hậu"), row("PER", "Tú"), row("PER", "Tư"), row("PER", "Tú")],
    6: [row("PER", "Nguyễn Công Phượng", role="Tiền đạo"), row("PER", "Công Phượng", "Nguyễn Công Phượng"),
        row("PER", "Đoàn Văn Hậu"), row("PER", "Văn Hậu", "Đoàn Văn Hậu"), row("PER", "Trịnh Văn Hậu")],
    # a foreign name spelled two ways across articles (one person), two ways in one article (two people)
    7: [row("PER", "Aleksander Ceferin", role="Chủ tịch UEFA"), row("PER", "Ceferin", "Aleksander Ceferin"),
        row("PER", "Denis Suarez"), row("PER", "Dennis Suarez")],
    8: [row("PER", "Alexander Ceferin", role="Chủ tịch UEFA"), row("PER", "Sergey Lavrov")],
    9: [row("PER", "Alexander Ceferin"), row("PER", "Sergei Lavrov"), row("PER", "Sergei Lavrov"), row("PER", "Ceferin")],
}


def built(order: list[int], short_forms: bool = True) -> EntityIndex:
    index = EntityIndex()
    for doc in order:
        index.add_rows(doc, list(ARTICLES[doc]))
    if short_forms:
        index.merge_short_forms()
    return index


def through_the_entry(index: EntityIndex, tmp_path, documents: int = len(ARTICLES)) -> EntityIndex:
    writer = EntryWriter(tmp_path, "entry")
    persist.save_entity_index(writer, index)
    return persist.restore_entity_index(EntryReader(writer.commit(), verify=False), index.extractor, documents)


def counts(index: EntityIndex) -> dict:
    """Every entity's counts as the index holds them, with each table's order."""
    keys = sorted(index._stats)
    return {key: ([list((getattr(index._stats[key], f) or {}).items()) for f in FIELDS],
                  list(index._stats[key].sorted_docs()), index._stats[key].mentions) for key in keys}


def table(index: EntityIndex) -> list[tuple]:
    return [(e.key, e.name, e.type, e.roles, e.aliases, e.doc_count, e.mention_count) for e in index.entities()]


@pytest.mark.parametrize("seed", [None, 1, 2, 3])
@pytest.mark.parametrize("short_forms", [True, False])
def test_the_table_counted_from_the_packed_mentions_is_the_one_the_index_counts(tmp_path, seed, short_forms):
    order = sorted(ARTICLES)
    if seed is not None:
        random.Random(seed).shuffle(order)
    plain, cached = built(order, short_forms), built(order, short_forms)
    used = []
    real = persist.count_packed
    persist.count_packed = lambda *a: used.append(1) or real(*a)
    try:
        restored = through_the_entry(cached, tmp_path)
    finally:
        persist.count_packed = real
    assert used, "the table was counted from the packed mentions"
    assert not cached._stats, "the index itself counted nothing"
    assert table(restored) == table(plain)
    assert counts(restored) == counts(plain)
    assert restored._redirect == plain._redirect
    if short_forms:  # the merges are there to be checked
        assert plain._redirect.get("PER:park") == "PER:park hang seo"
        assert plain._redirect.get("PER:cong phuong") == "PER:nguyen cong phuong"  # two Vietnamese words
        assert "PER:van hau" not in plain._redirect  # two men end their names so
        assert plain._redirect.get("ORG:ubnd") == "ORG:uy ban nhan dan tp"
        assert {"ORG:vnpt", "ORG:td"} <= set(plain._redirect)
        assert plain._redirect.get("PER:aleksander ceferin") == "PER:alexander ceferin"  # in fewer articles
        assert plain._redirect.get("PER:sergey lavrov") == "PER:sergei lavrov"
        assert plain._redirect.get("PER:ceferin") == "PER:alexander ceferin"  # one person once the spellings are one
        assert "PER:denis suarez" not in plain._redirect and "PER:dennis suarez" not in plain._redirect
        ceferin = next(e for e in plain.entities() if e.key == "PER:alexander ceferin")
        assert (ceferin.name, ceferin.doc_count) == ("Alexander Ceferin", 3)
    for doc in ARTICLES:
        assert restored.entities_of(doc) == plain.entities_of(doc)


def test_an_index_partly_counted_already_is_counted_by_the_index_itself(tmp_path, monkeypatch):
    """The explorer may have read the table while entities loaded: the arrays would
    count again what is counted, so the index counts the rest as it always did."""
    cached, plain = built([0, 1, 2]), built([0, 1, 2, 3, 4, 5])
    cached.entities()  # read mid-load: 0, 1, 2 counted, short forms merged
    for doc in (3, 4, 5):
        cached.add_rows(doc, list(ARTICLES[doc]))
    cached.merge_short_forms()
    plain_mid = built([0, 1, 2])
    plain_mid.entities()
    for doc in (3, 4, 5):
        plain_mid.add_rows(doc, list(ARTICLES[doc]))
    plain_mid.merge_short_forms()
    assert not can_count_packed(cached)
    answers = []
    real = persist.count_packed
    monkeypatch.setattr(persist, "count_packed", lambda *a: answers.append(real(*a)) or answers[-1])
    restored = through_the_entry(cached, tmp_path)
    assert answers == [None], "the arrays counted nothing"
    assert table(restored) == table(plain_mid)
    assert len(table(plain)) > 5


def test_a_cold_load_writes_the_table_without_counting_it_in_the_index(tmp_path, seeds_dir, monkeypatch):
    """A cold load with a cache counts its table from the mentions written (no object per
    entity in the explorer's process); the table is the one counted without a cache."""
    from tui.core.entities import index as index_module
    from tui.core.workspace import open_corpus

    corpus = tmp_path / "corpus"
    shutil.copytree(seeds_dir, corpus)
    plain = open_corpus([str(corpus)], use_cache=False)
    counted_here = []
    real = index_module.EntityIndex._count_uncounted
    monkeypatch.setattr(index_module.EntityIndex, "_count_uncounted",
                        lambda self: counted_here.append(len(self._uncounted)) or real(self))
    cold = open_corpus([str(corpus)])
    assert not any(counted_here), "the built index counted its table"
    assert table(cold.entity_index) == table(plain.entity_index) and len(table(plain.entity_index)) > 10


def test_where_the_entry_cannot_replace_the_built_index_it_is_counted_while_loading(tmp_path, seeds_dir,
                                                                                     monkeypatch):
    """The table counted from the arrays is written, not kept: if the entry's copy cannot be
    read back, the index built keeps answering, its table counted by the loading thread (not
    on the explorer's first reading, on its event loop) and the same as without a cache."""
    from tui.core import workspace as workspace_module
    from tui.core.cache import CacheError
    from tui.core.workspace import open_corpus

    corpus = tmp_path / "corpus"
    shutil.copytree(seeds_dir, corpus)
    plain = open_corpus([str(corpus)], use_cache=False)

    def unreadable(*args):
        raise CacheError("entity tables are incomplete")

    monkeypatch.setattr(workspace_module, "restore_entity_index", unreadable)
    cold = open_corpus([str(corpus)])
    assert not cold.entity_index._uncounted, "counted before the load returned"
    assert table(cold.entity_index) == table(plain.entity_index) and len(table(plain.entity_index)) > 10


def test_the_second_process_of_a_cold_load_does_not_import_numpy():
    """The process that extracts entities beside a cold load imports the extractor and little
    else: numpy (the entity index's, ~16 MB resident) would count in the load's peak."""
    import subprocess
    import sys

    probe = ("import sys, tui.core.entity_process as p; p.start(None, []); "
             "print(sorted(m for m in sys.modules if m == 'numpy' or m.startswith('tui.core.entities.index')))")
    found = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "[]"


def test_an_acronym_two_bodies_share_merges_neither_into_the_other(tmp_path):
    """``GD&ĐT`` stands for the ministry in some articles and for a province's department in
    another: each keeps its name's entity; the department is never counted as the ministry."""
    articles = {
        0: [row("ORG", "Bộ Giáo dục và Đào tạo"), row("ORG", "GD&ĐT", "Bộ Giáo dục và Đào tạo")],
        1: [row("ORG", "Sở Giáo dục và Đào tạo"), row("ORG", "GD&ĐT", "Sở Giáo dục và Đào tạo")],
        2: [row("ORG", "GD&ĐT", "Bộ Giáo dục và Đào tạo"), row("ORG", "GD&ĐT")],
    }
    indexes = []
    for _ in range(2):
        index = EntityIndex()
        for doc, rows in articles.items():
            index.add_rows(doc, list(rows))
        indexes.append(index)
    plain, restored = indexes[0], through_the_entry(indexes[1], tmp_path, documents=3)
    assert table(restored) == table(plain)
    found = {e.name: (e.doc_count, e.mention_count) for e in plain.entities()}
    assert found == {"Bộ Giáo dục và Đào tạo": (2, 4), "Sở Giáo dục và Đào tạo": (1, 2)}
