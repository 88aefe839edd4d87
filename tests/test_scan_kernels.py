"""The entity scanner's compiled kernels (``tui/core/_kernels_scan.pyx``, built by
``hatch_build.py``) give exactly what their plain twins (``tui.core.entities.scan_kernels``)
give, an install that built them uses them, and the scanner reads the same words with
them as it did with one pattern search per word."""

from __future__ import annotations

import hashlib
import importlib.util
import shutil
import sys
import types
from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tui.core as core_package
from tui.core.entities import EntityExtractor, gazetteer, scan_kernels, scanner
from tui.core.entities.lexicon import CAP_WORD_RE, PARTICLES, UPPER_LETTERS

from conftest import running_in_ci

needs_compiled = pytest.mark.skipif(not scan_kernels.COMPILED, reason=f"scan kernels: {scan_kernels.STATUS}")
BUILT = importlib.util.find_spec("tui.core._kernels_scan") is not None

#: Vietnamese capitals and small letters (precomposed, and a base letter with combining marks),
#: digits, other scripts' capitals (inside and outside the patterns' letter ranges, beyond the
#: Basic Multilingual Plane too), punctuation, hyphens and spaces.
ALPHABET = list("AĐÂƯỆỲÔÁẮẶÉÍÓÚÝabđâưệỳôáắặ0123456789ΔЖдǅⒶ𝐀中_-–.,;:()\"“” \n") + ["\u0301", "\u0323", "A\u0301", "\u0300"]
texts = st.lists(st.sampled_from(ALPHABET), max_size=60).map("".join)


def test_an_install_that_built_the_kernels_uses_them():
    """A silent fallback would leave the scanner on the slower plain path."""
    if not BUILT:
        pytest.skip("this install has no compiled scan kernels")
    if scan_kernels.STATUS == "plain (VNBY_PURE set)":
        pytest.skip("VNBY_PURE set")
    assert scan_kernels.STATUS == "compiled"
    assert scanner._CAP_WORD_SPANS is scan_kernels._native.cap_word_spans


@pytest.mark.skipif(not running_in_ci() or not shutil.which("cc"), reason="CI with a C compiler only")
def test_ci_builds_the_kernels(monkeypatch):
    monkeypatch.delenv("VNBY_PURE", raising=False)
    assert BUILT and scan_kernels._compiled()[1] == "compiled"


def fake_kernels(monkeypatch, source_hash: str) -> None:
    module = types.ModuleType("tui.core._kernels_scan")
    module.SOURCE_SHA256 = source_hash
    monkeypatch.setitem(sys.modules, "tui.core._kernels_scan", module)
    monkeypatch.setattr(core_package, "_kernels_scan", module, raising=False)
    monkeypatch.delenv("VNBY_PURE", raising=False)


def test_kernels_built_from_this_source_are_used(monkeypatch):
    source = resources.files("tui.core").joinpath("_kernels_scan.pyx").read_bytes()
    fake_kernels(monkeypatch, hashlib.sha256(source).hexdigest())
    module, status = scan_kernels._compiled()
    assert status == "compiled" and module is sys.modules["tui.core._kernels_scan"]


def test_kernels_built_from_another_source_are_not_used(monkeypatch):
    fake_kernels(monkeypatch, "0" * 64)  # _kernels_scan.pyx edited since the build
    assert scan_kernels._compiled() == (
        None, "plain (the compiled scan kernels were built from another _kernels_scan.pyx: reinstall)")


def test_vnby_pure_turns_the_kernels_off(monkeypatch):
    monkeypatch.setenv("VNBY_PURE", "1")
    assert scan_kernels._compiled() == (None, "plain (VNBY_PURE set)")


def words(text: str, spans: list[int]) -> list[str]:
    return [text[spans[i] : spans[i + 1]] for i in range(0, len(spans), 2)]


