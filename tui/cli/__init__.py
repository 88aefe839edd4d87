"""Command-line entry point: ``vnby-tui [PATH ...]`` opens the explorer; subcommands
``docs``, ``search`` and ``entities`` print what the core sees.

User mistakes (a missing path, a broken config) end with one line on standard
error and exit status 2 — never a traceback.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..core.config import Config, ConfigError, load_config
from ..core.curation import CurationError
from ..core.filters import SORTS, QuerySyntaxError, needs_entities, parse
from ..core.text import printable
from .output import always_utf8, typed_text, write_json

if TYPE_CHECKING:
    from ..core.loader import LoadResult

PROG = "vnby-tui"
COMMANDS = ("docs", "search", "entities", "cache", "mark", "marks", "saved", "export", "curate", "timeline", "entity")


class UsageError(Exception):
    """A mistake in the command line; reported in one line with exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse would print usage + exit; keep it one line
        raise UsageError(message)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", metavar="FILE", help="read settings from FILE")
    parser.add_argument("--no-cache", action="store_true", help="do not read or write the index cache")


def build_app_parser() -> argparse.ArgumentParser:
    """The parser of the bare command (open the explorer).  Built alone: the subcommands'
    modules (numpy among their imports) would delay the explorer's first frame."""
    app = _Parser(prog=PROG, description="Explore a corpus of Vietnamese news articles in the terminal.",
                  epilog=f"Subcommands: {', '.join(COMMANDS)} (see '{PROG} COMMAND --help').")
    app.add_argument("paths", nargs="*", metavar="PATH", help="files or directories of articles (default: config, then the bundled seeds)")
    app.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    _common(app)
    return app


def build_command_parser() -> argparse.ArgumentParser:
    """The parser of the subcommands."""
    main = _Parser(prog=PROG)
    sub = main.add_subparsers(dest="command", parser_class=_Parser)

    docs = sub.add_parser("docs", help="list the loaded articles")
    docs.add_argument("paths", nargs="*", metavar="PATH")
    docs.add_argument("--json", action="store_true", help="print one JSON array")
    _common(docs)

    search = sub.add_parser("search", help="search the corpus")
    search.add_argument("query", nargs="?", metavar="QUERY", help="the query (omit with --batch)")
    search.add_argument("paths", nargs="*", metavar="PATH")
    search.add_argument("--limit", type=int, default=10, metavar="N", help="results per query (default 10; 0: all hits)")
    search.add_argument("--tier", choices=("phrase", "near", "scattered"), help="only hits of this tier and the stronger ones")
    search.add_argument("--sort", choices=SORTS, default="relevance",
                        help="relevance (default), or newest/oldest first within each tier (undated last)")
    search.add_argument("--json", action="store_true", help="print JSON")
    search.add_argument("--batch", action="store_true", help="read one query per line from standard input, write one JSON line each")
    search.add_argument("--collapse", action="store_true",
                        help="list each syndicated story once (its best-ranked article, its copies' ids beside it)")
    _common(search)

    entities = sub.add_parser("entities", help="list the entities of the corpus")
    entities.add_argument("paths", nargs="*", metavar="PATH")
    entities.add_argument("--type", type=str.upper, choices=("PER", "ORG", "LOC", "DATE"), help="only this type")
    entities.add_argument("--json", action="store_true", help="print JSON")
    entities.add_argument("--spans", action="store_true", help="one JSON line per article with entity spans")
    entities.add_argument("--query", metavar="QUERY", help="only the articles of the query's strong set (phrase and near hits)")
    entities.add_argument("--limit", type=int, default=0, metavar="N", help="the N most frequent only (default 0: all)")
    _common(entities)

    cache = sub.add_parser("cache", help="show or clear the index cache")
    cache.add_argument("action", choices=("info", "clear"), help="info: where, how big, which corpora; clear: remove it")
    cache.add_argument("--config", metavar="FILE", help="read settings from FILE")
    cache.set_defaults(paths=[], no_cache=True)

    from .marks import add_parsers as add_mark_parsers
    from .export import add_parsers as add_export_parsers
    from .saved import add_parsers as add_saved_parsers
    add_mark_parsers(sub, _common)
    add_saved_parsers(sub, _common)
    add_export_parsers(sub, _common)
    from .curate import add_parsers as add_curate_parsers
    add_curate_parsers(sub, _common)
    from .timeline import add_parsers as add_timeline_parsers
    add_timeline_parsers(sub, _common)
    return main


