"""The full-page cache for anonymous readers.

It sits just after WhiteNoise, before sessions, so a hit is answered before anything that could
read the database (sessions, users, the locale, Wagtail's redirects). What it stores is the
response as every inner middleware left it (CSP, X-Frame-Options, Content-Language…), so a hit
is byte for byte what a miss would send. SecurityMiddleware sits outside it and adds its
headers to both.

A request is looked up only when it is a GET or HEAD without a session cookie or an
Authorization header, for a path outside the private prefixes. A response is stored only
when it is a 200 from a view on the allowlist (``CANDLE_PAGE_CACHE_VIEWS``: Wagtail pages,
search, the sitemap) and did not set a cookie, use a CSRF token, come from a preview or say
``private``/``no-cache``/``no-store`` itself. Anything else, including every private app to
come, is never stored, without having to remember to exclude it.
"""

import hashlib
import time

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from .store import (
    CachedPage,
    cached_page_lookup,
    cached_page_set,
    request_path_expected,
    request_tokens_seen,
)

CACHE_STATUS_HEADER = "X-Page-Cache"
# Inner middleware may set these per request; they are not part of the stored page.
_NOT_STORED = {"set-cookie", CACHE_STATUS_HEADER.lower()}
_REFUSING_DIRECTIVES = ("private", "no-cache", "no-store")


def _config(name: str, default):
    return getattr(settings, name, default)


def never_cached_prefixes() -> tuple[str, ...]:
    prefixes = list(_config("CANDLE_PAGE_CACHE_NEVER_PREFIXES", ["/admin/"]))
    for language, _name in settings.LANGUAGES:
        for app_prefix in _config("CANDLE_PAGE_CACHE_NEVER_APP_PREFIXES", []):
            prefixes.append(f"/{language}/{app_prefix.strip('/')}/")
    return tuple(prefixes)


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.timeout = int(_config("CANDLE_PAGE_CACHE_SECONDS", 3600))
        self.browser_max_age = int(_config("CANDLE_PAGE_CACHE_BROWSER_SECONDS", 60))
        self.shared_max_age = int(_config("CANDLE_PAGE_CACHE_SHARED_SECONDS", 0))
        self.proxy_seconds = int(_config("CANDLE_PAGE_CACHE_PROXY_SECONDS", 10))
        self.views = frozenset(
            _config("CANDLE_PAGE_CACHE_VIEWS", {"wagtail_serve", "search", "sitemap"})
        )
        self.never_prefixes = never_cached_prefixes()
        self.session_cookie = settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not (settings.CANDLE_PAGE_CACHE_ENABLED and self._request_may_use_cache(request)):
            request_path_expected(request.path)
            return self.get_response(request)
        # get_host() validates the Host header against ALLOWED_HOSTS (DisallowedHost → 400).
        address = {
            "host": request.get_host(),
            "path": request.path,
            "query": request.META.get("QUERY_STRING", ""),
        }
        cached, tokens = cached_page_lookup(**address)
        if cached is not None:
            return self._response_from(request, cached)
        request_tokens_seen(request.path, tokens)  # the data cache needs not read them again

        response = self.get_response(request)
        if request.method == "GET" and self._response_may_be_stored(request, response):
            page = self._page_from(response)
            cached_page_set(**address, page=page, tokens=tokens, timeout=self.timeout)
            response[CACHE_STATUS_HEADER] = "miss"
            return get_conditional_response(
                request, etag=page.etag, last_modified=int(page.last_modified), response=response
            )
        return response

    def _request_may_use_cache(self, request: HttpRequest) -> bool:
        return (
            request.method in ("GET", "HEAD")
            and self.session_cookie not in request.COOKIES
            and "HTTP_AUTHORIZATION" not in request.META
            and not request.path.startswith(self.never_prefixes)
            and len(request.META.get("QUERY_STRING", "")) <= 300
        )

    def _response_may_be_stored(self, request: HttpRequest, response: HttpResponse) -> bool:
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        match = getattr(request, "resolver_match", None)
        if match is None or match.url_name not in self.views:
            return False
        # get_token() leaves this key behind even after CsrfViewMiddleware has set the cookie.
        if "CSRF_COOKIE_NEEDS_UPDATE" in request.META or getattr(request, "is_preview", False):
            return False
        cache_control = response.get("Cache-Control", "").lower()
        if any(directive in cache_control for directive in _REFUSING_DIRECTIVES):
            return False
        # A signed-in user can reach here only without a session cookie (e.g. a header-based
        # login a future app adds); never store what such a user sees.
        user = getattr(request, "_cached_user", None)
        return not (user is not None and user.is_authenticated)

    def _page_from(self, response: HttpResponse) -> CachedPage:
        etag = f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'
        now = time.time()
        response["ETag"] = etag
        response["Last-Modified"] = http_date(now)
        options = {"public": True, "max_age": self.browser_max_age}
        if self.shared_max_age:
            options["s_maxage"] = self.shared_max_age
        patch_cache_control(response, **options)
        if self.proxy_seconds:
            # nginx's own cache keeps the page this long (nginx never passes this header on).
            response["X-Accel-Expires"] = str(self.proxy_seconds)
        headers = tuple(
            (name, value) for name, value in response.items() if name.lower() not in _NOT_STORED
        )
        return CachedPage(
            status=200, headers=headers, body=response.content, etag=etag, last_modified=now
        )

    def _response_from(self, request: HttpRequest, cached: CachedPage) -> HttpResponse:
        response = HttpResponse(
            b"" if request.method == "HEAD" else cached.body, status=cached.status
        )
        for name, value in cached.headers:
            response[name] = value
        response["Content-Length"] = str(len(cached.body))
        response[CACHE_STATUS_HEADER] = "hit"
        return get_conditional_response(
            request, etag=cached.etag, last_modified=int(cached.last_modified), response=response
        )
