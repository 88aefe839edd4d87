"""Text hygiene and diacritic folding for Vietnamese.

Everything that enters the index, the entity extractor or the screen passes
through here first, so that every other module can assume clean NFC text.

Folding maps each character of an NFC string to exactly one character
(lower case, no diacritics, đ→d).  Because the mapping is 1:1, an offset found
in folded text is the offset of the same character in the original, which is
what lets a match typed without diacritics highlight the exact original
characters.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from ._fold_table import FOLDED, FOLDS_TO
from .problems import worded

__all__ = [
    "DecodeResult",
    "clean_text",
    "decode_bytes",
    "fold",
    "fold_char",
    "TOKEN_RE",
    "CLAUSE_BREAK_RE",
    "CLAUSE_TOKEN_RE",
    "clause_tokens",
]

#: Characters dropped by :func:`clean_text`: zero-width space / non-joiner /
#: joiner, word joiner, BOM / zero-width no-break space, soft hyphen.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
#: Dropped (invisible) or replaced by a plain space (no-break spaces); one regex
#: pass finds them, so clean text costs a single scan.
_HYGIENE_RE = re.compile("[\r" + _INVISIBLE + "\u00a0\u202f\ud800-\udfff]")
_HYGIENE_REPLACEMENTS = {c: "" for c in _INVISIBLE} | {"\u00a0": " ", "\u202f": " "}
#: A lone surrogate (JSON's ``"\ud800"``, a file name's undecodable byte) is not a
#: character: it cannot be written as UTF-8 anywhere (cache, screen, pipe).
SURROGATE_RE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"

#: A token is a run of letters and digits (syllables of Vietnamese are space
#: separated; punctuation and hyphens split tokens).  A word character is what
#: ``str.isalnum`` says: a combining mark is not one (text is NFC by then, see
#: :func:`clean_text`, so marks stand on their own only where no letter takes them).
TOKEN_RE = re.compile(r"[^\W_]+")

#: Marks that always end a clause: a phrase never runs across them.  Hyphens and en
#: dashes do not: in Vietnamese news they join the parts of one name or pair
#: (``Bà Rịa - Vũng Tàu``, ``Bộ Lao động – Thương binh và Xã hội``, ``Nga – Ukraine``);
#: the em dash sets off an aside.
_ALWAYS_BREAKS = ';!?…—()\\[\\]{}“”«»"\n'
#: Marks that end a clause unless a word character follows at once: ``1.000``,
#: ``2,5``, ``10:30``, ``TP.HCM``, ``dantri.com.vn`` and ``O'Neill`` stay whole.
_INNER_BREAKS = ".,:'‘’"
#: One break mark (an inner mark only when no word character follows), as a single
#: character class first: the regex engine then rejects other characters fastest.
_BREAK = rf"[{_ALWAYS_BREAKS}{_INNER_BREAKS}](?:(?<=[{_ALWAYS_BREAKS}])|(?![^\W_]))"
_BREAK_RUN = rf"{_BREAK}(?:\s*{_BREAK})*"
#: What the index reads: each token (group 1), and each clause break — a run of
#: break marks and the white space between them, found as an empty string (group 1
#: takes no part).  :data:`TOKEN_RE`'s tokens, in the same order, with the breaks
#: between them.  The spaces before a match are part of it (a third less time than
#: failing a search at each space).
CLAUSE_TOKEN_RE = re.compile(rf" *(?:([^\W_]+)|{_BREAK_RUN})")
#: A clause break alone (where the highlighter cuts phrases as the index does).
CLAUSE_BREAK_RE = re.compile(_BREAK_RUN)
#: What :data:`CLAUSE_TOKEN_RE` finds for a clause break.
CLAUSE_BREAK = ""


def clause_tokens(text: str) -> list[str]:
    """The tokens of ``text`` with :data:`CLAUSE_BREAK` where a clause ends between two
    of them (the index records each, so no phrase straddles a comma, a full stop, a
    bracket, a quote or a line break)."""
    return CLAUSE_TOKEN_RE.findall(text)


def _build_fold_table() -> dict[int, str]:
    """Map every cased or accented letter to its bare lower-case base letter.

    Only characters whose folded form is a single character are mapped, so
    ``len(fold(s)) == len(s)`` always holds.
    """
    table: dict[int, str] = {}
    normalize, combining = unicodedata.normalize, unicodedata.combining
    for cp in list(range(0x41, 0x5B)) + list(range(0xC0, 0x2000)):  # 0x1E00-0x1EFF (Vietnamese) included
        char = chr(cp)
        decomposed = normalize("NFD", char)
        if len(decomposed) == 1 and not combining(decomposed):  # most characters: no marks to strip
            base = decomposed
        else:
            base = "".join(c for c in decomposed if not combining(c))
        folded = base.lower() if base else char
        if len(folded) == 1 and folded != char:
            table[cp] = folded
    for char in "đĐƉɖ":
        table[ord(char)] = "d"
    return table


#: What :func:`_build_fold_table` makes, read from its written-out copy (checked equal by tests/test_folding.py).
_FOLD_TABLE: dict[int, str] = dict(zip(map(ord, FOLDED), FOLDS_TO))


def fold(text: str) -> str:
    """Lower-case ``text`` and strip its diacritics, keeping offsets 1:1."""
    return text.translate(_FOLD_TABLE)


def fold_char(char: str) -> str:
    """Fold one character (see :func:`fold`)."""
    return _FOLD_TABLE.get(ord(char), char)


#: What :data:`_HYGIENE_RE` finds, but the lone surrogates.
_HYGIENE_CHARS = "\r" + _INVISIBLE + "\u00a0\u202f"


def needs_hygiene(text: str) -> bool:
    """Whether :data:`_HYGIENE_RE` finds something in ``text``: each of its characters
    looked for in turn (``in`` runs at memory speed for one character), a lone surrogate
    found by the UTF-16 encoder's refusal of one (a copy at memory speed too): a third of
    the time of the regex's test of its character class at each character."""
    for char in _HYGIENE_CHARS:
        if char in text:
            return True
    if text.isascii():
        return False
    try:
        text.encode("utf-16-le")
    except UnicodeEncodeError:
        return True
    return False


