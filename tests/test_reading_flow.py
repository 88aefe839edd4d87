"""From a query to reading: enter opens the top hit, the reader follows the list
cursor and never shows an article outside the results, scopes carry nothing stale,
every filter chip can be removed, and the article's link is shown and opened."""

from __future__ import annotations

import json
import threading

import pytest
from textual import events

from pilot import SMALL, WIDE, choose_entity, make_app, search, settle, wait_until
from tui.messages import QueryChanged
from tui.core.links import can_open_browser_here, safe_link
from tui.widgets.reader import Layout, layout_article
from tui.widgets.search_bar import FilterChip, SearchInput

SIZES = [WIDE, SMALL]


def post_keys(app, *keys: str) -> None:
    """Keys arriving in one burst (one SSH packet, a paste): posted without waiting between them."""
    characters = {"slash": "/", "space": " ", "enter": "\r"}
    for key in keys:
        app.post_message(events.Key(key, characters.get(key, key if len(key) == 1 else None)))


@pytest.mark.parametrize("size", SIZES)
async def test_one_enter_in_the_search_field_opens_the_top_hit_at_its_first_match(size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await search(pilot, "lukashenko")
        await pilot.press("enter")
        await settle(pilot)
        assert app.focused is app.document_list
        assert app.reader.doc == app.document_list.docs[0] == app.document_list.current_doc
        assert app.reader.match_label == f"match 1/{len(app.reader.matches)}" and app.reader.matches
        first = app.reader.matches[0]
        line = app.reader.line_of(first.field, first.start)
        top = app.reader.scroll_offset.y
        assert top <= line < top + app.reader.scrollable_content_region.height


@pytest.mark.parametrize("size", SIZES)
async def test_keys_typed_right_after_enter_move_the_list_not_the_query(size):
    """``/ lam enter j j`` in one burst: the query stays ``lam``, the cursor is on the third hit."""
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        post_keys(app, "slash", "l", "a", "m", "enter", "j", "j")
        await settle(pilot)
        assert app.search_bar.query_text == "lam" and app.search_text == "lam"
        hits = list(app.document_list.docs)
        assert len(hits) >= 2
        assert app.document_list.cursor == min(2, len(hits) - 1)
        assert app.reader.doc == hits[app.document_list.cursor]
        assert app.reader.match_label.startswith("match 1/")


async def test_enter_then_keys_after_the_results_are_already_shown():
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await search(pilot, "belarus")  # the debounced search has run: the results are current
        post_keys(app, "enter", "j")
        await settle(pilot)
        assert app.search_bar.query_text == "belarus"
        assert app.document_list.cursor == 1 and app.reader.doc == app.document_list.docs[1]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("keys", [("tab", "tab", "j"), ("tab",), ("shift+tab",)], ids=" ".join)
async def test_keys_after_slash_in_one_burst_with_tabs_before_it_go_into_the_query(size, keys):
    """``tab`` ``tab`` ``j`` ``/`` ``o`` in one burst from the list: ``o`` is appended to the
    query and the search field keeps the focus.  The tabs were acted on only after the ``/``
    (a key not bound first is handed to the pane and comes back up to the app later), so
    they took the focus out of the search field again and ``o`` went to a pane (the clean-clone
    CI run's tmux test lost it that way)."""
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await search(pilot, "lukashenk")
        await pilot.press("enter")
        await settle(pilot)
        assert app.focused is app.document_list
        post_keys(app, *keys, "slash", "o")
        await settle(pilot)
        assert isinstance(app.focused, SearchInput)
        assert app.search_bar.query_text == "lukashenko"


@pytest.mark.parametrize("size", SIZES)
async def test_a_pane_key_typed_just_before_slash_is_not_lost(size):
    """``j`` ``/`` in one burst from the list: the cursor moves to the second hit, which the
    reader shows, and the search field has the focus.  ``j`` was looked up only once it came
    back up to the app, after ``/`` had moved the focus to the field, where it is bound to
    nothing: it was lost."""
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await search(pilot, "belarus")
        await pilot.press("escape")
        await settle(pilot)
        assert app.focused is app.document_list and len(app.document_list.docs) >= 2
        post_keys(app, "j", "slash")
        await settle(pilot)
        assert isinstance(app.focused, SearchInput) and app.search_bar.query_text == "belarus"
        assert app.document_list.cursor == 1 and app.reader.doc == app.document_list.docs[1]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("keys, typed", [
    (("x", "y", "z", "backspace", "w"), "xyw"),
    (("t", "o", "space", "l", "a", "m", "left", "left", "left", "x"), "to xlam"),
    (("b", "a", "o", "space", "l", "u", "ctrl+w", "n", "g", "a", "y"), "bao ngay"),
    (("l", "u", "home", "b", "a", "o", "space"), "bao lu"),
], ids=["backspace", "left", "ctrl+w", "home"])
async def test_editing_keys_typed_in_one_burst_act_where_they_were_typed(size, keys, typed):
    """A burst of keys in the search field (a fast typist, a paste, one SSH packet): backspace,
    the arrows, home, ctrl+w act between the letters typed around them.  They were acted on
    only after the letters behind them (a key bound in the field went up to the app before its
    binding ran, while the next letters were typed at once): ``xyz⌫w`` gave ``xyz``, and
    ``to lam ← ← ← x`` gave ``to lamX``."""
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        post_keys(app, "slash", *keys)
        await settle(pilot)
        assert isinstance(app.focused, SearchInput)
        assert app.search_bar.query_text == typed


def five_articles_about_lam(folder) -> str:
    folder.mkdir()
    for n in range(5):
        (folder / f"bai-{n}.txt").write_text(
            f"Bài số {n} về chuyến thăm\n\nÔng Nguyễn Văn Lâm phát biểu lần thứ {n + 1} tại Hà Nội.\n",
            encoding="utf-8")
    return str(folder)


async def on_the_third_hit_of_lam(pilot) -> None:
    """``/ lam enter j j`` did what it says: the query is ``lam``, the cursor and the reader
    on the third of its five hits."""
    app = pilot.app
    await settle(pilot)
    listing = app.document_list
    assert app.search_bar.query_text == "lam" == app.search_text
    assert len(listing.docs) == 5 and not listing.holding
    assert listing.cursor == 2 and app.reader.doc == listing.docs[2] == listing.current_doc
    assert app.reader.match_label.startswith("match 1/")


async def test_keys_held_after_enter_wait_for_the_rows_of_the_search_not_for_its_worker(tmp_path):
    """The race seen under load: the debounced search for ``lam`` was requested but its
    worker had not started (or had finished with its rows still on the way) when enter
    came, so ``j j`` moved the old rows and the new ones then put the cursor on the top."""
    app = make_app([five_articles_about_lam(tmp_path / "corpus")])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        requested = []
        run_search = app.run_search
        app.run_search = lambda *args: requested.append(args)  # requested, not started
        await search(pilot, "lam")
        assert app.search_text == "lam" and requested and not any(w.group == "search" for w in app.workers)
        post_keys(app, "enter", "j", "j")
        await wait_until(pilot, lambda: app.document_list._held == ["cursor_down", "cursor_down"],
                         "both keys held")
        await settle(pilot)
        assert app.document_list.holding and app.document_list.cursor == 0  # the old rows did not move
        app.run_search = run_search
        run_search(*requested[-1])  # the rows of that search arrive now
        await on_the_third_hit_of_lam(pilot)


async def test_keys_held_while_the_search_runs_apply_to_its_rows(tmp_path):
    """Enter and ``j j`` while the worker searching ``lam`` is still running: it ends after them."""
    app = make_app([five_articles_about_lam(tmp_path / "corpus")])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        index = app.corpus.search_index
        search_now, go = index.search, threading.Event()

        def slow_search(*args, **kwargs):
            go.wait(30)
            return search_now(*args, **kwargs)

        index.search = slow_search
        post_keys(app, "slash", "l", "a", "m", "enter", "j", "j")
        await wait_until(pilot, lambda: app.document_list._held == ["cursor_down", "cursor_down"]
                         and any(w.group == "search" and w.is_running for w in app.workers),
                         "both keys held while the search runs")
        go.set()
        await on_the_third_hit_of_lam(pilot)


async def test_a_debounced_query_arriving_after_enter_does_not_replace_it(tmp_path):
    """The debounce of ``la`` fired just before ``m`` was typed; its message reaches the
    app after enter searched ``lam``: the list keeps the results of ``lam``."""
    app = make_app([five_articles_about_lam(tmp_path / "corpus")])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        post_keys(app, "slash", "l", "a", "m", "enter", "j", "j")
        await wait_until(pilot, lambda: app.search_text == "lam", "enter searched lam")
        app.post_message(QueryChanged("la"))
        await on_the_third_hit_of_lam(pilot)


async def test_keys_held_after_enter_on_an_unreadable_query_move_the_rows_kept(tmp_path):
    """``"lam`` (an unbalanced quote) lists nothing new: the rows shown stay, and ``j`` after
    enter moves them instead of waiting for results that never come."""
    app = make_app([five_articles_about_lam(tmp_path / "corpus")])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        post_keys(app, "slash", '"', "l", "a", "m", "enter", "j")
        await settle(pilot)
        assert "unbalanced quote" in str(app.query_one("#hit-count").render())
        listing = app.document_list
        assert not listing.holding and len(listing.docs) == 5
        assert listing.cursor == 1 and app.reader.doc == listing.docs[1]


async def test_the_reader_keeps_the_cursors_article_when_an_older_one_is_ready_last(tmp_path, monkeypatch):
    """``j j``: the article of the middle row is prepared slowly, and its worker is cancelled
    only after its last check; when it is ready the cursor is two rows down: not shown."""
    app = make_app([five_articles_about_lam(tmp_path / "corpus")])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        listing = app.document_list
        assert app.reader.doc == listing.docs[0]
        slow_id, gate = app.corpus.articles[listing.docs[1]].id, threading.Event()
        matches_in = app._matches_in

        def slow_for_the_second(article, query):
            if article.id == slow_id:
                gate.wait(30)
            return matches_in(article, query)

        class CancelledTooLate:
            is_cancelled = False

        app._matches_in = slow_for_the_second
        monkeypatch.setattr("tui.reading.get_current_worker", CancelledTooLate)
        await pilot.press("j")
        await wait_until(pilot, lambda: any(w.group == "open" and w.is_running for w in app.workers),
                         "the second article being prepared")
        await pilot.press("j")
        await wait_until(pilot, lambda: app.reader.doc == listing.docs[2], "the third article shown")
        gate.set()
        await settle(pilot)
        assert listing.cursor == 2 and app.reader.doc == listing.docs[2] == listing.open_doc


@pytest.mark.parametrize("size", SIZES)
async def test_moving_the_list_cursor_previews_the_article(size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert app.reader.doc == app.document_list.current_doc == 0
        await pilot.press("j")
        await settle(pilot)
        assert app.reader.doc == 1 and app.document_list.open_doc == 1
        assert app.focused is app.document_list  # previewing does not take the focus
        await pilot.press("enter")  # read it: the focus goes to the reader
        await settle(pilot)
        assert app.focused is app.reader and app.reader.doc == 1


async def test_the_reader_never_shows_an_article_outside_the_results():
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert app.reader.doc == 0  # reading the first seed
        await search(pilot, "lukashenko")  # only the second seed names him
        assert list(app.document_list.docs) == [1]
        assert app.reader.doc == 1
        await pilot.press(*["backspace"] * 40, *"xyzzyqwv")
        await settle(pilot)
        assert list(app.document_list.docs) == []
        assert app.reader.doc is None and app.reader.article is None


async def test_clearing_the_query_refreshes_the_sidebar_and_keeps_the_article_read():
    app = make_app(show_sidebar=True)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        app.sidebar.focus()
        await pilot.press("a")  # entities of all results
        await settle(pilot)
        everything = sum(row.count for row in app.sidebar.rows if row.entity is not None)
        await search(pilot, "lukashenko")
        only_one = sum(row.count for row in app.sidebar.rows if row.entity is not None)
        assert only_one < everything
        await pilot.press(*["backspace"] * len("lukashenko"))
        await settle(pilot)
        assert sum(row.count for row in app.sidebar.rows if row.entity is not None) == everything
        assert app.reader.doc is not None and app.reader.doc == app.document_list.current_doc
        assert app.reader.matches == [] and app.reader.match_label == ""


async def test_every_filter_chip_can_be_removed_from_the_keyboard():
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("right_square_bracket")  # the second seed mentions both
        await settle(pilot)
        await choose_entity(pilot, "LOC:belarus")
        await choose_entity(pilot, "PER:aleksandr lukashenko")
        assert [key for key, _ in app.filters] == ["LOC:belarus", "PER:aleksandr lukashenko"]
        assert list(app.document_list.docs) == [1]
        await pilot.press("slash", "tab")  # from the query to the first chip
        assert isinstance(app.focused, FilterChip) and app.focused.key == "LOC:belarus"
        await pilot.press("delete")
        await settle(pilot)
        assert [key for key, _ in app.filters] == ["PER:aleksandr lukashenko"]
        assert [chip.key for chip in app.query(FilterChip)] == ["PER:aleksandr lukashenko"]
        assert isinstance(app.focused, FilterChip)  # on the next chip, to remove it too
        assert list(app.document_list.docs) == [1]
        await pilot.press("enter")
        await settle(pilot)
        assert app.filters == [] and not app.query(FilterChip)
        assert isinstance(app.focused, SearchInput)
        assert list(app.document_list.docs) == [0, 1]
        assert app.reader.doc in (0, 1)


# -- metadata and the link ---------------------------------------------------------------

URL = "https://dantri.com.vn/the-gioi/tong-bi-thu-to-lam-tham-belarus-20250130.htm"


def jsonl_corpus(tmp_path, url: str = URL):
    path = tmp_path / "news.jsonl"
    record = {"id": "dt-1", "title": "Tổng Bí thư Tô Lâm thăm Belarus", "date": "2025-01-30",
              "source": "dantri.com.vn", "url": url,
              "text": "Tổng Bí thư Tô Lâm và Tổng thống Lukashenko hội đàm tại Minsk.\n\nHai bên ký nhiều văn kiện."}
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("width", [30, 72, 120])
def test_the_metadata_takes_at_most_two_lines_with_date_source_and_url_on_one(tmp_path, width):
    from tui.core.loader import load_paths

    article = load_paths([jsonl_corpus(tmp_path)]).articles[0]
    layout = layout_article(article, width, "en")
    meta = [line for line in layout.lines if line.component == "reader--meta"]
    assert 1 <= len(meta) <= 2
    first = meta[0].label
    assert first.startswith("2025-01-30 · dantri.com.vn · "[:width - 1]) and len(first) <= width
    if width >= 60:
        start, end, url = meta[0].link
        assert url == URL  # the whole URL, however much of it the line shows
        assert first[start:end].rstrip("…") == URL[:len(first[start:end].rstrip("…"))]


async def test_o_copies_the_link_when_no_browser_can_open_here(tmp_path, monkeypatch):
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.1 5555 10.0.0.2 22")
    app = make_app([str(jsonl_corpus(tmp_path))])
    copied = []
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert app.reader.article is not None
        link_lines = [y for y in range(6) if any(seg.style and seg.style.link == URL
                                                  for seg in app.reader.render_line(y))]
        assert link_lines, "the URL is not a terminal hyperlink"
        await pilot.press("o")
        await settle(pilot)
        assert copied == [URL]
        assert any(URL in str(n.message) for n in app._notifications)


async def test_o_opens_a_browser_locally(tmp_path, monkeypatch):
    import tui.core.links as links

    for variable in ("SSH_CONNECTION", "SSH_TTY", "SSH_CLIENT"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("DISPLAY", ":0")
    opened = []
    monkeypatch.setattr(links, "open_in_browser", lambda url: opened.append(url) or True)
    app = make_app([str(jsonl_corpus(tmp_path))])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert opened == [URL]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", "https://a.vn/\x1b]8;;x\x1b\\b",
                                 "https://a.vn/x y", "", None, "https://" + "a" * 3000])
def test_only_plain_web_links_are_linked_or_opened(url):
    assert safe_link(url) is None


def test_a_browser_is_opened_only_with_a_display_and_never_over_ssh():
    assert not can_open_browser_here({"SSH_TTY": "/dev/pts/1", "DISPLAY": ":0"}, "linux")
    assert not can_open_browser_here({}, "linux")
    assert can_open_browser_here({"WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert can_open_browser_here({}, "darwin")


def test_a_label_line_is_cut_not_wrapped():
    layout = Layout(10)
    layout.add_single("2025-01-30 · dantri.com.vn", "reader--meta")
    assert len(layout.lines) == 1 and layout.lines[0].label == "2025-01-3…"


async def test_the_cursor_back_on_the_shown_article_wins_over_one_still_being_prepared(monkeypatch):
    """enter opens the top hit; j lands on the article the reader still shows while the top hit is
    being prepared (a loaded machine): the reader ends on the cursor's article, not the top hit."""
    import threading

    app = make_app()
    release = threading.Event()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        shown = app.reader.doc
        other = next(doc for doc in app.document_list.docs if doc != shown)
        matches_in = app._matches_in
        slow = app.corpus.articles[other]
        monkeypatch.setattr(app, "_matches_in", lambda article, query: (
            release.wait(10) if article is slow else None, matches_in(article, query))[1])
        app.open_article(other)  # its preparation waits for `release`
        app._preview(shown)  # the cursor is back on the article the reader shows
        release.set()
        await settle(pilot)
        assert app.reader.doc == shown


async def test_the_reader_shows_the_matches_of_the_query_listed_not_of_one_typed_before(monkeypatch):
    """A loaded machine: the top hit of the query typed so far is still being prepared when the
    full query's search begins (another article open), and is shown before that search ends.
    When the full query's rows put the cursor on it again, the reader shows the full query's
    matches — not the earlier query's, nor those the search computed for the other article."""
    app = make_app()
    prepared, searched = threading.Event(), threading.Event()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        first = app.reader.doc  # the list's first article, previewed
        matches_in, find = app._matches_in, app.corpus.find
        blocked: list[int] = []

        def slow_matches(article, query):
            if query == "lukashenko" and article is not app.corpus.articles[first]:
                blocked.append(1)
                prepared.wait(10)
            return matches_in(article, query)

        monkeypatch.setattr(app, "_matches_in", slow_matches)
        monkeypatch.setattr(app.corpus, "find", lambda query, *rest: (
            searched.wait(10) if query == "lukashenko to lam" else None, find(query, *rest))[1])
        app.search_bar.set_query("lukashenko")
        await wait_until(pilot, lambda: blocked, "the top hit being prepared")
        top = app._opening
        assert app.reader.doc == first != top
        app.search_bar.set_query("lukashenko to lam")
        await wait_until(pilot, lambda: app.search_text == "lukashenko to lam", "the full query searched")
        prepared.set()
        await wait_until(pilot, lambda: app.reader.doc == top, "the top hit shown")
        searched.set()
        await settle(pilot)
        assert app.document_list.current_doc == top == app.reader.doc
        wanted = matches_in(app.corpus.articles[top], "lukashenko to lam")
        assert len(wanted) > len(matches_in(app.corpus.articles[top], "lukashenko"))
        assert [(m.field, m.start, m.end) for m in app.reader.matches] == \
            sorted(((m.field, m.start, m.end) for m in wanted), key=lambda m: (m[0] != "title", m[1]))
