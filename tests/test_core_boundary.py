"""The core never imports Textual: it stays fast to import and usable without a terminal."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import tui.core


def test_core_modules_do_not_import_textual():
    modules = [f"tui.core.{m.name}" for m in pkgutil.iter_modules(tui.core.__path__)]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "import tui.cli\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'textual'))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"
    assert "tui.core.loader" in modules


def test_the_explorer_starts_without_the_index_modules():
    """The first frame comes before numpy, rapidfuzz and the index are imported
    (they load with the corpus, in a worker)."""
    code = (
        "import sys\n"
        "import tui.app, tui.cli\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'numpy', 'rapidfuzz'}),"
        " sorted(m for m in sys.modules if m in ('tui.core.index', 'tui.core.search', 'tui.core.entities')))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[] []"
