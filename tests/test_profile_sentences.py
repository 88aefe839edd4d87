"""The profile's concordance finds its sentences in one pass per paragraph, whatever the mentions.

A common place named in 30,000 sentences of a large corpus filled the word filter's worker for
two seconds: each mention's sentence was found by reading its paragraph again from the start,
copying the text up to each full stop on the way.  These tests count the reading, not the time.
"""

from __future__ import annotations

import json
import random

import pytest

from tui.core import export, structure
from tui.core.export import sentence_at
from tui.core.loader import article_from_text
from tui.core.structure import sentence_ends

SENTENCES = ["Đoàn đến TP. HCM vào sáng nay.", "Ông A. Lukashenko nói chuyện với báo chí!", "Cả hai bên đều đồng ý.",
             "PGS.TS. Hoàng Minh Sơn trao quyết định…", "Dạ, cháu cảm ơn bác ạ.", "Vì sao vậy?",
             "Đội tuyển bay sang Ý.", "Giá tăng 1. 5 lần.", "“Tôi đồng ý.” Anh nói.", "Trời mưa ( rất to ) .",
             "Xem tại baomoi.com/mot-duong-dan-rat-dai-hon-bon-muoi-ky-tu-nua. Hết.",
             "Về TP" + " " * 50 + ". HCM rồi.", "Ông A" + "\u00a0" * 45 + ". Lukashenko đến."]


class CountedText(str):
    """A text that counts the characters its slices and indexing hand out."""

    read = 0

    def __getitem__(self, key):  # type: ignore[override]
        piece = str.__getitem__(self, key)
        CountedText.read += len(piece)
        return piece


def test_finding_the_sentence_ends_of_a_long_paragraph_reads_it_about_once():
    sentence = "Ông Nguyễn Văn Hùng, Giám đốc Sở Y tế, cho biết TP. HCM có mưa lớn."
    text = CountedText(" ".join([sentence] * 2_000))
    CountedText.read = 0
    stops = list(sentence_ends(text))
    assert len(stops) == 2_000
    assert CountedText.read <= 2 * len(text)


def reference_sentence_ends(text, start, end):
    """The sentence ends as they were found before: the word before each full stop taken from
    a copy of the text from ``start``."""
    for match in structure._SENTENCE_END_RE.finditer(text, start, end):
        before = text[start: match.start()].rsplit(None, 1)
        word = before[-1] if before else ""
        if match.group().startswith(".") and (structure._is_initial(word) or structure._is_abbreviation(word)):
            continue
        yield match


def reference_sentence_at(article, offset):
    """The sentence as it was found before: read from the paragraph's start up to ``offset``."""
    start, end = export.paragraph_at(article, offset)
    cut = start
    for match in reference_sentence_ends(article.text, start, end):
        if match.end() > offset:
            return cut, match.end()
        cut = match.end()
        while cut < end and article.text[cut].isspace():
            cut += 1
    return cut, end


@pytest.mark.parametrize("seed", range(6))
def test_the_sentence_of_every_offset_is_the_one_read_from_the_paragraph_start(seed):
    chance = random.Random(seed)
    paragraphs = ["  ".join(chance.choice(SENTENCES) for _ in range(chance.randint(1, 12))) + chance.choice(["", " còn"])
                  for _ in range(4)]
    text = "Tiêu đề bài\n" + "\n\n".join(paragraphs)
    article = article_from_text(text, "x", None, title_in_text=True)
    for offset in range(len(text)):
        assert sentence_at(article, offset) == reference_sentence_at(article, offset), offset


def test_a_profile_reads_each_paragraph_once_for_all_its_mentions(tmp_path, monkeypatch):
    """Sixty mentions in one paragraph: one pass over it, and each line its own sentence."""
    from tui.cli.timeline import find_entity
    from tui.core.profile import build_profile
    from tui.core.workspace import open_corpus

    said = [f"Ông Trần Minh Tuấn nói lần thứ {i} về cơn bão." for i in range(60)]
    rows = [{"id": "a", "title": "Bão", "date": "2020-01-02", "text": " ".join(said) + "\nHết."}]
    path = tmp_path / "news.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    workspace = open_corpus([str(path)], use_cache=False)
    index, articles = workspace.entity_index, workspace.articles
    profile = build_profile(articles, index, find_entity(index, "Trần Minh Tuấn"))
    passes = []

    def counted(text, start=0, end=None):
        passes.append((start, end))
        return sentence_ends(text, start, end)

    monkeypatch.setattr(export, "sentence_ends", counted)
    monkeypatch.setattr(structure, "sentence_ends", counted)
    lines = [profile.line(row) for row in range(len(profile.mentions))]
    assert [line.sentence for line in lines] == said
    assert all(line.sentence[line.name_start:line.name_end] == "Trần Minh Tuấn" for line in lines)
    assert len(passes) == 1
