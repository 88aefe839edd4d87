"""Find article files under the user's paths and load them into :class:`Article` s.

The loader only reads: it never writes to, moves or deletes anything it is
pointed at.  Every problem with an input becomes a one-line
:class:`LoadWarning` naming the file, and loading goes on with the rest.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import stat
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .dates import article_date
from .model import Article, LoadWarning
from .structure import derive_title, has_too_many_lines, split_paragraphs
from .text import UndecodableError, clean_text, decode_bytes, display_name, replace_surrogates

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ""}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
JSON_SUFFIXES = {".json"}
ARTICLE_SUFFIXES = TEXT_SUFFIXES | JSONL_SUFFIXES | JSON_SUFFIXES
#: A gzip-compressed article file (``dump.jsonl.gz``) is read as what it compresses.
GZIP_SUFFIX = ".gz"
#: What a damaged or truncated gzip stream raises while it is read.
GZIP_ERRORS = (EOFError, zlib.error, gzip.BadGzipFile)
TEXT_FIELDS = ("text", "body", "content")
KNOWN_FIELDS = {"id", "title", "date", "url", "source", *TEXT_FIELDS}
#: One article longer than this (in characters) is cut, with a warning: a 100 MB
#: text file is not an article, and would stall the reader and the extractor.
MAX_ARTICLE_CHARS = 4_000_000


@dataclass(frozen=True, slots=True)
class Source:
    """One input file and the name it is known by (its path relative to the PATH given,
    as :func:`~tui.core.text.display_name` writes it: always valid UTF-8)."""

    path: Path
    name: str

    @property
    def shown(self) -> str:
        """The full path as it can be shown and stored (see ``name``)."""
        return display_name(str(self.path))


class NotRegularFile(OSError):
    """An input that is a named pipe, a device or a socket: reading it could block forever."""


_FILE_KINDS = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
               (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def _kind_of(mode: int) -> str:
    return next((name for test, name in _FILE_KINDS if test(mode)), "not a regular file")


def open_regular(path: Path):
    """Open ``path`` for reading in binary, refusing anything but a regular file.

    Opened without blocking and checked on the open descriptor, so a file swapped
    for a FIFO after it was listed cannot hang the load either."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(f"{_kind_of(mode)}, not a file")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


@dataclass(slots=True)
class LoadResult:
    articles: list[Article] = field(default_factory=list)
    warnings: list[LoadWarning] = field(default_factory=list)


def bundled_seeds() -> Path:
    """The seed articles: inside the installed package, or at the repo root in a checkout."""
    packaged = Path(__file__).resolve().parent.parent / "seeds"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent.parent / "seeds"


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


def article_suffix(path: Path) -> str:
    """The suffix that says how ``path`` is read, lower-cased; a ``.gz`` file
    goes by the suffix before it (``x.jsonl.gz`` → ``.jsonl``)."""
    suffix = path.suffix.lower()
    if suffix == GZIP_SUFFIX:
        return Path(path.stem).suffix.lower()
    return suffix


def _open_bytes(path: Path):
    """A binary file object over the bytes of ``path``, decompressed if it is gzipped;
    only a regular file is opened (see :func:`open_regular`)."""
    handle = open_regular(path)
    if path.suffix.lower() == GZIP_SUFFIX:
        unzipped = gzip.GzipFile(fileobj=handle, mode="rb")
        unzipped.myfileobj = handle  # closed with it, as when GzipFile opens the file itself
        return unzipped
    return handle


def _raw_position(handle) -> int:
    """How far into the file on disk ``handle`` has read (compressed bytes for a
    gzip file), so progress is told against the file's size."""
    raw = getattr(handle, "fileobj", None)
    return raw.tell() if raw is not None else handle.tell()


