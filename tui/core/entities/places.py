"""Places: a location cue and the name after it (``tỉnh Lào Cai``, ``Thành phố Pripyat``),
gazetteer names, and the place inside an organisation's name."""

from __future__ import annotations

from typing import Final

import re
from functools import lru_cache
from importlib import resources

from .gazetteer import Entry, _data_lines, vkey
from .mention import Candidate
from .lexicon import NUMBERED_PLACE_RE, ADMIN_CUES, AGE_AFTER_RE, PRONOUN_CUES, is_vietnamese_word, lower_word_end, word_key
from .people import major_places
from tui.core.entities.scan_kernels import may_hold_numbered_place  # (by its full name: the compiled copy calls it too)

#: The numbered places' kernel (compiled, or its plain twin), as a ``Final`` name: the compiled
#: rules read it from a C static, not from the module's dict at every paragraph.
_MAY_HOLD_NUMBERED_PLACE: Final = may_hold_numbered_place


@lru_cache(maxsize=1)
def place_compounds() -> frozenset[str]:
    """Keyed common words opened by a country's one-syllable name (``mỹ thuật``)."""
    return frozenset(word_key(line) for line in _data_lines("place_compounds.txt"))

#: A house or unit number closing a place's name after its cue (``ấp Hậu Giang 1``, ``khách sạn
#: Như Nguyệt 2``): one or two digits that no word or range follows (not ``2 người``, ``7 - 8 giờ``).
PLACE_NUMBER_AT_RE: Final = re.compile(r" \d{1,2}(?=[\s,;:)]|\.(?!\d)|$)(?! ?[^\W\d_]| ?[-–] ?\d)")
#: A ward, district or hamlet written in lower case with its number (``quận 4``, ``ấp 3``), and a
#: numbered road in either case (``quốc lộ 1A``, ``Tỉnh lộ 10``): the scanner reads the capitalised
#: wards (``Phường 7``) where it meets their capital, but no name follows a road's cue.
#: (One flat alternation of words: a character class before them makes the pass 4x slower.)
LOWER_NUMBERED_PLACE_RE: Final = re.compile(
    r"(quận|phường|ấp|khu phố|tổ dân phố|quốc lộ|Quốc lộ|tỉnh lộ|Tỉnh lộ) (\d{1,3}[A-Z]?)(?!\d|[/.,:]\d|[^\W\d_])"
)

@lru_cache(maxsize=1)
def districts_named_like_people() -> frozenset[str]:
    """Keyed districts whose name reads as a person's full name (``data/districts_named_like_people.txt``)."""
    return frozenset(word_key(line) for line in _data_lines("districts_named_like_people.txt"))


#: The first words of :data:`.lexicon.ADMIN_CUES` (``thành`` of ``thành phố``).
ADMIN_CUE_FIRST_WORDS: Final = frozenset(cue.split(" ")[0] for cue in ADMIN_CUES)
#: (:meth:`PlaceRules.admin_cue_at` reads two words at most.)
assert all(cue.count(" ") <= 1 for cue in ADMIN_CUES)

#: Keyed words for a province, a city or a district (with the space before them), after which an
#: office's body may be followed by its official's name (``Chủ tịch HĐND thành phố Nguyễn Ngọc Tuấn``).
OFFICE_PLACE_CUES = (" tỉnh", " thành phố", " tp", " huyện", " quận", " thị xã")


#: Words that make a country's name after them a nationality or a language (``người Nga``,
#: ``tiếng Anh``): not annotated, as the gold guidelines say.
NATIONALITY_WORDS: Final = frozenset(("người", "tiếng"))

#: Location cues that are also family names and, before a person's full name, name a street.
STREET_SURNAMES: Final = frozenset(("đường",))


@lru_cache(maxsize=1)
def local_place_cues() -> dict[str, int]:
    """Keyed cues of places below a province, with their level: 2 a district's, 3 a
    commune's or a hamlet's (``data/local_place_cues.txt``)."""
    return {vkey(line[2:]): int(line[0]) for line in _data_lines("local_place_cues.txt")}


