"""Export articles or entities as CSV, JSON lines or Markdown, streaming, with a citation per article.

Rows are written as they come (a query's whole strong set, every marked article, the whole
entity table: nothing is capped), so an export of 100,000 rows never holds them all.  Every
article row carries what a citation needs — title, author, source, date, URL — and a ready-made
``citation`` string; Markdown rows link the title to the URL.
"""

from __future__ import annotations

import bisect
import csv
import datetime
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TextIO

from .atomic import CannotCreateFile as CannotCreateFile, written_whole  # CannotCreateFile: export's name for it
from .structure import derive_title, sentence_ends
from .text import fold

FORMATS = ("csv", "jsonl", "md")
ARTICLE_FIELDS = ("rank", "id", "title", "author", "date", "source", "url", "tier", "score", "starred", "tags", "notes",
                  "snippet", "citation")
ENTITY_FIELDS = ("name", "type", "articles", "mentions", "roles", "aliases")


def citation(title: str, source: str | None, date: str | None, url: str | None, author: str | None = None, *,
             headline: bool = True, article_id: str | None = None) -> str:
    """``Author, “Title”, source, date, URL`` — the parts that are known, in that order.  An
    article with no headline of its own (``headline=False``: its title was made from its text)
    is cited without one, since quoting its opening words as a headline would misquote the
    paper; ``article_id`` then says which article it is when it has no URL."""
    quoted = f"“{title}”" if headline and title else None
    found_by = article_id if not headline and not url else None
    return ", ".join(part for part in (author, quoted, source, date, url, found_by) if part)


def article_citation(article: Any, credits: Any = None, *, author: str | None = None,
                     headline: bool | None = None) -> str:
    """:func:`citation` of ``article``, with its author (``author`` when already known, else
    :func:`article_author`) and without a title made from its text (``headline`` when already
    known, else :func:`title_is_headline`)."""
    author = author or article_author(article, credits)
    headline = title_is_headline(article) if headline is None else headline
    return citation(article.title, article.source, article.date, article.url, author,
                    headline=headline, article_id=article.id)


def article_author(article: Any, credits: Any = None) -> str | None:
    """Who signed ``article``: its own ``author`` (or ``authors``) field, else the byline the
    entity extractor read from its text (``credits``, an
    :class:`~tui.core.entities.credits.ArticleCredits`: what the reader shows as ``by …``)."""
    metadata = getattr(article, "metadata", None) or {}
    for key in ("author", "authors"):
        value = metadata.get(key)
        names = [value] if isinstance(value, str) else value if isinstance(value, list) else []
        names = [" ".join(name.split()) for name in names if isinstance(name, str) and name.strip()]
        if names:
            return ", ".join(names)
    authors = getattr(credits, "authors", None)
    return ", ".join(authors) if authors else None


def credits_in(entity_index: Any, doc: int, text: str) -> Any:
    """The credits (byline, ``Theo Reuters``, photos) of article ``doc`` from the entity index,
    or ``None`` when there is no index yet."""
    if entity_index is None:
        return None
    from .entities.credits import article_credits

    return article_credits(text, [m for m in entity_index.mentions_of(doc) if m.credit])


def title_is_headline(article: Any) -> bool:
    """Whether the title is the article's own headline: not its id, and not made up by the
    loader from its first sentence (:func:`~tui.core.structure.derive_title`) for a source
    without one.  A source's headline that its text repeats as its first line looks made up
    and is cited without (3 of 3,000 baomoi articles); a short first line of a text without
    a headline is often a subheading ('Dòng tiền tích cực': 209 of 2,373 on dantri-unc),
    not to be quoted as the headline."""
    title = article.title.strip()
    if not title or title == article.id:
        return False
    return any(p.kind == "title" for p in article.paragraphs) or title != derive_title(article.text, article.paragraphs)


def sentence_at(article: Any, offset: int) -> tuple[int, int]:
    """The span of the sentence of ``article.text`` that holds ``offset`` (within its paragraph)."""
    return ArticleSentences(article).at(offset)


class ArticleSentences:
    """The sentences of one article, found by bisection over each paragraph's sentence ends,
    read in one pass as far as asked: a profile's concordance asks for those of hundreds of
    mentions in one paragraph, and reading it again from its start for each cost the square
    of its length."""

    def __init__(self, article: Any) -> None:
        self.article = article
        self._paragraphs: dict[int, _ParagraphSentences] = {}

    def at(self, offset: int) -> tuple[int, int]:
        """The span of the sentence that holds ``offset`` (as :func:`sentence_at`)."""
        start, end = paragraph_at(self.article, offset)
        paragraph = self._paragraphs.get(start)
        if paragraph is None:
            paragraph = self._paragraphs[start] = _ParagraphSentences(self.article.text, start, end)
        return paragraph.at(offset)


