"""Match spans and snippets for one article, by the same rules as the index.

The index ranks documents from positions alone; character offsets are
computed here, only for the articles shown, by re-tokenizing their folded
text.  Folding is 1:1, so an offset in folded text is an offset in the
original NFC text.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

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
from .kernels import HASH_BASE, article_layout, first_of_each_word, fold_page, phrase_places, prefix_hashes
from .text import _FOLD_TABLE


def _fold_lookup() -> np.ndarray:
    """The folded code point of every code point of the Basic Multilingual Plane
    (every folded character is in it)."""
    table = np.arange(0x10000, dtype=np.uint32)
    for code, folded in _FOLD_TABLE.items():
        table[code] = ord(folded)
    return table


_FOLD_LOOKUP = _fold_lookup()


def fold_fast(text: str) -> str:
    """Same result as :func:`tui.core.text.fold`, ~8x faster on article-sized text
    (one numpy table look-up per code point instead of a dict look-up): the
    highlighter folds every article it shows."""
    return _folded_codes(text).tobytes().decode("utf-32-le")


def _folded_codes(text: str) -> np.ndarray:
    """The code points of ``fold(text)`` (uint32)."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    folded = _FOLD_LOOKUP.take(codes, mode="clip")
    if len(codes) and codes.max() > 0xFFFF:  # beyond the plane: unchanged
        high = codes > 0xFFFF
        folded[high] = codes[high]
    return folded


_WORD_TABLE: np.ndarray | None = None


def _word_table() -> np.ndarray:
    """Per code point of the Basic Multilingual Plane: a character of :data:`TOKEN_RE`
    (``[^\\W_]``: what ``str.isalnum`` accepts, as in the regex engine), built on first
    use (a few milliseconds)."""
    global _WORD_TABLE
    if _WORD_TABLE is None:
        _WORD_TABLE = np.array([chr(c).isalnum() for c in range(0x10000)], dtype=bool)
    return _WORD_TABLE


SNIPPET_CHARS = 160
SNIPPET_LEAD = 50


@dataclass(slots=True)
class MatchSpan:
    """A matched stretch of ``article.title`` (field ``"title"``) or ``article.text`` (``"body"``)."""

    field: str
    start: int
    end: int


def _hash(word: str) -> int:
    """The hash :class:`_TokenHashes` gives a token spelled ``word``."""
    value, power = 0, 1
    for char in word:
        value = (value + ord(char) * power) & 0xFFFFFFFFFFFFFFFF
        power = (power * HASH_BASE) & 0xFFFFFFFFFFFFFFFF
    return value


class _TokenHashes:
    """Hashes of every token of a text (see :data:`~tui.core.kernels.HASH_BASE`), and
    the text's folded code points (a page's are joined to hash prefixes of tokens and to
    tell words apart: see :class:`_PageTokens`)."""

    def __init__(self, codes: np.ndarray, whole: np.ndarray) -> None:
        self.codes = codes
        self.whole = whole


class _TermMatcher:
    """Weight of a folded token for each query term (cached per distinct token).

    Matchers are shared by the articles of one query (see :func:`_matcher`): the
    hits shown hold mostly the same words."""

    def __init__(self, terms: list[QueryTerm], typo_words: list[set[str]]) -> None:
        self.terms = terms
        self.typo_words = typo_words
        self._cache: dict[str, tuple[float, ...]] = {}
        # The words a token may be (whole), and those it may start with, by hash (see _TokenHashes).
        self.whole = np.array(sorted({_hash(t.folded) for t in terms} | {_hash(w) for ws in typo_words for w in ws}),
                              dtype=np.uint64)
        self.starts = sorted({(len(t.folded), _hash(t.folded)) for t in terms if t.prefix})

    def weights(self, token: str) -> tuple[float, ...]:
        cached = self._cache.get(token)
        if cached is None:
            if len(self._cache) > MATCHER_TOKENS:
                self._cache.clear()
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


#: Distinct tokens a matcher remembers the weights of (then it starts over).
MATCHER_TOKENS = 200_000
#: Matchers kept (the last queries' terms).
MATCHERS = 16
_MATCHERS: dict[tuple, _TermMatcher] = {}


def _matcher(terms: list[QueryTerm], typo_words: list[set[str]] | None = None) -> _TermMatcher:
    """The matcher of ``terms`` (with ``typo_words``, none by default), shared
    by the calls with the same terms."""
    typo_words = typo_words or [set() for _ in terms]
    key = (tuple((t.folded, t.prefix) for t in terms), tuple(frozenset(w) for w in typo_words))
    matcher = _MATCHERS.get(key)
    if matcher is None:
        if len(_MATCHERS) >= MATCHERS:
            _MATCHERS.clear()
        matcher = _MATCHERS[key] = _TermMatcher(terms, typo_words)
    return matcher


