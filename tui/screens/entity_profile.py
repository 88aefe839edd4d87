"""The entity profile screen (``p`` on the sidebar): who an entity is, when, with whom, what was said.

It shows the entity's name, type, roles and aliases, its articles and mentions, a month-by-month
strip of the articles mentioning it, the entities most often co-mentioned (ranked by
count-weighted PMI, raw counts beside) and the concordance: every mention as a keyword-in-context
line.  Everything is computed in a thread worker by :func:`build_profile` (the same core
functions as ``vnby-tui entity``); the screen shows "…" until then.  Typing in the filter narrows
the concordance to lines holding a word (diacritics optional); enter on a line closes the screen
with ``(doc, offset)`` so the app opens that article at that mention.
"""

from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Callable
from typing import Any

from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.strip import Strip
from textual.widgets import Input, Sparkline, Static
from textual.worker import get_current_worker

from ..core.text import fold
from ..i18n import label
from ..screen_text import visible
from ..widgets.key_bar import KeyBar
from ..widgets.row_list import RowList, text_strip

#: Co-mentioned entities listed on the screen.
CO_MENTIONS_SHOWN = 15
#: Names offered as completions when asking for an entity (the most widely mentioned first).
NAMES_OFFERED = 5000


@dataclass(frozen=True, slots=True)
class KwicLine:
    """One mention in context: the article (``doc``), the sentence, and where the name sits in it."""

    doc: int
    date: str
    title: str
    sentence: str
    name_start: int
    name_end: int
    offset: int  # of the name in the article's text, for opening the reader there
    folded: str  # the sentence folded, for the filter


@dataclass
class Profile:
    entity: Any
    months: list[tuple[str, int]]
    co_mentions: list[Any]
    lines: list[KwicLine]


def build_profile(articles: Any, index: Any, entity: Any) -> Profile:
    """Everything the screen shows about ``entity``; pure and slow on big corpora: run it in a worker."""
    from ..core.export import sentence_at
    from ..core.timeline import co_mentions, contexts, timeline

    docs = index.docs_with(entity.key)
    months = timeline(articles, docs, "month").buckets
    ranked = co_mentions(index, entity.key, docs, len(articles), limit=CO_MENTIONS_SHOWN)
    doc_of = {articles[doc].id: doc for doc in docs}
    lines = []
    for found in contexts(articles, index, entity.key, docs, limit=None):
        doc = doc_of[found.id]
        start, _ = sentence_at(articles[doc], found.start)
        lines.append(KwicLine(doc, found.date or "", found.title, found.text, found.start - start,
                              found.end - start, found.start, fold(found.text)))
    return Profile(entity, months, ranked, lines)


