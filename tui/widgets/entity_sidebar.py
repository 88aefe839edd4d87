"""The entity sidebar: people, organisations, places and dates, with role and count.

It lists the entities of the open article, or (``a``) of the whole result
set, grouped by type under headings the cursor skips.  Enter on an entity
asks the app to filter the list by it.  Rows are rendered only when visible,
so 100k entities cost no more than ten; sorting them into rows takes a
quarter of a second, so for the result set the app does it in a worker
(:func:`arrange`) and hands over the finished rows (:meth:`EntitySidebar.show_arranged`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.strip import Strip

from ..i18n import label
from ..messages import EntityChosen, SidebarScopeChanged
from .row_list import RowList, text_strip
from ..screen_text import visible

#: Order of the groups in the sidebar.
ENTITY_TYPES = ("PER", "ORG", "LOC", "DATE")


@dataclass(frozen=True, slots=True)
class SidebarRow:
    """A heading (``entity`` is ``None``) or an entity with its mention count."""

    type: str
    count: int
    entity: Any = None


class SidebarRows(Sequence[SidebarRow]):
    """The rows of the sidebar, each made when asked for: per type a heading, then
    its ``(Entity, count)`` pairs.

    A row object for each of 100k entities is 100k more objects for the
    garbage collector to walk, and while it walks every thread waits, the
    event loop included; the sorted pairs are all that is kept."""

    def __init__(self, groups: Sequence[tuple[str, list[tuple[Any, int]]]] = ()) -> None:
        self._groups = list(groups)
        self._ends = list(accumulate(1 + len(members) for _, members in self._groups))

    def __len__(self) -> int:
        return self._ends[-1] if self._ends else 0

    def __getitem__(self, row: int) -> SidebarRow:  # type: ignore[override]
        if row < 0:
            row += len(self)
        if not 0 <= row < len(self):
            raise IndexError(row)
        group = bisect_right(self._ends, row)
        kind, members = self._groups[group]
        offset = row - (self._ends[group - 1] if group else 0)
        if offset == 0:
            return SidebarRow(kind, len(members))
        entity, count = members[offset - 1]
        return SidebarRow(kind, count, entity)

    def row_of(self, key: str) -> int | None:
        """The row of the entity keyed ``key``, if listed."""
        start = 0
        for (_, members), end in zip(self._groups, self._ends):
            for offset, (entity, _) in enumerate(members, 1):
                if entity.key == key:
                    return start + offset
            start = end
        return None


def group_rows(entities: Sequence[tuple[Any, int]]) -> SidebarRows:
    """Rows for ``(Entity, count)`` pairs: one heading per type, most mentioned first.

    Two stable sorts on plain keys (name, then count) rather than one on
    ``(-count, name)`` tuples: no tuple per entity to allocate and collect."""
    groups = []
    for kind in ENTITY_TYPES:
        members = [pair for pair in entities if pair[0].type == kind]
        if members:
            members.sort(key=lambda pair: pair[0].name)
            members.sort(key=lambda pair: pair[1], reverse=True)
            groups.append((kind, members))
    return SidebarRows(groups)


@dataclass(frozen=True, slots=True)
class Arranged:
    """Sidebar rows ready to show, and the row of the entity the cursor should stay on."""

    rows: SidebarRows
    cursor: int = 0


def arrange(entities: Sequence[tuple[Any, int]], keep: str | None = None) -> Arranged:
    """Group and sort ``entities``, finding the row of the entity keyed ``keep``.

    Both walk every entity, so for a result set the app calls this in a
    worker; it touches no widget."""
    rows = group_rows(entities)
    return Arranged(rows, (rows.row_of(keep) or 0) if keep is not None else 0)


class EntitySidebar(RowList):
    """Entities of the open article or of the result set."""

    #: In the key bar's order: the curation keys before the scope switch, whose name is long
    #: (at 120 columns the key bar has room for filter, profile and four curation keys).
    BINDINGS = [
        Binding("enter", "select", "action.filter"),
        Binding("p", "app.entity_profile", "action.profile"),
        Binding("M", "app.curate_merge", "action.curate_merge"),
        Binding("x", "app.curate_hide", "action.curate_hide"),
        Binding("r", "app.curate_rename", "action.curate_rename"),
        Binding("T", "app.curate_retype", "action.curate_retype"),
        Binding("U", "app.curate_undo", "action.curate_undo"),
        Binding("a", "toggle_scope", "action.toggle_scope"),
    ]

    #: The key bar's shorter names for the sidebar's keys (the help says them in full): a new
    #: user found no curation key on it, the longer names leaving them no room.
    KEY_BAR_NAMES = {"select": "keybar.filter", "app.curate_merge": "keybar.curate_merge",
                     "app.curate_hide": "keybar.curate_hide", "app.curate_rename": "keybar.curate_rename",
                     "app.curate_retype": "keybar.curate_retype", "app.curate_undo": "keybar.curate_undo"}

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

    def binding_description(self, binding: Binding) -> str | None:
        """The key bar's name for ``binding`` (see :data:`KEY_BAR_NAMES`)."""
        return self.KEY_BAR_NAMES.get(binding.action)

    def key_bar_group(self, binding: Binding) -> str | None:
        """The curation keys are one item, ``M x r T U  Fix``, where their names do not all fit
        on the key bar (80 columns); the help names each."""
        return "keybar.curate" if binding.action.startswith("app.curate_") else None

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.rows: Sequence[SidebarRow] = SidebarRows()
        self.scope = "doc"
        self.language = "en"
        self.message = ""
        self.counting = False

    @property
    def current_key(self) -> str | None:
        """Key of the entity under the cursor, to find it again among new rows."""
        entity = self.current_entity
        return entity.key if entity is not None else None

    def show(self, entities: Sequence[tuple[Any, int]], message: str = "") -> None:
        """List ``(Entity, count)`` pairs; ``message`` is shown when there are none.
        The cursor stays on the entity it was on, if still listed."""
        self.show_arranged(arrange(entities, self.current_key), message)

    def show_arranged(self, arranged: Arranged, message: str = "") -> None:
        """Show rows sorted beforehand (:func:`arrange`, in a worker): nothing here
        depends on the number of rows."""
        self.rows = arranged.rows
        self.message = message
        self.counting = False
        self.rows_changed(cursor=arranged.cursor)
        self._update_title()

    def begin_counting(self) -> None:
        """The app is gathering the result set's entities: say so in the title,
        over the rows still shown, until :meth:`show_arranged` brings the new ones."""
        self.counting = True
        self._update_title()

    def set_language(self, language: str) -> None:
        self.language = language
        self._update_title()
        self.repaint_rows()

    def _update_title(self) -> None:
        scope = label(self.language, f"sidebar.scope.{self.scope}")
        self.border_title = f"{label(self.language, 'sidebar.title')} · {scope}" + (" …" if self.counting else "")

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
        muted = Style(italic=True) if selected else self.get_component_rich_style("entity-sidebar--role", partial=True)
        count = f" {item.count}"
        room = width - len(count) - 1
        if entity.roles:  # shown where 3 of its letters fit at least: a lone "…" read as the name cut
            role = visible(entity.roles[0])
            if room - text.cell_len - 2 >= min(len(role), 4):
                text.append("  " + role, style=muted)
        if text.cell_len > room:
            text.truncate(max(room, 1), overflow="ellipsis")
        text.pad_right(max(room - text.cell_len, 0))
        text.append(count, style=Style() if selected else self.get_component_rich_style("entity-sidebar--count",
                                                                                         partial=True))
        return text
