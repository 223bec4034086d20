"""Staff screens of lecture booking (Wagtail admin, menu "Awareness lectures"): the month
calendar of requests and bookings, one request with its actions (schedule, given, decline,
cancel), and the yearly report with its CSV.

Who: ``programmes.view_lecturerequest`` to read, ``programmes.change_lecturerequest`` to act.
Viewing one request is written to the audit log (``record.view``); the CSV needs step-up and is
written as ``export``."""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from candle.access.stepup import stepup_required
from candle.audit.log import record
from candle.core.params import param_int

from .forms import GivenForm, NoteForm, ScheduleForm
from .models import LectureRequest
from .selectors import (
    lecture_calendar_month,
    lecture_report,
    lecture_report_years,
    lecture_requests_open,
)
from .services import (
    lecture_cancel,
    lecture_decline,
    lecture_given,
    lecture_schedule,
)

VIEW_PERMISSION = "programmes.view_lecturerequest"
CHANGE_PERMISSION = "programmes.change_lecturerequest"


def _require(request: HttpRequest, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def _lecture(lecture_id: int) -> LectureRequest:
    lecture = LectureRequest.objects.select_related("speaker").filter(pk=lecture_id).first()
    if lecture is None:
        raise Http404
    return lecture


def _speakers():
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .order_by("first_name", "last_name", "username")
    )


