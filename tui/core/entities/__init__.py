"""Named entities of Vietnamese news: people, organisations, places and dates.

Rules and word lists, no trained model.  Vietnamese capitalises every
syllable of a proper name (``Trần Thanh Mẫn``, ``Đông Nam Á``), so candidates
are runs of capitalised words; what decides their type is evidence around
and inside them:

* a title before a name (``Tổng Bí thư``, ``Chủ tịch Hạ viện Belarus``) makes it
  a person and is kept as the person's role, never as part of the name
  (:mod:`.people`);
* an organisation head word (``Bộ``, ``Công ty``, ``Nhà máy``) opens an
  organisation, whose name may go on through lower-case syllables
  (``Đảng Cộng sản Việt Nam``, ``Nhà máy máy kéo Minsk``) (:mod:`.organisations`);
* a location cue (``tỉnh``, ``huyện``, ``đảo``) or preposition (``tại``, ``ở``)
  makes it a place; the cue belongs to the span (``tỉnh Thanh Hóa``), as in the
  usual annotation of Vietnamese news, but not to the canonical name (:mod:`.places`);
* gazetteers of provinces, countries, capitals, regions and well-known
  organisations (``data/``, :mod:`.gazetteer`) settle the rest, and Vietnamese
  family names mark bare personal names.

Within an article, aliases merge into one canonical name (:mod:`.merging`):
``Lukashenko`` and ``A. Lukashenko`` into ``Aleksandr Lukashenko``, an acronym
in brackets into its expansion, case variants into one.
:class:`~.index.EntityIndex` does the same across the corpus.

Modules: :mod:`.extractor` (an article in, mentions out), :mod:`.scanner`
(the scan, putting the rule families together over :mod:`.cursor`),
:mod:`.people`, :mod:`.places`, :mod:`.organisations`, :mod:`.acronyms`,
:mod:`.bylines`, :mod:`.dates`, :mod:`.merging`, :mod:`.lexicon` (patterns
and predicates), :mod:`.gazetteer` (word lists from ``data/``),
:mod:`.mention`, :mod:`.index` (the corpus table).
"""

from __future__ import annotations

from typing import Any

from .extractor import EntityExtractor, rules_fingerprint
from .mention import ENTITY_TYPES, Mention, MentionRow

#: What :mod:`.index` gives the package, imported when first asked for: the second
#: process of a cold load (``tui.core.entity_process``) only extracts, and the index
#: would bring numpy into it (~16 MB of its resident size, in the load's peak).
_FROM_INDEX = ("Entity", "EntityIndex", "_Stats", "entity_key", "mention_key")


def __getattr__(name: str) -> Any:
    if name in _FROM_INDEX:
        from . import index

        return getattr(index, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "ENTITY_TYPES", "Entity", "EntityExtractor", "EntityIndex", "Mention", "MentionRow", "_Stats", "entity_key", "mention_key",
    "rules_fingerprint",
]
