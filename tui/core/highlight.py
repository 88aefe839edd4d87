"""Match spans and snippets for one article, by the same rules as the index.

The index ranks documents from positions alone; character offsets are
computed here, only for the articles shown, by re-tokenizing their folded
text.  Folding is 1:1, so an offset in folded text is an offset in the
original NFC text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

import numpy as np

from .model import Article
from .query import (
    EXACT_WEIGHT,
    PREFIX_WEIGHT,
    TYPO_WEIGHT,
    QueryTerm,
    pinned_budget,
    typo_budget,
    within_edits,
)
from .text import _FOLD_TABLE, TOKEN_RE


def _fold_lookup() -> np.ndarray:
    table = np.arange(max(_FOLD_TABLE) + 1, dtype=np.uint32)
    for code, folded in _FOLD_TABLE.items():
        table[code] = ord(folded)
    return table


_FOLD_LOOKUP = _fold_lookup()


def fold_fast(text: str) -> str:
    """Same result as :func:`tui.core.text.fold`, ~8x faster on article-sized text
    (one numpy table look-up per code point instead of a dict look-up): the
    highlighter folds every article it shows."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    size = len(_FOLD_LOOKUP)
    folded = np.where(codes < size, _FOLD_LOOKUP[np.minimum(codes, size - 1)], codes)
    return folded.astype(np.uint32).tobytes().decode("utf-32-le")


SNIPPET_CHARS = 160
SNIPPET_LEAD = 50


@dataclass(slots=True)
class MatchSpan:
    """A matched stretch of ``article.title`` (field ``"title"``) or ``article.text`` (``"body"``)."""

    field: str
    start: int
    end: int


_WORD_CLASS = r"[^\W_]"


@dataclass(slots=True)
class _Match:
    """A token matching at least one query term, located in its paragraph."""

    index: int  # token number within the paragraph
    start: int
    end: int
    weights: tuple[float, ...]


class _TermMatcher:
    """Weight of a folded token for each query term (cached per distinct token)."""

    def __init__(self, terms: list[QueryTerm], typo_words: list[set[str]]) -> None:
        self.terms = terms
        self.typo_words = typo_words
        self._cache: dict[str, tuple[float, ...]] = {}
        alternatives = sorted({re.escape(t.folded) for t in terms} | {re.escape(w) for ws in typo_words for w in ws}, key=len, reverse=True)
        prefixes = [re.escape(t.folded) + _WORD_CLASS + "*" for t in terms if t.prefix]
        self.pattern = re.compile(f"(?<!{_WORD_CLASS})(?:{'|'.join(prefixes + alternatives)})(?!{_WORD_CLASS})")

    def weights(self, token: str) -> tuple[float, ...]:
        cached = self._cache.get(token)
        if cached is None:
            cached = self._cache[token] = tuple(self._weight(token, t, w) for t, w in zip(self.terms, self.typo_words))
        return cached

    @staticmethod
    def _weight(token: str, term: QueryTerm, typo_words: set[str]) -> float:
        if token == term.folded:
            return EXACT_WEIGHT
        if term.prefix and token.startswith(term.folded):
            return PREFIX_WEIGHT
        if token in typo_words:
            return TYPO_WEIGHT
        return 0.0


class _Paragraph:
    """The matching tokens of one paragraph, with the other tokens between them
    read only when a phrase needs them."""

    def __init__(self, folded: str, start: int, end: int, found: list[re.Match], matcher: _TermMatcher) -> None:
        self.folded = folded
        self.matches: list[_Match] = []
        self._gaps: list[tuple[int, int, int]] = []  # (first token index, char start, char end)
        index = 0
        previous = start
        for m in found:
            gap_count = len(TOKEN_RE.findall(folded, previous, m.start()))
            if gap_count:
                self._gaps.append((index, previous, m.start()))
            index += gap_count
            self.matches.append(_Match(index, m.start(), m.end(), matcher.weights(m.group())))
            index += 1
            previous = m.end()
        self._gaps.append((index, previous, end))

    def token_at(self, index: int) -> tuple[int, int, str] | None:
        """(start, end, folded word) of the token numbered ``index``, if it exists."""
        if index < 0:
            return None
        for first, a, b in reversed(self._gaps):
            if first <= index:
                for n, m in enumerate(TOKEN_RE.finditer(self.folded, a, b)):
                    if first + n == index:
                        return m.start(), m.end(), m.group()
                return None
        return None


