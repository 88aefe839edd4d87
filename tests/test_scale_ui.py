"""The explorer at the issue's scale: 60,000 articles and over 100,000 distinct entities.

"The document list and the entity sidebar stay responsive at 60k articles
and 100k distinct entities."  Speed itself is measured in
``bench/scale_ui_bench.py``; these tests check what makes it hold, without
timing anything: the list and the sidebar draw only the rows on screen, the
result set's entities are counted and sorted in a worker (never on the event
loop), and keys are handled while that worker runs.

The corpus is made in memory (a few seconds) and handed to the app in place
of loading it from disk; the entity index is filled through its normal
``add_mentions``, with mentions that point at the names in each article.
"""

from __future__ import annotations

import threading
from contextlib import asynccontextmanager, contextmanager
from unittest import mock

import pytest

from pilot import WIDE, make_app, settle
from tui.core.entities import EntityIndex, Mention
from tui.core.model import Article, Paragraph
from tui.core.search import SearchIndex
from tui.core.store import ArticleStore
from tui.core.workspace import Workspace

ARTICLES = 60_000
#: Entities mentioned in many articles (each in ARTICLES / POPULAR of them), so counts differ.
POPULAR = 1_000
KINDS = ("PER", "ORG", "LOC", "DATE")
WORDS = {"PER": "Nhân vật", "ORG": "Công ty", "LOC": "Xã", "DATE": "Ngày"}
#: Two entities of its own per article, plus one popular: 121,000 distinct entities.
ENTITIES = 2 * ARTICLES + POPULAR


def entity_name(number: int) -> tuple[str, str]:
    """(type, name) of entity ``number``: ``("ORG", "Công ty 000001")``."""
    kind = KINDS[number % len(KINDS)]
    return kind, f"{WORDS[kind]} {number:06d}"


def title_of(doc: int) -> str:
    return f"Bài số {doc} về kinh tế"


def _article(doc: int) -> tuple[Article, list[Mention]]:
    """Article ``doc``, naming entities ``2·doc``, ``2·doc + 1`` and popular ``doc % POPULAR``."""
    numbers = (2 * doc, 2 * doc + 1, 2 * ARTICLES + doc % POPULAR)
    text, mentions = "", []
    for number in numbers:
        kind, name = entity_name(number)
        text += "Tin về "
        mentions.append(Mention(len(text), len(text) + len(name), kind, name, name))
        text += name + ". "
    text = text.rstrip()
    article = Article(id=f"doc-{doc}", title=title_of(doc), text=text, paragraphs=[Paragraph("body", 0, len(text))],
                      date="2025-01-01", source="synthetic")
    return article, mentions


def scale_workspace(count: int = ARTICLES) -> Workspace:
    """``count`` small articles in an article store (as a real load keeps them),
    their search index and entity index, built in memory."""
    articles, entity_index = [], EntityIndex()
    for doc in range(count):
        article, mentions = _article(doc)
        articles.append(article)
        entity_index.add_mentions(doc, mentions)
    entity_index.get("")  # build the entity table now, as after a real load, not in the first worker
    store = ArticleStore()
    store.extend(articles)
    return Workspace(paths=["synthetic"], articles=store, search_index=SearchIndex.build(articles),
                     entity_index=entity_index)


@contextmanager
def prebuilt(workspace: Workspace):
    """While open, the app "loads" ``workspace`` instead of reading files."""
    with mock.patch("tui.core.workspace.open_corpus", lambda *args, **kwargs: workspace):
        yield


@pytest.fixture(scope="module")
def workspace() -> Workspace:
    return scale_workspace()


@asynccontextmanager
async def loaded_app(workspace: Workspace):
    """The explorer at 120×40 with ``workspace`` loaded and the sidebar open: ``(app, pilot)``."""
    app = make_app(["synthetic-60k"])
    with prebuilt(workspace):
        async with app.run_test(size=WIDE) as pilot:
            await loaded(pilot)
            if not app.sidebar.display:
                await pilot.press("e")
                await settle(pilot)
            yield app, pilot


def last_entity_name() -> str:
    """The sidebar's last row for the whole corpus: the last group (dates), fewest mentions, last name."""
    return max(name for kind, name in map(entity_name, range(2 * ARTICLES)) if kind == KINDS[-1])


def shown(widget) -> list[str]:
    """The lines ``widget`` draws on screen now."""
    return ["".join(segment.text for segment in widget.render_line(y)) for y in range(widget.size.height)]


def count_row_drawing(widget) -> list[int]:
    """Count the rows ``widget`` draws from now on (one entry per line drawn)."""
    drawn: list[int] = []
    draw = widget.render_row_line

    def counting(row, *args):
        drawn.append(row)
        return draw(row, *args)

    widget.render_row_line = counting
    return drawn


async def loaded(pilot) -> None:
    await settle(pilot)
    assert pilot.app.corpus.loaded


async def test_the_list_shows_sixty_thousand_articles_and_end_reaches_the_last(workspace):
    async with loaded_app(workspace) as (app, pilot):
        listing = app.document_list
        header = str(app.query_one("#header").render())
        assert "60,000 articles" in header and f"{ENTITIES:,} entities" in header
        assert len(listing.docs) == ARTICLES
        assert title_of(0) in "".join(shown(listing))
        await pilot.press("end")
        await pilot.pause()
        assert listing.current_doc == ARTICLES - 1
        assert title_of(ARTICLES - 1) in "".join(shown(listing))
        await pilot.press("pageup", "k", "G")
        await pilot.pause()
        assert listing.current_doc == ARTICLES - 1


