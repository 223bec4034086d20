"""Donation intake: gifts recorded per second through the test provider with 200 concurrent
donors against the app server (granian) on 127.0.0.1, zero lost and zero doubled.

Each donor, in its own thread with its own cookies, opens the campaign page, submits the form,
submits it again (a double submit), presses Pay on the test checkout and presses it again. The
figure is completed gifts per second of wall-clock time for the whole crowd. Afterwards the
database is counted: one Payment and one Donation per donor, the campaign total equal to the sum
given, no Payment with two Donations.

Uses PostgreSQL (database ``candle_bench_giving``, dropped afterwards) when it answers on
loopback, else SQLite in a temporary folder. Bounded: CANDLE_BENCH_DONORS (200),
CANDLE_BENCH_GIVING_TIMEOUT (seconds per request, 60), CANDLE_BENCH_GIVING_PORT (18480).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = ROOT / ".venv" / "bin" / "python"
DONORS = int(os.environ.get("CANDLE_BENCH_DONORS", "200"))
TIMEOUT = float(os.environ.get("CANDLE_BENCH_GIVING_TIMEOUT", "60"))
PORT = int(os.environ.get("CANDLE_BENCH_GIVING_PORT", "18480"))
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_DB = "candle_bench_giving"

SETUP = """
import datetime as dt
from decimal import Decimal
from django.utils import timezone
from candle.pages.models import HomePage
from candle.giving.models import CampaignPage
from wagtail.models import Locale, Page, Site
ko = Locale.objects.get_or_create(language_code="ko")[0]
Locale.objects.get_or_create(language_code="en")
root = Page.get_first_root_node()
home = HomePage(title="Bench", slug="home-ko", locale=ko, mission="bench")
root.add_child(instance=home); home.save_revision().publish()
site = Site.objects.get(is_default_site=True); site.root_page = home; site.hostname = "127.0.0.1"; site.save()
page = CampaignPage(title="Bench campaign", slug="bench", goal=Decimal("100000000"), currency="KRW",
                    amount_presets="10000,30000,50000", deadline=timezone.localdate() + dt.timedelta(days=30))
home.add_child(instance=page); page.save_revision().publish()
print(page.pk)
"""

COUNT = """
from django.db.models import Count, Sum
from candle.giving.models import Donation, Payment, WebhookEvent
from candle.supporters.models import Supporter
print(Payment.objects.count(), Donation.objects.count(), Payment.objects.filter(status="paid").count(),
      Donation.objects.aggregate(s=Sum("amount"))["s"] or 0, Supporter.objects.count(),
      Donation.objects.values("payment").annotate(n=Count("pk")).filter(n__gt=1).count(),
      WebhookEvent.objects.count())
