"""Finding an entity by the name a user types: its name or any of its aliases, diacritics optional.

People are mostly called by a short form (``Trump`` for Donald Trump): an entity's key is
its full name, its other forms are aliases.  A name typed in the explorer's profile dialog or
to ``vnby-tui entity`` means the most mentioned entity that carries it, as name or alias; the
others that carry it are said in one line, so the user can pick by type.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .text import fold

ENTITY_TYPES = ("PER", "ORG", "LOC", "DATE")


@dataclass
class NotFound(Exception):
    """No entity of the wanted type carries ``name``: ``others`` do (with another type), or
    ``close`` names are the nearest spellings."""

    name: str
    kind: str | None = None
    others: list[Any] = field(default_factory=list)
    close: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        if self.others:
            there = ", ".join(f"{e.name} ({e.type})" for e in self.others)
            return f"no {self.kind} entity named {self.name!r}; there is {there}"
        return f"no entity named {self.name!r}" + (f"; did you mean: {', '.join(self.close)}" if self.close else "")


def find_entity(index: Any, name: str, kind: str | None = None) -> Any:
    """The entity ``name`` means, or :class:`NotFound`.  When several carry the name
    (``Việt Nam`` the country and the football team; ``Trump`` a golf course's name and
    Donald Trump's short form), the most mentioned is meant unless ``kind`` says which."""
    from rapidfuzz import fuzz, process

    named = entities_named(index, name)
    chosen = [e for e in named if kind is None or e.type == kind]
    if chosen:
        return chosen[0]
    if named:
        raise NotFound(name, kind, others=named)
    names = {e.name: e for e in index.entities()}
    close = process.extract(name, list(names), scorer=fuzz.ratio, processor=fold, limit=5, score_cutoff=70)
    raise NotFound(name, kind, close=[match for match, _, _ in close])


def entities_named(index: Any, name: str) -> list[Any]:
    """Every entity whose name or one of whose aliases is ``name`` (folded), the most
    mentioned first (stable: PER, ORG, LOC, DATE on ties, then by name)."""
    wanted = fold(" ".join(name.split()))
    found = {e.key: e for e in (index.get(f"{kind}:{wanted}") for kind in ENTITY_TYPES) if e is not None}
    for entity in called(index, wanted):
        found.setdefault(entity.key, entity)
    return sorted(found.values(), key=lambda e: (-e.doc_count, -e.mention_count))


def called(index: Any, wanted: str, kind: str | None = None) -> list[Any]:
    """The entities (of type ``kind``, or any) with an alias that folds to ``wanted``, the most
    mentioned first.  Folding keeps a name's length, so only aliases of that length are folded
    (a walk of 100k entities stays well under a second)."""
    size = len(wanted)
    return [entity for entity in (index.entities() if kind is None else index.entities(kind))
            if any(len(alias) == size and fold(alias) == wanted for alias in entity.aliases)]


def others_named(index: Any, entity: Any, name: str) -> tuple[list[Any], list[Any]]:
    """The entities other than ``entity`` that ``name`` (as typed) also names: those with
    ``entity``'s own name (another type), and those called so by another name or alias."""
    others = [e for e in entities_named(index, name) if e.key != entity.key]
    own = fold(entity.name)
    return [e for e in others if fold(e.name) == own], [e for e in others if fold(e.name) != own]
