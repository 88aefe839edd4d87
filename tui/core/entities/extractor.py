"""The extractor: an article in, its mentions out (scanner, dates, canonical names)."""

from __future__ import annotations

import gc
import re
import sys
from collections.abc import Iterable
from functools import lru_cache
from typing import Final

from ..model import Article
from .acronyms import common_noun_acronyms
from .bylines import mark_photo_credits, mark_reporting_credits
from .dates import find_dates
from .gazetteer import load_gazetteer, vkey
from .lexicon import MEMO_SIZE
from .merging import resolve_names
from .mention import Candidate, Mention, MentionRow
from .native import compiled_extractor
from .scanner import Scanner


@lru_cache(maxsize=1)
def rules_fingerprint() -> str:
    """A hash of the extraction rules and word lists: mentions cached by an earlier
    version of them must be extracted again."""
    import hashlib
    from importlib import resources

    digest = hashlib.sha256()
    package = resources.files("tui.core.entities")
    for folder in (package, package.joinpath("data")):
        for item in sorted(folder.iterdir(), key=lambda p: p.name):
            if item.name.endswith((".py", ".txt")):
                digest.update(item.name.encode() + item.read_bytes())
    return digest.hexdigest()[:16]


class EntityExtractor:
    """Finds the entities of an article.  Build once, reuse for many articles.

    ``extra`` adds names to the gazetteers per type (``{"PER": [...], "ORG": [...],
    "LOC": [...]}``); ``never`` lists names that are never reported.
    """

    def __init__(self, extra: dict[str, list[str]] | None = None, never: Iterable[str] = ()) -> None:
        never = list(never)
        self.gazetteer = load_gazetteer(extra, never)
        self.compiled = compiled_extractor(extra, never)  # these rules compiled, if installed so

    def extract(self, article: Article) -> list[Mention]:
        """Mentions of ``article`` sorted by start, with canonical names merged per article."""
        return [Mention(*row) for row in self.extract_rows(article)]

    def extract_rows(self, article: Article) -> list[MentionRow]:
        """:meth:`extract` as rows (:data:`.mention.MentionRow`), what the index packs.

        The garbage collector waits until the article is read: reading one makes thousands
        of short-lived objects (candidates, lists) and no cycle, and the collections they
        set off in the middle of an article found nothing to free (about a third of the
        collections' time in ``entities --spans`` on the real corpus)."""
        collecting = gc.isenabled()
        if collecting:
            gc.disable()
        try:
            if self.compiled is not None:
                try:
                    return self.compiled.extract_rows(article)
                except TypeError:  # a value the compiled code's type checks refuse: read it as written
                    pass
            return self.extract_plain(article)
        finally:
            if collecting:
                gc.enable()

    def extract_plain(self, article: Article) -> list[MentionRow]:
        """:meth:`extract_rows` by the rules as written (what the compiled copy does faster)."""
        original = article.text
        text = _scan_text(original)
        keyed = vkey(text)
        candidates: list[Candidate] = []
        acronyms: dict[str, str] = {}
        scanner = Scanner(self.gazetteer, text, keyed, candidates, acronyms)
        if " (" in text:
            scanner.plain_acronyms = common_noun_acronyms(text)
        for start, end, closing in _scan_ranges(article):
            scanner.scan(start, end, closing)
        year = _article_year(article)
        for date in find_dates(text, year):
            candidates.append(Candidate(date.start, date.end, "DATE", date.text, value=date.value))
        mark_photo_credits(candidates, text)
        mark_reporting_credits(candidates, text)
        resolved = resolve_names(candidates, acronyms, self.gazetteer, text)
        text = original
        related = article.related_start
        if related is None:
            related = len(text) + 1
        skipped = _skipped_ranges(article)
        if skipped:
            resolved = [c for c in resolved if not any(a <= c.start < b for a, b in skipped)]
        return _mentions(_in_text_order(resolved), text, related)


_JOINED_SYLLABLES_RE = re.compile(r"(?<=[^\W\d_])_(?=[^\W\d_])")


def _scan_text(text: str) -> str:
    """The text the rules read: word-segmented input joins the syllables of a word with
    underscores (``Hà_Nội``), which are read as spaces (same length, same offsets)."""
    return _JOINED_SYLLABLES_RE.sub(" ", text) if "_" in text else text


