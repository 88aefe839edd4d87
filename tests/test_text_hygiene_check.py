"""clean_text's quick test for what it must fix (``needs_hygiene``) says what the regex of
the characters it fixes says (``_HYGIENE_RE``), for every character and any text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.text import _HYGIENE_RE, clean_text, needs_hygiene

ALPHABET = list("aàáạăằđêệôơưữ AZ09\n\t.,;…—“”") + list("\r\u200b\u200c\u200d\u2060\ufeff\u00ad\u00a0\u202f\u2009\u3000") \
    + ["\ud800", "\ud83d", "\ude00", "\udbff", "\udc00", "\udfff", "\ud7ff", "\ue000", "😀", "𝐀", "\U0010ffff", "\u0301", "\x00", "\xff"]


def test_every_character_needs_hygiene_exactly_when_the_regex_finds_it():
    for code in range(0x110000):
        char = chr(code)
        assert needs_hygiene(char) == bool(_HYGIENE_RE.search(char)), hex(code)
        assert needs_hygiene("ê" + char + "x") == bool(_HYGIENE_RE.search(char)), hex(code)


@settings(max_examples=800, deadline=None)
@given(st.text(alphabet=st.sampled_from(ALPHABET), max_size=40))
def test_a_text_needs_hygiene_exactly_when_the_regex_finds_something(text):
    assert needs_hygiene(text) == bool(_HYGIENE_RE.search(text))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(ALPHABET), max_size=40))
def test_cleaned_text_has_nothing_left_to_fix(text):
    """A surrogate pair (two lone halves in a str) is two lone surrogates, not an emoji."""
    cleaned = clean_text(text)
    assert not needs_hygiene(cleaned)
    assert clean_text(cleaned) == cleaned
    if "\ud83d\ude00" in text:
        assert "\ufffd\ufffd" in cleaned
