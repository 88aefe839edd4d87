"""Pilot tests of the explorer on the bundled seeds: every interaction of the UI issue."""

from __future__ import annotations

import pytest
from textual import events
from textual.command import CommandPalette

from pilot import (SEED_TITLE_STARTS, SMALL, WIDE, choose_entity, leave_search_for_the_list, listed_titles, make_app, open_first_result, search, settle,
                   choose_in_palette, wait_until)
from tui.app import ExplorerScreen, VnbyApp
from tui.core.text import fold
from tui.screens.help import HelpScreen
from tui.widgets.search_bar import FilterChip, SearchInput


@pytest.mark.parametrize("size", [WIDE, SMALL])
async def test_start_up_lists_the_seeds_in_corpus_order(app, size):
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        titles = listed_titles(app)
        assert [t[: len(s)] for t, s in zip(titles, SEED_TITLE_STARTS)] == list(SEED_TITLE_STARTS)
        header = str(app.query_one("#header").render())
        assert "2 articles" in header and "entities" in header
        assert app.focused is app.document_list


HUGE = (160, 40)


async def test_wide_terminal_shows_all_four_panes(app):
    async with app.run_test(size=HUGE) as pilot:
        await settle(pilot)
        for selector in ("#search-bar", "#list", "#reader", "#sidebar", "#key-bar"):
            widget = app.query_one(selector)
            assert widget.display and widget.region.width > 0, selector
        assert app.reader.layout_width >= 70


async def test_at_120_columns_the_reading_column_is_70_wide_and_e_brings_the_sidebar(app):
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert app.reader.layout_width >= 70
        assert app.document_list.region.width >= 36
        assert not app.sidebar.display
        await pilot.press("e")
        await settle(pilot)
        assert app.sidebar.display and app.sidebar.region.width > 0


async def test_small_terminal_folds_the_sidebar_and_e_opens_it(app):
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        assert not app.sidebar.display
        await pilot.press("e")
        await pilot.pause()
        assert app.sidebar.display and app.sidebar.region.width > 0
        await pilot.press("e")
        await pilot.pause()
        assert not app.sidebar.display


async def test_too_small_terminal_shows_a_message_instead_of_the_layout(app):
    async with app.run_test(size=(50, 12)) as pilot:
        await settle(pilot)
        message = app.query_one("#too-small")
        assert message.display and "too small" in str(message.render()).lower()
        assert app.query_one("#main").region.height == 0
        await pilot.resize_terminal(*SMALL)
        await pilot.pause()
        assert app.query_one("#main").region.height > 0
        assert app.query_one("#too-small").region.height == 0


@pytest.mark.parametrize("size", [WIDE, SMALL])
async def test_search_without_diacritics_lists_both_seeds_with_match_counts(app, size):
    async with app.run_test(size=size) as pilot:
        await search(pilot, "to lam")
        assert sorted(app.document_list.docs) == [0, 1]
        hits = app.document_list.hits
        assert all(hits[doc].spans for doc in (0, 1))
        assert str(app.query_one("#hit-count").render()) == "2 hits"


async def test_typing_fast_runs_one_search_after_the_debounce(app):
    """Six keys inside the debounce start one search, not six.  The debounce is long here (3 s)
    so that a loaded machine cannot stretch the typing past it."""
    app.config["search"]["debounce_ms"] = 3000
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        before = app._search_generation
        # Posted in one go, as a fast typist's keys arrive (pilot.press waits for the
        # app to be idle after each key, which on a loaded machine outlasts the debounce).
        for key in ("slash", *"to lam"):
            app.post_message(events.Key(key, "/" if key == "slash" else " " if key == "space" else key))
        await pilot.pause()
        assert app._search_generation == before  # nothing yet: still inside the debounce
        await wait_until(pilot, lambda: app._search_generation > before, "the search after the debounce")
        await settle(pilot)
        assert app._search_generation == before + 1
        assert sorted(app.document_list.docs) == [0, 1]


async def test_no_hit_says_so_and_suggests_dropping_a_word(app):
    async with app.run_test(size=WIDE) as pilot:
        await search(pilot, "lukashenko -belarus")
        assert app.document_list.docs == []
        message = " ".join(app.document_list.message)
        assert "No article matches" in message
        assert message.split("word:")[-1].strip() == "lukashenko"
        assert str(app.query_one("#hit-count").render()) == "0 hits"


