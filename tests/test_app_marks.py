"""The analyst's workspace in the explorer: star, tag, note, filters, history, saved searches, copy."""

from __future__ import annotations

import pytest

from pilot import SMALL, WIDE, make_app, open_first_result, screen_lines, settle
from tui.core.userdb import ArticleRef, UserDB


async def open_first_article(pilot) -> int:
    await open_first_result(pilot, "lukashenko")
    doc = pilot.app.reader.doc
    assert doc is not None
    return doc


async def wait_for(pilot, predicate, what: str) -> None:
    for _ in range(200):
        if predicate():
            return
        await pilot.pause(0.02)
    raise AssertionError(f"never happened: {what}")


async def save_search_as(pilot, name: str) -> None:
    """ctrl+p "Save this search", the name typed over the one proposed, enter."""
    pilot.app.action_save_search()
    await wait_for(pilot, lambda: pilot.app.screen.__class__.__name__ == "AskScreen", "the name dialog")
    await pilot.press("ctrl+a", "ctrl+k", *name, "enter")


def row_text(app, doc: int) -> str:
    """The row's title line as the list draws it on screen (through its line cache)."""
    listing = app.document_list
    row = listing.find_row(doc)
    listing.scroll_to(y=row * listing.LINES_PER_ROW, animate=False, immediate=True)
    y = row * listing.LINES_PER_ROW - int(listing.scroll_offset.y)
    return listing.render_line(y).text


@pytest.mark.parametrize("size", [WIDE, SMALL])
async def test_star_marks_the_row_and_is_stored(size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        doc = await open_first_article(pilot)
        await pilot.press("asterisk")
        await wait_for(pilot, lambda: app.corpus.marks.of(doc).starred, "the star is kept")
        assert "★" in row_text(app, doc)
        assert UserDB().marks_of(ArticleRef.of(app.corpus.articles[doc])).starred
        await pilot.press("asterisk")
        await wait_for(pilot, lambda: not app.corpus.marks.of(doc).starred, "the star is removed")
        assert "★" not in row_text(app, doc)


async def test_tag_with_completion_and_filter_by_it():
    db = UserDB()
    db.tag(ArticleRef("elsewhere", "h", "t"), "quan hệ Việt–Belarus")  # a tag used before, to complete
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        doc = await open_first_article(pilot)
        await pilot.press("t")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "AskScreen", "the tag dialog")
        await pilot.press(*"quan", "right", "enter")  # → accepts the completion
        await wait_for(pilot, lambda: app.corpus.marks.of(doc).tags == ["quan hệ Việt–Belarus"], "the tag")
        assert "#" in row_text(app, doc)
        await pilot.press("escape")  # leave the list's search results
        app.search_bar.set_query("")
        await settle(pilot)
        app.add_mark_filter("mark:tag:quan hệ Việt–Belarus", "# quan hệ Việt–Belarus")
        await settle(pilot)
        assert list(app.document_list.docs) == [doc]
        app.filters.clear()
        app._filters_changed()
        await settle(pilot)
        assert len(app.document_list.docs) == 2


async def test_a_multi_line_note_is_saved_and_found_by_its_words():
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        doc = await open_first_article(pilot)
        await pilot.press("m")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "NoteScreen", "the note dialog")
        await pilot.press(*"Kiểm tra số liệu", "enter", *"xe tải MAZ", "ctrl+s")
        await wait_for(pilot, lambda: bool(app.corpus.marks.of(doc).notes), "the note")
        assert app.corpus.marks.of(doc).notes[0].text == "Kiểm tra số liệu\nxe tải MAZ"
        assert "✎" in row_text(app, doc)
        app.add_mark_filter("mark:note:xe tai", "✎ xe tai")  # words of a note, typed without diacritics
        await settle(pilot)
        assert list(app.document_list.docs) == [doc]


@pytest.mark.parametrize("size", [WIDE, SMALL])
async def test_a_note_typed_in_one_burst_keeps_its_corrections_where_they_were_typed(size):
    """A note's keys arriving in one burst (a fast typist, one SSH packet): backspace and the
    arrows act between the letters around them.  They were acted on only after the letters
    behind them (the field's bindings ran once the key had bubbled up to the app):
    ``abc⌫d←←x`` saved ``abcd``, the x rubbed out by the backspace typed before it.  ctrl+s
    typed right behind them saves the note with every key typed before it."""
    from textual import events

    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        doc = await open_first_article(pilot)
        await pilot.press("m")
        await wait_for(pilot, lambda: app.screen.__class__.__name__ == "NoteScreen", "the note dialog")
        await pilot.pause()
        for key in ("a", "b", "c", "backspace", "d", "left", "left", "x", "ctrl+s"):  # saved in the same burst
            app.post_message(events.Key(key, key if len(key) == 1 else None))
        await wait_for(pilot, lambda: bool(app.corpus.marks.of(doc).notes), "the note")
        assert app.corpus.marks.of(doc).notes[0].text == "axbd"


