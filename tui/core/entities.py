"""Named entities of Vietnamese news: people, organisations, places and dates.

Rules and word lists, no trained model.  Vietnamese capitalises every
syllable of a proper name (``Trần Thanh Mẫn``, ``Đông Nam Á``), so candidates
are runs of capitalised words; what decides their type is evidence around
and inside them:

* a title before a name (``Tổng Bí thư``, ``Chủ tịch Hạ viện Belarus``) makes it
  a person and is kept as the person's role, never as part of the name;
* an organisation head word (``Bộ``, ``Công ty``, ``Nhà máy``) opens an
  organisation, whose name may go on through lower-case syllables
  (``Đảng Cộng sản Việt Nam``, ``Nhà máy máy kéo Minsk``);
* a location cue (``tỉnh``, ``huyện``, ``đảo``) or preposition (``tại``, ``ở``)
  makes it a place; the cue belongs to the span (``tỉnh Thanh Hóa``), as in the
  usual annotation of Vietnamese news, but not to the canonical name;
* gazetteers of provinces, countries, capitals, regions and well-known
  organisations (``data/``) settle the rest, and Vietnamese family names
  mark bare personal names.

Within an article, aliases merge into one canonical name: ``Lukashenko`` and
``A. Lukashenko`` into ``Aleksandr Lukashenko``, an acronym in brackets into
its expansion, case variants into one.  :class:`EntityIndex` does the same
across the corpus.
"""

from __future__ import annotations

import re
import sys
import threading
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from .dates import find_dates
from .entity_scan import Candidate, Scanner, is_acronym, is_vietnamese_word
from .gazetteer import Gazetteer, load_gazetteer, vkey
from .model import Article
from .text import fold

__all__ = ["ENTITY_TYPES", "Entity", "EntityExtractor", "EntityIndex", "Mention", "rules_fingerprint"]

ENTITY_TYPES = ("PER", "ORG", "LOC", "DATE")


@dataclass(slots=True)
class Mention:
    """One occurrence of an entity: ``article.text[start:end] == text``.

    ``name`` is the canonical name (aliases merged within the article);
    ``role`` the title written before a person (``Tổng Bí thư``); ``block``
    is ``"main"`` for the article's own text and ``"related"`` for the
    trailing block of other stories' headlines; ``value`` is the ISO form
    of a date when the text determines it.
    """

    start: int
    end: int
    type: str
    text: str
    name: str
    role: str | None = None
    block: str = "main"
    value: str | None = None


# --------------------------------------------------------------------------
# Extraction.


@lru_cache(maxsize=1)
def rules_fingerprint() -> str:
    """A hash of the extraction rules and word lists: mentions cached by an earlier
    version of them must be extracted again."""
    import hashlib
    from importlib import resources

    digest = hashlib.sha256()
    package = resources.files("tui.core")
    for name in ("entities.py", "entity_scan.py", "dates.py", "gazetteer.py"):
        digest.update(package.joinpath(name).read_bytes())
    for item in sorted(package.joinpath("data").iterdir(), key=lambda p: p.name):
        if item.name.endswith(".txt"):
            digest.update(item.name.encode() + item.read_bytes())
    return digest.hexdigest()[:16]


class EntityExtractor:
    """Finds the entities of an article.  Build once, reuse for many articles.

    ``extra`` adds names to the gazetteers per type (``{"PER": [...], "ORG": [...],
    "LOC": [...]}``); ``never`` lists names that are never reported.
    """

    def __init__(self, extra: dict[str, list[str]] | None = None, never: Iterable[str] = ()) -> None:
        self.gazetteer = load_gazetteer(extra, never)

    def extract(self, article: Article) -> list[Mention]:
        """Mentions of ``article`` sorted by start, with canonical names merged per article."""
        original = article.text
        text = _scan_text(original)
        keyed = vkey(text)
        candidates: list[Candidate] = []
        acronyms: dict[str, str] = {}
        scanner = Scanner(self.gazetteer, text, keyed, candidates, acronyms)
        for start, end in _scan_ranges(article):
            scanner.scan(start, end)
        year = _article_year(article)
        for date in find_dates(text, year):
            candidates.append(Candidate(date.start, date.end, "DATE", date.text, value=date.value))
        resolved = _resolve(candidates, acronyms, self.gazetteer, text)
        text = original
        related = article.related_start
        if related is None:
            related = len(text) + 1
        skipped = _skipped_ranges(article)
        if skipped:
            resolved = [c for c in resolved if not any(a <= c.start < b for a, b in skipped)]
        resolved.sort(key=lambda c: (c.start, -c.end))
        intern = sys.intern  # the same names come back in every article: share the strings
        return [
            Mention(
                c.start, c.end, c.kind, intern(text[c.start : c.end]), intern(c.name),
                intern(c.role) if c.role else None, "related" if c.start >= related else "main", c.value,
            )
            for c in _drop_overlaps(resolved)
        ]


