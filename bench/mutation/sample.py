"""Finish a kept mutation run on a sample: the mutants it has not reached, in random order.

A full ``run.py`` on ``entities/merging.py`` takes hours on a loaded machine: each surviving
mutant of ``resolve_names`` runs the ~100 tests that call it (85 CPU s), and a third of
them is the cache and second-process plumbing of ``tests/test_workspace.py``, which runs
the same merging code on both sides of each comparison (a mutant changes both alike).
This script takes a folder kept by ``run.py --keep`` (stopped, or finished with ``unrun``
left), runs the mutants it has not checked in a seeded random order, each against the
tests mutmut selected for its function minus ``--skip`` (pytest ``-x``, the mutant
switched on by ``MUTANT_UNDER_TEST`` as mutmut does), and writes each verdict into the
run's results, so ``run.py --score DIR`` and ``--recheck DIR`` count it.  Stop it at any
time (the mutants not reached stay ``unrun``); the score is then that of a random sample,
and says so.

Usage::

    .venv/bin/python bench/mutation/sample.py DIR [--skip tests/test_workspace.py] [--seed 1] [--limit N]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

KILLED, SURVIVED, TIMEOUT = 1, 0, 36


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="a folder kept by run.py --keep")
    parser.add_argument("--skip", action="append", default=[], help="leave out tests whose id starts so (repeatable)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--limit", type=int, help="stop after this many mutants")
    args = parser.parse_args()
    mutants = args.folder / "mutants"
    stats = json.loads((mutants / "mutmut-stats.json").read_text())
    tests_of, duration = stats["tests_by_mangled_function_name"], stats["duration_by_test"]
    env = {**os.environ, **{f"XDG_{k}_HOME": str(args.folder / ".xdg" / k.lower()) for k in ("CONFIG", "CACHE", "DATA", "STATE")}}
    for meta_path in sorted(mutants.rglob("*.py.meta")):
        meta = json.loads(meta_path.read_text())
        todo = sorted(name for name, code in meta["exit_code_by_key"].items() if code is None)
        random.Random(args.seed).shuffle(todo)
        for count, name in enumerate(todo[: args.limit], start=1):
            tests = sorted((t for t in tests_of.get(name.split("__mutmut_")[0], ())
                            if not any(t.startswith(s) for s in args.skip)), key=lambda t: duration.get(t, 0))
            if not tests:
                code = 33  # mutmut's "no tests"
            else:
                budget = 60 + 10 * sum(duration.get(t, 0) for t in tests)
                try:
                    run = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests],
                                         cwd=mutants, env={**env, "MUTANT_UNDER_TEST": name}, capture_output=True,
                                         timeout=budget)
                    code = run.returncode if run.returncode in (KILLED, SURVIVED) else 33 if run.returncode == 5 else KILLED
                except subprocess.TimeoutExpired:
                    code = TIMEOUT
            meta = json.loads(meta_path.read_text())
            meta["exit_code_by_key"][name] = code
            meta_path.write_text(json.dumps(meta, indent=4))
            print(f"{time.strftime('%H:%M:%S')} {count}/{len(todo)} {name}: "
                  f"{ {KILLED: 'killed', SURVIVED: 'survived', TIMEOUT: 'timeout', 33: 'no tests'}[code] }", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
