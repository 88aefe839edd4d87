"""The vnby-tui explorer: search bar, article list, reader and entity sidebar.

The app owns the state (query, entity filters, open article) and the
workers; the widgets only display what they are given and post messages
(``tui/messages.py``).  Everything slow — loading, indexing, searching,
gathering entities — runs in thread workers, so the first frame appears at
once and typing never waits.  Core modules (search, entities) are imported
inside those workers, keeping start-up light.
"""

from __future__ import annotations

import asyncio
import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events, on, work
from textual.actions import SkipAction
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.command import CommandPalette, Provider
from textual.containers import Horizontal
from textual.geometry import Size
from textual.screen import ModalScreen, Screen
from textual.theme import ThemeProvider
from textual.timer import Timer
from textual.widget import AwaitMount, Widget
from textual.widgets import Input, Static
from textual.worker import Worker, WorkerState

from .core.filters import SORTS
from .core.preferences import Preferences
from .corpus import Corpus
from .curating import CurationMixin
from .entity_listing import EntityListingMixin
from .exporting import ExportingMixin
from .loading import LoadingMixin
from .marking import MarkingMixin
from .notices import NoticesMixin
from .reading import ReadingMixin
from .searching import SearchingMixin
from .theme_colors import theme_variables
from .timelining import TimelineMixin
from .widgets.document_list import DocumentList
from .widgets.entity_sidebar import EntitySidebar
from .screens.help import HelpScreen
from .i18n import article_count, label, other_language
from .widgets.key_bar import KeyBar
from .messages import (ArticleHighlighted, ArticleOpened, EntityChosen, FilterRemoved, MoreResultsRequested, QueryChanged,
                       SidebarScopeChanged)
from .widgets.reader import Reader
from .screen_text import visible
from .widgets.search_bar import SearchBar, SearchInput
from .widgets.timeline_strip import TimelineStrip

if TYPE_CHECKING:
    from .core.config import Config

#: The App's key actions that act on the explorer's panes (see ``check_action``).
EXPLORER_ACTIONS = frozenset({
    "focus_search", "next_match", "previous_match", "step_article", "toggle_sidebar", "toggle_highlights",
    "cycle_sort", "toggle_star", "tag", "note", "copy_passage", "copy_citation", "open_link", "export",
})
#: Below this size the layout cannot work; a message replaces it.
MIN_WIDTH, MIN_HEIGHT = 60, 15
#: Narrower than this, the list and the sidebar give up room.
NARROW_WIDTH = 100
#: Narrower than this, the sidebar folds away (``e`` opens it): with it, the
#: reading column would be under 70 characters.
SIDEBAR_MIN_WIDTH = 160


def running_over_ssh(config: Config) -> bool:
    """Lean mode: forced by ``[ssh] lean``, else on when SSH variables are set."""
    setting = config["ssh"]["lean"]
    if setting in ("on", "off"):
        return setting == "on"
    return bool(os.environ.get("SSH_CONNECTION") or os.environ.get("SSH_TTY"))


#: How long a thread keeps the GIL while another waits for it (CPython's default is 5 ms).
#: While a corpus loads, a thread finds its entities; with the default the event loop waited
#: behind it up to 0.75 s at a time on the real corpus (bench/large_bench.py, cold explorer:
#: 25 waits over 100 ms), typing and redrawing with it.  At 1 ms none was over 100 ms and the
#: load took as long.
GIL_SWITCH_SECONDS = 0.001