"""


def _postgres_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", connect_timeout=2, autocommit=True):
            return True
    except Exception:  # noqa: BLE001 - any failure means "not available"
        return False


def _pg(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
        connection.execute(sql)


def _env(var_dir: Path, database_url: str) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("CANDLE_", "DATABASE_URL", "REDIS_URL"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="candle.settings.test",
        DATABASE_URL=database_url,
        CANDLE_VAR_DIR=str(var_dir),
        CANDLE_FIELD_KEY_FILE=str(var_dir / "field-keys"),
        CANDLE_PAGE_CACHE_ENABLED="0",
        PYTHONPATH=str(ROOT),
    )
    return env


def _shell(env: dict, code: str) -> str:
    return (
        subprocess.run(  # noqa: S603 - our own manage.py
            [str(PYTHON), "manage.py", "shell", "-c", code],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
            timeout=600,
        )
        .stdout.strip()
        .splitlines()[-1]
    )


class _Donor:
    TOKEN = re.compile(r'name="(csrfmiddlewaretoken|submission_token|page_id)" value="([^"]+)"')

    def __init__(self, base: str, index: int):
        import http.cookiejar

        self.base, self.index = base, index
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect()
        )

    def _request(self, path: str, data: dict | None = None) -> tuple[int, str, str]:
        from urllib.error import HTTPError
        from urllib.parse import urlencode

        body = urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(  # noqa: S310 - http://127.0.0.1 only
            self.base + path, data=body, headers={"Referer": self.base + "/"}
        )
        try:
            with self.opener.open(request, timeout=TIMEOUT) as response:  # noqa: S310 - http://127.0.0.1 only
                return (
                    response.status,
                    response.headers.get("Location", ""),
                    response.read().decode(),
                )
        except HTTPError as error:
            return (
                error.code,
                error.headers.get("Location", ""),
                error.read().decode(errors="replace"),
            )

    def give(self) -> str:
        status, _location, html = self._request("/ko/bench/")
        if status != 200:
            return f"page {status}"
        fields = dict(self.TOKEN.findall(html))
        form = {
            **fields,
            "frequency": "one_off",
            "preset": "other",
            "amount_other": str(10000 + self.index),
            "name": f"가명{self.index:03d}",
            "email": f"bench{self.index:03d}@donors.example",
            "consent": "on",
        }
        first = self._request("/ko/give/donate/", form)
        second = self._request("/ko/give/donate/", form)  # double submit
        if first[0] != 302 or second[0] != 302:
            return f"donate {first[0]}/{second[0]}"
        checkout = first[1]
        pay = self._request(
            checkout, {"csrfmiddlewaretoken": fields["csrfmiddlewaretoken"], "action": "pay"}
        )
        again = self._request(
            checkout, {"csrfmiddlewaretoken": fields["csrfmiddlewaretoken"], "action": "pay"}
        )
        if pay[0] != 302 or again[0] != 302:
            return f"pay {pay[0]}/{again[0]}"
        status, _location, html = self._request(pay[1])
        return "ok" if status == 200 and "thanks-amount" in html else f"thanks {status}"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _wait(url: str, process: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the app server stopped (exit {process.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 - http://127.0.0.1 only
                return
        except Exception:  # noqa: BLE001
            time.sleep(0.5)
    raise RuntimeError("the app server did not answer")


def run(report: dict) -> None:
    var_dir = Path(tempfile.mkdtemp(prefix="candle-bench-giving-"))
    use_pg = _postgres_available()
    if use_pg:
        _pg(f"DROP DATABASE IF EXISTS {PG_DB}")
        _pg(f"CREATE DATABASE {PG_DB}")
        database_url, database = f"{PG_SERVER}/{PG_DB}", "postgresql"
    else:
        database_url, database = f"sqlite:///{var_dir / 'bench.sqlite3'}", "sqlite"
    env = _env(var_dir, database_url)
    server = None
    try:
        subprocess.run(  # noqa: S603 - our own manage.py
            [str(PYTHON), "manage.py", "migrate", "--no-input"],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            timeout=900,
        )
        _shell(env, SETUP)
        workers = 4
        server = subprocess.Popen(  # noqa: S603 - the production app server, 127.0.0.1 only
            [str(PYTHON), "deploy/granian_server.py"],
            cwd=ROOT,
            env={
                **env,
                "CANDLE_BIND": f"127.0.0.1:{PORT}",
                "CANDLE_WORKERS": str(workers),
                "CANDLE_THREADS": "8",
                "CANDLE_LOG_LEVEL": "WARNING",
            },
            stdout=subprocess.DEVNULL,
            stderr=open(var_dir / "server.log", "w"),  # noqa: SIM115
            start_new_session=True,
        )
        base = f"http://127.0.0.1:{PORT}"
        _wait(base + "/ko/bench/", server)
        outcomes: list[str] = []
        lock = threading.Lock()

        def one(index: int) -> None:
            try:
                result = _Donor(base, index).give()
            except Exception as error:  # noqa: BLE001 - a failed donor is counted, not fatal
                result = f"error {type(error).__name__}"
            with lock:
                outcomes.append(result)

        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=DONORS) as pool:
            list(pool.map(one, range(DONORS)))
        elapsed = time.monotonic() - started
        print(f"  {DONORS} donors done in {elapsed:.2f} s; {outcomes.count('ok')} completed")
        payments, donations, paid, total, supporters, doubled, events = _shell(env, COUNT).split()
        expected_total = sum(10000 + i for i in range(DONORS))
        ok = outcomes.count("ok")
        result = {
            "database": database,
            "donors": DONORS,
            "concurrency": DONORS,
            "server": f"granian, {workers} workers × 8 threads",
            "seconds": round(elapsed, 2),
            "gifts_per_second": round(int(donations) / elapsed, 1),
            "completed_flows": ok,
            "payments": int(payments),
            "donations": int(donations),
            "paid": int(paid),
            "supporters": int(supporters),
            "webhook_events": int(events),
            "lost": DONORS - int(donations),
            "doubled": int(doubled) + max(0, int(donations) - DONORS),
            "total_ok": str(total).split(".")[0] == str(expected_total),
            "failures": sorted({o for o in outcomes if o != "ok"}),
        }
        report["giving"] = result
        print(f"  database            {database}")
        print(f"  donors (concurrent) {DONORS}")
        print(f"  wall clock          {elapsed:.2f} s")
        print(f"  gifts per second    {result['gifts_per_second']}")
        print(
            f"  lost / doubled      {result['lost']} / {result['doubled']}  (payments {payments}, donations {donations})"
        )
        print(
            f"  campaign total      {'matches the sum given' if result['total_ok'] else 'DIFFERS: ' + str(total)}"
        )
        if result["failures"]:
            print(f"  failures            {result['failures'][:5]}")
        if result["lost"] or result["doubled"] or not result["total_ok"]:
            raise RuntimeError("donations lost or doubled")
    finally:
        if server is not None and server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        if use_pg:
            try:
                _pg(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
            except Exception:  # noqa: BLE001
                print(f"  (could not drop {PG_DB})")
        shutil.rmtree(var_dir, ignore_errors=True)
