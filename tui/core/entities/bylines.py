"""Bylines and credits: the reporter's name that signs an article, ``Theo Dân Việt``,
a photo's ``Ảnh: …``.

They name real people and organisations, so they are kept as mentions of their
type, but marked ``credit``: who wrote or supplied the story is not what it is
about, and the corpus table does not count them.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final

from .gazetteer import _data_lines, vkey
from .lexicon import UPPER, is_vietnamese_word
from .mention import Candidate

#: One name of a byline: two to four capitalised words, or an initial and one to three
#: (``M. Hà``, ``H.Long``: the reporter's first name cut to its initial).
NAME_IN_BYLINE_RE = re.compile(
    rf"(?:[{UPPER}]\. ?[{UPPER}][^\W\d_]*(?: [{UPPER}][^\W\d_]*){{0,2}}|[{UPPER}][^\W\d_]*(?: [{UPPER}][^\W\d_]*){{1,3}})"
)
#: ``Theo`` glued to the reporter's name before it (``T.ThủyTheo PA``, ``Nguyễn NguyễnTheo BI``: the
#: line break between a byline and its source lost): the source's names follow.
GLUED_SOURCE_RE = re.compile(rf"(?<=[^\W\d_])Theo (?=[{UPPER}])")
#: The initial opening a name of a byline (``M. `` of ``M. Hà``).
BYLINE_INITIAL_RE = re.compile(rf"[{UPPER}]\. ?")
#: What may follow the names of a byline: ``(tổng hợp)``, ``(theo Reuters)``, ``(Dân Việt)``.
BYLINE_TAIL = r"(?:\s*[(\[][^()\[\]]{1,40}[)\]])?\.?"
#: A line of names only: a byline (``Hương Giang - Trường Thịnh``, ``Mi Vân (tổng hợp)``).
BYLINE_RE = re.compile(
    rf"{NAME_IN_BYLINE_RE.pattern}(?:\s*(?:[-–,&/]|và)\s*{NAME_IN_BYLINE_RE.pattern})*{BYLINE_TAIL}"
)
#: A line naming the source of a story: ``Theo Dân Việt``, ``Nguồn: Reuters``, ``Theo Huy Phong (Dân Việt)``.
SOURCE_LINE_RE = re.compile(
    rf"[(\[]?(?:[Tt]heo|Nguồn:?|[Bb]ài,? ảnh:|[Bb]ài:) ?([{UPPER}][^\s()]*(?: [{UPPER}][^\s()]*){{0,4}})"
    rf"(?: ?[(\[]([{UPPER}][^()\[\]]{{0,40}})[)\]])?[)\]]?\.?"
)
#: ``… lệnh trừng phạt này. Theo Huy Phong (Dân Việt)``: a source closing a paragraph's last sentence.
TRAILING_SOURCE_RE = re.compile(rf"(?<=[.!?…\"”]) {SOURCE_LINE_RE.pattern}$")
#: One name of a credit: ``Văn Điệp``, ``Vietnam+``, ``AFP``.
_CREDIT_WORD = rf"[{UPPER}](?:\.|(?:[^\s/()\[\]–.-]|\.(?=\S))*)"  # ("Getty." ends a sentence, "M." is an initial)
_CREDIT_NAME = rf"{_CREDIT_WORD}(?: {_CREDIT_WORD}){{0,4}}"
#: A line or closing sentence of agencies only: ``TTXVN``, ``TTXVN/Tin Tức``, ``VnExpress``.
AGENCY_LINE_RE = re.compile(rf"{_CREDIT_NAME}(?: ?[/–-] ?{_CREDIT_NAME}){{0,3}}\.?")
#: ``… trước khi bão vào. TTXVN/Tin Tức``: agencies signing the paragraph's last sentence.
TRAILING_AGENCY_RE = re.compile(rf"(?<=[.!?…\"”]) ({AGENCY_LINE_RE.pattern})$")
#: ``… vụ việc. Xuân Tùng (TTXVN)``, ``… về nước. Tiên Minh/TTXVN``: reporters and their agency
#: signing the paragraph's last sentence.
#: A reporter's name there may also be one word (``Vân - Giang (TTXVN)``) or initials (``K.A (TTXVN)``),
#: and the paragraph may be a line of its own (``^``).
_REPORTER = rf"(?:{NAME_IN_BYLINE_RE.pattern}|[{UPPER}]\.(?:[{UPPER}]\.?){{1,3}}|[{UPPER}][^\W\d_]+)"
TRAILING_REPORTER_RE = re.compile(
    rf"(?:(?<=[.!?…\"”]) +|^)({_REPORTER}(?:\s*[-–,]\s*{_REPORTER})*)"
    rf"\s*(?:\(\s*({_CREDIT_NAME})\s*\)|/\s*({_CREDIT_NAME})|\s[-–]\s({_CREDIT_NAME}))\.?\s*$",
    re.MULTILINE,
)
#: What any source line has (``Theo ``, ``Nguồn``): looked for first, by ``str.find``
#: (:func:`may_hold_source`).
SOURCE_HINTS = ("heo ", "guồn")
#: The names inside a credit: separated by ``/``, ``-``, ``,`` or ``và``.
CREDIT_PART_RE = re.compile(rf"[{UPPER}][^\s/,()\-–]*(?: [{UPPER}][^\s/,()\-–]*)*")
#: A photo credit: the name after it is a person (or an agency).
PHOTO_CREDIT_RE = re.compile(r"(?:ảnh|Ảnh|ẢNH|photo|Photo|Nguồn|nguồn)(?: minh họa| minh hoạ)?\s?:\s?$")
#: How far before a name :data:`PHOTO_CREDIT_RE` is looked for (``Ảnh minh họa: ``).
PHOTO_CREDIT_REACH = 16
#: A credit's name with what joins it to the next: ``Văn Điệp – ``, ``Huy Bình/``, ``Phạm Duy Khương (``.
_CREDIT_LINK = rf"{_CREDIT_NAME}(?:\s*[/–-]\s*|\s+\()"
#: A name further along a photo credit than its first: ``(Ảnh: Văn Điệp – TTXVN)``,
#: ``Tin, ảnh: Phạm Duy Khương (TTXVN)``, ``Ảnh: Quốc Huy/BNEWS/TTXVN``: the agency the
#: photographer works for credits the photo too (matched up to the later name).
LATER_CREDIT_RE = re.compile(
    rf"(?:ảnh|Ảnh|ẢNH|photo|Photo|Nguồn|nguồn)(?: minh họa| minh hoạ)?\s?:\s?(?:{_CREDIT_LINK}){{1,4}}$"
)
#: Keyed honorifics that open a person's mention, never a reporter's signature (``Ông Phạm Quang Hưng``);
#: not ``Anh``, also a given name (``Anh Thư``).
HONORIFICS = ("ông ", "bà ")
#: Lower-case notes in a byline's brackets, not a source: ``(tổng hợp)``, ``(lược dịch)``.
NOTE_RE = re.compile(r"[(\[][^A-ZĐ]")


def byline_words(name: str) -> list[str]:
    """The words of a byline's name without the initial that may open it (``M. Hà``: ``Hà``)."""
    initial = BYLINE_INITIAL_RE.match(name)
    return (name[initial.end():] if initial else name).split(" ")


