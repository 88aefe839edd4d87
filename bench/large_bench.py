#!/usr/bin/env python3
"""Large-corpus benchmark on real text: time to searchable and to everything, warm
starts, peak memory, query latency and the explorer while it loads — each figure
printed with its goal, the cold build times as ratios to an SQLite FTS5 build of
the same text in the same run.

The corpus is ``../shared/corpus/baomoi-2017.jsonl.gz`` + ``dantri-unc.jsonl``
(38k real articles, 135 MB of text).  ``--replicate N`` repeats it N times
with changed ids (written once to ``bench/out/``), for the runs a 1M-article
estimate is drawn from; ``--synth`` adds the synthetic 60k-article corpus of
``bench/synth.py`` as a second, labelled line (never the quoted figure).

Every measurement runs in a fresh process with private XDG directories; memory
is the peak resident size of the whole process tree (the entity process
included), sampled every 20 ms, or the process's own high-water mark when that is
higher (a peak between two samples), as a multiple of the articles' UTF-8 text.

    .venv/bin/python bench/large_bench.py                  # the real corpus
    .venv/bin/python bench/large_bench.py --replicate 2    # 2x the real corpus (~77k articles)
    .venv/bin/python bench/large_bench.py --synth          # real, then synthetic
    .venv/bin/python bench/large_bench.py --cold-explorer  # FTS5 and the cold explorer only
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import gzip
import json
import os
import pty
import random
import select
import shlex
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "corpus"
REAL = [SHARED / "baomoi-2017.jsonl.gz", SHARED / "dantri-unc.jsonl"]
OUT = REPO / "bench" / "out"
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

QUERIES_PER_KIND = 100
#: The explorer searches with the configured limit (200) and prepares the rows on screen plus
#: one (``tui/searching.py``, ``_start_search``): 18 at 120x40 (17 rows of two lines), 10 at
#: 80x24.  Until session 10 this was 40, the rows of an 88-line terminal; that figure is printed
#: beside it (``TALL_ROWS``).
QUERY_LIMIT, PREPARED_ROWS, TALL_ROWS = 200, 18, 40
#: Launches of the explorer whose first frame is timed (the median is quoted), per cache state.
FRAME_RUNS = 3
#: The query whose cold ``vnby-tui search`` run is timed.
CLI_QUERY = "thủ tướng chính phủ"


# ------------------------------------------------------------------ measuring processes


def _tree_rss_kb(pid: int) -> tuple[int, int]:
    """Resident size of ``pid`` and all its descendants, and the anonymous part of it
    (what is not pages of mapped files, such as the cache's arrays) (kB)."""
    total, anon, stack = 0, 0, [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/status") as handle:
                for line in handle:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                    elif line.startswith("RssAnon:"):
                        anon += int(line.split()[1])
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    stack.extend(int(child) for child in handle.read().split())
        except (OSError, ValueError):
            continue
    return total, anon


class PeakRss:
    """Samples the resident size of a process tree every 20 ms; ``peak_mb`` is the largest
    sum seen (``anon_mb``: the largest anonymous part, file pages left out)."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak_kb, self.anon_kb, self._stop = pid, 0, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        total, anon = _tree_rss_kb(self.pid)
        self.peak_kb, self.anon_kb = max(self.peak_kb, total), max(self.anon_kb, anon)

    def _run(self) -> None:
        while not self._stop.wait(0.02):
            self._sample()

    def stop(self) -> float:
        self._sample()
        self._stop.set()
        self._thread.join()
        return self.peak_kb / 1024


def environment(home: Path) -> dict[str, str]:
    """Private cache, config and data directories under ``home``."""
    return dict(os.environ, XDG_CACHE_HOME=str(home / "cache"), XDG_CONFIG_HOME=str(home / "config"),
                XDG_DATA_HOME=str(home / "data"), VNBY_TUI_CONFIG="")


def run_measured(argv: list[str], home: Path, timeout: float = 7200) -> dict:
    """Run ``argv``; wall seconds, CPU seconds (user+sys of the tree) and peak tree RSS."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment(home))
    sampler = PeakRss(proc.pid)
    out_chunks: list[bytes] = []
    reader = threading.Thread(target=lambda: out_chunks.append(proc.stdout.read()), daemon=True)
    reader.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    # The samples sum the tree, but may miss a peak shorter than their 20 ms; the kernel's
    # high-water mark of the process itself (ru_maxrss, kB) misses none of its own.
    peak = max(sampler.stop(), usage.ru_maxrss / 1024)
    reader.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace")
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{shlex.join(argv)} failed ({proc.returncode}):\n{err[-2000:]}")
    return {"seconds": wall, "cpu": usage.ru_utime + usage.ru_stime, "peak_mb": peak, "anon_mb": sampler.anon_kb / 1024,
            "stdout": b"".join(out_chunks).decode(errors="replace"), "stderr": err}


def child(kind: str, home: Path, *args: str) -> dict:
    """One measurement of this script in a fresh process; its JSON line, plus peak tree RSS."""
    result = run_measured([sys.executable, __file__, "--child", kind, *args], home)
    report = json.loads(result["stdout"].strip().splitlines()[-1])
    return report | {"peak_mb": result["peak_mb"], "anon_mb": result["anon_mb"], "cpu": result["cpu"],
                     "wall": result["seconds"]}


def program() -> str:
    return str(Path(sys.executable).parent / "vnby-tui")


# ------------------------------------------------------------------ children (one per fresh process)


def child_fts5(paths: list[str], queries_file: str) -> dict:
    """The reference: the same inputs read by the same loader into an SQLite FTS5
    table on disk (unicode61, diacritics removed), then the query mix."""
    with tempfile.TemporaryDirectory(prefix="vnby-fts5-") as folder:
        return fts5_build_and_query(paths, queries_file, Path(folder) / "fts.db")


def fts5_build_and_query(paths: list[str], queries_file: str, db_path: Path) -> dict:
    """:func:`child_fts5` with its database at ``db_path`` (deleted after it)."""
    from search_bench import body_text
    from tui.core.index import has_own_title
    from tui.core.loader import iter_articles

    started, cpu = time.perf_counter(), time.process_time()
    db = sqlite3.connect(db_path)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body, "
               "tokenize='unicode61 remove_diacritics 2')")
    text_bytes = articles = 0
    samples: list[str] = []
    rng = random.Random(11)
    batch = []
    for article in iter_articles(paths, lambda w: None):
        articles += 1
        text_bytes += len(article.text.encode("utf-8"))
        batch.append((article.id, article.title if has_own_title(article) else "", body_text(article)))
        keep_sample(samples, rng, articles, article.text)
        if len(batch) >= 2000:
            db.executemany("INSERT INTO docs (id, title, body) VALUES (?, ?, ?)", batch)
            batch = []
    db.executemany("INSERT INTO docs (id, title, body) VALUES (?, ?, ?)", batch)
    db.commit()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    queries = query_mix(samples)
    Path(queries_file).write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
    latencies = []
    from tui.core.text import TOKEN_RE

    for query in queries:
        words = TOKEN_RE.findall(query)
        t0 = time.perf_counter()
        if words:
            match = " ".join('"' + w.replace('"', '""') + '"' for w in words)
            db.execute("SELECT id FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?",
                       (match, QUERY_LIMIT)).fetchall()
        latencies.append((time.perf_counter() - t0) * 1000)
    db.close()
    return {"seconds": seconds, "cpu_self": cpu, "articles": articles, "text_mb": text_bytes / 1e6,
            "db_mb": db_path.stat().st_size / 1e6, **latency_figures(latencies)}


def keep_sample(samples: list[str], rng: random.Random, seen: int, text: str) -> None:
    """Reservoir sampling of article openings (``seen`` articles so far, this one included)."""
    if len(samples) < QUERIES_PER_KIND * 4 or rng.random() < QUERIES_PER_KIND * 4 / seen:
        sample = text[:3000]
        if len(samples) < QUERIES_PER_KIND * 4:
            samples.append(sample)
        else:
            samples[rng.randrange(len(samples))] = sample


def real_query_mix(paths: list[str]) -> list[str]:
    """The query mix drawn from ``paths`` as the FTS5 child draws it (same samples, same seed)."""
    from tui.core.loader import iter_articles

    samples: list[str] = []
    rng = random.Random(11)
    for seen, article in enumerate(iter_articles(paths, lambda w: None), 1):
        keep_sample(samples, rng, seen, article.text)
    return query_mix(samples)


def query_mix(samples: list[str], seed: int = 11) -> list[str]:
    """Passages of 2-4 syllables from random articles, the same with one letter
    changed (a typo), and the same cut two characters short (typing)."""
    from search_bench import one_letter_changed
    from tui.core.text import TOKEN_RE, fold

    rng = random.Random(seed)
    queries: list[str] = []
    for sample in samples:
        words = TOKEN_RE.findall(fold(sample))
        if len(words) < 8:
            continue
        start = rng.randrange(0, len(words) - 4)
        passage = " ".join(words[start : start + rng.choice((2, 3, 4))])
        queries += [passage, one_letter_changed(passage, rng), passage[: max(2, len(passage) - 2)]]
        if len(queries) >= QUERIES_PER_KIND * 3:
            break
    return queries


def latency_figures(latencies: list[float]) -> dict:
    ordered = sorted(latencies)
    at = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return {"queries": len(ordered), "p50_ms": at(0.5), "p95_ms": at(0.95), "max_ms": ordered[-1]}


def settle_as_after_loading(workspace) -> None:
    """What the explorer has done by its user's first query after loading (``tui.loading``):
    it takes the loaded corpus out of the garbage collector's sight (without it a full
    collection walking every loaded object, 17-30 ms, fell on one query of the mix, and
    smaller ones on about twenty), and it prepares the search's lookups as loading ends
    (the sorted vocabulary and the typo tables, ~50 ms the mix's first two queries paid)."""
    gc.collect(1)
    gc.freeze()
    workspace.search_index.prepare_lookups()


def child_queries(paths: list[str], queries_file: str) -> dict:
    """A warm open, then the query mix as the explorer runs it (limit, rows prepared)."""
    from tui.core.workspace import open_corpus

    started = time.perf_counter()
    workspace = open_corpus(paths)
    opened = time.perf_counter() - started
    settle_as_after_loading(workspace)
    queries = json.loads(Path(queries_file).read_text(encoding="utf-8"))
    latencies, cpu, tall = [], [], []
    for query in queries:
        t0, c0 = time.perf_counter(), time.process_time()
        workspace.search_index.search(query, limit=QUERY_LIMIT).prepare(PREPARED_ROWS)
        latencies.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    for query in queries:  # the same mix again, as a taller terminal prepares it (warmer by one round)
        c0 = time.process_time()
        workspace.search_index.search(query, limit=QUERY_LIMIT).prepare(TALL_ROWS)
        tall.append((time.process_time() - c0) * 1000)
    return {"open_seconds": opened, "from_cache": workspace.from_cache, **latency_figures(latencies),
            "query_cpu": latency_figures(cpu), "tall_cpu": latency_figures(tall)}


def child_explorer(paths: list[str]) -> dict:
    """The explorer (headless, 120x40) loading the corpus: when it is searchable,
    when everything is loaded, and the longest stall of its event loop meanwhile
    (a 5 ms ticker; work in threads still stalls the loop while it holds the GIL).
    Each stall is also measured in CPU seconds the process spent during it: a stall
    the scheduler of a loaded machine made costs little CPU, one made by a thread
    holding the GIL costs that hold (an upper bound: threads working without the GIL
    count too), so that figure barely moves with the machine's load.  The run ends once
    the syndicated stories are grouped too (``idle``), which the explorer does after loading
    when its cache has no groups."""
    sys.path.insert(0, str(REPO / "tests"))
    from pilot import make_app

    async def run() -> dict:
        app = make_app(paths)
        marks: dict[str, float] = {}
        stalls: list[float] = []
        cpu_stalls: list[float] = []
        started = time.perf_counter()
        async with app.run_test(size=(120, 40)) as pilot:
            marks["mounted"] = time.perf_counter() - started
            last, last_cpu = time.perf_counter(), time.process_time()
            while time.perf_counter() - started < 3600:
                await asyncio.sleep(0.005)
                now, cpu = time.perf_counter(), time.process_time()
                stalls.append(now - last)
                cpu_stalls.append(cpu - last_cpu)
                last, last_cpu = now, cpu
                if "searchable" not in marks and explorer_searchable(app):
                    marks["searchable"] = now - started
                if app.corpus.loaded:
                    marks["loaded"] = now - started
                    break
            # Then the explorer groups the syndicated stories when its cache had none (a worker
            # once loaded): its peak counts that too, as a user who keeps it open meets it.  The
            # run ended here before, so a cold run never stored the groups, and the warm run
            # measured a part of grouping them or none, as the scheduler went (0.88x / 1.52x).
            while grouping_stories(app) and time.perf_counter() - started < 3600:
                await asyncio.sleep(0.05)
            marks["idle"] = time.perf_counter() - started
            await pilot.pause()
        return {**marks, "stall_ms": max(stalls, default=0) * 1000, "stalls": sum(s > 0.1 for s in stalls),
                "cpu_stall_ms": max(cpu_stalls, default=0) * 1000, "cpu_stalls": sum(s > 0.1 for s in cpu_stalls),
                "articles": len(app.corpus.articles)}

    return asyncio.run(run())


def grouping_stories(app) -> bool:
    """The explorer's story-grouping worker has not finished (it starts once loaded)."""
    return any(worker.group == "stories" and not worker.is_finished for worker in app.workers)


def explorer_searchable(app) -> bool:
    """Every article of the corpus is in the search index the explorer searches."""
    stage = getattr(getattr(app.corpus, "progress", None), "searchable", None)
    return bool(stage) or app.corpus.loaded


CHILDREN = {"fts5": child_fts5, "queries": child_queries, "explorer": child_explorer}


# ------------------------------------------------------------------ the TUI in a pseudo-terminal


def compile_program() -> None:
    """Compile the installed program's modules, as ``pip install .`` does: a module edited
    since its bytecode was written is compiled again at every launch under
    PYTHONDONTWRITEBYTECODE (at the first launch otherwise), which the first frame is not."""
    subprocess.run([str(Path(program()).with_name("python")), "-c",
                    "import compileall, os, tui; compileall.compile_dir(os.path.dirname(tui.__file__), quiet=1)"],
                   check=True, stdout=subprocess.DEVNULL)


def first_frame_seconds(paths: list[str], home: Path) -> float:
    """Launch the installed vnby-tui in a pty; seconds until its header is drawn."""
    env = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/tmp"), "LANG": "C.UTF-8",
           "TERM": "xterm-256color", **{k: v for k, v in environment(home).items() if k.startswith("XDG_")}}
    started = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(program(), [program(), *paths], env)
    seen = b""
    try:
        while time.perf_counter() - started < 30:
            ready, _, _ = select.select([fd], [], [], 0.01)
            if ready:
                try:
                    seen += os.read(fd, 65536)
                except OSError:
                    break
                if b"vnby-tui" in seen:
                    return time.perf_counter() - started
        return float("nan")
    finally:
        os.kill(pid, 9)
        os.waitpid(pid, 0)


