"""Main-thread CPU of a cold load of the real corpus up to searchable (issue 15).

``open_corpus`` with a fresh, private cache directory (removed after), no entities, timed
with ``time.thread_time()`` from the call to the moment ``progress.searchable`` turns
true: what the loading thread spends, which a loaded machine skews far less than wall
time (printed beside it, with the load average).

    .venv/bin/python bench/cold_cpu.py [--runs N] [paths ...]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
SHARED = REPO.parent / "shared" / "corpus"
DEFAULT_INPUTS = [SHARED / "baomoi-2017.jsonl.gz", SHARED / "dantri-unc.jsonl"]


def cold_load(paths: list[str]) -> tuple[float, float, int]:
    """(CPU s, wall s) to searchable, and the articles loaded."""
    from tui.core.workspace import open_corpus

    cache = tempfile.mkdtemp(prefix="vnby-cold-cpu-")
    os.environ["XDG_CACHE_HOME"] = cache
    seen: dict[str, float] = {}
    cpu, wall = time.thread_time(), time.perf_counter()

    def progress(p) -> None:
        if p.searchable and "cpu" not in seen:
            seen["cpu"], seen["wall"] = time.thread_time() - cpu, time.perf_counter() - wall

    try:
        workspace = open_corpus(paths, use_cache=True, entities=False, on_progress=progress,
                                on_batch=lambda w, f, c: None)
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    return seen["cpu"], seen["wall"], len(workspace.articles)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", default=[str(p) for p in DEFAULT_INPUTS])
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    from tui.core import kernels

    for _ in range(args.runs):
        cpu, wall, count = cold_load(args.paths)
        print(f"cold load to searchable, {count} articles: main thread CPU {cpu:.2f} s, wall {wall:.2f} s; "
              f"load average {os.getloadavg()[0]:.1f}; search kernels: {kernels.STATUS}", flush=True)


if __name__ == "__main__":  # spawned workers import this module again
    main()
