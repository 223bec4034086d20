"""The rate-limit helper: counts per client address and per target, in the cache."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from candle.caching.redis import cache_unreachable
from candle.core import ratelimit
from candle.core.client_address import client_address
from candle.core.ratelimit import Limit, ratelimit_exceeded, ratelimit_hit, ratelimit_hits


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _request(address="192.0.2.1"):
    return RequestFactory().post("/", REMOTE_ADDR=address)


def test_the_attempt_after_the_limit_is_refused_and_other_keys_are_not():
    limit = Limit(count=3, seconds=60)
    assert [ratelimit_hit(scope="s", key="a", limit=limit) for _ in range(4)] == [
        False,
        False,
        False,
        True,
    ]
    assert not ratelimit_hit(scope="s", key="b", limit=limit)  # another key
    assert not ratelimit_hit(scope="other", key="a", limit=limit)  # another scope


def test_a_new_window_starts_counting_again(monkeypatch):
    limit = Limit(count=1, seconds=60)
    now = [1_000_020.0]
    monkeypatch.setattr(ratelimit.time, "time", lambda: now[0])
    assert not ratelimit_hit(scope="s", key="a", limit=limit)
    assert ratelimit_hit(scope="s", key="a", limit=limit)
    now[0] += 60
    assert not ratelimit_hit(scope="s", key="a", limit=limit)


def test_per_client_and_per_target_limits():
    per_client, per_target = Limit(2, 60), Limit(1, 60)
    first = _request("192.0.2.1")
    assert not ratelimit_exceeded(
        request=first, scope="f", per_client=per_client, target="a@x.example", per_target=per_target
    )
    # The same target from another client: over the per-target limit (case does not matter).
    assert ratelimit_exceeded(
        request=_request("192.0.2.2"),
        scope="f",
        per_client=per_client,
        target="A@X.example",
        per_target=per_target,
    )
    assert not ratelimit_exceeded(
        request=first, scope="f", per_client=per_client, target="b@x.example", per_target=per_target
    )
    assert ratelimit_exceeded(
        request=first, scope="f", per_client=per_client, target="c@x.example", per_target=per_target
    )  # the first client's third attempt
    assert not ratelimit_exceeded(request=_request("192.0.2.3"), scope="f", per_client=per_client)


def test_the_client_address_comes_from_remote_addr_and_is_not_kept_in_clear():
    request = _request("198.51.100.7")
    assert client_address(request) == "198.51.100.7"
    ratelimit_exceeded(request=request, scope="f", per_client=Limit(1, 60))
    keys = list(cache._cache.keys())  # locmem's own store
    assert keys and not any("198.51.100.7" in key for key in keys)


def test_several_limits_are_counted_together_each_against_its_own():
    hits = [("s", "a", Limit(2, 60)), ("s", "b", Limit(1, 60))]
    assert ratelimit_hits(hits) == [False, False]
    assert ratelimit_hits(hits) == [False, True]
    assert ratelimit_hits(hits) == [True, True]
    # the same counters as one at a time: this is "a"'s fourth attempt
    assert ratelimit_hit(scope="s", key="a", limit=Limit(3, 60))
    assert not ratelimit_hit(scope="s", key="a", limit=Limit(5, 60))


def test_also_counts_an_extra_limit_with_the_client_and_target():
    request = _request("192.0.2.9")
    network = ("f:network", "192.0.2.0/24", Limit(1, 60))
    args = {"request": request, "scope": "f", "per_client": Limit(10, 60)}
    assert not ratelimit_exceeded(
        **args, target="a@x.example", per_target=Limit(10, 60), also=[network]
    )
    assert ratelimit_exceeded(
        **args, target="b@x.example", per_target=Limit(10, 60), also=[network]
    )


# --- Redis: every limit of a post in one round trip ------------------------------------------

REDIS_URL = "redis://127.0.0.1:6379/3"  # this work's Redis database


@pytest.fixture
def redis_cache(settings):
    import uuid

    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {REDIS_URL}")
    settings.CACHES = {
        **settings.CACHES,
        "ratelimit_test": {
            "BACKEND": "candle.caching.redis.CandleRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        },
    }
    from django.core.cache import caches

    cache = caches["ratelimit_test"]
    yield cache
    client = cache._cache.get_client(write=True)
    keys = list(client.scan_iter(match=f"{cache.key_prefix}:*"))
    if keys:
        client.delete(*keys)
    cache.close()


def test_on_redis_the_limits_of_a_post_cost_one_round_trip(redis_cache, monkeypatch):
    import redis

    commands = []
    original_command = redis.Redis.execute_command

    def execute_command(client, *args, **kwargs):
        commands.append(args[0])
        return original_command(client, *args, **kwargs)

    monkeypatch.setattr(redis.Redis, "execute_command", execute_command)
    hits = [("s", "a", Limit(2, 60)), ("s", "b", Limit(1, 600)), ("t", "a", Limit(5, 3600))]
    results = []
    for _ in range(3):
        commands.clear()
        results.append(ratelimit_hits(hits, cache_alias="ratelimit_test"))
        assert commands[-1] == "EVALSHA"  # the script, by its hash
        assert commands in (["EVALSHA"], ["EVALSHA", "SCRIPT LOAD", "EVALSHA"])
    assert commands == ["EVALSHA"]  # once Redis knows the script: one round trip a post
    assert results == [[False, False, False], [False, True, False], [True, True, False]]
    # Each counter has its window's lifetime (never a counter without one), and the same
    # value ``incr`` reads, so both paths count on the same keys.
    client = redis_cache._cache.get_client(write=True)
    keys = sorted(client.scan_iter(match=f"{redis_cache.key_prefix}:*"))
    assert len(keys) == 3
    ttls = sorted(client.ttl(key) for key in keys)
    assert 0 < ttls[0] <= 61 and 600 < ttls[1] <= 601 and 3600 < ttls[2] <= 3601
    monkeypatch.undo()
    # counted one by one (add, incr: the path of other caches) on the same counter: its fourth
    assert ratelimit._hit_one_by_one(redis_cache, "t", "a", Limit(3, 3600))
    assert not cache_unreachable(redis_cache)


def test_on_redis_ratelimit_exceeded_counts_client_target_and_also(redis_cache):
    request = _request("192.0.2.20")
    args = {
        "request": request,
        "scope": "f",
        "per_client": Limit(10, 60),
        "per_target": Limit(1, 60),
        "also": [("f:network", "192.0.2.0/24", Limit(10, 60))],
        "cache_alias": "ratelimit_test",
    }
    assert not ratelimit_exceeded(**args, target="a@x.example")
    assert ratelimit_exceeded(**args, target="A@x.example ")  # the same address
    assert not ratelimit_exceeded(**args, target="b@x.example")


def test_on_redis_a_counter_without_a_lifetime_is_given_one(redis_cache, monkeypatch):
    monkeypatch.setattr(ratelimit.time, "time", lambda: 1_000_020.0)
    key = redis_cache.make_and_validate_key(ratelimit._cache_key("s", "z", 1_000_020 // 60))
    client = redis_cache._cache.get_client(write=True)
    client.set(key, 4)  # no lifetime: it would block for ever
    assert client.ttl(key) == -1
    assert ratelimit_hits([("s", "z", Limit(4, 60))], cache_alias="ratelimit_test") == [True]
    assert 0 < client.ttl(key) <= 61 and int(client.get(key)) == 5
