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
import hashlib
import os
import re
import secrets
import shutil
import signal
import subprocess
import time
import uuid
from pathlib import Path

from bench.servers_checks import children, form_fields, pg, two_servers, worker_killed  # noqa: F401

ROOT = Path(__file__).resolve().parents[1]
PYTHON = ROOT / ".venv" / "bin" / "python"
BENCH_VAR = ROOT / "var" / "bench"
PORT = int(os.environ.get("CANDLE_BENCH_SERVERS_PORT", "18500"))
REDIS_PORT = int(os.environ.get("CANDLE_BENCH_SERVERS_REDIS_PORT", str(PORT + 9)))
REQUESTS = int(os.environ.get("CANDLE_BENCH_SERVERS_REQUESTS", "400"))
KILLS = int(os.environ.get("CANDLE_BENCH_SERVERS_KILLS", "2"))
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_PREFIX = "candle_servers_seed_"  # demo templates; only these and PG_WORKING are ever dropped
PG_WORKING = "candle_servers_run"
SEED_MEDIA = BENCH_VAR / "servers-seed-media"  # the demo's uploads, copied into each run's media
TEMPLATE = ROOT / "deploy" / "nginx" / "candle.conf.template"
UPSTREAM_LINE = "server @APP@;"


# --- nginx configuration ------------------------------------------------------------------------


def nginx_config(
    template: str,
    *,
    listen: str,
    apps: list[str],
    static_root: str,
    media_root: str,
    run: str,
    workers: str = "1",
) -> str:
    """The template rendered as scripts/serve.sh renders it, with one ``server`` line in the
    upstream per app server (scripts/serve.sh has one)."""
    if not apps:
        raise ValueError("at least one app server")
    lines = template.splitlines(keepends=True)
    at = [i for i, line in enumerate(lines) if line.strip() == UPSTREAM_LINE]
    if len(at) != 1:
        raise ValueError(f"the template must have exactly one '{UPSTREAM_LINE}' line")
    indent = lines[at[0]][: len(lines[at[0]]) - len(lines[at[0]].lstrip())]
    lines[at[0]] = "".join(f"{indent}server {app} max_fails=3 fail_timeout=10s;\n" for app in apps)
    text = "".join(lines)
    for placeholder, value in {
        "@LISTEN@": listen,
        "@STATIC_ROOT@": static_root,
        "@MEDIA_ROOT@": media_root,
        "@RUN@": run,
        "@WORKERS@": workers,
    }.items():
        text = text.replace(placeholder, value)
    if "@" in re.sub(r"#.*", "", text):
        raise ValueError("a placeholder was left unfilled")
    return text


# --- Processes ----------------------------------------------------------------------------------


class Processes:
    """What the bench started, each in its own session, stopped by its pid (process group)."""

    def __init__(self, log_dir: Path):
        self.log_dir = log_dir
        self.started: list[tuple[str, subprocess.Popen]] = []

    def start(self, name: str, args: list[str], env: dict) -> subprocess.Popen:
        log = (self.log_dir / f"{name}.log").open("ab")
        process = subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        log.close()
        self.started.append((name, process))
        return process

    def stop_all(self) -> None:
        for _name, process in reversed(self.started):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for _name, process in reversed(self.started):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


# --- Database -----------------------------------------------------------------------------------


def _manage(env: dict, *args: str, timeout: int = 1800) -> str:
    return subprocess.run(
        [str(PYTHON), "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=timeout,
        capture_output=True,
        text=True,
    ).stdout


def _fingerprint() -> str:
    digest = hashlib.sha1(b"servers:1", usedforsecurity=False)
    files = sorted(ROOT.glob("candle/*/migrations/*.py")) + sorted(ROOT.glob("candle/*/demo.py"))
    files += sorted(ROOT.glob("candle/pages/demo/*.py"))
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def _database(env: dict) -> str:
    template = f"{PG_PREFIX}{_fingerprint()}"
    existing = {
        row[0] for row in pg(f"select datname from pg_database where datname like '{PG_PREFIX}%'")
    }
    marker = SEED_MEDIA / ".template"  # the demo's images belong to the template they came with
    if not (marker.exists() and marker.read_text() == template):
        existing.discard(template)
    for name in existing - {template}:
        pg(f'drop database if exists "{name}" with (force)')
    if template not in existing:
        print("  loading the demo into PostgreSQL (once; kept as a template)…", flush=True)
        pg(f'drop database if exists "{template}" with (force)')
        pg(f'create database "{template}"')
        shutil.rmtree(SEED_MEDIA, ignore_errors=True)
        SEED_MEDIA.mkdir(parents=True)
        try:
            seed_env = {
                **env,
                "DATABASE_URL": f"{PG_SERVER}/{template}",
                "CANDLE_MEDIA_ROOT": str(SEED_MEDIA),
            }
            _manage(seed_env, "migrate", "--no-input", "-v", "0")
            _manage(seed_env, "load_demo_content")
        except BaseException:
            pg(f'drop database if exists "{template}" with (force)')
            raise
        marker.write_text(template)
    pg(f'drop database if exists "{PG_WORKING}" with (force)')
    pg(f'create database "{PG_WORKING}" template "{template}"')
    return f"{PG_SERVER}/{PG_WORKING}"


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


def _wait(url: str, process: subprocess.Popen, timeout: float = 180) -> None:
    import requests

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url}: the server stopped (exit {process.returncode})")
        try:
            if requests.get(url, timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s")


def run(report: dict) -> None:
    from bench.web import _base_env

    for tool in ("/usr/sbin/nginx", "redis-server"):
        if shutil.which(tool) is None:
            raise RuntimeError(f"{tool} is not installed (scripts/system-deps.sh nginx)")
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
        redis = processes.start(
            "redis",
            ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", ""],
            env,
        )
        masters = {}
        for name, port in (("a", PORT + 1), ("b", PORT + 2)):
            masters[name] = processes.start(
                f"granian-{name}",
                [str(PYTHON), "deploy/granian_server.py"],
                {**env, "CANDLE_BIND": f"127.0.0.1:{port}"},
            )
        run_dir = var / "nginx"
        (run_dir / "tmp").mkdir(parents=True)
        (run_dir / "cache").mkdir()
        if os.geteuid() == 0:  # nginx's workers run as nobody
            for path in (run_dir / "tmp", run_dir / "cache"):
                shutil.chown(path, "nobody")
        (run_dir / "nginx.conf").write_text(
            nginx_config(
                TEMPLATE.read_text(),
                listen=f"127.0.0.1:{PORT}",
                apps=[f"127.0.0.1:{PORT + 1}", f"127.0.0.1:{PORT + 2}"],
                static_root=env["CANDLE_STATIC_ROOT"],
                media_root=env["CANDLE_MEDIA_ROOT"],
                run=str(run_dir),
            )
        )
        nginx = processes.start(
            "nginx",
            [
                "/usr/sbin/nginx",
                *("-p", str(run_dir), "-c", str(run_dir / "nginx.conf")),
                *("-e", str(run_dir / "error.log"), "-g", "daemon off;"),
            ],
            env,
        )
        a, b = f"http://127.0.0.1:{PORT + 1}", f"http://127.0.0.1:{PORT + 2}"
        _wait(a + "/ko/", masters["a"])
        _wait(b + "/ko/", masters["b"])
        _wait(f"http://127.0.0.1:{PORT}/ko/", nginx)
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
