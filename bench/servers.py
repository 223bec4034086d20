# ruff: noqa: S603, S607, S608 - runs this machine's own tools (nginx, redis-server, granian) on 127.0.0.1
"""Two app servers behind one nginx, and an app worker killed under load (issue 26).

It starts, all on 127.0.0.1 and all stopped by pid before it returns (also on failure):

* a Redis of its own (``CANDLE_BENCH_SERVERS_PORT`` + 9, no persistence);
* two granian app servers (``deploy/granian_server.py``, production settings, 2 workers each)
  on PORT+1 and PORT+2, sharing one PostgreSQL database (a copy of the demo, kept as a
  template ``candle_servers_seed_<hash>`` so only the first run loads it), that Redis, one
  secret key and one media directory;
* nginx on PORT with the project's template (``deploy/nginx/candle.conf.template``) rendered
  with both app servers in its upstream (``nginx_config``).

``report["operations"]["two_servers"]``, with real HTTP requests to each app server directly:

* ``session_crosses``: a staff member signs in (password, then the authenticator's code) on
  server A; server B's admin answers that session as signed in (sessions are in the database);
* ``publish_purges_both``: a page cached by both servers' page cache (Redis) shows a new title on
  both right after a publish made on A (the admin's bulk publish of a draft the bench saved);
* ``upload_crosses``: a document uploaded through A's admin is served, byte for byte, by B.

``report["operations"]["worker_killed"]``: ``CANDLE_BENCH_SERVERS_REQUESTS`` (400) requests
through nginx from 16 threads, a quarter of them POSTs of the public join form (each a new
address, each from its own forwarded client address so the join's rate limit stays out of the
way), and A's granian workers killed with SIGKILL while they run (``CANDLE_BENCH_SERVERS_KILLS``
times, 1.5 s apart, each caught while on the CPU, i.e. mid-request; granian replaces each). nginx
passes a GET that failed on A to B (``proxy_next_upstream``); a POST already sent is never resent
(``non_idempotent`` is not set). Counted: answers other than 2xx/3xx (``non_2xx``), POSTs answered
with the join's redirect (``posts_answered``), rows stored for those addresses (``posts_rows``),
addresses stored more than once (``doubled``, must be 0), and the requests nginx logged as failed
upstream, by method (``upstream_failures_logged``: those it passed on or answered 502).

Environment: CANDLE_BENCH_SERVERS_PORT (18500: nginx; +1, +2 the app servers; +9 Redis),
CANDLE_BENCH_SERVERS_REDIS_PORT (PORT + 9), CANDLE_BENCH_SERVERS_REQUESTS (400),
CANDLE_BENCH_SERVERS_KILLS (2). Needs PostgreSQL on 127.0.0.1:5432, nginx and redis-server.
"""

import contextlib
import os
import re
import secrets
import shutil
import uuid

from bench.servers_checks import children, form_fields, pg, two_servers, worker_killed  # noqa: F401
from bench.stack import (  # noqa: F401 - nginx_config and TEMPLATE: tests/test_bench_servers.py
    BENCH_VAR,
    PG_SERVER,
    ROOT,
    TEMPLATE,
    Processes,
    database_from_template,
    fingerprint,
    granian_start,
    manage,
    migration_files,
    nginx_config,
    nginx_start,
    redis_start,
    tools_check,
    wait_ok,
)

PORT = int(os.environ.get("CANDLE_BENCH_SERVERS_PORT", "18500"))
REDIS_PORT = int(os.environ.get("CANDLE_BENCH_SERVERS_REDIS_PORT", str(PORT + 9)))
REQUESTS = int(os.environ.get("CANDLE_BENCH_SERVERS_REQUESTS", "400"))
KILLS = int(os.environ.get("CANDLE_BENCH_SERVERS_KILLS", "2"))
PG_PREFIX = "candle_servers_seed_"  # demo templates; only these and PG_WORKING are ever dropped
PG_WORKING = "candle_servers_run"
SEED_MEDIA = BENCH_VAR / "servers-seed-media"  # the demo's uploads, copied into each run's media
_manage = manage


# --- Database -----------------------------------------------------------------------------------


def _fingerprint() -> str:
    files = migration_files() + sorted(ROOT.glob("candle/*/demo.py"))
    files += sorted(ROOT.glob("candle/pages/demo/*.py"))
    return fingerprint("servers:1", files)


def _database(env: dict) -> str:
    marker = SEED_MEDIA / ".template"  # the demo's images belong to the template they came with

    def build(url: str) -> None:
        print("  loading the demo into PostgreSQL (once; kept as a template)…", flush=True)
        shutil.rmtree(SEED_MEDIA, ignore_errors=True)
        SEED_MEDIA.mkdir(parents=True)
        seed_env = {**env, "DATABASE_URL": url, "CANDLE_MEDIA_ROOT": str(SEED_MEDIA)}
        _manage(seed_env, "migrate", "--no-input", "-v", "0")
        _manage(seed_env, "load_demo_content")
        marker.write_text(url.rsplit("/", 1)[1])

    return database_from_template(
        prefix=PG_PREFIX,
        working=PG_WORKING,
        key=_fingerprint(),
        build=build,
        fresh=lambda template: marker.exists() and marker.read_text() == template,
    )