class _Layout:
    """The article's tokens as the paragraphs see them, numbered across the
    article: the runs of word characters, cut where a paragraph starts or ends
    inside one (as ``TOKEN_RE`` started and stopped at a paragraph's bounds
    sees them), each with the field holding it (0 the title, then the body
    paragraphs; -1: none, e.g. the related-articles block), and the clause
    holding it (a comma, a full stop, a quote... ends one, as in the index;
    numbered from where the article's page starts, so only equal or not says
    anything).  The tokens of one paragraph are consecutive, so a phrase is a
    window of consecutive tokens in one paragraph and one clause.  ``run_token``:
    each run's token, -1 where a paragraph bound cuts the run or it is in no
    field (a match there is shown nowhere).  Made a page at a time (see
    :func:`_fold_page`): it depends on the article alone."""

    __slots__ = ("starts", "ends", "paragraph", "clause", "run_token", "fields")

    def __init__(self, starts: np.ndarray, ends: np.ndarray, paragraph: np.ndarray, clause: np.ndarray,
                 run_token: np.ndarray, fields: int) -> None:
        self.starts, self.ends, self.paragraph, self.clause = starts, ends, paragraph, clause
        self.run_token = run_token
        self.fields = fields


def _page_spans(page: list["_ArticleWords"], found: list[tuple[list[QueryTerm], np.ndarray, np.ndarray]],
                folded: tuple[np.ndarray, ...] | None = None) -> list[list[MatchSpan]]:
    """Per article of ``page``, per field: the phrases of its terms (see
    :func:`_page_phrases`) or, in a field with none, every match; matches outside
    the title and body paragraphs are dropped.  ``found``: per article, the terms it
    is matched with, its matching runs and their (run, term) weights.

    Read for the page's tokens together (each article's numbered after the
    previous article's): a page of hits costs about as many numpy calls as one
    article, where a few dozen small calls per article cost more than the work.
    ``folded``: the page's layout as :func:`_fold_page` made it, when the page was folded
    whole (else it is joined from the articles' :class:`_Layout`)."""
    layouts = [words.layout for words in page]
    if folded is not None:
        token_base, field_base, starts, ends, paragraph, clause = folded
    else:
        sizes = [len(layout.starts) for layout in layouts]
        token_base = np.cumsum([0] + sizes)
        field_base = np.cumsum([0] + [layout.fields for layout in layouts[:-1]])
        # The page's tokens; each article's fields numbered after the previous article's, so
        # that a window of tokens is in one field only if it is in one article.
        starts = np.concatenate([layout.starts for layout in layouts])
        ends = np.concatenate([layout.ends for layout in layouts])
        paragraph = np.concatenate([layout.paragraph for layout in layouts])
        paragraph = np.where(paragraph >= 0, paragraph + np.repeat(field_base, sizes), -1)
        clause = np.concatenate([layout.clause for layout in layouts])
    # The token of each matching run (numbered on the page), -1 where none shows it.
    counts = [len(matched) for _, matched, _ in found]
    owner = np.repeat(np.arange(len(page)), counts)
    local = np.concatenate([layout.run_token[matched] for layout, (_, matched, _) in zip(layouts, found)])
    token = np.where(local >= 0, local + token_base[:-1][owner], -1)
    has_phrase = np.zeros((len(page), 2), dtype=bool)  # per article: a phrase in the title, in the body
    phrases: list[tuple[list[MatchSpan], list[MatchSpan]]] = [([], []) for _ in page]
    for used, members in _groups(range(len(page)), lambda k: tuple(found[k][0])).items():
        if len(used) < 2:
            continue
        rows = np.flatnonzero(np.isin(owner, members)) if len(members) < len(page) else np.arange(len(owner))
        weights = np.concatenate([found[k][2] for k in members])
        kept = token[rows] >= 0
        for k, local_paragraph, a, b in _page_phrases(page, token_base, field_base, starts, ends, paragraph, clause,
                                                      list(used), token[rows][kept], weights[kept]):
            body = int(local_paragraph > 0)
            shift = page[k].text_offset if body else 0
            phrases[k][body].append(MatchSpan("body" if body else "title", a - shift, b - shift))
            has_phrase[k, body] = True
    # Every match, only in a field without a phrase (common words match hundreds of times).
    shown = np.flatnonzero(token >= 0)
    owner, token = owner[shown], token[shown]
    body = paragraph[token] - field_base[owner] > 0
    pick = np.flatnonzero(~has_phrase[owner, body.astype(np.int64)])
    owner, token, body = owner[pick], token[pick], body[pick]
    shift = np.where(body, np.array([words.text_offset for words in page])[owner], 0)
    matches: list[tuple[list[MatchSpan], list[MatchSpan]]] = [([], []) for _ in page]
    for k, is_body, a, b in zip(owner.tolist(), body.tolist(), (starts[token] - shift).tolist(),
                                (ends[token] - shift).tolist()):
        matches[k][is_body].append(MatchSpan("body" if is_body else "title", a, b))
    return [phrase[0] + match[0] + phrase[1] + match[1] for phrase, match in zip(phrases, matches)]


