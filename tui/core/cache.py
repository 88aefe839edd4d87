"""The persistent cache: one directory per corpus under ``$XDG_CACHE_HOME/vnby-tui/``.

Layout of an entry: ``manifest.json`` (format name and version, program
version, the inputs with size and modification time, and a size and CRC-32 for
every other file), numeric arrays as ``.npy`` files (read with
``allow_pickle=False``: nothing in the cache can run code; memory-mapped
read-only when read), lists of strings as arrays too (:mod:`tui.core.strings`:
decoded one by one when read), small JSON documents, and ``text.bin``, the
articles' text, memory-mapped too.

An entry is written in a temporary directory and renamed into place, so an
interrupted write never leaves a broken entry.  Reading checks every file
against the manifest; anything corrupt, truncated or foreign raises
:class:`CacheError` with a one-line reason, and the caller rebuilds.
"""

from __future__ import annotations

import errno
import hashlib
import json
import mmap
import os
import re
import shutil
import time
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no flock; leftovers are swept by age alone
    fcntl = None

from .. import __version__
from .config import xdg_base
from .strings import PARTS as STRING_PARTS
from .strings import StringTable, encode_strings

FORMAT = "vnby-tui-cache"
#: Bump when the layout or the meaning of any cached file changes.
FORMAT_VERSION = 8
MANIFEST = "manifest.json"
TEXT_FILE = "text.bin"


#: What reading a damaged, foreign or vanished entry can raise, whatever the file:
#: each of these means "rebuild", never a traceback.
READ_ERRORS = (OSError, ValueError, KeyError, TypeError, IndexError, OverflowError, EOFError)
#: The lock file a writer holds in its temporary directory while it works.
LOCK = ".lock"
#: A temporary directory without a lock (its writer died between the two) is swept after this.
UNLOCKED_TMP_AGE = 3600
_TMP_RE = re.compile(r"^\..+\.(tmp|old)-\d+-\d+$")


class CacheError(Exception):
    """A cache entry that cannot be used; the message says why in one line."""


def cache_root() -> Path:
    return xdg_base("XDG_CACHE_HOME", ".cache") / "vnby-tui"