def _phrase_spans(paragraph: _Paragraph, terms: list[QueryTerm]) -> list[tuple[int, int]]:
    """(start, end) of each place where the terms occur in order, consecutively,
    allowing one mistyped term that its neighbours pin in place."""
    n = len(terms)
    by_index = {m.index: m for m in paragraph.matches}
    starts = sorted({m.index - i for m in paragraph.matches for i in range(n) if m.weights[i] > 0})
    found: list[tuple[int, int]] = []
    next_free = -1
    for s in starts:
        if s < next_free:
            continue
        span = _phrase_at(paragraph, by_index, terms, s)
        if span is not None:
            found.append(span)
            next_free = s + n
    return found


def _phrase_at(paragraph: _Paragraph, by_index: dict[int, _Match], terms: list[QueryTerm], s: int) -> tuple[int, int] | None:
    n = len(terms)
    missing = [i for i in range(n) if (m := by_index.get(s + i)) is None or m.weights[i] == 0.0]
    if len(missing) > 1:
        return None
    bounds: dict[int, tuple[int, int]] = {i: (by_index[s + i].start, by_index[s + i].end) for i in range(n) if i not in missing}
    for i in missing:
        token = by_index.get(s + i)
        found = (token.start, token.end, paragraph.folded[token.start : token.end]) if token else paragraph.token_at(s + i)
        if found is None or not within_edits(found[2], terms[i].folded, pinned_budget(terms[i].folded)):
            return None
        bounds[i] = (found[0], found[1])
    return bounds[0][0], bounds[n - 1][1]


def _paragraphs(words: "_ArticleWords", matcher: _TermMatcher, found: list[re.Match]) -> list[tuple[str, int, _Paragraph]]:
    """(field, offset of the field in the folded article, paragraph) for the
    title and each body paragraph with a match (matches elsewhere are dropped)."""
    shift = words.text_offset
    bounds = [("title", 0, 0, len(words.article.title))]
    bounds += [("body", shift, s + shift, e + shift) for s, e in words.article.body_spans()]
    starts = [b[2] for b in bounds]
    grouped: dict[int, list[re.Match]] = {}
    for m in found:
        k = bisect_right(starts, m.start()) - 1
        if k >= 0 and m.end() <= bounds[k][3]:
            grouped.setdefault(k, []).append(m)
    return [
        (bounds[k][0], bounds[k][1], _Paragraph(words.folded, bounds[k][2], bounds[k][3], ms, matcher))
        for k, ms in sorted(grouped.items())
    ]


_VOWELS = frozenset("aeiouy")
#: Longest term tried as joined syllables: three syllables of at most 7
#: letters (``nghieng``), with room to spare.  Longer terms are not split (the
#: cut points tried grow with the square of the length).
MAX_JOINED_CHARS = 24


def split_joined(term: QueryTerm, known) -> list[QueryTerm] | None:
    """Split a term typed without its spaces (``hanoi``) into known syllables
    (``ha noi``); two parts preferred, then three.  Every Vietnamese syllable
    has a vowel, so ``hoav`` is not ``hoa v``.  ``None`` if no split works."""
    folded = term.folded
    if len(folded) > MAX_JOINED_CHARS:
        return None
    for cuts in _cut_points(len(folded)):
        bounds = (0, *cuts, len(folded))
        parts = [folded[a:b] for a, b in zip(bounds, bounds[1:])]
        if all(p in known and _VOWELS.intersection(p) for p in parts):
            return [QueryTerm(term.text[a:b], folded[a:b], literal=True) for a, b in zip(bounds, bounds[1:])]
    return None


def _cut_points(length: int) -> list[tuple[int, ...]]:
    two = [(i,) for i in range(1, length)]
    three = [(i, j) for i in range(1, length - 1) for j in range(i + 1, length)]
    return two + three


