"""Canonical names and types settled within an article: aliases (``Lukashenko`` is
``Aleksandr Lukashenko``), initials, acronyms, case variants, and the type of a name
listed beside typed ones."""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from typing import Final

from ..text import _FOLD_TABLE
from .gazetteer import WORD_RE, Gazetteer, _data_lines, vkey
from .lexicon import MEMO_SIZE, PRONOUN_CUES, is_vietnamese_word, word_key
from .mention import Candidate
from .people import major_places, personal_roles
from .places import districts_named_like_people
from .teams import clubs_named_after_places

_FOLDED: Final[dict[str, str]] = {}


def _fold_name(name: str) -> str:
    """:func:`.fold` of a name, remembered (see :data:`.lexicon.MEMO_SIZE`); its table is
    read here, not through ``fold``: the compiled rules call no interpreted function."""
    folded = _FOLDED.get(name)
    if folded is None:
        if len(_FOLDED) >= MEMO_SIZE:
            _FOLDED.clear()
        folded = _FOLDED[name] = name.translate(_FOLD_TABLE)
    return folded


def vietnamese_syllable(name: str) -> bool:
    """One word spelled as a Vietnamese syllable even without its marks (``Dũng``, ``Tư``; not
    ``Kanté``, ``Sánchez``, which papers also write ``Kante``, ``Sanchez``)."""
    return " " not in name and is_vietnamese_word(_fold_name(name))


_VIETNAMESE_NAMES: Final[dict[str, bool]] = {}


def vietnamese_name(name: str) -> bool:
    """Whether every word of ``name`` is spelled as a Vietnamese syllable (``Nguyễn Văn Toàn``;
    not ``Park Hang Seo``, ``Bệnh Alzheimer``).  Remembered, as :func:`_fold_name`: the rules
    ask it of the same names several times an article."""
    answer = _VIETNAMESE_NAMES.get(name)
    if answer is None:
        if len(_VIETNAMESE_NAMES) >= MEMO_SIZE:
            _VIETNAMESE_NAMES.clear()
        answer = _VIETNAMESE_NAMES[name] = all(is_vietnamese_word(w) for w in name.split(" "))
    return answer


_NAME_KEYS: Final[dict[str, str]] = {}


def _name_key(name: str) -> str:
    """The key a name is compared by within the article: folded (``Hà Nội``, ``Ha Noi``, ``HÀ
    NỘI`` are one place), but for one Vietnamese syllable, only in lower case: its tones tell
    people apart (``Tú`` is not ``Tư``, ``Tuấn`` not ``Tuần``).  Remembered, as :func:`_fold_name`."""
    key = _NAME_KEYS.get(name)
    if key is None:
        if len(_NAME_KEYS) >= MEMO_SIZE:
            _NAME_KEYS.clear()
        key = _NAME_KEYS[name] = name.lower() if vietnamese_syllable(name) else _fold_name(name)
    return key


_KEYS: Final[dict[str, tuple[str, str]]] = {}


def _keys_of(name: str) -> tuple[str, str]:
    """:func:`_name_key` and :func:`.word_key` of ``name``, remembered together (as
    :func:`_fold_name`): :func:`resolve_names` asks both of every name, and one look-up
    costs half as much as two."""
    keys = _KEYS.get(name)
    if keys is None:
        if len(_KEYS) >= MEMO_SIZE:
            _KEYS.clear()
        keys = _KEYS[name] = (_name_key(name), word_key(name))
    return keys


def _starts_with_initial(name: str) -> bool:
    """``A. Lukashenko``: an initial for a first name."""
    return name.find(". ", 1, 3) == 1 and name[0].isalpha()  # (name[1:3] == ". ", read in place)


def _last_word(name: str) -> str:
    return _name_key(name.rsplit(" ", 1)[-1])


