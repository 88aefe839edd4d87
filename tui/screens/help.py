"""The help screen (``?`` / ``F1``): every key of the app, by pane, in the UI language."""

from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ..i18n import label

#: (section label, [(keys, action label)]).  Kept by hand rather than read from
#: the bindings so the order and grouping read well; tests check every
#: binding of the app appears here.
KEY_SECTIONS: list[tuple[str, list[tuple[str, str]]]] = [
    ("help.section.global", [
        ("/  ctrl+f", "action.search"),
        ("escape", "action.leave"),
        ("tab  shift+tab", "action.cycle_panes"),
        ("[  ]", "action.previous_article"),
        ("n  N", "action.next_match"),
        ("e", "action.toggle_sidebar"),
        ("h", "action.toggle_highlights"),
        ("s", "action.sort"),
        ("*", "action.star"),
        ("t", "action.tag"),
        ("m", "action.note"),
        ("y", "action.copy"),
        ("Y", "action.copy_citation"),
        ("X", "action.export"),
        ("o", "action.open_link"),
        ("?  F1", "action.help"),
        ("ctrl+p", "action.palette"),
        ("q  ctrl+c", "action.quit"),
        ("ctrl+z", "action.suspend"),
    ]),
    ("help.section.search", [
        ("enter", "action.submit"),
        ("tab", "action.to_filters"),
    ]),
    ("help.section.list", [
        ("j  k  ↓  ↑", "action.cursor_down"),
        ("g  G  home  end", "action.top"),
        ("pgdn  pgup", "action.page_down"),
        ("enter", "action.open"),
        ("c", "action.copies"),
    ]),
    ("help.section.reader", [
        ("j  k  ↓  ↑", "action.cursor_down"),
        ("g  G", "action.top"),
        ("space  pgdn  b  pgup", "action.page_down"),
    ]),
    ("help.section.sidebar", [
        ("j  k  ↓  ↑", "action.cursor_down"),
        ("enter", "action.filter"),
        ("a", "action.toggle_scope"),
        ("p", "action.profile"),
        ("M", "action.curate_merge"),
        ("x", "action.curate_hide"),
        ("r", "action.curate_rename"),
        ("T", "action.curate_retype"),
        ("U", "action.curate_undo"),
    ]),
    ("help.section.timeline", [
        ("←  →  h  l", "action.timeline_earlier"),
        ("enter  space  click", "action.timeline_pick"),
        ("delete", "action.timeline_clear"),
    ]),
    ("help.section.profile", [
        ("j  k  ↓  ↑", "action.cursor_down"),
        ("/", "action.profile_filter"),
        ("enter", "action.open_mention"),
        ("shift+←  shift+→", "action.timeline_stretch"),
        ("enter (co-mentions)", "action.profile_with"),
        ("escape", "action.leave"),
    ]),
    ("help.section.chips", [
        ("enter  delete", "action.remove_filter"),
    ]),
    ("help.section.syntax", [
        ("date:2020  date:2020-03  date:2020-03-17", "help.syntax.date"),
        ("date:2020-03..2020-06", "help.syntax.range"),
        ("date:>2021-01  >=  <  <=", "help.syntax.compare"),
        ("source:dantri.com.vn", "help.syntax.source"),
        ('author:"Trường Thịnh"', "help.syntax.author"),
        ('per:"Park Hang Seo"  org:WHO  loc:"Hà Nội"', "help.syntax.entity"),
        ("help.syntax.words.example", "help.syntax.words"),
    ]),
]

#: Labels that describe a key pair better than the single action label.
_PAIRS = {
    "action.previous_article": ("action.previous_article", "action.next_article"),
    "action.next_match": ("action.next_match", "action.previous_match"),
    "action.timeline_earlier": ("action.timeline_earlier", "action.timeline_later"),
    "action.cursor_down": ("action.cursor_down", "action.cursor_up"),
    "action.top": ("action.top", "action.bottom"),
    "action.page_down": ("action.page_down", "action.page_up"),
}


def describe(language: str, action_label: str) -> str:
    """``Next match / Previous match`` for a pair, else the single label."""
    pair = _PAIRS.get(action_label)
    if pair:
        return " / ".join(label(language, key) for key in pair)
    return label(language, action_label)


def key_table(language: str) -> Group:
    """Each section's heading, then its keys and what they do in a grid of their own: a long
    heading or the wide keys of one section (the query syntax) do not take the width every
    other section needs for its descriptions."""
    parts: list[Any] = []
    for section, rows in KEY_SECTIONS:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for keys, action_label in rows:  # an example in words is a label, in the interface's language
            table.add_row(label(language, keys) if keys.startswith("help.") else keys, describe(language, action_label))
        parts += [Text(label(language, section), style="bold underline"), table, Text("")]
    return Group(*parts)


class HelpScreen(ModalScreen[None]):
    """A modal list of keys; escape, q, ? or F1 closes it."""

    BINDINGS = [Binding("escape,q,question_mark,f1", "dismiss", "action.leave")]

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
        & > VerticalScroll {
            width: 72; max-width: 95%; height: auto; max-height: 90%;
            border: round $border; background: $surface; padding: 0 1;
        }
        & Static { width: 1fr; height: auto; }
    }
    """

    def __init__(self, language: str) -> None:
        super().__init__()
        self.language = language

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = label(self.language, "help.title")
            scroll.border_subtitle = label(self.language, "help.close")
            yield Static(key_table(self.language))
