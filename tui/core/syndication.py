"""Syndicated stories: the same text in several papers (a wire story) or published twice.

Each article's body is cut into shingles — runs of :data:`SHINGLE` consecutive
syllables, folded (no case, no diacritics), read straight from the search
index's token stream, so nothing is tokenised again.  A fixed share of the
shingles is kept (those whose hash falls in one bucket of :data:`SAMPLE`: the
same shingles in every article, so the Jaccard similarity of the kept sets
estimates that of the whole ones).  Articles with similar sets are found with
``datasketch``'s MinHash LSH; each candidate pair is then checked on the exact
Jaccard similarity of the kept sets, and pairs at or above :data:`THRESHOLD`
are joined into groups (connected components).

The MinHash signatures are computed here with numpy, for every article at once,
exactly as ``datasketch.MinHash`` computes them (its "affine32" scheme: the
MurmurHash3 finaliser, then ``a·h + b`` mod 2³² per permutation, the minimum
kept) — its ``update_batch`` hashes value by value in Python, hundreds of times
slower on a corpus; a unit test holds the two equal.

The result, :class:`Syndication`, is one array: the group of each article (the
number of its group's first article; its own number when it has no copy).
Counting "each story once" keeps, of the articles of a set, one per group.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .index import FIRST_WORD_ID, release_mapped_pages

#: Syllables per shingle.
SHINGLE = 5
#: One shingle in SAMPLE is kept (a power of two).
SAMPLE = 4
#: Permutations of each MinHash signature.
NUM_PERM = 64
#: MinHash seed (datasketch's default).
SEED = 1
#: Exact Jaccard similarity of the kept shingles from which two articles are copies: chosen on
#: 85 pairs of the real corpus labelled by reading them first (``bench/syndication_pairs.tsv``):
#: precision 0.97, recall 0.73 there (0.5: 0.89 / 0.80; 0.6: 1.00 / 0.71); an article wrongly
#: folded into another's row is worse than a copy left apart.
THRESHOLD = 0.55
#: The LSH finds the candidate pairs from this similarity on (lower than :data:`THRESHOLD`, so
#: that it misses almost none: 251 of the 252 pairs at 0.55 on the real corpus, against about 215 at 0.55).
LSH_THRESHOLD = 0.35
#: Articles with fewer kept shingles than this (about 100 syllables: a caption, a stub, a
#: two-sentence brief) are never grouped: too little text to tell a story run again from a
#: template filled with other names and numbers (a weather or storm brief).
MIN_SHINGLES = 24
#: Tokens read from the index at a time (a run's temporary arrays take ~40 bytes a token: ~10 MB).
CHUNK_POSITIONS = 262_144
#: Articles read for the exact similarity of candidate pairs between two lets-go of the stream's pages.
RELEASE_EVERY = 64
#: Folded ids below this are the index's separators (paragraph, body, document, clause):
#: shingles are read over the words alone, as they were before clause breaks had a place.
_SENTINELS = FIRST_WORD_ID
#: Random odd 64-bit multipliers, one per syllable of a shingle: its hash is the top half of
#: ``sum(multiplier_i * syllable_i)`` mod 2^64 (a multilinear hash: distinct shingles rarely collide).
_MULTIPLIERS = np.random.default_rng(20260).integers(0, 1 << 63, SHINGLE, dtype=np.uint64) * np.uint64(2) + np.uint64(1)


def settings_fingerprint() -> str:
    """Cached groups are valid only for the same settings."""
    settings = json.dumps([SHINGLE, SAMPLE, NUM_PERM, SEED, THRESHOLD, LSH_THRESHOLD, MIN_SHINGLES, "affine32", 1])
    return hashlib.sha256(settings.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Syndication:
    """The group of every article: ``group[doc]`` is the smallest article number of
    the copies of ``doc`` (``doc`` itself when it has none)."""

    group: np.ndarray

    def __len__(self) -> int:
        return len(self.group)

    def sizes(self) -> np.ndarray:
        """Articles in the group of each article (1 when it has no copy)."""
        return np.bincount(self.group, minlength=len(self.group))[self.group]

    @property
    def grouped(self) -> int:
        """Articles that have at least one copy."""
        return int((self.sizes() > 1).sum())

    @property
    def groups(self) -> int:
        """Groups of two or more articles."""
        counts = np.bincount(self.group, minlength=len(self.group))
        return int((counts > 1).sum())

    def once(self, docs: Iterable[int], order: Callable[[int], Any] | None = None) -> list[int]:
        """``docs`` with each group counted once: of the articles of one group, the
        first by ``order``, else the first given; in the order given."""
        docs = list(docs)
        first: dict[int, int] = {}
        for doc in sorted(docs, key=order) if order is not None else docs:
            first.setdefault(int(self.group[doc]), doc)
        kept = set(first.values())
        return [doc for doc in docs if doc in kept]

    def first_of_each(self, docs: Sequence[int] | np.ndarray, key: np.ndarray | None = None) -> np.ndarray:
        """Of ``docs``, one article per group, in ascending number: the one with the
        smallest ``key[doc]`` (e.g. a day number per article, undated ones given a
        large value), ties and no ``key`` to the smallest number.  Vectorised, for
        counting large sets (a timeline of 60k articles) each story once."""
        docs = np.asarray(docs, dtype=np.int64)
        if not len(docs):
            return docs
        groups = self.group[docs]
        order = np.lexsort((docs, docs if key is None else np.asarray(key)[docs], groups))
        grouped = groups[order]
        first = np.concatenate([[True], grouped[1:] != grouped[:-1]])
        return np.sort(docs[order][first])

    def stories(self, docs: Iterable[int], articles: Any) -> list[int]:
        """``docs`` with each syndicated story once: its earliest dated article among
        them (undated ones after dated ones, then the first by number) — the article a
        timeline then counts, at the date the story first appeared."""
        return self.once(docs, order=lambda doc: _earliest(articles, doc))

    def story_count(self, docs: Iterable[int]) -> int:
        """How many stories (groups) ``docs`` hold."""
        docs = np.fromiter((int(d) for d in docs), dtype=np.int64)
        return int(len(np.unique(self.group[docs]))) if len(docs) else 0


def _earliest(articles: Any, doc: int) -> tuple[bool, str, int]:
    columns = getattr(articles, "columns", None)
    date = columns["date"][doc] if columns is not None else articles[doc].date
    return (not date, date or "", doc)


# -- shingles ---------------------------------------------------------------------------------


def segment_shingles(segment: Any, term_to_folded: np.ndarray) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """(document, shingle hash) of the kept body shingles of one index segment, a run
    of documents at a time (about :data:`CHUNK_POSITIONS` tokens: the temporary arrays
    stay a few tens of MB): document numbers global, sorted by document then hash,
    without repeats."""
    starts = np.asarray(segment.doc_starts)
    docs = len(starts) - 1
    first = 0
    while first < docs:
        last = int(np.searchsorted(starts, starts[first] + CHUNK_POSITIONS, side="right")) - 1
        last = min(max(last, first + 1), docs)
        yield _chunk_shingles(segment, term_to_folded, first, last)
        first = last


def _chunk_shingles(segment: Any, term_to_folded: np.ndarray, first: int, last: int) -> tuple[np.ndarray, np.ndarray]:
    """The kept shingles of the segment's documents ``first .. last-1``."""
    starts = np.asarray(segment.doc_starts[first : last + 1])
    lo = int(starts[0])
    folded = np.asarray(term_to_folded)[np.asarray(segment.stream[lo : int(starts[-1])])]
    doc_of = np.repeat(np.arange(first, last, dtype=np.int32), np.diff(starts))
    body = np.arange(lo, lo + len(folded), dtype=np.int32) >= np.asarray(segment.body_starts)[doc_of]
    body &= folded >= _SENTINELS
    words = folded[body].astype(np.uint64)
    doc_of = doc_of[body]
    windows = len(words) - SHINGLE + 1
    if windows <= 0:
        return np.zeros(0, np.int32), np.zeros(0, np.uint32)
    with np.errstate(over="ignore"):
        hashed = words[:windows] * _MULTIPLIERS[0]
        for i in range(1, SHINGLE):
            hashed += words[i : windows + i] * _MULTIPLIERS[i]
    hashed >>= np.uint64(32)
    kept = (hashed & np.uint64(SAMPLE - 1)) == 0
    kept &= doc_of[:windows] == doc_of[SHINGLE - 1 :]
    keys = (doc_of[:windows][kept].astype(np.uint64) << np.uint64(32)) | hashed[kept]
    keys.sort()
    if len(keys):
        keys = keys[np.concatenate([[True], keys[1:] != keys[:-1]])]
    return ((keys >> np.uint64(32)).astype(np.int32) + np.int32(segment.doc_base),
            (keys & np.uint64(0xFFFFFFFF)).astype(np.uint32))


