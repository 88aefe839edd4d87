"""Entity curation: the user's corrections to the entity table, kept in a plain TOML file.

An analyst merges two entities that are one (``Park`` into ``Park Hang Seo``), hides a wrong
one, renames one or changes its type.  The corrections are a human-readable file a team can
share and version (``$XDG_CONFIG_HOME/vnby-tui/curation.toml`` by default; ``[entities]
curation`` in the config names another, e.g. one per corpus), an ordered list of actions so
that ``undo`` removes the last.  They are applied when a corpus is opened, by wrapping its
entity index in :class:`CuratedIndex`, which answers like the index itself — so the sidebar,
``entities``, ``entities --spans``, filters and exports all see the curated table.

An action names entities by their name (as listed, any alias, diacritics optional) and
optionally a type (``PER:Park``); a name matches every entity of that name unless a type is
given.
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .atomic import written_whole
from .text import fold

OPERATIONS = ("merge", "hide", "rename", "retype")
TYPES = ("PER", "ORG", "LOC", "DATE")
FILE_NAME = "curation.toml"
HEADER = ("# vnby-tui entity curation: merges, hidden entities, new names and types, applied in order.\n"
          "# Edit by hand or with `vnby-tui curate`; names match without diacritics; `TYPE:name` picks one type.\n")


#: The English words of each curation problem, by code (:class:`CurationError`); the explorer
#: says them in its own language (the ``curation.CODE`` labels of :mod:`tui.i18n`).
PROBLEMS = {
    "unknown_op": "unknown curation action {op!r} (one of {ops})",
    "empty_name": "{op}: an empty name",
    "empty_target": "{op} {name!r}: the target is empty",
    "empty_new_name": "{op} {name!r}: the new name is empty",
    "bad_type": "retype {name!r}: the type must be one of {types}",
    "cannot_read": "{path}: cannot read the curation file ({reason})",
    "cannot_write": "{path}: cannot write ({reason})",
    "not_strings": "{path}: action {number} is not a table of strings",
    "in_action": "{path}: action {number}: {problem}",
}


class CurationError(Exception):
    """A curation file or action that cannot be used: the problem's ``code`` and ``values``
    (a ``problem`` value is a :class:`CurationError` itself); its message, in English, names
    the file and the problem."""

    def __init__(self, code: str, **values: Any) -> None:
        self.code, self.values = code, values
        super().__init__(self.worded(PROBLEMS))

    def worded(self, templates: dict[str, str], fill: Callable[..., str] = str.format) -> str:
        """The problem in the words of ``templates`` (English for a code they lack), filled by ``fill``."""
        values = {key: value.worded(templates, fill) if isinstance(value, CurationError) else value
                  for key, value in self.values.items()}
        return fill(templates.get(self.code) or PROBLEMS[self.code], **values)


def default_path() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME", "")
    if not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".config")
    return Path(base) / "vnby-tui" / FILE_NAME


@dataclass(frozen=True, slots=True)
class Action:
    """One correction: ``op`` on the entities named ``name``; ``value`` is the merge target,
    the new name or the new type."""

    op: str
    name: str
    value: str | None = None
    time: str = ""

    def describe(self) -> str:
        return {"merge": f"merge {self.name!r} into {self.value!r}", "hide": f"hide {self.name!r}",
                "rename": f"rename {self.name!r} to {self.value!r}",
                "retype": f"retype {self.name!r} as {self.value}"}[self.op]


def split_name(name: str) -> tuple[str | None, str]:
    """``"PER:Park"`` → ``("PER", "park")``; ``"Park"`` → ``(None, "park")`` (folded)."""
    head, sep, rest = name.partition(":")
    if sep and head.strip().upper() in TYPES and rest.strip():
        return head.strip().upper(), fold(" ".join(rest.split()))
    return None, fold(" ".join(name.split()))


def validate(action: Action) -> Action:
    if action.op not in OPERATIONS:
        raise CurationError("unknown_op", op=action.op, ops=", ".join(OPERATIONS))
    if not action.name.strip():
        raise CurationError("empty_name", op=action.op)
    if action.op in ("merge", "rename") and not (action.value or "").strip():
        raise CurationError("empty_target" if action.op == "merge" else "empty_new_name", op=action.op, name=action.name)
    if action.op == "retype" and (action.value or "").upper() not in TYPES:
        raise CurationError("bad_type", name=action.name, types=", ".join(TYPES))
    if action.op == "retype":
        action = dataclasses.replace(action, value=action.value.upper())
    return action


class Curation:
    """The ordered actions of one curation file."""

    def __init__(self, path: Path | None = None, actions: Sequence[Action] = ()) -> None:
        self.path = path or default_path()
        self.actions = list(actions)

    @classmethod
    def load(cls, path: Path | None = None) -> Curation:
        """The file's actions; a missing file is no actions, a broken one is a :class:`CurationError`."""
        try:  # imported here: the explorer's first frame waited for it
            import tomllib
        except ModuleNotFoundError:  # Python 3.10
            import tomli as tomllib  # type: ignore[no-redef]

        path = Path(path) if path else default_path()
        try:
            with open(path, "rb") as handle:
                data = tomllib.load(handle)
        except FileNotFoundError:
            return cls(path)
        except OSError as exc:
            raise CurationError("cannot_read", path=path, reason=exc.strerror or exc) from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise CurationError("cannot_read", path=path, reason=exc) from None
        actions = []
        for number, entry in enumerate(data.get("action", []), 1):
            if not isinstance(entry, dict) or not all(isinstance(v, str) for v in entry.values()):
                raise CurationError("not_strings", path=path, number=number)
            try:
                actions.append(validate(Action(entry.get("op", ""), entry.get("name", ""), entry.get("value"),
                                               entry.get("time", ""))))
            except CurationError as exc:
                raise CurationError("in_action", path=path, number=number, problem=exc) from None
        return cls(path, actions)

    def add(self, action: Action) -> Action:
        action = validate(dataclasses.replace(action, time=action.time or time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())))
        self.actions.append(action)
        self.save()
        return action

    def undo(self) -> Action | None:
        if not self.actions:
            return None
        last = self.actions.pop()
        self.save()
        return last

    def save(self) -> None:
        """Write the file whole in a temporary file beside it, then rename it into place, with
        the mode any new file of the user's gets (a file a team shares:
        :func:`tui.core.atomic.written_whole`); a :class:`CurationError` when it cannot be."""
        body = HEADER + "".join(_action_toml(a) for a in self.actions)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with written_whole(self.path, sync=True) as handle:
                handle.write(body)
        except OSError as exc:
            raise CurationError("cannot_write", path=self.path, reason=exc.strerror or exc) from None

    def __bool__(self) -> bool:
        return bool(self.actions)


