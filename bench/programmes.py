"""Event registration under a crowd: 200 clients registering at once for 50 seats give exactly
50 confirmed and 150 waiting, no seat sold twice. Runs the same race as the test
(``candle.programmes.race.registration_race``: threads, each with its own database connection,
released in waves by a barrier) in a fresh database, and counts afterwards.

Uses PostgreSQL (database ``candle_bench_programmes``, dropped afterwards) when it answers on
loopback, else SQLite in a temporary folder (where writes are serial, so the figure says less).
Bounded: CANDLE_BENCH_PROGRAMMES_CLIENTS (200), CANDLE_BENCH_PROGRAMMES_SEATS (50),
CANDLE_BENCH_PROGRAMMES_WORKERS (40 connections at once: the server allows 100, shared).
Writes ``programmes: {registration: {seats, clients, confirmed, waiting, double_booked}}`` and,
for the same race on a paid event, ``paid_registration: {seats, clients, held, confirmed,
waiting, double_booked}`` (held = seats awaiting payment).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from bench.giving import PG_SERVER, PYTHON, ROOT, _env, _pg, _postgres_available

CLIENTS = int(os.environ.get("CANDLE_BENCH_PROGRAMMES_CLIENTS", "200"))
SEATS = int(os.environ.get("CANDLE_BENCH_PROGRAMMES_SEATS", "50"))
WORKERS = int(os.environ.get("CANDLE_BENCH_PROGRAMMES_WORKERS", "40"))
PG_DB = "candle_bench_programmes"

RACE = """
import datetime as dt, json
from django.utils import timezone
from wagtail.models import Locale, Page, Site
from candle.pages.models import HomePage
from candle.programmes.models import EventIndexPage, EventPage
from candle.programmes.race import registration_race
ko = Locale.objects.get_or_create(language_code="ko")[0]
root = Page.get_first_root_node()
home = HomePage(title="Bench", slug="home-ko", locale=ko, mission="bench")
root.add_child(instance=home); home.save_revision().publish()
index = EventIndexPage(title="Events", slug="events"); home.add_child(instance=index)
start = timezone.now() + dt.timedelta(days=7)
event = EventPage(title="Bench event", slug="bench", starts_at=start,
                  ends_at=start + dt.timedelta(hours=2), venue="Hall", capacity=%(seats)d)
index.add_child(instance=event); event.save_revision().publish()
paid = EventPage(title="Bench paid event", slug="bench-paid", starts_at=start,
                 ends_at=start + dt.timedelta(hours=2), venue="Hall", capacity=%(seats)d,
                 price=10000)
index.add_child(instance=paid); paid.save_revision().publish()
free = registration_race(event=event, clients=%(clients)d, workers=%(workers)d)
held = registration_race(event=paid, clients=%(clients)d, workers=%(workers)d)
print(json.dumps({"free": free, "paid": held}))
"""


def run(report: dict) -> None:
    var_dir = Path(tempfile.mkdtemp(prefix="candle-bench-programmes-"))
    use_pg = _postgres_available()
    if use_pg:
        _pg(f"DROP DATABASE IF EXISTS {PG_DB}")
        _pg(f"CREATE DATABASE {PG_DB}")
        database_url, database = f"{PG_SERVER}/{PG_DB}", "postgresql"
    else:
        database_url, database = f"sqlite:///{var_dir / 'bench.sqlite3'}", "sqlite"
    env = _env(var_dir, database_url)
    try:
        subprocess.run(  # noqa: S603 - our own manage.py
            [str(PYTHON), "manage.py", "migrate", "--no-input"],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
            timeout=900,
        )
        code = RACE % {"seats": SEATS, "clients": CLIENTS, "workers": WORKERS}
        output = subprocess.run(  # noqa: S603 - our own manage.py
            [str(PYTHON), "manage.py", "shell", "-c", code],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
            timeout=900,
        ).stdout.strip()
        both = json.loads(output.splitlines()[-1])
        result, paid = both["free"], both["paid"]
    finally:
        if use_pg:
            _pg(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
        shutil.rmtree(var_dir, ignore_errors=True)
    registration = {
        "seats": result["seats"],
        "clients": result["clients"],
        "confirmed": result["confirmed"],
        "waiting": result["waiting"],
        "double_booked": result["double_booked"],
        "errors": result["errors"],
        "workers": result["workers"],
        "seconds": result["seconds"],
        "database": database,
    }
    # The same race for a paid event: seats are held (awaiting payment), never more than seats.
    paid_registration = {
        "seats": paid["seats"],
        "clients": paid["clients"],
        "held": paid["held"],
        "confirmed": paid["confirmed"],
        "waiting": paid["waiting"],
        "double_booked": paid["double_booked"],
        "errors": paid["errors"],
        "seconds": paid["seconds"],
        "database": database,
    }
    report["programmes"] = {"registration": registration, "paid_registration": paid_registration}
    for key, value in registration.items():
        print(f"  {key:<14} {value}")
    for key, value in paid_registration.items():
        print(f"  paid {key:<9} {value}")