#: Lines at the end of an article up to this long may sign it (a byline, ``Theo Dân Việt``).
CLOSING_LINE_CHARS = 80


def _scan_ranges(article: Article) -> list[tuple[int, int, bool]]:
    """Paragraphs to read (everything but image file names), each with whether it is one
    of the short lines that close the article's own text, where bylines stand."""
    paragraphs = [p for p in article.paragraphs if p.kind != "image"]
    if not paragraphs:
        return [(0, len(article.text), len(article.text) <= CLOSING_LINE_CHARS)]
    closing_from = len(paragraphs)
    for number in range(len(paragraphs) - 1, -1, -1):
        p = paragraphs[number]
        if p.kind == "related":
            closing_from = number
            continue
        if p.end - p.start > CLOSING_LINE_CHARS:
            break
        closing_from = number
    return [(p.start, p.end, number >= closing_from and p.kind != "related") for number, p in enumerate(paragraphs)]


def _skipped_ranges(article: Article) -> list[tuple[int, int]]:
    return [(p.start, p.end) for p in article.paragraphs if p.kind == "image"]


def _article_year(article: Article) -> int | None:
    if article.date and re.match(r"\d{4}", article.date):
        return int(article.date[:4])
    return None


def _in_text_order(candidates: list[Candidate]) -> list[Candidate]:
    """``candidates`` sorted by start, the longest first at one start, the others in their order:
    what ``sorted(key=lambda c: (c.start, -c.end))`` gives.  They come in a few runs already in
    that order (the scanner's names, the dates, the names found again), so the runs are found
    and merged, two by two: a key function made a pair per candidate, and the calls and pairs
    cost more than the rest of :func:`_mentions`."""
    n = len(candidates)
    starts = [0] + [i for i in range(1, n) if _before(candidates[i], candidates[i - 1])]
    if len(starts) == 1:
        return candidates
    runs = [candidates[a:b] for a, b in zip(starts, starts[1:] + [n])]
    while len(runs) > 1:
        merged = [_merged(runs[i], runs[i + 1]) for i in range(0, len(runs) - 1, 2)]
        if len(runs) % 2:
            merged.append(runs[-1])
        runs = merged
    return runs[0]


def _before(a: Candidate, b: Candidate) -> bool:
    """Whether ``a`` comes strictly before ``b``: it starts earlier, or at the same place and is longer."""
    return a.start < b.start or (a.start == b.start and a.end > b.end)


def _merged(left: list[Candidate], right: list[Candidate]) -> list[Candidate]:
    """Two runs in text order merged into one, ``left``'s first where neither comes before the other."""
    merged: list[Candidate] = []
    i = j = 0
    while i < len(left) and j < len(right):
        if _before(right[j], left[i]):
            merged.append(right[j])
            j += 1
        else:
            merged.append(left[i])
            i += 1
    merged.extend(left[i:])
    merged.extend(right[j:])
    return merged


def _mentions(candidates: list[Candidate], text: str, related: int) -> list[MentionRow]:
    """The mentions of ``candidates`` (sorted by start, longest first) that overlap no
    earlier one, as rows; blocks told by ``related`` (where the related stories begin)."""
    mentions: list[MentionRow] = []
    last_end = -1
    for c in candidates:
        start = c.start
        if start < last_end:
            continue
        end = last_end = c.end
        name = _shared(c.name)
        surface = text[start:end]
        role = c.role
        mentions.append((
            start, end, c.kind, name if surface == name else _shared(surface), name,
            _shared(role) if role else None, "related" if start >= related else "main", c.value, c.credit,
        ))
    return mentions


#: Strings :func:`sys.intern` gave :func:`_shared`, by themselves (see :data:`.lexicon.MEMO_SIZE`).
_SHARED: Final[dict[str, str]] = {}


def _shared(string: str) -> str:
    """``sys.intern(string)``: the same names come back in every article, and one string each
    makes the index and the rows sent between processes smaller.  Remembered in a dictionary
    of its own, which the compiled rules read in place, where a call to ``sys.intern`` cost
    twice as much."""
    shared = _SHARED.get(string)
    if shared is None:
        if len(_SHARED) >= MEMO_SIZE:
            _SHARED.clear()
        shared = _SHARED[string] = sys.intern(string)
    return shared