_JOINED_SYLLABLES_RE = re.compile(r"(?<=[^\W\d_])_(?=[^\W\d_])")


def _scan_text(text: str) -> str:
    """The text the rules read: word-segmented input joins the syllables of a word with
    underscores (``Hà_Nội``), which are read as spaces (same length, same offsets)."""
    return _JOINED_SYLLABLES_RE.sub(" ", text) if "_" in text else text


def _scan_ranges(article: Article) -> list[tuple[int, int]]:
    """Paragraphs to read: everything but image file names."""
    ranges = [(p.start, p.end) for p in article.paragraphs if p.kind != "image"]
    return ranges or [(0, len(article.text))]


def _skipped_ranges(article: Article) -> list[tuple[int, int]]:
    return [(p.start, p.end) for p in article.paragraphs if p.kind == "image"]


def _article_year(article: Article) -> int | None:
    if article.date and re.match(r"\d{4}", article.date):
        return int(article.date[:4])
    return None


def _drop_overlaps(mentions: list[Candidate]) -> list[Candidate]:
    """Keep the first (longest at equal start) of overlapping mentions (sorted by start)."""
    kept: list[Candidate] = []
    last_end = -1
    for m in mentions:
        if m.start >= last_end:
            kept.append(m)
            last_end = m.end
    return kept


# --------------------------------------------------------------------------
# Canonical names within an article.


@lru_cache(maxsize=65536)
def _fold_name(name: str) -> str:
    return fold(name)


@lru_cache(maxsize=65536)
def _key_name(name: str) -> str:
    return vkey(name)


def _starts_with_initial(name: str) -> bool:
    """``A. Lukashenko``: an initial for a first name."""
    return name[1:3] == ". " and name[0].isalpha()


def _last_word(name: str) -> str:
    return _fold_name(name.rsplit(" ", 1)[-1])


def _resolve(candidates: list[Candidate], acronyms: dict[str, str], gaz: Gazetteer, text: str) -> list[Candidate]:
    """Settle types and canonical names: aliases, initials, acronyms, case variants,
    and the type of names in a list with others (``Vinhomes, Hòa Phát, VietinBank``).

    ``candidates`` come from the scanner in text order (dates may follow).
    """
    names = [c for c in candidates if c.kind != "DATE"]
    unknown = [i for i, c in enumerate(names) if c.kind is None]
    for i in unknown:
        if " " in names[i].name:  # a foreign full name is a person, even in a list
            names[i].kind = _default_type(names[i], gaz)
    if unknown:
        _type_by_coordination(names, unknown, text)
    full_people, known_types = _article_names(names, acronyms)
    result: list[Candidate] = [c for c in candidates if c.kind == "DATE"]
    never = gaz.never
    for c in names:
        kind, name = c.kind, c.name
        key = _fold_name(name)
        if kind == "PER" and name[1:3] == ". ":
            full = full_people.get(_last_word(name)) or gaz.people.get(_key_name(name.rsplit(" ", 1)[-1]))
            if full and _fold_name(full)[0] == key[0]:
                c.name = full
        elif kind == "PER" and _key_name(name) in gaz.people:
            c.name = gaz.people[_key_name(name)]  # "Putin" is "Vladimir Putin"
        elif (kind is None or kind == "PER") and c.tokens == 1 and key in full_people:
            c.kind, c.name = "PER", full_people[key]
        elif kind is None or key in known_types:
            known = known_types.get(key)
            if known and (kind is None or kind == known[0]):
                c.kind, c.name = known
        if c.kind is None:
            c.kind = _default_type(c, gaz)
            if c.kind is None:
                continue
        if _key_name(c.name) in never:
            continue
        result.append(c)
    _merge_case_variants(result)
    return result


def _article_names(names: list[Candidate], acronyms: dict[str, str]) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """The article's people by the last word of their full name (``Lukashenko`` →
    ``Aleksandr Lukashenko``, unless two people share it), and the type and
    canonical name of every name typed somewhere in the article."""
    full_people: dict[str, str] = {}
    ambiguous: set[str] = set()
    known_types: dict[str, tuple[str, str]] = {}
    for c in names:
        kind = c.kind
        if kind is None:
            continue
        name = c.name
        known_types.setdefault(_fold_name(name), (kind, name))
        if kind == "PER" and " " in name and not _starts_with_initial(name):
            last = _last_word(name)
            current = full_people.setdefault(last, name)
            if current is not name and _fold_name(current) != _fold_name(name):
                ambiguous.add(last)
    for key in ambiguous:
        del full_people[key]
    for acronym, expansion in acronyms.items():
        known_types[_fold_name(acronym)] = ("ORG", expansion)
    return full_people, known_types


