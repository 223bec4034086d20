"""Where cached pages are kept, and how a path's entries are found and forgotten.

An entry is valid only while two tokens it was stored with are still current, so that
purging never has to find entries:

* the site-wide *generation* (``pc:gen``): deleting it forgets every page at once;
* the path's *version* (``pc:v:<md5 of path>``): deleting it forgets every query-string
  variant of that path (``?page=2``, ``?year=2024``…) at once.

The entry itself is stored under its host, path and query string. A lookup reads the
generation, the version and the entry with one ``get_many`` (one round trip to Redis). The
tokens are taken *before* the page is rendered, so a purge that lands while a page is being
rendered makes that rendering stale at once rather than letting it in under new tokens.
Nothing here touches the database.
"""

import hashlib
import secrets
from contextvars import ContextVar
from dataclasses import dataclass, replace
from urllib.parse import unquote

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
    tokens: tuple[str, str] = ("", "")  # (generation, version) when stored


def page_cache() -> BaseCache:
    """The ``pages`` cache when configured (Redis or files in production), else ``default``."""
    return caches["pages" if "pages" in settings.CACHES else "default"]


def _version_key(path: str) -> str:
    """The key of a path's version token. A purge names a page by its address as links write
    it (``/ko/news/%EA%B5%AC/``), a request by its decoded path (``/ko/news/구/``): both are
    decoded here, so that they name the same token (every imported GnuBoard post has a Korean
    address)."""
    if "%" in path:
        path = unquote(path)
    return VERSION_PREFIX + hashlib.md5(path.encode(), usedforsecurity=False).hexdigest()


def _entry_key(host: str, path: str, query: str) -> str:
    address = f"{host}\n{path}\n{query}".encode()
    return ENTRY_PREFIX + hashlib.md5(address, usedforsecurity=False).hexdigest()


def _token(cache: BaseCache, key: str) -> str | None:
    """The current token under ``key``, creating one if there is none (race-safe)."""
    cache.add(key, secrets.token_hex(6), timeout=None)
    return cache.get(key)


def cached_page_lookup(*, host: str, path: str, query: str) -> tuple[CachedPage | None, tuple]:
    """The cached page, if current, and the tokens a page rendered now must be stored with."""
    cache = page_cache()
    version_key, entry_key = _version_key(path), _entry_key(host, path, query)
    found = cache.get_many([GENERATION_KEY, version_key, entry_key])
    tokens = (found.get(GENERATION_KEY), found.get(version_key))
    entry = found.get(entry_key)
    if isinstance(entry, CachedPage) and None not in tokens and entry.tokens == tokens:
        return entry, tokens
    if tokens[0] is None or tokens[1] is None:
        tokens = (
            tokens[0] or _token(cache, GENERATION_KEY),
            tokens[1] or _token(cache, version_key),
        )
    return None, tokens


def cached_page_set(
    *, host: str, path: str, query: str, page: CachedPage, tokens: tuple, timeout: int
) -> None:
    if None in tokens:  # the cache refuses writes (full, or down)
        return
    page_cache().set(_entry_key(host, path, query), replace(page, tokens=tokens), timeout=timeout)


def cached_paths_forget(paths: set[str] | list[str]) -> None:
    """Forget every cached variant of each path (all hosts, all query strings)."""
    if paths:
        page_cache().delete_many([_version_key(path) for path in paths])
        _forget_known_tokens()


def cached_pages_forget_all() -> None:
    """Forget every cached page. Old entries no longer match and are replaced or expire."""
    page_cache().delete(GENERATION_KEY)
    _forget_known_tokens()


# The data cache's values are also kept in each worker's memory (``_memo``), with the tokens
# they were stored under. The tokens themselves are read from the shared cache once per
# request (``_request_tokens``, filled as values are asked for, emptied when a request starts
# and by every purge), so a page's menu, footer, site, settings and restricted paths cost one
# round trip to Redis, not one each plus unpickling. The values are shared between requests:
# callers must treat them as read-only.
# The version of the path a request serves, and of its parent's address, are read in the
# same round trip as the first token it asks for (``request_path_expected``): a page's own
# values (its translations, a board's years) are kept under its path, a post's older and newer
# posts under its board's too, so a page costs one round trip, not two or three.
_request_tokens: ContextVar[dict | None] = ContextVar("candle_data_cache_tokens", default=None)
_request_expected: ContextVar[tuple[str, ...]] = ContextVar(
    "candle_data_cache_expected", default=()
)
# The cache they are read from, looked up once per request: ``caches[alias]`` goes through
# asgiref's ``Local`` (about 5 µs each time), and a board page asks for a dozen kept values.
_request_cache: ContextVar[BaseCache | None] = ContextVar("candle_data_cache", default=None)
_memo: dict[str, tuple[tuple, object]] = {}
_MEMO_MAX_ENTRIES = 2_000


def request_tokens_reset(**kwargs) -> None:
    """Start a request with no token known (connected to ``request_started``)."""
    _request_tokens.set({})
    _request_expected.set(())
    _request_cache.set(None)


def request_tokens_drop(**kwargs) -> None:
    """Outside a request, tokens are read each time (connected to ``request_finished``)."""
    _request_tokens.set(None)
    _request_expected.set(())
    _request_cache.set(None)


