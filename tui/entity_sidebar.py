"""The entity sidebar: people, organisations, places and dates, with role and count.

It lists the entities of the open article, or (``a``) of the whole result
set, grouped by type under headings the cursor skips.  Enter on an entity
asks the app to filter the list by it.  Rows are rendered only when visible,
so 100k entities cost no more than ten.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.strip import Strip

from .i18n import label
from .messages import EntityChosen, SidebarScopeChanged
from .row_list import RowList, text_strip
from .screen_text import visible

#: Order of the groups in the sidebar.
ENTITY_TYPES = ("PER", "ORG", "LOC", "DATE")


@dataclass(frozen=True, slots=True)
class SidebarRow:
    """A heading (``entity`` is ``None``) or an entity with its mention count."""

    type: str
    count: int
    entity: Any = None


def group_rows(entities: Sequence[tuple[Any, int]]) -> list[SidebarRow]:
    """Rows for ``(Entity, count)`` pairs: one heading per type, most mentioned first."""
    rows: list[SidebarRow] = []
    for kind in ENTITY_TYPES:
        members = sorted((pair for pair in entities if pair[0].type == kind), key=lambda p: (-p[1], p[0].name))
        if members:
            rows.append(SidebarRow(kind, len(members)))
            rows.extend(SidebarRow(kind, count, entity) for entity, count in members)
    return rows


class EntitySidebar(RowList):
    """Entities of the open article or of the result set."""

    BINDINGS = [
        Binding("enter", "select", "action.filter"),
        Binding("a", "toggle_scope", "action.toggle_scope"),
    ]

    COMPONENT_CLASSES = RowList.COMPONENT_CLASSES | {
        "entity-sidebar--heading", "entity-sidebar--role", "entity-sidebar--count",
        "entity-sidebar--per", "entity-sidebar--org", "entity-sidebar--loc", "entity-sidebar--date",
    }

    DEFAULT_CSS = """
    EntitySidebar {
        & > .entity-sidebar--heading { text-style: bold underline; color: $text-secondary; }
        & > .entity-sidebar--role { color: $text-muted; text-style: italic; }
        & > .entity-sidebar--count { color: $text-muted; }
        & > .entity-sidebar--per { color: $text-success; }
        & > .entity-sidebar--org { color: $text-accent; }
        & > .entity-sidebar--loc { color: $text-secondary; }
        & > .entity-sidebar--date { color: $text-warning; }
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.rows: list[SidebarRow] = []
        self.scope = "doc"
        self.language = "en"
        self.message = ""

    def show(self, entities: Sequence[tuple[Any, int]], message: str = "") -> None:
        """List ``(Entity, count)`` pairs; ``message`` is shown when there are none.
        The cursor stays on the entity it was on, if still listed."""
        current = self.current_entity
        self.rows = group_rows(entities)
        self.message = message
        keys = [row.entity.key if row.entity is not None else None for row in self.rows]
        self.rows_changed(cursor=keys.index(current.key) if current is not None and current.key in keys else 0)
        self._update_title()

    def set_language(self, language: str) -> None:
        self.language = language
        self._update_title()
        self.repaint_rows()

    def _update_title(self) -> None:
        scope = label(self.language, f"sidebar.scope.{self.scope}")
        self.border_title = f"{label(self.language, 'sidebar.title')} · {scope}"

    def action_toggle_scope(self) -> None:
        """Switch between the open article's entities and the result set's; the app refills."""
        self.scope = "results" if self.scope == "doc" else "doc"
        self._update_title()
        self.post_message(SidebarScopeChanged(self.scope))

    @property
    def current_entity(self) -> Any:
        if 0 <= self.cursor < len(self.rows):
            return self.rows[self.cursor].entity
        return None

    def row_count(self) -> int:
        return len(self.rows)

    def is_selectable(self, row: int) -> bool:
        return self.rows[row].entity is not None

    def empty_lines(self) -> list[Text]:
        text = self.message or label(self.language, "sidebar.empty")
        return [Text(" " + text, style=self.dim_style())]

    def select_row(self, row: int) -> None:
        entity = self.rows[row].entity
        if entity is not None:
            self.post_message(EntityChosen(entity.key, entity.name))

    def render_row_line(self, row: int, line: int, width: int, base: Style, selected: bool) -> Strip:
        item = self.rows[row]
        if item.entity is None:
            heading = f" {label(self.language, 'type.' + item.type)} ({item.count})"
            text = Text(heading, style=self.get_component_rich_style("entity-sidebar--heading", partial=True))
        else:
            text = self._entity_text(item, width, selected)
        return text_strip(text, width, self.app.console, base)

    def _entity_text(self, item: SidebarRow, width: int, selected: bool) -> Text:
        """``  Tô Lâm  Tổng Bí thư      12`` with the count flush right."""
        entity = item.entity
        type_style = Style() if selected else self.get_component_rich_style(
            f"entity-sidebar--{item.type.lower()}", partial=True)
        text = Text("  ")
        text.append(visible(entity.name), style=type_style)
        if entity.roles:
            text.append("  " + visible(entity.roles[0]), style=self.get_component_rich_style("entity-sidebar--role", partial=True))
        count = f" {item.count}"
        room = width - len(count) - 1
        if text.cell_len > room:
            text.truncate(max(room, 1), overflow="ellipsis")
        text.pad_right(max(room - text.cell_len, 0))
        text.append(count, style=self.get_component_rich_style("entity-sidebar--count", partial=True))
        return text
