"""The application server for Candle: granian serving ``candle.wsgi`` (scripts/serve.sh runs it).

    python deploy/granian_server.py            (settings from the environment, below)

Why granian rather than gunicorn: a page-cache hit is about a millisecond of Python, and with
gunicorn's synchronous workers most of a hit's cost was the server itself (a new connection per
request, HTTP parsed in Python). granian parses HTTP in Rust and keeps connections alive, which
served about three times more cache hits per second on the same 2-core machine (3,300-3,800
against 700-1,300 requests/s in ``make bench``). Rendering a page costs the same under both.

What it does, in order:

1. sets Django up in this (the master) process, which loads the Korean analyser's model
   (``CANDLE_SEARCH_PRELOAD_KIWI``) once, without threads, then gives it the user dictionary
   and its first analysis (``candle.search.services.analyser_warm``); the workers are forked
   from here and share its ~300 MiB copy-on-write instead of loading one each, and none pays
   the dictionary's 0.6 s on its first search;
2. closes anything opened while setting up (database connections, cache clients): those
   belong to the master, each worker opens its own; and freezes what it has loaded
   (``before_fork``), so the workers share it instead of copying it, and collects the
   youngest generation less often in them (``GC_YOUNG_THRESHOLD``);
3. forks ``CANDLE_WORKERS`` workers (default: one per core), each running ``CANDLE_THREADS``
   threads (default 2: a request waiting on PostgreSQL or Redis, above all a signature waiting
   for its commit to reach the disk, leaves the core to the other thread; rendering is CPU
   work either way), and replaces a worker after ``CANDLE_WORKER_LIFETIME`` seconds (default
   6 h) or past ``CANDLE_WORKER_MAX_RSS`` MiB.

   Measured on the 2-core machine with wrk (32 connections), against 5 workers (2 x cores + 1,
   gunicorn's rule): cache hits 3,770 against 3,490 requests/s with p99 15 ms against 750 ms
   (kept-alive connections stay with the worker that accepted them, so extra workers queue
   them unevenly); an uncached board 142 against 116 requests/s on SQLite and 104 against 93
   on PostgreSQL (on the same machine, so waiting on it frees the core for it). Two threads
   per worker gained nothing then (1 was the default until 2026-12-06). Then 2 became the
   default: signatures 441 against 374 a second on a quiet machine (``bench/advocacy.py``),
   and, interleaved at load 13-14 (2 workers, wrk, two rounds), page-cache hits from the app
   913 and 1,415 against 616 and 792 requests/s (32 connections), an uncached form page
   9.2-11.7 against 8.3-9.6 (4 connections; its p99 0.65-1.56 s against 0.62-1.11 s: two
   renders share a core). docs/subsystems/advocacy.md, "The bench".

Environment: CANDLE_BIND (127.0.0.1:8001), CANDLE_WORKERS, CANDLE_THREADS, CANDLE_BACKPRESSURE
(connections a worker takes on at once: 2048, the backlog; see ``options``), CANDLE_LOG_LEVEL
(info), CANDLE_ACCESS_LOG (1 to log every request; nginx keeps the access log otherwise).
nginx sits in front (deploy/nginx/): it buffers slow clients, serves static and media files and
terminates TLS; it alone may reach this port.
"""

import multiprocessing
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BACKLOG = 2048  # connections the kernel holds for the workers to accept
GC_YOUNG_THRESHOLD = 50_000  # see before_fork


def _int_env(name: str, default: int, minimum: int = 1) -> int:
    text = os.environ.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit() or int(text) < minimum:
        sys.exit(
            f"granian_server: {name} must be a whole number of at least {minimum} (got {text!r})."
        )
    return int(text)


def options() -> dict:
    """The server's settings from the environment (the names in the module docstring)."""
    bind = os.environ.get("CANDLE_BIND", "127.0.0.1:8001")
    host, _, port = bind.rpartition(":")
    if not host or not port.isdigit():
        sys.exit(f"granian_server: CANDLE_BIND must be HOST:PORT (got {bind!r}).")
    workers = _int_env("CANDLE_WORKERS", multiprocessing.cpu_count())
    threads = _int_env("CANDLE_THREADS", 2)
    return {
        "address": host,
        "port": int(port),
        "workers": workers,
        "blocking_threads": threads,
        # Connections a worker takes on at once (granian holds one permit per connection, for
        # as long as it is kept alive). At 32 a worker, a surge starved: nginx opened 200
        # connections to two workers, kept reusing the 64 they had taken, and the other 136
        # waited unaccepted in the kernel's backlog until nginx gave up (504 after 60 s,
        # bench/advocacy.py). So a worker takes on every connection the backlog could hold;
        # their requests then wait inside granian for the worker's thread, in turn.
        "backpressure": _int_env("CANDLE_BACKPRESSURE", BACKLOG),
        "backlog": BACKLOG,
        "workers_lifetime": _int_env("CANDLE_WORKER_LIFETIME", 6 * 3600, minimum=60),
        "workers_max_rss": _int_env("CANDLE_WORKER_MAX_RSS", 1536),
        "workers_kill_timeout": 20,
        "respawn_failed_workers": True,
        "log_level": os.environ.get("CANDLE_LOG_LEVEL", "info").lower(),
        "log_access": os.environ.get("CANDLE_ACCESS_LOG", "") == "1",
        "process_name": "candle",
    }


def before_fork() -> None:
    """What the master does last before forking the workers: close what it opened (each worker
    opens its own connections), then freeze every object it holds (``gc.freeze``).

    Frozen objects are out of the collector's reach. Django, Wagtail, the templates and the
    analyser's Python side live as long as the process anyway, and without this a worker's
    full collection walks them all and writes to each one's header, so the pages they sit on
    stop being shared with the master and are copied into the worker: 77 MiB of private
    memory a worker after a minute's load, 41 MiB frozen (``make bench``'s PostgreSQL board
    pages, 2026-12-05). Python's own documentation gives this use for it."""
    import gc

    from django.core.cache import caches
    from django.db import connections

    connections.close_all()
    for cache in caches.all(initialized_only=True):
        cache.close()
    gc.collect()  # what is garbage now is freed, not frozen
    gc.freeze()
    # The workers collect their youngest generation after 50,000 net new container objects
    # rather than Python's 700: a request's objects are freed by their reference counts, and
    # a collection every few hundred allocations walked them for nothing. 1-3 % fewer
    # instructions per uncached page (callgrind, docs/subsystems/uncached-pages.md, fifth
    # round); cyclic garbage lives a little longer (at most the 50,000 objects before the
    # next collection). The older generations keep Python's thresholds.
    gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "candle.settings.production")
    settings = options()

    import django

    django.setup()  # loads Kiwi here, before the fork (candle.search.apps)

    from candle.search.services import analyser_warm

    analyser_warm()  # the user dictionary in Kiwi, and its first analysis, before the fork

    # Also before the fork, shared by the workers: the WSGI handler with its middleware, the
    # Redis client library (otherwise imported on each worker's first cache read, half a
    # second), and the templates every public page renders.
    import redis  # noqa: F401
    from django.template.loader import get_template

    import candle.wsgi  # noqa: F401

    for name in ("base.html", "pages/board_page.html", "pages/post_page.html"):
        get_template(name)

    before_fork()

    from granian import Granian
    from granian.constants import Interfaces
    from granian.log import LogLevels

    settings["log_level"] = LogLevels(settings["log_level"])
    Granian("candle.wsgi:application", interface=Interfaces.WSGI, **settings).serve()


if __name__ == "__main__":
    main()