# The bench's staff account (a superuser with an authenticator whose key the bench holds), and a
# draft of a live standard page with a new title: its publish is what the bench does on server A.
SETUP = """
import os
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice
from candle.access.selectors import AUTHENTICATOR_NAME
from candle.pages.models import StandardPage
user = get_user_model().objects.create_superuser(
    os.environ["BENCH_USER"], "bench-servers@example.invalid", os.environ["BENCH_PASSWORD"])
TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=True,
                          key=os.environ["BENCH_TOTP_KEY"])
page = StandardPage.objects.live().filter(locale__language_code="ko").order_by("pk").first()
page = page.specific
page.title = os.environ["BENCH_TITLE"]
page.save_revision(user=user)
print(f"PAGE {page.pk} {page.url}")
"""


# --- The run ------------------------------------------------------------------------------------


def run(report: dict) -> None:
    from bench.web import _base_env

    tools_check()
    var = BENCH_VAR / "servers"
    for kept_from_last_run in ("media", "logs", "nginx"):  # the keys in var/ are kept
        shutil.rmtree(var / kept_from_last_run, ignore_errors=True)
    (var / "logs").mkdir(parents=True)
    env = _base_env(var)
    env.update(
        CANDLE_STATIC_ROOT=str(var / "static"),
        CANDLE_MEDIA_ROOT=str(var / "media"),
        CANDLE_BASE_URL=f"http://127.0.0.1:{PORT}",
        CANDLE_SEARCH_PRELOAD_KIWI="0",
        CANDLE_WORKERS="2",
        REDIS_URL=f"redis://127.0.0.1:{REDIS_PORT}/1",
    )
    env["DATABASE_URL"] = _database(env)
    shutil.copytree(SEED_MEDIA, var / "media", ignore=shutil.ignore_patterns(".template"))
    print("  collecting static files…", flush=True)
    _manage(env, "collectstatic", "--no-input", "-v", "0")
    setup = {
        "user": "bench-servers",
        "password": secrets.token_urlsafe(24),
        "totp_key": secrets.token_hex(20),
        "title": f"두 서버 예시 {uuid.uuid4().hex[:6]}",
    }
    out = _manage(
        {
            **env,
            "BENCH_USER": setup["user"],
            "BENCH_PASSWORD": setup["password"],
            "BENCH_TOTP_KEY": setup["totp_key"],
            "BENCH_TITLE": setup["title"],
        },
        "shell",
        "-c",
        SETUP,
    )
    _p, page_id, page_url = re.search(r"^PAGE (\d+) (\S+)$", out, re.M).group(0).split()
    setup.update(page_id=page_id, page_url=page_url)

    processes = Processes(var / "logs")
    try:
        redis = redis_start(processes, REDIS_PORT, env)
        masters = {
            "a": granian_start(processes, "a", PORT + 1, env),
            "b": granian_start(processes, "b", PORT + 2, env),
        }
        run_dir = var / "nginx"
        nginx = nginx_start(
            processes, run_dir=run_dir, port=PORT, apps=[PORT + 1, PORT + 2], env=env
        )
        a, b = f"http://127.0.0.1:{PORT + 1}", f"http://127.0.0.1:{PORT + 2}"
        wait_ok(a + "/ko/", masters["a"])
        wait_ok(b + "/ko/", masters["b"])
        wait_ok(f"http://127.0.0.1:{PORT}/ko/", nginx)
        if redis.poll() is not None:
            raise RuntimeError("redis-server stopped")
        database = PG_WORKING
        operations = report.setdefault("operations", {})
        print("  two app servers: session, publish, upload…", flush=True)
        operations["two_servers"] = two_servers(a, b, setup, database)
        print(f"    {operations['two_servers']}", flush=True)
        print(f"  a worker of A killed under load ({REQUESTS} requests)…", flush=True)
        operations["worker_killed"] = worker_killed(
            f"http://127.0.0.1:{PORT}", masters["a"].pid, database, total=REQUESTS, kills=KILLS
        )
        errors = (run_dir / "error.log").read_text(errors="replace")
        # What nginx saw of the killed worker: each line a request whose upstream failed
        # (then passed to the other server, unless it was a POST).
        failed = re.findall(r'upstream.*request: "([A-Z]+) ', errors)
        operations["worker_killed"]["upstream_failures_logged"] = {
            method: failed.count(method) for method in sorted(set(failed))
        }
        print(f"    {operations['worker_killed']}", flush=True)
    finally:
        processes.stop_all()
        with contextlib.suppress(Exception):  # the next run drops it too
            pg(f'drop database if exists "{PG_WORKING}" with (force)')
