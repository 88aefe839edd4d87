"""End-to-end entity speed: CPU seconds that ``vnby-tui entities --spans`` spends beyond ``docs``.

Both commands run on the same inputs with ``--no-cache`` (default: the two shared real corpora,
``../shared/corpus/baomoi-2017.jsonl.gz`` and ``dantri-unc.jsonl``, ~128 MB of text).  The figure is
the text's UTF-8 megabytes divided by the extra CPU seconds (user + system, of every process the
command starts: this process is made a child subreaper, so the entity process's time is counted
even when it outlives its parent's wait).  Loading, merging, indexing, pickling between processes
and writing the output all count; reading the articles (what ``docs`` does) does not.

    .venv/bin/python bench/entity_speed.py [PATH ...] [--runs N] [--against OTHER/.venv/bin/vnby-tui]

The two commands run in turns (docs, entities, docs, entities …) and each run's CPU seconds are
printed: on a machine others share, the figure moves by more than most single changes, and runs
taken in turns see the same load.  ``--against`` runs another install (main's, say) in the same
turns, so that a change is judged against its base measured in the same period.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import resource
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "corpus"
DEFAULT_INPUTS = [SHARED / "baomoi-2017.jsonl.gz", SHARED / "dantri-unc.jsonl"]
PR_SET_CHILD_SUBREAPER = 36


def become_subreaper() -> None:
    """Orphaned grandchildren (a process pool's worker) are re-parented to us, so their CPU time
    reaches RUSAGE_CHILDREN once reaped."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    except (OSError, AttributeError):
        print("note: not a subreaper; a pool worker outliving its parent would be missed", file=sys.stderr)


def reap_all() -> None:
    while True:
        try:
            os.waitpid(-1, 0)
        except ChildProcessError:
            return


def cpu_seconds(command: list[str], env: dict[str, str]) -> float:
    """User + system CPU seconds of ``command`` and every process under it; its output is discarded."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
    reap_all()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def compiled_rules(vnby: str, env: dict[str, str]) -> str:
    """Whether ``vnby``'s install extracts with the compiled rules (``hatch_build.py``): an
    editable install whose rules were edited since it was built runs the plain ones."""
    try:
        python = Path(vnby).read_text(encoding="utf-8", errors="replace").splitlines()[0].removeprefix("#!").strip()
        code = "from tui.core.entities import EntityExtractor; print(EntityExtractor().compiled is not None)"
        answer = subprocess.run([python, "-c", code], capture_output=True, text=True, env=env, check=True,
                                cwd=tempfile.gettempdir()).stdout.strip()  # (not this folder's tui)
    except (OSError, IndexError, subprocess.CalledProcessError):
        return "unknown"
    return "compiled (mypyc)" if answer == "True" else "plain Python"


def text_megabytes(inputs: list[str]) -> tuple[int, float]:
    """Articles and UTF-8 MB of their loaded text (what the extractor reads)."""
    sys.path.insert(0, str(REPO))
    from tui.core.loader import load_paths

    articles = load_paths(inputs).articles
    return len(articles), sum(len(a.text.encode("utf-8")) for a in articles) / 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, default=DEFAULT_INPUTS)
    parser.add_argument("--runs", type=int, default=1, help="runs of each command (the least CPU is kept)")
    parser.add_argument("--vnby", default=str(REPO / ".venv" / "bin" / "vnby-tui"))
    parser.add_argument("--against", metavar="VNBY", help="another install's vnby-tui, measured in the same turns")
    args = parser.parse_args(argv)
    missing = [str(p) for p in args.paths if not p.exists()]
    if missing:
        print(f"entity speed: skipped, {', '.join(missing)} not found")
        return 0
    become_subreaper()
    inputs = [str(p) for p in args.paths]
    installs = [args.vnby] + ([args.against] if args.against else [])
    measured: list[dict[str, list[float]]] = [{"docs": [], "spans": []} for _ in installs]
    with tempfile.TemporaryDirectory(prefix="entity-speed-") as tmp:
        env = dict(os.environ, XDG_CACHE_HOME=f"{tmp}/cache", XDG_CONFIG_HOME=f"{tmp}/config", XDG_DATA_HOME=f"{tmp}/data")
        for run in range(args.runs):
            for vnby, cpu in zip(installs, measured):
                cpu["docs"].append(cpu_seconds([vnby, "docs", "--json", "--no-cache", *inputs], env))
                cpu["spans"].append(cpu_seconds([vnby, "entities", "--spans", "--no-cache", *inputs], env))
                if args.runs > 1 or args.against:
                    print(f"run {run + 1} {vnby}: entities --spans {cpu['spans'][-1]:.1f} s, "
                          f"docs {cpu['docs'][-1]:.1f} s (load average {load_average()})", flush=True)
        rules = [compiled_rules(vnby, env) for vnby in installs]
    articles, text_mb = text_megabytes(inputs)
    size_mb = sum(p.stat().st_size for p in args.paths) / 1e6
    print("commands:", shlex.join([args.vnby, "entities", "--spans", "--no-cache", *inputs]), "  minus  ",
          shlex.join([args.vnby, "docs", "--json", "--no-cache", *inputs]))
    print(f"inputs: {size_mb:.1f} MB on disk, {articles} articles, {text_mb:.1f} MB of text (UTF-8)")
    for vnby, cpu, rule in zip(installs, measured, rules):
        spans_cpu, docs_cpu = min(cpu["spans"]), min(cpu["docs"])
        extra = spans_cpu - docs_cpu
        if args.against:
            print(f"{vnby}:")
        print(f"cpu (user+sys, all processes): entities --spans {spans_cpu:.1f} s, docs {docs_cpu:.1f} s, extra {extra:.1f} s")
        print(f"entity rules: {rule}")
        print(f"entity speed: {text_mb / extra:.2f} MB/s of text per core (load average {load_average()})")
    return 0


def load_average() -> str:
    with open("/proc/loadavg") as handle:
        return " ".join(handle.read().split()[:3])


if __name__ == "__main__":
    raise SystemExit(main())
