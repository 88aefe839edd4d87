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
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from .dates import find_dates
from .gazetteer import Gazetteer, load_gazetteer, vkey
from .model import Article
from .text import fold

__all__ = ["ENTITY_TYPES", "Entity", "EntityExtractor", "EntityIndex", "Mention"]

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
# Character classes and token patterns (compiled once).


def _chars(predicate) -> str:
    ranges = (range(0x41, 0x250), range(0x370, 0x530), range(0x1E00, 0x1F00))
    return "".join(re.escape(chr(cp)) for r in ranges for cp in r if predicate(chr(cp)))


UPPER = _chars(str.isupper)
LOWER = _chars(str.islower)

#: A capital letter (whether it begins a word is checked by the caller: a
#: pattern that starts with a plain character class scans much faster).
CAP_START_RE = re.compile(rf"[{UPPER}]")
#: One word of a name: letters/digits, joined by ``-`` or ``&`` (``Á-Âu``,
#: ``GD&ĐT``), or by a dot before a capital (``TP.HCM``); or an initial (``A.``).
_TOKEN = (
    rf"(?:(?:[{UPPER}]|TP|Tp|St|Mr|Mrs|Ms|Dr)\.(?= [{UPPER}])"
    rf"|[^\W_]+(?:(?:[-&]|\.(?=[{UPPER}]))[^\W_]+)*)"
)
TOKEN_AT_RE = re.compile(_TOKEN)
#: A run of capitalised words separated by single spaces.
RUN_RE = re.compile(rf"{_TOKEN}(?: (?=[{UPPER}]){_TOKEN})*")
WORD_RE = re.compile(r"[^\W_]+")
#: Up to three words right before a position, with nothing but spaces between.
CONTEXT_RE = re.compile(r"((?:[^\W\d_]+ ){1,3})$")
LOWER_WORD_AT_RE = re.compile(rf" ([{LOWER}][^\W_]*)")
ACRONYM_IN_BRACKETS_RE = re.compile(rf" \(([{UPPER}][{UPPER}\d&\-]{{1,11}})\)")
#: The shape of a Vietnamese syllable, on folded text.
VIETNAMESE_SYLLABLE_RE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?"
    r"(?:[aeiouy]{1,3})(?:ng|nh|ch|[cmnpt])?"
)
_VIETNAMESE_LETTERS = set("ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")
_SENTENCE_BREAK = set(".!?:;\n\"“”'‘’([{…–-•*|/")

#: Lower-case words that end an organisation's name (function words, verbs).
ORG_BREAKERS = frozenset(vkey(w) for w in """
và của là với tại ở cho đã đang sẽ được bị có không này đó từ đến trong ngoài trên dưới sau trước
khi nếu thì mà như cùng về theo để do vì nên các những một hai ba bốn năm người ông bà anh chị
em nói gặp thăm đón tiếp sang tới qua vừa mới cũng còn vẫn đều rất lại ra vào lên xuống làm
thành đi cho biết cho rằng khẳng định cho hay nhằm bằng hay hoặc tham dự dự chủ trì phát biểu
trao tặng nhận ký kết thông báo công bố yêu cầu đề nghị tổ chức triển khai thực hiện kiểm tra
năm tháng ngày tuần giữa bên phía hướng lần thứ số nhiều mọi mỗi tất toàn riêng chính trực đây
ấy nọ kia thế vậy sao gì ai nào đâu bao họ chúng nó mình tôi ta
""".split())
#: Organisation heads whose names go on after "và" (``Bộ Giáo dục và Đào tạo``).
DEPARTMENT_HEADS = frozenset(vkey(w) for w in ("Bộ", "Sở", "Ban", "Vụ", "Cục", "Phòng", "Tổng cục", "Ủy ban", "Uỷ ban", "Viện", "Học viện", "Trường", "Khoa", "Hội", "Hiệp hội", "Trung tâm", "Chi cục", "Bộ trưởng"))
#: Location cues that an organisation's name takes in (``UBND tỉnh Thanh Hóa``).
ADMIN_CUES = frozenset(vkey(w) for w in ("tỉnh", "thành phố", "tp", "huyện", "quận", "thị xã", "thị trấn", "xã", "phường"))