# ------------------------------------------------------------------ corpora


def replicated(copies: int) -> list[str]:
    """The real corpus ``copies`` times: the originals, then copies whose ids end in ``~rK``
    (plain JSON lines, written once to bench/out/)."""
    paths = [str(p) for p in REAL]
    for copy in range(2, copies + 1):
        for original in REAL:
            name = original.name.removesuffix(".gz").replace(".jsonl", f"-r{copy}.jsonl")
            target = OUT / "real-copies" / name
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                opener = gzip.open if original.suffix == ".gz" else open
                tmp = target.with_suffix(".tmp")
                with opener(original, "rt", encoding="utf-8") as src, open(tmp, "w", encoding="utf-8") as dst:
                    for line in src:
                        if line.strip():
                            record = json.loads(line)
                            record["id"] = f"{record.get('id')}~r{copy}"
                            dst.write(json.dumps(record, ensure_ascii=False) + "\n")
                tmp.rename(target)
            paths.append(str(target))
    return paths


# ------------------------------------------------------------------ report


def rss(result: dict, text: float) -> str:
    """Peak resident size as MB and a multiple of the text, with its anonymous part (the
    rest is pages of mapped cache files, shared with the page cache)."""
    return f"{result['peak_mb']:.0f} MB = {result['peak_mb'] / text:.2f}x text (anon. {result['anon_mb']:.0f} MB)"


