"""The cache's entry names, manifest and housekeeping: what decides that an entry is ours and current."""

from __future__ import annotations

import json
import os
import re
import time

import numpy as np
import pytest

from tui import __version__
from tui.core.cache import (FORMAT, FORMAT_VERSION, CacheError, EntryReader, EntryWriter, cache_root, clear,
                            corpus_key, input_signature, leftovers, list_entries)


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


# --- adding to an entry, housekeeping figures, odd roots (what `cache info` and `cache clear` say) ---


def entry_with(root, key: str, names: list[str]):
    """An entry holding one small array per name, in that order."""
    writer = EntryWriter(root, key, manifest={"paths": ["/c"], "articles": 1})
    for number, name in enumerate(names):
        writer.array(name, np.full(3, number, dtype=np.int32))
    return EntryReader(writer.commit())


@pytest.mark.parametrize("links", ["hard links", "no hard links"])
def test_adding_to_an_entry_keeps_every_other_file_wherever_the_replaced_ones_are_listed(tmp_path, monkeypatch, links):
    """Entities added to an entry whose copies were added before (and the reverse): the
    replaced files can sit anywhere in the manifest, and every other one must stay readable.
    On a file system without hard links (some network mounts) the files are copied."""
    previous = entry_with(tmp_path, "k", ["store_a", "entity_a", "copies_group", "entity_b", "search_a"])
    if links == "no hard links":
        def no_link(*args):
            raise OSError(1, "Operation not permitted")

        monkeypatch.setattr(os, "link", no_link)
    writer = EntryWriter(tmp_path, "k", manifest={"paths": ["/c"], "articles": 1})
    writer.adopt(previous, skip_prefix="entity_")
    writer.array("entity_new", np.arange(2, dtype=np.int32))
    reader = EntryReader(writer.commit())  # every file checked against its size and CRC
    assert set(reader.manifest["files"]) == {"store_a.npy", "copies_group.npy", "search_a.npy", "entity_new.npy"}
    assert [reader.array(name).tolist() for name in ("store_a", "copies_group", "search_a")] == [[0] * 3, [2] * 3, [4] * 3]
    if links == "no hard links":
        assert (tmp_path / "k" / "store_a.npy").stat().st_nlink == 1


def test_cache_info_counts_the_bytes_an_interrupted_write_left(tmp_path):
    writer = EntryWriter(tmp_path, "k")
    writer.blob([b"z" * 5000])
    os.close(writer._lock)  # the writer died: the kernel let go of its lock
    writer._lock = -1
    found = leftovers(tmp_path)
    assert (found.count, found.size) == (1, sum(f.stat().st_size for f in writer.tmp.iterdir()))
    assert found.size >= 5000


def test_a_temporary_folder_without_a_lock_is_litter_only_once_it_is_old(tmp_path):
    """A writer between making its folder and taking the lock looks like this: an hour
    passes before the folder is counted or swept."""
    young = tmp_path / ".k.tmp-1-1"
    young.mkdir()
    (young / "part.npy").write_bytes(b"x" * 10)
    assert leftovers(tmp_path).count == 0
    clear(tmp_path)
    assert young.is_dir()
    os.utime(young, (time.time() - 2 * 3600,) * 2)
    assert leftovers(tmp_path).count == 1
    clear(tmp_path)
    assert not young.exists()


def test_a_file_named_like_a_temporary_folder_is_not_an_unfinished_write(tmp_path):
    (tmp_path / ".k.tmp-1-1").write_text("a user's file", encoding="utf-8")
    assert leftovers(tmp_path).count == 0
    assert clear(tmp_path) == (0, 0) and (tmp_path / ".k.tmp-1-1").read_text(encoding="utf-8") == "a user's file"


def test_clear_counts_the_bytes_it_frees_not_those_a_link_points_to(tmp_path):
    """A symbolic link inside an entry (put there by hand) is removed, not its target, and
    the bytes said to be freed are the entry's own."""
    outside = tmp_path / "outside.bin"
    outside.write_bytes(b"o" * 100_000)
    root = tmp_path / "cache"
    writer = EntryWriter(root, "k", manifest={"paths": ["/c"], "articles": 1})
    writer.blob([b"t" * 10])
    entry = writer.commit()
    (entry / "link.bin").symlink_to(outside)
    own = sum(f.stat().st_size for f in entry.iterdir() if not f.is_symlink())
    assert list_entries(root)[0].size == own < 100_000
    assert clear(root) == (1, own)
    assert outside.stat().st_size == 100_000


