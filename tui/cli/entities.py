"""``vnby-tui entities``: the corpus table of entities, or every span as JSON lines.

Called by :mod:`tui.cli` with the parsed arguments (``paths``, ``type``,
``json``, ``spans``, ``query``: only the articles of that query's strong set)
and the opened workspace (entities already extracted,
or restored from the cache).
"""

from __future__ import annotations

import dataclasses
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..core.entities import Entity, Mention
from ..core.model import Article
from ..core.text import printable
from .output import write_json, write_json_array

def span_record(article: Article, mentions: Iterable[Mention], kind: str | None = None) -> dict[str, Any]:
    """The ``--spans`` line of one article."""
    return {
        "id": article.id,
        "entities": [
            {"start": m.start, "end": m.end, "type": m.type, "text": m.text, "name": m.name} | ({"credit": True} if m.credit else {})
            for m in mentions
            if kind is None or m.type == kind
        ],
    }


def entity_record(entity: Entity) -> dict[str, Any]:
    """The ``--json`` form of one entity of the corpus table."""
    return {
        "name": entity.name,
        "type": entity.type,
        "roles": entity.roles,
        "articles": entity.doc_count,
        "mentions": entity.mention_count,
        "aliases": entity.aliases,
        "key": entity.key,
    }


def entity_table(entities: Sequence[Entity]) -> Table:
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
    articles: Counter[str] = Counter()
    mentions: Counter[str] = Counter()
    entities: dict[str, Entity] = {}
    for doc in docs:
        for entity, count in index.entities_of(doc):
            if kind is None or entity.type == kind:
                articles[entity.key] += 1
                mentions[entity.key] += count
                entities[entity.key] = entity
    found = [dataclasses.replace(e, doc_count=articles[k], mention_count=mentions[k]) for k, e in entities.items()]
    found.sort(key=lambda e: (-e.doc_count, -e.mention_count, e.name))
    return found


def run(args: Any, workspace: Any, out: TextIO | None = None) -> int:
    """Print the entity table (or JSON, or spans) of a loaded workspace; return the exit code."""
    out = out or sys.stdout
    kind = args.type
    index = workspace.entity_index
    query = getattr(args, "query", None)
    docs = strong_set(workspace, query) if query else range(len(workspace.articles))
    if getattr(args, "spans", False):
        for doc in docs:
            write_json(span_record(workspace.articles[doc], index.mentions_of(doc), kind), out)
        return 0
    entities = counted_in(index, docs, kind) if query else index.entities(kind)
    if getattr(args, "json", False):
        write_json_array(map(entity_record, entities), out, indent=1)
        return 0
    Console(file=out).print(entity_table(entities))
    return 0
