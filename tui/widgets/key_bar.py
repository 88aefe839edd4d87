"""The footer: the keys that work in the focused pane, in the UI language.

Textual's ``Footer`` shows binding descriptions as written in the code; the
descriptions here are label keys (``action.open``) translated on the fly, so
switching the language relabels the footer too.  It is one line of text,
redrawn only when the active bindings change.
"""

from __future__ import annotations

from rich.text import Text
from textual.screen import Screen
from textual.widgets import Static

from ..i18n import label


class KeyBar(Static):
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
        super().__init__("", id=id, markup=False)
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
        key_style = self.get_component_rich_style("key-bar--key", partial=True)
        description_style = self.get_component_rich_style("key-bar--description", partial=True)
        text = Text(no_wrap=True, overflow="ellipsis")
        seen: set[str] = set()
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if not binding.show or not enabled or binding.action in seen:
                continue
            seen.add(binding.action)
            text.append(f" {self.app.get_key_display(binding)} ", style=key_style)
            text.append(f" {self._describe(binding.description)}  ", style=description_style)
        self.update(text)

    def _describe(self, description: str) -> str:
        return label(self.language, description) if description.startswith("action.") else description
