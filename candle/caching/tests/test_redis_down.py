"""Redis stopped under the site: pages are served uncached, rate limits still count, and when
Redis comes back with its old entries (saved to disk on shutdown), a page changed meanwhile is
not served stale. Runs a redis-server of its own on 127.0.0.1:6391–6395."""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import time

import pytest
from django.core.cache import caches
from django.test import RequestFactory

from candle.caching.redis import cache_unreachable
from candle.core.ratelimit import Limit, ratelimit_exceeded

pytestmark = pytest.mark.skipif(not shutil.which("redis-server"), reason="redis-server missing")


def _free_port() -> int:
    for port in range(6391, 6396):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    pytest.skip("ports 6391-6395 are all taken")


class RedisServer:
    def __init__(self, directory, port):
        self.directory, self.port, self.process = directory, port, None

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603
            [
                shutil.which("redis-server"),
                "--port", str(self.port),
                "--bind", "127.0.0.1",
                "--dir", str(self.directory),
                "--save", "3600 1",  # saved on shutdown, loaded at start: old entries return
                "--appendonly", "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # saves its data, then exits
            self.process.wait(timeout=10)


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path, _free_port())
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def redis_caches(settings, redis_server):
    url = f"redis://127.0.0.1:{redis_server.port}/0"
    settings.CACHES = {
        "default": {"BACKEND": "candle.caching.redis.CandleRedisCache", "LOCATION": url},
        "pages": {
            "BACKEND": "candle.caching.redis.CandleRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "candle",
        },
    }
    settings.CANDLE_PAGE_CACHE_ENABLED = True
    settings.CANDLE_DATA_CACHE_ENABLED = True
    settings.CANDLE_REDIS_RETRY_SECONDS = 0  # try Redis again at once (1 s in production)
    caches["pages"].clear()
    return redis_server


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response


def test_pages_survive_redis_stopping_and_are_not_stale_when_it_returns(
    client, site_tree, redis_caches, django_capture_on_commit_callbacks
):
    about = site_tree["ko"].standard["about"]
    url = about.url
    _get(client, url)
    assert _get(client, url)["X-Page-Cache"] == "hit"

    redis_caches.stop()
    down = _get(client, url)  # rendered, not a 500
    assert down["X-Page-Cache"] != "hit"
    assert about.title in down.content.decode()
    assert cache_unreachable(caches["pages"])
    assert _get(client, site_tree["en"].home.url).status_code == 200
    health = client.get("/healthz").json()
    assert health["status"] == "degraded" and health["checks"]["cache"] == "down"

    # Published while Redis is down: the purge is lost…
    about.title = "소개 (고침 예시)"
    with django_capture_on_commit_callbacks(execute=True):
        about.save_revision().publish()
    assert "소개 (고침 예시)" in _get(client, url).content.decode()

    # …and Redis returns with the page it kept before. It must not be served.
    redis_caches.start()
    back = _get(client, url)
    assert back["X-Page-Cache"] != "hit"
    assert "소개 (고침 예시)" in back.content.decode()
    assert not cache_unreachable(caches["pages"])
    assert client.get("/healthz").json()["checks"]["cache"] == "ok"
    again = _get(client, url)
    assert again["X-Page-Cache"] == "hit"  # caching again
    assert "소개 (고침 예시)" in again.content.decode()


def test_rate_limits_still_count_while_redis_is_down(db, redis_caches):
    request = RequestFactory().post("/ko/supporters/join/", REMOTE_ADDR="192.0.2.7")

    def attempt():
        return ratelimit_exceeded(request=request, scope="test.redis_down", per_client=Limit(3, 60))

    redis_caches.stop()
    results = [attempt() for _ in range(5)]
    assert results == [False, False, False, True, True]  # not let through, not a 500