def _page_phrases(page: list["_ArticleWords"], token_base: np.ndarray, field_base: np.ndarray, starts: np.ndarray,
                  ends: np.ndarray, paragraph: np.ndarray, clause: np.ndarray, terms: list[QueryTerm], token: np.ndarray,
                  weights: np.ndarray) -> list[tuple[int, int, int, int]]:
    """(article, field, start, end) of each place where the terms occur in order,
    consecutively, in one paragraph, allowing one mistyped term that its
    neighbours pin in place; a place overlapping the one found before it is
    skipped.  The page's tokens (``token_base``: each article's first; ``starts``,
    ``ends`` within its article, ``paragraph`` numbered on the page from each
    article's ``field_base``, ``clause``) are read together.  The places holding
    every term or all but one come from the (matching token, term) pairs
    (``token``, ``weights``; see :func:`~tui.core.kernels.phrase_places`: memory and
    work grow with the pairs and the page, not with terms times tokens: a pasted
    query may have thousands of words); a place missing one word is one if that
    word is a typo of its term."""
    n = len(terms)
    rows, slots = np.nonzero(weights > 0)
    budgets = [pinned_budget(term.folded) for term in terms]
    places, missing = phrase_places(token[rows] - slots, slots, n, paragraph, clause,
                                    [term.break_before for term in terms], starts, ends,
                                    np.array([len(term.folded) for term in terms]), np.array(budgets))
    # Read for every place at once (a short common word has hundreds of places in an
    # article): its article, the missing word's bounds (the first word's where none is
    # missing), and the place's field and bounds.
    article = np.searchsorted(token_base, places, side="right") - 1
    odd = places + np.maximum(missing, 0)
    odd_starts, odd_ends = starts[odd].tolist(), ends[odd].tolist()
    fields = (paragraph[places] - field_base[article]).tolist()
    firsts, lasts = starts[places].tolist(), ends[places + (n - 1)].tolist()
    checked: dict[tuple[int, str], bool] = {}
    found: list[tuple[int, int, int, int]] = []
    # A place never overlaps one of the article before (a window of tokens is in one field).
    next_free = -1
    for k, (window, i, owner) in enumerate(zip(places.tolist(), missing.tolist(), article.tolist())):
        if window < next_free:
            continue
        if i >= 0:  # one word missing (of a length within the budget): a typo its neighbours pin?
            key = (i, page[owner].folded[odd_starts[k] : odd_ends[k]])
            fits = checked.get(key)
            if fits is None:
                fits = checked[key] = within_edits(key[1], terms[i].folded, budgets[i])
            if not fits:
                continue
        found.append((owner, fields[k], firsts[k], lasts[k]))
        next_free = window + n
    return found


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
            return [QueryTerm(term.text[a:b], folded[a:b], literal=True, break_before=term.break_before and a == 0)
                    for a, b in zip(bounds, bounds[1:])]
    return None


def _cut_points(length: int) -> list[tuple[int, ...]]:
    two = [(i,) for i in range(1, length)]
    three = [(i, j) for i in range(1, length - 1) for j in range(i + 1, length)]
    return two + three


class _ArticleWords:
    """The folded article (title, newline, text), folded once per article, and
    the runs of word characters in it (its tokens, as ``TOKEN_RE`` finds
    them) with their hashes, and its :class:`_Layout`; a rule that needs some of its
    words reads only those.  Articles are folded a page at a time (see :func:`_fold_page`)."""

    def __init__(self, article: Article, folded: str, runs: tuple[np.ndarray, np.ndarray], hashes: _TokenHashes,
                 layout: _Layout) -> None:
        self.article = article
        self.hashes = hashes
        self.folded = folded
        self.text_offset = len(article.title) + 1
        self.runs = runs
        self.layout = layout


