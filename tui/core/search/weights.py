"""Weights of the ranking signals (see :mod:`tui.core.search`)."""

W_PHRASE = 10.0
W_RUN = 4.0
W_COVERAGE = 4.0
W_TITLE_TERMS = 3.0
W_TITLE_PHRASE = 3.0
W_BM25 = 2.0
#: Typed with diacritics, exact forms rank first within a tier (the README's promise): the
#: share of the query's accented words found as typed outweighs all the other signals
#: together (26 at most), and stays under the step between tiers (TIER_STEP, 100).
W_DIACRITICS = 30.0
TITLE_TF_FACTOR = 2.0
BM25_K1 = 1.2
BM25_B = 0.75