def clean_text(text: str) -> str:
    """Normalise text as every module expects it: NFC, LF line ends, no invisibles,
    no lone surrogates (each becomes U+FFFD).

    Most text is clean already; the quick checks keep that case to C-level scans.
    """
    if needs_hygiene(text):
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        text = _HYGIENE_RE.sub(lambda m: _HYGIENE_REPLACEMENTS.get(m.group(), REPLACEMENT), text)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def replace_surrogates(text: str) -> tuple[str, int]:
    """``text`` with every lone surrogate replaced by U+FFFD, and how many there were."""
    count = len(SURROGATE_RE.findall(text))
    return (SURROGATE_RE.sub(REPLACEMENT, text), count) if count else (text, 0)


def display_name(name: str) -> str:
    """A file name as it can be shown and stored: Python keeps the bytes of a name
    that is not valid UTF-8 (Latin-1, TCVN3 names on old servers) as lone surrogates;
    each such byte is written ``\\xNN`` instead, as ``ls -b`` does, so the name
    stays distinct and readable."""
    if not SURROGATE_RE.search(name):
        return name
    return SURROGATE_RE.sub(_escape_surrogate, name)


def _escape_surrogate(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else REPLACEMENT


class DecodeResult:
    """Decoded text plus how it was decoded: ``problem``, a code of :mod:`tui.core.problems`
    and its values (``None`` when plain UTF-8), and ``note``, its English words."""

    __slots__ = ("text", "problem")

    def __init__(self, text: str, problem: tuple[str, dict[str, Any]] | None = None) -> None:
        self.text = text
        self.problem = problem

    @property
    def note(self) -> str | None:
        return worded(*self.problem) if self.problem else None


class UndecodableError(ValueError):
    """Raised for bytes that are not text in any encoding we accept; ``code`` and ``values``
    say why (:mod:`tui.core.problems`), its message in English."""

    def __init__(self, code: str, **values: Any) -> None:
        super().__init__(worded(code, values))
        self.code, self.values = code, values


_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig", None),
    (b"\xff\xfe", "utf-16", ("decoded.utf16", {})),
    (b"\xfe\xff", "utf-16", ("decoded.utf16", {})),
)