class _ArticleWords:
    """The folded article (title, newline, text), folded once per article; its
    set of words is read only if a rule needs it."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self.folded = fold_fast(article.title + "\n" + article.text)
        self.text_offset = len(article.title) + 1
        self._words: set[str] | None = None

    @property
    def words(self) -> set[str]:
        if self._words is None:
            self._words = set(TOKEN_RE.findall(self.folded))
        return self._words



def _present(matcher: _TermMatcher, found: list[re.Match]) -> list[bool]:
    """Which terms occur in the article (as typed or as prefix)."""
    present = [False] * len(matcher.terms)
    for m in found:
        for i, weight in enumerate(matcher.weights(m.group())):
            present[i] = present[i] or weight > 0
    return present


def _expand_terms(words: _ArticleWords, terms: list[QueryTerm], present: list[bool]) -> list[QueryTerm]:
    """Replace terms the article lacks by their joined-syllable split, if it has one."""
    expanded: list[QueryTerm] = []
    for term, here in zip(terms, present):
        split = None
        if not here and not term.literal and len(term.folded) >= 3:
            split = split_joined(term, words.words)
        expanded.extend(split or [term])
    return expanded


def _typo_words(words: _ArticleWords, terms: list[QueryTerm], present: list[bool]) -> list[set[str]]:
    """Words matched by edit distance, for each term the article lacks as typed."""
    out: list[set[str]] = []
    for term, here in zip(terms, present):
        budget = 0 if term.literal else typo_budget(term.folded)
        if budget and not here:
            out.append({w for w in words.words if within_edits(w, term.folded, budget)})
        else:
            out.append(set())
    return out


def _match_terms(words: _ArticleWords, terms: list[QueryTerm]) -> tuple[list[QueryTerm], _TermMatcher, list[re.Match]]:
    """Terms as matched in this article (joined syllables split where the
    article has them apart), their matcher, and every matching token."""
    matcher = _TermMatcher(terms, [set() for _ in terms])
    found = list(matcher.pattern.finditer(words.folded))
    present = _present(matcher, found)
    if all(present):
        return terms, matcher, found
    terms = _expand_terms(words, terms, present)
    if len(terms) != len(present):
        matcher = _TermMatcher(terms, [set() for _ in terms])
        present = _present(matcher, list(matcher.pattern.finditer(words.folded)))
    matcher = _TermMatcher(terms, _typo_words(words, terms, present))
    return terms, matcher, list(matcher.pattern.finditer(words.folded))


def article_matches(article: Article, terms: list[QueryTerm]) -> list[MatchSpan]:
    """Match spans of ``terms`` in ``article``, per field: the whole query as a
    phrase where it occurs as one, else every matching word.  Terms the article
    lacks are tried as joined syllables, then (4+ letters) by edit distance."""
    if not terms:
        return []
    words = _ArticleWords(article)
    terms, matcher, found = _match_terms(words, terms)
    phrases: dict[str, list[MatchSpan]] = {"title": [], "body": []}
    singles: dict[str, list[MatchSpan]] = {"title": [], "body": []}
    for field_name, shift, paragraph in _paragraphs(words, matcher, found):
        if len(terms) > 1 and len(paragraph.matches) >= len(terms) - 1:
            phrases[field_name] += [MatchSpan(field_name, a - shift, b - shift) for a, b in _phrase_spans(paragraph, terms)]
        singles[field_name] += [MatchSpan(field_name, m.start - shift, m.end - shift) for m in paragraph.matches]
    return (phrases["title"] or singles["title"]) + (phrases["body"] or singles["body"])


def snippet(article: Article, spans: list[MatchSpan]) -> tuple[str, list[tuple[int, int]]]:
    """One line of body text around the first body match, and the match spans within it."""
    body = sorted((s.start, s.end) for s in spans if s.field == "body")
    paragraphs = article.body_spans()
    if not paragraphs:
        return "", []
    if body:
        first = body[0]
        para_start, para_end = next(((a, b) for a, b in paragraphs if a <= first[0] < b), paragraphs[0])
        start = max(para_start, first[0] - SNIPPET_LEAD)
        if start > para_start:
            space = article.text.find(" ", start, first[0])
            start = space + 1 if space >= 0 else start
    else:
        para_start, para_end = paragraphs[0]
        start = para_start
    end = min(para_end, start + SNIPPET_CHARS)
    if end < para_end:
        space = article.text.rfind(" ", start, end)
        end = space if space > start else end
    prefix = "…" if start > para_start else ""
    suffix = "…" if end < para_end else ""
    text = prefix + article.text[start:end].replace("\n", " ") + suffix
    shift = len(prefix) - start
    inside = [(max(a, start) + shift, min(b, end) + shift) for a, b in body if a < end and b > start]
    return text, inside
