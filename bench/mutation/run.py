"""Mutation score of the modules that hold the product's promises (a benchmark, not CI).

mutmut (3.x) changes one small thing at a time in a module — a comparison, a
constant, a returned value — and runs the tests that execute the changed
function.  A mutant is *killed* when a test fails; one that every test lets
through *survived*: a behaviour the suite does not pin.  Coverage counts lines
run; this counts promises checked.

The repository at ``--source`` (default HEAD) is copied to a scratch folder
(``git archive``), optionally with ``tests/`` taken from ``--tests-from`` (to
score the tests of an earlier commit against today's code), and mutmut runs
there; nothing is written in the work tree.  The unit-level test files below
are used (the Pilot, snapshot, tmux and scale tests add minutes per mutant and
little on these modules).

Score per module = killed / mutants run, where a mutant no selected test
executes counts as not killed, and a timeout counts as killed (the mutant made
the code loop).  Mutants of functions that run at import time (building a
table at module level) cannot be switched on after import, so mutmut reports
them as survivors whatever the tests do: they are counted apart as
``import-time`` and left out of the score.  ``unrun`` counts the mutants a run
still going on (see ``--score``) has not reached; they are left out too.

Usage::

    .venv/bin/pip install "mutmut>=3.3,<4"
    .venv/bin/python bench/mutation/run.py [--tests-from REV] [--source REV] [--module tui/core/text.py ...]
        [--keep DIR] [--survivors] [--tests tests/test_x.py ...]
    .venv/bin/python bench/mutation/run.py --recheck DIR [--survivors]   # after adding tests
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

#: The modules holding the promises: folding and text hygiene, query parsing, highlighting,
#: the cache signature and manifest, entity merging (within an article and corpus-wide),
#: and result tiers once they exist.  Missing ones are skipped.
MODULES = [
    "tui/core/text.py",
    "tui/core/query.py",
    "tui/core/highlight.py",
    "tui/core/cache.py",
    "tui/core/entities/merging.py",
    "tui/core/entities/index.py",
    "tui/core/search/tiers.py",
]

#: Unit-level tests: fast enough to run once per mutant.
TESTS = [
    "tests/test_folding.py", "tests/test_text_safety.py", "tests/test_loader.py", "tests/test_search.py",
    "tests/test_search_hostile.py", "tests/test_search_cli.py", "tests/test_cli.py", "tests/test_cache.py",
    "tests/test_workspace.py", "tests/test_entities.py", "tests/test_entities_cli.py", "tests/test_promises.py",
    "tests/test_config.py", "tests/test_index.py", "tests/test_store.py", "tests/test_query.py",
    "tests/test_cache_manifest.py", "tests/test_highlight.py", "tests/test_decode_limits.py",
    "tests/test_search_tiers.py", "tests/test_entities_categories.py", "tests/test_text_decoding.py",
    "tests/test_faults_cache.py",
]

#: Tests left out of every run: one kill -9 of a cold build costs ~20 s per mutant.
DESELECT = ["tests/test_faults_cache.py::test_kill_9_during_a_cold_build_leaves_no_process_and_no_litter"]

#: ``tui.core.text.x_fold__mutmut_3: survived``; a method is ``xǁClassǁmethod``.
RESULT_RE = re.compile(r"^\s*(?P<module>[\w.]+?)\.x(?P<sep>[_ǁ])(?P<name>\S+?)__mutmut_(?P<n>\d+): (?P<status>.+)$")


def copy_tree(source: str, tests_from: str | None, into: Path) -> None:
    """``git archive`` of ``source`` into ``into``, with tests/ of ``tests_from`` if given."""
    archive = subprocess.run(["git", "-C", str(REPO), "archive", source], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    if tests_from:
        shutil.rmtree(into / "tests")
        archive = subprocess.run(["git", "-C", str(REPO), "archive", tests_from, "tests"], check=True,
                                 capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)


def write_config(into: Path, modules: list[str], tests: list[str]) -> None:
    lines = ["[mutmut]", "source_paths = tui", "only_mutate = " + "\n    ".join(modules),
             "also_copy = seeds\n    config.toml",
             "pytest_add_cli_args_test_selection = " + "\n    ".join(tests),
             "pytest_add_cli_args = -p no:cacheprovider -q -x" + "".join(f"\n    --deselect={t}" for t in DESELECT)]
    (into / "setup.cfg").write_text("\n".join(lines) + "\n")


def import_time_functions(into: Path, modules: list[str]) -> set[tuple[str, str]]:
    """(module, function) pairs called at module level, e.g. ``FOLD = _build_fold_table()``."""
    found = set()
    for path in modules:
        text = (into / path).read_text(encoding="utf-8")
        module = path[:-3].replace("/", ".")
        for line in text.splitlines():
            if line and not line[0].isspace() and not line.startswith(("def ", "class ", "@", "#")):
                for name in re.findall(r"\b(_?\w+)\(", line):
                    if re.search(rf"^def {re.escape(name)}\(", text, re.M):
                        found.add((module, name))
    return found


def not_killed(into: Path, mutmut: str) -> list[str]:
    """Names of the mutants a kept run let through (survived or no tests)."""
    out = subprocess.run([mutmut, "results", "--all", "true"], cwd=into, capture_output=True, text=True).stdout
    return [line.split(":")[0].strip() for line in out.splitlines()
            if RESULT_RE.match(line) and RESULT_RE.match(line)["status"].strip() in ("survived", "no tests")]


def recheck(into: Path, mutmut: str, tests: list[str], env: dict[str, str], only: list[str] | None = None) -> dict[str, str]:
    """Run the mutants a kept run let through against the test files that changed since
    (the work tree's ``TESTS`` files that differ from the run's copy, and the helpers
    they import; or just the files ``only`` names): a mutant one of them fails on is
    killed.  The old tests let these mutants through already, and tests are only ever
    added, so this gives what a new full run would, in a fraction of the time.  Name
    with ``only`` the files you added tests to when other files changed too (tests
    written for newer code would fail on the run's older copy and "kill" everything).
    Returns name -> new status."""
    copy = into / "mutants"
    changed = list(only) if only else [
        t for t in tests if (REPO / t).exists()
        and (not (copy / t).exists() or (copy / t).read_bytes() != (REPO / t).read_bytes())]
    for helper in (REPO / "tests").glob("*.py"):
        if not helper.name.startswith("test_"):
            shutil.copyfile(helper, copy / "tests" / helper.name)
    for number, test in enumerate(changed):
        if Path(test).is_absolute():  # a file put together elsewhere (say, the run's tests plus new ones)
            changed[number] = f"tests/{Path(test).name}"
        shutil.copyfile(REPO / test, copy / changed[number])
    print(f"rechecking against {', '.join(changed) or 'no changed test file'}", flush=True)
    statuses: dict[str, str] = {}
    for name in not_killed(into, mutmut) if changed else ():
        try:
            run = subprocess.run([sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *changed],
                                 cwd=copy, env={**env, "MUTANT_UNDER_TEST": name}, capture_output=True, timeout=600)
            statuses[name] = "killed" if run.returncode == 1 else "survived" if run.returncode == 0 else "timeout"
        except subprocess.TimeoutExpired:
            statuses[name] = "timeout"
    return statuses


def score(into: Path, mutmut: str, modules: list[str], show_survivors: bool,
          rechecked: dict[str, str] | None = None) -> None:
    out = subprocess.run([mutmut, "results", "--all", "true"], cwd=into, capture_output=True, text=True).stdout
    at_import = import_time_functions(into, modules)
    counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    survivors: list[str] = []
    for line in out.splitlines():
        found = RESULT_RE.match(line)
        if not found:
            continue
        module, status = found["module"], found["status"].strip()
        status = (rechecked or {}).get(line.split(":")[0].strip(), status)
        function = found["name"].replace("ǁ", ".")
        if (module, function) in at_import:
            counts[module]["import-time"] += 1
            continue
        counts[module][status] += 1
        if status not in ("killed", "timeout", "not checked"):
            survivors.append(line.strip())
    print(f"{'module':34} {'mutants':>7} {'killed':>7} {'survived':>8} {'no tests':>8} {'timeout':>7} "
          f"{'import-time':>11} {'unrun':>5} {'score':>6}")
    for path in modules:
        module = path[:-3].replace("/", ".")
        c = counts.get(module, collections.Counter())
        scored = sum(v for k, v in c.items() if k not in ("import-time", "not checked"))
        killed = c["killed"] + c["timeout"]
        ratio = f"{100 * killed / scored:5.1f}%" if scored else "    -"
        print(f"{module:34} {scored:7} {c['killed']:7} {c['survived']:8} {c['no tests']:8} {c['timeout']:7} "
              f"{c['import-time']:11} {c['not checked']:5} {ratio:>6}")
    if show_survivors:
        print("\nnot killed (see one with: mutmut show NAME, in the kept folder):")
        for line in survivors:
            print("  " + line)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", default="HEAD", help="commit whose code is mutated (default HEAD)")
    parser.add_argument("--tests-from", help="commit whose tests/ are run (default: --source's)")
    parser.add_argument("--module", action="append", help="only this module (repeatable)")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (for mutmut show/browse)")
    parser.add_argument("--survivors", action="store_true", help="list every mutant not killed")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--tests", action="append", metavar="FILE",
                        help="run these test files per mutant instead of TESTS (repeatable): a module whose "
                             "functions every unit test reaches (entity merging) is checked by its own tests in "
                             "minutes instead of hours")
    parser.add_argument("--score", type=Path, metavar="DIR",
                        help="only print the scores of a folder kept by --keep (a run may still be going on there)")
    parser.add_argument("--recheck", type=Path, metavar="DIR",
                        help="scores of a finished folder kept by --keep, its surviving mutants run again against "
                             "the test files changed since in the work tree")
    parser.add_argument("--only", action="append", metavar="FILE",
                        help="with --recheck: run these test files (from the work tree, or an absolute path put in tests/) and no others")
    args = parser.parse_args()
    if args.score or args.recheck:
        folder = args.score or args.recheck
        modules = re.findall(r"tui/\S+\.py", (folder / "setup.cfg").read_text())
        mutmut = shutil.which("mutmut", path=str(Path(sys.executable).parent)) or "mutmut"
        env = {**os.environ, **{f"XDG_{k}_HOME": str(folder / ".xdg" / k.lower()) for k in ("CONFIG", "CACHE", "DATA", "STATE")}}
        tests = re.findall(r"tests/\S+\.py", (folder / "setup.cfg").read_text())  # the run's own
        rechecked = recheck(folder, mutmut, tests, env, args.only) if args.recheck else None
        score(folder, mutmut, modules, args.survivors, rechecked)
        return 0
    mutmut = shutil.which("mutmut", path=str(Path(sys.executable).parent)) or shutil.which("mutmut")
    if mutmut is None:
        print('mutmut is not installed: .venv/bin/pip install "mutmut>=3.3,<4"', file=sys.stderr)
        return 2
    work = args.keep or Path(tempfile.mkdtemp(prefix="vnby-mutation-"))
    if args.keep and work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    try:
        copy_tree(args.source, args.tests_from, work)
        modules = [m for m in (args.module or MODULES) if (work / m).exists()]
        tests = [t for t in (args.tests or TESTS) if (work / t).exists()]
        write_config(work, modules, tests)
        env = {**os.environ, **{f"XDG_{k}_HOME": str(work / ".xdg" / k.lower()) for k in ("CONFIG", "CACHE", "DATA", "STATE")}}
        print(f"mutating {', '.join(modules)}\ncode from {args.source}, tests from {args.tests_from or args.source}; "
              f"{len(tests)} test files", flush=True)
        run = subprocess.run([mutmut, "run", "--max-children", str(args.jobs)], cwd=work, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if run.returncode:
            print(run.stderr[-3000:], file=sys.stderr)
            return run.returncode
        score(work, mutmut, modules, args.survivors)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
