"""The cache under faults (issue 18, item 9): whatever happens to the cache or to the
process writing it, results stay right, nothing is left running or lying about, and
every problem is one line — never a traceback."""

from __future__ import annotations

import json
import os
import shutil
import zlib
from pathlib import Path

import pytest

from faults import Run, one_line_naming, run_cli, search_ids, write_good
from tui.core.cache import cache_root
from tui.core.workspace import open_corpus


def _tied_corpus(root):
    """Six articles each saying "30/1" of a different year: six date entities with the same
    articles and mentions, tied but for their names and keys.  (A bare "30/1" is one
    year-less date since ce7c4c8, whatever the article's date: it no longer makes six.)"""
    root.mkdir()
    lines = [json.dumps({"id": f"a{i}", "title": f"Tin {i}", "date": f"202{i}-03-01",
                         "text": f"Ngày 30/1/202{i}, ông Nguyễn Văn An gặp bà Trần Thị Bình tại Hà Nội."},
                        ensure_ascii=False)
             for i in range(6)]
    (root / "t.jsonl").write_text("\n".join(lines), encoding="utf-8")
    return root


def test_tied_entities_list_in_one_order_with_and_without_the_cache(tmp_path):
    corpus = _tied_corpus(tmp_path / "corpus")
    listings = []
    for seed, cache in (("1", "--no-cache"), ("2", "--no-cache"), ("3", None), ("4", None)):
        argv = ["entities", "--json", str(corpus)] + ([cache] if cache else [])
        run = run_cli(*argv, env={"PYTHONHASHSEED": seed})
        assert run.code == 0
        listings.append([(e["key"], e["articles"], e["mentions"]) for e in json.loads(run.out)])
    assert sum(key.startswith("DATE:") for key, _, _ in listings[0]) == 6
    assert all(listing == listings[0] for listing in listings)


# ---------------------------------------------------------------- fixtures and helpers


@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "corpus"
    write_good(root, "good.txt")
    (root / "second.txt").write_text("Tin Đà Nẵng\n\nBộ trưởng Lê Văn Tám thăm Đà Nẵng và Hà Nội.", encoding="utf-8")
    return root


def only_entry() -> Path:
    entries = [p for p in cache_root().iterdir() if not p.name.startswith(".")]
    assert len(entries) == 1
    return entries[0]


