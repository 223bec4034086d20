# ruff: noqa: S608 - SQL built from the script's own names, on 127.0.0.1 only
"""What one signature costs, in one process: Python CPU and PostgreSQL backend CPU per sign
POST, through the whole WSGI application (middleware, view, service, audit entry, task row),
with production settings, Redis and PostgreSQL. Not a throughput figure (``bench/advocacy.py``
is): CPU time, so the other load on a shared machine inflates it far less than wall-clock time.

    .venv/bin/python -m bench.advocacy_cost --setup          (once: database and appeal)
    .venv/bin/python -m bench.advocacy_cost -n 400           (one run: JSON on stdout)
    .venv/bin/python -m bench.advocacy_cost --queries        (the statements of one signature)
    .venv/bin/python -m bench.advocacy_cost --tree /tmp/old  (another tree's code, same data)
    .venv/bin/python -m bench.advocacy_cost --callgrind      (instructions a signature)

``--callgrind`` runs the same posts under ``valgrind --tool=callgrind`` and prints the
instructions this process spends per signature (the WSGI application, psycopg and redis-py
included; PostgreSQL's and Redis's own work not): unlike CPU time, the other load on a shared
machine does not move it, so one run of each version compares them. As in
``bench/page_instructions.py``, start-up and the warm-up run uninstrumented and the measured
posts are marked by two C functions nothing else calls (``binascii.crc_hqx`` zeroes the
counters, ``binascii.b2a_uu`` dumps them); ``--keep DIR`` keeps the dump for
``callgrind_annotate``.

Compare two versions by interleaving runs (A, B, A, B…) and comparing medians. Environment:
CANDLE_COST_DATABASE (candle_signatures_cost), CANDLE_COST_REDIS (redis://127.0.0.1:6379/3).
"""

from __future__ import annotations

import argparse
import binascii
import io
import json
import os
import secrets
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

from bench.callgrind import callgrind_forget, callgrind_run, instructions

ROOT = Path(__file__).resolve().parents[1]
DATABASE = os.environ.get("CANDLE_COST_DATABASE", "candle_signatures_cost")
REDIS = os.environ.get("CANDLE_COST_REDIS", "redis://127.0.0.1:6379/3")


def _environment(tree: Path) -> None:
    sys.path.insert(0, str(tree))
    sys.path.insert(1, str(ROOT))
    var = ROOT / "var" / "bench" / "advocacy_cost"
    var.mkdir(parents=True, exist_ok=True)
    from bench.web import _base_env

    env = _base_env(var)
    os.environ.clear()
    os.environ.update(env)
    os.environ.update(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
        REDIS_URL=REDIS,
        CANDLE_STATIC_ROOT=str(var / "static"),
        CANDLE_MEDIA_ROOT=str(var / "media"),
        CANDLE_SEARCH_PRELOAD_KIWI="0",
        CANDLE_LOG_LEVEL="ERROR",
    )


def _setup() -> None:
    from bench.advocacy import SEED
    from bench.servers_checks import pg

    pg(f'drop database if exists "{DATABASE}" with (force)')
    pg(f'create database "{DATABASE}"')
    from django.core.management import call_command

    call_command("migrate", "--no-input", verbosity=0)
    exec(SEED, {})  # noqa: S102 - the bench's own seed


def _address(network: int, host: int) -> str:
    return f"10.{network // 250 % 250}.{network % 250}.{host + 1}"


def _cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