def _tokens_of_length(page: list[_ArticleWords], low: int, high: int) -> set[str]:
    """The distinct tokens of ``low`` to ``high`` letters in any article of ``page``: the
    page's tokens read together (as :func:`_page_matches` reads them), each distinct
    word once."""
    tokens = _page_tokens(page)
    lengths = tokens.ends - tokens.starts
    picked = np.flatnonzero((lengths >= low) & (lengths <= high))
    starts, ends = tokens.starts[picked], tokens.ends[picked]
    first = first_of_each_word(tokens.codes, starts, ends, tokens.hashes[picked])
    once = np.flatnonzero(first == np.arange(len(first)))
    text = tokens.text()
    return {text[a:b] for a, b in zip(starts[once].tolist(), ends[once].tolist())}


class _PageTokens:
    """The tokens of a page's articles read as one page: their hashes, the page's folded
    code points, each token's bounds on the page and the offset of its article
    (``offsets``), and each article's first token (``bounds``, one more than the
    articles); the page's folded text (``text()``: joined when first asked for).  A page
    folded whole keeps its arrays as folded (its articles apart by a newline), and its
    ``layout`` (see :func:`_fold_page`)."""

    __slots__ = ("page", "hashes", "codes", "starts", "ends", "offsets", "bounds", "_text", "layout")

    def __init__(self, page: list[_ArticleWords], hashes: np.ndarray, codes: np.ndarray, starts: np.ndarray,
                 ends: np.ndarray, offsets: np.ndarray, bounds: np.ndarray, text: str | None = None) -> None:
        self.page = page
        self.hashes, self.codes, self.starts, self.ends = hashes, codes, starts, ends
        self.offsets, self.bounds = offsets, bounds
        self._text = text
        self.layout: tuple[np.ndarray, ...] | None = None

    @classmethod
    def joined(cls, page: list[_ArticleWords]) -> "_PageTokens":
        """The page's articles' arrays joined (each article's tokens from its offset)."""
        sizes = [len(words.hashes.whole) for words in page]
        offsets = np.repeat(np.cumsum([0] + [len(words.folded) for words in page[:-1]]), sizes)
        return cls(page, np.concatenate([words.hashes.whole for words in page]),
                   np.concatenate([words.hashes.codes for words in page]),
                   np.concatenate([words.runs[0] for words in page]) + offsets,
                   np.concatenate([words.runs[1] for words in page]) + offsets, offsets, np.cumsum([0] + sizes))

    def text(self) -> str:
        if self._text is None:
            self._text = "".join(words.folded for words in self.page)
        return self._text


#: The last pages read (see :func:`_page_tokens`) ...
PAGE_TOKENS = 4
#: ... while they hold at most this many characters together (the newest is kept whatever
#: its size: one long article makes a page of its own).
PAGE_TOKENS_CHARS = 600_000
_PAGE_TOKENS: list[_PageTokens] = []
_PAGE_TOKENS_LOCK = threading.Lock()


def _page_tokens(page: list[_ArticleWords]) -> _PageTokens:
    """The :class:`_PageTokens` of ``page``, kept for the last few pages: a page whose
    articles lack a term is read three or four times (its matches, the joined syllables
    and the typos it has, the typos' matches), mostly as the same articles."""
    return _remembered(page) or _remember(_PageTokens.joined(list(page)))


def _remembered(page: list[_ArticleWords]) -> _PageTokens | None:
    """The :class:`_PageTokens` of ``page`` if it is among the last pages read."""
    with _PAGE_TOKENS_LOCK:
        for tokens in _PAGE_TOKENS:
            if len(tokens.page) == len(page) and all(a is b for a, b in zip(tokens.page, page)):
                return tokens
    return None


def _remember(tokens: _PageTokens) -> _PageTokens:
    """``tokens`` kept as the last page read (see :func:`_page_tokens`)."""
    with _PAGE_TOKENS_LOCK:
        _PAGE_TOKENS.insert(0, tokens)
        del _PAGE_TOKENS[PAGE_TOKENS:]
        while len(_PAGE_TOKENS) > 1 and sum(len(kept.codes) for kept in _PAGE_TOKENS) > PAGE_TOKENS_CHARS:
            _PAGE_TOKENS.pop()
    return tokens


