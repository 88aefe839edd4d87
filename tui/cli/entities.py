"""``vnby-tui entities``: the corpus table of entities, or every span as JSON lines.

Called by :mod:`tui.cli` with the parsed arguments (``paths``, ``type``,
``json``, ``spans``, ``query``: only the articles of that query's strong set)
and the opened workspace (entities already extracted,
or restored from the cache).
"""

from __future__ import annotations

import dataclasses
import gc
import json
import sys
from collections.abc import Iterable, Sequence
from json.encoder import encode_basestring as _json_string  # how json.dumps(ensure_ascii=False) writes a string
from typing import TYPE_CHECKING, Any, TextIO

from ..core.text import printable
from .output import escape_unsafe, write_json_array

if TYPE_CHECKING:  # (rich is imported where a table is drawn: ``--spans`` and ``--json`` draw none, 30 ms of their start)
    from rich.table import Table

    from ..core.entities import Entity

_CREDIT = ', "credit": true'


#: Encoded ends of span records a ``--spans`` run keeps for the names that come back (then it starts again).
TAILS_KEPT = 100_000


def span_line(doc_id: str, spans: Iterable[tuple[int, int, str, str, str, bool]], kind: str | None = None,
              tails: dict[tuple, str] | None = None) -> str:
    """The ``--spans`` line of one article: what :func:`.output.safe_json` writes of
    ``{"id", "entities": [{"start", "end", "type", "text", "name"[, "credit": true]}]}``,
    put together from strings (a corpus has a million mentions).  ``tails`` (a dict the
    caller keeps from line to line) remembers each record's encoded end (type, text,
    name, credit): the same names come back all through a corpus."""
    tails = _tails_kept(tails)
    records = []
    for start, end, kind_, text, name, credit in spans:
        if kind is not None and kind_ != kind:
            continue
        key = (kind_, text, name, credit)
        tail = tails.get(key)
        if tail is None:
            tail = tails[key] = _tail(kind_, text, name, credit)
        records.append(f'{{"start": {start}, "end": {end}, {tail}')
    return _line(doc_id, records)


def rows_line(doc_id: str, rows: Iterable[tuple], kind: str | None = None, tails: dict[tuple, str] | None = None) -> str:
    """:func:`span_line` of an article's mention rows as the extractor gives them
    (:data:`..core.entities.MentionRow`), without making the spans first.  With no type asked
    for (the usual run), the records are made in one list comprehension, each record's end read
    from ``tails`` with its bound ``get``: a record's method calls and loop cost more than its
    string (``entities --spans`` makes a million)."""
    tails = _tails_kept(tails)
    if kind is None:
        known, offsets = tails.get, _offsets()
        n = len(offsets)
        return _line(doc_id, [
            f'{{"start": {offsets[start] if start < n else start}, "end": {offsets[end] if end < n else end}, '
            f'{known((kind_, text, name, credit)) or _new_tail(tails, kind_, text, name, credit)}'
            for start, end, kind_, text, name, _, _, _, credit in rows])
    records = []
    for start, end, kind_, text, name, _, _, _, credit in rows:  # (the loop of span_line, rows unpacked in place)
        if kind_ != kind:
            continue
        key = (kind_, text, name, credit)
        tail = tails.get(key)
        if tail is None:
            tail = tails[key] = _tail(kind_, text, name, credit)
        records.append(f'{{"start": {start}, "end": {end}, {tail}')
    return _line(doc_id, records)


#: The offsets below :data:`OFFSETS_KEPT` written out, made at the first ``--spans`` line (:func:`_offsets`).
_OFFSETS: list[str] = []
#: Offsets up to this are written from :data:`_OFFSETS` (most mentions' are): a string each made once.
OFFSETS_KEPT = 1 << 15


def _offsets() -> list[str]:
    """``str(i)`` of every ``i`` below :data:`OFFSETS_KEPT`: a mention's offsets are read from it
    instead of written out for each record (the numbers come back in every article)."""
    if not _OFFSETS:
        _OFFSETS.extend(map(str, range(OFFSETS_KEPT)))
    return _OFFSETS


def _new_tail(tails: dict[tuple, str], kind: str, text: str, name: str, credit: bool) -> str:
    """:func:`_tail` of a record end not in ``tails`` yet, kept there."""
    tail = tails[(kind, text, name, credit)] = _tail(kind, text, name, credit)
    return tail


def _tails_kept(tails: dict[tuple, str] | None) -> dict[tuple, str]:
    """The caller's encoded record ends, emptied once more than ``TAILS_KEPT`` are held."""
    if tails is None:
        return {}
    if len(tails) > TAILS_KEPT:
        tails.clear()
    return tails


def _line(doc_id: str, records: list[str]) -> str:
    """An article's line of its ``records``.  Its id is written as ``json.dumps(doc_id,
    ensure_ascii=False)`` does a string (which makes an encoder per call), and only an id with
    a character beyond ASCII is searched for what a terminal would obey: what
    :func:`.output.escape_unsafe` escapes is none (``isascii`` reads a flag of the string)."""
    encoded = _json_string(doc_id) if type(doc_id) is str else json.dumps(doc_id, ensure_ascii=False)
    return f'{{"id": {encoded if encoded.isascii() else escape_unsafe(encoded)}, "entities": [{", ".join(records)}]}}'


