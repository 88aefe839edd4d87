"""The footer: the keys that work in the focused pane, in the UI language.

Textual's ``Footer`` shows binding descriptions as written in the code; the
descriptions here are label keys (``action.open``) translated on the fly, so
switching the language relabels the footer too.  It is one line, redrawn
only when the active bindings or its width change.  A widget whose key does
something different depending on its state says so through
``binding_description`` (see :func:`describe`).  When the keys do not all
fit, the pane's own keys give way first: the way back (escape), help and quit
are always shown, so a newcomer on an 80-column terminal can get out and find
every other key.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

from ..i18n import label

#: Actions kept on the footer however narrow it is: the way back (escape: ``leave`` in the
#: explorer, ``close`` on a screen such as the entity profile, ``cancel`` in a dialog), help
#: and quit.  A newcomer who cannot see how to get back out is stuck.
ALWAYS_SHOWN = ("leave", "close", "cancel", "help", "quit")


def item_cells(item: tuple[str, str, str], compact: bool = False) -> int:
    """Cells one ``(action, key, description)`` item takes: `` key  description  `` or, compact,
    `` key description ``."""
    return cell_len(f" {item[1]} {item[2]} " if compact else f" {item[1]}  {item[2]}  ")


def fit_keys(items: list[tuple[str, str, str]], width: int, compact: bool = False) -> list[tuple[str, str, str]]:
    """The ``(action, key, description)`` items to show in ``width`` cells, in their order:
    every item of :data:`ALWAYS_SHOWN`, then the others from the first while they fit."""
    def cells(item: tuple[str, str, str]) -> int:
        return item_cells(item, compact)

    room = width - sum(cells(item) for item in items if item[0] in ALWAYS_SHOWN)
    chosen = set()
    for index, item in enumerate(items):
        if item[0] in ALWAYS_SHOWN:
            continue
        if cells(item) > room:
            break
        room -= cells(item)
        chosen.add(index)
    return [item for index, item in enumerate(items) if index in chosen or item[0] in ALWAYS_SHOWN]


def group_keys(items: list[tuple[str, str, str]], groups: dict[str, str]) -> list[tuple[str, str, str]]:
    """``items`` with each run of one group (``groups``: action -> the group's name) made one
    item: its keys side by side (``M x r T U``) named by the group (``Fix``); the help names each."""
    grouped: list[tuple[str, str, str]] = []
    for item in items:
        group = groups.get(item[0])
        last = grouped[-1] if grouped else None
        if group is not None and last is not None and groups.get(last[0]) == group:
            grouped[-1] = (last[0], f"{last[1]} {item[1]}", group)
        else:
            grouped.append(item if group is None else (item[0], item[1], group))
    return grouped


def fit_groups(items: list[tuple[str, str, str]], groups: dict[str, str], width: int) -> tuple[list[tuple[str, str, str]], bool]:
    """The items to show in ``width`` cells and whether compactly: every key as written if all fit;
    where a pane's grouped keys (the sidebar's corrections) would not all be shown, the same keys
    compact (one space less around each name), then, if still some of them are left out, each
    group as one item.  Other keys give way as :func:`fit_keys` says."""
    shown = fit_keys(items, width)
    grouped = {item[0] for item in items if item[0] in groups}
    if not grouped or grouped <= {item[0] for item in shown}:
        return shown, False
    shown = fit_keys(items, width, compact=True)
    if grouped <= {item[0] for item in shown}:
        return shown, True
    return fit_keys(group_keys(items, groups), width, compact=True), True


def describe(node: object, binding: Binding) -> str:
    """What ``binding`` does now: ``node.binding_description(binding)`` where the node defines it
    (a key whose effect depends on the state, as enter on a picked period removing the filter),
    else the description written in the binding.  The node calls ``refresh_bindings()`` when
    its answer changes."""
    now = getattr(node, "binding_description", None)
    return (now(binding) if now is not None else None) or binding.description


class KeyBar(Widget):
    """``enter Open  n Next match  …`` for the focused widget and the app."""

    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description"}

    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
        & > .key-bar--key { color: $footer-key-foreground; background: $footer-key-background; text-style: bold; }
        & > .key-bar--description { color: $footer-description-foreground; }
    }
    """

    def __init__(self, language: str = "en", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.language = language

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.refresh_keys()

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        if self.is_attached and screen is self.screen:
            self.refresh_keys()

    def set_language(self, language: str) -> None:
        self.language = language
        self.refresh_keys()

    def refresh_keys(self) -> None:
        self.refresh()

    def _items(self) -> list[tuple[str, str, str]]:
        """``(action, key, description)`` of each shown binding active now, once per action."""
        return [item[:3] for item in self._shown_bindings()]

    def _shown_bindings(self) -> list[tuple[str, str, str, str | None]]:
        """``(action, key, description, group)``: ``group`` names the keys the action is shown
        with where they do not all fit (a widget's ``key_bar_group(binding)``), or is None."""
        items = []
        seen: set[str] = set()
        for node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not binding.show or not enabled or binding.action in seen:
                continue
            seen.add(binding.action)
            group = getattr(node, "key_bar_group", None)
            name = group(binding) if group is not None else None
            items.append((binding.action, self.app.get_key_display(binding), self._describe(describe(node, binding)),
                          self._describe(name) if name else None))
        return items

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key", partial=True)
        description_style = self.get_component_rich_style("key-bar--description", partial=True)
        text = Text(no_wrap=True, overflow="ellipsis")
        width = self.size.width or self.app.size.width
        bindings = self._shown_bindings()
        groups = {item[0]: item[3] for item in bindings if item[3] is not None}
        shown, compact = fit_groups([item[:3] for item in bindings], groups, width)
        for _action, key, description in shown:
            text.append(f" {key} ", style=key_style)
            text.append(f"{description} " if compact else f" {description}  ", style=description_style)
        return text

    def _describe(self, description: str) -> str:
        return label(self.language, description) if description.startswith(("action.", "keybar.")) else description