def test_capitalised_words_are_those_that_start_a_word():
    text = "Ông Nguyễn Văn An nói ViệtNam, (Hà Nội) 3A Đà-Nẵng Δέλτα 中Anh"
    expected = ["Ông", "Nguyễn", "Văn", "An", "ViệtNam", "Hà", "Nội", "Đà", "Nẵng", "Δέλτα"]
    for find in (scan_kernels.cap_word_spans, scan_kernels.cap_word_spans_plain):
        assert words(text, find(text, 0, len(text))) == expected
        # The paragraph's end cuts the last word; its start starts a word, even mid-word.
        assert words(text, find(text, 12, 26)) == ["An", "Việt"]
        assert words(text, find(text, 26, 31)) == ["Nam"]


@needs_compiled
@settings(max_examples=1500, deadline=None)
@given(texts, st.integers(-3, 70), st.integers(-3, 70))
def test_the_compiled_spans_are_the_plain_ones(text, start, end):
    assert scan_kernels.cap_word_spans(text, start, end) == scan_kernels.cap_word_spans_plain(text, start, end)


def visited_by_one_search_a_word(text: str, start: int, end: int, resume) -> list[int]:
    """The scanner's loop before the kernels: one ``CAP_WORD_RE`` search from where the
    last reading stopped (``resume``: where a reading of the word at ``s`` stops)."""
    seen = []
    m = CAP_WORD_RE.search(text, start, end)
    while m is not None:
        s, e = m.span()
        if s == start or not text[s - 1].isalnum():
            seen.append(s)
            pos = max(resume(s), s + 1)
        else:
            pos = e
        m = CAP_WORD_RE.search(text, pos, end)
    return seen


@settings(max_examples=800, deadline=None)
@given(texts, st.integers(0, 70), st.integers(0, 70), st.lists(st.integers(-2, 25), min_size=1, max_size=10))
def test_the_scanner_reads_the_words_one_search_a_word_found(text, start, end, steps):
    """Whatever a reading skips (into the middle of a word, past the paragraph's end, or
    nothing), walking the spans visits the words the searches visited, in the same order."""
    start, end = min(start, len(text)), min(max(start, end), len(text))

    def resume(s: int) -> int:
        return s + steps[s % len(steps)]

    for find in (scan_kernels.cap_word_spans, scan_kernels.cap_word_spans_plain):
        spans, seen, pos = find(text, start, end), [], start
        for i in range(0, len(spans), 2):
            if spans[i] >= pos:
                seen.append(spans[i])
                pos = max(resume(spans[i]), spans[i] + 1)
        assert seen == visited_by_one_search_a_word(text, start, end, resume)


def test_the_plain_twin_finds_the_same_entities_in_the_seeds(seed_articles, monkeypatch):
    extractor = EntityExtractor()
    rows = [extractor.extract_plain(article) for article in seed_articles]
    monkeypatch.setattr(scanner, "_CAP_WORD_SPANS", scan_kernels.cap_word_spans_plain)
    assert [extractor.extract_plain(article) for article in seed_articles] == rows


#: Pieces of runs of capitalised words: names, initials with and without tone marks, the
#: abbreviations written with a dot, particles (and words that are almost particles), joiners.
RUN_PIECES = ["Nguyễn", "Văn", "An", "A", "Á", "Đ", "Ư", "Ắ", "TP", "Tp", "St", "Mr", "Mrs", "Ms", "Dr", "HCM", "GD", "ĐT",
              "van", "von", "der", "de", "della", "dell", "the", "al", "bin", "nói", "x", "Δ", "ǅ", "𝐀", "3", "U23",
              " ", " ", " ", ".", "-", "&", ",", "_", "\u0301", "(", "\n"]
runs = st.lists(st.sampled_from(RUN_PIECES), max_size=14).map("".join)


@needs_compiled
@settings(max_examples=3000, deadline=None)
@given(runs, st.integers(-2, 40), st.integers(-2, 60))
def test_the_compiled_run_end_is_the_patterns(text, pos, end):
    assert scan_kernels.run_end(text, pos, end) == scan_kernels.run_end_plain(text, pos, end)


