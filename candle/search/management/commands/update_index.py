"""``manage.py update_index``: the search index rebuilt on every core, resumable, with a bar.

Same options as modelsearch's rebuild command, plus:

- ``--workers N`` (default: one per core): Kiwi's analysis, the cost of indexing, runs in N
  worker processes, each with its own single-threaded Kiwi; this process reads the objects,
  prepares their fields and writes the index (one writer). The next chunk is analysed while the
  last one is written, so neither side waits for the other.
- Resumable: each chunk's index entries and the checkpoint (``IndexCheckpoint``: the last
  primary key written, per backend and model) are committed together, so a run stopped halfway
  (Ctrl-C, a deploy, ``--limit``) continues after the last written object when started again
  and never writes an object twice. A finished run deletes its checkpoints (the next run is a
  full rebuild again); ``--restart`` discards an unfinished run's and starts over.
- ``--limit N``: stop after N objects (the rest on the next run), e.g. to index in slices.

The bar (tqdm) goes to stderr: documents, rate and time left. docs/subsystems/search.md,
"Indexing".
"""

import gc
import multiprocessing
import os
import signal
import threading
from collections import deque

from django.db import transaction
from django.db.models import prefetch_related_objects
from modelsearch.backends import get_search_backend
from modelsearch.conf import get_app_config
from modelsearch.index import get_indexed_models
from modelsearch.management.commands.rebuild_modelsearch_index import (
    DEFAULT_CHUNK_SIZE,
    group_models_by_index,
)
from modelsearch.management.commands.rebuild_modelsearch_index import Command as RebuildCommand
from tqdm import tqdm

from candle.search import analysis
from candle.search.backends.bulk_indexes import (
    entries_connection,
    search_indexes_build,
    search_indexes_complete,
    search_indexes_drop,
)
from candle.search.backends.indexing import batch_prefetched
from candle.search.dictionary import user_dictionary_refresh
from candle.search.models import IndexCheckpoint

PIPELINE_DEPTH = 2  # chunks handed to the workers ahead of the one being written

# Relations a model's search fields read object by object (a post's ``attachments_text`` reads
# its attachments and their documents: one query per post, half the writer's time at 100,000
# posts), read here for a whole chunk at once instead.
PREFETCH = {"pages.PostPage": ("attachments__document",)}


