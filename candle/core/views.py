"""Pages the framework shows on Candle's behalf (CSRF_FAILURE_VIEW)."""

from django.http import HttpRequest, HttpResponseForbidden
from django.template.loader import get_template
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponseForbidden:
    """A form's CSRF check failed: say what to do, in the reader's language (LocaleMiddleware
    has chosen it from /ko/ or /en/, or the browser's for the admin).

    Rendered without the request's context processors, so nothing here can fail again on any
    page, the admin's included; ``reason`` is Django's and is not shown."""
    language = (translation.get_language() or "ko").split("-")[0]
    referer = request.META.get("HTTP_REFERER", "")
    back = (
        referer
        if referer
        and url_has_allowed_host_and_scheme(
            referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
        else ""
    )
    html = get_template("403_csrf.html").render({"LANGUAGE": language, "back_url": back})
    response = HttpResponseForbidden(html)
    response.headers["Content-Language"] = language
    add_never_cache_headers(response)
    return response
