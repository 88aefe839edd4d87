"""``vnby-tui export``: a query's strong set, the marked articles, or the entity table, to a file.

    vnby-tui export [QUERY] [PATH ...] [--marked | --tag TAG | --entities] --format csv|jsonl|md [-o FILE]

With ``--marked`` or ``--tag`` every positional is a PATH; with ``--entities`` a first positional
that is not an existing file or folder is the QUERY whose articles the table counts over.  Rows
stream to FILE (written whole, then renamed into place) or to standard output; nothing is capped.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from ..core.export import (ARTICLE_FIELDS, ENTITY_FIELDS, FORMATS, CannotCreateFile, atomic_file, corpus_input_at, entity_row,
                           entity_rows_over, hit_rows, marked_article_rows, write_rows)
from ..core.text import printable
from ..core.userdb import CorpusMarks, UserDB


class ExportError(Exception):
    """An export that cannot be done; one line, exit status 1."""


def add_parsers(sub, common) -> None:
    export = sub.add_parser("export", help="export a query's articles, the marked articles or the entities")
    export.add_argument("query", nargs="?", metavar="QUERY")
    export.add_argument("paths", nargs="*", metavar="PATH")
    which = export.add_mutually_exclusive_group()
    which.add_argument("--marked", action="store_true", help="the starred, tagged or annotated articles")
    which.add_argument("--tag", metavar="TAG", help="the articles with this tag")
    which.add_argument("--entities", action="store_true", help="the entity table (of the QUERY's articles, if given)")
    export.add_argument("--format", choices=FORMATS, required=True,
                        help="csv (with a header row; a cell opening with = + - @, a tab or a carriage return gets a "
                             "' before it, so a spreadsheet never runs it as a formula), jsonl (one object "
                             "per line) or md (a Markdown list or table)")
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: standard output)")
    export.add_argument("--force", action="store_true", help="replace FILE if it exists")
    common(export)


def settle_positionals(args: argparse.Namespace) -> None:
    """Which positional is the query: none with --marked/--tag, maybe none with --entities."""
    if args.query is None:
        if not (args.marked or args.tag or args.entities):
            raise ExportError("export needs a QUERY, or --marked, --tag TAG or --entities")
        return
    if args.marked or args.tag or (args.entities and os.path.exists(args.query)):
        args.paths.insert(0, args.query)
        args.query = None


@contextmanager
def destination(path: str | None, fmt: str = "jsonl") -> Iterator[TextIO]:
    """Standard output, or FILE written whole and renamed into place, with the mode any new
    file gets (:func:`tui.core.export.atomic_file`).  A CSV file starts with a UTF-8
    byte-order mark (spreadsheets read the diacritics then); standard output gets none
    (scripts read it)."""
    if path is None:
        yield sys.stdout
        return
    try:
        with atomic_file(path, fmt) as out:
            yield out
    except CannotCreateFile as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from None


def query_rows(workspace: Any, query: str, paths: list[str]) -> Iterator[dict[str, Any]]:
    """One row per article of the query's strong set (phrase and near hits, or
    every hit when it has none), best first, with the user's marks on each."""
    from .marks import corpus_hint
    from .search import found

    articles = workspace.articles
    results = found(workspace, query).results
    strong = set(results.strong_docs())
    marks = _corpus_marks(articles, corpus_hint(paths))
    return hit_rows(articles, (hit for hit in results.hits if hit.doc in strong), marks, workspace.entity_index)


def _corpus_marks(articles: Any, corpus: str | None) -> Any:
    """The marks of the corpus's articles, by document number."""
    db = _marks_db()
    try:
        return CorpusMarks(db, articles, corpus)
    finally:
        db.close()


def _marks_db() -> UserDB:
    """The user's marks database (opened, never created here); a warning says why when it cannot be read."""
    db = UserDB()
    if db.problem:
        print(f"vnby-tui: warning: {printable(db.problem)}", file=sys.stderr)
    return db


def marked_rows(workspace: Any, paths: list[str], tag: str | None) -> Iterator[dict[str, Any]]:
    from .marks import marked_articles

    db = _marks_db()
    by_id = {}
    articles = workspace.articles
    marked = marked_articles(db, articles, paths)
    db.close()
    for doc in range(len(articles)):
        by_id.setdefault(articles[doc].id, doc)
    chosen = ((by_id[ref.doc_id], marks) for ref, marks in marked if tag is None or tag in marks.tags)
    return marked_article_rows(articles, chosen, workspace.entity_index)


def entity_rows(workspace: Any, query: str | None):
    index = workspace.entity_index
    if query is None:
        return (entity_row(e) for e in index.entities())
    from .search import found

    results = found(workspace, query).results
    return entity_rows_over(index, results.strong_docs())


def check_output(args: argparse.Namespace, paths: list[str]) -> None:
    """Refuse, before anything is loaded, a file of the corpus (or one inside its folders),
    and an existing file unless ``--force``: an export never replaces a file silently."""
    if args.output is None:
        return
    source = corpus_input_at(args.output, paths)
    if source is not None:
        raise ExportError(f"{args.output} is the corpus being read ({source}): choose another file")
    if os.path.exists(args.output) and not args.force:
        raise ExportError(f"{args.output} exists; --force replaces it")


def run(args: argparse.Namespace, workspace: Any, paths: list[str]) -> int:
    if args.entities:
        rows, fields = entity_rows(workspace, args.query), ENTITY_FIELDS
    elif args.marked or args.tag is not None:
        rows, fields = marked_rows(workspace, paths, args.tag), ARTICLE_FIELDS
    else:
        rows, fields = query_rows(workspace, args.query, paths), ARTICLE_FIELDS
    with destination(args.output, args.format) as out:
        count = write_rows(rows, fields, args.format, out)
    where = f" to {args.output}" if args.output else ""
    print(f"exported {count} row(s){where}", file=sys.stderr)
    return 0
