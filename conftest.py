"""Fixtures shared by every test module."""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django must allow ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_configure(config):
    """Compile a Korean catalogue whose .mo is missing (a new catalogue before anyone compiled it).

    The .mo files are committed (`make messages` compiles them); this only fills a gap, in the
    controlling process before xdist's workers start, so the tests read the Korean the .po says.
    """
    if hasattr(config, "workerinput"):
        return
    import polib

    for po_path in Path(__file__).parent.glob("candle/**/locale*/ko/LC_MESSAGES/*.po"):
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists():
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))


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
