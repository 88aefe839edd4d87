"""The rules of entity extraction: a scanner over the capitalised words of a paragraph.

Vietnamese capitalises every syllable of a proper name, so each capitalised
word is a place where an entity may start.  The scanner looks, in order of
strength of evidence, for a title (which makes what follows a person), a
known name or organisation head (gazetteers), a location cue, and finally a
bare run of capitalised words typed from its context: the words before it
(``ông``, ``tỉnh``, ``tại``, ``công ty``), the word after it (``nói``,
``cho biết``), its spelling (family name, foreign word, acronym).  Whatever
it finds becomes a :class:`Candidate`; canonical names are settled per
article in :mod:`tui.core.entities`.

All lookups are made on *keyed* text (:func:`tui.core.gazetteer.vkey`: lower
case, diacritics kept), which has the same offsets as the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .gazetteer import Entry, Gazetteer, vkey
from .text import fold

__all__ = ["Candidate", "Scanner", "is_acronym", "is_vietnamese_word"]


def _chars(predicate) -> str:
    ranges = (range(0x41, 0x250), range(0x370, 0x530), range(0x1E00, 0x1F00))
    return "".join(re.escape(chr(cp)) for r in ranges for cp in r if predicate(chr(cp)))


UPPER = _chars(str.isupper)
LOWER = _chars(str.islower)

#: A capital letter (whether it begins a word is checked by the caller: a
#: pattern that starts with a plain character class scans much faster).
CAP_START_RE = re.compile(rf"[{UPPER}]")
#: One word of a name: letters/digits, joined by ``-`` or ``&`` (``Á-Âu``,
#: ``GD&ĐT``), or by a dot before a capital (``TP.HCM``, ``N.V.Đ``); or an
#: initial (``A.``).
_TOKEN = (
    rf"(?:(?:[{UPPER}]|TP|Tp|St|Mr|Mrs|Ms|Dr)\.(?= [{UPPER}])"
    rf"|[^\W_]+(?:(?:[-&]|\.(?=[{UPPER}]))[^\W_]+)*)"
)
#: Lower-case particles inside foreign names (``Salto del Pastor``, ``van Gaal``).
_PARTICLE = r"(?:de|del|della|da|dos|das|van|von|der|den|di|du|le|la|of|the|and|for|bin|al)"
TOKEN_AT_RE = re.compile(_TOKEN)
PARTICLE_AT_RE = re.compile(rf" {_PARTICLE} (?=[{UPPER}])")
#: A run of capitalised words separated by single spaces.
RUN_RE = re.compile(rf"{_TOKEN}(?: (?:{_PARTICLE} )?(?=[{UPPER}]){_TOKEN})*")
WORD_RE = re.compile(r"[^\W_]+")
LOWER_WORD_AT_RE = re.compile(rf" ([{LOWER}][^\W_]*)")
#: Up to three words separated by single spaces (on keyed text).
LOWER_WORDS_RE = re.compile(r"[^\W_]+(?: [^\W_]+){0,2}")
NUMBER_AT_RE = re.compile(r" \d{1,4}(?=[\s,.;:)]|$)(?! ?[^\W\d_])")
ACRONYM_IN_BRACKETS_RE = re.compile(rf" \( ?([{UPPER}][{UPPER}\d&\-]{{1,11}}) ?\)")
#: Verbs of saying after a name make it a person (``Trung nói``, ``Mourinho cho biết``).
SPEECH_AFTER_RE = re.compile(
    r" (?:(?:cũng|đã|vẫn|còn|thì|liền|lại|từng|mới|vừa) )?"
    r"(?:nói|cho biết|chia sẻ|kể|tâm sự|cho hay|bày tỏ|khẳng định|nhấn mạnh|giải thích|thừa nhận|nhớ lại|"
    r"trả lời|hỏi|cười|cho rằng|tiết lộ|thổ lộ|bộc bạch|phát biểu|nhận định|tuyên bố|viết|lý giải|"
    r"kể lại|nói thêm|trần tình|khoe|bật khóc|than|thú nhận|xác nhận|cảm thấy|mong muốn|quyết định)(?!\w)"
)
#: A line of names only: a byline.
NAME_IN_BYLINE_RE = re.compile(rf"[{UPPER}][^\W\d_]*(?: [{UPPER}][^\W\d_]*){{1,3}}")
BYLINE_RE = re.compile(rf"{NAME_IN_BYLINE_RE.pattern}(?:\s*[-–,&]\s*{NAME_IN_BYLINE_RE.pattern})*")
#: A line naming the source of a story: ``Theo Dân Việt``, ``Nguồn: Reuters``.
SOURCE_LINE_RE = re.compile(rf"(?:Theo|Nguồn:?) ([{UPPER}][^\s]*(?: [{UPPER}][^\s]*){{0,4}})\.?")
#: An age in brackets after a name: ``Ngọc Linh (25 tuổi, Hà Nội)``.
AGE_AFTER_RE = re.compile(r" ?\( ?(?:\d{1,3} tuổi|SN \d{4}|sinh năm \d{4})")
#: First words of SPEECH_AFTER_RE, for a quick check before the full pattern.
SPEECH_FIRST_WORDS = frozenset(
    re.findall(r"[^\W\d_]+", SPEECH_AFTER_RE.pattern.split("(?!")[0].replace("?:", " "))
)
#: A photo credit: the name after it is a person (or an agency, if an acronym).
PHOTO_CREDIT_RE = re.compile(r"(?:ảnh|Ảnh|ẢNH|photo|Photo)\s?:\s?$")
#: The shape of a Vietnamese syllable, on folded text.
VIETNAMESE_SYLLABLE_RE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?"
    r"(?:[aeiouy]{1,3})(?:ng|nh|ch|[cmnpt])?"
)
_VIETNAMESE_LETTERS = set("ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")
_ACCENTED_VOWELS = _VIETNAMESE_LETTERS - {"đ"}
_OPENING_PUNCTUATION = "([{\"'“‘«-–,;:"
_SENTENCE_BREAK = set(".!?:;\n\"“”'‘’([{…–-•*|/")

#: Lower-case words that end an organisation's name (function words, verbs).
ORG_BREAKERS = frozenset(vkey(w) for w in """
và của là với tại ở cho đã đang sẽ được bị có không này đó từ đến trong ngoài trên dưới sau trước
khi nếu thì mà như cùng về theo để do vì nên các những một hai ba bốn năm người ông bà anh chị
em nói gặp thăm đón tiếp sang tới qua vừa mới cũng còn vẫn đều rất lại ra vào lên xuống làm
đi biết rằng hay nhằm bằng hoặc nhận năm tháng ngày tuần giữa bên phía lần thứ số nhiều mọi
mỗi tất riêng đây ấy nọ kia thế vậy sao gì ai nào đâu bao họ chúng nó mình tôi ta
""".split())
#: Function words: never inside a name, even in a common pair (``Hàng không`` may be).
FUNCTION_WORDS = frozenset(vkey(w) for w in "và của là với tại ở cho đã đang sẽ được bị có này đó từ đến trong khi nếu thì mà như để do vì nên các những một".split())
#: Heads that may have lower-case words before their name (``Nhà máy máy kéo Minsk``,
#: ``Công ty cổ phần Sữa Việt Nam``, ``Ủy ban nhân dân tỉnh Cao Bằng``).
GAP_HEADS = frozenset(
    vkey(w) for w in ("Nhà máy", "Công ty", "Tổng công ty", "Tập đoàn", "Ngân hàng", "Trường", "Bệnh viện", "Ủy ban", "Ủy ban nhân dân", "Hội đồng nhân dân", "Xí nghiệp", "Hợp tác xã", "Viện", "Học viện", "Trung tâm", "Hội", "Hiệp hội", "Quỹ", "Cục", "Tổng cục", "Sở", "Phòng", "Ban", "Bộ")
)
#: Organisation heads whose names go on after "và" (``Bộ Giáo dục và Đào tạo``).
DEPARTMENT_HEADS = frozenset(
    vkey(w) for w in ("Bộ", "Sở", "Ban", "Vụ", "Cục", "Phòng", "Tổng cục", "Ủy ban", "Viện", "Học viện", "Trường", "Khoa", "Hội", "Hiệp hội", "Trung tâm", "Chi cục")
)
#: Words for people that a one-word place name after them turns into a given name.
PRONOUN_CUES = frozenset(vkey(w) for w in "anh chị em cô chú bác ông bà bé cháu cụ thầy".split())
#: Heads of units that name their parent organisation after them
#: (``Phòng Cảnh sát hình sự Công an tỉnh X``, ``Cơ quan CSĐT Công an tỉnh Đồng Nai``).
SUBUNIT_HEADS = frozenset(
    vkey(w) for w in ("Cơ quan", "Cơ quan Cảnh sát điều tra", "Phòng", "Phòng Cảnh sát", "Đội", "Chi cục", "Văn phòng", "Khoa", "Ban", "Ban Quản lý", "Ban Chỉ huy", "Trạm", "Đồn", "Trại", "Chi nhánh", "Ban Tuyên giáo", "Ban Tổ chức", "Ủy ban Kiểm tra")
)
#: Prepositions that only weakly point to a place ("một cú tát từ Pau Torres").
WEAK_PLACE_CUES = frozenset(vkey(w) for w in "từ đến tới về qua sang".split())
#: Location cues that an organisation's name takes in (``UBND tỉnh Thanh Hóa``).
ADMIN_CUES = frozenset(vkey(w) for w in ("tỉnh", "thành phố", "tp", "tp.", "huyện", "quận", "thị xã", "thị trấn", "xã", "phường"))


@lru_cache(maxsize=65536)
def word_key(word: str) -> str:
    """:func:`vkey` of a short string, remembered (the same words come back all the time)."""
    return vkey(word)


@lru_cache(maxsize=65536)
def is_vietnamese_word(word: str) -> bool:
    """Whether ``word`` is spelled like a Vietnamese syllable (not a foreign name)."""
    lower = word.lower()
    if any(c in _VIETNAMESE_LETTERS for c in lower):
        return True
    return VIETNAMESE_SYLLABLE_RE.fullmatch(fold(lower)) is not None


def is_acronym(word: str) -> bool:
    """Two or more capital letters and no lower-case ones (``MTZ``, ``GD&ĐT``), no digits,
    no accented vowels (``BỆNH`` is a word in capitals, not an acronym)."""
    letters = [c for c in word if c.isalpha()]
    return (
        len(letters) >= 2
        and all(c.isupper() for c in letters)
        and not any(c.isdigit() for c in word)
        and not any(c.lower() in _ACCENTED_VOWELS for c in letters)
    )


def is_mixed_case(word: str) -> bool:
    """Brand-like capitals inside a word: ``BelAZ``, ``VinFast``, ``TikTok``."""
    return (
        any(c.isupper() for c in word[1:])
        and any(c.islower() for c in word)
        and "-" not in word
        and "." not in word
        and not any(c.isdigit() for c in word)
    )


@dataclass(slots=True)
class Candidate:
    """A mention before canonical names are settled; ``kind`` None means type unknown."""

    start: int
    end: int
    kind: str | None
    name: str
    role: str | None = None
    value: str | None = None
    tokens: int = 1


class Scanner:
    """Walks the capitalised words of one paragraph at a time and emits candidates."""

    def __init__(self, gaz: Gazetteer, text: str, keyed: str, out: list[Candidate], acronyms: dict[str, str]):
        self.gaz = gaz
        self.text = text
        self.keyed = keyed
        self.out = out
        self.acronyms = acronyms
        self.seg_start = 0
        self.seg_end = len(text)
        self.replacements: list[tuple[int, int, str]] = []  # known names inside an organisation
        self._context_pos = -1
        self._context: list[str] = []
        self._word_before_pos = -1
        self._word_before = ""
        self.subunit = False  # whether the organisation being read is a unit of another
        self.gap_head = False  # whether its head may have lower-case words before its name

    # ---- small helpers ---------------------------------------------------

    def word_at(self, pos: int) -> str:
        m = WORD_RE.match(self.keyed, pos, self.seg_end)
        return m.group() if m else ""

    def cap_at(self, pos: int) -> bool:
        """Whether a capitalised word starts at ``pos``."""
        return pos < self.seg_end and self.text[pos].isupper()

    def cap_follows(self, end: int) -> bool:
        """Whether a space and a capitalised word follow ``end``."""
        return self.text.startswith(" ", end) and self.cap_at(end + 1)

    def is_initial(self, pos: int) -> bool:
        """Whether ``pos`` starts a sentence (or a quotation, a line, a bracket)."""
        i = pos - 1
        while i >= self.seg_start and self.text[i] == " ":
            i -= 1
        return i < self.seg_start or self.text[i] in _SENTENCE_BREAK

    def context(self, pos: int) -> list[str]:
        """Keyed phrases of the 3, 2 and 1 words right before ``pos`` (longest first),
        as long as only single spaces separate them (remembered for the last position)."""
        if pos != self._context_pos:
            self._context_pos, self._context = pos, self._read_context(pos)
        return self._context

    def _read_context(self, pos: int) -> list[str]:
        if self.word_before(pos) not in self.gaz.cue_last_words:
            return []  # no cue of any kind ends right before pos
        window_start = max(self.seg_start, pos - 40)
        parts = self.keyed[window_start : pos - 1].rsplit(" ", 3)
        if window_start > self.seg_start:
            parts = parts[1:]  # the first part may be cut
        words: list[str] = []
        for part in reversed(parts):
            if part.isalpha():
                words.insert(0, part)
                continue
            tail = re.search(r"[^\W\d_]+$", part)
            if tail and not part[: tail.start()].isalnum():
                words.insert(0, tail.group())
            break
        return [" ".join(words[-n:]) for n in range(len(words), 0, -1)]

    def cue_before(self, pos: int, cues: set[str] | frozenset[str]) -> str | None:
        """The longest phrase of ``cues`` right before ``pos`` that is a word of its own:
        ``em`` in ``trẻ em`` or ``báo`` in ``cảnh báo`` is not a cue."""
        context = self.context(pos)
        for i, phrase in enumerate(context):
            if phrase in cues:
                if " " in phrase or i == 0:
                    return phrase
                before = context[i - 1].split(" ", 1)[0]  # the phrase one word longer
                if f"{before} {phrase}" not in self.gaz.cue_compounds:
                    return phrase
        return None

    def org_span_head_before(self, s: int) -> int | None:
        """Start of a lower-case institution head before ``s`` (``công an``), possibly
        with an administrative cue between (``công an huyện Gio Linh``)."""
        gaz = self.gaz
        if self.word_before(s) not in gaz.org_span_last_words:
            return None
        for phrase in self.context(s):
            words = phrase.split(" ")
            for cut in range(len(words), 0, -1):
                head, cue = " ".join(words[:cut]), " ".join(words[cut:])
                if head in gaz.org_span_heads and (not cue or cue in ADMIN_CUES):
                    if self.cue_before(s - len(cue) - 1 if cue else s, gaz.org_span_heads) == head:
                        return self.context_start(s, phrase)
        return None

    def word_before(self, pos: int) -> str:
        """The keyed word right before ``pos`` and a single space, or "" (remembered for
        the last position)."""
        if pos == self._word_before_pos:
            return self._word_before
        self._word_before_pos = pos
        self._word_before = word = self._read_word_before(pos)
        return word

    def _read_word_before(self, pos: int) -> str:
        if pos <= self.seg_start or self.keyed[pos - 1] != " ":
            return ""
        low = pos - 16 if pos - 16 > self.seg_start else self.seg_start
        space = self.keyed.rfind(" ", low, pos - 1)
        word = self.keyed[space + 1 if space >= 0 else low : pos - 1]
        return word if word[:1].isalpha() else word.lstrip(_OPENING_PUNCTUATION)

    @staticmethod
    def context_start(pos: int, cue: str) -> int:
        """Offset where the ``cue`` phrase before ``pos`` begins."""
        return pos - len(cue) - 1

    def run_end(self, pos: int) -> int:
        m = RUN_RE.match(self.text, pos, self.seg_end)
        return m.end() if m else pos

    def tokens(self, start: int, end: int) -> list[tuple[int, int]]:
        spans = []
        pos = start
        for part in self.text[start:end].split(" "):
            spans.append((pos, pos + len(part)))
            pos += len(part) + 1
        return spans

    def lexicon_match(self, lexicon, pos: int, word: str | None = None) -> Entry | None:
        if word is None:
            word = self.word_at(pos)
        return lexicon.match(self.text, self.keyed, pos, word) if word in lexicon.first else None

    def starts_known(self, pos: int, heads: bool = True) -> bool:
        """Whether a role, known place or organisation, or (if ``heads``) organisation head
        begins at ``pos`` (a known person's name may be the end of a longer one)."""
        word = self.word_at(pos)
        gaz = self.gaz
        if word not in gaz.first_words:
            return False
        for lexicon in (gaz.roles, gaz.org_heads, gaz.names) if heads else (gaz.roles, gaz.names):
            entry = lexicon.match(self.text, self.keyed, pos, word) if lexicon.starts_with(word) else None
            if entry and not (lexicon is gaz.names and entry.value.startswith("PER")):
                return True
        return False

    def common_pair_at(self, pos: int, end: int) -> int:
        """End of the usual lower-case partner after the word ``pos:end``
        (``Thể`` + ``thao``), or 0: such a pair is a common word, not a name."""
        low = LOWER_WORD_AT_RE.match(self.text, end, self.seg_end)
        if low and f"{self.keyed[pos:end]} {self.keyed[low.start(1):low.end()]}" in self.gaz.bigrams:
            return low.end()
        return 0

    def emit(self, start: int, end: int, kind: str | None, name: str | None = None, role: str | None = None, tokens: int = 1) -> None:
        if end > start:
            self.out.append(Candidate(start, end, kind, name or self.text[start:end], role, None, tokens))

    # ---- the scan -------------------------------------------------------

    def scan(self, start: int, end: int) -> None:
        """Emit the candidates of the paragraph ``start:end``."""
        self.seg_start, self.seg_end = start, end
        self._context_pos = self._word_before_pos = -1
        if self.byline(start, end):
            return
        pos = start
        text = self.text
        for m in CAP_START_RE.finditer(text, start, end):
            s = m.start()
            if s >= pos and not (s > start and text[s - 1].isalnum()):
                pos = self.at(s)
                if pos <= s:
                    pos = s + 1

    def byline(self, start: int, end: int) -> bool:
        """A line that is only Vietnamese names (``Hương Giang - Trường Thịnh``) signs the
        article or a photo: its names are people."""
        if end - start > 80:
            return False
        source = SOURCE_LINE_RE.fullmatch(self.text, start, end)
        if source:  # "Theo Dân Việt": where the story comes from
            self.emit(source.start(1), source.end(1), "ORG")
            return True
        if not BYLINE_RE.fullmatch(self.text, start, end):
            return False
        names = [m for m in NAME_IN_BYLINE_RE.finditer(self.text, start, end)]
        if not all(is_vietnamese_word(w) for m in names for w in m.group().split(" ")):
            return False
        if any(self.keyed[m.start() : m.end()] in self.gaz.never or self.lexicon_match(self.gaz.roles, m.start()) for m in names):
            return False
        for m in names:
            self.emit(m.start(), m.end(), "PER", tokens=m.group().count(" ") + 1)
        return True

    def at(self, s: int) -> int:
        """Read whatever entity starts at ``s``; return where scanning resumes."""
        gaz, text = self.gaz, self.text
        word = self.word_at(s)
        if word in PRONOUN_CUES and self.cap_follows(s + len(word)) and (self.is_initial(s) or text[s - 2 : s] == ", "):
            return self.person_after_pronoun(s + len(word) + 1)
        if word not in gaz.first_words and (word in gaz.common or word in gaz.never) and self.is_initial(s):
            if text.rfind(":", s - 3, s) >= 0 and self.after_photo_credit(s):
                return self.name_run(s)
            return s + len(word)
        if s >= 2 and text[s - 1] == "-" and text[s - 2].isalnum():
            return self.hyphenated_part(s, word)
        if word in gaz.first_words:
            role = self.lexicon_match(gaz.roles, s, word)
            known = self.lexicon_match(gaz.names, s, word)
            head = self.lexicon_match(gaz.org_heads, s, word)
        else:
            role = known = head = None
        role_len = len(role.key) if role else 0
        known_len = len(known.key) if known else 0
        head_len = len(head.key) if head else 0
        longest = role_len if role_len >= known_len and role_len >= head_len else (known_len if known_len >= head_len else head_len)
        if role and len(role.key) == longest:
            return self.after_role(s, s + len(role.key))
        head_start = self.org_span_head_before(s) if self.word_before(s) in gaz.org_span_last_words else None
        if head_start is not None and not (known and known.value.startswith("ORG")):
            return self.organisation(head_start, s - 1)
        if known and len(known.key) == longest and known.value.startswith("LOC"):
            if self.run_goes_on(s + len(known.key)):
                return self.name_run(s, known)
            return self.known_name(s, known)
        if known and len(known.key) == longest and known.value.startswith("PER"):
            return self.known_name(s, known)
        if head or known:
            return self.organisation(s)
        if word in gaz.loc_cue_first_words:
            cue_end = self.capitalised_loc_cue(s)
            if cue_end:
                return self.location_after_cue(s, cue_end)
        if self.is_initial(s) and (word in gaz.common or word in gaz.never):
            return s + len(word)
        return self.name_run(s, known)

    def person_after_pronoun(self, s: int) -> int:
        """``Anh Trần Văn Nam``, ``Ông Igor``: a capitalised pronoun that opens a sentence,
        then a name."""
        if self.lexicon_match(self.gaz.roles, s) or self.lexicon_match(self.gaz.org_heads, s):
            return s
        end = self.name_end(s)
        if self.keyed[s:end] not in self.gaz.never:
            self.emit(s, end, "PER", tokens=self.text.count(" ", s, end) + 1)
        return end

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

    # ---- places ------------------------------------------------------------

    def capitalised_loc_cue(self, s: int) -> int:
        """End of a capitalised location cue (``Tỉnh``, ``Thành phố``) followed by a name."""
        words = self.keyed[s : s + 24].split(" ")
        for size in (2, 1):
            cue = " ".join(words[:size])
            if len(words) > size and cue in self.gaz.loc_span_cues and cue not in self.gaz.surnames:
                end = s + len(cue)
                if self.cap_follows(end):
                    return end
        return 0

    def location_after_cue(self, cue_start: int, cue_end: int) -> int:
        """``Tỉnh Lào Cai``, ``Thành phố Pripyat``: the cue belongs to the span."""
        name_start = cue_end + 1
        end = self.name_end(name_start)
        self.emit(cue_start, end, "LOC", self.place_name(cue_start, name_start, end))
        return end

    def place_name(self, span_start: int, name_start: int, end: int) -> str:
        """Canonical name of a place: the gazetteer's, for the span or the name after its cue."""
        for start in (span_start, name_start):
            word = self.word_at(start)
            known = self.gaz.names.match(self.text, self.keyed, start, word, check_case=False) if start < end else None
            if known and known.value.startswith("LOC") and start + len(known.key) == end:
                return known.value.split("\t", 1)[1]
        name = " ".join(self.text[name_start:end].split())
        cue = self.keyed[span_start : name_start - 1]
        if cue in self.gaz.named_cues:  # "sông Lam" is called so, not "Lam"
            return f"{self.text[span_start].upper()}{self.text[span_start + 1 : name_start - 1]} {name}"
        return name

    def known_name(self, s: int, known: Entry) -> int:
        """A gazetteer name; a location takes in the cue before it (``tỉnh Lào Cai``)."""
        kind, canonical = known.value.split("\t", 1)
        end = s + len(known.key)
        start = s
        if kind == "PER" and self.cue_before(s, self.gaz.loc_span_cues):  # "thành phố Hồ Chí Minh"
            cue = self.cue_before(s, self.gaz.loc_span_cues)
            start = self.context_start(s, cue)
            self.emit(start, end, "LOC", self.place_name(start, s, end))
            return end
        if kind == "LOC":
            if " " not in known.key and self.cue_before(s, PRONOUN_CUES):
                self.emit(s, end, "PER", tokens=1)  # "anh Đức" is a man, not Germany
                return end
            cue = self.cue_before(s, self.gaz.loc_span_cues)
            if cue:
                start = self.context_start(s, cue)
        if word_key(canonical) in self.gaz.never:
            return end
        if kind == "LOC" and self.is_initial(s) and " " not in known.key and (known.key in self.gaz.common or known.key in self.gaz.person_cues):
            return end
        self.emit(start, end, kind, canonical)
        return end

    def name_end(self, s: int, known: Entry | None | bool = False) -> int:
        """End of the run of capitalised words at ``s``: a known name there, else the run
        cut before a title, a known name, or an organisation head that has a name after it.
        (``known``: the gazetteer match at ``s`` if the caller has it.)"""
        if known is False:
            known = self.lexicon_match(self.gaz.names, s)
        run_end = self.run_end(s)
        if known and s + len(known.key) >= run_end:
            return s + len(known.key)
        if self.text.find(" ", s, run_end) < 0 or self.looks_like_person(s, run_end):
            return run_end
        for tok_start, tok_end in self.tokens(s, run_end)[1:]:
            if self.cap_at(tok_start) and self.starts_known(tok_start, heads=tok_end < run_end):
                if tok_end == run_end and self.is_given_name(s, tok_start, tok_end):
                    return run_end
                return tok_start - 1
        return run_end

    def is_given_name(self, s: int, tok_start: int, tok_end: int) -> bool:
        """``Anh`` in ``Tuấn Anh`` is the end of a person's name, not England: a one-syllable
        known name after Vietnamese syllables that start nothing known."""
        if " " in self.text[tok_start:tok_end] or self.lexicon_match(self.gaz.roles, tok_start):
            return False
        words = self.text[s:tok_end].split(" ")
        return all(is_vietnamese_word(w) for w in words) and not self.lexicon_match(self.gaz.org_heads, tok_start)

    # ---- people after a title ------------------------------------------

    def after_role(self, role_start: int, role_end: int) -> int:
        """A title: what follows may be its organisation, a place, then the person."""
        text, gaz = self.text, self.gaz
        pos = role_end
        while True:
            if text.startswith(", ", pos) and self.cap_at(pos + 2):
                role = self.lexicon_match(gaz.roles, pos + 2)
                if not role:
                    return pos
                role_start, pos = pos + 2, pos + 2 + len(role.key)
                continue
            if not self.cap_follows(pos):
                return pos
            nxt = pos + 1
            word = self.word_at(nxt)
            role = self.lexicon_match(gaz.roles, nxt, word)
            if role:
                pos = nxt + len(role.key)
                continue
            head = self.lexicon_match(gaz.org_heads, nxt, word)
            known = self.lexicon_match(gaz.names, nxt, word)
            if head or (known and known.value.startswith("ORG")):
                pos = self.organisation(nxt, before_person=True)
                continue
            if known and known.value.startswith("LOC") and not self.looks_like_person(nxt):
                pos = self.known_name(nxt, known)
                continue
            end = self.name_end(nxt)
            if not is_vietnamese_word(text[nxt:end]) and self.brand_with_country(nxt, end):
                pos = self.organisation(nxt)
                continue
            pair_end = self.common_pair_at(nxt, end) if " " not in text[nxt:end] else 0
            if pair_end:
                pos = pair_end  # "Giám đốc Thể thao Paolo Maldini": part of the title
                continue
            if self.keyed[nxt:end] not in gaz.never:
                words = text[nxt:end].split(" ")
                if len(words) > 1 and any(word_key(w) in gaz.foreign_org_words for w in words):
                    return self.emit_end(nxt, end, "ORG", len(words))  # "Tổng giám đốc Nam A Bank"
                role_text = text[role_start:nxt].rstrip(" ,")
                self.emit(nxt, end, "PER", role=role_text, tokens=len(words))
            return end

    # ---- organisations ---------------------------------------------------

    def organisation(self, s: int, head_end: int | None = None, before_person: bool = False) -> int:
        """An organisation opened at ``s`` by a head word, a known name or an acronym
        (or, with ``head_end``, by a lower-case head like ``công an``); returns its end."""
        gaz, text = self.gaz, self.text
        self.replacements = []
        canonical = None
        if head_end is None:
            known = self.lexicon_match(gaz.names, s)
            head = self.lexicon_match(gaz.org_heads, s)
            known_len = len(known.key) if known and known.value.startswith("ORG") else 0
            head_len = len(head.key) if head else 0
            end = s + max(known_len, head_len)
            if known_len and known_len >= head_len:
                canonical = known.value.split("\t", 1)[1]
            department = head is not None and word_key(head.surface) in DEPARTMENT_HEADS
            named = canonical is not None
            self.subunit = head is not None and word_key(head.surface) in SUBUNIT_HEADS
            self.gap_head = head is not None and word_key(head.surface) in GAP_HEADS
        else:
            end, department, named = head_end, False, False
            self.subunit = False
            self.gap_head = True
        if end <= s:  # an acronym: it names the organisation
            end = s + len(self.word_at(s))
            named = True
        plain_tokens: list[tuple[int, int]] = []  # capitalised words taken in as plain words
        after_known = canonical is not None  # whether those follow a known name (``Hạ viện Belarus``)
        person_follows = False  # whether a name that is not the organisation's follows it
        while True:
            step = self.org_step(end, named, department, before_person)
            if step is None:
                break
            new_end, plain = step
            if plain is None:  # another head word: "trường THPT" has no name yet
                end = new_end
                continue
            if plain and not before_person and (after_known or canonical is not None):
                person_follows = True
                break  # "Điện Kremlin | Dmitry Peskov": a name after a known one is not its part
            if plain:
                plain_tokens.append((end + 1, new_end))
            else:
                plain_tokens.clear()
                after_known = True
            end, named, canonical = new_end, True, None
        if before_person and plain_tokens and not self.cap_follows(end):
            end = self.give_back_person(plain_tokens, after_known, end)
        number = NUMBER_AT_RE.match(text, end, self.seg_end) if named else None
        if number:
            end = number.end()
        if not named:
            described = self.described_before_acronym(end)
            if not described:
                return end
            end, named = described, True
        name = canonical or without_company_words(self.canonical_span(s, end))
        if word_key(name) not in gaz.never:
            self.emit(s, end, "ORG", name)
        if person_follows:
            return self.name_after_organisation(s, end)
        acronym = ACRONYM_IN_BRACKETS_RE.match(text, end, self.seg_end)
        if acronym:
            self.acronyms[acronym.group(1)] = name
            self.emit(acronym.start(1), acronym.end(1), "ORG", name)
            return acronym.end()
        return end

    def described_before_acronym(self, end: int) -> int:
        """End of lower-case words after a head that an acronym in brackets follows:
        ``Liên đoàn bóng đá thế giới (FIFA)`` names its organisation in words."""
        pos = end
        for _ in range(5):
            low = LOWER_WORD_AT_RE.match(self.text, pos, self.seg_end)
            if not low or word_key(low.group(1)) in FUNCTION_WORDS:
                return 0
            pos = low.end()
            if ACRONYM_IN_BRACKETS_RE.match(self.text, pos, self.seg_end):
                return pos
        return 0

    def name_after_organisation(self, org_start: int, org_end: int) -> int:
        """The capitalised words right after a known organisation or place in one: a
        person (``người phát ngôn Điện Kremlin Dmitry Peskov``) or, when they do not look
        like one, a product of the organisation (``Nokia C20``, ``LG XBOOM``), skipped."""
        start = org_end + 1
        end = self.name_end(start)
        words = self.text[start:end].split(" ")
        person_shaped = self.looks_like_person(start, end) or (
            len(words) >= 2
            and all(w[:1].isupper() and w[1:].islower() and w.isalpha() for w in words)
            and not any(word_key(w) in self.gaz.foreign_common_words or word_key(w) in self.gaz.foreign_org_words for w in words)
        )
        if self.cue_before(org_start, self.gaz.person_cues) or person_shaped:
            return self.emit_end(start, end, "PER", len(words))
        return end

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

    def org_step(self, end: int, named: bool, department: bool, before_person: bool) -> tuple[int, bool | None] | None:
        """The next piece of an organisation's name after ``end``, or None when it ends.

        Returns (new end, whether the piece was a plain capitalised word, or None if
        it was one more head word).
        """
        text = self.text
        if self.cap_follows(end):
            return self.org_capitalised_step(end + 1, named, before_person)
        if not text.startswith(" ", end):
            return None
        particle = PARTICLE_AT_RE.match(text, end, self.seg_end)
        if particle and named:
            return self.org_capitalised_step(particle.end(), named, before_person)
        cue_end = self.admin_cue_at(end + 1)
        if cue_end:
            return self.place_end(cue_end + 1), False
        tail = self.org_tail_at(end)
        if tail and (named or self.keyed[end + 1 : tail] in ADMIN_CUES):
            return tail, False
        if tail:  # "Phòng Cảnh sát hình sự": the head goes on, still without a name
            return tail, None
        if not named and self.gap_head:
            return self.lower_gap(end)
        if department and text.startswith(" và ", end) and self.cap_at(end + 4) and not self.starts_known(end + 4):
            return self.department_tail(end + 4), False
        if text.startswith(" - ", end) and department and self.cap_at(end + 3) and not self.starts_known(end + 3):
            return self.department_tail(end + 3), False
        return None

    def org_capitalised_step(self, nxt: int, named: bool, before_person: bool) -> tuple[int, bool | None] | None:
        gaz, text = self.gaz, self.text
        word = self.word_at(nxt)
        if self.lexicon_match(gaz.roles, nxt, word):
            return None
        known = self.lexicon_match(gaz.names, nxt, word)
        if known and known.value.startswith("ORG") and named:
            return None
        if known:
            self.replacements.append((nxt, nxt + len(known.key), known.value.split("\t", 1)[1]))
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
        low = LOWER_WORD_AT_RE.match(text, tok_end, self.seg_end)
        if (
            low
            and is_vietnamese_word(tok.group())
            and (word_key(low.group(1)) not in ORG_BREAKERS or (self.common_pair_at(nxt, tok_end) and word_key(low.group(1)) not in FUNCTION_WORDS))
            and not self.admin_cue_at(tok_end + 1)
            and not self.org_tail_at(tok_end)
            and (self.common_pair_at(nxt, tok_end) or self.cap_follows(low.end()) or self.org_tail_at(low.end()))
        ):
            return self.word_pairs_end(low.start(1), low.end()), True
        return tok_end, True

    def word_pairs_end(self, start: int, end: int) -> int:
        """Go on through lower-case words that each make a common pair with the one before
        (``Khám chữa bệnh``, ``Giáo dục nghề nghiệp``): one multi-syllable word of a name.
        The longer word must end the name (before punctuation or a capital), else the
        lower-case words are the sentence going on (``Bộ Y tế thông tin nước ta``)."""
        first_end = end
        while True:
            low = LOWER_WORD_AT_RE.match(self.text, end, self.seg_end)
            if not low or word_key(low.group(1)) in ORG_BREAKERS:
                break
            if f"{self.keyed[start:end]} {self.keyed[low.start(1):low.end()]}" not in self.gaz.bigrams:
                break
            start, end = low.start(1), low.end()
        if end != first_end and LOWER_WORD_AT_RE.match(self.text, end, self.seg_end):
            return first_end
        return end

    def org_tail_at(self, end: int) -> int:
        """End of lower-case words that go on an organisation's name (``thị trường``), if
        they end it (before punctuation, a capital or a place): ``Bộ Y tế thông tin nước
        ta`` is the ministry informing."""
        m = LOWER_WORDS_RE.match(self.keyed, end + 1, min(self.seg_end, end + 40))
        if not m or not self.text[end + 1].islower():
            return 0
        words = m.group().split(" ")
        for size in (3, 2, 1):
            phrase = " ".join(words[:size])
            if len(words) >= size and phrase in self.gaz.org_tail_words:
                tail_end = end + 1 + len(phrase)
                if phrase in ADMIN_CUES:  # "UBND tỉnh", "Công an thành phố"
                    return tail_end
                low = LOWER_WORD_AT_RE.match(self.text, tail_end, self.seg_end)
                if not low or self.admin_cue_at(tail_end + 1) or self.org_tail_at(tail_end):
                    return tail_end
        return 0

    def admin_cue_at(self, pos: int) -> int:
        """End of an administrative cue at ``pos`` (``tỉnh``, ``thành phố``) that a name follows."""
        words = self.keyed[pos : pos + 20].split(" ")
        for size in (2, 1):
            cue = " ".join(words[:size])
            if len(words) > size and cue in ADMIN_CUES:
                cue_end = pos + len(cue)
                if self.cap_follows(cue_end):
                    return cue_end
        return 0

    def lower_gap(self, end: int) -> tuple[int, bool] | None:
        """Up to three lower-case words between a head and its name (``Nhà máy máy kéo Minsk``)."""
        pos = end
        for _ in range(3):
            low = LOWER_WORD_AT_RE.match(self.text, pos, self.seg_end)
            if not low or word_key(low.group(1)) in ORG_BREAKERS:
                return None
            pos = low.end()
            if self.cap_follows(pos):
                tok = TOKEN_AT_RE.match(self.text, pos + 1, self.seg_end)
                if tok and not self.lexicon_match(self.gaz.roles, pos + 1):
                    return tok.end(), True
        return None

    def department_tail(self, pos: int) -> int:
        """The words after "và" in a department's name: one capitalised word and its syllables."""
        tok = TOKEN_AT_RE.match(self.text, pos, self.seg_end)
        end = tok.end() if tok else pos
        low = LOWER_WORD_AT_RE.match(self.text, end, self.seg_end)
        if low and word_key(low.group(1)) not in ORG_BREAKERS:
            end = low.end()
        return end

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

    def place_end(self, pos: int) -> int:
        """End of a place's name after an administrative cue inside an organisation's
        name: a known place, else the run of capitalised words up to a person's name
        (``UBND tỉnh Quảng Ninh Nguyễn Văn Đọc``)."""
        known = self.lexicon_match(self.gaz.names, pos)
        if known and known.value.startswith("LOC"):
            return pos + len(known.key)
        end = self.name_end(pos, known)
        for tok_start, _ in self.tokens(pos, end)[1:]:
            if self.looks_like_person(tok_start, end):
                return tok_start - 1
        return end

    @staticmethod
    def give_back_person(plain: list[tuple[int, int]], after_known: bool, end: int) -> int:
        """When a title's organisation swallowed the name after it, hand the name back:
        all the plain words after a known name, else the last two of three or more."""
        if after_known:
            return plain[0][0] - 1
        if len(plain) >= 3:
            return plain[-2][0] - 1
        return end

    # ---- bare names ------------------------------------------------------

    def name_run(self, s: int, known: Entry | None | bool = False) -> int:
        """A run of capitalised words without a title, head or gazetteer entry."""
        gaz, text = self.gaz, self.text
        end = self.name_end(s, known)
        if end <= s:
            return s + 1
        surface = text[s:end]
        keyed = self.keyed[s:end]
        if keyed in gaz.never:
            return end
        words = surface.split(" ")
        single = len(words) == 1
        vietnamese = is_vietnamese_word(surface) if single else all(is_vietnamese_word(w) for w in words)
        context = self.context(s)
        person_cue = self.cue_before(s, gaz.person_cues) if context else None
        low = LOWER_WORD_AT_RE.match(self.keyed, end, self.seg_end)  # the lower-case word after
        next_word = low.group(1) if low and text[end + 1].islower() else ""
        speech = next_word in SPEECH_FIRST_WORDS and SPEECH_AFTER_RE.match(text, end, self.seg_end)
        if single and vietnamese and not person_cue and not speech and next_word and f"{keyed} {next_word}" in gaz.bigrams:
            return low.end()  # "Thể thao": a common word
        if person_cue or (text.startswith(" (", end) and AGE_AFTER_RE.match(text, end, self.seg_end)):
            return self.emit_end(s, end, "PER", len(words))
        if not vietnamese and self.brand_with_country(s, end):
            return self.organisation(s)
        for cue in context if context and context[-1] in gaz.cue_last_words else ():
            if cue in gaz.loc_span_cues and (len(surface) > 1 or not surface.isascii()) and self.cue_before(s, gaz.loc_span_cues) == cue:
                start = self.context_start(s, cue)
                self.emit(start, end, "LOC", self.place_name(start, s, end), tokens=len(words))
                return end
            if cue in gaz.org_cues:
                return self.emit_end(s, end, "ORG", len(words))
        if vietnamese and len(words) >= 2 and text.rfind(":", s - 3, s) >= 0 and self.after_photo_credit(s):
            return self.emit_end(s, end, "PER", len(words))
        if not single and words[0][1:2].isupper() and is_acronym(words[0]) and word_key(words[0]) not in gaz.never:
            return self.organisation(s)  # "BEST Express", "VNG Corporation"
        if len(words) == 1 and surface[1:2].isupper() and is_acronym(surface):
            if self.cap_follows(end) or (text.startswith(" ", end) and self.admin_cue_at(end + 1)):
                return self.organisation(s)
            return self.emit_end(s, end, "ORG", 1)
        if vietnamese and 2 <= len(words) <= 5 and self.keyed[s : s + len(words[0])] in gaz.surnames:
            return self.emit_end(s, end, "PER", len(words))
        if context and any(cue in gaz.loc_cues for cue in context[-2:]) and not (len(words) == 1 and vietnamese):
            if not (context[-1] in WEAK_PLACE_CUES and not vietnamese and self.looks_foreign_person(words)):
                return self.emit_end(s, end, "LOC", len(words))
        if speech:
            return self.emit_end(s, end, "PER", len(words))
        if len(words) == 1 and not vietnamese and is_mixed_case(surface):
            return self.emit_end(s, end, "ORG", 1)
        if self.is_initial(s) and vietnamese and self.keyed[s : s + len(words[0])] in gaz.common:
            return s + len(words[0])
        self.emit(s, end, None, tokens=len(words))
        return end

    def after_photo_credit(self, s: int) -> bool:
        return PHOTO_CREDIT_RE.search(self.text, max(self.seg_start, s - 8), s) is not None

    def brand_with_country(self, s: int, end: int) -> bool:
        """``Fossil Việt Nam``, ``Samsung Việt Nam``: a foreign one-word name and the country
        it works in make one organisation."""
        if " " in self.text[s:end] or not self.cap_follows(end):
            return False
        known = self.lexicon_match(self.gaz.names, end + 1)
        return bool(known and known.value.startswith("LOC") and not self.cap_follows(end + 1 + len(known.key)))

    def looks_foreign_person(self, words: list[str]) -> bool:
        """``Pau Torres``: two to four title-case foreign words, none a common English word."""
        return 2 <= len(words) <= 4 and all(
            w[:1].isupper() and w[1:].islower() and w.isalpha()
            and word_key(w) not in self.gaz.foreign_common_words and word_key(w) not in self.gaz.foreign_org_words
            for w in words
        )

    def emit_end(self, start: int, end: int, kind: str, tokens: int) -> int:
        if end > start:
            self.out.append(Candidate(start, end, kind, self.text[start:end], None, None, tokens))
        return end


#: Legal-form words dropped from a company's canonical name (``Công ty New Atlantic
#: International Trading`` is ``New Atlantic International Trading``).
COMPANY_WORDS_RE = re.compile(
    r"^(?:(?:Tổng )?[Cc]ông ty|Cty|CTCP|Tập đoàn|Hãng)"
    r"(?: (?:[Cc]ổ phần|CP|TNHH(?: MTV)?|[Tt]rách nhiệm hữu hạn(?: một thành viên)?))? (?=\S)"
)


def without_company_words(name: str) -> str:
    stripped = COMPANY_WORDS_RE.sub("", name)
    return stripped if stripped and stripped[0].isupper() else name
