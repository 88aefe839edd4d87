"""Weights of the ranking signals (see :mod:`tui.core.search`)."""

W_PHRASE = 10.0
W_RUN = 4.0
W_COVERAGE = 4.0
W_TITLE_TERMS = 3.0
W_TITLE_PHRASE = 3.0
W_BM25 = 2.0
W_DIACRITICS = 2.0
TITLE_TF_FACTOR = 2.0
BM25_K1 = 1.2
BM25_B = 0.75