@lru_cache(maxsize=65536)
def is_vietnamese_word(word: str) -> bool:
    """Whether ``word`` is spelled like a Vietnamese syllable (not a foreign name)."""
    lower = word.lower()
    if any(c in _VIETNAMESE_LETTERS for c in lower):
        return True
    return VIETNAMESE_SYLLABLE_RE.fullmatch(fold(lower)) is not None


def _is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _is_mixed_case(word: str) -> bool:
    """Brand-like capitals inside a word: ``BelAZ``, ``VinFast``, ``TikTok``."""
    return any(c.isupper() for c in word[1:]) and any(c.islower() for c in word) and "-" not in word


# --------------------------------------------------------------------------
# Extraction.


@dataclass(slots=True)
class _Candidate:
    """A mention before canonical names are settled; ``kind`` None means type unknown."""

    start: int
    end: int
    kind: str | None
    name: str
    role: str | None = None
    value: str | None = None
    tokens: int = 1
    evidence: bool = True


class _Scanner:
    """Walks the capitalised words of one paragraph and emits candidates."""

    def __init__(self, gaz: Gazetteer, text: str, keyed: str, out: list[_Candidate], acronyms: dict[str, str]):
        self.gaz = gaz
        self.text = text
        self.keyed = keyed
        self.out = out
        self.acronyms = acronyms
        self.seg_start = 0
        self.seg_end = len(text)
        self.replacements: list[tuple[int, int, str]] = []  # known names inside an organisation

    # ---- small helpers ---------------------------------------------------

    def word_at(self, pos: int) -> str:
        m = WORD_RE.match(self.keyed, pos, self.seg_end)
        return m.group() if m else ""

    def cap_at(self, pos: int) -> bool:
        """Whether a capitalised word starts at ``pos``."""
        return pos < self.seg_end and self.text[pos].isupper()

    def is_initial(self, pos: int) -> bool:
        """Whether ``pos`` starts a sentence (or a quotation, a line, a bracket)."""
        i = pos - 1
        while i >= self.seg_start and self.text[i] == " ":
            i -= 1
        return i < self.seg_start or self.text[i] in _SENTENCE_BREAK

    def context(self, pos: int) -> list[str]:
        """Keyed phrases of the 1, 2 and 3 words right before ``pos`` (shortest first),
        as long as only single spaces separate them."""
        if pos <= self.seg_start or self.keyed[pos - 1] != " ":
            return []
        parts = self.keyed[max(self.seg_start, pos - 32) : pos - 1].rsplit(" ", 3)
        if pos - 32 > self.seg_start:
            parts = parts[1:]  # the first part may be cut
        words: list[str] = []
        for part in reversed(parts):
            if not part.isalpha():
                break
            words.insert(0, part)
        return [" ".join(words[-n:]) for n in range(1, len(words) + 1)]

    def context_start(self, pos: int, cue: str) -> int:
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

    def starts_known(self, pos: int, heads: bool = True) -> bool:
        """Whether a role, known name or (if ``heads``) organisation head begins at ``pos``."""
        word = self.word_at(pos)
        gaz = self.gaz
        for lexicon in (gaz.roles, gaz.org_heads, gaz.names) if heads else (gaz.roles, gaz.names):
            if lexicon.starts_with(word) and lexicon.match(self.text, self.keyed, pos, word):
                return True
        return False

    def emit(self, start: int, end: int, kind: str | None, name: str | None = None, **extra) -> None:
        if end <= start:
            return
        surface = self.text[start:end]
        self.out.append(_Candidate(start, end, kind, name or surface, **extra))

    # ---- the scan -------------------------------------------------------

    def scan(self, start: int, end: int) -> None:
        self.seg_start, self.seg_end = start, end
        pos = start
        text = self.text
        for m in CAP_START_RE.finditer(text, start, end):
            s = m.start()
            if s >= pos and not (s > start and text[s - 1].isalnum()):
                pos = max(self.at(s), s + 1)

    def at(self, s: int) -> int:
        """Read whatever entity starts at ``s``; return where scanning resumes."""
        gaz, text, keyed = self.gaz, self.text, self.keyed
        word = self.word_at(s)
        if word not in gaz.first_words and (word in gaz.common or word in gaz.never) and self.is_initial(s):
            return s + len(word)
        if s >= 2 and text[s - 1] == "-" and text[s - 2].isalnum():
            return self.hyphenated_part(s, word)
        role = gaz.roles.match(text, keyed, s, word) if gaz.roles.starts_with(word) else None
        known = gaz.names.match(text, keyed, s, word) if gaz.names.starts_with(word) else None
        head = gaz.org_heads.match(text, keyed, s, word) if gaz.org_heads.starts_with(word) else None
        longest = max(len(role.key) if role else 0, len(known.key) if known else 0, len(head.key) if head else 0)
        if role and len(role.key) == longest:
            return self.after_role(s, s + len(role.key))
        if known and len(known.key) == longest and known.value.startswith("LOC"):
            if self.run_goes_on(s + len(known.key)):
                return self.name_run(s)
            return self.known_name(s, known.key, known.value)
        if head or known:
            return self.organisation(s, before_person=False)
        cue_end = self.capitalised_loc_cue(s) if word in gaz.loc_cue_first_words else 0
        if cue_end:
            return self.location_after_cue(s, cue_end)
        if self.is_initial(s) and (word in gaz.common or word in gaz.never):
            return s + len(word)
        return self.name_run(s)

    def run_goes_on(self, end: int) -> bool:
        """Whether capitalised words that start nothing known follow ``end`` (``Mỹ Đình``
        is a place of its own, not ``Mỹ``)."""
        return self.text.startswith(" ", end) and self.cap_at(end + 1) and not self.starts_known(end + 1)

    def hyphenated_part(self, s: int, word: str) -> int:
        """The part after a hyphen (``Việt Nam-Belarus``, ``BELAZ-HOLDING``): only a known
        name counts on its own."""
        known = self.gaz.names.match(self.text, self.keyed, s, word) if self.gaz.names.starts_with(word) else None
        if known:
            return self.known_name(s, known.key, known.value)
        return s + max(len(word), 1)

    def capitalised_loc_cue(self, s: int) -> int:
        """End of a capitalised location cue (``Tỉnh``, ``Thành phố``) followed by a name."""
        for size in (1, 2):
            m = re.match(r"[^\W_]+(?: [^\W_]+){%d}" % (size - 1), self.keyed[s : s + 24])
            if m and m.group() in self.gaz.loc_span_cues:
                end = s + m.end()
                if self.text[end : end + 1] == " " and self.cap_at(end + 1) and m.group() not in ("nuoc", "dat nuoc"):
                    return end
        return 0

    def location_after_cue(self, cue_start: int, cue_end: int) -> int:
        name_start = cue_end + 1
        end = self.name_end(name_start)
        word = self.word_at(name_start)
        known = self.gaz.names.match(self.text, self.keyed, name_start, word)
        name = self.text[name_start:end]
        if known and known.value.startswith("LOC") and name_start + len(known.key) == end:
            name = known.value.split("\t", 1)[1]
        self.emit(cue_start, end, "LOC", name)
        return end

    def name_end(self, s: int) -> int:
        """End of the run of capitalised words at ``s``: a known name there, else the run
        cut before a title, a known name, or an organisation head that has a name after it."""
        word = self.word_at(s)
        known = self.gaz.names.match(self.text, self.keyed, s, word) if self.gaz.names.starts_with(word) else None
        run_end = self.run_end(s)
        if known and s + len(known.key) >= run_end:
            return s + len(known.key)
        if self.text.find(" ", s, run_end) < 0:
            return run_end
        for tok_start, tok_end in self.tokens(s, run_end)[1:]:
            if self.starts_known(tok_start, heads=tok_end < run_end):
                return tok_start - 1
        return run_end

    def known_name(self, s: int, entry_key: str, value: str) -> int:
        kind, canonical = value.split("\t", 1)
        end = s + len(entry_key)
        start = s
        if kind == "LOC":
            for cue in self.context(s):
                if cue in self.gaz.loc_span_cues:
                    start = self.context_start(s, cue)
        if vkey(canonical) in self.gaz.never:
            return end
        if kind == "LOC" and self.is_initial(s) and " " not in entry_key and entry_key in self.gaz.common:
            return end
        self.emit(start, end, kind, canonical)
        return end

    # ---- people after a title ------------------------------------------

    def after_role(self, role_start: int, role_end: int) -> int:
        """A title: what follows may be its organisation, a place, then the person."""
        text = self.text
        pos = role_end
        while True:
            if text.startswith(", ", pos) and self.cap_at(pos + 2):
                nxt = pos + 2
                word = self.word_at(nxt)
                role = self.gaz.roles.match(text, self.keyed, nxt, word) if self.gaz.roles.starts_with(word) else None
                if role:
                    role_start, pos = nxt, nxt + len(role.key)
                    continue
                return pos
            if not (text.startswith(" ", pos) and self.cap_at(pos + 1)):
                return pos
            nxt = pos + 1
            word = self.word_at(nxt)
            gaz = self.gaz
            role = gaz.roles.match(text, self.keyed, nxt, word) if gaz.roles.starts_with(word) else None
            if role:
                pos = nxt + len(role.key)
                continue
            head = gaz.org_heads.match(text, self.keyed, nxt, word) if gaz.org_heads.starts_with(word) else None
            known = gaz.names.match(text, self.keyed, nxt, word) if gaz.names.starts_with(word) else None
            if head or (known and known.value.startswith("ORG")):
                pos = self.organisation(nxt, before_person=True)
                continue
            if known and known.value.startswith("LOC"):
                pos = self.known_name(nxt, known.key, known.value)
                continue
            end = self.name_end(nxt)
            role_text = text[role_start:nxt].rstrip(" ,")
            if self.keyed[nxt:end] not in gaz.never:
                self.emit(nxt, end, "PER", role=role_text, tokens=text.count(" ", nxt, end) + 1)
            return end

    # ---- organisations ---------------------------------------------------

    def organisation(self, s: int, before_person: bool) -> int:
        """An organisation opened by a head word or a known name; returns its end."""
        gaz, text, keyed = self.gaz, self.text, self.keyed
        word = self.word_at(s)
        known = gaz.names.match(text, keyed, s, word)
        head = gaz.org_heads.match(text, keyed, s, word)
        end = s + max(len(known.key) if known and known.value.startswith("ORG") else 0, len(head.key) if head else 0)
        canonical = known.value.split("\t", 1)[1] if known and known.value.startswith("ORG") and s + len(known.key) == end else None
        named = canonical is not None
        department = head is not None and vkey(head.surface) in DEPARTMENT_HEADS
        self.replacements = []
        plain_tokens: list[tuple[int, int]] = []  # capitalised words taken in as plain words
        after_known = False  # whether those words follow a known name (``Hạ viện Belarus``)
        while True:
            step = self.org_step(end, named, department, before_person)
            if step is None:
                break
            new_end, plain = step
            if plain:
                plain_tokens.append((end + 1, new_end))
            else:
                plain_tokens.clear()
                after_known = True
            end, named, canonical = new_end, True, None
        if before_person and plain_tokens and not (text.startswith(" ", end) and self.cap_at(end + 1)):
            end = self.give_back_person(plain_tokens, after_known, end)
        if not named:
            return end
        name = canonical or _without_company_words(self.canonical_span(s, end))
        if vkey(name) not in gaz.never:
            self.emit(s, end, "ORG", name)
        acronym = ACRONYM_IN_BRACKETS_RE.match(text, end, self.seg_end)
        if acronym and acronym.group(1) not in ("TTXVN",):
            self.acronyms[acronym.group(1)] = name
            self.emit(acronym.start(1), acronym.end(1), "ORG", name)
            return acronym.end()
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

    def org_step(self, end: int, named: bool, department: bool, before_person: bool) -> tuple[int, bool] | None:
        """The next piece of an organisation's name after ``end``, or None when it ends.

        Returns (new end, whether the piece was a plain capitalised word).
        """
        gaz, text, keyed = self.gaz, self.text, self.keyed
        if text.startswith(" ", end) and self.cap_at(end + 1):
            nxt = end + 1
            word = self.word_at(nxt)
            if gaz.roles.starts_with(word) and gaz.roles.match(text, keyed, nxt, word):
                return None
            known = gaz.names.match(text, keyed, nxt, word) if gaz.names.starts_with(word) else None
            if known and known.value.startswith("ORG") and named:
                return None
            if known:
                self.replacements.append((nxt, nxt + len(known.key), known.value.split("\t", 1)[1]))
                return nxt + len(known.key), False
            if gaz.org_heads.starts_with(word) and named and gaz.org_heads.match(text, keyed, nxt, word):
                return None
            if before_person and named and self.looks_like_person(nxt):
                return None
            tok = TOKEN_AT_RE.match(text, nxt, self.seg_end)
            tok_end = tok.end() if tok else nxt
            if tok_end <= nxt:
                return None
            low = LOWER_WORD_AT_RE.match(text, tok_end, self.seg_end)
            if low and is_vietnamese_word(tok.group()) and vkey(low.group(1)) not in ORG_BREAKERS and not self.admin_cue_at(tok_end + 1):
                return low.end(), True
            return tok_end, True
        cue_end = self.admin_cue_at(end + 1) if text.startswith(" ", end) else 0
        if cue_end:
            return self.name_end(cue_end + 1), False
        if not named:
            return self.lower_gap(end)
        if department and text.startswith(" và ", end) and self.cap_at(end + 4) and not self.starts_known(end + 4):
            return self.department_tail(end + 4), False
        return None

    def admin_cue_at(self, pos: int) -> int:
        """End of an administrative cue at ``pos`` (``tỉnh``, ``thành phố``) that a name follows."""
        for size in (2, 1):
            words = self.keyed[pos : pos + 20].split(" ")[:size]
            if len(words) == size and " ".join(words) in ADMIN_CUES:
                cue_end = pos + len(" ".join(words))
                if self.text.startswith(" ", cue_end) and self.cap_at(cue_end + 1):
                    return cue_end
        return 0

    def lower_gap(self, end: int) -> tuple[int, bool] | None:
        """Up to three lower-case words between a head and its name (``Nhà máy máy kéo Minsk``)."""
        pos = end
        for _ in range(3):
            low = LOWER_WORD_AT_RE.match(self.text, pos, self.seg_end)
            if not low or vkey(low.group(1)) in ORG_BREAKERS:
                return None
            pos = low.end()
            if self.text.startswith(" ", pos) and self.cap_at(pos + 1):
                tok = TOKEN_AT_RE.match(self.text, pos + 1, self.seg_end)
                if tok and not self.starts_known_role(pos + 1):
                    return tok.end(), True
        return None

    def starts_known_role(self, pos: int) -> bool:
        word = self.word_at(pos)
        return self.gaz.roles.starts_with(word) and self.gaz.roles.match(self.text, self.keyed, pos, word) is not None

    def department_tail(self, pos: int) -> int:
        """The words after "và" in a department's name: one capitalised word and its syllables."""
        tok = TOKEN_AT_RE.match(self.text, pos, self.seg_end)
        end = tok.end() if tok else pos
        low = LOWER_WORD_AT_RE.match(self.text, end, self.seg_end)
        if low and vkey(low.group(1)) not in ORG_BREAKERS:
            end = low.end()
        return end

    def looks_like_person(self, pos: int) -> bool:
        """A Vietnamese name (family name + 1-4 syllables) up to the end of the run."""
        run_end = self.run_end(pos)
        toks = self.tokens(pos, run_end)
        words = [self.text[a:b] for a, b in toks]
        return (
            2 <= len(words) <= 5
            and vkey(words[0]) in self.gaz.surnames
            and all(is_vietnamese_word(w) for w in words)
        )

    def give_back_person(self, plain: list[tuple[int, int]], after_known: bool, end: int) -> int:
        """When a title's organisation swallowed the name after it, hand the name back:
        all the plain words after a known name, else the last two of three or more."""
        if after_known:
            return plain[0][0] - 1
        if len(plain) >= 3:
            return plain[-2][0] - 1
        return end

    # ---- bare names ------------------------------------------------------

    def name_run(self, s: int) -> int:
        """A run of capitalised words without a title, head or gazetteer entry."""
        gaz, text = self.gaz, self.text
        end = self.name_end(s)
        if end <= s:
            return s + 1
        surface = text[s:end]
        words = surface.split(" ")
        if self.keyed[s:end] in gaz.never:
            return end
        context = self.context(s)
        for cue in context:
            if cue in gaz.person_cues:
                self.emit(s, end, "PER", tokens=len(words))
                return end
            if cue in gaz.loc_span_cues:
                self.emit(self.context_start(s, cue), end, "LOC", surface, tokens=len(words))
                return end
            if cue in gaz.org_cues:
                self.emit(s, end, "ORG", tokens=len(words))
                return end
        vietnamese = all(is_vietnamese_word(w) for w in words)
        if vietnamese and 2 <= len(words) <= 5 and self.keyed[s : s + len(words[0])] in gaz.surnames:
            self.emit(s, end, "PER", tokens=len(words))
            return end
        if any(cue in gaz.loc_cues for cue in context[:2]) and not (len(words) == 1 and vietnamese):
            self.emit(s, end, "LOC", tokens=len(words))
            return end
        if len(words) == 1 and (_is_acronym(surface) or _is_mixed_case(surface)):
            if not (self.is_initial(s) and vietnamese and surface.isupper() and len(surface) > 5):
                self.emit(s, end, "ORG", tokens=1, evidence=False)
            return end
        if self.is_initial(s) and vietnamese and self.keyed[s : s + len(words[0])] in gaz.common:
            return s + len(words[0])
        self.emit(s, end, None, tokens=len(words), evidence=False)
        return end


