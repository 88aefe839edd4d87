"""The reader's side of the explorer: opening an article, its matches and mentions, links.

Mixed into the app (:class:`ReadingMixin`).  The list's cursor opens an article; its matches
(for highlighting and ``n``/``N``), its entity mentions and its credits are found in a thread
worker, because one article can be megabytes long, and shown only if the cursor is still on it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual import work
from textual.worker import get_current_worker

from .i18n import label
from .widgets.reader import Layout, layout_article


class ReadingMixin:
    """Reading actions for :class:`tui.app.VnbyApp` (which supplies ``corpus``, ``reader``,
    ``document_list``, ``sidebar``, ``search_text``, ``filters``, ``language``, ``_listed``,
    ``_opening``, ``_shown_for`` and ``refresh_sidebar``)."""

    def open_article(self, doc: int) -> None:
        self._opening = doc
        self.prepare_article(doc, self.search_text, [key for key, _ in self.filters], self.reader.layout_width)

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def prepare_article(self, doc: int, query: str, filter_keys: list[str], width: int) -> None:
        """Find the article's matches and mentions off the event loop (articles can be huge)."""
        corpus = self.corpus
        article = corpus.articles[doc]
        matches = self._matches_in(article, query)
        mentions = corpus.entity_index.mentions_of(doc) if corpus.entity_index is not None else []
        filtered = self._mentions_of_entities(mentions, filter_keys)
        from .core.entities.credits import article_credits

        credits = article_credits(article.text, [m for m in mentions if m.credit])
        layout = layout_article(article, width, self.language, credits)
        if not get_current_worker().is_cancelled:
            self.call_from_thread(self._show_article, doc, article, matches, mentions, filtered, layout, credits, query)

    def _matches_in(self, article: Any, query: str) -> list[Any]:
        """Every match of ``query``'s words in ``article`` (title and text), for highlighting and
        n/N; its filters (``date:2020``) restrict the list and are not words to find."""
        from .core.filters import QuerySyntaxError, parse
        from .core.search import find_matches

        try:
            words = parse(query).words
        except QuerySyntaxError:
            return []
        return find_matches(article, words) if words.strip() else []

    def _mentions_of_entities(self, mentions: Sequence[Any], keys: Sequence[str]) -> list[Any]:
        """The ``mentions`` that belong to the entities the list is filtered by."""
        if not keys:
            return []
        from .core.entities import entity_key

        index = self.corpus.entity_index
        wanted = {entity.key for entity in map(index.get, keys) if entity is not None}
        found = []
        for mention in mentions:
            entity = index.get(entity_key(mention.type, mention.name))
            if entity is not None and entity.key in wanted:
                found.append(mention)
        return found

    def _show_article(self, doc: int, article: Any, matches: list[Any], mentions: list[Any],
                      filtered: list[Any], layout: Layout, credits: Any = None, query: str = "") -> None:
        if doc != self._opening:
            return  # the cursor moved on while this one was prepared (its worker was cancelled too late)
        self._shown_for = query
        self.reader.show_article(doc, article, matches, mentions, filtered, layout, credits)
        self.document_list.mark_open(doc)
        self.refresh_bindings()  # the keys on the open article now apply
        if self.sidebar.scope == "doc":
            self.refresh_sidebar()

    def action_step_article(self, step: int) -> None:
        """``[`` / ``]``: open the previous / next article of the list."""
        listing = self.document_list
        if not self._listed:
            return
        listing.move_cursor(listing.cursor + step, step)  # the reader follows the cursor

    def action_open_link(self) -> None:
        """``o``: the open article's URL in a browser here; over SSH (or with no display)
        to the clipboard through the terminal, whose own hyperlink on the URL opens it."""
        from .core.links import can_open_browser_here, safe_link

        article = self.reader.article
        url = safe_link(article.url if article is not None else None)
        if url is None:
            self.notify(label(self.language, "link.none"), markup=False)
        elif can_open_browser_here():
            self._open_in_browser(url)
        else:
            self.copy_to_clipboard(url)
            self.notify(label(self.language, "link.copied", url=url), markup=False, timeout=8)

    @work(thread=True, group="browser", exit_on_error=False, description="opening the link")
    def _open_in_browser(self, url: str) -> None:
        from .core.links import open_in_browser

        opened = open_in_browser(url)
        if not opened:
            self.call_from_thread(self.copy_to_clipboard, url)
        key = "link.opened" if opened else "link.no_browser"
        self.call_from_thread(self.notify, label(self.language, key, url=url), markup=False, timeout=8)

    def action_next_match(self) -> None:
        self.reader.next_match(1)

    def action_previous_match(self) -> None:
        self.reader.next_match(-1)
