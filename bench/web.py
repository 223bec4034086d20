# ruff: noqa: S603, S607, S608 - runs this machine's own tools (wrk, nginx, serve.sh) on 127.0.0.1
"""Web benchmark: Candle's production set-up against nginx serving a static file.

For each database (SQLite, and PostgreSQL when it answers on loopback) holding the 10,000-post
GnuBoard5 board of ``../shared/gnuboard5/bench10k.sql.gz``, loaded into MariaDB and imported with
``manage.py import_gnuboard`` as a real migration would (the same data and the same post as
``../shared/tools/side-by-side/``, so both agree on what a page costs; without MariaDB or the dump,
10,000 generated posts from ``seed_bulk``, and ``report["web"]["data"]`` says which), it starts ``scripts/serve.sh`` (nginx in front of granian, production
settings) on 127.0.0.1 and measures with wrk (2 threads, 32 connections, a fixed duration):

* ``proxy_cache``: through nginx, whose brief cache answers;
* ``app_cache``: the app server (granian) alone, the app's page cache answers;
* ``uncached``: the app server alone, restarted with the page cache off, every request rendered
  (as deployed otherwise: a search renders from its kept results page, checked against the
  database by one query; docs/subsystems/search.md, "Kept results pages"; see below); measured in
  CANDLE_BENCH_UNCACHED_ROUNDS rounds (3), the pages in turn, each page's median round kept
  (``rounds_rps`` lists them all);

for home, board page 1, board page 200, a post and a Korean search; and nginx serving a static
file of the board page's size from the same server block. It writes ``report["static"]`` and
``report["measures"]`` (the issue's format) and ``report["web"]`` (set-up, article weight).

And ``uncached_cold`` for the search: the page cache off and the kept ranking off too
(``CANDLE_SEARCH_RESULTS_SECONDS=0``), so every request ranks every match again: the cost of
words nobody asked for in the last ten minutes. And ``search_cold`` on that same server: every
request a different query (``cold_queries``: 260 distinct words and word pairs of the measured
posts, on the imported board its own nouns as the side-by-side picks them, asked in turn by
``bench/wrk/cold-search.lua``, a copy of shared/tools/side-by-side's),
so neither a kept result nor the analyser's memo of a query helps; target >= 200 req/s, where
GnuBoard5 answered 19/s (shared/research/gnuboard5.md).

And the sitemap's rebuild (``report["web"]["sitemap"]``): ``/sitemap.xml`` asked five times, one
request at a time, of the server with the page cache off. Every publish makes the next
crawler pay it, on a worker readers share.

Seeded databases are kept as templates (var/bench/, PostgreSQL ``candle_webbench_seed_<hash>``) keyed
on the migrations and the seed command, so only the first run pays for seeding.
Every process it starts is stopped before it returns, also on failure.
Each measure (an uncached one in its first round only) is preceded by the same load for
CANDLE_BENCH_WARM_SECONDS (2), whose figures are discarded: a worker's first requests are
start-up, not the steady state measured. (Until 2026-12-02 there was none; a first request's
stall then showed as the measure's p99, e.g. the 0.6 s each worker paid on its first search
for the user dictionary, fixed since.)
Environment: CANDLE_BENCH_SECONDS (per measure, default 8), CANDLE_BENCH_WARM_SECONDS (2),
CANDLE_BENCH_UNCACHED_ROUNDS (3), CANDLE_BENCH_POSTS (10000), CANDLE_BENCH_PORT (18400),
CANDLE_BENCH_DATABASES ("sqlite,postgresql").
"""