def resolve_names(candidates: list[Candidate], acronyms: dict[str, str], gaz: Gazetteer, text: str) -> list[Candidate]:
    """Settle types and canonical names: aliases, initials, acronyms, case variants,
    and the type of names in a list with others (``Vinhomes, Hòa Phát, VietinBank``).

    ``candidates`` come from the scanner in text order (dates may follow).
    """
    names: list[Candidate] = []
    result: list[Candidate] = []  # (the dates first, then the names kept, in their order)
    for c in candidates:
        if c.kind == "DATE":
            result.append(c)
        else:
            names.append(c)
    unknown = [i for i, c in enumerate(names) if c.kind is None]
    organisations: list[Candidate] | None = None
    for i in unknown:
        c = names[i]
        if " " in c.name:  # a foreign full name is a person, even in a list
            c.kind = _default_type(c, gaz)
            if c.kind == "PER":  # unless the article names an organisation so: "CLB Slovan Liberec"
                if organisations is None:  # (the organisations as they stand at the first such name)
                    organisations = [o for o in names if o.kind == "ORG" and not o.credit]
                full = _organisation_called(organisations, _fold_name(c.name), gaz)
                if full is not None:
                    c.kind, c.name = "ORG", full
    listed = _people_listed_with_people(names, text, gaz)  # (before the list's unknowns take its types)
    if unknown:
        _type_by_coordination(names, unknown, text)
    # Each name keyed once for all the passes below (the names change only in the last loop, each once).
    keys: list[str] = []
    word_keys: list[str] = []
    for c in names:
        key, keyed = _keys_of(c.name)
        keys.append(key)
        word_keys.append(keyed)
    full_people, known_types, full_names = _article_names(names, keys, acronyms)
    name_heads: set[str] | None = None  # (the full names but their last word, for _complete_name: made on first use)
    strong_types: dict[str, tuple[str | None, str]] = {}
    if any(c.weak for c in names):  # (only a weak name reads them)
        strong_types = {key: (c.kind, c.name) for c, key in zip(names, keys)
                        if (c.kind == "LOC" or c.kind == "ORG") and not c.weak and not c.credit}
    cued_people = _cued_people(names, keys, word_keys, text, gaz)
    named_people = _people_named_so_elsewhere(names, keys, text, gaz, unknown)
    named_people.update(listed)
    clubs_named_after_places(names, text, lambda c: _without_place_cue(c, text, gaz))
    result_keys = [_name_key(c.name) for c in result]  # (for _merge_case_variants: each name keyed once)
    never, districts = gaz.never, districts_named_like_people()
    for i, c in enumerate(names):
        key, keyed = keys[i], word_keys[i]
        kind, name = c.kind, c.name
        person, place = kind == "PER", kind == "LOC"  # (asked once: the branches below ask again and again)
        if (person and keyed in districts and not c.role and not c.credit and key not in cued_people
                and _among_places(names, i, text, gaz)):
            c.kind = "LOC"  # "Vĩnh Trụ, Lý Nhân, Hà Nam": the district, not a Mr Lý Nhân
        elif person and not c.role and not c.credit and key not in cued_people and _street_in_address(names, i, text):
            c.kind = "LOC"  # "số 12 Nguyễn Chí Thanh, phường Láng Thượng": a street named after him
        elif place and key in cued_people and _without_place_cue(c, text, gaz):
            full = full_people.get(key)  # ("Văn Lâm" of "Đặng Văn Lâm", where the article names him in full)
            c.kind, c.name = "PER", full if full is not None and _given_name_of(name, full) else cued_people[key]  # "anh Hải Dương ... Hải Dương cười"
        elif (place and " " in name and key in full_people and _given_name_of(name, full_people[key])
              and _without_place_cue(c, text, gaz) and word_key(full_people[key].split(" ", 1)[0]) not in gaz.loc_span_cues):
            c.kind, c.name = "PER", full_people[key]  # "Văn Lâm" where the article names "Đặng Văn Lâm"
        elif place and key in named_people and text[c.start : c.end] == name and _without_place_cue(c, text, gaz):
            c.kind = "PER"  # "Công Phượng, Xuân Trường, Văn Toàn … Xuân Trường ghi bàn": the player, not the district
        elif person and name.find(". ", 1, 3) == 1:  # ("A. Lukashenko": name[1:3] == ". ", read in place)
            full = full_people.get(_last_word(name)) or gaz.people.get(word_key(name.rsplit(" ", 1)[-1]))
            if full and _fold_name(full)[0] == key[0]:
                c.name = full
        elif person and keyed in gaz.people:
            c.name = gaz.people[keyed]  # "Putin" is "Vladimir Putin"
        elif (kind is None or person) and c.tokens == 1 and key in full_people:
            c.kind, c.name = "PER", full_people[key]
        elif person and c.tokens == 2 and not c.credit and key in full_people:
            c.name = full_people[key]  # "Văn Toàn" after "Nguyễn Văn Toàn"
        elif c.weak and key in strong_types:  # "Lý Nhân 337" where the article says "huyện Lý Nhân"
            c.kind, c.name = strong_types[key]
        elif person and c.tokens > 1 and not c.credit:
            if name_heads is None:
                name_heads = {k[: k.rfind(" ")] for k in full_names if " " in k}
            if _fold_name(name) in name_heads:  # (a longer name of the article begins with this one)
                _complete_name(c, full_names, text)
        elif kind is None or key in known_types:
            known = known_types.get(key)
            if known and (kind is None or kind == known[0]):
                c.kind, c.name = known
        if c.kind is None:
            c.kind = _default_type(c, gaz)
            if c.kind is None:
                continue
        renamed = c.name is not name and c.name != name  # (the name an earlier mention gave is often the same words)
        if (word_key(c.name) if renamed else keyed) in never and not (c.kind == "PER" and _after_kinship_word(text, c.start)):
            continue
        result.append(c)
        result_keys.append(_name_key(c.name) if renamed else key)
    unread = _unread_mentions(candidates, cued_people, full_people, text)
    result.extend(unread)
    result_keys.extend(_name_key(c.name) for c in unread)
    _merge_case_variants(result, result_keys)
    return result


