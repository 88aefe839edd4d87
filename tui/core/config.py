"""Settings from ``config.toml``: lookup order, defaults, and one-line errors.

Lookup: ``--config FILE``, then ``$VNBY_TUI_CONFIG``, then
``$XDG_CONFIG_HOME/vnby-tui/config.toml`` (``~/.config/…`` by default); built-in
defaults when none exists.  The repo's ``config.toml`` documents every key.
"""

from __future__ import annotations

import copy
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: Every setting with its default.  Types are checked against these values.
DEFAULTS: dict[str, dict[str, Any]] = {
    "corpus": {"paths": []},
    "ui": {"theme": "textual-dark", "language": "en", "highlight_entities": True, "show_sidebar": True,
           "count_stories_once": False},
    "search": {"limit": 200, "debounce_ms": 75},
    "entities": {"extra_PER": [], "extra_ORG": [], "extra_LOC": [], "never": [], "curation": ""},
    "cache": {"enabled": True},
    "ssh": {"lean": "auto"},
}

CHOICES: dict[tuple[str, str], tuple[str, ...]] = {
    ("ui", "language"): ("en", "vi"),
    ("ssh", "lean"): ("auto", "on", "off"),
}


#: Allowed range of every number (inclusive): outside it a value is a mistake, and
#: taking it (a limit of 10^17, a debounce of 290 million years) would hang or stall.
RANGES: dict[tuple[str, str], tuple[int, int]] = {
    ("search", "limit"): (1, 10_000),
    ("search", "debounce_ms"): (0, 2_000),
}


class ConfigError(Exception):
    """A config problem the user must fix; its message is one line naming the file."""


@dataclass
class Config:
    """Parsed settings: ``config["ui"]["theme"]`` style access, plus where they came from."""

    values: dict[str, dict[str, Any]] = field(default_factory=lambda: copy.deepcopy(DEFAULTS))
    path: Path | None = None
    warnings: list[str] = field(default_factory=list)

    def __getitem__(self, section: str) -> dict[str, Any]:
        return self.values[section]

    def get(self, section: str, default: Any = None) -> Any:
        """A section's settings, as ``dict.get`` would give them."""
        return self.values.get(section, default)


def xdg_base(variable: str, fallback: str) -> Path:
    """``$XDG_…_HOME``, or ``~/fallback`` when unset, empty or relative (the XDG
    specification says a relative path is invalid and must be ignored)."""
    value = os.environ.get(variable, "")
    return Path(value) if os.path.isabs(value) else Path(os.path.expanduser("~")) / fallback


def default_config_path() -> Path:
    return xdg_base("XDG_CONFIG_HOME", ".config") / "vnby-tui" / "config.toml"


def find_config(explicit: str | None) -> Path | None:
    """The config file to read, or ``None`` for built-in defaults.

    An explicitly named file (option or environment) must exist; the default
    location is optional.
    """
    if explicit:
        return Path(explicit)
    from_env = os.environ.get("VNBY_TUI_CONFIG")
    if from_env:
        return Path(from_env)
    default = default_config_path()
    return default if default.is_file() else None


def load_config(explicit: str | None = None) -> Config:
    """Read and check the config; raise :class:`ConfigError` with a one-line message."""
    path = find_config(explicit)
    config = Config(path=path)
    if path is None:
        return config
    try:
        raw = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such config file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config ({getattr(exc, 'strerror', None) or exc})") from None
    if sys.version_info >= (3, 11):  # imported only for a config file (the explorer's first frame waited for it)
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    _merge(config, data, raw)
    return config


def _merge(config: Config, data: dict[str, Any], raw: str) -> None:
    for section, table in data.items():
        if section not in DEFAULTS:
            config.warnings.append(f"{config.path}: unknown section [{section}], ignored")
            continue
        if not isinstance(table, dict):
            raise ConfigError(f"{config.path}:{_locate(raw, None, section)}: [{section}] must be a table")
        for key, value in table.items():
            if key not in DEFAULTS[section]:
                config.warnings.append(f"{config.path}: unknown key {section}.{key}, ignored")
                continue
            config.values[section][key] = _checked(config.path, raw, section, key, value)


def _checked(path: Path | None, raw: str, section: str, key: str, value: Any) -> Any:
    default = DEFAULTS[section][key]
    where = f"{path}:{_locate(raw, section, key)}"
    expected = type(default)
    ok = isinstance(value, expected) and not (expected is int and isinstance(value, bool))
    if isinstance(default, list):
        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
        if not ok:
            raise ConfigError(f"{where}: {section}.{key} must be a list of strings")
    elif not ok:
        raise ConfigError(f"{where}: {section}.{key} must be {_type_name(expected)}, not {_type_name(type(value))}")
    choices = CHOICES.get((section, key))
    if choices and value not in choices:
        raise ConfigError(f"{where}: {section}.{key} must be one of {', '.join(map(repr, choices))}, not {value!r}")
    low, high = RANGES.get((section, key), (0, None)) if expected is int else (None, None)
    if low is not None and (value < low or high is not None and value > high):
        allowed = f"from {low} to {high}" if high is not None else f"at least {low}"
        raise ConfigError(f"{where}: {section}.{key} must be {allowed}, not {value}")
    return value


def _type_name(kind: type) -> str:
    return {bool: "true or false", int: "an integer", str: "a string", float: "a number", list: "a list",
            dict: "a table"}.get(kind, kind.__name__)


def _locate(raw: str, section: str | None, key: str) -> str:
    """``line N, column M`` of ``key`` in the TOML text (for error messages)."""
    lines = raw.splitlines()
    current = None
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        header = re.match(r"\[\s*([^\]]+?)\s*\]", stripped)
        if header:
            current = header.group(1).strip('"')
            if section is None and current == key:
                return f"line {number}, column {line.index('[') + 1}"
            continue
        match = re.match(rf"\s*\"?{re.escape(key)}\"?\s*=", line)
        if match and current == section:
            return f"line {number}, column {line.index(key[0]) + 1}"
        dotted = re.match(rf"\s*{re.escape(str(section))}\.{re.escape(key)}\s*=", line)
        if dotted and current is None:
            return f"line {number}, column {line.index(str(section)[0]) + 1}"
    return "line ?, column ?"
