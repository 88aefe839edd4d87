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


def test_listing_documents_starts_without_numpy(seeds_dir):
    """`vnby-tui docs` reads articles and prints them: building the command line's parser
    (every command's) once imported numpy for the entity profile, 0.1 s of each start."""
    code = (
        "import contextlib, io, sys\n"
        "from tui.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        f"    code = main(['docs', '--json', '--no-cache', {str(seeds_dir)!r}])\n"
        "print(code, out.getvalue().count('\"id\"') > 0, 'numpy' in sys.modules)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["0", "True", "False"]


def test_the_launched_explorer_draws_its_first_frame_before_the_heavy_modules(seeds_dir):
    """``vnby-tui PATH`` as launched (arguments read, config, preferences, the screen composed):
    when the first frame is out and loading starts, numpy, rapidfuzz, the index and the entity
    rules are not imported yet — they are what made the header wait (the subcommands' parsers
    once pulled numpy in before the explorer's); nor are the command palette's commands and the
    note's text area, which only a key opens, the marks database (sqlite3), opened after, and
    the TOML reader, needed only for a config or corrections file (there is none here), and the
    date rules, needed to read articles and ``date:`` filters.  The garbage collector, held while the app
    starts, runs again by then (else memory would grow for good)."""
    code = (
        "import gc, sys\n"
        "from tui.cli import main\n"
        "import tui.app\n"
        "VnbyApp = tui.app.VnbyApp\n"
        "run = VnbyApp.run\n"
        "VnbyApp.run = lambda self: run(self, headless=True, size=(120, 40))\n"
        "def load_corpus(self, corpus):\n"
        "    heavy = {'numpy', 'rapidfuzz', 'datasketch', 'tui.core.index', 'tui.core.search',"
        " 'tui.core.entities', 'tui.core.workspace', 'tui.core.cache', 'tui.core.loader',"
        " 'tui.commands', 'textual.widgets._text_area', 'tui.core.userdb', 'sqlite3', 'tomllib', 'secrets',"
        " 'tui.core.dates'}\n"
        "    header = str(self.explorer.query_one('#header').render())\n"
        "    print(sorted(heavy & set(sys.modules)), header.startswith('vnby-tui'), gc.isenabled())\n"
        "    self.exit(0)\n"
        "VnbyApp.load_corpus = load_corpus\n"
        f"code = main([{str(seeds_dir)!r}])\n"
        "print(gc.isenabled())\n"
        "sys.exit(code)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split("\n")[:2] == ["[] True True", "True"]
