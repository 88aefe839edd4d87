"""The search's compiled kernels (``tui/core/_kernels.pyx``, built by ``hatch_build.py``)
give exactly what their numpy twins give, and an install that built them uses them."""

from __future__ import annotations

import importlib.util
import shutil
import sys
import types
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tui.core as core_package
from tui.core import kernels

from conftest import running_in_ci

needs_compiled = pytest.mark.skipif(not kernels.COMPILED, reason=f"search kernels: {kernels.STATUS}")
BUILT = importlib.util.find_spec("tui.core._kernels") is not None
REPO = Path(__file__).resolve().parent.parent


def test_an_install_that_built_the_kernels_uses_them():
    """A silent fallback (a module that fails to import, or one built from another source)
    would leave every search on the slower numpy path."""
    if not BUILT:
        pytest.skip("this install has no compiled search kernels")
    if kernels.STATUS == "numpy (VNBY_PURE set)":
        pytest.skip("VNBY_PURE set")
    assert kernels.STATUS == "compiled"
    assert kernels.COMPILED


@pytest.mark.skipif(not running_in_ci() or not shutil.which("cc"), reason="CI with a C compiler only")
def test_ci_builds_the_kernels(monkeypatch):
    """On CI (a clean clone installed by the README's command, with a C compiler) the build
    step must have produced the compiled kernels: its failures only print a line."""
    monkeypatch.delenv("VNBY_PURE", raising=False)
    assert BUILT and kernels._compiled()[1] == "compiled"


def fake_kernels(monkeypatch, source_hash: str | None) -> None:
    module = types.ModuleType("tui.core._kernels")
    if source_hash is not None:
        module.SOURCE_SHA256 = source_hash
    monkeypatch.setitem(sys.modules, "tui.core._kernels", module)
    monkeypatch.setattr(core_package, "_kernels", module, raising=False)
    monkeypatch.delenv("VNBY_PURE", raising=False)


def test_kernels_built_from_this_source_are_used(monkeypatch):
    import hashlib
    from importlib import resources

    source = resources.files("tui.core").joinpath("_kernels.pyx").read_bytes()
    fake_kernels(monkeypatch, hashlib.sha256(source).hexdigest())
    module, status = kernels._compiled()
    assert status == "compiled" and module is sys.modules["tui.core._kernels"]


def test_kernels_built_from_another_source_are_not_used(monkeypatch):
    fake_kernels(monkeypatch, "0" * 64)  # _kernels.pyx edited since the build
    assert kernels._compiled() == (None, "numpy (the compiled kernels were built from another _kernels.pyx: reinstall)")


def test_vnby_pure_turns_the_kernels_off(monkeypatch):
    monkeypatch.setenv("VNBY_PURE", "1")
    assert kernels._compiled() == (None, "numpy (VNBY_PURE set)")


def sorted_positions(max_size=60, top=400):
    return st.lists(st.integers(0, top), max_size=max_size, unique=True).map(lambda v: np.array(sorted(v), dtype=np.int32))


@needs_compiled
@settings(max_examples=300, deadline=None)
@given(sorted_positions(), st.lists(st.integers(0, 420), max_size=80), st.integers(0, 9))
def test_no_break_within_is_the_numpy_answer(clause_starts, starts, span):
    starts = np.array(starts, dtype=np.int64)
    got = kernels.no_break_within(clause_starts, starts, span)
    assert got.dtype == bool
    assert got.tolist() == kernels.no_break_within_numpy(clause_starts, starts, span).tolist()


def test_no_break_within_reads_breaks_inside_the_run_only():
    # Breaks precede positions 3, 5 and 9: a run starting at 2 of 2 more words crosses the one before 3.
    clause_starts = np.array([3, 5, 9], dtype=np.int32)
    starts = np.array([0, 2, 3, 5, 7, 9, 20], dtype=np.int64)
    expected = [True, False, False, True, False, True, True]
    for answer in (kernels.no_break_within(clause_starts, starts, 2), kernels.no_break_within_numpy(clause_starts, starts, 2)):
        assert answer.tolist() == expected
    assert kernels.no_break_within(np.zeros(0, dtype=np.int32), starts, 2).all()


