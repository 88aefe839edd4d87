"""Organisations: a head word (``Bộ``, ``Công ty``), a known name or an acronym opens
one, and its name goes on through capitalised words, places and lower-case syllables
(``Bộ Giáo dục và Đào tạo``, ``Ủy ban nhân dân tỉnh Cao Bằng``)."""

from __future__ import annotations

from typing import Final

import re
from functools import lru_cache

from .acronyms import is_acronym
from .gazetteer import Entry, _data_lines
from .people import major_places
from .lexicon import (
    ACRONYM_IN_BRACKETS_RE,
    ADMIN_CUES,
    DEPARTMENT_HEADS,
    FUNCTION_WORDS,
    GAP_HEADS,
    LOWER_WORDS_RE,
    NUMBERED_PLACE_INITIALS,
    NUMBERED_PLACE_RE,
    ORG_BREAKERS,
    PARTICLE_AT_RE,
    PARTICLE_INITIALS,
    SUBUNIT_HEADS,
    TOKEN_AT_RE,
    is_vietnamese_word,
    lower_word_end,
    word_key,
)


#: Words before a lower-case head that make it name several organisations (``hai đảng``).
PLURAL_WORDS: Final = frozenset(("hai", "ba", "các", "những"))


#: Words of a name whose second syllable alone is a function word (``Đảng Dân chủ Tự do``:
#: ``do`` alone is "because", but ``Tự do`` is "Liberal", one word of the party's name).
NAME_WORDS_WITH_FUNCTION_SYLLABLE: Final = frozenset(("tự do",))


#: Prepositions and conjunctions that close an organisation's name (``Giáo hội Công giáo | tại Mỹ``),
#: not the predicate words that follow a subject (``Công ty Việt Thái chỉ | là``, ``… chưa | được``).
NAME_CLOSING_WORDS: Final = frozenset(("tại", "của", "ở", "và", "thuộc", "trong"))


