"""Colours that stay readable in every theme.

Textual's themes are designed for its own widgets.  What the explorer draws —
body text on ``$surface``, muted metadata, entity colours inside match
highlights, cursor rows, the footer — is not always readable with them: the
theme's ``$text-muted`` is an "auto" colour, resolved against no background
inside a component class, so it came out white on the cream of light themes;
solarized-dark's own foreground on its surface reaches 4.1:1; a pastel
cursor under white text 2:1.

So each theme's variables are extended (``App.get_css_variables``) with
``$vnby-*`` colours derived from them: the same hues, moved towards black or
white only as far as needed for a WCAG contrast of 4.5:1 against every
background they are drawn on.  ANSI themes (``textual-ansi``) use the
terminal's own palette, which cannot be measured here: they are left as they
are.
"""

from __future__ import annotations

from collections.abc import Mapping

from textual.color import BLACK, WHITE, Color, ColorParseError

#: WCAG 2 AA contrast for body text.
MIN_CONTRAST = 4.5


def contrast(first: Color, second: Color) -> float:
    """WCAG contrast ratio of two opaque colours (1 to 21)."""
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _luminance(color: Color) -> float:
    def channel(value: int) -> float:
        value_ = value / 255
        return value_ / 12.92 if value_ <= 0.03928 else ((value_ + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)


def readable(color: Color, backgrounds: list[Color], minimum: float = MIN_CONTRAST) -> Color:
    """``color``, moved towards black or white (whichever the first background needs)
    in small steps until it contrasts ``minimum`` with every background."""
    def worst(candidate: Color) -> float:
        return min(contrast(candidate, background) for background in backgrounds)

    if worst(color) >= minimum:
        return color
    ends = (WHITE, BLACK) if _luminance(backgrounds[0]) < 0.18 else (BLACK, WHITE)
    for end in ends:
        for step in range(1, 21):
            candidate = color.blend(end, step / 20)
            if worst(candidate) >= minimum:
                return candidate
    return max((WHITE, BLACK), key=worst)


def _best_text(background: Color) -> Color:
    return max((WHITE, BLACK), key=lambda text: contrast(text, background))


def readable_variables(variables: Mapping[str, str]) -> dict[str, str]:
    """The ``vnby-*`` colours for a theme's CSS ``variables`` (empty for an ANSI theme)."""
    try:
        get = {name: Color.parse(variables[name]) for name in (
            "background", "surface", "panel", "foreground", "primary", "accent", "warning",
            "text-primary", "text-secondary", "text-accent", "text-success", "text-warning",
            "block-cursor-background", "footer-background", "footer-key-foreground",
            "footer-description-foreground")}.__getitem__
    except (KeyError, ColorParseError):
        return {}
    if any(get(name).ansi is not None for name in ("background", "surface", "foreground")):
        return {}
    surface = get("background") + get("surface")
    panel = surface + get("panel")
    match_bg = surface.blend(get("warning"), 0.3)
    filtered_bg = surface.blend(get("accent"), 0.3)
    blurred_bg = surface.blend(get("primary"), 0.3)
    cursor_bg = surface + get("block-cursor-background")
    footer_bg = get("background") + get("footer-background")
    on_text = [surface, match_bg, filtered_bg]
    foreground = get("foreground")
    colours = {
        "vnby-text": readable(foreground, on_text + [blurred_bg, panel]),
        "vnby-muted": readable(foreground.blend(surface, 0.35), [surface, blurred_bg]),
        "vnby-title": readable(get("text-primary"), [surface, match_bg]),
        "vnby-heading": readable(get("text-secondary"), [surface]),
        "vnby-per": readable(get("text-success"), on_text),
        "vnby-org": readable(get("text-accent"), on_text),
        "vnby-loc": readable(get("text-secondary"), on_text),
        "vnby-date": readable(get("text-warning"), on_text),
        "vnby-list-match": readable(get("text-warning"), [surface]),
        "vnby-match-bg": match_bg,
        "vnby-filtered-bg": filtered_bg,
        "vnby-cursor-bg": cursor_bg,
        "vnby-cursor-fg": _best_text(cursor_bg),
        "vnby-cursor-blurred-bg": blurred_bg,
        "vnby-panel-text": readable(foreground, [panel]),
        "vnby-footer-bg": footer_bg,
        "vnby-footer-key": readable(get("footer-key-foreground"), [footer_bg]),
        "vnby-footer-text": readable(get("footer-description-foreground"), [footer_bg]),
    }
    return {name: color.hex for name, color in colours.items()}


#: The theme variable each ``vnby-*`` colour is derived from; an ANSI theme uses it as is.
DERIVED_FROM = {
    "vnby-text": "foreground", "vnby-muted": "text-muted", "vnby-title": "text-primary",
    "vnby-heading": "text-secondary", "vnby-per": "text-success", "vnby-org": "text-accent",
    "vnby-loc": "text-secondary", "vnby-date": "text-warning", "vnby-list-match": "text-warning",
    "vnby-match-bg": "warning-muted", "vnby-filtered-bg": "accent-muted", "vnby-cursor-bg": "block-cursor-background",
    "vnby-cursor-fg": "block-cursor-foreground", "vnby-cursor-blurred-bg": "block-cursor-blurred-background",
    "vnby-panel-text": "text", "vnby-footer-bg": "footer-background", "vnby-footer-key": "footer-key-foreground",
    "vnby-footer-text": "footer-description-foreground",
}


def theme_variables(variables: Mapping[str, str]) -> dict[str, str]:
    """The ``vnby-*`` variables for a theme: readable ones, or the theme's own for an ANSI theme."""
    return readable_variables(variables) or {
        name: variables.get(source, "ansi_default") for name, source in DERIVED_FROM.items()}