class _ParagraphSentences:
    """Where the sentences of ``text[start:end]`` start (after the white space that follows the
    previous one) and end, read from :func:`sentence_ends` only as far as an offset asked needs."""

    def __init__(self, text: str, start: int, end: int) -> None:
        self.text, self.end = text, end
        self.starts, self.ends = [start], []
        self._stops: Iterator[re.Match[str]] | None = sentence_ends(text, start, end)

    def at(self, offset: int) -> tuple[int, int]:
        while self._stops is not None and (not self.ends or self.ends[-1] <= offset):
            self._read_one()
        i = min(bisect.bisect_right(self.ends, offset), len(self.ends) - 1)
        return self.starts[i], self.ends[i]

    def _read_one(self) -> None:
        """The next sentence's end; past the last, the paragraph's (the last runs to it)."""
        match = next(self._stops, None) if self._stops is not None else None
        if match is None:
            self._stops = None
            self.ends.append(self.end)
            return
        cut = match.end()
        self.ends.append(cut)
        while cut < self.end and self.text[cut].isspace():
            cut += 1
        self.starts.append(cut)


def paragraph_at(article: Any, offset: int) -> tuple[int, int]:
    """The span of the paragraph that holds ``offset`` (the whole text when none does)."""
    for paragraph in article.paragraphs:
        if paragraph.start <= offset < max(paragraph.end, paragraph.start + 1):
            return paragraph.start, paragraph.end
    return 0, len(article.text)


def quoted_with_citation(article: Any, start: int, end: int, credits: Any = None) -> str:
    """``“passage” — Author, “Title”, source, date, URL``: what a reporter pastes into a draft."""
    passage = " ".join(article.text[start:end].split())
    return f"“{passage}” — {article_citation(article, credits)}"


def article_row(rank: int, article: Any, *, tier: str | None = None, score: float | None = None,
                snippet: str | None = None, marks: Any = None, credits: Any = None) -> dict[str, Any]:
    """One exported article, with the user's ``marks`` on it (a :class:`tui.core.userdb.Marks`):
    an analyst's stars, tags and notes travel with the rows they put them on; its author from
    its own field or its ``credits`` (:func:`credits_in`), found once for its column and its citation;
    whether its title is its headline (:func:`title_is_headline`), found once for its citation and
    its Markdown item (``headline``, not a column)."""
    author = article_author(article, credits)
    headline = title_is_headline(article)
    return {
        "rank": rank, "id": article.id, "title": article.title, "author": author,
        "date": article.date, "source": article.source,
        "url": article.url, "tier": tier, "score": score, "starred": bool(marks and marks.starred),
        "tags": list(marks.tags) if marks else [], "notes": [note.text for note in marks.notes] if marks else [],
        "snippet": snippet, "citation": article_citation(article, author=author, headline=headline),
        "headline": headline,
    }


def entity_row(entity: Any, articles: int | None = None, mentions: int | None = None) -> dict[str, Any]:
    """An entity with its corpus counts, or with ``articles``/``mentions`` counted over a set of articles."""
    return {"name": entity.name, "type": entity.type,
            "articles": entity.doc_count if articles is None else articles,
            "mentions": entity.mention_count if mentions is None else mentions,
            "roles": list(entity.roles), "aliases": list(entity.aliases)}


def entity_rows_over(index: Any, docs: Iterable[int]) -> list[dict[str, Any]]:
    """The entity table of a set of articles: articles and mentions counted in that set only,
    most articles first (then mentions, then name)."""
    from .result_entities import entities_in

    ordered = sorted(entities_in(index, docs), key=lambda e: (-e[1], -e[2], e[0].name, e[0].key))
    return [entity_row(entity, articles, mentions) for entity, articles, mentions in ordered]


def hit_rows(articles: Any, hits: Iterable[Any], marks: Any = None, entity_index: Any = None) -> Iterator[dict[str, Any]]:
    """One row per search hit, in the order given (ranked from 1), with its snippet and the
    user's ``marks`` on it (a :class:`~tui.core.userdb.CorpusMarks`): what ``vnby-tui export
    QUERY`` and the explorer's export both write."""
    for rank, hit in enumerate(hits, 1):
        hit._locate()
        article = articles[hit.doc]
        yield article_row(rank, article, score=hit.score, snippet=hit.snippet, tier=getattr(hit, "tier", None),
                          marks=marks.of(hit.doc) if marks is not None else None,
                          credits=credits_in(entity_index, hit.doc, article.text))


