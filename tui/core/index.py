"""Compact positional storage for the search index: a vocabulary and immutable segments.

Every token of every indexed field gets a position.  A segment keeps two
int32 arrays over its positions:

* ``stream``: the term id (lower-case NFC form) at each position, so the
  token found next to another one can be read back in O(1);
* ``postings``: all positions grouped by *folded* term id, ascending inside a
  group (``offsets`` delimits the groups), so a diacritic-insensitive term is
  one contiguous sorted slice.

Sentinel tokens separate title, paragraphs and documents, so nothing runs
across them.  Where a clause ends inside a field (a comma, a full stop, a
bracket, a quote, a line break: see :func:`~tui.core.text.clause_tokens`), a
third array, ``clause_starts``, records the position of the word after the
break: the positions themselves stay consecutive, so in-order runs, pinned
typos and proximity still see ``tố... làm`` as two words side by side (ranking
evidence), while the ``phrase`` tier and the near window read the breaks (a
phrase never straddles one; a break takes a place of the window) — what a
search engine's position gap does, kept beside the positions.  Segments are immutable once built; adding articles
builds a new segment and merges small ones (linear work, no re-tokenizing),
which keeps indexing incremental and searches lock-free.
"""

from __future__ import annotations

import mmap
import os
import tempfile
import threading
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .kernels import clause_term_ids, docs_of, term_table
from .memory import release_freed_memory
from .model import Article
from .text import CLAUSE_BREAK, fold

#: Sentinel tokens: upper case never survives ``str.lower()`` so no real token equals them;
#: the clause break is the empty token the tokenizer finds for one (no word is empty):
#: it is read into ``clause_starts`` and never stands in the stream.
SEP_PARAGRAPH, SEP_BODY, SEP_DOC, SEP_CLAUSE = 0, 1, 2, 3
_SENTINELS = ("QZSEPQZ", "QZBODYQZ", "QZDOCQZ", CLAUSE_BREAK)
#: Term ids (and folded ids) from this one on are words.
FIRST_WORD_ID = len(_SENTINELS)
_PARAGRAPH = " QZSEPQZ "
_BODY = " QZBODYQZ "
_DOC = " QZDOCQZ "
#: Positions per block of the document look-up table (see Segment.docs_of).
BLOCK_SHIFT = 6
#: Articles tokenized together: small batches keep the temporary token
#: strings few (4M characters left ~80 MB more resident on dantri), large ones
#: pay the per-batch vocabulary-sized work less often.
BATCH_CHARS = 2_000_000
#: Batch segments merged at once while indexing (each position copied once per merge).
MERGE_FAN_IN = 16
#: After an add of this many characters, freed memory is handed back to the system.  The
#: loader adds batches of 2M characters: handing back after each (about 2% more CPU) keeps a
#: cold load of the real text 75 MB smaller at the end of indexing, and its peak 16 MB lower.
RELEASE_AFTER_CHARS = 1_000_000


class _TermIds(dict):
    """Lower-case token -> term id, assigning the next id to unseen tokens."""

    def __init__(self) -> None:
        super().__init__()
        self.new_tokens: list[str] = []

    def __missing__(self, token: str) -> int:
        term_id = len(self)
        self[token] = term_id
        self.new_tokens.append(token)
        return term_id