def _data_cache() -> BaseCache:
    """``page_cache()``, looked up once per request (each time outside a request)."""
    if _request_tokens.get() is None:
        return page_cache()
    cache = _request_cache.get()
    if cache is None:
        cache = page_cache()
        _request_cache.set(cache)
    return cache


def request_path_expected(path: str) -> None:
    """This request serves ``path``: read its version, and the version of the address above
    it (``/ko/news/`` for ``/ko/news/a-post/``), with the first token the request asks for
    (nothing is read now)."""
    if _request_tokens.get() is not None:
        head = path.rstrip("/").rpartition("/")[0]
        parent = (_version_key(head + "/"),) if head else ()
        _request_expected.set((_version_key(path), *parent))


def request_tokens_seen(path: str, tokens: tuple) -> None:
    """The generation and ``path``'s version as the page cache's lookup just read them
    (``cached_page_lookup``): the data cache uses them rather than reading them again."""
    known = _request_tokens.get()
    if known is not None and None not in tokens and settings.CANDLE_DATA_CACHE_ENABLED:
        known[GENERATION_KEY], known[_version_key(path)] = tokens


def request_generation() -> str | None:
    """The site-wide generation token as this request read it, if it has (``None`` outside a
    request, or before any data-cache read, or with the data cache off)."""
    known = _request_tokens.get()
    return None if known is None else known.get(GENERATION_KEY)


def _forget_known_tokens() -> None:
    known = _request_tokens.get()
    if known is not None:
        known.clear()


def _memo_keep(key: str, tokens: tuple, value) -> None:
    if len(_memo) >= _MEMO_MAX_ENTRIES:  # keys name hosts and paths: keep the memo bounded
        _memo.clear()
    _memo[key] = (tokens, value)


def _cached_under_tokens(
    key: str, token_keys: list[str], compute, timeout: int, *, in_worker_memory: bool = True
):
    """``compute()``'s value kept under ``key`` while the tokens at ``token_keys`` are the ones
    it was stored with (the same rule as a cached page). Computed afresh when the data cache
    is off (``CANDLE_DATA_CACHE_ENABLED``). ``in_worker_memory=False`` keeps it in the shared
    cache only (for keys readers choose, which would crowd the worker's memo out)."""
    if not settings.CANDLE_DATA_CACHE_ENABLED:
        return compute()
    cache = _data_cache()
    known = _request_tokens.get()
    if known is None:
        known = {}
    remembered = _memo.get(key) if in_worker_memory else None
    unknown = [token_key for token_key in token_keys if token_key not in known]
    if unknown:
        for expected in _request_expected.get():
            if expected not in known and expected not in unknown:
                unknown.append(expected)  # read now, with the others (see ``_request_expected``)
    # The entry itself is fetched with the tokens unless this worker remembers a value (then
    # the tokens alone usually settle it).
    entry_asked = bool(unknown) and remembered is None
    found = cache.get_many([*unknown, key] if entry_asked else unknown) if unknown else {}
    for token_key in unknown:
        if found.get(token_key) is not None:
            known[token_key] = found[token_key]
    tokens = tuple(known.get(token_key) for token_key in token_keys)
    if None not in tokens:
        if remembered is not None and remembered[0] == tokens:
            return remembered[1]
        entry = found.get(key) if entry_asked else cache.get(key)
        if entry is not None and entry[0] == tokens:
            if in_worker_memory:
                _memo_keep(key, tokens, entry[1])
            return entry[1]
    tokens = tuple(
        token or _token(cache, token_key)
        for token, token_key in zip(tokens, token_keys, strict=True)
    )
    value = compute()
    if None not in tokens:
        for token_key, token in zip(token_keys, tokens, strict=True):
            known[token_key] = token
        cache.set(key, (tokens, value), timeout=timeout)
        if in_worker_memory:
            _memo_keep(key, tokens, value)
    return value


def row_values(instance) -> dict:
    """A model instance as plain data (its column values), for keeping in the data cache,
    which holds plain values only; ``row_from_values`` makes the instance again, no query."""
    return {
        field.attname: getattr(instance, field.attname) for field in instance._meta.concrete_fields
    }


def row_from_values(model, values: dict):
    return model.from_db("default", list(values), list(values.values()))


def cached_site_wide(name: str, compute, timeout: int = 3600):
    """A value every page shows (the menu, the footer's links), kept until the whole page
    cache is forgotten, which publishing, moving or removing a page at the top of a language's
    tree does."""
    return _cached_under_tokens(f"pc:s:{name}", [GENERATION_KEY], compute, timeout)


def cached_for_path(path: str, name: str, compute, timeout: int = 3600):
    """A value derived from the pages at ``path`` (a board's years, say), kept until that path
    is purged, exactly like the page itself."""
    version_key = _version_key(path)
    key = f"pc:x:{name}:{version_key[len(VERSION_PREFIX) :]}"
    return _cached_under_tokens(key, [GENERATION_KEY, version_key], compute, timeout)


def cached_for_paths(
    paths: list[str], name: str, compute, timeout: int = 3600, *, in_worker_memory: bool = True
):
    """A value derived from the pages at several paths (search results, from every language's
    search address), kept until any of them is purged."""
    version_keys = [_version_key(path) for path in paths]
    digest = hashlib.md5("\0".join(paths).encode(), usedforsecurity=False).hexdigest()
    key = f"pc:x:{name}:{digest}"
    return _cached_under_tokens(
        key, [GENERATION_KEY, *version_keys], compute, timeout, in_worker_memory=in_worker_memory
    )
