"""``vnby-tui timeline`` and ``vnby-tui entity``: when a query's articles appeared, and who an entity is.

    vnby-tui timeline QUERY [PATH ...] [--by week|month|year] [--collapse] [--json]
    vnby-tui entity NAME [PATH ...] [--type T] [--contexts N] [--co-mentions N] [--collapse] [--json]

Both count over what ``search`` calls the strong set (phrase and near hits, or every hit
when there are none); an unknown entity name gets suggestions and exit status 1.  Counts
are plain article counts; with ``--collapse`` a syndicated story (the same text in several
papers, :mod:`tui.core.syndication`) counts once, as its earliest dated article.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..core.entity_lookup import ENTITY_TYPES, NotFound, find_entity, others_named
from ..core.text import printable
from ..core.timeline import PERIODS, Timeline, bar_chart, timeline
from .output import write_json


COLLAPSE_HELP = "count each syndicated story (near-duplicate articles) once"


def add_parsers(sub, common) -> None:
    line = sub.add_parser("timeline", help="articles of a query per week, month or year")
    line.add_argument("query", metavar="QUERY")
    line.add_argument("paths", nargs="*", metavar="PATH")
    line.add_argument("--by", choices=PERIODS, default="month", help="the period of a bar (default: month)")
    line.add_argument("--json", action="store_true", help="print one JSON object")
    line.add_argument("--collapse", action="store_true", help=COLLAPSE_HELP)
    common(line)
    entity = sub.add_parser("entity", help="an entity's profile: articles, months, co-mentions, contexts")
    entity.add_argument("name", metavar="NAME")
    entity.add_argument("paths", nargs="*", metavar="PATH")
    entity.add_argument("--type", choices=ENTITY_TYPES, type=str.upper, metavar="TYPE",
                        help="when several entities have the name: PER, ORG, LOC or DATE (default: the most mentioned)")
    entity.add_argument("--contexts", type=int, default=20, metavar="N", help="mentions in context to show (default 20)")
    entity.add_argument("--co-mentions", type=_count, default=CO_MENTIONS, metavar="N",
                        help=f"entities most often in the same articles to list, most specific first, as the "
                             f"profile screen ranks them (default {CO_MENTIONS}; 0: all)")
    entity.add_argument("--json", action="store_true", help="print one JSON object")
    entity.add_argument("--collapse", action="store_true", help=COLLAPSE_HELP)
    common(entity)


#: Co-mentioned entities ``vnby-tui entity`` lists by default (``--co-mentions``).
CO_MENTIONS = 20


def _count(text: str) -> int:
    """``--co-mentions``' N: a whole number, 0 or more."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("0 (all) or more")
    return value


def strong_set(workspace: Any, query: str) -> Any:
    """Every article of the query's strong set, its filter terms applied (``tui.core.find``)."""
    from .search import found

    results = found(workspace, query).results
    return results.strong if results.strong is not None else results.strong_docs()


def run_timeline(args: argparse.Namespace, workspace: Any) -> int:
    docs = strong_set(workspace, args.query)
    if args.collapse:
        docs = workspace.copies.stories(docs, workspace.articles)
    line = timeline(workspace.articles, docs, args.by)
    if args.json:
        write_json(line.as_json(args.query), sys.stdout, indent=1)
        return 0
    for row in bar_chart(line):
        print(row)
    return 0


#: Other entities a name also names, listed at most (the most mentioned first).
SHOWN_OTHERS = 5