#: Legal-form words dropped from a company's canonical name (``Công ty New Atlantic
#: International Trading`` is ``New Atlantic International Trading``).
COMPANY_WORDS_RE = re.compile(
    r"^(?:(?:Tổng )?[Cc]ông ty|Cty|CTCP|Tập đoàn|Hãng)"
    r"(?: (?:[Cc]ổ phần|CP|TNHH(?: MTV)?|[Tt]rách nhiệm hữu hạn(?: một thành viên)?))? (?=\S)"
)


def _without_company_words(name: str) -> str:
    stripped = COMPANY_WORDS_RE.sub("", name)
    return stripped if stripped and stripped[0].isupper() else name


class EntityExtractor:
    """Finds the entities of an article.  Build once, reuse for many articles.

    ``extra`` adds names to the gazetteers per type (``{"PER": [...], "ORG": [...],
    "LOC": [...]}``); ``never`` lists names that are never reported.
    """

    def __init__(self, extra: dict[str, list[str]] | None = None, never: Iterable[str] = ()) -> None:
        self.gazetteer = load_gazetteer(extra, never)

    def extract(self, article: Article) -> list[Mention]:
        """Mentions of ``article`` sorted by start, with canonical names merged per article."""
        text = article.text
        keyed = vkey(text)
        candidates: list[_Candidate] = []
        acronyms: dict[str, str] = {}
        scanner = _Scanner(self.gazetteer, text, keyed, candidates, acronyms)
        for start, end in _scan_ranges(article):
            scanner.scan(start, end)
        year = _article_year(article)
        for date in find_dates(text, year):
            candidates.append(_Candidate(date.start, date.end, "DATE", date.text, value=date.value))
        resolved = _resolve(candidates, acronyms, self.gazetteer)
        related = article.related_start
        skipped = _skipped_ranges(article)
        mentions = []
        for c in resolved:
            if any(a <= c.start < b for a, b in skipped):
                continue
            block = "related" if related is not None and c.start >= related else "main"
            mentions.append(Mention(c.start, c.end, c.kind or "", text[c.start : c.end], c.name, c.role, block, c.value))
        mentions.sort(key=lambda m: (m.start, -m.end))
        return _drop_overlaps(mentions)


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