class OrganisationRules:
    """Rules that find organisations (a mixin of :class:`.scanner.Scanner`)."""

    def org_span_head_before(self, s: int) -> int | None:
        """Start of a lower-case institution head before ``s`` (``công an``), possibly
        with an administrative cue between (``công an huyện Gio Linh``)."""
        gaz = self.gaz
        if self.word_before(s) not in gaz.org_span_last_words:
            return None
        for phrase in self.context(s):
            # The head is the phrase, or the phrase without the cue of one or two words that ends
            # it (``ADMIN_CUES``, none longer): the phrase is cut where its last words start, not
            # split into words and joined again at each cut (lists and strings made for nothing).
            last = phrase.rfind(" ")
            for cut in (len(phrase), last, phrase.rfind(" ", 0, last) if last > 0 else -1):
                if cut <= 0:
                    break
                head, cue = phrase[:cut], phrase[cut + 1 :]
                if head in gaz.org_span_heads and (not cue or cue in ADMIN_CUES):
                    if self.cue_before(s - len(cue) - 1 if cue else s, gaz.org_span_heads) == head:
                        return self.context_start(s, phrase)
        return None

    def organisation(self, s: int, head_end: int | None = None, before_person: bool = False,
                     matched: tuple[Entry | None, Entry | None] | None = None) -> int:
        """An organisation opened at ``s`` by a head word, a known name or an acronym
        (or, with ``head_end``, by a lower-case head like ``công an``); returns its end.
        (``matched``: the known name and the organisation head at ``s``, if the caller has them.)"""
        gaz, text = self.gaz, self.text
        self.replacements = []
        self.party = self.keyed[s : s + 5] == "đảng "  # (a slice compared: native once compiled, where startswith with a position is a Python call)
        canonical = None
        if head_end is None:
            if matched is None:
                known, head = self.lexicon_match(gaz.names, s), self.lexicon_match(gaz.org_heads, s)
            else:
                known, head = matched
            known_len = len(known.key) if known and known.kind == "ORG" else 0
            head_len = len(head.key) if head else 0
            end = s + max(known_len, head_len)
            if (known_len == head_len and known_len and word_key(known.name) != known.key
                    and self.cap_follows(end) and not self.looks_like_person(end + 1)):
                known_len = 0  # "Đảng Dân chủ Mỹ": the head of another name, not the alias "Đảng"
            if known_len and known_len >= head_len:
                canonical = known.name
            head_key = word_key(head.surface) if head is not None else ""
            department = head_key in DEPARTMENT_HEADS
            named = canonical is not None
            self.subunit = head_key in SUBUNIT_HEADS
            self.gap_head = head_key in GAP_HEADS
            self.representation = head_key in REPRESENTATION_HEADS
            namesake = is_namesake_head(head_key)
        else:
            namesake = False
            self.representation = False
            end, department, named = head_end, False, False
            self.subunit = False
            self.gap_head = True
        if end <= s:  # an acronym: it names the organisation
            end = s + len(self.word_at(s))
            named = True
        head_named = False  # whether the last piece was a second head written like a name
        plain_tokens: list[tuple[int, int]] = []  # capitalised words taken in as plain words
        after_known = canonical is not None  # whether those follow a known name (``Hạ viện Belarus``)
        person_follows = False  # whether a name that is not the organisation's follows it
        name_is_plain = False  # whether the plain words are the organisation's only name
        while True:
            if before_person and not named and not namesake and self.full_name_after_head(end):
                break  # "Bí thư Thành ủy | Đinh La Thăng": the body, then its official
            person_may_start = before_person and not (
                namesake and len(plain_tokens) == 1 and self.name_syllable(plain_tokens[0][0], plain_tokens[0][1])
            )  # ("Viện Phan | Châu Trinh": one syllable of a namesake's name, not a name followed by a person's)
            step = self.org_step(end, named, department, person_may_start)
            if step is None:
                break
            new_end, plain = step
            if plain is None:  # another head word: "trường THPT" has no name yet
                piece = self.text[end + 1 : new_end]  # unless it is the name: "Học viện Ngân hàng"
                head_named = piece[:1].isupper() and " " in piece and not piece.isupper()
                namesake = namesake or is_namesake_head(self.keyed[end + 1 : new_end])  # "Hội đồng | Viện Phan Châu Trinh"
                end = new_end
                continue
            head_named = False
            if plain and not before_person and (after_known or canonical is not None):
                person_follows = True
                break  # "Điện Kremlin | Dmitry Peskov": a name after a known one is not its part
            if plain:
                if not plain_tokens:
                    name_is_plain = not named  # (the head had no name before these words)
                plain_tokens.append((end + 1, new_end))
            else:
                plain_tokens.clear()
                after_known = True
            end, named, canonical = new_end, True, None
        if before_person and plain_tokens and not self.cap_follows(end):
            end = self.foreign_name_given_back(plain_tokens, after_known) or self.give_back_person(plain_tokens, after_known, end, namesake and name_is_plain)
        # The patterns after the name are tried only where their first characters stand (a
        # space and a digit or "s"; " kh"; " ("): each match is a Python call in the compiled
        # rules, and most organisations are followed by none of them.
        if named:
            number = UNIT_NUMBER_AT_RE.match(text, end, self.seg_end) if end + 1 < self.seg_end and text[end] == " " and (text[end + 1] == "s" or text[end + 1].isdigit()) else None
        else:  # "Quân khu 7 đã …": a unit's number, whatever follows it
            number = UNIT_OWN_NUMBER_AT_RE.match(text, end, self.seg_end) if self.keyed[s:end] in NUMBERED_HEADS else None
        if number:
            end, named = number.end(), True
        term = TERM_AT_RE.match(text, end, self.seg_end) if named and text[end : end + 3] == " kh" else None
        if term:
            end = term.end()
        if named and self.representation and text.startswith(" tại ", end):
            end = self.place_abroad_end(end + 5) or end
        if not named and head_named and not self.cap_follows(end):
            named = True  # "Học viện Ngân hàng", "Viện Kinh tế": the second head names the first
        if not named and self.keyed.endswith(NATIONAL_ENDS, s, end):
            named = True  # "Hội đồng bầu cử quốc gia", "Cảng vụ hàng không miền Bắc"
        spelled_end = self.spelled_out_acronym_end(s) if head_end is None and head and head_len > known_len else 0
        if spelled_end > end:
            end, named = spelled_end, True
        parliament_end = self.of_parliament_end(s, end)
        if parliament_end:
            term = TERM_AT_RE.match(text, parliament_end, self.seg_end)  # "… của Quốc hội khóa XIV"
            end, named = term.end() if term else parliament_end, True
        if not named:
            described = self.described_before_acronym(end) or self.national_body_end(end) or self.country_body_end(end)
            if not described:
                return end
            end, named = described, True
        name = canonical or without_company_words(self.canonical_span(s, end))
        if self.keyed.startswith(event_heads(), s):
            return end  # "Hội nghị cấp cao ASEAN": an event, and nothing in it on its own
        if word_key(name) not in gaz.never:
            self.emit(s, end, "ORG", name)
        if person_follows:
            return self.name_after_organisation(s, end)
        acronym = ACRONYM_IN_BRACKETS_RE.match(text, end, self.seg_end) if text[end : end + 2] == " (" else None
        if acronym:
            self.acronyms[acronym.group(1)] = name
            self.emit(acronym.start(1), acronym.end(1), "ORG", name)
            return acronym.end()
        if head_end is not None and self.word_before(s) in PLURAL_WORDS:
            return self.coordinated_organisations(s, head_end, end)
        return end

    def coordinated_organisations(self, s: int, head_end: int, end: int) -> int:
        """``hai đảng Dân chủ và Cộng hòa``, ``các trường Kim Đồng, Lý Tự Trọng``: after a plural
        word, a lower-case head names each organisation listed, and stays outside their spans
        (as a plural classifier does: ``hai đảng [Dân chủ] và [Cộng hòa]``); each is called by
        the head and its name (``đảng Cộng hòa``) where the first is.  Returns where the list ends."""
        text, head = self.text, self.text[s:head_end]
        first = self.out[-1] if self.out and self.out[-1].start == s else None
        if first is None or self.lexicon_match(self.gaz.org_heads, head_end + 1):
            return end  # "các trường Cao đẳng, Trung cấp": kinds of school, no names
        named_with_head = first.name.startswith(head)  # ("báo Tuổi Trẻ" is "Tuổi Trẻ")
        while True:
            gap = 4 if text.startswith(" và ", end) else 2 if text.startswith(", ", end) else 0
            start = end + gap
            if not gap or not self.cap_at(start) or self.starts_known(start) or self.looks_like_person(start):
                return end
            end = self.run_end(start)
            if " " not in text[start:end]:
                end = self.common_pair_at(start, end) or end  # "Cộng hòa": a name written as a common word
            self.emit(start, end, "ORG", f"{head} {text[start:end]}" if named_with_head else text[start:end])
            first.start = head_end + 1

    def work_after_kind(self, s: int) -> int:
        """``Bộ phim Hai Phượng``, ``Bộ sách Cánh Diều``: ``Bộ`` and a kind of work
        (``data/work_kinds.txt``) is "the film", not a ministry, and the title after it (after up to
        three words of its genre: ``Bộ phim truyền hình …``) is a work, neither an organisation nor a person.  Returns the end of the title (of the kind, if no
        title follows), or 0 when no kind of work follows ``Bộ``."""
        if self.keyed[s : s + 3] != "bộ ":  # (a slice compared: native once compiled)
            return 0
        for kind in work_kinds():
            end = s + 3 + len(kind)
            if self.keyed.startswith(kind, s + 3) and not self.text[end : end + 1].isalnum():
                pos = end
                for _ in range(3):  # "Bộ phim truyền hình Bao Thanh Thiên": its genre, then its title
                    if self.cap_follows(pos):
                        return self.run_end(pos + 1)
                    low_end = lower_word_end(self.text, pos, self.seg_end)
                    if low_end < 0 or word_key(self.text[pos + 1 : low_end]) in ORG_BREAKERS:
                        break
                    pos = low_end
                return end
        return 0

    def person_named_like_a_school(self, s: int) -> bool:
        """``Trường Giang``: the bare head ``Trường`` and one Vietnamese syllable that nothing
        follows is a given name (a school is named with its level, ``Trường THPT …``, or after a
        person, ``Trường Lê Quý Đôn``)."""
        if self.keyed[s : s + 7] != "trường " or not self.cap_at(s + 7):
            return False
        tok = TOKEN_AT_RE.match(self.text, s + 7, self.seg_end)
        if not tok or not is_vietnamese_word(tok.group()) or self.cap_follows(tok.end()):
            return False
        return not self.common_pair_at(s + 7, tok.end()) and not self.starts_known(s + 7)  # ("Trường Y tế …")

    def place_abroad_end(self, pos: int) -> int:
        """End of the known place after ``tại`` that an embassy or a representative office
        is named by (``Đại sứ quán Việt Nam tại Ấn Độ``), or 0."""
        known = self.lexicon_match(self.gaz.names, pos)
        if known and known.kind == "LOC":
            return pos + len(known.key)
        return 0

    def described_before_acronym(self, end: int) -> int:
        """End of lower-case words after a head that an acronym in brackets follows:
        ``Liên đoàn bóng đá thế giới (FIFA)`` names its organisation in words."""
        bracketed = ACRONYM_IN_BRACKETS_RE.match(self.text, end, self.seg_end) if self.text[end : end + 2] == " (" else None
        if bracketed:  # "Phòng Cảnh sát hình sự (PC02)": named by its acronym, unless it only
            acronym = bracketed.group(1).upper()  # abbreviates the head: "Hợp tác xã (HTX)"
            words = self.text[max(self.seg_start, end - 12 * len(acronym)) : end].split()[-len(acronym):]
            return 0 if "".join(w[:1] for w in words).upper() == acronym else end
        pos = end
        for _ in range(5):
            low_end = lower_word_end(self.text, pos, self.seg_end)
            if low_end < 0 or word_key(self.text[pos + 1 : low_end]) in FUNCTION_WORDS:
                return 0
            pos = low_end
            if self.text[pos : pos + 2] == " (" and ACRONYM_IN_BRACKETS_RE.match(self.text, pos, self.seg_end):
                return pos  # (the pattern tried only where its first characters stand)
        return 0

    def known_foreign_person(self, known: Entry | None) -> bool:
        """Whether ``known`` is a foreign person (``Donald Trump``, ``Mark Zuckerberg``), who is
        not the end of an organisation's name the way ``Hồ Chí Minh`` or ``Lê Quý Đôn`` may be."""
        return known is not None and known.kind == "PER" and not all(
            is_vietnamese_word(w) for w in known.key.split(" ")
        )

    def person_may_follow(self, head_start: int) -> bool:
        """Whether the lower-case head at ``head_start`` names a body that a member's name often
        follows (``nghị sĩ đảng Dân chủ Charles Schumer``): the name is handed back to the person."""
        return self.keyed.startswith(PARTY_HEADS, head_start)

    def spelled_out_acronym_end(self, s: int) -> int:
        """End of an organisation head that opens the brackets right after an acronym, at the
        closing bracket: ``FCC (Cơ quan quản lý viễn thông Hoa Kỳ)`` spells the acronym out,
        so the whole bracket is the name, lower-case words and places included (0 if not so)."""
        text = self.text
        if text[s - 2 : s] != " (":
            return 0
        word_start = text.rfind(" ", self.seg_start, s - 2) + 1 or self.seg_start
        if not is_acronym(text[word_start : s - 2]):
            return 0
        close = text.find(")", s, min(self.seg_end, s + 120))
        if close < 0 or any(mark in text[s:close] for mark in ",;:(-\""):
            return 0
        words = [word_key(w) for w in text[s:close].split(" ")]
        if len(words) > 10 or any(w in FUNCTION_WORDS and w not in SPELLED_OUT_LINKS for w in words):
            return 0  # ("Ủy ban … mà Tư vấn ACT là thành viên"): a clause, not a name
        return close

    def national_body_end(self, end: int) -> int:
        """End of lower-case words after a head that ``quốc gia`` or ``trung ương`` closes
        (``Hội đồng bầu cử quốc gia``, ``Ban chỉ đạo trung ương``): one body of the state, or 0."""
        pos, previous = end, ""
        for _ in range(6):
            low_end = lower_word_end(self.text, pos, self.seg_end)
            word = word_key(self.text[pos + 1 : low_end]) if low_end >= 0 else ""
            if low_end < 0 or word in ORG_BREAKERS:
                return 0
            if f"{previous} {word}" in ("quốc gia", "trung ương"):
                return low_end
            pos, previous = low_end, word
        return 0

    def of_parliament_end(self, s: int, end: int) -> int:
        """End of ``của Quốc hội`` closing the name of one of its committees or councils that
        opens at ``s`` (``Ủy ban Kinh tế của Quốc hội``, ``Ủy ban về các vấn đề xã hội của Quốc
        hội``, ``Hội đồng Dân tộc của Quốc hội``): the whole is the body's official name. The
        words between are its field, without punctuation or a verb; 0 if not so."""
        if not self.keyed[s : s + PARLIAMENT_HEAD_REACH].startswith(PARLIAMENT_BODY_HEADS):
            return 0  # (a slice's startswith: native once compiled, where one with a position is a Python call)
        closing = OF_PARLIAMENT_RE.search(self.text, end, min(self.seg_end, end + 90))
        if not closing:
            return 0
        between = self.text[end : closing.start()]
        if any(mark in between for mark in ",;:()\"“”.!?"):
            return 0
        words = [word_key(w) for w in between.split() if w not in ("-", "–", "&")]
        if len(words) > 8 or any(w in ORG_BREAKERS and w not in FIELD_LINKS for w in words):
            return 0  # ("Ủy ban đã phối hợp với Ủy ban Tư pháp của Quốc hội": a clause)
        if not words and self.keyed[s:end] in PARLIAMENT_BODY_HEADS_ALONE:
            return 0  # "các Ủy ban của Quốc hội": its committees in general
        if any(w == "các" and (i == 0 or words[i - 1] != "về") for i, w in enumerate(words)):
            return 0  # ("Hội đồng Dân tộc và các Ủy ban của Quốc hội": several bodies)
        return closing.end()

    def country_body_end(self, end: int) -> int:
        """End of lower-case words after a head that the name of a country or a province closes
        (``Cơ quan tình báo quốc phòng Mỹ``, ``Bộ ngoại giao Nga``): that state's body, or 0."""
        pos = end
        if self.common_pair_at(self.text.rfind(" ", self.seg_start, end) + 1, end):
            return 0  # "Hội chứng …": the head word opens a common word
        for _ in range(4):
            low_end = lower_word_end(self.text, pos, self.seg_end)
            word = word_key(self.text[pos + 1 : low_end]) if low_end >= 0 else ""
            if low_end < 0 or word in ORG_BREAKERS or word in FUNCTION_WORDS or word in NOT_IN_COUNTRY_BODIES:
                return 0
            pos = low_end
            if self.cap_follows(pos):
                known = self.lexicon_match(self.gaz.names, pos + 1)
                place_end = pos + 1 + len(known.key) if known and known.kind == "LOC" else 0
                if place_end and known.key in major_places() and not self.cap_follows(place_end):
                    return place_end
                return 0
        return 0

    def canonical_span(self, start: int, end: int) -> str:
        """The text of ``start:end`` with the known names in it written canonically
        (``Hạ viện Cộng hòa Belarus`` is ``Hạ viện Belarus``)."""
        parts = []
        pos = start
        for a, b, canonical in self.replacements:
            if start <= a and b <= end:
                parts.append(self.text[pos:a])
                parts.append(canonical)
                pos = b
        parts.append(self.text[pos:end])
        return " ".join("".join(parts).split())

    def name_syllable(self, s: int, end: int) -> bool:
        """Whether ``s:end`` is a Vietnamese word written as a name's (``Phan``, ``Địa ốc``; not
        an acronym, ``BRT``, nor a foreign word, ``Vinamilk``)."""
        word = self.text[s:end]
        return word[:1].isupper() and not word.isupper() and all(is_vietnamese_word(w) for w in word.split(" "))

    def full_name_after_head(self, end: int) -> bool:
        """Whether a Vietnamese full name (a family name and two to four syllables, nothing
        known opening it) follows the head ending at ``end``: after a title, the name of the
        body's official, not the body's own (``Bí thư Thành ủy | Đinh La Thăng``, ``Bí thư
        Đảng ủy | Phạm Văn Cao``); a head that takes a person's name is a namesake head."""
        if not self.cap_follows(end):
            return False
        run_end = self.run_end(end + 1)
        return (
            self.text.count(" ", end + 1, run_end) >= 2 and self.looks_like_person(end + 1, run_end)
            and self.lexicon_match(self.gaz.names, end + 1) is None  # (not "Đoàn TNCS Hồ Chí Minh": a namesake)
        )

    def org_step(self, end: int, named: bool, department: bool, before_person: bool) -> tuple[int, bool | None] | None:
        """The next piece of an organisation's name after ``end``, or None when it ends.

        Returns (new end, whether the piece was a plain capitalised word, or None if
        it was one more head word).
        """
        text = self.text
        # (The space and the next letter are read as characters: the compiled rules index a
        # string natively, where ``str.startswith`` with a position and a pattern's match are
        # Python calls; each pattern below is tried only where its first letter stands.)
        spaced = text[end : end + 1] == " "
        after = text[end + 1 : end + 2]
        numbered = NUMBERED_PLACE_RE.match(text, end + 1, self.seg_end) if spaced and after in NUMBERED_PLACE_INITIALS else None
        if numbered:  # "Công an quận 1", "UBND Phường 7"
            return numbered.end(), False
        if self.cap_follows(end):
            return self.org_capitalised_step(end + 1, named, before_person)
        if department and named and text.startswith(", ", end):
            listed = self.listed_fields_end(end)
            return (listed, False) if listed else None
        if self.party and named and text.startswith("-", end) and self.cap_at(end + 1):
            return self.org_capitalised_step(end + 1, named, before_person)  # "Đảng Lao động-Nông dân-Dân chủ"
        if not spaced:
            return None
        particle = PARTICLE_AT_RE.match(text, end, self.seg_end) if after in PARTICLE_INITIALS else None
        if particle and named:
            return self.org_capitalised_step(particle.end(), named, before_person)
        cue_end = self.admin_cue_at(end + 1)
        if cue_end:
            return self.place_end(cue_end + 1), False
        field = POLICE_FIELD_AT_RE.match(text, end, self.seg_end) if self.keyed[max(0, min(end, len(self.keyed)) - 8) : end] == "tội phạm" else None
        if field:  # "Phòng Cảnh sát điều tra tội phạm về ma túy": the field is part of the unit's name
            return field.end(), None
        tail = self.org_tail_at(end)
        if tail and (named or self.keyed[end + 1 : tail] in ADMIN_CUES):
            return tail, False
        if tail:  # "Phòng Cảnh sát hình sự": the head goes on, still without a name
            return tail, None
        if not named and self.gap_head:
            return self.lower_gap(end)
        if department and text.startswith(" & ", end) and self.cap_at(end + 3) and not self.starts_known(end + 3):
            return self.department_tail(end + 3), False
        if department and text.startswith(" và ", end) and self.cap_at(end + 4) and not self.starts_known(end + 4):
            return self.department_tail(end + 4), False
        if department and text.startswith(" - ", end) and self.cap_at(end + 3) and not self.starts_known(end + 3):
            return self.department_tail(end + 3), False
        return None

    def listed_fields_end(self, end: int) -> int:
        """End of the fields a department's name lists (``Ủy ban Khoa học, Công nghệ và Môi
        trường``, ``Bộ Văn hóa, Thể thao và Du lịch``): capitalised fields after commas, the
        last after ``và``; 0 when the comma ends the name (``Bộ Y tế, Bộ Công an và …``)."""
        text = self.text
        pos = end
        for _ in range(4):
            if text.startswith(", ", pos) and self.field_at(pos + 2):
                pos = self.department_tail(pos + 2)
            elif text.startswith(" và ", pos) and self.field_at(pos + 4) and pos > end:
                return self.department_tail(pos + 4)
            else:
                return 0
        return 0

    def field_at(self, pos: int) -> bool:
        """Whether a field of a department's name starts at ``pos``: a capitalised word that
        starts nothing known, or whose first syllable opens a common word (``Hàn gắn``, not
        ``Hàn`` for Korea)."""
        if not self.cap_at(pos):
            return False
        if not self.starts_known(pos):
            return True
        tok = TOKEN_AT_RE.match(self.text, pos, self.seg_end)
        return tok is not None and lower_word_end(self.text, tok.end(), self.seg_end) >= 0 and self.text[tok.end() + 1].islower()

    def org_capitalised_step(self, nxt: int, named: bool, before_person: bool) -> tuple[int, bool | None] | None:
        gaz, text = self.gaz, self.text
        word = self.word_at(nxt)
        if self.lexicon_match(gaz.roles, nxt, word):
            return None
        known = self.lexicon_match(gaz.names, nxt, word)
        if known and known.kind == "ORG" and named:
            return None
        if before_person and named and self.known_foreign_person(known):
            return None  # "đảng Cộng hòa | (George) W. Bush": a known person after a named body is not its part
        if known:
            self.replacements.append((nxt, nxt + len(known.key), known.name))
            return nxt + len(known.key), False
        head = self.lexicon_match(gaz.org_heads, nxt, word)
        if head and named:
            if self.subunit and word_key(head.surface) not in SUBUNIT_HEADS:
                self.subunit = False  # "Cơ quan CSĐT | Công an tỉnh Đồng Nai": the unit's parent
                return nxt + len(head.key), False
            return None
        if head:
            return nxt + len(head.key), None
        if before_person and named and self.looks_like_person(nxt):
            return None
        tok = TOKEN_AT_RE.match(text, nxt, self.seg_end)
        tok_end = tok.end() if tok else nxt
        if tok_end <= nxt:
            return None
        low_end = lower_word_end(text, tok_end, self.seg_end)
        if (
            low_end >= 0
            and is_vietnamese_word(tok.group())
            and (word_key(text[tok_end + 1 : low_end]) not in ORG_BREAKERS
                 or (self.common_pair_at(nxt, tok_end) and word_key(text[tok_end + 1 : low_end]) not in FUNCTION_WORDS)
                 or self.keyed[nxt:low_end] in NAME_WORDS_WITH_FUNCTION_SYLLABLE)
            and not self.admin_cue_at(tok_end + 1)
            and not self.org_tail_at(tok_end)
            and (self.common_pair_at(nxt, tok_end) or self.cap_follows(low_end) or self.org_tail_at(low_end)
                 or (self.name_closes_after(low_end) and (not named or self.keyed[nxt:low_end] not in gaz.never)))  # (not "DW | Tuy nhiên")
        ):
            return self.word_pairs_end(tok_end + 1, low_end), True
        return tok_end, True

    def name_closes_after(self, end: int) -> bool:
        """Whether the name read so far closes at ``end``: punctuation or a grammatical word
        follows (``Giáo hội Công giáo | tại Mỹ``, ``Hội đồng Sự thật | , Công lý …``).  Vietnamese
        capitalises only the first syllable of each word of a name, so the lower-case syllable
        before ``end`` ends the name's last word (``Công giáo``, ``Sự thật``)."""
        after = self.text[end : end + 1]
        if after in (",", ".", ";", ":", ")") or end >= self.seg_end:
            return True
        low_end = lower_word_end(self.text, end, self.seg_end)
        return low_end >= 0 and word_key(self.text[end + 1 : low_end]) in NAME_CLOSING_WORDS

    def word_pairs_end(self, start: int, end: int) -> int:
        """Go on through lower-case words that each make a common pair with the one before
        (``Khám chữa bệnh``, ``Giáo dục nghề nghiệp``): one multi-syllable word of a name.
        The longer word must end the name (before punctuation or a capital), else the
        lower-case words are the sentence going on (``Bộ Y tế thông tin nước ta``)."""
        first_end = end
        while True:
            low_end = lower_word_end(self.text, end, self.seg_end)
            if low_end < 0 or word_key(self.text[end + 1 : low_end]) in ORG_BREAKERS:
                break
            if f"{self.keyed[start:end]} {self.keyed[end + 1 : low_end]}" not in self.gaz.bigrams:
                break
            start, end = end + 1, low_end
        if end != first_end and lower_word_end(self.text, end, self.seg_end) >= 0:
            return first_end
        return end

    def org_tail_at(self, end: int) -> int:
        """End of lower-case words that go on an organisation's name (``thị trường``), if
        they end it (before punctuation, a capital or a place): ``Bộ Y tế thông tin nước
        ta`` is the ministry informing."""
        keyed, reach = self.keyed, min(self.seg_end, end + 40)
        space = keyed.find(" ", end + 1, reach) if end >= 0 else -1
        first = keyed[end + 1 : space if space >= 0 else reach] if end >= 0 else ""
        if first.isalnum() and first not in tail_first_words(self.gaz.org_tail_words):
            return 0  # (the pattern's first word, read natively: no tail opens with it)
        m = LOWER_WORDS_RE.match(self.keyed, end + 1, min(self.seg_end, end + 40))
        if not m or not self.text[end + 1].islower():
            return 0
        words = m.group().split(" ")
        for size in (3, 2, 1):
            phrase = " ".join(words[:size])
            if len(words) >= size and phrase in self.gaz.org_tail_words:
                if phrase in VERB_TAILS and self.capitalised_name_ends_at(end):
                    return 0  # "Công an tỉnh Nam Định | điều tra", "Bộ GTVT | thông tin": the verb, not a field
                tail_end = end + 1 + len(phrase)
                if phrase in ADMIN_CUES:  # "UBND tỉnh", "Công an thành phố"
                    return tail_end
                low_end = lower_word_end(self.text, tail_end, self.seg_end)
                if (low_end < 0 or self.admin_cue_at(tail_end + 1) or self.org_tail_at(tail_end)
                        or (self.sentence_goes_on(self.text[tail_end + 1 : low_end]) and words[0] not in PREDICATE_WORDS)):
                    return tail_end
        return 0

    def capitalised_name_ends_at(self, end: int) -> bool:
        """Whether the word ending at ``end`` is capitalised and not a company's legal form
        (``Công ty TNHH xây dựng Hùng Yến``: the trade after ``TNHH`` is part of the name)."""
        word = self.text[self.text.rfind(" ", self.seg_start, end) + 1 : end]
        return word[:1].isupper() and word not in LEGAL_FORMS

    def sentence_goes_on(self, low: str) -> bool:
        """Whether the lower-case word ``low`` starts what the sentence says of the
        organisation (``Tổng cục Quản lý thị trường | phối hợp``), not more of its name."""
        return word_key(low) in ORG_BREAKERS or word_key(low) in PREDICATE_WORDS

    def lower_gap(self, end: int) -> tuple[int, bool] | None:
        """Up to three lower-case words between a head and its name (``Nhà máy máy kéo Minsk``)."""
        pos = end
        for _ in range(3):
            low_end = lower_word_end(self.text, pos, self.seg_end)
            if low_end < 0 or word_key(self.text[pos + 1 : low_end]) in ORG_BREAKERS or self.starts_lower_head(pos + 1):
                return None  # ("Sở phạt | công ty TNHH X": another organisation begins)
            pos = low_end
            if self.cap_follows(pos):
                known = self.lexicon_match(self.gaz.names, pos + 1)
                if known and not known.kind == "PER":  # "Ủy ban thường vụ Quốc hội"
                    return pos + 1 + len(known.key), True
                tok = TOKEN_AT_RE.match(self.text, pos + 1, self.seg_end)
                if tok and not self.lexicon_match(self.gaz.roles, pos + 1):
                    return tok.end(), True
        return None

    def starts_lower_head(self, pos: int) -> bool:
        """Whether a lower-case institution head (``công ty``, ``bệnh viện``) begins at ``pos``."""
        two = self.keyed[pos : pos + 16].split(" ", 2)
        return two[0] in self.gaz.org_span_heads or " ".join(two[:2]) in self.gaz.org_span_heads

    def department_tail(self, pos: int) -> int:
        """The words after "và" in a department's name: one capitalised word and its syllables."""
        tok = TOKEN_AT_RE.match(self.text, pos, self.seg_end)
        end = tok.end() if tok else pos
        low_end = lower_word_end(self.text, end, self.seg_end)
        if low_end >= 0 and word_key(self.text[end + 1 : low_end]) not in ORG_BREAKERS:
            end = low_end
        return end

    def brand_with_country(self, s: int, end: int) -> bool:
        """``Fossil Việt Nam``, ``Samsung Việt Nam``: a foreign one-word name and the country
        it works in make one organisation."""
        if " " in self.text[s:end] or not self.cap_follows(end):
            return False
        known = self.lexicon_match(self.gaz.names, end + 1)
        return bool(known and known.kind == "LOC" and not self.cap_follows(end + 1 + len(known.key)))


