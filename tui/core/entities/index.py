"""The corpus-wide entity table: per document (for the reader) and per entity (for the list)."""

from __future__ import annotations

import gc
import re
import threading
from array import array
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np

from .acronyms import is_acronym
from .extractor import EntityExtractor
from .lexicon import is_vietnamese_word
from .merging import _fold_name, short_forms, spelling_key, vietnamese_syllable
from ..model import Article
from ..pieces import empty_in_pieces, sorted_in_pieces
from .mention import ENTITY_TYPES, Mention, MentionRow
from .packing import BLOCKS as _BLOCKS, CREDIT_BIT as _CREDIT_BIT, FIELDS, PackedBatch, block_flags

@dataclass(slots=True)
class Entity:
    """One entity of the corpus, all its aliases merged."""

    key: str
    name: str
    type: str
    roles: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    doc_count: int = 0
    mention_count: int = 0


def entity_key(kind: str, name: str) -> str:
    """The key of an entity: its type and folded canonical name (``PER:to lam``)."""
    return f"{kind}:{_fold_name(name)}"


def mention_key(m: Mention) -> str:
    """The key of the entity a mention belongs to; a date is keyed by its ISO value
    when it has one, so that ``30/1/2025`` and ``30/01/2025`` are one entity."""
    return _key_of(m.type, m.name, m.value)


def _key_of(kind: str, name: str, value: str | None) -> str:
    if kind == "DATE" and value:
        return f"DATE:{value}"
    return entity_key(kind, name)


#: One word of initials: ``T.``, ``N.V.Đ.``, ``N.V.Đ``, ``H``.
_INITIALS = re.compile(r"(?:[^\W\d_]\.)*[^\W\d_]\.?")


def initials_only(kind: str, name: str) -> bool:
    """A person named by initials alone (``ông T.``, ``N.V.Đ.``): how papers anonymise a
    suspect or a patient, someone else in every article.  Such a name stays in its article
    (its spans, the article's entities) but is neither merged nor counted across articles."""
    return kind == "PER" and name.isupper() and all(_INITIALS.fullmatch(word) for word in name.split(" "))


def lone_given_name(name: str) -> bool:
    """One Vietnamese syllable (``Dũng``, ``Tư``), as a person's name the article never completed:
    it may be any of thousands of people."""
    return vietnamese_syllable(name)


def article_only(kind: str, name: str) -> bool:
    """A person known in one article only: named by initials alone (:func:`initials_only`) or
    by one Vietnamese given name the article never completes (``anh Dũng``, ``Trung tá Tuấn``:
    a different man in each article, and one corpus-wide ``Dũng`` of 175 articles would crowd
    the table with no one).  Such a name stays in its article (its spans, the article's
    entities) but is neither merged nor counted across articles."""
    return kind == "PER" and (initials_only(kind, name) or lone_given_name(name))


def article_base(kind: str, name: str) -> str:
    """The key of an :func:`article_only` person before its article is added to it: the folded
    name of initials, the lower-case name of a given name, whose tones tell people apart
    (``Tú`` is not ``Tư``)."""
    return f"PER:{name.lower()}" if lone_given_name(name) else entity_key(kind, name)


def corpus_short_forms(name: str) -> list[str]:
    """The folded short forms a full name may be called by alone across the corpus: all of
    :func:`.merging.short_forms` for a name in plain letters (``Park Hang Seo``), only the last
    two words of a Vietnamese one (``Văn Toàn``: a given name alone is anyone's), none of a
    Vietnamese word with a foreign one (``Bệnh Alzheimer``)."""
    forms = short_forms(name)
    return forms if _fold_name(name) == name.lower() else [form for form in forms if " " in form]


def may_be_a_short_form(name: str) -> bool:
    """Whether a person's name seen alone may stand for a full name across the corpus: one
    foreign word (``Park``) or two Vietnamese ones (``Văn Toàn``), not in capitals."""
    if name.isupper():
        return False
    if " " not in name:
        return not is_vietnamese_word(name)
    words = name.split(" ")
    return len(words) == 2 and is_vietnamese_word(words[0]) and is_vietnamese_word(words[1])


