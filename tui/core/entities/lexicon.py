"""What the rules read words with: character classes, patterns, cue sets and word predicates.

All lookups are made on *keyed* text (:func:`.gazetteer.vkey`: lower case,
diacritics kept), which has the same offsets as the text.

Module constants of the rules (here and in the rule families) are ``Final``: the
compiled copy (``hatch_build.py``) reads a ``Final`` name from a C static, where it
looks any other global up in the module's dict at every use.
"""

from __future__ import annotations

from typing import Final

import re
import unicodedata

from ..text import fold
from .gazetteer import vkey

#: The letters the patterns' classes of capitals and lower-case letters hold: Latin (Vietnamese
#: included), Greek and Cyrillic.
_LETTER_RANGES: Final = (range(0x41, 0x250), range(0x370, 0x530), range(0x1E00, 0x1F00))


def _chars(predicate) -> str:
    return "".join(re.escape(chr(cp)) for r in _LETTER_RANGES for cp in r if predicate(chr(cp)))


UPPER: Final = _chars(str.isupper)
LOWER: Final = _chars(str.islower)
#: The letters of ``LOWER``, to test one character without a pattern.
LOWER_LETTERS: Final = frozenset(chr(cp) for r in _LETTER_RANGES for cp in r if chr(cp).islower())
#: Letters an initial is written with: no tone mark (``A.``, ``Đ.``, ``Ư.``). A capital with
#: one before a full stop ends a sentence (``châu Á. Với``, ``Đông Nam Á. Theo``).
INITIALS: Final = "".join(c for c in UPPER if len(unicodedata.normalize("NFD", c)) == 1 or c in "ÂĂÊÔƠƯ")