def test_a_build_step_that_fails_leaves_a_working_install_and_says_so_in_one_line(monkeypatch, capsys):
    interface = types.ModuleType("hatchling.builders.hooks.plugin.interface")
    interface.BuildHookInterface = object
    for name in ("hatchling", "hatchling.builders", "hatchling.builders.hooks", "hatchling.builders.hooks.plugin"):
        monkeypatch.setitem(sys.modules, name, sys.modules.get(name) or types.ModuleType(name))
    monkeypatch.setitem(sys.modules, "hatchling.builders.hooks.plugin.interface", interface)
    monkeypatch.syspath_prepend(str(REPO))
    monkeypatch.delitem(sys.modules, "hatch_build", raising=False)
    monkeypatch.delenv("VNBY_PURE", raising=False)
    import hatch_build

    def no_compiler(root, in_place):
        raise RuntimeError("command 'cc' failed:\nno such file")

    monkeypatch.setattr(hatch_build, "compile_rules", no_compiler)
    monkeypatch.setattr(hatch_build, "compile_kernels", no_compiler)
    hook = hatch_build.CompileEntityRules.__new__(hatch_build.CompileEntityRules)
    hook.target_name, hook.root = "wheel", str(REPO)
    build_data = {"force_include": {}}
    hook.initialize("standard", build_data)
    lines = capsys.readouterr().err.splitlines()
    assert lines == ["vnby-tui: entity rules left uncompiled (plain Python, slower): command 'cc' failed: no such file",
                     "vnby-tui: search kernels left uncompiled (numpy, slower): command 'cc' failed: no such file"]
    assert build_data == {"force_include": {}}  # a pure-Python wheel


@settings(max_examples=500, deadline=None)
@given(st.lists(st.integers(-3, 60), max_size=60), st.lists(st.integers(-5, 70), max_size=60), st.booleans())
def test_found_in_tells_which_targets_are_among_the_values(values, targets, ascending):
    # Phrase starts come ascending (looked up in one pass forward); any order still answers.
    values = np.array(sorted(values), dtype=np.int32)
    targets = np.array(sorted(targets) if ascending else targets, dtype=np.int64)
    expected = [t in set(values.tolist()) for t in targets.tolist()]
    assert kernels.found_in_numpy(values, targets).tolist() == expected
    assert kernels.found_in(values, targets).tolist() == expected


@settings(max_examples=500, deadline=None)
@given(st.lists(st.integers(-3, 60), max_size=60), st.lists(st.integers(-5, 70), max_size=60), st.booleans())
def test_search_sorted_is_numpys_searchsorted(values, keys, ascending):
    # Documents' bounds come ascending (one pass forward); any order still answers.
    values = np.array(sorted(values), dtype=np.int32)
    keys = np.array(sorted(keys) if ascending else keys, dtype=np.int64)
    assert kernels.search_sorted(values, keys).tolist() == np.searchsorted(values, keys).tolist()
    assert kernels.search_sorted(values, keys.astype(np.int32)).tolist() == np.searchsorted(values, keys).tolist()


@st.composite
def near_cases(draw):
    """A stream of a few words (ids 0-2: separators), clause breaks, anchors, a query of
    2-8 terms (one the anchor's) and the terms each word stands for."""
    size = draw(st.integers(1, 80))
    stream = np.array(draw(st.lists(st.integers(0, 9), min_size=size, max_size=size)), dtype=np.int32)
    breaks = np.array(sorted(draw(st.lists(st.integers(0, size + 2), max_size=20))), dtype=np.int32)  # repeats too
    anchors = np.array(sorted(draw(st.sets(st.integers(0, size - 1), min_size=1, max_size=size))), dtype=np.int64)
    n = draw(st.integers(2, 8))
    rarest = draw(st.integers(0, n - 1))
    bits = np.array(draw(st.lists(st.integers(0, 255), min_size=10, max_size=10)), dtype=np.uint8)
    return stream, breaks, anchors, bits, list(range(rarest - 1, -1, -1)), list(range(rarest + 1, n)), n - 1 + draw(st.integers(0, 3))