class Analyser:
    """Analysis of a chunk's texts, in ``workers`` processes (or here, with one): ``submit``
    returns at once, and the function it returns waits for the analysed texts."""

    def __init__(self, workers: int):
        self.workers = max(1, workers)
        self.pool = None
        if self.workers > 1:
            # spawn, not fork: the parent holds database connections and maybe a threaded Kiwi,
            # neither of which survives a fork; the workers import only the analyser
            context = multiprocessing.get_context("spawn")
            self.pool = context.Pool(
                self.workers,
                initializer=analysis.worker_start,
                initargs=(analysis.user_words(),),
            )

    def submit(self, texts: list[str]):
        if self.pool is None:
            done = analysis.analyse_documents(texts)
            return lambda: done
        size = max(1, -(-len(texts) // (self.workers * 4)))  # a few slices per worker
        slices = [texts[i : i + size] for i in range(0, len(texts), size)]
        pending = self.pool.map_async(analysis.analyse_documents, slices)
        return lambda: [text for part in pending.get() for text in part]

    def close(self) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
            self.pool = None


def _terminated(signum, frame):
    raise SystemExit(128 + signum)


def _indexer_class(index):
    """The ``ObjectIndexer`` our backend's ``add_items`` runs with (``with_indexer``)."""
    for klass in type(index).__mro__:
        found = getattr(klass.__dict__.get("add_items"), "indexer_class", None)
        if found is not None:
            return found
    raise TypeError(f"{type(index).__name__} is not one of candle.search's indexes")


class Command(RebuildCommand):
    help = (
        "Rebuild the search index (Korean-aware: docs/subsystems/search.md) on every core, "
        "continuing an interrupted run, with a progress bar."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--workers",
            type=int,
            default=os.cpu_count() or 1,
            help="processes analysing the text (default: one per core; 1: in this process)",
        )
        parser.add_argument(
            "--restart",
            action="store_true",
            help="start over, discarding an unfinished run's checkpoint",
        )
        parser.add_argument(
            "--limit",
            type=int,
            default=None,
            help="stop after this many objects; the next run continues from there",
        )

    def handle(self, **options):
        self._workers = max(1, options["workers"])
        self._restart = options["restart"]
        self._budget = options["limit"]
        self._show_progress = options.get("verbosity", 1) > 0
        self.indexed = 0  # objects written by this run (read by the bench)
        self._taken = 0
        # SIGTERM (a deploy, a supervisor) stops the run as Ctrl-C does, through its clean-up:
        # the norms of what it wrote, the search indexes a first build dropped built again
        if threading.current_thread() is not threading.main_thread():
            return super().handle(**options)  # only the main thread may take signals
        previous = signal.signal(signal.SIGTERM, _terminated)
        try:
            return super().handle(**options)
        finally:
            signal.signal(signal.SIGTERM, previous)

    def update_backend(self, backend_name, schema_only=False, chunk_size=DEFAULT_CHUNK_SIZE):
        self.write("Updating backend: " + backend_name)
        backend = get_search_backend(backend_name)
        if not backend.rebuilder_class:
            self.write(f"Backend '{backend_name}' doesn't require rebuilding")
            return
        user_dictionary_refresh(force=True)
        if self._restart:
            IndexCheckpoint.objects.filter(backend=backend_name).delete()
        checkpoints = {c.model: c for c in IndexCheckpoint.objects.filter(backend=backend_name)}
        if checkpoints:
            self.write(f"{backend_name}: continuing the unfinished run (--restart starts over)")
        build_later = not schema_only and self._indexes_build_later(bool(checkpoints))
        groups = list(group_models_by_index(backend, get_indexed_models()).items())
        plan = []  # (index, [(model, queryset, checkpoint)])
        for index, models in groups:
            work = []
            for model in models:
                label = model._meta.label
                checkpoint = checkpoints.get(label) or IndexCheckpoint(
                    backend=backend_name, model=label
                )
                if checkpoint.done:
                    continue
                queryset = model.get_indexed_objects().order_by("pk")
                if checkpoint.last_pk:
                    queryset = queryset.filter(pk__gt=model._meta.pk.to_python(checkpoint.last_pk))
                work.append((model, queryset, checkpoint))
            plan.append((index, work))
        total = 0 if schema_only else sum(qs.count() for _, work in plan for _, qs, _ in work)
        if self._budget is not None:
            total = min(total, self._budget)
        analyser = Analyser(self._workers if total > chunk_size else 1)
        bar = tqdm(
            total=total,
            unit="doc",
            leave=False,
            disable=not self._show_progress,
            file=self.stderr._out,
        )
        deferred = False
        # The objects alive now (Django's, the models', the search fields') live through the
        # run: left out of the garbage collector's full collections, which otherwise walked
        # all of them a dozen times per 10,000 documents (about a fifth of this process's CPU)
        gc.collect()
        gc.freeze()
        try:
            for index, work in plan:
                self.write(f"{backend_name}: Rebuilding index {index}")
                # not the atomic rebuilder: each chunk commits, so that a run can stop and resume
                rebuilder = type(backend).rebuilder_class(index)
                index = rebuilder.start()  # drops the entries of objects that are gone
                deferred = hasattr(index, "title_norms_deferred")
                if deferred:  # every entry's norm once, by ``finish`` (PostgreSQL)
                    index.title_norms_deferred = True
                for model, _, _ in work:
                    index.add_model(model)
                if not schema_only:
                    for model, queryset, checkpoint in work:
                        if not self._index_model(
                            index, model, queryset, checkpoint, analyser, chunk_size, bar
                        ):
                            self.write(
                                f"{backend_name}: stopped after {self.indexed} objects; "
                                "run update_index again to continue"
                            )
                            return
                rebuilder.finish()
                deferred = False
        finally:
            gc.unfreeze()
            bar.close()
            analyser.close()
            if deferred:  # stopped: the norms of what this run wrote, as a save refreshes them
                index.title_norms_deferred = False
                index._refresh_title_norms()
            if build_later:  # finished or stopped: never left without the indexes searches read
                search_indexes_build(entries_connection())
        IndexCheckpoint.objects.filter(backend=backend_name).delete()
        self.write(f"{backend_name}: indexed {self.indexed} objects")

    def _indexes_build_later(self, continuing: bool) -> bool:
        """PostgreSQL: whether this run writes the entries without the indexes searches read
        them by and builds those once at its end (``bulk_indexes``): when it starts on an empty
        index (a first build: after an import or a restore, the bench), where there is nothing
        to search yet; a run over a live index keeps them, so searches stay fast meanwhile. A
        run continuing one that was stopped before it could build them builds them too."""
        connection = entries_connection()
        if connection.vendor != "postgresql":
            return False
        has_entries = (
            get_app_config().get_model("IndexEntry").objects.using(connection.alias).exists()
        )
        if not search_indexes_complete(connection):
            # dropped by the run this one continues, or by one stopped before its first chunk
            return continuing or not has_entries
        if has_entries:
            return False
        search_indexes_drop(connection)
        self.write("The search indexes are built once, after the entries are written")
        return True

    def _chunks(self, queryset, chunk_size):
        """Lists of up to ``chunk_size`` objects in primary key order (a keyset walk: each chunk
        starts after the last one's key, not at an offset), within ``--limit``."""
        last = None
        while True:
            size = chunk_size
            if self._budget is not None:
                size = min(size, self._budget - self._taken)
                if size <= 0:
                    return
            page = queryset if last is None else queryset.filter(pk__gt=last)
            items = list(page[:size])
            if not items:
                return
            prefetch = PREFETCH.get(queryset.model._meta.label)
            if prefetch:
                prefetch_related_objects(items, *prefetch)
            self._taken += len(items)
            yield items
            last = items[-1].pk

    _taken = 0

    def _index_model(self, index, model, queryset, checkpoint, analyser, chunk_size, bar) -> bool:
        """Index ``queryset``'s objects chunk by chunk; False when ``--limit`` stopped it first."""
        indexer = _indexer_class(index)
        pending: deque = deque()

        def write_oldest() -> None:
            objs, raw, analysed = pending.popleft()
            batch = indexer.batch_assemble(raw, analysed())
            with transaction.atomic(), batch_prefetched(batch):
                index.add_items(model, objs)
                checkpoint.last_pk = str(objs[-1].pk)
                checkpoint.save()
            self.indexed += len(objs)
            bar.update(len(objs))

        if not model.get_search_fields():
            checkpoint.done = True
            checkpoint.save()
            return True
        for objs in self._chunks(queryset, chunk_size):
            raw, texts = indexer.raw_batch(objs, index.backend)
            pending.append((objs, raw, analyser.submit(texts)))
            if len(pending) > PIPELINE_DEPTH:
                write_oldest()
        while pending:
            write_oldest()
        if self._budget is not None and self._taken >= self._budget:
            # stopped by the limit: this model is done only if nothing is left of it
            last = checkpoint.last_pk
            rest = queryset.filter(pk__gt=model._meta.pk.to_python(last)) if last else queryset
            if rest.exists():
                return False
        checkpoint.done = True
        checkpoint.save()
        return True