@lru_cache(maxsize=1)
def work_kinds() -> tuple[str, ...]:
    """Keyed kinds of work that ``Bộ`` opens (``data/work_kinds.txt``), longest first."""
    return tuple(sorted((word_key(line) for line in _data_lines("work_kinds.txt")), key=len, reverse=True))


@lru_cache(maxsize=1)
def event_heads() -> tuple[str, ...]:
    """Keyed first words of events named like organisations (``data/event_heads.txt``),
    each with the space after it, for one ``str.startswith`` at an organisation's start."""
    return tuple(word_key(line) + " " for line in _data_lines("event_heads.txt"))


UNIT_OWN_NUMBER_AT_RE: Final = re.compile(r" \d{1,4}(?=[\s,.;:)]|$)")
#: The field of a police investigation unit after "tội phạm về" (``… tội phạm về ma túy``).
POLICE_FIELD_AT_RE: Final = re.compile(
    r" về (?:ma túy|ma tuý|trật tự xã hội|trật tự, an toàn xã hội|tham nhũng, kinh tế, buôn lậu|tham nhũng|"
    r"kinh tế và chức vụ|quản lý kinh tế và chức vụ|kinh tế|chức vụ|buôn lậu|môi trường|sử dụng công nghệ cao|công nghệ cao)(?![^\W\d_])"
)
@lru_cache(maxsize=1)
def namesake_heads() -> tuple[str, ...]:
    """Keyed heads of institutions named after a person or a place (``data/org_namesake_heads.txt``)."""
    return tuple(word_key(line) for line in _data_lines("org_namesake_heads.txt"))