_LIST_SEPARATORS = (", ", " và ", " hay ", " hoặc ", ",")


def _type_by_coordination(names: list[Candidate], unknown: list[int], text: str) -> None:
    """A name of unknown type listed next to a typed one takes its type."""
    for _ in range(2):  # a second pass carries types along a list
        for i in unknown:
            c = names[i]
            if c.kind is not None:
                continue
            if i > 0 and names[i - 1].kind is not None and text[names[i - 1].end : c.start] in _LIST_SEPARATORS:
                c.kind = names[i - 1].kind
            elif i + 1 < len(names) and names[i + 1].kind is not None and text[c.end : names[i + 1].start] in _LIST_SEPARATORS:
                c.kind = names[i + 1].kind


def _default_type(c: Candidate, gaz: Gazetteer) -> str | None:
    """Type of a capitalised run with no evidence at all.

    Foreign multi-word names are mostly people, unless a word of theirs makes
    them an organisation (``Group``, ``United``) or a title, product or event
    (``League``, ``Find My``); anything else is too uncertain to list.
    """
    words = c.name.split(" ")
    keys = [_key_name(w) for w in words]
    if all(is_vietnamese_word(w) for w in words):
        return None
    if any(k in gaz.foreign_org_words for k in keys) and len(words) >= 2:
        return "ORG"
    if any(k in gaz.foreign_common_words for k in keys):
        return None
    name_like = all(w[:1].isupper() and (w[1:].islower() or w.endswith(".")) and w.isalpha() or w.endswith(".") for w in words)
    if 2 <= len(words) <= 4 and name_like:
        return "PER"
    return None


def _merge_case_variants(candidates: list[Candidate]) -> None:
    """``BELAZ`` and ``BelAZ`` are one name: keep the form that is not all capitals."""
    best: dict[tuple[str, str], str] = {}
    for c in candidates:
        key = (c.kind or "", _fold_name(c.name))
        current = best.get(key)
        if current is None or (current.isupper() and not c.name.isupper()):
            best[key] = c.name
    for c in candidates:
        c.name = best[(c.kind or "", _fold_name(c.name))]


# --------------------------------------------------------------------------
# The corpus-wide index.


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
    if m.type == "DATE" and m.value:
        return f"DATE:{m.value}"
    return entity_key(m.type, m.name)


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


#: Fields of a mention as stored by the index: 8 integers each (see :class:`_MentionStore`).
_BLOCKS = ("main", "related")


class _MentionStore:
    """Mentions of every document, packed as integers with a shared table of strings:
    about 32 bytes a mention instead of a few hundred as objects."""

    def __init__(self) -> None:
        self._docs: dict[int, array] = {}
        self._ids: dict[str, int] = {"": 0}
        self._strings: list[str] = [""]
        self._types: list[str] = list(ENTITY_TYPES)

    def _id(self, value: str | None) -> int:
        if not value:
            return 0
        found = self._ids.get(value)
        if found is None:
            found = self._ids[value] = len(self._strings)
            self._strings.append(value)
        return found

    def _type_id(self, kind: str) -> int:
        if kind not in self._types:
            self._types.append(kind)
        return self._types.index(kind)

    def put(self, doc: int, mentions: Sequence[Mention]) -> None:
        packed = array("I")
        for m in mentions:
            packed.extend((
                m.start, m.end, self._type_id(m.type), self._id(m.text), self._id(m.name),
                self._id(m.role), _BLOCKS.index(m.block), self._id(m.value),
            ))
        self._docs[doc] = packed

    def get(self, doc: int) -> list[Mention]:
        packed = self._docs.get(doc)
        if not packed:
            return []
        strings, types = self._strings, self._types
        return [
            Mention(
                packed[i], packed[i + 1], types[packed[i + 2]], strings[packed[i + 3]], strings[packed[i + 4]],
                strings[packed[i + 5]] or None, _BLOCKS[packed[i + 6]], strings[packed[i + 7]] or None,
            )
            for i in range(0, len(packed), 8)
        ]

    def __contains__(self, doc: int) -> bool:
        return doc in self._docs

    def pop(self, doc: int) -> list[Mention]:
        mentions = self.get(doc)
        self._docs.pop(doc, None)
        return mentions


