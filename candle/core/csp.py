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

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware, PolicyParts
from csp.utils import build_policy
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

ADMIN_PREFIX = "/admin/"
# What a view may set on its response to change its policy (django-csp's decorators)
_RESPONSE_PARTS = tuple(
    f"_csp_{part}{suffix}" for part in ("config", "update", "replace") for suffix in ("", "_ro")
)


class CandleCSPMiddleware(CSPMiddleware):
    # The public policies as django-csp builds them from the settings, built once for the
    # settings' current values (a test overriding them gets its own): building them walked
    # every directive on every response.
    _built: tuple | None = None

    def process_response(self, request: HttpRequest, response: HttpResponseBase):
        if getattr(response, "_csp_exempt", False) and getattr(response, "_csp_exempt_ro", False):
            return response  # django-csp would build both policies only to drop them
        if getattr(request, "is_preview", False):
            # Set before XFrameOptionsMiddleware looks, which then leaves it.
            response["X-Frame-Options"] = "SAMEORIGIN"
        elif self._plain(request, response):
            return self._public_policy_set(request, response)
        return super().process_response(request, response)

    @staticmethod
    def _plain(request: HttpRequest, response: HttpResponseBase) -> bool:
        """A response whose policies are the settings' own, unchanged: no preview, not the
        admin, no nonce asked for, no per-view policy, not a debug page."""
        return (
            not settings.DEBUG
            and getattr(request, "_csp_nonce", None) is None
            and not request.path_info.startswith(ADMIN_PREFIX)
            and not any(getattr(response, name, None) is not None for name in _RESPONSE_PARTS)
        )

    def _public_policies(self) -> tuple[str, str]:
        sources = (
            getattr(settings, "CONTENT_SECURITY_POLICY", None),
            getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None),
        )
        built = CandleCSPMiddleware._built
        if built is None or built[0][0] is not sources[0] or built[0][1] is not sources[1]:
            built = (sources, (build_policy(), build_policy(report_only=True)))
            CandleCSPMiddleware._built = built
        return built[1]

    def _public_policy_set(self, request: HttpRequest, response: HttpResponseBase):
        """What django-csp's ``process_response`` does for such a response, with the policies
        built once (``candle/core/tests/test_csp.py`` compares the headers with django-csp's)."""
        for header, policy, exempt, name in zip(
            (HEADER, HEADER_REPORT_ONLY),
            self._public_policies(),
            ("_csp_exempt", "_csp_exempt_ro"),
            ("CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY"),
            strict=True,
        ):
            if not policy or header in response or getattr(response, exempt, False):
                continue
            prefixes = (getattr(settings, name, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
            if not request.path_info.startswith(tuple(prefixes)):
                response[header] = policy
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

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