@needs_compiled
@settings(max_examples=600, deadline=None)
@given(near_cases())
def test_near_anchors_is_the_numpy_answer(case):
    stream, breaks, anchors, bits, before, after, longest = case
    expected = kernels.near_anchors_numpy(stream, breaks, anchors, bits, before, after, longest, 3).tolist()
    for typed in (anchors, anchors.astype(np.int32)):  # computed positions, or a segment's postings
        assert kernels.near_anchors(stream, breaks, typed, bits, before, after, longest, 3).tolist() == expected


@settings(max_examples=400, deadline=None)
@given(near_cases())
def test_clause_breaks_only_take_nearness_away(case):
    # The compiled kernel settles most anchors from the stream alone, as if there were no
    # break: that is sound only if an anchor near with the breaks is near without them.
    stream, breaks, anchors, bits, before, after, longest = case
    none = np.zeros(0, dtype=np.int32)
    for near_anchors in (kernels.near_anchors, kernels.near_anchors_numpy):
        with_breaks = near_anchors(stream, breaks, anchors, bits, before, after, longest, 3)
        without = near_anchors(stream, none, anchors, bits, before, after, longest, 3)
        assert not (with_breaks & ~without).any()


def test_near_anchors_counts_a_clause_break_as_a_place():
    # Words 5 6 7 at positions 1-3 (anchor: 6 at 2); query 5 6 7 within 3 places beside the anchor's.
    stream = np.array([4, 5, 6, 7, 4], dtype=np.int32)
    bits = np.zeros(10, dtype=np.uint8)
    bits[5], bits[7] = 1 << 0, 1 << 2
    anchors = np.array([2], dtype=np.int64)
    for breaks, near in (([], True), ([3], True), ([2, 3], False), ([1], True)):
        breaks = np.array(breaks, dtype=np.int32)
        for answer in (kernels.near_anchors(stream, breaks, anchors, bits, [0], [2], 3, 3),
                       kernels.near_anchors_numpy(stream, breaks, anchors, bits, [0], [2], 3, 3)):
            assert answer.tolist() == [near], breaks


@st.composite
def slot_cases(draw):
    """A stream, anchors whose slots fit in it, a query of 1-6 terms each weighing some
    term ids (0: not its word), the slots' reading order, maybe one slot known."""
    size = draw(st.integers(1, 60))
    n = draw(st.integers(1, min(6, size)))
    stream = np.array(draw(st.lists(st.integers(0, 7), min_size=size, max_size=size)), dtype=np.int32)
    anchors = np.array(draw(st.lists(st.integers(0, size - n), max_size=40)), dtype=np.int64)
    weight = st.sampled_from([0.0, 0.0, 1.0, 0.8, 0.5])
    tables = [np.array(draw(st.lists(weight, min_size=8, max_size=8)), dtype=np.float32) for _ in range(n)]
    order = draw(st.permutations(range(n)))
    known = None
    if draw(st.booleans()):
        slot = order.pop(draw(st.integers(0, n - 1)))
        known = (slot, np.array(draw(st.lists(weight, min_size=len(anchors), max_size=len(anchors))), dtype=np.float32))
    return stream, anchors, tables, order, known


@needs_compiled
@settings(max_examples=600, deadline=None)
@given(slot_cases())
def test_slot_weights_is_the_numpy_answer(case):
    expected = kernels.slot_weights_numpy(*case)
    stream, anchors, tables, order, known = case
    for typed in (anchors, anchors.astype(np.int32)):
        for a, b in zip(kernels.slot_weights(stream, typed, tables, order, known), expected):
            assert a.dtype == b.dtype and a.tolist() == b.tolist()