def kwic_text(line: KwicLine, width: int, name_style: Style, dim: Style, dated: bool = True) -> Text:
    """``date  title │ …left context NAME right context…`` with the name at a fixed column
    (the date column left out when no line has a date)."""
    title_width = max(8, min(28, width // 5))
    title = line.title if len(line.title) <= title_width else line.title[: title_width - 1] + "…"
    text = Text(f"{line.date[:10]:<10} " if dated else "", style=dim)
    text.append(f"{visible(title):<{title_width}} │ ", style=dim)
    left_width = max(6, (width - len(text)) // 3)
    before = line.sentence[: line.name_start]
    left = " ".join(before.split()) + (" " if before[-1:].isspace() else "")
    if len(left) > left_width:
        left = "…" + left[len(left) - left_width + 1:]
    text.append(visible(f"{left:>{left_width}}"))
    text.append(visible(line.sentence[line.name_start: line.name_end]), style=name_style)
    right = line.sentence[line.name_end:]
    text.append(visible((" " if right[:1].isspace() else "") + " ".join(right.split())))
    return text


class Concordance(RowList):
    """The mentions in context, one per line; enter opens the article at the mention."""

    BINDINGS = [Binding("enter", "select", "action.open_mention")]

    COMPONENT_CLASSES = RowList.COMPONENT_CLASSES | {"concordance--name"}

    DEFAULT_CSS = """
    Concordance {
        height: 1fr;
        & > .concordance--name { color: $text-accent; text-style: bold; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines: list[KwicLine] = []
        self.message = "…"
        self.dated = False

    def show(self, lines: list[KwicLine], message: str, dated: bool) -> None:
        self.lines, self.message, self.dated = lines, message, dated
        self.rows_changed()

    def row_count(self) -> int:
        return len(self.lines)

    def empty_lines(self) -> list[Text]:
        return [Text(self.message)]

    def render_row_line(self, row: int, line: int, width: int, base: Style, selected: bool) -> Strip:
        name = self.get_component_rich_style("concordance--name", partial=True)
        text = kwic_text(self.lines[row], width, name, Style() if selected else self.dim_style(), self.dated)
        return text_strip(text, width, self.app.console, base)

    def select_row(self, row: int) -> None:
        screen = self.screen
        if isinstance(screen, EntityProfileScreen):
            screen.open_line(self.lines[row])


class EntityProfileScreen(Screen[tuple[int, int] | None]):
    """An entity's profile; dismissed with ``(doc, offset)`` of a chosen mention, or ``None``."""

    BINDINGS = [
        Binding("escape", "close", "action.leave"),
        Binding("slash", "focus_filter", "action.profile_filter"),
    ]

    DEFAULT_CSS = """
    EntityProfileScreen {
        layout: vertical;
        & #profile-head { height: auto; padding: 0 1; }
        & #profile-strip { height: 2; padding: 0 1; }
        & #profile-strip Sparkline { width: 1fr; height: 1; }
        & #profile-strip Static { width: auto; height: 1; color: $text-muted; }
        & #profile-body { height: 1fr; }
        & #profile-co { width: 42; height: 1fr; border: round $border; padding: 0 1; }
        & #profile-kwic-pane { width: 1fr; border: round $border; }
        & #profile-filter { height: 1; border: none; padding: 0 1; }
    }
    EntityProfileScreen.-narrow #profile-co { width: 30; }
    """

    def __init__(self, language: str, articles: Any, index: Any, entity: Any) -> None:
        super().__init__()
        self.language = language
        self.articles, self.index, self.entity = articles, index, entity
        self.profile: Profile | None = None

    def compose(self) -> ComposeResult:
        yield Static("…", id="profile-head", markup=False)
        with Horizontal(id="profile-strip"):
            yield Static("", id="profile-first", markup=False)
            yield Sparkline([], id="profile-months")
            yield Static("", id="profile-last", markup=False)
        with Horizontal(id="profile-body"):
            yield Static("…", id="profile-co", markup=False)
            with Vertical(id="profile-kwic-pane"):
                yield Input(placeholder=label(self.language, "profile.filter"), id="profile-filter")
                yield Concordance(id="profile-kwic")
        yield KeyBar(self.language)

    def on_mount(self) -> None:
        self.query_one("#profile-co").border_title = label(self.language, "profile.co_mentions")
        self.query_one("#profile-kwic-pane").border_title = label(self.language, "profile.concordance")
        self.set_class(self.app.size.width < 100, "-narrow")
        self.query_one(Concordance).focus()
        self.compute()

    @work(thread=True, exclusive=True, group="profile", exit_on_error=False)
    def compute(self) -> None:
        profile = build_profile(self.articles, self.index, self.entity)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, profile)

    def _show(self, profile: Profile) -> None:
        self.profile = profile
        self.query_one("#profile-head", Static).update(self._head_text(profile))
        self._show_months(profile.months)
        self.query_one("#profile-co", Static).update(self._co_table(profile))
        self._filter(self.query_one("#profile-filter", Input).value)

    def _head_text(self, profile: Profile) -> Text:
        entity, lang = profile.entity, self.language
        text = Text(visible(entity.name), style="bold")
        text.append(f"  {label(lang, 'type.' + entity.type)} ({entity.type})  ")
        text.append(label(lang, "profile.counts", articles=entity.doc_count, mentions=entity.mention_count))
        if entity.roles:
            text.append("\n" + label(lang, "profile.roles") + ": " + visible(", ".join(list(entity.roles)[:6])))
        aliases = [a for a in entity.aliases if a != entity.name]
        if aliases:
            text.append("\n" + label(lang, "profile.aliases") + ": " + visible(", ".join(aliases[:8])))
        return text

    def _show_months(self, months: list[tuple[str, int]]) -> None:
        sparkline = self.query_one(Sparkline)
        sparkline.data = [n for _, n in months]
        sparkline.display = bool(months)
        first, last = (months[0][0], months[-1][0]) if months else ("", "")
        if not months:
            first = label(self.language, "profile.undated")
        self.query_one("#profile-first", Static).update(first + " ")
        self.query_one("#profile-last", Static).update(" " + last if last != first else "")

    def _co_table(self, profile: Profile) -> Table | str:
        if not profile.co_mentions:
            return label(self.language, "profile.no_co_mentions")
        table = Table.grid(padding=(0, 1), expand=True)
        table.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
        table.add_column()
        table.add_column(justify="right")
        table.add_column(justify="right")
        table.add_row(*(Text(label(self.language, key), style="bold")
                        for key in ("profile.name", "profile.type", "profile.articles", "profile.score")))
        for found in profile.co_mentions:
            table.add_row(visible(found.name), found.type, str(found.articles), f"{found.score:.1f}")
        return table

    # -- filtering and opening --------------------------------------------------------

    @on(Input.Changed, "#profile-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        if self.profile is not None:
            self._filter(event.value)

    @on(Input.Submitted, "#profile-filter")
    def _filter_submitted(self) -> None:
        self.query_one(Concordance).focus()

    def _filter(self, typed: str) -> None:
        lines = self.profile.lines if self.profile is not None else []
        words = fold(typed).split()
        if words:
            lines = [line for line in lines if all(word in line.folded for word in words)]
        message = label(self.language, "profile.no_lines" if words else "profile.no_mentions")
        dated = self.profile is not None and any(line.date for line in self.profile.lines)
        self.query_one(Concordance).show(lines, message, dated)
        pane = self.query_one("#profile-kwic-pane")
        pane.border_subtitle = label(self.language, "profile.lines", n=len(lines))

    def action_focus_filter(self) -> None:
        self.query_one("#profile-filter", Input).focus()

    def action_close(self) -> None:
        if isinstance(self.focused, Input):
            self.query_one(Concordance).focus()
        else:
            self.dismiss(None)

    def open_line(self, line: KwicLine) -> None:
        self.dismiss((line.doc, line.offset))


def ask_entity(app: Any, index: Any, show: Callable[[Any], None]) -> None:
    """Ask for an entity's name (completed from the most widely mentioned), then ``show`` its
    profile; an unknown name is said in one line with the closest names."""
    from ..cli.timeline import NotFound, find_entity
    from ..dialogs.ask import AskScreen

    entities = sorted((e for e in index.entities() if e.type != "DATE"), key=lambda e: -e.doc_count)
    names = [e.name for e in entities[:NAMES_OFFERED]]

    def named(name: str | None) -> None:
        if not name or not name.strip():
            return
        try:
            entity = find_entity(index, name)
        except NotFound as exc:
            app.notify(visible(str(exc)), severity="warning", markup=False)
            return
        show(entity)

    app.push_screen(AskScreen(label(app.language, "profile.ask"), label(app.language, "profile.ask_help"),
                              suggestions=names), named)
