"""A compact, read-mostly store of articles: what the explorer keeps in memory.

Tens of thousands of ``Article`` objects with their ``Paragraph`` objects cost
several times the text they hold.  The store keeps columns instead — the text
of all articles as one UTF-8 blob with offsets, paragraphs as three small
arrays — and builds an :class:`Article` only when one is asked for (a visible
row, the article being read, a search hit), keeping the last few.  The blob
may be the cache's text file, read a slice at a time (:class:`~tui.core.cache.TextBlob`;
mapped where there is no ``pread``), so a warm start reads no text at all until
an article is opened; while a corpus is being read for the cache, the texts
go to an unnamed temporary file beside it (:meth:`spill_to`), not to memory.
"""

from __future__ import annotations

import json
import mmap
import os
import threading
from array import array
from collections import OrderedDict
from collections.abc import Iterable, Iterator, MutableSequence, Sequence
from typing import Any

import numpy as np

from .dates import day_key
from .model import PARAGRAPH_KINDS, Article, Paragraph

_KIND_CODES = {kind: code for code, kind in enumerate(PARAGRAPH_KINDS)}
#: How many built articles are kept (the reader, the visible rows, a page of hits).
RECENT_ARTICLES = 512
#: Articles built together by a pass over every article (their texts one read).
ITER_CHUNK = 256
#: Per-article string columns, in the order they are stored.
STRING_COLUMNS = ("id", "title", "date", "url", "source", "path")


