"""Property-based faults (issue 18): random Unicode, random bytes and random JSON values
fed to the loader, the cache and the query parser.  Whatever comes in: no exception, every
problem one line naming its file, the good article beside it still loaded and found, and
nothing in memory that cannot be written as UTF-8.  The number of examples is bounded so
CI stays quick (``HYPOTHESIS_PROFILE=thorough`` runs many more)."""

from __future__ import annotations

import json
import os
import tempfile
import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from faults import GOOD_TEXT
from tui.core.loader import load_paths
from tui.core.query import parse_query
from tui.core.search import SearchIndex, find_matches
from tui.core.store import ArticleStore
from tui.core.workspace import open_corpus

settings.register_profile("ci", max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

#: Any code point, lone surrogates included (what JSON escapes and odd file names can carry).
ANY_CHAR = st.characters(min_codepoint=0, max_codepoint=0x10FFFF)
ANY_TEXT = st.text(ANY_CHAR, max_size=300)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | ANY_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(ANY_TEXT, inner, max_size=4),
    max_leaves=12,
)
RECORDS = st.dictionaries(st.sampled_from(["id", "title", "text", "body", "date", "url", "source", "x"]),
                          JSON_VALUES, max_size=6)


def _check(root: Path, bad_name: str) -> None:
    """Load ``root`` (the bad file and good.txt) with and without the cache, twice."""
    result = load_paths([root])
    assert "good.txt" in [a.id for a in result.articles]
    for warning in result.warnings:
        assert "\n" not in str(warning) and bad_name in warning.path and warning.path.encode("utf-8")
    for article in result.articles:
        for value in (article.id, article.title, article.text, article.path or "", article.date or ""):
            value.encode("utf-8")  # no lone surrogate survives loading
        assert unicodedata.is_normalized("NFC", article.text)
    ArticleStore().extend(result.articles)
    for use_cache in (True, True, False):
        workspace = open_corpus([str(root)], use_cache=use_cache)
        assert [h.id for h in workspace.search_index.search("phạm minh chính").hits][:1] == ["good.txt"]
        assert len(workspace.articles) == len(result.articles)
        workspace.entity_index.entities()


def _corpus_with(name: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as home, tempfile.TemporaryDirectory() as folder:
        os.environ["XDG_CACHE_HOME"] = home  # each example its own cache
        root = Path(folder)
        (root / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
        (root / name).write_bytes(data)
        _check(root, name)


@given(st.text(max_size=2000))
def test_random_unicode_text_files(text):
    _corpus_with("random.txt", text.encode("utf-8", errors="surrogatepass"))


@given(st.binary(max_size=3000), st.sampled_from(["random.txt", "random.jsonl", "random.json", "random.md"]))
def test_random_bytes(data, name):
    _corpus_with(name, data)


@given(st.lists(RECORDS, max_size=5), st.booleans())
def test_random_json_values(records, as_array):
    if as_array:
        _corpus_with("random.json", json.dumps(records).encode("utf-8"))
    else:
        _corpus_with("random.jsonl", "\n".join(json.dumps(r) for r in records).encode("utf-8"))


@given(JSON_VALUES)
def test_any_json_value_as_a_file(value):
    _corpus_with("value.json", json.dumps(value).encode("utf-8"))


INDEX = SearchIndex.build(load_paths([Path(__file__).resolve().parent.parent / "seeds"]).articles)


@settings(max_examples=200 if settings().max_examples < 1000 else 5000)
@given(st.text(ANY_CHAR, max_size=400))
def test_random_queries(query):
    parsed = parse_query(query)
    assert parsed is not None
    results = INDEX.search(query, limit=5)
    assert results.total >= len(results.hits)
    for hit in results.hits:
        json.dumps(hit.snippet)
    article = INDEX.articles[0]
    assert all(0 <= s.start <= s.end for s in find_matches(article, query))
    assert isinstance(INDEX.suggest(query), list)
