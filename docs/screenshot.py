"""Regenerate the README screenshot, ``docs/screenshot.svg``: ``python docs/screenshot.py``.

The explorer on the bundled seeds at 120×40 reading the top hit of ``to lam``
with its matches and entities highlighted, exported by Textual (rich's SVG).

Rich writes each run of one style as its own ``<text>`` element, so the space
after a highlighted word starts the next element.  SVG collapses and strips
leading and trailing spaces in text unless told otherwise, and renderers such
as librsvg (GNOME, ImageMagick, many previewers) do — the space after every
highlight vanished there ("Tô Lâmvà").  ``xml:space="preserve"`` on the root
keeps every space where the terminal put it, in every renderer.
"""

from __future__ import annotations

import asyncio
import copy
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def preserve_spaces(svg: str) -> str:
    """``svg`` with ``xml:space="preserve"`` on its root element (once)."""
    start = svg.index("<svg ")
    if "xml:space=" in svg[start:svg.index(">", start)]:
        return svg
    return svg[:start] + '<svg xml:space="preserve" ' + svg[start + len("<svg "):]


async def render() -> str:
    sys.path.insert(0, str(HERE.parent))
    from tui.app import VnbyApp
    from tui.core.config import DEFAULTS, Config
    from tui.core.loader import bundled_seeds

    values = copy.deepcopy(DEFAULTS)
    values["ssh"]["lean"] = "on"
    app = VnbyApp([str(bundled_seeds())], Config(values=values))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"to lam", "enter")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        return preserve_spaces(app.export_screenshot(title="vnby-tui"))


async def settle(pilot) -> None:
    """Until the debounced search has run and no worker is busy."""
    app = pilot.app
    await pilot.pause(0.1)
    for _ in range(100):
        await app.workers.wait_for_complete()
        await pilot.pause(0.02)
        if app.search_text == app.search_bar.query_text and not any(w.is_running for w in app.workers):
            return


if __name__ == "__main__":
    (HERE / "screenshot.svg").write_text(asyncio.run(render()), encoding="utf-8")
    print(f"wrote {HERE / 'screenshot.svg'}")