def mark_photo_credits(candidates: list[Candidate], text: str) -> None:
    """Names right after ``Ảnh:`` (``(Ảnh: Toàn Vũ)``, ``Ảnh: Reuters``) credit a photo, and
    so do the names joined to them (``Ảnh: Văn Điệp – TTXVN``, ``Huy Bình/Vietnam+``); so does
    a wire service joined to the name before it, with or without ``Ảnh:`` (a caption run into
    the text: ``… Phú Yên). Thế Lập/TTXVN. Chiếc …``, ``AFP/TTXVN``)."""
    previous = None
    for c in candidates:
        s = c.start
        if s >= 3 and text.rfind(":", s - 3, s) >= 0 and PHOTO_CREDIT_RE.search(text, max(0, s - PHOTO_CREDIT_REACH), s):
            c.credit = True
        elif s >= 2 and (text[s - 1] in "/–-(" or (text[s - 1] == " " and text[s - 2] in "-–/")):  # (characters compared natively, no slice)
            if text.rfind(":", max(0, s - 120), s) >= 0 and LATER_CREDIT_RE.search(text, max(0, s - 120), s):
                c.credit = True
            elif previous is not None and c.name in news_agencies() and _joined_to_agency(text, previous, c):
                c.credit = previous.credit = True
        previous = c