#: The last set of tails asked about by :func:`tail_first_words`, with its first words.
_TAIL_FIRSTS: list[tuple[set[str], frozenset[str]]] = []


def tail_first_words(tails: set[str]) -> frozenset[str]:
    """The first words of the keyed phrases ``tails`` (the gazetteer's ``org_tail_words``),
    remembered for the last set: a word that opens none of them starts no tail."""
    if _TAIL_FIRSTS and _TAIL_FIRSTS[0][0] is tails:
        return _TAIL_FIRSTS[0][1]
    firsts = frozenset(tail.split(" ", 1)[0] for tail in tails)
    _TAIL_FIRSTS[:] = [(tails, firsts)]
    return firsts


@lru_cache(maxsize=1)
def namesake_head_set() -> tuple[frozenset[str], int]:
    """:func:`namesake_heads` as a set, with the length of the longest."""
    heads = namesake_heads()
    return frozenset(heads), max((len(head) for head in heads), default=0)


def is_namesake_head(head_key: str) -> bool:
    """Whether the keyed head ``head_key`` opens with one of :func:`namesake_heads`
    (``trường thpt``, ``bệnh viện``), a whole word: the whole key, or a piece of it
    before a space, is one (looked up, not compared with each head)."""
    heads, reach = namesake_head_set()
    if head_key in heads:
        return True
    at = head_key.find(" ", 0, reach + 1)
    while at >= 0:
        if head_key[:at] in heads:
            return True
        at = head_key.find(" ", at + 1, reach + 1)
    return False


