#!/usr/bin/env python3
"""Check the query filters on a real, dated corpus (issue 16, "done means").

Runs the installed command line and checks, on ``dantri-unc.jsonl`` by default:

* for each query and date range, ``search "QUERY date:RANGE" --limit 0 --json`` returns
  exactly the hits of ``search "QUERY" --limit 0 --json`` whose date is in the range;
* ``search --sort newest`` and ``--sort oldest`` return the same hits, tiers in order,
  dates in order within each tier, undated last;
* for the most frequent people, organisations and places (and named ones), ``search
  'per:"NAME"' --limit 0 --json`` returns exactly the articles whose ``entities --spans``
  output names that entity (a mention of that type, not a credit, whose name is the
  entity's, or one of its aliases when it is no entity of its own), typed with and
  without diacritics;
* ``timeline QUERY --by month --json`` buckets equal the month histogram of the dates of
  ``search QUERY --limit 0 --json`` restricted to its strong set (undated counted apart);
* ``entity NAME --json`` co-mention counts equal the articles whose ``entities --spans``
  name both entities.

    .venv/bin/python bench/filter_check.py [CORPUS] [--entities N]

Exit status 0 when every check passes.  Uses its own cache folder (a temporary one).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tui.core.text import fold  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "dantri-unc.jsonl"
PROGRAM = Path(sys.executable).parent / "vnby-tui"
QUERIES = ["covid", "covid 19", "vac xin", "ha noi", "bong da", "gia vang", "chung khoan", "giao duc"]
RANGES = {  # date: term → (first, last) ISO dates it keeps
    "2020-03..2020-04": ("2020-03-01", "2020-04-30"),
    "2021-04": ("2021-04-01", "2021-04-30"),
    "2020-10..2020-11-15": ("2020-10-01", "2020-11-15"),
    ">=2021-04-15": ("2021-04-15", "9999-12-31"),
    "<2021": ("0000", "2020-12-31"),
    "2021-03-01..2021-03-31": ("2021-03-01", "2021-03-31"),
}
NAMED = [("per", "Park Hang Seo"), ("org", "WHO"), ("loc", "Hà Nội"), ("per", "Nguyễn Xuân Phúc")]
TIER_ORDER = ["phrase", "near", "scattered", "partial", None]


def cli(*argv: str, env: dict) -> tuple[int, str, str]:
    done = subprocess.run([str(PROGRAM), *argv], capture_output=True, text=True, env=env)
    return done.returncode, done.stdout, done.stderr


def results(query: str, corpus: str, env: dict, *extra: str) -> list[dict]:
    code, out, err = cli("search", query, corpus, "--limit", "0", "--json", *extra, env=env)
    if code not in (0, 1):
        raise SystemExit(f"search {query!r} failed ({code}): {err.strip()}")
    return json.loads(out)["results"]


def check_dates(corpus: str, env: dict) -> list[str]:
    failures = []
    for query in QUERIES:
        everything = results(query, corpus, env)
        for term, (low, high) in RANGES.items():
            expected = {r["id"] for r in everything if r["date"] and low <= r["date"] <= high}
            got = {r["id"] for r in results(f"{query} date:{term}", corpus, env)}
            line = f"{query!r} date:{term}: {len(got)} of {len(everything)} hits (expected {len(expected)})"
            print(("ok   " if got == expected else "FAIL ") + line)
            if got != expected:
                failures.append(line)
        for sort in ("newest", "oldest"):
            ordered = results(query, corpus, env, "--sort", sort)
            problem = _sort_problem(everything, ordered, sort)
            print(("ok   " if not problem else "FAIL ") + f"{query!r} --sort {sort}" + (f": {problem}" if problem else ""))
            if problem:
                failures.append(f"{query!r} --sort {sort}: {problem}")
    return failures


def _sort_problem(ranked: list[dict], ordered: list[dict], sort: str) -> str | None:
    if sorted(r["id"] for r in ranked) != sorted(r["id"] for r in ordered):
        return "not the same hits"
    tiers = [TIER_ORDER.index(r["tier"]) for r in ordered]
    if tiers != sorted(tiers):
        return "tiers out of order"
    for tier in {r["tier"] for r in ordered}:
        dates = [r["date"] for r in ordered if r["tier"] == tier]
        dated = [d for d in dates if d]
        if dates != dated + [None] * (len(dates) - len(dated)) or dated != sorted(dated, reverse=sort == "newest"):
            return f"dates out of order in tier {tier}"
    return None


def check_entities(corpus: str, env: dict, per_type: int) -> list[str]:
    code, out, err = cli("entities", corpus, "--json", env=env)
    table = json.loads(out)
    keys = {e["key"] for e in table}
    code, out, err = cli("entities", "--spans", corpus, env=env)
    spans = [json.loads(line) for line in out.splitlines()]
    chosen = []
    for kind in ("PER", "ORG", "LOC"):
        chosen += [(kind.lower(), e["name"]) for e in table if e["type"] == kind][:per_type]
    known = {(e["type"].lower(), fold(e["name"])) for e in table}
    chosen += [named for named in NAMED if (named[0], fold(named[1])) in known and named not in chosen]
    failures = []
    for prefix, name in chosen:
        entity = next(e for e in table if e["type"] == prefix.upper() and fold(e["name"]) == fold(name))
        named = {r["id"] for r in spans if any(names(e, entity, keys) for e in r["entities"])}
        for typed in (name, fold(name)):
            got = {r["id"] for r in results(f'{prefix}:"{typed}"', corpus, env)}
            line = f'{prefix}:"{typed}": {len(got)} articles, spans name it in {len(named)}'
            if got != named:
                line += f" (only the filter: {sorted(got - named)[:3]}, only the spans: {sorted(named - got)[:3]})"
            print(("ok   " if got == named else "FAIL ") + line)
            if got != named:
                failures.append(line)
    return failures


def check_timelines(corpus: str, env: dict) -> list[str]:
    failures = []
    for query in QUERIES:
        hits = results(query, corpus, env)
        strong = [h for h in hits if h["tier"] in ("phrase", "near")] or hits
        expected: dict[str, int] = {}
        for hit in strong:
            if hit["date"]:
                expected[hit["date"][:7]] = expected.get(hit["date"][:7], 0) + 1
        undated = sum(1 for hit in strong if not hit["date"])
        code, out, err = cli("timeline", query, corpus, "--by", "month", "--json", env=env)
        got = json.loads(out)
        buckets = {b["period"]: b["articles"] for b in got["buckets"] if b["articles"]}
        ok = buckets == expected and got["undated"] == undated
        line = f"timeline {query!r}: {sum(buckets.values())} dated in {len(buckets)} months, {got['undated']} undated"
        if not ok:
            line += f" (search's strong set: {sum(expected.values())} in {len(expected)} months, {undated} undated)"
            failures.append(line)
        print(("ok   " if ok else "FAIL ") + line)
    return failures


def check_co_mentions(corpus: str, env: dict, per_type: int) -> list[str]:
    table = json.loads(cli("entities", corpus, "--json", env=env)[1])
    keys = {e["key"] for e in table}
    spans = [json.loads(line) for line in cli("entities", "--spans", corpus, env=env)[1].splitlines()]
    by_name = {(e["type"], fold(e["name"])): e for e in table}  # a key may come from another form

    def articles_naming(entity: dict) -> set[str]:
        return {r["id"] for r in spans if any(names(e, entity, keys) for e in r["entities"])}

    failures = []
    for kind in ("PER", "ORG", "LOC"):
        for entity in [e for e in table if e["type"] == kind][:per_type]:
            code, out, err = cli("entity", entity["name"], corpus, "--json", env=env)
            profile = json.loads(out)
            if profile["type"] != entity["type"]:
                print(f"skip entity {entity['name']!r}: `entity` answers with the {profile['type']} of that name")
                continue
            own = articles_naming(entity)
            wrong = []
            for co in profile["co_mentions"]:
                other = by_name.get((co["type"], fold(co["name"])))
                both = len(own & articles_naming(other)) if other else None
                if both != co["articles"]:
                    wrong.append(f"{co['name']}: {co['articles']} vs spans {both}")
            line = f"entity {entity['name']!r}: {len(profile['co_mentions'])} co-mentions"
            if wrong:
                line += f" ({len(wrong)} differ: {wrong[:3]})"
                failures.append(line)
            print(("ok   " if not wrong else "FAIL ") + line)
    return failures


def names(span: dict, entity: dict, keys: set[str]) -> bool:
    """Whether a span of ``entities --spans`` names ``entity`` (a row of ``entities --json``):
    same type, not a credit, and its name is the entity's — its key, or, for a name that is
    no entity of its own (an acronym folded into the organisation it stands for: ``WHO``
    and ``Tổ chức Y tế Thế giới``), one of the entity's aliases."""
    if span["type"] != entity["type"] or span.get("credit"):
        return False
    key = f"{span['type']}:{fold(span['name'])}"
    if key in keys:
        return key == entity["key"]
    return fold(span["name"]) in {fold(entity["name"]), *(fold(a) for a in entity["aliases"])}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", default=str(DEFAULT_CORPUS))
    parser.add_argument("--entities", type=int, default=4, metavar="N", help="most frequent entities checked per type")
    args = parser.parse_args()
    if not Path(args.corpus).exists():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="filter-check-") as folder:
        env = dict(os.environ, XDG_CACHE_HOME=f"{folder}/cache", XDG_CONFIG_HOME=f"{folder}/config",
                   XDG_DATA_HOME=f"{folder}/data", XDG_STATE_HOME=f"{folder}/state")
        started = time.perf_counter()
        cli("entities", args.corpus, "--json", env=env)  # builds the cache (entities included) once
        failures = (check_dates(args.corpus, env) + check_entities(args.corpus, env, args.entities)
                    + check_timelines(args.corpus, env) + check_co_mentions(args.corpus, env, 2))
    print(f"\n{'FAILED: ' + str(len(failures)) if failures else 'all checks passed'} "
          f"({time.perf_counter() - started:.0f} s)")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
