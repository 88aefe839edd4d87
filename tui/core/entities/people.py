"""People: a name after a title (``Tổng Bí thư Tô Lâm``), after a pronoun opening a
sentence (``Anh Trần Văn Nam``), or shaped like a Vietnamese or foreign name."""

from __future__ import annotations

from typing import Final

from .acronyms import is_acronym
from .gazetteer import _alias_lines, _data_lines
from .lexicon import PRONOUN_CUES, is_vietnamese_word, lower_word_end, word_key


#: The word lists of this module, each read at its first use.  (A dictionary looked up by the
#: list's file name: one C call in the compiled rules, where a ``functools.lru_cache`` wrapper
#: is a Python call each time, and ``person_kinds`` is asked at every name the scanner reads.)
_LISTS: Final[dict[str, frozenset[str]]] = {}


def _keyed_lines(filename: str) -> frozenset[str]:
    """The keyed lines of ``data/<filename>``, read once."""
    found = _LISTS.get(filename)
    if found is None:
        found = _LISTS[filename] = frozenset(word_key(line) for line in _data_lines(filename))
    return found


def personal_roles() -> frozenset[str]:
    """Keyed titles of a trade (``tiền vệ``, ``ca sĩ``), from ``data/personal_roles.txt``."""
    return _keyed_lines("personal_roles.txt")


def grammatical_words() -> frozenset[str]:
    """Keyed conjunctions, prepositions and auxiliaries, from ``data/grammatical_words.txt``."""
    return _keyed_lines("grammatical_words.txt")


def person_kinds() -> frozenset[str]:
    """Keyed words that after an honorific name a kind of person (``ông Tây``), from ``data/person_kinds.txt``."""
    return _keyed_lines("person_kinds.txt")


def given_names() -> frozenset[str]:
    """Keyed given names that stand alone for a person (``data/given_names.txt``)."""
    return _keyed_lines("given_names.txt")


def given_name_compounds() -> frozenset[str]:
    """Keyed pairs of a given name and the lower-case word after it that make something else
    (``Hoàng thành``, ``Hồng quân``), from ``data/given_name_compounds.txt``."""
    return _keyed_lines("given_name_compounds.txt")


def lunar_years() -> frozenset[str]:
    """The sixty can chi names of lunar years (``Đinh Dậu``, ``Mậu Tuất``), as written, from
    ``data/lunar_years.txt`` (its ten stems times its twelve branches)."""
    found = _LISTS.get("lunar years")
    if found is None:
        stems, branches = (line.split() for line in _data_lines("lunar_years.txt"))
        found = _LISTS["lunar years"] = frozenset(f"{stem} {branch}" for stem in stems for branch in branches)
    return found


def major_places() -> frozenset[str]:
    """Keyed names and aliases of Vietnam's provinces and of the world's countries and cities."""
    found = _LISTS.get("major places")
    if found is None:
        found = _LISTS["major places"] = frozenset(
            word_key(form) for filename in ("loc_vietnam.txt", "loc_world.txt") for _, forms in _alias_lines(filename) for form in forms
        )
    return found


