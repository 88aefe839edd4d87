"""Article structure: paragraphs with a kind, titles, and the related-stories block.

News pages pasted into text files carry more than the story: photo captions
(often twice, once as alt text), image file names, and a trailing block of
other stories' headlines ("Có thể bạn quan tâm").  Nothing is thrown away;
each line is kept as a paragraph with a kind, so search and entity extraction
can skip what is not the article's own text and the reader can still show it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .model import Paragraph

RELATED_HEADING_RE = re.compile(r"^\s*(có thể bạn quan tâm|tin liên quan|bài liên quan)\s*:?\s*$", re.I)
CAPTION_RE = re.compile(r"\(\s*(?:ảnh|ảnh minh họa|ảnh minh hoạ|nguồn ảnh|nguồn|photo|video)\s*[:/)]", re.I)
IMAGE_LINE_RE = re.compile(r"^[\w.\-()]+\.(?:jpe?g|png|gif|webp|bmp|tiff?|svg)$", re.I)

#: Past this many lines, an article's lines are merged into at most this many
#: paragraphs of about equal size (a million one-word lines is a list, not an
#: article: one paragraph record each cost ~90x the text in memory).
MAX_PARAGRAPHS = 2_000

TITLE_MAX_CHARS = 90
HEADLINE_MAX_CHARS = 200
HEADLINE_MAX_WORDS = 35

#: Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = {"tp", "ths", "ts", "pgs", "gs", "bs", "ks", "ls", "mr", "mrs", "dr", "st", "v", "tr", "no"}
#: A first line this short ending in a colon introduces the next (a speaker, a heading).
LEAD_IN_MAX_CHARS = 40
#: Characters before a full stop in which its word is looked for first.
_WORD_WINDOW = 40
_SENTENCE_END_RE = re.compile(r"[.!?…]+[\"'”’)]*(?=\s|$)")


def line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line, trimmed of surrounding white space."""
    return _trimmed_lines(text)[0]


def _trimmed_lines(text: str) -> tuple[list[tuple[int, int]], list[str]]:
    """:func:`line_spans`, and the text of each (``text[start:end]``, made once)."""
    spans, lines = [], []
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = pos + (len(line) - len(line.lstrip()))
            spans.append((start, start + len(stripped)))
            lines.append(stripped)
        pos += len(line) + 1
    return spans, lines


def is_headline(line: str, has_following_text: bool) -> bool:
    """A first line reads as a headline when it is short, has no final full stop
    and body text follows it."""
    line = line.strip().lstrip("#").strip()
    return (
        has_following_text
        and 0 < len(line) <= HEADLINE_MAX_CHARS
        and len(line.split()) <= HEADLINE_MAX_WORDS
        and not line.endswith((".", ":", ";", ","))
        and not CAPTION_RE.search(line)
        and not IMAGE_LINE_RE.match(line)
    )


def has_too_many_lines(text: str) -> bool:
    return text.count("\n") >= MAX_PARAGRAPHS


def merged_line_spans(text: str, limit: int = MAX_PARAGRAPHS) -> list[tuple[int, int]]:
    """At most ``limit`` (start, end) spans covering every non-blank line, each a run
    of whole lines of about ``len(text) / limit`` characters, trimmed: no record
    per line is ever made."""
    step = len(text) // limit + 1
    spans = []
    start = 0
    while start < len(text):
        end = text.find("\n", start + step)
        end = len(text) if end < 0 else end
        chunk = text[start:end]
        stripped = chunk.strip()
        if stripped:
            first = start + len(chunk) - len(chunk.lstrip())
            spans.append((first, first + len(stripped)))
        start = end + 1
    return spans


def split_paragraphs(text: str, title_in_text: bool) -> list[Paragraph]:
    """Classify each non-blank line of ``text`` as title, body, caption, image or related.

    A text of :data:`MAX_PARAGRAPHS` lines or more is cut into at most that many
    body paragraphs of whole lines instead (the loader warns)."""
    if has_too_many_lines(text):
        return [Paragraph("body", s, e) for s, e in merged_line_spans(text)]
    spans, lines = _trimmed_lines(text)
    kinds = ["body"] * len(spans)
    for i, line in enumerate(lines):
        if RELATED_HEADING_RE.match(line):
            for j in range(i, len(lines)):
                kinds[j] = "related"
            break
    main_count = kinds.count("body")
    captions = False
    for i in range(main_count):
        if IMAGE_LINE_RE.match(lines[i]):
            kinds[i] = "image"
        elif CAPTION_RE.search(lines[i]):
            kinds[i] = "caption"
            captions = True
    if captions:  # (a copy of a caption stands beside one: without any, none is looked for)
        for i in range(main_count):
            if kinds[i] == "body" and _repeats_neighbour_caption(lines, kinds, i):
                kinds[i] = "caption"
    if title_in_text and main_count and kinds[0] == "body" and is_headline(lines[0], main_count > 1):
        kinds[0] = "title"
    return [Paragraph(kind, s, e) for kind, (s, e) in zip(kinds, spans)]


