"""``vnby-tui entities``: table, ``--json`` and ``--spans`` output formats."""

from __future__ import annotations

import json
from contextlib import redirect_stdout
from io import StringIO

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.cli import main
from tui.cli.entities import entity_json, rows_line, span_line
from tui.cli.output import safe_json, write_json, write_json_array
from tui.core.entities import Entity


def _run(paths, **options) -> tuple[int, str]:
    argv = ["entities", *(str(p) for p in paths), "--no-cache"]
    argv += ["--json"] if options.get("json") else []
    argv += ["--spans"] if options.get("spans") else []
    argv += ["--type", options["type"]] if options.get("type") else []
    argv += ["--limit", str(options["limit"])] if "limit" in options else []
    if "config" in options:
        argv += ["--config", str(options["config"])]
    out = StringIO()
    with redirect_stdout(out):
        code = main(argv)
    return code, out.getvalue()


def test_spans_gives_one_json_line_per_article_with_offsets_into_the_text(seeds_dir, seed_articles):
    code, output = _run([seeds_dir], spans=True)
    assert code == 0
    lines = [json.loads(line) for line in output.splitlines()]
    by_id = {a.id: a for a in seed_articles}
    assert [line["id"] for line in lines] == [a.id for a in seed_articles]
    for line in lines:
        text = by_id[line["id"]].text
        assert line["entities"]
        for entity in line["entities"]:
            assert set(entity) - {"credit"} == {"start", "end", "type", "text", "name"}
            assert entity.get("credit", True) is True  # present only on bylines and credits
            assert text[entity["start"] : entity["end"]] == entity["text"]


def test_spans_keep_the_ids_of_a_jsonl_input(tmp_path):
    path = tmp_path / "corpus.jsonl"
    records = [{"id": "a-1", "text": "Tổng Bí thư Tô Lâm thăm tỉnh Lào Cai."}, {"id": "b-2", "text": "Không có gì."}]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    _, output = _run([path], spans=True)
    lines = [json.loads(line) for line in output.splitlines()]
    assert [line["id"] for line in lines] == ["a-1", "b-2"]
    assert [(e["type"], e["text"], e["name"]) for e in lines[0]["entities"]] == [
        ("PER", "Tô Lâm", "Tô Lâm"),
        ("LOC", "tỉnh Lào Cai", "Lào Cai"),
    ]
    assert lines[1]["entities"] == []


def test_json_lists_entities_most_frequent_first(seeds_dir):
    code, output = _run([seeds_dir], json=True)
    assert code == 0
    entities = json.loads(output)
    assert {"name", "type", "roles", "articles", "mentions", "aliases"} <= set(entities[0])
    ranks = [(-e["articles"], -e["mentions"]) for e in entities]
    assert ranks == sorted(ranks)
    to_lam = next(e for e in entities if e["name"] == "Tô Lâm")
    assert to_lam["type"] == "PER" and to_lam["articles"] == 2 and "Tổng Bí thư" in to_lam["roles"]