import gzip
import hashlib
import os
import re
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
BENCH_VAR = ROOT / "var" / "bench"
PYTHON = ROOT / ".venv" / "bin" / "python"
SECONDS = int(os.environ.get("CANDLE_BENCH_SECONDS", "8"))
UNCACHED_ROUNDS = max(1, int(os.environ.get("CANDLE_BENCH_UNCACHED_ROUNDS", "3")))
WARM_SECONDS = int(os.environ.get("CANDLE_BENCH_WARM_SECONDS", "2"))
POSTS = int(os.environ.get("CANDLE_BENCH_POSTS", "10000"))
PORT = int(os.environ.get("CANDLE_BENCH_PORT", "18400"))
DATABASES = os.environ.get("CANDLE_BENCH_DATABASES", "sqlite,postgresql").split(",")
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
REDIS_URL = "redis://127.0.0.1:6379/9"
PG_PREFIX = "candle_webbench_seed_"  # seeded templates; only these are ever dropped
PG_WORKING = "candle_webbench_run"
PAGES = {
    "home": "/ko/",
    "board_p1": "/ko/news/",
    "board_p200": "/ko/news/?page=200",
    "post": None,  # the newest post on the Korean news board, found at run time
    "search_ko": "/ko/search/?q=" + quote("난민"),
}
MODES = ("proxy_cache", "app_cache", "uncached")
COLD_PAGES = ("search_ko",)  # measured once more with nothing kept (``uncached_cold``)
# ``search_cold``: every request a different query (``cold_queries``), nothing kept, no page
# cache: what a search costs when no one asked it before (issue 27: >= 200 req/s)
COLD_SCRIPT = ROOT / "bench" / "wrk" / "cold-search.lua"
COLD_PREFIX = "/ko/search/?q="
TARGETS = "cached via nginx ≥ 50% of static; app cache ≥ 2,000 rps; uncached board p1 ≥ 450, p200 ≥ 90% of p1, post ≥ 500, search ≥ 400, p99 < 100 ms"


# --- Databases ------------------------------------------------------------------------------


# How the data is made, beyond the files below: 2 = the bulk load's queued tasks are cleared;
# 3 = the GnuBoard dump imported (``_gnuboard_source``) when MariaDB and the dump are there.
SEED_VERSION = 3
# The side-by-side's board (shared/gnuboard5/), loaded into MariaDB for import_gnuboard.
GNUBOARD_DUMP = Path(
    os.environ.get("CANDLE_BENCH_GNUBOARD_DUMP", ROOT.parent / "shared/gnuboard5/bench10k.sql.gz")
)
GNUBOARD_DB = "candle_webbench_g5"
MYSQL = ("mysql", "-h", "127.0.0.1", "-P", "3306", "-u", "root")
GNUBOARD_POST = 9808  # the post the side-by-side measures (wr_id: text, 3 comments)


def _gnuboard_available() -> bool:
    """The dump is there and MariaDB answers on loopback (the import reads from it)."""
    if not GNUBOARD_DUMP.exists() or shutil.which("mysql") is None:
        return False
    done = subprocess.run([*MYSQL, "-e", "select 1"], capture_output=True, timeout=30)
    return done.returncode == 0


DATA = "gnuboard" if _gnuboard_available() else "generated"


def _fingerprint() -> str:
    digest = hashlib.sha1(f"{POSTS}:{SEED_VERSION}:{DATA}".encode(), usedforsecurity=False)
    files = sorted(ROOT.glob("candle/*/migrations/*.py")) + [
        ROOT / "candle/pages/management/commands/seed_bulk.py"
    ]
    if DATA == "gnuboard":
        files += sorted(ROOT.glob("candle/importers/**/*.py")) + [GNUBOARD_DUMP]
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def _manage(env: dict, *args: str, timeout: int = 3600) -> None:
    subprocess.run(
        [str(PYTHON), "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=timeout,
        stdout=subprocess.DEVNULL,
    )


def _base_env(var_dir: Path) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("CANDLE_", "DATABASE_URL", "REDIS_URL"))
    }
    # Production settings refuse to start without explicit secrets: local ones, kept in var_dir.
    key_file = var_dir / "secret-key"
    if not key_file.exists():
        import secrets

        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    field_keys = var_dir / "field-keys"
    if not field_keys.exists():
        from cryptography.fernet import Fernet

        field_keys.write_text(Fernet.generate_key().decode() + "\n")
        field_keys.chmod(0o600)
    env.update(
        DJANGO_SETTINGS_MODULE="candle.settings.production",
        CANDLE_VAR_DIR=str(var_dir),
        CANDLE_SECRET_KEY=key_file.read_text().strip(),
        CANDLE_FIELD_KEY_FILE=str(field_keys),
        CANDLE_FIELD_KEY_AUTOCREATE="0",
        CANDLE_TEST_PROVIDER_ENABLED="0",
        CANDLE_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        CANDLE_SSL_REDIRECT="0",
        CANDLE_SECURE_COOKIES="0",
        CANDLE_LOG_LEVEL="WARNING",
        CANDLE_ALLOWED_HOSTS="127.0.0.1,localhost",
        CANDLE_BASE_URL=f"http://127.0.0.1:{PORT}",
    )
    return env