def marked_article_rows(articles: Any, marked: Iterable[tuple[int, Any]], entity_index: Any = None) -> Iterator[dict[str, Any]]:
    """One row per marked article (``(doc, Marks)`` pairs, in corpus order), with its marks."""
    for rank, (doc, marks) in enumerate(marked, 1):
        yield article_row(rank, articles[doc], marks=marks, credits=credits_in(entity_index, doc, articles[doc].text))


def write_rows(rows: Iterable[dict[str, Any]], fields: Sequence[str], fmt: str, out: TextIO) -> int:
    """Write ``rows`` to ``out`` in ``fmt``; returns how many were written."""
    writer = {"csv": _write_csv, "jsonl": _write_jsonl, "md": _write_markdown}[fmt]
    return writer(rows, fields, out)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    return str(value)


def _csv_cell(field: str, value: Any) -> str:
    """One CSV cell (quoted by the ``csv`` module where it needs to be): a list one item a line
    — tags, roles, aliases; notes, which may span lines, separated by an empty line (an empty
    line inside a note is closed up, so one only ever separates two notes).  A ``"; "`` between
    items was ambiguous: a tag or a note may hold one."""
    if not isinstance(value, (list, tuple)):
        return _cell(value)
    if field == "notes":
        return "\n\n".join(_BLANK_LINES_RE.sub("\n", str(note).replace("\r\n", "\n").replace("\r", "\n").strip())
                           for note in value)
    return "\n".join(str(item) for item in value)


#: Line breaks with only white space between them: an empty line.
_BLANK_LINES_RE = re.compile(r"\n\s*\n")


#: What a spreadsheet (Excel, LibreOffice Calc, Google Sheets) takes as the start of a formula.
FORMULA_OPENINGS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(cell: str) -> str:
    """A CSV cell a spreadsheet shows as text, never runs (CSV injection): one that opens with
    ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a single quote before it, as
    OWASP recommends (``=HYPERLINK(…)`` → ``'=HYPERLINK(…)``); any other cell is unchanged.
    CSV only: JSONL and Markdown are read by programs and people, not evaluated."""
    return "'" + cell if cell.startswith(FORMULA_OPENINGS) else cell


def _write_csv(rows: Iterable[dict[str, Any]], fields: Sequence[str], out: TextIO) -> int:
    writer = csv.writer(out)
    writer.writerow(fields)
    count = 0
    for count, row in enumerate(rows, 1):
        writer.writerow([formula_safe(_csv_cell(f, row[f])) for f in fields])
    return count


def _write_jsonl(rows: Iterable[dict[str, Any]], fields: Sequence[str], out: TextIO) -> int:
    count = 0
    for count, row in enumerate(rows, 1):
        out.write(json.dumps({f: row[f] for f in fields}, ensure_ascii=False) + "\n")
    return count


def _md(text: Any) -> str:
    """Markdown-safe inline text: brackets, pipes and newlines cannot break the row."""
    return " ".join(_cell(text).split()).replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]").replace("|", "\\|")


def _write_markdown(rows: Iterable[dict[str, Any]], fields: Sequence[str], out: TextIO) -> int:
    count = 0
    if "citation" in fields:  # articles: a numbered list of linked titles with their citation
        for count, row in enumerate(rows, 1):
            star = "★ " if row.get("starred") else ""
            line = f"{count}. {star}{_markdown_item(row)}"
            if row.get("url"):
                line += f" — <{row['url']}>"
            out.write(line + "\n")
            if row.get("snippet"):
                out.write(f"   > {_md(row['snippet'])}\n")
            _write_marks_markdown(row, out)
        return count
    out.write("| " + " | ".join(fields) + " |\n|" + "---|" * len(fields) + "\n")
    for count, row in enumerate(rows, 1):
        out.write("| " + " | ".join(_md(row[f]) for f in fields) + " |\n")
    return count


def _markdown_item(row: dict[str, Any]) -> str:
    """``[Title](<url>) — author, source, date``: the title linked only when it is the article's
    headline (a title made from its text is no more a link's text than it is quoted in its
    citation); without one, what is known of it, else its id."""
    title = None
    if row.get("headline", True) and row["title"]:
        title = f"[{_md(row['title'])}](<{row['url']}>)" if row.get("url") else _md(row["title"])
    rest = ", ".join(_md(p) for p in (row.get("author"), row["source"], row["date"]) if p)
    return " — ".join(part for part in (title, rest) if part) or _md(row["id"])


def _write_marks_markdown(row: dict[str, Any], out: TextIO) -> None:
    """The user's tags and notes under the article's item (its star is before the title)."""
    if row.get("tags"):
        out.write(f"   - tags: {', '.join(_md(tag) for tag in row['tags'])}\n")
    for note in row.get("notes") or ():
        out.write(f"   - note: {_md_lines(note)}\n")


