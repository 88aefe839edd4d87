"""Shared fixtures: the bundled seeds, the explorer on them, and a private home for every test.

The Pilot helpers (``make_app``, ``settle``, ``search``…) live in ``pilot.py``;
tests import them from there.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pilot import make_app
from tui.core.loader import bundled_seeds

@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return bundled_seeds()


@pytest.fixture(scope="session")
def seed_articles(seeds_dir):
    from tui.core.loader import load_paths

    result = load_paths([seeds_dir])
    assert not result.warnings
    return result.articles


@pytest.fixture
def app():
    """The explorer on the bundled seeds with default settings, not yet running."""
    return make_app()


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """No test may read or write the developer's own config, cache, data or state."""
    home = tmp_path_factory.mktemp("home")
    for variable, folder in (("XDG_CONFIG_HOME", "config"), ("XDG_CACHE_HOME", "cache"),
                             ("XDG_DATA_HOME", "data"), ("XDG_STATE_HOME", "state")):
        monkeypatch.setenv(variable, str(home / folder))
    monkeypatch.delenv("VNBY_TUI_CONFIG", raising=False)