def _gnuboard_source() -> str:
    """The GnuBoard dump loaded into a MariaDB database of its own (made again each time)."""
    subprocess.run(
        [*MYSQL, "-e", f"drop database if exists `{GNUBOARD_DB}`; create database `{GNUBOARD_DB}`"],
        check=True,
        timeout=60,
    )
    # the dump's SQL as bytes: handed the GzipFile as stdin, subprocess gave mysql its file
    # descriptor, the compressed bytes, and the load failed
    sql = gzip.decompress(GNUBOARD_DUMP.read_bytes())
    subprocess.run([*MYSQL, GNUBOARD_DB], input=sql, check=True, timeout=900)
    return f"mysql://root@127.0.0.1:3306/{GNUBOARD_DB}"


def _seed(env: dict) -> None:
    started = time.monotonic()
    _manage(env, "migrate", "--no-input", "-v", "0")
    if DATA == "gnuboard":
        print(
            f"  importing {GNUBOARD_DUMP.name} with import_gnuboard (once; kept as a template)…",
            flush=True,
        )
        source = _gnuboard_source()
        try:
            _manage(env, "import_gnuboard", "--source", source, "-v", "0")
        finally:
            subprocess.run([*MYSQL, "-e", f"drop database if exists `{GNUBOARD_DB}`"], timeout=60)
    else:
        print(
            f"  seeding {POSTS:,} generated posts (no MariaDB or no {GNUBOARD_DUMP}; once)…",
            flush=True,
        )
        _manage(env, "seed_bulk", "--posts", str(POSTS), "--seed", "1")
    # Production settings queue background work for the worker (django-tasks-db), and the bulk
    # load leaves a search-index and a reference-index task per page (about 20,000). seed_bulk
    # builds the search index itself; the reference index (the admin's usage counts) plays no
    # part in the pages measured. Left queued, the worker ran them during the measures, taking
    # a core and purging the kept search pages: uncached pages measured at a third of their
    # speed. The bench starts with an empty queue.
    _manage(
        env,
        "shell",
        "-c",
        "from django_tasks_db.models import DBTaskResult; DBTaskResult.objects.all().delete()",
    )
    print(f"  seeded in {time.monotonic() - started:.0f} s", flush=True)


def _sqlite_database(env: dict) -> str:
    template = BENCH_VAR / f"seed-{_fingerprint()}.sqlite3"
    if not template.exists():
        for old in [*BENCH_VAR.glob("seed-*.sqlite3*"), *BENCH_VAR.glob("seed-*.building*")]:
            old.unlink()
        building = template.with_suffix(".building")
        building.unlink(missing_ok=True)
        _seed({**env, "DATABASE_URL": f"sqlite:///{building}"})
        with sqlite3.connect(building) as connection:  # fold the WAL into the file before copying
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        building.rename(template)
    working = BENCH_VAR / "web.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{working}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(template, working)
    return f"sqlite:///{working}"


