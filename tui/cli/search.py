"""``vnby-tui search``: ranked results as a table or JSON, or a batch of queries.

``--batch`` reads one query per line from standard input and writes one JSON
line per query (``query``, ``ms``, ``results``): the corpus is loaded and
indexed once, which is how search quality and speed are measured.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterable
from typing import Any, TextIO

from ..core.search import Hit, SearchIndex, SearchResults
from ..core.text import printable
from .output import utf8_lines, write_json

#: How a match is marked in the snippet when the output is not a terminal (no colours).
PLAIN_MARK = ("[", "]")


def run(args: argparse.Namespace, workspace: Any) -> int:
    """Search the opened workspace.  Returns 0, or 1 when a single query finds nothing."""
    index = workspace.search_index
    limit = args.limit or max(1, len(index.articles))  # 0: every hit
    if args.batch:
        from . import warn

        return run_batch(index, utf8_lines(sys.stdin, warn), sys.stdout, limit)
    started = time.perf_counter()
    results = index.search(args.query, limit=limit)
    elapsed_ms = (time.perf_counter() - started) * 1000
    if args.json:
        write_json(results_json(index, args.query, results, elapsed_ms), sys.stdout, indent=1)
    else:
        print_table(index, args.query, results, elapsed_ms)
    return 0 if results.hits else 1


def run_batch(index: SearchIndex, lines: Iterable[str], out: TextIO, limit: int) -> int:
    """One JSON line per input line: ``{"query", "ms", "results": [{"id", "title", "score"}]}``."""
    for line in lines:
        query = line.rstrip("\r\n")
        started = time.perf_counter()
        results = index.search(query, limit=limit)
        elapsed_ms = (time.perf_counter() - started) * 1000
        hits = [{"id": h.id, "title": index.articles[h.doc].title, "score": h.score} for h in results.hits]
        write_json({"query": query, "ms": round(elapsed_ms, 3), "results": hits}, out)
        out.flush()
    return 0


def results_json(index: SearchIndex, query: str, results: SearchResults, elapsed_ms: float) -> dict[str, Any]:
    return {
        "query": query,
        "total": results.total,
        "ms": round(elapsed_ms, 3),
        "results": [_hit_json(index, rank, hit) for rank, hit in enumerate(results.hits, start=1)],
    }


def _hit_json(index: SearchIndex, rank: int, hit: Hit) -> dict[str, Any]:
    return {
        "rank": rank,
        "id": hit.id,
        "title": index.articles[hit.doc].title,
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


def print_table(index: SearchIndex, query: str, results: SearchResults, elapsed_ms: float) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console()
    if not results.hits:
        console.print(Text(f"No results for {printable(query)!r}."))
        return
    table = Table(header_style="bold", show_lines=False)
    for name, justify in (("#", "right"), ("score", "right"), ("id", "left"), ("title", "left"), ("snippet", "left")):
        table.add_column(name, justify=justify, overflow="fold")
    for rank, hit in enumerate(results.hits, start=1):
        title = index.articles[hit.doc].title
        table.add_row(
            str(rank), f"{hit.score:.2f}", Text(printable(hit.id)), Text(printable(title)),
            marked_snippet(hit, console.is_terminal),
        )
    console.print(table)
    shown = len(results.hits)
    console.print(Text(f"{shown} of {results.total} result(s) in {elapsed_ms:.1f} ms"))
