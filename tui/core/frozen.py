"""Tables restored from the cache that decode an item only when it is asked for.

A warm start used to decode the whole entity table into Python objects — a
dictionary of names, aliases and roles for each of ~100,000 entities, an array
per document of packed mentions, a list and a dictionary of every string:
about 1.5× the corpus text in memory and two seconds, before anything was
shown.  The classes here stand in for those dictionaries and lists behind the
same operations (``get``, ``[]``, ``in``, ``pop``, ``setdefault``, iteration,
``len``): their items live in arrays mapped from the cache entry and are
decoded one at a time; what is written or decoded for writing in place is kept
in an overlay, so the owner may change them exactly as it changed the plain
dictionary.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from typing import Any

import numpy as np

from .strings import StringTable


class LazyMapping(MutableMapping):
    """A mapping over a frozen base of ``count`` items (found by :meth:`_find`, decoded
    by :meth:`_decode`) plus an overlay of items set, or decoded to be changed in place
    (``keep=True``), since; base items deleted are remembered as removed."""

    def __init__(self, count: int, keep: bool) -> None:
        self._count = count
        self._keep = keep
        self._overlay: dict[Any, Any] = {}
        self._removed: set[Any] = set()
        self._new: set[Any] = set()  # overlay keys that are not in the base

    # what a subclass provides
    def _find(self, key: Any) -> int | None:
        raise NotImplementedError

    def _decode(self, number: int, key: Any) -> Any:
        raise NotImplementedError

    def _base_keys(self) -> Iterator[Any]:
        raise NotImplementedError

    # the mapping
    def __getitem__(self, key: Any) -> Any:
        found = self._overlay.get(key, _ABSENT)
        if found is not _ABSENT:
            return found
        number = None if key in self._removed else self._find(key)
        if number is None:
            raise KeyError(key)
        return self._decoded(number, key)

    def _decoded(self, number: int, key: Any) -> Any:
        value = self._decode(number, key)
        if self._keep:
            self._overlay[key] = value
        return value

    def __contains__(self, key: object) -> bool:
        return key in self._overlay or (key not in self._removed and self._find(key) is not None)

    def __setitem__(self, key: Any, value: Any) -> None:
        if key not in self._overlay and key not in self._removed and self._find(key) is None:
            self._new.add(key)
        self._removed.discard(key)
        self._overlay[key] = value

    def __delitem__(self, key: Any) -> None:
        if key not in self:
            raise KeyError(key)
        self._overlay.pop(key, None)
        if key in self._new:
            self._new.discard(key)
        else:
            self._removed.add(key)

    def __iter__(self) -> Iterator[Any]:
        for key in self._base_keys():
            if key not in self._removed:
                yield key
        yield from list(self._new)

    def __len__(self) -> int:
        return self._count - len(self._removed) + len(self._new)

    def values(self) -> list[Any]:  # type: ignore[override]
        """Every value, the base ones in order of the base (no look-up per key)."""
        found = []
        overlay, removed = self._overlay, self._removed
        for number, key in enumerate(self._base_keys()):
            if key in removed:
                continue
            value = overlay.get(key, _ABSENT)
            found.append(self._decoded(number, key) if value is _ABSENT else value)
        found.extend(overlay[key] for key in list(self._new))
        return found


_ABSENT = object()


class SortedKeyMapping(LazyMapping):
    """Keys are the strings of a sorted :class:`StringTable`, found by bisection (no
    dictionary of them all); ``decode(number, key)`` makes the value of key ``number``."""

    def __init__(self, keys: StringTable, decode: Callable[[int, str], Any], keep: bool) -> None:
        super().__init__(len(keys), keep)
        self._keys = keys
        self._decoder = decode

    def _find(self, key: Any) -> int | None:
        if not isinstance(key, str):
            return None
        number = bisect_left(self._keys, key)
        return number if number < len(self._keys) and self._keys[number] == key else None

    def _decode(self, number: int, key: Any) -> Any:
        return self._decoder(number, key)

    def _base_keys(self) -> Iterator[Any]:
        return iter(self._keys)


class PackedRows(LazyMapping):
    """Document number -> its row of packed integers (an ``array("I")``), for documents
    ``docs`` (ascending) whose rows are ``packed[offsets[i]:offsets[i+1]]``."""

    def __init__(self, docs: np.ndarray, offsets: np.ndarray, packed: np.ndarray) -> None:
        if len(offsets) != len(docs) + 1 or (len(docs) and int(offsets[-1]) != len(packed)):
            raise ValueError("packed rows disagree")
        super().__init__(len(docs), keep=False)
        self._docs, self._offsets, self._packed = np.asarray(docs), np.asarray(offsets), np.asarray(packed)

    def _find(self, key: Any) -> int | None:
        if not isinstance(key, (int, np.integer)):
            return None
        number = int(np.searchsorted(self._docs, key))
        return number if number < len(self._docs) and int(self._docs[number]) == key else None

    def _decode(self, number: int, key: Any) -> array:
        """The row as the ``array("I")`` the index keeps for a document it built itself."""
        return array("I", self._packed[self._offsets[number] : self._offsets[number + 1]].astype(np.uint32).tobytes())

    def _base_keys(self) -> Iterator[Any]:
        return iter(self._docs.tolist())


class GrowingStrings:
    """A list of strings that starts as a mapped :class:`StringTable` (each string
    decoded once, when first read) and may be appended to."""

    def __init__(self, table: StringTable) -> None:
        self._table = table
        self._decoded: dict[int, str | None] = {}
        self._more: list[str] = []

    def __len__(self) -> int:
        return len(self._table) + len(self._more)

    def __getitem__(self, number: int) -> str | None:
        if number >= len(self._table):
            return self._more[number - len(self._table)]
        found = self._decoded.get(number, _ABSENT)
        if found is _ABSENT:
            found = self._decoded[number] = self._table[number]
        return found  # type: ignore[return-value]

    def __iter__(self) -> Iterator[str | None]:
        yield from self._table
        yield from self._more

    def append(self, value: str) -> None:
        self._more.append(value)


class StringIds:
    """String -> its number in a :class:`GrowingStrings`, for adding to a restored
    table: the dictionary is built only when the first string is looked up."""

    def __init__(self, strings: GrowingStrings) -> None:
        self._strings = strings
        self._ids: dict[str | None, int] | None = None

    def _table(self) -> dict[str | None, int]:
        if self._ids is None:
            self._ids = {value: number for number, value in enumerate(self._strings)}
        return self._ids

    def get(self, value: str, default: int | None = None) -> int | None:
        return self._table().get(value, default)

    def __setitem__(self, value: str, number: int) -> None:
        self._table()[value] = number

    def __contains__(self, value: object) -> bool:
        return value in self._table()


class TermIds(Mapping):
    """Term -> term id of a restored search vocabulary, read-only: the terms in id order
    (a :class:`StringTable`) and the ids in the terms' sorted order, searched by
    bisection — no dictionary of every term.  Iterates in id order, as the dictionary
    it stands for did (insertion order)."""

    def __init__(self, terms: StringTable, order: np.ndarray) -> None:
        if len(order) != len(terms):
            raise ValueError("term arrays disagree")
        self._terms, self._order = terms, np.asarray(order)
        self.new_tokens: list[str] = []  # what Vocabulary reads after encoding (nothing is added here)

    def __getitem__(self, term: str) -> int:
        if isinstance(term, str):
            order, terms = self._order, self._terms
            at = bisect_left(range(len(order)), term, key=lambda i: terms[int(order[i])])
            if at < len(order) and terms[int(order[at])] == term:
                return int(order[at])
        raise KeyError(term)

    def __iter__(self) -> Iterator[str]:
        return iter(self._terms)  # type: ignore[arg-type]

    def __len__(self) -> int:
        return len(self._terms)