async def test_starred_filter_is_a_removable_chip():
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        doc = await open_first_article(pilot)
        await pilot.press("asterisk")
        await wait_for(pilot, lambda: app.corpus.marks.of(doc).starred, "the star")
        app.search_bar.set_query("")
        await settle(pilot)
        app.action_show_starred()
        await settle(pilot)
        assert list(app.document_list.docs) == [doc]
        assert [key for key, _ in app.filters] == ["mark:starred"]


async def test_marks_are_there_after_a_relaunch():
    first = make_app()
    async with first.run_test(size=WIDE) as pilot:
        await settle(pilot)
        doc = await open_first_article(pilot)
        await pilot.press("asterisk")
        await wait_for(pilot, lambda: first.corpus.marks.of(doc).starred, "the star")
    second = make_app()
    async with second.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await wait_for(pilot, lambda: second.corpus.marks is not None, "marks matched to the corpus")
        assert second.corpus.marks.of(doc).starred
        assert "★" in row_text(second, doc)


async def test_history_steps_back_through_submitted_queries():
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        for query in ("belarus", "to lam"):
            await pilot.press("slash", *query, "enter")
            await settle(pilot)
            app.search_bar.set_query("")
            await settle(pilot)
        await pilot.press("slash", "up")
        assert app.search_bar.query_text == "to lam"
        await pilot.press("up")
        assert app.search_bar.query_text == "belarus"
        await pilot.press("down", "down")
        assert app.search_bar.query_text == ""


async def test_saved_search_counts_and_marks_new_hits():
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        UserDB().save_search("belarus", "belarus")
        app.run_saved_search("belarus", "belarus")
        await settle(pilot)
        assert app.search_bar.query_text == "belarus"
        assert len(app.new_hits) == 2  # never run before: everything is new
        assert all("✚" in row_text(app, doc) for doc in app.new_hits)
        app.run_saved_search("belarus", "belarus")
        await settle(pilot)
        assert app.new_hits == frozenset()


async def test_copy_the_passage_with_its_citation():
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        doc = await open_first_article(pilot)
        await pilot.press("y")
        article = app.corpus.articles[doc]
        assert app.clipboard.startswith("“") and "Lukashenko" in app.clipboard.split("” — ")[0]
        # a text file without a headline: its title is its first sentence, not quoted as a headline
        assert app.clipboard.endswith(f"” — {article.id}") and f"“{article.title}”" not in app.clipboard
        await pilot.press("Y")
        assert app.clipboard == article.id
        from tui.core.entities.credits import ArticleCredits

        app.reader.credits = ArticleCredits(authors=("Hoàng Quốc",))  # the byline the reader shows, 'by Hoàng Quốc'
        await pilot.press("Y")
        assert app.clipboard == f"Hoàng Quốc, {article.id}"
        await pilot.press("y")
        assert app.clipboard.endswith(f"” — Hoàng Quốc, {article.id}")


async def test_a_saved_search_keeps_its_entity_filter():
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"hợp tác")
        await settle(pilot)
        app.filters.append(("PER:igor sergeyenko", "Igor Sergeyenko"))  # mentioned by the first seed only
        app._filters_changed()
        await settle(pilot)
        only = list(app.document_list.docs)
        assert len(only) == 1
        await save_search_as(pilot, "hạ viện")
        await settle(pilot)
        saved = UserDB().saved_search("hạ viện")
        assert saved.query == "hợp tác" and saved.filters == [("PER:igor sergeyenko", "Igor Sergeyenko")]
        app.filters.clear()
        app._filters_changed()
        app.search_bar.set_query("")
        await settle(pilot)
        app.run_saved_search(saved.name, saved.query, saved.filters)
        await settle(pilot)
        assert list(app.document_list.docs) == only and [k for k, _ in app.filters] == ["PER:igor sergeyenko"]


async def test_saving_under_a_taken_name_asks_before_replacing():
    UserDB().save_search("theo dõi", "lukashenko")
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        app.search_bar.set_query("belarus")
        await settle(pilot)
        await save_search_as(pilot, "theo dõi")
        await wait_for(pilot, lambda: "already saves" in app.screen.context, "the name is said to be taken")
        assert UserDB().saved_search("theo dõi").query == "lukashenko"  # nothing replaced yet
        await pilot.press("ctrl+a", "ctrl+k", *"theo dõi 2", "enter")  # another name: both kept
        await settle(pilot)
        assert [(s.name, s.query) for s in UserDB().saved_searches()] == [("theo dõi", "lukashenko"),
                                                                           ("theo dõi 2", "belarus")]
        await save_search_as(pilot, "theo dõi")
        await wait_for(pilot, lambda: "already saves" in app.screen.context, "asked again")
        await pilot.press("enter")  # the same name again: replace
        await settle(pilot)
        assert UserDB().saved_search("theo dõi").query == "belarus"


