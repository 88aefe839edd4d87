"""``vnby-tui curate``: correct the entity table — merge, hide, rename, retype — or undo.

    vnby-tui curate merge NAME INTO | hide NAME | rename NAME NEW | retype NAME TYPE
    vnby-tui curate list [--json] | undo

The corrections go to the curation file (``tui.core.curation``) and apply from the next
load on, everywhere entities are shown.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from ..core.curation import TYPES, Action, Curation, describe_all
from ..core.text import printable
from .output import write_json


def add_parsers(sub, common) -> None:
    curate = sub.add_parser("curate", help="merge, hide, rename or retype entities")
    actions = curate.add_subparsers(dest="curate_action", required=True, parser_class=type(curate))
    merge = actions.add_parser("merge", help="make NAME one entity with INTO")
    merge.add_argument("name", metavar="NAME")
    merge.add_argument("value", metavar="INTO")
    hide = actions.add_parser("hide", help="never show NAME")
    hide.add_argument("name", metavar="NAME")
    rename = actions.add_parser("rename", help="show NAME as NEW")
    rename.add_argument("name", metavar="NAME")
    rename.add_argument("value", metavar="NEW")
    retype = actions.add_parser("retype", help="give NAME another type")
    retype.add_argument("name", metavar="NAME")
    retype.add_argument("value", metavar="TYPE", type=str.upper, choices=TYPES)
    listing = actions.add_parser("list", help="the corrections, in order")
    listing.add_argument("--json", action="store_true", help="print one JSON array")
    actions.add_parser("undo", help="remove the last correction")
    for parser in (merge, hide, rename, retype, listing, actions.choices["undo"]):
        parser.add_argument("--config", metavar="FILE", help="read settings from FILE")
        parser.set_defaults(paths=[], no_cache=True)


def curation_path(config) -> Path | None:
    configured = config["entities"].get("curation", "")
    return Path(configured).expanduser() if configured else None


def run(args: argparse.Namespace, config) -> int:
    curation = Curation.load(curation_path(config))
    if args.curate_action == "list":
        if args.json:
            write_json([dataclasses.asdict(a) for a in curation.actions], sys.stdout, indent=1)
        else:
            for line in describe_all(curation.actions) or ["no corrections yet"]:
                print(printable(line))
            print(f"file: {curation.path}", file=sys.stderr)
        return 0
    if args.curate_action == "undo":
        undone = curation.undo()
        print(f"undone: {printable(undone.describe())}" if undone else "nothing to undo")
        return 0
    action = curation.add(Action(args.curate_action, args.name, getattr(args, "value", None)))  # CurationError
    print(f"{printable(action.describe())} (in {curation.path})")
    return 0