def _callgrind(args, argv: list[str]) -> None:
    """Run this script under callgrind (``--child``) and print instructions a signature."""
    run, dumps, keep = callgrind_run(
        ["-m", "bench.advocacy_cost", "--child", *argv], args.keep, "advocacy-cost-", cwd=ROOT
    )
    if run.returncode != 0 or not dumps:
        sys.stderr.write(run.stderr[-3000:])
        raise SystemExit(f"valgrind exited {run.returncode}")
    total = instructions(dumps[0])
    result = json.loads(run.stdout.strip().splitlines()[-1])
    result["instructions_per_signature_M"] = round(total / args.n / 1e6, 3)
    print(json.dumps(result))
    if args.keep:
        print(f"dump: {dumps[0]}", file=sys.stderr)
    callgrind_forget(keep, args.keep)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--setup", action="store_true")
    parser.add_argument("--queries", action="store_true")
    parser.add_argument("-n", type=int, default=300)
    parser.add_argument("--warm", type=int, default=50)
    parser.add_argument("--tree", type=Path, default=ROOT)
    parser.add_argument("--profile", type=Path)
    parser.add_argument("--callgrind", action="store_true")
    parser.add_argument("--keep", help="with --callgrind: a folder to keep the dump in")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    argv = sys.argv[1:]
    args = parser.parse_args(argv)
    if args.callgrind and not args.child:
        _callgrind(args, [a for a in argv if a != "--callgrind"] + ["--callgrind"])
        return
    _environment(args.tree.resolve())
    import django

    django.setup()
    if args.setup:
        _setup()
        return
    from django.db import connection

    from candle.advocacy.models import AppealPage
    from candle.wsgi import application

    appeal = AppealPage.objects.live().filter(slug="bench-appeal").get()
    path = f"/ko/advocacy/appeals/{appeal.pk}/sign/"
    marker = uuid.uuid4().hex[:8]
    # each run on networks of its own, 250 addresses each: under the rate limits, as deployed
    first_network = secrets.randbelow(200 * 250)
    statuses: dict[int, int] = {}

    def post(n: int) -> None:
        body = urlencode(
            {
                "name": f"예시 서명자 {n}",
                "email": f"cost-{marker}-{n}@example.invalid",
                "country": "KR" if n % 3 else "US",
                "comment": "",
                "consent_signature": "on",
                "website_url": "",
                **({"consent_newsletter": "on"} if n % 5 == 0 else {}),
            }
        ).encode()
        environ = {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": path,
            "SCRIPT_NAME": "",
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "18600",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "127.0.0.1",
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_X_FORWARDED_FOR": _address(first_network + n // 250, n % 250),
            "CONTENT_TYPE": "application/x-www-form-urlencoded",
            "CONTENT_LENGTH": str(len(body)),
            "wsgi.input": io.BytesIO(body),
            "wsgi.url_scheme": "http",
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
            "wsgi.version": (1, 0),
        }
        status_line = []
        result = application(environ, lambda status, headers, exc=None: status_line.append(status))
        b"".join(result)
        if hasattr(result, "close"):
            result.close()
        status = int(status_line[0].split()[0])
        statuses[status] = statuses.get(status, 0) + 1

    if args.callgrind:
        # as the app server's master does before it forks (deploy/granian_server.py): what
        # start-up made, frozen out of the garbage collector's reach
        sys.path.insert(0, str(ROOT / "deploy"))
        from granian_server import before_fork

        before_fork()
        subprocess.run(  # noqa: S603
            ["callgrind_control", "-i", "on", str(os.getpid())],  # noqa: S607
            check=True,
            capture_output=True,
        )
    for n in range(args.warm):
        post(n)
    if args.queries:
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            post(args.warm)
        for query in captured.captured_queries:
            print(query["sql"][:300])
        print(f"{len(captured.captured_queries)} statements; statuses {statuses}")
        return
    with connection.cursor() as cursor:
        cursor.execute("select pg_backend_pid()")
        backend = cursor.fetchone()[0]
    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile(time.process_time)  # CPU time, not waiting
        profiler.enable()
    if args.callgrind:
        binascii.crc_hqx(b"", 0)  # --zero-before
    pg_before, cpu_before, wall_before = (
        _cpu_ticks(backend),
        time.process_time(),
        time.perf_counter(),
    )
    for n in range(args.warm, args.warm + args.n):
        post(n)
    if args.callgrind:
        binascii.b2a_uu(b"")  # --dump-before
    cpu = time.process_time() - cpu_before
    wall = time.perf_counter() - wall_before
    pg_cpu = (_cpu_ticks(backend) - pg_before) / os.sysconf("SC_CLK_TCK")
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(args.profile)
    if statuses.get(302, 0) != args.warm + args.n:
        raise SystemExit(f"not every post succeeded: {statuses}")
    print(
        json.dumps(
            {
                "tree": str(args.tree),
                "signatures": args.n,
                "python_cpu_ms": round(cpu / args.n * 1000, 3),
                "postgres_cpu_ms": round(pg_cpu / args.n * 1000, 3),
                "wall_ms": round(wall / args.n * 1000, 3),
            }
        )
    )


if __name__ == "__main__":
    main()
