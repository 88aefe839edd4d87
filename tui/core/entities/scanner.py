"""The scanner over the capitalised words of a paragraph, putting the rule families together.

Vietnamese capitalises every syllable of a proper name, so each capitalised
word is a place where an entity may start.  The scanner looks, in order of
strength of evidence, for a title (which makes what follows a person), a
known name or organisation head (gazetteers), a location cue, and finally a
bare run of capitalised words typed from its context: the words before it
(``ông``, ``tỉnh``, ``tại``, ``công ty``), the word after it (``nói``,
``cho biết``), its spelling (family name, foreign word, acronym).  Whatever
it finds becomes a :class:`.mention.Candidate`; canonical names are settled
per article in :mod:`.merging`.
"""

from __future__ import annotations

from typing import Final

from .acronyms import is_acronym
from .bylines import BylineRules
from .cursor import Cursor
from .gazetteer import Entry
from .lexicon import (
    AGE_AFTER_RE,
    AGE_TEAM_RE,
    MIDDLE_NAMES,
    PRONOUN_CUES,
    SUBJECT_AFTER_RE,
    TIME_OPENS_SENTENCE_RE,
    TIME_OPENS_SENTENCE_WORDS,
    SPEECH_AFTER_RE,
    SPEECH_FIRST_WORDS,
    WEAK_PLACE_CUES,
    is_mixed_case,
    is_vietnamese_word,
    word_key,
)
from .organisations import OrganisationRules
from .people import PeopleRules, grammatical_words, lunar_years, major_places, person_kinds
from .places import PlaceRules
from tui.core.entities import scan_kernels  # (by its full name: the compiled copy calls it too)

#: The kernel of the capitalised words (compiled, or its plain twin), as a ``Final`` name: the
#: compiled rules read it from a C static, not from the module's dict at every paragraph.
_CAP_WORD_SPANS: Final = scan_kernels.cap_word_spans


