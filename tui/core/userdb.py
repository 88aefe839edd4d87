"""The analyst's own work: stars, tags and notes on articles, query history and saved
searches, kept in one SQLite database.

This is user data, unlike the index cache (``cache.py``, ``persist.py``,
``store.py``), which is disposable and rebuilt at will: it lives under
``$XDG_DATA_HOME/vnby-tui/`` (``~/.local/share/vnby-tui/``), is written only
in transactions, in WAL mode with full syncs, so two vnby-tui processes on
the same database never lose each other's writes and a ``kill -9`` loses at
most the action under way.  The schema is versioned (``PRAGMA user_version``)
and migrated in order.

A mark is keyed by the article's id plus a hash of its title and text, not by a
document number (a position that changes with the inputs) nor by a path: it
survives re-indexing, a moved corpus folder and a cleared cache.  The corpus
path is kept only as a hint for listing.

A database that cannot be written (read-only file or folder, damaged file)
never stops the program: :attr:`UserDB.problem` says why in one line, reads
answer what can be read, and writes raise :class:`ReadOnlyError`.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .text import fold

DB_NAME = "vnby-tui.sqlite3"

#: Each entry brings the schema from version ``i`` to ``i + 1``; never edit one that shipped.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE article (
        doc_id TEXT NOT NULL, content TEXT NOT NULL,
        title TEXT NOT NULL, date TEXT, corpus TEXT,
        PRIMARY KEY (doc_id, content)
    );
    CREATE TABLE star (
        doc_id TEXT NOT NULL, content TEXT NOT NULL, time TEXT NOT NULL,
        PRIMARY KEY (doc_id, content)
    );
    CREATE TABLE tag (
        doc_id TEXT NOT NULL, content TEXT NOT NULL, tag TEXT NOT NULL, time TEXT NOT NULL,
        PRIMARY KEY (doc_id, content, tag)
    );
    CREATE TABLE note (
        id INTEGER PRIMARY KEY, doc_id TEXT NOT NULL, content TEXT NOT NULL,
        text TEXT NOT NULL, time TEXT NOT NULL
    );
    CREATE INDEX note_article ON note (doc_id, content);
    """,
    """
    CREATE TABLE history (
        corpus TEXT NOT NULL, query TEXT NOT NULL, time TEXT NOT NULL,
        PRIMARY KEY (corpus, query)
    );
    CREATE TABLE saved (
        name TEXT PRIMARY KEY, query TEXT NOT NULL, created TEXT NOT NULL, last_run TEXT
    );
    CREATE TABLE saved_seen (
        name TEXT NOT NULL, doc_id TEXT NOT NULL, content TEXT NOT NULL,
        PRIMARY KEY (name, doc_id, content)
    );
    """,
    """
    ALTER TABLE saved ADD COLUMN filters TEXT NOT NULL DEFAULT '[]';
    """,
)

def folded_name(name: str) -> str:
    """A saved search's name as names are matched: folded, spaces tidied."""
    return fold(" ".join(name.split()))


def ambiguous_name(name: str, alike: Sequence[SavedSearch]) -> str:
    """What to say when ``name`` folds as several saved names do."""
    return (f"several saved searches are named like {name!r}: "
            f"{', '.join(repr(saved.name) for saved in alike)}; give the exact name")


#: Queries remembered per corpus for ``up``/``down`` in the search bar.
HISTORY_LIMIT = 500


class ReadOnlyError(Exception):
    """A write to a database that can only be read; the message says why in one line."""


def data_root() -> Path:
    """``$XDG_DATA_HOME/vnby-tui``; a relative ``XDG_DATA_HOME`` is ignored, as the XDG spec says."""
    base = os.environ.get("XDG_DATA_HOME", "")
    if not os.path.isabs(base):
        base = os.path.join(os.path.expanduser("~"), ".local", "share")
    return Path(base) / "vnby-tui"


