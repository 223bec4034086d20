"""Staff screen for resident registration numbers given with paid gifts that differ from (or
stand in for) the donor's stored number: *Giving → Resident number changes*. Giving staff
accept one (it replaces the stored number) or reject it. Both need
``giving.change_donortaxid``; only masked numbers are shown.

Its URLs are registered here (imported by ``GivingConfig.ready``), apart from the other
giving screens, and every view checks the permission itself."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from wagtail import hooks

from .models import TaxIdSubmission
from .selectors import tax_id_submissions_pending
from .services import tax_id_submission_decide

PERMISSION = "giving.change_donortaxid"


def _require(request: HttpRequest) -> None:
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied


def tax_id_changes(request: HttpRequest) -> HttpResponse:
    _require(request)
    return TemplateResponse(
        request,
        "giving/admin/tax_id_changes.html",
        {"submissions": tax_id_submissions_pending()[:200]},
    )


@require_POST
def tax_id_change_decide(request: HttpRequest, submission_id: int) -> HttpResponse:
    _require(request)
    submission = get_object_or_404(TaxIdSubmission, pk=submission_id)
    action = request.POST.get("action")
    if action not in ("accept", "reject"):
        messages.error(request, _("Choose to accept or to reject the number."))
        return redirect("giving_tax_id_changes")
    if not tax_id_submission_decide(
        submission=submission, accept=action == "accept", user=request.user
    ):
        messages.info(request, _("This number was already decided. Nothing has changed."))
    elif action == "accept":
        messages.success(request, _("The donor's resident registration number was replaced."))
    else:
        messages.success(request, _("The number was rejected; the stored number stays."))
    return redirect("giving_tax_id_changes")


@hooks.register("register_admin_urls")
def tax_id_change_urls():
    return [
        path("giving/tax-id-changes/", never_cache(tax_id_changes), name="giving_tax_id_changes"),
        path(
            "giving/tax-id-changes/<int:submission_id>/",
            never_cache(tax_id_change_decide),
            name="giving_tax_id_change_decide",
        ),
    ]