async def test_clearing_the_query_lists_everything_again(app):
    async with app.run_test(size=WIDE) as pilot:
        await search(pilot, "lukashenko")
        assert list(app.document_list.docs) == [1]
        await pilot.press(*["backspace"] * len("lukashenko"))
        await settle(pilot)
        assert list(app.document_list.docs) == [0, 1]
        assert str(app.query_one("#hit-count").render()) == ""


@pytest.mark.parametrize("size", [WIDE, SMALL])
async def test_enter_opens_the_article_with_its_matches_highlighted(app, size):
    async with app.run_test(size=size) as pilot:
        await open_first_result(pilot)
        reader = app.reader
        assert reader.doc == app.document_list.docs[0]
        assert reader.matches
        for match in reader.matches:
            source = reader.article.title if match.field == "title" else reader.article.text
            assert fold(source[match.start:match.end]) in ("to lam", "to", "lam")
        assert reader.match_label == f"match 1/{len(reader.matches)}"
        assert reader.border_subtitle == reader.match_label


@pytest.mark.parametrize("size", [WIDE, SMALL])
async def test_n_and_shift_n_step_through_matches_and_scroll_them_into_view(app, size):
    async with app.run_test(size=size) as pilot:
        await open_first_result(pilot)
        reader = app.reader
        total = len(reader.matches)
        assert total > 3
        await pilot.press("n", "n")
        assert reader.match_label == f"match 3/{total}"
        await pilot.press("N", "N", "N")
        assert reader.match_label == f"match {total}/{total}"
        await pilot.pause()
        last = reader.matches[-1]
        line = reader.line_of(last.field, last.start)
        top = reader.scroll_offset.y
        assert top <= line < top + reader.scrollable_content_region.height


@pytest.mark.parametrize("size", [WIDE, SMALL])
async def test_brackets_open_the_previous_and_next_article_of_the_list(app, size):
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.reader.doc == 0
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert app.reader.doc == 1
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert app.reader.doc == 0


async def test_list_keys_move_the_cursor(app):
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        listing = app.document_list
        await pilot.press("j")
        assert listing.cursor == 1
        await pilot.press("k")
        assert listing.cursor == 0
        await pilot.press("G")
        assert listing.cursor == 1
        await pilot.press("g")
        assert listing.cursor == 0
        await pilot.press("down")
        assert listing.cursor == 1


async def test_reader_keys_scroll(app):
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        app.reader.focus()
        await pilot.press("pagedown")
        await pilot.pause()
        assert app.reader.scroll_offset.y > 0
        await pilot.press("g")
        await pilot.pause()
        assert app.reader.scroll_offset.y == 0


@pytest.mark.parametrize("size", [HUGE, WIDE, SMALL])
async def test_tab_and_shift_tab_cycle_the_panes_not_the_search_field(app, size):
    """tab goes round the panes shown (list, reader, sidebar) and back to the list; it never
    lands in the search field, where the next letter (a pane's key: j, n, e) would be typed
    into the query and start a search.  / and ctrl+f go there."""
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert app.focused is app.document_list
        panes = [app.document_list, app.reader] + ([app.sidebar] if app.sidebar.display else [])
        seen = []
        for _ in range(len(panes)):
            await pilot.press("tab")
            seen.append(app.focused)
        assert seen == panes[1:] + [app.document_list]
        await pilot.press("tab", "j")
        assert app.focused is app.reader and app.search_bar.query_text == ""
        await pilot.press("shift+tab", "shift+tab")
        assert app.focused is panes[-1] and app.search_bar.query_text == ""
        await pilot.press("slash")
        assert isinstance(app.focused, SearchInput)


async def test_h_toggles_entity_colours_in_the_reader(app):
    async with app.run_test(size=WIDE) as pilot:
        await open_first_result(pilot)
        components = {span.component for span in app.reader.highlights()}
        assert "reader--per" in components
        await pilot.press("h")
        components = {span.component for span in app.reader.highlights()}
        assert not components & {"reader--per", "reader--org", "reader--loc", "reader--date"}
        assert "reader--match" in components or "reader--match-current" in components
        await pilot.press("h")
        assert app.reader.show_entities


async def test_sidebar_lists_the_open_articles_entities_grouped_by_type(app):
    async with app.run_test(size=WIDE) as pilot:
        await open_first_result(pilot)
        rows = app.sidebar.rows
        headings = [row.type for row in rows if row.entity is None]
        assert headings[0] == "PER" and len(headings) == len(set(headings))
        people = [row.entity.name for row in rows if row.entity is not None and row.type == "PER"]
        assert "Tô Lâm" in people