def _organisation_called(organisations: list[Candidate], folded: str, gaz: Gazetteer) -> str | None:
    """The first of the article's ``organisations`` also called by ``folded`` alone (a name,
    folded), or None: by its name itself (``câu lạc bộ | Slovan Liberec``) or by what follows
    its head (``CLB | Slovan Liberec``, ``Tập đoàn | Hon Hai``).  A foreign two-word name said
    alone elsewhere in the article is that organisation, not a person.  (Folding keeps each
    character's place, so what follows a head can be ``folded`` only where the folded name
    ends with a space and ``folded``: the head is looked up for those names alone.)"""
    tail = " " + folded
    for c in organisations:
        name = c.name
        own = _fold_name(name)
        if own == folded:
            return name
        if not own.endswith(tail):
            continue
        keyed = vkey(name)
        first = WORD_RE.match(keyed)
        head = gaz.org_heads.match(name, keyed, 0, first.group()) if first else None
        if (head is not None and name[head.size : head.size + 1] == " " and name[head.size + 1 : head.size + 2].isupper()
                and _fold_name(name[head.size + 1 :]) == folded):
            return name
    return None


def _phrases_before(text: str, start: int, gaz: Gazetteer) -> list[str]:
    """Keyed phrases of the one, two and three words right before ``start`` (within 40
    characters and the line).  Each phrase is sliced from the text where the space before it
    stands, not split into words and joined again: the compiled rules ask this of most names
    of a person or a place, and the copies cost more than the answer.  Only the word right
    before is keyed where no cue the rules ask about ends on it (:func:`_cue_last_words`): most
    words before a name end none."""
    if text[start - 1 : start] != " ":
        return []
    floor = max(0, start - 40)
    line = max(floor, text.rfind("\n", floor, start) + 1)
    end = start - 1  # (the space before the name)
    space = text.rfind(" ", line, end)
    word = word_key(text[space + 1 if space >= 0 else line : end])
    if space < 0 or word not in _cue_last_words(gaz):
        return [word]  # (no cue ends on this word: the longer phrases, which end on it too, are none)
    phrases = [word]
    cut = space
    while len(phrases) < 3:
        space = text.rfind(" ", line, cut)
        phrases.append(word_key(text[space + 1 if space >= 0 else line : end]))
        if space < 0:
            break
        cut = space
    return phrases


_CUE_LAST_WORDS: Final[list[tuple[Gazetteer, frozenset[str]]]] = []  # (the gazetteer, its words)


def _cue_last_words(gaz: Gazetteer) -> frozenset[str]:
    """The last words of every phrase the rules look for before a name (person and place cues,
    trades, kinship words), keyed: a phrase ends on the word right before the name, so where
    that word ends none, no longer phrase is one.  Made once for the gazetteer in use."""
    known = _CUE_LAST_WORDS
    if known and known[0][0] is gaz:
        return known[0][1]
    cues = (*gaz.person_cues, *gaz.loc_cues, *gaz.loc_span_cues, *personal_roles(), *PRONOUN_CUES)
    words = frozenset(cue.split(" ")[-1] for cue in cues)
    known[:] = [(gaz, words)]
    return words


#: Trades that, unlike the others, often stand before a place (``nghĩa trang liệt sĩ Vị Xuyên``).
_NOT_BEFORE_PLACES: Final = frozenset(("liệt sĩ",))

#: Person words that a people's or a country's name follows (``người Eskimo``).
_NATIONALITY_CUES: Final = frozenset(("người", "dân", "công dân"))


def _cued_people(names: list[Candidate], keys: list[str], word_keys: list[str], text: str, gaz: Gazetteer) -> dict[str, str]:
    """People named after a title or a person word (``ông``, ``tiền vệ``, ``bệnh nhân``) in
    this article, folded name → name: the evidence is strong, so it carries to the other
    mentions of the same name.  (``keys``, ``word_keys``: :func:`_name_key` and :func:`.word_key`
    of each name, as the caller has them.)"""
    people: dict[str, str] = {}
    places, cues, roles = major_places(), gaz.person_cues, personal_roles()
    for i, c in enumerate(names):
        key = keys[i]
        if c.kind != "PER" or key in people:  # (cued once already: nothing more to read of this mention)
            continue
        if c.credit or not vietnamese_name(c.name) or word_keys[i] in places or c.name.isupper():
            continue  # "Chủ tịch Hà Nội", "nghệ sĩ Trung Quốc": a place after all
        if c.role or _person_cue_before(text, c.start, gaz, cues):
            people[key] = c.name
    for i, c in enumerate(names):  # "thủ thành Văn Lâm": a district's name after a trade or a kinship word is a given name
        if (c.kind == "LOC" and " " in c.name and not c.credit and word_keys[i] not in places
                and vietnamese_name(c.name) and keys[i] not in people and _without_place_cue(c, text, gaz)
                and any((p in roles and p not in _NOT_BEFORE_PLACES) or p in PRONOUN_CUES for p in _phrases_before(text, c.start, gaz))):
            people[keys[i]] = c.name
    return people


#: No words: what :func:`_cue_phrase_before` excludes or adds when a caller has nothing to.
_NO_WORDS: Final[frozenset[str]] = frozenset()


def _person_cue_before(text: str, start: int, gaz: Gazetteer, cues: set[str]) -> bool:
    """``any(p in cues and p not in _NATIONALITY_CUES for p in _phrases_before(text, start, gaz))``
    (:func:`_cue_phrase_before`)."""
    return _cue_phrase_before(text, start, gaz, cues, _NO_WORDS, _NATIONALITY_CUES)


