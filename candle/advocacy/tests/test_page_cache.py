"""The appeal page stays in the page cache: signing purges nothing, and the page's figure is
the one it was rendered with while the count endpoint moves on (at most ten seconds old)."""

import json

import pytest

from candle.advocacy.models import Signature
from candle.caching.middleware import CACHE_STATUS_HEADER
from candle.caching.store import page_cache

from .conftest import sign_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache_on(settings):
    settings.CANDLE_PAGE_CACHE_ENABLED = True
    page_cache().clear()
    yield
    page_cache().clear()


def test_signing_never_purges_the_page_cache(client, homes, page_cache_on, monkeypatch):
    from candle.caching import services, store

    from .conftest import appeal_make

    appeal = appeal_make(homes["ko"], opt_in="single")
    paths = [appeal.url, "/ko/"]
    for path in paths:
        client.get(path)
    assert all(client.get(path)[CACHE_STATUS_HEADER] == "hit" for path in paths)

    def forbidden(*args, **kwargs):
        raise AssertionError("signing purged the page cache")

    monkeypatch.setattr(store, "cached_paths_forget", forbidden)
    monkeypatch.setattr(store, "cached_pages_forget_all", forbidden)
    monkeypatch.setattr(services, "page_cache_purge_paths", forbidden)
    monkeypatch.setattr(services, "page_cache_purge_all", forbidden)
    response = client.post(f"/ko/advocacy/appeals/{appeal.pk}/sign/", sign_data())
    assert response.status_code == 302
    assert Signature.objects.get().counted
    assert all(client.get(path)[CACHE_STATUS_HEADER] == "hit" for path in paths)
    from django.core.cache import cache

    cache.delete(f"advocacy:count:{appeal.translation_key}")
    for key in (f"advocacy:countjson:{appeal.pk}:ko",):
        cache.delete(key)
    count = client.get(f"/ko/advocacy/appeals/{appeal.pk}/count/")
    assert json.loads(count.content)["count"] == 1
    assert count.get(CACHE_STATUS_HEADER) != "hit"  # never in the page cache itself
