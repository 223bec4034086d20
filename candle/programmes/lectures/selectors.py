"""Reads of lecture booking: the month calendar staff plan from, and the yearly report."""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.utils import timezone

from .choices import InstitutionType, Region
from .models import LectureRequest

Status = LectureRequest.Status


@dataclass
class CalendarEntry:
    lecture: LectureRequest
    kind: str  # "booked" (scheduled or given, on its date) or "preferred" (an open request)
    time: dt.time | None = None


@dataclass
class CalendarDay:
    date: dt.date
    in_month: bool
    entries: list[CalendarEntry] = field(default_factory=list)


def lecture_calendar_month(*, year: int, month: int) -> list[list[CalendarDay]]:
    """The weeks (Monday first) of the month, each day with the lectures booked on it and the
    open requests that prefer it. Two queries."""
    weeks = pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    first, last = weeks[0][0], weeks[-1][-1]
    days = {d: CalendarDay(date=d, in_month=d.month == month) for week in weeks for d in week}
    start = timezone.make_aware(dt.datetime.combine(first, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min))
    booked = LectureRequest.objects.filter(
        status__in=[Status.SCHEDULED, Status.GIVEN], scheduled_at__gte=start, scheduled_at__lt=end
    ).order_by("scheduled_at")
    for lecture in booked:
        local = timezone.localtime(lecture.scheduled_at)
        days[local.date()].entries.append(CalendarEntry(lecture, "booked", local.time()))
    span = Q()
    for name in ("preferred_date_1", "preferred_date_2", "preferred_date_3"):
        span |= Q(**{f"{name}__gte": first, f"{name}__lte": last})
    for lecture in LectureRequest.objects.filter(span, status=Status.REQUESTED).order_by("pk"):
        for day in lecture.preferred_dates:
            if day in days:
                days[day].entries.append(CalendarEntry(lecture, "preferred"))
    return [[days[d] for d in week] for week in weeks]


def lecture_requests_open():
    """Requests waiting for a decision, oldest first."""
    return LectureRequest.objects.filter(status=Status.REQUESTED).order_by("created_at", "pk")


@dataclass
class ReportRow:
    key: str
    label: str
    lectures: int
    people: int


def _rows(year: int, group: str, choices) -> list[ReportRow]:
    start = timezone.make_aware(dt.datetime(year, 1, 1))
    end = timezone.make_aware(dt.datetime(year + 1, 1, 1))
    found = {
        row[group]: row
        for row in LectureRequest.objects.filter(
            status=Status.GIVEN, scheduled_at__gte=start, scheduled_at__lt=end
        )
        .values(group)
        .annotate(lectures=Count("pk"), people=Sum("people_reached"))
    }
    out = []
    for value, label in choices:
        row = found.get(value, {})
        out.append(
            ReportRow(
                key=value,
                label=str(label),
                lectures=row.get("lectures", 0),
                people=row.get("people") or 0,
            )
        )
    return out


@dataclass
class LectureReport:
    year: int
    by_type: list[ReportRow]
    by_region: list[ReportRow]

    @property
    def lectures(self) -> int:
        return sum(row.lectures for row in self.by_type)

    @property
    def people(self) -> int:
        return sum(row.people for row in self.by_type)


def lecture_report(*, year: int) -> LectureReport:
    """Lectures given in the year (Korea's calendar year, by the lecture's date) and the people
    they reached, by institution type and by region. Rows for every type and region, zeros
    included. Counts stay right after the contact details are erased."""
    return LectureReport(
        year=year,
        by_type=_rows(year, "institution_type", InstitutionType.choices),
        by_region=_rows(year, "region", Region.choices),
    )


def lecture_report_years() -> list[int]:
    dates = LectureRequest.objects.filter(status=Status.GIVEN).datetimes("scheduled_at", "year")
    years = {d.year for d in dates} | {timezone.localdate().year}
    return sorted(years, reverse=True)
