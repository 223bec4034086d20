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
        return {"confirmed": 0, "waiting": 0, "left": event.capacity or 0}
    counts = Registration.objects.filter(event=event).aggregate(
        confirmed=Count("pk", filter=Q(status=Registration.Status.CONFIRMED)),
        waiting=Count("pk", filter=Q(status=Registration.Status.WAITING)),
    )
    counts["left"] = max(event.capacity - counts["confirmed"], 0)
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
        }
        for event in qs
    ]


def registrations_for_event(*, event: EventPage, include_cancelled: bool = False):
    qs = Registration.objects.filter(event=event).order_by("status", "created_at", "pk")
    if not include_cancelled:
        qs = qs.exclude(status=Registration.Status.CANCELLED)
    return qs
