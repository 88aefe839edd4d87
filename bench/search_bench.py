#!/usr/bin/env python3
"""Known-item search benchmark: vnby-tui against SQLite FTS5 on the same queries.

From any corpus the loader reads (JSONL by default), draws four kinds of
queries, each aimed at one article:

* ``title``        a few consecutive title words, as written;
* ``title_plain``  the same without diacritics (lower case, đ -> d);
* ``passage``      4 consecutive body words found in that article only, without diacritics;
* ``typo``         that passage with one letter of one word changed.

and prints success@1, success@10 and MRR@10 per kind and overall, per-query
latency p50/p95 and index build MB/s (wall clock, and per second of CPU time,
which a busy machine does not skew), for vnby-tui and for SQLite FTS5
(``unicode61 remove_diacritics 2``, bm25, the query's words ANDed) in the same
run.  ``--replicate K`` indexes K copies of the corpus to measure speed at
scale (a hit on any copy of the target counts).

    .venv/bin/python bench/search_bench.py [CORPUS] [--per-kind N] [--seed S]
"""

from __future__ import annotations

import argparse
import random
import shlex
import sqlite3
import statistics
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tui.core.index import has_own_title  # noqa: E402
from tui.core.loader import load_paths  # noqa: E402
from tui.core.model import Article  # noqa: E402
from tui.core.search import SearchIndex  # noqa: E402
from tui.core.text import TOKEN_RE, fold  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "dantri-unc.jsonl"
KINDS = ("title", "title_plain", "passage", "typo")
LIMIT = 10
PASSAGE_WORDS = 4


@dataclass(frozen=True)
class Query:
    kind: str
    text: str
    target: str


# ------------------------------------------------------------------ queries


def body_text(article: Article) -> str:
    return "\n".join(article.text[s:e] for s, e in article.body_spans())


def title_queries(articles: list[Article], rng: random.Random, count: int) -> list[Query]:
    titled = [a for a in articles if has_own_title(a) and len(a.title.split()) >= 3]
    out = []
    for article in rng.sample(titled, min(count, len(titled))):
        words = [w.strip(".,:;!?\"'“”()…") for w in article.title.split()]
        words = [w for w in words if TOKEN_RE.search(w)]
        size = min(len(words), rng.randint(3, 5))
        start = rng.randint(0, len(words) - size)
        text = " ".join(words[start : start + size])
        out.append(Query("title", text, article.id))
        out.append(Query("title_plain", fold(text), article.id))
    return out


def _paragraph_grams(article: Article):
    """Folded 4-word windows of each body paragraph (phrases never cross paragraphs)."""
    for s, e in article.body_spans():
        words = TOKEN_RE.findall(fold(article.text[s:e]))
        for i in range(len(words) - PASSAGE_WORDS + 1):
            yield " ".join(words[i : i + PASSAGE_WORDS])


def passage_queries(articles: list[Article], rng: random.Random, count: int) -> list[Query]:
    """4-word passages that occur in their article only (checked over the whole corpus)."""
    candidates: dict[str, str] = {}
    for article in rng.sample(articles, min(len(articles), count * 3)):
        grams = list(_paragraph_grams(article))
        if grams:
            candidates.setdefault(rng.choice(grams), article.id)
    owners: dict[str, set[str]] = {gram: set() for gram in candidates}
    for article in articles:
        for gram in _paragraph_grams(article):
            if gram in owners:
                owners[gram].add(article.id)
    unique = [(gram, target) for gram, target in candidates.items() if owners[gram] == {target}]
    out = []
    for gram, target in unique[:count]:
        out.append(Query("passage", gram, target))
        out.append(Query("typo", one_letter_changed(gram, rng), target))
    return out


def one_letter_changed(text: str, rng: random.Random) -> str:
    words = text.split()
    choices = [i for i, w in enumerate(words) if sum(c.isalpha() for c in w) >= 2] or list(range(len(words)))
    i = rng.choice(choices)
    letters = [j for j, c in enumerate(words[i]) if c.isalpha()] or list(range(len(words[i])))
    j = rng.choice(letters)
    new = rng.choice([c for c in "abcdefghijklmnopqrstuvwxyz" if c != words[i][j]])
    words[i] = words[i][:j] + new + words[i][j + 1 :]
    return " ".join(words)


# ------------------------------------------------------------------ engines


def replicate(articles: list[Article], copies: int) -> list[Article]:
    if copies <= 1:
        return articles
    return [a if k == 0 else replace(a, id=f"{a.id}#{k}") for k in range(copies) for a in articles]


def base_id(doc_id: str) -> str:
    return doc_id.split("#", 1)[0]


class VnbyEngine:
    name = "vnby-tui"

    def build(self, articles: list[Article]) -> None:
        self.index = SearchIndex.build(articles)

    def search(self, query: str) -> list[str]:
        return [hit.id for hit in self.index.search(query, limit=LIMIT).hits]


