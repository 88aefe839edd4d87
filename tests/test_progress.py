"""The progress model: stages report what was measured, never 100 % while one runs."""

from __future__ import annotations

from tui.core.progress import ENTITIES, INDEX, Progress, Stage, StageClock


def test_a_running_stage_never_reports_100_percent_even_with_everything_counted():
    clock = StageClock()
    clock.start(INDEX, 1000)
    clock.advance(INDEX, 1000)  # every input byte read, the last batch still being indexed
    progress = clock.snapshot(articles=10)
    assert progress.stage(INDEX).percent == 99 and progress.fraction < 1
    assert not progress.searchable and not progress.finished
    clock.advance(INDEX, 5000)  # more than announced (a file grew): still not done
    assert clock.snapshot(10).stage(INDEX).fraction < 1


def test_searchable_while_entities_run_is_not_finished():
    clock = StageClock()
    clock.start(INDEX, 100)
    clock.start(ENTITIES, 100)
    clock.advance(ENTITIES, 100)
    clock.finish(INDEX)
    progress = clock.snapshot(articles=3)
    assert progress.searchable and not progress.finished
    assert [s.name for s in progress.running] == [ENTITIES]
    assert progress.current.name == ENTITIES and progress.fraction < 1 and progress.current.percent == 99
    clock.finish(ENTITIES)
    done = clock.snapshot(articles=3)
    assert done.finished and done.fraction == 1.0 and done.seconds_left == 0.0


def test_no_stage_is_not_finished():
    empty = Progress((), 0, 0.0)
    assert not empty.finished and not empty.searchable


def test_time_left_comes_from_the_measured_rate_or_is_unknown():
    assert Stage(INDEX, 0, 100, elapsed=5.0).seconds_left is None  # nothing measured yet
    stage = Stage(INDEX, 25_000_000, 100_000_000, elapsed=5.0)
    assert stage.mb_per_second == 5.0 and stage.seconds_left == 15.0
    # two stages side by side: what is left is the longer of the two
    both = Progress((stage, Stage(ENTITIES, 10_000_000, 100_000_000, elapsed=5.0)), 1, 5.0)
    assert both.seconds_left == 45.0
    unknown = Progress((stage, Stage(ENTITIES, 0, 100, elapsed=1.0)), 1, 5.0)
    assert unknown.seconds_left is None


def test_a_stage_with_no_measured_share_shows_no_percentage_until_it_ends():
    from tui.core.progress import TABLE

    clock = StageClock()
    clock.start(INDEX, 100)
    clock.finish(INDEX)
    clock.start(TABLE, 0)
    running = clock.snapshot(articles=3)
    assert not running.finished and running.current.name == TABLE and not running.current.sized
    clock.finish(TABLE)
    assert clock.snapshot(articles=3).finished and clock.snapshot(articles=3).stage(TABLE).sized


def test_the_header_names_the_entity_table_while_it_is_saved():
    """Searchable, entities found, the table still being counted and written: the header says
    so, without a percentage or a time it could not have measured."""
    from pilot import make_app
    from tui.core.progress import TABLE

    clock = StageClock()
    for name in (INDEX, ENTITIES):
        clock.start(name, 100)
        clock.finish(name)
    clock.start(TABLE, 0)
    app = make_app()
    app.corpus.progress = clock.snapshot(articles=2)
    assert app._progress_text() == "searchable · saving the entity table…"
    clock.finish(TABLE)
    app.corpus.progress = clock.snapshot(articles=2)
    assert app._progress_text() == "searchable"


def test_time_left_follows_the_current_pace(monkeypatch):
    """Entities share two cores with indexing, then have them alone: the time left is what
    remains at the pace of the last seconds, not at the average since the start (a new-user
    try saw '105 s left' finish in 55 s)."""
    import tui.core.progress as progress

    now = [0.0]
    monkeypatch.setattr(progress.time, "perf_counter", lambda: now[0])
    clock = StageClock()
    clock.start(ENTITIES, 1000)
    for moment, done in ((10, 50), (20, 100), (25, 300), (30, 500)):  # slow, then four times faster
        now[0] = moment
        clock.advance(ENTITIES, done)
    stage = clock.snapshot(articles=1).stage(ENTITIES)
    assert stage.seconds_left == 500 / 40  # 400 bytes in the last 10 s
    assert stage.done / stage.elapsed * 1 == 500 / 30  # the average would have said 30 s
    now[0] = 31
    clock.finish(ENTITIES)
    assert clock.snapshot(articles=1).stage(ENTITIES).seconds_left == 0.0


async def test_on_80_columns_the_header_keeps_the_time_left_and_drops_the_rate(monkeypatch, tmp_path):
    """At 80×24 over SSH the loading line was cut after the rate ('lập chỉ mục 43% · 0,6 MB/s ·'),
    losing the time left: a line too long for the header leaves the rate out, then the app's name."""
    import tui.core.progress as progress
    from pilot import SMALL, WIDE, make_app, wait_until

    now = [0.0]
    with monkeypatch.context() as patched:  # (the clock only: Textual's timers need the real one)
        patched.setattr(progress.time, "perf_counter", lambda: now[0])
        clock = StageClock()
        clock.start(INDEX, 100_000_000)
        clock.start(ENTITIES, 100_000_000)
        now[0] = 10.0
        clock.advance(INDEX, 43_000_000)
        loading = clock.snapshot(articles=1)

    async def header_while_loading(name: str, size: tuple[int, int]) -> str:
        corpus = tmp_path / name
        corpus.write_text('{"id": "a", "title": "Tin", "text": "Một bài."}\n', encoding="utf-8")
        app = make_app([str(corpus)], language="vi")
        async with app.run_test(size=size) as pilot:
            await wait_until(pilot, lambda: app.corpus.loaded, "the corpus loaded")
            app.corpus.loaded, app.corpus.progress = False, loading
            app._update_header()
            return str(app.explorer.query_one("#header").render())

    for size, rate in ((SMALL, False), (WIDE, True)):
        line = await header_while_loading("baomoi-2017.jsonl", size)
        assert "lập chỉ mục 43%" in line and "còn 13 giây" in line and line.endswith("thực thể 0%"), line
        assert ("4,3 MB/s" in line) == rate and "baomoi-2017.jsonl · 1 bài" in line and len(line) <= size[0]
        assert line.startswith("vnby-tui · ") == rate
    line = await header_while_loading("a-corpus-with-a-long-name-from-a-shared-drive.jsonl", SMALL)
    assert line.startswith("a-corpus-with") and "còn 13 giây" in line and "MB/s" not in line


def test_a_stage_with_nothing_measured_promises_no_time():
    """Tiny loads showed '0,0 MB/s · còn ? giây': before a rate is measured the header gives
    the stage and its share only."""
    from pilot import make_app

    clock = StageClock()
    clock.start(INDEX, 100)
    app = make_app(language="vi")
    app.corpus.progress = clock.snapshot(articles=0)
    assert app._progress_text() == "lập chỉ mục 0%"
