"""Staff screens for events (Wagtail admin, menu "Programmes"): the numbers per event, the
registrants of one event with their answers (also the printable check-in list: print-CSS HTML,
printed from the browser), attendance marked at the door, and the CSV export.

Who: ``programmes.view_registration`` to read, ``programmes.change_registration`` to mark
attendance. The export needs step-up and is written to the audit log."""

from __future__ import annotations

import csv
import io

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

from .models import EventPage, Registration
from .selectors import event_numbers, event_seats, registrations_for_event
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


def _cell(value) -> str:
    """A spreadsheet cell that cannot run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def registrants_csv(*, event: EventPage) -> tuple[bytes, int]:
    questions = event.question_list()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            _("Status"),
            _("Registered"),
            _("Name"),
            _("E-mail"),
            _("Phone"),
            _("Language"),
            _("Attended"),
            *(q["label"] for q in questions),
        ]
    )
    count = 0
    for r in registrations_for_event(event=event, include_cancelled=True):
        writer.writerow(
            [
                _cell(r.get_status_display()),
                timezone.localtime(r.created_at).strftime("%Y-%m-%d %H:%M"),
                _cell(r.name),
                _cell(r.email),
                _cell(r.phone),
                r.language,
                timezone.localtime(r.attended_at).strftime("%H:%M") if r.attended_at else "",
                *(_cell(_answer(r, q["id"])) for q in questions),
            ]
        )
        count += 1
    return ("\ufeff" + buffer.getvalue()).encode("utf-8"), count


@stepup_required
def export(request: HttpRequest, event_id: int) -> HttpResponse:
    _require(request, VIEW_PERMISSION)
    event = _event(event_id)
    content, count = registrants_csv(event=event)
    name = f"registrations-{event.pk}.csv"
    record("export", request=request, target=event, count=count, detail=name)
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