def _fold_page(articles: list[Article]) -> tuple[list[_ArticleWords], _PageTokens]:
    """Each article folded, its tokens found and hashed and its :class:`_Layout` made:
    the articles' texts (title, newline, text) joined by newlines and read in one
    pass (:func:`~tui.core.kernels.fold_page`, then
    :func:`~tui.core.kernels.article_layout` with every article's fields), then cut
    apart (a newline is no word character and a clause break, so no token crosses
    a cut, and no field bound between articles cuts one; folding and hashing read no
    character's neighbours).  A page of hits costs about as many numpy calls as one
    article.  Also the page's :class:`_PageTokens`, read from the page's arrays as folded,
    with its ``layout`` as :func:`_page_spans` reads it (each article's first token and
    first field, its tokens' bounds within it, their fields numbered on the page, and
    clauses)."""
    texts = [article.title + "\n" + article.text for article in articles]
    page_text = "\n".join(texts)
    codes, word, starts, ends, whole = fold_page(page_text, _FOLD_LOOKUP, _word_table())
    folded = codes.tobytes().decode("utf-32-le")
    lengths = [len(text) for text in texts]
    firsts = np.cumsum([0] + [n + 1 for n in lengths[:-1]]).tolist()
    # Every article's fields (its title, then its body paragraphs), where they are on the page;
    # a paragraph's bounds are kept inside its article's text, so one claiming more than the
    # text (a damaged store) cuts no word of the next article and takes none of its tokens.
    fields = []
    for article, first in zip(articles, firsts):
        body, size = first + len(article.title) + 1, len(article.text)
        fields.append([(first, first + len(article.title))]
                      + [(body + min(max(a, 0), size), body + min(max(b, 0), size)) for a, b in article.body_spans()])
    field_starts = np.array([a for bounds in fields for a, _ in bounds], dtype=np.int64)
    field_ends = np.array([b for bounds in fields for _, b in bounds], dtype=np.int64)
    token_starts, token_ends, paragraph, clause, run_token = article_layout(folded, codes, word, starts, ends,
                                                                           field_starts, field_ends)
    cuts = np.searchsorted(starts, firsts + [len(codes)])
    token_cuts = np.searchsorted(token_starts, firsts + [len(codes)])
    # Offsets, tokens and fields counted from each article's start, for the page at once
    # (then each article's is a copy: a few numpy calls per article cost more than the page's).
    runs_in, tokens_in = np.diff(cuts), np.diff(token_cuts)
    run_shift, token_shift = np.repeat(firsts, runs_in), np.repeat(firsts, tokens_in)
    page_starts, page_ends = starts, ends
    starts, ends = starts - run_shift, ends - run_shift
    run_token = np.where(run_token >= 0, run_token - np.repeat(token_cuts[:-1], runs_in), -1)
    token_starts, token_ends = token_starts - token_shift, token_ends - token_shift
    field_firsts = np.cumsum([0] + [len(bounds) for bounds in fields[:-1]])
    page_layout = (token_cuts, field_firsts, token_starts, token_ends, paragraph, clause)
    paragraph = np.where(paragraph >= 0, paragraph - np.repeat(field_firsts, tokens_in), -1)
    cuts, token_cuts = cuts.tolist(), token_cuts.tolist()
    page = []
    for k, (article, first, length) in enumerate(zip(articles, firsts, lengths)):
        c, d = cuts[k], cuts[k + 1]
        a, b = token_cuts[k], token_cuts[k + 1]
        hashes = _TokenHashes(codes[first : first + length].copy(), whole[c:d].copy())
        layout = _Layout(token_starts[a:b].copy(), token_ends[a:b].copy(), paragraph[a:b].copy(), clause[a:b].copy(),
                         run_token[c:d].copy(), len(fields[k]))
        page.append(_ArticleWords(article, folded[first : first + length], (starts[c:d].copy(), ends[c:d].copy()), hashes,
                                  layout))
    tokens = _PageTokens(page, whole, codes, page_starts, page_ends, run_shift, np.array(cuts), folded)
    tokens.layout = page_layout
    return page, tokens


def _among(wanted: np.ndarray, hashes: np.ndarray) -> np.ndarray:
    """Per hash of ``hashes``: whether it is one of ``wanted`` (sorted).  Most are not, and
    their low 16 bits, looked up in a table of the wanted ones', rule them out at once; only
    the few left are searched for (a binary search of every one costs a few times more, and
    ``np.isin`` as much when many words are looked for: a typo has dozens)."""
    table = np.zeros(1 << 16, dtype=bool)
    table[(wanted & 0xFFFF).astype(np.intp)] = True
    maybe = np.flatnonzero(table.take((hashes & 0xFFFF).astype(np.intp)))
    some = hashes[maybe]
    found = np.zeros(len(hashes), dtype=bool)
    found[maybe] = wanted.take(np.searchsorted(wanted, some), mode="clip") == some
    return found