#: Military units named by their number alone (``Quân khu 7``, ``Sư đoàn 304``, ``Hạm đội 7``).
NUMBERED_HEADS: Final = frozenset(
    word_key(w) for w in ("Quân khu", "Quân đoàn", "Binh đoàn", "Sư đoàn", "Lữ đoàn", "Trung đoàn", "Tiểu đoàn", "Hạm đội", "Hải đoàn", "Vùng Cảnh sát biển")
)
#: Lower-case ends that make a head and its lower-case words the name of one body of the
#: state or of a region (``Hội đồng bầu cử quốc gia``, ``Cảng vụ hàng không miền Bắc``).
#: Lower-case heads of a party's name, which its members' names often follow.
PARTY_HEADS = ("đảng ",)
#: Grammatical words that may stand in an organisation's name spelled out in brackets.
SPELLED_OUT_LINKS: Final = frozenset(("và", "của", "tại"))
NATIONAL_ENDS = (" quốc gia", " trung ương", " miền bắc", " miền nam", " miền trung")
#: A unit's number after its name (``Đội Quản lý thị trường số 1``, ``Trạm 4``).
UNIT_NUMBER_AT_RE: Final = re.compile(r" (?:số \d{1,4}(?=[\s,.;:)]|$)(?!, ?\d)|\d{1,4}(?=[\s,.;:)]|$)(?! ?[^\W\d_]))")
#: The term of an elected body after its name (``Quốc hội khóa XIV``, ``HĐND tỉnh khóa 9``).
TERM_AT_RE: Final = re.compile(r" kh[oó]a (?:[IVXL]+|\d{1,2})\b(?![-–/])")
#: Heads of an organisation's representation in another place, named with ``tại`` and
#: the place (``Đại sứ quán Việt Nam tại Ấn Độ``, ``Tổng Lãnh sự quán Việt Nam tại Houston``).
REPRESENTATION_HEADS: Final = frozenset(
    word_key(w) for w in ("Đại sứ quán", "ĐSQ", "Tổng Lãnh sự quán", "Lãnh sự quán", "Văn phòng đại diện", "Phái đoàn", "Chi nhánh")
)

