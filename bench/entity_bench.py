"""Entity extraction benchmark: quality on hand-annotated gold sets, and throughput.

Quality: exact span + type precision, recall and F1 per type and micro-averaged,
against gold files of JSON lines ``{"id", "text", "entities": [{"start", "end",
"type", "text"[, "credit": true]}]}``.  Only the types present in the gold file are
scored (predicted dates are ignored when the gold has none); a credit (byline,
``Theo Reuters``) is scored like any span of its type.  Each file is scored on
its own and then by group — its split (``old``: ``bench/gold/dantri_sentences*``,
``dev`` / ``test``: ``bench/gold/own/{dev,test}/``) and its kind (sentences, or
whole articles, scored as articles).  The TEST split is for measuring only:
``--errors`` never lists its errors.  Predictions come either from the extractor
called directly on each gold text (default) or from ``vnby-tui entities --spans``
run on the gold texts (``--via-cli``), or from a ``--spans`` output file given
with ``--spans FILE`` (one gold file then).

Throughput: extraction MB/s (UTF-8 bytes of article text per second, one core)
over a real corpus, ``../shared/corpus/dantri-unc.jsonl`` by default.

    .venv/bin/python bench/entity_bench.py [--gold FILE ...] [--via-cli | --spans FILE]
                                           [--corpus FILE] [--errors] [--no-speed]
"""

from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tui.core.entities import EntityExtractor  # noqa: E402
from tui.core.loader import article_from_text, load_paths  # noqa: E402
from tui.core.text import clean_text  # noqa: E402

GOLD = REPO / "bench" / "gold"
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "dantri-unc.jsonl"

Span = tuple[int, int, str]