class PeopleRules:
    """Rules that find people (a mixin of :class:`.scanner.Scanner`)."""

    def person_after_pronoun(self, s: int) -> int:
        """``Anh Trần Văn Nam``, ``Ông Igor``: a capitalised pronoun that opens a sentence,
        then a name."""
        if self.lexicon_match(self.gaz.roles, s) or self.lexicon_match(self.gaz.org_heads, s):
            return s
        cue_start = s - 1 - len(self.word_before(s))
        known = self.lexicon_match(self.gaz.names, cue_start)
        if known and cue_start + len(known.key) > s and known.key in major_places():  # "Bà Rịa - Vũng Tàu"
            return self.known_name(cue_start, known)
        end = self.name_end(s)
        known = self.lexicon_match(self.gaz.names, s)
        if (known is not None and known.kind == "LOC" and s + len(known.key) < end
                and self.nationality_before_foreign_name(s, s + len(known.key))):
            return self.known_name(s, known)  # "Thầy Đức Falko Goetz": the country, then the person
        if self.keyed[s:end] in person_kinds() and not self.text.startswith(" (", end):
            return end  # "Ông Tây này …": a Westerner (but "Anh Tây (30 tuổi)" is a man)
        if self.keyed[s:end] not in self.gaz.never or self.given_name_after_kinship(s, self.text[s:end], s - 1):
            self.emit(s, end, "PER", tokens=self.text.count(" ", s, end) + 1)
        return end

    def honorific_opens_lost_sentence(self, s: int, word: str) -> bool:
        """``Ảnh: Nikkei Ông Trump dự kiến …``, ``… leo thang Ông Trump đang …``: an honorific written
        with a capital inside a sentence opens one whose full stop was lost (a caption or a headline
        run into the text; Vietnamese writes ``ông``, ``bà`` in lower case inside a sentence), so it
        is a cue, not the first word of a name.  Not where a known name starts with it (``Bà Rịa``,
        ``Bà Nà``), nor ``Anh`` (England: ``Ngoại trưởng Anh Boris Johnson``), ``Cô`` (``Cô Tô``),
        ``Bác`` (``Bác Hồ``); nor after a place's cue: places are named after people (``chợ Bà Chiểu``,
        ``cầu Ông Lãnh``, ``rạch Bà Bướm``)."""
        return (
            word in LOST_SENTENCE_HONORIFICS and self.text[s - 1] == " " and not self.starts_known(s)
            and self.cue_before(s, self.gaz.loc_span_cues) is None
        )

    def given_name_after_kinship(self, s: int, surface: str, cue_end: int | None = None) -> bool:
        """``bà Năm``, ``chú Ba``, ``anh Việt``: one Vietnamese syllable right after a kinship
        or honorific word is a given name even where the word alone is never a name
        (``cue_end``: where a capitalised cue that opens the sentence ends); not a word for a kind
        of person (``ông Tây``: a Westerner)."""
        if " " in surface or not is_vietnamese_word(surface) or self.opens_person_word(s) or word_key(surface) in person_kinds():
            return False
        if cue_end is not None:
            return True
        return self.cue_before(s, PRONOUN_CUES) is not None

    def opens_person_word(self, s: int) -> bool:
        """``cô | Nữ ca sĩ 9x``: the word at ``s`` opens a word for a person (``nữ ca sĩ``), written
        with a capital, not a given name."""
        words = self.keyed[s : s + 24].split(" ")
        return " ".join(words[:2]) in self.gaz.person_cues or " ".join(words[:3]) in self.gaz.person_cues

    def after_role(self, role_start: int, role_end: int) -> int:
        """A title: what follows may be its organisation, a place, then the person."""
        text, gaz = self.text, self.gaz
        pos = role_end
        after_body = False  # whether an organisation or a place closed the title read so far
        while True:
            if text[pos : pos + 2] == ", " and self.cap_at(pos + 2):
                role = self.lexicon_match(gaz.roles, pos + 2)
                if not role:
                    return pos
                role_start, pos, after_body = pos + 2, pos + 2 + len(role.key), False
                continue
            if not self.cap_follows(pos):
                return pos
            nxt = pos + 1
            word = self.word_at(nxt)
            role = self.lexicon_match(gaz.roles, nxt, word)
            if role:
                if after_body:  # "… Quân ủy Trung ương Trung Quốc | Tổng Bí thư Nguyễn Phú Trọng": a new title
                    role_start, after_body = nxt, False
                pos = nxt + len(role.key)
                continue
            head = self.lexicon_match(gaz.org_heads, nxt, word)
            known = self.lexicon_match(gaz.names, nxt, word)
            if (known and " " not in known.key and not known.kind == "ORG" and self.run_goes_on(nxt + len(known.key))
                    and is_vietnamese_word(known.key)):  # (not "Nghị sĩ | Đảng Cộng hòa": a party's head, not a given name)
                end = self.name_end(nxt + len(known.key) + 1)  # "ca sĩ Mỹ Tâm": a given name, not the country
                if all(is_vietnamese_word(w) for w in text[nxt:end].split(" ")):
                    words = text[nxt:end].split(" ")
                    self.emit(nxt, end, "PER", role=text[role_start:nxt].rstrip(" ,"), tokens=len(words))
                    return end
            if head and not known and self.person_named_like_a_school(nxt):
                head = None  # "danh hài Trường Giang"
            if head or (known and known.kind == "ORG"):
                pos = self.organisation(nxt, before_person=True)
                after_body = self.emitted_up_to(pos)  # (not a bare head: "Liên đoàn | Luật sư Việt Nam")
                continue
            if known and known.kind == "LOC" and (not self.looks_like_person(nxt) or known.key in major_places()):
                if self.given_name_like_place(role_start, nxt, known.key):
                    return self.emit_end(nxt, nxt + len(known.key), "PER", known.key.count(" ") + 1)
                pos = self.known_name(nxt, known)
                after_body = self.emitted_up_to(pos)
                continue
            acronym_end = self.acronym_before_person(nxt)
            if acronym_end:  # "Bộ trưởng GTVT | Nguyễn Văn Thể": the title's body, then the person
                pos = acronym_end
                continue
            end = self.name_end(nxt)
            if not is_vietnamese_word(text[nxt:end]) and self.brand_with_country(nxt, end):
                pos = self.organisation(nxt)
                continue
            pair_end = self.common_pair_at(nxt, end) or self.never_word_opening_field(nxt, end) if " " not in text[nxt:end] else 0
            if pair_end:
                pos = pair_end  # "Giám đốc Thể thao Paolo Maldini": part of the title
                continue
            words = text[nxt:end].split(" ")
            if len(words) > 1 and all(word_key(w) in gaz.never for w in words):
                pos = end  # "Phó trưởng Khoa Trang trí | Nội Ngoại thất": words of the title's field
                continue
            acronym_end = self.acronym_end(nxt)
            if acronym_end == end:
                self.acronym_alone(nxt, end, self.generic_acronym(nxt, end))
                return end  # "Giám đốc ADCC cho biết", "Chủ tịch MTTQ nói": the title's body, no person
            if acronym_end and self.keyed[nxt:end] not in gaz.never:
                return self.organisation(nxt)  # "đại diện BOT Ninh An": an organisation named after its acronym
            if self.keyed[nxt:end] not in gaz.never:
                if len(words) > 1 and any(word_key(w) in gaz.foreign_org_words for w in words):
                    return self.emit_end(nxt, end, "ORG", len(words))  # "Tổng giám đốc Nam A Bank"
                role_text = text[role_start:nxt].rstrip(" ,")
                self.emit(nxt, end, "PER", role=role_text, tokens=len(words))
            return end

    def never_word_opening_field(self, s: int, end: int) -> int:
        """End of the lower-case syllable after a word that is never a name (``Nội``, ``Ngoại``) when
        it opens the field of a title (``Bộ trưởng Nội vụ Anh Amber Rudd``), or 0."""
        if self.keyed[s:end] not in self.gaz.never:
            return 0
        low_end = lower_word_end(self.text, end, self.seg_end)
        if low_end < 0 or not self.text[end + 1].islower() or word_key(self.text[end + 1 : low_end]) in grammatical_words():
            return 0
        words = self.keyed[end + 1 : end + 17].split(" ")
        if words[0] in self.gaz.org_span_heads or " ".join(words[:2]) in self.gaz.org_span_heads:
            return 0  # "Bí thư Đoàn | trường THPT …": the body's head, not a field
        return low_end

    def emitted_up_to(self, end: int) -> bool:
        """Whether the last candidate emitted ends at ``end`` (a body or a place was named there)."""
        return bool(self.out) and self.out[-1].end == end

    def acronym_before_person(self, s: int, after_title: bool = True) -> int:
        """``Bộ trưởng GTVT | Nguyễn Văn Thể``, ``Chủ tịch FIGC | Gabriele Gravina``, ``PTT | Vũ Đức
        Đam``: an all-capital acronym right before a person's name is the body the person serves
        (or a title), never the first word of the name.  A known one is what the gazetteer says
        (``QH``, ``TQ``), a generic one (``GTVT``, ``MTTQ``: a common noun) is no entity, any other
        is an organisation of its own.  A foreign-looking name counts only ``after_title`` and after
        an acronym that may be an organisation's (``SUV | Land Cruiser`` is a product, ``USS | Carl
        Vinson`` a ship, ``THE | Impact Rankings`` a table).  Returns the acronym's end, or 0 where
        no acronym or no person is there."""
        end = self.acronym_end(s)
        if not end or not self.cap_at(end + 1):
            return 0
        generic = self.generic_acronym(s, end)
        known = self.lexicon_match(self.gaz.names, s)
        if known is not None and s + len(known.key) != end:
            return 0
        foreign = after_title and not generic and (known is None or known.kind == "ORG")  # (not "VN | Idol Kids")
        if not self.person_follows_acronym(end + 1, foreign):
            return 0
        self.acronym_alone(s, end, generic)
        return end

    def acronym_end(self, s: int) -> int:
        """End of the all-capital acronym at ``s`` (``GTVT``, ``GD&ĐT``) when a space or the
        paragraph's end follows it, else 0 (``TP.``, ``MHB;``, ``Covid``)."""
        text, end = self.text, s
        while end < self.seg_end and (text[end].isalpha() or text[end] in "&-"):
            end += 1
        return end if (end == self.seg_end or text[end] == " ") and is_acronym(text[s:end]) else 0

    def generic_acronym(self, s: int, end: int) -> bool:
        """A common noun's or a title's abbreviation (``GTVT``, ``HĐQT``, ``ĐBQH``), no entity alone."""
        return self.keyed[s:end] in self.gaz.never or self.text[s:end] in self.plain_acronyms or "Đ" in self.text[s:end]

    def acronym_alone(self, s: int, end: int, generic: bool) -> None:
        """Emit the acronym ``s:end`` as an entity of its own: what the gazetteer knows it as,
        else an organisation unless ``generic``."""
        known = self.lexicon_match(self.gaz.names, s)
        if known is not None and s + len(known.key) == end:
            self.known_name(s, known)
        elif not generic:
            self.emit(s, end, "ORG")

    def person_follows_acronym(self, s: int, foreign: bool) -> bool:
        """Whether a person's name starts at ``s``: a Vietnamese full name, a known person, or
        (``foreign``) two to four foreign words shaped like a name."""
        known = self.lexicon_match(self.gaz.names, s)
        if known is not None:
            return known.kind == "PER"
        if self.looks_like_person(s):
            return True
        if not foreign:
            return False
        words = self.text[s : self.name_end(s)].split(" ")
        return not any(is_vietnamese_word(w) for w in words) and self.looks_foreign_person(words)

    def full_name_opens_sentence(self, s: int, word: str) -> bool:
        """``Tiêu Thục Thận và …``, ``Khúc Thừa Dụ …``: a family name that is also a common word
        (``tiêu``, ``khúc``) opening a sentence with two or three more Vietnamese capitalised
        syllables is a person's full name, not a capital of grammar; but ``Từ``, ``Lại`` (also
        grammatical words) before a known name are ``from``, ``again``."""
        if word not in self.gaz.surnames:
            return False
        run_end = self.run_end(s)
        if not (2 <= self.text.count(" ", s, run_end) <= 3 and self.looks_like_person(s, run_end)):
            return False
        rest = s + len(word) + 1  # "Từ Hà Nội", "Lại Thanh Hóa": a preposition or adverb, then a place
        return word not in grammatical_words() or not self.lexicon_match(self.gaz.names, rest)

    def bare_given_name(self, s: int, keyed: str) -> bool:
        """``công an bắt giữ Khánh``, ``bị Long đánh``, ``Sau đó, Tuấn đi về nhà``: a common
        given name standing alone between lower-case words is a person named earlier (in the
        article, or in the story the sentence comes from), after a lower-case word or a comma
        (at a sentence's start the syllable may open a common word), before punctuation or a
        grammatical word; where a clause opens (``Sau đó, Tuấn nảy …``, ``thì Duy vẫy xe``),
        before any lower-case word it makes no compound with. Not after a word that makes it the
        name of something else (``môn``, ``sao``, ``tháng``)."""
        before = self.word_before(s)
        return (
            keyed in given_names()
            and (self.text[s - 2 : s] == ", " or (self.text[s - 2].isalpha() and self.text[s - 1 - len(before)].islower()))  # (not "Tâm | Phúc")
            and before not in NOT_BEFORE_GIVEN_NAMES
            and (self.clause_goes_on(s + len(keyed))
                 or (((self.text[s - 2 : s] == ", " and self.closes_first_clause(s - 2)) or before in CLAUSE_LINKS_BEFORE_NAMES)
                     and self.clause_goes_on_after_name(s + len(keyed), keyed)))
        )

    def closes_first_clause(self, comma: int) -> bool:
        """Whether the comma at ``comma`` closes its sentence's first clause (``Sau đó, Tuấn
        …``, ``Đến Vinh, Dũng …``), not an item of a list (``Bạch xà, Thanh xà``, ``Hồi, Thảo
        quả, Ý dĩ``): no comma before it in the sentence."""
        text = self.text
        prev = text.rfind(",", self.seg_start, comma)
        return prev < 0 or any(text.find(stop, prev, comma) >= 0 for stop in CLAUSE_STOPS)

    def clause_goes_on_after_name(self, end: int, keyed: str) -> bool:
        """``…, Tuấn nảy lòng tham``, ``bị Thống lao tới``: a lower-case word after a given name
        standing alone where a clause opens goes on the clause the name is the subject of,
        unless the two make a common word or the name of something else (``Hoàng thành``,
        ``Thủ đô``)."""
        low_end = lower_word_end(self.keyed, end, self.seg_end)
        if low_end < 0 or not self.text[end + 1].islower():
            return False
        pair = f"{keyed} {self.keyed[end + 1 : low_end]}"
        return pair not in self.gaz.bigrams and pair not in given_name_compounds()

    def clause_goes_on(self, end: int) -> bool:
        """Whether punctuation or a grammatical word (``đã``, ``với``, ``để``) follows ``end``:
        the word before it stands alone (``bắt giữ Khánh để …``), it opens no compound
        (``Vương quốc``, ``Sơn trà``)."""
        after = self.text[end : end + 1]
        if after and after in ",.;:!?)”\"…":
            return True
        low_end = lower_word_end(self.keyed, end, self.seg_end)
        return low_end >= 0 and self.text[end + 1].islower() and self.keyed[end + 1 : low_end] in grammatical_words()

    def last_syllable_starts_word(self, last: str, next_word: str) -> bool:
        """``Đoàn Thanh tra``: the name's last syllable and the lower-case word after it make a
        common word, so the name stops short.  A grammatical word after the name (``Hoàng Văn
        Phương và …``, ``Lê Thành đã …``) makes no compound, however often the pair is seen."""
        return bool(next_word) and next_word not in grammatical_words() and f"{word_key(last)} {next_word}" in self.gaz.bigrams

    def given_name_like_place(self, role_start: int, s: int, key: str) -> bool:
        """``tiền vệ Xuân Trường``: after the title of a trade (not of an office), a
        Vietnamese name of several syllables that is also a district's is the person's
        given name, unless it is a province or a country or more capitalised words follow."""
        role = self.text[role_start:s].rstrip(" ,")
        return (
            word_key(role) in personal_roles()
            and " " in key
            and all(is_vietnamese_word(w) for w in key.split(" "))
            and word_key(key) not in major_places()
            and not self.cap_follows(s + len(key))
        )

    def is_given_name(self, s: int, tok_start: int, tok_end: int) -> bool:
        """``Anh`` in ``Tuấn Anh`` is the end of a person's name, not England: a one-syllable
        known name after Vietnamese syllables that start nothing known."""
        if " " in self.text[tok_start:tok_end] or self.lexicon_match(self.gaz.roles, tok_start):
            return False
        words = self.text[s:tok_end].split(" ")
        return all(is_vietnamese_word(w) for w in words) and not self.lexicon_match(self.gaz.org_heads, tok_start)

    def looks_like_person(self, pos: int, run_end: int | None = None) -> bool:
        """A Vietnamese name (family name + 1-4 syllables) up to the end of the run,
        which does not start with a known place (``Hà Nội Nguyễn Văn Tuấn`` is a place,
        then a person)."""
        run_end = run_end or self.run_end(pos)
        words = self.text[pos:run_end].split(" ")
        if not (2 <= len(words) <= 5 and word_key(words[0]) in self.gaz.surnames and all(is_vietnamese_word(w) for w in words)):
            return False
        known = self.lexicon_match(self.gaz.names, pos)
        return not (known and pos + len(known.key) < run_end)

    def give_back_person(self, plain: list[tuple[int, int]], after_known: bool, end: int, namesake: bool = False) -> int:
        """When a title's organisation swallowed the name after it, hand the name back: all the
        plain words after a known name; else the last three of three or more where a family name
        opens them (``Bí thư Thành ủy | Đinh La Thăng``), else the last two.  ``namesake``: the
        words are the only name of an institution named after a person or a place (``Hiệu trưởng
        Trường THPT Phan Đình Phùng``): they stay its name unless five or more, and two are kept
        (not where an acronym opens them: that is the name)."""
        if after_known:
            return plain[0][0] - 1
        count = len(plain)
        first = self.text[plain[0][0] : plain[0][1]]
        if len(first) > 1 and first.isupper():
            namesake = False  # "Xí nghiệp buýt nhanh BRT | Nguyễn Thủy": an acronym names it
        kept = 2 if namesake else 0
        if namesake and count < 5:
            return end
        if count >= 3 and count - 3 >= kept and word_key(self.text[plain[-3][0] : plain[-3][1]]) in self.gaz.surnames:
            return plain[-3][0] - 1
        if count >= 3:
            return plain[-2][0] - 1
        return end

    def foreign_name_given_back(self, plain: list[tuple[int, int]], after_known: bool) -> int:
        """Where a foreign person's name begins among the plain words closing an organisation's
        name after a title or a party (``đảng Cộng hòa | George W. Bush``, ``đảng Mặt trận Quốc
        gia | Marine Le Pen``, ``Bộ Giao thông Singapore | Khaw Boon Wan``): the end of what stays
        the organisation's, or 0.  All the plain words may go only after a known name."""
        words = [self.text[a:b] for a, b in plain]
        first = len(words)
        while first > (0 if after_known else 1) and words[first - 1].isascii() and (
            (len(words[first - 1]) == 2 and words[first - 1][1] == ".") or (words[first - 1].istitle() and words[first - 1].isalpha())
        ):
            first -= 1
        tail = words[first:]
        if len(tail) < 2 or all(is_vietnamese_word(w) for w in tail):
            return 0
        return plain[first][0] - 1

    def name_after_organisation(self, org_start: int, org_end: int) -> int:
        """The capitalised words right after a known organisation or place in one: a
        person (``người phát ngôn Điện Kremlin Dmitry Peskov``) or, when they do not look
        like one, a product of the organisation (``Nokia C20``, ``LG XBOOM``), skipped."""
        start = org_end + 1
        cue = self.word_at(start)
        honorific = self.cap_follows(start + len(cue)) and self.honorific_opens_lost_sentence(start, cue)
        if honorific:
            start += len(cue) + 1  # "Ảnh: Nikkei | Ông Trump dự kiến …": a sentence after a caption
        end = self.name_end(start)
        words = self.text[start:end].split(" ")
        person_shaped = self.looks_like_person(start, end) or (
            len(words) >= 2
            and all(w[:1].isupper() and w[1:].islower() and w.isalpha() for w in words)
            and not any(word_key(w) in self.gaz.foreign_common_words or word_key(w) in self.gaz.foreign_org_words for w in words)
        )
        if honorific or self.cue_before(org_start, self.gaz.person_cues) or person_shaped:
            return self.emit_end(start, end, "PER", len(words))
        return end

    def looks_foreign_person(self, words: list[str]) -> bool:
        """``Pau Torres``: two to four title-case foreign words, none a common English word."""
        return 2 <= len(words) <= 4 and all(
            w[:1].isupper() and w[1:].islower() and w.isalpha()
            and word_key(w) not in self.gaz.foreign_common_words and word_key(w) not in self.gaz.foreign_org_words
            for w in words
        )


#: Honorifics that, capitalised inside a sentence, open a sentence whose full stop was lost.
LOST_SENTENCE_HONORIFICS: Final = frozenset(("ông", "bà", "ngài", "chị"))

#: Characters that end a sentence or open a quotation: a comma before one is in another sentence.
CLAUSE_STOPS: Final = tuple(".!?:;\n\"“”(")

#: Words after which a given name standing alone opens a clause as its subject or agent
#: (``Nga và Phượng bàn bạc``, ``thì Duy vẫy xe``, ``bị Thống lao tới``), as after a comma.
CLAUSE_LINKS_BEFORE_NAMES: Final = frozenset(word_key(w) for w in "và thì bị".split())

#: Words after which a given name is the name of something else: a subject, a heavenly
#: body, a season, a prize, a category, a work (``môn Văn``, ``sao Kim``, ``đón Xuân``, ``phim Kiều``).
NOT_BEFORE_GIVEN_NAMES: Final = frozenset(
    word_key(w) for w in "môn sao tháng mùa đón xứ gốc giải hạng loại nhóm dãy chữ đạo khoa phái dòng họ hiệu mác nhãn tàu xe lớp khối đội hoa phim vai".split()
)