@pytest.mark.parametrize("size", [WIDE, SMALL])
async def test_the_name_taken_question_is_on_a_line_of_its_own(size):
    """The dialog showed 'belarus␊“theo dõi” already saves …': the search on its line, then
    the question on the next, with no control picture between them."""
    UserDB().save_search("theo dõi", "lukashenko")
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        app.search_bar.set_query("belarus")
        await settle(pilot)
        await save_search_as(pilot, "theo dõi")
        await wait_for(pilot, lambda: "already saves" in app.screen.context, "the name is said to be taken")
        await pilot.pause()
        lines = screen_lines(app)
        assert not any("␊" in line for line in lines), "\n".join(lines)
        [searched] = [i for i, line in enumerate(lines) if "│ belarus" in line]
        assert "“theo dõi” already saves “lukashenko”" in lines[searched + 1], "\n".join(lines)


async def test_a_damaged_database_is_said_once_and_the_explorer_works(tmp_path):
    from tui.core.userdb import data_root, DB_NAME

    path = data_root() / DB_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"not a database" * 100)
    app = make_app()
    # Every notice as it is posted: a notice expires after a few seconds, which a loaded machine
    # can spend settling, so the live list on screen may already have dropped it.
    said: list[tuple[str, str]] = []
    notify = app.notify
    app.notify = lambda message, **kw: (said.append((str(message), kw.get("severity", "information"))),
                                        notify(message, **kw))[1]
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert [m for m, _ in said if "damaged" in m] == [f"{path}: the marks database is damaged "
                                                         "(file is not a database); nothing will be saved "
                                                         "until it is moved away"]
        doc = await open_first_article(pilot)
        await pilot.press("asterisk")
        await pilot.pause()
        assert not app.corpus.marks.of(doc).starred
        assert any(severity == "error" for _, severity in said)
    assert path.read_bytes() == b"not a database" * 100