def _intermixed(parser: argparse.ArgumentParser, argv: Sequence[str]) -> argparse.Namespace:
    """Options anywhere among the positionals, as users type them (``search lâm --json
    PATH``); after ``--`` everything is positional (a query that starts with ``-``).

    argparse's intermixed parsing fails on an argument starting with ``-`` after
    ``--`` in some Python versions, so those arguments pass through as stand-ins
    (an argument can hold no NUL) and are put back afterwards."""
    argv = list(argv)
    held: dict[str, str] = {}
    if "--" in argv:
        cut = argv.index("--")
        for number, value in enumerate(argv[cut + 1:]):
            held[f"\0{number}"] = value
        argv = argv[:cut] + list(held)
    args = parser.parse_intermixed_args(argv)
    for name, value in vars(args).items():
        if isinstance(value, str) and value in held:
            setattr(args, name, held[value])
        elif isinstance(value, list):
            setattr(args, name, [held.get(v, v) if isinstance(v, str) else v for v in value])
    return args


def _subcommand(main: argparse.ArgumentParser, argv: Sequence[str]) -> argparse.Namespace:
    """Walk down the subcommands named at the front of ``argv``, then parse the rest
    of it intermixed (see :func:`_intermixed`)."""
    parser, found, rest = main, {}, list(argv)
    while True:
        actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not actions or not rest or rest[0] not in actions[0].choices:
            break
        found[actions[0].dest] = rest[0]
        parser, rest = actions[0].choices[rest[0]], rest[1:]
    if any(isinstance(a, argparse._SubParsersAction) for a in parser._actions):
        return main.parse_args(argv)  # a subcommand left out: argparse's own message
    args = _intermixed(parser, rest)
    for name, value in found.items():
        setattr(args, name, value)
    return args


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    if argv and argv[0] in COMMANDS:
        args = _subcommand(build_command_parser(), argv)
        if args.command == "search" and args.batch and args.query is not None:
            args.paths.insert(0, args.query)  # with --batch every positional is a path
            args.query = None
        if args.command == "search" and not args.batch and not args.query:
            raise UsageError("search needs a QUERY (or --batch)")
        if getattr(args, "limit", 0) < 0:
            raise UsageError("--limit must be 0 (all) or more")
        if getattr(args, "contexts", 0) < 0:
            raise UsageError("--contexts must be 0 or more")
        return args
    args = _intermixed(build_app_parser(), argv)
    args.command = None
    return args


#: Commands whose QUERY is read with the filter syntax (``date:``, ``per:`` …).
QUERY_COMMANDS = ("search", "timeline", "entities", "export", "saved")


def check_query(args: argparse.Namespace) -> None:
    """A query that cannot be read is a usage error before anything is loaded: one line, exit 2."""
    query = getattr(args, "query", None)
    if args.command in QUERY_COMMANDS and isinstance(query, str):
        try:
            parse(query)
        except QuerySyntaxError as exc:
            raise UsageError(str(exc)) from None


def resolve_paths(args: argparse.Namespace, config: Config) -> list[str]:
    """CLI paths, else the config's corpus paths, else the bundled seeds.  When none of them
    exists that is the error; a missing one among others is said by the load (one warning
    line naming it, in the explorer's load warnings too) and the rest is read."""
    paths = list(args.paths) or [os.path.expanduser(p) for p in config["corpus"]["paths"]]
    if not paths:
        from ..core.loader import bundled_seeds  # imported only here: the explorer's loads in its worker

        paths = [str(bundled_seeds())]
    if not any(os.path.exists(path) for path in paths):
        raise UsageError(f"no such file or directory: {paths[0]}")
    return paths


