"""The vnby-tui explorer: search bar, article list, reader and entity sidebar.

The app owns the state (query, entity filters, open article) and the
workers; the widgets only display what they are given and post messages
(``tui/messages.py``).  Everything slow — loading, indexing, searching,
gathering entities — runs in thread workers, so the first frame appears at
once and typing never waits.  Core modules (search, entities) are imported
inside those workers, keeping start-up light.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events, on, work
from textual.actions import SkipAction
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.geometry import Size
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, Static
from textual.worker import Worker, WorkerState, get_current_worker

from .commands import ExplorerCommands
from .core.filters import SORTS
from .core.preferences import Preferences
from .corpus import Corpus
from .curating import CurationMixin
from .entity_listing import EntityListingMixin
from .marking import MarkingMixin
from .reading import ReadingMixin
from .theme_colors import theme_variables
from .timelining import TimelineMixin
from .widgets.document_list import DocumentList
from .widgets.entity_sidebar import EntitySidebar
from .screens.help import HelpScreen
from .i18n import label, other_language
from .widgets.key_bar import KeyBar
from .messages import (ArticleHighlighted, ArticleOpened, EntityChosen, FilterRemoved, MoreResultsRequested, QueryChanged,
                       SidebarScopeChanged)
from .widgets.reader import Reader
from .screen_text import visible
from .widgets.search_bar import SearchBar, SearchInput
from .widgets.timeline_strip import TimelineStrip

if TYPE_CHECKING:
    from .core.config import Config

#: Below this size the layout cannot work; a message replaces it.
MIN_WIDTH, MIN_HEIGHT = 60, 15
#: Narrower than this, the list and the sidebar give up room.
NARROW_WIDTH = 100
#: Narrower than this, the sidebar folds away (``e`` opens it): with it, the
#: reading column would be under 70 characters.
SIDEBAR_MIN_WIDTH = 160
#: Seconds without a new search after which the memory searches freed is handed back.
TRIM_AFTER_IDLE = 2.0


def running_over_ssh(config: Config) -> bool:
    """Lean mode: forced by ``[ssh] lean``, else on when SSH variables are set."""
    setting = config["ssh"]["lean"]
    if setting in ("on", "off"):
        return setting == "on"
    return bool(os.environ.get("SSH_CONNECTION") or os.environ.get("SSH_TTY"))


def freeze_what_is_loaded() -> None:
    """Take what the load has built so far out of the garbage collector's sight.

    Loading makes millions of objects that stay (articles, vocabulary, mentions).  Each
    time they grow by a quarter, a full collection walks them all, holding the GIL for
    a few hundred milliseconds: the event loop waits, typing freezes.  Frozen, a
    collection walks only what was made since.  The young garbage is collected first, so
    that no cycle already dropped is frozen with the rest."""
    gc.collect(1)
    gc.freeze()


class ExplorerScreen(Screen):
    """The main screen: header, search bar, the three panes and the key bar.

    The app keeps the state; this screen only lays the widgets out and tells
    the app when it is up and when the terminal is resized.
    """

    AUTO_FOCUS = "#list"

    def __init__(self, debounce: float, language: str) -> None:
        super().__init__()
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

    def on_resize(self, event: events.Resize) -> None:
        self.app.fit_to_size(event.size)

    def recount(self) -> None:
        """Syndicated stories now count once, or no longer: the timeline strip counts again."""
        self.app.recount_timeline()


class VnbyApp(ReadingMixin, EntityListingMixin, MarkingMixin, CurationMixin, TimelineMixin, App[int]):
    """Browse, search and read a corpus of Vietnamese news articles."""

    TITLE = "vnby-tui"
    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute: subclasses elsewhere still find it
    COMMANDS = {ExplorerCommands}

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
        self.entity_total = 0
        self._listed: Sequence[int] = ()
        self._strong: Sequence[int] = ()  # what "all results" in the sidebar counts: the strong set
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
        self.explorer = ExplorerScreen(self.config["search"]["debounce_ms"] / 1000, self.language)
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
        self.call_after_refresh(self.load_corpus, self.corpus)  # the first frame goes out before heavy imports

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
        """Too small → message; narrow → sidebar folded unless asked for."""
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
        self._show_sidebar(self.sidebar_wanted and width >= SIDEBAR_MIN_WIDTH)

    def _show_sidebar(self, show: bool) -> None:
        sidebar = self.sidebar
        sidebar.display = show
        if not show and sidebar.has_focus:
            self.focus_now(self.document_list)

    # -- loading --------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load_corpus(self, corpus: Corpus) -> None:
        """Load (or restore from the cache) the corpus and both indexes, batch by batch.

        After each batch the UI lists and searches what has arrived; quitting
        or opening another corpus cancels between batches.
        """
        from .core.curation import curated
        from .core.workspace import Cancelled, open_corpus

        worker = get_current_worker()
        entities = self.config["entities"]
        try:
            workspace = open_corpus(
                corpus.paths,
                use_cache=self.config["cache"]["enabled"],
                extra={kind: entities[f"extra_{kind}"] for kind in ("PER", "ORG", "LOC")},
                never=entities["never"],
                on_warning=corpus.warnings.append,
                on_progress=lambda progress: self._progress_made(corpus, progress),
                on_batch=lambda workspace, first, count: self._batch_loaded(corpus, workspace),
                cancelled=lambda: worker.is_cancelled,
            )
        except Cancelled:
            return
        workspace.entity_index = curated(workspace.entity_index, self._curation())
        corpus.attach(workspace)
        if not worker.is_cancelled:
            self.call_from_thread(self._corpus_loaded, corpus)

    @work(thread=True, exclusive=True, group="stories", exit_on_error=False)
    def group_stories(self, corpus: Corpus) -> None:
        """Group the syndicated stories (when the cache had no groups), after loading:
        searching, entities and marks never wait for it."""
        from .core.workspace import Cancelled, add_copies

        worker = get_current_worker()
        try:
            corpus.copies = add_copies(corpus.workspace, self.config["cache"]["enabled"],
                                       on_warning=corpus.warnings.append, cancelled=lambda: worker.is_cancelled)
        except Cancelled:
            return
        if not worker.is_cancelled:
            self.call_from_thread(self._stories_grouped, corpus)

    def _stories_grouped(self, corpus: Corpus) -> None:
        if corpus is self.corpus:
            self.document_list.set_copies(corpus.copies)
            self.counting_changed()

    def _curation(self) -> Any:
        """The user's entity corrections (a broken file is a load warning, and none apply)."""
        from .core.curation import Curation, CurationError

        configured = self.config["entities"].get("curation", "")
        try:
            return Curation.load(Path(configured).expanduser() if configured else None)
        except CurationError as exc:
            self.corpus.warnings.append(str(exc))
            return None

    def _progress_made(self, corpus: Corpus, progress: Any) -> None:
        corpus.progress = progress  # shown by _show_new_progress (never waits for the event loop)

    def _show_new_progress(self) -> None:
        """Twice a second while loading, the header shows a progress it has not shown yet
        (the entity stage has no batches to redraw it), and what the load has built so far
        is frozen (:func:`freeze_what_is_loaded`; writing the cache reports no progress)."""
        if self.corpus.loaded or self.corpus.failed:
            return
        freeze_what_is_loaded()
        progress = self.corpus.progress
        if progress is not self._progress_shown:
            self._progress_shown = progress
            self._update_header()

    def _batch_loaded(self, corpus: Corpus, workspace: Any) -> None:
        corpus.attach(workspace)
        self.call_from_thread(self._show_progress, corpus)

    def _show_progress(self, corpus: Corpus) -> None:
        if corpus is not self.corpus:
            return
        self._update_header()
        if self.search_text.strip():
            self.refresh_results()  # what was just indexed is searchable at once
        elif not self.filters:
            self._list_all(keep_cursor=True)

    def _corpus_loaded(self, corpus: Corpus) -> None:
        if corpus is not self.corpus:
            return
        corpus.loaded = True
        # 100k entities are a million objects that stay as they are; each full collection
        # would walk them all (half a second at that size), every thread waiting, the
        # event loop too.  Frozen, collections walk only what was made after loading.
        gc.freeze()
        self.entity_total = len(corpus.entity_index)
        self.gather_marks(corpus)
        if corpus.copies is None:
            self.group_stories(corpus)
        else:
            self.document_list.set_copies(corpus.copies)
        self.search_bar.set_history(self.query_history())
        self._update_header()
        if corpus.warnings:
            self.notify(label(self.language, "warnings.count", n=len(corpus.warnings)), severity="warning", markup=False)
        self.refresh_results()
        self.refresh_sidebar()
        if self.reader.doc is not None:
            self.open_article(self.reader.doc)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """In lean mode no input blinks when it takes the focus (a profile's filter, a dialog's
        field, the palette's), as the search bar does not: a blink is a redraw over the wire."""
        if self.lean and isinstance(event.widget, Input):
            event.widget.cursor_blink = False

    def on_unmount(self) -> None:
        gc.unfreeze()  # an app that ends gives back what it froze (tests run many in one process)

    def _progress_text(self) -> str:
        """Every stage still running, the first in full: ``indexing 45% · 20.1 MB/s ·
        3 s left · entities 30%``, then ``searchable · entities 62% · …`` — never
        100 % while work remains (:mod:`tui.core.progress`)."""
        progress = self.corpus.progress
        if self.corpus.loaded:
            return ""
        if self.corpus.failed:
            return label(self.language, "header.failed")
        if progress is None:
            return label(self.language, "header.starting")
        parts = [label(self.language, "header.searchable")] if progress.searchable else []
        for number, stage in enumerate(progress.running):
            name = label(self.language, f"header.stage.{stage.name}")
            if number:
                parts.append(label(self.language, "header.stage.short", stage=name, pct=stage.percent))
                continue
            if not stage.sized:
                parts.append(label(self.language, "header.stage.unsized", stage=name))
                continue
            left = stage.seconds_left
            parts.append(label(self.language, "header.stage", stage=name, pct=stage.percent,
                               rate=stage.mb_per_second, left="?" if left is None else f"{left:.0f}"))
        return " · ".join(parts)

    def _update_header(self) -> None:
        count = len(self.corpus.articles)
        parts = [label(self.language, "app.title"), self.corpus.name,
                 label(self.language, "header.article" if count == 1 else "header.articles", n=count)]
        if self.corpus.loaded:
            parts.append(label(self.language, "header.entities", n=self.entity_total))
        if self.sort != SORTS[0]:
            parts.append(label(self.language, f"header.sort.{self.sort}"))
        progress = self._progress_text()
        if progress:
            parts.append(progress)
        self.explorer.query_one("#header", Static).update(" · ".join(parts), layout=False)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker that failed is reported in one line; the explorer stays usable."""
        if event.state == WorkerState.ERROR:
            if event.worker.group == "search" and self.document_list.holding:
                self.document_list.release_cursor()  # no results are coming: the held keys apply now
            error = event.worker.error
            message = label(self.language, "worker.failed", what=event.worker.name,
                            error=f"{type(error).__name__}: {error}")
            self.notify(visible(message), severity="error", timeout=10, markup=False)
            if event.worker.group == "load":  # the header stops saying "loading…"
                self.corpus.failed = True
                self._update_header()

    # -- results --------------------------------------------------------------------

    @on(QueryChanged)
    def _query_changed(self, message: QueryChanged) -> None:
        """The debounced query: searched unless the field has changed since (a newer
        one is on its way) or ``enter`` searched it already."""
        if message.query != self.search_text and message.query == self.search_bar.query_text:
            self.search_text = message.query
            self.limit = max(int(self.config["search"]["limit"]), 1)
            self.refresh_results()

    def refresh_results(self) -> None:
        """Fill the list for the current query and filters (searching in a worker)."""
        self._search_generation += 1
        if not self.search_text.strip() and not self.filters:
            self.workers.cancel_group(self, "search")
            self._list_all(keep_cursor=False)
            self.search_bar.set_hit_count("")
            self.reader.update_matches([])
            self._shown_for = self.search_text
            self._results_shown(self._search_generation)
            return
        self._start_search()

    def _start_search(self) -> None:
        # Spans (for the match counts and title highlights) are found in the
        # worker only for the rows on screen: each costs about a millisecond.
        if self._trim_timer is not None:  # still typing: the memory trim waits for these results' pause
            self._trim_timer.stop()
        self.run_search(self._search_generation, self.search_text, list(self.filters), self.limit, self.sort,
                        self.reader.doc, self.document_list.rows_on_screen + 1)

    def _list_all(self, keep_cursor: bool) -> None:
        if self.sort == SORTS[0]:
            docs: Sequence[int] = range(len(self.corpus.articles))
        else:
            from .core.find import date_order

            docs = date_order(self.corpus.articles, self.sort)
        keep = self.document_list.current_doc if keep_cursor else self.reader.doc
        self._listed = self._strong = docs
        self._listed_for = ("", [])
        self.document_list.show(self.corpus.articles, docs, keep_doc=keep, message=self._why_empty(),
                                generation=self._search_generation)
        self.show_timeline(docs)

    def _why_empty(self) -> list[str]:
        """What an empty list says: no articles, and why when the load said why (an empty
        file, a broken one), so the reason stays once its notification has gone."""
        warnings = list(self.corpus.warnings)
        why = [visible(str(warning)) for warning in warnings[:3]]
        more = [label(self.language, "warnings.count", n=len(warnings))] if len(warnings) > 3 else []
        return [label(self.language, "list.empty"), *why, *more]

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def run_search(self, generation: int, query: str, filters: list[tuple[str, str]], limit: int, sort: str,
                   open_doc: int | None, prepare: int) -> None:
        """Search (or just filter) in a thread; a newer search makes this one's result moot."""
        from .core.find import EntitiesNotReady, QuerySyntaxError

        corpus = self.corpus
        worker = get_current_worker()
        if corpus.search_index is None:
            return  # nothing indexed yet: the first batch searches again
        try:
            found = corpus.find(query, filters, limit, sort)
        except (QuerySyntaxError, EntitiesNotReady) as problem:
            if not worker.is_cancelled:
                self.call_from_thread(self._show_query_problem, generation, str(problem))
            return
        results = found.results.prepare(prepare)
        listed = [hit.doc for hit in results.hits]
        if found.query.has_words:
            hits = {hit.doc: hit for hit in results.hits}
            total, tiers = results.total, results.tiers
            # all of the strong set, not only among the hits listed: the timeline and "all results" count it
            strong = results.strong if results.strong is not None else results.strong_docs()
        else:
            hits, total, tiers, strong = {}, len(listed), None, listed
        suggestion = self._drop_word_suggestion(found) if found.query.has_words and not listed else None
        matches = None
        if open_doc is not None and open_doc < len(corpus.articles):
            matches = (open_doc, self._matches_in(corpus.articles[open_doc], query))
        if not worker.is_cancelled:
            self.call_from_thread(self._show_results, generation, listed, hits, total, suggestion, matches, tiers, strong,
                                  found.notes)

    def _drop_word_suggestion(self, found: Any) -> str | None:
        """The query minus the one word whose removal finds the most articles (its filters kept)."""
        words = found.query.words.split()
        filters = " ".join(term.text for term in found.query.filters)
        best, best_total = None, 0
        for index in range(len(words)) if len(words) > 1 else ():
            candidate = " ".join(words[:index] + words[index + 1:])
            total = self.corpus.search_index.search(candidate, limit=1, docs=found.kept).total
            if total > best_total:
                best, best_total = f"{candidate} {filters}".strip(), total
        return best

    def _show_query_problem(self, generation: int, problem: str) -> None:
        """A query that cannot be read (or waits for the entities): the one-line reason where
        the count goes; the list keeps what it showed, so nothing vanishes while typing."""
        if generation != self._search_generation:
            return
        self.search_bar.set_hit_count(visible(problem))
        self.document_list.rows_answer(generation)  # keys held for this search apply to them
        self._results_shown(generation)

    def _show_results(self, generation: int, listed: list[int], hits: dict[int, Any], total: int,
                      suggestion: str | None, matches: tuple[int, list[Any]] | None,
                      tiers: dict[str, int] | None = None, strong: Sequence[int] | None = None,
                      notes: Sequence[str] = ()) -> None:
        if generation != self._search_generation:
            return
        keep = self._doc_to_keep(listed)
        self._listed = listed
        self._strong = listed if strong is None else strong
        message = []
        if not listed and not self.search_text.strip():
            message.append(label(self.language, "search.none_filtered"))
        elif not listed:  # with filters, the query may match and the filters leave nothing: say both
            message.append(label(self.language, "search.none_with_filters" if self.filters else "search.none",
                                 query=visible(self.search_text.strip())))
            if suggestion:
                message.append(label(self.language, "search.suggest_drop", suggestion=suggestion))
        message.extend(visible(note) for note in notes)
        more = max(total - len(listed), 0) if self.search_text.strip() else 0
        self._listed_for = (self.search_text, list(self.filters))
        self.document_list.show(self.corpus.articles, listed, hits, more=more, message=message, keep_doc=keep,
                                tiers=tiers, generation=generation)
        self.show_timeline(self._strong)
        if not self.search_text.strip():
            count = label(self.language, "header.article" if total == 1 else "header.articles", n=total)
        elif tiers and sum(1 for n in tiers.values() if n) > 1:
            # "9 articles with the phrase · 38 near · 301 with the words scattered"
            count = " · ".join(label(self.language, f"search.tier.{name}" + (".one" if n == 1 and name == "phrase" else ""), n=n)
                               for name, n in tiers.items() if n)
        else:
            count = label(self.language, "search.hit") if total == 1 else label(self.language, "search.hits", n=total)
        self.search_bar.set_hit_count(count)
        if matches is not None and matches[0] == self.reader.doc:  # the article open when the search began
            self.reader.update_matches(matches[1])
            self._shown_for = self.search_text
        self._results_shown(generation)
        self._trim_when_idle()

    def _doc_to_keep(self, listed: Sequence[int]) -> int | None:
        """Where the list cursor goes in new results: the same article for more of the
        same results (the first new hit when the "more" row was chosen); the top hit
        for a new query; else the article being read, if listed."""
        listed_query, listed_filters = self._listed_for
        if (self.search_text, self.filters) == (listed_query, listed_filters):
            doc = self.document_list.current_doc
            if doc is None and self.document_list.more and len(listed) > len(self._listed):
                return listed[len(self._listed)]
            return doc
        if self.search_text.strip() and self.search_text != listed_query:
            return None
        return self.reader.doc

    def _results_shown(self, generation: int) -> None:
        """New rows are in the list (which replayed the keys held since enter on them):
        the reader follows the cursor (or empties when nothing is listed), the sidebar recounts."""
        self._preview(self.document_list.current_doc)
        if self.sidebar.scope == "results":
            self.refresh_sidebar()

    def _preview(self, doc: int | None) -> None:
        """Show ``doc`` in the reader; with nothing listed, show nothing."""
        if doc is None:
            if self.document_list.row_count() == 0 and self.reader.doc is not None:
                self.reader.clear()
                self.document_list.mark_open(None)
                if self.sidebar.scope == "doc":
                    self.refresh_sidebar()
        elif doc != self.reader.doc or doc != self._opening or self._shown_for != self.search_text:
            # Shown but another article asked for since (its preparation still running, it
            # would replace this one): ask for this one again, which makes the other stale.
            # Or shown with the matches of an earlier query (prepared while the query was
            # still being typed): prepare it again for this one.
            self.open_article(doc)

    def _trim_when_idle(self) -> None:
        """Hand back the memory searches freed, once the user stops typing.

        A search makes and drops tens of megabytes of temporary arrays; after
        a cold load the C allocator keeps what they freed (a 200 MB corpus
        grew from 2.4x to 3.6x its text over 180 searches).  Trimming costs
        5-25 ms, so it runs in a thread, and only after a pause."""
        if self._trim_timer is not None:
            self._trim_timer.stop()
        self._trim_timer = self.set_timer(TRIM_AFTER_IDLE, self._trim_memory)

    @work(thread=True, exclusive=True, group="trim", exit_on_error=False)
    def _trim_memory(self) -> None:
        from .core.index import release_freed_memory

        release_freed_memory()

    @on(MoreResultsRequested)
    def _more_results(self) -> None:
        self.limit *= 2
        self._search_generation += 1
        self._start_search()

    # -- reading --------------------------------------------------------------------

    @on(ArticleHighlighted)
    def _article_highlighted(self, message: ArticleHighlighted) -> None:
        """The list cursor moved: the reader previews its article, unless keys are still
        held for coming results or the cursor has moved on since (a newer message follows)."""
        if not self.document_list.holding and message.doc == self.document_list.current_doc:
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

    def action_focus_search(self) -> None:
        """Into the search field; in any text field (or over a dialog) ``/`` is just typed."""
        if self.screen is not self.explorer or isinstance(self.focused, Input):
            raise SkipAction()
        self.focus_now(self.explorer.query_one(SearchInput))

    def action_submit_search(self) -> None:
        """Enter in the search field: to the results at once, and the top hit into the reader.

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
        """Escape: out of the search field or the reader, else drop the last entity filter."""
        if self.screen is not self.explorer:
            raise SkipAction()
        if isinstance(self.focused, SearchInput) or self.focused is self.reader:
            self.focus_now(self.document_list)
        elif self.filters:
            self.filters.pop()
            self._filters_changed()

    def action_toggle_sidebar(self) -> None:
        self.sidebar_wanted = not self.sidebar.display
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
        from .screens.entity_profile import EntityProfileScreen

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
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.language))

    # -- suspend (ctrl+z, fg) ---------------------------------------------------------

    def on_mount(self) -> None:
        self.app_resume_signal.subscribe(self, self._repaint_after_resume)
        self.open_user_db()
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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Commands that have nothing to act on are not offered (the palette asks too)."""
        if action == "show_warnings":
            return bool(self.corpus.warnings)
        return super().check_action(action, parameters)

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
