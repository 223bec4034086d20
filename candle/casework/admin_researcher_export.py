"""Researcher export screens under ``/admin/casework/exports/``: the list, preparing one, the
review page (a preview, and for a supervisor other than the preparer the decision), and the
download of an approved file (step-up, logged as ``export``).

The service (``candle.casework.researcher_export``) decides what is stripped and who may act;
these views parse the forms and show the result."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from candle.access.stepup import stepup_required
from candle.audit.log import record

from .access import can_supervise
from .admin_core import casework_view
from .forms_testimonies import ResearcherExportForm, ReviewForm
from .models import ResearcherExport
from .researcher_export import (
    researcher_export_file,
    researcher_export_get,
    researcher_export_prepare,
    researcher_export_preview,
    researcher_export_review,
    researcher_exports_visible_to,
)


@casework_view
def export_index(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(
        request,
        "casework/admin/export_index.html",
        {"exports": researcher_exports_visible_to(request.user)[:100]},
    )


@casework_view
def export_prepare(request: HttpRequest) -> HttpResponse:
    form = ResearcherExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            export = researcher_export_prepare(
                user=request.user, purpose=form.cleaned_data["purpose"], filters=form.filters()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The export is prepared. A supervisor must review it."))
            return redirect("casework_export", pk=export.pk)
    return TemplateResponse(request, "casework/admin/export_form.html", {"form": form})


@casework_view
def export_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The preview; a supervisor who did not prepare it decides here (POST)."""
    export = researcher_export_get(request.user, pk=pk)
    may_review = (
        can_supervise(request.user)
        and export.prepared_by_id != request.user.pk
        and export.status == ResearcherExport.Status.PREPARED
    )
    form = ReviewForm(request.POST or None) if may_review else None
    if request.method == "POST":
        if form is None:
            messages.error(request, _("This export cannot be reviewed by you or not any more."))
            return redirect("casework_export", pk=export.pk)
        if form.is_valid():
            try:
                researcher_export_review(
                    export=export,
                    by=request.user,
                    approve=form.cleaned_data["decision"] == "approve",
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Your decision is recorded."))
            return redirect("casework_export", pk=export.pk)
    record("record.view", request=request, target=export)
    heading, rows = researcher_export_preview(export)
    return TemplateResponse(
        request,
        "casework/admin/export_detail.html",
        {"export": export, "form": form, "heading": heading, "rows": rows},
    )


@casework_view  # the 404 comes before the step-up question
@stepup_required
def export_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    export = researcher_export_get(request.user, pk=pk)
    try:
        content, content_type, name = researcher_export_file(
            request=request, export=export, fmt=fmt
        )
    except PermissionDenied:
        messages.error(request, _("Only an approved export can be downloaded."))
        return redirect("casework_export", pk=export.pk)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