def test_slot_weights_drops_an_anchor_at_its_second_word_out_of_place():
    stream = np.array([5, 6, 9, 9, 5, 6, 7], dtype=np.int32)
    tables = [np.zeros(10, dtype=np.float32) for _ in range(3)]
    tables[0][5], tables[1][6], tables[2][7] = 1.0, 1.0, 0.8  # the query: 5 6 7
    anchors = np.array([0, 1, 4], dtype=np.int64)  # 5 6 [9]; 6 [9 9]: dropped; 5 6 7
    for kept, weights, misses, slot, word in (kernels.slot_weights(stream, anchors, tables, [2, 1, 0]),
                                              kernels.slot_weights_numpy(stream, anchors, tables, [2, 1, 0])):
        assert kept.tolist() == [0, 2]
        assert misses.tolist() == [1, 0] and slot.tolist() == [2, -1] and word.tolist() == [9, 0]
        assert weights.tolist() == [[1.0, 1.0], [1.0, 1.0], [0.0, np.float32(0.8)]]
    known = (0, np.array([0.5, 0.5, 0.25], dtype=np.float32))  # slot 0's weights given, not read
    for kept, weights, misses, slot, word in (kernels.slot_weights(stream, anchors, tables, [2, 1], known),
                                              kernels.slot_weights_numpy(stream, anchors, tables, [2, 1], known)):
        assert kept.tolist() == [0, 2] and weights[0].tolist() == [0.5, 0.25]


TEXTS = st.text(alphabet=st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyAĐÔ0123456789 \n.,;:'\"“”()-–—…_\t")
                                         + ["\u0301", "\u00a0", "😀", "𝐀", "ǅ", "Ⅻ", "٣", "\u2028"]), max_size=120)


def fold_tables():
    from tui.core.highlight import _FOLD_LOOKUP, _word_table

    return _FOLD_LOOKUP, _word_table()


@needs_compiled
@settings(max_examples=400, deadline=None)
@given(TEXTS, st.integers(1, 6))
def test_fold_page_and_prefix_hashes_are_the_numpy_answers(text, length):
    fold, word_table = fold_tables()
    got = kernels.fold_page(text, fold, word_table)
    expected = kernels.fold_page_numpy(text, fold, word_table)
    for a, b in zip(got, expected):
        assert a.dtype == b.dtype and a.tolist() == b.tolist()
    codes, _, starts, ends, _ = expected
    assert (kernels.prefix_hashes(codes, starts, ends, length).tolist()
            == kernels.prefix_hashes_numpy(codes, starts, ends, length).tolist())


def test_a_token_hashes_as_its_folded_text_whoever_computes_it():
    from tui.core.highlight import _hash

    fold, word_table = fold_tables()
    text = "Tô Lâm, Đà Nẵng 😀x"
    for codes, word, starts, ends, whole in (kernels.fold_page(text, fold, word_table),
                                             kernels.fold_page_numpy(text, fold, word_table)):
        assert codes.tobytes().decode("utf-32-le") == "to lam, da nang 😀x"
        tokens = [text[a:b] for a, b in zip(starts.tolist(), ends.tolist())]
        assert tokens == ["Tô", "Lâm", "Đà", "Nẵng", "x"]
        assert whole.tolist() == [_hash(t) for t in ("to", "lam", "da", "nang", "x")]
        assert kernels.prefix_hashes(codes, starts, ends, 2).tolist() == [_hash(t) for t in ("to", "la", "da", "na", "x")]


@needs_compiled
@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_clause_numbers_are_the_numpy_answer(text):
    """The clause numbers the layout kernel counts in the gaps between the runs of word
    characters are those the regex finds in the whole text (one field: the tokens are the runs)."""
    fold, word_table = fold_tables()
    codes, word, starts, ends, _ = kernels.fold_page_numpy(text, fold, word_table)
    folded = codes.tobytes().decode("utf-32-le")
    whole = np.array([0], dtype=np.int64), np.array([len(text)], dtype=np.int64)
    assert (kernels.article_layout(folded, codes, word, starts, ends, *whole)[3].tolist()
            == kernels.clause_numbers_numpy(folded, codes, word, starts).tolist())


