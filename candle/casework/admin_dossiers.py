"""The disappearance dossier's screens: the dossier, its edit form, history, reminders, family
consents, and the export of the communication to the Working Group (Word and PDF).

A dossier is reached only as the dossier of a case the user may see (``case_get``), so the
need-to-know rule is the case's; everything else is as in ``admin_core``.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from candle.access.stepup import stepup_required
from candle.audit.log import record

from .access import NOT_FOUND, case_get, case_view_logged
from .admin_core import already_sent, casework_view, form_page, form_token_spend
from .dossiers import (
    consent_get,
    consent_record,
    consent_withdraw,
    dossier_event_add,
    dossier_missing,
    dossier_open,
    dossier_save,
    dossier_submitted_on,
    reminder_add,
    reminder_done,
    reminder_get,
)
from .forms import ConsentForm, ConsentWithdrawForm, DossierForm, EventForm, ReminderForm
from .models import Case, Dossier


def _dossier(request: HttpRequest, case_number: str) -> Dossier:
    case = case_get(request.user, case_number=case_number)
    if case.kind != Case.Kind.DISAPPEARANCE:
        raise Http404(NOT_FOUND)
    return dossier_open(case=case)


def _back(dossier: Dossier):
    return redirect(reverse("casework_dossier", args=[dossier.case.case_number]))


@casework_view
def dossier_detail(request: HttpRequest, case_number: str) -> HttpResponse:
    dossier = _dossier(request, case_number)
    case_view_logged(request, dossier.case)
    submitted = dossier_submitted_on(dossier)
    return TemplateResponse(
        request,
        "casework/admin/dossier.html",
        {
            "case": dossier.case,
            "dossier": dossier,
            "missing": dossier_missing(dossier),
            "procedure": Dossier.Procedure(dossier.procedure(on=submitted)).label,
            "submitted": submitted,
            "events": dossier.events.all(),
            "reminders": dossier.reminders.all(),
            "consents": dossier.consents.all(),
        },
    )


@casework_view
def dossier_edit(request: HttpRequest, case_number: str) -> HttpResponse:
    dossier = _dossier(request, case_number)
    form = DossierForm(request.POST or None, instance=dossier)
    if request.method == "POST" and form.is_valid():
        try:
            dossier_save(
                dossier=dossier, case_fields=form.case_fields(), fields=form.dossier_fields()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Dossier saved."))
            return _back(dossier)
    else:
        case_view_logged(request, dossier.case)
    return form_page(request, title=_("Edit the dossier"), form=form, case=dossier.case)


@casework_view
def event_create(request: HttpRequest, case_number: str) -> HttpResponse:
    dossier = _dossier(request, case_number)
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not form_token_spend(request):
            return already_sent(request, dossier.case)
        dossier_event_add(dossier=dossier, by=request.user, **form.cleaned_data)
        messages.success(request, _("Step recorded."))
        return _back(dossier)
    return form_page(request, title=_("Record a step"), form=form, case=dossier.case)


@casework_view
def reminder_create(request: HttpRequest, case_number: str) -> HttpResponse:
    dossier = _dossier(request, case_number)
    form = ReminderForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not form_token_spend(request):
            return already_sent(request, dossier.case)
        reminder_add(dossier=dossier, by=request.user, **form.cleaned_data)
        messages.success(request, _("Reminder set."))
        return _back(dossier)
    return form_page(request, title=_("Set a follow-up reminder"), form=form, case=dossier.case)


@casework_view
def reminder_finish(request: HttpRequest, case_number: str, reminder_id: int) -> HttpResponse:
    reminder = reminder_get(request.user, pk=reminder_id)
    if reminder.dossier.case.case_number != case_number:
        raise Http404(NOT_FOUND)
    if request.method == "POST":
        reminder_done(reminder=reminder)
        messages.success(request, _("Reminder done."))
        return _back(reminder.dossier)
    return form_page(
        request,
        title=_("Mark the reminder of %(date)s done") % {"date": reminder.due_on.isoformat()},
        form=None,
        case=reminder.dossier.case,
        submit=_("Done"),
    )


@casework_view
def consent_create(request: HttpRequest, case_number: str) -> HttpResponse:
    dossier = _dossier(request, case_number)
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not form_token_spend(request):
            return already_sent(request, dossier.case)
        consent_record(dossier=dossier, by=request.user, **form.cleaned_data)
        messages.success(request, _("Consent recorded."))
        return _back(dossier)
    return form_page(request, title=_("Record a family consent"), form=form, case=dossier.case)


@casework_view
def consent_end(request: HttpRequest, case_number: str, consent_id: int) -> HttpResponse:
    consent = consent_get(request.user, pk=consent_id)
    if consent.dossier.case.case_number != case_number:
        raise Http404(NOT_FOUND)
    form = ConsentWithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        consent_withdraw(consent=consent, on=form.cleaned_data["withdrawn_on"])
        messages.success(request, _("Withdrawal recorded."))
        return _back(consent.dossier)
    return form_page(
        request,
        title=_("Record that a consent was withdrawn"),
        form=form,
        case=consent.dossier.case,
        submit=_("Record the withdrawal"),
    )


@casework_view
@stepup_required
def wgeid_export(request: HttpRequest, case_number: str, fmt: str) -> HttpResponse:
    """The communication to the Working Group, in English, as .docx or .pdf."""
    from .wgeid import FontMissing, communication_docx, communication_pdf

    if fmt not in ("docx", "pdf"):
        raise Http404(NOT_FOUND)
    dossier = _dossier(request, case_number)
    name = f"wgeid-{dossier.case.case_number}.{fmt}"
    try:
        content = communication_docx(dossier) if fmt == "docx" else communication_pdf(dossier)
    except FontMissing:
        messages.error(request, _("The Korean font for PDFs is not installed on the server."))
        return _back(dossier)
    record("export", request=request, target=dossier.case, count=1, detail=name)
    types = {
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "pdf": "application/pdf",
    }
    response = HttpResponse(content, content_type=types[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response
