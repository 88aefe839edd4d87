"""The scanner's view of one paragraph: words, capitals and cues around a position.

The rule families (:mod:`.people`, :mod:`.places`, :mod:`.organisations`,
:mod:`.bylines`) are mixins over this class; :class:`.scanner.Scanner` puts
them together.
"""

from __future__ import annotations

from typing import Final

from .gazetteer import UPPER_CHARS, Entry, Gazetteer, Lexicon
from .lexicon import LOWER_LETTERS, LOWER_WORD_AT_RE, _SENTENCE_BREAK
from .mention import Candidate
from tui.core.entities import scan_kernels  # (by its full name: the compiled copy calls it too)

#: The kernels the cursor calls (compiled, or their plain twins), as ``Final`` names: the compiled
#: rules read a ``Final`` name from a C static, where a name imported from a module they do not
#: compile is looked up in the module's dict at every call.
_CONTEXT_PHRASES: Final = scan_kernels.context_phrases
_RUN_END: Final = scan_kernels.run_end
_WORD_AT: Final = scan_kernels.word_at
_WORD_BEFORE: Final = scan_kernels.word_before


class Cursor:
    """Reads the text of the paragraph being scanned; emits candidates into ``out``."""

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
        self._word_at_pos = self._word_at_end = -1
        self._word_at = ""
        self.subunit = False  # whether the organisation being read is a unit of another
        self.gap_head = False  # whether its head may have lower-case words before its name
        self.party = False  # whether it is a party, whose name's parts may be joined by hyphens
        self.plain_acronyms: frozenset[str] = frozenset()  # the article's common-noun abbreviations

    # ---- small helpers ---------------------------------------------------

    def word_at(self, pos: int) -> str:
        """The keyed word at ``pos``, or "" (remembered for the last position and paragraph
        end: a third of the calls ask for the word just read)."""
        if pos == self._word_at_pos and self.seg_end == self._word_at_end:
            return self._word_at
        self._word_at_pos, self._word_at_end = pos, self.seg_end
        self._word_at = word = self._read_word_at(pos)
        return word

    def _read_word_at(self, pos: int) -> str:
        """What ``WORD_RE`` matches at ``pos``: one compiled call (``scan_kernels.word_at``), where
        the compiled rules found the next space, checked the word with ``str.isalnum`` and left a
        word with punctuation after it (``Nội,``) to the pattern, a Python call of its own."""
        return _WORD_AT(self.keyed, pos, self.seg_end)

    def cap_at(self, pos: int) -> bool:
        """Whether a capitalised word starts at ``pos``."""
        if pos >= self.seg_end:
            return False
        char = self.text[pos]
        return char in UPPER_CHARS or (ord(char) >= 0x2000 and char.isupper())  # (char.isupper(), looked up)

    def cap_follows(self, end: int) -> bool:
        """Whether a space and a capitalised word follow ``end``.  (The space is read as a
        character, not with ``str.startswith(" ", end)``: the compiled rules index a string
        natively, where ``startswith`` with a position is a Python method call.)"""
        text = self.text
        if not (end + 1 < self.seg_end and text[end] == " "):
            return False
        char = text[end + 1]
        return char in UPPER_CHARS or (ord(char) >= 0x2000 and char.isupper())  # (char.isupper(), looked up)

    def is_initial(self, pos: int) -> bool:
        """Whether ``pos`` starts a sentence (or a quotation, a line, a bracket)."""
        i = pos - 1
        while i >= self.seg_start and self.text[i] == " ":
            i -= 1
        return i < self.seg_start or self.text[i] in _SENTENCE_BREAK

    def context(self, pos: int) -> list[str]:
        """Keyed phrases of the 5, 4, 3, 2 and 1 words right before ``pos`` (longest first),
        as long as only single spaces separate them (remembered for the last position)."""
        if pos != self._context_pos:
            self._context_pos, self._context = pos, self._read_context(pos)
        return self._context

    def _read_context(self, pos: int) -> list[str]:
        if self.word_before(pos) not in self.gaz.cue_last_words:
            return []  # no cue of any kind ends right before pos
        return _CONTEXT_PHRASES(self.keyed, pos, self.seg_start)  # (one compiled call)

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


    def word_before(self, pos: int) -> str:
        """The keyed word right before ``pos`` and a single space, or "" (remembered for
        the last position)."""
        if pos == self._word_before_pos:
            return self._word_before
        self._word_before_pos = pos
        self._word_before = word = self._read_word_before(pos)
        return word

    def _read_word_before(self, pos: int) -> str:
        return _WORD_BEFORE(self.keyed, pos, self.seg_start)  # (one compiled call)

    @staticmethod
    def context_start(pos: int, cue: str) -> int:
        """Offset where the ``cue`` phrase before ``pos`` begins."""
        return pos - len(cue) - 1

    def run_end(self, pos: int) -> int:
        """End of what ``RUN_RE`` matches at ``pos`` (a run of capitalised words), or ``pos``:
        one compiled call (``scan_kernels.run_end``), where the compiled rules read the words
        with ``str.find`` and ``str.isalnum`` and left a run with punctuation or a particle
        (``van Gaal``) to the pattern, a Python call of a few thousand instructions."""
        return _RUN_END(self.text, pos, self.seg_end)

    def tokens(self, start: int, end: int) -> list[tuple[int, int]]:
        spans = []
        pos = start
        for part in self.text[start:end].split(" "):
            spans.append((pos, pos + len(part)))
            pos += len(part) + 1
        return spans

    def lexicon_match(self, lexicon: Lexicon, pos: int, word: str | None = None) -> Entry | None:
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
            if entry and not (lexicon is gaz.names and entry.kind == "PER"):
                return True
        return False

    def common_pair_at(self, pos: int, end: int) -> int:
        """End of the usual lower-case partner after the word ``pos:end``
        (``Thể`` + ``thao``), or 0: such a pair is a common word, not a name."""
        low_end = self.lower_word_end(self.text, end)
        if low_end >= 0 and f"{self.keyed[pos:end]} {self.keyed[end + 1 : low_end]}" in self.gaz.bigrams:
            return low_end
        return 0

    def lower_word_end(self, text: str, pos: int) -> int:
        """End of what ``LOWER_WORD_AT_RE`` matches at ``pos`` in ``text`` (the paragraph's text
        or its keyed form): a space and a word opened by a lower-case letter; or -1.  Most such
        words end at the next space, found with ``str.find`` and checked with ``str.isalnum``
        (native calls in the compiled rules, where a pattern's match is a Python call); a word
        with punctuation after it is left to the pattern."""
        end = self.seg_end
        if pos + 1 >= end or text[pos] != " " or text[pos + 1] not in LOWER_LETTERS:
            return -1
        space = text.find(" ", pos + 1, end)
        stop = space if space >= 0 else end
        if text[pos + 1 : stop].isalnum():
            return stop
        m = LOWER_WORD_AT_RE.match(text, pos, end)
        return m.end() if m else -1

    def emit(self, start: int, end: int, kind: str | None, name: str | None = None, role: str | None = None, tokens: int = 1) -> None:
        if end > start:
            if kind != "LOC" and kind != "ORG" and 0 <= end < len(self.text) and self.text[end] == ".":  # (read natively, not a Python call)
                end = self.initial_dot_end(start, end)  # (a name of no type yet may become a person)
            self.out.append(Candidate(start, end, kind, name or self.text[start:end], role, None, tokens))

    def emit_end(self, start: int, end: int, kind: str, tokens: int) -> int:
        if end > start:
            if kind == "PER" and 0 <= end < len(self.text) and self.text[end] == ".":
                end = self.initial_dot_end(start, end)
            self.out.append(Candidate(start, end, kind, self.text[start:end], None, None, tokens))
        return end

    def initial_dot_end(self, start: int, end: int) -> int:
        """A name ending in an initial keeps the initial's dot (``chị H.``, ``N.V.Đ.``, ``R.A.C.,``)
        where what follows shows the dot does not end the sentence."""
        text = self.text
        if not text[end - 1].isupper() or (end - 1 > start and text[end - 2] not in ". "):
            return end
        after = text[end + 1 : end + 3]
        if end + 1 >= self.seg_end or after[:1] in ",;:)(\"”" or (after[:1] == " " and (after[1:2].islower() or after[1:2] in "(“\"")):
            return end + 1
        return end
