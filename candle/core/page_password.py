"""An attempt limit for Wagtail's password forms (pages and document collections).

A password-protected page takes its password at ``/<lang>/_util/authenticate_with_password/``
(a document collection at ``/documents/authenticate_with_password/``), and Wagtail checks as
many as it is sent. Here each POST counts, per (client address, restriction), through
``candle.core.ratelimit`` (the default cache: Redis in production, shared by the workers) in
windows of CANDLE_PAGE_PASSWORD_WINDOW_SECONDS; past CANDLE_PAGE_PASSWORD_ATTEMPTS the answer is
429 with a page in the reader's language, and the password is not checked at all. The right
password clears the count. The address is ``candle.core.client_address``'s (the client's,
behind nginx). Nothing here records the password.
"""

from __future__ import annotations

import math
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import get_template
from django.utils import translation
from django.utils.cache import add_never_cache_headers

from .client_address import client_address
from .ratelimit import Limit, ratelimit_clear, ratelimit_hit


def _refused(window: int) -> HttpResponse:
    language = (translation.get_language() or "ko").split("-")[0]
    html = get_template("core/password_attempts_refused.html").render(
        {"LANGUAGE": language, "minutes": max(1, math.ceil(window / 60))}
    )
    response = HttpResponse(html, status=429)
    response.headers["Retry-After"] = str(window)
    response.headers["Content-Language"] = language
    add_never_cache_headers(response)
    return response


def password_attempts_limited(view, *, kind: str, restriction_kwarg: str):
    """Wrap one of Wagtail's ``authenticate_with_password`` views."""

    @wraps(view)
    def limited(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method != "POST":
            return view(request, *args, **kwargs)
        window = settings.CANDLE_PAGE_PASSWORD_WINDOW_SECONDS
        limit = Limit(count=settings.CANDLE_PAGE_PASSWORD_ATTEMPTS, seconds=window)
        scope = f"page-password:{kind}:{kwargs.get(restriction_kwarg)}"
        key = client_address(request)
        if ratelimit_hit(scope=scope, key=key, limit=limit):
            return _refused(window)
        response = view(request, *args, **kwargs)
        if response.status_code in (301, 302, 303):  # the password was right
            ratelimit_clear(scope=scope, key=key, limit=limit)
        return response

    return limited