def _cue_phrase_before(text: str, start: int, gaz: Gazetteer, cues: AbstractSet[str], more_cues: AbstractSet[str],
                       not_cues: AbstractSet[str]) -> bool:
    """Whether one of :func:`_phrases_before` ``start`` is in ``cues`` or ``more_cues`` and not in
    ``not_cues``, each phrase asked as soon as it is made: the word right before a name is most
    often its cue (``ông``, ``anh``; ``tại``, ``tỉnh`` before a place), and the longer phrases
    need not be cut and keyed then."""
    if text[start - 1 : start] != " ":
        return False
    floor = max(0, start - 40)
    line = max(floor, text.rfind("\n", floor, start) + 1)
    end = start - 1  # (the space before the name)
    space = text.rfind(" ", line, end)
    word = word_key(text[space + 1 if space >= 0 else line : end])
    if (word in cues or word in more_cues) and word not in not_cues:
        return True
    if space < 0 or word not in _cue_last_words(gaz):
        return False
    cut = space
    for _ in range(2):
        space = text.rfind(" ", line, cut)
        phrase = word_key(text[space + 1 if space >= 0 else line : end])
        if (phrase in cues or phrase in more_cues) and phrase not in not_cues:
            return True
        if space < 0:
            break
        cut = space
    return False


def _district_like_name(c: Candidate) -> bool:
    """A place's name of two Vietnamese syllables, no province or country, that the gazetteer
    alone calls a place (``Xuân Trường``, ``Đông Triều``): also a person's usual name."""
    return c.kind == "LOC" and not c.credit and _district_like(c.name)


_DISTRICT_LIKE: Final[dict[str, bool]] = {}


def _district_like(name: str) -> bool:
    """The name's part of :func:`_district_like_name`, remembered (as :func:`_fold_name`): the
    list rules ask it of every place of an article, and the same places come back in every article."""
    answer = _DISTRICT_LIKE.get(name)
    if answer is None:
        if len(_DISTRICT_LIKE) >= MEMO_SIZE:
            _DISTRICT_LIKE.clear()
        answer = _DISTRICT_LIKE[name] = (
            _two_vietnamese_syllables(name)
            and word_key(name) not in major_places() and word_key(name) not in districts_named_like_people()
            and word_key(name.split(" ", 1)[0]) not in _PLACE_WORDS
        )
    return answer


def _two_vietnamese_syllables(name: str) -> bool:
    """``Xuân Trường``, ``Minh Vương``: the shape of a district's name and of a person's usual one."""
    return name.count(" ") == 1 and all(w.isalpha() and is_vietnamese_word(w) for w in name.split(" "))


#: First words that make a name a place's (``Phố Huế``, ``Làng Sen``, ``Đường Láng``): ``data/place_first_words.txt``.
_PLACE_WORDS: Final = frozenset(word_key(w) for w in _data_lines("place_first_words.txt"))

#: Words before a list that make its names streets or landmarks (``các tuyến đường như Tây Sơn, Nguyễn Lương Bằng``):
#: ``data/street_list_cues.txt``.
_STREET_LIST_RE: Final = re.compile(
    r"(?i)\b(?:" + "|".join(re.escape(w) for w in sorted(_data_lines("street_list_cues.txt"), key=len, reverse=True)) + r")\b"
)


def _people_listed_with_people(names: list[Candidate], text: str, gaz: Gazetteer) -> dict[str, str]:
    """Names of districts listed among people (``Công Phượng, Xuân Trường, Văn Toàn và Hồng
    Duy``), folded → name: the list is of people, so they are the players, in every mention of the
    article.  The list holds no other place (``Nguyễn Văn Hải, Xuân Trường, Nam Định`` is an
    address), no organisation, more people than such names, and nothing places it
    (``ở Xuân Trường, …``, ``các tuyến đường …``).  The list's untyped names are people too."""
    found: dict[str, str] = {}
    i, n = 0, len(names)
    while i < n:
        j = i
        while (j + 1 < n and 0 < names[j + 1].start - names[j].end <= _LONGEST_SEPARATOR  # (most names stand far apart)
               and _listed_together(text, names[j].end, names[j + 1].start)):
            j += 1
        if j > i:
            members = names[i : j + 1]
            districts = [c for c in members if _district_like_name(c)]
            people = sum(1 for c in members if c.kind == "PER" and not c.credit)
            unknown = sum(1 for c in members if c.kind is None and c.name.count(" ") <= 1)
            if (districts and people and not _STREET_LIST_RE.search(text, _sentence_start(text, members[0].start), members[0].start)
                    and all(text[c.start : c.end] == c.name for c in districts) and people + unknown >= 2 and people + unknown > len(districts)
                    and len(districts) + people + unknown == len(members)
                    and all(_without_place_cue(c, text, gaz) for c in districts) and _without_place_cue(members[0], text, gaz)):
                for c in districts:
                    found.setdefault(_name_key(c.name), c.name)
                    c.kind = "PER"
                for c in members:  # ("Minh Vương" of the list, a place by a neighbour elsewhere: the player too)
                    if c.kind is None and _two_vietnamese_syllables(c.name):
                        found.setdefault(_name_key(c.name), c.name)
        i = j + 1
    return found


