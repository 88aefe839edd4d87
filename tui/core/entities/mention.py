"""What extraction produces: a :class:`Mention` per occurrence (and :class:`Candidate`
while the rules are still deciding)."""

from __future__ import annotations

from dataclasses import dataclass

ENTITY_TYPES = ("PER", "ORG", "LOC", "DATE")

#: A mention as a plain tuple, its fields in :class:`Mention`'s order: how the extractor hands
#: mentions to the index and from one process to another (a million objects cost several times more
#: to build, read and pickle than the tuples they are made from).
MentionRow = tuple  # (start, end, type, text, name, role, block, value, credit)


@dataclass(slots=True)
class Mention:
    """One occurrence of an entity: ``article.text[start:end] == text``.

    ``name`` is the canonical name (aliases merged within the article);
    ``role`` the title written before a person (``Tổng Bí thư``); ``block``
    is ``"main"`` for the article's own text and ``"related"`` for the
    trailing block of other stories' headlines; ``value`` is the ISO form
    of a date when the text determines it.  ``credit`` marks a byline or a
    credit (the reporter signing the article, ``Theo Reuters``, ``Ảnh: …``):
    a real person or organisation, but not what the story talks about.
    """

    start: int
    end: int
    type: str
    text: str
    name: str
    role: str | None = None
    block: str = "main"
    value: str | None = None
    credit: bool = False

    def row(self) -> MentionRow:
        return (self.start, self.end, self.type, self.text, self.name, self.role, self.block, self.value, self.credit)


@dataclass(slots=True, init=False)
class Candidate:
    """A mention before canonical names are settled; ``kind`` None means type unknown.

    Its ``__init__`` is written out, not generated: the compiled rules (``hatch_build.py``)
    make a hundred thousand of them per ten megabytes of text, and mypyc compiles a
    written ``__init__`` but leaves the one ``dataclass`` generates interpreted."""

    start: int
    end: int
    kind: str | None
    name: str
    role: str | None
    value: str | None
    tokens: int
    credit: bool
    weak: bool  # typed by its shape alone (a family name first), not by any context

    def __init__(self, start: int, end: int, kind: str | None, name: str, role: str | None = None,
                 value: str | None = None, tokens: int = 1, credit: bool = False, weak: bool = False) -> None:
        self.start = start
        self.end = end
        self.kind = kind
        self.name = name
        self.role = role
        self.value = value
        self.tokens = tokens
        self.credit = credit
        self.weak = weak