class Vocabulary:
    """Term ids (lower-case NFC tokens) and folded ids (no case, no diacritics).

    Only ever grows; ids are stable.  Readers may look up while a writer adds:
    arrays are replaced, never resized in place.
    """

    def __init__(self) -> None:
        self.term_ids = _TermIds()
        self.folded_ids: dict[str, int] = {}
        self.folded: list[str] = []
        for sentinel in _SENTINELS:
            self.term_ids[sentinel]
            self.folded_ids["\x00" + sentinel] = len(self.folded)
            self.folded.append("\x00" + sentinel)
        self.term_ids.new_tokens = []
        self.term_to_folded = np.arange(len(_SENTINELS), dtype=np.int32)
        #: The compiled tokenizer's table of the terms met (see :func:`~tui.core.kernels.term_table`).
        self._term_table = None

    def _register_new_terms(self) -> None:
        """Fold the tokens seen for the first time (only unique tokens are folded)."""
        new = self.term_ids.new_tokens
        if not new:
            return
        folded_ids = self.folded_ids
        mapped = np.empty(len(new), dtype=np.int32)
        for i, key in enumerate(fold("\n".join(new)).split("\n")):
            folded_id = folded_ids.get(key)
            if folded_id is None:
                folded_id = folded_ids[key] = len(self.folded)
                self.folded.append(key)
            mapped[i] = folded_id
        self.term_to_folded = np.concatenate([self.term_to_folded, mapped])
        self.term_ids.new_tokens = []

    def encode(self, tokens: list[str]) -> np.ndarray:
        """Term ids of ``tokens``, registering new ones."""
        ids = np.fromiter(map(self.term_ids.__getitem__, tokens), dtype=np.int32, count=len(tokens))
        self._register_new_terms()
        return ids

    def encode_text(self, text: str) -> np.ndarray:
        """Term ids of the tokens of ``text`` (:data:`~tui.core.text.CLAUSE_TOKEN_RE`), a
        clause break's :data:`SEP_CLAUSE`, registering new ones: what
        ``encode(CLAUSE_TOKEN_RE.findall(text))`` gives, in one compiled pass when the
        kernels are (see :func:`~tui.core.kernels.clause_term_ids`)."""
        term_ids, table = self.term_ids, self._term_table
        if table is None or table.term_ids is not term_ids:
            table = self._term_table = term_table(term_ids)
        ids = clause_term_ids(text, term_ids, term_ids.new_tokens, SEP_CLAUSE, table)
        self._register_new_terms()
        return ids


class SortedVocabulary:
    """Folded vocabulary in sorted order, for prefix look-ups (built lazily per state)."""

    def __init__(self, folded: list[str]) -> None:
        order = sorted(range(len(folded)), key=folded.__getitem__)
        self.words = [folded[i] for i in order]
        self.ids = np.asarray(order, dtype=np.int32)

    def with_prefix(self, prefix: str) -> np.ndarray:
        """Folded ids of the words starting with ``prefix``."""
        lo = bisect_left(self.words, prefix)
        hi = bisect_left(self.words, prefix + "\U0010ffff", lo)
        return self.ids[lo:hi]


def has_own_title(article: Article, body_spans: list[tuple[int, int]] | None = None) -> bool:
    """Whether the title is the article's own headline rather than a copy of its
    first sentence (the loader derives one when the source has none); a derived
    title is not indexed, or every first sentence would count twice."""
    title = article.title.strip()
    if not title or title == article.id:
        return False
    if any(p.kind == "title" for p in article.paragraphs):
        return True
    for start, end in (article.body_spans() if body_spans is None else body_spans)[:1]:
        stem = title.rstrip("…").rstrip()
        if article.text.startswith(stem, start, end):
            return False
        return not _collapsed_prefix(article.text, start, end, len(stem)).startswith(stem)
    return True


def _collapsed_prefix(text: str, start: int, end: int, size: int) -> str:
    """The paragraph ``text[start:end]`` with whitespace runs collapsed and
    leading ``#`` dropped, at least ``size`` characters of it when it has
    them: a window that grows until it does, so a long first paragraph is not
    split into words just to compare its first few."""
    window = 2 * size + 64
    while True:
        stop = min(end, start + window)
        first = " ".join(text[start:stop].split()).lstrip("#").strip()
        if stop == end or len(first) > size:
            return first
        window *= 2


def _field_texts(article: Article) -> tuple[str, list[str]]:
    """Lower-cased title (empty if derived) and searchable body paragraphs."""
    spans = article.body_spans()
    title = article.title.lower() if has_own_title(article, spans) else ""
    text = article.text.lower()
    if len(text) != len(article.text):  # a few letters lower-case to two characters
        text = article.text
        return title, [text[s:e].lower() for s, e in spans]
    return title, [text[s:e] for s, e in spans]


