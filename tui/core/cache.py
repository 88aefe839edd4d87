"""The persistent cache: one directory per corpus under ``$XDG_CACHE_HOME/vnby-tui/``.

Layout of an entry: ``manifest.json`` (format name and version, program
version, the inputs with size and modification time, and a size and CRC-32 for
every other file), numeric arrays as ``.npy`` files (read with
``allow_pickle=False``: nothing in the cache can run code), JSON for strings,
and ``text.bin``, the articles' text, memory-mapped when read.

An entry is written in a temporary directory and renamed into place, so an
interrupted write never leaves a broken entry.  Reading checks every file
against the manifest; anything corrupt, truncated or foreign raises
:class:`CacheError` with a one-line reason, and the caller rebuilds.
"""

from __future__ import annotations

import hashlib
import io
import json
import mmap
import os
import shutil
import time
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .. import __version__

FORMAT = "vnby-tui-cache"
#: Bump when the layout or the meaning of any cached file changes.
FORMAT_VERSION = 2
MANIFEST = "manifest.json"
TEXT_FILE = "text.bin"


class CacheError(Exception):
    """A cache entry that cannot be used; the message says why in one line."""


def cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "vnby-tui"


def corpus_key(paths: Iterable[str]) -> str:
    """The entry name for a set of input paths (as given, made absolute)."""
    resolved = sorted(os.path.abspath(p) for p in paths)
    return hashlib.sha256(json.dumps(resolved).encode()).hexdigest()[:24]


def input_signature(path: Path) -> list[Any]:
    """What decides whether an input changed: its path, size and modification time."""
    info = path.stat()
    return [str(path), info.st_size, info.st_mtime_ns]


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
        self.tmp = self.root / f".{self.key}.tmp-{os.getpid()}-{time.monotonic_ns()}"
        self.tmp.mkdir(mode=0o700)
        self.files: dict[str, dict[str, int]] = {}

    def _record(self, name: str) -> None:
        path = self.tmp / name
        self.files[name] = {"size": path.stat().st_size, "crc32": _crc32_file(path)}

    def array(self, name: str, value: np.ndarray) -> None:
        with open(self.tmp / f"{name}.npy", "wb") as handle:
            np.save(handle, np.ascontiguousarray(value), allow_pickle=False)
        self._record(f"{name}.npy")

    def json(self, name: str, value: Any) -> None:
        with open(self.tmp / f"{name}.json", "w", encoding="utf-8") as handle:
            json.dump(value, handle, ensure_ascii=False, separators=(",", ":"))
        self._record(f"{name}.json")

    def blob(self, parts: Iterable[bytes]) -> None:
        with open(self.tmp / TEXT_FILE, "wb") as handle:
            for part in parts:
                handle.write(part)
        self._record(TEXT_FILE)

    def commit(self) -> Path:
        """Write the manifest last, then move the entry into place atomically."""
        manifest = {"format": FORMAT, "version": FORMAT_VERSION, "program": __version__,
                    "created": time.strftime("%Y-%m-%dT%H:%M:%S"), "files": self.files, **self.manifest}
        with open(self.tmp / MANIFEST, "w", encoding="utf-8") as handle:
            json.dump(manifest, handle, ensure_ascii=False)
            handle.flush()
            os.fsync(handle.fileno())
        final = self.root / self.key
        old = self.root / f".{self.key}.old-{os.getpid()}-{time.monotonic_ns()}"
        if final.exists():
            os.rename(final, old)
        os.rename(self.tmp, final)
        shutil.rmtree(old, ignore_errors=True)
        return final

    def abandon(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)


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
            raise CacheError(f"unreadable manifest ({exc.__class__.__name__})") from None
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
        if verify and _crc32_file(path) != expected.get("crc32"):
            raise CacheError(f"{name} is corrupt (checksum mismatch)")

    def array(self, name: str) -> np.ndarray:
        try:
            with open(self.path / f"{name}.npy", "rb") as handle:
                return np.load(io.BytesIO(handle.read()), allow_pickle=False)
        except (OSError, ValueError) as exc:
            raise CacheError(f"{name}.npy unreadable ({exc})") from None

    def json(self, name: str) -> Any:
        try:
            with open(self.path / f"{name}.json", encoding="utf-8") as handle:
                return json.load(handle)
        except (OSError, ValueError) as exc:
            raise CacheError(f"{name}.json unreadable ({exc.__class__.__name__})") from None

    def blob(self) -> memoryview | bytes:
        """The text blob, memory-mapped (read-only, shared with the page cache)."""
        path = self.path / TEXT_FILE
        if path.stat().st_size == 0:
            return b""
        with open(path, "rb") as handle:
            mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        self._mmaps.append(mapped)
        return memoryview(mapped)


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
    if not root.is_dir():
        return entries
    for path in sorted(root.iterdir()):
        if not path.is_dir() or path.name.startswith("."):
            continue
        size = sum(f.stat().st_size for f in path.iterdir() if f.is_file())
        try:
            reader = EntryReader(path, verify=False)
            manifest, problem = reader.manifest, None
        except CacheError as exc:
            manifest, problem = {}, str(exc)
        entries.append(EntryInfo(path.name, path, size, list(manifest.get("paths", [])), manifest.get("articles"),
                                 manifest.get("created"), problem))
    return entries


def clear(root: Path | None = None) -> tuple[int, int]:
    """Remove every entry (and leftovers of interrupted writes): (entries, bytes) removed.

    Only directories this program made are touched: the cache root is its own.
    """
    root = root or cache_root()
    removed = freed = 0
    if not root.is_dir():
        return removed, freed
    for path in root.iterdir():
        if path.is_dir() and not path.is_symlink():
            freed += sum(f.stat().st_size for f in path.iterdir() if f.is_file())
            shutil.rmtree(path, ignore_errors=True)
            removed += 0 if path.name.startswith(".") else 1
    return removed, freed
