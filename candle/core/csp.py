"""The Content Security Policy: django-csp's middleware, with two exceptions to the public
site's strict policy (``CONTENT_SECURITY_POLICY`` in settings).

- Previews (Wagtail's live preview panel, "view draft", the reviewer's workflow preview) are
  a page rendered by ``make_preview_request`` for the admin to show in a frame: their policy is
  the public one with ``frame-ancestors 'self'`` (and ``X-Frame-Options: SAMEORIGIN``), so the
  admin on the same origin may frame them and no other site can. Every other public response
  keeps ``frame-ancestors 'none'``.
- The Wagtail admin (``/admin/``) gets ``CANDLE_ADMIN_CONTENT_SECURITY_POLICY``: its own
  origin, plus the inline scripts and styles Wagtail's admin still writes.
"""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

ADMIN_PREFIX = "/admin/"


class CandleCSPMiddleware(CSPMiddleware):
    def process_response(self, request: HttpRequest, response: HttpResponseBase):
        if getattr(response, "_csp_exempt", False) and getattr(response, "_csp_exempt_ro", False):
            return response  # django-csp would build both policies only to drop them
        if getattr(request, "is_preview", False):
            # Set before XFrameOptionsMiddleware looks, which then leaves it.
            response["X-Frame-Options"] = "SAMEORIGIN"
        return super().process_response(request, response)

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if report_only:
            return parts
        if getattr(request, "is_preview", False):  # set by Wagtail's make_preview_request
            parts.replace = {**(parts.replace or {}), "frame-ancestors": ["'self'"]}
        elif parts.config is None and request.path_info.startswith(ADMIN_PREFIX):
            parts.config = settings.CANDLE_ADMIN_CONTENT_SECURITY_POLICY
        return parts