@dataclass(frozen=True, slots=True)
class Segment:
    """An immutable index of consecutive documents ``doc_base .. doc_base+len-1``.

    Positions are local to the segment.  ``clause_starts`` (ascending) holds each
    position that a clause break precedes.  ``doc_starts`` has one more entry than
    there are documents (the end of the stream); the title of document ``d`` is
    ``[doc_starts[d], body_starts[d] - 1)``, its body ``[body_starts[d], doc_starts[d+1])``.
    """

    doc_base: int
    stream: np.ndarray
    postings: np.ndarray
    offsets: np.ndarray
    doc_starts: np.ndarray
    body_starts: np.ndarray
    df: np.ndarray
    clause_starts: np.ndarray
    #: Document of the first position of each block (see :meth:`docs_of`);
    #: derived from ``doc_starts`` when not given (a cache need not store it).
    doc_blocks: np.ndarray | None = None

    def __post_init__(self) -> None:
        if self.doc_blocks is None:
            object.__setattr__(self, "doc_blocks", _doc_blocks(self.doc_starts))

    @property
    def doc_count(self) -> int:
        return len(self.body_starts)

    def positions(self, folded_id: int) -> np.ndarray:
        """Sorted positions of a folded term (empty if unseen here)."""
        if folded_id + 1 >= len(self.offsets):
            return self.postings[:0]
        return self.postings[self.offsets[folded_id] : self.offsets[folded_id + 1]]

    def docs_of(self, positions: np.ndarray) -> np.ndarray:
        """Local document number of each position: the document where its block
        starts, stepped forward over the few documents that start inside the block
        (a binary search per position costs several times more)."""
        return docs_of(self.doc_blocks, self.doc_starts, positions, BLOCK_SHIFT)

    def break_before(self, positions: np.ndarray) -> np.ndarray:
        """Per position: whether a clause break precedes it."""
        starts = self.clause_starts
        at = np.searchsorted(starts, positions)
        return starts.take(at, mode="clip") == positions if len(starts) else np.zeros(len(positions), dtype=bool)

    def body_lengths(self) -> np.ndarray:
        return self.doc_starts[1:] - self.body_starts

    @classmethod
    def from_articles(cls, articles: Sequence[Article], vocab: Vocabulary, doc_base: int) -> "Segment":
        parts: list[str] = []
        for article in articles:
            title, paragraphs = _field_texts(article)
            parts.append(title)
            parts.append(_BODY)
            parts.append(_PARAGRAPH.join(paragraphs))
            parts.append(_DOC)
        tokens = np.concatenate([vocab.encode_text(piece) for piece in _pieces(parts)])
        breaks = tokens == SEP_CLAUSE
        stream = tokens[~breaks]
        clause_starts = (np.flatnonzero(breaks) - np.arange(np.count_nonzero(breaks))).astype(np.int32)
        del tokens, breaks
        doc_ends = np.flatnonzero(stream == SEP_DOC)
        doc_starts = np.concatenate([[0], doc_ends + 1]).astype(np.int32)
        body_starts = (np.flatnonzero(stream == SEP_BODY) + 1).astype(np.int32)
        folded = vocab.term_to_folded[stream]
        vocab_size = len(vocab.folded)
        order = group_positions(folded)
        counts = np.bincount(folded, minlength=vocab_size)
        offsets = np.zeros(vocab_size + 1, dtype=np.int64)
        np.cumsum(counts, out=offsets[1:])
        doc_of_position = np.repeat(np.arange(len(body_starts), dtype=np.int32), np.diff(doc_starts))
        df = _document_frequencies(np.repeat(np.arange(vocab_size, dtype=np.int32), counts), doc_of_position[order], vocab_size)
        return cls(doc_base, stream, order, offsets, doc_starts, body_starts, df, clause_starts)


#: Characters tokenised by one regex call.  A regex call (and the look-up of its tokens)
#: holds the GIL from start to end: on a whole batch it stalled the explorer's event loop
#: for 100 ms and more while a corpus loaded; pieces this size take a few milliseconds.
TOKENIZE_CHARS = 1 << 18


def _pieces(parts: list[str]):
    """``parts`` joined into strings of about :data:`TOKENIZE_CHARS` characters.  Cut only
    between parts: each separator part starts and ends with a space, so no token spans a cut."""
    piece: list[str] = []
    size = 0
    for part in parts:
        piece.append(part)
        size += len(part)
        if size >= TOKENIZE_CHARS:
            yield "".join(piece)
            piece, size = [], 0
    yield "".join(piece)


def _doc_blocks(doc_starts: np.ndarray) -> np.ndarray:
    """Document of the first position of each block."""
    block_starts = np.arange(0, int(doc_starts[-1]) + 1, 1 << BLOCK_SHIFT)
    return (np.searchsorted(doc_starts, block_starts, side="right") - 1).astype(np.int32)