def iter_sources(paths: Iterable[str | os.PathLike[str]], warn: Callable[[LoadWarning], None]) -> Iterator[Source]:
    """Files under ``paths``: directories recursively, sorted, hidden entries skipped,
    symbolic-link loops broken."""
    for raw in paths:
        root = Path(raw)
        if root.is_dir():
            yield from _walk(root, warn)
        elif root.is_file():
            yield _source(root, root.name, warn)
        elif root.exists():
            warn(LoadWarning(str(root), f"{_kind_of(root.stat().st_mode)}, not a file: skipped"))
        else:
            warn(LoadWarning(str(root), "no such file or directory"))


def _source(path: Path, name: str, warn: Callable[[LoadWarning], None]) -> Source:
    """The source of one file; a name that is not valid UTF-8 is said once, in one line."""
    shown = display_name(name)
    if shown != name:
        warn(LoadWarning(str(path), "file name is not valid UTF-8 (its undecodable bytes are shown as \\xNN)"))
    return Source(path, shown)


def _walk(root: Path, warn: Callable[[LoadWarning], None]) -> Iterator[Source]:
    """Depth-first, sorted, without recursion (directory trees may be very deep)."""
    seen: set[str] = set()
    stack: list[Iterator[os.DirEntry[str]]] = []

    def enter(directory: Path) -> None:
        real = os.path.realpath(directory)
        if real in seen:
            warn(LoadWarning(str(directory), "directory visited already (symbolic-link loop), skipped"))
            return
        seen.add(real)
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            warn(LoadWarning(str(directory), f"cannot list directory ({exc.strerror or exc})"))
            return
        stack.append(iter(entries))

    enter(root)
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        if _is_hidden(entry.name):
            continue
        path = Path(entry.path)
        try:
            is_dir, is_file = entry.is_dir(), entry.is_file()
        except OSError as exc:
            warn(LoadWarning(str(path), f"cannot read ({exc.strerror or exc})"))
            continue
        if is_dir:
            enter(path)
        elif is_file and _is_article_file(path):
            yield _source(path, path.relative_to(root).as_posix(), warn)
        elif is_file:
            warn(LoadWarning(str(path), f"skipped: not an article file ({path.suffix or 'no extension'})"))
        elif not path.exists():
            warn(LoadWarning(str(path), "broken symbolic link, skipped"))
        elif _is_article_file(path):
            warn(LoadWarning(str(path), f"{_kind_of(path.stat().st_mode)}, not a file: skipped"))


def _is_article_file(path: Path) -> bool:
    """Found in a directory, is this an article file?  A bare ``x.gz`` is not."""
    if path.suffix.lower() == GZIP_SUFFIX:
        return Path(path.stem).suffix.lower() in ARTICLE_SUFFIXES - {""}
    return path.suffix.lower() in ARTICLE_SUFFIXES


def read_text(path: Path) -> tuple[str, str | None]:
    """Read and decode one file (decompressed if gzipped).  Returns (decoded text,
    decoding note); not yet cleaned, because JSON escapes can still produce unclean
    text after parsing."""
    with _open_bytes(path) as handle:
        data = handle.read()
    decoded = decode_bytes(data)
    return decoded.text, decoded.note


def article_from_text(text: str, doc_id: str, path: str | None, title_in_text: bool = True) -> Article:
    """Build an article from a plain-text body whose first line may be its headline."""
    text, cut_note = _cut_if_huge(text)
    paragraphs = split_paragraphs(text, title_in_text=title_in_text)
    title = derive_title(text, paragraphs) or doc_id
    article = Article(id=doc_id, title=title, text=text, paragraphs=paragraphs, path=path)
    if cut_note:
        article.warnings.append(cut_note)
    if has_too_many_lines(text):
        lines = text.count("\n") + (not text.endswith("\n"))
        article.warnings.append(f"{lines:,} lines: merged into {len(paragraphs):,} paragraphs")
    return article