def test_a_clause_ends_at_a_mark_not_inside_a_number_nor_twice_for_one_run_of_marks():
    fold, word_table = fold_tables()
    text = "a 1.000, b.\n\n (c) d.e"
    codes, word, starts, ends, _ = kernels.fold_page_numpy(text, fold, word_table)
    folded = codes.tobytes().decode("utf-32-le")
    whole = np.array([0], dtype=np.int64), np.array([len(text)], dtype=np.int64)
    # tokens: a 1 000 b c d e
    for numbers in (kernels.article_layout(folded, codes, word, starts, ends, *whole)[3],
                    kernels.clause_numbers_numpy(folded, codes, word, starts)):
        assert numbers.tolist() == [0, 0, 0, 1, 2, 3, 3]


@st.composite
def documents_and_positions(draw):
    """Documents (their starts and body starts; empty titles and bodies too) and ascending
    positions in them, some documents holding thousands (saturation) or none."""
    from tui.core.index import BLOCK_SHIFT, _doc_blocks

    sizes = draw(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 200)), min_size=1, max_size=30))
    starts, bodies, at = [], [], 0
    for title, body in sizes:
        starts.append(at)
        bodies.append(at + title)
        at += title + body
    at = max(at, 1)
    doc_starts = np.array(starts + [at], dtype=np.int32)
    positions = sorted(draw(st.lists(st.integers(0, at - 1), max_size=300)))
    if draw(st.booleans()):
        positions = sorted(positions + [at - 1] * 70_000)  # one position counted past 65,535
    positions = np.array(positions, dtype=np.int32)
    return positions, doc_starts, np.array(bodies, dtype=np.int32), _doc_blocks(doc_starts), BLOCK_SHIFT


@needs_compiled
@settings(max_examples=300, deadline=None)
@given(documents_and_positions())
def test_docs_of_and_counts_by_document_are_the_numpy_answers(case):
    positions, doc_starts, body_starts, doc_blocks, shift = case
    for typed in (positions, positions.astype(np.int64)):
        got, expected = kernels.docs_of(doc_blocks, doc_starts, typed, shift), kernels.docs_of_numpy(doc_blocks, doc_starts, typed, shift)
        assert got.tolist() == expected.tolist()
    got = kernels.count_by_document(*case)
    expected = kernels.count_by_document_numpy(*case)
    for a, b in zip(got, expected):
        assert a.dtype == b.dtype == np.uint16 and a.tolist() == b.tolist()


@settings(max_examples=300, deadline=None)
@given(documents_and_positions(), st.randoms(use_true_random=False))
def test_mark_documents_marks_the_documents_of_the_positions(case, random):
    # Ascending positions pass over the rest of a document's at once; any order still marks right.
    positions, doc_starts, _, doc_blocks, shift = case
    positions = positions[:400]
    shuffled = positions.copy()
    random.shuffle(shuffled)
    expected = np.zeros(len(doc_starts) - 1, dtype=bool)
    expected[kernels.docs_of_numpy(doc_blocks, doc_starts, positions, shift)] = True
    for typed in (positions, positions.astype(np.int64), shuffled):
        mark = np.zeros(len(doc_starts) - 1, dtype=bool)
        kernels.mark_documents(doc_blocks, doc_starts, typed, shift, mark)
        assert mark.tolist() == expected.tolist()


