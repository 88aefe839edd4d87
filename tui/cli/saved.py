"""``vnby-tui saved``: named queries, and what is new since their last run.

    vnby-tui saved add NAME QUERY
    vnby-tui saved list [--json]
    vnby-tui saved run NAME [PATH ...] [--new] [--limit N] [--json]
    vnby-tui saved remove NAME

``saved run`` prints what ``search`` prints for the saved query (``--json``: the same
object); every run records the articles it found (by id and content, in the user's
database), and ``--new`` keeps only those no earlier run had found.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from typing import Any

from ..core.text import printable
from ..core.userdb import MARK_PREFIX, ArticleRef, CorpusMarks, ReadOnlyError, SavedSearch, UserDB, ambiguous_name
from .output import write_json


class SavedError(Exception):
    """A saved-search command that cannot be done; one line, exit status 1."""


def add_parsers(sub, common) -> None:
    saved = sub.add_parser("saved", help="saved searches: add, list, run, remove")
    actions = saved.add_subparsers(dest="saved_action", required=True, parser_class=type(saved))
    add = actions.add_parser("add", help="save a query under a name")
    add.add_argument("name", metavar="NAME")
    add.add_argument("query", metavar="QUERY")
    add.add_argument("--replace", action="store_true", help="replace a saved search of the same name")
    listing = actions.add_parser("list", help="list the saved searches")
    listing.add_argument("--json", action="store_true", help="print one JSON array")
    run = actions.add_parser("run", help="run a saved search")
    run.add_argument("name", metavar="NAME")
    run.add_argument("paths", nargs="*", metavar="PATH")
    run.add_argument("--new", action="store_true", help="only hits no earlier run of it found")
    run.add_argument("--limit", type=int, default=10, metavar="N", help="results shown (default 10; 0: all)")
    run.add_argument("--json", action="store_true", help="print the same JSON object as `search --json`")
    common(run)
    remove = actions.add_parser("remove", help="forget a saved search")
    remove.add_argument("name", metavar="NAME")
    for parser in (add, listing, remove):
        parser.set_defaults(paths=[], no_cache=True, config=None)


def run(args: argparse.Namespace, open_workspace) -> int:
    """Do the ``saved`` action; ``open_workspace()`` loads the corpus, only for ``run``."""
    db = UserDB()
    try:
        if args.saved_action == "add":
            name = args.name.strip()
            before = db.saved_search(name)  # the name however spelled: case and diacritics off
            if before is not None and before.query != args.query.strip() and not args.replace:
                raise SavedError(f"a saved search named {before.name!r} exists ({printable(before.query)!r}); "
                                 "--replace replaces it")
            db.save_search(args.name, args.query)
            print(f"saved {name!r}: {printable(args.query.strip())}")
            if before is not None and before.query != args.query.strip():
                print(f"vnby-tui: {before.name!r} was {printable(before.query)!r}; replaced", file=sys.stderr)
        elif args.saved_action == "remove":
            saved = named(db, args.name)
            db.remove_search(saved.name)
            print(f"removed {saved.name!r}")
        elif args.saved_action == "list":
            list_saved(db, args.json)
        else:
            return run_saved(db, args, open_workspace())
    except (ReadOnlyError, ValueError) as exc:
        raise SavedError(str(exc)) from None
    finally:
        db.close()
    return 0


def named(db: UserDB, name: str) -> SavedSearch:
    """The saved search ``name`` names (exactly, else folded), or a ``SavedError`` saying why not."""
    alike = db.saved_alike(name)
    if len(alike) > 1:
        raise SavedError(ambiguous_name(name, alike))
    if not alike:
        raise SavedError(f"no saved search named {name!r}")
    return alike[0]


def list_saved(db: UserDB, as_json: bool) -> None:
    searches = db.saved_searches()
    if as_json:
        write_json([dataclasses.asdict(s) for s in searches], sys.stdout, indent=1)
        return
    print("\t".join(("name", "query", "last run")))
    for search in searches:
        print("\t".join(printable(f or "").replace("\t", " ") for f in (search.name, search.query, search.last_run)))


def run_saved(db: UserDB, args: argparse.Namespace, workspace: Any) -> int:
    """Run the saved query over the whole corpus, record its strong set, print like ``search``."""
    from .search import found, print_table, results_json

    saved = named(db, args.name)
    if args.limit < 0:
        raise SavedError("--limit must be 0 (all) or more")
    index, articles = workspace.search_index, workspace.articles
    marked = any(key.startswith(MARK_PREFIX) for key, _ in saved.filters)
    marks = CorpusMarks(db, workspace.articles) if marked else None
    started = time.perf_counter()
    results = found(workspace, saved.query, chips=saved.filters, marks=marks).results
    elapsed_ms = (time.perf_counter() - started) * 1000
    strong = set(results.strong_docs())  # phrase and near hits, or every hit when none
    results = dataclasses.replace(results, hits=[hit for hit in results.hits if hit.doc in strong])
    keys = {hit.doc: ArticleRef.of(articles[hit.doc]).key for hit in results.hits}
    try:
        new = db.record_run(saved.name, keys.values())
    except ReadOnlyError as exc:
        print(f"vnby-tui: warning: {printable(str(exc))}; this run is not recorded", file=sys.stderr)
        new = set(keys.values())
    hits = [hit for hit in results.hits if not args.new or keys[hit.doc] in new]
    tiers = dict.fromkeys(results.tiers, 0)  # counted over the hits listed, as total is
    for hit in hits:
        tiers[hit.tier] = tiers.get(hit.tier, 0) + 1
    shown = dataclasses.replace(results, hits=hits[: args.limit or None], total=len(hits), tiers=tiers)
    shown.prepare()
    if args.json:
        write_json(results_json(index, saved.query, shown, elapsed_ms), sys.stdout, indent=1)
    elif args.new and not hits:
        print(f"Nothing new for {printable(saved.query)!r} since the last run.", file=sys.stderr)
    else:
        print_table(index, saved.query, shown, elapsed_ms)
    return 0