def _sentence_start(text: str, pos: int) -> int:
    """Where the sentence holding ``pos`` starts, at most 60 characters before it."""
    floor = max(0, pos - 60)
    return max(floor, text.rfind("\n", floor, pos) + 1, text.rfind(". ", floor, pos) + 2, text.rfind(": ", floor, pos) + 2)


def _people_named_so_elsewhere(names: list[Candidate], keys: list[str], text: str, gaz: Gazetteer,
                               untyped: list[int]) -> dict[str, str]:
    """Names of districts that the article also gives a person (``Xuân Trường (trái) mừng bàn
    thắng``, a caption's subject), folded → name: the bare mentions are that person.  Only a
    person typed by some evidence counts, not by its shape alone (``weak``) nor by a neighbour in
    a list (``untyped``: the indices of the names the scanner left without a type)."""
    districts = {key for c, key in zip(names, keys) if c.kind == "LOC" and _district_like_name(c)
                 and _without_place_cue(c, text, gaz) and text[c.start : c.end] == c.name}
    if not districts:
        return {}
    left_untyped = set(untyped)
    return {key: c.name for i, (c, key) in enumerate(zip(names, keys))
            if key in districts and c.kind == "PER" and not c.credit and not c.weak and i not in left_untyped}


#: What stands between places listed together (``Vĩnh Trụ, Lý Nhân``, ``Lý Nhân 337, Bình Lục 15``).
_BETWEEN_PLACES_RE: Final = re.compile(r"(?: \d[\d.,]*)?, ")


def _among_places(names: list[Candidate], i: int, text: str, gaz: Gazetteer) -> bool:
    """Whether ``names[i]``, a name with no cue of a person, stands where a place does: listed
    next to a place (an address, a list of districts with their counts), or after a word of place
    (``ở``, ``tại``)."""
    c = names[i]
    if _place_cue_before(text, c.start, gaz):
        return True
    if any(p in gaz.person_cues for p in _phrases_before(text, c.start, gaz)):
        return False
    before = names[i - 1] if i > 0 else None
    after = names[i + 1] if i + 1 < len(names) else None
    return bool(
        (before is not None and before.kind == "LOC" and _BETWEEN_PLACES_RE.fullmatch(text, before.end, c.start))
        or (after is not None and after.kind == "LOC" and _BETWEEN_PLACES_RE.fullmatch(text, c.end, after.start))
    )


#: A house number right before a name (``số 12 ``, ``45 ``, ``102/7 ``), at the start of an address.
_HOUSE_NUMBER_BEFORE_RE: Final = re.compile(r"(?:^|[\s:,(])((?:[Ss]ố )?\d{1,4}[A-Za-z]?(?:/\d{1,4}[A-Za-z]?)*) $")
#: Words before a number that make it a date, a count or a class, not a house's (``năm 2015``).
_NOT_HOUSE_NUMBER_WORDS: Final = frozenset(("năm", "tháng", "ngày", "lớp", "khóa", "khoá", "sn", "tuổi", "top", "số"))
#: Keyed openings of a ward's or a district's span after a street (``, phường 5``, ``, Quận 1``).
_WARD_OR_DISTRICT: Final = ("phường", "quận", "xã", "huyện", "thị trấn", "p.", "q.", "tp")


def _street_in_address(names: list[Candidate], i: int, text: str) -> bool:
    """Whether ``names[i]`` is a street in an address: a house number right before it and a ward
    or a district right after it (``số 12 Nguyễn Chí Thanh, phường Láng Thượng``, ``45 Lê Lợi,
    Quận 1``); a person's name after a year stays one (``năm 2015 Nguyễn Văn Hùng, …``)."""
    c = names[i]
    after = names[i + 1] if i + 1 < len(names) else None
    if after is None or after.kind != "LOC" or text[c.end : after.start] != ", ":
        return False
    if not vkey(text[after.start : after.start + 9]).startswith(_WARD_OR_DISTRICT):
        return False
    number = _HOUSE_NUMBER_BEFORE_RE.search(text, max(0, c.start - 24), c.start)
    if number is None:
        return False
    word_before = text[max(0, number.start(1) - 12) : number.start(1)].split(" ")[-2:-1]
    return not (word_before and vkey(word_before[0]) in _NOT_HOUSE_NUMBER_WORDS and not number.group(1).lower().startswith("số"))


def _given_name_of(name: str, full: str) -> bool:
    """Whether ``name`` (a district's, of two words or more) is what the Vietnamese full name
    ``full`` is called by after its family name (``Văn Lâm`` of ``Đặng Văn Lâm``), and no province
    or country (``Hà Nội`` stays the city even beside a ``Nguyễn Hà Nội``).  (The caller also
    leaves out a "full name" opened by a place's word that is a family name too: ``Hồ Phú Ninh``
    opening a sentence is the lake.)"""
    return (
        full.endswith(" " + name) and vietnamese_name(full)
        and word_key(name) not in major_places()
    )


def _without_place_cue(c: Candidate, text: str, gaz: Gazetteer) -> bool:
    """A place name written bare (no ``tỉnh``, ``tại``, ``ở`` before it): only the
    gazetteer said it was a place."""
    if not text[c.start : c.start + 1].isupper():
        return False
    return not _place_cue_before(text, c.start, gaz)


