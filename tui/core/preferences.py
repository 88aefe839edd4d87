"""Choices made inside the explorer — theme, interface language, entity
highlighting — kept across launches.

They live in one small JSON file in the user's state directory
(``$XDG_STATE_HOME/vnby-tui/preferences.json``, ``~/.local/state/…`` by
default): not in ``config.toml``, which is the user's own hand-written file
and is never rewritten, and not in the cache, which ``cache clear`` empties.

A saved choice wins over the config's value — unless the config's value has
changed since the choice was made: the user edited ``config.toml`` after
choosing in the palette, and the newer decision is theirs.  So each choice is
stored with the config value it replaced.

Writes are atomic (a temporary file in the same directory, fsync'd, then
renamed), so a crash leaves the old file or the new one, never half of
either.  A file that cannot be read or parsed is reported in one line and
ignored; nothing here raises.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .atomic import written_whole
from .config import CHOICES

#: The ``[ui]`` settings the explorer can change and remembers.
REMEMBERED = ("theme", "language", "highlight_entities", "count_stories_once")
FILE_NAME = "preferences.json"
VERSION = 1


def state_dir() -> Path:
    """``$XDG_STATE_HOME/vnby-tui``; a relative ``XDG_STATE_HOME`` is ignored, as the XDG spec says."""
    base = os.environ.get("XDG_STATE_HOME", "")
    if not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".local", "state")
    return Path(base) / "vnby-tui"


class Preferences:
    """The remembered choices: read once at start, written whole after each change.

    ``warning`` holds a one-line message when the file could not be read or
    written (the explorer shows it); the choices still apply for this run.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or state_dir() / FILE_NAME
        self.warning: str | None = None
        self._choices: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()

    @classmethod
    def load(cls, path: Path | None = None) -> Preferences:
        prefs = cls(path)
        prefs._choices = prefs._read()
        return prefs

    def _read(self) -> dict[str, dict[str, Any]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            self.warning = f"{self.path}: cannot read saved preferences ({_reason(exc)}); using the config"
            return {}
        choices = data.get("ui") if isinstance(data, dict) else None
        if not isinstance(choices, dict):
            self.warning = f"{self.path}: saved preferences have an unknown shape; using the config"
            return {}
        return {key: entry for key, entry in choices.items()
                if key in REMEMBERED and isinstance(entry, dict) and "value" in entry}

    def apply(self, ui: Mapping[str, Any]) -> dict[str, Any]:
        """The ``[ui]`` settings to start with: ``ui`` with the saved choices laid over it.

        A choice is used only if it has the type of the setting it replaces and
        the config still says what it said when the choice was made (and, for
        a setting with fixed choices, is one of them)."""
        result = dict(ui)
        for key, entry in self._choices.items():
            current, value = ui.get(key), entry["value"]
            allowed = CHOICES.get(("ui", key))
            if entry.get("config") != current or type(value) is not type(current):
                continue
            if allowed is None or value in allowed:
                result[key] = value
        return result

    def remember(self, key: str, value: Any, config_value: Any) -> None:
        """Record that the user chose ``value`` for ``key`` over the config's ``config_value``."""
        with self._lock:
            self._choices[key] = {"value": value, "config": config_value}

    def save(self) -> bool:
        """Write every choice atomically; ``False`` (and ``warning`` set) if it could not be written.

        Safe to call from a worker thread: the whole current state is written
        under a lock, so the last write always holds the latest choices."""
        with self._lock:
            payload = json.dumps({"version": VERSION, "ui": self._choices}, ensure_ascii=False, indent=1)
            try:
                _write_atomically(self.path, payload)
            except OSError as exc:
                self.warning = f"{self.path}: cannot save preferences ({_reason(exc)})"
                return False
        return True


def _write_atomically(path: Path, text: str) -> None:
    """The file written whole (fsync'd, then renamed into place), with the mode any new file
    of the user's gets (:func:`tui.core.atomic.written_whole`)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with written_whole(path, sync=True) as handle:
        handle.write(text)


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