def _pg(sql: str, database: str = "postgres") -> list:
    """Run one statement on the local PostgreSQL; the rows when it returns any."""
    import psycopg

    with psycopg.connect(
        f"postgresql://postgres@127.0.0.1:5432/{database}", autocommit=True, connect_timeout=3
    ) as c:
        cursor = c.execute(sql)
        return cursor.fetchall() if cursor.description else []


def _redis_available() -> bool:
    """Redis on loopback; the bench's page cache starts empty (its generation key forgotten)."""
    try:
        import redis

        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
        client.delete("candle:1:pc:gen")
        return True
    except Exception:  # noqa: BLE001 - any failure means "not available"
        return False


def _postgres_available() -> bool:
    try:
        _pg("select 1")
        return True
    except Exception:  # noqa: BLE001 - any failure means "not available"
        return False


def _postgres_database(env: dict) -> str:
    template = f"{PG_PREFIX}{_fingerprint()}"
    existing = {
        row[0] for row in _pg(f"select datname from pg_database where datname like '{PG_PREFIX}%'")
    }
    for name in existing - {template}:
        _pg(f'drop database if exists "{name}" with (force)')
    if template not in existing:
        _pg(f'create database "{template}"')
        try:
            _seed({**env, "DATABASE_URL": f"{PG_SERVER}/{template}"})
        except BaseException:
            _pg(f'drop database if exists "{template}" with (force)')
            raise
    _pg(f'drop database if exists "{PG_WORKING}" with (force)')
    _pg(f'create database "{PG_WORKING}" template "{template}"')
    # Planner statistics and the visibility map, as autovacuum keeps them on a running site
    # (it is off on some machines, and a copied template carries none that were never
    # gathered). Without the visibility map, an index-only scan (a deep board page's OFFSET
    # over the listing index) visits the table for every entry it skips.
    _pg("vacuum analyze", database=PG_WORKING)
    return f"{PG_SERVER}/{PG_WORKING}"


# --- Servers --------------------------------------------------------------------------------


class Server:
    """scripts/serve.sh in its own process group, stopped with it."""

    def __init__(self, env: dict, *, nginx: bool, page_cache: bool, log: Path, port: int = PORT):
        env = {
            **env,
            "CANDLE_SERVE_SETUP": "0",
            "CANDLE_SERVE_NGINX": "1" if nginx else "0",
            "CANDLE_PAGE_CACHE_ENABLED": "1" if page_cache else "0",
        }
        self.log = log.open("ab")
        self.process = subprocess.Popen(
            [str(ROOT / "scripts/serve.sh"), str(port)],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.port = port
        self.app_port = port + 1 if nginx else port

    def wait_ready(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"serve.sh stopped (exit {self.process.returncode}); see {self.log.name}"
                )
            try:  # the app itself first: nginx could answer from a cache while the app starts
                urllib.request.urlopen(f"http://127.0.0.1:{self.app_port}/ko/", timeout=5).read()  # noqa: S310
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/ko/", timeout=5).read()  # noqa: S310
                return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.5)
        raise RuntimeError(f"serve.sh did not answer within {timeout:.0f} s; see {self.log.name}")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.log.close()


# --- Measuring ------------------------------------------------------------------------------


def _fetch(url: str, **headers) -> tuple[int, bytes, dict]:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - 127.0.0.1 only
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return response.status, response.read(), dict(response.headers)


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return round(float(number) * _UNITS[unit], 2)


def wrk(url: str, *, warm: bool = True) -> dict:
    if WARM_SECONDS and warm:
        # Load first, figures discarded: each worker's first requests (its database
        # connection, the first render of each template, a server just restarted for the
        # mode) are start-up, not the steady state the figures describe.
        subprocess.run(
            ["wrk", "-t2", "-c32", f"-d{WARM_SECONDS}s", "--timeout", "5s", url],
            capture_output=True,
            timeout=WARM_SECONDS + 60,
            check=True,
        )
    output = subprocess.run(
        ["wrk", "-t2", "-c32", f"-d{SECONDS}s", "--latency", "--timeout", "5s", url],
        capture_output=True,
        text=True,
        timeout=SECONDS + 60,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1))
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        raise RuntimeError(f"{url}: {errors.group(1)} error responses under load")
    return {"rps": round(rps, 1), "p50_ms": p50, "p99_ms": p99}