def _place_cue_before(text: str, start: int, gaz: Gazetteer) -> bool:
    """``any(p in gaz.loc_cues or p in gaz.loc_span_cues for p in _phrases_before(text, start, gaz))``
    (:func:`_cue_phrase_before`)."""
    return _cue_phrase_before(text, start, gaz, gaz.loc_cues, gaz.loc_span_cues, _NO_WORDS)


#: Words after a sentence-initial name that make it the subject of a verb (``Tư vẫn …``).
_VERB_AFTER: Final = frozenset("đã đang sẽ vẫn cũng còn không chưa từng vừa mới liền lại thì là bị được nói kể cho cười khóc".split())


def _unread_mentions(candidates: list[Candidate], cued_people: dict[str, str], full_people: dict[str, str], text: str) -> list[Candidate]:
    """Other mentions of a person's short name that the scanner passed over because the word
    alone is a common one (``Cụ Tư … Tư vẫn minh mẫn``): written with its capital, alone,
    outside any other mention, and the subject of a verb or listed beside another person."""
    forms: dict[str, str] = {}
    for name in cued_people.values():
        if " " not in name and is_vietnamese_word(name):
            forms.setdefault(name, name)
    for folded, full in full_people.items():
        if _fold_name(full) in cued_people:
            for word in full.split(" "):
                if _name_key(word) == folded and word[:1].isupper():
                    forms.setdefault(word, full)
    if not forms:
        return []
    people: list[tuple[int, int]] | None = None  # (made for the first word that gets so far: few do)
    found: list[Candidate] = []
    for surface, name in forms.items():
        pos = text.find(surface)
        while pos >= 0:
            end = pos + len(surface)
            if _stands_alone(text, pos, end) and not _overlaps(candidates, pos, end):
                if people is None:
                    people = [(c.start, c.end) for c in candidates if c.kind == "PER"]
                if _acts_or_is_listed(text, pos, end, people):
                    found.append(Candidate(pos, end, "PER", name))
                    people.append((pos, end))
            pos = text.find(surface, end)
    return found


def _stands_alone(text: str, start: int, end: int) -> bool:
    """A word of its own, not inside a run of capitalised words."""
    if (start > 0 and text[start - 1].isalnum()) or (end < len(text) and text[end].isalnum()):
        return False
    if end + 1 < len(text) and text[end] == " " and text[end + 1].isupper():
        return False
    if start > 0 and text[start - 1] == " ":
        word_end = start - 1  # (the word before the spaces, read in place: not from a copy of the text up to here)
        while word_end > 0 and text[word_end - 1] == " ":
            word_end -= 1
        previous = text[text.rfind(" ", 0, word_end) + 1 : word_end]
        if previous[:1].isupper() and not _ends_sentence(previous):
            return False  # the end of a longer capitalised name
    return True


def _ends_sentence(word: str) -> bool:
    """``Nội.`` before ``Tư vẫn …``: the previous sentence ended on a name, so the word
    after it opens a new one (an initial such as ``T.`` does not end a sentence)."""
    return word.endswith((".", "!", "?", "…")) and len(word.rstrip(".!?…")) > 1


def _acts_or_is_listed(text: str, start: int, end: int, people: list[tuple[int, int]]) -> bool:
    """The subject of a verb (``Tư vẫn …``, ``An nói``), or in a list with another person
    (``Tôn, An và Giang``)."""
    following = text[end : end + 16].split(" ", 2)
    if len(following) > 1 and following[0] in ("", ",") and following[1] in _VERB_AFTER:
        return True
    for a, b in people:
        if _listed_together(text, b, start) or _listed_together(text, end, a):
            return True
    return False


def _overlaps(candidates: list[Candidate], start: int, end: int) -> bool:
    """Whether ``start:end`` overlaps either neighbour it would have among the candidates' spans
    sorted as ``(start, end)`` pairs: the last span sorted before ``(start, start)`` and the
    first one from there on.  Read in one pass over the candidates: sorting pairs of them
    cost more than the few words asked about."""
    before_start = before_end = after_start = after_end = -1
    for c in candidates:
        a, b = c.start, c.end
        if a < start or (a == start and b < start):
            if a > before_start or (a == before_start and b > before_end):
                before_start, before_end = a, b
        elif after_start < 0 or a < after_start or (a == after_start and b < after_end):
            after_start, after_end = a, b
    return (before_start >= 0 and before_start < end and start < before_end) or (
        after_start >= 0 and after_start < end and start < after_end)


def _after_kinship_word(text: str, start: int) -> bool:
    """``bà Năm``, ``chú Ba``: a kinship or honorific word right before ``start`` makes
    the word there a given name, even one that alone is never a name."""
    space = text.rfind(" ", max(0, start - 8), start - 1)
    return start > 0 and text[start - 1] == " " and word_key(text[space + 1 : start - 1]) in PRONOUN_CUES


