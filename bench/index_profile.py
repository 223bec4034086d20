"""Where a full ``update_index`` spends its CPU, by part, on the database given.

    DATABASE_URL=... python -m bench.index_profile [--workers 2] [--fresh] [--profile FILE]
    DATABASE_URL=... python -m bench.index_profile --analysis

The first form runs the real command in this process (production settings from the
environment, as ``bench/search.py``'s children run it) with timers around its parts, each
charged only its own CPU (``time.process_time``; a part inside another is taken out of it):

- ``read``: the chunk's objects read (the keyset query, the rows made objects, the prefetch);
- ``prepare``: their fields prepared as modelsearch does (``raw_batch``: StreamField text,
  attachments' text), the texts the workers get;
- ``submit``: the texts sent to the workers (pickling), or analysed here with ``--workers 1``;
- ``wait``: waiting for the workers' answer (wall time; its CPU should be nil);
- ``assemble``: the analysed texts put back in their fields;
- ``write``: modelsearch's ``add_items`` (the entries' SQL; on SQLite the FTS5 index is kept
  by triggers in this process, so its work is here too), without the title norms;
- ``title_norms``: the per-chunk refresh of the new entries' norms; ``finish``: the
  rebuild's last step (every norm again); ``start``: stale entries dropped;
- ``purge``: the kept search results forgotten after each write; ``checkpoint``: its row;
  ``commit``: the chunk's transaction (begin and commit);
- ``other``: the rest of the command's process (the loop, the bar, counting).

The workers' CPU is the children's (``RUSAGE_CHILDREN``, counted once they are joined), less
their start (Kiwi's loading, measured first on its own); PostgreSQL's backend's is read from
``/proc`` for this process's connection. ``--fresh`` empties the index first (as the bench's
fresh database is), ``--profile`` writes a cProfile of this process.

``--analysis`` measures the workers' part alone: every text the run would analyse, analysed
in this process by a single-threaded Kiwi (as each worker has), Kiwi's own call and our
post-processing (``analyse_words``) timed apart, and then the same texts through a
multi-threaded Kiwi's batch call, for comparison. Used for docs/subsystems/search.md,
"Indexing".
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import gc
import io
import json
import os
import pstats
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


class Phases:
    """CPU and wall time per named part, each part charged only while it is the innermost."""

    def __init__(self):
        self.cpu: dict[str, float] = defaultdict(float)
        self.wall: dict[str, float] = defaultdict(float)
        self.backend: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self.stack: list[list] = []
        self.backend_pid: int | None = None  # PostgreSQL's backend, charged per part too

    def _now(self) -> tuple[float, float, float]:
        backend = _proc_cpu(self.backend_pid) if self.backend_pid else 0.0
        return time.process_time(), time.perf_counter(), backend

    def _charge(self, now) -> None:
        top = self.stack[-1]
        self.cpu[top[0]] += now[0] - top[1]
        self.wall[top[0]] += now[1] - top[2]
        self.backend[top[0]] += now[2] - top[3]

    @contextlib.contextmanager
    def __call__(self, name: str):
        now = self._now()
        if self.stack:
            self._charge(now)
        self.stack.append([name, *now])
        self.calls[name] += 1
        try:
            yield
        finally:
            now = self._now()
            self._charge(now)
            self.stack.pop()
            if self.stack:
                self.stack[-1][1:] = list(now)


class GarbageTime:
    """CPU spent in the garbage collector's collections, by generation (``gc.callbacks``)."""

    def __init__(self):
        self.cpu = [0.0, 0.0, 0.0]
        self.count = [0, 0, 0]
        self._started = 0.0
        gc.callbacks.append(self._callback)

    def _callback(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._started = time.process_time()
        else:
            self.cpu[info["generation"]] += time.process_time() - self._started
            self.count[info["generation"]] += 1


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _proc_cpu(pid: int) -> float:
    """utime + stime of process ``pid`` in seconds (``/proc/<pid>/stat``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _machine_busy() -> tuple[float, float]:
    """(busy, total) jiffies of all cores, from ``/proc/stat``."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


def _instrument(phases: Phases) -> None:
    """Timers around the command's parts (monkeypatched: this process only)."""
    from django.db import transaction
    from modelsearch.backends import get_search_backend

    from candle.search.backends import indexing
    from candle.search.management.commands import update_index
    from candle.search.models import IndexCheckpoint

    def timed(name, function):
        def run(*args, **kwargs):
            with phases(name):
                return function(*args, **kwargs)

        return run

    chunks = update_index.Command._chunks

    def timed_chunks(self, queryset, chunk_size):
        walk = chunks(self, queryset, chunk_size)
        while True:
            with phases("read"):
                items = next(walk, None)
            if items is None:
                return
            yield items

    update_index.Command._chunks = timed_chunks
    mixin = indexing.AnalysingIndexerMixin
    mixin.raw_batch = classmethod(timed("prepare", mixin.raw_batch.__func__))
    mixin.batch_assemble = staticmethod(timed("assemble", mixin.batch_assemble))
    submit = update_index.Analyser.submit

    def timed_submit(self, texts):
        with phases("submit"):
            waiting = submit(self, texts)
        return timed("wait", waiting)

    update_index.Analyser.submit = timed_submit
    indexing.IndexWritesPurgeMixin.add_items = timed(
        "write", indexing.IndexWritesPurgeMixin.add_items
    )
    indexing.search_results_forget = timed("purge", indexing.search_results_forget)
    IndexCheckpoint.save = timed("checkpoint", IndexCheckpoint.save)

    backend = get_search_backend()
    index_class = backend.index_class
    norms = index_class._refresh_title_norms

    def timed_norms(self, full=False):
        with phases("finish" if full else "title_norms"):
            return norms(self, full=full)

    index_class._refresh_title_norms = timed_norms
    rebuilder = backend.rebuilder_class
    rebuilder.start = timed("start", rebuilder.start)

    class TimedTransaction:
        @staticmethod
        @contextlib.contextmanager
        def atomic(*args, **kwargs):
            with phases("commit"), transaction.atomic(*args, **kwargs):
                yield

    update_index.transaction = TimedTransaction


def _worker_start_cpu(workers: int) -> float:
    """The children's CPU of starting ``workers`` analysing workers and stopping them (Kiwi's
    loading), to take out of the run's figure."""
    from candle.search.management.commands.update_index import Analyser

    before = _children_cpu()
    analyser = Analyser(workers)
    analyser.submit(["시작"] * workers)()
    analyser.close()
    return _children_cpu() - before


def run(args) -> dict:
    from django.core.management import call_command
    from django.db import connection
    from modelsearch.conf import get_app_config

    from candle.search.management.commands.update_index import Command
    from candle.search.models import IndexCheckpoint

    if args.fresh:
        get_app_config().get_model("IndexEntry").objects.all().delete()
        IndexCheckpoint.objects.all().delete()
    start_cpu = _worker_start_cpu(args.workers) if args.workers > 1 else 0.0
    phases = Phases()
    _instrument(phases)
    backend_pid = None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend_pid = cursor.fetchone()[0]
        phases.backend_pid = backend_pid
    command = Command()
    garbage = GarbageTime()
    profile = cProfile.Profile() if args.profile else None
    load = os.getloadavg()[0]
    busy0 = _machine_busy()
    backend0 = _proc_cpu(backend_pid) if backend_pid else 0.0
    children0 = _children_cpu()
    cpu0, wall0 = time.process_time(), time.perf_counter()
    if profile:
        profile.enable()
    with phases("other"):
        call_command(
            command,
            workers=args.workers,
            chunk_size=args.chunk_size,
            verbosity=1 if args.bar else 0,
            **({"limit": args.limit} if args.limit else {}),
        )
    if profile:
        profile.disable()
        profile.dump_stats(args.profile)
    wall = time.perf_counter() - wall0
    cpu = time.process_time() - cpu0
    workers_cpu = _children_cpu() - children0 - (start_cpu if args.workers > 1 else 0.0)
    backend_cpu = (_proc_cpu(backend_pid) - backend0) if backend_pid else 0.0
    busy1 = _machine_busy()
    documents = command.indexed
    result = {
        "vendor": connection.vendor,
        "documents": documents,
        "workers": args.workers,
        "chunk_size": args.chunk_size,
        "wall_s": round(wall, 2),
        "parent_cpu_s": round(cpu, 2),
        "workers_cpu_s": round(workers_cpu, 2),
        "workers_start_cpu_s": round(start_cpu, 2),
        "backend_cpu_s": round(backend_cpu, 2),
        "load_average_before": round(load, 2),
        "load_average_after": round(os.getloadavg()[0], 2),
        "machine_busy": round((busy1[0] - busy0[0]) / max(1, busy1[1] - busy0[1]), 3),
        "ours_busy": round((cpu + workers_cpu + backend_cpu) / wall / (os.cpu_count() or 1), 3),
        "gc_cpu_s": [round(x, 3) for x in garbage.cpu],
        "gc_collections": garbage.count,
        "phases": {
            name: {
                "cpu_s": round(phases.cpu[name], 3),
                "wall_s": round(phases.wall[name], 3),
                "calls": phases.calls[name],
                "backend_cpu_s": round(phases.backend[name], 3),
                "cpu_ms_per_doc": round(phases.cpu[name] * 1000 / max(1, documents), 3),
            }
            for name in sorted(phases.cpu, key=lambda n: -phases.cpu[n])
        },
    }
    _print_run(result)
    return result


def _print_run(r: dict) -> None:
    docs = max(1, r["documents"])
    print(
        f"{r['vendor']}: {r['documents']:,} documents in {r['wall_s']} s "
        f"({r['documents'] / r['wall_s']:.0f}/s), {r['workers']} workers, "
        f"load {r['load_average_before']} -> {r['load_average_after']}"
    )
    print(f"{'part':<14}{'CPU s':>9}{'wall s':>9}{'ms/doc':>9}{'backend s':>11}")
    for name, p in r["phases"].items():
        print(
            f"{name:<14}{p['cpu_s']:>9.2f}{p['wall_s']:>9.2f}{p['cpu_ms_per_doc']:>9.3f}"
            f"{p['backend_cpu_s']:>11.2f}"
        )
    for name, key in (
        ("parent", "parent_cpu_s"),
        ("workers", "workers_cpu_s"),
        ("pg backend", "backend_cpu_s"),
    ):
        print(f"{name:<14}{r[key]:>9.2f}{'':>9}{r[key] * 1000 / docs:>9.3f}")
    print(
        f"garbage collection in the parent (in the parts above), per generation: {r['gc_cpu_s']} s"
    )
    print(
        f"worker start (Kiwi's loading, not counted above): {r['workers_start_cpu_s']} s; "
        f"this run kept {r['ours_busy'] * 100:.0f} % of the cores busy, "
        f"the machine {r['machine_busy'] * 100:.0f} %"
    )


def analysis_costs(args) -> dict:
    """Every text of the run analysed here: Kiwi (single-threaded, as a worker's) and our
    post-processing apart, then Kiwi's threaded batch call on the same texts."""
    from modelsearch.backends import get_search_backend
    from modelsearch.index import get_indexed_models

    from candle.search import analysis
    from candle.search.dictionary import user_dictionary_refresh
    from candle.search.management.commands.update_index import Command as UpdateIndex
    from candle.search.management.commands.update_index import _indexer_class

    user_dictionary_refresh(force=True)
    backend = get_search_backend()
    texts: list[str] = []
    unique: list[str] = []
    documents = 0
    walker = UpdateIndex()
    walker._budget = args.limit
    for model in get_indexed_models():
        if not model.get_search_fields():
            continue
        index = backend.get_index_for_model(model)
        indexer = _indexer_class(index)
        queryset = model.get_indexed_objects().order_by("pk")
        for objs in walker._chunks(queryset, args.chunk_size):
            documents += len(objs)
            chunk = [
                (t or "")[: analysis.MAX_ANALYSED_CHARS]
                for t in indexer.raw_batch(objs, backend)[1]
            ]
            texts.extend(chunk)
            # what the workers get: a text repeated within a chunk is analysed once
            unique.extend(dict.fromkeys(chunk))
    korean = [t for t in unique if analysis._HANGUL.search(t)]
    other = [t for t in unique if not analysis._HANGUL.search(t)]
    analysis.kiwi_preload()  # single-threaded, as in a worker
    kiwi = analysis.kiwi_get()
    kiwi.tokenize("준비")
    cpu0 = time.process_time()
    tokens = [kiwi.tokenize(t) for t in korean]
    kiwi_cpu = time.process_time() - cpu0
    cpu0 = time.process_time()
    for text, toks in zip(korean, tokens, strict=True):
        analysis._document_from_words(
            analysis.analyse_words(text, for_index=True, kiwi_tokens=toks)
        )
    post_cpu = time.process_time() - cpu0
    cpu0 = time.process_time()
    for text in other:
        analysis.analyse_document(text)
    other_cpu = time.process_time() - cpu0
    # Kiwi's own threads on the same texts, one batch call
    from kiwipiepy import Kiwi

    threaded = Kiwi(load_typo_dict=False, load_multi_dict=False, num_workers=None)
    for word, tag in analysis.user_words().items():
        threaded.add_user_word(word, tag)
    threaded.tokenize("준비")
    cpu0, wall0 = time.process_time(), time.perf_counter()
    batched = list(threaded.tokenize(korean))
    threaded_cpu, threaded_wall = time.process_time() - cpu0, time.perf_counter() - wall0
    same = all(
        [(t.form, t.tag, t.start) for t in a] == [(t.form, t.tag, t.start) for t in b]
        for a, b in zip(tokens, batched, strict=True)
    )
    chars = sum(len(t) for t in korean)
    result = {
        "documents": documents,
        "texts": len(texts),
        "korean_texts": len(korean),
        "korean_chars": chars,
        "kiwi_cpu_s": round(kiwi_cpu, 2),
        "post_cpu_s": round(post_cpu, 2),
        "non_korean_cpu_s": round(other_cpu, 2),
        "kiwi_chars_per_cpu_s": round(chars / kiwi_cpu),
        "ms_per_doc": {
            "kiwi": round(kiwi_cpu * 1000 / documents, 3),
            "post": round(post_cpu * 1000 / documents, 3),
            "non_korean": round(other_cpu * 1000 / documents, 3),
        },
        "threaded_batch": {
            "cpu_s": round(threaded_cpu, 2),
            "wall_s": round(threaded_wall, 2),
            "same_tokens": same,
        },
        "load_average": round(os.getloadavg()[0], 2),
    }
    print(json.dumps(result, indent=2))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--chunk-size", type=int, default=1000)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--fresh", action="store_true", help="empty the index first")
    parser.add_argument("--profile", help="write a cProfile of this process here")
    parser.add_argument("--bar", action="store_true", help="show the command's progress bar")
    parser.add_argument("--analysis", action="store_true", help="the workers' part alone")
    parser.add_argument("--json", help="write the figures here")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    result = analysis_costs(args) if args.analysis else run(args)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2))


def top(path: str, count: int = 30) -> str:
    """The profile's functions by own time (for reading a ``--profile`` file)."""
    out = io.StringIO()
    pstats.Stats(path, stream=out).sort_stats("tottime").print_stats(count)
    return out.getvalue()


if __name__ == "__main__":
    main()