#: A word that starts with a capital letter (whether it begins a word, not the middle
#: of one, is checked by the caller: a pattern that starts with a plain character
#: class scans much faster than one with a look-behind).
CAP_WORD_RE: Final = re.compile(rf"[{UPPER}][^\W_]*")
#: One word of a name: letters/digits, joined by ``-`` or ``&`` (``Á-Âu``,
#: ``GD&ĐT``), or by a dot before a capital (``TP.HCM``, ``N.V.Đ``); or an
#: initial (``A.``).
_TOKEN: Final = (
    rf"(?:(?:[{INITIALS}]|TP|Tp|St|Mr|Mrs|Ms|Dr)\.(?= [{UPPER}])"
    rf"|[^\W_]+(?:(?:[-&]|\.(?=[{UPPER}]))[^\W_]+)*)"
)
#: Lower-case particles inside foreign names (``Salto del Pastor``, ``van Gaal``), up to two
#: in a row (``von der Leyen``).
_PARTICLE: Final = r"(?:de|del|della|da|dos|das|van|von|der|den|di|du|le|la|of|the|and|for|bin|al)"
#: The words of ``_PARTICLE``, to test a word without a pattern.
PARTICLES: Final = frozenset(_PARTICLE[3:-1].split("|"))
#: Their first letters: ``PARTICLE_AT_RE`` can match only where one follows the space.
PARTICLE_INITIALS: Final = frozenset(word[0] for word in PARTICLES)
#: The letters of ``UPPER``, to test one character without a pattern.
UPPER_LETTERS: Final = frozenset(chr(cp) for r in _LETTER_RANGES for cp in r if chr(cp).isupper())
TOKEN_AT_RE: Final = re.compile(_TOKEN)
PARTICLE_AT_RE: Final = re.compile(rf" (?:{_PARTICLE} ){{1,2}}(?=[{UPPER}])")
#: A run of capitalised words separated by single spaces.
RUN_RE: Final = re.compile(rf"{_TOKEN}(?: (?:{_PARTICLE} ){{0,2}}(?=[{UPPER}]){_TOKEN})*")
WORD_RE: Final = re.compile(r"[^\W_]+")
LOWER_WORD_AT_RE: Final = re.compile(rf" ([{LOWER}][^\W_]*)")
#: Up to three words separated by single spaces (on keyed text).
LOWER_WORDS_RE: Final = re.compile(r"[^\W_]+(?: [^\W_]+){0,2}")
NUMBER_AT_RE: Final = re.compile(r" \d{1,4}(?=[\s,.;:)]|$)(?! ?[^\W\d_])")
ACRONYM_IN_BRACKETS_RE: Final = re.compile(rf" \( ?([{UPPER}][{UPPER}\d&\-]{{1,11}}) ?\)")
#: Verbs of saying after a name make it a person (``Trung nói``, ``Mourinho cho biết``).
SPEECH_AFTER_RE: Final = re.compile(
    r" (?:(?:cũng|đã|vẫn|còn|thì|liền|lại|từng|mới|vừa) )?"
    r"(?:nói|cho biết|chia sẻ|kể|tâm sự|cho hay|bày tỏ|khẳng định|nhấn mạnh|giải thích|thừa nhận|nhớ lại|"
    r"trả lời|hỏi|cười|cho rằng|tiết lộ|thổ lộ|bộc bạch|phát biểu|nhận định|tuyên bố|viết|lý giải|"
    r"kể lại|nói thêm|trần tình|khoe|bật khóc|than|thú nhận|xác nhận|cảm thấy|mong muốn|quyết định)(?!\w)"
)
#: Auxiliaries after a name that make it the subject of a verb (``Thành đang bị tạm giữ``,
#: ``Văn Toàn đã ghi bàn``): for a Vietnamese name with no other evidence, a person.
SUBJECT_AFTER_RE: Final = re.compile(r" (?:đã|đang|sẽ|vẫn|từng|vừa|liền|bèn)(?= [^\W\d_])")
#: An age group before a country's name (``U20 Venezuela``, ``U.23 Việt Nam``): the country
#: is named for its team, as a place (the national team's convention).
AGE_TEAM_RE: Final = re.compile(r"U\.?\d{2}(?= [^\W\d_])")
#: A capitalised time word and a number inside a run of capitalised words: the next sentence,
#: run into the last one without a stop (``Ảnh: Internet Ngày 25/5, …``, ``… Lê Văn A Sáng 3/4``);
#: or a day, month said in words (``Ảnh: Ngọc Thành Ngày mai …``, ``… Hôm qua, …``).
TIME_OPENS_SENTENCE_RE: Final = re.compile(
    r"(?<= )(?:(?:Ngày|Tháng|Năm|Sáng|Chiều|Tối|Trưa|Đêm|Rạng sáng|Hôm) \d|(?:Ngày|Hôm) (?:mai|qua|nay|kia)\b|Tháng (?:trước|này|sau)\b)"
)
#: The words that open a match of :data:`TIME_OPENS_SENTENCE_RE`: a name's words are looked up
#: first, and the pattern searched only where one of them stands (most names hold none).
TIME_OPENS_SENTENCE_WORDS: Final = frozenset(("Ngày", "Tháng", "Năm", "Sáng", "Chiều", "Tối", "Trưa", "Đêm", "Rạng", "Hôm"))
#: The middle names that open a Vietnamese given name used alone (``Văn Toàn``, ``Thế Cường``,
#: ``Công Phượng``): two syllables after one of them, with no other evidence, are a person.
MIDDLE_NAMES: Final = frozenset(vkey(w) for w in "Văn Thị Công Quang Thế Hữu Đức Xuân Tiến Duy Trọng Đình Mạnh Ngọc Hồng Bảo".split())
#: A line of names only: a byline.
#: An age in brackets after a name: ``Ngọc Linh (25 tuổi, Hà Nội)``.
#: Or where a person stands in a photo: ``Xuân Trường (trái)``, ``(áo đỏ)``, ``(thứ hai từ phải sang)``.
AGE_AFTER_RE: Final = re.compile(
    r" ?\( ?(?:\d{1,3} tuổi|SN \d{4}|sinh năm \d{4}"
    r"|(?:bên |ngoài cùng bên |đứng )?(?:trái|phải|giữa)\)|áo (?:số \d{1,2}|[^\W\d_]+)\)|thứ \w+ từ (?:trái|phải) sang\))"
)
#: First words of SPEECH_AFTER_RE, for a quick check before the full pattern.
SPEECH_FIRST_WORDS: Final = frozenset(
    re.findall(r"[^\W\d_]+", SPEECH_AFTER_RE.pattern.split("(?!")[0].replace("?:", " "))
)
#: A photo credit: the name after it is a person (or an agency, if an acronym).
#: The shape of a Vietnamese syllable, on folded text.
VIETNAMESE_SYLLABLE_RE: Final = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?"
    r"(?:[aeiouy]{1,3})(?:ng|nh|ch|[cmnpt])?"
)
_VIETNAMESE_LETTERS: Final = set("ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")
_ACCENTED_VOWELS: Final = _VIETNAMESE_LETTERS - {"đ"}
_OPENING_PUNCTUATION: Final = "([{\"'“‘«-–,;:"
_SENTENCE_BREAK: Final = set(".!?:;\n\"“”'‘’([{…–-•*|/")

