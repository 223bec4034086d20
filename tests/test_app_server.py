"""The production app server (deploy/granian_server.py): its settings, and a real start.

The start test runs the server as production does (production settings, 127.0.0.1 only, a
throw-away var directory and SQLite file) and asks it for robots.txt twice over one kept-alive
connection: keeping connections alive is the reason Candle uses granian.
"""

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from deploy.granian_server import before_fork, options  # noqa: E402


def _clear(monkeypatch):
    for name in (
        "CANDLE_BIND",
        "CANDLE_WORKERS",
        "CANDLE_THREADS",
        "CANDLE_WORKER_LIFETIME",
        "CANDLE_BACKPRESSURE",
    ):
        monkeypatch.delenv(name, raising=False)


def test_defaults_fit_the_machine(monkeypatch):
    _clear(monkeypatch)
    settings = options()
    assert (settings["address"], settings["port"]) == ("127.0.0.1", 8001)
    assert settings["workers"] == (os.cpu_count() or 1)
    assert settings["blocking_threads"] == 2  # a thread waiting on the database frees the core
    # every connection the backlog holds is taken on (none starves unaccepted behind others)
    assert settings["backpressure"] >= settings["backlog"]


def test_settings_come_from_the_environment(monkeypatch):
    _clear(monkeypatch)
    monkeypatch.setenv("CANDLE_BIND", "127.0.0.1:9123")
    monkeypatch.setenv("CANDLE_WORKERS", "3")
    monkeypatch.setenv("CANDLE_THREADS", "8")
    settings = options()
    assert (settings["port"], settings["workers"], settings["blocking_threads"]) == (9123, 3, 8)
    assert settings["backpressure"] == 2048
    monkeypatch.setenv("CANDLE_BACKPRESSURE", "300")
    assert options()["backpressure"] == 300


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("CANDLE_BIND", "8001", "HOST:PORT"),
        ("CANDLE_BIND", "127.0.0.1:http", "HOST:PORT"),
        ("CANDLE_WORKERS", "0", "at least 1"),
        ("CANDLE_WORKERS", "many", "whole number"),
        ("CANDLE_THREADS", "-2", "whole number"),
        ("CANDLE_WORKER_LIFETIME", "10", "at least 60"),
        ("CANDLE_BACKPRESSURE", "0", "at least 1"),
    ],
)
def test_a_bad_setting_is_one_clear_sentence(monkeypatch, name, value, says):
    _clear(monkeypatch)
    monkeypatch.setenv(name, value)
    with pytest.raises(SystemExit) as stopped:
        options()
    assert name in str(stopped.value)
    assert says in str(stopped.value)


def test_the_master_freezes_what_it_loaded_before_forking():
    """The workers share the master's objects only if their collections never touch them."""
    import gc

    from django.core.cache import caches

    caches["default"].get("anything")  # a client the master opened
    assert gc.get_freeze_count() == 0
    thresholds = gc.get_threshold()
    try:
        before_fork()
        assert gc.get_freeze_count() > 10_000  # Django, Wagtail and the apps, at least
        # the workers inherit a young generation collected less often; the older ones as before
        assert gc.get_threshold() == (50_000, *thresholds[1:])
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_server_starts_and_keeps_connections_alive(tmp_path):
    port = _free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("CANDLE_", "DATABASE_URL", "REDIS_URL", "DJANGO_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="candle.settings.production",
        CANDLE_SECRET_KEY="test-" + "k" * 60,
        CANDLE_ALLOWED_HOSTS="127.0.0.1",
        CANDLE_SSL_REDIRECT="0",
        CANDLE_FIELD_KEYS=Fernet.generate_key().decode(),
        CANDLE_FIELD_KEY_AUTOCREATE="0",
        CANDLE_TEST_PROVIDER_ENABLED="0",
        CANDLE_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        CANDLE_VAR_DIR=str(tmp_path),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        CANDLE_BIND=f"127.0.0.1:{port}",
        CANDLE_WORKERS="1",
        CANDLE_LOG_LEVEL="warning",
    )
    log = (tmp_path / "server.log").open("wb")
    server = subprocess.Popen(  # noqa: S603 - our own launcher, 127.0.0.1 only
        [sys.executable, str(ROOT / "deploy/granian_server.py")],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            assert server.poll() is None, (tmp_path / "server.log").read_text()
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                connection.request("GET", "/robots.txt")
                first = connection.getresponse()
                break
            except OSError:
                assert time.monotonic() < deadline, "the app server did not answer in 90 s"
                time.sleep(0.3)
        body = first.read().decode()
        assert first.status == 200
        assert "Disallow: /admin/" in body
        assert first.getheader("Connection", "").lower() != "close"
        local_port = connection.sock.getsockname()[1]
        connection.request("GET", "/robots.txt")  # the same socket, if it was kept alive
        second = connection.getresponse()
        assert second.status == 200
        assert second.read().decode() == body
        assert connection.sock.getsockname()[1] == local_port
        connection.close()
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait(timeout=10)
        log.close()