async def test_sidebar_scope_toggles_to_the_whole_result_set(app):
    async with app.run_test(size=WIDE) as pilot:
        await open_first_result(pilot)
        single = sum(row.count for row in app.sidebar.rows if row.entity is not None)
        app.sidebar.focus()
        await pilot.press("a")
        await settle(pilot)
        assert app.sidebar.scope == "results"
        assert "all results" in app.sidebar.border_title
        assert sum(row.count for row in app.sidebar.rows if row.entity is not None) > single


async def test_enter_on_an_entity_filters_the_list_with_a_chip_and_escape_removes_it(app):
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("right_square_bracket")  # open the second seed (Lukashenko's visit)
        await settle(pilot)
        await choose_entity(pilot, "LOC:belarus")
        assert [name for _, name in app.filters] == ["Belarus"]
        chips = list(app.query(FilterChip))
        assert [str(chip.render()) for chip in chips] == ["✕ loc:Belarus"]  # the chip is the query term it stands for
        assert sorted(app.document_list.docs) == [0, 1]  # both seeds mention Belarus
        assert any(h.component == "reader--filtered" for h in app.reader.highlights())
        await choose_entity(pilot, "PER:aleksandr lukashenko")
        assert len(app.filters) == 2
        assert list(app.document_list.docs) == [1]  # filters stack
        await pilot.press("escape")
        await settle(pilot)
        assert [name for _, name in app.filters] == ["Belarus"]
        assert len(app.query(FilterChip)) == 1
        await pilot.press("escape")
        await settle(pilot)
        assert app.filters == [] and not app.query(FilterChip)
        assert list(app.document_list.docs) == [0, 1]


async def filter_by_lukashenko(pilot) -> None:
    """Open the second seed (Lukashenko's visit) and filter the list by him from the sidebar."""
    await settle(pilot)
    await pilot.press("right_square_bracket")
    await settle(pilot)
    await choose_entity(pilot, "PER:aleksandr lukashenko")


async def test_filters_combine_with_the_query(app):
    async with app.run_test(size=WIDE) as pilot:
        await filter_by_lukashenko(pilot)
        await search(pilot, "belarus")
        assert list(app.document_list.docs) == [1]
        assert app.document_list.hits[1].spans


async def test_no_hit_under_a_filter_says_the_filter_takes_part(app):
    async with app.run_test(size=WIDE) as pilot:
        await filter_by_lukashenko(pilot)
        await search(pilot, "sergeyenko")  # named only in the other seed
        assert app.document_list.docs == []
        message = " ".join(app.document_list.message)
        assert "No article matches “sergeyenko” with every filter; escape removes the last one." in message


async def test_clicking_a_chip_removes_its_filter(app):
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await choose_entity(pilot, "LOC:belarus")
        await pilot.click(FilterChip)
        await settle(pilot)
        assert app.filters == []


async def test_escape_in_the_search_field_returns_to_the_list(app):
    async with app.run_test(size=WIDE) as pilot:
        await search(pilot, "to lam")
        assert isinstance(app.focused, SearchInput)
        await pilot.press("escape")
        assert app.focused is app.document_list
        assert app.search_bar.query_text == "to lam"


def help_text(language: str, width: int = 100) -> str:
    from rich.console import Console

    from tui.screens.help import key_table

    console = Console(width=width, record=True, file=open("/dev/null", "w"))
    console.print(key_table(language))
    return console.export_text()


@pytest.mark.parametrize("key", ["question_mark", "f1"])
async def test_help_screen_lists_every_key_and_closes(app, key):
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = help_text(app.language)
        for needle in ("ctrl+f", "escape", "shift+tab", "enter", "Next match", "Sidebar", "Entity colours",
                       "F1", "ctrl+p", "ctrl+c", "Filter by entity"):
            assert needle in text, needle
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


@pytest.mark.parametrize("size", [WIDE, SMALL])
@pytest.mark.parametrize(("language", "said", "untrue"), [
    ("en", "To the list, on the top hit (the reader shows it)", "read the top hit"),
    ("vi", "Sang danh sách, ở kết quả đầu (khung đọc hiện bài đó)", "Tìm và đọc"),
])
async def test_help_says_where_enter_in_the_search_field_goes(size, language, said, untrue):
    """Help said enter in the search field 'reads the top hit', but the focus goes to the list:
    it says what happens — the list, on the top hit, which the reader shows."""
    app = make_app(language=language)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await search(pilot, "lukashenko")
        top = app.document_list.docs[0]
        await leave_search_for_the_list(pilot)
        await wait_until(pilot, lambda: app.reader.doc == top, "the top hit shown in the reader")
        assert app.focused is app.document_list
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
    assert said in help_text(language, width=68) and untrue not in help_text(language, width=68)