def warn(message: str) -> None:
    print(f"{PROG}: warning: {printable(message)}", file=sys.stderr)


class StderrProgress:
    """A rich progress bar on standard error, only on a terminal and only once
    loading has taken more than a second (quick loads and pipes stay silent):
    the stage running (``index``, ``entities``), its share done, MB/s and time left."""

    DELAY = 1.0

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty()
        self.bar = None
        self.tasks: dict[str, Any] = {}

    def __call__(self, progress) -> None:
        if not self.enabled or progress.elapsed < self.DELAY or progress.finished and self.bar is None:
            return
        if self.bar is None:
            from rich.console import Console
            from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

            self.bar = Progress(TextColumn("{task.description}"), BarColumn(),
                                TextColumn("{task.fields[articles]} articles"),
                                TextColumn("{task.fields[rate]:.1f} MB/s"), TimeRemainingColumn(),
                                console=Console(file=sys.stderr), transient=True)
            self.bar.start()
        for stage in progress.stages:
            if stage.name not in self.tasks:
                self.tasks[stage.name] = self.bar.add_task(stage.name, total=100, articles=0, rate=0.0)
            # the share, not the bytes: a running stage stays below 100 %; one with no
            # measured share (the entity table) pulses
            self.bar.update(self.tasks[stage.name], total=100 if stage.sized else None,
                            completed=100 * stage.fraction, articles=progress.articles, rate=stage.mb_per_second)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def _freeze_loaded(workspace: Any, first: int, count: int) -> None:
    """Take what the load has built so far out of the garbage collector's sight (as the
    explorer does): the articles and mentions stay until the command ends, and each full
    collection walked them all again (0.4 CPU s of ``entities --spans`` on the real corpus).
    The young garbage is collected first, so that no cycle already dropped is frozen."""
    gc.collect(1)
    gc.freeze()


#: ``open_workspace``'s default: the user's entity corrections are read from their file.
_READ_CURATION: Any = object()


def open_workspace(args: argparse.Namespace, paths: list[str], config: Config, entities: bool = True,
                   curation: Any = _READ_CURATION):
    """Load (or restore from the cache) the corpus, warning on stderr; without
    ``entities``, only what searching needs (no entity is looked for).  ``curation``: the
    user's entity corrections when already read (else read here)."""
    from ..core.curation import curated
    from ..core.workspace import open_corpus

    settings = config["entities"]
    progress = StderrProgress()
    # The collector runs once per batch (_freeze_loaded), not whenever objects pile up: those
    # collections walked the batch in hand again and again (0.6 CPU s on the real corpus).
    collecting = gc.isenabled()
    if collecting:  # (only the one who turned it off turns it on: threads may do this at once)
        gc.disable()
    try:
        workspace = open_corpus(
            paths,
            use_cache=config["cache"]["enabled"] and not args.no_cache,
            entities=entities,
            extra={kind: settings[f"extra_{kind}"] for kind in ("PER", "ORG", "LOC")},
            never=settings["never"],
            on_warning=lambda problem: warn(str(problem)),
            on_progress=progress,
            # entities need no search index (but entities --query does); one is built only to be cached with them
            search=(args.command != "entities" or bool(getattr(args, "query", None))
                    or (config["cache"]["enabled"] and not args.no_cache)),
            copies=bool(getattr(args, "collapse", False)),
            on_batch=_freeze_loaded,
        )
    except BaseException:
        gc.unfreeze()
        raise
    finally:
        progress.close()
        if collecting:
            gc.enable()
    # What the load built stays until the command ends (main unfreezes it): counting and
    # printing the entity table made 100,000 objects more, and the full collections they set
    # off walked the whole corpus again (1.1 of the 1.8 CPU s of collections in entities
    # --json --no-cache on the real corpus).
    _freeze_loaded(workspace, 0, 0)
    if curation is _READ_CURATION:
        curation = load_curation(config)
    workspace.entity_index = curated(workspace.entity_index, curation)
    return _not_empty(workspace, paths)


