"""Staff screens for events (Wagtail admin, menu "Programmes"): the numbers per event, the
registrants of one event with their answers (also a check-in page with print CSS), attendance
marked at the door, the CSV and XLSX exports, the check-in list as a PDF, and refunds to make.

Who: ``programmes.view_registration`` to read, ``programmes.change_registration`` to mark
attendance and record refunds. The exports (CSV, XLSX, PDF) need step-up and are written to the
audit log."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from candle.access.stepup import stepup_required
from candle.audit.log import record
from candle.giving.exports import rows_csv, rows_xlsx

from .checkin import CheckinFontMissing, checkin_list_pdf
from .models import EventPage, Registration
from .payments import registration_refund_record
from .selectors import event_numbers, event_seats, refunds_open_for_event, registrations_for_event
from .services import attendance_mark

VIEW_PERMISSION = "programmes.view_registration"
CHANGE_PERMISSION = "programmes.change_registration"


def _require(request: HttpRequest, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def _event(event_id: int) -> EventPage:
    event = EventPage.objects.filter(pk=event_id).first()
    if event is None:
        raise Http404
    return event.source_event


def events(request: HttpRequest) -> HttpResponse:
    _require(request, VIEW_PERMISSION)
    return TemplateResponse(request, "programmes/admin/events.html", {"rows": event_numbers()})


def registrants(request: HttpRequest, event_id: int) -> HttpResponse:
    """The registrants of one event with their answers; printed, the check-in list."""
    _require(request, VIEW_PERMISSION)
    event = _event(event_id)
    rows = list(registrations_for_event(event=event))
    return TemplateResponse(
        request,
        "programmes/admin/registrants.html",
        {
            "event": event,
            "questions": event.question_list(),
            "confirmed": [r for r in rows if r.status == Registration.Status.CONFIRMED],
            "waiting": [r for r in rows if r.status == Registration.Status.WAITING],
            "unpaid": [r for r in rows if r.status == Registration.Status.UNPAID],
            "refunds": list(refunds_open_for_event(event=event)),
            "seats": event_seats(event=event),
            "can_mark": request.user.has_perm(CHANGE_PERMISSION),
            "printed_at": timezone.localtime(),
        },
    )


@require_POST
def attendance(request: HttpRequest, event_id: int, registration_id: int) -> HttpResponse:
    _require(request, CHANGE_PERMISSION)
    event = _event(event_id)
    registration = Registration.objects.filter(pk=registration_id, event=event).first()
    if registration is None:
        raise Http404
    present = request.POST.get("present") == "1"
    try:
        attendance_mark(registration=registration, attended=present)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    url = reverse("programmes_event_registrants", args=[event.pk])
    return redirect(f"{url}#registration-{registration.pk}")


def _answer(registration: Registration, question_id: str) -> str:
    for answer in registration.answers or []:
        if answer.get("id") == question_id:
            return str(answer.get("answer", ""))
    return ""


def _when(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def registrant_rows(*, event: EventPage) -> list[list]:
    """The export's rows (header first), the same for CSV and XLSX; every cell goes through
    giving's ``exports.cell_safe`` when written (formulas quoted, control characters dropped)."""
    questions = event.question_list()
    rows: list[list] = [
        [
            _("Status"),
            _("Registered"),
            _("Name"),
            _("E-mail"),
            _("Phone"),
            _("Language"),
            _("Attended"),
            _("Fee (won)"),
            _("Paid"),
            _("Refund"),
            *(q["label"] for q in questions),
        ]
    ]
    for r in registrations_for_event(event=event, include_cancelled=True):
        refund = ""
        if r.refunded_at:
            refund = _("refunded %(when)s") % {"when": _when(r.refunded_at)}
        elif r.refund_due_at:
            refund = _("due")
        rows.append(
            [
                r.get_status_display(),
                _when(r.created_at),
                r.name,
                r.email,
                r.phone,
                r.language,
                timezone.localtime(r.attended_at).strftime("%H:%M") if r.attended_at else "",
                r.amount or "",
                _when(r.paid_at),
                refund,
                *(_answer(r, q["id"]) for q in questions),
            ]
        )
    return rows


def registrants_csv(*, event: EventPage) -> tuple[bytes, int]:
    rows = registrant_rows(event=event)
    return rows_csv(rows), len(rows) - 1


def registrants_xlsx(*, event: EventPage) -> tuple[bytes, int]:
    rows = registrant_rows(event=event)
    return rows_xlsx(rows, title=_("Registrations")), len(rows) - 1


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@stepup_required
def export(request: HttpRequest, event_id: int, fmt: str = "csv") -> HttpResponse:
    _require(request, VIEW_PERMISSION)
    event = _event(event_id)
    if fmt == "xlsx":
        content, count = registrants_xlsx(event=event)
        content_type = XLSX
    else:
        content, count = registrants_csv(event=event)
        content_type = "text/csv; charset=utf-8"
    name = f"registrations-{event.pk}.{fmt}"
    record("export", request=request, target=event, count=count, detail=name)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@stepup_required
def checkin_pdf(request: HttpRequest, event_id: int) -> HttpResponse:
    """The printable check-in list as a PDF (names, status, a box to tick), a personal-data
    export: step-up and the audit log like the CSV."""
    _require(request, VIEW_PERMISSION)
    event = _event(event_id)
    try:
        content, count = checkin_list_pdf(event=event)
    except CheckinFontMissing:
        messages.error(
            request,
            _("The PDF cannot be made: the Korean font (fonts-nanum) is missing on the server."),
        )
        return redirect("programmes_event_registrants", event.pk)
    name = f"checkin-{event.pk}.pdf"
    record("export", request=request, target=event, count=count, detail=name)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_POST
def refund_record(request: HttpRequest, event_id: int, registration_id: int) -> HttpResponse:
    """Staff record that they refunded a paid registration (by hand: the providers cannot
    refund through their API yet)."""
    _require(request, CHANGE_PERMISSION)
    event = _event(event_id)
    registration = Registration.objects.filter(pk=registration_id, event=event).first()
    if registration is None:
        raise Http404
    if registration_refund_record(registration=registration, user=request.user):
        record("record.change", request=request, target=registration, detail="refund recorded")
        messages.success(request, _("The refund is recorded."))
    else:
        messages.info(request, _("There was no refund to record: nothing changed."))
    return redirect("programmes_event_registrants", event.pk)
