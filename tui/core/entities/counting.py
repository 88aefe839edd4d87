"""The corpus table counted from the packed mentions at array speed, for the cache writer.

:class:`~.index.EntityIndex` counts its table one mention at a time into a ``_Stats``
per entity: on the real corpus, a million mentions and 100,000 entities, that is
~7 CPU seconds of Python and ~140 MB of objects (the cold explorer's peak), made only
to be written to the cache entry and let go.  Here the same table is counted with
numpy from the packed mentions, straight into the arrays the entry stores: the
same numbers and the same orders (names, aliases and roles in the order the
Python counting meets them, ties included).  Two corners are order-dependent and
small, so they run the index's own Python code on the few entities concerned:

* an acronym merged into its expansion (``_count``'s second loop): every mention of
  the entities linked by such merges is counted by :meth:`EntityIndex._count`, in
  order, on a scratch index;
* a person called by one foreign word or two Vietnamese ones alone (:meth:`EntityIndex.merge_short_forms`):
  decided from the counted arrays as the index decides it, then applied with
  ``_Stats.absorb`` on the people concerned.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..index import release_mapped_pages
from ..pieces import sorted_in_pieces
from .acronyms import is_acronym
from .index import EntityIndex, _Stats, article_only, corpus_short_forms, entity_key, may_be_a_short_form
from .merging import spelling_key
from .merging import _fold_name

#: The tables of counted strings an entity has, as ``_Stats`` names them.
TABLES = ("names", "aliases", "roles")
#: Mentions read from the mapped rows at a time (8 MB of them).
READ_ROWS = 1 << 18


@dataclass
class _Items:
    """Counted strings of one table: rows ``(entity, word, count, first)`` where ``first``
    orders an entity's words as the Python counting inserts them."""

    key: np.ndarray
    word: np.ndarray
    count: np.ndarray
    first: np.ndarray

    def without(self, keys: np.ndarray) -> "_Items":
        keep = ~np.isin(self.key, keys)
        return _Items(self.key[keep], self.word[keep], self.count[keep], self.first[keep])

    def plus(self, other: "_Items") -> "_Items":
        return _Items(*(np.concatenate((a, b)) for a, b in zip(self.astuple(), other.astuple())))

    def astuple(self) -> tuple[np.ndarray, ...]:
        return self.key, self.word, self.count, self.first


@dataclass
class CountedTable:
    """The corpus table as the cache entry stores it (see ``tui.core.persist``): entity
    keys in sorted order, each entity's sorted articles, mentions and counted names,
    aliases and roles (``(offsets, words, counts)`` over ``words``), the redirects of
    merged entities, and the table's rows and order as ``EntityIndex.entities()`` lists them."""

    keys: list[str]
    doc_offsets: np.ndarray
    docs: np.ndarray
    mentions: np.ndarray
    tables: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]
    words: list[str]
    redirect: dict[str, str]
    row_strings: list[str]
    row_sizes: np.ndarray
    order: np.ndarray


def can_count_packed(index: EntityIndex) -> bool:
    """Whether nothing of ``index``'s table is counted yet (the cold load's case): the
    arrays then give the whole table; otherwise the index counts the rest itself."""
    return not index._stats and not index._redirect and len(index._uncounted) == len(index._mentions._docs)


def count_packed(index: EntityIndex, docs: np.ndarray, offsets: np.ndarray,
                 packed: np.ndarray) -> CountedTable | None:
    """The table ``index`` would count, from its mentions packed as the entry stores them
    (``docs`` ascending, rows ``packed[offsets[i]:offsets[i+1]]``); None if some of it is
    counted already (:func:`can_count_packed`).  What it counts is taken under the index's
    lock, then counted without it: the explorer may read the index meanwhile (and make it
    count itself), its answers the same."""
    with index._lock:
        if not can_count_packed(index):
            return None
        order, short_forms = list(index._uncounted), index._short_forms_due
    return _Counting(index, order, short_forms, docs, offsets, packed).table()


