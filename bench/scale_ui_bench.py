"""UI benchmark at the issue's scale: keystroke to updated screen with 60k articles and 121k entities.

The synthetic corpus of ``tests/test_scale_ui.py`` (60,000 small articles,
121,000 distinct entities, built in memory) is shown by the real app under
Textual's Pilot at 120×40.  Every frame the app paints is recorded with the
time it was composed; a measurement runs from just before the key is sent
until the first frame whose text holds what the key should bring on screen:

* **list**: ``j`` (the next title), ``pagedown`` (the title a page on),
  ``end`` (the last article's title);
* **sidebar**: ``a`` to the whole result set (its most mentioned entity
  appears; the counting and sorting of all 121k, in a worker, are in the
  figure), ``end`` there (the last entity of the last group), and ``j``/``k``
  pressed while the result set's entities are being counted (a key must not
  wait for that);
* **longest event-loop stall** during each ``a``: the longest gap seen by a
  2 ms ticker on the event loop.  Work in a worker still stalls the loop
  while it holds the GIL, a full garbage collection included.

Usage::

    .venv/bin/python bench/scale_ui_bench.py [--runs N]
"""

from __future__ import annotations

import argparse
import asyncio
import re
import statistics
import sys
import time
from pathlib import Path

from textual import events

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from pilot import WIDE, make_app, settle  # noqa: E402
from test_scale_ui import (ARTICLES, ENTITIES, POPULAR, entity_name, last_entity_name, prebuilt,  # noqa: E402
                           scale_workspace, title_of)

ESCAPES_RE = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])")


class Frames:
    """Every screen update the app composes, with the clock when it was composed."""

    def __init__(self, app) -> None:
        self.app = app
        self.frames: list[tuple[float, object]] = []
        #: (clock, value of ``probe()``) at every frame, when a probe is set.
        self.states: list[tuple[float, object]] = []
        self.probe = None
        display = app._display

        def record(screen, renderable) -> None:
            if renderable is not None:
                stamp = time.perf_counter()
                self.frames.append((stamp, renderable))
                if self.probe is not None:
                    self.states.append((stamp, self.probe()))
            display(screen, renderable)

        app._display = record

    def text(self, update) -> str:
        return ESCAPES_RE.sub("", update.render_segments(self.app.console))

    async def until(self, needle: str, since: int, timeout: float = 20.0) -> float:
        """Clock of the first frame after index ``since`` that shows ``needle``."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            for stamp, update in self.frames[since:]:
                if needle in self.text(update):
                    return stamp
            since = len(self.frames)
            await asyncio.sleep(0.002)  # the app's own update timer paints, as in a terminal
        raise TimeoutError(f"{needle!r} never appeared on screen")


    async def until_state(self, wanted, since: int, timeout: float = 20.0) -> tuple[float, object]:
        """(clock, state) of the first frame after state index ``since`` drawn when ``wanted(probe())``."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            for stamp, state in self.states[since:]:
                if wanted(state):
                    return stamp, state
            since = len(self.states)
            await asyncio.sleep(0.002)
        raise TimeoutError("no frame in the state wanted")


class Stalls:
    """The longest time the event loop went without running a 2 ms ticker."""

    def __init__(self) -> None:
        self.longest = 0.0
        self._task = asyncio.create_task(self._tick())

    async def _tick(self) -> None:
        last = time.perf_counter()
        while True:
            await asyncio.sleep(0.002)
            now = time.perf_counter()
            self.longest = max(self.longest, now - last)
            last = now

    def reset(self) -> None:
        self.longest = 0.0

    def stop(self) -> None:
        self._task.cancel()


def send_key(app, key: str) -> None:
    """Send ``key`` as the terminal would.  ``Pilot.press`` then waits until the
    process is idle (up to 2 s while a worker computes), which a user does not."""
    event = events.Key(key, key if len(key) == 1 else None)
    event.set_sender(app)
    app._driver.send_message(event)


async def timed(pilot, frames: Frames, key: str, needle: str) -> float:
    """Milliseconds from sending ``key`` to a frame showing ``needle``."""
    since = len(frames.frames)
    started = time.perf_counter()
    send_key(pilot.app, key)
    return (await frames.until(needle, since) - started) * 1000


