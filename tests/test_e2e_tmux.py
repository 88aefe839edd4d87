"""End-to-end: the installed ``vnby-tui`` in a real terminal (tmux), driven by keys.

Every wait polls ``capture-pane`` until the expected screen appears or a
deadline passes; captured text is NFC-normalised because a terminal may hand
Vietnamese back decomposed.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import unicodedata
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

TMUX = shutil.which("tmux")
SEED_TITLES = ("Củng cố tình hữu nghị", "Tổng thống A. Lukashenko")
SGR_RE = re.compile(r"\x1b\[([0-9;:]*)m")


def installed_program() -> str:
    program = Path(sys.executable).parent / "vnby-tui"
    if not program.exists():
        pytest.skip(f"vnby-tui is not installed next to {sys.executable}")
    return str(program)


class TmuxSession:
    """``vnby-tui`` in a detached tmux session of a fixed size, on a private server."""

    def __init__(self, tmp_path: Path, width: int = 120, height: int = 40) -> None:
        if TMUX is None:
            pytest.skip("tmux is not installed")
        self.socket = f"vnby-e2e-{uuid.uuid4().hex[:8]}"
        self.exit_file = tmp_path / "exit-status"
        environment = {
            "XDG_CONFIG_HOME": str(tmp_path / "config"),
            "XDG_CACHE_HOME": str(tmp_path / "cache"),
            "HOME": str(tmp_path),
            "LANG": "C.UTF-8",
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        }
        exports = " ".join(f"{key}={shlex.quote(value)}" for key, value in environment.items())
        command = f"env -i {exports} {shlex.quote(installed_program())}; echo EXIT=$? > {shlex.quote(str(self.exit_file))}"
        self.tmux("new-session", "-d", "-s", "app", "-x", str(width), "-y", str(height), command)
        self.tmux("set-option", "-t", "app", "remain-on-exit", "on")

    def tmux(self, *args: str) -> str:
        result = subprocess.run([TMUX, "-L", self.socket, "-f", "/dev/null", *args], capture_output=True,
                                text=True, check=True)
        return result.stdout

    def capture(self, escapes: bool = False) -> str:
        flags = ["-p", "-e"] if escapes else ["-p"]
        return unicodedata.normalize("NFC", self.tmux("capture-pane", *flags, "-t", "app"))

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "app", *keys)

    def type(self, text: str) -> None:
        self.tmux("send-keys", "-t", "app", "-l", text)

    def wait_until(self, condition: Callable[[str], bool], what: str, escapes: bool = False,
                   timeout: float = 15.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.capture(escapes)
            if condition(screen):
                return screen
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what}; screen was:\n{screen}")

    def wait_for_text(self, *needles: str) -> str:
        return self.wait_until(lambda screen: all(n in screen for n in needles), f"{needles!r}")

    def exit_status(self, timeout: float = 10.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.exit_file.exists() and self.exit_file.read_text().strip():
                return self.exit_file.read_text().strip()
            time.sleep(0.05)
        raise AssertionError(f"vnby-tui did not exit; screen was:\n{self.capture()}")

    def close(self) -> None:
        subprocess.run([TMUX, "-L", self.socket, "kill-server"], capture_output=True)


@pytest.fixture
def session(tmp_path):
    tmux = TmuxSession(tmp_path)
    yield tmux
    tmux.close()


def sgr_attributes(params: str) -> set[str]:
    """Attributes an SGR parameter list turns on: ``bold``, ``underline``, ``reverse``, ``background``…

    Colour parameters (``38;2;r;g;b``, ``48;5;n``) are skipped whole, so a
    colour component that happens to be 4 is not read as underline.
    """
    names = {"1": "bold", "3": "italic", "4": "underline", "7": "reverse"}
    found: set[str] = set()
    parts = params.replace(":", ";").split(";") if params else ["0"]
    index = 0
    while index < len(parts):
        part = parts[index]
        if part in ("38", "48", "58"):
            if part == "48":
                found.add("background")
            mode = parts[index + 1] if index + 1 < len(parts) else ""
            index += 5 if mode == "2" else 3
            continue
        if part.isdigit() and (40 <= int(part) <= 47 or 100 <= int(part) <= 107):
            found.add("background")
        if part in names:
            found.add(names[part])
        index += 1
    return found


def styles_of(screen: str, needle: str) -> list[set[str]]:
    """For each place ``needle`` is shown, the attributes in force where it starts."""
    styles = []
    for line in screen.splitlines():
        current: set[str] = set()
        for position, part in enumerate(SGR_RE.split(line)):  # text, params, text, params, …
            if position % 2:
                if part.replace(":", ";").split(";")[0] in ("", "0"):
                    current = set()
                current |= sgr_attributes(part)
            elif needle in part:
                styles.append(set(current))
    return styles


def match_indicator(screen: str) -> str:
    found = re.search(r"match (\d+)/(\d+)", screen)
    assert found, f"no match indicator on screen:\n{screen}"
    return found.group(0)


def test_search_open_highlight_next_match_help_and_quit(session):
    session.wait_for_text("2 articles", "Articles")
    session.keys("/")
    session.type("to lam")
    session.wait_until(lambda screen: "2 hits" in screen and all(t in screen for t in SEED_TITLES),
                       "both seeds listed for 'to lam'")
    session.keys("Enter")  # leave the search field for the list
    session.keys("Enter")  # open the first result
    screen = session.wait_until(lambda s: "match 1/" in s, "the reader with a match indicator")
    first = match_indicator(screen)

    coloured = session.capture(escapes=True)
    highlighted = [style for style in styles_of(coloured, "Tô Lâm") if style & {"underline", "reverse"}]
    assert highlighted, "Tô Lâm is not highlighted (no underline/reverse where it is shown)"

    session.keys("n")
    screen = session.wait_until(lambda s: "match 2/" in s, "n to move the match indicator")
    assert match_indicator(screen) != first

    session.keys("?")
    session.wait_for_text("Keys", "Next match", "ctrl+p", "to close")
    session.keys("Escape")
    session.wait_until(lambda s: "to close" not in s, "escape to close the help screen")
    session.keys("q")
    assert session.exit_status() == "EXIT=0"


def test_sgr_attributes_skip_colour_components():
    assert sgr_attributes("1;4;38;2;4;7;4;48;2;1;2;3") == {"bold", "underline", "background"}
    assert sgr_attributes("38;5;4") == set()
    assert sgr_attributes("7") == {"reverse"}