def _article_key(key: str, doc: int) -> str:
    """The key of an entity known in one article only (``PER:t.@17``, ``PER:dũng@17``)."""
    return f"{key}@{doc}"


def _split_article_key(key: str) -> tuple[str, int] | None:
    """(corpus key, document) of an :func:`_article_key`, or None for any other key."""
    base, at, doc = key.rpartition("@")
    if not at or not doc.isdigit():
        return None
    kind, _, name = base.partition(":")
    return (base, int(doc)) if kind == "PER" and (initials_only(kind, name.upper()) or lone_given_name(name)) else None


class _Stats:
    """What the corpus table knows of one entity, kept small (there may be 100,000)."""

    __slots__ = ("names", "aliases", "roles", "docs", "mentions", "docs_sorted")

    def __init__(self) -> None:
        self.names: dict[str, int] = {}
        self.aliases: dict[str, int] = {}
        self.roles: dict[str, int] | None = None
        self.docs: list[int] = []
        self.mentions = 0
        self.docs_sorted = True

    def count(self, doc: int, name: str, alias: str, role: str | None) -> None:
        self.names[name] = self.names.get(name, 0) + 1
        self.aliases[alias] = self.aliases.get(alias, 0) + 1
        if role:
            if self.roles is None:
                self.roles = {}
            self.roles[role] = self.roles.get(role, 0) + 1
        if not self.docs or self.docs[-1] != doc:
            if self.docs and doc < self.docs[-1]:
                self.docs_sorted = False
            self.docs.append(doc)
        self.mentions += 1

    def uncount(self, doc: int, name: str, alias: str, role: str | None) -> None:
        for table, item in ((self.names, name), (self.aliases, alias), (self.roles, role)):
            if table is not None and item in table:
                table[item] -= 1
                if table[item] <= 0:
                    del table[item]
        if doc in self.docs:
            self.docs.remove(doc)
        self.mentions -= 1

    def absorb(self, other: _Stats) -> None:
        """Add another entity's counts (an acronym merged into its expansion)."""
        for table, items in ((self.aliases, other.aliases), (self.names if not self.names else None, other.names)):
            if table is not None:
                for item, n in items.items():
                    table[item] = table.get(item, 0) + n
        for role, n in (other.roles or {}).items():
            if self.roles is None:
                self.roles = {}
            self.roles[role] = self.roles.get(role, 0) + n
        self.docs = sorted(set(self.docs) | set(other.docs))
        self.docs_sorted = True
        self.mentions += other.mentions

    def sorted_docs(self) -> list[int]:
        if not self.docs_sorted:
            self.docs = sorted(set(self.docs))
            self.docs_sorted = True
        return self.docs


def _most_common(table: dict[str, int] | None) -> list[str]:
    return [item for item, _ in sorted((table or {}).items(), key=lambda kv: -kv[1])]




