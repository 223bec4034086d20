"""Step-up: a sensitive act asks for the second factor again unless it was given within
``CANDLE_STEPUP_SECONDS`` (five minutes). Sensitive: a resident number shown or exported in
full (the NTS list, the receipts batch), an export of personal data, and any change to who may
do what (Wagtail's user and group screens, a second-factor reset).

Two ways in, one rule (``stepup_needed``):

- ``STEPUP_VIEW_NAMES``: URL names checked by ``StaffAccessMiddleware`` before the view runs,
  for views Candle does not own (Wagtail's) and the giving screens;
- ``stepup_required``: a decorator for a view of our own, where the rule should stay visible
  next to the code (a new reveal or export view: decorate it, or add its name here).

A GET is sent to the code page and back. A POST cannot be replayed after a redirect, so it is
sent to the code page and then back to the page its form was on, to be submitted again.
"""

from __future__ import annotations

import functools
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from .selectors import admin_language, second_factor_enrolled
from .sessions import second_factor_fresh

STEPUP_VIEW_NAMES = frozenset(
    {
        # Resident numbers in full, and exports of personal data (candle.giving.admin_views)
        "giving_nts",
        "giving_receipts",
        "giving_export",
        # Someone's access (Wagtail's own screens)
        "wagtailusers_users:add",
        "wagtailusers_users:edit",
        "wagtailusers_users:delete",
        "wagtailusers_groups:add",
        "wagtailusers_groups:edit",
        "wagtailusers_groups:delete",
        # Another account's second factor (candle.access.views)
        "access:reset",
    }
)
# Bulk actions on users (delete, set active, assign a role) go through one view.
STEPUP_BULK_APP_LABELS = frozenset({"wagtailusers", "auth"})


def stepup_view_listed(request: HttpRequest) -> bool:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return False
    if match.view_name in STEPUP_VIEW_NAMES:
        return True
    return (
        match.view_name == "wagtail_bulk_action"
        and match.kwargs.get("app_label") in STEPUP_BULK_APP_LABELS
    )


def stepup_needed(request: HttpRequest) -> bool:
    return not second_factor_fresh(request)


def safe_next(request: HttpRequest, candidate: str | None) -> str | None:
    """``candidate`` if it is a path on this site, else None."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return None


def stepup_redirect(request: HttpRequest) -> HttpResponseRedirect:
    """Where a sensitive request without a fresh second factor goes: the code page (or
    enrolment, for an account with no authenticator), then back."""
    if request.method in ("GET", "HEAD"):
        back = request.get_full_path()
    else:
        back = safe_next(request, request.META.get("HTTP_REFERER")) or reverse("wagtailadmin_home")
    with translation.override(admin_language(request.user)):
        if second_factor_enrolled(request.user):
            messages.info(request, _("This needs your second factor again. Enter a code to go on."))
            target = reverse("access:verify")
            query = {"next": back, "stepup": "1"}
        else:
            messages.warning(
                request, _("This needs a second factor. Set up an authenticator app to go on.")
            )
            target = reverse("access:enrol")
            query = {"next": back}
    return HttpResponseRedirect(f"{target}?{urlencode(query)}")


def stepup_required(view):
    """Decorate a view of a sensitive act (see the module docstring)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if stepup_needed(request):
            return stepup_redirect(request)
        return view(request, *args, **kwargs)

    return wrapped