def test_a_position_outside_the_documents_is_an_error_not_a_read_past_the_arrays():
    from tui.core.index import _doc_blocks

    doc_starts = np.array([0, 5, 9], dtype=np.int32)
    with pytest.raises(IndexError):
        kernels.docs_of(_doc_blocks(doc_starts), doc_starts, np.array([3, 9], dtype=np.int64), 6)
    if kernels.COMPILED:
        with pytest.raises(IndexError):
            kernels.mark_documents(_doc_blocks(doc_starts), doc_starts, np.array([3, 9], dtype=np.int64), 6,
                                   np.zeros(2, dtype=bool))
        with pytest.raises(IndexError):
            kernels.count_by_document(np.array([3, 9], dtype=np.int32), doc_starts, np.array([1, 6], dtype=np.int32),
                                      _doc_blocks(doc_starts), 6)
        with pytest.raises(ValueError):  # body starts of one document too few: no read past them
            kernels.count_by_document(np.array([3], dtype=np.int32), doc_starts, np.array([1], dtype=np.int32),
                                      _doc_blocks(doc_starts), 6)
        with pytest.raises(ValueError):  # no document start at all
            kernels.count_by_document(np.array([3], dtype=np.int32), np.zeros(0, dtype=np.int32),
                                      np.zeros(0, dtype=np.int32), _doc_blocks(doc_starts), 6)


@needs_compiled
@settings(max_examples=400, deadline=None)
@given(TEXTS, st.lists(st.integers(0, 130), max_size=12))
def test_article_layout_is_the_numpy_answer(text, bounds):
    """Fields (title, paragraphs) in order from 0, their bounds anywhere in the text: inside
    words too (a paragraph bound cuts a token), empty ones, a block outside every field.
    Tokens, their fields and clauses, and each run's token (or none) agree."""
    fold, word_table = fold_tables()
    codes, word, runs_start, runs_end, _ = kernels.fold_page_numpy(text, fold, word_table)
    folded = codes.tobytes().decode("utf-32-le")
    bounds = sorted(min(b, len(text)) for b in bounds)
    field_starts = np.array([0] + bounds[1::2], dtype=np.int64)
    field_ends = np.array(bounds[0::2] + [len(text)] * (len(field_starts) - len(bounds[0::2])), dtype=np.int64)[: len(field_starts)]
    got = kernels.article_layout(folded, codes, word, runs_start, runs_end, field_starts, field_ends)
    expected = kernels.article_layout_numpy(folded, codes, word, runs_start, runs_end, field_starts, field_ends)
    assert len(got) == len(expected) == 5
    for a, b in zip(got, expected):
        assert a.tolist() == b.tolist()


@st.composite
def phrase_cases(draw):
    """An article's tokens (paragraph of each, -1 for none; clause numbers ascending), a
    query of 2-5 terms with breaks typed or not, and (window, slot) pairs, some outside."""
    tokens = draw(st.integers(0, 40))
    paragraph = np.array(sorted(draw(st.lists(st.integers(-1, 3), min_size=tokens, max_size=tokens))), dtype=np.int64)
    paragraph[np.array(draw(st.lists(st.booleans(), min_size=tokens, max_size=tokens)), dtype=bool)] = -1
    clause = np.cumsum(draw(st.lists(st.integers(0, 1), min_size=tokens, max_size=tokens))).astype(np.int64)
    n = draw(st.integers(2, 5))
    typed = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    pairs = draw(st.lists(st.tuples(st.integers(-3, tokens + 2), st.integers(0, n - 1)), max_size=60, unique=True))
    windows = np.array([w for w, _ in pairs], dtype=np.int64)
    slots = np.array([s for _, s in pairs], dtype=np.int64)
    token_starts = np.cumsum(draw(st.lists(st.integers(1, 9), min_size=tokens, max_size=tokens))).astype(np.int64)
    token_ends = token_starts + np.array(draw(st.lists(st.integers(1, 8), min_size=tokens, max_size=tokens)), dtype=np.int64)
    term_lengths = np.array(draw(st.lists(st.integers(1, 8), min_size=n, max_size=n)), dtype=np.int64)
    budgets = np.array(draw(st.lists(st.integers(0, 2), min_size=n, max_size=n)), dtype=np.int64)
    return windows, slots, n, paragraph, clause, typed, token_starts, token_ends, term_lengths, budgets


@needs_compiled
@settings(max_examples=500, deadline=None)
@given(phrase_cases())
def test_phrase_places_are_the_numpy_answer(case):
    got, expected = kernels.phrase_places(*case), kernels.phrase_places_numpy(*case)
    for a, b in zip(got, expected):
        assert a.tolist() == b.tolist()


