"""Purging the page cache: the app's cache, and the CDN's when one is configured.

Purges run after the transaction commits, so a reader arriving between the purge and the
commit cannot put the old version back into the cache.
"""

import contextlib
import logging
import threading
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.db import transaction

from .store import cached_pages_forget_all, cached_paths_forget

logger = logging.getLogger(__name__)
_state = threading.local()


def _paused() -> bool:
    return getattr(_state, "paused", 0) > 0


@contextlib.contextmanager
def page_cache_paused() -> Iterator[None]:
    """Skip per-page purges inside the block (bulk imports), then forget everything once."""
    _state.paused = getattr(_state, "paused", 0) + 1
    try:
        yield
    finally:
        _state.paused -= 1
        if not _paused():
            page_cache_purge_all()


def _frontend_cache_purge(paths: Iterable[str] | None) -> None:
    """Tell the CDN (Wagtail's frontend-cache backends) when one is configured."""
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    base = settings.CANDLE_BASE_URL
    urls = [base + "/"] if paths is None else [base + path for path in sorted(paths)]
    try:
        purge_urls_from_cache(urls)
    except Exception:  # a CDN outage must not break publishing; its own expiry still applies
        logger.exception("CDN purge failed for %d addresses", len(urls))


def page_cache_purge_paths(paths: Iterable[str]) -> None:
    """Forget the cached pages at these paths (every query string) once the change commits."""
    paths = set(paths)
    if not paths or _paused():
        return

    def purge() -> None:
        cached_paths_forget(paths)
        _frontend_cache_purge(paths)

    transaction.on_commit(purge)


def page_cache_purge_all() -> None:
    """Forget every cached page once the change commits."""
    if _paused():
        return

    def purge() -> None:
        cached_pages_forget_all()
        _frontend_cache_purge(None)

    transaction.on_commit(purge)