@needs_compiled
def test_the_compiled_run_end_knows_the_initials_and_particles():
    """Every capital of the patterns, as an initial (``A. Lukashenko``: only one with no tone
    mark, ``Á. Với`` ends a sentence), and every particle (``Louis van Gaal``)."""
    for capital in sorted(UPPER_LETTERS):
        text = f"{capital}. Anh. {capital}.Bình"
        for pos in (0, 6):
            assert scan_kernels.run_end(text, pos, len(text)) == scan_kernels.run_end_plain(text, pos, len(text)), capital
    assert set(scan_kernels._native.PARTICLE_WORDS) == PARTICLES
    for particle in PARTICLES:
        for text in (f"Louis {particle} Gaal", f"Louis {particle} {particle} Gaal", f"Louis {particle} x", f"Louis {particle}s Gaal"):
            assert scan_kernels.run_end(text, 0, len(text)) == scan_kernels.run_end_plain(text, 0, len(text)), text


def test_a_run_of_capitalised_words():
    for run_end in (scan_kernels.run_end, scan_kernels.run_end_plain):
        for text, run in [("Ông Nguyễn Văn An nói", "Ông Nguyễn Văn An"), ("A. Lukashenko gặp", "A. Lukashenko"),
                          ("châu Á. Với", ""), ("Louis van Gaal nói", "Louis van Gaal"), ("TP.HCM và", "TP.HCM"),
                          ("Ursula von der Leyen x", "Ursula von der Leyen"), ("Bộ GD&ĐT-Á, nay", "Bộ GD&ĐT-Á")]:
            pos = text.index(run[:1]) if run else text.index("Á")
            assert text[pos : run_end(text, pos, len(text))] == (run or "Á"), text


#: Pieces of the keyed text before a word: cue words, punctuation that opens a quotation or a
#: clause, digits (decimal and not: ``²``, ``½``), a word joined to digits, line breaks.
CONTEXT_PIECES = ["ông", "chủ", "tịch", "ubnd", "tỉnh", "theo", "a", "ở", "xã", "12ông", "3", "²", "½", "_", "ô\u0301",
                  " ", " ", " ", " ", "\n", ".", ",", "(", "“", "‘", "«", "-", "–", ":", ";", "\"", "'", "[", "{", "Ông"]
contexts = st.lists(st.sampled_from(CONTEXT_PIECES), min_size=1, max_size=24).map("".join)


@needs_compiled
@settings(max_examples=3000, deadline=None)
@given(contexts, st.data())
def test_the_compiled_words_before_are_the_plain_ones(keyed, data):
    pos = data.draw(st.integers(1, len(keyed)))
    seg_start = data.draw(st.integers(0, pos - 1))
    assert scan_kernels.word_before(keyed, pos, seg_start) == scan_kernels.word_before_plain(keyed, pos, seg_start)
    assert scan_kernels.context_phrases(keyed, pos, seg_start) == scan_kernels.context_phrases_plain(keyed, pos, seg_start)


@needs_compiled
def test_the_compiled_opening_punctuation_is_the_rules():
    from tui.core.entities.lexicon import _OPENING_PUNCTUATION

    assert scan_kernels._native.OPENING_PUNCTUATION == _OPENING_PUNCTUATION
    for mark in _OPENING_PUNCTUATION + "!?.)]}»”’…":
        keyed = f"x {mark}ông An"
        assert scan_kernels.word_before(keyed, 7, 0) == scan_kernels.word_before_plain(keyed, 7, 0), mark


def test_the_words_before_a_name():
    keyed = "ảnh: theo chủ tịch ubnd tỉnh (ông An"
    for word_before, context_phrases in ((scan_kernels.word_before, scan_kernels.context_phrases),
                                         (scan_kernels.word_before_plain, scan_kernels.context_phrases_plain)):
        assert word_before(keyed, keyed.index("An"), 0) == "ông"  # "(" left out
        assert context_phrases(keyed, keyed.index("An"), 0) == ["ông"]  # a bracket ends the phrases
        assert context_phrases(keyed, keyed.index("(ông"), 0) == ["theo chủ tịch ubnd tỉnh", "chủ tịch ubnd tỉnh",
                                                                 "tịch ubnd tỉnh", "ubnd tỉnh", "tỉnh"]
        assert context_phrases(keyed, keyed.index("(ông"), keyed.index("chủ")) == ["chủ tịch ubnd tỉnh", "tịch ubnd tỉnh",
                                                                                   "ubnd tỉnh", "tỉnh"]
        assert word_before(keyed, keyed.index("ông"), 0) == ""  # no space before