# The side-by-side's word list, made from the same dump (Kiwi's nouns of the posts, spread over
# how many posts use each): shared/tools/side-by-side/cold_words.py
COLD_WORDS_TOOL = Path(
    os.environ.get(
        "CANDLE_BENCH_COLD_WORDS_TOOL", ROOT.parent / "shared/tools/side-by-side/cold_words.py"
    )
)
COLD_QUERIES = 260


def _board_nouns() -> list[str]:
    """The imported board's own nouns (``COLD_WORDS_TOOL`` over the dump, loaded into MariaDB
    for it), made once per dump and kept in var/bench/."""
    digest = hashlib.sha1(GNUBOARD_DUMP.read_bytes(), usedforsecurity=False).hexdigest()[:10]
    kept = BENCH_VAR / f"cold-words-{digest}.txt"
    if not kept.exists():
        print("  the board's nouns for the cold search (once)…", flush=True)
        source = _gnuboard_source()
        try:
            building = kept.with_suffix(".building")
            subprocess.run(
                [str(PYTHON), str(COLD_WORDS_TOOL), "--source", source, "--out", str(building)],
                check=True,
                timeout=900,
                stdout=subprocess.DEVNULL,
            )
            building.replace(kept)
        finally:
            subprocess.run([*MYSQL, "-e", f"drop database if exists `{GNUBOARD_DB}`"], timeout=60)
    return [word for word in kept.read_text(encoding="utf-8").split() if word]


def cold_queries() -> tuple[list[str], str]:
    """260 distinct Korean queries that match the measured posts, and where they come from.

    On the imported GnuBoard board (``DATA == "gnuboard"``): its own nouns (``_board_nouns``,
    the side-by-side's list: the board's text has only about 150, most of them in half its
    posts or more), then pairs of neighbours in that list (both words must match) up to 260.
    On generated posts: ``seed_bulk``'s subjects' and phrases' nouns, then pairs of them. Never
    the warm search's word (난민). A query is asked again only after all the others."""
    if DATA == "gnuboard" and COLD_WORDS_TOOL.exists():
        nouns = [word for word in dict.fromkeys(_board_nouns()) if word != "난민"]
        pairs = [f"{a} {b}" for a, b in zip(nouns, nouns[1:] + nouns[:1], strict=True)]
        pairs += [f"{a} {b}" for a, b in zip(nouns, nouns[2:] + nouns[:2], strict=True)]
        source = f"the board's nouns ({COLD_WORDS_TOOL.name}): {len(nouns)} words, then pairs"
        return (nouns + pairs)[:COLD_QUERIES], source
    # seed_bulk's KO_SUBJECTS, word by word, and the nouns of its KO_PHRASES
    nouns = ["북한이탈주민", "구호", "활동", "청소년", "교육", "프로그램", "인권", "침해", "실태"]
    nouns += ["강제송환", "문제", "국제", "연대", "시민", "강좌", "자원봉사자", "모임", "정책"]
    nouns += ["토론회", "증언", "기록", "사업"]
    nouns += ["소식", "현황", "후원", "현장", "중요성", "국제사회", "관심", "자료집", "봉사자"]
    nouns += ["소감", "안전", "정착", "일정", "공지사항"]
    nouns = [word for word in dict.fromkeys(nouns) if word != "난민"]
    pairs = [f"{a} {b}" for i, a in enumerate(nouns) for b in nouns[i + 1 :]]
    return (nouns + pairs)[:COLD_QUERIES], "seed_bulk's nouns, then pairs"


