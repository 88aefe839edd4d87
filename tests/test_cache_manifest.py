"""The cache's entry names, manifest and housekeeping: what decides that an entry is ours and current."""

from __future__ import annotations

import json
import os

import numpy as np
import pytest

from tui import __version__
from tui.core.cache import (FORMAT, FORMAT_VERSION, CacheError, EntryReader, EntryWriter, cache_root, clear,
                            corpus_key, input_signature, list_entries)


def test_the_cache_root_follows_xdg_and_falls_back_to_the_home_cache(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_root() == tmp_path / "xdg" / "vnby-tui"
    monkeypatch.setenv("XDG_CACHE_HOME", "")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_root() == tmp_path / "home" / ".cache" / "vnby-tui"


def test_the_corpus_key_names_the_set_of_absolute_paths(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    a, b = str(tmp_path / "a"), str(tmp_path / "b")
    assert corpus_key([a, b]) == corpus_key([b, a]) == corpus_key(["b", "a"])  # order and relative form do not matter
    assert len({corpus_key([a]), corpus_key([b]), corpus_key([a, b])}) == 3
    assert len(corpus_key([a])) == 24 and all(c in "0123456789abcdef" for c in corpus_key([a]))


def test_the_input_signature_starts_with_path_size_and_mtime(tmp_path):
    path = tmp_path / "one.txt"
    path.write_text("abc", encoding="utf-8")
    os.utime(path, ns=(5, 123_456_789))
    assert input_signature(path)[:3] == [str(path), 3, 123_456_789]


def test_the_manifest_says_what_wrote_the_entry_and_each_file(tmp_path):
    writer = EntryWriter(tmp_path, "k", manifest={"paths": ["/corpus"], "articles": 2})
    writer.array("numbers", np.arange(3, dtype=np.int32))
    writer.blob([b"ab", b"c"])
    entry = writer.commit()
    manifest = json.loads((entry / "manifest.json").read_text())
    assert (manifest["format"], manifest["version"], manifest["program"]) == (FORMAT, FORMAT_VERSION, __version__)
    assert manifest["paths"] == ["/corpus"] and manifest["articles"] == 2
    assert manifest["files"]["text.bin"]["size"] == 3
    assert set(manifest["files"]) == {"numbers.npy", "text.bin"}
    assert bytes(EntryReader(entry).blob()) == b"abc"
    assert not [p for p in tmp_path.iterdir() if p.name != "k"]  # no temporary folder left


def test_an_empty_text_blob_reads_back_empty(tmp_path):
    writer = EntryWriter(tmp_path, "k")
    writer.blob([])
    assert bytes(EntryReader(writer.commit()).blob()) == b""


def rewrite_manifest(entry, change) -> None:
    manifest = json.loads((entry / "manifest.json").read_text())
    change(manifest)
    (entry / "manifest.json").write_text(json.dumps(manifest))


@pytest.mark.parametrize("change, reason", [
    (lambda m: m.update(program="0.0.0-other"), "^written by another version$"),
    (lambda m: m.update(files=[]), "^manifest lists no files$"),
    (lambda m: m["files"].update({"sub/escape.npy": {"size": 1}}), "^bad file entry 'sub/escape.npy'$"),
    (lambda m: m["files"].update({".hidden": {"size": 1}}), "^bad file entry '.hidden'$"),
    (lambda m: m["files"].update({"numbers.npy": 12}), "^bad file entry 'numbers.npy'$"),
    (lambda m: m.clear(), "^not a vnby-tui cache entry$"),
], ids=["program", "files-not-a-table", "path-outside", "hidden-name", "entry-not-a-table", "empty"])
def test_a_manifest_that_is_not_ours_or_not_sane_is_refused(tmp_path, change, reason):
    writer = EntryWriter(tmp_path, "k")
    writer.array("numbers", np.arange(3))
    entry = writer.commit()
    rewrite_manifest(entry, change)
    with pytest.raises(CacheError, match=reason):
        EntryReader(entry)


def test_a_missing_manifest_is_its_own_reason(tmp_path):
    writer = EntryWriter(tmp_path, "k")
    entry = writer.commit()
    (entry / "manifest.json").unlink()
    with pytest.raises(CacheError, match="^no manifest$"):
        EntryReader(entry)


def test_without_verification_a_changed_byte_of_the_same_size_is_not_read(tmp_path):
    """``cache info`` lists entries quickly (sizes only); opening an entry checks the CRC too."""
    writer = EntryWriter(tmp_path, "k")
    writer.blob([b"abcdef"])
    entry = writer.commit()
    (entry / "text.bin").write_bytes(b"abcdeF")
    EntryReader(entry, verify=False)
    with pytest.raises(CacheError, match="corrupt"):
        EntryReader(entry)


def test_listing_reports_each_entry_and_the_problem_of_a_bad_one(tmp_path):
    good = EntryWriter(tmp_path, "good", manifest={"paths": ["/c"], "articles": 4})
    good.blob([b"x" * 10])
    good.commit()
    bad = EntryWriter(tmp_path, "bad")
    bad.commit()
    (tmp_path / "bad" / "manifest.json").write_text("{")
    EntryWriter(tmp_path, "leftover")  # an interrupted write: a hidden temporary folder
    (tmp_path / "stray.txt").write_text("not an entry")
    entries = {e.key: e for e in list_entries(tmp_path)}
    assert set(entries) == {"good", "bad"}
    assert (entries["good"].inputs, entries["good"].articles, entries["good"].problem) == (["/c"], 4, None)
    assert entries["good"].size == sum(f.stat().st_size for f in (tmp_path / "good").iterdir())
    assert entries["good"].created and entries["bad"].problem.startswith("unreadable manifest")
    assert list_entries(tmp_path / "absent") == []


def test_clear_counts_entries_and_bytes_and_spares_files_that_are_not_entries(tmp_path):
    for key in ("a", "b"):
        writer = EntryWriter(tmp_path, key)
        writer.blob([b"y" * 100])
        writer.commit()
    sizes = sum(f.stat().st_size for key in ("a", "b") for f in (tmp_path / key).iterdir())
    (tmp_path / "note.txt").write_text("kept")
    assert clear(tmp_path) == (2, sizes)
    assert [p.name for p in tmp_path.iterdir()] == ["note.txt"]
    assert clear(tmp_path / "absent") == (0, 0)


def test_the_cache_is_private_to_the_user_and_leaves_no_temporary_folders(tmp_path):
    """The cache holds the articles' text: its folders are 0700.  Replacing an entry and
    abandoning a write leave nothing behind."""
    root = tmp_path / "cache"
    for _ in range(2):  # the second commit replaces the first entry
        writer = EntryWriter(root, "k")
        writer.blob([b"abc"])
        entry = writer.commit()
    assert (root.stat().st_mode & 0o777, entry.stat().st_mode & 0o777) == (0o700, 0o700)
    EntryWriter(root, "k2").abandon()
    assert [p.name for p in root.iterdir()] == ["k"]


def test_a_size_mismatch_names_both_sizes(tmp_path):
    writer = EntryWriter(tmp_path, "k")
    writer.blob([b"abcdef"])
    entry = writer.commit()
    (entry / "text.bin").write_bytes(b"abc")
    with pytest.raises(CacheError, match=r"^text.bin is truncated or changed \(3 bytes, expected 6\)$"):
        EntryReader(entry)


def test_listing_does_not_read_checksums_and_names_each_folder(tmp_path):
    """A same-size change is found when an entry is opened, not by ``cache info`` (quick)."""
    writer = EntryWriter(tmp_path, "k", manifest={"paths": ["/c"], "articles": 4})
    writer.blob([b"abcdef"])
    entry = writer.commit()
    (entry / "text.bin").write_bytes(b"abcdeF")
    (info,) = list_entries(tmp_path)
    assert (info.problem, info.path) == (None, entry)