def _looks_utf16_without_bom(data: bytes) -> str | None:
    """Guess the byte order of BOM-less UTF-16 from where its NUL bytes sit."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_nuls > half * 0.3 and even_nuls < half * 0.05:
        return "utf-16-le"
    if even_nuls > half * 0.3 and odd_nuls < half * 0.05:
        return "utf-16-be"
    return None


def _utf8_with_replacements(data: bytes) -> tuple[str, int, int]:
    """(text with invalid bytes replaced, number of invalid byte runs, number of valid
    multi-byte characters)."""
    text = data.decode("utf-8", errors="replace")
    return text, text.count("\ufffd"), sum(1 for c in text if "\u0080" <= c != "\ufffd")


def decode_bytes(data: bytes) -> DecodeResult:
    """Decode file contents: UTF-8 (±BOM), UTF-16, or legacy Windows-1258.

    Raises :class:`UndecodableError` for binary data.  The returned text is not
    yet cleaned; pass it through :func:`clean_text`.
    """
    for bom, codec, note in _BOMS:
        if data.startswith(bom):
            try:
                return DecodeResult(data.decode(codec), note)
            except UnicodeDecodeError as exc:
                raise UndecodableError("undecodable.codec", codec=codec.upper(), reason=exc.reason) from None
    utf16 = _looks_utf16_without_bom(data)
    if utf16:
        try:
            text = data.decode(utf16)
        except UnicodeDecodeError:
            pass
        else:  # NULs in step are also what binary data of 16-bit numbers looks like: it reads as controls
            if _control_ratio(text, c1=True) <= 0.02:
                return DecodeResult(text, ("decoded.utf16_no_bom", {}))
    if b"\x00" in data[:8192]:
        raise UndecodableError("undecodable.nul")
    try:
        return DecodeResult(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    replaced, invalid, valid_multibyte = _utf8_with_replacements(data)
    utf8 = (replaced, ("decoded.utf8_replaced", {"count": invalid}))
    if valid_multibyte > invalid * 4:
        return DecodeResult(*utf8)
    # A short UTF-8 text with a few stray bytes has few valid sequences to outvote
    # them: let it compete with the legacy encodings on how Vietnamese it reads (the
    # legacy readings of UTF-8 are mojibake).  It wins ties only if some of its
    # multi-byte sequences were valid; else a stray byte in ASCII text is legacy.
    candidates: list[tuple[str, tuple[str, dict[str, Any]]]] = [(decode_tcvn3(data), ("decoded.tcvn3", {}))]
    if valid_multibyte:
        candidates.insert(0, utf8)
    try:
        candidates.append((data.decode("cp1258"), ("decoded.cp1258", {})))
    except UnicodeDecodeError:
        pass
    text, problem = max(candidates, key=lambda c: _vietnamese_score(c[0]))
    if _control_ratio(text) > 0.02:
        raise UndecodableError("undecodable.binary")
    return DecodeResult(text, problem)


#: TCVN3 (TCVN 5712:1993 VN3, the "ABC" encoding of the .VnTime fonts): byte → letter.
#: Upper-case toned letters share the lower-case codes (they came from a separate
#: upper-case font), so they decode to lower case.
_TCVN3_LETTERS = {
    0xB5: "à", 0xB8: "á", 0xB6: "ả", 0xB7: "ã", 0xB9: "ạ",
    0xA8: "ă", 0xBB: "ằ", 0xBE: "ắ", 0xBC: "ẳ", 0xBD: "ẵ", 0xC6: "ặ",
    0xA9: "â", 0xC7: "ầ", 0xCA: "ấ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCB: "ậ",
    0xAE: "đ", 0xCC: "è", 0xD0: "é", 0xCE: "ẻ", 0xCF: "ẽ", 0xD1: "ẹ",
    0xAA: "ê", 0xD2: "ề", 0xD5: "ế", 0xD3: "ể", 0xD4: "ễ", 0xD6: "ệ",
    0xD7: "ì", 0xDD: "í", 0xD8: "ỉ", 0xDC: "ĩ", 0xDE: "ị",
    0xDF: "ò", 0xE3: "ó", 0xE1: "ỏ", 0xE2: "õ", 0xE4: "ọ",
    0xAB: "ô", 0xE5: "ồ", 0xE8: "ố", 0xE6: "ổ", 0xE7: "ỗ", 0xE9: "ộ",
    0xAC: "ơ", 0xEA: "ờ", 0xED: "ớ", 0xEB: "ở", 0xEC: "ỡ", 0xEE: "ợ",
    0xEF: "ù", 0xF3: "ú", 0xF1: "ủ", 0xF2: "ũ", 0xF4: "ụ",
    0xAD: "ư", 0xF5: "ừ", 0xF8: "ứ", 0xF6: "ử", 0xF7: "ữ", 0xF9: "ự",
    0xFA: "ỳ", 0xFD: "ý", 0xFB: "ỷ", 0xFC: "ỹ", 0xFE: "ỵ",
    0xA1: "Ă", 0xA2: "Â", 0xA7: "Đ", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư",
}
_TCVN3_TABLE = {byte: _TCVN3_LETTERS.get(byte, chr(byte)) for byte in range(256)}


def decode_tcvn3(data: bytes) -> str:
    """Decode TCVN3 bytes (unmapped bytes as Latin-1, so nothing is lost)."""
    return data.decode("latin-1").translate(_TCVN3_TABLE)


_VIETNAMESE_LETTERS = frozenset(
    "abcdefghijklmnopqrstuvwxyzđàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
)


_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")


def _vietnamese_score(text: str) -> int:
    """How Vietnamese a decoding looks: accented words that are plausible syllables
    (Vietnamese letters only, at most one tone) minus implausible ones."""
    score = 0
    for token in TOKEN_RE.findall(unicodedata.normalize("NFC", text[:65536]).lower()):
        if token.isascii():
            continue
        tones = sum(1 for c in unicodedata.normalize("NFD", token) if c in _TONE_MARKS)
        plausible = tones <= 1 and all(c in _VIETNAMESE_LETTERS or c.isdigit() for c in token)
        score += 1 if plausible else -2
    return score


def _control_ratio(text: str, c1: bool = False) -> float:
    """Share of C0 control characters other than tab, LF, CR, FF (and, with ``c1``, of
    U+0080–U+009F, which no text in UTF-16 holds): high for binary data."""
    sample = text[:65536]
    if not sample:
        return 0.0
    controls = sum(1 for c in sample if (c < " " and c not in "\t\n\r\f") or (c1 and "\x80" <= c <= "\x9f"))
    return controls / len(sample)


#: Bidirectional controls that can reorder what a terminal shows.
_BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def _build_display_table() -> dict[int, str]:
    """Control characters → visible stand-ins, the way ``less`` shows them (``^[``)."""
    table: dict[int, str] = {}
    for cp in list(range(0x00, 0x20)) + [0x7F]:
        if chr(cp) not in "\n\t":
            table[cp] = "^" + chr(cp ^ 0x40)
    for cp in range(0x80, 0xA0):
        table[cp] = f"<U+{cp:04X}>"
    for char in _BIDI_CONTROLS:
        table[ord(char)] = f"<U+{ord(char):04X}>"
    for cp in range(0xD800, 0xE000):  # not characters: an undecodable byte of a file name, or junk
        table[cp] = f"\\x{cp - 0xDC00:02x}" if 0xDC80 <= cp <= 0xDCFF else REPLACEMENT
    return table


_DISPLAY_TABLE = _build_display_table()


def printable(text: str) -> str:
    """Neutralise everything in ``text`` that a terminal would obey rather than show.

    Article text, titles and file names are data: escape sequences, other
    control characters and bidi overrides are replaced by visible stand-ins so
    a file can never retitle, recolour or move the user's terminal.
    """
    return text.translate(_DISPLAY_TABLE)
