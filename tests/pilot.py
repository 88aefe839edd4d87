"""Driving the explorer under Textual's Pilot: the app factory and the waits.

Every wait here is for a state — the debounced search caught up, no worker
running, a predicate holding — never for a fixed time, so the tests keep
passing on a loaded machine.  ``conftest.py`` wraps the factory as the ``app``
fixture; tests that need other settings or paths call ``make_app`` directly.
"""

from __future__ import annotations

import asyncio
import copy
import threading
import time
from typing import Callable

from tui.app import VnbyApp
from tui.core.config import DEFAULTS, Config
from tui.core.loader import bundled_seeds

WIDE = (120, 40)
SMALL = (80, 24)
SEED_TITLE_STARTS = ("Củng cố tình hữu nghị", "Tổng thống A. Lukashenko")


def make_app(paths: list[str] | None = None, **ui: object) -> VnbyApp:
    """The app on the bundled seeds with default settings, ``ui`` overriding ``[ui]`` keys.

    Lean mode (no scroll animation) keeps the tests quick; it is what SSH users get.
    """
    values = copy.deepcopy(DEFAULTS)
    values["ui"].update(ui)
    values["ssh"]["lean"] = "on"
    return VnbyApp(paths or [str(bundled_seeds())], Config(values=values))


async def settle(pilot) -> None:
    """Let the debounce timer fire and every worker (and the workers it starts) finish.

    A worker cancelled meanwhile (stale work, replaced by newer work in its exclusive group)
    counts as finished: waiting on it raises ``WorkerCancelled``, which is not a failure."""
    app = pilot.app
    await pilot.pause(0.09)
    for _ in range(50):
        await asyncio.gather(*(worker.wait() for worker in list(app.workers)), return_exceptions=True)
        await pilot.pause()
        caught_up = app.search_text == app.search_bar.query_text  # the debounced search has started
        if caught_up and not any(worker.is_running for worker in app.workers):
            break
        await pilot.pause(0.02)


async def wait_until(pilot, condition: Callable[[], object], what: str = "", timeout: float = 30.0) -> None:
    """Let the app run until ``condition()`` holds: the state a key should produce (focus moved,
    a screen pushed, text shown).  Fails after ``timeout`` seconds, naming ``what`` it waited for."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what or condition}")
        await pilot.pause(0.01)


def _palette_highlights(app, title: str) -> bool:
    from textual.command import CommandList, CommandPalette

    screen = app.screen
    if not isinstance(screen, CommandPalette):
        return False
    results = screen.query_one(CommandList)
    index = results.highlighted
    return index is not None and results.get_option_at_index(index).hit.text == title


async def choose_in_palette(pilot, typed: str, title: str) -> None:
    """Type ``typed`` into the open command palette, wait until the command ``title`` is the
    highlighted one (the palette searches in a worker), and press enter."""
    from textual.command import CommandPalette

    await wait_until(pilot, lambda: isinstance(pilot.app.screen, CommandPalette), "the command palette")
    await pilot.press(*typed)
    await wait_until(pilot, lambda: _palette_highlights(pilot.app, title), f"{title!r} highlighted in the palette")
    await pilot.press("enter")


async def search(pilot, text: str) -> None:
    await pilot.press("slash")
    await pilot.press(*text)
    await settle(pilot)


def screen_lines(app: VnbyApp) -> list[str]:
    """The text of each line of the screen as shown now."""
    update = app.screen._compositor.render_full_update()
    return ["".join(segment.text for strip in line for segment in strip if not segment.control)
            for line in update.strips]


def listed_titles(app: VnbyApp) -> list[str]:
    return [app.corpus.articles[doc].title for doc in app.document_list.docs]


async def open_first_result(pilot, query: str = "to lam") -> None:
    await search(pilot, query)
    await leave_search_for_the_list(pilot)
    await pilot.press("enter")  # open the article under the cursor
    await settle(pilot)


async def leave_search_for_the_list(pilot) -> None:
    await pilot.press("enter")
    await wait_until(pilot, lambda: pilot.app.focused is pilot.app.document_list, "the list focused after enter")


async def choose_entity(pilot, key: str) -> None:
    """Enter on the sidebar row of the entity ``key`` (``LOC:belarus``)."""
    app = pilot.app
    app.sidebar.focus()
    row = next(i for i, row in enumerate(app.sidebar.rows) if row.entity is not None and row.entity.key == key)
    app.sidebar.cursor = row
    await pilot.press("enter")
    await settle(pilot)


def gated_load(monkeypatch) -> threading.Semaphore:
    """A load of one article per batch that waits, after each batch is shown, until the
    returned semaphore lets the next one come."""
    from tui.core import workspace as workspace_module

    monkeypatch.setattr(workspace_module, "BATCH_CHARS", 100)
    real = workspace_module.open_corpus
    gate = threading.Semaphore(0)

    def open_corpus(paths, **kwargs):
        on_batch = kwargs["on_batch"]

        def batch_then_wait(workspace, first, count):
            on_batch(workspace, first, count)
            gate.acquire(timeout=60)

        return real(paths, **{**kwargs, "on_batch": batch_then_wait})

    monkeypatch.setattr(workspace_module, "open_corpus", open_corpus)
    return gate