# Keying (gazetteer.vkey): one compiled pass, else Python, with exactly the key of before.

_OLD_TONE_SWAP = {"o" + old: new + "a" for old, new in zip("àáảãạ", "òóỏõọ")} | {
    "o" + old: new + "e" for old, new in zip("èéẻẽẹ", "òóỏõọ")} | {"u" + old: new + "y" for old, new in zip("ỳýỷỹỵ", "ùúủũụ")}


def old_vkey(text: str) -> str:
    """``vkey`` as it was before the compiled pass (str.lower, then the two patterns)."""
    import re

    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(c.lower()[0] for c in text)
    lowered = re.sub("o[àáảãạèéẻẽẹ]", lambda m: _OLD_TONE_SWAP[m.group()], lowered)
    return re.sub("u[ỳýỷỹỵ]", lambda m: _OLD_TONE_SWAP[m.group()], lowered)


#: Vietnamese letters in both tone placements and in both cases (precomposed, and a base letter
#: with combining marks), the letters that case-map to one of the pairs' letters, Greek with its
#: sigma (final or not), Turkish dotted and dotless i, letters whose lower case leaves Latin-1
#: (Ÿ) or comes back to ASCII (Kelvin sign), other scripts' capitals beyond the Basic
#: Multilingual Plane, digits, punctuation and spaces.
KEY_ALPHABET = (list("oOuUàÀáảÃạẠèéẺẽẹỳỲýỶỹỵaAeEyYòÒóỏõọùÚủũụhHtTnN0123456789 .,-–“”\n")
                + ["OÀ", "Oà", "oẸ", "UỶ", "uý", "Thuỷ", "hoá", "HOÀ", "o\u0300", "O\u0301a", "u\u0309"]
                + list("ΣσςΑΒΓΔΛΩωΌΆ") + ["ΟΔΟΣ", "Σ ", "ΑΣ."] + list("İIıiŸÿKÅÅẞß") + list("𝐀𐐀𐐨中ǅǈⅫⓐＡ")
                + ["\u0301", "\u0323", "\ud800"])
key_texts = st.lists(st.sampled_from(KEY_ALPHABET), max_size=40).map("".join)


@settings(max_examples=3000, deadline=None)
@given(key_texts)
def test_the_key_is_the_key_of_before(text):
    """Compiled or not, left to Python or not, a text is keyed as before, one character for one."""
    expected = old_vkey(text)
    assert gazetteer.vkey(text) == expected
    assert gazetteer._vkey_plain(text) == expected
    assert len(expected) == len(text)
    if scan_kernels.COMPILED:
        native = scan_kernels.native_vkey(text)
        assert native is None or native == expected
        # Only İ and Σ (whose lower case is two characters or depends on the letters around) are left to Python.
        assert (native is None) == ("İ" in text or "Σ" in text)


@needs_compiled
def test_the_compiled_key_lowers_every_character_as_python_does():
    """Every code point, alone and after an ``o`` (where a pair may follow): the compiled pass
    uses its own table below U+3000 and the C library of Python's case mapping above."""
    native = scan_kernels.native_vkey
    for code in range(0x110000):
        char = chr(code)
        for text in (char, "o" + char, "U" + char):
            key = native(text)
            assert key is None or key == old_vkey(text), hex(code)
            assert (key is None) == (code in (0x130, 0x3A3)), hex(code)


def test_keys_of_article_length_take_the_same_path():
    """A text past the short-key length (an article) is keyed as a word is."""
    text = "Ông Nguyễn Văn Hoà, Thủ tướng, nói ở Thuỷ điện HOÀ BÌNH: “Khoẻ không?” – ΟΔΟΣ İzmir " * 4
    assert gazetteer.vkey(text) == old_vkey(text)
    assert gazetteer.vkey(text.replace("İ", "I").replace("Σ", "S")) == old_vkey(text.replace("İ", "I").replace("Σ", "S"))