class Fts5Engine:
    """SQLite FTS5 as shipped: unicode61 with diacritics removed, bm25 ranking."""

    name = "sqlite-fts5"

    def build(self, articles: list[Article]) -> None:
        self.db = sqlite3.connect(":memory:")
        self.db.execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body, tokenize='unicode61 remove_diacritics 2')")
        rows = ((a.id, a.title if has_own_title(a) else "", body_text(a)) for a in articles)
        self.db.executemany("INSERT INTO docs (id, title, body) VALUES (?, ?, ?)", rows)
        self.db.commit()

    def search(self, query: str) -> list[str]:
        words = TOKEN_RE.findall(query)
        if not words:
            return []
        match = " ".join('"' + w.replace('"', '""') + '"' for w in words)
        rows = self.db.execute("SELECT id FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?", (match, LIMIT))
        return [row[0] for row in rows]


@dataclass
class Run:
    engine: str
    build_seconds: float
    build_cpu_seconds: float
    ranks: dict[str, list[int | None]]
    latencies_ms: list[float]


def evaluate(engine, articles: list[Article], queries: list[Query]) -> Run:
    started, started_cpu = time.perf_counter(), time.process_time()
    engine.build(articles)
    build_seconds = time.perf_counter() - started
    build_cpu_seconds = time.process_time() - started_cpu
    ranks: dict[str, list[int | None]] = {kind: [] for kind in KINDS}
    latencies = []
    for query in queries:
        started = time.perf_counter()
        found = engine.search(query.text)
        latencies.append((time.perf_counter() - started) * 1000)
        rank = next((r for r, doc_id in enumerate(found, start=1) if base_id(doc_id) == query.target), None)
        ranks[query.kind].append(rank)
    return Run(engine.name, build_seconds, build_cpu_seconds, ranks, latencies)


# ------------------------------------------------------------------ report


def metrics(ranks: list[int | None]) -> tuple[float, float, float]:
    if not ranks:
        return 0.0, 0.0, 0.0
    n = len(ranks)
    at1 = sum(r == 1 for r in ranks) / n
    at10 = sum(r is not None for r in ranks) / n
    mrr = sum(1 / r for r in ranks if r is not None) / n
    return at1, at10, mrr


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] if len(values) > 1 else values[0]


def print_report(runs: list[Run], queries: list[Query], mb: float, docs: int) -> None:
    counts = {kind: sum(q.kind == kind for q in queries) for kind in KINDS}
    print(f"corpus: {docs} articles, {mb:.1f} MB of text; queries: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    print()
    header = f"{'engine':<12} {'kind':<12} {'n':>4} {'s@1':>6} {'s@10':>6} {'MRR@10':>7}"
    print(header)
    print("-" * len(header))
    for run in runs:
        for kind in (*KINDS, "overall"):
            ranks = [r for k in KINDS for r in run.ranks[k]] if kind == "overall" else run.ranks[kind]
            at1, at10, mrr = metrics(ranks)
            print(f"{run.engine:<12} {kind:<12} {len(ranks):>4} {at1:>6.3f} {at10:>6.3f} {mrr:>7.3f}")
        print()
    header = (
        f"{'engine':<12} {'build s':>8} {'build MB/s':>11} {'cpu MB/s':>9} "
        f"{'query p50 ms':>13} {'query p95 ms':>13} {'max ms':>8}"
    )
    print(header)
    print("-" * len(header))
    for run in runs:
        lat = run.latencies_ms
        print(
            f"{run.engine:<12} {run.build_seconds:>8.2f} {mb / run.build_seconds:>11.1f} "
            f"{mb / max(run.build_cpu_seconds, 1e-9):>9.1f} "
            f"{percentile(lat, 50):>13.2f} {percentile(lat, 95):>13.2f} {max(lat):>8.2f}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS), help="corpus file or directory")
    parser.add_argument("--per-kind", type=int, default=250, help="queries per kind (title kinds: as many titled articles as there are)")
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--replicate", type=int, default=1, help="index K copies of the corpus (speed at scale)")
    parser.add_argument("--engines", default="vnby,fts5", help="comma-separated: vnby, fts5")
    args = parser.parse_args(argv)
    print("command:", shlex.join([sys.executable, *sys.argv]))
    if not Path(args.corpus).exists():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    articles = load_paths([args.corpus]).articles
    rng = random.Random(args.seed)
    queries = title_queries(articles, rng, args.per_kind) + passage_queries(articles, rng, args.per_kind)
    indexed = replicate(articles, args.replicate)
    mb = sum(len(a.text.encode("utf-8")) for a in indexed) / 1e6
    engines = {"vnby": VnbyEngine, "fts5": Fts5Engine}
    runs = [evaluate(engines[name.strip()](), indexed, queries) for name in args.engines.split(",")]
    print_report(runs, queries, mb, len(indexed))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
