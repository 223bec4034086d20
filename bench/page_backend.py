# ruff: noqa: S603 - runs this script again with the checkouts it is given
"""What one uncached page request costs PostgreSQL's backend, and this process, per request.

    python bench/page_backend.py [--warm 20] [--count 300] [--rounds 2] [--root DIR]... URL...

Each URL is requested through ``candle.wsgi.application`` (as ``page_instructions`` does:
every middleware, the view, the round trips), ``--warm`` times unmeasured (so the connection
has prepared its statements and settled on its plans), then ``--count`` times measured. For
each URL it prints, per request: this process's CPU (``time.process_time``), the CPU of the
PostgreSQL backend serving its connection (``/proc/<pid>/schedstat``, nanoseconds on a core:
``pg_backend_pid()`` asked once before), and the statements and round trips sent (counted by
a wrapper around the cursor's ``execute``, on a separate pass so that its own cost is not in
the CPU figures).

With one or more ``--root`` (checkouts of Candle, each with ``.venv``), each round runs this
script once per root, one after the other, ``--rounds`` times: A/B interleaved, so the host's
load falls on both alike. Both CPU figures move with the load; the instruction counts of
``page_instructions --callgrind`` do not, but leave PostgreSQL's work out.

Settings from the environment, as for ``page_instructions`` (``source /work/data/prod-env.sh``,
``DATABASE_URL``, ``REDIS_URL``, ``CANDLE_VAR_DIR``).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _backend_ns(pid: int) -> int:
    with open(f"/proc/{pid}/schedstat") as stat:
        return int(stat.read().split()[0])


def _counting(statements: list[str]):
    def counted(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    return counted


def child(args) -> None:
    root = Path(args.code_root or ROOT)
    sys.path.insert(0, str(root))
    sys.path.insert(0, str(ROOT / "bench"))
    os.chdir(root)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "candle.settings.production")
    from candle.wsgi import application

    sys.path.insert(0, str(root / "deploy"))
    from django.db import connection
    from django.template.loader import get_template
    from granian_server import before_fork
    from page_instructions import _final_url, request

    for name in ("base.html", "pages/board_page.html", "pages/post_page.html"):
        get_template(name)
    before_fork()
    results = []
    for url in args.urls:
        url = _final_url(application, url)
        for _ in range(args.warm):
            request(application, url)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            pid = cursor.fetchone()[0]
        backend, started = _backend_ns(pid), time.process_time()
        for _ in range(args.count):
            request(application, url)
        spent, backend = time.process_time() - started, _backend_ns(pid) - backend
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            if cursor.fetchone()[0] != pid:
                sys.exit(f"{url}: the connection changed while measuring")
        statements: list[str] = []
        with connection.execute_wrapper(_counting(statements)):
            request(application, url)
        results.append(
            {
                "url": url,
                "app_ms": spent / args.count * 1000,
                "backend_ms": backend / args.count / 1e6,
                "statements": len(statements),
                "sql": [" ".join(sql.split())[:160] for sql in statements],
            }
        )
    print("RESULTS " + json.dumps(results), flush=True)


def parent(args, argv: list[str]) -> None:
    roots = args.root or [str(ROOT)]
    passed = []
    skip = False
    for part in argv:  # the child's arguments: everything but --root/--rounds
        if skip:
            skip = False
            continue
        if part in ("--root", "--rounds"):
            skip = True
            continue
        passed.append(part)
    figures: dict[tuple[str, str], list[tuple[float, float]]] = {}
    statements: dict[tuple[str, str], list[str]] = {}
    for round_number in range(args.rounds):
        for root in roots:
            run = subprocess.run(
                [sys.executable, __file__, "--child", "--code-root", root, *passed],
                capture_output=True,
                text=True,
                check=False,
            )
            lines = [line for line in run.stdout.splitlines() if line.startswith("RESULTS ")]
            if run.returncode != 0 or not lines:
                sys.stderr.write(run.stderr[-3000:])
                sys.exit(f"{root}: exited {run.returncode}")
            for result in json.loads(lines[-1][8:]):
                key = (root, result["url"])
                figures.setdefault(key, []).append((result["app_ms"], result["backend_ms"]))
                statements[key] = result["sql"]
                print(
                    f"round {round_number + 1}  {root:<24} app {result['app_ms']:6.2f} ms  "
                    f"backend {result['backend_ms']:5.3f} ms  {result['statements']} statements  "
                    f"{result['url']}",
                    flush=True,
                )
    if args.sql:
        for (root, url), sql in statements.items():
            print(f"\n{root} {url}:")
            for line in sql:
                print(f"  {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--warm", type=int, default=20)
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--root", action="append", help="a checkout to measure (repeatable)")
    parser.add_argument("--sql", action="store_true", help="print the statements of a request")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--code-root", help=argparse.SUPPRESS)
    argv = sys.argv[1:]
    args = parser.parse_args(argv)
    if args.child:
        child(args)
    else:
        parent(args, argv)


if __name__ == "__main__":
    main()