def _cut_if_huge(text: str) -> tuple[str, str | None]:
    """Keep at most :data:`MAX_ARTICLE_CHARS`, cut at a line or word boundary."""
    if len(text) <= MAX_ARTICLE_CHARS:
        return text, None
    cut = text.rfind("\n", 0, MAX_ARTICLE_CHARS)
    if cut < MAX_ARTICLE_CHARS // 2:
        cut = text.rfind(" ", 0, MAX_ARTICLE_CHARS)
    if cut < MAX_ARTICLE_CHARS // 2:
        cut = MAX_ARTICLE_CHARS
    note = f"article is {len(text) / 1e6:.1f} million characters; only the first {cut / 1e6:.1f} million are loaded"
    return text[:cut], note


#: ``\\ud800``-``\\udfff`` in JSON source: a surrogate escape, which may be a lone one.
_SURROGATE_ESCAPE_RE = re.compile(r"\\u[dD][89a-fA-F]")


def might_hold_surrogates(raw: str) -> bool:
    """Whether JSON text has surrogate escapes (a quick test before a walk of the record)."""
    return _SURROGATE_ESCAPE_RE.search(raw) is not None


def scrub_surrogates(value: Any) -> tuple[Any, int]:
    """A parsed JSON value with every lone surrogate (legal JSON ``"\\ud800"``, common in
    scraped dumps, but no character) replaced by U+FFFD; and how many there were."""
    if isinstance(value, str):
        return replace_surrogates(value)
    if isinstance(value, list):
        items = [scrub_surrogates(v) for v in value]
        return [v for v, _ in items], sum(n for _, n in items)
    if isinstance(value, dict):
        items = [(scrub_surrogates(k), scrub_surrogates(v)) for k, v in value.items()]
        return {k: v for (k, _), (v, _) in items}, sum(a + b for (_, a), (_, b) in items)
    return value, 0


def _surrogates_note(count: int) -> str:
    return f"{count} lone surrogate escape(s) (\\ud800-\\udfff, not characters) replaced by U+FFFD"


def article_from_record(record: dict[str, Any], fallback_id: str, path: str) -> tuple[Article | None, str | None]:
    """Build an article from one JSON object.  Returns (article, problem)."""
    body = next((record[f] for f in TEXT_FIELDS if f in record), None)
    if body is None:
        return None, "no text field (text, body or content)"
    if not isinstance(body, str):
        return None, f"text field is {type(body).__name__}, not a string"
    text = clean_text(body)
    raw_id = record.get("id")
    doc_id = clean_text(str(raw_id)).strip() if raw_id not in (None, "") else fallback_id
    article = article_from_text(text, doc_id or fallback_id, path, title_in_text=False)
    title = record.get("title")
    if isinstance(title, str) and title.strip():
        article.title = " ".join(clean_text(title).split())
    for name in ("date", "url", "source"):
        value = record.get(name)
        if value not in (None, ""):
            setattr(article, name, clean_text(str(value)))
    _date_article(article)
    article.metadata = {k: v for k, v in record.items() if k not in KNOWN_FIELDS}
    return article, None


def _date_article(article: Article) -> None:
    """Settle the article's date (see :mod:`tui.core.dates`); a date field that is no
    date is kept as written, with a warning."""
    article.date, problem = article_date(article.date, article.url, article.text)
    if problem:
        article.warnings.append(problem)


def _load_text_file(source: Source, warn: Callable[[LoadWarning], None]) -> Iterator[Article]:
    text, note = read_text(source.path)
    text = clean_text(text)
    if not text.strip():
        warn(LoadWarning(str(source.path), "empty file, skipped"))
        return
    article = article_from_text(text, source.name, source.shown)
    _date_article(article)
    if note:
        article.warnings.insert(0, note)
    for message in article.warnings:
        warn(LoadWarning(str(source.path), message))
    yield article


#: Python's JSON parser's messages (``exc.msg``) in plain words.
_JSON_PROBLEMS = {
    "Extra data": "more text after the end of the JSON value",
    "Expecting value": "a value is missing or is not JSON",
    "Expecting ',' delimiter": "a ',' or a closing bracket is missing",
    "Expecting ':' delimiter": "a ':' is missing after a key",
    "Expecting property name enclosed in double quotes": "a key is missing or not in double quotes (a comma too many?)",
    "Unterminated string starting at": "a string has no closing quote",
    "Invalid control character at": "a raw control character (a tab or a line break) inside a string",
    "Invalid \\escape": "a backslash escape that JSON does not have",
    "Invalid \\uXXXX escape": "a \\u escape without four hex digits",
}