class _Counting:
    """One counting of an index's table: the mentions' fields as arrays, the entity keys
    and words met so far (numbered), then :meth:`table`."""

    def __init__(self, index: EntityIndex, order: list[int], short_forms: bool, docs: np.ndarray,
                 offsets: np.ndarray, packed: np.ndarray) -> None:
        self.index = index
        self.short_forms = short_forms
        store = index._mentions
        self.strings, self.types = store._strings, store._types
        # A word (a name, alias or role) is numbered as the index's string of it, or after them.
        self._ids = store._ids if isinstance(store._ids, dict) else None
        self.extra_words: dict[str, int] = {}
        self.key_ids: dict[str, int] = {}
        self.keys: list[str] = []
        self._read_rows(order, np.asarray(docs), np.asarray(offsets), np.asarray(packed))

    # ------------------------------------------------------------------ the rows

    def _read_rows(self, order: list[int], docs: np.ndarray, offsets: np.ndarray, packed: np.ndarray) -> None:
        """The mentions in the order the index would count them (documents as added),
        the fields counting needs as a compact array each (4 bytes a mention), read a
        few MB of the mapped rows at a time, their pages let go after each."""
        order_numbers = np.asarray(order, dtype=np.int64)
        at = np.searchsorted(docs, order_numbers)
        size = (offsets[at + 1] - offsets[at]) // 8
        total = int(size.sum())
        self.doc = np.repeat(order_numbers.astype(np.int32), size)
        table = packed.reshape(-1, 8)
        in_order = len(order_numbers) == len(docs) and bool(np.all(order_numbers == docs))  # a cold load's case
        columns = {name: np.empty(total, dtype=np.uint32) for name in ("kind", "text", "name", "role", "value")}
        self.main = np.empty(total, dtype=bool)
        # each mention's row in ``table`` when the documents were added out of their order
        rows = None if in_order else np.repeat(offsets[at] // 8 - np.cumsum(size) + size, size) + np.arange(total)
        for first in range(0, total, READ_ROWS):
            last = min(first + READ_ROWS, total)
            part = table[first:last] if rows is None else table[rows[first:last]]
            for column, name in zip((2, 3, 4, 5, 7), ("kind", "text", "name", "role", "value")):
                columns[name][first:last] = part[:, column]
            self.main[first:last] = part[:, 6] == 0  # the main block, not a credit
            del part
            release_mapped_pages(packed)
        self.kind, self.text, self.name, self.role, self.value = (columns[n] for n in
                                                                  ("kind", "text", "name", "role", "value"))

    def _lookup(self, ids: np.ndarray, make, dtype) -> np.ndarray:
        """``make(string)`` of each string number in ``ids``, as a table by string number
        (made once per distinct string, read by a gather: no sort of a million numbers)."""
        seen = np.zeros(len(self.strings), dtype=bool)
        seen[ids] = True
        table = np.zeros(len(self.strings), dtype=dtype)
        for number in np.flatnonzero(seen).tolist():
            table[number] = make(self.strings[number])
        return table

    def _word_number(self, word: str) -> int:
        if self._ids is None:
            self._ids = {string: number for number, string in enumerate(self.strings)}
        found = self._ids.get(word)
        if found is None:
            found = self.extra_words.setdefault(word, len(self.strings) + len(self.extra_words))
        return found

    def _all_words(self) -> list[str]:
        return list(self.strings) + list(self.extra_words)

    def _key_id(self, key: str) -> int:
        found = self.key_ids.get(key)
        if found is None:
            found = self.key_ids[key] = len(self.keys)
            self.keys.append(key)
        return found

    def _raw_keys(self, counted: np.ndarray) -> np.ndarray:
        """The key of each mention before any merge (``_key_of``) as a key number, -1 for
        a mention not ``counted``."""
        kinds = len(self.types)
        valued = (self.kind == self.types.index("DATE")) & (self.value != 0) if "DATE" in self.types \
            else np.zeros(len(self.kind), dtype=bool)
        code = self.kind + valued * np.uint32(kinds)  # a dated DATE is keyed by its value: a kind of its own
        string = np.where(valued, self.value, self.name)
        del valued
        seen = np.zeros((2 * kinds, len(self.strings)), dtype=bool)
        seen[code[counted], string[counted]] = True
        table = np.full(seen.shape, -1, dtype=np.int32)
        for pair in np.flatnonzero(seen).tolist():
            code_of, number = divmod(pair, len(self.strings))
            value = self.strings[number]
            key = "DATE:" + value if code_of >= kinds else entity_key(self.types[code_of], value)
            table[code_of, number] = self._key_id(key)
        raw = table[code, string]
        raw[~counted] = -1
        return raw

    # ------------------------------------------------------------------ counting

    def table(self) -> CountedTable:
        per = self.types.index("PER") if "PER" in self.types else -1
        people = self.main & (self.kind == per)
        local = self._lookup(self.name[people], lambda s: article_only("PER", s), bool)  # initials, a given name alone
        counted = self.main.copy()
        counted[people] = ~local[self.name[people]]
        del people, local
        raw = self._raw_keys(counted)
        redirect = self._replay(self._acronym_events())
        # Every mention of an entity an acronym merge touches (the acronym's own among them)
        merged = np.asarray(sorted({self.key_ids[k] for pair in redirect.items() for k in pair}), dtype=np.int32)
        slow = np.isin(raw, merged)
        stats = self._count_in_python(np.flatnonzero(slow))
        fast = counted & ~slow
        del counted, slow
        keys = raw[fast]
        del raw
        items, docs, mentions, first_seen = self._count_fast(fast, keys)
        dropped: list[int] = []
        if self.short_forms:
            dropped = self._merge_short_forms(items, docs, mentions, first_seen, stats, redirect)
        return self._assemble(items, docs, mentions, stats, dropped, redirect)

    def _acronym_events(self) -> np.ndarray:
        """``(row, alias key, expansion key)`` of each ORG mention written as an acronym of
        another name, in counting order: ``_count`` merges the acronym into the name."""
        org = self.types.index("ORG") if "ORG" in self.types else -1
        chosen = self.main & (self.kind == org)
        acronyms = self._lookup(self.text[chosen], is_acronym, bool)
        chosen &= acronyms[self.text]
        rows = np.flatnonzero(chosen)
        found = []
        for row, text, name in zip(rows.tolist(), self.text[rows].tolist(), self.name[rows].tolist()):
            text, name = self.strings[text], self.strings[name]
            if _fold_name(text) != _fold_name(name):
                found.append((row, self._key_id(entity_key("ORG", text)), self._key_id(entity_key("ORG", name))))
        return np.asarray(found, dtype=np.int64).reshape(-1, 3)

    def _replay(self, events: np.ndarray) -> dict[str, str]:
        """The redirects the acronym merges leave (``EntityIndex._merge``, in order: an acronym
        already merged into one name is merged into no other)."""
        redirect: dict[str, str] = {}

        def canonical(key: str) -> str:
            while key in redirect:
                key = redirect[key]
            return key

        for _, alias, target in events.tolist():
            acronym = self.keys[alias]
            alias, target = canonical(acronym), canonical(self.keys[target])
            if alias != target and alias == acronym:
                redirect[alias] = target
        return redirect

    def _count_in_python(self, rows: np.ndarray) -> dict[str, _Stats]:
        """The entities linked by acronym merges, counted by the index's own code on their
        mentions alone, in order (the merges depend on the order; nothing else touches them)."""
        scratch = EntityIndex(self.index.extractor)
        strings, types = self.strings, self.types
        by_doc: list[tuple] = []
        current = None
        for row, doc, kind, text, name, role, value in zip(
                rows.tolist(), self.doc[rows].tolist(), self.kind[rows].tolist(), self.text[rows].tolist(),
                self.name[rows].tolist(), self.role[rows].tolist(), self.value[rows].tolist()):
            if doc != current and by_doc:
                scratch._count(current, by_doc)
                by_doc = []
            current = doc
            by_doc.append((types[kind], strings[text], strings[name], strings[role] or None, "main",
                           strings[value] or None, False))
        if by_doc:
            scratch._count(current, by_doc)
        return scratch._stats

    def _count_fast(self, fast: np.ndarray, keys: np.ndarray):
        """Every other entity's counts (the mentions ``fast``, keyed ``keys``), by arrays:
        its articles, mentions and the strings of each table with their counts, in the
        order they were first met.  The mentions' fields are let go of once read."""
        count = len(self.keys)
        doc, text, name, role = self.doc[fast], self.text[fast], self.name[fast], self.role[fast]
        self.kind = self.text = self.name = self.role = self.value = self.doc = self.main = None
        width = int(doc.max(initial=0)) + 1
        pairs = _distinct(keys.astype(np.int64) * width + doc)  # (entity, article) once each, sorted
        del doc
        docs = (pairs // width, pairs % width)
        del pairs
        aliases = self._lookup(text, lambda string: self._word_number(" ".join(string.split())), np.int32)
        items = {"aliases": self._items(keys, aliases[text])}
        del aliases, text
        items["names"] = self._items(keys, name)  # a name is its own word
        del name
        with_role = role != 0
        items["roles"] = self._items(keys[with_role], role[with_role])
        del role, with_role
        mentions = np.bincount(keys, minlength=count).astype(np.int64)
        first_seen = np.full(count, len(keys), dtype=np.int64)
        np.minimum.at(first_seen, keys, np.arange(len(keys)))
        return items, docs, mentions, first_seen

    @staticmethod
    def _items(keys: np.ndarray, words: np.ndarray) -> _Items:
        """Each (entity, word) pair once, with its count and its first mention (``np.unique``
        of the pairs with its index and counts, in fewer bytes a mention)."""
        order = np.lexsort((words, keys))  # stable: a pair's first mention comes first
        sorted_keys, sorted_words = keys[order], words[order]
        starts = np.flatnonzero(np.r_[True, (sorted_keys[1:] != sorted_keys[:-1])
                                      | (sorted_words[1:] != sorted_words[:-1])]) if len(order) \
            else np.zeros(0, dtype=np.int64)
        found = _Items(sorted_keys[starts].astype(np.int64), sorted_words[starts].astype(np.int64),
                       np.diff(np.r_[starts, len(order)]).astype(np.int64), order[starts])
        return found

    # ------------------------------------------------------------------ short forms

    def _merge_short_forms(self, items: dict[str, _Items], docs, mentions: np.ndarray, first_seen: np.ndarray,
                           stats: dict[str, _Stats], redirect: dict[str, str]) -> list[int]:
        """``EntityIndex._merge_short_forms_now`` on the counted arrays: the same decisions,
        the merges applied by ``_Stats.absorb`` on the people concerned (moved to ``stats``);
        the numbers of the entities merged away."""
        words = self._all_words()
        is_person = np.fromiter((key.startswith("PER:") for key in self.keys), dtype=bool, count=len(self.keys))
        is_person &= mentions > 0
        people = np.flatnonzero(is_person)
        people = people[np.argsort(first_seen[people], kind="stable")].tolist()  # the order keys were first counted
        top = self._most_common_firsts(items["names"], is_person)
        alias_of = self._grouped(items["aliases"], is_person)
        spelled = self._spelling_merges(people, docs, stats)  # (EntityIndex._merge_spellings)
        merged_into: dict[int, list[int]] = {}
        for key, target in spelled:
            merged_into.setdefault(self.key_ids[target], []).append(self.key_ids[key])
        gone = {self.key_ids[key] for key, _ in spelled}
        people = [number for number in people if number not in gone]
        full: dict[str, set[str]] = {}
        called: set[tuple[str, str]] = set()
        for number in people:
            key = self.keys[number]
            if " " not in key:
                continue
            name = words[top[number]] if number in top else key[4:]
            aliases = {_fold_name(words[w]) for n in [number, *merged_into.get(number, ())] for w in alias_of.get(n, ())}
            for short in corpus_short_forms(name):
                full.setdefault(short, set()).add(key)
                if short in aliases:
                    called.add((short, key))
        merges = []
        for number in people:
            key = self.keys[number]
            if key.count(" ") > 1:
                continue
            name = words[top[number]] if number in top else key[4:]
            targets = full.get(key[4:], ())
            if len(targets) == 1 and may_be_a_short_form(name):
                target = next(iter(targets))
                if (key[4:], target) in called:
                    merges.append((key, target))
        involved = {self.key_ids[k] for pair in spelled + merges for k in pair if k not in stats}
        stats.update(self._stats_of(involved, items, docs, mentions, words))
        for key, target in spelled + merges:
            redirect[key] = target
            stats[target].absorb(stats.pop(key))
        return [self.key_ids[key] for key, _ in spelled + merges]

    def _spelling_merges(self, people: list[int], docs, stats: dict[str, _Stats]) -> list[tuple[str, str]]:
        """``EntityIndex._merge_spellings`` on the counted arrays: (key, target) of each foreign
        person's spelling merged into the one in most articles, never two that share an article."""
        groups: dict[str, list[str]] = {}
        for number in people:
            key = self.keys[number]
            if " " in key and "@" not in key:
                spelled = spelling_key(key[4:])
                if spelled is not None:
                    groups.setdefault(spelled, []).append(key)
        found: list[tuple[str, str]] = []
        for keys in groups.values():
            if len(keys) < 2:
                continue
            articles = {key: set(stats[key].docs) if key in stats else set(docs[1][docs[0] == self.key_ids[key]].tolist()) for key in keys}
            keys.sort(key=lambda k: (-len(articles[k]), k))
            target = keys[0]
            for key in keys[1:]:
                if not articles[key] & articles[target]:
                    found.append((key, target))
        return found

    @staticmethod
    def _most_common_firsts(items: _Items, chosen: np.ndarray) -> dict[int, int]:
        """Entity number -> its most common word (first met among equals), for the entities
        ``chosen`` (a flag by entity number)."""
        rows = np.flatnonzero(chosen[items.key])
        order = rows[np.lexsort((items.first[rows], -items.count[rows], items.key[rows]))]
        keys = items.key[order]
        starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]]) if len(keys) else np.zeros(0, dtype=np.int64)
        return dict(zip(keys[starts].tolist(), items.word[order[starts]].tolist()))

    @staticmethod
    def _grouped(items: _Items, chosen: np.ndarray) -> dict[int, list[int]]:
        """Entity number -> its words, for the entities ``chosen``."""
        rows = np.flatnonzero(chosen[items.key])
        grouped: dict[int, list[int]] = {}
        for key, word in zip(items.key[rows].tolist(), items.word[rows].tolist()):
            grouped.setdefault(key, []).append(word)
        return grouped

    def _stats_of(self, numbers: set[int], items: dict[str, _Items], docs, mentions: np.ndarray,
                  words: list[str]) -> dict[str, _Stats]:
        """These entities' counts as the ``_Stats`` the index would hold, by key."""
        chosen = np.asarray(sorted(numbers), dtype=np.int64)
        found = {number: _Stats() for number in chosen.tolist()}
        for table in TABLES:
            these = items[table]
            rows = np.flatnonzero(np.isin(these.key, chosen))
            rows = rows[np.lexsort((these.first[rows], these.key[rows]))]
            for number, word, n in zip(these.key[rows].tolist(), these.word[rows].tolist(), these.count[rows].tolist()):
                counts = getattr(found[number], table)
                if counts is None:
                    counts = {}
                    setattr(found[number], table, counts)
                counts[words[word]] = n
        rows = np.flatnonzero(np.isin(docs[0], chosen))
        for number, doc in zip(docs[0][rows].tolist(), docs[1][rows].tolist()):
            found[number].docs.append(doc)
        for number, stats in found.items():
            stats.mentions = int(mentions[number])
        return {self.keys[number]: stats for number, stats in found.items()}

    # ------------------------------------------------------------------ the arrays

    def _assemble(self, items: dict[str, _Items], docs, mentions: np.ndarray, stats: dict[str, _Stats],
                  dropped: list[int], redirect: dict[str, str]) -> CountedTable:
        """The table's arrays, entities in key order, from the arrays counted and the
        ``stats`` counted in Python (which replace whatever the arrays hold for them);
        ``dropped`` entities are merged into others."""
        replaced = np.asarray(sorted({self.key_ids[k] for k in stats} | set(dropped)), dtype=np.int64)
        mentions = mentions.copy()
        mentions[replaced] = 0
        extra_items: dict[str, list[tuple[int, int, int, int]]] = {t: [] for t in TABLES}
        extra_docs: list[tuple[int, int]] = []
        for key, one in stats.items():
            number = self.key_ids[key]
            mentions[number] = one.mentions
            for table in TABLES:
                for place, (word, n) in enumerate((getattr(one, table) or {}).items()):
                    extra_items[table].append((number, self._word_number(word), n, place))
            extra_docs.extend((number, doc) for doc in one.sorted_docs())
        present = np.flatnonzero(mentions > 0)
        keys = sorted_in_pieces(self.keys[k] for k in present.tolist())
        rank = np.full(len(self.keys), -1, dtype=np.int64)
        rank[np.fromiter((self.key_ids[k] for k in keys), dtype=np.int64, count=len(keys))] = np.arange(len(keys))
        keep = ~np.isin(docs[0], replaced)
        doc_keys = np.concatenate((docs[0][keep], np.asarray([k for k, _ in extra_docs], dtype=np.int64)))
        doc_values = np.concatenate((docs[1][keep], np.asarray([d for _, d in extra_docs], dtype=np.int64)))
        doc_ranks = rank[doc_keys]
        order = np.lexsort((doc_values, doc_ranks))
        doc_offsets = np.zeros(len(keys) + 1, dtype=np.int64)
        np.cumsum(np.bincount(doc_ranks, minlength=len(keys)), out=doc_offsets[1:])
        doc_values = doc_values[order].astype(np.int32)
        del doc_keys, doc_ranks, order, keep
        tables, ranked = {}, {}
        for table in TABLES:  # one table at a time, the counted rows let go of as they are read
            extra = np.asarray(extra_items.pop(table), dtype=np.int64).reshape(-1, 4).T
            table_items = items.pop(table).without(replaced).plus(_Items(*extra))
            ranks = rank[table_items.key]
            stored = np.lexsort((table_items.first, ranks))
            offsets = np.zeros(len(keys) + 1, dtype=np.int64)
            np.cumsum(np.bincount(ranks, minlength=len(keys)), out=offsets[1:])
            tables[table] = (offsets, table_items.word[stored].astype(np.int32),
                             table_items.count[stored].astype(np.int32))
            del stored
            common = np.lexsort((table_items.first, -table_items.count, ranks))
            ranked[table] = (offsets, table_items.word[common].astype(np.int32))
            del table_items, ranks, common
        all_words = self._all_words()
        words, used = self._used_words(tables, all_words)
        entity_mentions = mentions[present][np.argsort(rank[present])]
        doc_counts = np.diff(doc_offsets)
        names = self._row_names(keys, ranked["names"], all_words)
        row_strings, row_sizes = self._rows(names, ranked, doc_counts, entity_mentions, all_words)
        table_order = self._table_order(keys, names, doc_counts, entity_mentions)
        return CountedTable(keys, doc_offsets, doc_values, entity_mentions,
                            {t: (o, used[w].astype(np.int32), c) for t, (o, w, c) in tables.items()},
                            words, redirect, row_strings, row_sizes, table_order)

    @staticmethod
    def _used_words(tables, all_words: list[str]) -> tuple[list[str], np.ndarray]:
        """The words the tables use, numbered in order, and each old number's new one."""
        used = _distinct(np.concatenate([w for _, w, _ in tables.values()] + [np.zeros(0, dtype=np.int64)]))
        renumber = np.full(max(len(all_words), 1), -1, dtype=np.int64)
        renumber[used] = np.arange(len(used))
        return [all_words[w] for w in used.tolist()], renumber

    @staticmethod
    def _row_names(keys: list[str], ranked, all_words: list[str]) -> list[str]:
        """Each entity's name: its most common (first met among equals)."""
        offsets, words = ranked
        firsts = offsets[:-1].tolist()
        has = np.diff(offsets).tolist()
        word_list = words.tolist()
        return [all_words[word_list[first]] if size else key.split(":", 1)[1]
                for key, first, size in zip(keys, firsts, has)]

    @staticmethod
    def _rows(names: list[str], ranked, doc_counts: np.ndarray, mentions: np.ndarray, all_words: list[str]):
        """Each entity's row as the entry stores it: name, roles then aliases (most
        common first, the name not among its aliases), and the sizes and counts."""
        role_offsets, role_words = (a.tolist() for a in ranked["roles"])
        alias_offsets, alias_words = (a.tolist() for a in ranked["aliases"])
        strings: list[str] = []
        sizes = np.zeros((len(names), 4), dtype=np.int64)
        for number, name in enumerate(names):
            roles = [all_words[w] for w in role_words[role_offsets[number] : role_offsets[number + 1]]]
            aliases = [all_words[w] for w in alias_words[alias_offsets[number] : alias_offsets[number + 1]]]
            aliases = [a for a in aliases if a != name]
            strings.append(name)
            strings += roles
            strings += aliases
            sizes[number, 0], sizes[number, 1] = len(roles), len(aliases)
        sizes[:, 2], sizes[:, 3] = doc_counts, mentions
        return strings, sizes

    @staticmethod
    def _table_order(keys: list[str], names: list[str], doc_counts: np.ndarray, mentions: np.ndarray) -> np.ndarray:
        """Entity numbers most frequent first (articles, then mentions, then name, type and
        key), the order of ``EntityIndex.entities()``."""
        name_rank = _ranks(names)
        type_rank = _ranks([key.split(":", 1)[0] for key in keys])
        return np.lexsort((np.arange(len(keys)), type_rank, name_rank, -mentions, -doc_counts)).astype(np.int32)


def _ranks(values: list[str]) -> np.ndarray:
    """Each value's place among the distinct values, sorted as Python sorts strings."""
    distinct = sorted_in_pieces(set(values))
    place = {value: number for number, value in enumerate(distinct)}
    return np.fromiter((place[v] for v in values), dtype=np.int64, count=len(values))


def _distinct(values: np.ndarray) -> np.ndarray:
    """``np.unique(values)`` by sorting: numpy 2's unique by hashing holds the GIL
    (~100 ms for a million numbers, a pause of the explorer), its sort does not."""
    ordered = np.sort(values)
    return ordered[np.r_[True, ordered[1:] != ordered[:-1]]] if len(ordered) else ordered