def _article_names(names: list[Candidate], keys: list[str], acronyms: dict[str, str]
                   ) -> tuple[dict[str, str], dict[str, tuple[str, str]], dict[str, str]]:
    """The article's people by the last word of their full name (``Lukashenko`` →
    ``Aleksandr Lukashenko``, unless two people share it), the type and
    canonical name of every name typed somewhere in the article, and its people
    (not credits) by their own name, the last mention's (``keys``: the folded
    names).  One pass for the three: each reads every name."""
    full_people: dict[str, str] = {}
    ambiguous: set[str] = set()
    known_types: dict[str, tuple[str, str]] = {}
    people: dict[str, str] = {}
    seen: set[str] = set()  # full names whose short forms are in (a name said again adds nothing)
    for c, key in zip(names, keys):
        kind = c.kind
        if kind is None:
            continue
        name = c.name
        if key not in known_types:  # (asked first: most names come back, and a pair made for each cost more)
            known_types[key] = (kind, name)
        if kind != "PER" or c.credit:
            continue
        people[key] = name
        if " " in name and name not in seen and not _starts_with_initial(name):
            seen.add(name)
            for short in _short_forms_of(name):
                current = full_people.setdefault(short, name)
                if current is not name and _fold_name(current) != _fold_name(name):
                    ambiguous.add(short)
    for key in ambiguous:
        del full_people[key]
    for acronym, expansion in acronyms.items():
        known_types[_fold_name(acronym)] = ("ORG", expansion)
    return full_people, known_types, people


_SHORT_FORMS: Final[dict[str, list[str]]] = {}


def _short_forms_of(name: str) -> list[str]:
    """:func:`short_forms`, remembered (as :func:`_fold_name`): the same people come back in
    article after article.  The list is shared: read it, never change it."""
    forms = _SHORT_FORMS.get(name)
    if forms is None:
        if len(_SHORT_FORMS) >= MEMO_SIZE:
            _SHORT_FORMS.clear()
        forms = _SHORT_FORMS[name] = short_forms(name)
    return forms


#: Letters a foreign given name is transliterated with either way (``Aleksander``/``Alexander``,
#: ``Nikolas``/``Nicolas``, ``Filip``/``Philipp``, ``Sergey``/``Sergei``), as (written, read as).
_SPELLING_CLASSES: Final = (("ks", "x"), ("ph", "f"), ("k", "c"), ("w", "v"))
_DOUBLED_RE: Final = re.compile(r"(.)\1+")


def spelling_key(name: str) -> str | None:
    """The key two spellings of one foreign person's name share when they differ only by a
    transliteration's letter classes in the given names (``Aleksander Ceferin`` and ``Alexander
    Ceferin``; ``Sergey``/``Sergei``, ``Dennis``/``Denis``): the given names read through those
    classes (``y`` as ``i`` after a word's first letter, doubled letters once), the family name
    (the last word) as written, folded.  None for a name that is not such a name: one word, or
    all Vietnamese syllables (tones tell Vietnamese people apart: ``Hùng`` is not ``Hưng``)."""
    words = _fold_name(name).lower().split(" ")
    if len(words) < 2 or all(is_vietnamese_word(w) for w in words):
        return None
    given = []
    for word in words[:-1]:
        for written, read in _SPELLING_CLASSES:
            word = word.replace(written, read)
        word = word[:1] + word[1:].replace("y", "i")
        given.append(_DOUBLED_RE.sub(r"\1", word))
    return " ".join(given) + " " + words[-1]


def short_forms(name: str) -> list[str]:
    """Words a person is called by alone once named in full, keyed (:func:`_name_key`): the last word
    (``Hùng`` of ``Nguyễn Văn Hùng``, ``Mourinho``), the last two of a Vietnamese name of
    three words or more (``Văn Toàn`` of ``Nguyễn Văn Toàn``), and the first of a foreign name
    whose family name comes first (``Park`` of ``Park Hang Seo``, ``Kim`` of ``Kim Jong-un``)."""
    words = name.split(" ")
    forms = [_name_key(words[-1])]
    vietnamese = vietnamese_name(name)
    if len(words) >= 3 and vietnamese:
        forms.append(_fold_name(" ".join(words[-2:])))  # "Văn Toàn", "Công Phượng": the usual short name
    if not is_vietnamese_word(words[0]) or any("-" in w for w in words[1:]) or len(words[0]) <= 4 and not vietnamese:
        forms.append(_name_key(words[0]))
    return forms


def _complete_name(c: Candidate, full_names: dict[str, str], text: str) -> None:
    """``Phạm Minh chính``: a person's name cut before a word written in lower case, where
    the article names ``Phạm Minh Chính`` in full: the word is part of the name."""
    end = c.end
    if text[end : end + 1] != " " or not text[end + 1 : end + 2].islower():
        return  # (most names are followed by a space and a capital, or by no space)
    word_end = end + 1
    while word_end < len(text) and text[word_end].isalpha():
        word_end += 1
    if word_end == end + 1:
        return
    full = full_names.get(_fold_name(f"{c.name} {text[end + 1 : word_end]}"))
    if full is not None:
        c.end, c.name, c.tokens = word_end, full, c.tokens + 1


_LIST_SEPARATORS: Final = (", ", " và ", " hay ", " hoặc ", ",")
#: The longest of :data:`_LIST_SEPARATORS`: a longer gap between two names is none of them.
_LONGEST_SEPARATOR: Final = max(len(s) for s in _LIST_SEPARATORS)