class ExplorerScreen(Screen):
    """The main screen: header, search bar, the three panes and the key bar.

    The app keeps the state; this screen only lays the widgets out and tells
    the app when it is up and when the terminal is resized.
    """

    AUTO_FOCUS = "#list"
    #: Priority, like ``/`` and ``escape``: the pane changes as the key arrives.  Otherwise the
    #: key is handed to the pane and acted on only once it has come back up to the app, after
    #: a ``/`` typed next (one burst: a fast typist, one SSH packet), and the tab then took the
    #: focus out of the search field, so the letters after the ``/`` went to a pane.
    BINDINGS = [Binding("tab", "next_pane", "action.cycle_panes", show=False, priority=True),
                Binding("shift+tab", "previous_pane", "action.cycle_panes", show=False, priority=True)]
    #: What tab and shift+tab go round from a pane: the panes shown, not the search field,
    #: where the next letter (a pane's key) would be typed into the query; ``/`` goes there.
    PANES = "#timeline, #list, #reader, #sidebar"

    def __init__(self, debounce: float, language: str, classes: str = "") -> None:
        super().__init__(classes=classes)
        self.debounce = debounce
        self.language = language

    def compose(self) -> ComposeResult:
        yield Static("", id="header", markup=False)
        yield SearchBar(self.debounce, self.language, id="search-bar")
        yield TimelineStrip(self.language, id="timeline")
        with Horizontal(id="main"):
            yield DocumentList(id="list")
            yield Reader(id="reader")
            yield EntitySidebar(id="sidebar")
        yield Static("", id="too-small", markup=False)
        yield KeyBar(self.language, id="key-bar")

    def on_mount(self) -> None:
        self.app.explorer_mounted()

    def action_next_pane(self) -> None:
        self._to_pane(1)

    def action_previous_pane(self) -> None:
        self._to_pane(-1)

    def _to_pane(self, step: int) -> None:
        """The next or previous pane; from the search field, its filter chips come first
        (``tab`` from the query reaches each chip, then the panes)."""
        in_search_bar = self.focused is not None and self.query_one(SearchBar) in self.focused.ancestors_with_self
        among = "*" if in_search_bar else self.PANES
        self.focus_next(among) if step > 0 else self.focus_previous(among)

    def on_resize(self, event: events.Resize) -> None:
        self.app.fit_to_size(event.size)

    def recount(self) -> None:
        """Syndicated stories now count once, or no longer: the timeline strip counts again."""
        self.app.recount_timeline()


def explorer_commands() -> type[Provider]:
    """The palette's commands (:mod:`tui.commands`), imported when the palette first opens."""
    from .commands import ExplorerCommands

    return ExplorerCommands