_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def dumps(value: Any) -> str:
    """JSON with Vietnamese kept readable; a lone surrogate (a file name that is not
    valid UTF-8 keeps its bytes so) is written as its ``\\udcXX`` escape, which reads
    back as the same string: the file is always valid UTF-8."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if _SURROGATE_RE.search(text):
        text = _SURROGATE_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text


def corpus_key(paths: Iterable[str]) -> str:
    """The entry name for a set of input paths (as given, made absolute)."""
    resolved = sorted(os.path.abspath(p) for p in paths)
    return hashlib.sha256(json.dumps(resolved).encode()).hexdigest()[:24]


def input_signature(path: Path) -> list[Any]:
    """What decides whether an input changed: its path, size, modification time, inode
    and status-change time.  ``cp -p``, ``rsync -t`` and ``touch -r`` keep size and
    modification time, but not the inode (a new file) or the ctime (set by the kernel)."""
    info = path.stat()
    return [str(path), info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns]


def _crc32_file(path: Path) -> int:
    crc = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 22):
            crc = zlib.crc32(chunk, crc)
    return crc


@dataclass
class EntryWriter:
    """Collects the files of an entry in a temporary directory, then commits it."""

    root: Path
    key: str
    manifest: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        sweep_abandoned(self.root)
        self.tmp = self.root / f".{self.key}.tmp-{os.getpid()}-{time.monotonic_ns()}"
        self.tmp.mkdir(mode=0o700)
        # Held until the entry is committed or abandoned; the kernel lets go of it when
        # this process dies, however it dies: that is how others know the folder is litter.
        self._lock = os.open(self.tmp / LOCK, os.O_WRONLY | os.O_CREAT, 0o600)
        if fcntl is not None:
            fcntl.flock(self._lock, fcntl.LOCK_EX)
        self.files: dict[str, dict[str, int]] = {}

    def _record(self, name: str) -> None:
        path = self.tmp / name
        self.files[name] = {"size": path.stat().st_size, "crc32": _crc32_file(path)}

    def array(self, name: str, value: np.ndarray) -> None:
        with open(self.tmp / f"{name}.npy", "wb") as handle:
            np.save(handle, np.ascontiguousarray(value), allow_pickle=False)
        self._record(f"{name}.npy")

    def array_parts(self, name: str, dtype: Any, length: int, parts: Iterable[Any]) -> None:
        """A one-dimensional array of ``length`` items written from its parts in order
        (buffers of ``dtype`` items), so that it is never whole in memory: the packed
        mentions of a corpus, ~40 MB, were copied twice to be written."""
        dtype = np.dtype(dtype)
        written = 0
        with open(self.tmp / f"{name}.npy", "wb") as handle:
            np.lib.format.write_array_header_1_0(handle, {"descr": np.lib.format.dtype_to_descr(dtype),
                                                          "fortran_order": False, "shape": (length,)})
            for part in parts:
                data = memoryview(part).cast("B")
                handle.write(data)
                written += len(data)
        if written != length * dtype.itemsize:
            raise ValueError(f"{name}: {written} bytes written for {length} items")
        self._record(f"{name}.npy")

    def strings(self, name: str, values: Iterable[str | None] | StringTable) -> None:
        """Strings as the three arrays of a :class:`StringTable` (``NAME_utf8.npy``…)."""
        arrays = values.arrays() if isinstance(values, StringTable) else encode_strings(values)
        for part in STRING_PARTS:
            self.array(f"{name}_{part}", arrays[part])

    def json(self, name: str, value: Any) -> None:
        with open(self.tmp / f"{name}.json", "w", encoding="utf-8") as handle:
            handle.write(dumps(value))
        self._record(f"{name}.json")

    def blob(self, parts: Iterable[bytes]) -> None:
        with open(self.tmp / TEXT_FILE, "wb") as handle:
            for part in parts:
                handle.write(part)
        self._record(TEXT_FILE)

    def adopt(self, reader: "EntryReader", skip_prefix: str) -> None:
        """Take the files of an existing entry (hard links, copies where links fail),
        but those whose name starts with ``skip_prefix``: for adding to an entry."""
        for name, record in reader.manifest["files"].items():
            if name.startswith(skip_prefix):
                continue
            try:
                os.link(reader.path / name, self.tmp / name)
            except OSError:
                shutil.copyfile(reader.path / name, self.tmp / name)
            self.files[name] = dict(record)

    def commit(self) -> Path:
        """Write the manifest last, then move the entry into place atomically."""
        manifest = {"format": FORMAT, "version": FORMAT_VERSION, "program": __version__,
                    "created": time.strftime("%Y-%m-%dT%H:%M:%S"), "files": self.files, **self.manifest}
        with open(self.tmp / MANIFEST, "w", encoding="utf-8") as handle:
            handle.write(dumps(manifest))
            handle.flush()
            os.fsync(handle.fileno())
        final = self.root / self.key
        old = self.root / f".{self.key}.old-{os.getpid()}-{time.monotonic_ns()}"
        if final.exists():
            os.rename(final, old)
        os.rename(self.tmp, final)
        self._unlock(final)
        shutil.rmtree(old, ignore_errors=True)
        return final

    def abandon(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)
        self._unlock(None)

    def _unlock(self, entry: Path | None) -> None:
        if self._lock >= 0:
            if entry is not None:
                try:
                    os.unlink(entry / LOCK)
                except OSError:
                    pass
            os.close(self._lock)
            self._lock = -1


def is_disk_full(exc: OSError) -> bool:
    """ENOSPC or EDQUOT, or numpy's short write ("N requested and M written"), which
    carries no error number but is what a full disk does to ``ndarray.tofile``."""
    return exc.errno in (errno.ENOSPC, errno.EDQUOT) or (
        exc.errno is None and "requested and" in str(exc) and "written" in str(exc))


def _litter(path: Path) -> bool:
    """Whether a temporary directory was left by a writer that is gone: nobody holds its
    lock (or it has none, and is old).  A live writer's folder is never touched."""
    try:
        if fcntl is None:
            raise FileNotFoundError(path / LOCK)
        fd = os.open(path / LOCK, os.O_RDONLY)
    except FileNotFoundError:
        try:
            return time.time() - path.stat().st_mtime > UNLOCKED_TMP_AGE
        except OSError:
            return False
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        return True
    except OSError:
        return False
    finally:
        os.close(fd)


