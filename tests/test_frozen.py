"""Tables restored from the cache decode an item only when it is read, and answer
every question — and take every change — exactly as the dictionaries they replace."""

from __future__ import annotations

import random
import shutil

import numpy as np
import pytest

from tui.core.frozen import GrowingStrings, PackedRows, SortedKeyMapping, StringIds
from tui.core.strings import StringTable
from tui.core.workspace import open_corpus


def test_a_lazy_mapping_behaves_as_a_dict_under_any_sequence_of_changes():
    keys = sorted(f"PER:nguoi {i}" for i in range(40))
    decoded = []
    lazy = SortedKeyMapping(StringTable.of(keys), lambda n, k: decoded.append(k) or [n], keep=True)
    plain = {k: [n] for n, k in enumerate(keys)}
    assert decoded == [] and len(lazy) == 40
    rng = random.Random(5)
    pool = keys + [f"ORG:moi {i}" for i in range(10)]
    for _ in range(600):
        key, action = rng.choice(pool), rng.randrange(6)
        if action == 0:
            lazy[key] = plain[key] = [rng.randrange(100)]
        elif action == 1 and key in plain:
            del lazy[key], plain[key]
        elif action == 2:
            assert lazy.pop(key, None) == plain.pop(key, None)
        elif action == 3:
            assert lazy.setdefault(key, [-1]) == plain.setdefault(key, [-1])
        elif action == 4 and key in plain:
            lazy[key].append(7)  # changed in place, as the entity table counts in
            plain[key].append(7)
        assert (key in lazy) == (key in plain) and lazy.get(key) == plain.get(key)
        assert len(lazy) == len(plain)
    assert sorted(lazy) == sorted(plain) and dict(lazy.items()) == plain
    assert sorted(lazy.values()) == sorted(plain.values())
    with pytest.raises(KeyError):
        lazy["LOC:nowhere"]


def test_packed_rows_and_growing_strings_read_what_was_stored_and_take_more():
    docs = np.array([0, 3, 9], dtype=np.int64)
    rows = PackedRows(docs, np.array([0, 2, 2, 5], dtype=np.int64), np.arange(5, dtype=np.uint32))
    assert list(rows.get(0)) == [0, 1] and list(rows.get(3)) == [] and list(rows.get(9)) == [2, 3, 4]
    assert rows.get(4) is None and rows.get(9).tobytes() == np.arange(2, 5, dtype=np.uint32).tobytes()
    assert 9 in rows and 4 not in rows and sorted(rows) == [0, 3, 9]
    rows[4] = [8]
    assert list(rows.pop(0)) == [0, 1] and sorted(rows) == [3, 4, 9] and len(rows) == 3
    strings = GrowingStrings(StringTable.of(["", "Tô Lâm", "Hà Nội"]))
    ids = StringIds(strings)
    assert strings[1] == "Tô Lâm" and ids.get("Hà Nội") == 2 and ids.get("Huế") is None
    ids["Huế"] = len(strings)
    strings.append("Huế")
    assert strings[3] == "Huế" and list(strings) == ["", "Tô Lâm", "Hà Nội", "Huế"] and ids.get("Huế") == 3


@pytest.fixture
def corpus(tmp_path, seeds_dir):
    root = tmp_path / "corpus"
    shutil.copytree(seeds_dir, root)
    return root


def table(index):
    return [(e.key, e.name, e.type, e.roles, e.aliases, e.doc_count, e.mention_count) for e in index.entities()]


def test_a_restored_entity_index_decodes_nothing_until_read_and_answers_as_built(corpus):
    built = open_corpus([str(corpus)]).entity_index
    warm = open_corpus([str(corpus)])
    assert warm.from_cache and warm.entities_ready
    index = warm.entity_index
    assert index._stats._overlay == {} and index._entities._overlay == {}  # nothing decoded yet
    assert len(index) == len(built) > 0
    assert table(index) == table(built)
    # the table is read as the entry stored it: no entity's counts decoded, no row made one by one
    assert index._stats._overlay == {} and index._entities._overlay == {}
    for kind in ("PER", "ORG", "LOC", "DATE", "NOPE"):
        assert index.entities(kind) == built.entities(kind)
    for entity in built.entities()[:20]:
        assert index.docs_with(entity.key) == built.docs_with(entity.key)
        assert index.get(entity.key) == built.get(entity.key)
    for doc in range(len(warm.articles)):
        assert index.mentions_of(doc) == built.mentions_of(doc)
        assert index.entities_of(doc) == built.entities_of(doc)
        assert index.credits_of(doc) == built.credits_of(doc)
    docs = list(range(len(warm.articles)))
    rows, keys = index.main_mention_rows(docs)  # what a profile and its co-mentions read
    built_rows, built_keys = built.main_mention_rows(docs)
    assert rows.tolist() == built_rows.tolist() and keys == built_keys and len(keys) > 0
    assert index.credit_entities() == built.credit_entities()


def test_a_restored_entity_index_takes_changes_as_the_built_one_does(corpus):
    built = open_corpus([str(corpus)], use_cache=False).entity_index
    open_corpus([str(corpus)])
    warm = open_corpus([str(corpus)])
    index = warm.entity_index
    # a document indexed again with other mentions, one with none, one new document
    changes = [(0, built.mentions_of(1)), (2, []), (len(warm.articles), built.mentions_of(0))]
    for doc, mentions in changes:
        built.add_mentions(doc, mentions)
        index.add_mentions(doc, mentions)
    assert table(index) == table(built)
    for doc in range(len(warm.articles) + 1):
        assert index.mentions_of(doc) == built.mentions_of(doc)


def test_restored_term_ids_answer_as_the_dictionary_did_in_the_same_order():
    from tui.core.frozen import TermIds

    terms = ["QZSEPQZ", "việt", "nam", "hà", "nội", "viet", "", "zô"]
    plain = {term: number for number, term in enumerate(terms)}
    order = np.asarray(sorted(range(len(terms)), key=terms.__getitem__), dtype=np.int32)
    lazy = TermIds(StringTable.of(terms), order)
    assert list(lazy) == list(plain) and len(lazy) == len(plain)
    for term in [*terms, "vie", "việtt", "a", "zz"]:
        assert lazy.get(term) == plain.get(term) and (term in lazy) == (term in plain)
    with pytest.raises(KeyError):
        lazy["hanoi"]