def same_name_note(index: Any, entity: Any, name: str) -> str:
    """One line naming the other entities ``name`` names besides ``entity`` and how to pick
    one, or ``""``: ``Việt Nam (LOC, 703 articles) is also ORG (3 articles); choose with
    --type``; ``Donald Trump (PER, 1827 articles); 'trump' also names Trump (LOC, 1 article);
    choose with --type``.  A given name a hundred people carry lists the five most mentioned,
    and asks for a fuller name where ``--type`` cannot choose (all are people)."""
    same, called = others_named(index, entity, name)
    if not same and not called:
        return ""
    note = f"{entity.name} ({entity.type}, {articles(entity.doc_count)})"
    if same:
        note += " is also " + ", ".join(f"{e.type} ({articles(e.doc_count)})" for e in same)
    if called:
        note += f"; {name!r} also names " + ", ".join(f"{e.name} ({e.type}, {articles(e.doc_count)})"
                                                     for e in called[:SHOWN_OTHERS])
        if len(called) > SHOWN_OTHERS:
            note += f" and {len(called) - SHOWN_OTHERS} more"
    other_type = any(e.type != entity.type for e in (*same, *called))
    return note + ("; choose with --type" if other_type else "; give a fuller name to choose")


def profile_json(workspace: Any, entity: Any, limit: int, collapse: bool = False,
                 co_mentions: int = CO_MENTIONS) -> dict[str, Any]:
    """The profile, with ``limit`` contexts and the ``co_mentions`` most specific co-mentioned
    entities (0: all), ranked as on the profile screen; with ``collapse``, ``articles``,
    ``by_month`` and ``co_mentions`` count each syndicated story once and ``contexts`` are those
    of the story's counted article (``mentions`` stays every article's count)."""
    from ..core.profile import build_profile  # (numpy: not imported by every command's parser)

    profile = build_profile(workspace.articles, workspace.entity_index, entity, co_mentions or None,
                            copies=workspace.copies if collapse else None)
    lines = [profile.line(row) for row in range(min(limit, len(profile.mentions)))]
    return {
        "name": entity.name, "type": entity.type, "aliases": list(entity.aliases), "roles": list(entity.roles),
        "articles": len(profile.counted) if collapse else entity.doc_count, "mentions": entity.mention_count,
        "by_month": [{"period": p, "articles": n} for p, n in profile.months],
        "co_mentions": [c.as_json() for c in profile.co_mentions],
        "contexts": [{"id": line.id, "date": line.date or None, "start": line.offset, "end": line.end,
                      "text": line.sentence} for line in lines],
    }


def run_entity(args: argparse.Namespace, workspace: Any) -> int:
    try:
        entity = find_entity(workspace.entity_index, args.name, args.type)
    except NotFound as exc:
        print(f"vnby-tui: {printable(str(exc))}", file=sys.stderr)
        if args.json:  # scripts get an answer to read, as from `search --json` with no hit
            write_json({"name": args.name, "found": False, "error": str(exc), "suggestions": exc.close,
                        "others": [{"name": e.name, "type": e.type, "articles": e.doc_count} for e in exc.others]},
                       sys.stdout, indent=1)
        return 1
    note = same_name_note(workspace.entity_index, entity, args.name)
    if note:
        print(f"vnby-tui: {printable(note)}", file=sys.stderr)
    profile = profile_json(workspace, entity, max(args.contexts, 0), args.collapse, args.co_mentions)
    if args.json:
        write_json(profile, sys.stdout, indent=1)
        return 0
    mentions = f"{profile['mentions']} mention" + ("" if profile["mentions"] == 1 else "s")
    print(printable(f"{profile['name']} ({profile['type']}) — {articles(profile['articles'])}, {mentions}"))
    if profile["roles"]:
        print(printable("roles: " + ", ".join(profile["roles"][:5])))
    if profile["aliases"]:
        print(printable("aliases: " + ", ".join(profile["aliases"][:8])))
    months = [(row["period"], row["articles"]) for row in profile["by_month"]]
    print("\narticles per month:" if months else "\narticles per month: none of its articles is dated")
    for row in bar_chart(Timeline("month", months), width=40):
        print(row)
    print("\nco-mentioned (articles, score):")
    for c in profile["co_mentions"]:
        print(printable(f"  {c['name']} ({c['type']})  {c['articles']}  {c['score']:.1f}"))
    print("\nin context:")
    for c in profile["contexts"]:
        print(printable(f"  {c['date'] or '':10}  {c['id']}  {c['text']}"))
    return 0


def articles(count: int) -> str:
    return f"{count} article" + ("" if count == 1 else "s")
