"""The cache under faults (issue 18, item 9): whatever happens to the cache or to the
process writing it, results stay right, nothing is left running or lying about, and
every problem is one line — never a traceback."""

from __future__ import annotations

import json

from faults import run_cli


def _tied_corpus(root):
    """Six articles each dated a different year and saying "30/1": six date entities
    with the same name, articles and mentions — only their keys tell them apart."""
    root.mkdir()
    lines = [json.dumps({"id": f"a{i}", "title": f"Tin {i}", "date": f"202{i}-03-01",
                         "text": "Ngày 30/1, ông Nguyễn Văn An gặp bà Trần Thị Bình tại Hà Nội."}, ensure_ascii=False)
             for i in range(6)]
    (root / "t.jsonl").write_text("\n".join(lines), encoding="utf-8")
    return root


def test_tied_entities_list_in_one_order_with_and_without_the_cache(tmp_path):
    corpus = _tied_corpus(tmp_path / "corpus")
    listings = []
    for seed, cache in (("1", "--no-cache"), ("2", "--no-cache"), ("3", None), ("4", None)):
        argv = ["entities", "--json", str(corpus)] + ([cache] if cache else [])
        run = run_cli(*argv, env={"PYTHONHASHSEED": seed})
        assert run.code == 0
        listings.append([(e["key"], e["articles"], e["mentions"]) for e in json.loads(run.out)])
    assert sum(key.startswith("DATE:") for key, _, _ in listings[0]) == 6
    assert all(listing == listings[0] for listing in listings)