def wrk_cold(base: str) -> dict:
    """wrk with ``bench/wrk/cold-search.lua``: thread k asks queries k, k+2, … of the list."""
    words = BENCH_VAR / "cold-queries.txt"
    queries, source = cold_queries()
    words.write_text("\n".join(queries) + "\n")
    output = subprocess.run(
        [
            *("wrk", "-t2", "-c32", f"-d{SECONDS}s", "--latency", "--timeout", "5s"),
            *("-s", str(COLD_SCRIPT), base, "--", str(words), COLD_PREFIX, "2"),
        ],
        capture_output=True,
        text=True,
        timeout=SECONDS + 60,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1))
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1))
    cold = re.search(r"COLD requests_made=(\d+) non200=(\d+) words=(\d+)", output)
    if cold and int(cold.group(2)):
        raise RuntimeError(f"cold search: {cold.group(2)} error responses under load")
    made = int(cold.group(1)) if cold else 0
    return {
        "rps": round(rps, 1),
        "p50_ms": p50,
        "p99_ms": p99,
        "queries": len(queries),
        "queries_from": source,
        "requests": made,
        # how many times each query was asked, at most (the list wraps)
        "asked_each_at_most": -(-made // len(queries)) if made else 0,
    }


def sitemap_build(base: str, db: str, rounds: int = 5) -> dict:
    """The sitemap rebuilt ``rounds`` times, one request at a time, by the server with the
    page cache off: what the first crawler after a publish waits for, holding a worker."""
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        _status, body, _headers = _fetch(base + "/sitemap.xml")
        times.append((time.perf_counter() - started) * 1000)
    return {
        "db": db,
        "urls": body.count(b"<url>"),
        "bytes": len(body),
        "p50_ms": round(statistics.median(times), 1),
        "max_ms": round(max(times), 1),
    }


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _post_path(base: str) -> str:
    if DATA == "gnuboard":
        # the post the side-by-side measures: where Candle's redirect from its old address leads
        old = f"{base}/bbs/board.php?bo_table=news&wr_id={GNUBOARD_POST}"
        try:
            urllib.request.build_opener(_NoRedirect).open(old, timeout=30)  # noqa: S310
        except urllib.error.HTTPError as redirect:
            if redirect.code in (301, 302) and redirect.headers.get("Location"):
                return urllib.parse.urlsplit(redirect.headers["Location"]).path
        raise RuntimeError(f"no redirect from {old}: was the dump imported?")
    _status, body, _headers = _fetch(base + "/ko/news/")
    match = re.search(rb'href="(/ko/news/[^"/?#]+/)"', body)
    if not match:
        raise RuntimeError("no post link on /ko/news/: was the database seeded?")
    return match.group(1).decode()


def _check_pages(base: str) -> dict:
    sizes = {}
    for name, path in PAGES.items():
        status, body, _headers = _fetch(base + path)
        if status != 200:
            raise RuntimeError(f"{path} answered {status}")
        sizes[name] = len(body)
    return sizes


def _article_weight(base: str, post_path: str) -> dict:
    """The post page's HTML + CSS + JS as gzip sends them, and scripts that block rendering."""
    _status, html, _headers = _fetch(base + post_path)
    head = html.split(b"</head>", 1)[0]
    assets = re.findall(rb'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', html)
    scripts = re.findall(rb"<script\b([^>]*)>", html)
    assets += [
        re.search(rb'src="([^"]+)"', attrs).group(1) for attrs in scripts if b"src=" in attrs
    ]
    blocking = [
        attrs.decode()
        for attrs in re.findall(rb"<script\b([^>]*)>", head)
        if not re.search(rb"\b(defer|async)\b|type=\"module\"", attrs)
    ]
    total = len(gzip.compress(html, 6))
    for asset in assets:
        _s, body, _h = _fetch(base + asset.decode())
        total += len(gzip.compress(body, 6))
    return {
        "page": post_path,
        "compressed_bytes": total,
        "files": 1 + len(assets),
        "render_blocking_scripts": len(blocking),
        "limit_bytes": 60 * 1024,
        "method": "measured here (gzip level 6 of the HTML, stylesheets and scripts); Lighthouse scores are under the lighthouse key",
    }


def _record(report: dict, measure: dict) -> None:
    report["measures"].append(measure)
    rounds = measure.get("rounds_rps")
    print(
        f"    {measure['page']:<11} {measure['mode']:<13} {measure['db']:<11} {measure['rps']:>9,.0f} req/s"
        f"  p50 {measure['p50_ms']} ms  p99 {measure['p99_ms']} ms"
        + (f"  (median of rounds: {', '.join(f'{r:,.0f}' for r in rounds)})" if rounds else ""),
        flush=True,
    )


def _measure_database(
    db: str, database_url: str, env: dict, report: dict, static_needed: bool
) -> None:
    env = {**env, "DATABASE_URL": database_url}
    if _redis_available():
        env["REDIS_URL"] = REDIS_URL
    report["web"]["page_cache"] = "redis" if "REDIS_URL" in env else "files"
    log = BENCH_VAR / "serve.log"
    base = f"http://127.0.0.1:{PORT}"

    server = Server(env, nginx=True, page_cache=True, log=log)
    try:
        server.wait_ready()
        PAGES["post"] = _post_path(base)
        sizes = _check_pages(base)
        app = f"http://127.0.0.1:{server.app_port}"
        if static_needed:
            probe = Path(env["CANDLE_STATIC_ROOT"]) / "bench-probe.html"
            probe.write_bytes(b"x" * sizes["board_p1"])
            try:
                report["static"] = {
                    **wrk(base + "/static/bench-probe.html"),
                    "bytes": sizes["board_p1"],
                }
            finally:
                probe.unlink()
            report["web"]["article_weight"] = _article_weight(base, PAGES["post"])
        for name, path in PAGES.items():
            for _ in range(3):
                _fetch(base + path)  # warm both caches
            _record(
                report,
                {
                    "page": name,
                    "mode": "proxy_cache",
                    "db": db,
                    **wrk(base + path),
                    "bytes": sizes[name],
                },
            )
            _record(
                report,
                {
                    "page": name,
                    "mode": "app_cache",
                    "db": db,
                    **wrk(app + path),
                    "bytes": sizes[name],
                },
            )
    finally:
        server.stop()

    server = Server(env, nginx=False, page_cache=False, log=log)
    try:
        server.wait_ready()
        for path in PAGES.values():
            _status, _body, headers = _fetch(base + path)
            if "X-Page-Cache" in headers:
                raise RuntimeError("the page cache answered while switched off")
        report["web"].setdefault("sitemap", []).append(sitemap_build(base, db))
        # In rounds, the pages taken in turn, and each page's median round kept: this host's
        # speed drifts by a third within minutes, so one run per page in a row made the
        # ratios between pages (page 200 against page 1) as much the drift's as the pages'.
        rounds: dict[str, list[dict]] = {name: [] for name in PAGES}
        for number in range(UNCACHED_ROUNDS):
            for name, path in PAGES.items():
                rounds[name].append(wrk(base + path, warm=number == 0))
        for name, runs in rounds.items():
            median = sorted(runs, key=lambda run: run["rps"])[(len(runs) - 1) // 2]
            _record(
                report,
                {
                    "page": name,
                    "mode": "uncached",
                    "db": db,
                    **median,
                    "bytes": sizes[name],
                    "rounds_rps": [run["rps"] for run in runs],
                },
            )
    finally:
        server.stop()

    server = Server(
        {**env, "CANDLE_SEARCH_RESULTS_SECONDS": "0"}, nginx=False, page_cache=False, log=log
    )
    try:
        server.wait_ready()
        for name in COLD_PAGES:
            _record(
                report,
                {
                    "page": name,
                    "mode": "uncached_cold",
                    "db": db,
                    **wrk(base + PAGES[name]),
                    "bytes": sizes[name],
                },
            )
        _record(
            report, {"page": "search_cold", "mode": "uncached_cold", "db": db, **wrk_cold(base)}
        )
    finally:
        server.stop()


def _app_server() -> str:
    """What serves the app in this run: deploy/granian_server.py's defaults on this machine."""
    from deploy.granian_server import options

    settings = options()
    return f"granian, {settings['workers']} workers x {settings['blocking_threads']} threads"


def _print_table(report: dict) -> None:
    static = report["static"]
    print(
        f"\n  nginx static file ({static['bytes']:,} bytes): {static['rps']:,.0f} requests/s, "
        f"p50 {static['p50_ms']} ms, p99 {static['p99_ms']} ms"
    )
    print(
        f"  {'page':<11} {'mode':<13} {'db':<11} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'bytes':>8} {'÷static':>8}"
    )
    for m in report["measures"]:
        print(
            f"  {m['page']:<11} {m['mode']:<13} {m['db']:<11} {m['rps']:>9,.0f} {m['p50_ms']:>8} "
            f"{m['p99_ms']:>8} {m.get('bytes', 0):>8,} {m['rps'] / static['rps']:>8.1%}"
        )
    weight = report["web"].get("article_weight")
    if weight:
        print(
            f"  article page {weight['page']}: {weight['compressed_bytes']:,} bytes compressed in "
            f"{weight['files']} files (limit {weight['limit_bytes']:,}), "
            f"{weight['render_blocking_scripts']} render-blocking scripts"
        )
    for sitemap in report["web"].get("sitemap", []):
        print(
            f"  sitemap.xml rebuilt ({sitemap['db']}, {sitemap['urls']:,} addresses, "
            f"{sitemap['bytes']:,} bytes): p50 {sitemap['p50_ms']:,} ms, max {sitemap['max_ms']:,} ms"
        )
    print(f"  targets: {TARGETS}")


def run(report: dict) -> None:
    for tool in ("wrk", "/usr/sbin/nginx"):
        if shutil.which(tool) is None:
            raise RuntimeError(
                f"{tool} is not installed (make bench installs it with scripts/system-deps.sh)"
            )
    BENCH_VAR.mkdir(parents=True, exist_ok=True)
    run_var = BENCH_VAR / "run"
    run_var.mkdir(exist_ok=True)
    env = _base_env(run_var)
    env["CANDLE_STATIC_ROOT"] = str(run_var / "static")
    env["CANDLE_MEDIA_ROOT"] = str(run_var / "media")
    print("  collecting static files…", flush=True)
    _manage(
        {**env, "DATABASE_URL": f"sqlite:///{run_var / 'unused.sqlite3'}"},
        "collectstatic",
        "--no-input",
        "-v",
        "0",
    )
    report["static"] = {}
    report["measures"] = []
    report["web"] = {
        "posts": POSTS,
        "data": (
            f"{GNUBOARD_DUMP.name} imported with import_gnuboard"
            if DATA == "gnuboard"
            else "generated (seed_bulk)"
        ),
        "seconds_per_measure": SECONDS,
        "wrk": "2 threads, 32 connections",
        "app_server": _app_server(),
        "cpus": os.cpu_count(),
    }
    databases = [("sqlite", _sqlite_database)]
    if "postgresql" not in DATABASES:
        pass
    elif _postgres_available():
        databases.append(("postgresql", _postgres_database))
    else:
        print("  PostgreSQL does not answer on 127.0.0.1:5432: measured on SQLite only")
    for db, prepare in databases:
        print(f"  {db}: preparing the database…", flush=True)
        url = prepare({**env, "CANDLE_STATIC_ROOT": env["CANDLE_STATIC_ROOT"]})
        runs = len(PAGES) * len(MODES) + len(COLD_PAGES) + 1
        print(f"  {db}: measuring ({runs} runs of {SECONDS} s)…", flush=True)
        try:
            _measure_database(db, url, env, report, static_needed=not report["static"])
        finally:
            if db == "postgresql":
                _pg(f'drop database if exists "{PG_WORKING}" with (force)')
    _print_table(report)


if __name__ == "__main__":
    result: dict = {}
    run(result)
    sys.exit(0)
