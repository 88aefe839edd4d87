"""Shared fixtures: the bundled seeds and a scratch directory for made-up corpora."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.core.loader import bundled_seeds

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return bundled_seeds()


@pytest.fixture(scope="session")
def seed_articles(seeds_dir):
    from tui.core.loader import load_paths

    result = load_paths([seeds_dir])
    assert not result.warnings
    return result.articles


@pytest.fixture(autouse=True)
def _isolated_config(tmp_path_factory, monkeypatch):
    """No test may read the developer's own config or cache."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.delenv("VNBY_TUI_CONFIG", raising=False)