class Scanner(BylineRules, PeopleRules, PlaceRules, OrganisationRules, Cursor):
    """Walks the capitalised words of one paragraph at a time and emits candidates."""

    def scan(self, start: int, end: int, closing: bool = False) -> None:
        """Emit the candidates of the paragraph ``start:end`` (``closing``: one of the short
        lines that end the article, where a byline may stand)."""
        self.seg_start, self.seg_end = start, end
        self._context_pos = self._word_before_pos = -1
        if self.byline(start, end, closing):
            return
        end = self.trailing_source(start, end)
        self.seg_end = end
        pos = start
        first = len(self.out)
        text, keyed = self.text, self.keyed
        # The capitalised words that start a word (``cap_word_spans``: where ``CAP_WORD_RE``
        # matches at ``start`` or after no letter or digit; one compiled call a paragraph), read
        # in order, each from where the last reading stopped: the words inside what was just read
        # (``Văn An`` after ``Nguyễn``: two in three) are passed over.  A capital inside a word
        # (``ViệtNam``, or where a reading stopped mid-word) starts none, as before.
        spans: list[int] = _CAP_WORD_SPANS(text, start, end)
        for i in range(0, len(spans), 2):
            s = spans[i]
            if s >= pos:
                pos = self.at(s, keyed[s : spans[i + 1]])  # (a method called on self: a native call once compiled)
                if pos <= s:
                    pos = s + 1
        self.lower_numbered_places(start, first)

    def at(self, s: int, word: str | None = None) -> int:
        """Read whatever entity starts at ``s`` (``word``: the keyed word there, if known);
        return where scanning resumes."""
        gaz, text = self.gaz, self.text
        if word is None:
            word = self.word_at(s)
        if word in PRONOUN_CUES and self.cap_follows(s + len(word)) and (
            self.is_initial(s) or text[s - 2 : s] == ", " or self.honorific_opens_lost_sentence(s, word)
        ):
            return self.person_after_pronoun(s + len(word) + 1)
        first = word in gaz.first_words
        if not first and (word in gaz.common or word in gaz.never) and self.is_initial(s):
            if ":" in text[s - 3 : s] and self.after_photo_credit(s):  # (a slice: native, where rfind with bounds is a Python call)
                return self.name_run(s)
            if word in gaz.loc_cue_first_words:
                cue_end = self.capitalised_loc_cue(s)
                if cue_end:  # "Đường Tôn Đức Thắng bị ngập", "Ga Đồng Hới đông khách": a place opening the sentence
                    return self.location_after_cue(s, cue_end)
            if (word in MIDDLE_NAMES and self.cap_follows(s + len(word))) or self.full_name_opens_sentence(s, word):
                return self.name_run(s)  # "Trọng Hoàng đã …", "Tiêu Thục Thận và …": a name opening the sentence
            return s + len(word)
        if s >= 2 and text[s - 1] == "-" and text[s - 2].isalnum():
            return self.hyphenated_part(s, word)
        if first:  # the longest of a title, a known name and an organisation head wins
            keyed = self.keyed
            role = gaz.roles.match(text, keyed, s, word)
            known = gaz.names.match(text, keyed, s, word)
            head = gaz.org_heads.match(text, keyed, s, word)
            role_len = role.size if role else 0
            known_len = known.size if known else 0
            head_len = head.size if head else 0
            longest = role_len if role_len >= known_len and role_len >= head_len else (known_len if known_len >= head_len else head_len)
            if role and role_len == longest:
                return self.after_role(s, s + role_len)
        else:
            role = known = head = None
            known_len = longest = 0
        head_start = self.org_span_head_before(s) if self.word_before(s) in gaz.org_span_last_words else None
        if head_start is not None and not (known and known.kind == "ORG"):
            if not self.person_may_follow(head_start):
                return self.organisation(head_start, s - 1)
            end = self.organisation(head_start, s - 1, before_person=True)
            return self.name_after_organisation(head_start, end) if self.cap_follows(end) else end
        if known and known_len == longest and known.kind == "LOC":
            if self.run_goes_on(s + known_len):
                if self.word_before(s) == "người" and known.key in major_places():
                    return s + known_len  # "người Anh | David Bailey": a nationality, then the person
                if known.key in PRONOUN_CUES and self.looks_like_person(s + known_len + 1, self.run_end(s)) and not self.after_photo_credit(s):
                    return self.person_after_pronoun(s + known_len + 1)  # "… của mình Anh Nguyễn Văn Hài": "Mr", a lost full stop before
                if (known.key in major_places() and not text[s : s + known_len].isupper()
                        and self.person_after_place(s + known_len + 1) and not self.after_photo_credit(s)):
                    return self.known_name(s, known)  # "hải quân Indonesia | Yudo Margono": the country, then its official
                return self.name_run(s, known)
            return self.known_name(s, known)
        if known and known_len == longest and known.kind == "PER":
            return self.known_name(s, known)
        if head or known:
            work_end = self.work_after_kind(s) if head and word == "bộ" else 0
            if work_end:
                return work_end  # "Bộ phim Tây Du Ký": a film, not a ministry
            if head and not known and self.person_named_like_a_school(s):
                return self.name_run(s)
            return self.organisation(s, matched=(known, head))
        if word in gaz.loc_cue_first_words:
            cue_end = self.capitalised_loc_cue(s)
            if cue_end:
                return self.location_after_cue(s, cue_end)
            numbered_end = self.numbered_place(s)
            if numbered_end:
                return self.emit_end(s, numbered_end, "LOC", 2)
        if self.is_initial(s) and (word in gaz.common or word in gaz.never):
            return s + len(word)
        return self.name_run(s, known)

    def role_in_apposition(self, pos: int) -> bool:
        """Whether a title starts at ``pos`` (after a name and a comma): the name is a person's."""
        word = self.word_at(pos)
        return word in self.gaz.first_words and self.lexicon_match(self.gaz.roles, pos, word) is not None

    def subject_or_given_name(self, s: int, end: int, words: list[str]) -> bool:
        """A Vietnamese name with no other evidence: the subject of an auxiliary at the start of
        a clause (``Thành đang …``), or two syllables opened by a middle name (``Văn Toàn``)."""
        if len(words) == 2 and word_key(words[0]) in MIDDLE_NAMES and f"{word_key(words[0])} {word_key(words[1])}" not in self.gaz.bigrams:
            return True
        opens_clause = (self.is_initial(s) and self.text[s - 2 : s] not in ("- ", "– ")) or self.text[s - 2 : s] == ", " or self.after_opening_word(s)
        return opens_clause and SUBJECT_AFTER_RE.match(self.text, end, self.seg_end) is not None  # (not "TP.HCM - Trung Lương")

    def after_opening_word(self, s: int) -> bool:
        """Whether a capitalised common word opening the sentence stands right before ``s``
        (``Hiện Thành đang …``, ``Sau Lan đã …``): the clause starts at ``s`` all the same."""
        before = self.word_before(s)
        start = s - 1 - len(before)
        return (
            bool(before) and self.text[start : start + 1].isupper() and before in self.gaz.common
            and before not in self.gaz.surnames and before not in MIDDLE_NAMES and not self.cap_follows(self.run_end(s)) and " " not in self.text[s : self.run_end(s)]
            and self.is_initial(start)
        )  # (not "Cao | Hoành Lượng": a surname that is also a common word opens the name)

    def run_goes_on(self, end: int) -> bool:
        """Whether capitalised words that start nothing known follow ``end`` (``Mỹ Đình``
        is a place of its own, not ``Mỹ``)."""
        return self.cap_follows(end) and not self.starts_known(end + 1)

    def hyphenated_part(self, s: int, word: str) -> int:
        """The part after a hyphen (``Việt Nam-Belarus``, ``BELAZ-HOLDING``): only a known
        name counts on its own."""
        known = self.lexicon_match(self.gaz.names, s, word)
        if known:
            return self.known_name(s, known)
        return s + max(len(word), 1)

    def name_end(self, s: int, known: Entry | None | bool = False) -> int:
        """End of the run of capitalised words at ``s``: a known name there, else the run
        cut before a title, a known name, or an organisation head that has a name after it.
        (``known``: the gazetteer match at ``s`` if the caller has it.)"""
        if known is False:
            known = self.lexicon_match(self.gaz.names, s)
        run_end = self.run_end(s)
        if self.text[s + 1 : s + 2].isupper() and self.text.find(" ", s, run_end) >= 0:
            run_end = self.capital_credit_end(s, run_end)
        if known and s + len(known.key) >= run_end:
            return s + len(known.key)
        if self.text.find(" ", s, run_end) < 0 or self.looks_like_person(s, run_end):
            return run_end
        # The words after the first, each found from the space before it (``str.find``, native
        # once compiled, where ``tokens`` made a list of the run's words and one of their spans).
        text = self.text
        space = text.find(" ", s, run_end)
        while space >= 0:
            tok_start = space + 1
            space = text.find(" ", tok_start, run_end)
            tok_end = space if space >= 0 else run_end
            if self.cap_at(tok_start) and self.starts_known(tok_start, heads=tok_end < run_end):
                if tok_end == run_end and self.is_given_name(s, tok_start, tok_end):
                    return run_end
                return tok_start - 1
        return run_end

    def person_after_place(self, pos: int) -> bool:
        """Whether the rest of a run after a country's or a province's name, from ``pos``, is a
        person's name: a foreign one (``Indonesia | Yudo Margono``, ``Pháp | Antoine Beaussant``)
        or one opened by a family name (``Nam Phi | Hoàng Văn Lợi``, ``Trung Quốc | Vương Nghị``); not a
        place's or a phrase's syllables (``Mỹ Hòa Hưng``, ``Trung Hoa Dân Quốc``).  (The caller leaves
        out a country written as an acronym, ``VN Idol Kids``: a show; one that is also a pronoun
        before a Vietnamese name, ``Anh Nguyễn Văn Hài``: "Mr"; and a photo's credit, ``Ảnh: Mỹ Hà``.)"""
        run_end = self.run_end(pos)
        words = self.text[pos:run_end].split(" ")
        if not all(is_vietnamese_word(w) for w in words):
            return self.looks_foreign_person(words)
        return self.looks_like_person(pos, run_end)

    def capital_credit_end(self, s: int, run_end: int) -> int:
        """``Ảnh: NGỌC THẮNG Ông Nguyễn Văn Hùng …``: a photographer's name in capitals (two
        Vietnamese syllables or more), run into the caption or the next sentence, ends with its last
        word in capitals; the name written in lower case after it is the story's (returns where the
        credit ends, else ``run_end``)."""
        if not self.after_photo_credit(s):
            return run_end
        tokens = self.tokens(s, run_end)
        for number, (tok_start, tok_end) in enumerate(tokens):
            word = self.text[tok_start:tok_end]
            if not word.isupper():
                return tok_start - 1 if number >= 2 else run_end  # (not "Ảnh: NAG Nguyễn Á": an agency and its reporter)
            if not is_vietnamese_word(word):
                return run_end
        return run_end

    def acronym_names_a_kind(self, s: int, end: int) -> bool:
        """Whether the unknown acronym at ``s`` follows a number or a lower-case common noun
        (``12 MP``, ``vắc xin HPV``, ``nợ DNNN``): it names a unit, a kind or a brand of that
        thing.  After a preposition or a grammatical word (``theo ISRO``, ``qua VNPAY``), an
        organisation's cue (``hãng``, ``kênh``, ``cổ phiếu``) or opening a clause it stands for
        its organisation, and so where an organisation's name spells it out in brackets after it
        (``CDC (Trung tâm …)``, not ``PET (Polyethylene …)``)."""
        text = self.text
        if s < self.seg_start + 2 or text[s - 1] != " ":
            return False
        if text[end : end + 2] == " (" and self.cap_at(end + 2) and self.lexicon_match(self.gaz.org_heads, end + 2):
            return False
        if text[s - 2].isdigit():  # (not a year: "cuối năm 2014 JFE tuyên bố")
            year = s - 5 >= self.seg_start and text[s - 5 : s - 1].isdigit() and text[s - 5] in "12"
            return not (year and (s - 6 < self.seg_start or text[s - 6] == " "))
        before = self.word_before(s)
        if not (before.isalpha() and text[s - 1 - len(before)].islower() and before not in grammatical_words()
                and before not in WORDS_BEFORE_BODIES):
            return False
        context = scan_kernels.context_phrases(self.keyed, s, self.seg_start)  # "kênh truyền hình BFM": a cue a few words back
        words = context[0].split(" ")[-5:] if context else []
        cues = self.gaz.org_cues
        return not any(w in cues or w in WORDS_BEFORE_BODIES or (i and f"{words[i - 1]} {w}" in cues) for i, w in enumerate(words))

    def name_run(self, s: int, known: Entry | None | bool = False) -> int:
        """A run of capitalised words without a title, head or gazetteer entry."""
        gaz, text = self.gaz, self.text
        end = self.name_end(s, known)
        if end <= s:
            return s + 1
        surface = text[s:end]
        words = surface.split(" ")
        if len(words) > 1 and any(w in TIME_OPENS_SENTENCE_WORDS for w in words[1:]):  # (the pattern where it may match)
            glued = TIME_OPENS_SENTENCE_RE.search(text, s + 1, min(end + 7, self.seg_end))
            if glued and glued.start() < end:  # "Ảnh: Internet | Ngày 25/5, …": a caption ran into the next sentence
                end = glued.start() - 1
                surface = text[s:end]
                words = surface.split(" ")
        team = AGE_TEAM_RE.match(text, s, self.seg_end) if surface[:1] == "U" else None
        if team:
            return team.end()  # "U20 Venezuela": the country's team, named as the country
        if surface in self.plain_acronyms:
            return end  # "thương mại điện tử (TMĐT)": a common noun's abbreviation, even after "sàn"
        keyed = self.keyed[s:end]
        if keyed in gaz.never and not self.given_name_after_kinship(s, surface):
            return end
        single = len(words) == 1
        if not single and surface[1:2].isupper():
            if surface.isupper() and all(is_vietnamese_word(w) for w in words) and ":" in text[s - 3 : s] and self.after_photo_credit(s):
                return self.emit_end(s, end, "PER", len(words))  # "ẢNH: THU HÀ": a photographer, no acronym
            acronym_end = self.acronym_before_person(s, after_title=False)  # "GTVT | Nguyễn Văn Thể": never the first word of a name
            if acronym_end:
                return acronym_end
        vietnamese = is_vietnamese_word(surface) if single else all(is_vietnamese_word(w) for w in words)
        context = self.context(s)
        kind_of_person = keyed in person_kinds()  # "ông Tây", "khách Tây nói": a Westerner, no one's name
        person_cue = self.cue_before(s, gaz.person_cues) if context and not kind_of_person else None
        low_end = self.lower_word_end(self.keyed, end)  # the lower-case word after
        next_word = self.keyed[end + 1 : low_end] if low_end >= 0 and text[end + 1].islower() else ""
        speech = next_word in SPEECH_FIRST_WORDS and not kind_of_person and SPEECH_AFTER_RE.match(text, end, self.seg_end)
        if single and vietnamese and not person_cue and not speech and next_word and f"{keyed} {next_word}" in gaz.bigrams:
            return low_end  # "Thể thao": a common word
        if person_cue or (text[end : end + 2] == " (" and AGE_AFTER_RE.match(text, end, self.seg_end)):
            return self.emit_end(s, end, "PER", len(words))
        if len(words) == 2 and surface in lunar_years():
            return end  # "Tết Đinh Dậu", "năm Canh Tý": a lunar year, no one's name
        if not vietnamese and self.brand_with_country(s, end):
            return self.organisation(s)
        for cue in context if context and context[-1] in gaz.cue_last_words else ():
            if cue in gaz.loc_span_cues and (len(surface) > 1 or not surface.isascii()) and self.cue_before(s, gaz.loc_span_cues) == cue:
                start = self.context_start(s, cue)
                end = self.number_after_place(end)
                self.emit(start, end, "LOC", self.place_name(start, s, end), tokens=len(words))
                return end
            if cue in gaz.org_cues:
                return self.emit_end(s, end, "ORG", len(words))
        if vietnamese and len(words) >= 2 and ":" in text[s - 3 : s] and self.after_photo_credit(s):
            return self.emit_end(s, end, "PER", len(words))
        if not single and words[0][1:2].isupper() and is_acronym(words[0]) and word_key(words[0]) not in gaz.never:
            return self.organisation(s)  # "BEST Express", "VNG Corporation"
        if len(words) == 1 and surface[1:2].isupper() and is_acronym(surface):
            if self.cap_follows(end) or (text.startswith(" ", end) and self.admin_cue_at(end + 1)):
                return self.organisation(s)
            if "Đ" in surface:
                return end  # "ĐKVĐ", "ĐMT", "ĐBQH": Vietnamese abbreviations of common nouns and titles
            if self.acronym_names_a_kind(s, end):
                return end  # "vắc xin HPV", "giá vàng SJC", "máy ảnh 12 MP": a kind, a brand or a unit
            return self.emit_end(s, end, "ORG", 1)
        if vietnamese and 2 <= len(words) <= 5 and self.keyed[s : s + len(words[0])] in gaz.surnames:
            if self.last_syllable_starts_word(words[-1], next_word) and not speech:
                return end  # "Đoàn Thanh tra": the last syllable starts a common word
            end = self.emit_end(s, end, "PER", len(words))
            self.out[-1].weak = True  # only its shape says so: the article may say otherwise
            return end
        if context and any(cue in gaz.loc_cues for cue in context[-2:]) and not (len(words) == 1 and vietnamese):
            if not (context[-1] in WEAK_PLACE_CUES and not vietnamese and self.looks_foreign_person(words)):
                return self.emit_end(s, end, "LOC", len(words))
        if speech or ((vietnamese or not single) and len(words) <= 4 and text[end : end + 2] == ", " and self.role_in_apposition(end + 2)):
            return self.emit_end(s, end, "PER", len(words))  # "Hoàng Anh, Giám đốc …, cho biết"
        if vietnamese and len(words) <= 3 and not context and self.subject_or_given_name(s, end, words):
            end = self.emit_end(s, end, "PER", len(words))
            self.out[-1].weak = True  # only its place in the sentence says so
            return end
        if single and vietnamese and self.bare_given_name(s, keyed):
            end = self.emit_end(s, end, "PER", 1)
            self.out[-1].weak = True  # only its being a common given name says so
            return end
        if len(words) == 1 and not vietnamese and is_mixed_case(surface):
            return self.emit_end(s, end, "ORG", 1)
        if self.is_initial(s) and vietnamese and self.keyed[s : s + len(words[0])] in gaz.common:
            return s + len(words[0])
        self.emit(s, end, None, tokens=len(words))
        return end


#: Words after which an acronym stands for a body, as after an organisation's cue (``hãng``,
#: ``công ty``): prepositions beyond the grammatical words (``theo ISRO``, ``thanh toán qua VNPAY``),
#: a stock's ticker (``cổ phiếu VNM``, ``mã FTS``: its company) and a channel (``kênh HBO``).
WORDS_BEFORE_BODIES: Final = frozenset(("theo", "qua", "do", "về", "như", "gồm", "giữa", "bởi", "trước", "sau", "phiếu", "mã", "kênh"))