def _page_matches(page: list[_ArticleWords], matcher: _TermMatcher) -> list[tuple[np.ndarray, np.ndarray, list[bool]]]:
    """Per article of ``page``: the tokens matching some term (run numbers, in
    order), their (token, term) weights, and which terms occur in the article.

    A token matches when it is one of the words looked for, or starts with
    a term typed as a prefix: tokens are compared by hash in numpy, the
    page's tokens together, and the few whose hash agrees are then read (so
    a collision costs a look, never a wrong match)."""
    tokens = _page_tokens(page)
    bounds, every, codes, offsets = tokens.bounds, tokens.hashes, tokens.codes, tokens.offsets
    page_starts, page_ends = tokens.starts, tokens.ends
    maybe = _among(matcher.whole, every)
    for length, value in matcher.starts:
        maybe |= prefix_hashes(codes, page_starts, page_ends, length) == value
    picked = np.flatnonzero(maybe)
    owner = np.searchsorted(bounds, picked, side="right") - 1  # the article of each token picked
    runs = picked - bounds[owner]
    run_starts, run_ends, offsets = page_starts[picked], page_ends[picked], offsets[picked]
    # Each distinct word read and weighed once (a short prefix picks thousands of tokens, of a
    # few hundred words).
    first = first_of_each_word(codes, run_starts, run_ends, every[picked])
    once = np.flatnonzero(first == np.arange(len(first)))
    texts = [words.folded for words in page]
    distinct = [texts[k][a:b] for k, a, b in zip(owner[once].tolist(), (run_starts[once] - offsets[once]).tolist(),
                                                 (run_ends[once] - offsets[once]).tolist())]
    table = np.array([matcher.weights(word) for word in distinct], dtype=np.float64).reshape(len(distinct), len(matcher.terms))
    weights = table[np.searchsorted(once, first)]
    found = weights.any(axis=1)
    runs, weights, owner = runs[found], weights[found], owner[found]
    present = np.zeros((len(page), len(matcher.terms)), dtype=bool)
    row, term = np.nonzero(weights > 0)
    present[owner[row], term] = True
    cuts = np.searchsorted(owner, np.arange(len(page) + 1)).tolist()
    return [(runs[a:b], weights[a:b], here) for a, b, here in zip(cuts, cuts[1:], present.tolist())]


#: Folded articles kept for the next queries (search-as-you-type shows the same
#: hits keystroke after keystroke): a page of hits and then some.
FOLDED_ARTICLES = 128
#: ... and at most this many characters of them (~20 bytes of tables a character: long
#: articles are let go first).
FOLDED_CHARS = 600_000
_FOLDED: OrderedDict[tuple[str, int, str, str], _ArticleWords] = OrderedDict()  # keys: _folded_key
_FOLDED_SIZE = [0]
_FOLDED_LOCK = threading.Lock()


def _page_words(articles: list[Article]) -> tuple[list[_ArticleWords], tuple[np.ndarray, ...] | None]:
    """The folded articles, each folded once for as long as it stays among the
    recent ones; those not folded yet are folded together.  Also the page's layout as
    folded whole (see :func:`_fold_page`), taken now: the pages read while matching may
    push it out of the last pages kept before :func:`_page_spans` reads it; else None."""
    page: list[_ArticleWords | None] = []
    with _FOLDED_LOCK:
        for article in articles:
            key = _folded_key(article)
            words = _FOLDED.get(key)
            if words is not None and (words.article is article or (words.article.text == article.text
                                                                   and words.article.paragraphs == article.paragraphs)):
                _FOLDED.move_to_end(key)
                page.append(words)
            else:
                page.append(None)
    missing = [k for k, words in enumerate(page) if words is None]
    if not missing:
        remembered = _remembered(page)  # type: ignore[arg-type]
        return page, (remembered.layout if remembered is not None else None)  # type: ignore[return-value]
    folded_page, tokens = _fold_page([articles[k] for k in missing])
    whole = len(missing) == len(articles)
    if whole:  # the page as folded: its tokens are read from the fold's arrays
        _remember(tokens)
    folded = iter(folded_page)
    with _FOLDED_LOCK:
        for k in missing:
            words = page[k] = next(folded)
            key = _folded_key(words.article)
            replaced = _FOLDED.get(key)
            _FOLDED_SIZE[0] += len(words.folded) - (len(replaced.folded) if replaced is not None else 0)
            _FOLDED[key] = words
        while len(_FOLDED) > 1 and (len(_FOLDED) > FOLDED_ARTICLES or _FOLDED_SIZE[0] > FOLDED_CHARS):
            _FOLDED_SIZE[0] -= len(_FOLDED.popitem(last=False)[1].folded)
    return page, (tokens.layout if whole else None)  # type: ignore[return-value]


