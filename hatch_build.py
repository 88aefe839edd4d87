"""Build hook: compile the entity rules with mypyc, for an extractor about 1.5x faster,
and the search's hot loops with Cython.

The rules stay plain Python in ``tui/core/entities`` (what tests, readers and editors
see). At build time a copy of the extractor's modules is written to
``tui/core/_compiled_entities`` and compiled with mypyc. In the copy the rule families,
mixins of ``Scanner`` (:mod:`.people`, :mod:`.places`, :mod:`.organisations`,
:mod:`.bylines`), are folded into the one ``Scanner`` class: mypyc compiles classes with
one base only. At run time the extractor uses the compiled copy only if it was built from
exactly the rules it has (``rules_fingerprint``), else the plain modules; so an editable
install whose rules were edited since falls back to plain Python until it is reinstalled.

A second step compiles the search's hot loops (``tui/core/_kernels.pyx``) and the
entity scanner's character work (``tui/core/_kernels_scan.pyx``) with Cython; each has
a twin (numpy in ``tui/core/kernels.py``, plain Python in
``tui/core/entities/scan_kernels.py``), which runs wherever the compiled module is
missing or was built from another source (its ``SOURCE_SHA256``, appended to the copy
compiled, says which).

Anything that fails here (no C compiler, mypyc or Cython unable to compile) leaves a
working pure-Python install and says so, one line on standard error per step.
``VNBY_PURE=1`` skips both steps.
"""

from __future__ import annotations

import ast
import hashlib
import os
import shutil
import sys
import tempfile
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

SOURCE = Path("tui/core/entities")
TARGET = Path("tui/core/_compiled_entities")
#: Where a wheel's compiled files wait to be packed.
BUILT = Path("build/compiled-entities")
#: The module whose Scanner class puts the rule families (its mixins) together.
SCANNER = "scanner"
#: The module whose imports make the copy.
ENTRY = "extractor"
#: The compiled kernels (Cython): the search's, each with a numpy twin (``tui/core/kernels.py``),
#: and the entity scanner's, each with a plain twin (``tui/core/entities/scan_kernels.py``).
KERNELS = [Path("tui/core/_kernels.pyx"), Path("tui/core/_kernels_scan.pyx")]
#: Where a wheel's compiled kernels wait to be packed.
KERNELS_BUILT = Path("build/compiled-kernels")


