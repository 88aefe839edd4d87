"""UI benchmark: time to first frame, and keystroke to updated results, in a real terminal.

Runs the installed ``vnby-tui`` on a pseudo-terminal of 120×40 and reads what
it writes, as a terminal would:

* **first frame**: from launch until the header (``vnby-tui · …``) is written,
  next to a bare Textual app showing one line (the floor Python + Textual set);
* **keystroke → results**: with the corpus loaded, the last character of a
  query is sent and the clock stops when the new hit count is on screen.
  Measured with the default 75 ms debounce and with the debounce off (the
  remainder is search + redraw).

Usage::

    .venv/bin/python bench/ui_bench.py                     # the bundled seeds
    .venv/bin/python bench/ui_bench.py ../shared/corpus/dantri-unc.jsonl
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import re
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

WIDTH, HEIGHT = 120, 40
ESCAPES_RE = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")
PROGRAM = Path(sys.executable).parent / "vnby-tui"
BARE_APP = (
    "from textual.app import App\n"
    "from textual.widgets import Static\n"
    "class Bare(App):\n"
    "    def compose(self):\n"
    "        yield Static('bare textual app')\n"
    "Bare().run()\n"
)
#: The header once loading is over: ``… · 2 articles · 46 entities``.
LOADED_RE = re.compile(r"articles? · [\d,]+ entities")
#: Queries typed in the latency test (the last character is the timed keystroke).
QUERIES = ["to lam", "belarus", "ha noi", "chinh phu", "viet nam", "kinh te", "giao duc", "bong da", "quoc hoi",
           "thu tuong", "lukashenko", "hop tac", "du lich", "cong an", "y te", "tai nan", "minsk"]


class Terminal:
    """A program on a pseudo-terminal of fixed size; ``text`` is what it has written, escapes removed."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", HEIGHT, WIDTH, 0, 0))
        self.started = time.perf_counter()
        self.process = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env,
                                        start_new_session=True, close_fds=True)
        os.close(slave)
        self.raw = b""

    @property
    def text(self) -> str:
        return ESCAPES_RE.sub("", self.raw.decode("utf-8", "replace"))

    def read_until(self, needle: str | re.Pattern[str], timeout: float = 60.0, since: int = 0) -> float:
        """The clock when ``needle`` (text or pattern) appears in what was written after byte ``since``."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            ready, _, _ = select.select([self.master], [], [], 0.01)
            if ready:
                try:
                    self.raw += os.read(self.master, 1 << 16)
                except OSError:
                    break
                tail = ESCAPES_RE.sub("", self.raw[since:].decode("utf-8", "replace"))
                if (needle.search(tail) if isinstance(needle, re.Pattern) else needle in tail):
                    return time.perf_counter()
        raise TimeoutError(f"{needle!r} did not appear; last output: {self.text[-400:]!r}")

    def drain(self, seconds: float) -> None:
        """Read whatever arrives for ``seconds`` (lets the screen settle between measurements)."""
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            ready, _, _ = select.select([self.master], [], [], 0.01)
            if ready:
                self.raw += os.read(self.master, 1 << 16)

    def send(self, text: str) -> None:
        os.write(self.master, text.encode())

    def close(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        self.process.wait(timeout=10)
        os.close(self.master)


def environment(home: Path, debounce_ms: int | None = None) -> dict[str, str]:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), "TERM": "xterm-256color",
           "LANG": "C.UTF-8", "XDG_CACHE_HOME": str(home / "cache"), "XDG_CONFIG_HOME": str(home / "config")}
    if debounce_ms is not None:
        config = home / f"debounce-{debounce_ms}.toml"
        config.write_text(f"[search]\ndebounce_ms = {debounce_ms}\n", encoding="utf-8")
        env["VNBY_TUI_CONFIG"] = str(config)
    return env


def first_frame(argv: list[str], needle: str, env: dict[str, str]) -> float:
    terminal = Terminal(argv, env)
    try:
        return terminal.read_until(needle) - terminal.started
    finally:
        terminal.close()


def expected_totals(paths: list[str], limit: int) -> dict[str, int]:
    """Hit counts the app will show, from the same core search, for queries whose last keystroke changes it."""
    from tui.core.workspace import open_corpus

    index = open_corpus(paths, use_cache=False).search_index
    totals = {}
    for query in QUERIES:
        total = index.search(query, limit=limit).total
        if total and total != index.search(query[:-1], limit=limit).total:
            totals[query] = total
    return totals


def keystroke_latencies(paths: list[str], totals: dict[str, int], env: dict[str, str]) -> list[float]:
    """Milliseconds from the last keystroke of each query to its hit count on screen."""
    terminal = Terminal([str(PROGRAM), *paths], env)
    latencies = []
    try:
        terminal.read_until(LOADED_RE, timeout=300)
        terminal.send("/")
        terminal.drain(0.3)
        for query, total in totals.items():
            terminal.send("\x15")  # ctrl+u clears the field (sent alone: Textual drops text glued to it)
            terminal.drain(0.2)
            terminal.send(query[:-1])
            terminal.drain(0.4)
            mark = len(terminal.raw)
            sent = time.perf_counter()
            terminal.send(query[-1])
            label = f"{total:,} hits" if total != 1 else "1 hit"
            latencies.append((terminal.read_until(label, since=mark) - sent) * 1000)
    finally:
        terminal.close()
    return latencies


def summary(values: list[float]) -> str:
    values = sorted(values)
    p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
    return f"median {statistics.median(values):.0f} ms, p95 {p95:.0f} ms, max {values[-1]:.0f} ms (n={len(values)})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", help="corpus (default: the bundled seeds)")
    parser.add_argument("--runs", type=int, default=5, help="launches per first-frame figure (default 5)")
    args = parser.parse_args()
    if not PROGRAM.exists():
        print(f"vnby-tui is not installed next to {sys.executable}", file=sys.stderr)
        return 2
    from tui.core.loader import bundled_seeds

    paths = args.paths or [str(bundled_seeds())]
    with tempfile.TemporaryDirectory() as scratch:
        home = Path(scratch)
        bare = [first_frame([sys.executable, "-c", BARE_APP], "bare textual app", environment(home))
                for _ in range(args.runs)]
        ours = [first_frame([str(PROGRAM), *paths], "vnby-tui · ", environment(home)) for _ in range(args.runs)]
        print(f"corpus: {', '.join(paths)}")
        print(f"first frame, bare Textual app: {summary([s * 1000 for s in bare])}")
        print(f"first frame, vnby-tui:         {summary([s * 1000 for s in ours])}")
        totals = expected_totals(paths, limit=200)
        if not totals:
            print("keystroke → results: no query of the mix changes its hit count on this corpus")
            return 0
        with_debounce = keystroke_latencies(paths, totals, environment(home))
        without = keystroke_latencies(paths, totals, environment(home, debounce_ms=0))
        print(f"keystroke → results on screen, 75 ms debounce: {summary(with_debounce)}")
        print(f"keystroke → results on screen, no debounce:    {summary(without)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
