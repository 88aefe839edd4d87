"""Driving the explorer under Textual's Pilot: the app factory and the waits.

Every wait here is for a state — the debounced search caught up, no worker
running, a predicate holding — never for a fixed time, so the tests keep
passing on a loaded machine.  ``conftest.py`` wraps the factory as the ``app``
fixture; tests that need other settings or paths call ``make_app`` directly.
"""

from __future__ import annotations

import copy

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
    """Let the debounce timer fire and every worker (and the workers it starts) finish."""
    app = pilot.app
    await pilot.pause(0.09)
    for _ in range(50):
        await app.workers.wait_for_complete()
        await pilot.pause()
        caught_up = app.search_text == app.search_bar.query_text  # the debounced search has started
        if caught_up and not any(worker.is_running for worker in app.workers):
            break
        await pilot.pause(0.02)


async def search(pilot, text: str) -> None:
    await pilot.press("slash")
    await pilot.press(*text)
    await settle(pilot)


def listed_titles(app: VnbyApp) -> list[str]:
    return [app.corpus.articles[doc].title for doc in app.document_list.docs]


async def open_first_result(pilot, query: str = "to lam") -> None:
    await search(pilot, query)
    await pilot.press("enter")  # leave the search field for the list
    await pilot.press("enter")  # open the article under the cursor
    await settle(pilot)


async def choose_entity(pilot, key: str) -> None:
    """Enter on the sidebar row of the entity ``key`` (``LOC:belarus``)."""
    app = pilot.app
    app.sidebar.focus()
    row = next(i for i, row in enumerate(app.sidebar.rows) if row.entity is not None and row.entity.key == key)
    app.sidebar.cursor = row
    await pilot.press("enter")
    await settle(pilot)
