"""``StaffAccessMiddleware``: what a signed-in session may reach, checked on every request
that carries a session cookie (a request without one is a reader's and is passed on untouched,
so the page cache and its no-cookie rule are not affected).

1. A session idle longer than ``CANDLE_STAFF_SESSION_IDLE_SECONDS`` or older than
   ``CANDLE_STAFF_SESSION_MAX_SECONDS`` is signed out; an admin request then goes to the
   sign-in page with a message.
2. Under ``/admin/`` (and ``/documents/``), a session that gave the password but not the second factor reaches only
   the sign-in, sign-out and second-factor pages: an account with an authenticator is asked
   for a code, an account that must use two factors (``policy.two_factor_required``) and has
   none is sent to enrol. Other accounts (writers, editors) may enrol from their account.
3. A sensitive view (``stepup.STEPUP_VIEW_NAMES``) asks for the code again unless it was
   given within ``CANDLE_STEPUP_SECONDS``.

(2) and (3) run in ``process_view``, when the URL's name is known, and before any view or
Wagtail's own permission checks.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .policy import two_factor_required
from .selectors import admin_language, second_factor_enrolled
from .sessions import session_expired, session_touch
from .stepup import stepup_needed, stepup_redirect, stepup_view_listed

# The admin, and documents: a collection restricted to signed-in users would otherwise open
# to a password alone.
STAFF_PATH_PREFIXES = ("/admin/", "/documents/")
# Reachable with the password alone (the second-factor pages check what they allow).
OPEN_VIEW_NAMES = frozenset(
    {
        "wagtailadmin_login",
        "wagtailadmin_logout",
        "wagtailadmin_javascript_catalog",
        "wagtailadmin_sprite",  # the icons, which the second-factor pages show too
        "access:verify",
        "access:enrol",
        "access:recovery_codes_once",
    }
)


def _is_staff_path(request: HttpRequest) -> bool:
    return request.path_info.startswith(STAFF_PATH_PREFIXES)


def _with_next(url: str, request: HttpRequest) -> str:
    if request.method in ("GET", "HEAD"):
        return f"{url}?{urlencode({'next': request.get_full_path()})}"
    return url


class StaffAccessMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.session_cookie = settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest):
        if self.session_cookie in request.COOKIES and request.user.is_authenticated:
            if session_expired(request):
                language = admin_language(request.user)
                logout(request)
                if _is_staff_path(request):
                    with translation.override(language):
                        messages.warning(
                            request,
                            _(
                                "You were signed out after a time without use. Please sign in again."
                            ),
                        )
                    return HttpResponseRedirect(_with_next(reverse("wagtailadmin_login"), request))
            else:
                session_touch(request)
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        if self.session_cookie not in request.COOKIES or not _is_staff_path(request):
            return None
        user = request.user
        if not user.is_authenticated:
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_VIEW_NAMES:
            return None
        if not user.is_verified():
            if second_factor_enrolled(user):
                return HttpResponseRedirect(_with_next(reverse("access:verify"), request))
            if two_factor_required(user):
                return HttpResponseRedirect(_with_next(reverse("access:enrol"), request))
            if stepup_view_listed(request):
                return stepup_redirect(request)  # sends such an account to enrol
            return None
        if stepup_view_listed(request) and stepup_needed(request):
            return stepup_redirect(request)
        return None
