"""Config lookup order, defaults, and one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.core.config import DEFAULTS, ConfigError, load_config

REPO = Path(__file__).resolve().parent.parent


def test_defaults_without_any_file():
    config = load_config(None)
    assert config.path is None and config.values == DEFAULTS


def test_documented_config_file_matches_the_defaults():
    config = load_config(str(REPO / "config.toml"))
    assert config.values == DEFAULTS and not config.warnings


def test_lookup_order(tmp_path, monkeypatch):
    """The first of --config, $VNBY_TUI_CONFIG and the XDG file is read, and only that one: each
    sets the same key (the winner's value is used) and one key of its own (the others' are not)."""
    xdg = tmp_path / "xdg" / "vnby-tui"
    xdg.mkdir(parents=True)
    (xdg / "config.toml").write_text('[ui]\ntheme = "dracula"\nlanguage = "vi"\n', encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    config = load_config(None)
    assert (config["ui"]["theme"], config["ui"]["language"]) == ("dracula", "vi")

    env_file = tmp_path / "env.toml"
    env_file.write_text('[ui]\ntheme = "nord"\n[search]\nlimit = 7\n', encoding="utf-8")
    monkeypatch.setenv("VNBY_TUI_CONFIG", str(env_file))
    config = load_config(None)
    assert (config["ui"]["theme"], config["search"]["limit"]) == ("nord", 7)
    assert config["ui"]["language"] == DEFAULTS["ui"]["language"]  # the XDG file is not read

    explicit = tmp_path / "explicit.toml"
    explicit.write_text('[ui]\ntheme = "gruvbox"\n', encoding="utf-8")
    config = load_config(str(explicit))
    assert config["ui"]["theme"] == "gruvbox"
    assert config["search"]["limit"] == DEFAULTS["search"]["limit"]  # nor the $VNBY_TUI_CONFIG one
    assert config["ui"]["language"] == DEFAULTS["ui"]["language"]


def test_malformed_toml_names_file_line_and_column(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[ui]\ntheme = "nord\n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_config(str(bad))
    message = str(info.value)
    assert str(bad) in message and "line 2" in message and "column" in message and "\n" not in message


def test_wrong_type_names_file_line_and_column(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[ui]\ntheme = "nord"\n\n[search]\nlimit = "many"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad.toml:line 5, column 1: search.limit must be an integer"):
        load_config(str(bad))


def test_bad_choice_is_an_error(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[ui]\nlanguage = "fr"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="ui.language must be one of"):
        load_config(str(bad))


def test_unknown_keys_warn_by_name(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text('[ui]\ncolour = "red"\n[extra]\nx = 1\n', encoding="utf-8")
    config = load_config(str(path))
    assert any("ui.colour" in w for w in config.warnings)
    assert any("[extra]" in w for w in config.warnings)


def test_missing_explicit_file_is_an_error(tmp_path):
    with pytest.raises(ConfigError, match="no such config file"):
        load_config(str(tmp_path / "nope.toml"))