class EntityIndex:
    """Entities of a corpus: per document (for the reader) and per entity (for the table).

    Documents are numbered by their position in the corpus list, so the index
    can be built in batches as articles load (:meth:`add`); the corpus table is
    kept up to date entity by entity, so asking for it between batches costs
    only what changed.  Entities of the related-stories block are not counted
    in the corpus table (they belong to other stories) but are listed per
    document by ``entities_of(doc, "related")``.
    """

    def __init__(self, extractor: EntityExtractor | None = None) -> None:
        self.extractor = extractor or EntityExtractor()
        self._mentions = _MentionStore()
        self._stats: dict[str, _Stats] = {}
        self._redirect: dict[str, str] = {}
        self._entities: dict[str, Entity] = {}
        self._dirty: set[str] = set()
        self._sorted: dict[str | None, list[Entity]] = {}
        #: The loader adds mentions while the explorer reads entities from other
        #: threads; the tables change together, so one lock covers them.
        self._lock = threading.RLock()

    @classmethod
    def build(cls, articles: Sequence[Article], extractor: EntityExtractor | None = None) -> EntityIndex:
        index = cls(extractor)
        index.add(articles, 0)
        return index

    def add(self, articles: Sequence[Article], first_doc: int) -> None:
        """Extract and index ``articles``, numbered from ``first_doc``."""
        for offset, article in enumerate(articles):
            self.add_mentions(first_doc + offset, self.extractor.extract(article))

    def add_mentions(self, doc: int, mentions: list[Mention]) -> None:
        """Index mentions already extracted for document ``doc`` (e.g. read from a cache);
        a document indexed again replaces its earlier mentions."""
        with self._lock:
            self._add_mentions(doc, mentions)

    def _add_mentions(self, doc: int, mentions: list[Mention]) -> None:
        if doc in self._mentions:
            self._remove(doc)
        self._mentions.put(doc, mentions)
        for m in mentions:
            if m.block != "main":
                continue
            key = self._canonical_key(mention_key(m))
            stats = self._stats.get(key)
            if stats is None:
                stats = self._stats[key] = _Stats()
            stats.count(doc, m.name, " ".join(m.text.split()), m.role)
            self._dirty.add(key)
        for m in mentions:
            if m.type == "ORG" and m.block == "main" and is_acronym(m.text) and _fold_name(m.text) != _fold_name(m.name):
                self._merge(entity_key("ORG", m.text), entity_key("ORG", m.name))

    def _remove(self, doc: int) -> None:
        """Take a document's mentions out of the corpus table."""
        for m in self._mentions.pop(doc):
            if m.block != "main":
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
        """Fold the entity under ``alias_key`` (an acronym seen alone) into ``target_key``."""
        alias_key, target_key = self._canonical_key(alias_key), self._canonical_key(target_key)
        if alias_key == target_key:
            return
        self._redirect[alias_key] = target_key
        self._dirty.update((alias_key, target_key))
        source = self._stats.pop(alias_key, None)
        if source is None:
            return
        self._stats.setdefault(target_key, _Stats()).absorb(source)

    def _refresh(self) -> dict[str, Entity]:
        """Rebuild the entities that changed since the last call (the lock held)."""
        if self._dirty:
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
        """The corpus table: most frequent first (articles, then mentions, then name)."""
        with self._lock:
            entities = self._refresh()
            found = self._sorted.get(type)
            if found is None:
                found = [e for e in entities.values() if type is None or e.type == type]
                found.sort(key=lambda e: (-e.doc_count, -e.mention_count, e.name))
                self._sorted[type] = found
            return list(found)

    def mentions_of(self, doc: int) -> list[Mention]:
        with self._lock:
            return self._mentions.get(doc)

    def entities_of(self, doc: int, block: str = "main") -> list[tuple[Entity, int]]:
        """Entities of one document with their mention counts there, most mentioned first.

        For the main block these are the corpus entities; for the related block,
        entities made from this document's mentions alone."""
        mentions: dict[str, list[Mention]] = {}
        with self._lock:
            for m in self._mentions.get(doc):
                if m.block == block:
                    mentions.setdefault(self._canonical_key(mention_key(m)), []).append(m)
            entities = self._refresh() if block == "main" else {}
        pairs = []
        for key, own in sorted(mentions.items(), key=lambda item: -len(item[1])):
            entity = entities.get(key) or self._entity(key, _stats_of(doc, own))
            pairs.append((entity, len(own)))
        return pairs

    def docs_with(self, key: str) -> list[int]:
        with self._lock:
            stats = self._stats.get(self._canonical_key(key))
            return list(stats.sorted_docs()) if stats else []

    def get(self, key: str) -> Entity | None:
        with self._lock:
            return self._refresh().get(self._canonical_key(key))

    def __len__(self) -> int:
        return len(self._stats)


def _stats_of(doc: int, mentions: list[Mention]) -> _Stats:
    """Statistics of an entity from one document's mentions of it."""
    stats = _Stats()
    for m in mentions:
        stats.count(doc, m.name, " ".join(m.text.split()), m.role)
    return stats
