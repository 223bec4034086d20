# ruff: noqa: S603, S607 - runs valgrind and callgrind_control (from PATH) on this script itself
"""What one request for a page costs in this process: instructions (callgrind) or a profile.

    uv run python bench/page_instructions.py [--callgrind | --profile] [--warm 5] [--count 8] URL...

Each URL is requested through ``candle.wsgi.application`` itself (the WSGI handler, every
middleware, the view, the database and cache round trips, the response iterated and closed, as
granian does), first ``--warm`` times unmeasured, then ``--count`` times measured. The settings
come from the environment, as the server's would (``DJANGO_SETTINGS_MODULE``, ``DATABASE_URL``,
``REDIS_URL``, ``CANDLE_PAGE_CACHE_ENABLED=0`` for the uncached pages...). A URL answered by a
redirect (an old GnuBoard address) is followed once and its target measured.

- default: CPU time per request (``time.process_time``; moves with the host's load);
- ``--callgrind``: runs itself under ``valgrind --tool=callgrind`` and prints millions of
  instructions per request, which other work on the machine does not move. Only this process
  is counted: a database server's or Redis's own work is not. Start-up runs uninstrumented
  (``--instr-atstart=no``, turned on with ``callgrind_control`` once Django is set up: five
  times faster), and the measured requests are marked with two C functions nothing else calls
  (``binascii.crc_hqx`` zeroes the counters, ``binascii.b2a_uu`` dumps them), so warm-up is left
  out; ``--keep DIR`` keeps the dumps for ``callgrind_annotate``;
- ``--profile``: cProfile over the measured requests, the top functions by own time.
"""

from __future__ import annotations

import argparse
import binascii
import io
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
_HOST = os.environ.get("PAGE_INSTRUCTIONS_HOST", "127.0.0.1:8700")


def _environ(path: str, query: str) -> dict:
    host, _, port = _HOST.partition(":")
    return {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": unquote(path).encode().decode("latin-1"),  # WSGI's bytes-as-str
        "QUERY_STRING": query,
        "SERVER_NAME": host,
        "SERVER_PORT": port or "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": _HOST,
        "HTTP_USER_AGENT": "wrk",
        "HTTP_ACCEPT": "*/*",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


def request(application, url: str) -> tuple[str, dict, bytes]:
    parts = urlsplit(url)
    answer: dict = {}

    def start_response(status, headers, exc_info=None):
        answer["status"], answer["headers"] = status, dict(headers)

    result = application(_environ(parts.path, parts.query), start_response)
    try:
        body = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    return answer["status"], answer["headers"], body


def _final_url(application, url: str) -> str:
    for _ in range(3):
        status, headers, _body = request(application, url)
        if not status.startswith(("301", "302")):
            if not status.startswith("200"):
                sys.exit(f"{url}: {status}")
            return url
        location = urlsplit(headers["Location"])
        url = location.path + (f"?{location.query}" if location.query else "")
    sys.exit(f"{url}: too many redirects")


def child(args) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "candle.settings.production")
    from candle.wsgi import application

    # As the server's master does before it forks the workers (deploy/granian_server.py): the
    # templates every public page renders loaded, then everything set up frozen out of the
    # garbage collector's reach (without it, a full collection during a request is counted).
    sys.path.insert(0, str(ROOT / "deploy"))
    from django.template.loader import get_template
    from granian_server import before_fork

    for name in ("base.html", "pages/board_page.html", "pages/post_page.html"):
        get_template(name)
    before_fork()
    if args.mode == "callgrind":
        subprocess.run(
            ["callgrind_control", "-i", "on", str(os.getpid())], check=True, capture_output=True
        )
    for url in args.urls:
        url = _final_url(application, url)
        for _ in range(args.warm):
            request(application, url)
        if args.mode == "callgrind":
            binascii.crc_hqx(b"", 0)  # --zero-before
        elif args.mode == "profile":
            import cProfile

            profiler = cProfile.Profile(time.process_time)  # CPU, not waiting
            profiler.enable()
        started = time.process_time()
        for _ in range(args.count):
            request(application, url)
        spent = time.process_time() - started
        if args.mode == "callgrind":
            binascii.b2a_uu(b"")  # --dump-before
            print(f"URL {url}", flush=True)
        elif args.mode == "profile":
            import pstats

            profiler.disable()
            print(f"== {url}: {spent / args.count * 1000:.2f} ms CPU a request (profiled)")
            stats = pstats.Stats(profiler, stream=sys.stdout)
            stats.sort_stats(args.sort).print_stats(args.top)
        else:
            print(f"{spent / args.count * 1000:8.2f} ms CPU a request  {url}", flush=True)


def parent_callgrind(args, argv: list[str]) -> None:
    sys.path.insert(0, str(ROOT))  # run as a file: bench/ is not a package on the path
    from bench.callgrind import callgrind_forget, callgrind_run, instructions

    run, dumps, keep = callgrind_run([__file__, "--child", *argv], args.keep, "page-instr-")
    urls = [line[4:] for line in run.stdout.splitlines() if line.startswith("URL ")]
    if run.returncode != 0 or not urls:
        sys.stderr.write(run.stderr[-3000:])
        sys.exit(f"valgrind exited {run.returncode}")
    for url, dump in zip(urls, dumps, strict=False):
        total = instructions(dump)
        print(f"{total / args.count / 1e6:8.2f} M instructions a request  {url}", flush=True)
    callgrind_forget(keep, args.keep)
    if args.keep:
        print(f"dumps: {keep} (in URL order: {', '.join(p.name for p in dumps)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--warm", type=int, default=5)
    parser.add_argument("--count", type=int, default=8)
    parser.add_argument("--callgrind", action="store_const", const="callgrind", dest="mode")
    parser.add_argument("--profile", action="store_const", const="profile", dest="mode")
    parser.add_argument("--sort", default="tottime")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--keep", help="a folder to keep the callgrind dumps in")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    argv = sys.argv[1:]
    args = parser.parse_args(argv)
    if args.mode == "callgrind" and not args.child:
        parent_callgrind(args, argv)
    else:
        child(args)


if __name__ == "__main__":
    main()
