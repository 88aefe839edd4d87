"""The explorer's timeline strip: when the listed articles appeared, and picking a period.

Mixed into the app (:class:`TimelineMixin`).  After each search the strip counts the query's
strong set per period (in its own worker, :class:`tui.widgets.timeline_strip.TimelineStrip`).
Picking a bar puts a ``date:`` term for that period in the query — visible, editable and
removable like any other part of it — and the search runs again; the strip keeps showing the
whole query's timeline (the query without its ``date:`` term) with the picked period marked,
so the next period is one key away.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .core.timeline import date_term_of, period_term, with_date_term
from .widgets.timeline_strip import TimelineStrip


class TimelineMixin:
    """Timeline actions for :class:`tui.app.VnbyApp` (which supplies ``explorer``, ``corpus``,
    ``search_text``, ``filters``, ``search_bar``, ``stories_once`` and ``counted``)."""

    #: The query (without its ``date:`` term) and filters whose timeline the strip shows, and
    #: the articles it counted for them.
    _timeline_for: tuple[str, tuple] | None = None
    _timeline_docs: Sequence[int] = ()

    @property
    def timeline_strip(self) -> TimelineStrip:
        return self.explorer.query_one("#timeline", TimelineStrip)

    def show_timeline(self, docs: Sequence[int]) -> None:
        """The strip for the results just listed (``docs``: their strong set).

        When only the ``date:`` term changed, the strip keeps the counts it has and marks the
        newly picked period; otherwise it counts ``docs``."""
        strip = self.timeline_strip
        term = date_term_of(self.search_text)
        shown_for = (with_date_term(self.search_text, None).strip(), tuple(self.filters))
        if term is not None and shown_for == self._timeline_for:
            strip.set_picked(self._periods_of(term, strip))
            return
        self._timeline_for, self._timeline_docs = shown_for, docs
        strip.count(self.corpus.articles, docs, None, self.counted)

    def recount_timeline(self) -> None:
        """Count the strip's articles again (syndicated stories once, or every article)."""
        strip = self.timeline_strip
        if self._timeline_for is not None:
            strip.count(self.corpus.articles, self._timeline_docs, strip.picked, self.counted)

    def counting_copies(self) -> Any:
        """The syndicated stories when they are to count once (``count_stories_once``), else ``None``."""
        return self.corpus.copies if self.stories_once else None

    @staticmethod
    def _periods_of(term: str, strip: TimelineStrip) -> tuple[str, str] | None:
        """The strip's periods that ``term`` names (a period typed by hand is marked too)."""
        if strip.picked and period_term(*strip.picked) == term:
            return strip.picked
        return next(((p, p) for p in strip.periods if period_term(p) == term), None)

    def on_timeline_strip_picked(self, message: TimelineStrip.Picked) -> None:
        """A bar picked (or the pick cleared): the query's ``date:`` term says so, and the search runs."""
        if message.strip is not self.explorer.query_one("#timeline"):
            return
        term = period_term(message.first, message.last) if message.first else None
        self.search_bar.set_query(with_date_term(self.search_bar.query_text, term))