@pytest.mark.parametrize("language", ["en", "vi"])
def test_help_describes_the_keys_within_its_box(language):
    """The help box is 68 columns inside: the descriptions fit beside the keys there (a long
    section heading or the query syntax's wide keys once pushed them all out of sight)."""
    from tui.screens.help import describe

    text = help_text(language, width=68)
    for action in ("action.next_match", "action.toggle_sidebar", "action.timeline_pick", "action.open_mention"):
        assert describe(language, action)[:12] in text, action


def test_the_query_syntax_example_is_in_the_interface_language():
    """The Vietnamese help showed the English example '"a phrase" -word'."""
    assert '"cụm từ"  -từ  -date:2020' in help_text("vi", width=68) and "a phrase" not in help_text("vi", width=68)
    assert '"a phrase"  -word  -date:2020' in help_text("en", width=68)


def test_help_lists_every_bound_action():
    from tui.widgets.document_list import DocumentList
    from tui.widgets.entity_sidebar import EntitySidebar
    from tui.screens.help import KEY_SECTIONS
    from tui.widgets.reader import Reader

    listed = {action for _, rows in KEY_SECTIONS for _, action in rows}
    listed |= {"action.previous_match", "action.next_article", "action.cursor_up",
               "action.bottom", "action.page_up"}  # shown as the second half of a pair
    for widget in (VnbyApp, ExplorerScreen, DocumentList, Reader, EntitySidebar):
        for binding in widget.BINDINGS:
            assert binding.description in listed, (widget.__name__, binding.key)


async def test_palette_has_the_apps_own_commands(app):
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        from tui.commands import ExplorerCommands

        titles = [title for title, _help, _action in ExplorerCommands(app.screen)._available()]
        for title in ("Toggle entity highlighting · on", "Switch theme", "Switch UI language", "Open another corpus path"):
            assert title in titles


async def test_palette_switches_the_ui_language(app):
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await choose_in_palette(pilot, "language", "Switch UI language")
        await settle(pilot)
        assert app.language == "vi"
        assert app.document_list.border_title == "Bài viết"
        assert "2 bài" in str(app.query_one("#header").render())


async def test_palette_toggles_highlights(app):
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await choose_in_palette(pilot, "highlighting", "Toggle entity highlighting · on")
        await settle(pilot)
        assert app.show_entities is False


async def test_switch_theme_and_config_theme():
    """The config's theme is used at start; the theme picker switches to another, and the
    panes are drawn in its colours."""
    app = make_app(theme="nord")
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert app.theme == "nord"
        nord_background = app.screen.styles.background
        app.action_change_theme()
        await choose_in_palette(pilot, "gruvbox", "gruvbox")
        await wait_until(pilot, lambda: app.theme == "gruvbox", "the gruvbox theme")
        await wait_until(pilot, lambda: not isinstance(app.screen, CommandPalette), "the picker to close")
        await pilot.pause()
        assert app.screen.styles.background != nord_background


async def test_open_another_corpus_path(app, tmp_path):
    (tmp_path / "one.txt").write_text("Tiêu đề thử\n\nÔng Nguyễn Văn An đến Hà Nội hôm nay.\n", encoding="utf-8")
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await choose_in_palette(pilot, "corpus path", "Open another corpus path")
        await wait_until(pilot, lambda: not isinstance(app.screen, CommandPalette) and app.screen is not app.explorer,
                         "the path dialog")
        app.screen.query_one("Input").value = str(tmp_path)
        await pilot.press("enter")
        await settle(pilot)
        assert [a.title for a in app.corpus.articles] == ["Tiêu đề thử"]
        assert list(app.document_list.docs) == [0]


async def test_vietnamese_labels_from_config():
    app = make_app(language="vi")
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert app.document_list.border_title == "Bài viết"
        assert "Tìm kiếm" in app.query_one(SearchInput).placeholder
        assert "Mở" in str(app.query_one("#key-bar").render())


@pytest.mark.parametrize("key", ["q", "ctrl+c"])
async def test_quit_keys(app, key):
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await pilot.pause()
        assert not app.is_running  # it left by itself, before run_test closes it
    assert app.return_code == 0