@needs_compiled
def test_the_compiled_key_knows_the_tone_swaps():
    assert "".join(scan_kernels._native.O_SWAP_SECONDS) == "".join(sorted(gazetteer._O_SWAP_SECONDS, key="àáảãạèéẻẽẹ".index))
    assert "".join(scan_kernels._native.U_SWAP_SECONDS) == "".join(sorted(gazetteer._U_SWAP_SECONDS, key="ỳýỷỹỵ".index))
    for pair, swapped in gazetteer._TONE_SWAP.items():
        assert scan_kernels.native_vkey(pair) == swapped
        assert scan_kernels.native_vkey(pair.upper()) == swapped


# Numbered places (places.lower_numbered_places): one compiled pass, the same answer as the finds.

#: Pieces of keyed paragraphs around the numbered places' words: the words themselves, words
#: they end (``cấp``, ``thấp``), digits (decimal and not: ``²``, ``٣``), letters, spaces, punctuation.
PLACE_PIECES = ["quận", "phường", "ấp", "cấp", "thấp", "khu phố", "tổ dân phố", "quốc lộ", "tỉnh lộ", "lộ", "phố", "khu",
                "3", "12", "1a", "²", "٣", "x", "đ", "中", "𝐀", " ", " ", " ", ",", "(", "\n", "-"]
place_texts = st.lists(st.sampled_from(PLACE_PIECES), max_size=16).map("".join)


@needs_compiled
@settings(max_examples=3000, deadline=None)
@given(place_texts, st.data())
def test_the_compiled_numbered_place_check_is_the_plain_one(keyed, data):
    start = data.draw(st.integers(0, len(keyed)))
    end = data.draw(st.integers(start, len(keyed)))
    assert scan_kernels.may_hold_numbered_place(keyed, start, end) == scan_kernels.may_hold_numbered_place_plain(keyed, start, end)


def test_a_numbered_place_is_a_word_with_its_number():
    for check in (scan_kernels.may_hold_numbered_place, scan_kernels.may_hold_numbered_place_plain):
        assert check("ở quận 5 và tổ dân phố 3", 0, 24)
        assert check("tổ dân phố 3", 0, 12) and not check("tổ dân phố 3", 0, 11)  # (the paragraph ends before its number)
        assert not check("học sinh cấp 2 ở quận hoàn kiếm", 0, 31)  # "ấp 2" ends "cấp"; "quận" has no number
        assert check("cấp 2", 1, 5)  # (a paragraph's start starts a word)


#: Pieces of keyed text around a word: letters (precomposed, combining marks, other scripts, beyond
#: the Basic Multilingual Plane), digits (decimal and not), the underscore, punctuation, spaces.
WORD_PIECES = ["nội", "hà", "a", "đ", "3", "²", "½", "_", "ô\u0301", "中", "𝐀", "ǅ", " ", " ", ",", ".", "-", "(", "\n", "“"]
word_texts = st.lists(st.sampled_from(WORD_PIECES), max_size=16).map("".join)


@needs_compiled
@settings(max_examples=3000, deadline=None)
@given(word_texts, st.data())
def test_the_compiled_word_at_is_the_plain_one(keyed, data):
    pos = data.draw(st.integers(-2, len(keyed) + 1))
    end = data.draw(st.integers(0, len(keyed) + 2))
    assert scan_kernels.word_at(keyed, pos, end) == scan_kernels.word_at_plain(keyed, pos, end)


def test_the_word_at_a_place():
    for word_at in (scan_kernels.word_at, scan_kernels.word_at_plain):
        keyed = "ở hà nội, ngày 2/9 (x²)"
        assert word_at(keyed, 2, len(keyed)) == "hà"
        assert word_at(keyed, 5, len(keyed)) == "nội"  # (the comma after it left out)
        assert word_at(keyed, 5, 7) == "nộ"  # (the paragraph's end cuts it)
        assert word_at(keyed, 8, len(keyed)) == ""
        assert word_at(keyed, 15, len(keyed)) == "2"
        assert word_at(keyed, 20, len(keyed)) == "x²"
