"""Every built-in theme is readable: a WCAG contrast check on the colours actually
rendered — the list (with its focused and blurred cursor rows), the reader (body,
metadata, entity colours, query matches, the current match, entity-filter
highlights), the sidebar, the header and the footer — and a snapshot of each theme.

ANSI themes take their colours from the terminal's palette, which cannot be
measured here; they get a snapshot only.
"""

from __future__ import annotations

import pytest
from rich.segment import Segment
from textual.color import Color

from pilot import choose_entity, make_app, settle
from tui.theme_colors import MIN_CONTRAST, contrast, readable

SIZE = (160, 40)  # wide enough for all four panes
#: Box drawing and block elements are borders and scrollbars, not text.
NOT_TEXT = {chr(code) for code in range(0x2500, 0x25A0)}
MEASURED = ("list", "reader", "sidebar", "key-bar", "header")


def theme_names() -> list[str]:
    from textual.app import App

    return sorted(App().available_themes)


def measurable(name: str) -> bool:
    return not name.startswith("ansi") and name != "textual-ansi"


def rendered_cells(app) -> list[tuple[int, int, str, Segment]]:
    """``(x, y, text, segment)`` for every run of text the screen shows now."""
    update = app.screen._compositor.render_full_update()
    cells = []
    for y, line in enumerate(update.strips):
        x = 0
        for strip in line:
            for segment in strip:
                if not segment.control:
                    cells.append((x, y, segment.text, segment))
                    x += segment.cell_length
    return cells


def lowest_contrast(app) -> dict[str, tuple[float, str]]:
    """For each measured widget, its least contrasted text run: ``(ratio, text)``."""
    found: dict[str, tuple[float, str]] = {}
    for x, y, text, segment in rendered_cells(app):
        shown = "".join(c for c in text if not c.isspace() and c not in NOT_TEXT)
        style = segment.style
        if not shown or style is None or style.color is None or style.bgcolor is None:
            continue
        widget, _ = app.screen.get_widget_at(x, y)
        owner = next((node.id for node in widget.ancestors_with_self if node.id in MEASURED), None)
        if owner is None:
            continue
        fg, bg = Color.from_rich_color(style.color), Color.from_rich_color(style.bgcolor)
        if style.reverse:
            fg, bg = bg, fg
        if style.dim:
            fg = fg.blend(bg, 0.5)
        ratio = contrast(fg, bg)
        if ratio < found.get(owner, (99.0, ""))[0]:
            found[owner] = (round(ratio, 2), shown[:24])
    return found


async def show_everything(pilot) -> None:
    """A query's matches, the current match, an entity filter, entity colours, both cursors."""
    app = pilot.app
    await settle(pilot)
    await pilot.press("right_square_bracket")
    await settle(pilot)
    await choose_entity(pilot, "LOC:belarus")  # the sidebar keeps the focus: the list's cursor is blurred
    await pilot.press("slash", *"to lam", "enter")
    await settle(pilot)
    await pilot.press("n")
    await settle(pilot)
    app.sidebar.focus()
    await settle(pilot)


async def test_every_themes_text_contrasts_at_least_4_5_to_1():
    app = make_app()
    failures = []
    async with app.run_test(size=SIZE) as pilot:
        await show_everything(pilot)
        components = {span.component for span in app.reader.highlights()}
        assert {"reader--match", "reader--filtered", "reader--per"} <= components
        for name in filter(measurable, theme_names()):
            app.theme = name
            await settle(pilot)
            for focus in (app.sidebar, app.document_list):
                focus.focus()
                await settle(pilot)
                measured = lowest_contrast(app)
                for widget, (ratio, text) in measured.items():
                    if ratio < MIN_CONTRAST:
                        failures.append(f"{name}: {widget} {text!r} {ratio}:1")
                assert set(measured) >= {"list", "reader", "sidebar", "key-bar"}, name
        assert not failures, "\n".join(failures)

        # The same check on the themes' own colours (what the explorer drew before
        # tui/theme_colors.py) finds the white-on-cream of light themes: it can fail.
        import tui.app
        from tui.theme_colors import DERIVED_FROM

        original = tui.app.theme_variables
        tui.app.theme_variables = lambda v: {name: v.get(source, "ansi_default") for name, source in DERIVED_FROM.items()}
        try:
            app.theme = "textual-dark"
            await settle(pilot)
            app.theme = "rose-pine-dawn"
            await settle(pilot)
            before = lowest_contrast(app)
        finally:
            tui.app.theme_variables = original
        assert min(ratio for ratio, _ in before.values()) < 1.5, before


def test_readable_moves_a_colour_only_as_far_as_needed():
    cream, navy = Color.parse("#fffaf3"), Color.parse("#1e1e2e")
    white = Color.parse("#ffffff")
    assert contrast(white, cream) < 1.1
    fixed = readable(white, [cream])
    assert contrast(fixed, cream) >= MIN_CONTRAST and contrast(fixed, cream) < 6
    assert readable(Color.parse("#cdd6f4"), [navy]) == Color.parse("#cdd6f4")  # already readable: unchanged


@pytest.mark.parametrize("theme", theme_names())
def test_snapshot_of_each_theme(snap_compare, theme):
    async def reading(pilot) -> None:
        await show_everything(pilot)

    assert snap_compare(make_app(theme=theme), terminal_size=SIZE, run_before=reading)
