"""Where cached pages are kept, and how a path's entries are found and forgotten.

An entry's key is made of three parts, so that purging never has to find entries:

* the site-wide *generation* (``pc:gen``): deleting it forgets every page at once;
* the path's *version* (``pc:v:<path>``): deleting it forgets every query-string variant of
  that path (``?page=2``, ``?year=2024``…) at once;
* the host, path and query string of the request.

A lookup reads the generation and the version with one ``get_many`` (one round trip to
Redis), then the entry itself. Nothing here touches the database.
"""

import hashlib
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import BaseCache, caches

GENERATION_KEY = "pc:gen"
VERSION_PREFIX = "pc:v:"
ENTRY_PREFIX = "pc:e:"


@dataclass(frozen=True)
class CachedPage:
    """What is kept of a response: enough to rebuild it byte for byte."""

    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes
    etag: str
    last_modified: float


def page_cache() -> BaseCache:
    """The ``pages`` cache when configured (Redis or files in production), else ``default``."""
    return caches["pages" if "pages" in settings.CACHES else "default"]


def _version_key(path: str) -> str:
    return VERSION_PREFIX + hashlib.md5(path.encode(), usedforsecurity=False).hexdigest()


def _entry_key(generation: str, version: str, host: str, path: str, query: str) -> str:
    address = f"{host}\n{path}\n{query}".encode()
    return f"{ENTRY_PREFIX}{generation}:{version}:{hashlib.md5(address, usedforsecurity=False).hexdigest()}"


def cached_page_get(*, host: str, path: str, query: str) -> CachedPage | None:
    cache = page_cache()
    version_key = _version_key(path)
    tokens = cache.get_many([GENERATION_KEY, version_key])
    if len(tokens) < 2:
        return None
    entry = cache.get(_entry_key(tokens[GENERATION_KEY], tokens[version_key], host, path, query))
    return entry if isinstance(entry, CachedPage) else None


def _token(cache: BaseCache, key: str) -> str:
    """The current token under ``key``, creating one if there is none (race-safe)."""
    token = cache.get(key)
    if token is None:
        cache.add(key, secrets.token_hex(6), timeout=None)
        token = cache.get(key)
    return token


def cached_page_set(*, host: str, path: str, query: str, page: CachedPage, timeout: int) -> None:
    cache = page_cache()
    generation = _token(cache, GENERATION_KEY)
    version = _token(cache, _version_key(path))
    if generation is None or version is None:  # the cache refuses writes (full, or down)
        return
    cache.set(_entry_key(generation, version, host, path, query), page, timeout=timeout)


def cached_paths_forget(paths: set[str] | list[str]) -> None:
    """Forget every cached variant of each path (all hosts, all query strings)."""
    if paths:
        page_cache().delete_many([_version_key(path) for path in paths])


def cached_pages_forget_all() -> None:
    """Forget every cached page. Old entries are no longer reachable and expire on their own."""
    page_cache().delete(GENERATION_KEY)