#: Lower-case words that end an organisation's name (function words, verbs).
ORG_BREAKERS: Final = frozenset(vkey(w) for w in """
và của là với tại ở cho đã đang sẽ được bị có không này đó từ đến trong ngoài trên dưới sau trước
khi nếu thì mà như cùng về theo để do vì nên các những một hai ba bốn năm người ông bà anh chị
em nói gặp thăm đón tiếp sang tới qua vừa mới cũng còn vẫn đều rất lại ra vào lên xuống làm
đi biết rằng hay nhằm bằng hoặc nhận năm tháng ngày tuần giữa bên phía lần thứ số nhiều mọi
mỗi tất riêng đây ấy nọ kia thế vậy sao gì ai nào đâu bao họ chúng nó mình tôi ta
""".split())
#: Function words: never inside a name, even in a common pair (``Hàng không`` may be).
FUNCTION_WORDS: Final = frozenset(vkey(w) for w in "và của là với tại ở cho đã đang sẽ được bị có này đó từ đến trong khi nếu thì mà như để do vì nên các những một".split())
#: Heads that may have lower-case words before their name (``Nhà máy máy kéo Minsk``,
#: ``Công ty cổ phần Sữa Việt Nam``, ``Ủy ban nhân dân tỉnh Cao Bằng``).
GAP_HEADS: Final = frozenset(
    vkey(w) for w in ("Lực lượng", "Nhà máy", "Công ty", "Tổng công ty", "Tập đoàn", "Ngân hàng", "Trường", "Bệnh viện", "Ủy ban", "Ủy ban nhân dân", "Hội đồng nhân dân", "Xí nghiệp", "Hợp tác xã", "Viện", "Học viện", "Trung tâm", "Hội", "Hiệp hội", "Quỹ", "Cục", "Tổng cục", "Sở", "Phòng", "Ban", "Bộ")
)
#: Organisation heads whose names go on after "và" (``Bộ Giáo dục và Đào tạo``).
DEPARTMENT_HEADS: Final = frozenset(
    vkey(w) for w in ("Bộ", "Sở", "Ban", "Vụ", "Cục", "Phòng", "Tổng cục", "Ủy ban", "Viện", "Học viện", "Trường", "Khoa", "Hội", "Hiệp hội", "Trung tâm", "Chi cục", "Hội đồng")
)
#: Words for people that a one-word place name after them turns into a given name.
PRONOUN_CUES: Final = frozenset(vkey(w) for w in "anh chị em cô chú bác ông bà bé cháu cụ thầy vợ chồng ngài".split())
#: Heads of units that name their parent organisation after them
#: (``Phòng Cảnh sát hình sự Công an tỉnh X``, ``Cơ quan CSĐT Công an tỉnh Đồng Nai``).
SUBUNIT_HEADS: Final = frozenset(
    vkey(w) for w in ("Cơ quan", "Cơ quan Cảnh sát điều tra", "Phòng", "Phòng Cảnh sát", "Đội", "Chi cục", "Văn phòng", "Khoa", "Ban", "Ban Quản lý", "Ban Chỉ huy", "Trạm", "Đồn", "Trại", "Chi nhánh", "Ban Tuyên giáo", "Ban Tổ chức", "Ủy ban Kiểm tra")
)
#: Prepositions that only weakly point to a place ("một cú tát từ Pau Torres").
WEAK_PLACE_CUES: Final = frozenset(vkey(w) for w in "từ đến tới về qua sang".split())
#: A ward or district written with its number (``quận 1``, ``Phường 7``, ``ấp 3``): a place.
NUMBERED_PLACE_RE: Final = re.compile(r"(?:[Qq]uận|[Pp]hường|[Ấấ]p|[Kk]hu phố|[Tt]ổ dân phố) \d{1,2}(?![\d/.,:]\d|[^\W\d_])")
#: The letters ``NUMBERED_PLACE_RE`` can open with, to try it only where one stands.
NUMBERED_PLACE_INITIALS: Final = frozenset("QqPpẤấKkTt")
#: Location cues that an organisation's name takes in (``UBND tỉnh Thanh Hóa``).
ADMIN_CUES: Final = frozenset(vkey(w) for w in ("tỉnh", "thành phố", "tp", "tp.", "huyện", "quận", "thị xã", "thị trấn", "xã", "phường"))