def json_problem(error: json.JSONDecodeError) -> str:
    """What is wrong in JSON text, in plain words (Python's message if it is a new one)."""
    return _JSON_PROBLEMS.get(error.msg, error.msg)


def _load_jsonl_file(source: Source, warn: Callable[[LoadWarning], None],
                     on_bytes: Callable[[int], None] | None = None) -> Iterator[Article]:
    """Stream a JSON-lines file: one line at a time, so a 200 MB file never sits
    in memory whole, and progress can be told in bytes."""
    seen_any = False
    for number, line, position in _jsonl_lines(source, warn):
        if on_bytes and number % 500 == 0:
            on_bytes(position)
        if not line.strip():
            continue
        seen_any = True
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            problem = json_problem(exc)
            if exc.pos >= len(line.rstrip("\r\n")):  # the line's own end, inside a string
                problem = _JSON_PROBLEMS["Unterminated string starting at"] if "control" in problem else problem
            warn(LoadWarning(str(source.path), f"line {number}: invalid JSON at column {exc.colno} ({problem}), skipped"))
            continue
        if might_hold_surrogates(line):
            record, count = scrub_surrogates(record)
            if count:
                warn(LoadWarning(str(source.path), f"line {number}: {_surrogates_note(count)}"))
        yield from _records_to_articles([record], source, warn, f"line {number}: ", f"{source.name}:{number}")
    if not seen_any:
        warn(LoadWarning(str(source.path), "empty file, skipped"))


def _jsonl_lines(source: Source, warn: Callable[[LoadWarning], None]) -> Iterator[tuple[int, str, int]]:
    """(line number, decoded line, bytes of the file read so far).  UTF-16 files
    are decoded whole; gzipped ones are decompressed as they are read."""
    with _open_bytes(source.path) as handle:
        head = handle.read(4096)
        handle.seek(0)
        if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head:
            text, note = read_text(source.path)
            if note:
                warn(LoadWarning(str(source.path), note))
            for number, line in enumerate(text.split("\n"), start=1):
                yield number, line, 0
            return
        for number, raw in enumerate(handle, start=1):
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                line = raw.decode("utf-8", errors="replace")
                warn(LoadWarning(str(source.path), f"line {number}: invalid UTF-8 bytes replaced"))
            yield number, line, _raw_position(handle)


def _load_json_file(source: Source, warn: Callable[[LoadWarning], None]) -> Iterator[Article]:
    text, note = read_text(source.path)
    if note:
        warn(LoadWarning(str(source.path), note))
    if not text.strip():
        warn(LoadWarning(str(source.path), "empty file, skipped"))
        return
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        problem = json_problem(exc)
        if exc.msg == "Extra data" and exc.colno == 1:  # one object per line: JSON lines
            problem = "more than one JSON value: if it is JSON lines (one article a line), name it .jsonl"
        warn(LoadWarning(str(source.path), f"invalid JSON at line {exc.lineno}, column {exc.colno} ({problem})"))
        return
    if might_hold_surrogates(text):
        data, count = scrub_surrogates(data)
        if count:
            warn(LoadWarning(str(source.path), _surrogates_note(count)))
    records = data if isinstance(data, list) else [data]
    for number, record in enumerate(records, start=1):
        where = f"item {number}: " if isinstance(data, list) else ""
        yield from _records_to_articles([record], source, warn, where, f"{source.name}:{number}")


def _records_to_articles(
    records: list[Any], source: Source, warn: Callable[[LoadWarning], None], where: str, fallback_id: str
) -> Iterator[Article]:
    for record in records:
        if not isinstance(record, dict):
            warn(LoadWarning(str(source.path), f"{where}not a JSON object, skipped"))
            continue
        article, problem = article_from_record(record, fallback_id, source.shown)
        if problem:
            warn(LoadWarning(str(source.path), f"{where}{problem}, skipped"))
        elif article is not None:
            for message in article.warnings:
                warn(LoadWarning(str(source.path), f"{where}{message}"))
            yield article