@lru_cache(maxsize=1)
def news_agencies() -> frozenset[str]:
    """Canonical names of wire services and photo agencies (``data/news_agencies.txt``)."""
    return frozenset(_data_lines("news_agencies.txt"))


def _joined_to_agency(text: str, name: Candidate, agency: Candidate) -> bool:
    """``Thái Hùng/TTXVN``, ``AFP/TTXVN``, ``Thế Lập – TTXVN``: a name and the agency it works
    for, a credit; not the agency's reporter or a source in the story, which the sentence goes on
    about (``phóng viên BNEWS/TTXVN tại …``, ``Theo Reuters/AP, …``, ``Reuters/AP đưa tin …``)."""
    between = text[name.end : agency.start]
    if between != "/" and not (between in (" – ", " - ") and name.kind == "PER"):
        return False
    before = text[max(0, name.start - 12) : name.start].lower()
    after = text[agency.end : agency.end + 2]
    return not before.endswith(("phóng viên ", "pv ", "p/v ", "theo ")) and not (after[:1] == " " and after[1:].islower())


#: What names the paper reporting the story right before an organisation: its reporter (``PV``,
#: ``phóng viên``), someone talking to it, its findings or reports recalled (``Trao đổi với``,
#: ``Theo tìm hiểu của``, ``Như … đã đưa tin``), the paper's head word optional (``như báo Tuổi Trẻ``).
REPORTING_CUE_RE = re.compile(
    r"(?:(?<![^\W\d_])(?P<reporter>PV|Pv|[Pp]hóng viên)|[Tt]rao đổi với|[Cc]hia sẻ với|[Tt]hông tin với|[Tt]âm sự với"
    r"|[Nn]ói với|[Tt]rả lời|[Pp]hản ánh (?:tới|đến|với)|[Tt]ìm hiểu của|[Gg]hi nhận của|[Kk]hảo sát của"
    r"|(?<![^\W\d_])(?P<recalled>[Nn]hư|đã được))(?: [Bb]áo(?: điện tử)?)? $"
)
#: The last words of :data:`REPORTING_CUE_RE`'s cues (with the word before them where the last one is
#: common: ``của``, ``với`` end many words before an organisation) and of the paper's head word after them.
REPORTING_CUE_ENDS: Final = (
    "PV", "Pv", "viên", "đổi với", "sẻ với", "tin với", "sự với", "nói với", "Nói với", "ánh với", "lời", "ánh tới", "ánh đến",
    "hiểu của", "nhận của", "sát của", "Như", "như", "đã được", "Báo", "báo", "điện tử",
)
#: The letters :data:`REPORTING_CUE_ENDS` end with.
REPORTING_CUE_LAST_LETTERS: Final = frozenset(cue[-1] for cue in REPORTING_CUE_ENDS)
#: What follows a paper whose earlier reports are recalled (``Như Dân trí | đã đưa tin``, ``đã được
#: Dân trí | phản ánh``), not an honour (``đã được Forbes vinh danh``).
RECALLED_REPORT_RE = re.compile(r" (?:đã |từng )?(?:đưa tin|phản ánh|thông tin|giới thiệu|đề cập|nêu)")
#: How far before an organisation :data:`REPORTING_CUE_RE` is looked for.
REPORTING_CUE_REACH = 28


@lru_cache(maxsize=1)
def news_outlets() -> frozenset[str]:
    """Keyed canonical names of newspapers, broadcasters, news sites and wire services."""
    return frozenset(vkey(name) for filename in ("news_outlets.txt", "news_agencies.txt") for name in _data_lines(filename))