@lru_cache(maxsize=1)
def larger_places() -> tuple[frozenset[str], frozenset[str]]:
    """Keyed names of the places a district's cue does not take (countries, the world's
    cities and regions, Vietnam's provinces), and of those a commune's does not take (these,
    and Vietnam's cities and districts)."""
    provinces, below = [], []
    raw = resources.files("tui.core.entities").joinpath("data", "loc_vietnam.txt").read_text(encoding="utf-8")
    section = provinces
    for line in raw.splitlines():
        if line.startswith("#="):
            section = below
        elif line.strip() and not line.startswith("#"):
            section.append(line)
    world = _data_lines("loc_world.txt")
    over_districts = frozenset(vkey(f.strip()) for line in world + provinces for f in line.split("|") if f.strip())
    districts = _data_lines("loc_vietnam_admin.txt")
    over_communes = over_districts | {vkey(f.strip()) for line in below + districts for f in line.split("|") if f.strip()}
    return over_districts, over_communes


def smaller_place_named_alike(cue: str, key: str) -> bool:
    """Whether ``cue`` (keyed) names a place below the larger one keyed ``key`` is called
    after: ``thôn`` before ``Trung Quốc``, ``huyện`` before a province's name."""
    level = local_place_cues().get(cue)
    return level is not None and key in larger_places()[level - 2]


