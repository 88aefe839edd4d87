"""The analyst's workspace in the explorer: stars, tags, notes, saved searches, history, copy.

Mixed into the app (:class:`MarkingMixin`): the keys ``*`` (star), ``t`` (tag), ``m`` (note),
``y`` / ``Y`` (copy the passage / the citation), palette commands for saved searches and for
showing only starred, tagged or annotated articles (as filter chips, removable like entity
chips).  Everything is stored through ``tui.core.userdb``; this module only asks and shows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work
from textual.css.query import NoMatches
from textual.worker import get_current_worker

from .i18n import label

if TYPE_CHECKING:  # tui.core.userdb (sqlite3 with it) is imported once the first frame is out
    from .core.userdb import CorpusMarks, UserDB


class MarkingMixin:
    """Workspace actions for :class:`tui.app.VnbyApp` (which supplies ``corpus``, ``reader``,
    ``document_list``, ``filters``, ``search_text``, ``language`` and the Textual app API)."""

    #: The marks database, once opened (see :attr:`user_db`).
    _user_db: UserDB | None = None
    #: Documents a saved search found that its earlier runs had not (marked ``✚`` in the list).
    new_hits: frozenset[int] = frozenset()

    #: Actions on the open article: offered (and in the footer) only while one is open.
    ARTICLE_ACTIONS = frozenset({"toggle_star", "tag", "note", "copy_passage", "copy_citation"})

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.ARTICLE_ACTIONS:
            try:
                return self.reader.doc is not None
            except NoMatches:  # no explorer on screen (starting, or quitting)
                return False
        return True

    # -- set-up ---------------------------------------------------------------------------------

    @property
    def user_db(self) -> UserDB:
        """The marks database, opened when first asked for: once the first frame is out (the app
        asks then, before the corpus loads), or before that if a key typed meanwhile needs it."""
        if self._user_db is None:
            self.open_user_db()
        assert self._user_db is not None
        return self._user_db

    def open_user_db(self) -> None:
        """Open the marks database (creating nothing); a problem is said once, in one line."""
        from .core.userdb import UserDB

        self._user_db = UserDB()
        if self._user_db.problem:
            self.notify(self._user_db.problem, severity="warning", markup=False, timeout=8)

    @work(thread=True, exclusive=True, group="marks", exit_on_error=False)
    def gather_marks(self, corpus: Any, again: bool = False) -> None:
        """Match the stored marks to this corpus's articles (hashing only the marked ids);
        ``again``: once more, because another session or ``vnby-tui mark`` wrote some."""
        from .core.userdb import CorpusMarks

        marks = CorpusMarks(self.user_db, corpus.articles, self.corpus_hint(corpus))
        if not get_current_worker().is_cancelled:
            self.call_from_thread(self._marks_gathered, corpus, marks, again)

    def _marks_gathered(self, corpus: Any, marks: CorpusMarks, again: bool = False) -> None:
        from .core.userdb import MARK_PREFIX

        if corpus is not self.corpus:
            return
        corpus.marks = marks
        if not again:
            self.new_hits = frozenset()
        self.document_list.set_markers(self._marker)
        if any(key.startswith(MARK_PREFIX) for key, _ in self.filters):
            self.refresh_results()

    def catch_up_marks(self) -> None:
        """Show marks written elsewhere since (another explorer, ``vnby-tui mark``): asked after
        each search and each article shown, so what the list shows — and so what ``*`` toggles —
        is what the database holds, not what it held when the corpus was loaded."""
        if getattr(self.corpus, "marks", None) is not None and self.user_db.changed_elsewhere():
            self.gather_marks(self.corpus, again=True)

    def _marker(self, doc: int) -> str:
        marks = getattr(self.corpus, "marks", None)
        return ("✚" if doc in self.new_hits else "") + (marks.marker(doc) if marks is not None else "")

    @staticmethod
    def corpus_hint(corpus: Any) -> str:
        import os

        return " ".join(os.path.abspath(p) for p in corpus.paths)

    # -- marking the open article ------------------------------------------------------------------

    def _open_doc(self) -> int | None:
        """The article a mark is for: the one in the reader, or, from the list, the one under its
        cursor, which the reader is about to show (``j`` ``*`` in one burst starred the article
        shown before the move)."""
        from .core.userdb import CorpusMarks

        doc = self.reader.doc
        if self.focused is self.document_list and self.document_list.current_doc is not None:
            doc = self.document_list.current_doc
        if doc is None:
            self.notify(label(self.language, "marks.no_article"), markup=False)
            return None
        if getattr(self.corpus, "marks", None) is None:
            # Asked before the load has gathered them (a cold load gathers them at its end, a
            # minute on a large corpus): read them here, for the articles read so far (a few
            # hundredths of a second); the gathering at the end of the load replaces them.
            self._marks_gathered(self.corpus, CorpusMarks(self.user_db, self.corpus.articles, self.corpus_hint(self.corpus)))
        return doc

    def _saved(self, doc: int, done: str) -> None:
        """After an action: the list's marker and any mark filter follow."""
        from .core.userdb import MARK_PREFIX

        self.corpus.marks.refresh(doc)
        self.document_list.repaint_rows()
        self.notify(done, markup=False, timeout=3)
        if any(key.startswith(MARK_PREFIX) for key, _ in self.filters):
            self.refresh_results()

    def _store(self, action, *arguments) -> bool:
        from .core.userdb import ReadOnlyError

        try:
            action(*arguments)
        except ReadOnlyError as exc:
            self.notify(str(exc), severity="error", markup=False, timeout=8)
            return False
        return True

    def action_toggle_star(self) -> None:
        doc = self._open_doc()
        if doc is None:
            return
        marks, ref = self.corpus.marks.of(doc), self.corpus.marks.ref(doc)
        if self._store(self.user_db.unstar if marks.starred else self.user_db.star, ref):
            self._saved(doc, label(self.language, "marks.unstarred" if marks.starred else "marks.starred"))

    def action_tag(self) -> None:
        from .dialogs.ask import AskScreen

        doc = self._open_doc()
        if doc is None:
            return
        marks = self.corpus.marks.of(doc)
        title = self.corpus.articles[doc].title

        def tagged(tag: str | None) -> None:
            if not tag:
                return
            ref = self.corpus.marks.ref(doc)
            if tag.startswith("-") and tag[1:].strip():
                if self._store(self.user_db.untag, ref, tag[1:]):
                    self._saved(doc, label(self.language, "marks.untagged", tag=tag[1:].strip()))
            elif self._store(self.user_db.tag, ref, tag):
                self._saved(doc, label(self.language, "marks.tagged", tag=tag))

        context = [title, *([label(self.language, "tag.current", tags=", ".join(marks.tags))] if marks.tags else [])]
        self.push_screen(AskScreen(label(self.language, "tag.prompt"), context, self.user_db.tags()), tagged)

    def action_note(self) -> None:
        from .dialogs.note_article import NoteScreen

        doc = self._open_doc()
        if doc is None:
            return

        def written(text: str | None) -> None:
            if text and self._store(self.user_db.add_note, self.corpus.marks.ref(doc), text):
                self._saved(doc, label(self.language, "marks.noted"))

        earlier = [note.text for note in self.corpus.marks.of(doc).notes]
        self.push_screen(NoteScreen(self.language, self.corpus.articles[doc].title, earlier), written)

    # -- copying ------------------------------------------------------------------------------------

    def action_copy_passage(self) -> None:
        """``y``: the sentence of the current match, else the paragraph at the top of the reader."""
        from .core.export import paragraph_at, quoted_with_citation, sentence_at

        doc, offset = self.reader.doc, self.reader.reading_offset()
        if doc is None or offset is None:
            self.notify(label(self.language, "marks.no_article"), markup=False)
            return
        article = self.corpus.articles[doc]
        span = sentence_at(article, offset) if self.reader.matches else paragraph_at(article, offset)
        self._copy(quoted_with_citation(article, *span, self._credits_of(doc, article)))

    def action_copy_citation(self) -> None:
        from .core.export import article_citation

        doc = self.reader.doc
        if doc is None:
            self.notify(label(self.language, "marks.no_article"), markup=False)
            return
        article = self.corpus.articles[doc]
        self._copy(article_citation(article, self._credits_of(doc, article)))

    def _credits_of(self, doc: int, article: Any) -> Any:
        """The open article's credits as the reader shows them (``by …``), or read from the
        entity index when the reader had none (the entities were not ready when it opened)."""
        if self.reader.doc == doc and self.reader.credits is not None:
            return self.reader.credits
        from .core.export import credits_in

        return credits_in(self.corpus.entity_index, doc, article.text)

    def _copy(self, text: str) -> None:
        """To the terminal's clipboard with OSC 52 (works over SSH where the terminal allows it)."""
        self.copy_to_clipboard(text)
        shown = text if len(text) <= 60 else text[:59] + "…"
        self.notify(label(self.language, "marks.copied", text=shown), markup=False, timeout=4)

    # -- filters: starred, tagged, annotated ----------------------------------------------------------

    def add_mark_filter(self, key: str, name: str) -> None:
        if any(existing == key for existing, _ in self.filters):
            return
        self.filters.append((key, name))
        self._filters_changed()

    def action_show_starred(self) -> None:
        from .core.userdb import MARK_PREFIX

        self.add_mark_filter(f"{MARK_PREFIX}starred", "★ " + label(self.language, "marks.starred_chip"))

    def action_show_tag(self) -> None:
        from .core.userdb import MARK_PREFIX
        from .dialogs.ask import AskScreen

        def chosen(tag: str | None) -> None:
            if tag:
                self.add_mark_filter(f"{MARK_PREFIX}tag:{tag}", f"# {tag}")

        self.push_screen(AskScreen(label(self.language, "cmd.show_tag"), label(self.language, "marks.show_tag"),
                                   self.user_db.tags() if self.user_db else []), chosen)

    def action_search_notes(self) -> None:
        from .core.userdb import MARK_PREFIX
        from .dialogs.ask import AskScreen

        def chosen(words: str | None) -> None:
            if words:
                self.add_mark_filter(f"{MARK_PREFIX}note:{words}", f"✎ {words}")

        self.push_screen(AskScreen(label(self.language, "cmd.search_notes"), label(self.language, "marks.search_notes")),
                         chosen)

    # -- history and saved searches -------------------------------------------------------------------

    def remember_query(self, query: str) -> None:
        """A submitted query joins the corpus's history (``up``/``down`` in the search bar)."""
        from .core.userdb import ReadOnlyError

        if not query.strip():
            return
        try:
            self.user_db.remember_query(self.corpus_hint(self.corpus), query)
        except ReadOnlyError:
            pass  # said once at start-up; history is a convenience

    def query_history(self) -> list[str]:
        return self.user_db.history(self.corpus_hint(self.corpus)) if self.user_db else []

    def action_save_search(self) -> None:
        from .core.userdb import folded_name
        from .dialogs.ask import AskScreen

        query, filters = self.search_text.strip(), list(self.filters)
        if not query:
            self.notify(label(self.language, "saved.nothing"), markup=False)
            return

        shown = " ".join([query, *(f"[{chip}]" for _, chip in filters)]).strip()

        def named(name: str | None, confirmed: str | None = None) -> None:
            if not name:
                return
            alike = self.user_db.saved_alike(name)  # the name however spelled, as the CLI reads it
            if len(alike) > 1:  # saved before names were matched folded: ask for the exact one
                names = ", ".join(f"“{saved.name}”" for saved in alike)
                ambiguous = label(self.language, "saved.ambiguous", name=name, names=names)
                self.push_screen(AskScreen(label(self.language, "saved.prompt"), (shown, ambiguous), value=name),
                                 named)
                return
            before = alike[0] if alike else None
            if (before is not None and before.query != query
                    and (confirmed is None or folded_name(name) != folded_name(confirmed))):
                # another search of that name: the same name again replaces it, another name keeps both
                exists = label(self.language, "saved.exists", name=before.name, query=before.query)
                self.push_screen(AskScreen(label(self.language, "saved.prompt"), (shown, exists), value=name),
                                 lambda again: named(again, confirmed=name))
            elif self._store(self.user_db.save_search, name, query, filters):
                self.notify(label(self.language, "saved.done", name=name), markup=False, timeout=3)

        self.push_screen(AskScreen(label(self.language, "saved.prompt"), shown, value=query[:40]), named)

    def action_saved_searches(self) -> None:
        from .dialogs.saved_searches import SavedSearchesScreen

        searches = [(s.name, s.query, s.last_run) for s in self.user_db.saved_searches()] if self.user_db else []

        def picked(name: str | None) -> None:
            saved = self.user_db.saved_search(name) if name else None
            if saved is not None:
                self.run_saved_search(saved.name, saved.query, saved.filters)

        self.push_screen(SavedSearchesScreen(self.language, searches), picked)

    def run_saved_search(self, name: str, query: str, filters: list[tuple[str, str]] | None = None) -> None:
        """Put the saved query and its filter chips in the search bar; mark the hits new since its last run."""
        self.filters = list(filters or [])
        self.search_bar.set_chips(self.filters)
        self.search_bar.set_query(query)
        self.count_new_hits(name, query, list(self.filters))

    @work(thread=True, exclusive=True, group="saved", exit_on_error=False)
    def count_new_hits(self, name: str, query: str, filters: list[tuple[str, str]]) -> None:
        from .core.userdb import ReadOnlyError
        from .core.find import EntitiesNotReady, QuerySyntaxError

        corpus = self.corpus
        if corpus.search_index is None or getattr(corpus, "marks", None) is None:
            return
        try:
            results = corpus.find(query, filters, max(1, len(corpus.articles))).results
        except (QuerySyntaxError, EntitiesNotReady):
            return  # the search bar says why; no run is recorded
        found = results.strong_docs()  # what `saved run` records too: phrase and near hits, or every hit if none
        keys = {doc: corpus.marks.ref(doc).key for doc in found}
        try:
            new = self.user_db.record_run(name, keys.values())
        except ReadOnlyError:
            new = set(keys.values())
        if not get_current_worker().is_cancelled:
            self.call_from_thread(self._new_hits_found, name, frozenset(d for d, k in keys.items() if k in new))

    def _new_hits_found(self, name: str, docs: frozenset[int]) -> None:
        self.new_hits = docs
        self.document_list.repaint_rows()
        self.notify(label(self.language, "saved.new", name=name, n=len(docs)), markup=False, timeout=6)
