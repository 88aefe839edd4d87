"""Opening a corpus through the cache: same answers as a fresh index, only changed
inputs read again, damaged entries rebuilt with a one-line warning."""

from __future__ import annotations

import os
import shutil

import pytest

from tui.core.cache import cache_root
from tui.core.workspace import Cancelled, open_corpus

QUERIES = ["to lam", "lukashenco", "hop tac kinh te", '"Việt Nam"', "belaz -minsk", "dong nam a"]


@pytest.fixture
def corpus(tmp_path, seeds_dir):
    root = tmp_path / "corpus"
    shutil.copytree(seeds_dir, root)
    (root / "extra.txt").write_text("Tin Hà Nội\n\nThủ tướng Phạm Minh Chính làm việc tại Hà Nội ngày 3/9.",
                                    encoding="utf-8")
    return root


def answers(workspace):
    results = {}
    for query in QUERIES:
        found = workspace.search_index.search(query, limit=10)
        results[query] = [(h.id, round(h.score, 6), [(s.field, s.start, s.end) for s in h.spans]) for h in found.hits]
    entities = [(e.key, e.name, e.doc_count, e.mention_count, e.roles) for e in workspace.entity_index.entities()]
    mentions = [[(m.start, m.end, m.type, m.name, m.block) for m in workspace.entity_index.mentions_of(d)]
                for d in range(len(workspace.articles))]
    return results, entities, mentions, [workspace.articles[d] for d in range(len(workspace.articles))]


def test_warm_start_gives_identical_results(corpus):
    cold = open_corpus([str(corpus)])
    warm = open_corpus([str(corpus)])
    fresh = open_corpus([str(corpus)], use_cache=False)
    assert not cold.from_cache and warm.from_cache and not fresh.from_cache
    assert answers(warm) == answers(cold) == answers(fresh)


def test_no_cache_writes_nothing(corpus):
    open_corpus([str(corpus)], use_cache=False)
    assert not cache_root().exists() or not any(cache_root().iterdir())


def test_changed_input_is_read_again_and_others_reused(corpus, monkeypatch):
    open_corpus([str(corpus)])
    extra = corpus / "extra.txt"
    extra.write_text("Tin Đà Nẵng\n\nBộ trưởng Lê Văn Tám thăm Đà Nẵng.", encoding="utf-8")
    os.utime(extra, ns=(1, 1))
    read = []
    import tui.core.workspace as workspace_module

    real = workspace_module.load_source

    def spy(source, warn, on_bytes=None):
        read.append(source.name)
        return real(source, warn, on_bytes)

    monkeypatch.setattr(workspace_module, "load_source", spy)
    updated = open_corpus([str(corpus)])
    assert read == ["extra.txt"]
    assert [h.id for h in updated.search_index.search("le van tam").hits][:1] == ["extra.txt"]
    assert "extra.txt" not in [h.id for h in updated.search_index.search("pham minh chinh").hits]
    assert answers(updated) == answers(open_corpus([str(corpus)], use_cache=False))