#: First words of verbs that often follow an organisation's name (beside ORG_BREAKERS); a
#: tail that is such a verb (``điều tra``, ``thông tin``) ends a name only before punctuation.
PREDICATE_WORDS: Final = frozenset(
    word_key(w) for w in "phối kiểm xử tổ công phát yêu đề chỉ thông ban ký triển tiến thực bắt khởi truy điều xác tiếp báo".split()
)

#: Tails that are also verbs (``Bệnh viện Việt Đức | cấp cứu``, ``Huawei | phát triển``): after
#: a capitalised word, which ends a name, they are what the organisation does; a field of its
#: name follows a lower-case syllable (``Trung tâm Công nghệ thông tin``, ``Cơ quan Cảnh sát điều tra``).
VERB_TAILS: Final = frozenset(
    word_key(w) for w in ("thông tin", "điều tra", "phát triển", "cấp cứu", "xây dựng", "sản xuất", "đầu tư", "đào tạo", "xuất bản", "cứu hộ", "cứu nạn")
)

#: Heads of the National Assembly's committees and councils, named with ``của Quốc hội``.
PARLIAMENT_BODY_HEADS = tuple(word_key(w) + " " for w in ("Ủy ban", "Uỷ ban", "UB", "Hội đồng"))
#: The longest of :data:`PARLIAMENT_BODY_HEADS`: a slice this long at a name's start holds any of them.
PARLIAMENT_HEAD_REACH: Final = max(len(head) for head in PARLIAMENT_BODY_HEADS)
PARLIAMENT_BODY_HEADS_ALONE: Final = frozenset(head.rstrip() for head in PARLIAMENT_BODY_HEADS)
OF_PARLIAMENT_RE: Final = re.compile(r" của Quốc hội(?![^\W\d_])")
#: Grammatical words that may stand in a committee's field (``về các vấn đề xã hội``).
FIELD_LINKS: Final = frozenset(("về", "các", "và"))

