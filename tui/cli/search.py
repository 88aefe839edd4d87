"""``vnby-tui search``: ranked results as a table or JSON, or a batch of queries.

``--json`` prints one object: ``query``, ``total`` (every matching article),
``tiers`` (how many in each tier: ``phrase``, ``near``, ``scattered``,
``partial``), ``ms`` and ``results`` — each with ``rank``, ``id``, ``title``,
``date``, ``source``, ``url``, ``tier``, ``score``, ``snippet``,
``snippet_spans`` and ``spans`` (``tier`` is null for a query of filters alone,
which lists articles without ranking them).  ``--sort newest|oldest`` orders the
hits by date within each tier (see :mod:`tui.core.find`).  ``--batch`` reads one query per line from
standard input and writes one such object per line: the corpus is loaded and
indexed once, which is how search quality and speed are measured.
``--limit 0`` lists every hit; ``--tier near`` keeps the hits of that tier
and the stronger ones (``total`` then counts those).  ``--collapse`` lists each
syndicated story once (:mod:`tui.core.syndication`): its best-ranked article,
with ``copies``, the ids of its other articles among the hits, and ``stories``
beside ``total`` (which still counts articles).

On a terminal the hits are a table; piped, plain tab-separated lines with a
header row (matches in ``[brackets]``), the summary on standard error.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from ..core.find import EntitiesNotReady, Found, QuerySyntaxError, chip_filters, find
from ..core.persist import release_index_pages
from ..core.search import Hit, SearchIndex, SearchResults
from ..core.text import printable
from ..i18n import label
from .output import utf8_lines, write_json

#: How a match is marked in the snippet when the output is not a terminal (no colours).
PLAIN_MARK = ("[", "]")
TABLE_COLUMNS = ("rank", "tier", "score", "id", "title", "snippet")


def run(args: argparse.Namespace, workspace: Any) -> int:
    """Search the opened workspace.  Returns 0, or 1 when a single query finds nothing."""
    limit = args.limit or max(len(workspace.search_index), 1)
    tier = getattr(args, "tier", None)
    sort = getattr(args, "sort", "relevance")
    if args.batch:
        from . import warn

        return run_batch(workspace, utf8_lines(sys.stdin, warn), sys.stdout, limit, tier, sort)
    started = time.perf_counter()
    collapse = getattr(args, "collapse", False)
    results = search(workspace, args.query, max(len(workspace.search_index), 1) if collapse else limit, tier, sort)
    stories = stories_once(workspace, results, limit) if collapse else None
    elapsed_ms = (time.perf_counter() - started) * 1000
    release_index_pages(workspace.search_index)  # answered: the output reads articles, not the index
    if args.json:
        record = results_json(workspace.search_index, args.query, results, elapsed_ms)
        if stories is not None:
            record["stories"], copies = stories
            for hit in record["results"]:
                hit["copies"] = copies[hit["id"]]
        write_json(record, sys.stdout, indent=1)
    else:
        print_table(workspace.search_index, args.query, results, elapsed_ms, stories)
    return 0 if results.hits else 1


def stories_once(workspace: Any, results: SearchResults, limit: int) -> tuple[int, dict[str, list[str]]]:
    """Keep in ``results.hits`` each story's best-ranked hit, at most ``limit`` of them
    (ranks follow); returns how many stories the hits hold, and each kept hit's id →
    the ids of its story's other hits."""
    copies = workspace.copies
    first: dict[int, Hit] = {}
    others: dict[str, list[str]] = {}
    for hit in results.hits:
        group = int(copies.group[hit.doc])
        if group in first:
            others[first[group].id].append(hit.id)
        else:
            first[group] = hit
            others[hit.id] = []
    results.hits = list(first.values())[:limit]
    return len(first), {hit.id: others[hit.id] for hit in results.hits}


def found(workspace: Any, query: str, limit: int | None = None, sort: str = "relevance",
          chips: Sequence[tuple[str, str]] = (), marks: Any = None) -> Found:
    """The query's results over the workspace (every match without ``limit``), its
    filter terms applied (:mod:`tui.core.find`), and the ``chips`` of a saved search
    as the explorer applies them (``marks``: the user's marks on the workspace).  A query that cannot be read (bad
    ``date:``, an unbalanced quote, exclusions alone) is a usage error, one line; the
    notes (a name no entity has) go to standard error."""
    from . import UsageError, warn

    terms, marked = chip_filters(chips, marks)
    try:
        result = find(query, workspace.search_index, entity_index=workspace.entity_index,
                      entities_ready=getattr(workspace, "entities_ready", True),
                      limit=limit or max(len(workspace.search_index), 1), sort=sort, allowed=marked, extra=terms)
    except (QuerySyntaxError, EntitiesNotReady) as exc:
        raise UsageError(str(exc)) from None
    for note in result.notes:
        warn(note)
    return result


def search(workspace: Any, query: str, limit: int, tier: str | None = None, sort: str = "relevance") -> SearchResults:
    """The query's results, down to ``tier`` when given."""
    results = found(workspace, query, limit, sort).results
    return results.down_to(tier) if tier else results