class CompileEntityRules(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel" or os.environ.get("VNBY_PURE"):
            return
        root = Path(self.root)
        steps = ((compile_rules, BUILT, "entity rules left uncompiled (plain Python, slower)"),
                 (compile_kernels, KERNELS_BUILT, "search kernels left uncompiled (numpy, slower)"))
        for step, staged, fallback in steps:
            try:
                built = step(root, in_place=version == "editable")
            except (Exception, SystemExit) as error:  # (mypyc exits on what it cannot compile) plain Python still works
                print(f"vnby-tui: {fallback}: {_one_line(error)}", file=sys.stderr)
                continue
            build_data["pure_python"] = False
            build_data["infer_tag"] = True
            if version != "editable":
                for path in built:
                    build_data["force_include"][str(root / path)] = str(path.relative_to(staged))


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return (text[:300] + "…") if len(text) > 300 else text or type(error).__name__


def compile_kernels(root: Path, in_place: bool) -> list[Path]:
    """Compile each of ``KERNELS`` with Cython; return the files to install (relative to
    ``root``): in the source tree for an editable install, under ``build/`` otherwise.
    The copy compiled ends with ``SOURCE_SHA256``, the hash of the source it was made
    from, which ``tui.core.kernels`` checks before using the module."""
    out = root if in_place else root / KERNELS_BUILT
    with tempfile.TemporaryDirectory(prefix="vnby-cython-") as tmp:
        work = Path(tmp)
        for source in KERNELS:
            data = (root / source).read_bytes()
            (work / source).parent.mkdir(parents=True, exist_ok=True)
            (work / source).write_bytes(data + f"\n\nSOURCE_SHA256 = {hashlib.sha256(data).hexdigest()!r}\n".encode())
            for parent in source.parents[:-1]:
                (work / parent / "__init__.py").touch()
        built = _cython(work, KERNELS)
        if out != root and out.exists():
            shutil.rmtree(out)
        for path in built:
            (out / path).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(work / path, out / path)
    return [(out / path).relative_to(root) for path in built]


def _cython(work: Path, sources: list[Path]) -> list[Path]:
    """Compile ``sources`` (paths relative to ``work``) in ``work``; return the built extension files."""
    from Cython.Build import cythonize
    from setuptools import Extension

    # -O3 lets the compiler unroll and vectorise the kernels' loops (what a ufunc is built with).
    flags = ["-O3"] if os.name == "posix" else []
    cwd = os.getcwd()
    os.chdir(work)
    try:
        modules = [Extension(".".join(source.with_suffix("").parts), [str(source)], extra_compile_args=flags)
                   for source in sources]
        extensions = cythonize(modules, quiet=True, compiler_directives={"language_level": 3})
        return _build_in_place("vnby-search-kernels", extensions)
    finally:
        os.chdir(cwd)


def compile_rules(root: Path, in_place: bool) -> list[Path]:
    """Write the folded copy and compile it; return the files to install (relative to ``root``).

    ``in_place`` (an editable install) leaves them in the source tree, which the
    installed package is read from; otherwise under ``build/``, for the wheel."""
    sources = folded_sources(root / SOURCE)
    out = root if in_place else root / BUILT
    with tempfile.TemporaryDirectory(prefix="vnby-mypyc-") as tmp:
        work = Path(tmp)
        (work / TARGET).mkdir(parents=True)
        for name, text in sources.items():
            (work / TARGET / f"{name}.py").write_text(text, encoding="utf-8")
        for parent in TARGET.parents[:-1]:
            (work / parent / "__init__.py").touch()
        built = _mypyc(work, sorted(f"{TARGET}/{name}.py" for name in sources if name != "__init__"))
        if out != root and out.exists():
            shutil.rmtree(out)
        files = [*built, TARGET / "__init__.py"]
        for path in files:
            (out / path).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(work / path, out / path)
    return [(out / path).relative_to(root) for path in files]


def _mypyc(work: Path, modules: list[str]) -> list[Path]:
    """Compile ``modules`` (paths relative to ``work``) in ``work``; return the built extension files."""
    from mypyc.build import mypycify

    config = work / "mypy.ini"
    # The rules are checked by their tests, not by mypy: what mypy would report (loose
    # Optional narrowing, mixin attributes) must not stop the compilation. Where a
    # value breaks a compiled type check at run time, the extractor reads that article
    # with the plain rules (EntityExtractor.extract).
    config.write_text("[mypy]\nignore_missing_imports = True\nfollow_imports = silent\n"
                      f"[mypy-{'.'.join(TARGET.parts)}.*]\nignore_errors = True\n", encoding="utf-8")
    cwd = os.getcwd()
    os.chdir(work)
    try:
        extensions = mypycify(["--config-file", str(config), *modules], opt_level="3",
                              group_name="vnby_compiled_entities")
        return _build_in_place("vnby-compiled-entities", extensions)
    finally:
        os.chdir(cwd)


def _build_in_place(name: str, extensions: list) -> list[Path]:
    """Build ``extensions`` in the current folder (setuptools' build_ext, in place); return
    the built files."""
    from setuptools import Distribution

    dist = Distribution({"name": name, "ext_modules": extensions})
    command = dist.get_command_obj("build_ext")
    command.inplace = True
    command.ensure_finalized()
    command.run()
    return [Path(command.get_ext_filename(ext.name)) for ext in extensions]


def folded_sources(source: Path) -> dict[str, str]:
    """The extractor's modules (by name) as they are compiled: the scanner with its
    mixins folded in, the mixin modules without their class, :class:`Mention` taken
    from the plain package (mentions leave the extractor and are pickled), and a
    ``native`` module saying that no other compiled copy is to be looked for."""
    names = _imported_modules(source, ENTRY)
    texts = {name: (source / f"{name}.py").read_text(encoding="utf-8") for name in names}
    scanner_tree = ast.parse(texts[SCANNER])
    scanner_class = next(n for n in scanner_tree.body if isinstance(n, ast.ClassDef) and n.name == "Scanner")
    mixins = [base.id for base in scanner_class.bases if isinstance(base, ast.Name) and base.id != "Cursor"]
    owners = {}
    for name in names:
        for node in ast.parse(texts[name]).body:
            if isinstance(node, ast.ClassDef) and node.name in mixins:
                owners[node.name] = name
    bodies, imports, methods, origins = [], [], set(), _origins(texts[SCANNER], SCANNER)
    for mixin in reversed(mixins):  # the later in the bases, the earlier here: the MRO wins on a clash
        module = owners[mixin]
        text, body, needed = _take_class(texts[module], mixin)
        texts[module] = text
        for used, origin in _origins(texts[module], module).items():
            if used in needed and origins.setdefault(used, origin) != origin:
                raise ValueError(f"{used!r} means one thing in {module} and another in a module folded with it")
        bodies.append(body)
        imports.append(f"from .{module} import {', '.join(sorted(needed))}\n" if needed else "")
        clash = methods & _method_names(body)
        if clash:
            raise ValueError(f"rule families define the same method twice: {sorted(clash)}")
        methods |= _method_names(body)
    texts[SCANNER] = _fold_scanner(texts[SCANNER], scanner_class, mixins, "".join(imports), "".join(bodies), methods)
    texts["mention"] = _plain_mention(texts["mention"])
    built_from = {name: hashlib.sha256((source / f"{name}.py").read_bytes()).hexdigest() for name in sorted(names)}
    texts["native"] = (
        '"""In the compiled copy: the modules it was built from; no other copy to look for."""\n\n'
        f"BUILT_FROM = {built_from!r}\n\n\ndef compiled_extractor(extra, never):\n    return None\n"
    )
    texts["__init__"] = '"""A compiled copy of tui.core.entities\'s extractor (see hatch_build.py); not edited by hand."""\n'
    return texts


def _imported_modules(source: Path, entry: str) -> list[str]:
    """``entry`` and the modules of the package it imports, directly or not."""
    seen, todo = [], [entry]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.append(name)
        for node in ast.walk(ast.parse((source / f"{name}.py").read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module:
                todo.append(node.module.split(".")[0])
    return seen


def _take_class(text: str, name: str) -> tuple[str, str, set[str]]:
    """``text`` without class ``name``, the class's body (its docstring left out), and the
    module-level names the body uses."""
    tree = ast.parse(text)
    lines = text.splitlines(keepends=True)
    node = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == name)
    start = min([node.lineno, *(d.lineno for d in node.decorator_list)]) - 1
    first = node.body[1] if isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant) else node.body[0]
    first_line = min([first.lineno, *(d.lineno for d in getattr(first, "decorator_list", []))]) - 1
    body = "".join(lines[first_line : node.end_lineno])
    used = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
    return "".join(lines[:start] + lines[node.end_lineno :]), "\n" + body, used & (_module_names(tree) - {name})


def _origins(text: str, module: str) -> dict[str, tuple[str, str]]:
    """Where each module-level name of ``text`` comes from: (module, name there)."""
    found = {}
    for node in ast.parse(text).body:
        if isinstance(node, ast.ImportFrom):
            source = "." * node.level + (node.module or "")
            found.update({a.asname or a.name: (source, a.name) for a in node.names})
        elif isinstance(node, ast.Import):
            found.update({(a.asname or a.name).split(".")[0]: (a.name, "") for a in node.names})
    for name in _module_names(ast.parse(text)) - set(found):
        found[name] = ("." + module, name)
    return found


def _module_names(tree: ast.Module) -> set[str]:
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names.update((a.asname or a.name).split(".")[0] for a in node.names if a.name != "*")
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    names.discard("annotations")
    return names


def _method_names(body: str) -> set[str]:
    import textwrap

    tree = ast.parse(textwrap.dedent(body))
    return {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}


def _fold_scanner(text: str, scanner: ast.ClassDef, mixins: list[str], imports: str, bodies: str, methods: set[str]) -> str:
    """The scanner module with ``class Scanner(Cursor)`` holding its mixins' methods."""
    own = _method_names("".join(text.splitlines(keepends=True)[scanner.body[0].lineno - 1 : scanner.end_lineno]))
    if own & methods:
        raise ValueError(f"the scanner redefines rule methods: {sorted(own & methods)}")
    lines = text.splitlines(keepends=True)
    tree = ast.parse(text)
    for node in tree.body:  # the mixins' imports go; what else those lines import stays
        if isinstance(node, ast.ImportFrom) and any(a.name in mixins for a in node.names):
            kept = [a for a in node.names if a.name not in mixins]
            for i in range(node.lineno - 1, node.end_lineno):
                lines[i] = ""
            if kept:
                node.names = kept
                lines[node.lineno - 1] = ast.unparse(node) + "\n"
    last_import = max(n.end_lineno for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom))
    lines[scanner.lineno - 1] = "class Scanner(Cursor):\n"
    end = scanner.end_lineno
    return "".join(lines[:last_import]) + imports + "".join(lines[last_import:end]) + bodies + "".join(lines[end:])


def _plain_mention(text: str) -> str:
    """``mention`` with ``Mention`` imported from the plain package: the mentions leave the extractor."""
    tree = ast.parse(text)
    lines = text.splitlines(keepends=True)
    node = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "Mention")
    start = min([node.lineno, *(d.lineno for d in node.decorator_list)]) - 1
    return "".join(lines[:start]) + "from tui.core.entities.mention import Mention  # noqa: E402\n" + "".join(lines[node.end_lineno :])