def _tail(kind: str, text: str, name: str, credit: bool) -> str:
    """The end of a span's record, after its offsets (escaped alone: what escape_unsafe
    replaces is one character at a time)."""
    tail = f'"type": {_json_string(kind)}, "text": {_json_string(text)}, "name": {_json_string(name)}{_CREDIT if credit else ""}}}'
    return tail if tail.isascii() else escape_unsafe(tail)  # (what escape_unsafe escapes is beyond ASCII)


def _json_strings(values: Sequence[str]) -> str:
    """A list of strings as ``json.dumps(..., indent=1)`` writes it at the second level."""
    if not values:
        return "[]"
    return "[\n  " + ",\n  ".join(map(_json_string, values)) + "\n ]"


def entity_json(entity: Entity) -> str:
    """An entity's ``--json`` record as ``json.dumps(record, indent=1)`` writes it, put together from strings: the
    standard encoder runs in Python when it indents, and the corpus table of 100,000
    entities took it seconds (the warm ``entities --json`` was mostly that)."""
    return escape_unsafe(
        f'{{\n "name": {_json_string(entity.name)},\n "type": {_json_string(entity.type)},\n'
        f' "roles": {_json_strings(entity.roles)},\n "articles": {int(entity.doc_count)},\n'
        f' "mentions": {int(entity.mention_count)},\n "aliases": {_json_strings(entity.aliases)},\n'
        f' "key": {_json_string(entity.key)}\n}}')


def entity_table(entities: Sequence[Entity]) -> Table:
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"{len(entities)} entities", title_justify="left")
    table.add_column("Name", overflow="fold")
    table.add_column("Type")
    table.add_column("Role(s)", overflow="fold")
    table.add_column("Articles", justify="right")
    table.add_column("Mentions", justify="right")
    table.add_column("Aliases", overflow="fold")
    for e in entities:
        cells = (e.name, e.type, ", ".join(e.roles[:3]), str(e.doc_count), str(e.mention_count), ", ".join(e.aliases[:5]))
        table.add_row(*(Text(printable(cell)) for cell in cells))
    return table


def strong_set(workspace: Any, query: str) -> list[int]:
    """The documents of the query's strong set (phrase and near hits, or every
    hit when it has none), in document order."""
    from .search import found

    return sorted(found(workspace, query).results.strong_docs())


def counted_in(index: Any, docs: Iterable[int], kind: str | None) -> list[Entity]:
    """The entities of ``docs`` with their articles and mentions counted there,
    most frequent first (as the corpus table)."""
    from ..core.result_entities import entities_in

    found = [dataclasses.replace(entity, doc_count=articles, mention_count=mentions)
             for entity, articles, mentions in entities_in(index, docs) if kind is None or entity.type == kind]
    found.sort(key=lambda e: (-e.doc_count, -e.mention_count, e.name))
    return found


def stream_spans(args: Any, paths: list[str], config: Any, out: TextIO | None = None) -> int:
    """``entities --spans`` with no cache to read or write and no corrections to apply: each
    article's line is printed as soon as its entities are found, and nothing is kept
    (:func:`..core.entity_stream.stream_mentions`).  The same lines as :func:`run` prints
    from a loaded workspace."""
    from ..core.entities import EntityExtractor
    from ..core.entity_stream import stream_mentions
    from . import StderrProgress, no_articles, warn

    out = out or sys.stdout
    settings = config["entities"]
    extractor = EntityExtractor({kind: settings[f"extra_{kind}"] for kind in ("PER", "ORG", "LOC")}, settings["never"])
    kind, tails, articles = args.type, {}, 0
    progress = StderrProgress()
    # The garbage collector runs once a batch is printed, on what the batch left (its articles and
    # mentions are gone by then; a cycle among them is found there): running whenever objects
    # pile up, it took 1.1 CPU s on the real corpus, walking the batch in hand again and again.
    collecting = gc.isenabled()
    if collecting:  # (only the one who turned it off turns it on: threads may do this at once)
        gc.disable()
    try:
        for batch in stream_mentions(paths, extractor, lambda problem: warn(str(problem)), progress):
            for article, rows in batch:
                out.write(rows_line(article.id or "", rows, kind, tails) + "\n")
            articles += len(batch)
            del batch
            gc.collect(1)
    finally:
        progress.close()
        if collecting:
            gc.enable()
    if not articles:
        raise no_articles(paths)
    return 0


def run(args: Any, workspace: Any, out: TextIO | None = None) -> int:
    """Print the entity table (or JSON, or spans) of a loaded workspace; return the exit code."""
    out = out or sys.stdout
    kind = args.type
    index = workspace.entity_index
    query = getattr(args, "query", None)
    docs = strong_set(workspace, query) if query else range(len(workspace.articles))
    if getattr(args, "spans", False):
        articles, tails = workspace.articles, {}
        for doc in docs:
            out.write(span_line(articles.article_id(doc), index.spans_of(doc), kind, tails) + "\n")
        return 0
    entities = counted_in(index, docs, kind) if query else index.entities(kind)
    if getattr(args, "limit", 0):
        entities = entities[: args.limit]
    if getattr(args, "json", False):
        write_json_array(entities, out, indent=1, encode=entity_json)
        return 0
    from rich.console import Console

    Console(file=out).print(entity_table(entities))
    return 0
