"""Generate a synthetic Vietnamese-like news corpus (JSONL) for speed and memory benchmarks.

The text is not Vietnamese, but it has the statistics that matter to an index:
thousands of distinct toned syllables, words of one to three syllables with a
Zipf-like frequency, capitalised person names with titles, place names, numbers
and dates, sentences and paragraphs of news-like length.  Deterministic for a
given seed.

    python bench/synth.py --articles 60000 --out bench/out/synth-60k.jsonl
"""

from __future__ import annotations

import argparse
import json
import time
import unicodedata
from pathlib import Path

import numpy as np

ONSETS = ["", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh", "nh", "p",
          "ph", "qu", "r", "s", "t", "th", "tr", "v", "x"]
RHYMES = ["a", "ai", "am", "an", "ang", "anh", "ao", "au", "ay", "ă", "ăm", "ăn", "ăng", "âm", "ân", "âng", "âu",
          "ây", "e", "em", "en", "eo", "ê", "êm", "ên", "ênh", "êu", "i", "ia", "im", "in", "inh", "iu", "iêm",
          "iên", "iêng", "iêu", "o", "oa", "oai", "oan", "oang", "oanh", "oi", "om", "on", "ong", "ô", "ôi", "ôm",
          "ôn", "ông", "ơ", "ơi", "ơm", "ơn", "u", "ua", "ui", "um", "un", "ung", "uy", "uyên", "uân", "uôi",
          "uông", "ư", "ưa", "ưi", "ưng", "ươi", "ươn", "ương", "ưu", "y", "yên"]
STOP_RHYMES = ["ac", "ach", "at", "ăc", "ăt", "âc", "ât", "ep", "et", "êt", "ich", "it", "iêt", "oc", "ot", "ôc",
               "ôt", "ơt", "uc", "ut", "ưc", "ươc", "ươt", "uyêt"]
TONES = ["", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
          "Dương", "Lý", "Lương", "Tô", "Đinh", "Trịnh"]
TITLES = ["Thủ tướng", "Bộ trưởng", "Chủ tịch", "ông", "bà", "Giám đốc", "Tổng Bí thư", "Phó Chủ tịch", "anh", "chị"]
PLACES = ["Hà Nội", "Thành phố Hồ Chí Minh", "Đà Nẵng", "Hải Phòng", "Cần Thơ", "Nghệ An", "Thanh Hóa", "Lào Cai",
          "Quảng Ninh", "Belarus", "Nhật Bản", "Hàn Quốc", "Đông Nam Á", "Biển Đông", "Phú Quốc", "Cao Bằng"]
CUES = ["tỉnh", "thành phố", "tại", "ở", "huyện", "xã"]


def toned(onset: str, rhyme: str, tone: str) -> str:
    """Put the tone mark on the rhyme's main vowel (close enough to real spelling)."""
    vowels = [i for i, c in enumerate(rhyme) if c in "aăâeêioôơuưy"]
    if not vowels:
        return onset + rhyme
    pos = vowels[-1] if any(c in "ăâêôơư" for c in rhyme) and len(vowels) > 1 else vowels[len(vowels) // 2]
    for i in vowels:
        if rhyme[i] in "ăâêôơư":
            pos = i
    syllable = rhyme[: pos + 1] + tone + rhyme[pos + 1 :]
    return unicodedata.normalize("NFC", onset + syllable)


def syllable_inventory() -> list[str]:
    syllables = {toned(o, r, t) for o in ONSETS for r in RHYMES for t in TONES}
    syllables |= {toned(o, r, t) for o in ONSETS for r in STOP_RHYMES for t in ("\u0301", "\u0323")}
    return sorted(syllables)


class Generator:
    def __init__(self, seed: int, vocabulary: int = 40_000) -> None:
        self.rng = np.random.default_rng(seed)
        syllables = syllable_inventory()
        self.syllables = np.array(syllables, dtype=object)
        words = set()
        while len(words) < vocabulary:
            size = int(self.rng.choice([1, 2, 2, 2, 3]))
            words.add(" ".join(self.syllables[self.rng.integers(0, len(syllables), size)]))
        self.words = np.array(sorted(words), dtype=object)
        self.rng.shuffle(self.words)
        ranks = np.arange(1, len(self.words) + 1)
        weights = 1.0 / ranks**1.05
        self.word_cdf = np.cumsum(weights / weights.sum())
        given = [s.capitalize() for s in syllables[:: max(1, len(syllables) // 400)]]
        self.people = [f"{self.rng.choice(FAMILY)} {self.rng.choice(given)} {self.rng.choice(given)}" for _ in range(3000)]

    def sentence(self, words: int) -> str:
        picks = np.searchsorted(self.word_cdf, self.rng.random(words)).clip(0, len(self.words) - 1)
        parts = list(self.words[picks])
        for _ in range(int(self.rng.integers(0, 3))):
            at = int(self.rng.integers(0, len(parts)))
            kind = self.rng.integers(0, 4)
            if kind == 0:
                parts.insert(at, f"{self.rng.choice(TITLES)} {self.rng.choice(self.people)}")
            elif kind == 1:
                parts.insert(at, f"{self.rng.choice(CUES)} {self.rng.choice(PLACES)}")
            elif kind == 2:
                parts.insert(at, f"ngày {self.rng.integers(1, 29)}/{self.rng.integers(1, 13)}/{self.rng.integers(2015, 2027)}")
            else:
                parts.insert(at, f"{self.rng.integers(2, 999)},{self.rng.integers(0, 9)}%")
        text = " ".join(parts)
        return text[0].upper() + text[1:] + "."

    def article(self, number: int) -> dict:
        paragraphs = []
        for _ in range(int(self.rng.integers(4, 11))):
            sentences = int(self.rng.integers(1, 4))
            paragraphs.append(" ".join(self.sentence(int(self.rng.integers(8, 26))) for _ in range(sentences)))
        title = self.sentence(int(self.rng.integers(5, 11)))[:-1]
        year, month, day = 2019 + number % 7, 1 + number % 12, 1 + number % 28
        return {"id": f"synth-{number:06d}", "title": title, "date": f"{year}-{month:02d}-{day:02d}",
                "source": "synthetic", "text": "\n".join(paragraphs)}


def generate(path: Path, articles: int, seed: int = 7) -> Path:
    """Write ``articles`` synthetic articles to ``path`` (skipped when it already exists)."""
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    generator = Generator(seed)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as out:
        for number in range(articles):
            out.write(json.dumps(generator.article(number), ensure_ascii=False) + "\n")
    tmp.replace(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=60_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "out" / "synth-60k.jsonl")
    args = parser.parse_args()
    started = time.perf_counter()
    generate(args.out, args.articles, args.seed)
    size = args.out.stat().st_size
    print(f"{args.out}: {args.articles} articles, {size / 1e6:.0f} MB in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
