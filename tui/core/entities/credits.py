"""Who signed or supplied an article: its credits read as author, source and photographers.

The extractor keeps bylines and credits as mentions marked ``credit``
(:mod:`.bylines`); this module says what each one is for the reader's metadata
line — a reporter's name signs the story (an author), an organisation is where
it comes from (``Theo Reuters``: a source), a name after ``Ảnh:`` took a photo.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .mention import Mention

#: ``Ảnh:`` / ``Photo:`` opening the bracket or line a credit stands in (``Bài, ảnh:`` signs
#: the story as well).
_PHOTO_RE = re.compile(r"(?i)(?:(bài|text)\s*(?:,|và|&)\s*)?(?:ảnh|photo|video|clip)\s*:")


@dataclass(frozen=True, slots=True)
class ArticleCredits:
    """Credits of one article, names in text order without repeats."""

    authors: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    photos: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.authors or self.sources or self.photos)


def article_credits(text: str, credits: Iterable[Mention]) -> ArticleCredits:
    """Sort an article's credit mentions into authors (people signing the story), sources
    (organisations it comes from) and photo credits (people or agencies)."""
    authors: dict[str, None] = {}
    sources: dict[str, None] = {}
    photos: dict[str, None] = {}
    for m in credits:
        photo = _photo_cue(text, m.start)
        if photo is not None:
            photos.setdefault(m.name)
        if photo is None or photo.group(1):  # "Bài, ảnh: Minh Hoàng" signs the story too
            (sources if m.type == "ORG" else authors).setdefault(m.name)
    return ArticleCredits(tuple(authors), tuple(sources), tuple(photos))


def _photo_cue(text: str, start: int) -> re.Match[str] | None:
    """The ``Ảnh:`` in the bracket or line before ``start``, if any."""
    opening = max(text.rfind("\n", 0, start), text.rfind("(", 0, start), text.rfind("[", 0, start))
    found = None
    for found in _PHOTO_RE.finditer(text, opening + 1, start):
        pass
    return found