def fmix32(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finaliser, as datasketch applies it before permuting."""
    with np.errstate(over="ignore"):
        values = values ^ (values >> np.uint32(16))
        values = values * np.uint32(0x85EBCA6B)
        values = values ^ (values >> np.uint32(13))
        values = values * np.uint32(0xC2B2AE35)
        return values ^ (values >> np.uint32(16))


def permutations(num_perm: int = NUM_PERM, seed: int = SEED) -> tuple[np.ndarray, np.ndarray]:
    """The (a, b) of datasketch's MinHash permutations for ``num_perm`` and ``seed`` (its
    "affine32" scheme: ``a`` odd), drawn here as it draws them (a unit test holds them
    equal): importing datasketch brings scipy, ~50 MB of the resident size of a process
    that groups stories (the explorer, once loaded)."""
    generator = np.random.RandomState(seed)
    a = generator.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = generator.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def signatures(hashes: np.ndarray, starts: np.ndarray, perms: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """MinHash signature (one row per set) of the sets ``hashes[starts[i]:starts[i+1]]``
    (the last to the end; none empty): what ``datasketch.MinHash.update_batch`` gives for
    the same values with an identity hash function.  Sets are taken a run at a time, so
    the temporary arrays stay a few MB."""
    a, b = perms
    out = np.empty((len(starts), len(a)), dtype=np.uint32)
    bounds = np.append(starts, len(hashes))
    first = 0
    while first < len(starts):
        last = int(np.searchsorted(bounds, bounds[first] + CHUNK_POSITIONS, side="right"))
        last = min(max(last, first + 1), len(starts))
        lo, hi = int(bounds[first]), int(bounds[last])
        mixed = fmix32(hashes[lo:hi].astype(np.uint32))
        local = (starts[first:last] - lo).astype(np.int64)
        with np.errstate(over="ignore"):
            for k in range(len(a)):
                out[first:last, k] = np.minimum.reduceat(mixed * a[k] + b[k], local)
        first = last
    return out


# -- groups -----------------------------------------------------------------------------------


def lsh_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows per band) that datasketch's ``MinHashLSH`` chooses for ``threshold``
    (weighing false positives and false negatives alike; a unit test holds them equal):
    the pair of least summed error, its two probabilities integrated as the library
    does, without scipy.  Each integrand is a polynomial of degree ``bands * rows``
    at most ``num_perm``, which Gauss-Legendre quadrature on ``num_perm // 2 + 1``
    nodes integrates exactly."""
    nodes, weights = np.polynomial.legendre.leggauss(num_perm // 2 + 1)

    def integral(values: Callable[[np.ndarray], np.ndarray], lo: float, hi: float) -> float:
        half = (hi - lo) / 2
        return half * float(np.dot(weights, values(half * nodes + (hi + lo) / 2)))

    least, chosen = float("inf"), (0, 0)
    for bands in range(1, num_perm + 1):
        for rows in range(1, num_perm // bands + 1):
            false_positive = integral(lambda s: 1 - (1 - s**rows) ** bands, 0.0, threshold)
            false_negative = integral(lambda s: (1 - s**rows) ** bands, threshold, 1.0)
            error = false_positive * 0.5 + false_negative * 0.5
            if error < least:
                least, chosen = error, (bands, rows)
    return chosen


def candidate_pairs(sigs: np.ndarray, keys: Sequence[int], threshold: float) -> set[tuple[int, int]]:
    """Pairs of keys whose signatures agree on a whole band, with the bands of
    datasketch's ``MinHashLSH`` for ``threshold``: the pairs its ``query`` returns
    (a unit test holds them equal).  Its index keeps a Python set per bucket —
    about 200 MB and 1.4 CPU s for the 38k articles of the real corpus — where a
    sort of each band's keys costs a few MB and milliseconds."""
    bands, rows = lsh_bands(threshold, sigs.shape[1])
    keys = np.asarray(keys)
    pairs: set[tuple[int, int]] = set()
    for band in range(bands):
        bucket = _band_keys(sigs[:, band * rows : (band + 1) * rows])
        order = np.argsort(bucket, kind="stable")
        ordered = bucket[order]
        starts = np.flatnonzero(np.concatenate([[True], ordered[1:] != ordered[:-1], [True]]))
        for lo, hi in zip(starts[:-1], starts[1:]):
            if hi - lo > 1:
                members = sorted(keys[order[lo:hi]].tolist())
                pairs.update((a, b) for i, a in enumerate(members) for b in members[i + 1 :])
    return pairs


def _band_keys(band: np.ndarray) -> np.ndarray:
    """One 64-bit key per row of a band (the rows' values hashed together)."""
    key = np.zeros(len(band), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for column in range(band.shape[1]):
            key = (key ^ band[:, column].astype(np.uint64)) * _MULTIPLIERS[column % SHINGLE]
    return key


def jaccard(first: np.ndarray, second: np.ndarray) -> float:
    """Exact Jaccard similarity of two sorted arrays without repeats."""
    common = len(np.intersect1d(first, second, assume_unique=True))
    return common / (len(first) + len(second) - common)


def join(count: int, pairs: Iterable[tuple[int, int]]) -> np.ndarray:
    """Connected components of ``pairs`` as each article's smallest group-mate."""
    parent = list(range(count))

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for first, second in pairs:
        r1, r2 = root(first), root(second)
        if r1 != r2:
            parent[max(r1, r2)] = min(r1, r2)
    return np.fromiter((root(x) for x in range(count)), dtype=np.int32, count=count)


def _runs(search_index: Any, on_step: Callable[[int], None]) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """(document, shingle hash) of the kept shingles of every article of ``search_index``,
    a run of articles at a time, in article order; ``on_step(articles done)`` after each."""
    state = search_index._store.state
    for segment in state.segments:
        for docs, found in segment_shingles(segment, state.term_to_folded):
            yield docs, found
            release_mapped_pages(segment.stream)  # each run read once: the explorer held them all
            if len(docs):
                on_step(int(docs[-1]) + 1)


@dataclass
class Sketches:
    """The MinHash signature of every article with at least :data:`MIN_SHINGLES` kept
    shingles: ``signatures[i]`` is article ``docs[i]``'s (``docs`` ascending)."""

    docs: np.ndarray
    signatures: np.ndarray


def corpus_sketches(search_index: Any, on_step: Callable[[int], None] = lambda doc: None) -> Sketches:
    """The signatures of the articles of ``search_index`` that can be grouped, signed a
    run of articles at a time: the shingles of the whole corpus (~22 MB on the real
    corpus, twice that while they were joined) are never held together, only each run's."""
    perms = permutations()
    docs: list[np.ndarray] = []
    rows: list[np.ndarray] = []
    for run_docs, hashes in _runs(search_index, on_step):
        if not len(run_docs):
            continue
        firsts = np.flatnonzero(np.concatenate([[True], run_docs[1:] != run_docs[:-1]]))
        sizes = np.diff(np.append(firsts, len(run_docs)))
        eligible = sizes >= MIN_SHINGLES
        if eligible.any():
            kept = sizes[eligible]
            rows.append(signatures(hashes[np.repeat(eligible, sizes)], np.cumsum(kept) - kept, perms))
            docs.append(run_docs[firsts[eligible]])
    if not docs:
        return Sketches(np.zeros(0, np.int32), np.zeros((0, len(perms[0])), np.uint32))
    return Sketches(np.concatenate(docs), np.concatenate(rows))


def doc_shingles(search_index: Any, doc: int) -> np.ndarray:
    """The kept shingles of article ``doc`` (sorted, no repeats): the same set as a run
    of articles gives it."""
    state = search_index._store.state
    segment = next(s for s in reversed(state.segments) if s.doc_base <= doc)
    local = doc - segment.doc_base
    return _chunk_shingles(segment, state.term_to_folded, local, local + 1)[1]


def scored_pairs(search_index: Any, threshold: float = LSH_THRESHOLD,
                 on_step: Callable[[int], None] = lambda doc: None) -> list[tuple[int, int, float]]:
    """Candidate pairs (LSH at ``threshold``) with their exact Jaccard similarity; the
    shingles of the articles of a pair are read again for it (a few hundred articles)."""
    sketches = corpus_sketches(search_index, on_step)
    if len(sketches.docs) < 2:
        return []
    pairs = sorted(candidate_pairs(sketches.signatures, sketches.docs.tolist(), threshold))
    del sketches
    shingles = _shingles_of(search_index, sorted({doc for pair in pairs for doc in pair}))
    return [(a, b, jaccard(shingles[a], shingles[b])) for a, b in pairs]


def _shingles_of(search_index: Any, docs: list[int]) -> dict[int, np.ndarray]:
    """The kept shingles of each of ``docs`` (ascending), the pages of the mapped stream
    let go every :data:`RELEASE_EVERY` articles: the articles of the candidate pairs are
    spread over the whole corpus, and reading them made most of the stream resident."""
    shingles = {}
    for number, doc in enumerate(docs, 1):
        shingles[doc] = doc_shingles(search_index, doc)
        if number % RELEASE_EVERY == 0 or number == len(docs):
            for segment in search_index._store.state.segments:
                release_mapped_pages(segment.stream)
    return shingles


def find_copies(search_index: Any, threshold: float = THRESHOLD,
                on_step: Callable[[int], None] = lambda doc: None) -> Syndication:
    """Group the articles of ``search_index`` whose bodies are near-duplicates;
    ``on_step(articles done)`` as they are read (it may raise to stop)."""
    count = search_index._store.state.doc_count
    scored = scored_pairs(search_index, min(LSH_THRESHOLD, threshold), on_step)
    return Syndication(join(count, [(a, b) for a, b, score in scored if score >= threshold]))


# -- a list with each story on one row --------------------------------------------------------


@dataclass(frozen=True)
class FoldedList:
    """A list of articles with each story on one row: ``docs`` are the rows (each
    story's first article, in the order given; the copies of an unfolded story right
    after it), ``copies[doc]`` how many copies of a row's story the list holds besides
    it, ``under[copy]`` the story's first article for each copy shown."""

    docs: Sequence[int]
    copies: dict[int, int]
    under: dict[int, int]

    def story_of(self, doc: int) -> int:
        """The row that stands for ``doc``'s story (itself, or the article it is listed under)."""
        return self.under.get(doc, doc)


def fold_list(docs: Sequence[int], copies: Syndication | None, unfolded: Iterable[int] = ()) -> FoldedList:
    """``docs`` with the copies of a story folded under its first article, except for the
    stories (group numbers) in ``unfolded``.  A list without copies is returned as it is
    (a ``range`` stays one); numpy does the work, so 60k rows cost milliseconds."""
    if copies is None or len(docs) < 2:
        return FoldedList(docs, {}, {})
    array = np.fromiter(docs, dtype=np.int64, count=len(docs)) if not isinstance(docs, np.ndarray) else docs
    if int(array.max()) >= len(copies):  # groups of another (or a smaller) corpus
        return FoldedList(docs, {}, {})
    groups = copies.group[array]
    _, first, counts = np.unique(groups, return_index=True, return_counts=True)
    if counts.max(initial=1) == 1:
        return FoldedList(docs, {}, {})
    keep = np.zeros(len(array), dtype=bool)
    keep[first] = True
    shared = first[counts > 1]
    extra = {int(array[i]): int(n) - 1 for i, n in zip(shared, counts[counts > 1])}
    unfolded = {int(g) for g in unfolded}
    open_groups = {int(groups[i]) for i in shared} & unfolded
    if not open_groups:
        return FoldedList(array[keep].tolist(), extra, {})
    members: dict[int, list[int]] = {g: [] for g in open_groups}
    for doc, group in zip(array.tolist(), groups.tolist()):
        if group in members:
            members[group].append(doc)
    rows: list[int] = []
    under: dict[int, int] = {}
    for doc, group in zip(array[keep].tolist(), groups[keep].tolist()):
        rows.append(doc)
        for copy in members.get(group, [])[1:]:
            rows.append(copy)
            under[copy] = doc
    return FoldedList(rows, extra, under)
