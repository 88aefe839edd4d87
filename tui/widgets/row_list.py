"""A keyboard-driven list that renders only the rows on screen.

``OptionList`` and ``ListView`` build a widget or a measured renderable per
row, which takes seconds at 10k rows; a corpus can have 60k articles and 100k
entities.  :class:`RowList` is a ``ScrollView`` with a fixed number of lines
per row: its virtual height is ``rows × lines``, and ``render_line`` asks the
subclass for just the visible lines, so cost does not depend on list length.
Moving the cursor repaints only the two rows involved (lean over SSH).
"""

from __future__ import annotations

from rich.console import Console
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget


def text_strip(text: Text, width: int, console: Console, base: Style) -> Strip:
    """Render one line of ``text`` into exactly ``width`` cells over ``base``."""
    text = text.copy()
    text.no_wrap = True
    text.truncate(width, overflow="ellipsis", pad=True)
    segments = list(text.render(console))
    return Strip(segments).apply_style(base).crop_extend(0, width, base)


class RowList(ScrollView, can_focus=True):
    """Rows of ``LINES_PER_ROW`` lines with a cursor; subclasses say what a row shows."""

    LINES_PER_ROW = 1

    BINDINGS = [
        Binding("down,j", "cursor_down", "action.cursor_down", show=False),
        Binding("up,k", "cursor_up", "action.cursor_up", show=False),
        Binding("g,home", "cursor_top", "action.top", show=False),
        Binding("G,end", "cursor_bottom", "action.bottom", show=False),
        Binding("pagedown", "page_down", "action.page_down", show=False),
        Binding("pageup", "page_up", "action.page_up", show=False),
    ]

    COMPONENT_CLASSES = {"row-list--cursor", "row-list--cursor-blurred", "row-list--dim"}

    DEFAULT_CSS = """
    RowList {
        overflow-x: hidden;
        scrollbar-gutter: stable;
        scrollbar-size-vertical: 1;
        & > .row-list--cursor { background: $block-cursor-background; color: $block-cursor-foreground;
                                text-style: $block-cursor-text-style; }
        & > .row-list--cursor-blurred { background: $block-cursor-blurred-background;
                                        text-style: $block-cursor-blurred-text-style; }
        & > .row-list--dim { color: $text-muted; }
    }
    """

    cursor: reactive[int] = reactive(0, always_update=False, init=False)

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._line_cache: LRUCache[tuple, Strip] = LRUCache(1024)

    # -- what subclasses provide -------------------------------------------------

    def row_count(self) -> int:
        """Number of rows in the list."""
        raise NotImplementedError

    def render_row_line(self, row: int, line: int, width: int, base: Style, selected: bool) -> Strip:
        """Line ``line`` of row ``row``, ``width`` cells wide, drawn over ``base``.

        On the cursor row (``selected``) ``base`` is the cursor style; colours of
        the row's own would fight it, so subclasses drop them there."""
        raise NotImplementedError

    def is_selectable(self, row: int) -> bool:
        """Whether the cursor may rest on ``row`` (headings say no)."""
        return True

    def select_row(self, row: int) -> None:
        """Called on enter or click on ``row``."""

    def empty_lines(self) -> list[Text]:
        """Lines shown when the list has no rows."""
        return []

    # -- refreshing ---------------------------------------------------------------

    def rows_changed(self, cursor: int = 0) -> None:
        """Call after the rows changed: resizes, resets the cursor, repaints."""
        self._line_cache.clear()
        count = self.row_count()
        self._set_virtual_height(count * self.LINES_PER_ROW)
        self.set_reactive(RowList.cursor, self._nearest_selectable(min(cursor, max(count - 1, 0)), 1))
        self.scroll_to(y=0, animate=False, immediate=True)
        self._scroll_cursor_into_view()
        self.refresh()

    def _set_virtual_height(self, height: int) -> None:
        """A new list length without a screen layout.

        Assigning ``virtual_size`` lays out and repaints the whole screen
        (tens of ms, and bytes over SSH) on every keystroke's results.  The
        scrollbar gutter is reserved (``scrollbar-gutter: stable``), so the
        panes do not move: updating the scrollbar is enough.
        """
        size = Size(self.scrollable_content_region.width, height)
        if size != self.virtual_size:
            self.set_reactive(Widget.virtual_size, size)
            self._scroll_update(size)

    def repaint_row(self, row: int) -> None:
        """Call after the look of one row changed: only its lines are drawn again."""
        width = self.scrollable_content_region.width
        for line in range(self.LINES_PER_ROW):
            for focused, selected in ((False, False), (False, True), (True, True)):
                self._line_cache.discard((row, line, width, focused, selected))
        self._refresh_row(row)

    def repaint_rows(self) -> None:
        """Call after the look of rows changed but not their number."""
        self._line_cache.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._line_cache.clear()

    def on_resize(self, event: events.Resize) -> None:
        self._line_cache.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, self.row_count() * self.LINES_PER_ROW)

    def _on_focus(self, event: events.Focus) -> None:
        self._refresh_row(self.cursor)

    def _on_blur(self, event: events.Blur) -> None:
        self._refresh_row(self.cursor)

    def _refresh_row(self, row: int) -> None:
        self.refresh_lines(row * self.LINES_PER_ROW, self.LINES_PER_ROW)

    # -- rendering ----------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        virtual_y = self.scroll_offset.y + y
        count = self.row_count()
        if count == 0:
            return self._render_empty_line(virtual_y, width, base)
        row, line = divmod(virtual_y, self.LINES_PER_ROW)
        if row >= count:
            return Strip.blank(width, base)
        selected = row == self.cursor
        key = (row, line, width, selected and self.has_focus, selected)
        cached = self._line_cache.get(key)
        if cached is None:
            if selected:
                name = "row-list--cursor" if self.has_focus else "row-list--cursor-blurred"
                base = base + self.get_component_rich_style(name)
            cached = self.render_row_line(row, line, width, base, selected)
            self._line_cache[key] = cached
        return cached.apply_offsets(0, virtual_y)

    def _render_empty_line(self, y: int, width: int, base: Style) -> Strip:
        console = self.app.console
        lines = [line for text in self.empty_lines() for line in text.wrap(console, max(width - 1, 1))]
        if y >= len(lines):
            return Strip.blank(width, base)
        return text_strip(lines[y], width, self.app.console, base)

    def dim_style(self) -> Style:
        return self.get_component_rich_style("row-list--dim", partial=True)

    # -- cursor -------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        self._refresh_row(old)
        self._refresh_row(new)
        self._scroll_cursor_into_view()

    def _scroll_cursor_into_view(self) -> None:
        """The cursor's row in view; on the first row it may rest on, the top of the list (the
        headings above it too), also while the list is folded away and has no lines to show:
        the sidebar, filled while folded, opened scrolled past its first heading."""
        if not any(self.is_selectable(row) for row in range(self.cursor)):
            self.scroll_to(y=0, animate=False, immediate=True, force=True)
            return
        height = self.LINES_PER_ROW
        region = Region(0, self.cursor * height, 1, height)
        self.scroll_to_region(region, animate=False, immediate=True, force=True)

    def _nearest_selectable(self, row: int, step: int) -> int:
        """``row`` or the first selectable row from it in direction ``step``
        (then in the other direction); ``row`` itself when none is."""
        count = self.row_count()
        for direction in (step, -step):
            probe = row
            while 0 <= probe < count:
                if self.is_selectable(probe):
                    return probe
                probe += direction
        return row

    def move_cursor(self, row: int, step: int = 1) -> None:
        count = self.row_count()
        if count:
            self.cursor = self._nearest_selectable(max(0, min(row, count - 1)), step)

    def action_cursor_down(self) -> None:
        self.move_cursor(self.cursor + 1, 1)

    def action_cursor_up(self) -> None:
        self.move_cursor(self.cursor - 1, -1)

    def action_cursor_top(self) -> None:
        """To the first selectable row, with whatever is above it (a heading) in view."""
        self.move_cursor(0, 1)
        self.scroll_home(animate=False)

    def action_cursor_bottom(self) -> None:
        self.move_cursor(self.row_count() - 1, -1)

    @property
    def rows_on_screen(self) -> int:
        return max(1, self.scrollable_content_region.height // self.LINES_PER_ROW)

    def _page_rows(self) -> int:
        return max(1, self.rows_on_screen - 1)

    def action_page_down(self) -> None:
        self.move_cursor(self.cursor + self._page_rows(), 1)

    def action_page_up(self) -> None:
        self.move_cursor(self.cursor - self._page_rows(), -1)

    def action_select(self) -> None:
        if self.row_count():
            self.select_row(self.cursor)

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        row = (offset.y + self.scroll_offset.y) // self.LINES_PER_ROW
        if 0 <= row < self.row_count() and self.is_selectable(row):
            self.cursor = row
            self.select_row(row)
