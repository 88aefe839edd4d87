"""A one-line bar strip of articles per period: when a query's articles (or an entity's) appeared.

``▁▂█▅▂▁  2019-09 … 2021-05 · 2,641 dated · 12 undated``: one bar per month (per week when the
articles span a few months, per year when the months would not fit), its height the count.  The
strip counts in a thread worker (:meth:`TimelineStrip.count`; a newer count cancels an older
one) and draws nothing when no article is dated.

Focused, ``left``/``right`` move a cursor over the bars (the label says the period and its
count), ``enter`` or a click picks the period under it: the strip posts :class:`TimelineStrip.Picked`
and whoever shows it decides what a pick filters.  With ``ranges=True``, ``shift+left/right``
(or a shift-click) stretch the choice over several periods.  Picking the picked period again,
or ``delete``, clears the pick (``Picked`` with ``first=None``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual import events, work
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget
from textual.worker import get_current_worker

from ..core.timeline import Timeline, fitting_timeline
from ..i18n import label

#: Bar heights, from an empty period to the fullest one.
LEVELS = "▁▂▃▄▅▆▇█"
#: Cells a bar may take when there are few periods (more draws wider bars).
WIDEST_BAR = 3
#: Cells kept for the label after the bars.
LABEL_CELLS = 34


class TimelineStrip(Widget, can_focus=True):
    """Articles per period as one line of bars; a period can be picked."""

    BINDINGS = [
        Binding("left,h", "move(-1)", "action.timeline_earlier", show=False),
        Binding("right,l", "move(1)", "action.timeline_later", show=False),
        Binding("shift+left", "stretch(-1)", show=False),
        Binding("shift+right", "stretch(1)", show=False),
        Binding("home,g", "move(-100000)", show=False),
        Binding("end,G", "move(100000)", show=False),
        Binding("enter,space", "pick", "action.timeline_pick"),
        Binding("delete,backspace", "clear", "action.timeline_clear", show=False),
    ]

    COMPONENT_CLASSES = {"timeline-strip--bar", "timeline-strip--empty", "timeline-strip--picked",
                         "timeline-strip--cursor", "timeline-strip--label"}

    DEFAULT_CSS = """
    TimelineStrip {
        height: 1;
        padding: 0 1;
        & > .timeline-strip--bar { color: $text-accent; }
        & > .timeline-strip--empty { color: $text-muted; }
        & > .timeline-strip--picked { color: $text-warning; text-style: bold; }
        & > .timeline-strip--cursor { text-style: reverse; }
        & > .timeline-strip--label { color: $text-muted; }
    }
    TimelineStrip:focus { background: $boost; }
    TimelineStrip.-empty, TimelineStrip.-hidden { display: none; }
    """

    class Picked(Message):
        """Periods ``first`` to ``last`` (names such as ``2020-03``) were picked; ``None``: the
        pick was cleared."""

        def __init__(self, strip: TimelineStrip, first: str | None, last: str | None) -> None:
            super().__init__()
            self.strip, self.first, self.last = strip, first, last

        @property
        def control(self) -> TimelineStrip:
            return self.strip

    cursor: reactive[int] = reactive(0)

    def __init__(self, language: str = "en", *, ranges: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.language = language
        self.ranges = ranges
        self.line = Timeline("month")
        self.anchor: int | None = None
        self.picked: tuple[str, str] | None = None
        self._source: tuple[Any, Any] | None = None
        self._bar_start, self._bar_width = 0, 1
        self.add_class("-empty")

    # -- what it shows ------------------------------------------------------------------

    def count(self, articles: Any, docs: Sequence[int], picked: tuple[str, str] | None = None,
              counted: Callable[[Sequence[int]], Sequence[int]] | None = None) -> None:
        """Count ``docs`` per period in a worker, then show them with ``picked`` highlighted;
        ``counted(docs)``, in the worker too, says which of them count (one per syndicated story)."""
        self._source = (articles, docs, counted)
        self._count(articles, docs, counted, self._cells(), picked)

    @work(thread=True, exclusive=True, group="timeline", exit_on_error=False)
    def _count(self, articles: Any, docs: Sequence[int], counted: Any, cells: int,
               picked: tuple[str, str] | None) -> None:
        line = fitting_timeline(articles, counted(docs) if counted is not None else docs, cells)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show, line, picked)

    def show(self, line: Timeline, picked: tuple[str, str] | None = None) -> None:
        """Draw ``line`` (hidden when nothing in it is dated), the periods ``picked`` highlighted."""
        self.line = line
        self.set_class(not line.buckets, "-empty")
        if not line.buckets and self.has_focus:
            self.screen.focus_next()
        self.set_picked(picked)

    def set_picked(self, picked: tuple[str, str] | None) -> None:
        """Highlight the periods ``picked`` (first, last); the cursor goes to the first of them."""
        self.picked = picked
        periods = self.periods
        if picked and picked[0] in periods:
            self.set_reactive(TimelineStrip.cursor, periods.index(picked[0]))
        else:
            self.set_reactive(TimelineStrip.cursor, max(0, min(self.cursor, len(periods) - 1)))
        self.anchor = None
        self.refresh()
        self.refresh_bindings()

    @property
    def periods(self) -> list[str]:
        return [period for period, _ in self.line.buckets]

    def _cells(self) -> int:
        """Cells for the bars: the width less the totals after them (at least ``LABEL_CELLS``;
        more where they are longer, as Vietnamese ones or an undated count make them)."""
        if not self.size.width:
            return 60
        kept = max(LABEL_CELLS, cell_len(self._totals())) if self.line.buckets else LABEL_CELLS
        return max(8, self.size.width - 2 - kept)

    def on_resize(self, event: events.Resize) -> None:
        fits = len(self.line.buckets) <= self._cells()
        if self._source is not None and (not fits or self.line.by == "year"):
            self._count(*self._source, self._cells(), self.picked)
        self.refresh()

    # -- drawing --------------------------------------------------------------------------

    def render(self) -> Text:
        buckets = self.line.buckets
        if not buckets:
            return Text("")
        cells = self._cells()
        width = max(1, min(WIDEST_BAR, cells // len(buckets)))
        self._bar_start, self._bar_width = 0, width
        top = max(n for _, n in buckets) or 1
        chosen = self._chosen_range()
        picked = self._picked_range()
        text = Text()
        for index, (_, n) in enumerate(buckets):
            level = LEVELS[0] if n == 0 else LEVELS[max(1, round(n / top * (len(LEVELS) - 1)))]
            style = self._component("bar" if n else "empty")
            if picked and picked[0] <= index <= picked[1]:
                style += self._component("picked")
            if self.has_focus and chosen[0] <= index <= chosen[1]:
                style += self._component("cursor")
            text.append(level * width, style=style)
        text.append("  ")
        text.append(self._label(), style=self._component("label"))
        return text

    def _component(self, name: str):
        return self.get_component_rich_style(f"timeline-strip--{name}", partial=True)

    def _label(self) -> str:
        """What the bars are: the cursor's period and count when focused, else the span and totals."""
        line, lang = self.line, self.language
        if self.has_focus:
            first, last = self._chosen_range()
            count = sum(n for _, n in line.buckets[first:last + 1])
            span = self.periods[first] + ("…" + self.periods[last] if last != first else "")
            key = "timeline.period_one" if count == 1 else "timeline.period"
            if self._chosen_is_picked():  # picking it again clears it
                key += ".picked"
            return label(lang, key, period=span, n=count)
        return self._totals()

    def _totals(self) -> str:
        """The span (or the period picked) and the counts, as the strip says them unfocused."""
        line, lang = self.line, self.language
        dated = sum(n for _, n in line.buckets)
        if self.picked:  # what is picked says more than the span, which the bars show
            first, last = self.picked
            text = label(lang, "timeline.picked", period=first + ("…" + last if last != first else ""), n=dated)
        else:
            first, last = self.periods[0], self.periods[-1]
            text = label(lang, "timeline.span" if last != first else "timeline.span.one", first=first, last=last, n=dated)
        if line.undated:
            text += " · " + label(lang, "timeline.undated", n=line.undated)
        return text

    def _chosen_range(self) -> tuple[int, int]:
        anchor = self.cursor if self.anchor is None else self.anchor
        return min(anchor, self.cursor), max(anchor, self.cursor)

    def _picked_range(self) -> tuple[int, int] | None:
        periods = self.periods
        if not self.picked or self.picked[0] not in periods:
            return None
        last = self.picked[1] if self.picked[1] in periods else self.picked[0]
        return periods.index(self.picked[0]), periods.index(last)

    def watch_cursor(self) -> None:
        self.refresh()
        self.refresh_bindings()

    def binding_description(self, binding: Binding) -> str | None:
        """Enter on the period already picked removes the filter: the key bar says so, as the
        label does, instead of offering to filter to it."""
        if binding.action == "pick" and self.picked is not None and self.line.buckets and self._chosen_is_picked():
            return "action.timeline_clear"
        return None

    def _chosen_is_picked(self) -> bool:
        first, last = self._chosen_range()
        return self.picked == (self.periods[first], self.periods[last])

    def _on_focus(self, event: events.Focus) -> None:
        self.refresh()

    def _on_blur(self, event: events.Blur) -> None:
        self.anchor = None
        self.refresh()

    # -- keys and mouse -----------------------------------------------------------------

    def action_move(self, step: int) -> None:
        self.anchor = None
        self.cursor = max(0, min(self.cursor + step, len(self.line.buckets) - 1))

    def action_stretch(self, step: int) -> None:
        if not self.ranges:
            self.action_move(step)
            return
        if self.anchor is None:
            self.anchor = self.cursor
        self.cursor = max(0, min(self.cursor + step, len(self.line.buckets) - 1))
        self.refresh()
        self.refresh_bindings()

    def action_pick(self) -> None:
        if not self.line.buckets:
            return
        first, last = self._chosen_range()
        chosen = (self.periods[first], self.periods[last])
        if chosen == self.picked:
            self.action_clear()
            return
        self.picked = chosen
        self.anchor = None
        self.refresh()
        self.refresh_bindings()
        self.post_message(self.Picked(self, *chosen))

    def action_clear(self) -> None:
        if self.picked is not None:
            self.picked = None
            self.refresh()
            self.refresh_bindings()
            self.post_message(self.Picked(self, None, None))

    def on_click(self, event: events.Click) -> None:
        index = (event.x - self.styles.padding.left - self._bar_start) // self._bar_width
        if not 0 <= index < len(self.line.buckets):
            return
        if self.ranges and event.shift:
            self.anchor = self.cursor if self.anchor is None else self.anchor
        else:
            self.anchor = None
        self.cursor = index
        self.action_pick()
