# ruff: noqa: S603, S607 - runs this machine's own tools (npm, Lighthouse, serve.sh) on 127.0.0.1
"""Lighthouse benchmark: performance (mobile) of three pages through the production set-up.

It builds a throw-away SQLite database under var/bench/lighthouse/ (``migrate`` +
``load_demo_content``, production settings as bench/web.py uses them), starts
``scripts/serve.sh`` (nginx in front of granian, page cache on) on a free 127.0.0.1 port and
runs Lighthouse (pinned in bench/lighthouse/package.json; ``npm ci`` when node_modules is
missing) with its default mobile form factor and throttling, performance only, against the
Korean home page, a Korean post and the English board, three times each. The median run by
score is kept: ``report["lighthouse"] = {"pages": [{"url_path", "score", "lcp_ms", "tbt_ms",
"cls", "fcp_ms", "transfer_bytes", …}], "target": 95}``. Each run's full report is kept in
var/bench/lighthouse/reports/ for reading.

Skipped with a "skipped: …" line when node, npm or Chromium is missing. Every process it
starts (serve.sh with nginx and granian, Lighthouse and the Chromium it launches) is stopped
by pid before it returns, also on failure or Ctrl-C.
Bounded: the whole benchmark gets CANDLE_LIGHTHOUSE_BUDGET seconds (default 300, the first
``npm ci`` included) and each Lighthouse run at most CANDLE_LIGHTHOUSE_TIMEOUT (default 90);
runs that no longer fit are reported as not run. CANDLE_LIGHTHOUSE_RUNS: runs per page (3).
"""

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.web import Server, _base_env, _manage

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "bench" / "lighthouse"
LIGHTHOUSE = PACKAGE / "node_modules" / ".bin" / "lighthouse"
WORK = ROOT / "var" / "bench" / "lighthouse"
CHROME = "/usr/bin/chromium"
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)
RUNS = int(os.environ.get("CANDLE_LIGHTHOUSE_RUNS", "3"))
RUN_TIMEOUT = int(os.environ.get("CANDLE_LIGHTHOUSE_TIMEOUT", "90"))
BUDGET = int(os.environ.get("CANDLE_LIGHTHOUSE_BUDGET", "300"))
TARGET = 95
# url_path of each page; the post is the newest on the Korean news board, found at run time.
PAGES = {"home_ko": "/ko/", "post_ko": None, "board_en": "/en/news/"}


class _Clock:
    """The benchmark's time budget: each step gets at most what is left of it."""

    deadline = 0.0

    @classmethod
    def start(cls) -> None:
        cls.deadline = time.monotonic() + BUDGET

    @classmethod
    def left(cls, cap: float) -> float:
        remaining = cls.deadline - time.monotonic()
        if remaining < 10:
            raise RuntimeError(f"out of the {BUDGET} s budget (CANDLE_LIGHTHOUSE_BUDGET)")
        return min(cap, remaining)


# --- Processes ------------------------------------------------------------------------------


