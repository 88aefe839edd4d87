"""The near window counts each clause break crossed as a place, on either side of the
rarest word, however many breaks there are (only the breaks close to it are read)."""

from __future__ import annotations

from tui.core.loader import article_from_text
from tui.core.search import SearchIndex


def _tiers(texts: dict[str, str], query: str) -> dict[str, str]:
    index = SearchIndex.build([article_from_text(t, k, None) for k, t in texts.items()])
    return {hit.id: hit.tier for hit in index.search(query, limit=10).hits}


def test_breaks_before_the_rarest_word_take_places_of_the_window():
    """``lam ca o`` (a span of five places; ``cá`` the rarest word, ``lâm`` and ``ở`` said
    again in another paragraph): ``lâm`` two words before ``cá`` with a comma between is
    near, three words before with a comma is a place too far; a break on each side with
    nothing else between, near; with one word more, too far."""
    again = "\n\nLâm ở, lâm ở."
    texts = {"second-and-comma": "Tin\n\nLâm một, cá ở đây." + again,
             "third-and-comma": "Tin\n\nLâm một hai, cá ở đây." + again,
             "two-breaks": "Tin\n\nLâm, cá; ở đây." + again,
             "two-breaks-far": "Tin\n\nLâm, một cá; ở đây." + again}
    assert _tiers(texts, "lam ca o") == {"second-and-comma": "near", "third-and-comma": "scattered",
                                         "two-breaks": "near", "two-breaks-far": "scattered"}


def test_a_break_far_from_the_rarest_word_does_not_count():
    texts = {"break-beyond": "Tin\n\nCá một hai bảy lâm, ở đây.", "break-before": "Tin\n\nXin chào, cá một hai bảy lâm."}
    assert _tiers(texts, "ca hai lam") == {"break-beyond": "near", "break-before": "near"}