def content_hash(title: str, text: str) -> str:
    """What identifies an article's version besides its id: a hash of its title and text."""
    digest = hashlib.blake2b(digest_size=12)
    digest.update(title.encode("utf-8", "surrogatepass"))
    digest.update(b"\0")
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class ArticleRef:
    """One article as marks know it: id, content hash, and what a listing shows of it."""

    doc_id: str
    content: str
    title: str
    date: str | None = None
    corpus: str | None = None

    @classmethod
    def of(cls, article, corpus: str | None = None) -> ArticleRef:
        return cls(article.id, content_hash(article.title, article.text), article.title, article.date, corpus)

    @property
    def key(self) -> tuple[str, str]:
        return self.doc_id, self.content


@dataclass(frozen=True, slots=True)
class Note:
    text: str
    time: str


@dataclass(slots=True)
class Marks:
    """Everything the user put on one article."""

    starred: bool = False
    tags: list[str] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    def __bool__(self) -> bool:
        return self.starred or bool(self.tags) or bool(self.notes)


def now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def now_precise() -> str:
    """A sortable time with microseconds: two queries in one second keep their order."""
    moment = time.time()
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(moment)) + f".{int(moment * 1e6) % 1_000_000:06d}Z"


@dataclass(frozen=True, slots=True)
class SavedSearch:
    name: str
    query: str
    created: str
    last_run: str | None
    filters: list[tuple[str, str]] = field(default_factory=list)

    @classmethod
    def of(cls, name: str, query: str, created: str, last_run: str | None, filters: str) -> SavedSearch:
        return cls(name, query, created, last_run, [tuple(f) for f in json.loads(filters or "[]")])