def _repeats_neighbour_caption(lines: list[str], kinds: list[str], i: int) -> bool:
    """The alt-text copy of a caption: the same line, or its start, beside a caption."""
    for j in (i - 1, i + 1):
        if 0 <= j < len(lines) and kinds[j] == "caption":
            caption = CAPTION_RE.split(lines[j])[0].strip().rstrip(".")
            if lines[i].strip().rstrip(".") in (lines[j].strip().rstrip("."), caption):
                return True
    return False


def sentence_ends(text: str, start: int = 0, end: int | None = None) -> Iterator[re.Match[str]]:
    """The punctuation that ends each sentence of ``text[start:end]``; a full stop after an
    initial or a common abbreviation (``A. Lukashenko``, ``TP. HCM``) does not end one.  A
    one-letter word in lower case or with a diacritic is a word, not an initial: ``đồng ý.``,
    ``vâng ạ.``, ``sang Ý.`` end their sentences."""
    for match in _SENTENCE_END_RE.finditer(text, start, len(text) if end is None else end):
        if match.group().startswith("."):
            word = _word_before(text, start, match.start())
            if _is_initial(word) or _is_abbreviation(word):
                continue
        yield match


def _word_before(text: str, start: int, position: int) -> str:
    """The last word of ``text[start:position]`` (``""`` when none), read from the few
    characters before ``position``: copying the text from ``start`` for each full stop made a
    long paragraph's sentences cost the square of its length."""
    near = max(start, position - _WORD_WINDOW)
    words = text[near:position].rsplit(None, 1)
    if len(words) == 2 or near == start:
        return words[-1] if words else ""
    last = position  # a word (or white space) longer than the window: walk back to its start
    while last > start and text[last - 1].isspace():
        last -= 1
    first = last
    while first > start and not text[first - 1].isspace():
        first -= 1
    return text[first:last]


def _is_initial(word: str) -> bool:
    """An initial (``A`` of ``A. Lukashenko``), or no word at all; a digit (``1.``) is kept with
    what follows as before.  Vietnamese one-letter words (``ý``, ``ạ``, ``Ý``) are not initials."""
    word = word.lstrip("(\"'“")
    return len(word) <= 1 and not (word.isalpha() and not ("A" <= word <= "Z"))


def _is_abbreviation(word: str) -> bool:
    """A title or common abbreviation, alone or joined by full stops (``TS``, ``PGS.TS``, ``ThS.BS``)."""
    return _ABBREVIATIONS.issuperset(word.lower().strip("(\"'“").split("."))


def first_sentence(text: str) -> str:
    """The first sentence of ``text`` (without its full stop)."""
    for match in sentence_ends(text):
        return text[: match.start()].strip() if match.group().startswith(".") else text[: match.end()].strip()
    return text.strip()


def shorten(text: str, limit: int = TITLE_MAX_CHARS) -> str:
    """Cut ``text`` at a word boundary to at most ``limit`` characters, with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    if cut <= 0:
        cut = limit - 1
    return text[:cut].rstrip(" ,;:-–—") + "…"


def _with_what_follows(text: str, paragraphs: list[Paragraph], paragraph: Paragraph, line: str) -> str:
    """A short lead-in (``Ông Phan Đức Hiếu:``) and the line it introduces, which says what it is about."""
    following = [p for p in paragraphs if p.start > paragraph.start and p.kind == "body"]
    return f"{line} {text[following[0].start:following[0].end].strip()}" if following else line.rstrip(":")


def derive_title(text: str, paragraphs: list[Paragraph]) -> str:
    """A title for an article without one: its first sentence, cut to 90 characters."""
    for kinds in (("title",), ("body",), ("caption",)):
        for paragraph in paragraphs:
            if paragraph.kind in kinds:
                line = text[paragraph.start : paragraph.end].lstrip("#").strip()
                if kinds == ("title",):
                    return shorten(line, HEADLINE_MAX_CHARS)
                if line.endswith(":") and len(line) <= LEAD_IN_MAX_CHARS:
                    line = _with_what_follows(text, paragraphs, paragraph, line)
                return shorten(first_sentence(line))
    return ""
