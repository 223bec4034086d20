"""Rate limits for public forms that write or send mail (join, "send me my link", e-mail
change; advocacy forms next). Counts live in the cache (local memory in dev and tests, Redis in
production), in fixed windows: at most ``Limit.count`` attempts per ``Limit.seconds``, per client
address and per target (for example the e-mail address a form would write to).

Keys are HMACs of the scope and the key, so the cache never holds an address in clear. The
client's address is ``candle.core.client_address``'s: behind nginx, the forwarded address, and
only from a trusted proxy. Wagtail's page passwords are limited through this module too
(``candle.core.page_password``).

    if ratelimit_exceeded(request=request, scope="supporters.join",
                          per_client=Limit(10, 3600), target=email, per_target=Limit(5, 3600)):
        return render(..., status=429)  # and send nothing
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from candle.caching.redis import cache_unreachable

from .client_address import client_address


@dataclass(frozen=True)
class Limit:
    """At most ``count`` attempts in each window of ``seconds``."""

    count: int
    seconds: int


def _cache_key(scope: str, key: str, window: int) -> str:
    digest = salted_hmac("candle.core.ratelimit", f"{scope}\0{key}").hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}:{window}"


# While the shared cache (Redis) is unreachable, attempts are counted here, per process: each
# worker still limits (a little more loosely, one count per worker), never lets everything through.
_local_counts = LocMemCache("candle-ratelimit-fallback", {"OPTIONS": {"MAX_ENTRIES": 10_000}})


def ratelimit_hit(*, scope: str, key: str, limit: Limit, cache_alias: str = "default") -> bool:
    """Count one attempt for ``key`` in ``scope``; true when it is over the limit."""
    return ratelimit_hits([(scope, key, limit)], cache_alias=cache_alias)[0]


def ratelimit_hits(
    hits: Sequence[tuple[str, str, Limit]], *, cache_alias: str = "default"
) -> list[bool]:
    """Count one attempt for each ``(scope, key, limit)``; for each, true when it is over its
    limit. On Redis all of them cost one round trip (``CandleRedisCache.counters_incr``);
    any other cache (local memory, the database) counts them one by one with ``add`` and
    ``incr``."""
    cache = caches[cache_alias]
    if not cache_unreachable(cache) and hasattr(cache, "counters_incr"):
        now = time.time()
        counts = cache.counters_incr(
            [
                (_cache_key(scope, key, int(now // limit.seconds)), limit.seconds + 1)
                for scope, key, limit in hits
            ]
        )
        if counts is not None:
            return [
                count > limit.count for count, (_s, _k, limit) in zip(counts, hits, strict=True)
            ]
    return [_hit_one_by_one(cache, scope, key, limit) for scope, key, limit in hits]


def _hit_one_by_one(cache, scope: str, key: str, limit: Limit) -> bool:
    if cache_unreachable(cache):
        cache = _local_counts
    count = _count(cache, scope, key, limit)
    if cache is not _local_counts and cache_unreachable(cache):  # found down just now
        count = _count(_local_counts, scope, key, limit)
    return count > limit.count


def _count(cache, scope: str, key: str, limit: Limit) -> int:
    window = int(time.time() // limit.seconds)
    cache_key = _cache_key(scope, key, window)
    cache.add(cache_key, 0, timeout=limit.seconds + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # the window's key expired between add and incr
        cache.set(cache_key, 1, timeout=limit.seconds + 1)
        count = 1
    return count


def ratelimit_clear(*, scope: str, key: str, limit: Limit, cache_alias: str = "default") -> None:
    """Forget the attempts counted for ``key`` in this window (after a success that should not
    count against the person, e.g. the right password)."""
    window = int(time.time() // limit.seconds)
    caches[cache_alias].delete(_cache_key(scope, key, window))
    _local_counts.delete(_cache_key(scope, key, window))


def ratelimit_exceeded(
    *,
    request: HttpRequest,
    scope: str,
    per_client: Limit,
    target: str = "",
    per_target: Limit | None = None,
    also: Sequence[tuple[str, str, Limit]] = (),
    cache_alias: str = "default",
) -> bool:
    """Count one attempt from this request's client (and, given ``target`` and ``per_target``,
    one for that target, and one for each ``(scope, key, limit)`` in ``also``, e.g. the
    client's network); true when any is over its limit. All of them are counted (in one round
    trip on Redis). The caller then answers 429 and does nothing else."""
    hits = [(f"{scope}:client", client_address(request), per_client)]
    if target and per_target is not None:
        hits.append((f"{scope}:target", target.strip().lower(), per_target))
    hits.extend(also)
    return any(ratelimit_hits(hits, cache_alias=cache_alias))
