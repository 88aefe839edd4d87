"""``vnby-tui entities``: the corpus table of entities, or every span as JSON lines.

Called by :mod:`tui.cli` with the parsed arguments (``paths``, ``type``,
``json``, ``spans``), the loaded corpus and the parsed ``config.toml``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, TextIO

from rich.console import Console
from rich.table import Table

from .core.entities import ENTITY_TYPES, Entity, EntityExtractor, EntityIndex, Mention
from .core.model import Article

#: Show a progress bar on a terminal when there are at least this many articles.
PROGRESS_MIN_ARTICLES = 500


def extractor_from_config(config: Mapping[str, Any] | None) -> EntityExtractor:
    """An extractor with the user's extra names and never-list from ``[entities]``."""
    section = (config or {}).get("entities") or {}
    extra = {}
    for kind in ("PER", "ORG", "LOC"):
        names = section.get(f"extra_{kind}") or []
        if isinstance(names, list):
            extra[kind] = [n for n in names if isinstance(n, str)]
    never = section.get("never") or []
    return EntityExtractor(extra=extra, never=[n for n in never if isinstance(n, str)] if isinstance(never, list) else [])


def normalise_type(value: str | None) -> str | None:
    """``--type per`` means PER; None means every type."""
    return value.upper() if value else None


def span_record(article: Article, mentions: Iterable[Mention], kind: str | None = None) -> dict[str, Any]:
    """The ``--spans`` line of one article."""
    return {
        "id": article.id,
        "entities": [
            {"start": m.start, "end": m.end, "type": m.type, "text": m.text, "name": m.name}
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
        table.add_row(e.name, e.type, ", ".join(e.roles[:3]), str(e.doc_count), str(e.mention_count), ", ".join(e.aliases[:5]))
    return table


def _with_progress(articles: Sequence[Article], work: Callable[[int, Article], None]) -> None:
    """Run ``work`` on each article, with a progress bar on a terminal for large corpora."""
    if len(articles) < PROGRESS_MIN_ARTICLES or not sys.stderr.isatty():
        for doc, article in enumerate(articles):
            work(doc, article)
        return
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("Extracting entities", total=len(articles))
        for doc, article in enumerate(articles):
            work(doc, article)
            progress.advance(task)


def run(args: Any, load_result: Any, config: Mapping[str, Any] | None, out: TextIO | None = None) -> int:
    """Print the entity table (or JSON, or spans) of ``load_result.articles``; return the exit code."""
    out = out or sys.stdout
    kind = normalise_type(getattr(args, "type", None))
    if kind is not None and kind not in ENTITY_TYPES:
        print(f"vnby-tui entities: unknown type {kind!r} (choose from {', '.join(ENTITY_TYPES)})", file=sys.stderr)
        return 2
    extractor = extractor_from_config(config)
    articles = load_result.articles
    if getattr(args, "spans", False):
        def write_spans(_doc: int, article: Article) -> None:
            out.write(json.dumps(span_record(article, extractor.extract(article), kind), ensure_ascii=False) + "\n")

        _with_progress(articles, write_spans)
        return 0
    index = EntityIndex(extractor)
    _with_progress(articles, lambda doc, article: index.add_mentions(doc, extractor.extract(article)))
    entities = index.entities(kind)
    if getattr(args, "json", False):
        json.dump([entity_record(e) for e in entities], out, ensure_ascii=False, indent=1)
        out.write("\n")
        return 0
    Console(file=out).print(entity_table(entities))
    return 0
