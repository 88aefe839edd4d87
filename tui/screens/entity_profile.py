"""The entity profile screen (``p`` on the sidebar): who an entity is, when, with whom, what was said.

It shows the entity's name, type, roles and aliases, its articles and mentions, a month-by-month
strip of the articles mentioning it, the entities most often co-mentioned (ranked by
count-weighted PMI, raw counts beside) and the concordance: every mention as a keyword-in-context
line.  The profile is computed in a thread worker by :func:`tui.core.profile.build_profile` (the
same function as ``vnby-tui entity``); the screen shows "…" until then, and the concordance makes
only the lines on screen.

The concordance narrows three ways, together: by words typed in the filter (diacritics
optional), by a date range picked on the month strip (``enter`` on a month, ``shift+←/→`` to
stretch over several; ``enter`` again or ``delete`` clears it), and by a co-mentioned entity
(``enter`` on it in the list: only mentions in articles that also mention it; ``enter`` again
clears it).  Narrowing runs in a worker too.  ``enter`` on a line closes the screen with
``(doc, offset)`` so the app opens that article at that mention.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import numpy as np
from rich.style import Style
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.actions import SkipAction
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.strip import Strip
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from ..core.profile import CoMention, KwicLine, Profile, build_profile, words_filter
from ..core.timeline import period_days
from ..i18n import article_count, label, mention_count
from ..screen_text import visible
from ..widgets.key_bar import KeyBar
from ..widgets.row_list import RowList, text_strip
from ..widgets.text_field import TextField
from ..widgets.timeline_strip import TimelineStrip

#: Co-mentioned entities listed: more than any screen shows, so the list fills its pane at any
#: height (15 left half of it empty at 120x40) and scrolls on.
CO_MENTIONS_SHOWN = 200
#: Terminals narrower than this (in columns) get the narrow layout.
NARROW_BELOW = 100
#: Names offered as completions when asking for an entity (the most widely mentioned first).
NAMES_OFFERED = 5000


def kwic_text(line: KwicLine, width: int, name_style: Style, dim: Style, dated: bool = True,
              words: re.Pattern[str] | None = None, match_style: Style | None = None) -> Text:
    """``date  title │ …left context NAME right context…`` with the name at a fixed column
    (the date column left out when no line has a date).  With the concordance's word filter
    (``words``), its match is styled and always on the line: a context too long to show up to
    it is cut in the middle (``NAME said … the words typed``), or the match is put before a left
    context cut short (``…the words typed … left NAME``)."""
    name_width = line.name_end - line.name_start
    title_width = _title_width(width, name_width, dated)
    title = line.title if len(line.title) <= title_width else line.title[: title_width - 1] + "…"
    text = Text(f"{line.date[:10]:<10} " if dated else "", style=dim)
    text.append(f"{visible(title):<{title_width}} │ " if title_width else "│ " if dated else "", style=dim)
    left_width = _left_width(width - len(text), name_width)
    right_width = width - len(text) - left_width - name_width
    sentence, start, end = line.sentence, line.name_start, line.name_end
    found = words.search(line.folded) if words is not None else None
    match = (found.start(), found.end()) if found else None
    if match and match[0] >= end and right_width < match[1] - match[0] + 4:
        moved = min(left_width - 2, match[1] - match[0] + 4 - right_width)  # a narrow line: the name moves left
        left_width, right_width = left_width - moved, right_width + moved
    if match and match[1] <= start and start - match[0] > left_width:  # before, out of reach
        head = _pieces(sentence, match[0], match[1], match)
        room = left_width - _width(head) - 4
        tail = _pieces(sentence, _word_start(sentence, max(match[1], start - room), start), start, match) if room > 0 else []
        left = [("…", None), *head, (" … ", None), *_strip_start(tail)]
    else:
        left = _pieces(sentence, 0, start, match)
        if _width(left) > left_width:
            left = [("…", None), *_cut_left(left, left_width - 1)]
    _append(text, [(" " * max(0, left_width - _width(left)), None), *left], match_style)
    text.append(visible(sentence[start:end]), style=name_style)
    if match and match[0] >= end and match[1] - end > right_width:  # after, out of reach
        room = right_width - (match[1] - match[0]) - 3  # for what comes before " … " and the match
        keep = max(0, min(room // 2, right_width // 3))
        cut = sentence.rfind(" ", end + 1, end + keep + 1)
        text_parts = _pieces(sentence, end, cut if cut > end else end + keep, match)
        text_parts = [*text_parts[:-1], (text_parts[-1][0].rstrip(), text_parts[-1][1])] if text_parts else []
        text_parts += [(" … ", None)]
        lead = max(0, min(12, room - _width(text_parts) + 3))
        text_parts += _pieces(sentence, _word_start(sentence, max(end, match[0] - lead), match[0]), len(sentence), match)
    else:
        text_parts = _pieces(sentence, end, len(sentence), match)
    _append(text, text_parts, match_style)
    return text


#: Characters of context after the name the title column gives way to (a narrow pane).
RIGHT_CONTEXT = 12


def _left_width(room: int, name_width: int) -> int:
    """The left context's share of ``room`` (what the line has after its date and title): a
    third, or half of what the name leaves on a narrow line."""
    return max(6, min(room // 3, (room - name_width) // 2))


def _title_width(width: int, name_width: int, dated: bool) -> int:
    """The title column's width: a fifth of the line (8 to 28), narrower, down to none, where
    it would leave less than :data:`RIGHT_CONTEXT` characters after the name (at 80 columns
    the line showed ``Sáng 30/… │ …h nước Nguyễn Xuân Phú…``: the name cut, nothing after it)."""
    date_width = 11 if dated else 0
    title_width = max(8, min(28, width // 5))
    while title_width >= 6:
        room = width - date_width - title_width - 3
        if room - _left_width(room, name_width) - name_width >= RIGHT_CONTEXT:
            return title_width
        title_width -= 1
    return 0


def _pieces(sentence: str, start: int, end: int, match: tuple[int, int] | None) -> list[tuple[str, bool | None]]:
    """``sentence[start:end]`` with white space runs made one space (none at the sentence's
    ends), cut where the match begins and ends: (text, whether it is the match)."""
    cuts = sorted({start, end, *(min(max(x, start), end) for x in (match or ()))})
    pieces = []
    for a, b in zip(cuts, cuts[1:]):
        piece = re.sub(r"\s+", " ", sentence[a:b])
        if a == 0 or not sentence[:a].strip():
            piece = piece.lstrip()
        if b == len(sentence) or not sentence[b:].strip():
            piece = piece.rstrip()
        if piece:
            pieces.append((piece, bool(match) and a >= match[0] and b <= match[1]))
    return pieces


def _word_start(sentence: str, pos: int, limit: int) -> int:
    """The start of the first word at or after ``pos`` (``limit`` at the latest)."""
    if pos <= 0 or sentence[pos - 1].isspace():
        return pos
    space = sentence.find(" ", pos, limit)
    return space + 1 if space >= 0 else limit


def _strip_start(pieces: list[tuple[str, bool | None]]) -> list[tuple[str, bool | None]]:
    return [(pieces[0][0].lstrip(), pieces[0][1]), *pieces[1:]] if pieces else []


def _width(pieces: list[tuple[str, bool | None]]) -> int:
    return sum(len(piece) for piece, _ in pieces)


def _cut_left(pieces: list[tuple[str, bool | None]], width: int) -> list[tuple[str, bool | None]]:
    """The last ``width`` characters of ``pieces``."""
    kept: list[tuple[str, bool | None]] = []
    for piece, is_match in reversed(pieces):
        if width <= 0:
            break
        kept.insert(0, (piece[-width:], is_match))
        width -= len(piece)
    return kept


def _append(text: Text, pieces: list[tuple[str, bool | None]], match_style: Style | None) -> None:
    """The pieces, the match styled; the others appended together (one segment on screen)."""
    plain = ""
    for piece, is_match in pieces:
        if is_match and match_style is not None:
            if plain:
                text.append(visible(plain))
                plain = ""
            text.append(visible(piece), style=match_style)
        else:
            plain += piece
    if plain:
        text.append(visible(plain))


class Concordance(RowList):
    """The mentions in context, one per line (made as they come on screen); enter opens the
    article at the mention."""

    BINDINGS = [Binding("enter", "select", "action.open_mention")]

    COMPONENT_CLASSES = RowList.COMPONENT_CLASSES | {"concordance--name", "concordance--match"}

    DEFAULT_CSS = """
    Concordance {
        height: 1fr;
        & > .concordance--name { color: $text-accent; text-style: bold; }
        & > .concordance--match { text-style: bold underline; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.profile: Profile | None = None
        self.rows: np.ndarray = np.zeros(0, dtype=np.int64)
        self.message = "…"
        self.dated = False
        self.words: re.Pattern[str] | None = None

    def show(self, profile: Profile, rows: np.ndarray, message: str, words: re.Pattern[str] | None = None) -> None:
        """Show the mentions numbered ``rows`` of ``profile`` (``message`` when there are none;
        ``words``: the word filter they passed, whose match each line shows)."""
        self.profile, self.rows, self.message, self.words = profile, rows, message, words
        self.dated = bool(len(profile.mentions)) and bool(profile.mentions[:, 3].max() > 0)
        self.rows_changed()

    def line_at(self, row: int) -> KwicLine:
        assert self.profile is not None
        return self.profile.line(int(self.rows[row]))

    def row_count(self) -> int:
        return len(self.rows)

    def empty_lines(self) -> list[Text]:
        return [Text(self.message)]

    def render_row_line(self, row: int, line: int, width: int, base: Style, selected: bool) -> Strip:
        name = self.get_component_rich_style("concordance--name", partial=True)
        match = self.get_component_rich_style("concordance--match", partial=True)
        text = kwic_text(self.line_at(row), width, name, Style() if selected else self.dim_style(), self.dated,
                         self.words, match)
        return text_strip(text, width, self.app.console, base)

    def select_row(self, row: int) -> None:
        screen = self.screen
        if isinstance(screen, EntityProfileScreen):
            screen.open_line(self.line_at(row))


#: Narrower than this, the co-mention list leaves the score out and gives the names its room.
SCORE_FROM_WIDTH = 34


class CoMentionList(RowList):
    """The co-mentioned entities under a heading row; enter on one narrows the concordance to
    the articles that mention it too (enter again: all articles)."""

    BINDINGS = [Binding("enter", "select", "action.profile_with")]

    COMPONENT_CLASSES = RowList.COMPONENT_CLASSES | {"co-mention-list--heading", "co-mention-list--chosen"}

    DEFAULT_CSS = """
    CoMentionList {
        & > .co-mention-list--heading { text-style: bold; }
        & > .co-mention-list--chosen { color: $text-warning; text-style: bold; }
    }
    """

    def __init__(self, language: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.language = language
        self.found: list[CoMention] = []
        self.chosen: str | None = None
        self.message = "…"

    def show(self, found: list[CoMention], message: str) -> None:
        self.found, self.message = found, message
        self.rows_changed(1)

    def row_count(self) -> int:
        return len(self.found) + 1 if self.found else 0

    def is_selectable(self, row: int) -> bool:
        return row > 0

    def empty_lines(self) -> list[Text]:
        return [Text(self.message)]

    def render_row_line(self, row: int, line: int, width: int, base: Style, selected: bool) -> Strip:
        if row == 0:
            cells = [label(self.language, key) for key in ("profile.name", "profile.type", "profile.articles",
                                                           "profile.score")]
            style = self.get_component_rich_style("co-mention-list--heading", partial=True)
        else:
            found = self.found[row - 1]
            cells = [("▸ " if found.key == self.chosen else "") + visible(found.name), found.type,
                     str(found.articles), f"{found.score:.1f}"]
            chosen = found.key == self.chosen and not selected
            style = self.get_component_rich_style("co-mention-list--chosen", partial=True) if chosen else Style()
        # narrow (80 columns), the score goes before the name is cut short: "Thái Bì…" named no one
        figures = f" {cells[1]:<4}{cells[2]:>5}" + (f" {cells[3]:>6}" if width >= SCORE_FROM_WIDTH else "")
        name_width = max(4, width - len(figures))
        name = cells[0] if len(cells[0]) <= name_width else cells[0][: name_width - 1] + "…"
        return text_strip(Text(f"{name:<{name_width}}{figures}", style=style), width, self.app.console, base)

    def select_row(self, row: int) -> None:
        screen = self.screen
        if row > 0 and isinstance(screen, EntityProfileScreen):
            found = self.found[row - 1]
            self.chosen = None if self.chosen == found.key else found.key
            self.repaint_rows()
            screen.narrow_to_co_mention(found if self.chosen else None)


class EntityProfileScreen(Screen[tuple[int, int] | None]):
    """An entity's profile; dismissed with ``(doc, offset)`` of a chosen mention, or ``None``."""

    BINDINGS = [
        Binding("escape", "close", "action.leave"),
        # acted on as it arrives (priority), before the keys typed behind it, which must reach the filter
        Binding("slash", "focus_filter", "action.profile_filter", priority=True),
    ]

    DEFAULT_CSS = """
    EntityProfileScreen {
        layout: vertical;
        & #profile-head { height: auto; padding: 0 1; }
        & #profile-months { margin: 0 0 1 0; }
        & #profile-undated { height: 1; padding: 0 1; color: $text-muted; margin: 0 0 1 0; }
        & #profile-body { height: 1fr; }
        & #profile-co { width: 42; height: 1fr; border: round $border; padding: 0 1; }
        & #profile-kwic-pane { width: 1fr; border: round $border; }
        & #profile-filter { height: 1; border: none; padding: 0 1; }
    }
    EntityProfileScreen.-narrow #profile-co { width: 32; }
    """

    def __init__(self, language: str, articles: Any, index: Any, entity: Any) -> None:
        super().__init__()
        self.language = language
        self.articles, self.index, self.entity = articles, index, entity
        self.profile: Profile | None = None
        #: The concordance's narrowing: day numbers (0: open) and a co-mentioned entity.
        self.days: tuple[int, int] = (0, 0)
        self.period: tuple[str, str] | None = None
        self.with_entity: CoMention | None = None

    def compose(self) -> ComposeResult:
        yield Static("…", id="profile-head", markup=False)
        yield TimelineStrip(self.language, ranges=True, id="profile-months")
        yield Static("", id="profile-undated", markup=False)
        with Horizontal(id="profile-body"):
            yield CoMentionList(self.language, id="profile-co")
            with Vertical(id="profile-kwic-pane"):
                yield TextField(placeholder=label(self.language, "profile.filter"), id="profile-filter")
                yield Concordance(id="profile-kwic")
        yield KeyBar(self.language)

    def on_mount(self) -> None:
        self.query_one("#profile-kwic-pane").border_title = label(self.language, "profile.concordance")
        self.query_one("#profile-undated").display = False
        self._fit_width(self.app.size.width)
        self.query_one(Concordance).focus()
        self.compute()

    def on_resize(self, event: events.Resize) -> None:
        """The layout follows the terminal: opened at 120 columns and narrowed to 80, it kept the
        wide co-mention pane and its long heading, cut to "Mentioned with · most spec…"."""
        self._fit_width(event.size.width)

    def _fit_width(self, width: int) -> None:
        """The narrow layout under 100 columns: a slimmer co-mention pane, a shorter heading."""
        self.set_class(width < NARROW_BELOW, "-narrow")
        # the heading says the order (a new user saw a ranking by specificity and no word of it)
        title = "profile.co_mentions" + (".narrow" if self.has_class("-narrow") else "")
        self.query_one("#profile-co").border_title = label(self.language, title)

    def recount(self) -> None:
        """Syndicated stories now count once, or no longer: months and co-mentions again."""
        self.compute()

    @work(thread=True, exclusive=True, group="profile", exit_on_error=False)
    def compute(self) -> None:
        copies = getattr(self.app, "counting_copies", lambda: None)()
        profile = build_profile(self.articles, self.index, self.entity, CO_MENTIONS_SHOWN, copies)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, profile)

    def _show(self, profile: Profile) -> None:
        self.profile = profile
        self.query_one("#profile-head", Static).update(self._head_text(profile))
        self.query_one(TimelineStrip).count(self.articles, profile.counted)
        undated = self.query_one("#profile-undated", Static)
        undated.update(label(self.language, "profile.undated"))
        undated.display = not profile.months
        self.query_one(CoMentionList).show(profile.co_mentions, label(self.language, "profile.no_co_mentions"))
        self._narrow()

    def _head_text(self, profile: Profile) -> Text:
        entity, lang = profile.entity, self.language
        text = Text(visible(entity.name), style="bold")
        text.append(f"  {label(lang, 'type.' + entity.type)} ({entity.type})  ")
        text.append(label(lang, "profile.counts", articles=article_count(lang, entity.doc_count),
                          mentions=mention_count(lang, entity.mention_count)))
        if entity.roles:
            text.append("\n" + label(lang, "profile.roles") + ": " + visible(", ".join(list(entity.roles)[:6])))
        aliases = [a for a in entity.aliases if a != entity.name]
        if aliases:
            text.append("\n" + label(lang, "profile.aliases") + ": " + visible(", ".join(aliases[:8])))
        return text

    # -- narrowing and opening --------------------------------------------------------

    @on(Input.Changed, "#profile-filter")
    def _filter_changed(self) -> None:
        self._narrow()

    @on(Input.Submitted, "#profile-filter")
    def _filter_submitted(self) -> None:
        self.query_one(Concordance).focus()

    @on(TimelineStrip.Picked, "#profile-months")
    def _period_picked(self, message: TimelineStrip.Picked) -> None:
        message.stop()
        if message.first is None:
            self.period, self.days = None, (0, 0)
        else:
            first, _ = period_days(message.first)
            _, last = period_days(message.last or message.first)
            self.period = (message.first, message.last or message.first)
            self.days = (first.toordinal(), last.toordinal())
        self._narrow()

    def narrow_to_co_mention(self, found: CoMention | None) -> None:
        self.with_entity = found
        self._narrow()

    def _narrow(self) -> None:
        if self.profile is not None:
            words = words_filter(self.query_one("#profile-filter", Input).value)
            self.narrow(self.profile, words, self.days, self.with_entity)

    @work(thread=True, exclusive=True, group="concordance", exit_on_error=False)
    def narrow(self, profile: Profile, words: re.Pattern[str] | None, days: tuple[int, int],
               with_entity: CoMention | None) -> None:
        """The mention rows that pass every filter; the sentences are made only for the word filter."""
        worker = get_current_worker()
        with_docs = self.index.docs_with(with_entity.key) if with_entity is not None else None
        rows = profile.rows(*days, with_docs=with_docs)
        if words:
            kept = []
            for row in rows.tolist():
                if worker.is_cancelled:
                    return
                if words.search(profile.line(row).folded):
                    kept.append(row)
            rows = np.asarray(kept, dtype=np.int64)
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show_rows, profile, rows, bool(words or with_docs is not None or any(days)),
                                      words)

    def _show_rows(self, profile: Profile, rows: np.ndarray, narrowed: bool, words: re.Pattern[str] | None = None) -> None:
        message = label(self.language, "profile.no_lines" if narrowed else "profile.no_mentions")
        self.query_one(Concordance).show(profile, rows, message, words)
        subtitle = [mention_count(self.language, len(rows))]
        if len(profile.counted) != len(profile.docs):  # fewer than the head's count: say why
            subtitle.append(label(self.language, "profile.stories_once"))
        if self.period:
            first, last = self.period
            subtitle.append(first + ("…" + last if last != first else ""))
        if self.with_entity is not None:
            subtitle.append(label(self.language, "profile.with", name=visible(self.with_entity.name)))
        self.query_one("#profile-kwic-pane").border_subtitle = " · ".join(subtitle)

    def action_focus_filter(self) -> None:
        """``/``: into the filter at once (``set_focus``, not the deferred ``focus()``), so that
        the keys of the same burst are typed there, not into the lines ('q' quitting); in the
        filter itself ``/`` is typed."""
        if isinstance(self.focused, Input):
            raise SkipAction()
        self.set_focus(self.query_one("#profile-filter", Input))

    def action_close(self) -> None:
        if isinstance(self.focused, Input):
            self.query_one(Concordance).focus()
        else:
            self.dismiss(None)

    def open_line(self, line: KwicLine) -> None:
        self.dismiss((line.doc, line.offset))


def ask_entity(app: Any, index: Any, show: Callable[[Any], None]) -> None:
    """Ask for an entity's name (completed from the most widely mentioned), then ``show`` its
    profile: the most mentioned entity called so, by name or alias (the others called so are
    said in one line); an unknown name is said in one line with the closest names."""
    from ..core.entity_lookup import NotFound, find_entity, others_named
    from ..dialogs.ask import AskScreen

    entities = sorted((e for e in index.entities() if e.type != "DATE"), key=lambda e: -e.doc_count)
    names = [e.name for e in entities[:NAMES_OFFERED]]
    language = app.language

    def named(name: str | None) -> None:
        if not name or not name.strip():
            return
        name = " ".join(name.split())
        try:
            entity = find_entity(index, name)
        except NotFound as exc:
            said = label(language, "profile.not_found_close" if exc.close else "profile.not_found",
                         name=name, names=", ".join(exc.close))
            app.notify(visible(said), severity="warning", markup=False)
            return
        same, called = others_named(index, entity, name)
        if same or called:
            others = ", ".join(f"{e.name} ({e.type}, {article_count(language, e.doc_count)})" for e in same + called)
            app.notify(visible(label(language, "profile.also_named", name=name, others=others)), markup=False,
                       timeout=6)
        show(entity)

    app.push_screen(AskScreen(label(app.language, "profile.ask"), label(app.language, "profile.ask_help"),
                              suggestions=names), named)
