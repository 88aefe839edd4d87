"""With ``CI`` set, an end-to-end test that cannot run fails instead of skipping."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent


@pytest.mark.parametrize("ci, outcome", [("true", "1 error"), ("", "1 skipped")], ids=["CI=true", "no-CI"])
def test_an_end_to_end_test_without_tmux_fails_in_ci_and_skips_elsewhere(tmp_path, ci, outcome):
    """tmux is hidden by a PATH holding nothing: the tmux test must fail under CI (an error in
    its fixture, which starts tmux), and skip otherwise."""
    empty = tmp_path / "bin"
    empty.mkdir()
    env = {**os.environ, "PATH": str(empty), "CI": ci}
    target = f"{TESTS / 'test_e2e_tmux.py'}::test_search_open_highlight_next_match_help_and_quit"
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-rfs", "-p", "no:cacheprovider", target],
                         cwd=TESTS.parent, env=env, capture_output=True, text=True, timeout=120)
    assert outcome in run.stdout, run.stdout + run.stderr
    assert run.returncode == (1 if ci else 0), run.stdout
    assert "tmux is not installed" in run.stdout
