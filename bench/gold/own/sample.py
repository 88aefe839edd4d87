"""Draw the texts of vnby-tui's own NER gold set from the shared real corpora.

Sentences: body sentences of 10 to 70 words from articles picked at random (seeded), at most
one sentence per article, none from the articles of the older gold files
(``bench/gold/dantri_sentences*.jsonl``).  Whole articles: articles of 800 to 3,500 characters,
given as the loader cleans them (title excluded, paragraphs joined by newlines).  The draw is
written as ``todo`` files of ``{"id", "source", "text"}`` lines, to be annotated by hand (see
``README.md``) and turned into gold lines by ``resolve.py``.

    .venv/bin/python bench/gold/own/sample.py dantri-unc --sentences 210 --articles 7
    .venv/bin/python bench/gold/own/sample.py baomoi-2017 --sentences 210 --articles 7

A later, second DEV draw (``--fresh``) leaves out every article already in the own set (DEV and
TEST) and writes ``{corpus}.{tag}.sentences.todo.jsonl``; ``--named`` keeps only sentences with a
capitalised word after the first (where entities can be), so annotating time goes to sentences
that can score:

    .venv/bin/python bench/gold/own/sample.py dantri-unc --sentences 80 --articles 0 --seed 2027 --fresh dev2 --named
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(REPO))

from tui.core.loader import article_from_record  # noqa: E402

CORPORA = {
    "dantri-unc": REPO.parent / "shared" / "corpus" / "dantri-unc.jsonl",
    "baomoi-2017": REPO.parent / "shared" / "corpus" / "baomoi-2017.jsonl.gz",
}
OUT = Path(__file__).resolve().parent
#: A sentence ends at . ! ? (or an ellipsis) followed by a space and a capital or a quote.
SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”']?\s+(?=[\"“'(]?[A-ZÀ-Ỹ0-9])")


def records(path: Path):
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            if line.strip():
                yield number, json.loads(line)


def old_gold_ids() -> set[str]:
    ids = set()
    for path in (REPO / "bench" / "gold").glob("dantri_sentences*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                ids.add(json.loads(line)["id"].split("#")[0])
    return ids


def own_gold_ids() -> set[str]:
    """Articles already in the own set (both splits), so a fresh draw never repeats one."""
    ids = set()
    for path in OUT.glob("*/*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                ids.add(json.loads(line)["id"].split("#")[0])
    return ids


def has_inner_capital(sentence: str) -> bool:
    return any(word[:1].isupper() for word in sentence.split()[1:])


def sentences_of(article, named: bool = False) -> list[str]:
    found = []
    for paragraph in article.paragraphs_of("body"):
        for sentence in SENTENCE_END.split(article.paragraph_text(paragraph)):
            words = sentence.split()
            if 10 <= len(words) <= 70 and (not named or has_inner_capital(sentence)):
                found.append(sentence.strip())
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", choices=sorted(CORPORA))
    parser.add_argument("--sentences", type=int, default=210)
    parser.add_argument("--articles", type=int, default=7)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--fresh", metavar="TAG", help="leave out the own set's articles; name the files with TAG")
    parser.add_argument("--named", action="store_true", help="only sentences with a capitalised word after the first")
    args = parser.parse_args(argv)
    excluded = old_gold_ids() | (own_gold_ids() if args.fresh else set())
    stem = f"{args.corpus}.{args.fresh}" if args.fresh else args.corpus
    articles = []
    for number, record in records(CORPORA[args.corpus]):
        article, _ = article_from_record(record, f"{args.corpus}-{number}", str(CORPORA[args.corpus]))
        if article is not None and article.id not in excluded:
            articles.append(article)
    rng = random.Random(f"{args.corpus}-{args.seed}")
    rng.shuffle(articles)
    whole = [a for a in articles if 800 <= len(a.text) <= 3500][: args.articles]
    taken = {a.id for a in whole}
    sentences = []
    for article in articles:
        if len(sentences) == args.sentences:
            break
        candidates = sentences_of(article, args.named)
        if article.id not in taken and candidates:
            sentences.append({"id": f"{article.id}#s", "source": args.corpus, "text": rng.choice(candidates)})
    with open(OUT / f"{stem}.sentences.todo.jsonl", "w", encoding="utf-8") as handle:
        for record in sentences:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    with open(OUT / f"{stem}.articles.todo.jsonl", "w", encoding="utf-8") as handle:
        for article in whole:
            text = "\n".join(article.paragraph_text(p) for p in article.paragraphs_of("body", "caption"))
            handle.write(json.dumps({"id": article.id, "source": args.corpus, "text": text}, ensure_ascii=False) + "\n")
    print(f"{len(sentences)} sentences, {len(whole)} articles drawn from {CORPORA[args.corpus]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