_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _toml_string(value: str) -> str:
    escaped = "".join(_ESCAPES.get(c, c if c.isprintable() else f"\\u{ord(c):04x}") for c in value)
    return f'"{escaped}"'


def _action_toml(action: Action) -> str:
    lines = ["\n[[action]]", f"op = {_toml_string(action.op)}", f"name = {_toml_string(action.name)}"]
    if action.value is not None:
        lines.append(f"value = {_toml_string(action.value)}")
    lines.append(f"time = {_toml_string(action.time)}")
    return "\n".join(lines) + "\n"


# -- applying the actions to an entity index ----------------------------------------------------


def _key_parts(key: str) -> tuple[str, str]:
    kind, _, name = key.partition(":")
    return kind, name


class CuratedIndex:
    """An entity index seen through a curation: same questions, curated answers.

    Each base key resolves once (cached) to its curated key, or to ``None`` when hidden; the
    curated entities are built in one pass over the base table the first time they are asked
    for (the table no longer changes once a corpus is loaded)."""

    def __init__(self, base: Any, curation: Curation) -> None:
        self.base = base
        self.curation = curation
        self._resolved: dict[str, str | None] = {}
        self._targets: dict[str, set[str]] = {}
        self._names: dict[str, str] = {}
        self._table: dict[str, Any] | None = None
        self._members: dict[str, list[str]] = {}
        self._table_size = -1

    def _matches(self, pattern: str, key: str) -> bool:
        """Whether an action's name designates ``key``: by its folded name, or as any alias
        the index merged into it."""
        targets = self._targets.get(pattern)
        if targets is None:
            kind, folded = split_name(pattern)
            targets = set()
            for each in [kind] if kind else TYPES:
                targets.add(f"{each}:{folded}")
                entity = self.base.get(f"{each}:{folded}")
                if entity is not None:
                    targets.add(entity.key)
            self._targets[pattern] = targets
        return key in targets

    def resolve(self, key: str) -> str | None:
        """The curated key of a base entity key, or ``None`` when it is hidden."""
        if key in self._resolved:
            return self._resolved[key]
        current: str | None = key
        for action in self.curation.actions:
            if current is None:
                break
            if not self._matches(action.name, current):
                continue
            kind, name = _key_parts(current)
            if action.op == "hide":
                current = None
            elif action.op == "merge":
                target_kind, target = split_name(action.value or "")
                current = f"{target_kind or kind}:{target}"
            elif action.op == "retype":
                current = f"{action.value}:{name}"
            else:  # rename
                new_name = " ".join((action.value or "").split())
                current = f"{kind}:{fold(new_name)}"
                self._names[current] = new_name
        self._resolved[key] = current
        return current

    def _curated_table(self) -> dict[str, Any]:
        """Curated key → curated entity, with members' documents united."""
        if self._table is None or self._table_size != len(self.base):
            groups: dict[str, list[Any]] = {}
            for entity in self.base.entities():
                key = self.resolve(entity.key)
                if key is not None:
                    groups.setdefault(key, []).append(entity)
            self._table = {key: self._combine(key, members) for key, members in groups.items()}
            self._members = {key: [m.key for m in members] for key, members in groups.items()}
            self._table_size = len(self.base)
        return self._table

    def _combine(self, key: str, members: list[Any]) -> Any:
        if len(members) == 1 and members[0].key == key:
            return members[0]
        kind, folded = _key_parts(key)
        spellings = [a for m in members for a in [m.name, *m.aliases]]
        name = self._names.get(key) or next((a for a in spellings if fold(a) == folded), None) \
            or max(members, key=lambda e: (e.doc_count, e.mention_count)).name
        docs: set[int] = set()
        for member in members:
            docs.update(self.base.docs_with(member.key))
        main = max(members, key=lambda e: (e.doc_count, e.mention_count))
        return dataclasses.replace(main, key=key, name=name, type=kind,
                                   aliases=list(dict.fromkeys(a for a in spellings if a != name)),
                                   roles=list(dict.fromkeys(r for m in members for r in m.roles)),
                                   doc_count=len(docs), mention_count=sum(m.mention_count for m in members))

    def _curated_key_of(self, key: str) -> str | None:
        entity = self.base.get(key)
        return self.resolve(entity.key if entity is not None else key)

    # the index's questions ----------------------------------------------------------------------

    def entities(self, type: str | None = None) -> list[Any]:
        found = [e for e in self._curated_table().values() if type is None or e.type == type]
        found.sort(key=lambda e: (-e.doc_count, -e.mention_count, e.name, e.key))
        return found

    def get(self, key: str) -> Any:
        curated_key = self._curated_key_of(key)
        if curated_key is None:
            return None
        found = self._curated_table().get(curated_key)
        return self.base.get(key) if found is None and curated_key == key else found  # an article's own

    def docs_with(self, key: str) -> list[int]:
        curated_key = self._curated_key_of(key)
        self._curated_table()
        if curated_key == key and key not in self._members:  # an entity of one article (initials)
            return self.base.docs_with(key)
        docs: set[int] = set()
        for member in self._members.get(curated_key, []) if curated_key is not None else []:
            docs.update(self.base.docs_with(member))
        return sorted(docs)

    def entities_of(self, doc: int, block: str = "main") -> list[tuple[Any, int]]:
        """The document's entities, curated; the related block only loses hidden ones."""
        pairs = self.base.entities_of(doc, block)
        if block != "main":
            return [(e, n) for e, n in pairs if self.resolve(e.key) is not None]
        counts: dict[str, int] = {}
        own: dict[str, Any] = {}  # an entity of this article only (initials) is in no table
        for entity, count in pairs:
            key = self.resolve(entity.key)
            if key is not None:
                counts[key] = counts.get(key, 0) + count
                own.setdefault(key, entity)
        table = self._curated_table()
        return sorted(((table.get(k, own[k]), n) for k, n in counts.items()), key=lambda pair: -pair[1])

    def main_mention_rows(self, docs: Sequence[int]) -> tuple[Any, list[str | None]]:
        """The base index's mention rows, each code's key curated (``None``: hidden)."""
        rows, keys = self.base.main_mention_rows(docs)
        return rows, [self.resolve(key) for key in keys]

    def mentions_of(self, doc: int) -> list[Any]:
        """The document's mentions, hidden ones dropped, merged/renamed/retyped ones relabelled."""
        from .entities import mention_key

        kept = []
        for mention in self.base.mentions_of(doc):
            base_entity = self.base.get(mention_key(mention))
            base_key = base_entity.key if base_entity is not None else mention_key(mention)
            key = self.resolve(base_key)
            if key is None:
                continue
            if key != base_key or key in self._names:
                entity = self._curated_table().get(key)
                if entity is not None:
                    mention = dataclasses.replace(mention, type=entity.type, name=entity.name)
            kept.append(mention)
        return kept

    def spans_of(self, doc: int) -> list[tuple[int, int, str, str, str, bool]]:
        """(start, end, type, text, name, credit) of the document's curated mentions."""
        return [(m.start, m.end, m.type, m.text, m.name, m.credit) for m in self.mentions_of(doc)]

    def __len__(self) -> int:
        return len(self.base)

    def __getattr__(self, name: str) -> Any:  # anything else the index offers, as it is
        return getattr(self.base, name)


def known_name(typed: str, names: Iterable[str]) -> str | None:
    """The name in ``names`` that ``typed`` means: itself, or the one name it equals with
    diacritics and case ignored (``nguyen phu trong``); None when there is none, or several."""
    from .text import fold

    names = list(names)
    if typed in names:
        return typed
    key = fold(typed)
    found = {name for name in names if fold(name) == key}
    return found.pop() if len(found) == 1 else None


def curated(index: Any, curation: Curation | None) -> Any:
    """``index`` itself when there is nothing to apply, else the curated view of it."""
    return CuratedIndex(index, curation) if curation else index


def describe_all(actions: Iterable[Action]) -> list[str]:
    return [f"{n}. {a.describe()}" for n, a in enumerate(actions, 1)]

