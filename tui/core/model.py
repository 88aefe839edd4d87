"""The article model shared by the loader, the index, the entity extractor and the UI."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .text import display_name

#: Paragraph kinds.  ``title`` is a headline line found in the text itself;
#: ``related`` covers the trailing "Có thể bạn quan tâm" block of other stories.
PARAGRAPH_KINDS = ("title", "body", "caption", "image", "related")


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One non-blank line of an article, located by offsets into ``Article.text``."""

    kind: str
    start: int
    end: int


@dataclass(slots=True)
class Article:
    """A loaded article.

    ``text`` is the whole normalised text (NFC, LF, no invisibles).  Every
    offset in the program (paragraphs, search matches, entity spans) points
    into ``text``, except search matches in the ``title`` field, which point
    into ``title``.
    """

    id: str
    title: str
    text: str
    paragraphs: list[Paragraph]
    date: str | None = None
    url: str | None = None
    source: str | None = None
    path: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    #: The ``warnings`` as (code, values) (:mod:`tui.core.problems`), while it is loaded.
    problems: list[tuple[str, dict[str, Any]]] = field(default_factory=list, repr=False, compare=False)

    def paragraph_text(self, paragraph: Paragraph) -> str:
        return self.text[paragraph.start : paragraph.end]

    def paragraphs_of(self, *kinds: str) -> list[Paragraph]:
        return [p for p in self.paragraphs if p.kind in kinds]

    @property
    def related_start(self) -> int | None:
        """Offset where the related-stories block begins, or ``None``."""
        for paragraph in self.paragraphs:
            if paragraph.kind == "related":
                return paragraph.start
        return None

    def body_spans(self) -> list[tuple[int, int]]:
        """Spans of the article's own searchable text: body and captions, not the
        headline line (indexed as the title), image names or the related block."""
        return [(p.start, p.end) for p in self.paragraphs if p.kind in ("body", "caption")]


@dataclass(frozen=True, slots=True)
class LoadWarning:
    """A problem with one input, reported in one line and never fatal.

    ``path`` is kept as it can be shown and stored (a file name that is not valid
    UTF-8 has its bytes written ``\\xNN``).  ``retry`` marks a failure that may go away
    by itself (permission denied, an I/O error): its outcome is never cached.  ``code`` and
    ``values`` say the problem (:mod:`tui.core.problems`), so the interface can word it in its
    own language; ``message`` is its English."""

    path: str
    message: str
    retry: bool = False
    code: str = ""
    values: tuple[tuple[str, Any], ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", display_name(self.path))

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"

    @classmethod
    def of(cls, path: str, code: str, *, retry: bool = False, **values: Any) -> LoadWarning:
        """The warning of problem ``code`` with ``values`` about ``path``, in English words."""
        from .problems import worded

        return cls(path, worded(code, values), retry, code, tuple(values.items()))

    def record(self) -> list[Any]:
        """What the cache keeps of it: path, English words, code and values (JSON)."""
        return [self.path, self.message, self.code, dict(self.values)]

    @classmethod
    def from_record(cls, record: list[Any]) -> LoadWarning:
        """A warning as :meth:`record` kept it."""
        path, message, code, values = record
        return cls(path, message, False, code, tuple(values.items()))