class VnbyApp(LoadingMixin, SearchingMixin, ReadingMixin, EntityListingMixin, MarkingMixin, CurationMixin, TimelineMixin,
              ExportingMixin, NoticesMixin, App[int]):
    """Browse, search and read a corpus of Vietnamese news articles."""

    TITLE = "vnby-tui"
    #: Whether to turn the garbage collector on once the first frame is out (the command line
    #: turns it off while the app starts: see ``tui.cli.run_explorer``).
    collect_after_first_frame = False
    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute: subclasses elsewhere still find it
    COMMANDS = {explorer_commands}

    BINDINGS = [
        # Priority: seen before the key goes to the focused pane, so the keys
        # typed right after one that moves focus (one burst over SSH) already
        # reach the new pane.  The actions skip when they do not apply.
        Binding("slash,ctrl+f", "focus_search", "action.search", priority=True),
        Binding("escape", "leave", "action.leave", priority=True),
        Binding("n", "next_match", "action.next_match"),
        Binding("N", "previous_match", "action.previous_match", show=False),
        Binding("left_square_bracket", "step_article(-1)", "action.previous_article", show=False),
        Binding("right_square_bracket", "step_article(1)", "action.next_article", show=False),
        Binding("e", "toggle_sidebar", "action.toggle_sidebar"),
        Binding("h", "toggle_highlights", "action.toggle_highlights"),
        Binding("s", "cycle_sort", "action.sort", show=False),
        Binding("asterisk", "toggle_star", "action.star"),
        Binding("t", "tag", "action.tag"),
        Binding("m", "note", "action.note"),
        Binding("X", "export", "action.export"),  # shown last: where the footer has room
        Binding("y", "copy_passage", "action.copy", show=False),
        Binding("Y", "copy_citation", "action.copy_citation", show=False),
        Binding("o", "open_link", "action.open_link", show=False),
        Binding("question_mark,f1", "help", "action.help"),
        Binding("q", "quit", "action.quit"),
        Binding("ctrl+c", "quit", "action.quit", show=False, priority=True),
        Binding("ctrl+z", "suspend_process", "action.suspend", show=False),
    ]

    def __init__(self, paths: Sequence[str], config: Config) -> None:
        super().__init__()
        self.config = config
        #: The GIL's switch interval before this app shortened it (given back when it ends).
        self._switch_interval = sys.getswitchinterval()
        self.preferences = Preferences.load()
        ui = self.preferences.apply(config["ui"])
        self.language = ui["language"]
        self._theme_name = ui["theme"]
        self.corpus = Corpus(list(paths))
        self.search_text = ""
        self.filters: list[tuple[str, str]] = []
        self.limit = max(int(config["search"]["limit"]), 1)
        self.sort = SORTS[0]  # relevance; ``s`` cycles through SORTS
        self.show_entities = bool(ui["highlight_entities"])
        #: Timelines and co-mentions count each syndicated story once (palette toggle).
        self.stories_once = bool(ui["count_stories_once"])
        self.sidebar_wanted = bool(config["ui"]["show_sidebar"])
        #: Set once ``e`` has opened or closed the sidebar: that choice holds at any width.
        self._sidebar_chosen = False
        self.entity_total = 0
        self._listed: Sequence[int] = ()
        self._strong: Sequence[int] = ()  # what "all results" in the sidebar counts: the strong set
        self._hit_total = 0  # every hit of the search, the weak ones too (what export's "every hit" writes)
        #: The user moved the list cursor over these results (off the first row): refreshed, they keep its article.
        self._cursor_moved = False
        #: (query, filters) the listed results are for: more of the same keeps the cursor.
        self._listed_for: tuple[str, list[tuple[str, str]]] = ("", [])
        self._search_generation = 0
        #: The article last asked for in the reader: an older one still being prepared is not shown.
        self._opening: int | None = None
        self._shown_for = ""  # the query whose matches the reader shows
        self._trim_timer: Timer | None = None
        self.lean = running_over_ssh(config)
        if self.lean:
            self.animation_level = "none"

    # -- layout ---------------------------------------------------------------------

    def get_default_screen(self) -> Screen:
        """The explorer, already with the layout classes of the terminal's size (which ``fit_to_size``
        keeps up to date): each class set once it is up styled every widget again before the first frame."""
        width, _height = self.size
        classes = [name for name, wanted in (("-narrow", width < NARROW_WIDTH),
                                              ("-with-sidebar", self._sidebar_shown(width))) if wanted]
        self.explorer = ExplorerScreen(self.config["search"]["debounce_ms"] / 1000, self.language, " ".join(classes))
        return self.explorer

    def explorer_mounted(self) -> None:
        """Fill the panes and start loading, once the explorer screen is up."""
        self._apply_theme(self._theme_name)
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        if self.preferences.warning:
            self.notify(visible(self.preferences.warning), severity="warning", markup=False)
        for widget in (self.document_list, self.reader, self.sidebar):
            widget.language = self.language
        self.document_list.border_title = label(self.language, "list.title")
        self.reader.border_title = label(self.language, "reader.title")
        self.sidebar.show([], label(self.language, "sidebar.loading"))
        self.reader.show_entities = self.show_entities
        if self.lean:  # a blinking cursor is a redraw twice a second, forever, over the wire
            self.search_bar.query_one(Input).cursor_blink = False
        self.fit_to_size(self.size)
        self._update_header()
        self.call_after_refresh(self._first_frame_out)

    def _first_frame_out(self) -> None:
        """The first frame is out: the collector runs again (``tui.cli.run_explorer`` held it), the
        corpus starts loading and the marks database opens, unless a key typed before has opened it
        (their imports, numpy, sqlite3…, came after the frame; the load asks for the marks from
        this loop once it ends, so after this)."""
        if self.collect_after_first_frame:
            self.collect_after_first_frame = False
            gc.enable()
        self.load_corpus(self.corpus)
        self.user_db  # noqa: B018 (the property opens it)

    def get_css_variables(self) -> dict[str, str]:
        """The theme's variables and the ``$vnby-*`` colours made readable from them."""
        variables = super().get_css_variables()
        return {**variables, **theme_variables(variables)}

    def _apply_theme(self, name: str) -> None:
        if name in self.available_themes:
            self.theme = name
        else:
            self.notify(visible(f"unknown theme {name!r}; using {self.theme}"), severity="warning", markup=False)

    # -- remembered choices -----------------------------------------------------------

    def _theme_changed(self, theme: Any) -> None:
        if theme.name != self._theme_name:  # not the start-up theme being applied again
            self._theme_name = theme.name
            self._remember("theme", theme.name)

    def _remember(self, key: str, value: object) -> None:
        """Keep a palette choice (theme, language, highlighting) for the next launch."""
        self.preferences.remember(key, value, self.config["ui"][key])
        self._save_preferences()

    @work(thread=True, group="preferences", exit_on_error=False, description="saving preferences")
    def _save_preferences(self) -> None:
        warning = self.preferences.warning
        if not self.preferences.save() and self.preferences.warning != warning:
            self.call_from_thread(self.notify, visible(self.preferences.warning or ""), severity="warning",
                                  markup=False)

    # The panes are looked up on the explorer screen, not ``self.screen``: a
    # worker may finish while the help screen or the palette is on top.
    @property
    def document_list(self) -> DocumentList:
        return self.explorer.query_one("#list", DocumentList)

    @property
    def reader(self) -> Reader:
        return self.explorer.query_one("#reader", Reader)

    @property
    def sidebar(self) -> EntitySidebar:
        return self.explorer.query_one("#sidebar", EntitySidebar)

    @property
    def search_bar(self) -> SearchBar:
        return self.explorer.query_one("#search-bar", SearchBar)

    def fit_to_size(self, size: Size) -> None:
        """Too small → message; narrow → sidebar folded unless asked for (``e``: opened there, it
        stays through a resize)."""
        width, height = size
        too_small = width < MIN_WIDTH or height < MIN_HEIGHT
        self.explorer.set_class(width < NARROW_WIDTH, "-narrow")
        for selector in ("#search-bar", "#main", "#key-bar"):
            self.explorer.query_one(selector).display = not too_small
        self.timeline_strip.set_class(too_small, "-hidden")
        message = self.explorer.query_one("#too-small", Static)
        message.display = too_small
        if too_small:
            message.update(label(self.language, "too_small", w=width, h=height, min_w=MIN_WIDTH, min_h=MIN_HEIGHT))
        self._show_sidebar(self._sidebar_shown(width))

    def _sidebar_shown(self, width: int) -> bool:
        """Whether the sidebar is shown at ``width`` (folded on a narrow terminal unless ``e`` opened it)."""
        return self.sidebar_wanted and (width >= SIDEBAR_MIN_WIDTH or self._sidebar_chosen)

    def _show_sidebar(self, show: bool) -> None:
        sidebar = self.sidebar
        sidebar.display = show
        self.explorer.set_class(show, "-with-sidebar")
        if not show and sidebar.has_focus:
            self.focus_now(self.document_list)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """In lean mode no input blinks when it takes the focus (a profile's filter, a dialog's
        field, the palette's), as the search bar does not: a blink is a redraw over the wire.
        On the explorer, whether the reader or the sidebar has it (``-reading``: on a narrow
        terminal the list then gives the reader its room).  The focus may have moved in a dialog
        that has closed before this reaches the app (``X`` ``tab`` ``enter`` in one burst): nothing
        is left to do then (its screen, asked for, raised ``NoScreen`` and ended the explorer)."""
        if self.lean and isinstance(event.widget, Input):
            event.widget.cursor_blink = False
        if not event.widget.is_attached:  # focused in a dialog closed since (keys in one burst)
            return
        if event.widget.screen is self.explorer:
            self.explorer.set_class(event.widget in (self.reader, self.sidebar), "-reading")

    def on_unmount(self) -> None:
        gc.unfreeze()  # an app that ends gives back what it froze (tests run many in one process)
        sys.setswitchinterval(self._switch_interval)  # and the GIL's turns as they were

    def _update_header(self) -> None:
        count = len(self.corpus.articles)
        paths = len(self.corpus.paths)
        name = self.corpus.name if paths == 1 else label(self.language, "header.paths", n=paths)
        parts = [label(self.language, "app.title"), name, article_count(self.language, count)]
        if self.corpus.loaded:
            parts.append(label(self.language, "header.entities", n=self.entity_total))
        if self.sort != SORTS[0]:
            parts.append(label(self.language, f"header.sort.{self.sort}"))
        found = self.explorer.query("#header")
        if not found:  # the app is closing (a progress tick after its widgets went)
            return
        header = found.first(Static)
        progress = self._progress_text()
        line = " · ".join([*parts, progress] if progress else parts)
        if progress and len(line) > header.size.width > 0:  # too long: the loading stage drops its rate,
            line = " · ".join([*parts, self._progress_text(narrow=True)])
            if len(line) > header.size.width:  # then the app's name (the terminal's title has it)
                line = " · ".join([*parts[1:], self._progress_text(narrow=True)])
        header.update(line, layout=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker that failed is reported in one line; the explorer stays usable."""
        if event.state == WorkerState.ERROR:
            if event.worker.group == "search":  # no results are coming: the held keys apply now
                # (the list is looked for, not assumed: a search may fail as the app closes)
                for listing in self.explorer.query("#list").results(DocumentList):
                    if listing.holding:
                        listing.release_cursor()
            error = event.worker.error
            message = label(self.language, "worker.failed", what=event.worker.name,
                            error=f"{type(error).__name__}: {error}")
            self.notify(visible(message), severity="error", timeout=10, markup=False)
            if event.worker.group == "load":  # the header stops saying "loading…"
                self.corpus.failed = True
                self._update_header()

    # -- searching (tui/searching.py; decorated handlers must be declared on the App) --

    @on(QueryChanged)
    def _query_changed(self, message: QueryChanged) -> None:
        self.query_changed(message)

    @on(MoreResultsRequested)
    def _more_results(self) -> None:
        self.more_results()

    # -- reading --------------------------------------------------------------------

    @on(ArticleHighlighted)
    def _article_highlighted(self, message: ArticleHighlighted) -> None:
        """The list cursor moved: the reader previews its article, unless keys are still
        held for coming results or the cursor has moved on since (a newer message follows).
        Off the first row, the cursor is the user's choice, which refreshed results keep."""
        listing = self.document_list
        if not listing.holding and message.doc == listing.current_doc:
            if listing.docs and message.doc != listing.docs[0]:
                self._cursor_moved = True
            self._preview(message.doc)

    @on(ArticleOpened)
    def _article_opened(self, message: ArticleOpened) -> None:
        """Enter or a click on a row: the article is shown already; go and read it."""
        self._preview(message.doc)
        if self.document_list.has_focus:
            self.focus_now(self.reader)

    def action_toggle_highlights(self) -> None:
        self.show_entities = not self.show_entities
        self.reader.set_show_entities(self.show_entities)
        self._remember("highlight_entities", self.show_entities)

    def action_toggle_stories_once(self) -> None:
        """Count each syndicated story once in timelines and co-mentions, or every article."""
        self.stories_once = not self.stories_once
        self._remember("count_stories_once", self.stories_once)
        self.notify(label(self.language, "stories_once.on" if self.stories_once else "stories_once.off"),
                    markup=False)
        self.counting_changed()

    def counting_changed(self) -> None:
        """What counts articles (timeline, entity profile) counts again, the new way."""
        for screen in self.screen_stack:
            recount = getattr(screen, "recount", None)
            if recount is not None:
                recount()

    def counted(self, docs: Sequence[int]) -> Sequence[int]:
        """``docs`` as timelines and co-mentions count them: every article, or each
        syndicated story once (its earliest dated article) when that is chosen and the
        stories are known."""
        copies = self.corpus.copies
        if not self.stories_once or copies is None:
            return docs
        return copies.stories(docs, self.corpus.articles)

    # -- entities -------------------------------------------------------------------

    @on(SidebarScopeChanged)
    def _sidebar_scope_changed(self) -> None:
        self.refresh_sidebar()

    @on(EntityChosen)
    def _entity_chosen(self, message: EntityChosen) -> None:
        if any(key == message.key for key, _ in self.filters):
            return
        self.filters.append((message.key, message.name))
        self._filters_changed()

    @on(FilterRemoved)
    def _filter_removed(self, message: FilterRemoved) -> None:
        self.filters = [(key, name) for key, name in self.filters if key != message.key]
        self._filters_changed()

    def _filters_changed(self) -> None:
        self.search_bar.set_chips(self.filters)
        self.refresh_results()
        if self.reader.doc is not None:
            self.open_article(self.reader.doc)

    # -- keys -----------------------------------------------------------------------

    async def _check_bindings(self, key: str, priority: bool = False) -> bool:
        """A key for a pane of the explorer is acted on as it arrives, like ``/`` and ``escape``.

        Textual hands a key that no priority binding takes to the focused widget and
        looks up the other bindings only once the key has come back up to the app,
        after the keys behind it that priority bindings take.  Typed in one burst (a
        fast typist, one SSH packet), ``j /`` lost the ``j``: the search field had the
        focus when it came back, where ``j`` is bound to nothing.  The panes bind
        their keys and handle none themselves, so nothing else changes; a text field
        still takes its keys in turn (the letters typed before ``enter``)."""
        if await super()._check_bindings(key, priority):
            return True
        if priority and self.screen is getattr(self, "explorer", None) and self.focused is not None \
                and not isinstance(self.focused, Input):
            return await super()._check_bindings(key)
        return False

    def focus_now(self, widget: Widget) -> None:
        """Move focus before the next key is handled.

        ``Widget.focus()`` defers the move, so keys that arrive in the same
        burst (a fast typist, a paste, one SSH packet holding ``/to lam``)
        would go to the old pane and be lost.
        """
        self.explorer.set_focus(widget)

    def action_cycle_sort(self) -> None:
        """``s``: relevance → newest → oldest first; the header says which, the list re-sorts
        (by date within each tier of evidence, see ``tui.core.find``)."""
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self._update_header()
        self.refresh_results()
        if self.sort != SORTS[0] and self.corpus.articles and not self._any_dated():
            self.notify(label(self.language, "sort.undated"), severity="warning", markup=False)

    def _any_dated(self) -> bool:
        """Whether any article has a date (a corpus without any cannot be sorted by date)."""
        from .core.dates import UNDATED
        from .core.find import date_keys

        return bool((date_keys(self.corpus.articles) > UNDATED).any())

    def action_focus_search(self) -> None:
        """Into the search field; in any text field (or over a dialog) ``/`` is just typed."""
        if self.screen is not self.explorer or isinstance(self.focused, Input):
            raise SkipAction()
        self.focus_now(self.explorer.query_one(SearchInput))

    def action_submit_search(self) -> None:
        """Enter in the search field: to the list at once, its cursor on the top hit, which the reader shows
        (the focus stays in the list: ``enter`` there reads it, ``j`` moves on).

        Acted on when the key arrives, not on the field's later ``Submitted``:
        the keys typed next (``j`` ``j`` in the same burst) already go to the
        list, which keeps them until the results are shown.  The query is read
        once the field has taken the keys typed before enter."""
        if self.screen is not self.explorer or not isinstance(self.focused, SearchInput):
            raise SkipAction()
        field = self.focused
        self.focus_now(self.document_list)
        self.document_list.hold_cursor()
        field.call_later(self._submit_query)

    def _submit_query(self) -> None:
        query = self.search_bar.take_query()
        to_top = bool(query.strip())
        if to_top:
            self.remember_query(query)
            self.search_bar.set_history(self.query_history())
        if self.corpus.search_index is None:  # nothing indexed yet: no results are coming
            self.document_list.release_cursor()
            return
        if query != self.search_text:
            self.search_text = query
            self.limit = max(int(self.config["search"]["limit"]), 1)
            self.refresh_results()
        # the list replays the held keys on the rows of this search, shown already or not
        self.document_list.release_cursor_on(self._search_generation, top=to_top)

    def action_leave(self) -> None:
        """Escape: out of the search field or the reader, else drop the last entity filter, else
        back to the list from wherever the focus is (the sidebar, the timeline strip): the key
        bar offers "Back / clear filter" on every pane, and with no filter it did nothing there."""
        if self.screen is not self.explorer:
            raise SkipAction()
        if isinstance(self.focused, SearchInput) or self.focused is self.reader:
            self.focus_now(self.document_list)
        elif self.filters:
            self.filters.pop()
            self._filters_changed()
        elif self.focused is not self.document_list:
            self.focus_now(self.document_list)

    def action_toggle_sidebar(self) -> None:
        self.sidebar_wanted = not self.sidebar.display
        self._sidebar_chosen = True
        self._show_sidebar(self.sidebar_wanted)
        if self.sidebar_wanted:
            self.refresh_sidebar()

    def action_entity_profile(self) -> None:
        """``p`` on the sidebar: the profile of the entity under the cursor; a mention chosen there
        opens its article at that mention."""
        entity = self.sidebar.current_entity if self.corpus.loaded else None
        if entity is not None and self.corpus.entity_index is not None:
            self.show_entity_profile(entity)

    def show_entity_profile(self, entity: Any) -> None:
        """The profile of ``entity``, in place of one open already (a mention chosen in a
        profile stacked on another went to the explorer under the other one)."""
        from .screens.entity_profile import EntityProfileScreen

        screen = self.screen
        if isinstance(screen, EntityProfileScreen) and screen.entity.key == entity.key:
            return
        while any(isinstance(open_screen, EntityProfileScreen) for open_screen in self.screen_stack):
            self.pop_screen()

        def chosen(at: tuple[int, int] | None) -> None:
            if at is not None:
                self.reader.scroll_on_open(*at)
                self.open_article(at[0])

        self.push_screen(EntityProfileScreen(self.language, self.corpus.articles, self.corpus.entity_index, entity),
                         chosen)

    def action_ask_entity_profile(self) -> None:
        """The palette's "Entity profile…": a name (completed from the corpus's entities), then its profile."""
        from .screens.entity_profile import ask_entity

        if self.corpus.loaded and self.corpus.entity_index is not None:
            ask_entity(self, self.corpus.entity_index, self.show_entity_profile)

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.language))

    def push_screen(self, screen: Any, callback: Any = None, wait_for_dismiss: bool = False) -> Any:
        """Open ``screen``, unless a dialog of its kind is open already (the palette can be
        opened over any dialog): ``ctrl+p`` → "Saved searches" over the saved searches
        stacked a second one, a search run closed only the top one and the next keys went
        to the one left hidden.  The palettes keep their own check."""
        if (isinstance(screen, ModalScreen) and not isinstance(screen, CommandPalette)
                and any(type(open_screen) is type(screen) for open_screen in self.screen_stack)):
            if wait_for_dismiss:
                refused = asyncio.get_running_loop().create_future()
                refused.set_result(None)
                return refused
            return AwaitMount(self.screen, [])
        return super().push_screen(screen, callback, wait_for_dismiss=wait_for_dismiss)

    # -- suspend (ctrl+z, fg) ---------------------------------------------------------

    def on_mount(self) -> None:
        sys.setswitchinterval(min(self._switch_interval, GIL_SWITCH_SECONDS))
        self.app_resume_signal.subscribe(self, self._repaint_after_resume)
        self._progress_shown = None
        self.set_interval(0.5, self._show_new_progress)

    def _repaint_after_resume(self, _app: App) -> None:
        """Draw the whole screen again once ``fg`` has brought the process back.

        On SIGCONT Textual's driver re-enters the alternate screen, which the
        terminal shows blank, then posts a resize of the unchanged size (ignored)
        and the resume signal; unlike ``App.suspend()`` it does not refresh, so
        the compositor thinks the last frame is still shown and nothing is
        drawn until a key dirties a widget.  The signal only comes once the
        driver is back in application mode in the foreground, so repaint here.
        """
        self.refresh(layout=True)

    # -- command palette ------------------------------------------------------------

    def action_command_palette(self) -> None:
        """Textual's palette in the interface's language (the commands are ours)."""
        from .commands import Palette

        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(Palette(self.language, "palette.commands", id="--command-palette"))

    def search_themes(self) -> None:
        """Textual's theme picker in the interface's language (the themes keep their own names)."""
        from .commands import Palette

        self.push_screen(Palette(self.language, "palette.themes", providers=[ThemeProvider]))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Commands that have nothing to act on are not offered (the palette asks too): the
        explorer's keys (matches, the sidebar, marks on the open article…) on another screen,
        such as an entity profile, where they would act on the article hidden behind it."""
        if action == "show_warnings":
            return bool(self.corpus.warnings)
        if action in EXPLORER_ACTIONS and not self._explorer_in_view():
            return False
        return super().check_action(action, parameters)

    def _explorer_in_view(self) -> bool:
        """The explorer is the screen in view, perhaps under a dialog or the command palette
        (which are modal); not when a screen of its own, such as a profile, covers it."""
        for screen in reversed(self.screen_stack):
            if not isinstance(screen, ModalScreen):
                return screen is getattr(self, "explorer", None)
        return False

    def action_switch_language(self) -> None:
        self.set_language(other_language(self.language))
        self._remember("language", self.language)

    def set_language(self, language: str) -> None:
        """Relabel every pane in ``language`` ("en" or "vi")."""
        self.language = language
        self.document_list.language = language
        self.document_list.border_title = label(language, "list.title")
        self.document_list.repaint_rows()
        self.reader.border_title = label(language, "reader.title")
        self.reader.set_language(language)
        self.sidebar.set_language(language)
        self.search_bar.set_language(language)
        self.explorer.query_one(KeyBar).set_language(language)
        self.timeline_strip.language = language
        self.timeline_strip.refresh()
        self._update_header()
        self.refresh_results()

    def action_open_path(self) -> None:
        from .dialogs.open_path import OpenPathScreen

        self.push_screen(OpenPathScreen(self.language), self._open_path)

    def _open_path(self, path: str | None) -> None:
        if not path:
            return
        path = os.path.expanduser(path)
        if not os.path.exists(path):
            self.notify(visible(label(self.language, "open.missing", path=path)), severity="error", markup=False)
            return
        self.open_corpus([path])

    def open_corpus(self, paths: Sequence[str]) -> None:
        """Drop the current corpus and load ``paths`` in its place."""
        self.workers.cancel_group(self, "load")
        self.workers.cancel_group(self, "stories")
        gc.unfreeze()  # what the old corpus leaves in cycles can be collected again
        self.corpus = Corpus(list(paths))
        self.document_list.copies = None
        self.filters = []
        self.entity_total = 0
        self.search_bar.set_chips([])
        self.reader.clear()
        self.document_list.mark_open(None)
        self.sidebar.show([], label(self.language, "sidebar.loading"))
        self._list_all(keep_cursor=False)
        self._update_header()
        self.load_corpus(self.corpus)

    def action_show_warnings(self) -> None:
        from .dialogs.load_warnings import WarningsScreen

        if not self.corpus.warnings:  # an empty log says nothing; one line does
            self.notify(label(self.language, "warnings.none"), markup=False)
            return
        self.push_screen(WarningsScreen(self.language, list(self.corpus.warnings)))
