"""Cache entries: atomic, checked, never executable, and reported in one line when bad."""

from __future__ import annotations

import json
import os

import numpy as np
import pytest

from tui.core.cache import CacheError, EntryReader, EntryWriter, clear, leftovers, list_entries


def write_entry(root, key="k"):
    writer = EntryWriter(root, key, manifest={"paths": ["/corpus"], "articles": 2})
    writer.array("numbers", np.arange(10, dtype=np.int32))
    writer.json("names", ["Tô Lâm", "Hà Nội"])
    writer.blob([b"abc", "Đông Nam Á".encode()])
    return writer.commit()


def test_round_trip(tmp_path):
    entry = write_entry(tmp_path)
    reader = EntryReader(entry)
    assert reader.array("numbers").tolist() == list(range(10))
    assert reader.json("names") == ["Tô Lâm", "Hà Nội"]
    assert bytes(reader.blob()).decode() == "abcĐông Nam Á"
    assert [e.key for e in list_entries(tmp_path)] == ["k"] and list_entries(tmp_path)[0].problem is None


@pytest.mark.parametrize(
    "damage, reason",
    [
        (lambda e: (e / "numbers.npy").write_bytes((e / "numbers.npy").read_bytes()[:-4]), "truncated"),
        (lambda e: (e / "text.bin").write_bytes((e / "text.bin").read_bytes() + b"!"), "truncated or changed"),
        (lambda e: (e / "manifest.json").write_text('{"format": "something-else"}'), "not a vnby-tui cache"),
        (lambda e: (e / "manifest.json").write_text("\x00garbage"), "unreadable manifest"),
        (lambda e: (e / "names.json").unlink(), "missing"),
    ],
)
def test_damaged_entries_are_detected(tmp_path, damage, reason):
    entry = write_entry(tmp_path)
    damage(entry)
    with pytest.raises(CacheError, match=reason):
        EntryReader(entry)


def test_same_size_corruption_is_caught_by_checksum(tmp_path):
    entry = write_entry(tmp_path)
    data = bytearray((entry / "text.bin").read_bytes())
    data[0] ^= 0xFF
    (entry / "text.bin").write_bytes(bytes(data))
    with pytest.raises(CacheError, match="corrupt"):
        EntryReader(entry)


def test_other_version_is_refused(tmp_path):
    entry = write_entry(tmp_path)
    manifest = json.loads((entry / "manifest.json").read_text())
    manifest["version"] = 999
    (entry / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(CacheError, match="another version"):
        EntryReader(entry)


def test_pickled_arrays_are_never_loaded(tmp_path):
    writer = EntryWriter(tmp_path, "p")
    with open(writer.tmp / "evil.npy", "wb") as handle:
        np.save(handle, np.array([object()], dtype=object), allow_pickle=True)
    writer._record("evil.npy")
    entry = writer.commit()
    with pytest.raises(CacheError, match="unreadable"):
        EntryReader(entry).array("evil")


def test_an_interrupted_write_leaves_the_old_entry(tmp_path):
    entry = write_entry(tmp_path)
    writer = EntryWriter(tmp_path, "k")
    writer.json("names", ["half written"])
    writer.abandon()  # as if the process died before commit
    assert EntryReader(entry).json("names") == ["Tô Lâm", "Hà Nội"]
    write_entry(tmp_path)  # a rewrite replaces it whole
    assert [e.key for e in list_entries(tmp_path)] == ["k"]


def dead_writer(root, key="c"):
    """The temporary folder of a writer whose process died (the kernel released its lock)."""
    writer = EntryWriter(root, key)
    writer.json("names", ["half written"])
    os.close(writer._lock)
    writer._lock = -1
    return writer.tmp


def test_clear_removes_entries_and_leftovers(tmp_path):
    write_entry(tmp_path, "a")
    write_entry(tmp_path, "b")
    dead_writer(tmp_path)
    removed, freed = clear(tmp_path)
    assert removed == 2 and freed > 0 and list(tmp_path.iterdir()) == []


def test_a_write_in_progress_is_neither_swept_nor_cleared(tmp_path):
    live = EntryWriter(tmp_path, "live")
    live.json("names", ["being written"])
    litter = dead_writer(tmp_path, "dead")
    assert leftovers(tmp_path).count == 1 and leftovers(tmp_path).size > 0
    clear(tmp_path)
    assert live.tmp.is_dir() and not litter.exists()
    live.commit()
    assert [e.key for e in list_entries(tmp_path)] == ["live"] and not (tmp_path / "live" / ".lock").exists()


def test_a_new_writer_sweeps_what_dead_writers_left(tmp_path):
    litter = [dead_writer(tmp_path, key) for key in ("x", "y")]
    write_entry(tmp_path)
    assert not any(path.exists() for path in litter) and leftovers(tmp_path).count == 0