def _folded_key(article: Article) -> tuple[str, int, str, str]:
    """What a folded article is kept under: its title, and its text's length and ends.
    Hashing the whole text of each hit of a page built afresh cost more than all the
    look-ups; an article found under its key is used only if its text is the same."""
    return article.title, len(article.text), article.text[:32], article.text[-32:]


class _JoinedParts:
    """The syllables a term typed without its spaces may split into, with their hashes:
    which of them an article has is read from its tokens' hashes.  Only the parts of the
    cuts whose every part has a vowel (see :func:`split_joined`): no other cut can split
    the term, whatever the article holds, so the rest need not be looked for (many are
    common words: ``a``, ``an``, ``nh``...)."""

    def __init__(self, parts: set[str]) -> None:
        self.parts = parts
        self.hashes = np.array(sorted({_hash(part) for part in parts}), dtype=np.uint64)

    @staticmethod
    def of(terms: list[QueryTerm]) -> list["_JoinedParts | None"]:
        """Per term, its parts if :func:`split_joined` may split it (else None)."""
        return [_joined_parts(term.folded) if not term.literal else None for term in terms]


@lru_cache(maxsize=256)
def _joined_parts(folded: str) -> _JoinedParts | None:
    """The :class:`_JoinedParts` of a term spelled ``folded`` (kept: the same terms come
    back keystroke after keystroke), or None if no cut of it has a vowel in every part
    (a word of one vowel, such as ``wanh``, never splits) or it is too short or too long
    to be tried."""
    if not 3 <= len(folded) <= MAX_JOINED_CHARS:
        return None
    parts = set()
    for cuts in _cut_points(len(folded)):
        bounds = (0, *cuts, len(folded))
        cut = [folded[a:b] for a, b in zip(bounds, bounds[1:])]
        if all(_VOWELS.intersection(part) for part in cut):
            parts.update(cut)
    return _JoinedParts(parts) if parts else None


def _expand_terms(page: list[_ArticleWords], terms: list[QueryTerm], presents: list[list[bool]],
                  joined: list[_JoinedParts | None]) -> list[tuple[QueryTerm, ...]]:
    """Per article of ``page``: ``terms``, those it lacks (``presents``: which it has)
    replaced by their joined-syllable split if it has one (``joined``: each term's
    parts, see :class:`_JoinedParts`).  The parts are looked for in the articles
    lacking the term together, and each set of parts found is split once (the
    articles of a page mostly have the same few)."""
    chosen = [[[term] for term in terms] for _ in page]
    for i, (term, parts) in enumerate(zip(terms, joined)):
        lacking = [k for k, present in enumerate(presents) if not present[i]]
        if parts is None or not lacking:
            continue
        splits: dict[frozenset[str], list[QueryTerm] | None] = {}
        for k, known in zip(lacking, _words_among([page[k] for k in lacking], parts.parts, parts.hashes)):
            if known not in splits:
                splits[known] = split_joined(term, known)
            chosen[k][i] = splits[known] or [term]
    return [tuple(t for split in row for t in split) for row in chosen]


