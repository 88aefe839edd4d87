"""Drive the installed ``vnby-tui`` in a real terminal: tmux for the screen, and an
OpenSSH server on 127.0.0.1 for the over-SSH tests.

Every wait polls ``capture-pane`` until the expected text appears or a deadline
passes — never a fixed sleep.  Captured text is normalised to NFC before it is
compared, because terminals may hand back decomposed Vietnamese.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import unicodedata
import uuid
from pathlib import Path

import pytest

TMUX = shutil.which("tmux")
SSHD = shutil.which("sshd") or ("/usr/sbin/sshd" if os.path.exists("/usr/sbin/sshd") else None)


def installed_program() -> str:
    """The ``vnby-tui`` installed next to the running Python (the venv's bin)."""
    candidate = Path(sys.executable).parent / "vnby-tui"
    if not candidate.exists():
        pytest.skip("vnby-tui is not installed next to this Python")
    return str(candidate)


def require_tmux() -> str:
    if TMUX is None:
        pytest.skip("tmux is not installed (.ci/run installs it)")
    return TMUX


class Tmux:
    """One detached tmux session of a fixed size running one command in a clean
    environment (``env -i``: nothing of the test runner's, such as ``COLUMNS``, leaks in)."""

    def __init__(self, command: str, width: int = 120, height: int = 40, env: dict[str, str] | None = None,
                 cwd: str | None = None) -> None:
        require_tmux()
        self.name = "app"
        self.socket = f"vnby-test-{uuid.uuid4().hex[:10]}"
        environment = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/tmp"),
                       "LANG": "C.UTF-8", "TERM": "xterm-256color"}
        environment.update({k: v for k, v in os.environ.items() if k.startswith("XDG_")})
        environment.update(env or {})
        # remain-on-exit must be set before the command starts, or a quick exit loses its screen
        self.config = Path(f"/tmp/{self.socket}.conf")
        self.exit_file = Path(f"/tmp/{self.socket}.exit")
        command = f"{command}; echo $? > {self.exit_file}"
        self.config.write_text(f"set -g remain-on-exit on\nset -g default-size {width}x{height}\n")
        self._tmux("new-session", "-d", "-s", self.name, "-x", str(width), "-y", str(height),
                   *(["-c", cwd] if cwd else []), "env", "-i", *(f"{k}={v}" for k, v in environment.items()),
                   "bash", "--norc", "--noprofile", "-c", command)

    def _tmux(self, *args: str) -> str:
        proc = subprocess.run([TMUX, "-L", self.socket, "-f", str(self.config), *args], capture_output=True,
                              text=True, timeout=30)
        return proc.stdout

    def send(self, *keys: str, literal: bool = False) -> None:
        self._tmux("send-keys", "-t", self.name, *(["-l"] if literal else []), *keys)

    def type(self, text: str) -> None:
        self.send(text, literal=True)

    def screen(self, escapes: bool = False) -> str:
        text = self._tmux("capture-pane", "-p", "-t", self.name, *(["-e"] if escapes else []))
        return unicodedata.normalize("NFC", text)

    def title(self) -> str:
        return self._tmux("display-message", "-p", "-t", self.name, "#{pane_title}").strip()

    def dead(self) -> bool:
        return self._tmux("display-message", "-p", "-t", self.name, "#{pane_dead}").strip() == "1"

    def wait_for(self, predicate, timeout: float = 20.0, escapes: bool = False, what: str = "") -> str:
        """Poll the screen until ``predicate(screen)`` holds (a string: it appears)."""
        check = (lambda s: predicate in s) if isinstance(predicate, str) else predicate
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen(escapes)
            if check(screen):
                return screen
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what or predicate!r}; screen was:\n{screen}")

    def wait_exit(self, timeout: float = 15.0) -> int:
        """The command's exit status, once it has ended."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.exit_file.exists() and self.exit_file.read_text().strip():
                return int(self.exit_file.read_text())
            time.sleep(0.05)
        raise AssertionError(f"the program did not exit; screen was:\n{self.screen()}")

    def __enter__(self) -> "Tmux":
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def close(self) -> None:
        self._tmux("kill-server")
        self.config.unlink(missing_ok=True)
        self.exit_file.unlink(missing_ok=True)


def key_bar(screen: str) -> str:
    """The bottom line of the explorer, where the keys of the focused pane are listed."""
    lines = screen.rstrip().splitlines()
    return lines[-1] if lines else ""


def list_focused(screen: str) -> bool:
    """The document list has the focus: its ``Open`` key is in the key bar (the search
    field's key bar has none)."""
    return " Open " in key_bar(screen)


def search_focused(screen: str) -> bool:
    """The search field has the focus: ``?`` would be typed there, so its key bar offers help
    on ``f1`` (a pane's offers ``?``)."""
    return re.search(r"\bf1\s+Help\b", key_bar(screen)) is not None


def reader_focused(screen: str) -> bool:
    """The reader has the focus: its key bar offers ``n`` (Next match) and no ``enter`` key
    (the list's opens, the timeline strip's picks; the search field's has no ``n``)."""
    bar = key_bar(screen)
    return "Next match" in bar and "⏎" not in bar


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SshServer:
    """A throwaway OpenSSH server on 127.0.0.1, key-based login with a key made here."""

    def __init__(self, workdir: Path) -> None:
        if SSHD is None or shutil.which("ssh") is None or shutil.which("ssh-keygen") is None:
            pytest.skip("OpenSSH server or client is not installed (.ci/run installs them)")
        self.dir = workdir
        self.port = free_port()
        for key in ("host_key", "client_key"):
            subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(workdir / key)], check=True)
        (workdir / "authorized_keys").write_text((workdir / "client_key.pub").read_text())
        (workdir / "authorized_keys").chmod(0o600)
        config = workdir / "sshd_config"
        config.write_text(
            f"Port {self.port}\nListenAddress 127.0.0.1\nHostKey {workdir / 'host_key'}\n"
            f"AuthorizedKeysFile {workdir / 'authorized_keys'}\nPasswordAuthentication no\n"
            "KbdInteractiveAuthentication no\nPubkeyAuthentication yes\nUsePAM no\nStrictModes no\n"
            f"PidFile {workdir / 'sshd.pid'}\nPermitRootLogin yes\nPermitUserEnvironment no\n"
        )
        os.makedirs("/run/sshd", exist_ok=True) if os.geteuid() == 0 else None
        self.proc = subprocess.Popen([SSHD, "-D", "-e", "-f", str(config)], stderr=open(workdir / "sshd.log", "wb"))
        self._wait_listening()

    def _wait_listening(self) -> None:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.skip(f"sshd cannot run here: {(self.dir / 'sshd.log').read_text()[-300:]}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        pytest.skip("sshd did not start listening")

    def command(self, remote: str) -> str:
        """An ``ssh -tt`` command line running ``remote`` on this server."""
        user = os.environ.get("USER") or subprocess.run(["id", "-un"], capture_output=True, text=True).stdout.strip()
        options = ["-tt", "-i", str(self.dir / "client_key"), "-p", str(self.port), "-o", "BatchMode=yes",
                   "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR"]
        return shlex.join(["ssh", *options, f"{user}@127.0.0.1", remote])

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def app_command(tmp_path: Path, *paths: str, env: dict[str, str] | None = None) -> str:
    """The installed program with private config, cache, data and state directories."""
    settings = {f"XDG_{kind.upper()}_HOME": str(tmp_path / kind) for kind in ("config", "cache", "data", "state")}
    settings.update(env or {})
    exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in settings.items())
    return f"env {exports} {shlex.quote(installed_program())} {' '.join(map(shlex.quote, paths))}".rstrip()


SGR_RE = re.compile(r"\x1b\[([0-9;:]*)m")


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
