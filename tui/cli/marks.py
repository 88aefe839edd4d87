"""``vnby-tui mark`` and ``vnby-tui marks``: stars, tags and notes from the command line.

    vnby-tui mark ID [PATH ...] (--star | --unstar | --tag TAG | --untag TAG | --note TEXT)
    vnby-tui marks [PATH ...] [--json]

Marks are kept in the user's database (``tui.core.userdb``), keyed by article id and
content, so ``marks`` lists what was marked in these inputs wherever they now live.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ..core.model import Article
from ..core.text import printable
from ..core.userdb import ArticleRef, Marks, ReadOnlyError, UserDB, normalise_tag
from .output import write_json


class MarkError(Exception):
    """A mark that cannot be made; reported in one line with exit status 1."""


def add_parsers(sub, common) -> None:
    """Register ``mark`` and ``marks`` on the subcommand parser ``sub``."""
    mark = sub.add_parser("mark", help="star, tag or annotate an article")
    mark.add_argument("id", metavar="ID", help="the article's id (as `docs` lists it)")
    mark.add_argument("paths", nargs="*", metavar="PATH")
    action = mark.add_mutually_exclusive_group(required=True)
    action.add_argument("--star", action="store_true", help="star the article")
    action.add_argument("--unstar", action="store_true", help="remove the star")
    action.add_argument("--tag", metavar="TAG", help="add a tag")
    action.add_argument("--untag", metavar="TAG", help="remove a tag")
    action.add_argument("--note", metavar="TEXT", help="add a note")
    common(mark)

    marks = sub.add_parser("marks", help="list starred, tagged and annotated articles")
    marks.add_argument("paths", nargs="*", metavar="PATH")
    marks.add_argument("--json", action="store_true", help="print one JSON array")
    common(marks)


def corpus_hint(paths: Sequence[str]) -> str:
    return " ".join(paths)


def marked_articles(db: UserDB, articles: Sequence[Article], paths: Sequence[str]) -> list[tuple[ArticleRef, Marks]]:
    """The articles of the corpus that carry marks, in corpus order.

    Only articles whose id has marks are hashed, so listing costs little on a large corpus."""
    ids = db.marked_ids()
    refs = [ArticleRef.of(a, corpus_hint(paths)) for a in articles if a.id in ids]
    found = db.marks_for(ref.key for ref in refs)
    return [(ref, found[ref.key]) for ref in refs if ref.key in found]


def run_mark(args: argparse.Namespace, articles: Sequence[Article], paths: Sequence[str]) -> int:
    article = next((a for a in articles if a.id == args.id), None)
    if article is None:
        raise MarkError(f"no article with id {args.id!r} in {', '.join(paths)}")
    db = UserDB()
    ref = ArticleRef.of(article, corpus_hint(paths))
    try:
        if args.star:
            db.star(ref)
            done = "starred"
        elif args.unstar:
            db.unstar(ref)
            done = "unstarred"
        elif args.tag is not None:
            db.tag(ref, args.tag)
            done = f"tagged {normalise_tag(args.tag)!r}"
        elif args.untag is not None:
            db.untag(ref, args.untag)
            done = f"untagged {normalise_tag(args.untag)!r}"
        else:
            db.add_note(ref, args.note)
            done = "note added to"
    except (ReadOnlyError, ValueError) as exc:
        raise MarkError(str(exc)) from None
    finally:
        db.close()
    print(f"{done}: {printable(article.id)}  {printable(article.title)}")
    return 0


def marks_as_json(marked: list[tuple[ArticleRef, Marks]]) -> list[dict]:
    return [{"id": ref.doc_id, "title": ref.title, "date": ref.date, "starred": marks.starred,
             "tags": list(marks.tags), "notes": [{"text": n.text, "time": n.time} for n in marks.notes]}
            for ref, marks in marked]


def run_marks(args: argparse.Namespace, articles: Sequence[Article], paths: Sequence[str]) -> int:
    db = UserDB()
    if db.problem:
        print(f"vnby-tui: warning: {printable(db.problem)}", file=sys.stderr)
    marked = marked_articles(db, articles, paths)
    db.close()
    if args.json:
        write_json(marks_as_json(marked), sys.stdout, indent=1)
        return 0
    print("\t".join(("id", "star", "tags", "notes", "title")))
    for ref, marks in marked:
        fields = [ref.doc_id, "*" if marks.starred else "", ", ".join(marks.tags), str(len(marks.notes)), ref.title]
        print("\t".join(printable(f).replace("\t", " ") for f in fields))
    print(f"{len(marked)} marked article(s)", file=sys.stderr)
    return 0
