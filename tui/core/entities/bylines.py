"""Bylines and credits: the reporter's name that signs an article, ``Theo Dân Việt``,
a photo's ``Ảnh: …``."""

from __future__ import annotations

import re

from .lexicon import UPPER, is_vietnamese_word

#: A line of names only: a byline.
NAME_IN_BYLINE_RE = re.compile(rf"[{UPPER}][^\W\d_]*(?: [{UPPER}][^\W\d_]*){{1,3}}")
BYLINE_RE = re.compile(rf"{NAME_IN_BYLINE_RE.pattern}(?:\s*[-–,&]\s*{NAME_IN_BYLINE_RE.pattern})*")
#: A line naming the source of a story: ``Theo Dân Việt``, ``Nguồn: Reuters``.
SOURCE_LINE_RE = re.compile(rf"(?:Theo|Nguồn:?) ([{UPPER}][^\s]*(?: [{UPPER}][^\s]*){{0,4}})\.?")
#: A photo credit: the name after it is a person (or an agency, if an acronym).
PHOTO_CREDIT_RE = re.compile(r"(?:ảnh|Ảnh|ẢNH|photo|Photo)\s?:\s?$")


class BylineRules:
    """Lines that sign the article or a photo (a mixin of :class:`.scanner.Scanner`)."""

    def byline(self, start: int, end: int) -> bool:
        """A line that is only Vietnamese names (``Hương Giang - Trường Thịnh``) signs the
        article or a photo: its names are people."""
        if end - start > 80:
            return False
        source = SOURCE_LINE_RE.fullmatch(self.text, start, end)
        if source:  # "Theo Dân Việt": where the story comes from
            self.emit(source.start(1), source.end(1), "ORG")
            return True
        if not BYLINE_RE.fullmatch(self.text, start, end):
            return False
        names = [m for m in NAME_IN_BYLINE_RE.finditer(self.text, start, end)]
        if not all(is_vietnamese_word(w) for m in names for w in m.group().split(" ")):
            return False
        if any(self.keyed[m.start() : m.end()] in self.gaz.never or self.lexicon_match(self.gaz.roles, m.start()) for m in names):
            return False
        for m in names:
            self.emit(m.start(), m.end(), "PER", tokens=m.group().count(" ") + 1)
        return True

    def after_photo_credit(self, s: int) -> bool:
        return PHOTO_CREDIT_RE.search(self.text, max(self.seg_start, s - 8), s) is not None