def mark_reporting_credits(candidates: list[Candidate], text: str) -> None:
    """The paper that reports the story signs it; the story is not about it (Dân Trí writes
    ``Trao đổi với PV Dân trí, ông … cho biết`` in one article in ten): an organisation after its
    reporter's title (``PV Dân trí``, ``phóng viên Reuters``; not its correspondent somewhere, ``phóng
    viên TTXVN tại …``, whom the story quotes) is a credit, and so is a news outlet
    that someone talks to or whose findings or earlier reports are recalled (``Trao đổi với Dân
    trí``, ``Như Dân trí đã đưa tin``) — not another body so named (``Trao đổi với Bộ Y tế``) —, and
    an outlet opening the text is its dateline (``Dân trí Thanh tra Bộ GD&ĐT chủ trì …``)."""
    for c in candidates:
        if c.kind != "ORG" or c.credit:
            continue
        if c.start == 0:  # "Dân trí Thanh tra Bộ GD&ĐT chủ trì …": the paper's dateline opening the text
            after = text[c.end + 1 : c.end + 2]
            c.credit = text.startswith(" ", c.end) and (after.isupper() or after.isdigit()) and vkey(c.name) in news_outlets()
            continue
        if not may_end_reporting_cue(text, c.start):
            continue
        cue = REPORTING_CUE_RE.search(text, max(0, c.start - REPORTING_CUE_REACH), c.start)
        if cue is None:
            continue
        if cue.group("recalled") and not RECALLED_REPORT_RE.match(text, c.end):
            continue
        outlet = vkey(c.name) in news_outlets() or text[c.start : c.start + 4] in ("Báo ", "báo ")
        reporter = cue.group("reporter")  # (not "PV GAS", a company: the title follows a lower-case word)
        if reporter and text.startswith(" tại ", c.end):
            continue  # "Phóng viên TTXVN tại hiện trường cho biết …": its correspondent, part of the story
        if outlet or (reporter and (reporter[1] == "h" or (cue.start() >= 2 and text[cue.start() - 2].islower()))):
            c.credit = True


def may_end_reporting_cue(text: str, start: int) -> bool:
    """Whether one of :data:`REPORTING_CUE_ENDS` and a space stand right before ``start`` (or a
    space and a line break, where the pattern's ``$`` also matches): what the search for
    :data:`REPORTING_CUE_RE` needs, looked at first (most organisations have no cue, and the
    search tried the pattern at each of the 28 places before them).  The characters are read
    one at a time, and the cues' last letters looked at before the cues: in the compiled rules
    indexing a string is native, where ``startswith``/``endswith`` with a position are Python
    method calls, and ``endswith`` tries the 22 cues in turn."""
    if start >= 1 and text[start - 1] == " ":
        end = start - 1
    elif start >= 2 and text[start - 2] == " " and text[start - 1] == "\n":
        end = start - 2
    else:
        return False
    return end >= 1 and text[end - 1] in REPORTING_CUE_LAST_LETTERS and text.endswith(REPORTING_CUE_ENDS, 0, end)


