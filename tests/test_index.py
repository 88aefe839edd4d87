"""The positional index's build path: which titles are indexed, and batches of any size."""

from __future__ import annotations

from tui.core.index import has_own_title
from tui.core.model import Article, Paragraph
from tui.core.search import SearchIndex


def body_article(title: str, body: str) -> Article:
    """An article whose only paragraph is ``body`` (no headline line in the text)."""
    return Article(id="a", title=title, text=body, paragraphs=[Paragraph("body", 0, len(body))])


def test_a_title_copied_from_the_first_sentence_is_not_the_articles_own():
    body = "Hà Nội mở rộng hợp tác với Minsk. " + "Câu tiếp theo rất dài. " * 400
    assert not has_own_title(body_article("Hà Nội mở rộng hợp tác với Minsk.", body))


def test_a_copied_title_is_recognised_behind_long_whitespace_runs():
    # The loader collapses whitespace when it derives a title; the comparison
    # must look past a run longer than the first few characters it reads.
    body = "#" + " " * 500 + "Hà Nội  mở\t\trộng hợp tác với Minsk. " + "Câu khác. " * 50
    assert not has_own_title(body_article("Hà Nội mở rộng hợp tác với Minsk.", body))


def test_a_headline_different_from_the_first_sentence_is_the_articles_own():
    body = "Hà Nội mở rộng hợp tác với Minsk. " + "Câu khác. " * 50
    assert has_own_title(body_article("Việt Nam và Belarus ký kết", body))


def test_a_title_longer_than_a_short_body_is_the_articles_own():
    assert has_own_title(body_article("Việt Nam và Belarus ký kết thỏa thuận", "Việt Nam"))


def test_results_do_not_depend_on_how_articles_were_batched():
    articles = [
        Article(id=f"d{i}", title=f"Tin số {i}", text=text, paragraphs=[Paragraph("body", 0, len(text))])
        for i, text in enumerate(
            f"Đoàn đại biểu {'Belarus' if i % 3 else 'Việt Nam'} thăm Hà Nội lần thứ {i}. Hợp tác kinh tế." * (1 + i % 5)
            for i in range(300)
        )
    ]
    whole = SearchIndex.build(articles)
    batched = SearchIndex()
    for start in range(0, len(articles), 7):
        batched.add(articles[start : start + 7])
    for query in ("belarus tham ha noi", "viet nam", "hop tac kinh te", "lan thu 12", "hop tac kinh t"):
        first, second = whole.search(query, limit=400), batched.search(query, limit=400)
        assert [h.id for h in first.hits] == [h.id for h in second.hits]
        assert first.total == second.total and first.total > 0


def test_a_merge_moved_in_small_chunks_builds_the_same_segment(monkeypatch):
    """A merge moves postings a few term groups at a time (so a cold load holds no
    copies of its largest segment); the merged segment is the one a single build makes."""
    import numpy as np

    from tui.core import index as index_module
    from tui.core.index import Segment, Vocabulary, merge_segments

    texts = [f"Ông Hùng gặp bà Lan ở Hà Nội lần {i}. " * (1 + i % 4) + ("Belarus" if i % 2 else "Minsk") for i in range(60)]
    articles = [Article(id=f"d{i}", title=f"Tin {i}", text=t, paragraphs=[Paragraph("body", 0, len(t))])
                for i, t in enumerate(texts)]
    vocab = Vocabulary()
    parts = [Segment.from_articles(articles[i : i + 13], vocab, i) for i in range(0, 60, 13)]
    whole = Segment.from_articles(articles, Vocabulary(), 0)
    monkeypatch.setattr(index_module, "MERGE_CHUNK", 5)
    merged = merge_segments(parts)
    for name in ("stream", "postings", "doc_starts", "body_starts"):
        assert np.array_equal(getattr(merged, name), getattr(whole, name)), name
    assert np.array_equal(np.diff(merged.offsets), np.diff(whole.offsets)[: len(merged.offsets) - 1])
    assert np.array_equal(merged.df, whole.df)


def test_a_batch_tokenised_in_pieces_builds_the_same_segment(monkeypatch):
    """A batch is tokenised a few hundred thousand characters at a time (one regex call holds
    the GIL, and the explorer's event loop waits for it); cut anywhere between articles or
    their parts, the segment is the one a single call makes."""
    import numpy as np

    from tui.core import index as index_module
    from tui.core.index import Segment, Vocabulary

    texts = [f"Ông Hùng gặp bà Lan ở Hà Nội lần {i}.\n\nHợp tác kinh tế " * (1 + i % 4) + ("Belarus" if i % 2 else "Minsk")
             for i in range(60)]
    articles = [Article(id=f"d{i}", title=f"Tin {i}" if i % 3 else "", text=t, paragraphs=[Paragraph("body", 0, len(t))])
                for i, t in enumerate(texts)]
    whole = Segment.from_articles(articles, Vocabulary(), 0)
    for size in (1, 7, 50):
        monkeypatch.setattr(index_module, "TOKENIZE_CHARS", size)
        pieces = Segment.from_articles(articles, Vocabulary(), 0)
        for name in ("stream", "postings", "offsets", "doc_starts", "body_starts", "df"):
            assert np.array_equal(getattr(pieces, name), getattr(whole, name)), (size, name)
