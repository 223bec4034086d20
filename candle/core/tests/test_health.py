"""/healthz: database, cache and worker in one cheap, never cached answer without personal data."""

from __future__ import annotations

import json
import socket
from datetime import timedelta

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.utils import timezone

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _health(client, status=200):
    response = client.get("/healthz")
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    body = json.loads(response.content)
    assert set(body) == {"status", "checks"}
    assert set(body["checks"]) == {"database", "cache", "worker"}
    return body


def test_all_well(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        body = _health(client)
    assert body == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "local", "worker": "not used"},
    }


def test_no_version_and_no_cookie(client):
    response = client.get("/healthz")
    text = response.content.decode().lower()
    assert "version" not in text and "django" not in text and "revision" not in text
    assert not response.cookies
    assert client.post("/healthz").status_code == 405


def test_never_kept_in_the_page_cache(client, page_cache_on_for_health):
    client.get("/healthz")
    assert client.get("/healthz").get("X-Page-Cache") != "hit"


@pytest.fixture
def page_cache_on_for_health(settings):
    from candle.caching.store import page_cache

    settings.CANDLE_PAGE_CACHE_ENABLED = True
    page_cache().clear()
    yield
    page_cache().clear()


def test_a_late_worker_is_degraded_but_serving(client, settings):
    from django_tasks_db.models import DBTaskResult

    from candle.search.tasks import user_word_reindex

    settings.TASKS = DATABASE_TASKS
    assert _health(client)["checks"]["worker"] == "idle"
    user_word_reindex.using(backend="default").enqueue(page_ids=[], word="예시")
    assert _health(client)["checks"]["worker"] == "ok"  # just enqueued: not late yet
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(minutes=10))
    body = _health(client, 200)
    assert body["status"] == "degraded" and body["checks"]["worker"] == "late"
    DBTaskResult.objects.update(status="SUCCESSFUL", finished_at=timezone.now())
    assert _health(client)["status"] == "ok"


def test_database_down_is_503(client, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(CursorWrapper, "execute", refuse)
    body = _health(client, 503)
    assert body["status"] == "down" and body["checks"]["database"] == "down"


def test_redis_down_is_degraded(client, settings):
    with socket.socket() as closed:  # a port nothing listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    settings.CACHES = {
        **settings.CACHES,
        "pages": {
            "BACKEND": "candle.caching.redis.CandleRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
        },
    }
    body = _health(client, 200)
    assert body["status"] == "degraded" and body["checks"]["cache"] == "down"