def may_hold_source(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` holds one of :data:`SOURCE_HINTS`, what any match of
    :data:`TRAILING_SOURCE_RE` there has: looked at first, since most paragraphs end with no
    source (two passes of ``str.find`` cost a third of a search of the two words as a pattern)."""
    for hint in SOURCE_HINTS:
        if text.find(hint, start, end) >= 0:
            return True
    return False


def holds_agency_mark(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` holds what joins reporters to their agency in
    :data:`TRAILING_REPORTER_RE`: a ``/``, a ``(`` with a ``)`` after it, or a ``-``, ``–``
    between spaces (not ``Covid-19``, ``Hà Nội-Hải Phòng``). Looked at first, in a few
    quick passes, since most paragraphs end with none (the pattern is tried at each place)."""
    if text.find("/", start, end) >= 0:
        return True
    bracket = text.find("(", start, end)
    if bracket >= 0 and text.find(")", bracket, end) >= 0:
        return True
    for dash in ("-", "–"):
        at = text.find(dash, start + 1, end - 1)
        while at >= 0:
            if text[at - 1].isspace() and text[at + 1].isspace():
                return True
            at = text.find(dash, at + 1, end - 1)
    return False


def ends_with_agency_mark(text: str, start: int, end: int) -> bool:
    """Whether :data:`TRAILING_REPORTER_RE` may match in ``text[start:end]``, told by the last
    of the marks that may join reporters to their agency there (``/``, ``)``, ``-``, ``–``): the
    agency's name after it has none, so the last mark of the text is the match's, and it is a
    ``)`` closing the text (``Xuân Tùng (TTXVN)``), a ``/`` before a capital (``Tiên
    Minh/TTXVN``), or a dash between spaces before a capital (``Thế Lập – TTXVN``).  Most
    paragraphs with a mark near their end (a date ``25/5``, a bracket inside the sentence) end
    with none of these, and the pattern tried at each place of them found nothing.  Where a line
    breaks inside, a line may end a match there (``$``): :func:`holds_agency_mark` answers."""
    if text.find("\n", start, end) >= 0:
        return holds_agency_mark(text, start, end)
    mark = text.rfind("/", start, end)
    for other in (text.rfind(")", start, end), text.rfind("-", start, end), text.rfind("–", start, end)):
        if other > mark:
            mark = other  # (compared here: ``max`` is a Python call in the compiled rules)
    if mark < 0:
        return False
    rest = text[mark + 1 : end]
    if text[mark] == ")":
        tail = rest[1:] if rest[:1] == "." else rest
        return tail == "" or tail.isspace()
    if text[mark] == "/":
        return rest.lstrip()[:1].isupper()
    return start < mark and text[mark - 1].isspace() and rest[:1].isspace() and rest[1:2].isupper()


#: What may stand right before :data:`TRAILING_AGENCY_RE`'s match (its look-behind).
SENTENCE_ENDS: Final = ".!?…\"”"


def may_end_with_agency(text: str, start: int, end: int) -> bool:
    """Whether :data:`TRAILING_AGENCY_RE` may match in ``text[start:end]``: each space inside its
    match comes before a capital or a ``/``, ``–``, ``-`` (``. TTXVN/Tin Tức``), the space that
    opens it comes after the end of a sentence, and the match runs to the end.  The spaces are
    read from the end back, up to one before something else (no match reaches back past it) or
    one after a sentence's end (a match may open there).  Looked at first, since most paragraphs
    end on a word in lower case, and most of those with names at the end (``Ảnh: Reuters``) have
    no sentence's end right before them (one look or a few instead of the pattern tried at each place)."""
    space = text.rfind(" ", start, end)
    while space >= 0:
        after = text[space + 1 : space + 2]
        if space + 1 >= end or not (after.isupper() or after in ("/", "–", "-")):
            return False
        if space > 0 and text[space - 1] in SENTENCE_ENDS:
            return True
        space = text.rfind(" ", start, space)
    return False