def group_positions(keys: np.ndarray) -> np.ndarray:
    """Positions ordered by key, ascending positions within a key (a stable
    argsort), as two 16-bit radix passes: numpy radix-sorts 16-bit keys in
    linear time but falls back to a comparison sort for wider ones."""
    if len(keys) == 0 or int(keys.max()) < 1 << 16:
        return np.argsort(keys.astype(np.uint16), kind="stable").astype(np.int32)
    by_low = np.argsort((keys & 0xFFFF).astype(np.uint16), kind="stable")
    by_high = np.argsort((keys[by_low] >> 16).astype(np.uint16), kind="stable")
    return by_low[by_high].astype(np.int32)


def _document_frequencies(folded_sorted: np.ndarray, docs_sorted: np.ndarray, vocab_size: int) -> np.ndarray:
    """Number of documents containing each folded term (pairs sorted by term, then position)."""
    if len(folded_sorted) == 0:
        return np.zeros(vocab_size, dtype=np.int32)
    first = np.empty(len(folded_sorted), dtype=bool)
    first[0] = True
    first[1:] = (folded_sorted[1:] != folded_sorted[:-1]) | (docs_sorted[1:] != docs_sorted[:-1])
    return np.bincount(folded_sorted[first], minlength=vocab_size).astype(np.int32)


def _padded(array: np.ndarray, size: int) -> np.ndarray:
    if len(array) >= size:
        return array
    return np.concatenate([array, np.zeros(size - len(array), dtype=array.dtype)])


def merge_segments(parts: Sequence[Segment], directory: str | os.PathLike[str] | None = None) -> Segment:
    """One segment holding ``parts`` in order, each position copied once: in
    the merged postings, each term's group is the concatenation of that
    term's groups in the parts (positions shifted by the parts before).

    Postings are moved a slice of whole term groups at a time
    (:data:`MERGE_CHUNK` positions or so), so the temporaries of a merge stay
    small whatever the size of the parts: the peak of a cold load is the
    merged segment beside its parts, not several copies of the largest part.
    With a ``directory``, a merged segment of :data:`DISK_MIN_POSITIONS` or more
    is written there and mapped (see :func:`_merge_to_disk`)."""
    if directory is not None and sum(len(part.stream) for part in parts) >= DISK_MIN_POSITIONS:
        try:
            return _merge_to_disk(parts, directory)
        except OSError:
            pass  # a full or read-only cache disk: merged in memory, as without one
    size = max(len(part.offsets) for part in parts)
    counts = [np.diff(_extended(part.offsets, size)) for part in parts]
    offsets = np.zeros(size, dtype=np.int64)
    np.cumsum(sum(counts), out=offsets[1:])
    postings = np.empty(int(offsets[-1]), dtype=np.int32)
    before = offsets[:-1].copy()  # where each term's next part goes
    shift = 0
    doc_starts, body_starts, clause_starts, df = [], [], [], np.zeros(size - 1, dtype=np.int32)
    for part, count in zip(parts, counts):
        _move_postings(part, _extended(part.offsets, size), before, postings, shift)
        before += count
        doc_starts.append(part.doc_starts[:-1] + shift)
        body_starts.append(part.body_starts + shift)
        clause_starts.append(part.clause_starts + shift)
        df += _padded(part.df, size - 1)
        shift += len(part.stream)
    starts = np.concatenate([*doc_starts, [shift]]).astype(np.int32)
    return Segment(
        doc_base=parts[0].doc_base,
        stream=np.concatenate([part.stream for part in parts]),
        postings=postings,
        offsets=offsets,
        doc_starts=starts,
        body_starts=np.concatenate(body_starts).astype(np.int32),
        df=df,
        clause_starts=np.concatenate(clause_starts).astype(np.int32),
    )


#: Positions moved at once by a merge (a few MB of temporaries).
MERGE_CHUNK = 1 << 18
#: A merged segment of this many positions or more is written to the cache disk and
#: mapped, when the store has a directory for it (16 MB per array).
DISK_MIN_POSITIONS = 1 << 22
#: While a merge reads mapped parts, their pages are let go after about this many positions.
RELEASE_EVERY = 1 << 22


