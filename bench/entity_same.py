#!/usr/bin/env python3
"""Proof that a faster entity extractor finds the same entities: every mention row of every
article of the real corpus (``EntityExtractor.extract_rows``: start, end, type, surface, name,
role, block, value, credit), dumped as JSON lines and compared.

Also prints the extractor's own speed on the same run (CPU seconds in this process, and which
rules ran: the compiled copy from ``hatch_build.py`` or the plain modules).  This is the
extractor alone; ``bench/entity_speed.py`` is the end-to-end figure issue 13 asks for.

    .venv/bin/python bench/entity_same.py --dump bench/out/entities-before.jsonl
    .venv/bin/python bench/entity_same.py --dump bench/out/entities-after.jsonl
    .venv/bin/python bench/entity_same.py --compare bench/out/entities-before.jsonl bench/out/entities-after.jsonl

``--limit N`` reads the first N articles only (quicker, for a first look).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
SHARED = REPO.parent / "shared" / "corpus"
DEFAULT_INPUTS = [SHARED / "baomoi-2017.jsonl.gz", SHARED / "dantri-unc.jsonl"]


def dump(paths: list[Path], out: Path, limit: int | None) -> None:
    """Extract every article of ``paths`` and write one line per article: its id and rows."""
    from tui.core.entities import EntityExtractor
    from tui.core.loader import load_paths

    articles = load_paths([str(p) for p in paths]).articles[:limit]
    extractor = EntityExtractor()
    megabytes = sum(len(a.text.encode("utf-8")) for a in articles) / 1e6
    out.parent.mkdir(parents=True, exist_ok=True)
    cpu = 0.0
    rows_total = 0
    with out.open("w", encoding="utf-8") as handle:
        for number, article in enumerate(articles):
            started = time.process_time()
            rows = extractor.extract_rows(article)
            cpu += time.process_time() - started
            rows_total += len(rows)
            handle.write(json.dumps([f"{number}:{article.id}", rows], ensure_ascii=False) + "\n")
    rules = "compiled (mypyc)" if extractor.compiled is not None else "plain Python"
    print(f"{len(articles)} articles, {megabytes:.1f} MB of text, {rows_total} mentions -> {out}")
    print(f"extractor alone: {cpu:.1f} CPU s = {megabytes / cpu:.2f} MB/s ({rules})")


def compare(before: Path, after: Path, shown: int = 5) -> int:
    """Say which articles' rows differ between two dumps; 0 if none."""
    old = dict(_lines(before))
    new = dict(_lines(after))
    differ = [doc for doc in old if new.get(doc) != old[doc]]
    missing = [doc for doc in new if doc not in old]
    print(f"{len(old)} articles before, {len(new)} after; {len(differ)} differ, {len(missing)} only after")
    for doc in differ[:shown]:
        a = {tuple(r) for r in old[doc]}
        b = {tuple(r) for r in new.get(doc, [])}
        print(f"  {doc}: lost {sorted(a - b)[:4]}; gained {sorted(b - a)[:4]}")
    return 1 if differ or missing else 0


def _lines(path: Path):
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            doc, rows = json.loads(line)
            yield doc, rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, default=DEFAULT_INPUTS)
    parser.add_argument("--dump", type=Path)
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    parser.add_argument("--limit", type=int)
    args = parser.parse_args(argv)
    if args.compare:
        return compare(*args.compare)
    if not args.dump:
        parser.error("--dump FILE or --compare BEFORE AFTER")
    missing = [str(p) for p in args.paths if not p.exists()]
    if missing:
        print(f"entity same: skipped, {', '.join(missing)} not found")
        return 0
    dump(args.paths, args.dump, args.limit)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
