"""What the app browses: the corpus loaded so far and its two indexes.

The load worker attaches the growing workspace (``tui.core.workspace``) after
every batch; the UI lists and searches what is already there.  The search
index may be read while it grows; the entity index is only queried once
loading is complete (``loaded``), when nothing writes to it any more.
Document numbers are positions in ``articles``, the same in both indexes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .core.text import display_name


@dataclass
class Corpus:
    paths: Sequence[str]
    articles: Sequence[Any] = ()
    warnings: list[Any] = field(default_factory=list)
    search_index: Any = None
    entity_index: Any = None
    progress: Any = None
    loaded: bool = False
    failed: bool = False  # loading stopped on an error: what arrived before it stays usable
    #: The user's marks on this corpus (``tui.core.userdb.CorpusMarks``), once matched.
    marks: Any = None
    #: The syndicated stories (``tui.core.syndication.Syndication``), once grouped.
    copies: Any = None
    #: The workspace the articles and indexes come from (``tui.core.workspace``).
    workspace: Any = None

    def attach(self, workspace: Any) -> None:
        """Take the articles and indexes of a (possibly still growing) workspace."""
        self.articles = workspace.articles
        self.search_index = workspace.search_index
        self.entity_index = workspace.entity_index
        self.copies = workspace.copies
        self.workspace = workspace

    @property
    def name(self) -> str:
        """What the header calls the corpus: the file or directory name, or ``N paths``."""
        if len(self.paths) == 1:
            path = Path(self.paths[0])
            return display_name(path.name or str(path))  # a name that is not UTF-8: \xNN, as elsewhere
        return f"{len(self.paths)} paths"

    def find(self, query: str, filters: Sequence[tuple[str, str]], limit: int, sort: str = "relevance") -> Any:
        """The query's results (``tui.core.find.Found``) among the articles the chips keep:
        an entity chip is the ``per:``/``org:``/``loc:`` term it stands for, a mark chip
        narrows to the marked articles.  A query of filters alone lists every article they
        keep.  Raises ``QuerySyntaxError`` and ``EntitiesNotReady`` (see ``tui.core.find``)."""
        from .core.filters import parse
        from .core.find import chip_filters, find

        parsed = parse(query)
        terms, marked = chip_filters(filters, self.marks)
        return find(parsed, self.search_index, entity_index=self.entity_index, entities_ready=self.loaded,
                    limit=limit if parsed.has_words else max(len(self.search_index), 1), sort=sort,
                    allowed=marked, extra=terms)
