"""Word lists for entity extraction, loaded from plain-text files in ``data/``.

Every list is matched on *keyed* text (see :func:`vkey`): lower case, with
the old and new placements of tone marks made one (``Hoà``/``Hòa``), but with
diacritics kept, since in Vietnamese they tell words apart (``Vụ`` is a
department, ``Vũ`` a family name).  A separate check on the original text
keeps the capitals that matter (an entry's capitalised syllables must be
capitalised in the text, and short all-caps acronyms must match exactly), so
that "Nhân Dân" (the newspaper) is not found in "Nhân dân" (the people).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Final

#: A word (letters and digits).
WORD_RE = re.compile(r"[^\W_]+")

#: Old-style tone placement (``oà``, ``uỷ``) and its modern equivalent (``òa``, ``ủy``).
_TONE_SWAP: Final = {
    "o" + old: new + "a" for old, new in zip("àáảãạ", "òóỏõọ")
} | {"o" + old: new + "e" for old, new in zip("èéẻẽẹ", "òóỏõọ")} | {
    "u" + old: new + "y" for old, new in zip("ỳýỷỹỵ", "ùúủũụ")
}

#: The pairs of _TONE_SWAP as two patterns, one per first letter.  A pattern that opens with a
#: letter is looked for as ``str.find`` would, where one that opens with a class (``[ou]``) tests
#: every character of the text against the class: two passes take a third of the time of one over
#: an article.  They find what one pass would: no swap writes a pair (``òa``, ``ủy`` open none).
_O_SWAP_RE: Final = re.compile("o[àáảãạèéẻẽẹ]")
_U_SWAP_RE: Final = re.compile("u[ỳýỷỹỵ]")
assert set(_TONE_SWAP) == {"o" + c for c in "àáảãạèéẻẽẹ"} | {"u" + c for c in "ỳýỷỹỵ"}


def _swap_tone(match: re.Match[str]) -> str:
    return _TONE_SWAP[match.group()]


#: The letters after ``o`` and after ``u`` in the pairs of _TONE_SWAP.
_O_SWAP_SECONDS: Final = frozenset("àáảãạèéẻẽẹ")
_U_SWAP_SECONDS: Final = frozenset("ỳýỷỹỵ")
assert {first + second for first, seconds in (("o", _O_SWAP_SECONDS), ("u", _U_SWAP_SECONDS)) for second in seconds} == set(_TONE_SWAP)
#: Up to this length (a word, a name) a pair is looked for before the pattern is run: the
#: pattern's ``sub`` is a Python call (about a thousand instructions in the compiled rules)
#: and most words with an ``o`` or a ``u`` have no pair; an article is left to the pattern.
_SHORT_KEY: Final = 40


def _pair_follows(lowered: str, first: str, seconds: frozenset[str]) -> bool:
    """Whether ``first`` stands before one of ``seconds`` somewhere in ``lowered``."""
    i = lowered.find(first)
    while i >= 0:
        if lowered[i + 1 : i + 2] in seconds:
            return True
        i = lowered.find(first, i + 1)
    return False


#: The compiled keying (``scan_kernels.native_vkey``: the key, or None for a text it leaves to
#: :func:`_vkey_plain`), or None; set at the end of this module (the kernels' module imports
#: the lexicon, which imports this module), so the word lists read here are keyed in Python.
_native_vkey: Callable[[str], str | None] | None = None


def vkey(text: str) -> str:
    """Lower-case ``text`` and unify tone-mark placement, keeping its length.

    The key keeps diacritics; offsets in the key are offsets in ``text``.
    """
    native = _native_vkey
    if native is not None:
        key = native(text)
        if key is not None:
            return key
    return _vkey_plain(text)


def _vkey_plain(text: str) -> str:
    """:func:`vkey` in Python (the compiled kernels' plain twin)."""
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(c.lower()[0] for c in text)
    short = len(lowered) <= _SHORT_KEY
    if "o" in lowered and (not short or _pair_follows(lowered, "o", _O_SWAP_SECONDS)):
        lowered = _O_SWAP_RE.sub(_swap_tone, lowered)
    if "u" in lowered and (not short or _pair_follows(lowered, "u", _U_SWAP_SECONDS)):
        lowered = _U_SWAP_RE.sub(_swap_tone, lowered)
    return lowered


@dataclass(frozen=True, slots=True)
class Entry:
    """One phrase of a lexicon: its keyed form and what it stands for."""

    key: str
    surface: str
    value: str
    cap_offsets: tuple[int, ...]
    exact: bool
    size: int  # len(key), read on every match
    #: A known name's type and canonical name (``value`` is ``"TYPE\tcanonical"`` in the names'
    #: lexicon), split once here where the rules split ``value`` or asked ``value.startswith``
    #: at every match (a Python call each in the compiled rules); ``kind`` is "" and ``name`` is
    #: ``value`` in the other lexicons.
    kind: str = ""
    name: str = ""


def _cap_offsets(surface: str) -> tuple[int, ...]:
    """Offsets of the syllable-initial capitals of ``surface``, which the text must share."""
    return tuple(m.start() for m in WORD_RE.finditer(surface) if m.group()[0].isupper())


def _is_short_acronym(surface: str) -> bool:
    """All-caps entries of up to four letters (``CA``, ``UN``, ``IS``) must match exactly."""
    letters = [c for c in surface if c.isalpha()]
    return 0 < len(letters) <= 4 and all(c.isupper() for c in letters)


class Lexicon:
    """Phrases indexed by their first keyed word, longest first."""

    def __init__(self) -> None:
        self._by_first: dict[str, list[Entry]] = {}
        self.first = self._by_first  # first keyed words, for a quick "in" check
        #: Per first word: its longer phrases grouped by their first word, the character after it
        #: and the next one (``công ty`` under ``công t``), or None for a word of one phrase; and
        #: its phrases too short for that (all of them for a word of one phrase).  Made for every
        #: first word at the first match after a phrase was added: a match looks up one dictionary,
        #: where it looked up the phrases and then their groups (a look-up each in the compiled rules).
        self._index: dict[str, tuple[dict[str, list[Entry]] | None, list[Entry]]] = {}
        self._stale = False

    def add(self, surface: str, value: str) -> None:
        surface = " ".join(surface.split())
        key = vkey(surface)
        first = WORD_RE.match(key)
        if not first:
            return
        kind, tab, name = value.partition("\t")
        entry = Entry(key, surface, value, _cap_offsets(surface), _is_short_acronym(surface), len(key),
                      kind if tab else "", name if tab else value)
        bucket = self._by_first.setdefault(first.group(), [])
        if any(e.key == key and e.surface == surface for e in bucket):
            return
        bucket.append(entry)
        bucket.sort(key=lambda e: -len(e.key))
        self._stale = True

    def starts_with(self, word: str) -> bool:
        """Whether some phrase begins with the keyed ``word`` (a fast pre-check)."""
        return word in self._by_first

    def match(self, text: str, keyed: str, pos: int, word: str, check_case: bool = True) -> Entry | None:
        """The longest entry found at ``pos`` whose first keyed word is ``word``.

        ``keyed`` is :func:`vkey` of ``text``.
        """
        if self._stale:
            self._reindex()
        index = self._index.get(word)
        if index is None:
            return None
        groups, shorts = index
        if groups is not None:
            group = groups.get(keyed[pos : pos + len(word) + 2])
            if group is not None:
                entry = _first_fit(group, text, keyed, pos, check_case)
                if entry is not None:
                    return entry
        return _first_fit(shorts, text, keyed, pos, check_case) if shorts else None

    def _reindex(self) -> None:
        self._index = {word: _index_bucket(len(word), bucket) for word, bucket in self._by_first.items()}
        self._stale = False

    def first_words(self) -> set[str]:
        return set(self._by_first)

    def __contains__(self, phrase: str) -> bool:
        key = vkey(phrase)
        first = WORD_RE.match(key)
        return bool(first) and any(e.key == key for e in self._by_first.get(first.group(), ()))


def _index_bucket(length: int, bucket: list[Entry]) -> tuple[dict[str, list[Entry]] | None, list[Entry]]:
    """A first word's phrases (``bucket``, longest first) for :meth:`Lexicon.match`: those longer
    than the word and a character after it, by the word and the two characters after it (the
    separator and the next word's first letter); and the others, in the bucket's order.  A word
    of one phrase (or none longer) has no groups (None): its phrases are tried as they are.

    Only the group of what the text has after the word can hold a phrase found there: one
    dictionary look-up narrows a bucket of dozens to a few, where one pattern of all its phrases
    cost a pattern's match, a Python call of a few thousand instructions in the compiled rules.
    Each group keeps the bucket's order, and a phrase of a group is longer than any of the others:
    the first to fit in the group, else among the others, is the one the bucket's order gives."""
    if len(bucket) == 1:
        return None, bucket
    groups: dict[str, list[Entry]] = {}
    shorts: list[Entry] = []
    for entry in bucket:
        if entry.size >= length + 2:
            groups.setdefault(entry.key[: length + 2], []).append(entry)
        else:
            shorts.append(entry)
    return (groups or None), shorts


#: The characters below U+2000 that ``str.isupper`` calls capitals: ``c in UPPER_CHARS or (ord(c) >= 0x2000
#: and c.isupper())`` is ``c.isupper()`` for one character ``c``, looked up in one C call in the compiled
#: rules, where ``isupper`` is a Python method call (their capitals are almost all below U+2000).
UPPER_CHARS: Final = frozenset(chr(code) for code in range(0x2000) if chr(code).isupper())


def _first_fit(entries: list[Entry], text: str, keyed: str, pos: int, check_case: bool) -> Entry | None:
    """The first of ``entries`` found at ``pos``: its key there and a word ending with it, its
    surface exactly if it is a short acronym, its capitals capitalised if ``check_case``.  (The
    key is looked for with ``str.find`` bounded to its length, a native call in the compiled
    rules, where ``str.startswith`` with a position is a Python method call.)"""
    size = len(keyed)
    for entry in entries:
        end = pos + entry.size
        if keyed.find(entry.key, pos, end) != pos:
            continue
        if end < size and keyed[end].isalnum():
            continue
        if entry.exact and text[pos:end] != entry.surface:
            continue
        if check_case:
            for off in entry.cap_offsets:
                char = text[pos + off]
                if not (char in UPPER_CHARS or (ord(char) >= 0x2000 and char.isupper())):
                    break
            else:
                return entry
            continue
        return entry
    return None


def _data_lines(name: str) -> list[str]:
    """Non-comment, non-blank lines of a data file shipped in ``tui/core/entities/data``."""
    raw = resources.files("tui.core.entities").joinpath("data", name).read_text(encoding="utf-8")
    return [line.strip() for line in raw.splitlines() if line.strip() and not line.startswith("#")]


def _alias_lines(name: str) -> Iterable[tuple[str, list[str]]]:
    """``canonical|alias|alias`` lines as (canonical, [canonical, aliases...])."""
    for line in _data_lines(name):
        names = [part.strip() for part in line.split("|") if part.strip()]
        if names:
            yield names[0], names


#: Location cues that are part of what a place is called (``Sông Lam``, ``chùa Kỳ Quang``),
#: unlike administrative ones (``tỉnh Lào Cai`` is ``Lào Cai``).
NAMED_CUES = {vkey(w) for w in (
    "sông", "suối", "núi", "dãy núi", "đèo", "hồ", "vịnh", "eo biển", "cửa khẩu", "cảng", "sân bay", "đường",
    "phố", "ngõ", "hẻm", "quốc lộ", "tỉnh lộ", "chợ", "bến xe", "vườn quốc gia", "khu bảo tồn", "di tích",
    "chùa", "đền", "nhà thờ", "lăng", "công viên", "quảng trường", "khu công nghiệp", "khu đô thị", "kcn",
    "bán đảo", "cánh đồng", "cầu", "sân", "sân vận động", "ngã ba", "ngã tư", "ngã năm", "khu du lịch",
    "trạm thu phí", "bến phà", "nhà ga", "ga", "khu đô thị mới", "khách sạn", "chung cư", "khu chung cư", "khu nghỉ dưỡng",
)}

#: Last words of the administrative cues an organisation's name may take in.
ADMIN_CUE_WORDS = {"tỉnh", "phố", "tp", "huyện", "quận", "xã", "trấn", "phường"}


@dataclass(slots=True)
class Gazetteer:
    """All the word lists the extractor consults, plus the user's additions."""

    names: Lexicon            # known entities: value is "TYPE\tcanonical"
    roles: Lexicon            # titles before a person's name
    org_heads: Lexicon        # capitalised words opening an organisation's name
    org_cues: set[str]        # lower-case words before an organisation's name
    person_cues: set[str]     # lower-case words before a person's name
    loc_span_cues: set[str]   # lower-case location cues that belong to the span
    loc_cues: set[str]        # words that are evidence of a location but stay outside
    named_cues: set[str]      # span cues that stay in the canonical name ("sông Lam")
    surnames: set[str]        # Vietnamese family names
    common: set[str]          # syllables that are mostly written in lower case
    never: set[str]           # phrases never listed as entities
    org_span_heads: set[str]  # lower-case institution heads that belong to the span
    org_tail_words: set[str]  # lower-case words that go on an organisation's name
    bigrams: set[str]         # common lower-case word pairs ("thể thao")
    cue_compounds: set[str]   # common words ending in a cue word ("trẻ em", "cảnh báo")
    org_span_last_words: set[str]  # last words of those heads and of administrative cues
    foreign_org_words: set[str]  # English words that make a foreign name an organisation
    foreign_common_words: set[str]  # English words that make it a title, product or event
    cue_last_words: set[str]  # last words of every cue: no context is read after other words
    people: dict[str, str]    # keyed name or alias of a known person -> canonical name
    first_words: set[str]     # first words of every role, head and known name
    loc_cue_first_words: set[str]  # first words of the location cues
    # (all sets hold keyed strings, see vkey)


def _acronym_lines() -> list[tuple[str, str]]:
    """``acronyms.txt`` as (what it is: ``LOC``, ``ORG`` or ``-``, the rest of the line)."""
    found = []
    for line in _data_lines("acronyms.txt"):
        kind, _, rest = line.partition(" ")
        found.append((kind, rest.strip()))
    return found


def _known_acronyms() -> list[tuple[str, str, list[str]]]:
    """Places and organisations known by an acronym: (type, canonical, [canonical, forms...])."""
    known = []
    for kind, rest in _acronym_lines():
        if kind in ("LOC", "ORG"):
            forms = [part.strip() for part in rest.split("|") if part.strip()]
            known.append((kind, forms[0], forms))
    return known


def _names_lexicon(extra: dict[str, list[str]] | None) -> Lexicon:
    names = Lexicon()
    for kind, filename in (("LOC", "loc_vietnam.txt"), ("LOC", "loc_vietnam_admin.txt"), ("LOC", "loc_world.txt"), ("ORG", "org_known.txt"), ("PER", "per_known.txt")):
        for canonical, forms in _alias_lines(filename):
            for form in forms:
                names.add(form, f"{kind}\t{canonical}")
    for kind, canonical, forms in _known_acronyms():
        for form in forms:
            names.add(form, f"{kind}\t{canonical}")
    for kind, forms in (extra or {}).items():
        for form in forms:
            if isinstance(form, str) and form.strip():
                names.add(form, f"{kind.upper()}\t{' '.join(form.split())}")
    return names


def _people(extra: dict[str, list[str]] | None) -> dict[str, str]:
    """Known people by every form of their name: ``putin`` -> ``Vladimir Putin``."""
    people = {vkey(form): canonical for canonical, forms in _alias_lines("per_known.txt") for form in forms}
    for form in (extra or {}).get("PER", []):
        if isinstance(form, str) and form.strip():
            people.setdefault(vkey(" ".join(form.split())), " ".join(form.split()))
    return people


def _phrases_lexicon(filename: str) -> Lexicon:
    lexicon = Lexicon()
    for canonical, forms in _alias_lines(filename):
        for form in forms:
            lexicon.add(form, canonical)
    return lexicon


@lru_cache(maxsize=1)
def _base_lists() -> tuple:
    """The lists that do not depend on the user's configuration, read once."""
    roles = _phrases_lexicon("roles.txt")
    org_heads = Lexicon()
    org_cues: set[str] = set()
    for line in _data_lines("org_heads.txt"):
        if line.startswith("~"):
            org_cues.add(vkey(line[1:].strip()))
        else:
            for form in line.split("|"):
                org_heads.add(form.strip(), form.strip())
    person_cues = {vkey(line) for line in _data_lines("person_cues.txt")}
    span_cues = {vkey(line[1:].strip()) for line in _data_lines("loc_cues.txt") if line.startswith("+")}
    loc_cues = {vkey(line[1:].strip()) for line in _data_lines("loc_cues.txt") if line.startswith("-")}
    surnames = {vkey(line) for line in _data_lines("surnames.txt")}
    common = {vkey(line) for line in _data_lines("common_syllables.txt")}
    non_entities = {vkey(line) for line in _data_lines("non_entities.txt")}
    non_entities |= {vkey(rest) for kind, rest in _acronym_lines() if kind == "-"}
    org_span_heads = {vkey(line) for line in _data_lines("org_span_heads.txt")}
    org_tail_words = {vkey(line) for line in _data_lines("org_tail_words.txt")}
    bigrams = {vkey(line) for line in _data_lines("common_bigrams.txt")}  # keyed, also when added by hand
    bigrams_with_cues = {vkey(line) for line in _data_lines("cue_compounds.txt")}
    foreign = _data_lines("foreign_words.txt")
    foreign_org = {vkey(w[1:]) for w in foreign if w.startswith("+")}
    foreign_common = {vkey(w) for w in foreign if not w.startswith("+")}
    return (roles, org_heads, org_cues, person_cues, span_cues, loc_cues, surnames, common, non_entities,
            org_span_heads, org_tail_words, bigrams, foreign_org, foreign_common, bigrams_with_cues)


def load_gazetteer(extra: dict[str, list[str]] | None = None, never: Iterable[str] = ()) -> Gazetteer:
    """Build the gazetteer: shipped lists plus ``extra`` names per type and ``never`` names."""
    (roles, org_heads, org_cues, person_cues, span_cues, loc_cues, surnames, common, non_entities,
     org_span_heads, org_tail_words, bigrams, foreign_org, foreign_common, cue_compounds) = _base_lists()
    never_set = set(non_entities) | {vkey(" ".join(n.split())) for n in never if isinstance(n, str)}
    names = _names_lexicon(extra)
    return Gazetteer(
        names=names,
        roles=roles,
        org_heads=org_heads,
        org_cues=org_cues,
        person_cues=person_cues,
        loc_span_cues=span_cues,
        loc_cues=loc_cues,
        named_cues=NAMED_CUES,
        surnames=surnames,
        common=common,
        never=never_set,
        org_span_heads=org_span_heads,
        org_tail_words=org_tail_words,
        bigrams=bigrams,
        cue_compounds=cue_compounds,
        foreign_org_words=foreign_org,
        foreign_common_words=foreign_common,
        org_span_last_words={h.split(" ")[-1] for h in org_span_heads} | ADMIN_CUE_WORDS,
        cue_last_words={
            phrase.split(" ")[-1]
            for phrases in (org_span_heads, person_cues, span_cues, loc_cues, org_cues)
            for phrase in phrases
        } | ADMIN_CUE_WORDS,
        people=_people(extra),
        first_words=names.first_words() | roles.first_words() | org_heads.first_words(),
        loc_cue_first_words={cue.split(" ")[0] for cue in span_cues},
    )


from tui.core.entities.scan_kernels import native_vkey as _compiled_vkey  # noqa: E402 (by its full name: the compiled copy calls it too)

_native_vkey = _compiled_vkey
