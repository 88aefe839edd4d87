"""Search for Vietnamese news: diacritic-insensitive, typo-tolerant, phrase-first ranking.

Ranking, from strongest to weakest signal:

1. the query's syllables consecutive and in order (a phrase), one mistyped
   syllable allowed where its neighbours pin it; in the title above the body;
2. the longest in-order run of query syllables;
3. how many query terms the article has (as typed > as prefix > by typo),
   and how many of them are in the title;
4. BM25 weighting; exact diacritics when the user typed them.

The positional work happens in numpy over :mod:`tui.core.index` segments;
character offsets are only computed (in :mod:`tui.core.highlight`) for the
hits returned.

A query goes through the stages of this package, one module each:

* :mod:`.plan` — the query plan: each term's folded word, prefix completions
  and near spellings, and the variant with joined syllables split;
* :mod:`.counts` — candidate counts: per-document counts of a term's words,
  the documents holding every term;
* :mod:`.phrases` — phrase anchors: where the terms stand in order;
* :mod:`.features` and :mod:`.weights` — per-document features and their
  score; :mod:`.scoring` scores one segment (:mod:`.lazy` the short prefixes);
* :mod:`.results` — ranked hits with spans and snippets;

with :mod:`.arrays` (numpy helpers) under them all and :class:`SearchIndex`
(:mod:`.engine`) as their face.
"""

from ..highlight import MatchSpan
from .engine import SearchIndex, find_matches
from .results import Hit, SearchResults

__all__ = ["Hit", "MatchSpan", "SearchIndex", "SearchResults", "find_matches"]