def read_gold(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def predict_direct(gold: list[dict]) -> dict[str, list[dict]]:
    """Run the extractor on each gold text, as a one-paragraph article."""
    extractor = EntityExtractor()
    predictions = {}
    for record in gold:
        article = article_from_text(clean_text(record["text"]), record["id"], None, title_in_text=False)
        predictions[record["id"]] = [
            {"start": m.start, "end": m.end, "type": m.type, "text": m.text} for m in extractor.extract(article)
        ]
    return predictions


def predict_via_cli(gold: list[dict]) -> dict[str, list[dict]]:
    """Write the gold texts as JSONL and score what ``vnby-tui entities --spans`` prints."""
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "gold.jsonl"
        corpus.write_text(
            "".join(json.dumps({"id": r["id"], "text": r["text"]}, ensure_ascii=False) + "\n" for r in gold),
            encoding="utf-8",
        )
        command = [str(REPO / ".venv" / "bin" / "vnby-tui"), "entities", "--spans", str(corpus)]
        print("spans from:", shlex.join(command))
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return read_spans(output.splitlines())


def read_spans(lines) -> dict[str, list[dict]]:
    predictions = {}
    for line in lines:
        if line.strip():
            record = json.loads(line)
            predictions[record["id"]] = record["entities"]
    return predictions


def default_gold() -> list[Path]:
    """Every gold file there is: the old sentences, then the own set's DEV and TEST splits."""
    own = sorted((GOLD / "own").glob("*/*.jsonl"), key=lambda p: (p.parent.name != "dev", p.name))
    return sorted(GOLD.glob("dantri_sentences*.jsonl")) + own


def split_of(path: Path) -> str:
    return path.parent.name if path.parent.parent.name == "own" else "old"


def kind_of(path: Path) -> str:
    return "articles" if "articles" in path.name else "sentences"


Counts = tuple[Counter, Counter, Counter]


def score(gold: list[dict], predictions: dict[str, list[dict]], types: list[str], show_errors: bool) -> Counts:
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for record in gold:
        expected = {(e["start"], e["end"], e["type"]) for e in record["entities"] if e["type"] in types}
        found = {(p["start"], p["end"], p["type"]) for p in predictions.get(record["id"], []) if p["type"] in types}
        for kind in types:
            tp[kind] += len({s for s in expected & found if s[2] == kind})
            fp[kind] += len({s for s in found - expected if s[2] == kind})
            fn[kind] += len({s for s in expected - found if s[2] == kind})
        if show_errors and expected != found:
            text = record["text"]
            print(f"\n{record['id']}: {text}")
            for start, end, kind in sorted(found - expected):
                print(f"   + {kind} {text[start:end]!r}")
            for start, end, kind in sorted(expected - found):
                print(f"   - {kind} {text[start:end]!r}")
    return tp, fp, fn


def print_scores(title: str, counts: Counts, types: list[str]) -> None:
    tp, fp, fn = counts
    print(f"\n{title}")
    print(f"{'type':6} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5} {'pred':>5}")
    for kind in types + ["micro"]:
        t = sum(tp.values()) if kind == "micro" else tp[kind]
        p_count = t + (sum(fp.values()) if kind == "micro" else fp[kind])
        g_count = t + (sum(fn.values()) if kind == "micro" else fn[kind])
        precision = t / p_count if p_count else 0.0
        recall = t / g_count if g_count else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        print(f"{kind:6} {precision:6.3f} {recall:6.3f} {f1:6.3f} {g_count:5d} {p_count:5d}")


def throughput(corpus: Path, repeats: int) -> None:
    """Extraction speed on one core: best of ``repeats`` passes over the corpus."""
    articles = load_paths([corpus]).articles
    size = sum(len(a.text.encode("utf-8")) for a in articles)
    extractor = EntityExtractor()
    best = float("inf")
    mentions = 0
    for _ in range(repeats):
        start = time.perf_counter()
        mentions = sum(len(extractor.extract(a)) for a in articles)
        best = min(best, time.perf_counter() - start)
    print(
        f"\nthroughput: {len(articles)} articles, {size / 1e6:.1f} MB, {mentions} mentions, "
        f"{best:.2f} s, {size / 1e6 / best:.2f} MB/s (best of {repeats})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, action="append", help="a gold file (repeatable; default: all of them)")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--via-cli", action="store_true", help="score `vnby-tui entities --spans` output")
    source.add_argument("--spans", type=Path, help="score this --spans output file")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="corpus for the throughput test")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--errors", action="store_true", help="list every false positive (+) and negative (-)")
    parser.add_argument("--no-speed", action="store_true", help="skip the throughput test")
    args = parser.parse_args(argv)
    print("command:", shlex.join([sys.executable, *sys.argv]))
    groups: dict[tuple[str, str], list[Counts]] = {}
    types = ["LOC", "ORG", "PER"]
    for path in args.gold or default_gold():
        gold = read_gold(path)
        split = split_of(path)
        if args.spans:
            predictions = read_spans(args.spans.read_text(encoding="utf-8").splitlines())
        elif args.via_cli:
            predictions = predict_via_cli(gold)
        else:
            predictions = predict_direct(gold)
        errors = args.errors and split != "test"  # TEST is for measuring only
        counts = score(gold, predictions, types, errors)
        groups.setdefault((split, kind_of(path)), []).append(counts)
        credits = sum(1 for r in gold for e in r["entities"] if e.get("credit"))
        print_scores(f"gold [{split}] {path.relative_to(REPO) if path.is_relative_to(REPO) else path}: {len(gold)} {kind_of(path)}, "
                     f"{sum(len(r['entities']) for r in gold)} entities ({credits} credits)", counts, types)
    for (split, kind), parts in groups.items():
        if len(parts) > 1:
            total = tuple(sum((c[i] for c in parts), Counter()) for i in range(3))
            print_scores(f"== [{split}] all {kind} ({len(parts)} files)", total, types)
    if not args.no_speed:
        if args.corpus.exists():
            throughput(args.corpus, args.repeats)
        else:
            print(f"\nthroughput: skipped, {args.corpus} not found")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