@needs_compiled
@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["to", "lam", "tô", "ab", "ba", "a", "xyz", "lâm", "to"]), max_size=60),
       st.sampled_from(["true", "one", "length"]))
def test_first_of_each_word_is_the_numpy_answer_even_when_hashes_collide(words, hashing):
    text = " ".join(words)
    fold, word_table = fold_tables()
    codes, _, starts, ends, whole = kernels.fold_page_numpy(text, fold, word_table)
    hashes = {"true": whole, "one": np.zeros(len(whole), dtype=np.uint64),  # every word one hash: told by letters
              "length": (ends - starts).astype(np.uint64)}[hashing]
    expected = kernels.first_of_each_word_numpy(codes, starts, ends, hashes).tolist()
    assert kernels.first_of_each_word(codes, starts, ends, hashes).tolist() == expected
    folded = codes.tobytes().decode("utf-32-le")
    assert [folded[starts[k]:ends[k]] for k in expected] == [folded[a:b] for a, b in zip(starts, ends)]


@st.composite
def outcome_cases(draw):
    """:func:`kernels.slot_weights`-like answers for 2-5 slots: each anchor's weights, its
    slots out of place (0-2), the odd slot and the term id read there; term ids folded,
    which terms are rare, which slots only accept a rare odd word, and per slot a table of
    the folded words that are typos of its term (-1: not asked)."""
    n = draw(st.integers(2, 5))
    m = draw(st.integers(0, 30))
    terms, words = draw(st.integers(1, 9)), draw(st.integers(1, 6))
    weight = st.sampled_from([0.0, 0.5, 0.7, 1.0])
    weights = np.array(draw(st.lists(st.lists(weight, min_size=m, max_size=m), min_size=n, max_size=n)), dtype=np.float32).reshape(n, m)
    misses = np.array(draw(st.lists(st.integers(0, 2), min_size=m, max_size=m)), dtype=np.int8)
    miss_slot = np.array([draw(st.integers(0, n - 1)) if miss else -1 for miss in misses.tolist()], dtype=np.int32)
    miss_id = np.array([draw(st.integers(0, terms - 1)) if miss else 0 for miss in misses.tolist()], dtype=np.int32)
    to_folded = np.array(draw(st.lists(st.integers(0, words - 1), min_size=terms, max_size=terms)), dtype=np.int32)
    rare = np.array(draw(st.lists(st.booleans(), min_size=terms, max_size=terms)))
    restrict = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    fits = [np.array(draw(st.lists(st.integers(-1, 1), min_size=words, max_size=words)), dtype=np.int8) for _ in range(n)]
    anchors = np.sort(np.array(draw(st.lists(st.integers(0, 10_000), min_size=m, max_size=m)), dtype=np.int64))
    return anchors, weights, misses, miss_slot, miss_id, to_folded, rare, restrict, fits, draw(st.booleans())


@needs_compiled
@settings(max_examples=600, deadline=None)
@given(outcome_cases())
def test_odd_words_and_anchor_outcomes_are_the_numpy_answers(case):
    anchors, weights, misses, miss_slot, miss_id, to_folded, rare, restrict, fits, two = case
    n, words = len(weights), len(fits[0])
    expected = kernels.odd_words_numpy(misses, miss_slot, miss_id, to_folded, rare, restrict, n, words)
    assert kernels.odd_words(misses, miss_slot, miss_id, to_folded, rare, restrict, n, words).tolist() == expected.tolist()
    expected = kernels.anchor_outcomes_numpy(anchors, weights.copy(), misses, miss_slot, miss_id, to_folded, rare, restrict,
                                             fits, 0.5, two)
    for typed in (anchors, anchors.astype(np.int32)):
        found = kernels.anchor_outcomes(typed, weights.copy(), misses, miss_slot, miss_id, to_folded, rare, restrict, fits, 0.5, two)
        for a, b in zip(found, expected):
            assert a.dtype == b.dtype or a is found[0] and a.dtype == typed.dtype
            assert a.tolist() == b.tolist()


