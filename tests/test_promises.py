"""The README's promises, each tested so that breaking it fails a test.

An audit planted small bugs and found these promises unguarded: the title
boost, exact offsets of a one-word highlight, a cache key that notices a change
of size alone or of modification time alone, the corpus-wide merge of an
acronym with its expansion, ``--batch`` honouring ``--limit``, ``--limit 0``
meaning every hit, and ``--no-cache`` / ``[cache] enabled = false`` writing no
cache.  Each test below names the bug it catches.
"""

from __future__ import annotations

import io
import json
import os

import pytest

from pilot import WIDE, make_app, settle
from tui.cli import main
from tui.core.cache import cache_root
from tui.core.entities import EntityExtractor, EntityIndex
from tui.core.loader import article_from_text
from tui.core.search import SearchIndex, find_matches
from tui.core.workspace import open_corpus


def cli(capsys, monkeypatch, *argv: str, stdin: str | None = None) -> tuple[int, str]:
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(list(argv))
    return code, capsys.readouterr().out


def cache_entries() -> list[str]:
    root = cache_root()
    return sorted(p.name for p in root.iterdir()) if root.exists() else []


# ------------------------------------------------------------------ ranking and highlighting


def test_a_word_in_the_title_ranks_above_the_same_word_in_the_body():
    """Catches: the title boost removed.  The two articles hold the same words, equally many,
    so BM25's length normalisation cannot decide; only the title can.  The body-match article
    comes first in the corpus, so a tie would list it first."""
    sentence_a = "Chứng khoán tăng điểm mạnh"
    sentence_b = "Thị trường khởi sắc trong phiên sáng nay"
    body_match = article_from_text(f"{sentence_b}\n\n{sentence_a}.", "body", None)
    title_match = article_from_text(f"{sentence_a}\n\n{sentence_b}.", "title", None)
    assert (body_match.title, title_match.title) == (sentence_b, sentence_a)
    results = SearchIndex.build([body_match, title_match]).search("chung khoan")
    assert [hit.id for hit in results.hits] == ["title", "body"]
    assert results.hits[0].score > results.hits[1].score


ONE_WORD_TEXT = "Tổng thống Lukashenko đón khách. Ông Lukashenko, vui mừng, nói: Lukashenko"


@pytest.mark.parametrize("query", ["lukashenko", "Lukashenko", "LUKASHENKO", "lukashenk"])
def test_a_one_word_match_is_highlighted_exactly(query):
    """Catches: a single-word span ending a character late ("Lukashenko ") or early, or
    starting off by one — before a space, a comma, and at the very end of the text."""
    article = article_from_text(ONE_WORD_TEXT, "one", None, title_in_text=False)
    found = sorted((s.field, s.start, s.end) for s in find_matches(article, query))
    expected = sorted((field, i, i + len("Lukashenko"))
                      for field, source in (("title", article.title), ("body", article.text))
                      for i in range(len(source)) if source.startswith("Lukashenko", i))
    assert len(expected) >= 3 and found == expected


def test_the_cli_reports_exact_one_word_spans(capsys, monkeypatch, seeds_dir):
    """Catches the same off-by-one in the JSON scripts read: every span is the word itself."""
    _, out = cli(capsys, monkeypatch, "search", "minsk", str(seeds_dir), "--json")
    result = json.loads(out)["results"][0]
    article = open_corpus([str(seeds_dir)], use_cache=False).articles[0 if result["id"] < "003" else 1]
    spans = result["spans"]
    assert spans
    for span in spans:
        source = article.title if span["field"] == "title" else article.text
        assert source[span["start"]:span["end"]] == "Minsk"
    for start, end in result["snippet_spans"]:
        assert result["snippet"][start:end] == "Minsk"


# ------------------------------------------------------------------ the cache key


@pytest.fixture
def small_corpus(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Tin Minsk\n\nTổng thống Lukashenko đón khách tại Minsk.\n", encoding="utf-8")
    (corpus / "b.txt").write_text("Tin Hà Nội\n\nNgười dân Hà Nội đi làm sớm.\n", encoding="utf-8")
    return corpus


def ids_for(workspace, query: str) -> list[str]:
    return [hit.id for hit in workspace.search_index.search(query).hits]


def test_a_change_of_size_alone_is_noticed(small_corpus):
    """An edit that keeps the modification time (``touch -r``, some sync tools) is read again."""
    open_corpus([str(small_corpus)])
    path = small_corpus / "b.txt"
    before = path.stat()
    path.write_text("Tin Hà Nội\n\nNgười dân Hà Nội đi làm sớm. Trời mưa phùn.\n", encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_mtime_ns == before.st_mtime_ns and path.stat().st_size != before.st_size
    again = open_corpus([str(small_corpus)])
    assert ids_for(again, "mua phun") == ["b.txt"]


@pytest.mark.parametrize("part", ["st_size", "st_mtime_ns"])
def test_the_stored_signature_differing_in_one_part_alone_makes_the_entry_stale(small_corpus, part):
    """Catches: the cache key ignoring the size, or the modification time.  A real edit also
    changes the status-change time (which the key holds too), so the stored signature is edited
    instead: only the size (only the mtime) differs from the file's, and the file must be read again."""
    path = small_corpus / "b.txt"
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))  # an mtime unlike any other part of the key
    assert open_corpus([str(small_corpus)]).from_cache is False
    value = getattr(path.stat(), part)
    (entry,) = [p for p in cache_root().iterdir() if not p.name.startswith(".")]
    manifest = json.loads((entry / "manifest.json").read_text(encoding="utf-8"))
    (source,) = [s for s in manifest["sources"] if s[0] == "b.txt"]
    where = [i for i, item in enumerate(source[2]) if item == value]
    assert len(where) == 1, f"{part} is not in the cache key {source[2]}"
    source[2][where[0]] += 1
    (entry / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert open_corpus([str(small_corpus)]).from_cache is False
    assert open_corpus([str(small_corpus)]).from_cache is True  # the rewritten entry is current again


def test_a_change_of_modification_time_alone_is_noticed(small_corpus):
    """An edit that keeps the size (one word for another of the same length) is read again."""
    open_corpus([str(small_corpus)])
    path = small_corpus / "a.txt"
    before = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("Minsk", "Paris"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 5_000_000_000))
    assert path.stat().st_size == before.st_size
    again = open_corpus([str(small_corpus)])
    assert ids_for(again, "paris") == ["a.txt"] and ids_for(again, "minsk") == []