def run_batch(workspace: Any, lines: Iterable[str], out: TextIO, limit: int, tier: str | None = None,
              sort: str = "relevance") -> int:
    """One JSON line per input line, with the same keys as ``--json`` gives for one
    query; a line that cannot be searched (bad syntax, exclusions alone) has no
    results and an ``error`` saying why."""
    for line in lines:
        query = line.rstrip("\r\n")
        started = time.perf_counter()
        error = None
        try:
            results = find(query, workspace.search_index, entity_index=workspace.entity_index,
                           entities_ready=getattr(workspace, "entities_ready", True), limit=limit, sort=sort).results
            results = results.down_to(tier) if tier else results
        except (QuerySyntaxError, EntitiesNotReady) as exc:
            results, error = SearchResults(), str(exc)
        elapsed_ms = (time.perf_counter() - started) * 1000
        record = results_json(workspace.search_index, query, results, elapsed_ms)
        write_json(record | ({"error": error} if error else {}), out)
        out.flush()
    return 0


def results_json(index: SearchIndex, query: str, results: SearchResults, elapsed_ms: float) -> dict[str, Any]:
    return {
        "query": query,
        "total": results.total,
        "tiers": dict(results.tiers),
        "ms": round(elapsed_ms, 3),
        "results": [_hit_json(index, rank, hit) for rank, hit in enumerate(results.hits, start=1)],
    }


def _hit_json(index: SearchIndex, rank: int, hit: Hit) -> dict[str, Any]:
    article = index.articles[hit.doc]
    return {
        "rank": rank,
        "id": hit.id,
        "title": article.title,
        "date": article.date,
        "source": article.source,
        "url": article.url,
        "tier": hit.tier or None,
        "score": hit.score,
        "snippet": hit.snippet,
        "snippet_spans": [list(span) for span in hit.snippet_spans],
        "spans": [{"field": s.field, "start": s.start, "end": s.end} for s in hit.spans],
    }


def marked_snippet(hit: Hit, terminal: bool):
    """The snippet as rich Text: matches highlighted on a terminal, bracketed otherwise."""
    from rich.text import Text

    text = Text()
    position = 0
    for start, end in hit.snippet_spans:
        text.append(printable(hit.snippet[position:start]))
        match = printable(hit.snippet[start:end])
        if terminal:
            text.append(match, style="bold black on yellow")
        else:
            text.append(PLAIN_MARK[0] + match + PLAIN_MARK[1])
        position = end
    text.append(printable(hit.snippet[position:]))
    return text


def tier_summary(results: SearchResults) -> str:
    """``9 phrase · 38 near · 301 scattered`` (the tiers that have hits), named as ``--tier``
    and the explorer's count name them."""
    return " · ".join(label("en", f"search.tier.{name}", n=count) for name, count in results.tiers.items() if count)


def print_table(index: SearchIndex, query: str, results: SearchResults, elapsed_ms: float,
                stories: tuple[int, dict[str, list[str]]] | None = None) -> None:
    """A table on a terminal; tab-separated lines with a header row otherwise
    (ids and titles never wrapped), the summary then on standard error.  With ``stories``
    (``--collapse``: how many, and each listed hit's copies), a last column counts the copies."""
    shown = len(results.hits)
    summary = f"{shown} of {results.total} result(s) in {elapsed_ms:.1f} ms"
    if results.total and len(results.tiers) and tier_summary(results):
        summary += f": {tier_summary(results)}"
    columns, copies = TABLE_COLUMNS, {}
    if stories is not None:
        summary += f"; {stories[0]} stories, each listed once"
        columns, copies = (*TABLE_COLUMNS, "copies"), stories[1]
    if not sys.stdout.isatty():
        print("\t".join(columns))
        for rank, hit in enumerate(results.hits, start=1):
            fields = (str(rank), hit.tier, f"{hit.score:.2f}", hit.id, index.articles[hit.doc].title,
                      marked_snippet(hit, False).plain) + ((str(len(copies[hit.id])),) if stories else ())
            print("\t".join(_cell(f) for f in fields))
        print(summary if results.hits else f"No results for {printable(query)!r}.", file=sys.stderr)
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console()
    if not results.hits:
        console.print(Text(f"No results for {printable(query)!r}."))
        return
    table = Table(header_style="bold", show_lines=False)
    for name in columns:
        table.add_column("#" if name == "rank" else name, justify="right" if name in ("rank", "score", "copies") else "left",
                         overflow="fold")
    for rank, hit in enumerate(results.hits, start=1):
        title = index.articles[hit.doc].title
        table.add_row(
            str(rank), hit.tier, f"{hit.score:.2f}", Text(printable(hit.id)), Text(printable(title)),
            marked_snippet(hit, console.is_terminal), *((str(len(copies[hit.id])),) if stories else ()),
        )
    console.print(table)
    console.print(Text(summary))


def _cell(value: str) -> str:
    """One TSV cell: printable, without tabs or line breaks."""
    return printable(value).replace("\t", " ").replace("\n", " ").replace("\r", " ")
