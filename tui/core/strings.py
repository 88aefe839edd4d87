"""Many strings as three flat arrays, for the cache: decoded one at a time, when asked.

A warm start that decoded a JSON list of every title, id and path (or every
entity name) paid for a Python object per string — about 100 bytes each, a few
hundred thousand of them — and held the event loop while ``json.load`` ran.
A :class:`StringTable` keeps the UTF-8 bytes of all the strings end to end,
their offsets, and which of them are ``None``; the arrays may be memory-mapped
from the cache, so opening one reads nothing, and ``table[i]`` decodes only
string ``i``.  Lone surrogates (file names that are not valid UTF-8) survive
the round trip (``surrogatepass``).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Sequence

import numpy as np

#: The arrays of a table, by the suffix of their name in a cache entry.
PARTS = ("utf8", "offsets", "nulls")


def encode_strings(values: Iterable[str | None]) -> dict[str, np.ndarray]:
    """The arrays of a :class:`StringTable` holding ``values`` (``None`` allowed), built
    in place: writing the columns of 38k articles holds their bytes once, not a
    Python object per string besides (that was the peak of a cold ``search``)."""
    utf8 = bytearray()
    offsets = array("q", [0])
    nulls = bytearray()
    for value in values:
        if value is None:
            nulls.append(1)
        else:
            nulls.append(0)
            utf8 += value.encode("utf-8", "surrogatepass")
        offsets.append(len(utf8))
    return {"utf8": np.frombuffer(utf8, dtype=np.uint8), "offsets": np.frombuffer(offsets, dtype=np.int64),
            "nulls": np.frombuffer(nulls, dtype=np.bool_)}


class StringTable(Sequence[str | None]):
    """``table[i]`` is the ``i``-th string (or ``None``); nothing is decoded in advance.

    ``offsets`` index ``utf8`` directly, so a table can be a view of part of a larger
    one (:meth:`part`) sharing its bytes."""

    def __init__(self, utf8: np.ndarray, offsets: np.ndarray, nulls: np.ndarray) -> None:
        if len(offsets) != len(nulls) + 1 or int(offsets[-1]) > len(utf8) or int(offsets[0]) < 0:
            raise ValueError("string table arrays disagree")
        # plain views of mapped arrays: slicing a np.memmap runs Python code each time
        self._utf8, self._offsets, self._nulls = np.asarray(utf8), np.asarray(offsets), np.asarray(nulls)

    @classmethod
    def of(cls, values: Iterable[str | None]) -> "StringTable":
        return cls(**encode_strings(values))

    def arrays(self) -> dict[str, np.ndarray]:
        """The arrays to write (a part's bytes and offsets made its own)."""
        first, last = int(self._offsets[0]), int(self._offsets[-1])
        return {"utf8": self._utf8[first:last], "offsets": self._offsets - first, "nulls": self._nulls}

    def __len__(self) -> int:
        return len(self._nulls)

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self._decode(j) for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self._decode(i)

    def _decode(self, i: int) -> str | None:
        if self._nulls[i]:
            return None
        return self._utf8[self._offsets[i] : self._offsets[i + 1]].tobytes().decode("utf-8", "surrogatepass")

    def take(self, indices: np.ndarray) -> list[str | None]:
        """Strings ``indices`` (in range), decoded with one gather of their bounds: a search
        names its 200 hits by their ids at every keystroke."""
        indices = np.asarray(indices, dtype=np.int64)
        starts, ends = self._offsets.take(indices).tolist(), self._offsets.take(indices + 1).tolist()
        data = memoryview(self._utf8)
        return [None if null else bytes(data[a:b]).decode("utf-8", "surrogatepass")
                for a, b, null in zip(starts, ends, self._nulls.take(indices).tolist())]

    def __iter__(self) -> Iterator[str | None]:
        """Every string in order, decoded in one pass over the bytes."""
        first = int(self._offsets[0])
        data = self._utf8[first : int(self._offsets[-1])].tobytes()
        bounds = (self._offsets - first).tolist()
        for i, null in enumerate(self._nulls.tolist()):
            yield None if null else data[bounds[i] : bounds[i + 1]].decode("utf-8", "surrogatepass")

    def part(self, first: int, count: int) -> "StringTable":
        """Strings ``first .. first+count-1`` as a table of their own (views, no copy)."""
        if not (0 <= first and first + count <= len(self)):
            raise ValueError("part out of range")
        return StringTable(self._utf8, self._offsets[first : first + count + 1], self._nulls[first : first + count])

