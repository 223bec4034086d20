"""Many people registering for one event at once: used by the concurrency test and by
``bench/programmes.py``. Each client is a thread with its own database connection; a pool of
``workers`` threads (the database allows 100 connections, shared with others) runs the
``clients`` registrations, released in waves by a barrier so each wave hits the event together."""

from __future__ import annotations

import contextlib
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from django.db import connections
from django.db.models import Count

from .models import EventPage, Registration
from .services import registration_create


def registration_race(*, event: EventPage, clients: int, workers: int = 40) -> dict:
    workers = max(1, min(workers, clients))
    barrier = threading.Barrier(workers, timeout=10)
    errors: list[BaseException] = []

    def one(n: int) -> None:
        try:
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait()  # broken for the last, smaller wave: it goes anyway
            registration_create(
                event=event,
                name=f"경쟁예시{n}",
                email=f"race{n}@example.org",
                locale="ko",
                consent_text="예시 동의",
            )
        except BaseException as error:  # noqa: BLE001 - counted below
            errors.append(error)
        finally:
            connections.close_all()

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(one, range(clients)))
    seconds = time.monotonic() - started
    active = Registration.objects.filter(event=event).exclude(status="cancelled")
    confirmed = active.filter(status="confirmed").count()
    waiting = active.filter(status="waiting").count()
    held = active.filter(status="unpaid").count()  # a paid event: seats held for payment
    twice = active.values("supporter").annotate(n=Count("pk")).filter(n__gt=1).count()
    return {
        "seats": event.capacity,
        "clients": clients,
        "workers": workers,
        "confirmed": confirmed,
        "held": held,
        "waiting": waiting,
        "double_booked": max(confirmed + held - event.capacity, 0) + twice,
        "errors": len(errors),
        "seconds": round(seconds, 2),
    }