def _merge_to_disk(parts: Sequence[Segment], directory: str | os.PathLike[str]) -> Segment:
    """:func:`merge_segments` writing the stream and the postings to unnamed temporary
    files in ``directory`` (gone once unmapped, even after a crash) and mapping them.

    The postings are written in order, a slice of whole term groups at a time, each
    slice gathered from every part (see :class:`StreamedMerge`); parts that are mapped
    themselves are let go of as they are read.  A cold load of the real corpus then holds
    the small recent segments in memory, not the whole index beside its largest merge (~200 MB)."""
    merge = StreamedMerge(parts)
    with tempfile.TemporaryFile(dir=directory) as postings_file, tempfile.TemporaryFile(dir=directory) as stream_file:
        for chunk in merge.postings():
            postings_file.write(memoryview(chunk).cast("B"))
        for chunk in merge.stream():
            stream_file.write(memoryview(chunk).cast("B"))
        postings_file.flush()
        stream_file.flush()
        postings = _mapped(postings_file, int(merge.offsets[-1]))
        stream = _mapped(stream_file, merge.positions)
    return Segment(doc_base=parts[0].doc_base, stream=stream, postings=postings, **merge.small_arrays())


class StreamedMerge:
    """The segment :func:`merge_segments` makes of ``parts``, given as its small arrays
    and, for its stream and postings, slices made in order (a few MB each): for writing
    the merged segment out (to a mapped file, or to a cache entry) without ever holding
    it whole.  Mapped parts' pages are let go of as they are read."""

    def __init__(self, parts: Sequence[Segment]) -> None:
        self.parts = parts
        size = max(len(part.offsets) for part in parts)
        self._extended = [_extended(part.offsets, size) for part in parts]
        self.offsets = np.zeros(size, dtype=np.int64)
        for part_offsets in self._extended:
            self.offsets += part_offsets
        self._shifts = np.cumsum([0] + [len(part.stream) for part in parts]).tolist()
        #: Positions of the merged segment.
        self.positions = int(self._shifts[-1])

    def small_arrays(self) -> dict[str, np.ndarray]:
        """The merged segment's offsets, document, body and clause starts and document frequencies."""
        parts, shifts, size = self.parts, self._shifts, len(self.offsets)
        return {
            "offsets": self.offsets,
            "doc_starts": np.concatenate([*(part.doc_starts[:-1] + shift for part, shift in zip(parts, shifts)),
                                          [shifts[-1]]]).astype(np.int32),
            "body_starts": np.concatenate([part.body_starts + shift for part, shift in zip(parts, shifts)]).astype(np.int32),
            "df": sum((_padded(part.df, size - 1) for part in parts), np.zeros(size - 1, dtype=np.int32)),
            "clause_starts": np.concatenate([part.clause_starts + shift for part, shift in zip(parts, shifts)]).astype(np.int32),
        }

    def stream(self):
        """The merged stream: the parts' streams in order."""
        for part in self.parts:
            for start in range(0, len(part.stream), RELEASE_EVERY):
                yield np.ascontiguousarray(part.stream[start : start + RELEASE_EVERY])
                release_mapped_pages(part.stream)

    def postings(self):
        """The merged postings, a slice of whole term groups at a time (each term's group
        is its groups in the parts, in order, shifted by the positions before)."""
        parts, offsets, terms = self.parts, self.offsets, len(self.offsets) - 1
        first = moved = 0
        while first < terms:
            last = int(np.searchsorted(offsets, offsets[first] + MERGE_CHUNK, side="right")) - 1
            last = min(max(last, first + 1), terms)
            start, end = int(offsets[first]), int(offsets[last])
            if end > start:
                chunk = np.empty(end - start, dtype=np.int32)
                destination = offsets[first:last] - start  # where each term's next part goes
                for part, part_offsets, shift in zip(parts, self._extended, self._shifts):
                    source_start, source_end = int(part_offsets[first]), int(part_offsets[last])
                    if source_end > source_start:
                        count = np.diff(part_offsets[first : last + 1])
                        where = np.repeat(destination - part_offsets[first:last], count)
                        where += np.arange(source_start, source_end, dtype=np.int64)
                        chunk[where] = part.postings[source_start:source_end] + np.int32(shift)
                        destination += count
                yield chunk
                moved += end - start
                if moved >= RELEASE_EVERY:
                    moved = 0
                    for part in parts:
                        release_mapped_pages(part.postings)
            first = last
        for part in parts:
            release_mapped_pages(part.postings)