def test_an_odd_word_is_a_pinned_typo_only_where_its_table_says_so():
    """Three slots: all in place (kept, run 3); the last odd, a typo (kept, weighted as one);
    the last odd, no typo (kept with the run of the two others); the middle odd, no typo
    (no run of two either side: dropped); two odd (dropped).  With two slots, an odd word
    that is no typo drops the anchor, and a slot that accepts only rare words refuses a
    common one."""
    weights = np.ones((3, 5), dtype=np.float32)
    misses = np.array([0, 1, 1, 1, 2], dtype=np.int8)
    miss_slot = np.array([-1, 2, 2, 1, 1], dtype=np.int32)
    miss_id = np.array([0, 1, 2, 2, 1], dtype=np.int32)
    to_folded = np.array([0, 1, 2], dtype=np.int32)
    rare = np.array([False, True, False])
    fits = [np.array([0, 1, 0], dtype=np.int8)] * 3
    anchors = np.arange(5, dtype=np.int64) * 10
    for outcomes in (kernels.anchor_outcomes, kernels.anchor_outcomes_numpy):
        kept, kept_weights, runs = outcomes(anchors, weights.copy(), misses, miss_slot, miss_id, to_folded, rare,
                                            [False] * 3, fits, 0.5, False)
        assert kept.tolist() == [0, 10, 20] and runs.tolist() == [3.0, 3.0, 2.0]
        assert kept_weights[2].tolist() == [1.0, 0.5, 1.0]
        two = outcomes(anchors[:3], weights[:2, :3].copy(), misses[:3], np.array([-1, 1, 1], dtype=np.int32), miss_id[:3],
                       to_folded, rare, [False, True], fits, 0.5, True)
        assert two[0].tolist() == [0, 10] and two[2].tolist() == [2.0, 2.0]
        common = outcomes(anchors[:2], weights[:2, :2].copy(), misses[:2], np.array([-1, 1], dtype=np.int32),
                          np.array([0, 0], dtype=np.int32), to_folded, rare, [False, True], [np.ones(3, dtype=np.int8)] * 2, 0.5, True)
        assert common[0].tolist() == [0]


@st.composite
def feature_cases(draw):
    """Features of 1-7 terms by 0-30 candidates as DocFeatures holds them (weights in
    0..1, counts, some zero), stored by rows or, as a subset's, by columns."""
    n = draw(st.integers(1, 7))
    m = draw(st.integers(0, 30))
    numbers = st.floats(0, 1000, allow_nan=False, width=64)
    weights = st.sampled_from([0.0, 1.0, 0.8, 0.5, 0.3])

    def matrix(values):
        grid = np.array(draw(st.lists(values, min_size=n * m, max_size=n * m)), dtype=np.float64).reshape(n, m)
        return np.asfortranarray(grid) if draw(st.booleans()) else grid

    def row(values):
        return np.array(draw(st.lists(values, min_size=m, max_size=m)), dtype=np.float64)

    idf = np.array(draw(st.lists(st.floats(0, 12, allow_nan=False), min_size=n, max_size=n)), dtype=np.float64)
    return (matrix(weights), matrix(numbers), matrix(numbers), row(numbers), row(st.floats(0, 1)), row(st.sampled_from([0.0, 1.0])),
            row(st.floats(0, 1)), idf, row(st.floats(0, 1)), draw(st.floats(1, 500)))


@needs_compiled
@settings(max_examples=400, deadline=None)
@given(feature_cases())
def test_feature_scores_are_the_numpy_answer_to_the_last_bit(case):
    from tui.core.search.features import SIGNALS

    expected = kernels.feature_scores_numpy(*case, SIGNALS)
    got = kernels.feature_scores(*case, SIGNALS)
    assert got.dtype == expected.dtype == np.float64 and got.tolist() == expected.tolist()
