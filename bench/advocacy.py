# ruff: noqa: S608 - SQL built from the bench's own names, on 127.0.0.1 only
"""A surge of signatures on one open appeal through the real stack (issue 24).

Started on 127.0.0.1 and stopped by pid before it returns (also on failure), with
bench/stack.py's helpers: a Redis of its own (the rate limits' counts and the page cache), one
granian app server (``deploy/granian_server.py``, production settings, ``CANDLE_WORKERS`` 2)
and nginx with the project's template in front; PostgreSQL database ``candle_advbench_run``,
copied from a template ``candle_advbench_seed_<hash>`` (migrated, two home pages and one open
appeal; built once, rebuilt when a migration changes). The background worker is not started:
each signature's link mail stays queued (its task row is written, as in production).

``CANDLE_BENCH_ADVOCACY_CLIENTS`` (200) clients, each with a kept-alive connection to nginx,
post the appeal's sign form (its fields read from the cached appeal page), each signature with
its own e-mail address, as fast as they are answered. The rate limits are left as deployed:
each post carries ``X-Forwarded-For`` with an address of its own, 250 to a /24 network, which
the app believes because the bench's clients connect from 127.0.0.1, a trusted proxy, as a
CDN in front of nginx would (per address 30 and per network 300 in ten minutes are never
reached; nothing is raised for the bench).

Two bursts, of ``CANDLE_BENCH_ADVOCACY_SIGNATURES`` (6,000) posts and of
``CANDLE_BENCH_ADVOCACY_RESTART_SIGNATURES`` (three times as many, so that the restarts fall
inside it at 500-600 a second), each bounded by
``CANDLE_BENCH_ADVOCACY_SECONDS`` (90 s: no new post is sent after it), after a warm-up of
``CANDLE_BENCH_ADVOCACY_WARM`` (600) posts whose figures are discarded:

* the surge: ``signatures_per_s`` = signature rows of the burst / seconds from the first post
  sent to the last answer;
* ``restart``: the same, with the app server's workers restarted in the middle: a graceful
  reload (SIGHUP to granian's master, as a deploy does: new workers started, the old ones
  stopped) at a third of the burst (posts answered or time, whichever first), and a worker
  killed (SIGKILL, a crash) at two thirds; granian replaces it. A post in a stopped or killed
  worker's hands, or queued for it, gets nginx's 502 (nginx never resends a POST; granian
  warns that queued connections are reset on a respawn unless the host sets
  ``net.ipv4.tcp_migrate_req=1``), so it is not "answered".

Counted against the rows in ``advocacy_signature`` for the burst's addresses: ``answered``
(posts answered with the form's success redirect), ``lost`` (answered, no row), ``doubled``
(addresses with more than one row), ``stored_not_answered`` (a row whose post got no success
answer: the worker died after the commit; harmless, the signer's link is mailed anyway) and
the statuses; for the surge also ``cpu_ms_per_signature``: the CPU time (``/proc``) the
clients (this process), granian, nginx, Redis and the PostgreSQL backends of the bench's
database used during it, by part, per stored signature (``_CpuMeter``: where a signature's
cost goes, and whether the clients take a real share of the two cores; less moved by the
machine's other load than the rate). After both bursts ``manage.py audit_verify`` walks the
audit chain (``audit_chain_ok``). ``uptime``'s load averages are written beside the figures:
the machine may be shared.

Writes ``report["advocacy"] = {signatures_per_s, clients, lost, doubled, restart: {answered,
lost, doubled, …}, …}``. Environment: CANDLE_BENCH_ADVOCACY_PORT (18600: nginx; +1 granian;
+9 Redis), CANDLE_BENCH_ADVOCACY_CLIENTS, CANDLE_BENCH_ADVOCACY_SIGNATURES, CANDLE_BENCH_ADVOCACY_RESTART_SIGNATURES,
CANDLE_BENCH_ADVOCACY_WARM, CANDLE_BENCH_ADVOCACY_SECONDS, CANDLE_BENCH_ADVOCACY_WORKERS (2),
CANDLE_BENCH_ADVOCACY_THREADS (2, the app server's default), CANDLE_BENCH_ADVOCACY_DB (candle_advbench: database names).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shutil
import signal
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from bench.servers_checks import children, form_fields, pg
from bench.stack import (
    BENCH_VAR,
    Processes,
    database_from_template,
    fingerprint,
    granian_start,
    manage,
    migration_files,
    nginx_start,
    redis_start,
    tools_check,
    wait_ok,
)

PORT = int(os.environ.get("CANDLE_BENCH_ADVOCACY_PORT", "18600"))
REDIS_PORT = PORT + 9
CLIENTS = int(os.environ.get("CANDLE_BENCH_ADVOCACY_CLIENTS", "200"))
SIGNATURES = int(os.environ.get("CANDLE_BENCH_ADVOCACY_SIGNATURES", "6000"))
WARM = int(os.environ.get("CANDLE_BENCH_ADVOCACY_WARM", "600"))
SECONDS = float(os.environ.get("CANDLE_BENCH_ADVOCACY_SECONDS", "90"))
# The restart burst is three times as long: at 500-600 signatures a second 6,000 posts last
# about ten seconds, over before a worker the reload started has lived the 7 s the SIGKILL
# waits for (``_restarts``), so that burst had a reload and no crash in it.
RESTART_SIGNATURES = int(
    os.environ.get("CANDLE_BENCH_ADVOCACY_RESTART_SIGNATURES", str(3 * SIGNATURES))
)
# Database names (CANDLE_BENCH_ADVOCACY_DB: a prefix of the bench's own): the template(s)
# and the working copy; only these are ever dropped.
PG_NAME = os.environ.get("CANDLE_BENCH_ADVOCACY_DB", "candle_advbench")
PG_PREFIX = f"{PG_NAME}_seed_"
PG_WORKING = f"{PG_NAME}_run"
CRASH_LOOP_SECONDS = 7  # granian exits when a worker dies within 5.5 s of its start
PER_NETWORK = 250  # forwarded addresses per /24: under the per-network limit (300 in 10 min)

SEED = """
import datetime as dt
from django.utils import timezone
from wagtail.models import Locale, Page, Site
from candle.advocacy.models import AppealPage
from candle.pages.models import HomePage
ko = Locale.objects.get_or_create(language_code="ko")[0]
en = Locale.objects.get_or_create(language_code="en")[0]
root = Page.get_first_root_node()
home = HomePage(title="북한인권시민연합 (벤치마크)", slug="home-ko", locale=ko, mission="벤치마크용")
root.add_child(instance=home)
home.save_revision().publish()
site = Site.objects.get(is_default_site=True)
site.root_page = home
site.save()
home_en = home.copy_for_translation(en, copy_parents=False, alias=False)
home_en.title = "Candle (bench)"
home_en.save_revision().publish()
appeal = AppealPage(
    title="[예시] 강제북송 중단 긴급 호소", slug="bench-appeal",
    intro="벤치마크용 가상 호소입니다.", target_kind="embassy",
    target_name="가상의 대사관 (예시)", target_language="ko", signature_goal=100000,
    deadline=timezone.now() + dt.timedelta(days=3650))