def abandoned_temporaries(root: Path) -> list[Path]:
    """Folders of writes that were interrupted (``.KEY.tmp-PID-NS``, ``.KEY.old-PID-NS``)."""
    try:
        names = os.listdir(root)
    except OSError:
        return []
    return [root / name for name in sorted(names) if _TMP_RE.match(name) and _litter(root / name)]


def sweep_abandoned(root: Path) -> tuple[int, int]:
    """Remove what interrupted writes left: (folders, bytes) removed."""
    removed = freed = 0
    for path in abandoned_temporaries(root):
        freed += _tree_size(path)
        shutil.rmtree(path, ignore_errors=True)
        removed += 1
    return removed, freed


def _tree_size(path: Path) -> int:
    """Bytes of the files directly in ``path``; what cannot be read counts as 0."""
    total = 0
    try:
        with os.scandir(path) as entries:
            for entry in entries:
                try:
                    if entry.is_file(follow_symlinks=False):
                        total += entry.stat(follow_symlinks=False).st_size
                except OSError:
                    pass
    except OSError:
        pass
    return total


class EntryReader:
    """A checked cache entry: every file present with the size and CRC the manifest says."""

    def __init__(self, path: Path, verify: bool = True) -> None:
        self.path = path
        try:
            with open(path / MANIFEST, encoding="utf-8") as handle:
                self.manifest = json.load(handle)
        except FileNotFoundError:
            raise CacheError("no manifest") from None
        except (OSError, ValueError) as exc:
            raise CacheError(f"unreadable manifest ({getattr(exc, 'strerror', None) or exc.__class__.__name__})") from None
        if not isinstance(self.manifest, dict) or self.manifest.get("format") != FORMAT:
            raise CacheError("not a vnby-tui cache entry")
        if self.manifest.get("version") != FORMAT_VERSION or self.manifest.get("program") != __version__:
            raise CacheError("written by another version")
        files = self.manifest.get("files")
        if not isinstance(files, dict):
            raise CacheError("manifest lists no files")
        for name, expected in files.items():
            self._check(name, expected, verify)
        self._mmaps: list[mmap.mmap] = []

    def _check(self, name: str, expected: Any, verify: bool) -> None:
        path = self.path / name
        if "/" in name or name.startswith(".") or not isinstance(expected, dict):
            raise CacheError(f"bad file entry {name!r}")
        try:
            size = path.stat().st_size
        except OSError:
            raise CacheError(f"{name} is missing") from None
        if size != expected.get("size"):
            raise CacheError(f"{name} is truncated or changed ({size} bytes, expected {expected.get('size')})")
        try:
            if verify and _crc32_file(path) != expected.get("crc32"):
                raise CacheError(f"{name} is corrupt (checksum mismatch)")
        except OSError as exc:
            raise CacheError(f"{name} unreadable ({exc.strerror or exc})") from None

    def array(self, name: str) -> np.ndarray:
        """The array, memory-mapped read-only: a warm start maps the index instead of
        reading it, its pages are shared with the page cache and read only when touched."""
        try:
            return np.load(self.path / f"{name}.npy", mmap_mode="r", allow_pickle=False)
        except (OSError, ValueError) as exc:
            raise CacheError(f"{name}.npy unreadable ({exc})") from None

    def strings(self, name: str) -> StringTable:
        """A :class:`StringTable` over the mapped arrays: a string is decoded when read."""
        try:
            return StringTable(*(self.array(f"{name}_{part}") for part in STRING_PARTS))
        except ValueError as exc:
            raise CacheError(f"{name} strings unusable ({exc})") from None

    def json(self, name: str) -> Any:
        try:
            with open(self.path / f"{name}.json", encoding="utf-8") as handle:
                return json.load(handle)
        except (OSError, ValueError) as exc:
            raise CacheError(f"{name}.json unreadable ({exc.__class__.__name__})") from None

    def blob(self) -> "TextBlob | memoryview | bytes":
        """The text blob: read a slice at a time (:class:`TextBlob`), or memory-mapped
        where the system has no ``pread`` (read-only either way, shared with the page cache)."""
        path = self.path / TEXT_FILE
        try:
            handle = open(path, "rb", buffering=0)
            try:
                if os.fstat(handle.fileno()).st_size == 0:
                    return b""
                if hasattr(os, "pread"):
                    blob, handle = TextBlob(handle), None
                    return blob
                mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
            finally:
                if handle is not None:
                    handle.close()
        except (OSError, ValueError) as exc:
            raise CacheError(f"{TEXT_FILE} unreadable ({getattr(exc, 'strerror', None) or exc})") from None
        self._mmaps.append(mapped)
        return memoryview(mapped)


