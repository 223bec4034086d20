"""Reads for events and registrations."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone

from .models import EventPage, Registration


def events_upcoming(*, locale_id: int, limit: int = 50):
    """Live events of one language that have not ended, soonest first."""
    return (
        EventPage.objects.live()
        .public()
        .filter(locale_id=locale_id, ends_at__gte=timezone.now())
        .order_by("starts_at", "pk")[:limit]
    )


def events_past(*, locale_id: int, limit: int = 10):
    return (
        EventPage.objects.live()
        .public()
        .filter(locale_id=locale_id, ends_at__lt=timezone.now())
        .order_by("-starts_at", "-pk")[:limit]
    )


def event_seats(*, event: EventPage) -> dict:
    """Seats taken and left, and how many wait (``event`` is the original). A page not saved
    yet (the preview of a new event) has none taken."""
    if event.pk is None:
        return {"confirmed": 0, "waiting": 0, "held": 0, "left": event.capacity or 0}
    counts = Registration.objects.filter(event=event).aggregate(
        confirmed=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=Registration.Status.WAITING)),
        held=Count(
            "pk",
            filter=Q(status=Registration.Status.UNPAID, hold_until__gt=timezone.now()),
        ),
    )
    counts["left"] = max(event.capacity - counts["confirmed"] - counts["held"], 0)
    return counts


def event_numbers(*, events=None) -> list[dict]:
    """For staff: per original event, seats and registrations by status and attendance."""
    qs = (
        EventPage.objects.filter(locale__language_code="ko")
        .annotate(
            confirmed=Count(
                "registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)
            ),
            waiting=Count(
                "registrations", filter=Q(registrations__status=Registration.Status.WAITING)
            ),
            cancelled=Count(
                "registrations", filter=Q(registrations__status=Registration.Status.CANCELLED)
            ),
            attended=Count("registrations", filter=Q(registrations__attended_at__isnull=False)),
            unpaid=Count(
                "registrations", filter=Q(registrations__status=Registration.Status.UNPAID)
            ),
            refunds_open=Count(
                "registrations",
                filter=Q(
                    registrations__refund_due_at__isnull=False,
                    registrations__refunded_at__isnull=True,
                ),
            ),
        )
        .order_by("-starts_at", "pk")
    )
    if events is not None:
        qs = qs.filter(pk__in=[e.pk for e in events])
    return [
        {
            "event": event,
            "capacity": event.capacity,
            "confirmed": event.confirmed,
            "waiting": event.waiting,
            "cancelled": event.cancelled,
            "attended": event.attended,
            "unpaid": event.unpaid,
            "refunds_open": event.refunds_open,
        }
        for event in qs
    ]


def registrations_for_event(*, event: EventPage, include_cancelled: bool = False):
    qs = Registration.objects.filter(event=event).order_by("status", "created_at", "pk")
    if not include_cancelled:
        qs = qs.exclude(status=Registration.Status.CANCELLED)
    return qs


def refunds_open_for_event(*, event: EventPage):
    """Paid registrations whose money must go back and has not yet (staff's task)."""
    return (
        Registration.objects.filter(
            event=event, refund_due_at__isnull=False, refunded_at__isnull=True
        )
        .select_related("payment")
        .order_by("refund_due_at", "pk")
    )
