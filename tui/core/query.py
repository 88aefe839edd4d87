"""Query parsing and the per-term matching rules shared by the index and the highlighter.

A query is a sequence of terms (syllables, folded for matching) in the order
typed.  Punctuation typed between two words marks a clause break there, read
as the index reads the text's (``Hà Nội, Việt Nam`` is a phrase where a
break stands between ``Nội`` and ``Việt``, and only there).
``"quoted phrase"`` groups terms that must appear consecutively;
``-term`` or ``-"phrase"`` excludes articles containing it.  Every other
character is literal text: tokens are what :data:`TOKEN_RE` finds, so no
query string can fail to parse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein

from .text import CLAUSE_BREAK, TOKEN_RE, clause_tokens, clean_text, fold

#: Queries longer than this many terms are cut: nobody types more, and the
#: phrase matcher's work grows with the number of terms.
MAX_TERMS = 32
#: Characters of the query looked at (a pasted book must not stall the UI).
MAX_QUERY_CHARS = 2000
#: Exclusions kept (``-word``, ``-"a phrase"``); the rest are ignored, as terms past MAX_TERMS are.
MAX_EXCLUDED = 32
#: A word longer than this (a pasted hash, URL or ``vietnam`` x 700) is matched
#: as typed only: no completion, near spelling or joined-syllable split, whose
#: work grows with the word's length; no Vietnamese word is near it anyway.
MAX_WORD_CHARS = 32

#: Weight of a term matched as typed (folded), as a prefix, or by edit distance.
EXACT_WEIGHT = 1.0
PREFIX_WEIGHT = 0.7
TYPO_WEIGHT = 0.5

_QUOTE_CHARS = '"“”„«»'
_QUOTED_RE = re.compile(r'(-?)["“”„«»]([^"“”„«»]*)["“”„«»]')


@dataclass(frozen=True, slots=True)
class QueryTerm:
    """One syllable of the query.

    ``text`` is the lower-case NFC form as typed (used for the smart-diacritics
    bonus), ``folded`` the form matched.  ``group`` numbers the quoted or
    joined phrase the term belongs to (terms of a group must be consecutive).
    """

    text: str
    folded: str
    group: int | None = None
    prefix: bool = False
    literal: bool = False  # quoted: matched as typed (folded), no typo, prefix or split
    break_before: bool = False  # punctuation typed between this term and the one before

    @property
    def accented(self) -> bool:
        """True when the user typed diacritics (or đ): exact forms then rank first."""
        return self.text != self.folded


@dataclass(slots=True)
class ParsedQuery:
    terms: list[QueryTerm] = field(default_factory=list)
    excluded: list[tuple[str, ...]] = field(default_factory=list)  # folded phrases
    #: A clause break was typed after the last term so far (the next term gets ``break_before``).
    pending_break: bool = False

    def add_words(self, text: str, group: int | None = None, literal: bool = False) -> None:
        """The words of ``text`` as terms, each marked when a clause break precedes it."""
        for token in clause_tokens(text.lower()):
            if token == CLAUSE_BREAK:
                self.pending_break = bool(self.terms)
                continue
            self.terms.append(QueryTerm(token, fold(token), group, literal=literal or len(token) > MAX_WORD_CHARS,
                                        break_before=self.pending_break))
            self.pending_break = False


def _tokens(text: str) -> list[str]:
    return TOKEN_RE.findall(text.lower())


def parse_query(query: str) -> ParsedQuery:
    """Split a query into ordered terms, phrase groups and exclusions.

    The last free term also matches as a prefix unless the query ends with a
    space (search-as-you-type).  An unbalanced quote is ignored.
    """
    query = clean_text(query[:MAX_QUERY_CHARS])
    parsed = ParsedQuery()
    next_group = 0
    pos = 0
    for match in _QUOTED_RE.finditer(query):
        _add_free_text(parsed, query[pos : match.start()])
        words = _tokens(match.group(2))
        if match.group(1):
            if words:
                parsed.excluded.append(tuple(fold(w) for w in words))
        else:
            group = next_group if len(words) > 1 else None
            next_group += 1
            parsed.add_words(match.group(2), group, literal=True)
        pos = match.end()
    _add_free_text(parsed, query[pos:])
    del parsed.terms[MAX_TERMS:]
    del parsed.excluded[MAX_EXCLUDED:]
    _mark_prefix(parsed, query)
    return parsed


def _add_free_text(parsed: ParsedQuery, text: str) -> None:
    for chunk in text.split():
        chunk = chunk.strip(_QUOTE_CHARS)
        if chunk.startswith("-") and len(chunk) > 1:
            words = _tokens(chunk[1:])
            if words:
                parsed.excluded.append(tuple(fold(w) for w in words))
            continue
        parsed.add_words(chunk)


def _mark_prefix(parsed: ParsedQuery, query: str) -> None:
    if not parsed.terms or query[-1:].isspace() or query.rstrip()[-1:] in _QUOTE_CHARS:
        return
    last = parsed.terms[-1]
    if not last.literal:
        parsed.terms[-1] = QueryTerm(last.text, last.folded, prefix=True, break_before=last.break_before)


def typo_budget(folded: str) -> int:
    """Edits allowed for a term matched on its own: none under 4 letters,
    1 up to 7 letters, 2 from 8 (shorter syllables have too many neighbours);
    none for numbers and codes with digits (``0137`` is not ``0037``)."""
    if len(folded) < 4 or any(c.isdigit() for c in folded):
        return 0
    return 1 if len(folded) <= 7 else 2


def pinned_budget(folded: str) -> int:
    """Edits allowed for a term whose neighbours in the query were found around it:
    the neighbours pin the place, so even short syllables may have one typo."""
    return 1 if len(folded) <= 7 else 2


def within_edits(candidate: str, folded: str, budget: int) -> bool:
    """True when ``candidate`` is at most ``budget`` edits from ``folded``."""
    return Levenshtein.distance(candidate, folded, score_cutoff=budget) <= budget
