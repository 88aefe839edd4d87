"""The entity rules compiled with mypyc (``hatch_build.py``): same mentions as the rules as
written, used only when built from exactly those rules, and buildable from the current rules."""

from __future__ import annotations

import ast
import sys
import types
from pathlib import Path

import pytest

from tui.core.entities import EntityExtractor, native
from tui.core.loader import article_from_text, load_paths
from tui.core.text import clean_text

REPO = Path(__file__).resolve().parent.parent
DANTRI = REPO.parent / "shared" / "corpus" / "dantri-unc.jsonl"
needs_compiled = pytest.mark.skipif(EntityExtractor().compiled is None, reason="the install has no compiled rules")


def same_mentions(extractor: EntityExtractor, articles) -> None:
    for article in articles:
        rows = extractor.extract_plain(article)
        assert extractor.compiled.extract_rows(article) == rows, article.id
        assert [m.row() for m in extractor.compiled.extract(article)] == rows, article.id


@needs_compiled
def test_the_compiled_rules_find_what_the_rules_as_written_find_in_the_seeds(seed_articles):
    same_mentions(EntityExtractor(), seed_articles)


@needs_compiled
def test_the_compiled_rules_find_the_same_in_every_kind_of_sentence():
    texts = ["Chủ tịch UBND tỉnh Quảng Nam Lê Trí Thanh cho biết. Ông Hùng (45 tuổi, Hà Nội) nói.",
             "Bà Năm và chú Ba ở xã Đức Liên. Theo Reuters", "Kim Jong-un gặp A. Lukashenko tại Bộ Ngoại giao Mỹ.",
             "Ngày 3/2/2021, HLV Park Hang Seo (ảnh: Minh Hoàng). Park nói Hà Nội thắng Quảng Nam 2-1 ở V-League."]
    articles = [article_from_text(clean_text(t), f"t{i}", None, title_in_text=False) for i, t in enumerate(texts)]
    same_mentions(EntityExtractor(extra={"PER": ["Lan Anh"]}, never=["Hà Nội"]), articles)


@needs_compiled
@pytest.mark.skipif(not DANTRI.exists(), reason="../shared/corpus absent")
def test_the_compiled_rules_find_the_same_in_real_articles():
    articles = load_paths([str(DANTRI)]).articles
    same_mentions(EntityExtractor(), articles[:: max(1, len(articles) // 150)])


def fake_compiled_copy(monkeypatch, built_from: dict[str, str]) -> None:
    package = types.ModuleType("tui.core._compiled_entities")
    package.native = types.SimpleNamespace(BUILT_FROM=built_from)
    package.extractor = types.SimpleNamespace(EntityExtractor=lambda extra, never: ("compiled", extra, never))
    monkeypatch.setitem(sys.modules, "tui.core._compiled_entities", package)
    monkeypatch.delenv("VNBY_PURE", raising=False)


def test_a_copy_compiled_from_these_rules_is_used(monkeypatch):
    fake_compiled_copy(monkeypatch, native.source_hashes(["scanner", "people"]))
    assert native.compiled_extractor({"PER": ["X"]}, ["Y"]) == ("compiled", {"PER": ["X"]}, ["Y"])


def test_a_copy_compiled_from_other_rules_is_not_used(monkeypatch):
    hashes = native.source_hashes(["scanner", "people"])
    fake_compiled_copy(monkeypatch, {**hashes, "people": "0" * 64})  # people.py edited since the build
    assert native.compiled_extractor(None, []) is None


def test_vnby_pure_turns_the_compiled_copy_off(monkeypatch):
    fake_compiled_copy(monkeypatch, native.source_hashes(["scanner"]))
    monkeypatch.setenv("VNBY_PURE", "1")
    assert native.compiled_extractor(None, []) is None


def test_the_current_rules_fold_into_one_scanner_class(monkeypatch):
    """What the build compiles: the scanner's mixins folded into one class with one base, every
    rule method in it (a clash or an import it cannot follow would leave the install uncompiled)."""
    interface = types.ModuleType("hatchling.builders.hooks.plugin.interface")
    interface.BuildHookInterface = object
    for name in ("hatchling", "hatchling.builders", "hatchling.builders.hooks", "hatchling.builders.hooks.plugin"):
        monkeypatch.setitem(sys.modules, name, sys.modules.get(name) or types.ModuleType(name))
    monkeypatch.setitem(sys.modules, "hatchling.builders.hooks.plugin.interface", interface)
    monkeypatch.syspath_prepend(str(REPO))
    monkeypatch.delitem(sys.modules, "hatch_build", raising=False)
    import hatch_build

    from tui.core.entities.scanner import Scanner

    sources = hatch_build.folded_sources(REPO / "tui" / "core" / "entities")
    scanner = next(n for n in ast.parse(sources["scanner"]).body if isinstance(n, ast.ClassDef) and n.name == "Scanner")
    assert [base.id for base in scanner.bases] == ["Cursor"]
    folded = {n.name for n in scanner.body if isinstance(n, ast.FunctionDef)}
    rules = {name for cls in Scanner.__mro__[:-2] for name, value in vars(cls).items() if isinstance(value, (types.FunctionType, staticmethod))}
    assert folded == rules
    for name, text in sources.items():
        compile(text, f"{name}.py", "exec")
    assert "class Mention" not in sources["mention"]  # mentions are the plain package's