def _words_among(page: list[_ArticleWords], wanted: set[str], hashes: np.ndarray) -> list[frozenset[str]]:
    """Per article of ``page``: which of ``wanted`` (``hashes``: their hashes, sorted)
    are tokens of it: the tokens whose hash is one of them, each distinct word read
    once to be sure (a common one stands hundreds of times); the page's tokens are
    looked up together."""
    tokens = _page_tokens(page)
    every = tokens.hashes
    picked = np.flatnonzero(_among(hashes, every))
    owner = np.searchsorted(tokens.bounds, picked, side="right") - 1
    starts, ends = tokens.starts[picked], tokens.ends[picked]
    first = first_of_each_word(tokens.codes, starts, ends, every[picked])
    once = np.flatnonzero(first == np.arange(len(first)))
    text = tokens.text()
    spelled = dict(zip(once.tolist(), (text[a:b] for a, b in zip(starts[once].tolist(), ends[once].tolist()))))
    # Each (article, word) pair once.
    size = max(len(first), 1)
    pairs = np.unique(owner * size + first)
    found: list[set[str]] = [set() for _ in page]
    for k, j in zip((pairs // size).tolist(), (pairs % size).tolist()):
        found[k].add(spelled[j])
    return [frozenset(words & wanted) for words in found]


def _typo_words(page: list[_ArticleWords], terms: list[QueryTerm], present: list[bool]) -> list[set[str]]:
    """Words matched by edit distance, for each term the articles lack as typed: the
    words of any of them within the term's budget, by one rapidfuzz call over their
    words of a length within that budget (no other can be)."""
    out: list[set[str]] = []
    for term, here in zip(terms, present):
        budget = 0 if term.literal else typo_budget(term.folded)
        if budget and not here:
            size = len(term.folded)
            words = _tokens_of_length(page, size - budget, size + budget)
            found = process.extract(term.folded, list(words), scorer=Levenshtein.distance,
                                    score_cutoff=budget, limit=None)
            out.append({w for w, _, _ in found})
        else:
            out.append(set())
    return out


def _match_missing(page: list[_ArticleWords], terms: list[QueryTerm], presents: list[list[bool]],
                   typed: list[tuple[np.ndarray, np.ndarray]]) -> list[tuple[list[QueryTerm], np.ndarray, np.ndarray]]:
    """For articles lacking some of ``terms`` (``presents``: which terms each
    has; ``typed``: their matches of the terms as typed): the terms as matched
    in each (joined syllables split where the article has them apart), the
    matching tokens and their weights, typos of the terms still missing
    included (see :func:`_page_matches`).

    Articles with the same terms, missing the same ones, are matched together,
    against the typos found in any of them: a word that is a typo of a term in
    one article is one in every article holding it.  Where no term is split and
    no typo found (a missing term too short to have typos), the matches as typed
    stand: matching again would find the same."""
    joined = _JoinedParts.of(terms)
    expanded = _expand_terms(page, terms, presents, joined)
    presents = list(presents)
    for split, members in _groups(range(len(page)), lambda k: expanded[k]).items():
        if len(split) != len(terms):  # joined syllables split: which of the parts each article has
            for k, (_, _, present) in zip(members, _page_matches([page[k] for k in members], _matcher(list(split)))):
                presents[k] = present
    found: list[tuple[list[QueryTerm], np.ndarray, np.ndarray]] = [None] * len(page)  # type: ignore[list-item]
    for (split, present), members in _groups(range(len(page)), lambda k: (expanded[k], tuple(presents[k]))).items():
        typos = _typo_words([page[k] for k in members], list(split), list(present))
        if split == tuple(terms) and not any(typos):
            for k in members:
                found[k] = (list(split), *typed[k])
            continue
        for k, (matched, weights, _) in zip(members, _page_matches([page[k] for k in members], _matcher(list(split), typos))):
            found[k] = (list(split), matched, weights)
    return found


def _groups(items, key) -> dict:
    """``items`` by ``key`` (in order within each group)."""
    groups: dict = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return groups


#: Characters of text folded and matched together (articles are not split: one longer
#: article makes a page of its own).
PAGE_CHARS = 400_000


def page_matches(articles: list[Article], terms: list[QueryTerm]) -> list[list[MatchSpan]]:
    """:func:`article_matches` of each article: the articles (a page of hits)
    folded and their words matched together."""
    if not terms:
        return [[] for _ in articles]
    spans: list[list[MatchSpan]] = []
    start = 0
    while start < len(articles):
        end, size = start, 0
        while end < len(articles) and (end == start or size + len(articles[end].text) <= PAGE_CHARS):
            size += len(articles[end].text)
            end += 1
        page, layout = _page_words(articles[start:end])
        found = [(terms, matched, weights, present) for matched, weights, present in _page_matches(page, _matcher(terms))]
        lacking = [k for k, row in enumerate(found) if not all(row[3])]
        if lacking:
            rematched = _match_missing([page[k] for k in lacking], terms, [found[k][3] for k in lacking],
                                       [(found[k][1], found[k][2]) for k in lacking])
            for k, (used, matched, weights) in zip(lacking, rematched):
                found[k] = (used, matched, weights, [])
        spans += _page_spans(page, [(used, matched, weights) for used, matched, weights, _ in found], layout)
        start = end
    return spans


def article_matches(article: Article, terms: list[QueryTerm]) -> list[MatchSpan]:
    """Match spans of ``terms`` in ``article``, per field: the whole query as a
    phrase where it occurs as one, else every matching word.  Terms the article
    lacks are tried as joined syllables, then (4+ letters) by edit distance."""
    return page_matches([article], terms)[0]


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
