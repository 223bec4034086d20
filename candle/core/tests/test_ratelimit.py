"""The rate-limit helper: counts per client address and per target, in the cache."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from candle.core import ratelimit
from candle.core.client_address import client_address
from candle.core.ratelimit import Limit, ratelimit_exceeded, ratelimit_hit


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