#: How many words each memo of word predicates holds before it starts again. The memos are
#: plain dicts, not ``functools.lru_cache``: the compiled rules look a word up in one C call,
#: where a cache wrapper costs a Python call (and a key tuple) every time.  Nine memos of names
#: and words fill up over a real corpus, in the entity process and in the explorer (which finds
#: some batches' entities itself): at 65,536 entries each they held ~78 MB and took the cold
#: explorer's peak to 3.0x its text; most of what they save is the same names within an article
#: and the commonest ones across articles, which 16,384 entries keep.
MEMO_SIZE: Final = 16384
_WORD_KEYS: Final[dict[str, str]] = {}
_VIETNAMESE_WORDS: Final[dict[str, bool]] = {}


def word_key(word: str) -> str:
    """:func:`vkey` of a short string, remembered (the same words come back all the time)."""
    key = _WORD_KEYS.get(word)
    if key is None:
        if len(_WORD_KEYS) >= MEMO_SIZE:
            _WORD_KEYS.clear()
        key = _WORD_KEYS[word] = vkey(word)
    return key


def is_vietnamese_word(word: str) -> bool:
    """Whether ``word`` is spelled like a Vietnamese syllable (not a foreign name)."""
    answer = _VIETNAMESE_WORDS.get(word)
    if answer is None:
        if len(_VIETNAMESE_WORDS) >= MEMO_SIZE:
            _VIETNAMESE_WORDS.clear()
        answer = _VIETNAMESE_WORDS[word] = _spelled_vietnamese(word)
    return answer


def _spelled_vietnamese(word: str) -> bool:
    lower = word.lower()
    if any(c in _VIETNAMESE_LETTERS for c in lower):
        return True
    return VIETNAMESE_SYLLABLE_RE.fullmatch(fold(lower)) is not None


def lower_word_end(text: str, pos: int, stop: int) -> int:
    """Where the lower-case word after the space at ``pos`` ends, before ``stop``; -1 if none
    stands there.  The end of ``LOWER_WORD_AT_RE.match(text, pos, stop)`` (its word is
    ``text[pos + 1 : end]``), read without the pattern: a match is a Python call in the compiled
    rules, where one ``find`` of the space after the word and a slice's ``isalnum`` read most
    words (``[^\\W_]`` is what ``str.isalnum`` says of a character)."""
    stop = min(stop, len(text))
    if pos < 0:
        pos = 0  # (as the pattern reads a position before the text)
    if pos + 1 >= stop or text[pos] != " " or text[pos + 1] not in LOWER_LETTERS:
        return -1
    space = text.find(" ", pos + 2, stop)
    end = stop if space < 0 else space
    if text[pos + 2 : end].isalnum():
        return end
    end = pos + 2  # (punctuation, or a one-letter word: read to the first character no word holds)
    while end < stop and text[end].isalnum():
        end += 1
    return end


def is_mixed_case(word: str) -> bool:
    """Brand-like capitals inside a word: ``BelAZ``, ``VinFast``, ``TikTok``."""
    return (
        any(c.isupper() for c in word[1:])
        and any(c.islower() for c in word)
        and "-" not in word
        and "." not in word
        and not any(c.isdigit() for c in word)
    )