#: Lower-case words after a head that make what follows a common noun's country, not a body's
#: name: descriptors (``CLB nước Anh``, ``CLB thủ đô Italia``, ``CLB lớn nhất nước Anh``),
#: common words the head opens (``Báo giới``, ``Báo chí``, ``Vụ việc``), and verbs of a
#: body that has its name already (``Viện Kiểm sát truy tố | Nga``).
NOT_IN_COUNTRY_BODIES: Final = frozenset(
    word_key(w) for w in "nước thủ lớn nhất nhà giới chí việc truy cáo xét khởi bắt đề yêu xử".split()
)

#: Legal forms written before a company's trade (``Công ty TNHH xây dựng …``).
LEGAL_FORMS: Final = frozenset(("TNHH", "MTV", "CP", "CTCP", "TMCP", "XNK", "TM", "DV", "TM-DV"))

#: Legal-form words dropped from a company's canonical name (``Công ty New Atlantic
#: International Trading`` is ``New Atlantic International Trading``).
COMPANY_WORDS_RE: Final = re.compile(
    r"^(?:(?:Tổng )?[Cc]ông ty|Cty|CTCP|Tập đoàn|Hãng)"
    r"(?: (?:[Cc]ổ phần|CP|TNHH(?: MTV)?|[Tt]rách nhiệm hữu hạn(?: một thành viên)?))? (?=\S)"
)


#: The openings of :data:`COMPANY_WORDS_RE`: the pattern is tried only on a name opened by one
#: (a match is a Python call in the compiled rules, and most organisations are no company).
COMPANY_OPENINGS: Final = ("Tổng công ty", "Tổng Công ty", "công ty", "Công ty", "Cty", "CTCP", "Tập đoàn", "Hãng")


def without_company_words(name: str) -> str:
    if not name.startswith(COMPANY_OPENINGS):
        return name
    legal_form = COMPANY_WORDS_RE.match(name)  # (anchored: one match at most, at the start)
    stripped = name[legal_form.end():] if legal_form else name
    return stripped if stripped and stripped[0].isupper() else name
