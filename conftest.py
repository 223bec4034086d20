"""Fixtures shared by every test module."""

import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django must allow ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Every test writes uploads to its own temporary folder."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def site_tree(db):
    """Both languages' home pages with standard pages, work areas, boards and the library."""
    from candle.pages.services import site_tree_ensure

    return site_tree_ensure()


@pytest.fixture
def data_cache_on(settings):
    """The data cache on (``settings/test.py`` has it off), empty before and after the test."""
    from candle.caching.store import page_cache

    settings.CANDLE_DATA_CACHE_ENABLED = True
    page_cache().clear()
    yield
    page_cache().clear()


def database_vendor() -> str:
    from django.db import connection

    return connection.vendor
