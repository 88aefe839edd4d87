"""The near window counts each clause break crossed as a place, on either side of the
rarest word, however many breaks there are (only the breaks close to it are read)."""

from __future__ import annotations

from tui.core.loader import article_from_text
from tui.core.search import SearchIndex


def _tiers(texts: dict[str, str], query: str) -> dict[str, str]:
    index = SearchIndex.build([article_from_text(t, k, None) for k, t in texts.items()])
    return {hit.id: hit.tier for hit in index.search(query, limit=10).hits}


def test_breaks_before_the_rarest_word_take_places_of_the_window():
    """``ca lam`` (four places either side of ``cá``): ``lâm`` three words before it with a
    comma between is near, four words before with a comma is a place too far; two breaks
    with two words, near; two breaks with three words, too far."""
    texts = {"third-and-comma": "Tin\n\nLâm một, hai cá ở đây.",
             "fourth-and-comma": "Tin\n\nLâm một hai, bảy cá ở đây.",
             "two-breaks": "Tin\n\nLâm, một; cá ở đây.",
             "two-breaks-far": "Tin\n\nLâm, một; hai cá ở đây."}
    assert _tiers(texts, "ca lam") == {"third-and-comma": "near", "fourth-and-comma": "scattered",
                                       "two-breaks": "near", "two-breaks-far": "scattered"}


def test_a_break_far_from_the_rarest_word_does_not_count():
    texts = {"break-beyond": "Tin\n\nCá một hai bảy lâm, ở đây.", "break-before": "Tin\n\nXin chào, cá một hai bảy lâm."}
    assert _tiers(texts, "ca lam") == {"break-beyond": "near", "break-before": "near"}