class _MentionStore:
    """Mentions of every document, packed as integers with a shared table of strings:
    about 32 bytes a mention instead of a few hundred as objects."""

    def __init__(self) -> None:
        self._docs: dict[int, array] = {}
        self._ids: dict[str, int] = {"": 0}
        self._strings: list[str] = [""]
        self._types: list[str] = list(ENTITY_TYPES)
        self._folded: list[str | None] = []  # the key form of each string, once asked for (main_rows)
        self._type_ids: dict[str, int] = {kind: number for number, kind in enumerate(self._types)}

    def _id(self, value: str | None) -> int:
        if not value:
            return 0
        found = self._ids.get(value)
        if found is None:
            found = self._ids[value] = len(self._strings)
            self._strings.append(value)
        return found

    def _type_id(self, kind: str) -> int:
        found = self._type_ids.get(kind)
        if found is None:
            if kind not in self._types:  # (types restored from a cache entry are in the list only)
                self._types.append(kind)
            found = self._type_ids[kind] = self._types.index(kind)
        return found

    def put(self, doc: int, rows: Sequence[MentionRow]) -> None:
        """Pack ``doc``'s mentions.  A corpus has a million of them: known strings are found
        with one dictionary look-up each, and a role or value that is None (most are) costs none."""
        ids, new_id, type_ids = self._ids.get, self._id, self._type_ids.get
        values: list[int] = []
        for start, end, kind, text, name, role, block, value, credit in rows:
            kind_id = type_ids(kind)
            if kind_id is None:
                kind_id = self._type_id(kind)
            values += (
                start, end, kind_id, ids(text) or new_id(text), ids(name) or new_id(name),
                (ids(role) or new_id(role)) if role else 0,
                block_flags(block, credit),
                (ids(value) or new_id(value)) if value else 0,
            )
        self._docs[doc] = array("I", values)

    def renumbered(self, batch: PackedBatch) -> Iterator[array]:
        """Each document's packed mentions of a batch the second process packed
        (:func:`.packing.pack_batch`), in this table's numbers: the batch's new strings
        take theirs in the batch's order (that of :meth:`put`), all at once."""
        kinds, strings, values, counts = batch
        ids, new_id = self._ids.get, self._id
        string_ids = np.fromiter((ids(s) or new_id(s) for s in strings), dtype=np.uint32, count=len(strings))
        kind_ids = np.fromiter(map(self._type_id, kinds), dtype=np.uint32, count=len(kinds))
        table = np.frombuffer(values, dtype=np.uint32).reshape(-1, FIELDS).copy()
        if len(table):
            table[:, 2] = kind_ids[table[:, 2]]
            for column in (3, 4, 5, 7):
                table[:, column] = string_ids[table[:, column]]
        flat = memoryview(table.reshape(-1)).cast("B")
        width = FIELDS * table.itemsize
        at = 0
        for count in counts:
            packed = array("I")
            packed.frombytes(flat[at : at + count * width])
            at += count * width
            yield packed

    def put_packed(self, doc: int, packed: array) -> None:
        """``doc``'s mentions, packed in this table's numbers (:meth:`renumbered`)."""
        self._docs[doc] = packed

    def rows(self, doc: int) -> list[tuple]:
        """(type, text, name, role, block, value, credit) of each mention of ``doc``: what the
        corpus table counts, without building :class:`Mention` objects."""
        packed = self._docs.get(doc)
        if not packed:
            return []
        strings, types = self._strings, self._types
        return [
            (types[packed[i + 2]], strings[packed[i + 3]], strings[packed[i + 4]], strings[packed[i + 5]] or None,
             _BLOCKS[packed[i + 6] & 1], strings[packed[i + 7]] or None, bool(packed[i + 6] & _CREDIT_BIT))
            for i in range(0, len(packed), 8)
        ]

    def docs_with_credits(self) -> list[int]:
        """Documents with a credit among their mentions, read from the packed flags."""
        return [doc for doc, packed in self._docs.items() if any(flag & _CREDIT_BIT for flag in packed[6::8])]

    def get(self, doc: int) -> list[Mention]:
        packed = self._docs.get(doc)
        if not packed:
            return []
        strings, types = self._strings, self._types
        return [
            Mention(
                packed[i], packed[i + 1], types[packed[i + 2]], strings[packed[i + 3]], strings[packed[i + 4]],
                strings[packed[i + 5]] or None, _BLOCKS[packed[i + 6] & 1], strings[packed[i + 7]] or None,
                bool(packed[i + 6] & _CREDIT_BIT),
            )
            for i in range(0, len(packed), 8)
        ]

    def spans(self, doc: int) -> list[tuple[int, int, str, str, str, bool]]:
        """(start, end, type, text, name, credit) of each mention of ``doc``."""
        packed = self._docs.get(doc)
        if not packed:
            return []
        string = self._strings.__getitem__  # (each field a column, read in C: a corpus has a million mentions)
        return list(zip(packed[0::8], packed[1::8], map(self._types.__getitem__, packed[2::8]), map(string, packed[3::8]),
                        map(string, packed[4::8]), map(bool, map(_CREDIT_BIT.__and__, packed[6::8]))))

    def __contains__(self, doc: int) -> bool:
        return doc in self._docs

    def pop(self, doc: int) -> list[Mention]:
        mentions = self.get(doc)
        self._docs.pop(doc, None)
        return mentions

    def main_rows(self, docs: Sequence[int]) -> tuple[np.ndarray, list[str]]:
        """The main-text mentions of ``docs`` (no credits), without making a ``Mention`` each:
        rows of ``(doc, start, end, code)`` in document then stored order, and the key of each
        code (the mention's :func:`mention_key`, before any merge)."""
        packed = [self._docs.get(doc) for doc in docs]
        lengths = np.fromiter((len(p) // 8 if p else 0 for p in packed), dtype=np.int64, count=len(packed))
        fields = np.frombuffer(b"".join(p.tobytes() for p in packed if p), dtype=np.uint32).reshape(-1, 8)
        keep = np.flatnonzero(fields[:, 6] == 0)  # the main block, not a credit
        doc_of_row = np.repeat(np.asarray(docs, dtype=np.int64), lengths)[keep]
        kind_of_row, value_of_row = fields[keep, 2].astype(np.int64), fields[keep, 7]
        kinds = len(self._types)
        # A date with an ISO value is keyed by the value (see mention_key): its own kind of pair.
        valued = (kind_of_row == self._types.index("DATE")) & (value_of_row != 0) if "DATE" in self._types \
            else np.zeros(len(keep), dtype=bool)
        pairs = np.where(valued, value_of_row, fields[keep, 4]).astype(np.int64) * (2 * kinds) + kind_of_row \
            + valued * kinds
        unique, codes = np.unique(pairs, return_inverse=True)
        strings, folded = self._strings, self._folded
        folded.extend([None] * (len(strings) - len(folded)))
        keys = []
        for pair in unique.tolist():
            string, kind = divmod(pair, 2 * kinds)
            if kind >= kinds:
                keys.append("DATE:" + strings[string])
                continue
            name = folded[string]
            if name is None:  # folded once per name: a profile meets tens of thousands
                name = folded[string] = _fold_name(strings[string])
            if self._types[kind] == "PER" and " " not in name and lone_given_name(strings[string]):
                keys.append(article_base("PER", strings[string]))
            else:
                keys.append(self._types[kind] + ":" + name)
        rows = np.stack((doc_of_row, fields[keep, 0], fields[keep, 1], codes.reshape(-1)), axis=1)
        return rows.reshape(-1, 4), keys


class EntityIndex:
    """Entities of a corpus: per document (for the reader) and per entity (for the table).

    Documents are numbered by their position in the corpus list, so the index
    can be built in batches as articles load (:meth:`add`); the corpus table is
    kept up to date entity by entity, so asking for it between batches costs
    only what changed.  Entities of the related-stories block are not counted
    in the corpus table (they belong to other stories) but are listed per
    document by ``entities_of(doc, "related")``.  Credits (bylines, sources,
    photo credits) are counted nowhere and listed by :meth:`credits_of`.
    """

    def __init__(self, extractor: EntityExtractor | None = None) -> None:
        self.extractor = extractor or EntityExtractor()
        self._mentions = _MentionStore()
        self._stats: dict[str, _Stats] = {}
        self._credit_stats: dict[str, _Stats] | None = None  # who signed the articles: made when asked
        self._redirect: dict[str, str] = {}
        self._entities: dict[str, Entity] = {}
        self._dirty: set[str] = set()
        self._sorted: dict[str | None, list[Entity]] = {}
        #: Documents whose mentions the corpus table has not counted yet: it counts them
        #: when it is first read, so a command that only lists spans never pays for it.
        self._uncounted: dict[int, None] = {}
        #: Whether :meth:`merge_short_forms` was asked for and waits for the table's next reading.
        self._short_forms_due = False
        #: The corpus table in order as a cache entry stored it (``type -> rows``, set by
        #: ``tui.core.persist``): read instead of decoding and sorting every entity, until
        #: anything changes.
        self._stored_table: Callable[[str | None], list[Entity]] | None = None
        #: The loader adds mentions while the explorer reads entities from other
        #: threads; the tables change together, so one lock covers them.
        self._lock = threading.RLock()

    @classmethod
    def build(cls, articles: Sequence[Article], extractor: EntityExtractor | None = None) -> EntityIndex:
        index = cls(extractor)
        index.add(articles, 0)
        index.merge_short_forms()
        return index

    def add(self, articles: Sequence[Article], first_doc: int) -> None:
        """Extract and index ``articles``, numbered from ``first_doc``."""
        for offset, article in enumerate(articles):
            self.add_rows(first_doc + offset, self.extractor.extract_rows(article))

    def add_mentions(self, doc: int, mentions: list[Mention]) -> None:
        """Index mentions already extracted for document ``doc`` (e.g. read from a cache);
        a document indexed again replaces its earlier mentions."""
        self.add_rows(doc, [m.row() for m in mentions])

    def add_rows(self, doc: int, rows: list[MentionRow]) -> None:
        """:meth:`add_mentions` of rows (:meth:`.EntityExtractor.extract_rows`), the cheaper form."""
        with self._lock:
            self._add_rows(doc, rows)

    def add_batch(self, docs: Sequence[int], batch: PackedBatch) -> None:
        """:meth:`add_rows` of each of ``docs``, their rows packed by :func:`.packing.pack_batch`
        (in the second process of a cold load: this one then makes no tuple of them)."""
        with self._lock:
            for doc, packed in zip(docs, self._mentions.renumbered(batch)):
                self._make_room(doc)
                self._mentions.put_packed(doc, packed)
                self._uncounted[doc] = None

    def _add_rows(self, doc: int, rows: list[MentionRow]) -> None:
        self._make_room(doc)
        self._mentions.put(doc, rows)
        self._uncounted[doc] = None

    def _make_room(self, doc: int) -> None:
        """Before ``doc``'s mentions are added: the merge asked for before them done, and
        any mentions it had taken away (a document indexed again replaces them)."""
        if self._short_forms_due:
            self._count_uncounted()  # what came before the merge is merged first, as it was asked
        if doc in self._mentions:
            self._remove(doc)
        self._credit_stats = None

    def _count_uncounted(self) -> None:
        """Count the documents added since the table was last read (the lock held), in
        the order they were added: the same table as counting each one as it came."""
        if self._uncounted:
            docs, self._uncounted = self._uncounted, {}
            with _collector_paused():
                for doc in docs:
                    self._count(doc, self._mentions.rows(doc))
        if self._short_forms_due:
            self._short_forms_due = False
            self._merge_short_forms_now()

    def _count(self, doc: int, rows: list[tuple]) -> None:
        for kind, text, name, role, block, value, credit in rows:
            if block != "main" or credit or article_only(kind, name):
                continue
            key = self._canonical_key(_key_of(kind, name, value))
            stats = self._stats.get(key)
            if stats is None:
                stats = self._stats[key] = _Stats()
            stats.count(doc, name, " ".join(text.split()), role)
            self._dirty.add(key)
        for kind, text, name, role, block, value, credit in rows:
            if kind == "ORG" and block == "main" and not credit and is_acronym(text) and _fold_name(text) != _fold_name(name):
                self._merge(entity_key("ORG", text), entity_key("ORG", name))

    def _remove(self, doc: int) -> None:
        """Take a document's mentions out of the corpus table."""
        self._credit_stats = None
        self._count_uncounted()
        for m in self._mentions.pop(doc):
            if m.block != "main" or m.credit or article_only(m.type, m.name):
                continue
            key = self._canonical_key(mention_key(m))
            stats = self._stats.get(key)
            if stats is None:
                continue
            stats.uncount(doc, m.name, " ".join(m.text.split()), m.role)
            self._dirty.add(key)
            if stats.mentions <= 0:
                del self._stats[key]

    def _canonical_key(self, key: str) -> str:
        while key in self._redirect:
            key = self._redirect[key]
        return key

    def _merge(self, alias_key: str, target_key: str) -> None:
        """Fold the entity under ``alias_key`` (an acronym seen alone) into ``target_key`` —
        unless the acronym already stands for another name: one two bodies share (``GD&ĐT``,
        the ministry in one article, a province's department in another) merges neither
        name into the other."""
        if self._canonical_key(alias_key) != alias_key:
            return
        target_key = self._canonical_key(target_key)
        if alias_key == target_key:
            return
        self._redirect[alias_key] = target_key
        self._dirty.update((alias_key, target_key))
        source = self._stats.pop(alias_key, None)
        if source is None:
            return
        self._stats.setdefault(target_key, _Stats()).absorb(source)

    def merge_short_forms(self) -> None:
        """Once the corpus is in: a person called by one foreign word alone in some articles
        (``Park``, ``Mourinho``), or by the last two words of a Vietnamese name (``Văn Toàn``),
        is the one person of the corpus named in full with that short form (``Park Hang Seo``,
        ``Nguyễn Văn Toàn``), when exactly one is and some article calls that person so after
        naming them in full.  Never a Vietnamese given name alone (``Hùng`` is a different man
        in each article), never a longer name into a shorter one, never when two people share
        the short form (``Kim``, ``Văn Hậu`` of two men).

        Done when the table is next read (after the documents added so far are counted,
        before any added later), so a command that only lists spans never pays for it."""
        with self._lock:
            self._short_forms_due = True

    def _merge_short_forms_now(self) -> None:
        with self._lock:
            self._refresh()
            self._merge_spellings()
            full: dict[str, set[str]] = {}
            called: set[tuple[str, str]] = set()  # (short form, full key) seen together in an article
            for key, stats in self._stats.items():
                if key.startswith("PER:") and " " in key:
                    name = _most_common(stats.names)[0] if stats.names else key[4:]
                    aliases = {_fold_name(alias) for alias in stats.aliases}
                    for short in corpus_short_forms(name):
                        full.setdefault(short, set()).add(key)
                        if short in aliases:
                            called.add((short, key))
            for key in [k for k in self._stats if k.startswith("PER:") and k.count(" ") <= 1]:
                stats = self._stats[key]
                name = _most_common(stats.names)[0] if stats.names else key[4:]
                targets = full.get(key[4:], ())
                if len(targets) == 1 and may_be_a_short_form(name):
                    target = next(iter(targets))
                    if (key[4:], target) in called:  # an article calls this person so
                        self._merge(key, target)

    def _merge_spellings(self) -> None:
        """A foreign person whose given name the corpus spells two ways (``Aleksander Ceferin``,
        ``Alexander Ceferin``; ``Sergey``/``Sergei Lavrov``) is one person: the same family name, given
        names that differ only by a transliteration's letter classes (:func:`.merging.spelling_key`).
        Each spelling goes into the one in most articles, never where both spellings stand in
        one article (two people there: ``Denis`` and ``Dennis``).  (The lock held.)"""
        spellings: dict[str, list[str]] = {}
        for key in self._stats:
            if key.startswith("PER:") and " " in key and "@" not in key:
                spelled = spelling_key(key[4:])
                if spelled is not None:
                    spellings.setdefault(spelled, []).append(key)
        for keys in spellings.values():
            if len(keys) < 2:
                continue
            keys.sort(key=lambda k: (-len(set(self._stats[k].docs)), k))
            target = keys[0]
            for key in keys[1:]:
                if not set(self._stats[key].docs) & set(self._stats[target].docs):
                    self._merge(key, target)

    def _refresh(self) -> dict[str, Entity]:
        """Rebuild the entities that changed since the last call (the lock held)."""
        self._count_uncounted()
        if self._dirty:
            self._stored_table = None
            with _collector_paused():
                for key in self._dirty:
                    stats = self._stats.get(key)
                    if stats is None:
                        self._entities.pop(key, None)
                    else:
                        self._entities[key] = self._entity(key, stats)
            self._dirty.clear()
            self._sorted.clear()
        return self._entities

    @staticmethod
    def _entity(key: str, stats: _Stats) -> Entity:
        names = _most_common(stats.names)
        name = names[0] if names else key.split(":", 1)[1]
        return Entity(
            key=key,
            name=name,
            type=key.split(":", 1)[0],
            roles=_most_common(stats.roles),
            aliases=[alias for alias in _most_common(stats.aliases) if alias != name],
            doc_count=len(set(stats.docs)) if not stats.docs_sorted else len(stats.docs),
            mention_count=stats.mentions,
        )

    def entities(self, type: str | None = None) -> list[Entity]:
        """The corpus table: most frequent first (articles, then mentions, then name).

        Type and key break the remaining ties, so the order is total: the same
        corpus lists the same way from the cache and without it, in any process."""
        with self._lock:
            entities = self._refresh()
            found = self._sorted.get(type)
            if found is None and self._stored_table is not None:
                found = self._sorted[type] = self._stored_table(type)
            if found is None:
                # in pieces: one sort of 100k rows held the loading thread's GIL ~200 ms
                found = sorted_in_pieces((e for e in entities.values() if type is None or e.type == type),
                                         key=lambda e: (-e.doc_count, -e.mention_count, e.name, e.type, e.key))
                self._sorted[type] = found
            return list(found)

    def let_go(self) -> None:
        """Empty this index a piece at a time (an index replaced by its copy mapped from
        the cache): dropped whole, the million objects of 100k entities were freed in one
        call that held the GIL, and the explorer's event loop, for ~200 ms."""
        with self._lock:
            store = self._mentions
            empty_in_pieces(self._sorted, self._entities, self._stats, self._dirty, self._uncounted,
                            store._docs, store._ids, store._strings, store._folded)
            store._docs = {}  # it may be mapped rows (see tui.core.persist), which hold no objects
            self._credit_stats = None

    def mentions_of(self, doc: int) -> list[Mention]:
        with self._lock:
            return self._mentions.get(doc)

    def spans_of(self, doc: int) -> list[tuple[int, int, str, str, str, bool]]:
        """(start, end, type, text, name, credit) of each mention of ``doc``, in text order:
        what ``entities --spans`` prints, without building :class:`.Mention` objects."""
        with self._lock:
            return self._mentions.spans(doc)

    def entities_of(self, doc: int, block: str = "main") -> list[tuple[Entity, int]]:
        """Entities of one document with their mention counts there, most mentioned first.

        For the main block these are the corpus entities, but for a person named by
        initials or a given name alone, who is this article's only (:func:`article_only`,
        keyed by :func:`_article_key`); for the
        related block, entities made from this document's mentions alone."""
        mentions: dict[str, list[Mention]] = {}
        with self._lock:
            self._count_uncounted()
            for m in self._mentions.get(doc):
                if m.block == block and not m.credit:
                    if block == "main" and article_only(m.type, m.name):
                        key = _article_key(article_base(m.type, m.name), doc)
                    else:
                        key = self._canonical_key(mention_key(m))
                    mentions.setdefault(key, []).append(m)
            entities = self._refresh() if block == "main" else {}
        pairs = []
        for key, own in sorted(mentions.items(), key=lambda item: -len(item[1])):
            entity = entities.get(key) or self._entity(key, _stats_of(doc, own))
            pairs.append((entity, len(own)))
        return pairs

    def credits_of(self, doc: int) -> list[Mention]:
        """The bylines and credits of one document (its reporters, ``Theo Reuters``,
        photo credits), in text order: who wrote or supplied it, not what it is about,
        so they are in neither :meth:`entities_of` nor the corpus table."""
        with self._lock:
            return [m for m in self._mentions.get(doc) if m.credit]

    def _credits(self) -> dict[str, _Stats]:
        """The credits' table, made from the stored mentions when first asked after a change
        (the lock held): the cache stores mentions, not this table."""
        if self._credit_stats is None:
            self._credit_stats = {}
            for doc in sorted(self._mentions.docs_with_credits()):
                for m in self._mentions.get(doc):
                    if m.credit:
                        self._credit_stats.setdefault(mention_key(m), _Stats()).count(doc, m.name, " ".join(m.text.split()), None)
        return self._credit_stats

    def credit_entities(self, type: str | None = None) -> list[Entity]:
        """Who signs or supplies the corpus's articles (reporters, ``Theo Reuters``, photo
        credits), most articles first: the table an author filter picks from."""
        with self._lock:
            found = [self._entity(key, stats) for key, stats in self._credits().items()
                     if type is None or key.startswith(f"{type}:")]
        found.sort(key=lambda e: (-e.doc_count, -e.mention_count, e.name, e.type, e.key))
        return found

    def docs_credited(self, key: str) -> list[int]:
        """Articles that ``key`` (a credit's entity key, ``PER:truong thinh``) signs or supplies."""
        with self._lock:
            stats = self._credits().get(key)
            return list(stats.sorted_docs()) if stats else []

    def credit_key(self, name: str) -> str | None:
        """The key of the credit written ``name`` (any case, diacritics optional), if one is known."""
        wanted = _fold_name(" ".join(name.split()))
        with self._lock:
            credits = self._credits()
            for key in credits:
                if key.split(":", 1)[1] == wanted:
                    return key
            for key, stats in credits.items():
                if any(_fold_name(n) == wanted for n in stats.names):
                    return key
        return None

    def docs_with(self, key: str) -> list[int]:
        with self._lock:
            self._count_uncounted()
            stats = self._stats.get(self._canonical_key(key))
            if stats:
                return list(stats.sorted_docs())
        return [_split_article_key(key)[1]] if self._article_entity(key) else []

    def main_mention_rows(self, docs: Sequence[int]) -> tuple[np.ndarray, list[str]]:
        """Every main-text mention of ``docs`` as a row ``(doc, start, end, code)`` and the
        entity key of each code (merges applied): what a profile counts and lists, at
        array speed (``entities_of`` for each of 20,000 documents takes seconds)."""
        with self._lock:
            self._count_uncounted()  # the merges that keys are redirected by
            rows, keys = self._mentions.main_rows(docs)
            return _by_article_where_initials(rows, [self._canonical_key(key) for key in keys])

    def get(self, key: str) -> Entity | None:
        with self._lock:
            found = self._refresh().get(self._canonical_key(key))
        return found if found is not None else self._article_entity(key)

    def _article_entity(self, key: str) -> Entity | None:
        """The entity of an :func:`_article_key` (a person named by initials or a given name
        alone in one article), made from that article's mentions; None if it names no such person."""
        parts = _split_article_key(key)
        if parts is None:
            return None
        base, doc = parts
        own = [m for m in self.mentions_of(doc)
               if m.block == "main" and not m.credit and article_only(m.type, m.name) and article_base(m.type, m.name) == base]
        return self._entity(key, _stats_of(doc, own)) if own else None

    def counted(self) -> None:
        """Bring the corpus table up to date with every document added (before reading
        its tables directly, as the cache writer does)."""
        with self._lock:
            self._count_uncounted()

    def __len__(self) -> int:
        with self._lock:
            self._count_uncounted()
            return len(self._stats)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No garbage collection while the corpus table is counted or its entities made: a
    hundred thousand entities' counts and records are made at once, and none holds a cycle;
    the full collections they set off walked every article and mention loaded (0.7 CPU s
    of entities --json --no-cache on the real corpus)."""
    collecting = gc.isenabled()
    if collecting:  # (only the one who turned it off turns it on: threads may do this at once)
        gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _by_article_where_initials(rows: np.ndarray, keys: list[str]) -> tuple[np.ndarray, list[str]]:
    """Mention rows (``main_mention_rows``) with each person named by initials or a given name
    alone coded once per article (:func:`_article_key`), as :meth:`EntityIndex.entities_of` keys
    them: the ``T.`` or the ``Dũng`` of one article is not that of another."""
    local = [code for code, key in enumerate(keys)
             if key.startswith("PER:") and (initials_only("PER", key[4:].upper()) or lone_given_name(key[4:]))]
    if not local:
        return rows, keys
    chosen = np.isin(rows[:, 3], local)
    pairs, codes = np.unique(rows[chosen][:, [3, 0]], axis=0, return_inverse=True)
    rows = rows.copy()
    rows[chosen, 3] = len(keys) + codes.reshape(-1)
    return rows, keys + [_article_key(keys[code], doc) for code, doc in pairs.tolist()]


def _stats_of(doc: int, mentions: list[Mention]) -> _Stats:
    """Statistics of an entity from one document's mentions of it."""
    stats = _Stats()
    for m in mentions:
        stats.count(doc, m.name, " ".join(m.text.split()), m.role)
    return stats
