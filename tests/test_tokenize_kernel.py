"""The index's tokenizer (``kernels.clause_term_ids``: one compiled pass from a piece of
text to term ids) gives exactly what the regex gives (``CLAUSE_TOKEN_RE.findall``, each
token looked up in the vocabulary): the same ids in the same order, the clause breaks
where the regex finds them, new terms registered in the same order."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core import kernels
from tui.core.index import SEP_CLAUSE, Vocabulary
from tui.core.text import _ALWAYS_BREAKS, _INNER_BREAKS, CLAUSE_TOKEN_RE

needs_compiled = pytest.mark.skipif(not kernels.COMPILED, reason=f"search kernels: {kernels.STATUS}")

#: What a piece of news text is made of, and what it should not be but may be: NFC
#: Vietnamese letters (both cases), combining marks (text not normalised, or a mark on
#: its own), digits (other scripts' and superscripts too), "_", both kinds of break
#: marks, hyphens and dashes, white space of every width, emoji and letters beyond the
#: Basic Multilingual Plane, a lone surrogate.
ALPHABET = (
    list("aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")
    + list("AĂÂĐÊÔƠƯÁẠẤẶÉỆÍÓỐỢÚỨỰÝQZ")
    + list("\u0300\u0301\u0303\u0309\u0323\u0306\u0302")
    + list("0123456789²٣৪")
    + ["_"]
    + list(_ALWAYS_BREAKS.replace("\\", "") + _INNER_BREAKS)
    + list("-–‐/&%@#*+=|~^`$<>")
    + list(" \t\n\r\u00a0\u2003\u3000\u2028\x85\x0b")
    + ["😀", "🇻", "🇳", "𝐀", "𠀀", "𝟎", "\ud800"]
)
TEXTS = st.text(alphabet=st.sampled_from(ALPHABET), max_size=80)


def regex_ids(vocab: Vocabulary, text: str) -> list[int]:
    """What the index read before the kernel: the regex's tokens, each looked up."""
    return vocab.encode(CLAUSE_TOKEN_RE.findall(text)).tolist()


def same_vocabulary(a: Vocabulary, b: Vocabulary) -> None:
    assert list(a.term_ids) == list(b.term_ids)
    assert list(a.term_ids.values()) == list(b.term_ids.values())
    assert a.folded == b.folded
    assert a.term_to_folded.tolist() == b.term_to_folded.tolist()


@settings(max_examples=600, deadline=None)
@given(st.lists(TEXTS, min_size=1, max_size=4))
def test_the_index_reads_each_piece_as_the_regex_does(texts):
    """Through whichever tokenizer this install runs (compiled, or the regex twin), texts
    read one after another into one vocabulary: terms seen in an earlier piece keep their
    ids, new ones are given the next in the order they first stand."""
    vocab, expected = Vocabulary(), Vocabulary()
    for text in texts:
        got = vocab.encode_text(text)
        assert got.dtype == np.int32
        assert got.tolist() == regex_ids(expected, text)
    same_vocabulary(vocab, expected)


@needs_compiled
@settings(max_examples=600, deadline=None)
@given(st.lists(TEXTS, min_size=1, max_size=4))
def test_the_compiled_tokenizer_is_its_regex_twin(texts):
    compiled, twin = Vocabulary(), Vocabulary()
    table = kernels.term_table(compiled.term_ids)
    assert table is not None
    for text in texts:
        a = kernels.clause_term_ids(text, compiled.term_ids, compiled.term_ids.new_tokens, SEP_CLAUSE, table)
        b = kernels.clause_term_ids_regex(text, twin.term_ids, twin.term_ids.new_tokens, SEP_CLAUSE)
        assert a.tolist() == b.tolist()
        assert compiled.term_ids.new_tokens == twin.term_ids.new_tokens
        compiled._register_new_terms()
        twin._register_new_terms()
    same_vocabulary(compiled, twin)


def test_every_character_is_a_word_character_a_break_or_neither_as_the_regex_says():
    """Each code point (letters and digits of every script, combining marks, white space,
    the planes beyond the first) between letters, after a letter, and alone."""
    every = [chr(c) for c in range(0x110000)]
    for start in range(0, len(every), 1 << 16):
        chunk = every[start : start + (1 << 16)]
        text = "".join(f"a{c}b {c}\n{c}{c}1 ." for c in chunk)
        vocab, expected = Vocabulary(), Vocabulary()
        assert vocab.encode_text(text).tolist() == regex_ids(expected, text), hex(start)
        same_vocabulary(vocab, expected)


def test_a_clause_break_is_one_run_of_marks_and_the_white_space_between():
    vocab = Vocabulary()
    ids = vocab.encode_text("1.000 tỷ, o'neill .\n \n ; tp.hcm.-;x a😀b")
    terms = list(vocab.term_ids)
    words = [terms[i] if i != SEP_CLAUSE else "|" for i in ids.tolist()]
    # "1.000" and "tp.hcm" stay whole (a mark with a word character after it), the run of
    # marks and line breaks is one break, a mark apart from the next by a hyphen is two.
    assert words == ["1", "000", "tỷ", "|", "o", "neill", "|", "tp", "hcm", "|", "|", "x", "a", "b"]


def test_a_vocabulary_of_many_terms_reads_as_the_regex_does():
    """Terms by the hundred thousand (the compiled table grows past its first size many
    times over), each met again in a later piece, some beyond the Basic Multilingual Plane."""
    letters = "aăâbcdđeêghiklmnoôơpqrstuưvxy𝐀"
    words = []
    for n in range(120_000):
        word = ""
        while True:
            n, digit = divmod(n, len(letters))
            word += letters[digit]
            if not n:
                break
        words.append(word)
    vocab, expected = Vocabulary(), Vocabulary()
    for piece in (" ".join(words[:70_000]), ", ".join(reversed(words)), ". ".join(words[::7])):
        assert vocab.encode_text(piece).tolist() == regex_ids(expected, piece)
    same_vocabulary(vocab, expected)
    assert len(vocab.term_ids) == 120_000 + 4