home.add_child(instance=appeal)
appeal.save_revision().publish()
"""

FIND = """
from candle.advocacy.models import AppealPage
appeal = AppealPage.objects.live().filter(slug="bench-appeal").get()
print(f"APPEAL {appeal.pk} {appeal.url}")
"""


def _database(env: dict) -> str:
    def build(url: str) -> None:
        print("  migrating a new template database (once)…", flush=True)
        seed_env = {**env, "DATABASE_URL": url}
        manage(seed_env, "migrate", "--no-input", "-v", "0")
        manage(seed_env, "shell", "-c", SEED)

    return database_from_template(
        prefix=PG_PREFIX,
        working=PG_WORKING,
        key=fingerprint("advocacy:1" + SEED, migration_files()),
        build=build,
    )


# --- The clients ------------------------------------------------------------------------------


class _Connection:
    """One kept-alive HTTP/1.1 connection to nginx, spoken by hand: the clients must cost the
    shared cores far less than the server they measure."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(Exception):
                await self.writer.wait_closed()
        self.reader = self.writer = None

    async def post(self, path: str, body: bytes, headers: dict) -> tuple[int, str]:
        """(status, Location) of one POST; (0, "") when the connection failed."""
        try:
            if self.writer is None:
                self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
            head = [f"POST {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
            head += [f"{name}: {value}" for name, value in headers.items()]
            head += [
                "Content-Type: application/x-www-form-urlencoded",
                f"Content-Length: {len(body)}",
            ]
            self.writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
            await self.writer.drain()
            status_line = await self.reader.readline()
            if not status_line:
                raise ConnectionError("closed")
            status = int(status_line.split()[1])
            length, chunked, location, close = 0, False, "", False
            while True:
                line = await self.reader.readline()
                if line in (b"\r\n", b""):
                    break
                name, _, value = line.decode("latin-1").partition(":")
                name, value = name.strip().lower(), value.strip()
                if name == "content-length":
                    length = int(value)
                elif name == "transfer-encoding" and "chunked" in value.lower():
                    chunked = True
                elif name == "location":
                    location = value
                elif name == "connection" and value.lower() == "close":
                    close = True
            if chunked:
                while True:
                    size = int((await self.reader.readline()).split(b";")[0], 16)
                    await self.reader.readexactly(size + 2)
                    if size == 0:
                        break
            elif length:
                await self.reader.readexactly(length)
            if close:
                await self.close()
            return status, location
        except (OSError, ConnectionError, asyncio.IncompleteReadError, ValueError, IndexError):
            await self.close()
            return 0, ""


def _address(n: int) -> str:
    network, host = divmod(n, PER_NETWORK)
    return f"10.{100 + network // 250}.{network % 250}.{host + 1}"


async def _burst(
    *,
    base: str,
    action: str,
    fields: dict,
    marker: str,
    total: int,
    first_address: int,
    on_progress=None,
) -> dict:
    """``total`` posts from ``CLIENTS`` connections; returns the answers per address and the
    burst's seconds."""
    url = urlsplit(base)
    counter = iter(range(total))
    answers: dict[str, tuple[int, str]] = {}
    deadline = time.monotonic() + SECONDS
    progress = {"answered": 0}

    async def client() -> None:
        connection = _Connection(url.hostname, url.port)
        try:
            for n in counter:
                if time.monotonic() > deadline:
                    break
                email = f"bench-{marker}-{n}@example.invalid"
                data = {
                    **fields,
                    "name": f"예시 서명자 {n}",
                    "email": email,
                    "country": "KR" if n % 3 else "US",
                    "consent_signature": "on",
                    "website_url": "",
                }
                if n % 5 == 0:
                    data["consent_newsletter"] = "on"
                headers = {"X-Forwarded-For": _address(first_address + n)}
                answers[email] = await connection.post(action, urlencode(data).encode(), headers)
                progress["answered"] += 1
                if on_progress is not None:
                    on_progress(progress["answered"])
        finally:
            await connection.close()

    started = time.monotonic()
    await asyncio.gather(*(client() for _ in range(CLIENTS)))
    return {"answers": answers, "seconds": time.monotonic() - started}


def _count(result: dict, marker: str, database: str) -> dict:
    answers = result["answers"]
    rows = dict(
        pg(
            "select email_normalised, count(*) from advocacy_signature"
            f" where email_normalised like 'bench-{marker}-%' group by email_normalised",
            database,
        )
    )
    answered = {
        email for email, (status, location) in answers.items() if _success(status, location)
    }
    statuses: dict[str, int] = {}
    for status, _location in answers.values():
        statuses[str(status)] = statuses.get(str(status), 0) + 1
    stored = sum(rows.values())
    return {
        "sent": len(answers),
        "answered": len(answered),
        "stored": stored,
        "lost": len(answered - set(rows)),
        "doubled": sum(1 for count in rows.values() if count > 1),
        "stored_not_answered": len(set(rows) - answered),
        "statuses": dict(sorted(statuses.items())),
        "seconds": round(result["seconds"], 2),
        "signatures_per_s": round(stored / result["seconds"], 1) if result["seconds"] else 0,
    }


def _ticks(pid: int) -> int:
    """CPU time (user + system, clock ticks) process ``pid`` has used; 0 if it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])


def _descendants(pid: int) -> list[int]:
    found, todo = [pid], [pid]
    while todo:
        kids = children(todo.pop())
        found += kids
        todo += kids
    return found


class _CpuMeter:
    """CPU time used during a burst, by part of the stack: the clients (this process), the app
    server (granian's master and workers), nginx, Redis and the PostgreSQL backends serving the
    bench's database (a backend started during the burst counts from its start). Not counted:
    PostgreSQL's WAL writer and checkpointer, the kernel's own threads."""

    def __init__(self, *, granian: int, nginx: int, redis: int):
        self.roots = {"app": granian, "nginx": nginx, "redis": redis}
        self.before = self._read()

    def _pids(self) -> dict[str, list[int]]:
        pids = {name: _descendants(pid) for name, pid in self.roots.items()}
        pids["postgres"] = [
            row[0]
            for row in pg(
                f"select pid from pg_stat_activity where datname = '{PG_WORKING}'"
                " and pid <> pg_backend_pid()"
            )
        ]
        return pids

    def _read(self) -> dict:
        ticks = {"clients": sum(os.times()[:2]) * os.sysconf("SC_CLK_TCK")}
        for name, pids in self._pids().items():
            ticks[name] = {pid: _ticks(pid) for pid in pids}
        return ticks

    def per_signature(self, signatures: int) -> dict:
        """Milliseconds of CPU per stored signature since the meter started, by part."""
        after = self._read()
        hz = os.sysconf("SC_CLK_TCK")
        result = {"clients": (after["clients"] - self.before["clients"]) / hz}
        for name in ("app", "nginx", "redis", "postgres"):
            used = 0
            for pid, ticks in after[name].items():
                used += ticks - self.before[name].get(pid, 0)
            result[name] = used / hz
        result["total"] = sum(result.values())
        return {name: round(s * 1000 / max(signatures, 1), 3) for name, s in result.items()}


def _success(status: int, location: str) -> bool:
    """The sign form's success answer: a redirect to the appeal's "signed" page."""
    return status in (302, 303) and "/signed/" in location


def _load() -> list[float]:
    """The load averages (1, 5, 15 minutes): the machine may be shared."""
    return [float(x) for x in Path("/proc/loadavg").read_text().split()[:3]]


def _age(pid: int) -> float:
    """Seconds since process ``pid`` started (from /proc; 0 if it is gone)."""
    try:
        started = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19])
        uptime = float(Path("/proc/uptime").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 0.0
    return uptime - started / os.sysconf("SC_CLK_TCK")


def _restarts(master: int, total: int) -> tuple[list[dict], callable]:
    """The restart schedule of the second burst: SIGHUP to the master once a third of the posts
    are answered or a third of the burst's time (``SECONDS``) has passed, whichever comes
    first; SIGKILL to one of its workers at two thirds. (By time too: on a loaded machine the
    burst may end at its time limit before two thirds of its posts are answered.) The SIGKILL
    goes to a worker the reload started that has lived ``CRASH_LOOP_SECONDS``, and waits for
    one: granian takes a worker that dies within 5.5 s of being (re)started for a crash loop
    and stops the whole server (its systemd unit starts it again in production; here the
    burst would measure nothing more). The reload starts the new workers one after another,
    each once the old one has stopped (on a loaded machine, many seconds after the SIGHUP),
    so a fixed wait after the SIGHUP was not enough."""
    done: list[dict] = []
    started = time.monotonic()
    old_workers: set[int] = set()

    def on_progress(answered: int) -> None:
        now = time.monotonic()
        part = max(answered / total, (now - started) / SECONDS)
        if not done and part >= 1 / 3:
            old_workers.update(children(master))
            os.kill(master, signal.SIGHUP)
            done.append({"at": answered, "signal": "SIGHUP", "pid": master, "time": now})
        elif len(done) == 1 and part >= 2 / 3 and now - done[0]["time"] >= CRASH_LOOP_SECONDS:
            workers = [pid for pid in children(master) if pid not in old_workers]
            if len(workers) == len(old_workers) and all(
                _age(pid) >= CRASH_LOOP_SECONDS for pid in workers
            ):
                os.kill(workers[0], signal.SIGKILL)
                done.append({"at": answered, "signal": "SIGKILL", "pid": workers[0]})

    return done, on_progress


def run(report: dict) -> None:
    import requests

    from bench.web import _base_env

    tools_check()
    var = BENCH_VAR / "advocacy"
    for kept_from_last_run in ("media", "logs", "nginx"):  # the keys in var/ are kept
        shutil.rmtree(var / kept_from_last_run, ignore_errors=True)
    (var / "logs").mkdir(parents=True)
    (var / "media").mkdir()
    env = _base_env(var)
    env.update(
        CANDLE_STATIC_ROOT=str(var / "static"),
        CANDLE_MEDIA_ROOT=str(var / "media"),
        CANDLE_BASE_URL=f"http://127.0.0.1:{PORT}",
        CANDLE_SEARCH_PRELOAD_KIWI="0",
        CANDLE_WORKERS=os.environ.get("CANDLE_BENCH_ADVOCACY_WORKERS", "2"),
        CANDLE_THREADS=os.environ.get("CANDLE_BENCH_ADVOCACY_THREADS", "2"),
        REDIS_URL=f"redis://127.0.0.1:{REDIS_PORT}/1",
    )
    env["DATABASE_URL"] = _database(env)
    print("  collecting static files…", flush=True)
    manage(env, "collectstatic", "--no-input", "-v", "0")
    out = manage(env, "shell", "-c", FIND)
    _a, appeal_id, appeal_url = re.search(r"^APPEAL (\d+) (\S+)$", out, re.M).group(0).split()

    processes = Processes(var / "logs")
    try:
        redis = redis_start(processes, REDIS_PORT, env)
        master = granian_start(processes, "app", PORT + 1, env)
        nginx = nginx_start(processes, run_dir=var / "nginx", port=PORT, apps=[PORT + 1], env=env)
        base = f"http://127.0.0.1:{PORT}"
        wait_ok(f"http://127.0.0.1:{PORT + 1}/ko/", master)
        wait_ok(base + "/ko/", nginx)
        if redis.poll() is not None:
            raise RuntimeError("redis-server stopped")
        page = requests.get(base + appeal_url, timeout=30).text
        fields = form_fields(page, having="email")
        action = f"/ko/advocacy/appeals/{appeal_id}/sign/"
        if action not in page:
            raise RuntimeError(f"the appeal page has no form posting to {action}")
        fields.pop("consent_newsletter", None)

        def burst(marker: str, total: int, first: int, on_progress=None) -> dict:
            return asyncio.run(
                _burst(
                    base=base,
                    action=action,
                    fields=fields,
                    marker=marker,
                    total=total,
                    first_address=first,
                    on_progress=on_progress,
                )
            )

        run_id = uuid.uuid4().hex[:6]
        print(f"  warm-up: {WARM} posts…", flush=True)
        warm = _count(burst(f"{run_id}w", WARM, 0, None), f"{run_id}w", PG_WORKING)
        print(f"    {warm}", flush=True)

        load_before = _load()
        print(f"  surge: {SIGNATURES} posts from {CLIENTS} clients (load {load_before})…")
        meter = _CpuMeter(granian=master.pid, nginx=nginx.pid, redis=redis.pid)
        surge = _count(burst(f"{run_id}s", SIGNATURES, 100_000, None), f"{run_id}s", PG_WORKING)
        surge["cpu_ms_per_signature"] = meter.per_signature(surge["stored"])
        print(f"    {surge}", flush=True)

        print("  the same, workers restarted in the middle (SIGHUP, then a SIGKILL)…", flush=True)
        workers_before = children(master.pid)
        restarts, on_progress = _restarts(master.pid, RESTART_SIGNATURES)
        restart = _count(
            burst(f"{run_id}r", RESTART_SIGNATURES, 200_000, on_progress),
            f"{run_id}r",
            PG_WORKING,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            workers_after = children(master.pid)
            if len(workers_after) >= len(workers_before) and not set(workers_after) & {
                r["pid"] for r in restarts
            }:
                break
            time.sleep(0.5)
        restart["restarts"] = [
            {key: value for key, value in r.items() if key != "time"} for r in restarts
        ]
        restart["workers_replaced"] = not set(workers_before) & set(children(master.pid))
        restart["server_alive"] = master.poll() is None
        print(f"    {restart}", flush=True)
        load_after = _load()
    finally:
        processes.stop_all()

    verify = None
    try:
        verify = manage(env, "audit_verify").strip().splitlines()[-1]
        chain_ok = True
    except Exception as error:  # noqa: BLE001 - a broken chain is a figure, not a crash
        chain_ok = False
        verify = str(getattr(error, "stdout", "") or error)[-300:]
    with contextlib.suppress(Exception):  # the next run drops it too
        pg(f'drop database if exists "{PG_WORKING}" with (force)')

    report["advocacy"] = {
        "signatures_per_s": surge["signatures_per_s"],
        "clients": CLIENTS,
        "lost": surge["lost"],
        "doubled": surge["doubled"],
        "surge": surge,
        "restart": restart,
        "warm_up": {k: warm[k] for k in ("sent", "answered", "signatures_per_s")},
        "audit_chain_ok": chain_ok,
        "audit_verify": verify,
        "load_average": {"before": load_before, "after": load_after},
        "app_workers": int(env["CANDLE_WORKERS"]),
        "app_threads": int(env["CANDLE_THREADS"]),
        "target": "≥ 500 signatures/s from 200 clients, lost 0, doubled 0 (also with a restart)",
    }
    print(
        f"  signatures/s {surge['signatures_per_s']}  lost {surge['lost']}  doubled "
        f"{surge['doubled']}  restart {restart['answered']}/{restart['lost']}/{restart['doubled']}"
        f"  audit chain {'ok' if chain_ok else 'BROKEN'}  load {load_before} → {load_after}"
    )