def goal(value: float, limit: float, unit: str = "", fmt: str = "{:.2f}") -> str:
    verdict = "ok" if value <= limit else "MISSED"
    return f"goal <= {fmt.format(limit)}{unit}: {verdict}"


def bench_corpus(label: str, paths: list[str], tui: bool, search_only: bool = False,
                 cold_explorer: bool = False) -> None:
    """The figures of one corpus, in a scratch folder deleted after (its cache entries
    are ~700 MB for the real text: runs that kept them filled the disk)."""
    with tempfile.TemporaryDirectory(prefix="vnby-large-") as folder:
        bench_corpus_in(Path(folder), label, paths, tui, search_only, cold_explorer)


def bench_corpus_in(work: Path, label: str, paths: list[str], tui: bool, search_only: bool,
                    cold_explorer: bool) -> None:
    queries_file = str(work / "queries.json")
    size = sum(Path(p).stat().st_size for p in paths) / 1e6
    fts = child("fts5", work / "fts", queries_file, *paths)
    text = fts["text_mb"]
    print(f"\n## {label}: {fts['articles']:,} articles, {text:.1f} MB of article text ({size:.1f} MB of input)",
          flush=True)
    rows: list[tuple[str, str, str]] = []

    def row(name: str, value: str, target: str = "") -> None:
        rows.append((name, value, target))
        print(f"  {name:<48} {value:<34} {target}", flush=True)

    row("SQLite FTS5: read + build (reference)", f"{fts['seconds']:.1f} s, {fts['cpu_self']:.1f} CPU s, "
        f"{fts['peak_mb'] / text:.1f}x text")
    if cold_explorer:
        explorer_cold(paths, work, fts, text, row)
        return
    search_argv = [program(), "search", CLI_QUERY, *paths, "--json", "--limit", "10"]
    cold = run_measured(search_argv, work / "a")
    row("cold `search`: launch to answer", f"{cold['seconds']:.1f} s = {cold['seconds'] / fts['seconds']:.2f}x FTS5",
        goal(cold["seconds"] / fts["seconds"], 2, "x FTS5"))
    row("  CPU s (whole tree), as a multiple of FTS5's", f"{cold['cpu']:.1f} s = {cold['cpu'] / fts['cpu_self']:.2f}x FTS5")
    row("  peak RSS", rss(cold, text), goal(cold["peak_mb"] / text, 3, "x"))
    warm = run_measured(search_argv, work / "a")
    row("warm `search` after a cold `search`", f"{warm['seconds']:.2f} s ({warm['cpu']:.2f} CPU s)",
        goal(warm["seconds"], 1.5, " s"))
    row("  peak RSS", rss(warm, text), goal(warm["peak_mb"] / text, 1.5, "x"))
    if search_only:
        entry_size(work / "a", text, row)
        return
    if tui:
        explorer_cold(paths, work, fts, text, row)
    else:
        everything = run_measured([program(), "entities", *paths, "--json"], work / "b")
        row("cold `entities` (everything)", f"{everything['seconds']:.1f} s = "
            f"{everything['seconds'] / fts['seconds']:.2f}x FTS5", goal(everything["seconds"] / fts["seconds"], 4, "x FTS5"))
    warm_search = run_measured(search_argv, work / "b")
    row("warm `search`: launch to answer", f"{warm_search['seconds']:.2f} s", goal(warm_search["seconds"], 1.5, " s"))
    row("  peak RSS", rss(warm_search, text),
        goal(warm_search["peak_mb"] / text, 1.5, "x"))
    warm_entities = run_measured([program(), "entities", *paths, "--json"], work / "b")
    row("warm `entities`: launch to table", f"{warm_entities['seconds']:.2f} s ({warm_entities['cpu']:.2f} CPU s)",
        goal(warm_entities["seconds"], 2, " s"))
    row("  peak RSS", rss(warm_entities, text),
        goal(warm_entities["peak_mb"] / text, 1.5, "x"))
    if tui:
        explorer_warm = child("explorer", work / "b", *paths)
        row("warm explorer: to searchable / everything", f"{explorer_warm['searchable']:.2f} / {explorer_warm['loaded']:.2f} s",
            goal(explorer_warm["searchable"], 1.5, " s"))
        row("  peak RSS", rss(explorer_warm, text),
            goal(explorer_warm["peak_mb"] / text, 1.5, "x"))
        row("  longest event-loop stall while loading", f"{explorer_warm['stall_ms']:.0f} ms "
            f"({explorer_warm['stalls']} over 100 ms)",
            goal(explorer_warm["stall_ms"], 100, " ms", "{:.0f}"))
        row("    in CPU s of the process (load-robust)", f"{explorer_warm['cpu_stall_ms']:.0f} ms "
            f"({explorer_warm['cpu_stalls']} over 100 ms)")
    queries = child("queries", work / "b", queries_file, *paths)
    row(f"warm query p50 / p95 ({queries['queries']} queries, limit {QUERY_LIMIT}, {PREPARED_ROWS} rows prepared)",
        f"{queries['p50_ms']:.1f} / {queries['p95_ms']:.1f} ms", goal(queries["p95_ms"], 15, " ms (p95)", "{:.0f}"))
    row("  slowest query", f"{queries['max_ms']:.0f} ms", goal(queries["max_ms"], 150, " ms", "{:.0f}"))
    cpu = queries["query_cpu"]  # what a loaded machine skews least (bench/query_latency.py: the same mix, profiled)
    row("  CPU ms per query: p50 / p95 / max", f"{cpu['p50_ms']:.1f} / {cpu['p95_ms']:.1f} / {cpu['max_ms']:.0f} ms")
    tall = queries["tall_cpu"]
    row(f"  CPU ms, {TALL_ROWS} rows prepared (an 88-line terminal)",
        f"{tall['p50_ms']:.1f} / {tall['p95_ms']:.1f} / {tall['max_ms']:.0f} ms")
    row("  SQLite FTS5, same queries: p50 / p95 / max", f"{fts['p50_ms']:.1f} / {fts['p95_ms']:.1f} / {fts['max_ms']:.0f} ms")
    if tui:
        compile_program()
        # median of FRAME_RUNS launches each: one launch is one sample of the scheduler
        frame_cold = statistics.median(first_frame_seconds(paths, work / f"c{run}") for run in range(FRAME_RUNS))
        frame_warm = statistics.median(first_frame_seconds(paths, work / "b") for _ in range(FRAME_RUNS))
        row(f"TUI first frame, cold / warm cache (median of {FRAME_RUNS})", f"{frame_cold:.2f} / {frame_warm:.2f} s",
            goal(max(frame_cold, frame_warm), 0.35, " s"))
    entry_size(work / "b", text, row)