class PlaceRules:
    """Rules that find places (a mixin of :class:`.scanner.Scanner`)."""

    def capitalised_loc_cue(self, s: int) -> int:
        """End of a capitalised location cue (``Tỉnh``, ``Thành phố``) followed by a name.  A cue
        that is also a family name (``Đường``) is one only before a person's full name: a street
        is named after a person (``Đường Tôn Đức Thắng``), a person is not called so twice over;
        but ``Châu``, ``Hồ`` before a name are as often a person's (``Châu Kiều Oanh``, ``Hồ Ngọc Hà``)."""
        words = self.keyed[s : s + 24].split(" ")
        for size in (2, 1):
            cue = " ".join(words[:size])
            if len(words) > size and cue in self.gaz.loc_span_cues:
                end = s + len(cue)
                if self.cap_follows(end) and (cue not in self.gaz.surnames or (cue in STREET_SURNAMES and self.looks_like_person(end + 1))):
                    return end
        return 0

    def numbered_place(self, s: int) -> int:
        """End of a capitalised numbered ward or district (``Phường 7``, ``Quận 3``), or 0."""
        numbered = NUMBERED_PLACE_RE.match(self.text, s, self.seg_end)
        return numbered.end() if numbered else 0

    def location_after_cue(self, cue_start: int, cue_end: int) -> int:
        """``Tỉnh Lào Cai``, ``Thành phố Pripyat``: the cue belongs to the span."""
        name_start = cue_end + 1
        end = self.name_end(name_start)
        self.emit(cue_start, end, "LOC", self.place_name(cue_start, name_start, end))
        return end

    def place_name(self, span_start: int, name_start: int, end: int) -> str:
        """Canonical name of a place: the gazetteer's, for the span or the name after its cue
        — unless the cue is part of what the place is called: ``Khu công nghiệp Việt Nam``
        is an industrial park, not the country."""
        cue = self.keyed[span_start : name_start - 1]
        named = cue in self.gaz.named_cues
        for start in (span_start,) if named else (span_start, name_start):
            word = self.word_at(start)
            known = self.gaz.names.match(self.text, self.keyed, start, word, check_case=False) if start < end else None
            if known and known.kind == "LOC" and start + len(known.key) == end:
                return known.name
        name = " ".join(self.text[name_start:end].split())
        if named:  # "sông Lam" is called so, not "Lam"
            return f"{self.text[span_start].upper()}{self.text[span_start + 1 : name_start - 1]} {name}"
        return name

    def known_name(self, s: int, known: Entry) -> int:
        """A gazetteer name; a location takes in the cue before it (``tỉnh Lào Cai``)."""
        kind, canonical = known.kind, known.name
        end = s + len(known.key)
        start = s
        cue = self.cue_before(s, self.gaz.loc_span_cues) if kind == "PER" else None
        if cue:  # "thành phố Hồ Chí Minh"
            start = self.context_start(s, cue)
            self.emit(start, end, "LOC", self.place_name(start, s, end))
            return end
        if kind == "LOC":
            if self.word_before(s) in NATIONALITY_WORDS:
                return end  # "người Nga", "tiếng Anh": a nationality or a language, not the place
            if (self.cue_before(s, PRONOUN_CUES) and not self.nationality_before_foreign_name(s, end)) or self.stands_in_a_photo(s, end):
                self.emit(s, end, "PER", tokens=known.key.count(" ") + 1)  # "anh Đức" is a man, not Germany
                return end
            cue = self.cue_before(s, self.gaz.loc_span_cues)
            if cue:
                start = self.context_start(s, cue)
                numbered_end = self.number_after_place(end)
                if numbered_end > end:  # "ấp Hậu Giang 1" is a hamlet, not the province
                    end, canonical = numbered_end, self.place_name(start, s, numbered_end)
                elif smaller_place_named_alike(cue, known.key):
                    canonical = " ".join(self.text[start:end].split())  # "thôn Trung Quốc": a hamlet, not the country
                else:
                    canonical = self.place_name(start, s, end)  # "châu Mỹ": the Americas, not the USA
            elif " " not in known.key and self.opens_common_word(s, end):
                return end  # "Mỹ thuật", "Mỹ nhân", "Anh hùng": a common word, not the country
            if cue in self.gaz.named_cues:  # "Khu công nghiệp Việt Nam - Singapore": a park, not the country
                if self.text.startswith(" - ", end) and self.cap_at(end + 3):
                    end = self.run_end(end + 3)
                canonical = self.place_name(start, s, end)
        if word_key(canonical) in self.gaz.never:
            return end
        if kind == "LOC" and self.is_initial(s) and " " not in known.key and (known.key in self.gaz.common or known.key in self.gaz.person_cues):
            return end
        self.emit(start, end, kind, canonical)
        return end

    def nationality_before_foreign_name(self, s: int, end: int) -> bool:
        """``thầy Đức Falko Goetz``, ``cô Pháp Marie Dupont``: a country's name between a cue and a
        foreign person's name (two to four foreign words) says where the person is from ("the
        German teacher"); it is not a Vietnamese given name read after the cue."""
        if self.keyed[s:end] not in major_places() or not self.cap_follows(end):
            return False
        words = self.text[end + 1 : self.run_end(end + 1)].split(" ")
        return not all(is_vietnamese_word(w) for w in words) and self.looks_foreign_person(words)

    def opens_common_word(self, s: int, end: int) -> bool:
        """Whether the one-syllable name at ``s:end`` and the lower-case word after it make a
        common word (``Mỹ thuật``, ``Ấn tượng``, from ``data/place_compounds.txt``): the capital
        is the sentence's or a title's."""
        low_end = lower_word_end(self.keyed, end, self.seg_end)
        return low_end >= 0 and self.text[end + 1].islower() and f"{self.keyed[s:end]} {self.keyed[end + 1 : low_end]}" in place_compounds()

    def stands_in_a_photo(self, s: int, end: int) -> bool:
        """``Xuân Trường (trái)``: a caption placing a Vietnamese name of several syllables in the
        photo is a person's, even where a district has the name (not a province's or a country's)."""
        name = self.text[s:end]
        return (
            " " in name
            and self.text[end : end + 2] == " ("
            and AGE_AFTER_RE.match(self.text, end, self.seg_end) is not None
            and all(is_vietnamese_word(w) for w in name.split(" "))
            and self.keyed[s:end] not in major_places()
        )

    def admin_cue_at(self, pos: int) -> int:
        """End of an administrative cue at ``pos`` (``tỉnh``, ``thành phố``) that a name follows:
        its two words, else its first, within the 20 characters from ``pos``.  (The words' ends
        are found with ``str.find`` and the cue cut once, a native call each in the compiled
        rules, where splitting the window and joining its words made a list and strings at each
        word of an organisation's name; most words open no cue and are let go after one look.)"""
        keyed = self.keyed
        window = pos + 20
        first = keyed.find(" ", pos, window)
        if first < 0 or keyed[pos:first] not in ADMIN_CUE_FIRST_WORDS:
            return 0
        second = keyed.find(" ", first + 1, window)
        if second >= 0 and keyed[pos:second] in ADMIN_CUES and self.cap_follows(second):
            return second
        if keyed[pos:first] in ADMIN_CUES and self.cap_follows(first):
            return first
        return 0

    def place_end(self, pos: int) -> int:
        """End of a place's name after an administrative cue inside an organisation's
        name: a known place, else the run of capitalised words up to a person's name
        (``UBND tỉnh Quảng Ninh Nguyễn Văn Đọc``)."""
        known = self.lexicon_match(self.gaz.names, pos)
        if known and known.kind == "LOC":
            end = pos + len(known.key)
            if not self.run_goes_on(end) or self.looks_like_person(end + 1):
                return end  # (else "xã Đức Liên" is a commune, not Germany and a name)
        end = self.name_end(pos, known)
        if not known and self.officials_name_at(pos, end):
            return pos - 1  # "HĐND thành phố | Nguyễn Ngọc Tuấn": the body's own place, then its official
        for tok_start, _ in self.tokens(pos, end)[1:]:
            if self.looks_like_person(tok_start, end):
                return tok_start - 1
        return end

    def officials_name_at(self, pos: int, end: int) -> bool:
        """Whether ``pos:end``, right after a body's place word (``HĐND thành phố``, ``UBND
        huyện``), is an official's full name rather than the place's: a Vietnamese name of three
        words or more that opens with a family name, after the word for a province, a city or a
        district (not a ward's or a commune's: many are named after people, ``phường Phạm Ngũ
        Lão``), that no gazetteer lists and that is no district (``huyện Trần Văn Thời``)."""
        return (
            self.text.count(" ", pos, end) >= 2
            and self.keyed.endswith(OFFICE_PLACE_CUES, 0, pos - 1)
            and self.looks_like_person(pos, end)
            and self.lexicon_match(self.gaz.names, pos) is None
            and self.keyed[pos:end] not in districts_named_like_people()
        )

    def number_after_place(self, end: int) -> int:
        """End of the place's name at ``end`` with the number that closes it, if one does."""
        number = PLACE_NUMBER_AT_RE.match(self.text, end, self.seg_end)
        return number.end() if number else end

    def lower_numbered_places(self, start: int, first: int) -> None:
        """``quận 4``, ``ấp 3``, ``quốc lộ 1A``: numbered places with no capitalised name in the paragraph that
        opens at ``start``, whose candidates from ``first`` on are in ``self.out``. The
        scanner only stops at capitals, so these are found here, outside whatever name
        took them in already (``Công an quận 1``), and put back in text order."""
        if not _MAY_HOLD_NUMBERED_PLACE(self.keyed, start, self.seg_end):  # (one compiled pass over the paragraph)
            return
        text, out = self.text, self.out
        found: list[Candidate] = []
        for m in LOWER_NUMBERED_PLACE_RE.finditer(text, start, self.seg_end):
            if m.start() > start and text[m.start() - 1].isalnum():
                continue  # ("lấp 2", "Quận 3"'s capital is the scanner's)
            if not m.group(1).endswith("lộ") and not (m.group(2).isdigit() and len(m.group(2)) <= 2):
                continue  # (a ward's number has one or two digits)
            if not any(c.start < m.end() and m.start() < c.end for c in out[first:]):
                found.append(Candidate(m.start(), m.end(), "LOC", m.group(), None, None, 2))
        if found:
            out[first:] = sorted(out[first:] + found, key=lambda c: c.start)