async def test_the_list_draws_only_the_rows_on_screen(workspace):
    async with loaded_app(workspace) as (app, pilot):
        listing = app.document_list
        drawn = count_row_drawing(listing)
        for keys in (("end",), ("j",), ("pagedown",), ("home",), ("pageup",), ("G", "g")):
            drawn.clear()
            await pilot.press(*keys)
            await pilot.pause()
            # lines on screen (and the row that gains the ▸ of the article the reader now
            # shows), not rows in the list
            assert len(drawn) <= listing.size.height + listing.LINES_PER_ROW, keys
            assert all(row < ARTICLES for row in drawn)
        drawn.clear()
        await pilot.press("j")
        await pilot.pause()
        assert drawn and set(drawn) <= {0, 1}  # moving the cursor one row repaints just those two rows


async def test_the_sidebar_lists_every_entity_of_the_results_and_end_reaches_the_last(workspace):
    async with loaded_app(workspace) as (app, pilot):
        sidebar = app.sidebar
        app.set_focus(sidebar)
        drawn = count_row_drawing(sidebar)
        await pilot.press("a")
        await settle(pilot)
        assert "all results" in sidebar.border_title and "…" not in sidebar.border_title
        assert len(sidebar.rows) == ENTITIES + len(KINDS)  # a heading per type
        await pilot.press("g")  # the cursor stayed on its entity among the results: back to the top
        await pilot.pause()
        lines = shown(sidebar)
        people = ARTICLES // 2 + POPULAR // 4
        assert f"People ({people})" in lines[0]
        assert entity_name(2 * ARTICLES)[1] in lines[1] and lines[1].rstrip().endswith(str(ARTICLES // POPULAR))
        # the open article's rows once more (the title says "counting…"), a screen of the new ones
        # where the cursor stayed, and the top: screens, never the 121k rows
        assert len(drawn) <= 3 * sidebar.size.height
        drawn.clear()
        await pilot.press("end")
        await pilot.pause()
        assert sidebar.current_entity.name == last_entity_name()
        assert last_entity_name() in "".join(shown(sidebar))
        assert len(drawn) <= sidebar.size.height


async def test_result_entities_are_sorted_in_a_worker_while_keys_are_handled(workspace, monkeypatch):
    """The sorting of the result set's entities is held until the test lets it go: meanwhile
    the sidebar still answers keys on the rows it shows, and says it is counting."""
    import tui.widgets.entity_sidebar

    group_rows = tui.widgets.entity_sidebar.group_rows
    calls: list[tuple[bool, int]] = []
    release = threading.Event()

    def held(entities):
        calls.append((threading.current_thread() is threading.main_thread(), len(entities)))
        if len(entities) > 1000:
            release.wait(10)
        return group_rows(entities)

    monkeypatch.setattr(tui.widgets.entity_sidebar, "group_rows", held)
    async with loaded_app(workspace) as (app, pilot):
        await pilot.press("j", "enter")  # article 1: "Công ty 120001", "Xã 000002", "Ngày 000003"
        await settle(pilot)
        sidebar = app.sidebar
        app.set_focus(sidebar)
        assert [row.entity.name for row in sidebar.rows if row.entity] == [
            entity_name(2 * ARTICLES + 1)[1], entity_name(2)[1], entity_name(3)[1]]
        await pilot.press("a")
        while not any(size > 1000 for _, size in calls):
            await pilot.pause(0.01)
        assert sidebar.border_title.endswith("…")
        await pilot.press("j")  # handled at once, on the article's rows still shown
        assert sidebar.current_entity.name == entity_name(2)[1]
        await pilot.press("k")  # back: the entity the cursor was on when counting began
        release.set()
        await settle(pilot)
    assert [on_loop for on_loop, size in calls if size > 1000] == [False]
    assert len(sidebar.rows) == ENTITIES + len(KINDS)
    assert sidebar.current_entity.name == entity_name(2 * ARTICLES + 1)[1]  # the entity it was on
    assert not sidebar.border_title.endswith("…")


async def test_filtering_by_an_entity_of_the_results_lists_its_articles(workspace):
    async with loaded_app(workspace) as (app, pilot):
        app.set_focus(app.sidebar)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("g")  # the cursor stayed on the open article's entity: to the most mentioned
        popular = app.sidebar.current_entity
        assert popular.name == entity_name(2 * ARTICLES)[1]
        await pilot.press("enter")
        await settle(pilot)
        assert app.filters == [(popular.key, popular.name)]
        assert list(app.document_list.docs) == list(range(0, ARTICLES, POPULAR))
        # the sidebar now counts the entities of those 60 articles only
        assert len([row for row in app.sidebar.rows if row.entity]) == 1 + 2 * (ARTICLES // POPULAR)


async def test_a_search_matching_every_article_lists_a_page_and_counts_them_all(workspace):
    async with loaded_app(workspace) as (app, pilot):
        await pilot.press("slash", *"kinh te", "enter")
        await settle(pilot)
        assert str(app.query_one("#hit-count").render()) == f"{ARTICLES:,} hits"
        listing = app.document_list
        assert len(listing.docs) == app.limit and listing.more == ARTICLES - app.limit
        await pilot.press("end")
        await pilot.pause()
        assert "more" in "".join(shown(listing))