def summary(values: list[float]) -> str:
    values = sorted(values)
    p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
    return f"median {statistics.median(values):6.1f} ms, p95 {p95:6.1f} ms, max {values[-1]:6.1f} ms (n={len(values)})"


async def measure(runs: int) -> dict[str, list[float]]:
    workspace = scale_workspace()
    app = make_app(["synthetic-60k"])
    results: dict[str, list[float]] = {}
    with prebuilt(workspace):
        async with app.run_test(size=WIDE) as pilot:
            frames = Frames(app)
            while not app.corpus.loaded or len(app.document_list.docs) != ARTICLES:
                await pilot.pause(0.05)
            await pilot.pause(0.3)
            listing = app.document_list

            async def list_key(name: str, key: str) -> None:
                doc = None
                for _ in range(runs):
                    if key == "end":
                        await pilot.press("home")
                        await pilot.pause(0.05)
                    before = listing.cursor
                    step = {"j": 1, "pagedown": listing._page_rows(), "end": ARTICLES}[key]
                    doc = min(before + step, ARTICLES - 1)
                    results.setdefault(name, []).append(await timed(pilot, frames, key, title_of(doc)))
                    assert listing.cursor == doc, (key, listing.cursor, doc)

            await list_key("list  j (cursor down)", "j")
            await list_key("list  pagedown", "pagedown")
            await list_key("list  end", "end")

            sidebar = app.sidebar
            app.set_focus(sidebar)
            await pilot.pause(0.05)
            top = entity_name(2 * ARTICLES)[1]  # a popular person: the first row of the result set
            last = last_entity_name()
            stalls = Stalls()
            for _ in range(max(runs // 4, 3)):
                stalls.reset()
                results.setdefault("sidebar  a (to all results: count + sort)", []).append(
                    await timed(pilot, frames, "a", top))
                results.setdefault("longest event-loop stall during that a", []).append(stalls.longest * 1000)
                await pilot.pause(0.05)
                results.setdefault("sidebar  end (last of 121k rows)", []).append(
                    await timed(pilot, frames, "end", last))
                await pilot.press("home", "a")  # back to this article's entities (none open: a message)
                await pilot.pause(0.1)
            stalls.stop()

            # j and k while the result set is being counted move the cursor on the rows
            # already shown: those of article 1 (rows 1 and 3 are entities, 2 a heading).
            app.set_focus(listing)
            await pilot.press("home", "j", "enter")
            await settle(pilot)
            app.set_focus(sidebar)
            await pilot.pause(0.05)
            frames.probe = lambda: (sidebar.cursor, len(sidebar.rows))
            for _ in range(max(runs // 4, 3)):
                shown = len(sidebar.rows)
                send_key(app, "a")
                await asyncio.sleep(0.02)
                while any(w.is_running and w.group == "entities" for w in app.workers):
                    key, row = ("j", 3) if sidebar.cursor == 1 else ("k", 1)
                    since, started = len(frames.states), time.perf_counter()
                    send_key(app, key)
                    moved, state = await frames.until_state(lambda state: state[0] == row or state[1] != shown, since)
                    if state == (row, shown):  # drawn before the counted rows replaced those
                        results.setdefault("sidebar  j/k while counting all results", []).append(
                            (moved - started) * 1000)
                    await asyncio.sleep(0.03)
                await app.workers.wait_for_complete()
                await pilot.pause(0.1)
                await pilot.press("a", "home")
                await pilot.pause(0.1)
            frames.probe = None
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="presses per list key (default 20)")
    args = parser.parse_args()
    print(f"$ {Path(sys.executable).relative_to(REPO) if sys.executable.startswith(str(REPO)) else sys.executable} "
          f"{' '.join(sys.argv)}")
    print(f"corpus: synthetic, {ARTICLES:,} articles, {ENTITIES:,} distinct entities "
          f"({POPULAR:,} in {ARTICLES // POPULAR} articles each); terminal {WIDE[0]}×{WIDE[1]} (Pilot, headless)", flush=True)
    started = time.perf_counter()
    results = asyncio.run(measure(args.runs))
    for name, values in results.items():
        print(f"{name:42} {summary(values)}")
    print(f"({time.perf_counter() - started:.0f} s in all)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