def _not_empty(loaded, paths: list[str]):
    """``loaded`` (a workspace or load result) if it holds an article; else a usage
    error: a command that answers from no articles at all would look like an answer."""
    if not len(loaded.articles):
        raise no_articles(paths)
    return loaded


def no_articles(paths: list[str]) -> UsageError:
    shown = paths[0] if len(paths) == 1 else f"{len(paths)} paths"
    return UsageError(f"no article could be loaded from {shown} (see the warnings above)")


def load_curation(config: Config):
    """The user's entity corrections; a broken file is one warning and no corrections."""
    from ..core.curation import Curation, CurationError
    from .curate import curation_path

    try:
        return Curation.load(curation_path(config))
    except CurationError as exc:
        warn(str(exc))
        return None


def load_corpus(paths: list[str]) -> LoadResult:
    """Load the articles, reporting each problem as a warning on standard error."""
    from ..core.loader import load_paths

    result = load_paths(paths)
    for problem in result.warnings:
        warn(str(problem))
    return _not_empty(result, paths)


def cmd_docs(args: argparse.Namespace, result: LoadResult) -> int:
    rows = [
        {
            "id": a.id,
            "title": a.title,
            "date": a.date,
            "source": a.source,
            "url": a.url,
            "paragraphs": len(a.paragraphs),
            "characters": len(a.text),
            "warnings": a.warnings,
        }
        for a in result.articles
    ]
    if args.json:
        write_json(rows, sys.stdout, indent=1)
        return 0
    if sys.stdout.isatty():
        _print_docs_table(rows)
    else:
        print("\t".join(("id", "title", "date", "paragraphs", "characters", "warnings")))
        for row in rows:
            fields = [row["id"], row["title"], row["date"] or "", str(row["paragraphs"]), str(row["characters"]),
                      "; ".join(row["warnings"])]
            print("\t".join(printable(f).replace("\t", " ") for f in fields))
    print(f"{len(rows)} article(s)", file=sys.stderr)
    return 0


def _print_docs_table(rows: list[dict]) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(show_lines=False, header_style="bold")
    for name, justify in (("id", "left"), ("title", "left"), ("date", "left"), ("paragraphs", "right"),
                          ("characters", "right"), ("warnings", "left")):
        table.add_column(name, justify=justify, overflow="fold")
    for row in rows:
        table.add_row(*(Text(printable(str(v))) for v in (row["id"], row["title"], row["date"] or "",
                                                           row["paragraphs"], row["characters"],
                                                           "; ".join(row["warnings"]))))
    Console().print(table)


def cmd_cache(args: argparse.Namespace) -> int:
    from ..core.cache import cache_root, clear, leftovers, list_entries

    root = cache_root()
    shown = printable(str(root))
    if args.action == "clear":
        removed, freed = clear(root)
        print(f"removed {removed} cached corpus entr{'y' if removed == 1 else 'ies'} ({freed / 1e6:.1f} MB) from {shown}")
        return 0
    entries = list_entries(root)
    litter = leftovers(root)
    total = sum(e.size for e in entries)
    print(f"cache: {shown}")
    print(f"{len(entries)} corpus entr{'y' if len(entries) == 1 else 'ies'}, {total / 1e6:.1f} MB")
    if litter.count:
        print(f"{litter.count} unfinished write{'' if litter.count == 1 else 's'} (interrupted builds), "
              f"{litter.size / 1e6:.1f} MB: removed by the next build or by 'vnby-tui cache clear'")
    for entry in entries:
        state = f"unusable: {entry.problem}" if entry.problem else f"{entry.articles} articles, written {entry.created}"
        print(f"  {printable(entry.key)}  {entry.size / 1e6:8.1f} MB  {printable(state)}")
        for path in entry.inputs:
            print(f"      {printable(path)}")
    return 0


