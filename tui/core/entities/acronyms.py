"""Acronyms: all-capital tokens (``MTZ``, ``GD&ĐT``), which may name an organisation."""

from __future__ import annotations

from .lexicon import _ACCENTED_VOWELS

__all__ = ["is_acronym"]


def is_acronym(word: str) -> bool:
    """Two or more capital letters and no lower-case ones (``MTZ``, ``GD&ĐT``), no digits,
    no accented vowels (``BỆNH`` is a word in capitals, not an acronym)."""
    letters = [c for c in word if c.isalpha()]
    return (
        len(letters) >= 2
        and all(c.isupper() for c in letters)
        and not any(c.isdigit() for c in word)
        and not any(c.lower() in _ACCENTED_VOWELS for c in letters)
    )
