"""The search bar: the query input, the entity-filter chips and the hit count (or why
the query cannot be read).

Typing restarts a short timer; when it fires the bar posts
:class:`QueryChanged`, so a burst of keystrokes costs one search.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.strip import Strip
from textual.timer import Timer
from textual.widgets import Input, Static

from ..core.filters import chip_term
from ..i18n import label
from ..messages import FilterRemoved, QueryChanged
from ..screen_text import visible
from .text_field import KeysInOrder


class FilterChip(Static, can_focus=True):
    """A removable filter, written as the query term it stands for: ``✕ per:"Tô Lâm"``
    (see ``tui.core.filters``; a mark chip keeps its name).  ``tab`` from the query reaches
    each chip in turn; enter, delete or backspace on it, or a click, removes it."""

    BINDINGS = [Binding("enter,delete,backspace", "remove", "action.remove_filter")]

    DEFAULT_CSS = """
    FilterChip {
        width: auto;
        height: 1;
        margin: 0 0 0 1;
        padding: 0 1;
        background: $accent-muted;
        color: $foreground;
        text-style: bold;
    }
    FilterChip:hover { background: $accent; color: $foreground; }
    FilterChip:focus { text-style: bold reverse; }
    """

    #: Cells a chip takes beside its text: its padding and left margin.
    FRAME = 3

    def __init__(self, key: str, name: str) -> None:
        super().__init__(chip_text(key, name), markup=False)
        self.key = key

    def action_remove(self) -> None:
        self.post_message(FilterRemoved(self.key))

    def on_click(self) -> None:
        self.action_remove()


def chip_text(key: str, name: str) -> str:
    """What a chip says: ``✕`` and the query term it stands for."""
    term = chip_term(key, name)
    return f"✕ {visible(term.text if term is not None else name)}"


class SearchInput(KeysInOrder, Input):
    """The query field (escape and enter are the app's: they move focus).

    ``up``/``down`` step through the corpus's earlier queries, most recent first
    (``history`` is given by the app); going down past the newest restores what was typed.

    Coming back to it (``/``, ``ctrl+f``) puts the cursor after the query, to
    refine it; nothing is selected, so the next key adds to the query rather
    than replacing it.

    ``enter`` is a priority binding: the app acts on it as the key arrives,
    before the keys typed after it, which must already go to the list."""

    BINDINGS = [Binding("up", "history(1)", show=False), Binding("down", "history(-1)", show=False),
                Binding("enter", "app.submit_search", "action.submit", show=False, priority=True)]

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("select_on_focus", False)
        super().__init__(*args, **kwargs)
        self.history: list[str] = []
        self._step = 0
        self._typed = ""

    def _on_focus(self, event: events.Focus) -> None:
        self.cursor_position = len(self.value)  # runs before Input's own focus handler

    def action_history(self, step: int) -> None:
        if not self.history:
            return
        if self._step == 0:
            self._typed = self.value
        position = max(0, min(self._step + step, len(self.history)))
        if position == self._step:
            return
        self._step = position
        self.value = self.history[position - 1] if position else self._typed
        self.cursor_position = len(self.value)

    def _on_key(self, event) -> None:
        if event.key not in ("up", "down"):
            self._step = 0  # typing starts from the newest again

    def render_line(self, y: int) -> Strip:
        """Textual's line, with ``…`` at an end where the query runs on out of sight: a long
        query at 80 columns scrolls left to keep the cursor in view, and its start vanished
        with no sign.  The cursor's own cell is never covered."""
        strip = super().render_line(y)
        if y != 0 or not self.value:
            return strip
        width = self.scrollable_content_region.width
        scroll_x = self.scroll_offset.x
        cursor = self._cursor_offset - scroll_x if self.has_focus else -1
        style = self.get_component_rich_style("input--placeholder")
        if scroll_x > 0 and cursor != 0:
            strip = Strip.join([Strip([Segment("…", style)]), strip.crop(1, strip.cell_length)])
        if cell_len(self.value) - scroll_x > width and cursor != width - 1:
            strip = Strip.join([strip.crop(0, width - 1), Strip([Segment("…", style)])])
        return strip


class SearchBar(Horizontal):
    """Query input, chips and hit count on one line."""

    DEFAULT_CSS = """
    SearchBar {
        height: 1;
        margin: 0 0 0 0;
        background: $boost;
        & > #search-icon { width: 3; height: 1; padding: 0 1; color: $text-accent; text-style: bold; }
        & > SearchInput { width: 1fr; min-width: 20; height: 1; border: none; padding: 0; background: $boost; }
        & > SearchInput:focus { border: none; background: $surface-lighten-1; }
        & > #chips { width: auto; height: 1; }
        & > #hit-count { width: auto; min-width: 16; max-width: 60%; height: 1; padding: 0 1; color: $text-muted; text-align: right; }
        &.-problem { height: auto; max-height: 3; }
        &.-problem > #hit-count { height: auto; max-width: 70%; color: $text-warning; text-align: left; }
    }
    """
    #: Share of the bar the count may take (its ``max-width``), and its padding.
    COUNT_SHARE = 0.6
    COUNT_PADDING = 2
    #: What the icon and the query field keep of the bar (their width and ``min-width``).
    KEPT_BY_QUERY = 3 + 20

    def __init__(self, debounce: float, language: str = "en", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.debounce = debounce
        self.language = language
        self._timer: Timer | None = None
        self._count = ("", "")
        self._chip_cells = 0  # what the chips take of the bar

    def compose(self) -> ComposeResult:
        yield Static("/", id="search-icon", markup=False)
        yield SearchInput(placeholder=label(self.language, "search.placeholder"), id="query")
        yield Horizontal(id="chips")
        yield Static("", id="hit-count", markup=False)

    @property
    def query_text(self) -> str:
        return self.query_one(SearchInput).value

    @on(Input.Changed, "#query")
    def _restart_debounce(self, event: Input.Changed) -> None:
        event.stop()
        if self._timer is not None:
            self._timer.stop()
        query = event.value
        if self.debounce <= 0:
            self.post_message(QueryChanged(query))
        else:
            self._timer = self.set_timer(self.debounce, lambda: self.post_message(QueryChanged(query)))

    def take_query(self) -> str:
        """The query as typed, for a search run now (enter): the pending debounced one is dropped."""
        if self._timer is not None:
            self._timer.stop()
        return self.query_text

    def search_now(self) -> None:
        """Search the current text without waiting for the debounce."""
        self.post_message(QueryChanged(self.take_query()))

    def set_query(self, query: str) -> None:
        """Replace the query (a saved search, say) and search it at once."""
        field = self.query_one(SearchInput)
        field.value = query
        field.cursor_position = len(query)
        self.search_now()

    def set_history(self, queries: list[str]) -> None:
        self.query_one(SearchInput).history = list(queries)

    def set_hit_count(self, text: str, short: str | None = None) -> None:
        """The count, or the count per tier of evidence; ``short`` says the same in fewer
        cells, shown when ``text`` does not fit the count's share of the bar (46 cells at
        80 columns: the long form, cut, lost its last tiers)."""
        self._count = (text, short or text)
        self.remove_class("-problem")
        self._show_count()

    def set_problem(self, text: str) -> None:
        """Why the query cannot be read, whole: a reason is often longer than the count's
        room (it was cut mid-word), so it wraps onto up to three lines of the bar, and the
        count's tooltip holds it too."""
        self._count = (text, text)
        self.add_class("-problem")
        self._show_count()

    def on_resize(self, event: events.Resize) -> None:
        self._show_count()

    def _show_count(self) -> None:
        """The long or the short count, whichever fits; the screen is laid out again
        only when the text's length changes (a new count of the same width repaints
        one cell run)."""
        text, short = self._count
        problem = self.has_class("-problem")
        if not problem and self.size.width and cell_len(text) > self._count_room():
            text = short
        count = self.query_one("#hit-count", Static)
        count.tooltip = text if problem else None
        count.update(text, layout=problem or len(text) != len(str(count.render())))

    def _count_room(self) -> int:
        """Cells the count can have: its share of the bar, less what the chips take beside the
        query field (a long chip at 80 columns cut the long count to '4 near · 4 with the words scatt')."""
        share = int(self.size.width * self.COUNT_SHARE)
        return min(share, self.size.width - self.KEPT_BY_QUERY - self._chip_cells) - self.COUNT_PADDING

    def set_chips(self, filters: list[tuple[str, str]]) -> None:
        """Show one chip per ``(key, name)`` filter, in the order they were added."""
        chips = self.query_one("#chips", Horizontal)
        wanted = {key for key, _ in filters}
        kept = set()
        for chip in list(chips.query(FilterChip)):
            if chip.key in wanted:
                kept.add(chip.key)
            else:
                chip.remove()
        chips.mount_all(FilterChip(key, name) for key, name in filters if key not in kept)
        self._chip_cells = sum(cell_len(chip_text(key, name)) + FilterChip.FRAME for key, name in filters)
        self._show_count()

    @on(FilterRemoved)
    def _focus_next_to_removed(self, message: FilterRemoved) -> None:
        """A focused chip is going: focus moves to the chip after it (or before, or the query)."""
        chips = list(self.query(FilterChip))
        focused = [index for index, chip in enumerate(chips) if chip.has_focus and chip.key == message.key]
        if not focused:
            return
        rest = chips[focused[0] + 1:] + chips[:focused[0]][::-1]
        self.screen.set_focus(rest[0] if rest else self.query_one(SearchInput))

    def set_language(self, language: str) -> None:
        self.language = language
        self.query_one(SearchInput).placeholder = label(language, "search.placeholder")
