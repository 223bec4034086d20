import pytest

from candle.caching.store import page_cache


@pytest.fixture
def page_cache_on(settings):
    """The full-page cache on (``settings/test.py`` has it off), empty before and after."""
    settings.CANDLE_PAGE_CACHE_ENABLED = True
    page_cache().clear()
    yield
    page_cache().clear()