def test_type_filter_and_config_lists(seeds_dir, tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[entities]\nextra_ORG = ["Lô máy kéo"]\nnever = ["Belarus"]\n', encoding="utf-8")
    _, output = _run([seeds_dir], json=True, type="loc", config=config)
    names = [e["name"] for e in json.loads(output)]
    assert names and "Belarus" not in names and "Việt Nam" in names
    assert all(e["type"] == "LOC" for e in json.loads(output))


def test_limit_keeps_the_most_frequent_and_a_negative_one_is_refused(seeds_dir, capsys):
    _, everything = _run([seeds_dir], json=True)
    _, top = _run([seeds_dir], json=True, limit=3)
    assert json.loads(top) == json.loads(everything)[:3]
    _, people = _run([seeds_dir], json=True, type="PER", limit=1)
    assert [e["name"] for e in json.loads(people)] == ["Tô Lâm"]
    code, output = _run([seeds_dir], json=True, limit=-1)
    assert code == 2 and output == "" and "--limit" in capsys.readouterr().err


def test_unknown_type_is_an_error(seeds_dir):
    code, output = _run([seeds_dir], type="xyz")
    assert code == 2 and output == ""  # refused by the argument parser: nothing is loaded


def test_table_is_printed(seeds_dir):
    code, output = _run([seeds_dir])
    assert code == 0 and "Tô Lâm" in output and "Tổng Bí thư" in output


def test_entities_without_a_cache_build_no_search_index_and_give_the_same_spans(tmp_path, seeds_dir, monkeypatch):
    """`entities --spans --no-cache` needs no search index: none is built (a cold load's
    largest cost after the entities), and the spans are those of a full load."""
    from tui.core import workspace as workspace_module

    built = []
    real = workspace_module.SearchIndex
    monkeypatch.setattr(workspace_module, "SearchIndex", lambda: built.append(1) or real())
    lean = workspace_module.open_corpus([str(seeds_dir)], use_cache=False, search=False)
    assert lean.search_index is None and not built
    full = workspace_module.open_corpus([str(seeds_dir)], use_cache=False)
    assert built
    assert [lean.entity_index.mentions_of(d) for d in range(len(lean.articles))] == \
        [full.entity_index.mentions_of(d) for d in range(len(full.articles))]
    assert [e.key for e in lean.entity_index.entities()] == [e.key for e in full.entity_index.entities()]


def test_a_span_line_is_what_the_json_writer_gives_of_the_record_escapes_included():
    spans = [(0, 3, "PER", 'Tô "Lâm"\\', "Tô Lâm", False), (5, 9, "ORG", "A\u009bB\u202eC\n", "X\u2028Y", True)]
    record = {"id": 'bài "1"\u0085', "entities": [
        {"start": 0, "end": 3, "type": "PER", "text": 'Tô "Lâm"\\', "name": "Tô Lâm"},
        {"start": 5, "end": 9, "type": "ORG", "text": "A\u009bB\u202eC\n", "name": "X\u2028Y", "credit": True},
    ]}
    line = span_line(record["id"], spans)
    assert line == safe_json(record) and json.loads(line) == record
    assert "\u009b" not in line and "\u202e" not in line  # a terminal would obey them
    assert span_line("d", spans, "ORG") == safe_json({"id": "d", "entities": [record["entities"][1]]})
    assert span_line("d", []) == '{"id": "d", "entities": []}'
    tails: dict = {}  # what a --spans run keeps from line to line: the second line reuses the first's ends
    assert span_line(record["id"], spans, None, tails) == line == span_line(record["id"], spans, None, tails)
    assert span_line("d", spans, "ORG", tails) == safe_json({"id": "d", "entities": [record["entities"][1]]})
    rows = [(start, end, kind, text, name, "role", "main", None, credit) for start, end, kind, text, name, credit in spans]
    assert rows_line(record["id"], rows) == line == rows_line(record["id"], rows, None, tails)
    assert rows_line("d", rows, "ORG", tails) == safe_json({"id": "d", "entities": [record["entities"][1]]})
    assert rows_line("d", []) == '{"id": "d", "entities": []}'


#: Strings of plain ASCII, Latin-1 and Vietnamese letters, and what a terminal would obey (C1 controls,
#: bidi overrides, line separators), which the line escapes: a line of ASCII only is not searched for them.
_SPAN_TEXT = st.text(st.sampled_from('aZ 1"\\\n\té\u0085\u009bạỹ\u202e\u2028\u061c'), max_size=8)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 10**6), st.sampled_from(["PER", "ORG", "LOC", "DATE"]),
                          _SPAN_TEXT, _SPAN_TEXT, st.booleans()), max_size=5), _SPAN_TEXT,
       st.sampled_from([None, "PER", "ORG"]))
def test_a_rows_line_is_what_the_json_writer_gives_of_its_record_for_any_text(spans, doc_id, kind):
    """The records put together from strings (the ends kept from line to line, an id or an end of
    ASCII only not searched for what a terminal would obey) are what ``safe_json`` writes of them."""
    entities = [{"start": start, "end": end, "type": kind_, "text": text, "name": name, **({"credit": True} if credit else {})}
                for start, end, kind_, text, name, credit in spans if kind is None or kind_ == kind]
    expected = safe_json({"id": doc_id, "entities": entities})
    rows = [(start, end, kind_, text, name, None, "main", None, credit) for start, end, kind_, text, name, credit in spans]
    tails: dict = {}
    assert rows_line(doc_id, rows, kind, tails) == expected == rows_line(doc_id, rows, kind, tails)
    assert span_line(doc_id, spans, kind) == expected


def test_offsets_on_either_side_of_those_kept_written_are_written_as_numbers():
    from tui.cli.entities import OFFSETS_KEPT

    rows = [(OFFSETS_KEPT - 1, OFFSETS_KEPT, "PER", "A", "A", None, "main", None, False),
            (0, OFFSETS_KEPT + 1, "LOC", "B", "B", None, "main", None, False)]
    assert rows_line("d", rows) == safe_json({"id": "d", "entities": [
        {"start": OFFSETS_KEPT - 1, "end": OFFSETS_KEPT, "type": "PER", "text": "A", "name": "A"},
        {"start": 0, "end": OFFSETS_KEPT + 1, "type": "LOC", "text": "B", "name": "B"}]})


