"""Whole-corpus proof that the compiled tokenizer (``Vocabulary.encode_text``, see
``kernels.clause_term_ids``) builds the search index the regex built: each batch's
segment (stream, postings, offsets, document, body and clause starts, document
frequencies) made both ways from the real corpus, array by array, and the vocabulary
(term order and ids, folded terms) after all of them.  Exits 1 on any difference.

    .venv/bin/python bench/tokenize_same.py [paths ...]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
SHARED = REPO.parent / "shared" / "corpus"
DEFAULT_INPUTS = [SHARED / "baomoi-2017.jsonl.gz", SHARED / "dantri-unc.jsonl"]
FIELDS = ("stream", "postings", "offsets", "doc_starts", "body_starts", "df", "clause_starts", "doc_blocks")


def main() -> None:
    from tui.core import index, kernels
    from tui.core.loader import load_paths
    from tui.core.text import CLAUSE_TOKEN_RE

    paths = sys.argv[1:] or [str(p) for p in DEFAULT_INPUTS]
    articles = load_paths(paths).articles
    print(f"search kernels: {kernels.STATUS}; {len(articles)} articles, {sum(len(a.text) for a in articles):,} characters",
          flush=True)

    def regex_encode_text(self, text):  # what Segment.from_articles did before the kernel
        return self.encode(CLAUSE_TOKEN_RE.findall(text))

    new, old = index.Vocabulary(), index.Vocabulary()
    old.encode_text = regex_encode_text.__get__(old)  # type: ignore[method-assign]
    differ = positions = breaks = doc = 0
    cpu = {"compiled": 0.0, "regex": 0.0}
    for batch in index._batches(articles):
        segments = []
        for name, vocab in (("compiled", new), ("regex", old)):
            start = time.thread_time()
            segments.append(index.Segment.from_articles(batch, vocab, doc))
            cpu[name] += time.thread_time() - start
        a, b = segments
        for field in FIELDS:
            x, y = getattr(a, field), getattr(b, field)
            if x.dtype != y.dtype or not np.array_equal(x, y):
                differ += 1
                print(f"DIFFER: the batch from document {doc}: {field}", flush=True)
        positions += len(a.stream)
        breaks += len(a.clause_starts)
        doc += len(batch)
    same_vocabulary = (list(new.term_ids.items()) == list(old.term_ids.items()) and new.folded == old.folded
                       and np.array_equal(new.term_to_folded, old.term_to_folded))
    print(f"{doc} articles, {positions:,} positions, {breaks:,} clause breaks, {len(new.term_ids):,} terms, "
          f"{len(new.folded):,} folded: {differ} arrays differ; vocabulary (term order, ids, folded) "
          f"{'identical' if same_vocabulary else 'DIFFERS'}")
    print(f"Segment.from_articles CPU: compiled tokenizer {cpu['compiled']:.2f} s, regex {cpu['regex']:.2f} s")
    sys.exit(1 if differ or not same_vocabulary else 0)


if __name__ == "__main__":
    main()