@pytest.mark.parametrize("victim", ["manifest.json", "text.bin", "search_term_to_folded.npy", "entity_tables.json"])
def test_damaged_cache_is_rebuilt_with_a_warning(corpus, victim):
    expected = answers(open_corpus([str(corpus)]))
    (entry,) = [p for p in cache_root().iterdir() if not p.name.startswith(".")]
    target = entry / victim
    target.write_bytes(target.read_bytes()[: max(1, target.stat().st_size // 2)])
    warnings = []
    rebuilt = open_corpus([str(corpus)], on_warning=warnings.append)
    assert not rebuilt.from_cache and answers(rebuilt) == expected
    assert any("cache entry unusable" in str(w) for w in warnings)
    from tui.i18n import load_warning_line  # and said in the Vietnamese interface's words there

    assert any(": mục bộ nhớ đệm không dùng được (" in load_warning_line("vi", w) for w in warnings)
    assert open_corpus([str(corpus)]).from_cache  # and the rebuilt entry is good


def test_an_entry_of_the_previous_format_is_rebuilt_not_misread(corpus):
    """Format 5 had no stored corpus table (``entity_rows``, ``entity_order``): such an
    entry is rebuilt with a warning, and the table is the one a fresh index gives."""
    import json

    from tui.core.cache import FORMAT_VERSION

    expected = answers(open_corpus([str(corpus)], use_cache=False))
    open_corpus([str(corpus)])
    (entry,) = [p for p in cache_root().iterdir() if not p.name.startswith(".")]
    manifest = json.loads((entry / "manifest.json").read_text(encoding="utf-8"))
    for name in [n for n in manifest["files"] if n.startswith(("entity_row", "entity_order"))]:
        (entry / name).unlink()
        del manifest["files"][name]
    manifest["version"] = FORMAT_VERSION - 1
    (entry / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    warnings = []
    rebuilt = open_corpus([str(corpus)], on_warning=warnings.append)
    assert not rebuilt.from_cache and answers(rebuilt) == expected
    assert any("written by another version" in str(w) for w in warnings)
    warm = open_corpus([str(corpus)])
    assert warm.from_cache and answers(warm) == expected


def test_foreign_file_in_place_of_an_entry_is_rebuilt(corpus):
    open_corpus([str(corpus)])
    (entry,) = [p for p in cache_root().iterdir() if not p.name.startswith(".")]
    for path in entry.iterdir():
        path.unlink()
    (entry / "manifest.json").write_text('{"hello": "world"}')
    warnings = []
    assert not open_corpus([str(corpus)], on_warning=warnings.append).from_cache
    assert any("not a vnby-tui cache entry" in str(w) for w in warnings)


def test_loading_can_be_cancelled_between_batches(corpus, monkeypatch):
    monkeypatch.setattr("tui.core.workspace.BATCH_CHARS", 1)
    seen = []
    with pytest.raises(Cancelled):
        open_corpus([str(corpus)], use_cache=False, on_batch=lambda ws, first, n: seen.append(first),
                    cancelled=lambda: len(seen) >= 1)
    assert seen == [0]


def test_loader_warnings_are_replayed_on_a_warm_start(corpus):
    (corpus / "bad.jsonl").write_text("{oops\n", encoding="utf-8")
    first, second = [], []
    open_corpus([str(corpus)], on_warning=first.append)
    assert open_corpus([str(corpus)], on_warning=second.append).from_cache
    assert [str(w) for w in first] == [str(w) for w in second] and any("invalid JSON" in str(w) for w in second)


def test_entities_extracted_in_a_second_process_are_the_same(corpus, monkeypatch):
    serial = answers(open_corpus([str(corpus)], use_cache=False))
    futures = spy_on_child_extraction(monkeypatch)
    in_small_parallel_batches(monkeypatch)
    assert answers(open_corpus([str(corpus)], use_cache=False)) == serial
    assert len(futures) > 1 and all(f.exception() is None and f.result() for f in futures)


def in_small_parallel_batches(monkeypatch) -> None:
    """Entities of even this small corpus go to a second process, a few articles at a time."""
    monkeypatch.setattr("tui.core.workspace.PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr("tui.core.workspace.BATCH_CHARS", 5000)


def spy_on_child_extraction(monkeypatch) -> list:
    """Futures handed back by the second process (to check it really did the work)."""
    from concurrent.futures import ProcessPoolExecutor

    futures = []
    submit = ProcessPoolExecutor.submit

    def recording_submit(self, *args, **kwargs):
        futures.append(submit(self, *args, **kwargs))
        return futures[-1]

    monkeypatch.setattr(ProcessPoolExecutor, "submit", recording_submit)
    return futures


def test_a_second_process_that_lags_is_given_the_earliest_batches_first(tmp_path, monkeypatch):
    """The second process works behind the indexing: whenever it is free it takes the
    earliest batch nobody has, so its entities join the index (and the entities stage's
    progress moves) while indexing goes on.  It used to take the newest batch: the
    ones skipped waited for the end of indexing, and every result behind them sat unused."""
    from concurrent.futures import Future

    import tui.core.workspace as workspace_module
    from tui.core.entities import EntityExtractor
    from tui.core.progress import ENTITIES, INDEX

    import json

    corpus = tmp_path / "tin.jsonl"
    people = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Minh Chính"]
    corpus.write_text("\n".join(json.dumps({"id": f"t{i}", "text": f"Tin {i}\n\nÔng {people[i % 4]} thăm Hà Nội "
                                                                    f"ngày {i + 1}/3."}, ensure_ascii=False)
                                for i in range(14)), encoding="utf-8")
    serial = answers(open_corpus([str(corpus)], use_cache=False))
    in_small_parallel_batches(monkeypatch)
    monkeypatch.setattr("tui.core.workspace.BATCH_CHARS", 1)  # an article a batch
    monkeypatch.setattr("tui.core.entity_process._EXTRACTOR", EntityExtractor())
    running: list[Future] = []

    class LaggingPool:
        """Finishes what it holds only every third batch indexed (or when asked for a result)."""

        def __init__(self, **_: object) -> None:
            pass

        def submit(self, fn, items):
            future = Future()
            future.work = lambda: future.done() or future.set_result(fn(items))
            running.append(future)
            return future

        def shutdown(self, **_: object) -> None:
            pass

    monkeypatch.setattr("concurrent.futures.ProcessPoolExecutor", LaggingPool)
    monkeypatch.setattr(Future, "result", lambda self, timeout=None: (getattr(self, "work", lambda: None)(),
                                                                      self._result)[1])
    sent, submitted = [], []
    real_send, real_submit = workspace_module._EntityFeeder._send, workspace_module._EntityFeeder.submit

    def send(self, batch, articles=None):
        sent.append(batch.first)
        return real_send(self, batch, articles)

    def submit(self, first, known, articles=None):
        submitted.append(first)
        if len(submitted) % 3 == 0:
            for future in running:
                future.work()
        return real_submit(self, first, known, articles)

    monkeypatch.setattr(workspace_module._EntityFeeder, "_send", send)
    monkeypatch.setattr(workspace_module._EntityFeeder, "submit", submit)
    while_indexing = []

    def on_progress(progress):
        stages = {stage.name: stage for stage in progress.stages}
        if not stages[INDEX].finished and ENTITIES in stages:
            while_indexing.append(stages[ENTITIES].done)

    workspace = open_corpus([str(corpus)], use_cache=False, on_progress=on_progress)
    assert answers(workspace) == serial
    assert len(submitted) > 6 and sent == submitted[: len(sent)]  # in document order, none skipped
    assert len(sent) > len(submitted) // 2  # the lagging process did its share while indexing went on
    assert sorted(set(while_indexing))[-1] > sorted(set(while_indexing))[1] > 0  # and its progress showed


def test_entities_go_to_a_second_process_even_when_stderr_is_captured(corpus, tmp_path):
    """Under the explorer, Textual replaces sys.stderr with an object whose fileno()
    is -1; starting the process pool (its resource tracker) must still work.  Run in
    a fresh interpreter: the tracker is started once per process."""
    import subprocess
    import sys
    import textwrap

    script = textwrap.dedent(f"""
        import sys
        import concurrent.futures
        import tui.core.workspace as workspace

        class Captured:
            def write(self, text): return len(text)
            def flush(self): pass
            def fileno(self): return -1

        workspace.PARALLEL_MIN_BYTES = 0
        workspace.BATCH_CHARS = 5000
        used = []
        submit = concurrent.futures.ProcessPoolExecutor.submit
        def recording(self, *a, **k):
            used.append(submit(self, *a, **k))
            return used[-1]
        concurrent.futures.ProcessPoolExecutor.submit = recording
        if __name__ == "__main__":
            sys.stderr = Captured()
            found = workspace.open_corpus([{str(corpus)!r}], use_cache=False)
            sys.stdout.write(f"{{len(used)}} {{sum(f.exception() is None for f in used)}} {{len(found.entity_index)}}")
    """)
    (tmp_path / "run.py").write_text(script, encoding="utf-8")
    proc = subprocess.run([sys.executable, str(tmp_path / "run.py")], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    submitted, succeeded, entities = map(int, proc.stdout.split())
    assert submitted > 1 and succeeded == submitted and entities > 10


def test_without_a_second_process_entities_are_extracted_here(corpus, monkeypatch):
    """A machine where the pool cannot start (no semaphores, say) still gets every entity."""
    serial = answers(open_corpus([str(corpus)], use_cache=False))

    def refuse(*_args, **_kwargs):
        raise OSError(38, "Function not implemented")

    monkeypatch.setattr("concurrent.futures.ProcessPoolExecutor", refuse)
    in_small_parallel_batches(monkeypatch)
    assert answers(open_corpus([str(corpus)], use_cache=False)) == serial


def test_a_second_process_that_dies_has_its_share_redone_here(corpus, monkeypatch):
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    serial = answers(open_corpus([str(corpus)], use_cache=False))
    futures = spy_on_child_extraction(monkeypatch)

    def broken(*_args, **_kwargs):
        future = Future()
        future.set_exception(BrokenProcessPool("A child process terminated abruptly"))
        futures.append(future)
        return future

    monkeypatch.setattr("concurrent.futures.ProcessPoolExecutor.submit", broken)
    in_small_parallel_batches(monkeypatch)
    assert answers(open_corpus([str(corpus)], use_cache=False)) == serial
    assert len(futures) > 1


# ------------------------------------------------------------------ searching never waits for entities


def test_the_corpus_is_searchable_before_entity_extraction_finishes(corpus, monkeypatch):
    """The order of events on a fresh cache: every article searchable (and a search
    answered) before the first article's entities are found."""
    from tui.core.entities import EntityExtractor

    events = []
    real_extract = EntityExtractor.extract_rows

    def extract(self, article):
        events.append("extracted")
        return real_extract(self, article)

    monkeypatch.setattr(EntityExtractor, "extract_rows", extract)
    held = {}

    def on_progress(progress):
        if progress.searchable and "searched" not in events:
            hits = held["workspace"].search_index.search("to lam", limit=5).hits
            events.append("searched" if hits else "nothing found")
        assert progress.finished or progress.fraction < 1

    workspace = open_corpus([str(corpus)], on_batch=lambda ws, first, n: held.setdefault("workspace", ws),
                            on_progress=on_progress)
    assert events[0] == "searched" and events.count("extracted") == len(workspace.articles)
    assert workspace.entities_ready and len(workspace.entity_index) > 0


def test_a_cold_load_caches_what_is_searchable_before_finding_entities(corpus, monkeypatch):
    """Quitting while entities are being found (the explorer closed during that stage)
    leaves an entry that the next start searches from at once, and finds the entities
    from; a cold load that ends searches the entry's arrays, mapped, as a warm start does."""
    from tui.core.entities import EntityExtractor
    from tui.core.persist import SEGMENT_FIELDS

    real_extract = EntityExtractor.extract_rows
    extracted = []
    monkeypatch.setattr(EntityExtractor, "extract_rows", lambda self, a: extracted.append(a.id) or real_extract(self, a))
    with pytest.raises(Cancelled):
        open_corpus([str(corpus)], cancelled=lambda: len(extracted) > 0)
    searched = open_corpus([str(corpus)], entities=False)
    assert searched.from_cache and answers(searched)[0] == answers(open_corpus([str(corpus)], use_cache=False))[0]
    shutil.rmtree(cache_root())
    cold = open_corpus([str(corpus)])
    assert not cold.from_cache and cold.entities_ready
    state = cold.search_index._store.state
    assert all(_mapped(getattr(segment, name)) for segment in state.segments for name in SEGMENT_FIELDS)
    assert cold.entity_index._stats._overlay == {}  # the corpus table too is read from the entry
    assert answers(cold) == answers(open_corpus([str(corpus)], use_cache=False))


def test_without_entities_the_cache_holds_the_index_and_entities_are_added_later(corpus, monkeypatch):
    from tui.core.entities import EntityExtractor

    calls = []
    real_extract = EntityExtractor.extract_rows
    monkeypatch.setattr(EntityExtractor, "extract_rows", lambda self, a: calls.append(a.id) or real_extract(self, a))
    searched = open_corpus([str(corpus)], entities=False)
    assert calls == [] and not searched.entities_ready and len(searched.entity_index) == 0
    import tui.core.workspace as workspace_module

    read = []
    real_load = workspace_module.load_source
    monkeypatch.setattr(workspace_module, "load_source", lambda *a, **k: read.append(a[0]) or real_load(*a, **k))
    stages = []
    later = open_corpus([str(corpus)], on_progress=lambda p: stages.append([(s.name, s.finished) for s in p.stages]))
    assert later.from_cache and read == []  # the search index and the texts came from the cache
    assert sorted(calls) == sorted(later.articles[d].id for d in range(len(later.articles)))
    assert stages[0] == [("index", True), ("entities", False)]
    assert stages[-1] == [("index", True), ("entities", True), ("table", True)]
    calls.clear()
    again = open_corpus([str(corpus)])
    assert calls == [] and again.entities_ready  # the entities were added to the entry
    assert answers(again) == answers(later) == answers(open_corpus([str(corpus)], use_cache=False))


def test_a_search_only_warm_start_reads_no_entity_table(corpus, monkeypatch):
    """``vnby-tui search`` on an entry that holds entities restores the search
    index alone: the entity tables cost a warm ``search`` neither time nor memory."""
    import tui.core.workspace as workspace_module

    full = open_corpus([str(corpus)])
    assert full.entities_ready and len(full.entity_index) > 0
    restored = []
    real = workspace_module.restore_entity_index
    monkeypatch.setattr(workspace_module, "restore_entity_index", lambda *a, **k: restored.append(1) or real(*a, **k))
    searched = open_corpus([str(corpus)], entities=False)
    assert searched.from_cache and restored == [] and not searched.entities_ready
    assert answers(searched)[0] == answers(full)[0]  # the same hits, scores and spans
    again = open_corpus([str(corpus)])  # the entry still holds the entities: read, not found again
    assert again.from_cache and again.entities_ready and restored == [1]
    assert [e.key for e in again.entity_index.entities()] == [e.key for e in full.entity_index.entities()]


def test_a_warm_start_maps_the_cached_index_instead_of_reading_it(corpus):
    import mmap

    import numpy as np

    from tui.core.cache import TextBlob
    from tui.core.persist import SEGMENT_FIELDS

    open_corpus([str(corpus)])
    warm = open_corpus([str(corpus)])
    assert warm.from_cache
    state = warm.search_index._store.state
    arrays = [getattr(segment, name) for segment in state.segments for name in SEGMENT_FIELDS]
    arrays.append(state.term_to_folded)
    assert arrays and all(_mapped(a) and not a.flags.writeable for a in arrays)
    assert all(isinstance(warm.articles._frozen[name], np.memmap) for name in warm.articles._frozen)
    # the texts, read from the entry's file when an article is opened (mapped where there is no pread)
    assert isinstance(warm.articles._blob, TextBlob) or isinstance(warm.articles._blob.obj, mmap.mmap)
    # titles, ids, paths…: strings decoded from mapped bytes when read, not a list of them all
    from tui.core.strings import StringTable

    title = warm.articles.columns["title"]
    assert isinstance(title, StringTable) and _mapped(title.arrays()["utf8"])


def _mapped(array) -> bool:
    """Whether ``array`` is a view, at any depth, of a memory-mapped file."""
    import mmap

    import numpy as np

    while array is not None:
        if isinstance(array, (np.memmap, mmap.mmap)):
            return True
        array = getattr(array, "base", None)
    return False


def test_the_entity_table_is_a_stage_until_it_is_counted_and_saved(corpus):
    """After the entities stage, counting and writing the corpus table takes seconds on a
    large corpus: the progress says so (a running ``table`` stage, no percentage) until the
    entity index is replaced by the table just written, and only then is everything done."""
    from tui.core.progress import ENTITIES, TABLE

    events = []

    def progress(snapshot):
        table = snapshot.stage(TABLE)
        events.append(("table running" if table is not None and not table.finished else
                       "finished" if snapshot.finished else "loading",
                       snapshot.stage(ENTITIES) is not None and snapshot.stage(ENTITIES).finished))

    def batch(workspace, first, count):
        if count == 0:
            events.append(("entity index replaced", None))

    for _ in ("cold", "entities added to an entry written without them"):
        events.clear()
        open_corpus([str(corpus)], on_progress=progress, on_batch=batch)
        assert ("table running", True) in events, events
        first_table = events.index(("table running", True))
        assert all(state != "finished" for state, _ in events[:first_table])
        assert events.index(("entity index replaced", None)) > first_table
        assert events[-1] == ("finished", True)
        assert not any(state == "finished" for state, _ in events[first_table:-1])
        for entry in cache_root().iterdir():  # the next load finds the entry without its entities
            shutil.rmtree(entry)
        open_corpus([str(corpus)], entities=False)


GIVEN_NAMES = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hùng", "Khánh", "Lan",
               "Linh", "Minh", "Nam", "Phong", "Quang", "Sơn", "Thảo", "Trung", "Tuấn", "Vinh"]


def _news_lines(prefix: str, count: int) -> str:
    """``count`` articles, each naming its own person (a surname and a given name)."""
    import json

    def text(n: int) -> str:
        k = n + 20 * ord(prefix[0])  # another input, other people
        name = f"{('Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng')[k // 20 % 5]} Văn {GIVEN_NAMES[k % 20]}"
        return f"Ông {name} làm việc tại Hà Nội ngày 3/9 với đoàn {prefix} số {n}. " * 6

    return "\n".join(json.dumps({"id": f"{prefix}{n}", "title": f"Tin số {n} của {prefix}", "text": text(n)},
                                ensure_ascii=False) for n in range(count))


def test_a_load_reads_texts_back_a_batch_at_a_time_not_one_per_article(tmp_path, monkeypatch):
    """Texts read back (the spilled ones, for the entity stage; an unchanged input's, from the
    old entry) take one read per batch: a read per article let go of the GIL and took it back
    thousands of times a second, and the explorer's event loop, waiting for it, froze for
    60-140 ms at a time on the real corpus.  The reused articles keep their own mentions."""
    root = tmp_path / "many"
    root.mkdir()
    (root / "a.jsonl").write_text(_news_lines("a", 60), encoding="utf-8")
    (root / "b.jsonl").write_text(_news_lines("b", 60), encoding="utf-8")
    reads: list[int] = []
    real_pread = os.pread
    monkeypatch.setattr(os, "pread", lambda fd, n, at: reads.append(n) or real_pread(fd, n, at))
    cold = open_corpus([str(root)])
    assert len(cold.articles) == 120 and len(cold.entity_index.entities()) > 60
    assert 0 < len(reads) <= 6
    reads.clear()
    (root / "a.jsonl").write_text(_news_lines("a", 61), encoding="utf-8")  # b.jsonl's articles come from the old entry
    again = open_corpus([str(root)])
    assert 0 < len(reads) <= 6
    fresh = open_corpus([str(root)], use_cache=False)
    assert list(again.articles) == list(fresh.articles) and len(fresh.articles) == 121
    spans = lambda ws, d: [(m.start, m.end, m.type, m.name) for m in ws.entity_index.mentions_of(d)]  # noqa: E731
    assert all(spans(again, d) == spans(fresh, d) for d in range(121))
    assert {spans(cold, d)[0][3] for d in range(60, 120)} == {spans(again, d)[0][3] for d in range(61, 121)}
