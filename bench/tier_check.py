#!/usr/bin/env python3
"""Check the tiers of evidence on a real corpus (issue 14, "done means").

For real queries — names, places and topics of the corpus's years, typed with
and without diacritics, and word sequences drawn from its articles — runs the
installed command line (``vnby-tui search --batch --limit 0`` for all of them,
and ``vnby-tui search QUERY --limit 0 --json`` for the first few, which must
print the same) and checks, for every query:

* the ``phrase`` tier is exactly the set of articles whose folded title (when
  the article has its own, searched title) or folded body paragraph holds the
  folded query words consecutively — computed here from the raw text, not
  from the index;
* no hit of a lower tier ranks above one of a higher tier;
* the ``tiers`` counts add up to ``total`` and match the hits listed.

    .venv/bin/python bench/tier_check.py [CORPUS] [--random N] [--seed S]

Exit status 0 when every query passes.
"""

from __future__ import annotations

import argparse
import json
import random
import shlex
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tui.core.index import has_own_title  # noqa: E402
from tui.core.loader import load_paths  # noqa: E402
from tui.core.text import TOKEN_RE, fold  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "dantri-unc.jsonl"
TIER_ORDER = ("phrase", "near", "scattered", "partial")
#: Queries a reader of Dân Trí 2019-2021 would type (with and without diacritics).
NAMED = [
    "pham minh chinh", "thu tuong pham minh chinh", "Phạm Minh Chính", "nguyen xuan phuc", "Nguyễn Xuân Phúc",
    "to lam", "Tô Lâm", "chu tich quoc hoi", "vuong dinh hue", "nguyen phu trong", "tong bi thu",
    "ha noi", "Hà Nội", "thanh pho ho chi minh", "tp hcm", "da nang", "viet nam", "Việt Nam", "vietnam", "hanoi",
    "covid 19", "covid", "dai dich", "vac xin", "bo y te", "ngan hang nha nuoc", "chung khoan", "gia vang",
    "bong da", "doi tuyen viet nam", "park hang seo", "quoc hoi", "chinh phu", "tai nan giao thong", "lu lut mien trung",
]


def vnby_command() -> list[str]:
    """The installed program beside this interpreter, else ``python -m tui``."""
    installed = Path(sys.executable).with_name("vnby-tui")
    return [str(installed)] if installed.exists() else [sys.executable, "-m", "tui"]


def drawn_queries(articles, rng: random.Random, count: int) -> list[str]:
    """``count`` runs of 2-4 consecutive words of random body paragraphs, as
    written half the time and folded the other half."""
    out = []
    while len(out) < count:
        article = rng.choice(articles)
        spans = article.body_spans()
        if not spans:
            continue
        start, end = rng.choice(spans)
        words = TOKEN_RE.findall(article.text[start:end])
        if len(words) < 4:
            continue
        size = rng.randint(2, 4)
        first = rng.randrange(len(words) - size + 1)
        text = " ".join(words[first : first + size])
        out.append(fold(text) if rng.random() < 0.5 else text)
    return out


def folded_fields(article) -> list[list[str]]:
    """The searchable fields as folded word lists: the article's own title (a
    title derived from its first sentence is not searched) and each body paragraph."""
    fields = [TOKEN_RE.findall(fold(article.title))] if has_own_title(article) else []
    fields += [TOKEN_RE.findall(fold(article.text[s:e])) for s, e in article.body_spans()]
    return fields


def holding(fields_by_id: dict[str, list[list[str]]], words: list[str]) -> set[str]:
    n = len(words)
    first = words[0]
    found = set()
    for doc_id, fields in fields_by_id.items():
        for field in fields:
            if any(field[i] == first and field[i : i + n] == words for i in range(len(field) - n + 1)):
                found.add(doc_id)
                break
    return found


def problems_of(line: dict, expected: set[str]) -> list[str]:
    results = line["results"]
    problems = []
    phrase = {r["id"] for r in results if r["tier"] == "phrase"}
    if phrase != expected:
        problems.append(f"phrase tier differs: {len(phrase - expected)} extra {sorted(phrase - expected)[:3]}, "
                        f"{len(expected - phrase)} missing {sorted(expected - phrase)[:3]}")
    ranks = [TIER_ORDER.index(r["tier"]) for r in results]
    if ranks != sorted(ranks):
        problems.append("a lower tier ranks above a higher one")
    if sum(line["tiers"].values()) != line["total"] or len(results) != line["total"]:
        problems.append(f"tiers {line['tiers']} / hits {len(results)} do not add up to total {line['total']}")
    if any(line["tiers"][t] != sum(r["tier"] == t for r in results) for t in TIER_ORDER):
        problems.append("tier counts differ from the hits listed")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    parser.add_argument("--random", type=int, default=100, help="queries drawn from the articles (default 100)")
    parser.add_argument("--single", type=int, default=3, help="queries also run one by one with --json (default 3)")
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args(argv)
    print("command:", shlex.join([sys.executable, *sys.argv]))
    articles = load_paths([args.corpus]).articles
    queries = NAMED + drawn_queries(articles, random.Random(args.seed), args.random)
    command = vnby_command()
    started = time.perf_counter()
    batch = subprocess.run([*command, "search", "--batch", args.corpus, "--limit", "0"], input="\n".join(queries) + "\n",
                           capture_output=True, text=True, check=True)
    lines = [json.loads(line) for line in batch.stdout.splitlines()]
    print(f"corpus: {len(articles)} articles; {len(queries)} queries ({len(NAMED)} named, {args.random} drawn) "
          f"in {time.perf_counter() - started:.1f} s")
    failures = 0
    for query in queries[: args.single]:
        single = json.loads(subprocess.run([*command, "search", query, args.corpus, "--limit", "0", "--json"],
                                           capture_output=True, text=True).stdout)
        twin = next(line for line in lines if line["query"] == query)
        if {k: v for k, v in single.items() if k != "ms"} != {k: v for k, v in twin.items() if k != "ms"}:
            print(f"FAIL {query!r}: --json and --batch differ")
            failures += 1
    fields_by_id = {a.id: folded_fields(a) for a in articles}
    totals = {t: 0 for t in TIER_ORDER}
    for query, line in zip(queries, lines):
        words = TOKEN_RE.findall(fold(query))
        problems = problems_of(line, holding(fields_by_id, words))
        for tier in TIER_ORDER:
            totals[tier] += line["tiers"][tier]
        if problems:
            failures += 1
            print(f"FAIL {query!r}: " + "; ".join(problems))
    print(f"tiers over all queries: {totals}")
    print(f"{len(queries) - failures} of {len(queries)} queries pass")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