class BylineRules:
    """Lines that sign the article or a photo (a mixin of :class:`.scanner.Scanner`)."""

    def byline(self, start: int, end: int, closing: bool) -> bool:
        """A short line that names the story's source (``Theo Dân Việt``), or, among the
        lines that close the article, one of names only (``Hương Giang - Trường Thịnh``):
        its names are credits."""
        if end - start > 80:
            return False
        source = SOURCE_LINE_RE.fullmatch(self.text, start, end)
        if source:  # "Theo Dân Việt": where the story comes from
            self.credit_names(source.start(1), source.end(1), person_default=False)
            if source.group(2):
                self.credit_names(source.start(2), source.end(2), person_default=False)
            return True
        if not closing:
            return False
        glued = GLUED_SOURCE_RE.search(self.text, start, end)
        if glued and self.byline(start, glued.start(), closing):  # "T.ThủyTheo The Verge": a byline, then its source
            self.credit_names(glued.end(), end, person_default=False)
            return True
        if AGENCY_LINE_RE.fullmatch(self.text, start, end) and self.agencies(start, end):
            return True  # "TTXVN", "TTXVN/Tin Tức": the agency signing the story
        match = BYLINE_RE.fullmatch(self.text, start, end)
        if not match:
            return False
        tail = max(self.text.rfind("(", start, end), self.text.rfind("[", start, end))
        names = list(NAME_IN_BYLINE_RE.finditer(self.text, start, tail if tail >= 0 else end))
        if any(self.keyed[m.start() : m.end()] in self.gaz.never or self.lexicon_match(self.gaz.roles, m.start())
               or self.keyed.startswith(HONORIFICS, m.start()) for m in names):
            return False  # ("Ông Phạm Quang Hưng" on a line of a table of people: the story's, not its signature)
        if not all(self.known_organisation(m.start(), m.end()) or all(is_vietnamese_word(w) for w in byline_words(m.group()))
                   for m in names):
            return False
        for m in names:
            self.credit_names(m.start(), m.end(), person_default=True)
        if tail >= 0 and not NOTE_RE.match(self.text, tail):  # "(Dân Việt)": the source
            self.credit_names(tail + 1, end, person_default=False)
        return True

    def agencies(self, start: int, end: int) -> bool:
        """Whether ``start:end`` (a line or sentence of names only) opens with a known
        organisation: agencies signing the story, credited as organisations all."""
        first = CREDIT_PART_RE.match(self.text, start, end)
        if first is None or not self.known_organisation(start, first.end() - first.group().endswith(".")):
            return False
        self.credit_names(start, end, person_default=False, agency=True)
        return True

    def trailing_source(self, start: int, end: int) -> int:
        """A source written as the paragraph's last sentence (``… này. Theo Huy Phong (Dân
        Việt)``, ``… vào. TTXVN/Tin Tức``): credit its names; return where the paragraph's
        own text ends."""
        reach = max(start, end - 80)
        source = TRAILING_SOURCE_RE.search(self.text, reach, end) if may_hold_source(self.text, reach, end) else None
        if source:
            self.credit_names(source.start(1), source.end(1), person_default=False)
            if source.group(2):
                self.credit_names(source.start(2), source.end(2), person_default=False)
            return source.start()
        return self.trailing_agency(start, end)

    def trailing_agency(self, start: int, end: int) -> int:
        """Agencies (``… vào. TTXVN/Tin Tức``) or reporters with their agency (``… rõ. Xuân
        Tùng (TTXVN)``) signing the paragraph's last sentence: credit them; return where the
        paragraph's own text ends."""
        reach = max(start, end - 40)
        agency = TRAILING_AGENCY_RE.search(self.text, reach, end) if may_end_with_agency(self.text, reach, end) else None
        if agency and self.agencies(agency.start(1), end):
            return agency.start()
        reach = max(start, end - 80)
        signed = TRAILING_REPORTER_RE.search(self.text, reach, end) if ends_with_agency_mark(self.text, reach, end) else None
        group = (2 if signed.group(2) else 3 if signed.group(3) else 4) if signed else 0
        if signed and self.agencies(signed.start(group), signed.end(group)):
            self.credit_names(signed.start(1), signed.end(1), person_default=True)
            return signed.start()
        return end

    def known_organisation(self, start: int, end: int) -> bool:
        known = self.lexicon_match(self.gaz.names, start)
        return bool(known and known.kind == "ORG" and start + len(known.key) == end)

    def credit_names(self, start: int, end: int, person_default: bool, agency: bool = False) -> None:
        """Each name of a credit: a known name keeps its type; a Vietnamese name of two to
        four words is a person; anything else is a person in a byline, an organisation
        (a paper, an agency) after ``Theo``."""
        glued = GLUED_SOURCE_RE.search(self.text, start, end)
        if glued:  # "T.ThủyTheo PA": the byline and its source line run together
            self.credit_names(start, glued.start(), person_default, agency)
            self.credit_names(glued.end(), end, person_default=False)
            return
        for part in CREDIT_PART_RE.finditer(self.text, start, end):
            s, e = part.start(), part.end()
            while self.text[e - 1] in ".:;":  # "Theo Reuters.": the sentence's full stop
                e -= 1
            if e - s < 2:
                continue
            known = self.lexicon_match(self.gaz.names, s)
            words = self.text[s:e].split(" ")
            if known and s + len(known.key) == e:
                kind, name = known.kind, known.name
            elif not agency and 2 <= len(words) <= 4 and all(is_vietnamese_word(w) for w in words):
                kind, name = "PER", self.text[s:e]
            else:
                kind, name = ("PER" if person_default else "ORG"), self.text[s:e]
            self.out.append(Candidate(s, e, kind, name, tokens=len(words), credit=True))

    def after_photo_credit(self, s: int) -> bool:
        return PHOTO_CREDIT_RE.search(self.text, max(self.seg_start, s - 8), s) is not None