def _listed_together(text: str, end: int, start: int) -> bool:
    """Whether a list's separator alone (:data:`_LIST_SEPARATORS`) stands between a name ending at
    ``end`` and one starting at ``start`` (the gap's length looked at first: most names stand far apart,
    and copying the words between them to compare cost more than the rest of the list rules)."""
    return 0 < start - end <= _LONGEST_SEPARATOR and text[end:start] in _LIST_SEPARATORS


def _type_by_coordination(names: list[Candidate], unknown: list[int], text: str) -> None:
    """A name of unknown type listed next to a typed one takes its type."""
    for _ in range(2):  # a second pass carries types along a list
        typed = False
        for i in unknown:
            c = names[i]
            if c.kind is not None:
                continue
            if i > 0 and names[i - 1].kind is not None and _listed_together(text, names[i - 1].end, c.start):
                c.kind = names[i - 1].kind
                typed = True
            elif i + 1 < len(names) and names[i + 1].kind is not None and _listed_together(text, c.end, names[i + 1].start):
                c.kind = names[i + 1].kind
                typed = True
        if not typed:
            return  # (nothing to carry: a second pass would find what the first found)


_DEFAULT_TYPES: Final[dict[str, str]] = {}  # name -> its type, "" for none
_DEFAULT_TYPES_READ: Final[list[set[str]]] = []  # (the word lists they were decided with)


def _default_type(c: Candidate, gaz: Gazetteer) -> str | None:
    """:func:`_name_default_type` of ``c``'s name, remembered (as :func:`_fold_name`, for the
    gazetteer's word lists the answers were given with): the same foreign names come back
    in article after article, and the rules ask it twice of a name left untyped."""
    read = _DEFAULT_TYPES_READ
    if not read or read[0] is not gaz.foreign_org_words or read[1] is not gaz.foreign_common_words:
        _DEFAULT_TYPES.clear()
        read[:] = [gaz.foreign_org_words, gaz.foreign_common_words]
    name = c.name
    known = _DEFAULT_TYPES.get(name)
    if known is None:
        if len(_DEFAULT_TYPES) >= MEMO_SIZE:
            _DEFAULT_TYPES.clear()
        known = _DEFAULT_TYPES[name] = _name_default_type(name, gaz) or ""
    return known or None


def _name_default_type(name: str, gaz: Gazetteer) -> str | None:
    """Type of a capitalised run with no evidence at all.

    Foreign multi-word names are mostly people, unless a word of theirs makes
    them an organisation (``Group``, ``United``) or a title, product or event
    (``League``, ``Find My``); anything else is too uncertain to list.
    """
    if vietnamese_name(name):
        return None
    words = name.split(" ")
    keys = [word_key(w) for w in words]
    if len(words) == 2 and keys[0] in COMPASS_WORDS and words[1].istitle() and words[1].isalpha() and not is_vietnamese_word(words[1]):
        return "LOC"  # "Bắc Carolina", "Đông Java": a region of a foreign country, not a person
    if any(k in gaz.foreign_org_words for k in keys) and len(words) >= 2:
        return "ORG"
    if any(k in gaz.foreign_common_words for k in keys):
        return None
    words = [w for w in words if w not in NAME_PARTICLES] or words  # "Ursula von der Leyen"
    name_like = all(w[:1].isupper() and (w[1:].islower() or w.endswith(".")) and w.isalpha() or w.endswith(".") for w in words)
    if 2 <= len(words) <= 4 and name_like:
        return "PER"
    return None


#: Compass words that, before one foreign word, name a region (``Bắc Carolina``, ``Tây Virginia``).
COMPASS_WORDS: Final = frozenset(("bắc", "nam", "đông", "tây"))

#: Lower-case particles of foreign people's names, not counted as their words (``Robin van
#: Persie``, ``Ursula von der Leyen``, ``Mohammed bin Salman``); not the Romance ``de``, ``di``,
#: which name places as often (``Cagayan de Oro``, ``Spiaggia di Guvano``).
NAME_PARTICLES: Final = frozenset(("van", "von", "der", "den", "bin"))


def _merge_case_variants(candidates: list[Candidate], name_keys: list[str]) -> None:
    """``BELAZ`` and ``BelAZ`` are one name: keep the form that is not all capitals.
    (``name_keys``: :func:`_name_key` of each candidate's name, as the caller has them.)"""
    if _one_name_per_key(candidates, name_keys):
        return  # (most articles: nothing to merge, and no pair of a type and a key made per name)
    best: dict[tuple[str, str], str] = {}
    keys = [(c.kind or "", key) for c, key in zip(candidates, name_keys)]
    varied = False  # whether some name is written two ways
    for c, key in zip(candidates, keys):
        current = best.get(key)
        if current is None:
            best[key] = c.name
        elif current != c.name:
            varied = True
            if current.isupper() and not c.name.isupper():
                best[key] = c.name
    if varied:
        for c, key in zip(candidates, keys):
            c.name = best[key]


def _one_name_per_key(candidates: list[Candidate], name_keys: list[str]) -> bool:
    """Whether each key stands for one name only: then no name is written two ways within
    one type either, and :func:`_merge_case_variants` has nothing to do.  A key is a function
    of the name, so that is where there are as many keys as names (counted in two sets: a name
    said again, the usual repeat, counts once in each)."""
    return len(set(name_keys)) == len({c.name for c in candidates})