class UserDB:
    """The database of marks; open it once per process and keep it.

    ``path`` defaults to ``data_root() / DB_NAME``.  Nothing is created until the
    first write, so merely starting the program writes nothing.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path is not None else data_root() / DB_NAME
        self.problem: str | None = None
        self._conn: sqlite3.Connection | None = None
        self._seen_version: int | None = None
        if self.path.exists():
            self._open_existing()

    # -- opening ---------------------------------------------------------------------------------

    def _connect(self, read_only: bool) -> sqlite3.Connection:
        uri = f"{self.path.resolve().as_uri()}?mode={'ro' if read_only else 'rwc'}"
        conn = sqlite3.connect(uri, uri=True, timeout=30.0, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA busy_timeout = 30000")
        return conn

    def _open_existing(self) -> None:
        read_only = not os.access(self.path, os.W_OK) or not os.access(self.path.parent, os.W_OK)
        try:
            conn = self._connect(read_only)
            if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("integrity check failed")
        except sqlite3.DatabaseError as exc:
            self.problem = f"{self.path}: the marks database is damaged ({exc}); nothing will be saved until it is moved away"
            return
        self._conn = conn
        self._seen_version = self._data_version()
        if read_only:
            self.problem = f"{self.path}: the marks database is read-only; marks are shown but not saved"
            return
        try:
            self._migrate()
        except sqlite3.Error as exc:
            self.problem = f"{self.path}: the marks database cannot be written ({exc}); marks are shown but not saved"

    def _writable_connection(self) -> sqlite3.Connection:
        if self.problem is not None:
            raise ReadOnlyError(self.problem)
        if self._conn is None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                self._conn = self._connect(read_only=False)
                self._seen_version = self._data_version()
                self._migrate()
            except (OSError, sqlite3.Error) as exc:
                self._conn = None
                self.problem = f"{self.path}: cannot create the marks database ({exc}); marks are not saved"
                raise ReadOnlyError(self.problem) from None
        return self._conn

    def _migrate(self) -> None:
        assert self._conn is not None
        conn = self._conn
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version == len(MIGRATIONS):
            return
        if version > len(MIGRATIONS):
            raise sqlite3.OperationalError(f"written by a newer vnby-tui (schema {version}); read-only")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]  # another process may have migrated
            for step in range(version, len(MIGRATIONS)):
                for statement in MIGRATIONS[step].split(";"):
                    if statement.strip():
                        conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {len(MIGRATIONS)}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def changed_elsewhere(self) -> bool:
        """Whether another connection (another explorer, ``vnby-tui mark``) has written since
        the database was opened or this was last asked: SQLite's ``data_version`` moves only
        for other connections' commits.  A database someone else created since counts (and
        is opened here)."""
        opened = False
        if self._conn is None:
            if self.problem is not None or not self.path.exists():
                return False
            self._open_existing()
            opened = self._conn is not None
        if self._conn is None:
            return False
        seen, self._seen_version = self._seen_version, self._data_version()
        return opened or seen != self._seen_version

    def _data_version(self) -> int | None:
        try:
            return self._conn.execute("PRAGMA data_version").fetchone()[0] if self._conn is not None else None
        except sqlite3.DatabaseError:
            return None

    @property
    def writable(self) -> bool:
        return self.problem is None

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    # -- writing ---------------------------------------------------------------------------------

    def _transaction(self, statements: Iterable[tuple[str, tuple]]) -> None:
        """One user action, in one transaction, synced to disk before returning."""
        conn = self._writable_connection()
        try:
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("BEGIN IMMEDIATE")
            try:
                for statement, parameters in statements:
                    conn.execute(statement, parameters)
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        except sqlite3.OperationalError as exc:
            raise ReadOnlyError(f"{self.path}: cannot save ({exc})") from None

    def _write(self, ref: ArticleRef, statement: str, parameters: tuple) -> None:
        """A mark on one article (recorded with what a listing shows of it)."""
        self._transaction([
            ("INSERT INTO article (doc_id, content, title, date, corpus) VALUES (?, ?, ?, ?, ?) "
             "ON CONFLICT (doc_id, content) DO UPDATE SET title = excluded.title, "
             "date = excluded.date, corpus = coalesce(excluded.corpus, article.corpus)",
             (ref.doc_id, ref.content, ref.title, ref.date, ref.corpus)),
            (statement, parameters),
        ])

    def star(self, ref: ArticleRef) -> None:
        self._write(ref, "INSERT OR IGNORE INTO star (doc_id, content, time) VALUES (?, ?, ?)", (*ref.key, now()))

    def unstar(self, ref: ArticleRef) -> None:
        self._write(ref, "DELETE FROM star WHERE doc_id = ? AND content = ?", ref.key)

    def tag(self, ref: ArticleRef, tag: str) -> None:
        tag = normalise_tag(tag)
        self._write(ref, "INSERT OR IGNORE INTO tag (doc_id, content, tag, time) VALUES (?, ?, ?, ?)",
                    (*ref.key, tag, now()))

    def untag(self, ref: ArticleRef, tag: str) -> None:
        self._write(ref, "DELETE FROM tag WHERE doc_id = ? AND content = ? AND tag = ?", (*ref.key, normalise_tag(tag)))

    def add_note(self, ref: ArticleRef, text: str) -> None:
        text = text.strip()
        if not text:
            raise ValueError("an empty note")
        self._write(ref, "INSERT INTO note (doc_id, content, text, time) VALUES (?, ?, ?, ?)", (*ref.key, text, now()))

    # -- history and saved searches --------------------------------------------------------------

    def remember_query(self, corpus: str, query: str) -> None:
        """Add ``query`` to the corpus's history (a repeat moves to the front); oldest beyond the limit go."""
        query = query.strip()
        if not query:
            return
        self._transaction([
            ("INSERT INTO history (corpus, query, time) VALUES (?, ?, ?) "
             "ON CONFLICT (corpus, query) DO UPDATE SET time = excluded.time", (corpus, query, now_precise())),
            ("DELETE FROM history WHERE corpus = ? AND query NOT IN "
             "(SELECT query FROM history WHERE corpus = ? ORDER BY time DESC LIMIT ?)", (corpus, corpus, HISTORY_LIMIT)),
        ])

    def history(self, corpus: str) -> list[str]:
        """The corpus's queries, most recent first, each once."""
        return [row[0] for row in self._rows("SELECT query FROM history WHERE corpus = ? ORDER BY time DESC", (corpus,))]

    def save_search(self, name: str, query: str, filters: Sequence[tuple[str, str]] = ()) -> None:
        """Save (or replace) a named query with its filters (``(key, label)`` pairs: entities,
        marks); replacing it forgets what its runs had seen.  A name is one name however it is
        spelled (case, diacritics, spacing: see :meth:`saved_search`): ``thu tuong`` replaces
        *thủ tướng*, which takes the spelling last saved.  Where several saved names already
        fold alike (saved before names were matched so), only an exact one is replaced; another
        spelling is refused (``ValueError``) rather than adding one more beside them."""
        name, query = name.strip(), query.strip()
        if not name or not query:
            raise ValueError("a saved search needs a name and a query")
        alike = self.saved_alike(name)
        if len(alike) > 1:
            raise ValueError(ambiguous_name(name, alike))
        old = alike[0].name if alike else name
        self._transaction([
            ("DELETE FROM saved_seen WHERE name = ?", (old,)),
            ("DELETE FROM saved WHERE name = ?", (old,)),
            ("INSERT INTO saved (name, query, created, filters) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO UPDATE "
             "SET query = excluded.query, created = excluded.created, filters = excluded.filters, last_run = NULL",
             (name, query, now(), json.dumps([list(f) for f in filters], ensure_ascii=False))),
        ])

    def remove_search(self, name: str) -> bool:
        saved = self.saved_search(name)
        if saved is None:
            return False
        name = saved.name
        self._transaction([("DELETE FROM saved_seen WHERE name = ?", (name,)),
                           ("DELETE FROM saved WHERE name = ?", (name,))])
        return True

    def saved_searches(self) -> list[SavedSearch]:
        return [SavedSearch.of(*row) for row in
                self._rows("SELECT name, query, created, last_run, filters FROM saved ORDER BY name")]

    def saved_search(self, name: str) -> SavedSearch | None:
        """The saved search called ``name``; typed without its diacritics (or in another case,
        spacing), the one whose name folds the same — none when several do: say which
        (:meth:`saved_alike`)."""
        alike = self.saved_alike(name)
        return alike[0] if len(alike) == 1 else None

    def saved_alike(self, name: str) -> list[SavedSearch]:
        """The saved search named exactly ``name`` (a list of one), else every one whose name
        folds as it does (lower case, no diacritics, spaces tidied), by name."""
        name = name.strip()
        rows = self._rows("SELECT name, query, created, last_run, filters FROM saved WHERE name = ?", (name,))
        if rows:
            return [SavedSearch.of(*rows[0])]
        wanted = folded_name(name)
        return [saved for saved in self.saved_searches() if folded_name(saved.name) == wanted]

    def record_run(self, name: str, keys: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
        """Note a run of saved search ``name`` (however spelled, as :meth:`saved_search` reads it)
        that found ``keys``; returns those its earlier runs had not seen."""
        keys = set(keys)
        saved = self.saved_search(name)
        name = saved.name if saved is not None else name
        seen = {(d, c) for d, c in self._rows("SELECT doc_id, content FROM saved_seen WHERE name = ?", (name,))}
        new = keys - seen
        self._transaction([
            *(("INSERT OR IGNORE INTO saved_seen (name, doc_id, content) VALUES (?, ?, ?)", (name, *key))
              for key in sorted(new)),
            ("UPDATE saved SET last_run = ? WHERE name = ?", (now(), name)),
        ])
        return new

    # -- reading ---------------------------------------------------------------------------------

    def _rows(self, statement: str, parameters: tuple = ()) -> list[tuple]:
        if self._conn is None:
            return []
        try:
            return self._conn.execute(statement, parameters).fetchall()
        except sqlite3.DatabaseError:
            return []

    def marks_of(self, ref: ArticleRef) -> Marks:
        return self.marks_for([ref.key]).get(ref.key, Marks())

    def marks_for(self, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Marks]:
        """The marks of these articles (only those that have any)."""
        wanted = set(keys)
        found: dict[tuple[str, str], Marks] = {}
        for doc_id, content, _ in self._rows("SELECT doc_id, content, time FROM star"):
            if (doc_id, content) in wanted:
                found.setdefault((doc_id, content), Marks()).starred = True
        for doc_id, content, tag in self._rows("SELECT doc_id, content, tag FROM tag ORDER BY tag"):
            if (doc_id, content) in wanted:
                found.setdefault((doc_id, content), Marks()).tags.append(tag)
        for doc_id, content, text, when in self._rows("SELECT doc_id, content, text, time FROM note ORDER BY id"):
            if (doc_id, content) in wanted:
                found.setdefault((doc_id, content), Marks()).notes.append(Note(text, when))
        return found

    def marked_ids(self) -> set[str]:
        """The ids of every marked article: loading hashes only the articles with these ids."""
        rows = self._rows("SELECT doc_id FROM star UNION SELECT doc_id FROM tag UNION SELECT doc_id FROM note")
        return {row[0] for row in rows}

    def tags(self) -> list[str]:
        """Every tag in use, most used first (for completion)."""
        return [row[0] for row in self._rows("SELECT tag FROM tag GROUP BY tag ORDER BY count(*) DESC, tag")]


def normalise_tag(tag: str) -> str:
    """Tags compare as typed, trimmed, with inner spaces collapsed."""
    tag = " ".join(tag.split())
    if not tag:
        raise ValueError("an empty tag")
    return tag


#: Filter keys of marks, beside entity keys: ``mark:starred``, ``mark:tag:TAG``, ``mark:note:WORDS``.
MARK_PREFIX = "mark:"


class CorpusMarks:
    """The marks of one loaded corpus by document number, for listing markers and filters.

    Built once per corpus (only articles whose id carries marks are hashed) and refreshed
    per article after each action."""

    def __init__(self, db: UserDB, articles, corpus: str | None = None) -> None:
        self.db = db
        self.articles = articles
        self.corpus = corpus
        self.by_doc: dict[int, Marks] = {}
        self._refs: dict[int, ArticleRef] = {}
        ids = db.marked_ids()
        docs = [doc for doc in range(len(articles)) if self._id_of(doc) in ids]
        found = db.marks_for(self.ref(doc).key for doc in docs)
        for doc in docs:
            if self.ref(doc).key in found:
                self.by_doc[doc] = found[self.ref(doc).key]

    def _id_of(self, doc: int) -> str:
        columns = getattr(self.articles, "columns", None)
        return columns["id"][doc] if columns is not None else self.articles[doc].id

    def ref(self, doc: int) -> ArticleRef:
        if doc not in self._refs:
            self._refs[doc] = ArticleRef.of(self.articles[doc], self.corpus)
        return self._refs[doc]

    def of(self, doc: int) -> Marks:
        return self.by_doc.get(doc, Marks())

    def refresh(self, doc: int) -> Marks:
        marks = self.db.marks_of(self.ref(doc))
        if marks:
            self.by_doc[doc] = marks
        else:
            self.by_doc.pop(doc, None)
        return marks

    def marker(self, doc: int) -> str:
        """``★`` starred, ``#`` tagged, ``✎`` annotated — what the list shows before a title."""
        marks = self.by_doc.get(doc)
        if not marks:
            return ""
        return ("★" if marks.starred else "") + ("#" if marks.tags else "") + ("✎" if marks.notes else "")

    def docs_for(self, key: str) -> set[int]:
        """The documents a mark filter key selects."""
        from .text import fold

        what = key[len(MARK_PREFIX):]
        if what == "starred":
            return {doc for doc, marks in self.by_doc.items() if marks.starred}
        if what.startswith("tag:"):
            tag = what[4:]
            return {doc for doc, marks in self.by_doc.items() if tag in marks.tags}
        if what.startswith("note:"):
            words = fold(what[5:]).split()
            return {doc for doc, marks in self.by_doc.items()
                    if any(all(w in fold(n.text) for w in words) for n in marks.notes)}
        return set()