async def test_q_types_into_the_search_field_instead_of_quitting(app):
    async with app.run_test(size=WIDE) as pilot:
        await search(pilot, "quoc")
        assert app.is_running
        assert app.search_bar.query_text == "quoc"


async def test_mouse_click_opens_an_article(app):
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.click("#list", offset=(5, 3))  # second article's title line (inside the border)
        await settle(pilot)
        assert app.reader.doc == 1


async def test_resizing_to_narrow_folds_the_sidebar_and_e_fits_it_in(app):
    async with app.run_test(size=HUGE) as pilot:
        await settle(pilot)
        assert app.sidebar.display
        await pilot.resize_terminal(*SMALL)
        await wait_until(pilot, lambda: not app.sidebar.display, "the sidebar folded at 80 columns")
        await pilot.press("e")
        await pilot.pause()
        panes = [app.document_list.region, app.reader.region, app.sidebar.region]
        assert sum(region.width for region in panes) <= SMALL[0]
        assert all(region.width >= 20 for region in panes)


async def test_on_a_narrow_terminal_the_list_is_wide_while_browsing_and_the_reader_while_reading(app):
    """At 80 columns a list of 30% cut titles to some 19 characters, too few to tell rows apart:
    the list takes over half the width while it or the search bar has the focus, the reader
    its room back when it is being read (or the sidebar is open)."""
    async with app.run_test(size=SMALL) as pilot:
        await search(pilot, "lukashenko")
        assert app.document_list.region.width >= SMALL[0] // 2  # typing: the results are being looked at
        await leave_search_for_the_list(pilot)
        await pilot.pause()
        assert app.document_list.region.width >= SMALL[0] // 2
        await pilot.press("enter")  # read it
        await settle(pilot)
        assert app.focused is app.reader
        assert app.document_list.region.width <= SMALL[0] // 3 and app.reader.region.width >= SMALL[0] // 2
        await pilot.press("escape")  # back to the list
        await settle(pilot)
        assert app.focused is app.document_list and app.document_list.region.width >= SMALL[0] // 2
        await pilot.press("e")  # the sidebar fits in beside a narrow list
        await settle(pilot)
        panes = [app.document_list.region, app.reader.region, app.sidebar.region]
        assert sum(region.width for region in panes) <= SMALL[0] and app.document_list.region.width <= SMALL[0] // 3


async def test_keys_arriving_in_one_burst_after_slash_reach_the_search_field(app):
    """Over SSH ``/to lam`` often arrives in one packet: no key may go to the old pane."""
    from textual import events

    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        for key, character in [("slash", "/"), ("t", "t"), ("o", "o"), ("space", " "), ("l", "l")]:
            app.post_message(events.Key(key, character))
        await settle(pilot)
        assert app.search_bar.query_text == "to l"


async def test_slash_is_typed_inside_text_fields(app):
    async with app.run_test(size=WIDE) as pilot:
        await search(pilot, "2/9")
        assert app.search_bar.query_text == "2/9"
        app.action_open_path()
        await pilot.pause()
        await pilot.press(*"/tmp/x")
        assert app.screen.query_one("Input").value == "/tmp/x"


async def test_an_empty_corpus_says_why_after_the_notification_has_gone(tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    app = make_app([str(empty)])
    async with app.run_test(size=WIDE) as pilot:
        await wait_until(pilot, lambda: app.corpus.loaded or app.corpus.failed, "the load over")
        await settle(pilot)
        app.clear_notifications()
        message = " ".join(app.document_list.message)
        assert "No articles." in message and "empty.jsonl: empty file" in message


@pytest.mark.parametrize("size", [WIDE, SMALL])
@pytest.mark.parametrize("language, paths", [("vi", "2 đường dẫn"), ("en", "2 paths")])
async def test_the_header_names_several_paths_in_the_interface_language(tmp_path, size, language, paths):
    """Two corpora opened at once: the header said '2 paths' in the Vietnamese interface too."""
    for name in ("a", "b"):
        (tmp_path / f"{name}.txt").write_text(f"Bài {name}\n\nÔng Nguyễn Văn An nói tại Hà Nội.\n", encoding="utf-8")
    app = make_app([str(tmp_path / "a.txt"), str(tmp_path / "b.txt")], language=language)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        header = str(app.query_one("#header").render())
        assert f"vnby-tui · {paths} · 2 " in header, header
        if language == "vi":
            assert "paths" not in header
