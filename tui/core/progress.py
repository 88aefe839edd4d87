"""Truthful loading progress: named stages, each with what is done of how much.

Opening a corpus runs in stages — ``index`` (read the inputs and build the
search index: the corpus is searchable when it ends), ``copies`` (group the
syndicated stories, from the index, when asked for), ``entities`` (find
the people, places… of every article: beside indexing in a second process, or
after it) and ``table`` (count the corpus-wide entity table and write it to the
cache: seconds on a large corpus, with no share of it measured, so it shows its
name and no percentage).  A :class:`Progress` is a snapshot of every stage; its figures come
from what was measured, never from the plan: a running stage never shows
100 %, its time left is what remains at the rate measured so far, and an
unknown rate says so (``None``).

:class:`StageClock` is the loader's side: it starts, advances and finishes
stages and takes the snapshots.
"""

from __future__ import annotations

import time
from collections import deque
from dataclasses import dataclass

#: Stage names, in the order they start (``copies``, finding syndicated stories, only when asked).
INDEX, COPIES, ENTITIES, TABLE = "index", "copies", "entities", "table"
#: The most a stage that has not finished may report (99 %).
RUNNING_CEILING = 0.99
#: The span over which a stage's current pace is measured (seconds), and the least of it
#: that must have passed for the pace to be used.
RECENT_SECONDS, RECENT_MIN_SECONDS = 10.0, 2.0


@dataclass(frozen=True, slots=True)
class Stage:
    """One stage: ``done`` of ``total`` bytes (input bytes for ``index``, article
    text for ``entities``), ``elapsed`` seconds since it started."""

    name: str
    done: int
    total: int
    elapsed: float
    finished: bool = False
    #: Bytes per second over the last :data:`RECENT_SECONDS` (None: not measured yet): a stage
    #: sharing two cores with another speeds up when the other ends, and its time left
    #: follows the pace it has now, not its average since the start.
    recent_rate: float | None = None

    @property
    def fraction(self) -> float:
        """Share done; below 1 (at most 0.99) until the stage has finished."""
        if self.finished:
            return 1.0
        if self.total <= 0:
            return 0.0
        return min(self.done / self.total, RUNNING_CEILING)

    @property
    def percent(self) -> int:
        return int(100 * self.fraction)

    @property
    def sized(self) -> bool:
        """Whether a share of the stage can be measured (a ``table`` stage has none)."""
        return self.total > 0 or self.finished

    @property
    def mb_per_second(self) -> float:
        return self.done / 1e6 / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def seconds_left(self) -> float | None:
        """What is left at the measured rate; ``None`` while nothing is measured yet."""
        if self.finished:
            return 0.0
        rate = self.recent_rate if self.recent_rate is not None else (self.done / self.elapsed if self.elapsed > 0 else 0.0)
        if rate <= 0:
            return None
        return max(self.total - self.done, 0) / rate


@dataclass(frozen=True, slots=True)
class Progress:
    """Where opening a corpus stands: every stage started so far, in order."""

    stages: tuple[Stage, ...]
    articles: int
    elapsed: float

    def stage(self, name: str) -> Stage | None:
        return next((s for s in self.stages if s.name == name), None)

    @property
    def searchable(self) -> bool:
        """The whole corpus is in the search index (entities may still be running)."""
        index = self.stage(INDEX)
        return index is not None and index.finished

    @property
    def finished(self) -> bool:
        return bool(self.stages) and all(s.finished for s in self.stages)

    @property
    def running(self) -> tuple[Stage, ...]:
        return tuple(s for s in self.stages if not s.finished)

    @property
    def current(self) -> Stage | None:
        """The first stage still running (what a one-line display shows first)."""
        return next(iter(self.running), None)

    # The figures of the current stage, for displays that show one bar.

    @property
    def fraction(self) -> float:
        current = self.current
        return 1.0 if current is None else current.fraction

    @property
    def mb_per_second(self) -> float:
        shown = self.current or (self.stages[-1] if self.stages else None)
        return shown.mb_per_second if shown else 0.0

    @property
    def seconds_left(self) -> float | None:
        """Until every stage is done: the longest time left of the running stages
        (they run side by side), ``None`` if any has no measured rate yet."""
        left = [s.seconds_left for s in self.running]
        if any(value is None for value in left):
            return None
        return max(left, default=0.0)


class StageClock:
    """Stages as the loader starts, advances and finishes them; :meth:`snapshot`
    gives the :class:`Progress` to report.  Used from one thread."""

    def __init__(self) -> None:
        self._started = time.perf_counter()
        self._stages: dict[str, list] = {}  # name -> [done, total, started, ended or None]
        self._samples: dict[str, deque[tuple[float, int]]] = {}  # name -> (time, done), the recent ones

    def start(self, name: str, total: int) -> None:
        if name not in self._stages:
            now = time.perf_counter()
            self._stages[name] = [0, total, now, None]
            self._samples[name] = deque([(now, 0)])

    def advance(self, name: str, done: int, total: int | None = None) -> None:
        stage = self._stages[name]
        stage[0] = done
        if total is not None:
            stage[1] = total
        samples, now = self._samples[name], time.perf_counter()
        samples.append((now, done))
        while len(samples) > 2 and now - samples[1][0] >= RECENT_SECONDS:
            samples.popleft()  # keep one sample at least RECENT_SECONDS old

    def _recent_rate(self, name: str, now: float) -> float | None:
        samples = self._samples.get(name)
        if not samples or len(samples) < 2:
            return None
        (then, done_then), (last, done_last) = samples[0], samples[-1]
        return (done_last - done_then) / (last - then) if last - then >= RECENT_MIN_SECONDS else None

    def finish(self, name: str) -> None:
        stage = self._stages.get(name)
        if stage is not None and stage[3] is None:
            stage[0] = max(stage[0], stage[1])
            stage[1] = stage[0]
            stage[3] = time.perf_counter()

    def is_running(self, name: str) -> bool:
        stage = self._stages.get(name)
        return stage is not None and stage[3] is None

    def snapshot(self, articles: int) -> Progress:
        now = time.perf_counter()
        stages = tuple(Stage(name, done, total, (ended or now) - started, ended is not None, self._recent_rate(name, now))
                       for name, (done, total, started, ended) in self._stages.items())
        return Progress(stages, articles, now - self._started)