def explorer_cold(paths: list[str], work: Path, fts: dict, text: float, row) -> None:
    """The explorer on an empty cache (cache home ``work/b``): its figures against FTS5's."""
    explorer = child("explorer", work / "b", *paths)
    row("cold explorer: to searchable", f"{explorer['searchable']:.1f} s = "
        f"{explorer['searchable'] / fts['seconds']:.2f}x FTS5", goal(explorer["searchable"] / fts["seconds"], 2, "x FTS5"))
    row("cold explorer: to everything (entities too)", f"{explorer['loaded']:.1f} s = "
        f"{explorer['loaded'] / fts['seconds']:.2f}x FTS5", goal(explorer["loaded"] / fts["seconds"], 4, "x FTS5"))
    row("  CPU s (whole tree), as a multiple of FTS5's", f"{explorer['cpu']:.1f} s = "
        f"{explorer['cpu'] / fts['cpu_self']:.2f}x FTS5")
    row("  peak RSS", rss(explorer, text), goal(explorer["peak_mb"] / text, 3, "x"))
    row("  longest event-loop stall while loading", f"{explorer['stall_ms']:.0f} ms ({explorer['stalls']} over 100 ms)",
        goal(explorer["stall_ms"], 100, " ms", "{:.0f}"))
    row("    in CPU s of the process (load-robust)", f"{explorer['cpu_stall_ms']:.0f} ms ({explorer['cpu_stalls']} over 100 ms)")


