"""``/healthz``: whether this app server can serve, for a load balancer or a monitor.

    {"status": "ok" | "degraded" | "down",
     "checks": {"database": "ok" | "down",
                "cache": "ok" | "down" | "local",
                "worker": "ok" | "idle" | "late" | "not used" | "unknown"}}

* ``database``: one query, which is also the worker's check (below). Down: status ``down``
  and HTTP 503, so the load balancer sends readers to another server.
* ``cache``: the shared cache (Redis) answers a ping. Down: ``degraded`` (pages are served
  uncached, ``candle.caching.redis``), still 200. ``local``: no Redis configured.
* ``worker``: read from django-tasks-db's own rows, no heartbeat of its own: ``late`` when a
  task has been ready to run for longer than ``CANDLE_HEALTH_WORKER_LATE_SECONDS`` (300)
  without a worker taking it (mails and index updates wait): ``degraded``, still 200.
  ``idle``: nothing waiting. ``not used``: tasks run in the request (development, tests).

No personal data, no version, no timings; ``never_cache`` and never in the page cache (its
view is not on ``CANDLE_PAGE_CACHE_VIEWS``). One query and one Redis round trip: cheap enough
to need no rate limit of its own (nginx's ``limit_req`` may still cover it).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Case, F, Min, When
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from candle.caching.store import page_cache


def _worker_and_database() -> tuple[str, str]:
    tasks_backend = settings.TASKS.get("default", {}).get("BACKEND", "")
    try:
        if not tasks_backend.startswith("django_tasks_db."):
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
            return "ok", "not used"
        from django_tasks_db.models import DBTaskResult, get_date_max

        now = timezone.now()
        # Waiting since it was enqueued, or since its run_after for a task that was scheduled.
        since = Case(When(run_after=get_date_max(), then=F("enqueued_at")), default=F("run_after"))
        waiting = DBTaskResult.objects.ready().aggregate(oldest=Min(since))["oldest"]
    except DatabaseError:
        connection.close_if_unusable_or_obsolete()
        return "down", "unknown"
    if waiting is None:
        return "ok", "idle"
    late = int(getattr(settings, "CANDLE_HEALTH_WORKER_LATE_SECONDS", 300))
    return "ok", ("late" if now - waiting > timedelta(seconds=late) else "ok")


def _cache() -> str:
    cache = page_cache()
    ping = getattr(cache, "ping", None)
    if ping is None:
        return "local"
    return "ok" if ping() else "down"


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    database, worker = _worker_and_database()
    checks = {"database": database, "cache": _cache(), "worker": worker}
    if database == "down":
        status = "down"
    elif checks["cache"] == "down" or worker == "late":
        status = "degraded"
    else:
        status = "ok"
    response = JsonResponse(
        {"status": status, "checks": checks}, status=503 if status == "down" else 200
    )
    response["X-Robots-Tag"] = "noindex"
    return response
