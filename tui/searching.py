"""Searching from the explorer: the query, the search worker and how its results are shown.

Mixed into the app (:class:`SearchingMixin`).  Each search runs in a thread worker under a
generation number; results of a search that a newer one has replaced are dropped, so typing
never waits and the list never shows an older query's answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual import work
from textual.worker import get_current_worker

from .core.filters import SORTS
from .i18n import article_count, label, load_warning_line
from .messages import QueryChanged
from .screen_text import visible

#: Seconds without a new search after which the memory searches freed is handed back.
TRIM_AFTER_IDLE = 2.0


class SearchingMixin:
    """Search for :class:`tui.app.VnbyApp` (which supplies ``config``, ``corpus``, ``language``,
    ``search_bar``, ``document_list``, ``reader``, ``sidebar``, ``search_text``, ``filters``, ``limit``,
    ``sort``, the listing state, ``show_timeline``, ``open_article`` and ``refresh_sidebar``)."""

    def query_changed(self, message: QueryChanged) -> None:
        """The debounced query: searched unless the field has changed since (a newer
        one is on its way) or ``enter`` searched it already."""
        if message.query != self.search_text and message.query == self.search_bar.query_text:
            self.search_text = message.query
            self.limit = max(int(self.config["search"]["limit"]), 1)
            self.refresh_results()

    def refresh_results(self) -> None:
        """Fill the list for the current query and filters (searching in a worker)."""
        self._search_generation += 1
        if not self.search_text.strip() and not self.filters:
            self.workers.cancel_group(self, "search")
            self._list_all(keep_cursor=False)
            self.search_bar.set_hit_count("")
            self.reader.update_matches([])
            self._shown_for = self.search_text
            self._results_shown(self._search_generation)
            return
        self._start_search()

    def _start_search(self) -> None:
        # Spans (for the match counts and title highlights) are found in the
        # worker only for the rows on screen: each costs about a millisecond.
        if self._trim_timer is not None:  # still typing: the memory trim waits for these results' pause
            self._trim_timer.stop()
        self.run_search(self._search_generation, self.search_text, list(self.filters), self.limit, self.sort,
                        self.reader.doc, self.document_list.rows_on_screen + 1)

    def _list_all(self, keep_cursor: bool) -> None:
        if self.sort == SORTS[0]:
            docs: Sequence[int] = range(len(self.corpus.articles))
        else:
            from .core.find import date_order

            docs = date_order(self.corpus.articles, self.sort)
        keep = self.document_list.current_doc if keep_cursor else self.reader.doc
        self._listed = self._strong = docs
        self._hit_total = len(docs)
        self._listed_for = ("", [])
        self.document_list.show(self.corpus.articles, docs, keep_doc=keep, message=self._why_empty(),
                                generation=self._search_generation)
        self.show_timeline(docs)

    def _why_empty(self) -> list[str]:
        """What an empty list says: no articles, and why when the load said why (an empty
        file, a broken one), so the reason stays once its notification has gone."""
        warnings = list(self.corpus.warnings)
        why = [visible(load_warning_line(self.language, warning)) for warning in warnings[:3]]
        more = [label(self.language, "warnings.count", n=len(warnings))] if len(warnings) > 3 else []
        return [label(self.language, "list.empty"), *why, *more]

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def run_search(self, generation: int, query: str, filters: list[tuple[str, str]], limit: int, sort: str,
                   open_doc: int | None, prepare: int) -> None:
        """Search (or just filter) in a thread; a newer search makes this one's result moot."""
        from .core.find import EntitiesNotReady, QuerySyntaxError

        corpus = self.corpus
        worker = get_current_worker()
        if corpus.search_index is None:
            return  # nothing indexed yet: the first batch searches again
        try:
            found = corpus.find(query, filters, limit, sort)
        except (QuerySyntaxError, EntitiesNotReady) as problem:
            if not worker.is_cancelled:
                self.call_from_thread(self._show_query_problem, generation, str(problem))
            return
        results = found.results.prepare(prepare)
        listed = [hit.doc for hit in results.hits]
        if found.query.has_words:
            hits = {hit.doc: hit for hit in results.hits}
            total, tiers = results.total, results.tiers
            # all of the strong set, not only among the hits listed: the timeline and "all results" count it
            strong = results.strong if results.strong is not None else results.strong_docs()
        else:
            hits, total, tiers, strong = {}, len(listed), None, listed
        suggestion = self._drop_word_suggestion(found) if found.query.has_words and not listed else None
        matches = None
        if open_doc is not None and open_doc < len(corpus.articles):
            matches = (open_doc, self._matches_in(corpus.articles[open_doc], query))
        if not worker.is_cancelled:
            self.call_from_thread(self._show_results, generation, listed, hits, total, suggestion, matches, tiers, strong,
                                  found.notes)

    def _drop_word_suggestion(self, found: Any) -> str | None:
        """The query minus the one word whose removal finds the most articles (its filters kept)."""
        words = found.query.words.split()
        filters = " ".join(term.text for term in found.query.filters)
        best, best_total = None, 0
        for index in range(len(words)) if len(words) > 1 else ():
            candidate = " ".join(words[:index] + words[index + 1:])
            total = self.corpus.search_index.search(candidate, limit=1, docs=found.kept).total
            if total > best_total:
                best, best_total = f"{candidate} {filters}".strip(), total
        return best

    def _show_query_problem(self, generation: int, problem: str) -> None:
        """A query that cannot be read (or waits for the entities): the one-line reason where
        the count goes; the list keeps what it showed, so nothing vanishes while typing (an
        empty list says the reason too: its own message was about a query typed before)."""
        if generation != self._search_generation:
            return
        self.search_bar.set_problem(visible(problem))
        if not self.document_list.row_count():  # its "no article matches" answered an earlier query
            self.document_list.set_message([visible(problem)])
        self.document_list.rows_answer(generation)  # keys held for this search apply to them
        self._results_shown(generation)

    def _show_results(self, generation: int, listed: list[int], hits: dict[int, Any], total: int,
                      suggestion: str | None, matches: tuple[int, list[Any]] | None,
                      tiers: dict[str, int] | None = None, strong: Sequence[int] | None = None,
                      notes: Sequence[str] = ()) -> None:
        if generation != self._search_generation:
            return
        keep = self._doc_to_keep(listed)
        self._listed = listed
        self._strong = listed if strong is None else strong
        self._hit_total = total
        message = []
        if not listed and not self.search_text.strip():
            message.append(label(self.language, "search.none_filtered"))
        elif not listed:  # with filters, the query may match and the filters leave nothing: say both
            message.append(label(self.language, "search.none_with_filters" if self.filters else "search.none",
                                 query=visible(self.search_text.strip())))
            if suggestion:
                message.append(label(self.language, "search.suggest_drop", suggestion=suggestion))
        message.extend(visible(note) for note in notes)
        more = max(total - len(listed), 0) if self.search_text.strip() else 0
        self._listed_for = (self.search_text, list(self.filters))
        self.document_list.show(self.corpus.articles, listed, hits, more=more, message=message, keep_doc=keep,
                                tiers=tiers, generation=generation)
        self.show_timeline(self._strong)
        self.catch_up_marks()
        if not self.search_text.strip():
            count = article_count(self.language, total)
        elif tiers and (sum(1 for n in tiers.values() if n) > 1 or tiers.get("scattered") or tiers.get("partial")):
            # "9 phrase · 38 near · 301 scattered", each tier named as the list's separators and
            # the CLI name it; a weak tier is said even alone ("5 scattered", not "5 hits" that
            # read as 5 about it)
            count = " · ".join(label(self.language, f"search.tier.{name}", n=n) for name, n in tiers.items() if n)
        else:
            count = label(self.language, "search.hit") if total == 1 else label(self.language, "search.hits", n=total)
        self.search_bar.set_hit_count(count)
        if matches is not None and matches[0] == self.reader.doc:  # the article open when the search began
            if not self._same_matches_shown(matches[1]):  # refreshed results keep the match n moved to
                self.reader.update_matches(matches[1])
            self._shown_for = self.search_text
        self._results_shown(generation)
        self._trim_when_idle()

    def _same_matches_shown(self, matches: Sequence[Any]) -> bool:
        """The reader shows these very matches of this query already (the same query's
        results refreshed, as a cold load does batch after batch)."""
        shown = self.reader.matches
        return (self._shown_for == self.search_text and len(shown) == len(matches)
                and sorted(matches, key=lambda m: (m.field != "title", m.start)) == list(shown))

    def _doc_to_keep(self, listed: Sequence[int]) -> int | None:
        """Where the list cursor goes in new results: for the same query's results again
        (refreshed as a cold load indexes more, or more of them), the top hit until the
        user has moved the cursor, then the same article (the first new hit when the
        "more" row was chosen); the top hit for a new query; else the article being
        read, if listed.  (A cursor kept on the first batch's top hit ended up on a hit
        with the words scattered, under the phrase hits indexed after it.)"""
        listed_query, listed_filters = self._listed_for
        if (self.search_text, self.filters) == (listed_query, listed_filters):
            doc = self.document_list.current_doc
            if doc is None and self.document_list.more and len(listed) > len(self._listed):
                return listed[len(self._listed)]
            return doc if self._cursor_moved else None
        self._cursor_moved = False
        if self.search_text.strip() and self.search_text != listed_query:
            return None
        doc = self.reader.doc
        self._cursor_moved = doc is not None and doc in listed[1:]  # where the user was reading: theirs
        return doc

    def _results_shown(self, generation: int) -> None:
        """New rows are in the list (which replayed the keys held since enter on them):
        the reader follows the cursor (or empties when nothing is listed), the sidebar recounts."""
        self._preview(self.document_list.current_doc)
        if self.sidebar.scope == "results":
            self.refresh_sidebar()

    def _preview(self, doc: int | None) -> None:
        """Show ``doc`` in the reader; with nothing listed, show nothing."""
        self.catch_up_marks()
        if doc is None:
            if self.document_list.row_count() == 0 and self.reader.doc is not None:
                self.reader.clear()
                self.document_list.mark_open(None)
                if self.sidebar.scope == "doc":
                    self.refresh_sidebar()
        elif doc != self.reader.doc or doc != self._opening or self._shown_for != self.search_text:
            # Shown but another article asked for since (its preparation still running, it
            # would replace this one): ask for this one again, which makes the other stale.
            # Or shown with the matches of an earlier query (prepared while the query was
            # still being typed): prepare it again for this one.
            self.open_article(doc)

    def _trim_when_idle(self) -> None:
        """Hand back the memory searches freed, once the user stops typing.

        A search makes and drops tens of megabytes of temporary arrays; after
        a cold load the C allocator keeps what they freed (a 200 MB corpus
        grew from 2.4x to 3.6x its text over 180 searches).  Trimming costs
        5-25 ms, so it runs in a thread, and only after a pause."""
        if self._trim_timer is not None:
            self._trim_timer.stop()
        self._trim_timer = self.set_timer(TRIM_AFTER_IDLE, self._trim_memory)

    @work(thread=True, exclusive=True, group="trim", exit_on_error=False)
    def _trim_memory(self) -> None:
        from .core.index import release_freed_memory

        release_freed_memory()

    def more_results(self) -> None:
        """The list's "more" row: twice as many results for the same query."""
        self.limit *= 2
        self._search_generation += 1
        self._start_search()
