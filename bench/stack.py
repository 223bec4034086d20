# ruff: noqa: S603, S607 - runs this machine's own tools (nginx, redis-server, granian) on 127.0.0.1
"""The real stack for a bench, started on 127.0.0.1 and stopped by pid: a Redis of its own,
granian app servers (``deploy/granian_server.py``, production settings) and nginx with the
project's template (``deploy/nginx/candle.conf.template``), and PostgreSQL databases copied
from a template database that is built once (keyed on what it is built from).

Used by bench/servers.py (two app servers, a worker killed) and bench/advocacy.py (a surge of
signatures, workers restarted). Each bench passes its own ports and database names, so two
benches never share a process or a database.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from bench.servers_checks import pg

ROOT = Path(__file__).resolve().parents[1]
PYTHON = ROOT / ".venv" / "bin" / "python"
BENCH_VAR = ROOT / "var" / "bench"
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
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


def tools_check() -> None:
    for tool in ("/usr/sbin/nginx", "redis-server"):
        if shutil.which(tool) is None:
            raise RuntimeError(f"{tool} is not installed (scripts/system-deps.sh nginx)")


def redis_start(processes: Processes, port: int, env: dict) -> subprocess.Popen:
    """A Redis of the bench's own (no persistence)."""
    return processes.start(
        "redis",
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""],
        env,
    )


def granian_start(processes: Processes, name: str, port: int, env: dict) -> subprocess.Popen:
    """An app server as deployed (``deploy/granian_server.py``) on 127.0.0.1:``port``."""
    return processes.start(
        f"granian-{name}",
        [str(PYTHON), "deploy/granian_server.py"],
        {**env, "CANDLE_BIND": f"127.0.0.1:{port}"},
    )


def nginx_start(
    processes: Processes, *, run_dir: Path, port: int, apps: Iterable[int], env: dict
) -> subprocess.Popen:
    """nginx on 127.0.0.1:``port`` with the project's template, the app servers on ``apps``
    (ports) in its upstream; its configuration, cache and logs under ``run_dir``."""
    (run_dir / "tmp").mkdir(parents=True)
    (run_dir / "cache").mkdir()
    if os.geteuid() == 0:  # nginx's workers run as nobody
        for path in (run_dir / "tmp", run_dir / "cache"):
            shutil.chown(path, "nobody")
    (run_dir / "nginx.conf").write_text(
        nginx_config(
            TEMPLATE.read_text(),
            listen=f"127.0.0.1:{port}",
            apps=[f"127.0.0.1:{app}" for app in apps],
            static_root=env["CANDLE_STATIC_ROOT"],
            media_root=env["CANDLE_MEDIA_ROOT"],
            run=str(run_dir),
        )
    )
    return processes.start(
        "nginx",
        [
            "/usr/sbin/nginx",
            *("-p", str(run_dir), "-c", str(run_dir / "nginx.conf")),
            *("-e", str(run_dir / "error.log"), "-g", "daemon off;"),
        ],
        env,
    )


def wait_ok(url: str, process: subprocess.Popen, timeout: float = 180) -> None:
    """Until ``url`` answers 200 (raises if ``process`` stops or time runs out)."""
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


# --- Databases ----------------------------------------------------------------------------------


def manage(env: dict, *args: str, timeout: int = 1800) -> str:
    return subprocess.run(
        [str(PYTHON), "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=timeout,
        capture_output=True,
        text=True,
    ).stdout


def fingerprint(salt: str, files: Iterable[Path]) -> str:
    """A short hash of ``salt`` and the files (names and contents): a template is rebuilt
    when any of them changes."""
    digest = hashlib.sha1(salt.encode(), usedforsecurity=False)
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def migration_files() -> list[Path]:
    return sorted(ROOT.glob("candle/*/migrations/*.py"))


def database_from_template(
    *,
    prefix: str,
    working: str,
    key: str,
    build: Callable[[str], None],
    fresh: Callable[[str], bool] = lambda _template: True,
) -> str:
    """A new database ``working`` copied from the template ``<prefix><key>``, which ``build``
    (given the template's URL) fills the first time. Other templates with ``prefix`` (older
    keys) are dropped; only names with ``prefix`` and ``working`` are ever dropped. ``fresh``
    may say a template is stale although its key matches (e.g. its media are gone). Returns
    the working database's URL."""
    template = f"{prefix}{key}"
    existing = {
        row[0]
        for row in pg(f"select datname from pg_database where datname like '{prefix}%'")  # noqa: S608
    }
    if not fresh(template):
        existing.discard(template)
    for name in existing - {template}:
        pg(f'drop database if exists "{name}" with (force)')
    if template not in existing:
        pg(f'drop database if exists "{template}" with (force)')
        pg(f'create database "{template}"')
        try:
            build(f"{PG_SERVER}/{template}")
        except BaseException:
            pg(f'drop database if exists "{template}" with (force)')
            raise
    pg(f'drop database if exists "{working}" with (force)')
    pg(f'create database "{working}" template "{template}"')
    return f"{PG_SERVER}/{working}"