def _drop_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Keep the first (longest at equal start) of overlapping mentions."""
    kept: list[Mention] = []
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


def _last_word(name: str) -> str:
    return _fold_name(name.rsplit(" ", 1)[-1])


def _resolve(candidates: list[_Candidate], acronyms: dict[str, str], gaz: Gazetteer) -> list[_Candidate]:
    """Settle types and canonical names: aliases, initials, acronyms, case variants."""
    typed = [c for c in candidates if c.kind and c.kind != "DATE"]
    full_people: dict[str, str] = {}
    ambiguous: set[str] = set()
    for c in typed:
        if c.kind == "PER" and " " in c.name and not re.match(r"\w\. ", c.name):
            last = _last_word(c.name)
            if last in full_people and _fold_name(full_people[last]) != _fold_name(c.name):
                ambiguous.add(last)
            full_people.setdefault(last, c.name)
    for key in ambiguous:
        full_people.pop(key, None)
    known_types: dict[str, tuple[str, str]] = {}
    for c in typed:
        known_types.setdefault(_fold_name(c.name), (c.kind, c.name))
    for acronym, expansion in acronyms.items():
        known_types[_fold_name(acronym)] = ("ORG", expansion)
    result: list[_Candidate] = []
    for c in candidates:
        if c.kind == "DATE":
            result.append(c)
            continue
        key = _fold_name(c.name)
        if c.kind == "PER" and re.match(r"\w\. ", c.name) and _last_word(c.name) in full_people:
            full = full_people[_last_word(c.name)]
            if _fold_name(full)[0] == key[0]:
                c.name = full
        elif c.kind in (None, "PER") and c.tokens == 1 and key in full_people:
            c.kind, c.name = "PER", full_people[key]
        elif key in known_types and (c.kind is None or c.kind == known_types[key][0]):
            c.kind, c.name = known_types[key]
        if c.kind is None:
            c.kind = _default_type(c)
            if c.kind is None:
                continue
        if _key_name(c.name) in gaz.never:
            continue
        result.append(c)
    _merge_case_variants(result)
    return result


def _default_type(c: _Candidate) -> str | None:
    """Type of a capitalised run with no evidence at all: foreign multi-word names are
    mostly people; anything else is too uncertain to list."""
    words = c.name.split(" ")
    if len(words) >= 2 and not all(is_vietnamese_word(w) for w in words):
        return "PER"
    return None


def _merge_case_variants(candidates: list[_Candidate]) -> None:
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
    """The key of an entity: its type and folded canonical name."""
    return f"{kind}:{fold(name)}"


@dataclass(slots=True)
class _Stats:
    names: Counter
    roles: Counter
    aliases: Counter
    docs: dict[int, int]


class EntityIndex:
    """Entities of a corpus: per document (for the reader) and per entity (for the table).

    Documents are numbered by their position in the corpus list, so the index
    can be built in batches as articles load (:meth:`add`).
    """

    def __init__(self, extractor: EntityExtractor | None = None) -> None:
        self.extractor = extractor or EntityExtractor()
        self._mentions: dict[int, list[Mention]] = {}
        self._stats: dict[str, _Stats] = {}
        self._redirect: dict[str, str] = {}
        self._cache: dict[str, Entity] | None = None

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
        """Index mentions already extracted for document ``doc`` (e.g. read from a cache)."""
        self._mentions[doc] = mentions
        self._cache = None
        for m in mentions:
            if m.block != "main":
                continue
            key = self._canonical_key(entity_key(m.type, m.name))
            stats = self._stats.get(key)
            if stats is None:
                stats = self._stats[key] = _Stats(Counter(), Counter(), Counter(), {})
            stats.names[m.name] += 1
            stats.aliases[" ".join(m.text.split())] += 1
            if m.role:
                stats.roles[m.role] += 1
            stats.docs[doc] = stats.docs.get(doc, 0) + 1
        for m in mentions:
            if m.type == "ORG" and m.block == "main" and _is_acronym(m.text) and fold(m.text) != fold(m.name):
                self._merge(entity_key("ORG", m.text), entity_key("ORG", m.name))

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
        source = self._stats.pop(alias_key, None)
        if source is None:
            return
        target = self._stats.setdefault(target_key, _Stats(Counter(), Counter(), Counter(), {}))
        target.aliases.update(source.aliases)
        target.roles.update(source.roles)
        for doc, count in source.docs.items():
            target.docs[doc] = target.docs.get(doc, 0) + count
        if not target.names:
            target.names.update(source.names)

    def _entities(self) -> dict[str, Entity]:
        if self._cache is None:
            self._cache = {key: self._entity(key, stats) for key, stats in self._stats.items()}
        return self._cache

    @staticmethod
    def _entity(key: str, stats: _Stats) -> Entity:
        name = stats.names.most_common(1)[0][0] if stats.names else key.split(":", 1)[1]
        return Entity(
            key=key,
            name=name,
            type=key.split(":", 1)[0],
            roles=[role for role, _ in stats.roles.most_common()],
            aliases=[alias for alias, _ in stats.aliases.most_common() if alias != name],
            doc_count=len(stats.docs),
            mention_count=sum(stats.docs.values()),
        )

    def entities(self, type: str | None = None) -> list[Entity]:
        """The corpus table: most frequent first (articles, then mentions, then name)."""
        found = [e for e in self._entities().values() if type is None or e.type == type]
        found.sort(key=lambda e: (-e.doc_count, -e.mention_count, e.name))
        return found

    def mentions_of(self, doc: int) -> list[Mention]:
        return self._mentions.get(doc, [])

    def entities_of(self, doc: int, block: str = "main") -> list[tuple[Entity, int]]:
        """Entities of one document with their mention counts there, most mentioned first."""
        counts: Counter[str] = Counter()
        for m in self._mentions.get(doc, []):
            if m.block == block:
                counts[self._canonical_key(entity_key(m.type, m.name))] += 1
        entities = self._entities()
        pairs = []
        for key, count in counts.most_common():
            entity = entities.get(key) or self._entity(key, _Stats(Counter([self._name_in(doc, key)]), Counter(), Counter(), {}))
            pairs.append((entity, count))
        return pairs

    def _name_in(self, doc: int, key: str) -> str:
        for m in self._mentions.get(doc, []):
            if self._canonical_key(entity_key(m.type, m.name)) == key:
                return m.name
        return key.split(":", 1)[1]

    def docs_with(self, key: str) -> list[int]:
        stats = self._stats.get(self._canonical_key(key))
        return sorted(stats.docs) if stats else []

    def get(self, key: str) -> Entity | None:
        return self._entities().get(self._canonical_key(key))

    def __len__(self) -> int:
        return len(self._stats)
