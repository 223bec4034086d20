"""Django's Redis cache, keeping one Redis client per connection pool.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` object for every cache
operation. Building one fills its table of about 200 response callbacks, which cost more
than the round trip to Redis on loopback: about a tenth of an uncached page's time, since a
page makes several data-cache reads. The client object holds no connection of its own (its
pool does, and the pool reconnects after a fork), so one per pool can be kept and reused.

``CandleRedisCache`` also keeps the site up while Redis is down (below).
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis import exceptions as redis_exceptions

from .store import GENERATION_KEY


class ReusedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


# --- Redis down: serve uncached, and forget what a lost purge left behind ----------------------

_UNREACHABLE = (redis_exceptions.ConnectionError, redis_exceptions.TimeoutError)
logger = logging.getLogger(__name__)


class CandleRedisCache(RedisCache):
    """``RedisCache`` with ``ReusedClientRedisCacheClient``, which survives Redis being down.

    When Redis cannot be reached, every operation does nothing and answers as an empty cache
    would (a read misses, a write is dropped; ``incr`` raises ``ValueError`` like a missing
    key), so pages are rendered and served uncached instead of failing. For
    ``CANDLE_REDIS_RETRY_SECONDS`` after a failure Redis is not tried at all (no connection
    attempt per request). The first operation that succeeds afterwards first deletes the page
    cache's generation (``pc:gen``): purges sent while Redis was down were lost, so every page
    kept from before is forgotten (a new generation is made at the next read). Rate limits
    fall back to a count in this process (``candle.core.ratelimit``, ``cache_unreachable``).

    Connections time out after ``socket_connect_timeout`` (1 s) and calls after
    ``socket_timeout`` (2 s) unless ``OPTIONS`` says otherwise: a Redis that hangs costs a
    request at most that, once per retry interval. (Not shorter: on a loaded machine a slow
    answer would count as an outage and empty the page cache for nothing.)
    """

    def __init__(self, server, params):
        params = {**params, "OPTIONS": dict(params.get("OPTIONS") or {})}
        params["OPTIONS"].setdefault("socket_connect_timeout", 1.0)
        params["OPTIONS"].setdefault("socket_timeout", 2.0)
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
        self._down_since: float | None = None
        self._retry_at = 0.0
        self._scripts = {}  # per client: counters_incr's script

    def cache_unreachable(self) -> bool:
        return self._down_since is not None

    def _guarded(self, operation, fallback, *args, **kwargs):
        if self._down_since is not None and time.monotonic() < self._retry_at:
            return fallback()
        try:
            if self._down_since is not None:
                self._recover()
            return operation(*args, **kwargs)
        except _UNREACHABLE as error:
            if self._down_since is None:
                self._down_since = time.monotonic()
                logger.warning("Redis is unreachable (%s): serving without the cache", error)
            self._retry_at = time.monotonic() + _retry_seconds()
            return fallback()

    def _recover(self) -> None:
        """Redis answers again: forget every page kept before (a purge may have been lost)."""
        super().delete(GENERATION_KEY)  # raises if still down: then nothing changes
        outage = time.monotonic() - (self._down_since or time.monotonic())
        self._down_since = None
        logger.warning("Redis is back after %.0f s: the page cache was emptied", outage)
        from .store import _forget_known_tokens

        _forget_known_tokens()

    def get(self, key, default=None, version=None):
        return self._guarded(super().get, lambda: default, key, default, version)

    def get_many(self, keys, version=None):
        return self._guarded(super().get_many, dict, keys, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(super().set, lambda: None, key, value, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(super().add, lambda: False, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(super().touch, lambda: False, key, timeout, version)

    def delete(self, key, version=None):
        return self._guarded(super().delete, lambda: False, key, version)

    def delete_many(self, keys, version=None):
        return self._guarded(super().delete_many, lambda: None, keys, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._guarded(super().set_many, lambda: list(data), data, timeout, version)

    def has_key(self, key, version=None):
        return self._guarded(super().has_key, lambda: False, key, version)

    def incr(self, key, delta=1, version=None):
        def unreachable():
            raise ValueError(f"Key '{key}' not found (the cache is unreachable).")

        return self._guarded(super().incr, unreachable, key, delta, version)

    def clear(self):
        return self._guarded(super().clear, lambda: False)

    def counters_incr(self, counters, version=None) -> list[int] | None:
        """Count one for each ``(key, seconds)``: a counter missing (or expired) starts with a
        lifetime of ``seconds``; returns the new counts, or ``None`` while Redis is
        unreachable. All of them in one round trip, atomically (a Lua script: no counter can
        be left without a lifetime). The counters are the values ``add`` and ``incr`` make
        (``candle.core.ratelimit``'s rate limits)."""
        keys = [self.make_and_validate_key(key, version=version) for key, _seconds in counters]
        lifetimes = [seconds for _key, seconds in counters]

        def run():
            client = self._cache.get_client(write=True)
            script = self._scripts.get(id(client))
            if script is None:
                script = self._scripts[id(client)] = client.register_script(_COUNTERS_INCR)
            return [int(count) for count in script(keys=keys, args=lifetimes, client=client)]

        return self._guarded(run, lambda: None)

    def ping(self) -> bool:
        """Whether Redis answers now (the health check); never raises."""
        try:
            self._cache.get_client(write=True).ping()
        except _UNREACHABLE:
            return False
        return True


# KEYS: the counters; ARGV: their lifetimes in seconds. A counter created here, or found
# without a lifetime (never made by this code or by ``add``), is given its lifetime.
_COUNTERS_INCR = """
local counts = {}
for i, key in ipairs(KEYS) do
    local count = redis.call('INCR', key)
    if count == 1 or redis.call('TTL', key) == -1 then
        redis.call('EXPIRE', key, ARGV[i])
    end
    counts[i] = count
end
return counts
"""


def cache_unreachable(cache) -> bool:
    """True when ``cache`` is a Redis cache that has found Redis down (see above)."""
    return bool(getattr(cache, "cache_unreachable", lambda: False)())


def _retry_seconds() -> float:
    from django.conf import settings

    return float(getattr(settings, "CANDLE_REDIS_RETRY_SECONDS", 1.0))