# ------------------------------------------------------------------ entities


@pytest.mark.parametrize("order", ["expansion-first", "acronym-first"])
def test_an_acronym_alone_merges_with_its_expansion_from_another_article(order):
    """Catches: the corpus-wide merge of an acronym with its expansion switched off.  HTDA is
    in no gazetteer: only the bracket in the other article says what it stands for."""
    texts = ["Hai nước hợp tác trong Hiệp hội Thép Đông Á (HTDA) từ năm ngoái.",
             "Năm nay HTDA họp tại Hà Nội với nhiều thành viên mới."]
    if order == "acronym-first":
        texts.reverse()
    articles = [article_from_text(text, f"d{i}", None, title_in_text=False) for i, text in enumerate(texts)]
    index = EntityIndex(EntityExtractor())
    index.add(articles[:1], 0)
    index.add(articles[1:], 1)
    organisations = {e.name: e for e in index.entities("ORG")}
    assert "HTDA" not in organisations, "the acronym is listed apart from its expansion"
    merged = organisations["Hiệp hội Thép Đông Á"]
    assert merged.doc_count == 2 and "HTDA" in merged.aliases


# ------------------------------------------------------------------ the search command's limits


@pytest.fixture
def twelve_articles(tmp_path):
    """Twelve articles that all mention Đà Nẵng: more than the default limit of 10."""
    corpus = tmp_path / "twelve"
    corpus.mkdir()
    for n in range(12):
        (corpus / f"{n:02d}.txt").write_text(f"Tin số {n}\n\nĐoàn khách thứ {n} đến Đà Nẵng hôm nay.\n",
                                             encoding="utf-8")
    return corpus


@pytest.mark.parametrize("limit", [1, 3, 0])
def test_batch_honours_the_limit(capsys, monkeypatch, twelve_articles, limit):
    """Catches: ``--batch`` ignoring ``--limit`` (twelve hits per query, more than any limit
    here; 0 means every hit)."""
    code, out = cli(capsys, monkeypatch, "search", "--batch", str(twelve_articles), "--limit", str(limit),
                    stdin="da nang\nđoàn khách\n")
    assert code == 0
    lines = [json.loads(line) for line in out.splitlines()]
    assert [len(line["results"]) for line in lines] == [limit or 12] * 2


def test_limit_zero_lists_every_hit(capsys, monkeypatch, twelve_articles):
    """Catches: ``--limit 0`` refused, or read as the default 10, or as 1."""
    code, out = cli(capsys, monkeypatch, "search", "da nang", str(twelve_articles), "--limit", "0", "--json")
    data = json.loads(out)
    assert code == 0 and data["total"] == 12 and len(data["results"]) == 12


def test_a_negative_limit_is_a_usage_error(capsys, monkeypatch, seeds_dir):
    code = main(["search", "to lam", str(seeds_dir), "--limit", "-1"])
    assert code == 2 and "--limit" in capsys.readouterr().err


# ------------------------------------------------------------------ no cache means no cache


def test_the_cache_is_written_by_default(capsys, monkeypatch, seeds_dir):
    """The control for the two tests below: without the switch the same command writes an entry."""
    cli(capsys, monkeypatch, "search", "to lam", str(seeds_dir))
    assert cache_entries()


def test_no_cache_leaves_the_cache_directory_empty(capsys, monkeypatch, seeds_dir):
    """Catches: ``--no-cache`` writing a cache anyway."""
    code, _ = cli(capsys, monkeypatch, "search", "to lam", str(seeds_dir), "--no-cache")
    assert code == 0 and cache_entries() == []


def test_cache_disabled_in_the_config_leaves_the_cache_directory_empty(capsys, monkeypatch, seeds_dir, tmp_path):
    """Catches: ``[cache] enabled = false`` ignored by the command line."""
    config = tmp_path / "config.toml"
    config.write_text("[cache]\nenabled = false\n", encoding="utf-8")
    code, _ = cli(capsys, monkeypatch, "search", "to lam", str(seeds_dir), "--config", str(config))
    assert code == 0 and cache_entries() == []


def test_no_cache_reaches_the_explorer(monkeypatch, seeds_dir):
    """Catches: ``vnby-tui --no-cache`` not handing the switch to the explorer."""
    seen = []
    monkeypatch.setattr("tui.app.VnbyApp.run", lambda app: seen.append(app.config["cache"]["enabled"]))
    assert main([str(seeds_dir), "--no-cache"]) == 0
    assert seen == [False]


async def test_the_explorer_with_the_cache_disabled_writes_none():
    """Catches: the explorer ignoring ``[cache] enabled = false``; the same app with the cache
    on writes an entry (so the check can fail)."""
    for enabled, written in ((False, False), (True, True)):
        app = make_app()
        app.config["cache"]["enabled"] = enabled
        async with app.run_test(size=WIDE) as pilot:
            await settle(pilot)
            assert len(app.corpus.articles) == 2
        assert bool(cache_entries()) is written, f"enabled={enabled}"
