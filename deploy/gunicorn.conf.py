"""gunicorn for Candle: ``gunicorn -c deploy/gunicorn.conf.py`` (scripts/serve.sh does this).

Sized for the machine it starts on: rendering a page is CPU work, and a page-cache hit is
too short to leave a core idle, so 2 x cores + 1 synchronous workers keep every core busy
while one worker waits on PostgreSQL. The app is loaded once before the workers fork
(``preload_app``), so the code, the templates and the Korean analyser's model are shared
copy-on-write rather than loaded once per worker. nginx sits in front and buffers slow
clients, which is what makes synchronous workers safe.
"""

import multiprocessing
import os

wsgi_app = "candle.wsgi:application"
bind = os.environ.get("CANDLE_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("CANDLE_WORKERS", "0")) or multiprocessing.cpu_count() * 2 + 1
worker_class = "sync"
preload_app = True
# Recycle workers now and then (memory growth in a long life), not all at once.
max_requests = 50_000
max_requests_jitter = 5_000
timeout = 30
graceful_timeout = 20
keepalive = 5
backlog = 2048
# Only nginx on this machine may tell us the client's scheme and address.
forwarded_allow_ips = "127.0.0.1"
accesslog = os.environ.get("CANDLE_ACCESS_LOG") or None  # nginx keeps the access log
errorlog = "-"
loglevel = os.environ.get("CANDLE_LOG_LEVEL", "info").lower()
proc_name = "candle"
control_socket_disable = True  # several instances (serve, bench) may run side by side


def post_fork(server, worker):
    """Connections opened while preloading belong to the master: each worker opens its own."""
    from django.core.cache import caches
    from django.db import connections

    connections.close_all()
    for cache in caches.all(initialized_only=True):
        cache.close()
