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
from .problems import worded
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
    """An input that is a named pipe, a device or a socket: reading it could block forever
    (``kind``: which, as a code of :mod:`tui.core.problems`)."""

    def __init__(self, kind: str) -> None:
        super().__init__(f"{worded(kind, {})}, not a file")
        self.kind = kind


_FILE_KINDS = ((stat.S_ISFIFO, "kind.fifo"), (stat.S_ISCHR, "kind.char"), (stat.S_ISBLK, "kind.block"),
               (stat.S_ISSOCK, "kind.socket"))


def _kind_of(mode: int) -> str:
    """What a file that is not a regular one is, as a code of :mod:`tui.core.problems`."""
    return next((kind for test, kind in _FILE_KINDS if test(mode)), "kind.other")


def open_regular(path: Path):
    """Open ``path`` for reading in binary, refusing anything but a regular file.

    Opened without blocking and checked on the open descriptor, so a file swapped
    for a FIFO after it was listed cannot hang the load either."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(_kind_of(mode))
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
            warn(LoadWarning.of(str(root), "not_a_file", kind=_kind_of(root.stat().st_mode)))
        else:
            warn(LoadWarning.of(str(root), "no_such_path"))


def _source(path: Path, name: str, warn: Callable[[LoadWarning], None]) -> Source:
    """The source of one file; a name that is not valid UTF-8 is said once, in one line."""
    shown = display_name(name)
    if shown != name:
        warn(LoadWarning.of(str(path), "name_not_utf8"))
    return Source(path, shown)


def _walk(root: Path, warn: Callable[[LoadWarning], None]) -> Iterator[Source]:
    """Depth-first, sorted, without recursion (directory trees may be very deep)."""
    seen: set[str] = set()
    stack: list[Iterator[os.DirEntry[str]]] = []

    def enter(directory: Path) -> None:
        real = os.path.realpath(directory)
        if real in seen:
            warn(LoadWarning.of(str(directory), "symlink_loop"))
            return
        seen.add(real)
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            warn(LoadWarning.of(str(directory), "cannot_list", reason=exc.strerror or str(exc)))
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
            warn(LoadWarning.of(str(path), "cannot_read", reason=exc.strerror or str(exc)))
            continue
        if is_dir:
            enter(path)
        elif is_file and _is_article_file(path):
            yield _source(path, path.relative_to(root).as_posix(), warn)
        elif is_file:
            if path.suffix:
                warn(LoadWarning.of(str(path), "not_article_file", suffix=path.suffix))
            else:
                warn(LoadWarning.of(str(path), "not_article_file.bare"))
        elif not path.exists():
            warn(LoadWarning.of(str(path), "broken_symlink"))
        elif _is_article_file(path):
            warn(LoadWarning.of(str(path), "not_a_file", kind=_kind_of(path.stat().st_mode)))


def _is_article_file(path: Path) -> bool:
    """Found in a directory, is this an article file?  A bare ``x.gz`` is not."""
    if path.suffix.lower() == GZIP_SUFFIX:
        return Path(path.stem).suffix.lower() in ARTICLE_SUFFIXES - {""}
    return path.suffix.lower() in ARTICLE_SUFFIXES


def read_text(path: Path) -> tuple[str, tuple[str, dict[str, Any]] | None]:
    """Read and decode one file (decompressed if gzipped).  Returns (decoded text, how it
    was decoded: a problem code and its values, see :class:`~tui.core.text.DecodeResult`);
    not yet cleaned, because JSON escapes can still produce unclean text after parsing."""
    with _open_bytes(path) as handle:
        data = handle.read()
    decoded = decode_bytes(data)
    return decoded.text, decoded.problem


def article_from_text(text: str, doc_id: str, path: str | None, title_in_text: bool = True) -> Article:
    """Build an article from a plain-text body whose first line may be its headline."""
    text, cut = _cut_if_huge(text)
    paragraphs = split_paragraphs(text, title_in_text=title_in_text)
    title = derive_title(text, paragraphs) or doc_id
    article = Article(id=doc_id, title=title, text=text, paragraphs=paragraphs, path=path)
    if cut:
        note_problem(article, "cut", **cut)
    if has_too_many_lines(text):
        lines = text.count("\n") + (not text.endswith("\n"))
        note_problem(article, "lines_merged", lines=lines, paragraphs=len(paragraphs))
    return article


def note_problem(article: Article, code: str, *, first: bool = False, **values: Any) -> None:
    """Note problem ``code`` on ``article``: its English words in ``warnings`` (kept with
    it), the code and values in ``problems`` (for the load warning, in any language)."""
    at = 0 if first else len(article.warnings)
    article.warnings.insert(at, worded(code, values))
    article.problems.insert(at, (code, values))


def _cut_if_huge(text: str) -> tuple[str, dict[str, float] | None]:
    """Keep at most :data:`MAX_ARTICLE_CHARS`, cut at a line or word boundary; when cut, the
    sizes (millions of characters) for the warning."""
    if len(text) <= MAX_ARTICLE_CHARS:
        return text, None
    cut = text.rfind("\n", 0, MAX_ARTICLE_CHARS)
    if cut < MAX_ARTICLE_CHARS // 2:
        cut = text.rfind(" ", 0, MAX_ARTICLE_CHARS)
    if cut < MAX_ARTICLE_CHARS // 2:
        cut = MAX_ARTICLE_CHARS
    return text[:cut], {"size": len(text) / 1e6, "kept": cut / 1e6}


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


def article_from_record(record: dict[str, Any], fallback_id: str,
                        path: str) -> tuple[Article | None, tuple[str, dict[str, Any]] | None]:
    """Build an article from one JSON object.  Returns (article, problem: a code of
    :mod:`tui.core.problems` and its values)."""
    body = next((record[f] for f in TEXT_FIELDS if f in record), None)
    if body is None:
        return None, ("no_text_field", {})
    if not isinstance(body, str):
        return None, ("text_not_string", {"type": type(body).__name__})
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
    raw = article.date
    article.date, problem = article_date(raw, article.url, article.text)
    if problem:
        note_problem(article, "date_not_understood", date=(raw or "")[:40])


def _load_text_file(source: Source, warn: Callable[[LoadWarning], None]) -> Iterator[Article]:
    text, decoding = read_text(source.path)
    text = clean_text(text)
    if not text.strip():
        warn(LoadWarning.of(str(source.path), "empty_file"))
        return
    article = article_from_text(text, source.name, source.shown)
    _date_article(article)
    if decoding:
        note_problem(article, decoding[0], first=True, **decoding[1])
    for code, values in article.problems:
        warn(LoadWarning.of(str(source.path), code, **values))
    yield article


#: Python's JSON parser's messages (``exc.msg``) as problems in plain words (:mod:`tui.core.problems`).
_JSON_PROBLEMS = {
    "Extra data": "json.extra_data",
    "Expecting value": "json.expecting_value",
    "Expecting ',' delimiter": "json.expecting_comma",
    "Expecting ':' delimiter": "json.expecting_colon",
    "Expecting property name enclosed in double quotes": "json.expecting_key",
    "Unterminated string starting at": "json.unterminated_string",
    "Invalid control character at": "json.control_character",
    "Invalid \\escape": "json.invalid_escape",
    "Invalid \\uXXXX escape": "json.invalid_u_escape",
}


def json_problem(error: json.JSONDecodeError) -> str:
    """What is wrong in JSON text: a problem code (Python's message if it is a new one)."""
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
            if exc.pos >= len(line.rstrip("\r\n")) and problem == "json.control_character":  # the line's own end
                problem = "json.unterminated_string"
            warn(LoadWarning.of(str(source.path), "jsonl_invalid", line=number, column=exc.colno, problem=problem))
            continue
        if might_hold_surrogates(line):
            record, count = scrub_surrogates(record)
            if count:
                warn(LoadWarning.of(str(source.path), "surrogates", line=number, count=count))
        yield from _records_to_articles([record], source, warn, {"line": number}, f"{source.name}:{number}")
    if not seen_any:
        warn(LoadWarning.of(str(source.path), "empty_file"))


def _jsonl_lines(source: Source, warn: Callable[[LoadWarning], None]) -> Iterator[tuple[int, str, int]]:
    """(line number, decoded line, bytes of the file read so far).  UTF-16 files
    are decoded whole; gzipped ones are decompressed as they are read."""
    with _open_bytes(source.path) as handle:
        head = handle.read(4096)
        handle.seek(0)
        if head.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in head:
            text, decoding = read_text(source.path)
            if decoding:
                warn(LoadWarning.of(str(source.path), decoding[0], **decoding[1]))
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
                warn(LoadWarning.of(str(source.path), "invalid_utf8_line", line=number))
            yield number, line, _raw_position(handle)


def _load_json_file(source: Source, warn: Callable[[LoadWarning], None]) -> Iterator[Article]:
    text, decoding = read_text(source.path)
    if decoding:
        warn(LoadWarning.of(str(source.path), decoding[0], **decoding[1]))
    if not text.strip():
        warn(LoadWarning.of(str(source.path), "empty_file"))
        return
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        problem = json_problem(exc)
        if exc.msg == "Extra data" and exc.colno == 1:  # one object per line: JSON lines
            problem = "json.several_values"
        warn(LoadWarning.of(str(source.path), "json_invalid", at_line=exc.lineno, column=exc.colno, problem=problem))
        return
    if might_hold_surrogates(text):
        data, count = scrub_surrogates(data)
        if count:
            warn(LoadWarning.of(str(source.path), "surrogates", count=count))
    records = data if isinstance(data, list) else [data]
    for number, record in enumerate(records, start=1):
        where = {"item": number} if isinstance(data, list) else {}
        yield from _records_to_articles([record], source, warn, where, f"{source.name}:{number}")


def _records_to_articles(
    records: list[Any], source: Source, warn: Callable[[LoadWarning], None], where: dict[str, int],
    fallback_id: str
) -> Iterator[Article]:
    """The articles of JSON ``records``; ``where`` they are in the file (``line`` or ``item``
    and its number) heads their warnings."""
    for record in records:
        if not isinstance(record, dict):
            warn(LoadWarning.of(str(source.path), "not_object", **where))
            continue
        article, problem = article_from_record(record, fallback_id, source.shown)
        if problem:
            warn(LoadWarning.of(str(source.path), problem[0], **where, **problem[1]))
        elif article is not None:
            for code, values in article.problems:
                warn(LoadWarning.of(str(source.path), code, **where, **values))
            yield article


def gzip_problem(error: BaseException, articles: int) -> tuple[str, dict[str, Any]]:
    """What went wrong with a gzip file (a problem code and its values: no exception text,
    no bytes literal), and how much of it was read: ``articles`` were read before the error."""
    if isinstance(error, EOFError):
        problem = "gzip.truncated"
    elif isinstance(error, gzip.BadGzipFile) and str(error).startswith("Not a gzipped file") and not articles:
        return "gzip.not_gzip", {}
    else:
        problem = "gzip.damaged"
    if not articles:
        return "gzip.nothing_read", {"problem": problem}
    return ("gzip.after_one", {"problem": problem}) if articles == 1 else \
        ("gzip.after", {"problem": problem, "articles": articles})


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
        capped(LoadWarning.of(str(source.path), "undecodable", problem=exc.code, **exc.values))
    except GZIP_ERRORS as exc:
        code, values = gzip_problem(exc, read)
        capped(LoadWarning.of(str(source.path), code, **values))
    except NotRegularFile as exc:
        capped(LoadWarning.of(str(source.path), "not_a_file", kind=exc.kind))
    except OSError as exc:
        capped(LoadWarning.of(str(source.path), "cannot_read_skipped", retry=True, reason=exc.strerror or str(exc)))
    if problems > MAX_WARNINGS_PER_FILE:
        warn(LoadWarning.of(str(source.path), "more_problems", count=problems - MAX_WARNINGS_PER_FILE))


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
            warn(LoadWarning.of(article.path or article.id, "duplicate_id", id=article.id, new=new_id))
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