def entry_size(home: Path, text: float, row) -> None:
    entry = max((p for p in (home / "cache" / "vnby-tui").iterdir() if not p.name.startswith(".")),
                key=lambda p: p.stat().st_mtime)
    entry_mb = sum(f.stat().st_size for f in entry.rglob("*") if f.is_file()) / 1e6
    row("cache entry on disk", f"{entry_mb:.0f} MB = {entry_mb / text:.2f}x text")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicate", type=int, default=1, help="repeat the real corpus N times (changed ids)")
    parser.add_argument("--synth", action="store_true", help="also the synthetic 60k corpus, as a second line")
    parser.add_argument("--no-tui", action="store_true", help="skip the explorer runs")
    parser.add_argument("--search-only", action="store_true",
                        help="only the cold and warm `search` runs and the entry size (for --replicate series)")
    parser.add_argument("--cold-explorer", action="store_true",
                        help="only the FTS5 reference and the cold explorer (searchable, everything, peak RSS, stalls)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("args", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        if args.child in ("fts5", "queries"):
            result = CHILDREN[args.child](args.args[1:], args.args[0])
        else:
            result = CHILDREN[args.child](args.args)
        print(json.dumps(result))
        return
    if not all(p.exists() for p in REAL):
        raise SystemExit(f"the real corpus is missing: {', '.join(str(p) for p in REAL)}")
    print(f"$ {shlex.join([Path(sys.executable).name, *sys.argv])}")
    print(f"machine: {os.cpu_count()} cores; load average {', '.join(f'{x:.2f}' for x in os.getloadavg())}; "
          f"python {sys.version.split()[0]}")
    label = "real text" + (f" x{args.replicate} (ids changed)" if args.replicate > 1 else "")
    bench_corpus(label, replicated(args.replicate), not args.no_tui, args.search_only, args.cold_explorer)
    if args.synth:
        from synth import generate

        synth = generate(OUT / "synth-60k.jsonl", 60_000)
        bench_corpus("synthetic 60k (second line, not quoted)", [str(synth)], not args.no_tui)
    print(f"\nload average at the end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