@pytest.mark.parametrize("first", ["a write in progress", "a file", "a folder it may not read"])
def test_every_entry_is_listed_and_cleared_whatever_comes_first_in_the_folder(tmp_path, monkeypatch, first):
    """Folders of writes in progress, files, links and folders that cannot be read are
    passed over, never a reason to stop: every entry after them is still listed and removed."""
    from pathlib import Path

    for key in ("a", "b"):
        writer = EntryWriter(tmp_path, key, manifest={"paths": ["/c"], "articles": 1})
        writer.blob([b"y"])
        writer.commit()
    if first == "a write in progress":
        kept = EntryWriter(tmp_path, "live").tmp  # a hidden folder, kept
    elif first == "a file":
        kept = tmp_path / "0-note.txt"  # sorted before the entries
        kept.write_text("kept", encoding="utf-8")
    else:
        kept = tmp_path / "0-locked"
        kept.mkdir()
        is_dir = Path.is_dir

        def denied(self):
            if self.name == "0-locked":  # root reads everything: the error is injected
                raise PermissionError(13, "Permission denied", str(self))
            return is_dir(self)

        monkeypatch.setattr(Path, "is_dir", denied)
    iterdir = Path.iterdir
    monkeypatch.setattr(Path, "iterdir", lambda self: iter(sorted(iterdir(self), key=lambda p: p.name in ("a", "b"))))
    assert [e.key for e in list_entries(tmp_path)] == ["a", "b"]
    (tmp_path / "link").symlink_to(tmp_path / "a")  # cleared entries are never followed through a link
    assert clear(tmp_path)[0] == 2
    assert sorted(p.name for p in iterdir(tmp_path)) == sorted([kept.name, "link"])