class ArticleStore(Sequence[Article]):
    """``store[doc]`` is the article numbered ``doc``; ``len(store)`` counts them.

    Appending (the loader's side) and reading (the UI's and the index's side)
    may happen from different threads: columns only grow, and ``len`` is
    published last.
    """

    def __init__(self) -> None:
        #: Lists while the store is built; :class:`~tui.core.strings.StringTable` views when
        #: restored from the cache (a string decoded when read, none held in advance).
        self.columns: dict[str, MutableSequence[str | None] | Sequence[str | None]] = {
            name: [] for name in STRING_COLUMNS}
        self.extras: Sequence[str | None] = []  # JSON of metadata and warnings, or None when both are empty
        self._blob_parts: list[bytes] = []
        self._blob: bytes | memoryview | None = None
        self._spill: Any = None  # an unbuffered binary file holding the texts, when spilled
        self._text_offsets = array("q", [0])
        self._paragraph_offsets = array("q", [0])
        self._kinds = bytearray()
        self._starts = array("i")
        self._ends = array("i")
        self._dates = array("i")  # day keys (tui.core.dates), 0 when undated
        self._frozen: dict[str, np.ndarray] | None = None
        # plain views of the mapped arrays, to read from: indexing a np.memmap runs Python code each time
        self._read: dict[str, np.ndarray] = {}
        self._recent: OrderedDict[int, Article] = OrderedDict()
        self._lock = threading.Lock()
        #: Held while the spilled texts are read and while they move to the cache's blob
        #: (:meth:`use_blob` closes the file: a read between would use a closed, or reused, file number).
        self._spill_lock = threading.Lock()
        self._count = 0

    # ------------------------------------------------------------------ building

    def extend(self, articles: Iterable[Article]) -> None:
        """Add articles at the end (their numbers continue from ``len(self)``)."""
        if self._frozen is not None or self._blob is not None:
            raise ValueError("a store reading from a blob is read-only")
        spilled: list[bytes] = []
        added = 0
        try:
            for article in articles:
                for name in STRING_COLUMNS:
                    self.columns[name].append(getattr(article, name))  # type: ignore[union-attr]
                extra = {k: v for k, v in (("metadata", article.metadata), ("warnings", article.warnings)) if v}
                self.extras.append(json.dumps(extra, ensure_ascii=False) if extra else None)  # type: ignore[attr-defined]
                data = article.text.encode("utf-8")
                (spilled if self._spill is not None else self._blob_parts).append(data)
                self._text_offsets.append(self._text_offsets[-1] + len(data))
                for paragraph in article.paragraphs:
                    self._kinds.append(_KIND_CODES[paragraph.kind])
                    self._starts.append(paragraph.start)
                    self._ends.append(paragraph.end)
                self._paragraph_offsets.append(len(self._kinds))
                self._dates.append(day_key(article.date))
                added += 1
        finally:
            if spilled:
                self._write_spill(b"".join(spilled))
            self._count += added  # published once their texts can be read

    def _write_spill(self, data: bytes) -> None:
        """Append ``data`` to the spilled texts with one system call (or a few, if the
        system writes less than asked).  One per batch, not one per article: every call
        lets go of the GIL, and a thread that lets go of it and takes it back more often
        than the switch interval (the explorer sets 1 ms) keeps the event loop waiting for
        it: CPython 3.11 wakes the waiting thread each time, which finds the GIL taken
        again and starts a new wait, asking for the GIL only after a whole interval
        without such a hand-over."""
        view = memoryview(data)
        while view:
            written = self._spill.write(view)
            if not written:
                raise OSError("the spilled texts could not be written")
            view = view[written:]

    # ------------------------------------------------------------------ reading

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, doc: int) -> Article:  # type: ignore[override]
        if isinstance(doc, slice):
            return [self[i] for i in range(*doc.indices(len(self)))]  # type: ignore[return-value]
        if doc < 0:
            doc += self._count
        if not 0 <= doc < self._count:
            raise IndexError(doc)
        with self._lock:
            article = self._recent.get(doc)
            if article is not None:
                self._recent.move_to_end(doc)
                return article
        article = self._build(doc)
        with self._lock:
            self._recent[doc] = article
            if len(self._recent) > RECENT_ARTICLES:
                self._recent.popitem(last=False)
        return article

    def many(self, docs: Sequence[int]) -> list[Article]:
        """``[self[doc] for doc in docs]``, the articles not among the recent ones built
        together (a page of search hits): each column read with one gather for them all."""
        found: dict[int, Article] = {}
        with self._lock:
            for doc in docs:
                article = self._recent.get(doc)
                if article is not None:
                    self._recent.move_to_end(doc)
                    found[doc] = article
        todo = sorted({doc for doc in docs if doc not in found})
        if todo and (self._frozen is None or any(not 0 <= doc < self._count for doc in todo)):
            return [self[doc] for doc in docs]
        if todo:
            built = self._build_many(todo)
            with self._lock:
                for doc, article in zip(todo, built):
                    found[doc] = self._recent[doc] = article
                while len(self._recent) > RECENT_ARTICLES:
                    self._recent.popitem(last=False)
        return [found[doc] for doc in docs]

    def _build_many(self, docs: list[int]) -> list[Article]:
        """:meth:`_build` of each of ``docs`` (in range, from persisted columns)."""
        index = np.asarray(docs, dtype=np.int64)
        values = {name: _column_take(self.columns[name], index) for name in STRING_COLUMNS}
        extras = _column_take(self.extras, index)
        read = self._read
        text_starts, text_ends = read["text_offsets"].take(index).tolist(), read["text_offsets"].take(index + 1).tolist()
        firsts, lasts = read["paragraph_offsets"].take(index), read["paragraph_offsets"].take(index + 1)
        counts = lasts - firsts
        rows = np.repeat(firsts - np.cumsum(counts) + counts, counts) + np.arange(int(counts.sum()))
        kinds = read["paragraph_kinds"].take(rows).tolist()
        starts = read["paragraph_starts"].take(rows).tolist()
        ends = read["paragraph_ends"].take(rows).tolist()
        bounds = np.concatenate([[0], np.cumsum(counts)]).tolist()
        blob = self._blob
        articles = []
        for k in range(len(docs)):
            a, b = bounds[k], bounds[k + 1]
            extra: dict[str, Any] = json.loads(extras[k]) if extras[k] else {}
            articles.append(Article(
                id=values["id"][k] or "",
                title=values["title"][k] or "",
                text=bytes(blob[text_starts[k] : text_ends[k]]).decode("utf-8"),  # type: ignore[index]
                paragraphs=[Paragraph(PARAGRAPH_KINDS[kind], start, end)
                            for kind, start, end in zip(kinds[a:b], starts[a:b], ends[a:b])],
                date=values["date"][k],
                url=values["url"][k],
                source=values["source"][k],
                path=values["path"][k],
                metadata=extra.get("metadata", {}),
                warnings=extra.get("warnings", []),
            ))
        return articles

    def __iter__(self) -> Iterator[Article]:
        """Every article in order (as many as there are when it starts), without filling
        the recent-articles cache."""
        return self.iter_between(0, self._count)

    def iter_between(self, first: int, last: int) -> Iterator[Article]:
        """Documents ``first .. last-1`` in order, built afresh, :data:`ITER_CHUNK` of them
        read together at a time (see :meth:`articles_between`)."""
        for start in range(first, last, ITER_CHUNK):
            yield from self.articles_between(start, min(start + ITER_CHUNK, last))

    def articles_between(self, first: int, last: int) -> list[Article]:
        """Documents ``first .. last-1`` built afresh (not kept among the recent ones),
        their texts read together: the entity stage reads every text once, and one read
        per article (a system call each, when the texts are spilled to disk) let go of
        the GIL and took it back thousands of times a second, which starved the
        explorer's event loop for 60-140 ms at a time (see :meth:`_write_spill`)."""
        if not 0 <= first <= last <= self._count:
            raise IndexError(f"documents {first}..{last} of {self._count}")
        texts, base = self._text_bytes(first, last), self._offset(first, "text")
        bounds = [self._offset(doc, "text") - base for doc in range(first, last + 1)]
        return [self._build(doc, texts[bounds[k]:bounds[k + 1]].decode("utf-8"))
                for k, doc in enumerate(range(first, last))]

    def stored_batch(self, first: int, last: int) -> StoredBatch:
        """What finding the entities of documents ``first .. last-1`` reads of them, as the
        store keeps it (their texts as one slice of UTF-8, their paragraphs as slices of the
        columns): the second process of a cold load builds the articles from it
        (:func:`.entity_process.stored_articles`), so this one neither builds, decodes nor pickles them."""
        para_start, para_end = self._offset(first, "paragraph"), self._offset(last, "paragraph")
        if self._frozen is not None:
            read = self._read
            text_offsets = read["text_offsets"][first : last + 1].astype(np.int64).tobytes()
            paragraph_offsets = read["paragraph_offsets"][first : last + 1].astype(np.int64).tobytes()
            kinds = read["paragraph_kinds"][para_start:para_end].tobytes()
            starts = read["paragraph_starts"][para_start:para_end].astype(np.int32).tobytes()
            ends = read["paragraph_ends"][para_start:para_end].astype(np.int32).tobytes()
        else:
            text_offsets = self._text_offsets[first : last + 1].tobytes()
            paragraph_offsets = self._paragraph_offsets[first : last + 1].tobytes()
            kinds = bytes(self._kinds[para_start:para_end])
            starts, ends = self._starts[para_start:para_end].tobytes(), self._ends[para_start:para_end].tobytes()
        dates = self.columns["date"]
        return (self._text_bytes(first, last), text_offsets, [dates[doc] for doc in range(first, last)],
                kinds, starts, ends, paragraph_offsets)

    def _text_bytes(self, first: int, last: int) -> bytes:
        """The UTF-8 texts of documents ``first .. last-1``, one after the other, read from
        where the texts are at this moment (the loader may move them to the cache's blob
        while another thread reads: see ``_spill_lock``)."""
        start, end = self._offset(first, "text"), self._offset(last, "text")
        with self._spill_lock:
            blob, spill, parts = self._blob, self._spill, self._blob_parts
            if blob is None and spill is not None:
                return _read_exactly(spill, end - start, start)
        if blob is None:
            return b"".join(parts[first:last])
        return bytes(blob[start:end])

    def article_id(self, doc: int) -> str:
        """A column read that builds no article (``entities --spans`` needs only this)."""
        return self.columns["id"][doc] or ""

    def title(self, doc: int) -> str:
        """A column read that builds no article (the document list needs only this)."""
        return self.columns["title"][doc] or ""

    @property
    def dates(self) -> np.ndarray:
        """Each article's day key (``YYYYMMDD``, ``00`` for an unknown month or day, 0 when
        undated): for filtering and sorting by date without building articles."""
        if self._frozen is not None:
            return self._frozen["dates"]
        # A copy (of a slice): a view would pin the growing array, and the loader's next
        # append would fail with "cannot resize an array that is exporting buffers".
        return np.array(self._dates[: self._count], dtype=np.int32)

    def text_bytes(self) -> int:
        return self._offset(self._count, "text")

    def text_bytes_between(self, first: int, last: int) -> int:
        """UTF-8 bytes of the texts of documents ``first .. last-1``."""
        return self._offset(last, "text") - self._offset(first, "text")

    def forget_texts(self, first: int, last: int) -> None:
        """Let go of this process's view of the texts of documents ``first .. last-1``
        when they are mapped from the cache (read once, to find their entities): the
        pages stay in the kernel's page cache, read again from there if asked, but are
        no longer this process's resident memory — the entity stage reads every text
        once, which made the whole text (1x) resident beside everything else."""
        mapped = getattr(self._blob, "obj", None)
        if not isinstance(mapped, mmap.mmap) or not hasattr(mmap, "MADV_DONTNEED") or last <= first:
            return
        start = self._offset(first, "text") // mmap.PAGESIZE * mmap.PAGESIZE
        end = self._offset(last, "text")
        if end > start:
            try:
                mapped.madvise(mmap.MADV_DONTNEED, start, end - start)
            except (OSError, ValueError):
                pass  # only memory not handed back

    def _offset(self, i: int, which: str) -> int:
        if self._frozen is not None:
            return int(self._read[f"{which}_offsets"][i])
        return (self._text_offsets if which == "text" else self._paragraph_offsets)[i]

    def _text(self, doc: int) -> str:
        return self._text_bytes(doc, doc + 1).decode("utf-8")

    def _paragraphs(self, doc: int) -> list[Paragraph]:
        first, last = self._offset(doc, "paragraph"), self._offset(doc + 1, "paragraph")
        if self._frozen is not None:
            kinds = self._read["paragraph_kinds"][first:last].tolist()
            starts = self._read["paragraph_starts"][first:last].tolist()
            ends = self._read["paragraph_ends"][first:last].tolist()
        else:
            kinds, starts, ends = self._kinds[first:last], self._starts[first:last], self._ends[first:last]
        return [Paragraph(PARAGRAPH_KINDS[k], s, e) for k, s, e in zip(kinds, starts, ends)]

    def _build(self, doc: int, text: str | None = None) -> Article:
        """Article ``doc`` from the columns (``text``, when its text is already read)."""
        values = {name: self.columns[name][doc] for name in STRING_COLUMNS}
        extra: dict[str, Any] = json.loads(self.extras[doc]) if self.extras[doc] else {}
        return Article(
            id=values["id"] or "",
            title=values["title"] or "",
            text=self._text(doc) if text is None else text,
            paragraphs=self._paragraphs(doc),
            date=values["date"],
            url=values["url"],
            source=values["source"],
            path=values["path"],
            metadata=extra.get("metadata", {}),
            warnings=extra.get("warnings", []),
        )

    def spill_to(self, directory: str | os.PathLike[str]) -> None:
        """Keep the texts added from now on in an unnamed temporary file in
        ``directory`` (gone when closed, even after a crash) instead of memory:
        a cold load then holds the index, not the index and the text."""
        if self._count or self._spill is not None:
            raise ValueError("spill_to is for an empty store")
        import tempfile

        os.makedirs(directory, mode=0o700, exist_ok=True)
        self._spill = tempfile.TemporaryFile(dir=directory, buffering=0)

    def _text_chunks(self, size: int = 1 << 22) -> Iterator[bytes]:
        """The whole text blob in pieces, for the cache writer."""
        if self._spill is None:
            yield from self._blob_parts
            return
        total = self.text_bytes()
        for start in range(0, total, size):
            yield _read_exactly(self._spill, min(size, total - start), start)

    def use_blob(self, blob: bytes | memoryview) -> None:
        """Read texts from ``blob`` (the same bytes, e.g. mapped from the cache) and
        drop the in-memory copies.  The store takes no more articles after this."""
        if len(blob) != self.text_bytes():
            raise ValueError("text blob has the wrong size")
        with self._spill_lock:
            self._blob = blob
            self._blob_parts = []
            spill, self._spill = self._spill, None
        if spill is not None:
            spill.close()

    # ------------------------------------------------------------------ persistence

    def to_arrays(self) -> tuple[dict[str, np.ndarray], dict[str, Sequence[str | None]], Iterable[bytes]]:
        """(numeric arrays, string columns, text parts) for the cache writer."""
        if self._frozen is not None:
            raise ValueError("store is already persisted")
        arrays = {
            "text_offsets": np.frombuffer(self._text_offsets, dtype=np.int64).copy(),
            "paragraph_offsets": np.frombuffer(self._paragraph_offsets, dtype=np.int64).copy(),
            "paragraph_kinds": np.frombuffer(bytes(self._kinds), dtype=np.uint8),
            "paragraph_starts": np.frombuffer(self._starts, dtype=np.int32).copy(),
            "paragraph_ends": np.frombuffer(self._ends, dtype=np.int32).copy(),
            "dates": np.frombuffer(self._dates, dtype=np.int32).copy(),
        }
        columns = dict(self.columns) | {"extras": self.extras}
        return arrays, columns, self._text_chunks()

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray], columns: dict[str, Sequence[str | None]],
                    blob: bytes | memoryview) -> "ArticleStore":
        """A read-only store over persisted columns and a (memory-mapped) text blob."""
        count = len(arrays["text_offsets"]) - 1
        for name in (*STRING_COLUMNS, "extras"):
            if len(columns.get(name, ())) != count:
                raise ValueError(f"column {name!r} has the wrong length")
        if int(arrays["text_offsets"][-1]) != len(blob):
            raise ValueError("text blob has the wrong size")
        if int(arrays["paragraph_offsets"][-1]) != len(arrays["paragraph_kinds"]):
            raise ValueError("paragraph arrays disagree")
        if len(arrays["dates"]) != count:
            raise ValueError("dates array has the wrong length")
        store = cls()
        store.columns = {name: columns[name] for name in STRING_COLUMNS}
        store.extras = columns["extras"]
        store._frozen = arrays
        store._read = {name: np.asarray(array) for name, array in arrays.items()}
        store._blob = blob
        store._count = count
        return store



#: What :meth:`ArticleStore.stored_batch` gives: the texts' UTF-8, their offsets (int64,
#: one more than the documents), each document's date, and its paragraphs' kind codes (uint8),
#: starts and ends (int32) and offsets (int64, one more than the documents).
StoredBatch = tuple[bytes, bytes, list, bytes, bytes, bytes, bytes]


def _column_take(column: Sequence[str | None], index: np.ndarray) -> list[str | None]:
    """The strings of ``column`` at ``index``: one gather from a string table."""
    take = getattr(column, "take", None)
    return take(index) if take is not None else [column[i] for i in index.tolist()]


def _read_exactly(file: Any, size: int, offset: int) -> bytes:
    """``size`` bytes of ``file`` from ``offset``, read with as few ``pread`` calls as the
    system allows (it may return less than asked); a file shorter than that is an error."""
    parts, fd = [], file.fileno()
    while size > 0:
        part = os.pread(fd, size, offset)
        if not part:
            raise OSError(f"the spilled texts end {size} bytes early")
        parts.append(part)
        size -= len(part)
        offset += len(part)
    return b"".join(parts)
