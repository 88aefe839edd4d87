#!/usr/bin/env python3
"""Ranking quality on the judged set ``bench/rank_judged.tsv``: queries typed without
diacritics on the real corpora, run as the explorer runs them (``tui.core.find.find``,
relevance order; the corpora are opened without entities, which the ranking does not
use), judged by the readings the set lists.

Per query and in total: precision of the first page (the first 10 and 20 hits, in
order), and of the ``near`` tier and the strong set (what the sidebar, the timeline
and exports aggregate over), with the counts behind them, so that a tighter ``near``
shows what it drops as well as the noise it removes.  An article is relevant when
its title or text holds one of the query's forms as whole words (see the set's
header for how the forms were chosen).  CPU milliseconds per query are printed too.

    nice -n 5 .venv/bin/python bench/rank_judged.py [--set FILE] [--show QUERY] [--corpora DIR]

Set ``XDG_CACHE_HOME`` to a private directory: the first run builds the cache entries.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tui.core.find import find  # noqa: E402
from tui.core.workspace import open_corpus  # noqa: E402

CORPORA = {"baomoi": "baomoi-2017.jsonl.gz", "dantri": "dantri-unc.jsonl"}
SHARED = REPO.parent / "shared" / "corpus"
PAGE = (10, 20)


def read_set(path: Path) -> list[tuple[str, str, str, list[str]]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            corpus, query, kind, forms = line.split("\t")
            rows.append((corpus, query, kind, forms.split("|")))
    return rows


def form_pattern(forms: list[str]) -> re.Pattern:
    """Any of ``forms`` as whole words, any run of spaces between its words."""
    alternatives = [r"\s+".join(re.escape(word) for word in form.split()) for form in forms]
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")


def relevant(article, pattern: re.Pattern) -> bool:
    return bool(pattern.search((article.title or "").lower()) or pattern.search(article.text.lower()))


def judge(workspace, query: str, forms: list[str], show: bool) -> dict:
    index = workspace.search_index
    pattern = form_pattern(forms)
    started = time.process_time()
    results = find(query, index, entity_index=workspace.entity_index, entities_ready=workspace.entities_ready,
                   limit=max(len(index), 1)).results
    cpu_ms = (time.process_time() - started) * 1000
    marks = [(hit.tier, relevant(index.articles[hit.doc], pattern)) for hit in results.hits]
    strong = set(results.strong.tolist()) if results.strong is not None else set()
    strong_marks = [ok for hit, (_, ok) in zip(results.hits, marks) if hit.doc in strong]
    near = [ok for tier, ok in marks if tier == "near"]
    if show:
        for rank, (hit, (tier, ok)) in enumerate(zip(results.hits[:60], marks), start=1):
            title = index.articles[hit.doc].title or ""
            print(f"{rank:3} {tier:9} {'+' if ok else '-'} {hit.score:7.2f} {hit.id} {title[:70]}")
    return {
        "phrase": results.tiers.get("phrase", 0), "near": len(near), "near_ok": sum(near),
        "strong": len(strong_marks), "strong_ok": sum(strong_marks), "cpu_ms": cpu_ms,
        **{f"p{k}": sum(ok for _, ok in marks[:k]) / max(min(k, len(marks)), 1) for k in PAGE},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", default=str(REPO / "bench" / "rank_judged.tsv"))
    parser.add_argument("--show", action="append", default=[], help="list the first hits of this query, judged")
    parser.add_argument("--corpora", default=str(SHARED), help="the folder holding the shared corpora")
    args = parser.parse_args()
    rows = read_set(Path(args.set))
    workspaces = {}
    print(f"{'corpus':7} {'query':28} {'phrase':>6} {'P@10':>5} {'P@20':>5} {'near':>9} {'strong':>11} {'cpu ms':>7}")
    totals = {"near": 0, "near_ok": 0, "strong": 0, "strong_ok": 0, "p10": 0.0, "p20": 0.0, "cpu": []}
    for corpus, query, _, forms in rows:
        if corpus not in workspaces:
            path = Path(args.corpora) / CORPORA[corpus]
            if not path.is_file():
                sys.exit(f"{path}: no such corpus (see --corpora)")
            workspaces[corpus] = open_corpus([str(path)], entities=False)
        found = judge(workspaces[corpus], query, forms, query in args.show)
        for key in ("near", "near_ok", "strong", "strong_ok"):
            totals[key] += found[key]
        totals["p10"] += found["p10"]
        totals["p20"] += found["p20"]
        totals["cpu"].append(found["cpu_ms"])
        print(f"{corpus:7} {query:28} {found['phrase']:6} {found['p10']:5.2f} {found['p20']:5.2f} "
              f"{found['near_ok']:4}/{found['near']:<4} {found['strong_ok']:5}/{found['strong']:<5} {found['cpu_ms']:7.1f}")
    n = len(rows)
    cpu = sorted(totals["cpu"])
    print(f"\n{n} queries: P@10 {totals['p10'] / n:.3f}  P@20 {totals['p20'] / n:.3f}  "
          f"near precision {totals['near_ok']}/{totals['near']} = {totals['near_ok'] / max(totals['near'], 1):.3f}  "
          f"strong-set precision {totals['strong_ok']}/{totals['strong']} = {totals['strong_ok'] / max(totals['strong'], 1):.3f}  "
          f"cpu ms median {cpu[n // 2]:.1f} max {cpu[-1]:.1f}  load {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
