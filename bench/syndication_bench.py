"""Syndicated stories on the real corpus: cost next to indexing, and quality on labelled pairs.

Builds the search index of the shared real corpora (no cache) in this process, then runs the
``copies`` stage (:func:`tui.core.syndication.find_copies`) on it, and prints:

* CPU seconds (user + system) of each, and their ratio (the stage's cost next to indexing);
* the anonymous memory (RssAnon, sampled every 5 ms) the stage adds at its peak and keeps;
* how many groups and grouped articles, the largest group, and how many of the pairs at or
  above the threshold that a much looser LSH finds (0.2) the stage's LSH finds too;
* precision and recall, at the chosen threshold and around it, on ``syndication_pairs.tsv``
  (85 pairs of real articles labelled by reading them before the threshold was chosen).

    nice -n 5 .venv/bin/python bench/syndication_bench.py [PATH ...]
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
SHARED = REPO.parent / "shared" / "corpus"
DEFAULT_INPUTS = [SHARED / "baomoi-2017.jsonl.gz", SHARED / "dantri-unc.jsonl"]
LABELS = Path(__file__).with_name("syndication_pairs.tsv")


def cpu() -> float:
    times = os.times()
    return times.user + times.system


def rss_anon_mb() -> float:
    status = Path("/proc/self/status").read_text()
    return int(re.search(r"RssAnon:\s+(\d+)", status).group(1)) / 1024


class PeakMemory(threading.Thread):
    """The highest RssAnon seen while it runs."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = rss_anon_mb()
        self.running = True

    def run(self) -> None:
        while self.running:
            self.peak = max(self.peak, rss_anon_mb())
            time.sleep(0.005)

    def stop(self) -> float:
        self.running = False
        self.join()
        return max(self.peak, rss_anon_mb())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=[str(p) for p in DEFAULT_INPUTS])
    args = parser.parse_args()
    if not all(Path(p).exists() for p in args.paths):
        print(f"missing input: {args.paths} (the real corpus is in ../shared/corpus/)", file=sys.stderr)
        return 2
    from tui.core import syndication
    from tui.core.index import release_freed_memory
    from tui.core.workspace import open_corpus

    start = cpu()
    workspace = open_corpus(args.paths, use_cache=False, entities=False)
    index_cpu = cpu() - start
    text_mb = workspace.articles.text_bytes() / 1e6
    before = rss_anon_mb()
    watch = PeakMemory()
    watch.start()
    start = cpu()
    copies = syndication.find_copies(workspace.search_index)
    release_freed_memory()  # as the loading stage does
    copies_cpu = cpu() - start
    peak = watch.stop()
    after = rss_anon_mb()
    sizes = copies.sizes()
    print(f"{len(workspace.articles):,} articles, {text_mb:.1f} MB of text; load {os.getloadavg()[0]:.1f}")
    print(f"index build (reference): {index_cpu:.2f} CPU s")
    print(f"copies stage:            {copies_cpu:.2f} CPU s  = {copies_cpu / index_cpu:.3f} x the index build")
    print(f"memory: +{peak - before:.0f} MB anonymous at the stage's peak, +{after - before:.0f} MB kept "
          f"(RssAnon {before:.0f} MB before)")
    print(f"groups: {copies.groups:,} of {copies.grouped:,} articles; largest {int(sizes.max())}")

    loose = {(a, b) for a, b, j in syndication.scored_pairs(workspace.search_index, 0.2) if j >= syndication.THRESHOLD}
    found = {(a, b) for a, b, j in syndication.scored_pairs(workspace.search_index) if j >= syndication.THRESHOLD}
    print(f"LSH recall: {len(found & loose)} of the {len(loose)} pairs >= {syndication.THRESHOLD} "
          f"that a loose LSH (0.2) finds")

    ids = {workspace.articles[d].id: d for d in range(len(workspace.articles))}
    labelled = []
    for line in LABELS.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or line.startswith("a\t"):
            continue
        a, b, label = line.split("\t")
        if a in ids and b in ids:
            first, second = (syndication.doc_shingles(workspace.search_index, ids[d]) for d in (a, b))
            short = min(len(first), len(second)) < syndication.MIN_SHINGLES  # never grouped
            labelled.append((-1.0 if short else syndication.jaccard(first, second), label == "dup"))
    positives = sum(dup for _, dup in labelled)
    print(f"labelled pairs: {len(labelled)} ({positives} dup)")
    for threshold in (0.4, 0.5, syndication.THRESHOLD, 0.6, 0.7):
        tp = sum(1 for s, dup in labelled if s >= threshold and dup)
        fp = sum(1 for s, dup in labelled if s >= threshold and not dup)
        mark = "  <- chosen" if threshold == syndication.THRESHOLD else ""
        print(f"  threshold {threshold:.2f}: precision {tp / max(tp + fp, 1):.2f} recall {tp / max(positives, 1):.2f}"
              f" ({tp} tp, {fp} fp, {positives - tp} fn){mark}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