def rewrite(entry: Path, name: str, data: bytes) -> None:
    """Replace one file of an entry and make the manifest vouch for it (size and CRC):
    damage the checks cannot see, only the reading code."""
    (entry / name).write_bytes(data)
    manifest = json.loads((entry / "manifest.json").read_text(encoding="utf-8"))
    manifest["files"][name] = {"size": len(data), "crc32": zlib.crc32(data)}
    (entry / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def _npy(values) -> bytes:
    """A well-formed ``.npy`` file holding ``values`` (int64)."""
    import io

    import numpy as np

    buffer = io.BytesIO()
    np.save(buffer, np.asarray(values, dtype=np.int64), allow_pickle=False)
    return buffer.getvalue()


def edit_manifest(entry: Path, **changes) -> None:
    manifest = json.loads((entry / "manifest.json").read_text(encoding="utf-8"))
    manifest.update(changes)
    (entry / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def assert_serves_every_article(corpus: Path) -> Run:
    """A warm (or rebuilt) search that finds both articles, exit 0, no traceback."""
    run = run_cli("search", "ha noi", str(corpus), "--json")
    assert run.code == 0
    assert sorted(hit["id"] for hit in json.loads(run.out)["results"]) == ["good.txt", "second.txt"]
    return run


# ---------------------------------------------------------------- (c) damage means "rebuild"


@pytest.mark.parametrize("damage", [
    pytest.param(lambda e: edit_manifest(e, sources="everything"), id="sources-not-a-list"),
    pytest.param(lambda e: edit_manifest(e, sources=[["good.txt"]]), id="source-too-short"),
    pytest.param(lambda e: edit_manifest(e, sources=[["a", "b", None, ["x", "y"], []]] * 2), id="docs-not-numbers"),
    pytest.param(lambda e: edit_manifest(e, articles="many"), id="articles-not-a-number"),
    pytest.param(lambda e: edit_manifest(e, files={"text.bin": "big"}), id="file-entry-not-a-table"),
    pytest.param(lambda e: rewrite(e, "search_vocabulary.json", b'{"terms": 5, "folded": 1}'), id="vocabulary-shape"),
    pytest.param(lambda e: rewrite(e, "store_columns_offsets.npy", _npy([0, 5, 2])), id="store-columns-shape"),
    pytest.param(lambda e: rewrite(e, "store_text_offsets.npy", b"\x93NUMPY junk"), id="array-unreadable"),
    pytest.param(lambda e: ((e / "text.bin").unlink(), (e / "text.bin").mkdir()), id="blob-is-a-folder"),
])
def test_a_damaged_entry_is_rebuilt_with_one_line(corpus, damage):
    assert_serves_every_article(corpus)
    damage(only_entry())
    run = assert_serves_every_article(corpus)
    assert [line for line in run.warnings if "rebuilding it" in line], run.err
    assert not assert_serves_every_article(corpus).warnings  # rebuilt: the next start is clean


@pytest.mark.parametrize("name, data", [
    ("entity_tables.json", b'[1, 2, 3]'),
    ("entity_order.npy", None),  # the table's order names one entity twice, another never
    ("entity_row_sizes.npy", _npy([1, 2, 3])),  # a row's sizes missing
])
def test_damaged_entity_tables_are_rebuilt_with_one_line(corpus, name, data):
    """`search` neither writes nor reads entities; `entities` does, and a damaged table
    of them means "rebuild" too."""
    import numpy as np

    first = run_cli("entities", str(corpus), "--json")
    assert first.code == 0 and len(json.loads(first.out)) > 1
    if data is None:
        order = np.load(only_entry() / name)
        data = _npy([order[0], *order[:-1]])
    rewrite(only_entry(), name, data)
    damaged = run_cli("entities", str(corpus), "--json")
    assert damaged.code == 0 and json.loads(damaged.out) == json.loads(first.out)
    assert [line for line in damaged.warnings if "rebuilding it" in line], damaged.err
    assert not run_cli("entities", str(corpus), "--json").warnings


# ---------------------------------------------------------------- (d) info and clear never crash


def test_cache_info_and_clear_survive_unreadable_entries(corpus):
    assert_serves_every_article(corpus)
    root = cache_root()
    (root / "not-a-folder").write_text("x")
    (root / "dangling").symlink_to(root / "nowhere")
    (root / "manifest-is-a-folder").mkdir()
    (root / "manifest-is-a-folder" / "manifest.json").mkdir()
    (root / "wrong-shape").mkdir()
    (root / "wrong-shape" / "manifest.json").write_text('{"format": "vnby-tui-cache", "paths": 5}')
    info = run_cli("cache", "info")
    assert info.code == 0 and "1 corpus entr" not in info.out
    assert "manifest-is-a-folder" in info.out and "unusable" in info.out
    clear = run_cli("cache", "clear")
    assert clear.code == 0 and clear.out.startswith("removed ")
    assert corpus.is_dir() and sorted(p.name for p in corpus.iterdir()) == ["good.txt", "second.txt"]


def test_list_entries_survives_a_folder_it_may_not_read(tmp_path, monkeypatch):
    """Permission denied (root reads everything, so the error is injected at the call)."""
    from tui.core.cache import list_entries

    write_good(tmp_path / "corpus")
    open_corpus([str(tmp_path / "corpus")])
    real_scandir = os.scandir

    def denied(path="."):
        if str(path).startswith(str(cache_root()) + os.sep):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", denied)
    real_open = open

    def denied_open(path, *args, **kwargs):
        if str(path).startswith(str(cache_root()) + os.sep):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("builtins.open", denied_open)
    entries = list_entries()
    assert len(entries) == 1 and "Permission denied" in entries[0].problem and entries[0].size == 0


# ---------------------------------------------------------------- (e) failures are never cached


def test_an_article_unreadable_once_is_read_when_it_can_be(corpus, monkeypatch):
    import tui.core.loader as loader

    real = loader.open_regular
    blocked = corpus / "second.txt"

    def denied(path):
        if Path(path) == blocked:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(loader, "open_regular", denied)
    monkeypatch.setattr("tui.core.workspace.open_regular", denied)
    problems = []
    first = open_corpus([str(corpus)], on_warning=problems.append)
    assert [a.id for a in first.articles] == ["good.txt"]
    assert [str(p) for p in problems] == [f"{blocked}: cannot read (Permission denied), skipped"]
    still = open_corpus([str(corpus)])  # still denied: the cache serves, the warning is said again
    assert still.from_cache and [a.id for a in still.articles] == ["good.txt"]
    monkeypatch.setattr(loader, "open_regular", real)
    monkeypatch.setattr("tui.core.workspace.open_regular", real)
    fixed = open_corpus([str(corpus)])
    assert sorted(a.id for a in fixed.articles) == ["good.txt", "second.txt"]
    assert [h.id for h in fixed.search_index.search("da nang").hits] == ["second.txt"]


# ---------------------------------------------------------------- (f) edits that keep size and mtime


def test_an_edit_keeping_size_and_mtime_is_seen(corpus):
    assert_serves_every_article(corpus)
    target = corpus / "second.txt"
    before = target.stat()
    replacement = corpus.parent / "replacement.txt"
    data = target.read_text(encoding="utf-8").replace("Đà Nẵng", "Cần Thơ").encode("utf-8")
    replacement.write_bytes(data + b" " * (before.st_size - len(data)))
    assert replacement.stat().st_size == before.st_size
    shutil.copy(replacement, target)  # same size; then the old mtime, as `cp -p` / `rsync -t` / `touch -r` do
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert target.stat().st_mtime_ns == before.st_mtime_ns and target.stat().st_size == before.st_size
    assert search_ids("can tho", corpus) == ["second.txt"]
    assert search_ids("da nang", corpus) == []


# ---------------------------------------------------------------- (g) FIFOs and devices


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_fifo_is_refused_not_waited_on(corpus):
    fifo = corpus / "pipe.txt"
    os.mkfifo(fifo)
    for argv in (["docs", "--json", str(fifo), str(corpus / "good.txt")], ["docs", "--json", str(corpus)]):
        run = run_cli(*argv, timeout=30)
        assert run.code == 0 and "good.txt" in [row["id"] for row in json.loads(run.out)]
        one_line_naming(run, str(fifo), "named pipe (FIFO), not a file")
    run = run_cli("search", "ha noi", "/dev/zero", str(corpus), "--json", timeout=30)
    assert run.code == 0 and len(json.loads(run.out)["results"]) == 2
    one_line_naming(run, "/dev/zero", "character device, not a file")


def test_a_file_swapped_for_a_fifo_after_listing_does_not_hang(tmp_path):
    from tui.core.loader import NotRegularFile, open_regular

    fifo = tmp_path / "late.txt"
    os.mkfifo(fifo)
    with pytest.raises(NotRegularFile, match="named pipe"):
        open_regular(fifo)


# ---------------------------------------------------------------- (i) clear while another builds


def test_an_entry_cleared_right_after_commit_keeps_the_text_in_memory(corpus, monkeypatch):
    from tui.core.cache import EntryWriter, clear

    commit = EntryWriter.commit

    def commit_then_cleared(self):
        entry = commit(self)
        clear()  # `vnby-tui cache clear` in another terminal, at the worst moment
        return entry

    monkeypatch.setattr(EntryWriter, "commit", commit_then_cleared)
    problems = []
    workspace = open_corpus([str(corpus)], on_warning=problems.append)
    assert not problems
    assert sorted(workspace.articles[d].id for d in range(2)) == ["good.txt", "second.txt"]
    assert "Đà Nẵng" in workspace.articles[1].text
    assert [h.id for h in workspace.search_index.search("da nang").hits] == ["second.txt"]


def test_clear_during_a_build_leaves_the_build_alone(corpus, monkeypatch):
    from tui.core.cache import EntryWriter, clear

    blob = EntryWriter.blob

    def blob_then_cleared(self, parts):
        blob(self, parts)
        clear()

    problems = []
    with monkeypatch.context() as patch:
        patch.setattr(EntryWriter, "blob", blob_then_cleared)
        open_corpus([str(corpus)], on_warning=problems.append)
    assert not problems
    assert open_corpus([str(corpus)]).from_cache


# ---------------------------------------------------------------- (j) a full disk


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full to fill")
@pytest.mark.parametrize("which", ["npy", "json", "bin"])
def test_a_full_cache_disk_is_said_in_plain_words(corpus, monkeypatch, which):
    """Every write of one kind of cache file goes to /dev/full, where the kernel answers
    ENOSPC as a full disk does: numpy's own message ("N requested and M written") or
    Python's must become "no space left on the cache disk"."""
    import builtins

    real_open = builtins.open

    def full_disk(path, mode="r", *args, **kwargs):
        if "w" in mode and str(path).startswith(str(cache_root())) and str(path).endswith(which):
            return real_open("/dev/full", mode, *args, **kwargs)
        return real_open(path, mode, *args, **kwargs)

    problems = []
    with monkeypatch.context() as patch:
        patch.setattr(builtins, "open", full_disk)
        workspace = open_corpus([str(corpus)], on_warning=problems.append)
    assert [str(p) for p in problems] == [f"{cache_root()}: no space left on the cache disk: the corpus is loaded "
                                          "but not cached"]
    from tui.i18n import load_warning_line

    assert [load_warning_line("vi", p) for p in problems] == [
        f"{cache_root()}: đĩa của bộ nhớ đệm hết chỗ: kho bài đã tải nhưng không lưu vào bộ nhớ đệm"]
    assert [h.id for h in workspace.search_index.search("da nang").hits] == ["second.txt"]
    assert not [p for p in cache_root().iterdir()]  # nothing half written stays


def test_numpy_short_writes_count_as_a_full_disk():
    from tui.core.cache import is_disk_full

    assert is_disk_full(OSError("1811852 requested and 248800 written"))
    assert is_disk_full(OSError(28, "No space left on device"))
    assert not is_disk_full(OSError(13, "Permission denied"))


# ---------------------------------------------------------------- (a), (b) kill -9 during a build

DRIVER = """
import sys, time
import tui.core.workspace as workspace
from tui.core.cache import EntryWriter

workspace.PARALLEL_MIN_BYTES = 0  # entities in the second process, as for a large corpus
workspace.BATCH_CHARS = 20_000
if "--slow-commit" in sys.argv:  # hold the moment the entry is being written
    sys.argv.remove("--slow-commit")
    commit = EntryWriter.commit
    def slow(self):
        sys.stderr.write("writing the entry\\n"); sys.stderr.flush()
        time.sleep(600)
        return commit(self)
    EntryWriter.commit = slow
if __name__ == "__main__":
    from tui.cli import main
    sys.exit(main(sys.argv[1:]))
"""


def _descendants(pid: int) -> set[int]:
    """Every live process below ``pid`` (from /proc)."""
    parents: dict[int, int] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat", "rb") as handle:
                    fields = handle.read().rsplit(b")", 1)[1].split()
            except OSError:
                continue
            parents[int(name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            return handle.read().rsplit(b")", 1)[1].split()[0] != b"Z"  # a zombie is dead, waiting to be reaped
    except OSError:
        return False


def _big_corpus(root: Path) -> Path:
    root.mkdir()
    text = ("Ngày 30/1, Tổng Bí thư Tô Lâm hội đàm với Tổng thống Aleksandr Lukashenko tại Minsk về hợp tác "
            "kinh tế giữa Việt Nam và Belarus. ") * 20
    with open(root / "a.jsonl", "w", encoding="utf-8") as handle:
        for number in range(1500):
            handle.write(json.dumps({"id": f"d{number}", "title": f"Tin {number}", "text": text},
                                    ensure_ascii=False) + "\n")
    return root


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="needs /proc to follow processes")
def test_kill_9_during_a_cold_build_leaves_no_process_and_no_litter(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    corpus = _big_corpus(tmp_path / "corpus")
    (tmp_path / "driver.py").write_text(DRIVER, encoding="utf-8")

    def start(*extra: str) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, str(tmp_path / "driver.py"), "entities", str(corpus), *extra],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def wait_for(condition, seconds: float = 60.0) -> None:
        deadline = time.monotonic() + seconds
        while not condition():
            assert time.monotonic() < deadline, "timed out"
            time.sleep(0.02)

    # 1. Killed while the entity process extracts: nothing it started outlives it by 5 s.
    proc = start()
    started: set[int] = set()

    def worker_running() -> bool:
        started.update(_descendants(proc.pid))
        return any(b"spawn_main" in Path(f"/proc/{p}/cmdline").read_bytes() for p in started if _alive(p))

    wait_for(worker_running)
    time.sleep(0.3)
    started.update(_descendants(proc.pid))
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    wait_for(lambda: not any(_alive(p) for p in started), seconds=5.0)
    assert len(started) >= 2  # the entity process and multiprocessing's resource tracker

    # 2. Killed while writing the entry: the folder it leaves is counted, then swept.
    proc = start("--slow-commit")
    assert proc.stderr.readline() == b"writing the entry\n"
    started = _descendants(proc.pid)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stderr.close()
    litter = [p for p in cache_root().iterdir() if ".tmp-" in p.name]
    assert len(litter) == 1
    info = run_cli("cache", "info")
    assert info.code == 0 and "1 unfinished write" in info.out
    wait_for(lambda: not any(_alive(p) for p in started), seconds=5.0)
    run = run_cli("search", "lukashenko", str(corpus), "--json")
    assert run.code == 0 and json.loads(run.out)["total"] == 1500
    assert not litter[0].exists() and [p.name for p in cache_root().iterdir()] == [only_entry().name]
