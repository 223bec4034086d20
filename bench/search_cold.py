# ruff: noqa: S603, S607 - runs valgrind and callgrind_control (from PATH) on this script itself
"""What a cold search request costs in this process: each request a word never asked before.

    python -m bench.search_cold --words FILE [--callgrind] [--warm 10] [--count 100]
                                [--path /ko/search/] [--extra "&type=posts"]

``bench/page_instructions.py`` asks each address several times (and once more to follow a
redirect), so the analyser's per-process memo of a query and its words would make a search
warm. Here the first ``--warm`` words of the file start the process unmeasured (Kiwi, the
user words, the templates, the connections), then the next ``--count`` words are asked once
each, measured together, through ``candle.wsgi.application`` as granian calls it. Settings
come from the environment as in ``page_instructions`` (production settings,
``CANDLE_PAGE_CACHE_ENABLED=0``, ``CANDLE_SEARCH_RESULTS_SECONDS=0`` for "nothing kept": the
script refuses to run without these two).

- default: CPU time per request (``time.process_time``; moves with the host's load);
- ``--callgrind``: instructions per request under valgrind (this process only: PostgreSQL's
  own work is not counted, SQLite's is, as it runs in the process);
- ``--profile``: cProfile of the measured requests (``--sort``, ``--top``).

Every answer must be 200 with a results list or the no-results text, or the script stops.
"""

from __future__ import annotations

import argparse
import binascii
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]


def _words(path: str) -> list[str]:
    words = [line.strip() for line in Path(path).read_text().splitlines() if line.strip()]
    return list(dict.fromkeys(words))  # never the same word twice


def _server_cpu():
    """A function giving the CPU seconds so far of the database server's process serving this
    process's connection (PostgreSQL on this host: its backend's utime + stime from /proc), or
    0 for SQLite (which runs in this process and is counted with it)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return lambda: 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    ticks = os.sysconf("SC_CLK_TCK")

    def read() -> float:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        except OSError:  # the connection was closed and opened again: not measured
            return float("nan")
        return (int(fields[11]) + int(fields[12])) / ticks  # utime, stime (fields 14, 15)

    return read


def child(args) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "candle.settings.production")
    if os.environ.get("CANDLE_PAGE_CACHE_ENABLED") != "0":
        sys.exit("CANDLE_PAGE_CACHE_ENABLED=0 is needed (a cold search has no page cache)")
    if os.environ.get("CANDLE_SEARCH_RESULTS_SECONDS") != "0":
        sys.exit("CANDLE_SEARCH_RESULTS_SECONDS=0 is needed (a cold search keeps nothing)")
    from candle.wsgi import application

    sys.path.insert(0, str(ROOT / "deploy"))
    from django.template.loader import get_template
    from granian_server import before_fork

    from bench.page_instructions import request

    for name in ("base.html", "search/search.html"):
        get_template(name)
    before_fork()
    words = _words(args.words)
    if len(words) < args.warm + args.count:
        sys.exit(f"{len(words)} distinct words: fewer than --warm + --count")
    urls = [f"{args.path}?q={quote(word)}{args.extra}" for word in words]
    warm, measured = urls[: args.warm], urls[args.warm : args.warm + args.count]

    def ask(url: str) -> None:
        status, _headers, body = request(application, url)
        if not status.startswith("200") or (
            b'class="search-results"' not in body and b'class="search-empty"' not in body
        ):
            sys.exit(f"{url}: {status}")

    for url in warm:
        ask(url)
    server_cpu = _server_cpu()
    server_before = server_cpu()
    if args.mode == "callgrind":
        subprocess.run(
            ["callgrind_control", "-i", "on", str(os.getpid())], check=True, capture_output=True
        )
        binascii.crc_hqx(b"", 0)  # --zero-before
    elif args.mode == "profile":
        import cProfile

        profiler = cProfile.Profile(time.process_time)
        profiler.enable()
    started = time.process_time()
    for url in measured:
        ask(url)
    spent = time.process_time() - started
    server_spent = server_cpu() - server_before
    if (
        server_spent == server_spent and server_spent
    ):  # (not NaN) PostgreSQL's backend for this process's connection, from /proc
        print(
            f"{server_spent / len(measured) * 1000:8.2f} ms CPU a request in PostgreSQL's backend"
        )
    if args.mode == "callgrind":
        binascii.b2a_uu(b"")  # --dump-before
        print("MEASURED", flush=True)
    elif args.mode == "profile":
        import pstats

        profiler.disable()
        print(f"{spent / len(measured) * 1000:.2f} ms CPU a request (profiled)")
        if args.profile_out:
            profiler.dump_stats(args.profile_out)
        pstats.Stats(profiler, stream=sys.stdout).sort_stats(args.sort).print_stats(args.top)
    else:
        print(f"{spent / len(measured) * 1000:8.2f} ms CPU a request, {len(measured)} words")


def parent_callgrind(args, argv: list[str]) -> None:
    sys.path.insert(0, str(ROOT))  # run as a file: bench/ is not a package on the path
    from bench.callgrind import callgrind_forget, callgrind_run, instructions

    run, dumps, keep = callgrind_run([__file__, "--child", *argv], args.keep, "search-cold-")
    if run.returncode != 0 or "MEASURED" not in run.stdout:
        sys.stderr.write(run.stdout[-2000:] + run.stderr[-3000:])
        sys.exit(f"valgrind exited {run.returncode}")
    total = instructions(dumps[-1])
    print(f"{total / args.count / 1e6:8.2f} M instructions a request ({args.count} cold words)")
    callgrind_forget(keep, args.keep)
    if args.keep:
        print(f"dump: {dumps[-1]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--words", required=True, help="one word (or query) a line")
    parser.add_argument("--warm", type=int, default=10)
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--path", default="/ko/search/")
    parser.add_argument("--extra", default="", help="more of the query string, e.g. &all=1")
    parser.add_argument("--callgrind", action="store_const", const="callgrind", dest="mode")
    parser.add_argument("--profile", action="store_const", const="profile", dest="mode")
    parser.add_argument("--profile-out", help="a file for pstats / snakeviz")
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--top", type=int, default=50)
    parser.add_argument("--keep", help="a folder to keep the callgrind dump in")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    argv = sys.argv[1:]
    args = parser.parse_args(argv)
    if args.mode == "callgrind" and not args.child:
        parent_callgrind(args, argv)
    else:
        child(args)


if __name__ == "__main__":
    main()
