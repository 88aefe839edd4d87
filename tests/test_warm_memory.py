"""What keeps a warm start's memory low: a warm ``search`` loads no entity rules, and
``vnby-tui search`` lets go of the index's mapped pages once it has answered (the pages
stay in the page cache; the arrays stay mapped)."""

from __future__ import annotations

import argparse
import io
import json
import mmap
import os
import shutil
from pathlib import Path

import numpy as np
import pytest

from tui.core.workspace import open_corpus


@pytest.fixture
def corpus(tmp_path, seeds_dir):
    target = tmp_path / "corpus"
    shutil.copytree(seeds_dir, target)
    return target


def refuse_word_lists(monkeypatch):
    def refuse(*_args, **_kwargs):
        raise AssertionError("the entity word lists were loaded")

    monkeypatch.setattr("tui.core.entities.extractor.load_gazetteer", refuse)


def test_a_warm_search_loads_no_entity_rules(corpus, monkeypatch):
    cold = open_corpus([str(corpus)], entities=False)
    assert not cold.from_cache
    refuse_word_lists(monkeypatch)
    warm = open_corpus([str(corpus)], entities=False)
    assert warm.from_cache and not warm.entities_ready
    assert [h.id for h in warm.search_index.search("belarus").hits] == [h.id for h in cold.search_index.search("belarus").hits]


def test_a_warm_start_with_cached_entities_loads_no_rules_until_it_extracts(corpus, monkeypatch):
    cold = open_corpus([str(corpus)])
    names = sorted(e.name for e in cold.entity_index.entities())
    refuse_word_lists(monkeypatch)
    warm = open_corpus([str(corpus)])
    assert warm.from_cache and warm.entities_ready
    assert sorted(e.name for e in warm.entity_index.entities()) == names
    assert not warm.entity_index.extractor.built
    monkeypatch.undo()  # now something extracts: the rules are built then, as they were
    article = warm.articles[0]
    assert warm.entity_index.extractor.extract(article) == cold.entity_index.extractor.extract(article)


def resident_kb(path: Path | int) -> int | None:
    """Resident kB of this process's mappings of the file at ``path`` or with that inode
    (None: no mapping of it): a file renamed or removed since (an entry rewritten) by inode."""
    inode = str(path if isinstance(path, int) else path.stat().st_ino)
    found, current = None, False
    with open("/proc/self/smaps") as handle:
        for line in handle:
            fields = line.split()
            if "-" in fields[0] and ":" not in fields[0]:
                current = len(fields) > 5 and fields[4] == inode
            elif current and fields[0] == "Rss:":
                found = (found or 0) + int(fields[1])
    return found


@pytest.mark.skipif(not Path("/proc/self/smaps").exists() or not hasattr(mmap, "MADV_DONTNEED"),
                    reason="needs /proc/self/smaps and madvise")
def test_search_lets_go_of_the_mapped_index_once_answered(corpus, monkeypatch):
    from tui.cli import search as search_command

    open_corpus([str(corpus)], entities=False)
    warm = open_corpus([str(corpus)], entities=False)
    stream = warm.search_index._store.state.segments[0].stream
    assert isinstance(stream.base, np.memmap)
    path = Path(stream.base.filename)
    expected = [h.id for h in warm.search_index.search("hà nội", limit=5).hits]
    assert expected and resident_kb(path) > 0  # searching read the stream's pages

    out = io.StringIO()
    monkeypatch.setattr("sys.stdout", out)
    args = argparse.Namespace(query="hà nội", limit=5, json=True, batch=False)
    assert search_command.run(args, warm) == 0
    assert [hit["id"] for hit in json.loads(out.getvalue())["results"]] == expected
    assert resident_kb(path) == 0  # still mapped, none of it resident
    assert isinstance(stream.base, np.memmap)
    assert [h.id for h in warm.search_index.search("hà nội", limit=5).hits] == expected  # read again from the page cache


@pytest.mark.skipif(not Path("/proc/self/smaps").exists() or not hasattr(mmap, "MADV_DONTNEED"),
                    reason="needs /proc/self/smaps and madvise")
def test_grouping_stories_from_a_warm_start_lets_go_of_the_stream(tmp_path):
    from syndicated import build

    from tui.core.workspace import add_copies

    corpus = build(tmp_path)
    open_corpus([str(corpus)], entities=False)
    warm = open_corpus([str(corpus)], entities=False)  # as the explorer opens it: no groups yet
    assert warm.from_cache and warm.copies is None
    stream = warm.search_index._store.state.segments[0].stream
    assert isinstance(stream.base, np.memmap)
    inode = os.stat(stream.base.filename).st_ino  # (the entry is rewritten with the groups: its files renamed)
    assert add_copies(warm).groups == 2
    assert resident_kb(inode) == 0  # read through (twice for the pairs), none of it kept


@pytest.mark.skipif(not hasattr(os, "pread") or not Path("/proc/self/smaps").exists(), reason="needs pread and smaps")
def test_a_warm_start_reads_the_articles_texts_without_mapping_them(corpus):
    cold = open_corpus([str(corpus)], entities=False)
    texts = [cold.articles[d].text for d in range(len(cold.articles))]
    warm = open_corpus([str(corpus)], entities=False)
    assert warm.from_cache
    entry = Path(warm.search_index._store.state.segments[0].stream.base.filename).parent
    assert [a.text for a in warm.articles.many(list(range(len(warm.articles))))] == texts
    assert [a.text for a in warm.articles.articles_between(0, len(warm.articles))] == texts
    assert resident_kb(entry / "text.bin") is None  # read a slice at a time: never mapped, never resident
    blob = warm.articles._blob
    whole = (entry / "text.bin").read_bytes()
    assert len(blob) == len(whole) and bytes(blob) == whole and blob[5:17] == whole[5:17] and blob[len(whole) - 3 :] == whole[-3:]
