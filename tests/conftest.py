"""Shared fixtures: the bundled seeds, the explorer on them, and a private home for every test.

The Pilot helpers (``make_app``, ``settle``, ``search``…) live in ``pilot.py``;
tests import them from there.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pilot import make_app
from tui.core.entities import EntityExtractor
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


@pytest.fixture(scope="session")
def extractor() -> EntityExtractor:
    """The extractor with default settings, for tests of sentences written for them."""
    return EntityExtractor()


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


def running_in_ci() -> bool:
    """CI sets ``CI`` (to ``true``); ``0``, ``false`` or ``no`` mean a developer turned it off."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI a skipped end-to-end test is a failure: CI is expected to have tmux and sshd, and a
    green run in which no real terminal or SSH session was driven would hide that."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and item.get_closest_marker("e2e") and running_in_ci():
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"end-to-end test skipped with CI set ({reason}); .ci/run must install what it needs"