def _descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (from /proc), children first found, deepest last."""
    found, queue = [], [pid]
    while queue:
        parent = queue.pop()
        for task in Path(f"/proc/{parent}/task").glob("*/children"):
            try:
                children = [int(c) for c in task.read_text().split()]
            except OSError:
                continue
            found += children
            queue += children
    return found


def _kill(pids: list[int]) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(Path(f"/proc/{pid}").exists() for pid in pids):
        time.sleep(0.1)


def _free_port_pair() -> int:
    """A port P with P and P+1 free on 127.0.0.1 (nginx on P, the app on P+1)."""
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        if port > 65000:
            continue
        try:
            with socket.socket() as a, socket.socket() as b:
                a.bind(("127.0.0.1", port))
                b.bind(("127.0.0.1", port + 1))
            return port
        except OSError:
            continue
    raise RuntimeError("no two free neighbouring ports on 127.0.0.1")


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - 127.0.0.1 only
        return response.read()


# --- Set-up ---------------------------------------------------------------------------------


def _missing_tool() -> str | None:
    for tool in ("node", "npm"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (Lighthouse needs Node.js 18.16+ and npm)"
    version = subprocess.run(
        ["node", "--version"], capture_output=True, text=True, timeout=30
    ).stdout.strip()
    major, minor = (int(n) for n in re.findall(r"\d+", version)[:2])
    if (major, minor) < (18, 16):
        return f"node {version} is too old (Lighthouse 12 needs 18.16+)"
    if not Path(CHROME).exists():
        return f"{CHROME} is not installed (make bench installs it with scripts/system-deps.sh)"
    if shutil.which("/usr/sbin/nginx") is None:
        return "nginx is not installed (make bench installs it with scripts/system-deps.sh)"
    return None


def _install_lighthouse() -> None:
    if LIGHTHOUSE.exists():
        return
    print("  npm ci (Lighthouse, pinned in bench/lighthouse/package-lock.json)…", flush=True)
    subprocess.run(
        ["npm", "ci", "--prefix", str(PACKAGE), "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=ROOT,
        check=True,
        timeout=_Clock.left(300),
    )


def _prepare(env: dict) -> str:
    """A fresh SQLite database with the demo site, and the static files; returns its URL."""
    database = WORK / "lighthouse.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    shutil.rmtree(WORK / "media", ignore_errors=True)
    shutil.rmtree(WORK / "cache", ignore_errors=True)
    env["DATABASE_URL"] = f"sqlite:///{database}"
    started = time.monotonic()
    print("  migrate + load_demo_content on a throw-away SQLite database…", flush=True)
    _manage(env, "migrate", "--no-input", "-v", "0", timeout=_Clock.left(600))
    # The demo content is a development act (its gifts and registrations send mail: to the
    # console, not to the production-like SMTP backend of ``_base_env``, which has no server
    # here and logged a failed task per message).
    demo_env = {
        **env,
        "DJANGO_SETTINGS_MODULE": "candle.settings.dev",
        "CANDLE_EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
    }
    _manage(demo_env, "load_demo_content", timeout=_Clock.left(600))
    _manage(env, "collectstatic", "--no-input", "-v", "0", timeout=_Clock.left(600))
    print(f"  ready in {time.monotonic() - started:.0f} s", flush=True)
    return env["DATABASE_URL"]


# --- Lighthouse -----------------------------------------------------------------------------


def _lighthouse(url: str, output: Path) -> dict:
    """One Lighthouse run; its report (lhr) as a dict. Lighthouse and Chromium are stopped."""
    output.unlink(missing_ok=True)
    timeout = _Clock.left(RUN_TIMEOUT)
    process = subprocess.Popen(
        [
            str(LIGHTHOUSE),
            url,
            "--form-factor=mobile",
            "--only-categories=performance",
            f"--chrome-flags={CHROME_FLAGS}",
            "--output=json",
            f"--output-path={output}",
            "--quiet",
        ],
        cwd=ROOT,
        env={**os.environ, "CHROME_PATH": CHROME},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # Ctrl-C reaches us only; we stop it below
    )
    try:
        _out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as error:
        raise RuntimeError(f"Lighthouse took over {timeout:.0f} s on {url}") from error
    finally:
        if process.poll() is None:
            # Chromium is launched detached (its own group): collect it before Lighthouse goes.
            leftovers = _descendants(process.pid)
            process.send_signal(signal.SIGINT)  # Lighthouse closes its Chromium on SIGINT
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
            _kill(leftovers)
    if process.returncode != 0 or not output.exists():
        tail = err.decode(errors="replace").strip().splitlines()[-3:]
        raise RuntimeError(f"Lighthouse failed on {url} (exit {process.returncode}): {tail}")
    lhr = json.loads(output.read_text())
    if lhr.get("runtimeError"):
        raise RuntimeError(f"Lighthouse on {url}: {lhr['runtimeError'].get('message')}")
    return lhr


def _figures(lhr: dict) -> dict:
    audits = lhr["audits"]

    def value(audit_id: str, digits: int = 0):
        number = audits.get(audit_id, {}).get("numericValue")
        return None if number is None else round(number, digits) if digits else round(number)

    score = lhr["categories"]["performance"]["score"]
    # Audits of the performance category that did not pass: where to look when a score drops.
    refs = lhr["categories"]["performance"]["auditRefs"]
    weak = sorted(
        ref["id"]
        for ref in refs
        if ref.get("weight", 0) == 0
        and audits.get(ref["id"], {}).get("score") is not None
        and audits[ref["id"]]["score"] < 0.9
        and audits[ref["id"]].get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")
    )
    return {
        "score": None if score is None else round(score * 100),
        "lcp_ms": value("largest-contentful-paint"),
        "tbt_ms": value("total-blocking-time"),
        "cls": value("cumulative-layout-shift", 3),
        "fcp_ms": value("first-contentful-paint"),
        "transfer_bytes": value("total-byte-weight"),
        "failing_audits": weak,
    }


def _measure(base: str, name: str, path: str) -> dict:
    for _ in range(2):
        _get(base + path)  # warm nginx's and the app's page cache, as a reader finds them
    runs, errors = [], []
    for number in range(1, RUNS + 1):
        started = time.monotonic()
        try:
            figures = _figures(_lighthouse(base + path, WORK / "reports" / f"{name}-{number}.json"))
        except RuntimeError as error:
            errors.append(str(error))
            print(f"    {path} run {number}: {error}", flush=True)
            continue
        runs.append(figures)
        print(
            f"    {path} run {number}: score {figures['score']}, LCP {figures['lcp_ms']} ms, "
            f"TBT {figures['tbt_ms']} ms ({time.monotonic() - started:.0f} s)",
            flush=True,
        )
    if not runs:
        return {"url_path": path, "score": None, "errors": errors}
    scored = sorted(runs, key=lambda r: r["score"] if r["score"] is not None else -1)
    median = scored[len(scored) // 2]  # the median run, so its figures belong together
    return {
        "url_path": path,
        **median,
        "scores": [r["score"] for r in runs],
        "score_spread": max(r["score"] or 0 for r in runs) - min(r["score"] or 0 for r in runs),
        **({"errors": errors} if errors else {}),
    }


def _print_table(result: dict) -> None:
    print(
        f"\n  {'page':<44} {'score':>5} {'LCP ms':>7} {'TBT ms':>7} {'CLS':>6} {'FCP ms':>7} "
        f"{'bytes':>8}  target {result['target']}"
    )
    for page in result["pages"]:
        if page["score"] is None:
            print(f"  {page['url_path']:<44} {'—':>5}  no run finished: {page['errors'][-1]}")
            continue
        met = "met" if page["score"] >= result["target"] else "NOT met"
        print(
            f"  {page['url_path']:<44} {page['score']:>5} {page['lcp_ms']:>7,} {page['tbt_ms']:>7,} "
            f"{page['cls']:>6} {page['fcp_ms']:>7,} {page['transfer_bytes']:>8,}  {met}"
            f"  (runs {page['scores']})"
        )
        if page["failing_audits"]:
            print(f"  {'':<44} audits below 0.9: {', '.join(page['failing_audits'])}")
    print(f"  {result['method']}")


def run(report: dict) -> None:
    _Clock.start()
    reason = _missing_tool()
    if reason:
        print(f"  skipped: {reason}")
        report["lighthouse"] = {"skipped": reason, "target": TARGET}
        return
    _install_lighthouse()
    version = subprocess.run(
        [str(LIGHTHOUSE), "--version"], capture_output=True, text=True, timeout=60
    ).stdout.strip()
    (WORK / "reports").mkdir(parents=True, exist_ok=True)
    port = _free_port_pair()
    env = _base_env(WORK)
    env.update(
        CANDLE_BASE_URL=f"http://127.0.0.1:{port}",
        CANDLE_STATIC_ROOT=str(WORK / "static"),
        CANDLE_MEDIA_ROOT=str(WORK / "media"),
        CANDLE_PAGE_CACHE_ENABLED="1",
    )
    _prepare(env)
    base = f"http://127.0.0.1:{port}"
    result = {
        "pages": [],
        "target": TARGET,
        "lighthouse": version,
        "runs_per_page": RUNS,
        "method": (
            f"Lighthouse {version}, mobile form factor, default (simulated) throttling, "
            f"performance only, median of {RUNS} runs; demo content, SQLite, nginx + granian, "
            "page cache on (warmed)"
        ),
    }
    report["lighthouse"] = result
    server = Server(env, nginx=True, page_cache=True, log=WORK / "serve.log", port=port)
    try:
        server.wait_ready(timeout=_Clock.left(120))
        html = _get(base + "/ko/news/")
        match = re.search(rb'href="(/ko/news/[^"/?#]+/)"', html)
        if not match:
            raise RuntimeError("no post link on /ko/news/: did load_demo_content run?")
        PAGES["post_ko"] = match.group(1).decode()
        for name, path in PAGES.items():
            print(f"  {path}", flush=True)
            result["pages"].append(_measure(base, name, path))
    finally:
        server.stop()
    _print_table(result)


if __name__ == "__main__":
    outcome: dict = {}
    run(outcome)
    print(json.dumps(outcome, indent=2, ensure_ascii=False))
    sys.exit(0)