def gzip_problem(error: BaseException, articles: int) -> str:
    """What went wrong with a gzip file, in plain words (no exception text, no bytes
    literal), and how much of it was read: ``articles`` were read before the error."""
    if isinstance(error, EOFError):
        problem = "gzip file cut short (truncated)"
    elif isinstance(error, gzip.BadGzipFile) and str(error).startswith("Not a gzipped file") and not articles:
        return "not a gzip file (though its name ends in .gz), skipped"
    else:
        problem = "damaged gzip data"
    if not articles:
        return f"{problem}: nothing read from it, skipped"
    return f"{problem} after {articles:,} article{'s' if articles != 1 else ''}: the rest of it is skipped"


#: After this many problems in one file, the rest are counted, not listed.
MAX_WARNINGS_PER_FILE = 20


def load_source(source: Source, warn: Callable[[LoadWarning], None],
                on_bytes: Callable[[int], None] | None = None) -> Iterator[Article]:
    """Articles of one file; problems go to ``warn`` and never raise.

    ``on_bytes(n)`` is told, now and then, how many bytes of the file have been read.
    """
    suffix = article_suffix(source.path)
    problems = 0

    def capped(problem: LoadWarning) -> None:
        nonlocal problems
        problems += 1
        if problems <= MAX_WARNINGS_PER_FILE:
            warn(problem)

    read = 0
    try:
        if suffix in JSONL_SUFFIXES:
            articles = _load_jsonl_file(source, capped, on_bytes)
        elif suffix in JSON_SUFFIXES:
            articles = _load_json_file(source, capped)
        else:
            articles = _load_text_file(source, capped)
        for article in articles:
            read += 1
            yield article
    except UndecodableError as exc:
        capped(LoadWarning(str(source.path), f"{exc}, skipped"))
    except GZIP_ERRORS as exc:
        capped(LoadWarning(str(source.path), gzip_problem(exc, read)))
    except NotRegularFile as exc:
        capped(LoadWarning(str(source.path), f"{exc}: skipped"))
    except OSError as exc:
        capped(LoadWarning(str(source.path), f"cannot read ({exc.strerror or exc}), skipped", retry=True))
    if problems > MAX_WARNINGS_PER_FILE:
        warn(LoadWarning(str(source.path), f"{problems - MAX_WARNINGS_PER_FILE} more problem(s) not listed"))


class IdRegistry:
    """Gives every article a unique id: a repeated id gets a ``~2``, ``~3`` … suffix."""

    def __init__(self) -> None:
        self._seen: dict[str, int] = {}

    def claim(self, article: Article, warn: Callable[[LoadWarning], None]) -> None:
        count = self._seen.get(article.id, 0)
        self._seen[article.id] = count + 1
        if count:
            new_id = f"{article.id}~{count + 1}"
            while new_id in self._seen:
                count += 1
                new_id = f"{article.id}~{count + 1}"
            self._seen[new_id] = 1
            warn(LoadWarning(article.path or article.id, f"duplicate id {article.id!r}, renamed {new_id!r}"))
            article.warnings.append(f"duplicate id, renamed from {article.id!r}")
            article.id = new_id


def iter_articles(
    paths: Iterable[str | os.PathLike[str]], warn: Callable[[LoadWarning], None]
) -> Iterator[Article]:
    """Stream the articles under ``paths`` with unique ids, in a stable order."""
    ids = IdRegistry()
    for source in iter_sources(paths, warn):
        for article in load_source(source, warn):
            ids.claim(article, warn)
            yield article


def load_paths(paths: Iterable[str | os.PathLike[str]]) -> LoadResult:
    """Load every article under ``paths`` (see :func:`iter_articles`)."""
    result = LoadResult()
    result.articles.extend(iter_articles(paths, result.warnings.append))
    return result
