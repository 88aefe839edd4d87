"""The explorer while its corpus is still loading: drawn, listing and searching what has
arrived, and keeping what the load built out of the garbage collector's way (a full
collection over a large corpus held the GIL long enough to freeze the screen)."""

from __future__ import annotations

import gc
import sys
import threading
from contextlib import asynccontextmanager

from pilot import listed_titles, make_app, wait_until

WIDE = (120, 40)


def held_load(monkeypatch) -> threading.Event:
    """The load reads the seeds, shows them, then waits until the returned event is set
    (the rest of a large corpus still to come)."""
    from tui.core import workspace as workspace_module

    real = workspace_module.open_corpus
    release = threading.Event()

    def open_corpus(paths, **kwargs):
        workspace = real(paths, **kwargs)
        kwargs["on_batch"](workspace, 0, len(workspace.articles))
        release.wait(60)
        return workspace

    monkeypatch.setattr(workspace_module, "open_corpus", open_corpus)
    return release


@asynccontextmanager
async def explorer_while_loading(monkeypatch):
    """The explorer with its first batch listed and the rest of the load held; the load is let
    go by ``release`` (``.set()``) and, whatever happens, when the block ends."""
    release = held_load(monkeypatch)
    app = make_app()
    try:
        async with app.run_test(size=WIDE) as pilot:
            await wait_until(pilot, lambda: app.document_list.row_count() > 0, "the first batch listed")
            yield app, pilot, release
    finally:
        release.set()


async def test_the_list_and_the_search_work_before_the_corpus_is_loaded(monkeypatch):
    async with explorer_while_loading(monkeypatch) as (app, pilot, release):
        assert not app.corpus.loaded
        header = lambda: str(app.explorer.query_one("#header").render())  # noqa: E731
        # the stages still running (the header shows the progress every half second)
        await wait_until(pilot, lambda: header().startswith("vnby-tui") and "%" in header(), "the progress in the header")
        await pilot.press("slash", *"to lam")
        await wait_until(pilot, lambda: app.search_text == "to lam" and listed_titles(app)
                         and all("Tô Lâm" in app.corpus.articles[doc].text for doc in app.document_list.docs),
                         "the search's hits listed while loading")
        assert not app.corpus.loaded
        release.set()
        await wait_until(pilot, lambda: app.corpus.loaded, "the corpus loaded")


async def test_what_the_load_built_is_frozen_while_it_still_runs(monkeypatch):
    """Frozen objects are out of ``gc.get_objects()``: a full collection no longer walks them."""
    async with explorer_while_loading(monkeypatch) as (app, pilot, release):
        workspace = app.corpus.workspace
        gc.unfreeze()  # whatever was frozen before the workspace was made
        await wait_until(pilot, lambda: gc.get_freeze_count() > 0, "a freeze while loading")
        assert not app.corpus.loaded
        assert not any(thing is workspace for thing in gc.get_objects())
        release.set()
        await wait_until(pilot, lambda: app.corpus.loaded, "the corpus loaded")
    assert gc.get_freeze_count() == 0  # the app that ends gives back what it froze


async def test_a_working_thread_gives_the_event_loop_its_turn_within_a_millisecond():
    """While the explorer runs, a thread that works (finding the entities of a corpus being
    loaded) hands the GIL over after 1 ms, not CPython's 5: with 5 the event loop waited behind
    it up to 0.75 s at a time on the real corpus (bench/large_bench.py, cold explorer), the
    screen frozen; the interval is given back when the explorer ends (tests run many)."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(0.005)
    try:
        app = make_app()
        async with app.run_test(size=WIDE) as pilot:
            await wait_until(pilot, lambda: app.corpus.loaded, "the seeds loaded")
            assert sys.getswitchinterval() <= 0.001
        assert sys.getswitchinterval() == 0.005
    finally:
        sys.setswitchinterval(before)


async def test_the_searchs_lookups_are_ready_when_the_explorer_says_it_is_loaded():
    """The search's lookups (the sorted vocabulary, the typo tables) are made by the loader
    before it signals the end: made after, they ran beside the explorer's redraw of the loaded
    state and the story grouping, and the event loop waited 60-80 ms for the interpreter
    (bench/large_bench.py --cold-explorer); the first search after loading need not make them."""
    app = make_app()
    ready_when_loaded: list[bool] = []
    signal = app._corpus_loaded

    def corpus_loaded(corpus) -> None:
        index = corpus.workspace.search_index
        ready_when_loaded.append(index._store._sorted is not None and index._plans._lengths is not None)
        signal(corpus)

    app._corpus_loaded = corpus_loaded
    async with app.run_test(size=WIDE) as pilot:
        await wait_until(pilot, lambda: app.corpus.loaded, "the seeds loaded")
    assert ready_when_loaded == [True]


async def test_the_load_ends_when_the_searchs_lookups_run_out_of_memory(monkeypatch):
    """Making the lookups is not needed to load (searches make them as they go): running out
    of memory there still ends the load, and searching works."""
    from tui.core.search.engine import SearchIndex

    def out_of_memory(self) -> None:
        raise MemoryError

    monkeypatch.setattr(SearchIndex, "prepare_lookups", out_of_memory)
    app = make_app()
    async with app.run_test(size=WIDE) as pilot:
        await wait_until(pilot, lambda: app.corpus.loaded, "the seeds loaded")
        await pilot.press("slash", *"to lam")
        await wait_until(pilot, lambda: app.search_text == "to lam" and listed_titles(app)
                         and all("Tô Lâm" in app.corpus.articles[doc].text for doc in app.document_list.docs),
                         "the search's hits listed")