def entity_record(entity: Entity) -> dict:
    """The ``--json`` form of one entity of the corpus table, as a dict: what ``entity_json`` must write."""
    return {
        "name": entity.name,
        "type": entity.type,
        "roles": entity.roles,
        "articles": entity.doc_count,
        "mentions": entity.mention_count,
        "aliases": entity.aliases,
        "key": entity.key,
    }



def test_the_entity_table_in_json_is_what_the_json_writer_gives_of_its_records_escapes_included():
    table = [
        Entity(key="PER:to lam", name='Tô "Lâm"\\', type="PER", roles=["Tổng Bí thư", "A\u009bB\u202eC\n"],
               aliases=["Tô Lâm", "X\u2028Y"], doc_count=12, mention_count=40),
        Entity(key="ORG:vff", name="VFF", type="ORG", roles=[], aliases=[], doc_count=1, mention_count=1),
        Entity(key="DATE:2020-01-30", name="30/1", type="DATE", roles=["\t"], aliases=[], doc_count=0,
               mention_count=0),
    ]
    for entity in table:
        assert entity_json(entity) == safe_json(entity_record(entity), indent=1)
    whole, streamed = StringIO(), StringIO()
    write_json([entity_record(e) for e in table], whole, indent=1)
    write_json_array(table, streamed, indent=1, encode=entity_json)
    assert streamed.getvalue() == whole.getvalue()
    assert "\u009b" not in streamed.getvalue() and "\u202e" not in streamed.getvalue()


def test_spans_are_printed_without_counting_the_corpus_table(seeds_dir, monkeypatch):
    from tui.core.entities import EntityIndex

    def no_table(*_):
        raise AssertionError("the corpus table was counted")

    monkeypatch.setattr(EntityIndex, "_count", no_table)
    monkeypatch.setattr(EntityIndex, "_merge_short_forms_now", no_table)
    code, output = _run([seeds_dir], spans=True)
    assert code == 0 and all(json.loads(line)["entities"] for line in output.splitlines())


def _spans_corpus(tmp_path, seeds_dir):
    """The seeds, a JSONL file repeating one of their ids and one of its own, a file that is no article."""
    first = json.loads(_run([seeds_dir], spans=True)[1].splitlines()[0])["id"]
    folder = tmp_path / "more"
    folder.mkdir()
    records = [{"id": first, "text": "Ông Nguyễn Văn An, Giám đốc Sở Y tế tỉnh Quảng Nam, nói ngày 3/2/2020."},
               {"id": "x", "text": "Bà Lê Thị Hoa đến Hà Nội.\n\nTrường Thịnh"},
               {"id": "x", "text": "Thủ tướng Phạm Minh Chính làm việc với UBND TP Hồ Chí Minh."}]
    (folder / "news.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n",
                                       encoding="utf-8")
    (folder / "broken.json").write_text("{", encoding="utf-8")
    return [seeds_dir, folder]


def test_spans_without_a_cache_are_printed_as_read_and_are_those_of_the_loaded_corpus(tmp_path, seeds_dir, capsys,
                                                                                       monkeypatch):
    """Without a cache, each article's spans are printed as it is read (no workspace is opened: nothing of the
    corpus is kept); the lines are those printed from a loaded corpus (with a cache: the workspace's entity
    index), duplicate ids renamed the same way, with the same warnings, also of one type only."""
    from tui import cli
    from tui.core import workspace as workspace_module

    paths = [str(p) for p in _spans_corpus(tmp_path, seeds_dir)]
    for kind in (None, "PER"):
        extra = ["--type", kind] if kind else []
        capsys.readouterr()
        assert main(["entities", "--spans", *paths, *extra]) == 0  # (with a cache: a loaded workspace)
        loaded = capsys.readouterr()
        with monkeypatch.context() as patched:
            patched.setattr(cli, "open_workspace", lambda *a, **k: pytest.fail("a workspace was opened"))
            patched.setattr(workspace_module, "open_corpus", lambda *a, **k: pytest.fail("a corpus was opened"))
            assert main(["entities", "--spans", *paths, "--no-cache", *extra]) == 0
        streamed = capsys.readouterr()
        assert streamed.out == loaded.out and streamed.err == loaded.err
        assert '"id": "x~2"' in streamed.out and "broken.json" in streamed.err and "duplicate id" in streamed.err
        if kind:
            assert '"type": "LOC"' not in streamed.out and '"type": "PER"' in streamed.out


def test_spans_without_a_cache_of_no_article_are_one_usage_error(tmp_path, capsys):
    (tmp_path / "empty.jsonl").write_text("\n", encoding="utf-8")
    assert main(["entities", "--spans", str(tmp_path / "empty.jsonl"), "--no-cache"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "no article could be loaded from" in captured.err