def calendar(request: HttpRequest) -> HttpResponse:
    _require(request, VIEW_PERMISSION)
    today = timezone.localdate()
    year = param_int(request.GET, "year", default=today.year, minimum=2000, maximum=2100)
    month = param_int(request.GET, "month", default=today.month, minimum=1, maximum=12)
    first = dt.date(year, month, 1)
    previous = first - dt.timedelta(days=1)
    following = first + dt.timedelta(days=32)
    return TemplateResponse(
        request,
        "programmes/lectures/admin/calendar.html",
        {
            "weeks": lecture_calendar_month(year=year, month=month),
            "month": first,
            "today": today,
            "previous": {"year": previous.year, "month": previous.month},
            "following": {"year": following.year, "month": following.month},
            "open_requests": list(lecture_requests_open()[:50]),
            "weekdays": [_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")],
        },
    )


def detail(request: HttpRequest, lecture_id: int) -> HttpResponse:
    _require(request, VIEW_PERMISSION)
    record("record.view", request=request, target=LectureRequest(pk=lecture_id))
    lecture = _lecture(lecture_id)
    return _detail(request, lecture)


def _detail(request, lecture, *, schedule_form=None, given_form=None, status=200):
    can_change = request.user.has_perm(CHANGE_PERMISSION)
    Status = LectureRequest.Status
    return TemplateResponse(
        request,
        "programmes/lectures/admin/detail.html",
        {
            "lecture": lecture,
            "can_change": can_change,
            "can_schedule": can_change and lecture.status in (Status.REQUESTED, Status.SCHEDULED),
            "can_close": can_change and lecture.status in (Status.REQUESTED, Status.SCHEDULED),
            "can_give": can_change
            and lecture.status in (Status.SCHEDULED, Status.GIVEN)
            and lecture.scheduled_at is not None
            and lecture.scheduled_at <= timezone.now(),
            "schedule_form": schedule_form or ScheduleForm(lecture=lecture, speakers=_speakers()),
            "given_form": given_form
            or GivenForm(
                initial={"people_reached": lecture.people_reached or lecture.audience_size}
            ),
            "note_form": NoteForm(),
        },
        status=status,
    )


def _back(lecture: LectureRequest) -> HttpResponse:
    return redirect(reverse("programmes_lecture", args=[lecture.pk]))


@require_POST
def schedule(request: HttpRequest, lecture_id: int) -> HttpResponse:
    _require(request, CHANGE_PERMISSION)
    lecture = _lecture(lecture_id)
    form = ScheduleForm(request.POST, lecture=lecture, speakers=_speakers())
    if form.is_valid() and "starts_at" in form.cleaned_data:
        data = form.cleaned_data
        try:
            lecture_schedule(
                lecture_id=lecture.pk,
                starts_at=data["starts_at"],
                speaker=data["speaker"],
                speaker_name=data["speaker_name"],
                venue=data["venue"],
                duration_minutes=data["duration_minutes"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The lecture is scheduled; the confirmation is on its way.")
            )
            return _back(lecture)
    return _detail(request, lecture, schedule_form=form, status=400)


@require_POST
def given(request: HttpRequest, lecture_id: int) -> HttpResponse:
    _require(request, CHANGE_PERMISSION)
    lecture = _lecture(lecture_id)
    form = GivenForm(request.POST)
    if form.is_valid():
        try:
            lecture_given(lecture_id=lecture.pk, people_reached=form.cleaned_data["people_reached"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The lecture is recorded as given."))
            return _back(lecture)
    return _detail(request, lecture, given_form=form, status=400)


@require_POST
def close(request: HttpRequest, lecture_id: int, action: str) -> HttpResponse:
    _require(request, CHANGE_PERMISSION)
    lecture = _lecture(lecture_id)
    service = {"decline": lecture_decline, "cancel": lecture_cancel}.get(action)
    if service is None:
        raise Http404
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        service(lecture_id=lecture.pk, note=note)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The request is closed."))
    return _back(lecture)


def _year(request: HttpRequest) -> int:
    return param_int(
        request.GET, "year", default=timezone.localdate().year, minimum=2000, maximum=2100
    )


BAR_HEIGHT = 22
LABEL_WIDTH = 210
BAR_WIDTH = 330


def _bars(rows, attr: str) -> dict:
    """Geometry of a horizontal bar chart drawn as SVG by the template (no script)."""
    top = max((getattr(row, attr) for row in rows), default=0) or 1
    bars = []
    for index, row in enumerate(rows):
        value = getattr(row, attr)
        bars.append(
            {
                "label": row.label,
                "value": value,
                "y": index * BAR_HEIGHT,
                "text_y": index * BAR_HEIGHT + 15,
                "width": round(BAR_WIDTH * value / top),
                "value_x": LABEL_WIDTH + round(BAR_WIDTH * value / top) + 6,
            }
        )
    return {
        "bars": bars,
        "height": len(rows) * BAR_HEIGHT,
        "label_width": LABEL_WIDTH,
        "width": LABEL_WIDTH + BAR_WIDTH + 70,
    }


def report(request: HttpRequest) -> HttpResponse:
    _require(request, VIEW_PERMISSION)
    data = lecture_report(year=_year(request))
    return TemplateResponse(
        request,
        "programmes/lectures/admin/report.html",
        {
            "report": data,
            "years": lecture_report_years(),
            "charts": [
                (_("Lectures given by type of institution"), _bars(data.by_type, "lectures")),
                (_("People reached by type of institution"), _bars(data.by_type, "people")),
                (_("Lectures given by region"), _bars(data.by_region, "lectures")),
                (_("People reached by region"), _bars(data.by_region, "people")),
            ],
        },
    )


def report_csv(*, year: int) -> bytes:
    data = lecture_report(year=year)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            _("Year"),
            _("Grouped by"),
            pgettext("lecture report", "Group"),
            _("Lectures given"),
            _("People reached"),
        ]
    )
    for grouping, rows in ((_("Institution type"), data.by_type), (_("Region"), data.by_region)):
        for row in rows:
            writer.writerow([year, grouping, row.label, row.lectures, row.people])
    writer.writerow([year, _("Total"), "", data.lectures, data.people])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


@stepup_required
def report_export(request: HttpRequest) -> HttpResponse:
    _require(request, VIEW_PERMISSION)
    year = _year(request)
    name = f"lectures-{year}.csv"
    content = report_csv(year=year)
    record("export", request=request, detail=name, count=lecture_report(year=year).lectures)
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
