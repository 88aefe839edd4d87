"""Mentions packed as integers, as the entity index stores them, and as the second
process of a cold load hands them over.

A mention is eight unsigned integers: start, end, type, text, name, role, block
flags and value, where type and the four strings are numbers in tables kept beside
the integers.  The index keeps one table of strings for the corpus; a batch packed
in the second process (:func:`pack_batch`) has its own, numbered in the order the
index would have met its strings, so the index gives them its numbers in one pass
(``_MentionStore.put_batch``) and makes no tuple of a million mentions.  Kept free
of numpy and of the rules: the second process imports it.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence

from .mention import MentionRow

#: The blocks a mention may stand in; its number is the low bit of the block flags.
BLOCKS = ("main", "related")
#: Added to the block number of a credit's packed mention.
CREDIT_BIT = 2
#: Integers a mention takes.
FIELDS = 8

#: A batch packed by :func:`pack_batch`: the type names and the strings its integers
#: number (``""`` first, as 0 for "none"), the integers, and each document's count of mentions.
PackedBatch = tuple[list[str], list[str], array, array]


def block_flags(block: str, credit: bool) -> int:
    """The packed block flags of a mention."""
    return (0 if block == "main" else BLOCKS.index(block)) | (CREDIT_BIT if credit else 0)


def pack_batch(found: Sequence[Sequence[MentionRow]]) -> PackedBatch:
    """The mention rows of a batch's documents, packed (see the module's docstring).

    Strings are numbered as first met, row by row, in the order text, name, role, value:
    the order in which ``_MentionStore.put`` would number them, so the index's table
    comes out the same whichever way a batch arrives."""
    strings: dict[str, int] = {"": 0}
    kinds: dict[str, int] = {}
    number = strings.setdefault
    values: list[int] = []
    counts = array("I")
    for rows in found:
        counts.append(len(rows))
        for start, end, kind, text, name, role, block, value, credit in rows:
            values += (
                start, end, kinds.setdefault(kind, len(kinds)), number(text, len(strings)), number(name, len(strings)),
                number(role, len(strings)) if role else 0,
                0 if block == "main" and not credit else block_flags(block, credit),
                number(value, len(strings)) if value else 0,
            )
    return list(kinds), list(strings), array("I", values), counts
