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


def fit_keys(items: list[tuple[str, str, str]], width: int) -> list[tuple[str, str, str]]:
    """The ``(action, key, description)`` items to show in ``width`` cells, in their order:
    every item of :data:`ALWAYS_SHOWN`, then the others from the first while they fit."""
    def cells(item: tuple[str, str, str]) -> int:
        return cell_len(f" {item[1]}  {item[2]}  ")

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
        items = []
        seen: set[str] = set()
        for node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not binding.show or not enabled or binding.action in seen:
                continue
            seen.add(binding.action)
            items.append((binding.action, self.app.get_key_display(binding), self._describe(describe(node, binding))))
        return items

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key", partial=True)
        description_style = self.get_component_rich_style("key-bar--description", partial=True)
        text = Text(no_wrap=True, overflow="ellipsis")
        width = self.size.width or self.app.size.width
        for _action, key, description in fit_keys(self._items(), width):
            text.append(f" {key} ", style=key_style)
            text.append(f" {description}  ", style=description_style)
        return text

    def _describe(self, description: str) -> str:
        return label(self.language, description) if description.startswith(("action.", "keybar.")) else description
