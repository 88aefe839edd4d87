"""Bytes vnby-tui writes to the terminal: start-up, one search keystroke, one page of scrolling.

Runs the installed ``vnby-tui`` in a pseudo-terminal the way it runs at the
end of an SSH session (``COLORTERM`` unset, ``SSH_CONNECTION`` set, so lean
mode is on: no animation, no blinking cursor), counts every byte it writes
for each action until the screen has been quiet for a moment, and prints a
table for ``TERM=xterm-256color``, ``TERM=xterm`` and ``NO_COLOR``.

    python bench/ssh_bench.py [--size 120x40] [PATH ...]
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import select
import shutil
import struct
import sys
import termios
import time
from pathlib import Path

QUIET = 0.6  # seconds without output that end an action


class Terminal:
    def __init__(self, argv: list[str], env: dict[str, str], width: int, height: int) -> None:
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.execvpe(argv[0], argv, env)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))
        self.output = b""

    def _read(self, timeout: float) -> bytes:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return b""
        try:
            return os.read(self.fd, 65536)
        except OSError:
            return b""

    def measure(self, keys: bytes, expect: bytes | None, timeout: float = 30.0) -> int:
        """Send ``keys``; return the bytes written until ``expect`` was seen and output went quiet."""
        if keys:
            os.write(self.fd, keys)
        written = 0
        seen = expect is None
        window = b""
        deadline = time.monotonic() + timeout
        last = time.monotonic()
        while time.monotonic() < deadline:
            chunk = self._read(0.05)
            if chunk:
                written += len(chunk)
                window = (window + chunk)[-65536:]
                seen = seen or expect in window
                last = time.monotonic()
            elif seen and time.monotonic() - last > QUIET:
                return written
        raise SystemExit(f"timed out waiting for {expect!r}")

    def close(self) -> None:
        """Quit with ctrl+c (works whatever has the focus); kill if it does not exit."""
        try:
            os.write(self.fd, b"\x03")
        except OSError:
            pass
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            self._read(0.05)
            if os.waitpid(self.pid, os.WNOHANG)[0]:
                return
        os.kill(self.pid, 9)
        os.waitpid(self.pid, 0)


def run(program: str, paths: list[str], width: int, height: int, extra: dict[str, str]) -> dict[str, int]:
    env = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/tmp"), "LANG": "C.UTF-8",
           "TERM": "xterm-256color", "XDG_CACHE_HOME": os.environ.get("XDG_CACHE_HOME", "/tmp/vnby-bench-cache"),
           "SSH_CONNECTION": "127.0.0.1 50000 127.0.0.1 22", "SSH_TTY": "/dev/pts/0", **extra}
    term = Terminal([program, *paths], env, width, height)
    try:
        figures = {"start-up": term.measure(b"", "articles".encode())}
        term.measure(b"/to la", None)
        figures["one search keystroke"] = term.measure(b"m", None)
        term.measure(b"\r", None)  # open the first result
        figures["one page of scrolling"] = term.measure(b"\x1b[6~", None)  # page down
    finally:
        term.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--size", default="120x40")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    program = shutil.which("vnby-tui", path=str(Path(sys.executable).parent)) or shutil.which("vnby-tui")
    if not program:
        raise SystemExit("vnby-tui is not installed")
    print(f"$ python bench/ssh_bench.py --size {args.size} {' '.join(args.paths)}".rstrip())
    print(f"terminal {width}x{height}, over SSH (lean mode), COLORTERM unset; bytes written per action")
    variants = {"256 colours": {}, "TERM=xterm": {"TERM": "xterm"}, "NO_COLOR": {"NO_COLOR": "1"}}
    rows = {label: run(program, args.paths, width, height, extra) for label, extra in variants.items()}
    actions = list(next(iter(rows.values())))
    print(f"{'action':<24}" + "".join(f"{label:>18}" for label in rows))
    for action in actions:
        print(f"{action:<24}" + "".join(f"{rows[label][action]:>18,}" for label in rows))


if __name__ == "__main__":
    main()
