"""Entity curation from the explorer's sidebar: merge, hide, rename, retype, undo.

Mixed into the app (:class:`CurationMixin`).  Each correction is written to the curation
file (``tui.core.curation``) at once and applied at once: the corpus's entity index is
re-wrapped with the new corrections, and the sidebar and the results are redrawn.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .core.curation import TYPES, Action, Curation, CurationError, CuratedIndex, curated, known_name
from .i18n import curation_action, curation_problem, label


class CurationMixin:
    """Curation actions for :class:`tui.app.VnbyApp` (which supplies ``corpus``, ``sidebar``,
    ``config``, ``language``, ``refresh_sidebar``, ``refresh_results`` and the Textual API)."""

    def _curation_path(self) -> Path | None:
        configured = self.config["entities"].get("curation", "")
        return Path(configured).expanduser() if configured else None

    def _entity_to_curate(self) -> Any:
        entity = self.sidebar.current_entity if self.corpus.loaded else None
        if entity is None:
            self.notify(label(self.language, "curate.no_entity"), markup=False)
        return entity

    def _apply_correction(self, action: Action) -> None:
        """Write the correction, then show the entities through every correction so far."""
        try:
            curation = Curation.load(self._curation_path())
            done = curation.add(action)
        except CurationError as exc:
            self.notify(curation_problem(self.language, exc), severity="error", markup=False, timeout=8)
            return
        self._reapply(curation)
        self.notify(label(self.language, "curate.done", what=curation_action(self.language, done)), markup=False,
                    timeout=4)

    def _reapply(self, curation: Curation) -> None:
        index = self.corpus.entity_index
        base = index.base if isinstance(index, CuratedIndex) else index
        self.corpus.entity_index = curated(base, curation)
        self.refresh_sidebar()
        if self.filters:
            self.refresh_results()

    def action_curate_hide(self) -> None:
        entity = self._entity_to_curate()
        if entity is not None:
            self._apply_correction(Action("hide", f"{entity.type}:{entity.name}"))

    def action_curate_rename(self) -> None:
        from .dialogs.ask import AskScreen

        entity = self._entity_to_curate()
        if entity is None:
            return

        def named(name: str | None) -> None:
            if name and name != entity.name:
                self._apply_correction(Action("rename", f"{entity.type}:{entity.name}", name))

        self.push_screen(AskScreen(label(self.language, "curate.rename"), entity.name, value=entity.name), named)

    def action_curate_retype(self) -> None:
        from .dialogs.ask import AskScreen

        entity = self._entity_to_curate()
        if entity is None:
            return

        def typed(kind: str | None) -> None:
            if kind and kind.upper() in TYPES and kind.upper() != entity.type:
                self._apply_correction(Action("retype", f"{entity.type}:{entity.name}", kind.upper()))
            elif kind:
                self.notify(label(self.language, "curate.bad_type", types=", ".join(TYPES)), markup=False)

        others = [t for t in TYPES if t != entity.type]
        self.push_screen(AskScreen(label(self.language, "curate.retype", types=" ".join(others)), entity.name,
                                   suggestions=others), typed)

    def action_curate_merge(self) -> None:
        from .dialogs.ask import AskScreen

        entity = self._entity_to_curate()
        if entity is None:
            return
        names = [e.name for e in self.corpus.entity_index.entities(entity.type) if e.key != entity.key]

        def target(name: str | None) -> None:
            if not name:
                return
            known = known_name(name, names)
            if known is None:  # a merge into no entity would be saved and change nothing
                self.notify(label(self.language, "curate.no_target", name=name, type=entity.type), severity="warning",
                            markup=False, timeout=8)
                return
            self._apply_correction(Action("merge", f"{entity.type}:{entity.name}", f"{entity.type}:{known}"))

        self.push_screen(AskScreen(label(self.language, "curate.merge", name=entity.name), entity.name,
                                   suggestions=names[:5000]), target)

    def action_curate_undo(self) -> None:
        try:
            curation = Curation.load(self._curation_path())
            undone = curation.undo()
        except CurationError as exc:
            self.notify(curation_problem(self.language, exc), severity="error", markup=False, timeout=8)
            return
        if undone is None:
            self.notify(label(self.language, "curate.nothing"), markup=False)
            return
        self._reapply(curation)
        self.notify(label(self.language, "curate.undone", what=curation_action(self.language, undone)), markup=False,
                    timeout=4)