def _mapped(handle, length: int) -> np.ndarray:
    """The int32 array written to ``handle``, mapped read-only (a plain view of the map:
    slicing an ``np.memmap`` runs Python code each time)."""
    if length == 0:
        return np.zeros(0, dtype=np.int32)
    return np.asarray(np.memmap(handle, dtype=np.int32, mode="r", shape=(length,)))


def _move_postings(part: Segment, part_offsets: np.ndarray, before: np.ndarray, postings: np.ndarray,
                   shift: int) -> None:
    """Copy ``part``'s postings into the merged ``postings``: term ``t``'s group goes
    to ``before[t]`` onwards, each position shifted by ``shift``."""
    terms = len(part_offsets) - 1
    delta = before - part_offsets[:-1]  # destination minus source, per term
    first = 0
    while first < terms:
        # whole term groups, up to about MERGE_CHUNK positions (at least one group)
        last = int(np.searchsorted(part_offsets, part_offsets[first] + MERGE_CHUNK, side="right")) - 1
        last = min(max(last, first + 1), terms)
        start, end = int(part_offsets[first]), int(part_offsets[last])
        if end > start:
            where = np.repeat(delta[first:last], np.diff(part_offsets[first : last + 1]))
            where += np.arange(start, end, dtype=np.int64)
            postings[where] = part.postings[start:end] + np.int32(shift)
        first = last


def _extended(offsets: np.ndarray, size: int) -> np.ndarray:
    """Offsets of a segment built with a smaller vocabulary, padded (empty groups)."""
    if len(offsets) >= size:
        return offsets
    return np.concatenate([offsets, np.full(size - len(offsets), offsets[-1], dtype=offsets.dtype)])


@dataclass(frozen=True, slots=True)
class IndexState:
    """What one search sees: published atomically by :class:`Store` after each batch."""

    segments: tuple[Segment, ...]
    doc_count: int
    folded_count: int
    term_to_folded: np.ndarray
    df: np.ndarray
    collection_freq: np.ndarray
    body_tokens: int


class Store:
    """Segments plus vocabulary; ``add`` is serialised, readers use :attr:`state`."""

    def __init__(self) -> None:
        self.vocab = Vocabulary()
        #: Where large merged segments are written and mapped (None: they stay in memory).
        self.merge_directory: str | os.PathLike[str] | None = None
        self._lock = threading.Lock()
        self._sorted_lock = threading.Lock()
        self._sorted: tuple[int, SortedVocabulary] | None = None
        self._by_folded: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        self._terms: list[str] = []
        self.state = IndexState((), 0, len(self.vocab.folded), self.vocab.term_to_folded, np.zeros(0, np.int32), np.zeros(0, np.int64), 0)

    def add(self, articles: Sequence[Article]) -> None:
        with self._lock:
            state = self.state
            segments = list(state.segments)
            doc_count = state.doc_count
            totals = _Totals(state.df, state.collection_freq, state.body_tokens)
            pending: list[Segment] = []
            for batch in _batches(articles):
                pending.append(Segment.from_articles(batch, self.vocab, doc_count))
                totals.add(pending[-1])
                doc_count += len(batch)
                if len(pending) == MERGE_FAN_IN:
                    _append_merged(segments, pending, self.merge_directory)
                    pending = []
            if pending:
                _append_merged(segments, pending, self.merge_directory)
            _merge_tail(segments, self.merge_directory)
            indexed_chars = sum(len(a.text) for a in articles)
            self.state = totals.state(tuple(segments), doc_count, self.vocab)
        if indexed_chars >= RELEASE_AFTER_CHARS:
            release_freed_memory()

    def _summarise(self, segments: tuple[Segment, ...], doc_count: int) -> IndexState:
        """The state of ``segments`` with totals counted afresh (e.g. restored from a cache)."""
        totals = _Totals(np.zeros(0, np.int32), np.zeros(0, np.int64), 0)
        for segment in segments:
            totals.add(segment)
        return totals.state(segments, doc_count, self.vocab)

    def term_text(self, term_id: int) -> str:
        """The lower-case token of a term id (term ids follow insertion order)."""
        terms = self._terms
        if term_id >= len(terms):
            with self._sorted_lock:
                terms = self._terms = list(self.vocab.term_ids)
        return terms[term_id]

    def terms_by_folded(self, state: IndexState) -> tuple[np.ndarray, np.ndarray]:
        """The term ids of ``state`` grouped by folded id (ascending within a group), and
        where each folded id's group starts (one more entry than folded ids): the terms
        a folded word stands for, without a pass over every term (cached per state)."""
        cached = self._by_folded
        if cached is None or cached[0] is not state.term_to_folded or len(cached[2]) != state.folded_count + 1:
            order = np.argsort(state.term_to_folded, kind="stable")
            starts = np.searchsorted(state.term_to_folded[order], np.arange(state.folded_count + 1))
            cached = self._by_folded = (state.term_to_folded, order, starts)
        return cached[1], cached[2]

    def sorted_vocabulary(self, state: IndexState) -> SortedVocabulary:
        """The folded vocabulary in sorted order, as of ``state`` (cached)."""
        cached = self._sorted
        if cached is not None and cached[0] >= state.folded_count:
            return cached[1]
        with self._sorted_lock:
            cached = self._sorted
            if cached is None or cached[0] < state.folded_count:
                cached = (state.folded_count, SortedVocabulary(self.vocab.folded[: state.folded_count]))
                self._sorted = cached
            return cached[1]


