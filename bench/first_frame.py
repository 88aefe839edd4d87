#!/usr/bin/env python3
"""The explorer's first frame, two installs side by side: each launch runs the installed
``vnby-tui`` on the real corpus in a pseudo-terminal and times it until the bytes of its
header (``vnby-tui``) appear — the app's own first screen, header, panes and loading line.

Launches alternate between the installs (A, B, A, B …) so that both share the same load
on a machine others use too; each prints the median and the worst wall time, and the CPU
time the process had used by the frame (user + system of every thread, read from
``/proc`` at the moment the header arrived): far less noisy than wall time while other
work shares the cores.  ``cold``: fresh private XDG directories every launch (no cache,
no preferences); ``warm``: one cache entry, built before the timed runs (or given with ``--cache``), read by both.

    .venv/bin/python bench/first_frame.py --a OTHER/.venv/bin/vnby-tui       # another install vs this one
    .venv/bin/python bench/first_frame.py --a OTHER/.venv/bin/vnby-tui --runs 9 --size 200x50 --only warm
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import select
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from large_bench import REAL  # noqa: E402 (the shared real corpus, beside the repository)

HEADER = b"vnby-tui"


def environment(home: Path, cache: Path | None = None) -> dict[str, str]:
    """As bench/large_bench.py launches it: a plain terminal, private XDG directories (the
    cache's under ``cache`` when given)."""
    return {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/tmp"), "LANG": "C.UTF-8",
            "TERM": "xterm-256color", "XDG_CACHE_HOME": str(cache or home / "cache"), "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_DATA_HOME": str(home / "data"), "XDG_STATE_HOME": str(home / "state")}


def cpu_seconds(pid: int) -> float:
    """User + system CPU of the process so far: its live threads' own counts (nanoseconds,
    /proc/PID/task/*/schedstat), or the process's clock-tick total when that is higher
    (threads already ended)."""
    ticks = os.sysconf("SC_CLK_TCK")
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    total = (int(fields[11]) + int(fields[12])) / ticks
    threads = 0.0
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/schedstat") as f:
                threads += int(f.read().split()[0]) / 1e9
        except OSError:
            pass
    return max(total, threads)


def launch(program: str, paths: list[str], home: Path, size: tuple[int, int] | None,
           cache: Path | None = None) -> tuple[float, float]:
    """Wall and CPU seconds from the launch until the header is drawn."""
    started = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        if size is not None:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
        os.execve(program, [program, *paths], environment(home, cache))
    seen = b""
    try:
        while time.perf_counter() - started < 30:
            ready, _, _ = select.select([fd], [], [], 0.005)
            if ready:
                try:
                    seen += os.read(fd, 65536)
                except OSError:
                    break
                if HEADER in seen:
                    wall = time.perf_counter() - started
                    return wall, cpu_seconds(pid)
        return float("nan"), float("nan")
    finally:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        os.close(fd)


def build_cache(program: str, paths: list[str], cache: Path) -> None:
    """A warm cache: the corpus indexed with its entities, as the explorer leaves it."""
    env = environment(cache.parent, cache)
    subprocess.run([program, "entities", "--limit", "1", *paths], env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def summary(label: str, results: list[tuple[float, float]]) -> str:
    walls = [w for w, _ in results]
    cpus = [c for _, c in results]
    return (f"{label:<44} wall median {statistics.median(walls):.3f} s  max {max(walls):.3f} s   "
            f"CPU median {statistics.median(cpus):.3f} s  max {max(cpus):.3f} s   (n={len(results)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--a", required=True, help="first install's vnby-tui (another worktree's, say main's)")
    parser.add_argument("--b", default=str(Path(sys.executable).parent / "vnby-tui"), help="second install's (default: this one)")
    parser.add_argument("--runs", type=int, default=9, help="launches of each install per mode (default 9)")
    parser.add_argument("--only", choices=("cold", "warm"), help="only this mode")
    parser.add_argument("--size", help="terminal size COLSxROWS (default: the pty's, which Textual reads as 80x24)")
    parser.add_argument("--cache", type=Path, help="an XDG cache directory holding the corpus's entry already (warm)")
    parser.add_argument("paths", nargs="*", help="the corpus (default: the two real corpora)")
    args = parser.parse_args()
    paths = args.paths or [str(p) for p in REAL]
    size = tuple(int(n) for n in args.size.lower().split("x")) if args.size else None
    programs = {"A": args.a, "B": args.b}
    print(f"$ {' '.join([Path(sys.executable).name, *sys.argv])}")
    print(f"A = {args.a}\nB = {args.b}\nload average {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    work = Path(tempfile.mkdtemp(prefix="first-frame-"))
    try:
        modes = [args.only] if args.only else ["cold", "warm"]
        for mode in modes:
            cache = args.cache or work / "cache"
            if mode == "warm":  # one cache entry, read by both (the installs share its format)
                if not args.cache:
                    started = time.perf_counter()
                    build_cache(programs["B"], paths, cache)
                    print(f"(warm cache built by B in {time.perf_counter() - started:.0f} s)")
                # one launch each untimed: the preferences and user database exist after it, as for a user
                for name, program in programs.items():
                    launch(program, paths, work / f"warm-{name}", size, cache)
            results: dict[str, list[tuple[float, float]]] = {name: [] for name in programs}
            for run in range(args.runs):
                for name, program in (programs.items() if run % 2 == 0 else reversed(programs.items())):
                    home = work / f"warm-{name}" if mode == "warm" else work / f"cold-{name}-{run}"
                    results[name].append(launch(program, paths, home, size, cache if mode == "warm" else None))
                    if mode == "cold":
                        shutil.rmtree(home, ignore_errors=True)
            for name in programs:
                print(summary(f"{mode} {name}", results[name]))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
