"""What the extractor finds in a sentence written for a test: its mentions, or their (type, text)."""

from __future__ import annotations

from tui.core.loader import article_from_text
from tui.core.text import clean_text


def mentions(extractor, text: str):
    return extractor.extract(article_from_text(clean_text(text), "t", None, title_in_text=False))


def spans(extractor, text: str) -> set[tuple[str, str]]:
    return {(m.type, m.text) for m in mentions(extractor, text) if m.type != "DATE"}