class _Totals:
    """Corpus-wide document and collection frequencies, kept up to date batch by
    batch (work proportional to the vocabulary, not to the number of segments)."""

    def __init__(self, df: np.ndarray, freq: np.ndarray, body_tokens: int) -> None:
        self.df = df.copy()
        self.freq = freq.copy()
        self.body_tokens = body_tokens

    def add(self, segment: Segment) -> None:
        size = max(len(self.df), len(segment.df))
        self.df = _padded(self.df, size)
        self.freq = _padded(self.freq, size)
        self.df[: len(segment.df)] += segment.df
        self.freq[: len(segment.offsets) - 1] += np.diff(segment.offsets)
        self.body_tokens += int(segment.body_lengths().sum())

    def state(self, segments: tuple[Segment, ...], doc_count: int, vocab: Vocabulary) -> IndexState:
        size = len(vocab.folded)
        return IndexState(
            segments, doc_count, size, vocab.term_to_folded,
            _padded(self.df, size), _padded(self.freq, size), self.body_tokens,
        )


def _batches(articles: Sequence[Article]):
    batch: list[Article] = []
    chars = 0
    for article in articles:
        batch.append(article)
        chars += len(article.text)
        if chars >= BATCH_CHARS:
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch


def _append_merged(segments: list[Segment], pending: list[Segment], directory=None) -> None:
    segments.append(pending[0] if len(pending) == 1 else merge_segments(pending, directory))


def release_mapped_pages(array: np.ndarray) -> None:
    """Let go of this process's view of the pages of a memory-mapped array read
    through once (grouping syndicated stories reads every position): they stay in
    the kernel's page cache, read again from there if asked, but no longer count as
    this process's resident memory.  A no-op for an array in memory."""
    mapped = None
    while array is not None and mapped is None:  # a view's mapping is its base's (np.load's memmap)
        mapped = array if isinstance(array, mmap.mmap) else getattr(array, "_mmap", None)
        array = getattr(array, "base", None)
    if mapped is not None and hasattr(mmap, "MADV_DONTNEED"):
        try:
            mapped.madvise(mmap.MADV_DONTNEED)
        except (OSError, ValueError):
            pass


def _merge_tail(segments: list[Segment], directory=None) -> None:
    """Merge, all at once, the newest segments from the oldest one that is at
    most twice the size of all those after it: sizes stay geometric (so the
    count stays logarithmic) and a position is copied once per merge."""
    after = 0
    first = None
    for i in range(len(segments) - 1, -1, -1):
        size = len(segments[i].stream)
        if i < len(segments) - 1 and size <= 2 * after:
            first = i
        after += size
    if first is not None:
        merged = merge_segments(segments[first:], directory)
        del segments[first:]
        segments.append(merged)