async def test_a_saved_search_marks_new_the_strong_set_as_saved_run_records_it(tmp_path, capsys):
    """The explorer and `vnby-tui saved run` agree on what a run found: the phrase (and near)
    hits, not an article holding the words scattered."""
    import json

    from tui.cli import main

    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "phrase.txt").write_text("Bão số 9 đổ bộ\n\nBão số 9 gây mưa lớn ở Quảng Nam.\n", encoding="utf-8")
    (folder / "scattered.txt").write_text("Giá xăng\n\nSố người đi làm giảm 9 phần trăm sau bão.\n", encoding="utf-8")
    UserDB().save_search("bão", "bão số 9")
    app = make_app([str(folder)])
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        app.run_saved_search("bão", "bão số 9")
        await settle(pilot)
        assert sorted(app.corpus.articles[doc].id for doc in app.document_list.docs) == ["phrase.txt", "scattered.txt"]
        assert [app.corpus.articles[doc].id for doc in app.new_hits] == ["phrase.txt"]
    capsys.readouterr()
    assert main(["saved", "run", "bão", str(folder), "--new", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["results"] == []  # the explorer's run recorded the same set


async def test_marks_made_elsewhere_show_after_a_search_and_star_keeps_them():
    """Another session (or ``vnby-tui mark``) stars, tags and annotates an article while the
    explorer is open: the next search shows the marks, and ``*`` toggles what is shown — it
    never removes a star the list did not show."""
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        doc = await open_first_article(pilot)
        other = UserDB()  # a second connection, as another process has
        ref = ArticleRef.of(app.corpus.articles[doc])
        other.star(ref)
        other.tag(ref, "lãnh đạo")
        other.add_note(ref, "ghi chú từ dòng lệnh")
        app.search_bar.set_query("lukashenko belarus")  # the next search
        await settle(pilot)
        await wait_for(pilot, lambda: "★" in row_text(app, doc), "the star made elsewhere is shown")
        assert "#" in row_text(app, doc) and "✎" in row_text(app, doc)
        await pilot.press("asterisk")
        await wait_for(pilot, lambda: not other.marks_of(ref).starred, "the shown star is removed")
        await pilot.press("asterisk")
        await wait_for(pilot, lambda: other.marks_of(ref).starred, "starred again")


async def test_star_works_before_the_load_has_gathered_the_marks():
    """A cold load gathers the marks when it ends (entities included: a minute on a large
    corpus); ``*`` pressed before that stars the article all the same."""
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        doc = await open_first_article(pilot)
        app.corpus.marks = None  # as before the load's end
        await pilot.press("asterisk")
        await wait_for(pilot, lambda: UserDB().marks_of(ArticleRef.of(app.corpus.articles[doc])).starred, "starred")
        assert "★" in row_text(app, doc)
        said = [str(n.message) for n in app._notifications]
        assert not any("still being read" in m or "Open an article first" in m for m in said), said


async def test_star_pressed_on_an_article_starred_elsewhere_keeps_the_star():
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        doc = await open_first_article(pilot)
        other = UserDB()
        ref = ArticleRef.of(app.corpus.articles[doc])
        other.star(ref)  # while the article is open, its row not yet showing the star
        await pilot.press("asterisk")
        await settle(pilot)
        assert other.marks_of(ref).starred
        assert "★" in row_text(app, doc)


async def test_a_taken_name_spelled_otherwise_is_the_same_name():
    """`Thủ tướng` is the name `thủ tướng` (the CLI's rule: case and diacritics off): saving under
    it asks before replacing, names the one saved, and replacing leaves one entry, spelled as last
    saved. Where two saved names already fold alike, another spelling asks for the exact one."""
    UserDB().save_search("thủ tướng", "lukashenko")
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        app.search_bar.set_query("belarus")
        await settle(pilot)
        await save_search_as(pilot, "Thủ tướng")
        await wait_for(pilot, lambda: "already saves" in getattr(app.screen, "context", ""), "the name is taken")
        assert "“thủ tướng” already saves “lukashenko”" in app.screen.context
        await pilot.press("enter")
        await settle(pilot)
        assert [(s.name, s.query) for s in UserDB().saved_searches()] == [("Thủ tướng", "belarus")]
        db = UserDB()  # two alike names saved before the rule: both kept, neither replaced by a third
        db._transaction([("INSERT INTO saved (name, query, created) VALUES (?, ?, ?)", ("thu tuong", "x", "y"))])
        await save_search_as(pilot, "THU TUONG")
        await wait_for(pilot, lambda: "exact name" in getattr(app.screen, "context", ""), "asked for the exact name")
        await pilot.press("ctrl+a", "ctrl+k", *"thu tuong", "enter")
        await wait_for(pilot, lambda: "already saves" in getattr(app.screen, "context", ""), "the exact one is taken")
        await pilot.press("enter")
        await settle(pilot)
        assert [(s.name, s.query) for s in db.saved_searches()] == [("Thủ tướng", "belarus"), ("thu tuong", "belarus")]
        db.close()


def post_typed(app, *keys: str) -> None:
    """Keys arriving in one burst (a fast typist, one SSH packet): posted without waiting between
    them; a string of more than one character is its letters, a space the space key."""
    from textual import events

    for key in keys:
        for one in ([key] if key in ("enter", "ctrl+s") else list(key)):
            app.post_message(events.Key("space" if one == " " else one, "\r" if one == "enter" else
                                        one if len(one) == 1 else None))


@pytest.mark.parametrize("size", [WIDE, SMALL])
async def test_a_note_typed_right_behind_m_in_one_burst_goes_into_the_note(size):
    """``m`` then the note then ctrl+s in one burst (a fast typist over SSH, one packet): the note
    dialog takes every letter and the note is saved, the reader untouched.  A new user's trial in
    tmux lost the note this way while ``m`` was acted on only once it had come back up to the app
    from the reader (before d2387bd): the letters behind it reached the reader first, as its
    commands ('q' quit, 'n' next match, 'o' opened the link).  Fails with that lookup undone."""
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        doc = await open_first_article(pilot)
        focused, scroll = app.focused, app.reader.scroll_y
        post_typed(app, "m", "quan trong", "ctrl+s")
        await wait_for(pilot, lambda: bool(app.corpus.marks.of(doc).notes) or not app.is_running, "the note")
        assert app.is_running and app.screen is app.explorer
        assert [note.text for note in app.corpus.marks.of(doc).notes] == ["quan trong"]
        assert app.reader.doc == doc and app.focused is focused and app.reader.scroll_y == scroll


@pytest.mark.parametrize("size", [WIDE, SMALL])
async def test_a_tag_typed_right_behind_t_in_one_burst_is_given(size):
    """``t`` then a tag then enter in one burst: the article gets the tag, nothing else happens
    (the tag's letters went to the reader as commands the same way)."""
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        doc = await open_first_article(pilot)
        focused, scroll = app.focused, app.reader.scroll_y
        post_typed(app, "t", "lu lut", "enter")
        await wait_for(pilot, lambda: bool(app.corpus.marks.of(doc).tags) or not app.is_running, "the tag")
        assert app.is_running and app.screen is app.explorer
        assert list(app.corpus.marks.of(doc).tags) == ["lu lut"]
        assert app.reader.doc == doc and app.focused is focused and app.reader.scroll_y == scroll