def run_command(args: argparse.Namespace, config: Config) -> int:
    if args.command == "cache":
        return cmd_cache(args)
    if args.command == "curate":
        from .curate import run

        return run(args, config)
    if args.command == "saved":
        from .saved import SavedError, run

        try:
            return run(args, lambda: open_workspace(args, resolve_paths(args, config), config))  # saved filters may name entities
        except SavedError as exc:
            print(f"{PROG}: {printable(str(exc))}", file=sys.stderr)
            return 1
    if args.command == "export":
        from .export import ExportError, check_output, run, settle_positionals

        try:
            settle_positionals(args)
            paths = resolve_paths(args, config)
            check_output(args, paths)
            return run(args, open_workspace(args, paths, config), paths)
        except ExportError as exc:
            print(f"{PROG}: {printable(str(exc))}", file=sys.stderr)
            return 1
    paths = resolve_paths(args, config)
    if args.command is None:
        if args.no_cache:
            config["cache"]["enabled"] = False
        return run_explorer(paths, config)
    if args.command == "docs":
        return cmd_docs(args, load_corpus(paths))
    if args.command in ("mark", "marks"):
        from .marks import MarkError, run_mark, run_marks

        articles = load_corpus(paths).articles
        try:
            return (run_mark if args.command == "mark" else run_marks)(args, articles, paths)
        except MarkError as exc:
            print(f"{PROG}: {printable(str(exc))}", file=sys.stderr)
            return 1
    curation = _READ_CURATION
    if args.command == "entities" and args.spans and not args.query and not (config["cache"]["enabled"] and not args.no_cache):
        curation = load_curation(config)  # (corrections apply to the corpus's entities: those are counted first)
        if not curation:  # nothing kept, nothing cached: each article's spans are printed as it is read
            from .entities import stream_spans

            return stream_spans(args, paths, config)
    # searching never waits for entities: `search` and `timeline` look for them only for a per:/org:/loc: filter
    needs = args.command not in ("search", "timeline") or needs_entities(getattr(args, "query", None) or "")
    workspace = open_workspace(args, paths, config, entities=needs, curation=curation)
    if args.command in ("timeline", "entity"):
        from .timeline import run_entity, run_timeline

        return (run_timeline if args.command == "timeline" else run_entity)(args, workspace)
    if args.command == "search":
        from .search import run
    else:
        from .entities import run
    return run(args, workspace)


def run_explorer(paths: list[str], config: Config) -> int:
    """The explorer on ``paths``.  The garbage collector is off from here until its first frame
    is out (the app turns it back on then): importing Textual and the app and building the
    screen make objects that nearly all stay, and the collections that walked them again and
    again were an eighth of the CPU time before the first frame (40 of 320 ms, bench/first_frame.py)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        from ..app import VnbyApp

        app = VnbyApp(paths, config)
        app.collect_after_first_frame = collecting
        return app.run() or 0
    finally:
        if collecting:
            gc.enable()


#: Arguments that are text typed by the user (not file names).
TEXT_ARGUMENTS = ("query", "note", "tag", "untag", "name", "value", "id")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    notice = always_utf8()
    if notice:
        print(f"{PROG}: {notice}", file=sys.stderr)
    try:
        args = parse_args(argv)
        for name in TEXT_ARGUMENTS:
            if isinstance(getattr(args, name, None), str):
                setattr(args, name, typed_text(getattr(args, name)))
        check_query(args)
        config = load_config(args.config)
        for message in config.warnings:
            warn(message)
        return run_command(args, config)
    except (UsageError, ConfigError, CurationError) as exc:
        print(f"{PROG}: {printable(str(exc))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `vnby-tui docs | head`: the reader left; that is not an error.
        sys.stderr.close()
        return 0
    finally:
        gc.unfreeze()  # (what open_workspace froze: main may be called again in this process)


if __name__ == "__main__":
    raise SystemExit(main())