@pytest.mark.parametrize("change", [
    {"paths": "/c"}, {"articles": "2"}, {"created": 20201231}, {"paths": None, "articles": None},
])
def test_an_entry_whose_manifest_lacks_what_cache_info_shows_is_said_to_be_unusable(tmp_path, change):
    writer = EntryWriter(tmp_path, "k", manifest={"paths": ["/c"], "articles": 2})
    writer.blob([b"x"])
    entry = writer.commit()
    manifest = json.loads((entry / "manifest.json").read_text(encoding="utf-8"))
    manifest.update(change)
    (entry / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    (info,) = list_entries(tmp_path)
    assert info.problem == "manifest has the wrong shape"
    assert info.inputs == (["/c"] if isinstance(manifest["paths"], list) else [])
    assert info.articles == (2 if isinstance(manifest["articles"], int) else None)
    assert info.created == (manifest["created"] if isinstance(manifest["created"], str) else None)


def test_a_string_table_whose_arrays_disagree_is_refused_naming_it(tmp_path):
    writer = EntryWriter(tmp_path, "k")
    writer.array("titles_utf8", np.frombuffer("Hà Nội".encode(), dtype=np.uint8))
    writer.array("titles_offsets", np.array([0, 4, 99], dtype=np.int64))  # past the end of the bytes
    writer.array("titles_nulls", np.zeros(2, dtype=np.bool_))
    with pytest.raises(CacheError, match=r"^titles strings unusable \(string table arrays disagree\)$"):
        EntryReader(writer.commit()).strings("titles")


def test_an_entry_is_written_and_read_under_a_c_locale(tmp_path):
    """A cron job or an SSH session without LANG: Python's default encoding is then ASCII,
    and an entry naming Vietnamese files and holding Vietnamese names must still be
    written and read, or every start would rebuild."""
    import locale

    previous = locale.setlocale(locale.LC_CTYPE)
    locale.setlocale(locale.LC_CTYPE, "C")
    try:
        writer = EntryWriter(tmp_path, "k", manifest={"paths": ["/tin tức/bão số 9.txt"], "articles": 1})
        writer.json("names", ["Tô Lâm", "Hà Nội"])
        reader = EntryReader(writer.commit())
        assert reader.json("names") == ["Tô Lâm", "Hà Nội"]
        assert reader.manifest["paths"] == ["/tin tức/bão số 9.txt"]
    finally:
        locale.setlocale(locale.LC_CTYPE, previous)


@pytest.mark.parametrize("when", ["checked", "mapped"])
def test_a_file_of_the_entry_that_cannot_be_read_is_named_with_the_reason(tmp_path, monkeypatch, when):
    """Permission denied (root reads everything, so the error is injected at the call)."""
    import builtins

    import tui.core.cache

    writer = EntryWriter(tmp_path, "k")
    writer.blob([b"abc"])
    entry = writer.commit()
    reader = EntryReader(entry) if when == "mapped" else None
    real_open = builtins.open

    def denied(path, *args, **kwargs):
        if str(path).endswith("text.bin"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(tui.core.cache, "open", denied, raising=False)
    with pytest.raises(CacheError, match=r"^text.bin unreadable \(Permission denied\)$"):
        reader.blob() if reader else EntryReader(entry)


def test_a_first_run_in_a_fresh_home_makes_the_cache_folders(tmp_path):
    writer = EntryWriter(tmp_path / "home" / ".cache" / "vnby-tui", "k")
    writer.blob([b"abc"])
    assert bytes(EntryReader(writer.commit()).blob()) == b"abc"


def test_cache_info_says_when_an_entry_was_written(tmp_path):
    writer = EntryWriter(tmp_path, "k", manifest={"paths": ["/c"], "articles": 1})
    writer.blob([b"abc"])
    writer.commit()
    (info,) = list_entries(tmp_path)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", info.created)
    assert abs(time.mktime(time.strptime(info.created, "%Y-%m-%dT%H:%M:%S")) - time.time()) < 120


def test_a_byte_changed_early_in_a_text_of_several_megabytes_is_caught(tmp_path):
    """The checksum covers the whole file, read in chunks: a same-size change in the first
    chunk of a big text is found as surely as one at its end."""
    writer = EntryWriter(tmp_path, "k")
    writer.blob([b"a" * (5 << 20)])
    entry = writer.commit()
    with open(entry / "text.bin", "r+b") as handle:
        handle.seek(1000)
        handle.write(b"b")
    with pytest.raises(CacheError, match="^text.bin is corrupt"):
        EntryReader(entry)


def test_a_file_name_that_is_not_utf8_is_kept_in_a_readable_manifest(tmp_path):
    """A corpus file whose name is not UTF-8 (bytes kept as lone surrogates): the manifest
    stays valid UTF-8, keeps Vietnamese as it is, and reads back the same name."""
    name = "/tin tức/b\udce3o.txt"
    writer = EntryWriter(tmp_path, "k", manifest={"paths": [name], "articles": 1})
    writer.blob([b"x"])
    entry = writer.commit()
    text = (entry / "manifest.json").read_bytes().decode("utf-8")
    assert "/tin tức/b\\udce3o.txt" in text
    assert EntryReader(entry).manifest["paths"] == [name]


@pytest.mark.parametrize("damage, reason", [
    (lambda m: m.write_text("{not json", encoding="utf-8"), "unreadable manifest (JSONDecodeError)"),
    (lambda m: (m.unlink(), m.mkdir()), "unreadable manifest (Is a directory)"),
], ids=["not-json", "a-folder"])
def test_an_unreadable_manifest_says_why(tmp_path, damage, reason):
    writer = EntryWriter(tmp_path, "k")
    writer.blob([b"x"])
    entry = writer.commit()
    damage(entry / "manifest.json")
    with pytest.raises(CacheError) as caught:
        EntryReader(entry)
    assert str(caught.value) == reason


def test_cache_clear_counts_what_interrupted_writes_left_in_the_bytes_it_frees(tmp_path):
    from tui.core.cache import sweep_abandoned

    writers = [EntryWriter(tmp_path, key) for key in ("a", "b")]  # each new writer sweeps dead ones: both alive
    for writer, size in zip(writers, (3000, 5000)):
        writer.blob([b"z" * size])
    for writer in writers:
        os.close(writer._lock)  # the writers died: the kernel let go of their locks
        writer._lock = -1
    folders = [writer.tmp for writer in writers]
    sizes = [sum(f.stat().st_size for f in folder.iterdir()) for folder in folders]
    assert sweep_abandoned(tmp_path) == (2, sum(sizes))
    assert not any(folder.exists() for folder in folders)