#: What opens a Markdown block (heading, quote, list item, rule, fence, table) at a line's start.
_BLOCK_OPENING_RE = re.compile(r"^(?:[#>*+=_~`<-]|\d+(?=[.)]))")
#: A continuation line of a note item: indented to the item's text (``   - ``), so it stays in it.
_NOTE_INDENT = "     "


def _md_lines(text: Any) -> str:
    """A multi-line note as Markdown that keeps its lines inside its list item: each line
    Markdown-safe (:func:`_md`), ended by a hard line break (``\\``), indented under the item,
    a line that would open a block (``# ``, ``- ``, ``1. ``, ``> ``) escaped; blank lines
    between paragraphs of the note become one blank line."""
    paragraphs = [[_md(line) for line in block.splitlines() if line.strip()]
                  for block in re.split(r"\n\s*\n", _cell(text).replace("\r\n", "\n").replace("\r", "\n"))]
    paragraphs = [lines for lines in paragraphs if lines]
    escaped = [[_BLOCK_OPENING_RE.sub(_escape_opening, line) if i or p else line
                for i, line in enumerate(lines)] for p, lines in enumerate(paragraphs)]
    return f"\n\n{_NOTE_INDENT}".join(f"\\\n{_NOTE_INDENT}".join(lines) for lines in escaped)


def _escape_opening(match: re.Match[str]) -> str:
    """``\\#``, ``\\-``; a number's full stop: ``1\\.``."""
    opening = match.group()
    return opening + "\\" if opening[0].isdigit() else "\\" + opening


# -- files ---------------------------------------------------------------------------------------------

#: What each format's file name ends with.
EXTENSIONS = {"csv": ".csv", "jsonl": ".jsonl", "md": ".md"}
#: How much of a query a proposed file name keeps.
_SLUG_LENGTH = 40


def file_encoding(fmt: str) -> str:
    """A CSV file starts with a UTF-8 byte-order mark: without it, spreadsheets (Excel) read
    the diacritics in the system's legacy code page."""
    return "utf-8-sig" if fmt == "csv" else "utf-8"


def export_file_name(query: str, fmt: str, day: datetime.date, what: str = "results") -> str:
    """``vnby-<query>-<date>.csv``: the query folded to ASCII words joined by dashes (``Tô Lâm``
    → ``to-lam``), ``all-hits`` after it for every hit (the weak ones too; the search's results
    have none), ``entities`` for an entity table, ``marked`` for the marked articles; a name a
    shell, a spreadsheet and another operating system all take as it is."""
    words = re.sub(r"[^a-z0-9]+", "-", fold(query)).strip("-")
    if len(words) > _SLUG_LENGTH:
        words = words[:_SLUG_LENGTH].rsplit("-", 1)[0]
    parts = ["vnby", "marked"] if what == "marked" else ["vnby", words, _NAMED.get(what, "")]
    return "-".join(part for part in (*parts, day.isoformat()) if part) + EXTENSIONS[fmt]


#: What a proposed file name says after the query, by what is exported.
_NAMED = {"all": "all-hits", "entities": "entities"}


def unused_file_name(name: str, taken: Callable[[str], bool] = os.path.exists) -> str:
    """``name``, or, when a file of that name exists, the first of ``name-2``, ``name-3`` …
    (before the extension) that does not: a proposed name never names a file to replace."""
    stem, extension = os.path.splitext(name)
    number = 1
    while taken(name):
        number += 1
        name = f"{stem}-{number}{extension}"
    return name


@contextmanager
def atomic_file(path: str, fmt: str) -> Iterator[TextIO]:
    """``path`` written whole or not at all, with the mode any new file of the user's gets
    (:func:`tui.core.atomic.written_whole`), in the format's encoding.  Raises
    :class:`CannotCreateFile` when it cannot even be started."""
    with written_whole(path, file_encoding(fmt), newline="") as handle:
        yield handle


def corpus_input_at(path: str, corpus_paths: Sequence[str]) -> str | None:
    """The corpus input ``path`` would overwrite or land in (the file itself, or a folder the
    corpus is read from, where the next load would read the export as articles), or None.
    An export never replaces what it was made from."""
    target = os.path.realpath(path)
    for source in corpus_paths:
        real = os.path.realpath(source)
        if target == real or (os.path.isdir(real) and target.startswith(real.rstrip(os.sep) + os.sep)):
            return source
    return None


def export_to_file(path: str, rows: Iterable[dict[str, Any]], fields: Sequence[str], fmt: str) -> int:
    """Write ``rows`` to the file ``path`` (:func:`atomic_file`); returns how many."""
    with atomic_file(path, fmt) as out:
        return write_rows(rows, fields, fmt, out)
