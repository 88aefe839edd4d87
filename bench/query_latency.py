#!/usr/bin/env python3
"""Warm query latency on the real corpus, and the proof that a faster search
answers the same: large_bench's query mix (300 queries: passages, the same
with a typo, the same cut short) run as the explorer runs them (limit 200,
the rows on screen at 120x40 plus one prepared: 18; ``--rows`` for another
height) on a warm cache entry.

``--dump FILE`` writes every answer (each hit's document, id, score and tier,
the totals, the tiers' counts, the strong set, the prepared rows' spans and
snippets) as JSON lines; ``--compare A B`` says which queries answer
differently.  Latency is printed in wall and CPU milliseconds (CPU time is what
a loaded machine skews least), with the load average.

    .venv/bin/python bench/query_latency.py --dump bench/out/before.jsonl
    .venv/bin/python bench/query_latency.py --dump bench/out/after.jsonl
    .venv/bin/python bench/query_latency.py --compare bench/out/before.jsonl bench/out/after.jsonl
    .venv/bin/python bench/query_latency.py --profile 40    # cProfile, top 40 functions

The first run builds the cache entry under ``XDG_CACHE_HOME`` (set it to a
private directory) and writes the query mix to ``bench/out/query_mix.json``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from large_bench import PREPARED_ROWS, QUERY_LIMIT, REAL, latency_figures, real_query_mix, settle_as_after_loading  # noqa: E402

MIX = REPO / "bench" / "out" / "query_mix.json"


def queries(paths: list[str]) -> list[str]:
    if not MIX.exists():
        MIX.parent.mkdir(parents=True, exist_ok=True)
        MIX.write_text(json.dumps(real_query_mix(paths), ensure_ascii=False), encoding="utf-8")
    return json.loads(MIX.read_text(encoding="utf-8"))


def answer(results, rows: int) -> dict:
    """Everything a user sees of one search (strong set as a digest)."""
    strong = results.strong
    return {
        "total": results.total,
        "tiers": results.tiers,
        "strong": None if strong is None else hashlib.sha1(strong.astype("int64").tobytes()).hexdigest(),
        "hits": [[h.doc, h.id, h.score, h.tier] for h in results.hits],
        "rows": [[[(s.start, s.end) for s in h.spans], h.snippet, h.snippet_spans] for h in results.hits[:rows]],
    }


def run(paths: list[str], dump: str | None, profile: int | None, repeat: int, rows: int) -> None:
    from tui.core.workspace import open_corpus

    mix = queries(paths)
    workspace = open_corpus(paths, entities=False)
    settle_as_after_loading(workspace)
    index = workspace.search_index
    walls: list[float] = []
    cpus: list[float] = []
    answers = []
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
    for round_ in range(repeat):
        for query in mix:
            if profiler:
                profiler.enable()
            t0, c0 = time.perf_counter(), time.process_time()
            results = index.search(query, limit=QUERY_LIMIT).prepare(rows)
            wall, cpu = time.perf_counter() - t0, time.process_time() - c0
            if profiler:
                profiler.disable()
            if round_ == repeat - 1:
                walls.append(wall * 1000)
                cpus.append(cpu * 1000)
                if dump:
                    answers.append({"query": query, **answer(results, rows)})
    if dump:
        Path(dump).parent.mkdir(parents=True, exist_ok=True)
        with open(dump, "w", encoding="utf-8") as handle:
            for line in answers:
                handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    w, c = latency_figures(walls), latency_figures(cpus)
    from tui.core.kernels import STATUS

    print(f"{len(mix)} queries, limit {QUERY_LIMIT}, {rows} rows prepared (round {repeat} of {repeat}); "
          f"load average {', '.join(f'{x:.2f}' for x in os.getloadavg())}; search kernels: {STATUS}")
    print(f"  wall ms p50 / p95 / max: {w['p50_ms']:.1f} / {w['p95_ms']:.1f} / {w['max_ms']:.0f}")
    print(f"  CPU  ms p50 / p95 / max: {c['p50_ms']:.1f} / {c['p95_ms']:.1f} / {c['max_ms']:.0f}; total {sum(cpus) / 1000:.2f} CPU s")
    slowest = sorted(range(len(mix)), key=lambda i: -cpus[i])[:5]
    print("  slowest (CPU ms): " + "; ".join(f"{mix[i]!r} {cpus[i]:.0f}" for i in slowest))
    if profiler:
        import pstats

        pstats.Stats(profiler).sort_stats("cumulative").print_stats(profile)


def compare(a: str, b: str) -> int:
    before = [json.loads(line) for line in open(a, encoding="utf-8")]
    after = [json.loads(line) for line in open(b, encoding="utf-8")]
    if len(before) != len(after):
        print(f"{len(before)} answers against {len(after)}")
        return 1
    differ = 0
    for x, y in zip(before, after):
        if x != y:
            differ += 1
            keys = [k for k in x if x[k] != y.get(k)]
            print(f"differs: {x['query']!r} ({', '.join(keys)})")
    print(f"{len(before) - differ} of {len(before)} queries answer identically")
    return 1 if differ else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dump", metavar="FILE")
    parser.add_argument("--compare", nargs=2, metavar=("BEFORE", "AFTER"))
    parser.add_argument("--profile", type=int, metavar="N", help="print the N top functions by cumulative time")
    parser.add_argument("--repeat", type=int, default=1, help="rounds of the mix; the last is measured (default 1, as large_bench)")
    parser.add_argument("--rows", type=int, default=PREPARED_ROWS,
                        help=f"rows prepared per query (default {PREPARED_ROWS}: the explorer at 120x40)")
    parser.add_argument("paths", nargs="*", default=[str(p) for p in REAL])
    args = parser.parse_args()
    if args.compare:
        return compare(*args.compare)
    run(args.paths, args.dump, args.profile, args.repeat, args.rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