class TextBlob:
    """The articles' text of an entry, read with ``pread`` a slice at a time, not mapped.

    Mapped, every article read (a page of hits, the one being read, the snippets of
    ``vnby-tui search``) made the pages around it this process's resident memory, and a
    kernel that keeps the page cache in large folios maps a whole folio on the first
    touch of one of its pages (Linux 6.18: up to 2 MB): the 10 snippets of a warm
    ``search`` made 16 MB of the text resident, and 300 searches in the explorer 478 MB
    of the process (355 MB read so; the same CPU).  Read, an article costs its own
    bytes, which the caller decodes at once.  ``len(blob)`` and ``blob[start:end]``
    (bytes) are what the article store uses of a mapped blob."""

    def __init__(self, handle: Any) -> None:
        self._handle = handle
        self._size = os.fstat(handle.fileno()).st_size

    def __len__(self) -> int:
        return self._size

    def __getitem__(self, where: slice) -> bytes:
        start, stop, _ = where.indices(self._size)
        parts, wanted = [], max(0, stop - start)
        while wanted:
            part = os.pread(self._handle.fileno(), wanted, start)
            if not part:
                raise OSError(errno.EIO, f"{TEXT_FILE} ended early")
            parts.append(part)
            start, wanted = start + len(part), wanted - len(part)
        return parts[0] if len(parts) == 1 else b"".join(parts)

    def __bytes__(self) -> bytes:
        return self[0 : self._size]

    def __del__(self) -> None:
        self._handle.close()


@dataclass
class EntryInfo:
    key: str
    path: Path
    size: int
    inputs: list[str]
    articles: int | None
    created: str | None
    problem: str | None


def list_entries(root: Path | None = None) -> list[EntryInfo]:
    """Every entry (valid or not) under the cache root, for ``vnby-tui cache info``."""
    root = root or cache_root()
    entries = []
    try:
        paths = sorted(root.iterdir())
    except OSError:
        return entries
    for path in paths:
        try:
            if not path.is_dir() or path.name.startswith("."):
                continue
        except OSError:
            continue
        try:
            reader = EntryReader(path, verify=False)
            manifest, problem = reader.manifest, None
        except CacheError as exc:
            manifest, problem = {}, str(exc)
        inputs = manifest.get("paths")
        articles, created = manifest.get("articles"), manifest.get("created")
        if not (isinstance(inputs, list) and isinstance(articles, int) and isinstance(created, str)) and not problem:
            problem = "manifest has the wrong shape"
        entries.append(EntryInfo(path.name, path, _tree_size(path),
                                 [str(p) for p in inputs] if isinstance(inputs, list) else [],
                                 articles if isinstance(articles, int) else None,
                                 created if isinstance(created, str) else None, problem))
    return entries


@dataclass
class Leftovers:
    """Folders of interrupted writes: how many and how big."""

    count: int
    size: int


def leftovers(root: Path | None = None) -> Leftovers:
    """What interrupted writes left behind (swept by the next build or ``cache clear``)."""
    paths = abandoned_temporaries(root or cache_root())
    return Leftovers(len(paths), sum(_tree_size(p) for p in paths))


def clear(root: Path | None = None) -> tuple[int, int]:
    """Remove every entry (and leftovers of interrupted writes): (entries, bytes) removed.

    Only directories this program made are touched: the cache root is its own.
    """
    root = root or cache_root()
    removed, freed = 0, sweep_abandoned(root)[1]
    try:
        paths = list(root.iterdir())
    except OSError:
        return removed, freed
    for path in paths:
        try:
            if not path.is_dir() or path.is_symlink() or path.name.startswith("."):
                continue  # a write in progress (another process) keeps its folder
        except OSError:
            continue
        freed += _tree_size(path)
        shutil.rmtree(path, ignore_errors=True)
        removed += 1
    return removed, freed
