"""Writes for events: registration with a waiting list, cancellation and promotion, attendance,
reminders.

Seats are never sold twice: every change to who holds a seat of an event first locks the
event's page row (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite runs write transactions one at a
time already), then counts and writes inside the same transaction.

Logging rule: ids only.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from candle.audit.chain import chain_lock
from candle.audit.rows import rows_update
from candle.supporters.services import supporter_get_or_create

from .models import EventPage, Registration

logger = logging.getLogger(__name__)


def _event_lock(event: EventPage) -> None:
    """The event's row lock, after the audit chain's: what holds an event writes audited rows
    (registrations), and a payment reaches the event already holding the chain, so taking them
    the other way round deadlocked (test_concurrency, paid seats)."""
    chain_lock()
    Page.objects.select_for_update().filter(pk=event.pk).values_list("pk", flat=True).first()


# A new registration for a paid event holds its seat this long while the person pays (they are
# at the checkout); someone moved up from the waiting list gets longer (they must read the mail
# first). Never past the start of the event.
HOLD = dt.timedelta(minutes=30)
PROMOTED_HOLD = dt.timedelta(hours=24)


def _seats_taken(event: EventPage, now: dt.datetime, *, exclude_pk: int | None = None) -> int:
    """Confirmed seats plus seats held for a payment that has not run out. The caller holds
    the event's lock."""
    qs = Registration.objects.filter(event=event).filter(
        Q(status=Registration.Status.CONFIRMED)
        | Q(status=Registration.Status.UNPAID, hold_until__gt=now)
    )
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.count()


def _hold_until(event: EventPage, now: dt.datetime, length: dt.timedelta) -> dt.datetime:
    return min(now + length, event.starts_at)


def _holds_expire(event: EventPage, now: dt.datetime) -> list[int]:
    """Unpaid holds whose time has run out are cancelled (reason: not paid in time), freeing
    their seats. The caller holds the event's lock."""
    ids = list(
        Registration.objects.filter(
            event=event, status=Registration.Status.UNPAID, hold_until__lte=now
        ).values_list("pk", flat=True)
    )
    if ids:
        rows_update(
            Registration.objects.filter(pk__in=ids),
            {
                "status": Registration.Status.CANCELLED,
                "cancelled_at": now,
                "cancel_reason": Registration.CancelReason.UNPAID,
            },
            detail="hold expired",
        )
        logger.info("event=%s unpaid holds expired ids=%s", event.pk, ids)
    return ids


def _promote_waiting(event: EventPage, now: dt.datetime | None = None) -> list[int]:
    """Expire unpaid holds that ran out, then fill free seats from the waiting list in order of
    registration; the ids promoted. On a paid event a promoted person gets a held seat to pay
    for (``PROMOTED_HOLD``), not a confirmed one. The caller holds the event's lock."""
    now = now or timezone.now()
    _holds_expire(event, now)
    free = event.capacity - _seats_taken(event, now)
    if free <= 0:
        return []
    hold_until = _hold_until(event, now, PROMOTED_HOLD)
    if event.is_paid and hold_until <= now:
        return []  # the event has started: no one can pay for a seat any more
    ids = list(
        Registration.objects.filter(event=event, status=Registration.Status.WAITING)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:free]
    )
    if ids and event.is_paid:
        rows_update(
            Registration.objects.filter(pk__in=ids),
            {
                "status": Registration.Status.UNPAID,
                "promoted_at": now,
                "hold_until": hold_until,
                "amount": event.price,
            },
            detail="promoted",
        )
    elif ids:
        rows_update(
            Registration.objects.filter(pk__in=ids),
            {"status": Registration.Status.CONFIRMED, "promoted_at": now},
            detail="promoted",
        )
    return ids


def _promoted_tell(promoted: list[int]) -> None:
    from .tasks import registration_promoted_send

    for pk in promoted:
        transaction.on_commit(lambda pk=pk: registration_promoted_send.enqueue(registration_id=pk))


def registration_create(
    *,
    event: EventPage,
    name: str,
    email: str,
    phone: str = "",
    locale: str,
    answers: list[dict] | None = None,
    consent_text: str,
    now: dt.datetime | None = None,
) -> tuple[Registration, bool]:
    """Register someone for an event: a seat if one is free, else the waiting list. A second
    registration of the same person (same e-mail) for the same event returns the first one,
    unchanged, with ``created`` false. Raises ``ValidationError`` (translated) when
    registration is not open or the details are bad."""
    event = event.source_event
    language = "en" if (locale or "").lower().startswith("en") else "ko"
    with transaction.atomic():
        _event_lock(event)
        event = EventPage.objects.get(pk=event.pk)  # the capacity as it is now, under the lock
        state = event.registration_state(now)
        if state != "open":
            raise ValidationError(
                _("Registration for this event is not open."), code=f"registration_{state}"
            )
        supporter = supporter_get_or_create(email=email, name=name, locale=locale, phone=phone)
        existing = (
            Registration.objects.filter(event=event, supporter=supporter)
            .exclude(status=Registration.Status.CANCELLED)
            .first()
        )
        if existing is not None:
            return existing, False
        now = now or timezone.now()
        promoted = _promote_waiting(event, now)  # frees seats whose payment hold ran out
        _promoted_tell(promoted)
        hold_until = None
        if _seats_taken(event, now) >= event.capacity:
            status = Registration.Status.WAITING
        elif event.is_paid:
            status, hold_until = Registration.Status.UNPAID, _hold_until(event, now, HOLD)
        else:
            status = Registration.Status.CONFIRMED
        registration = Registration.objects.create(
            amount=event.price,
            hold_until=hold_until,
            event=event,
            supporter=supporter,
            name=" ".join(name.split())[:200],
            email=email.strip()[:254],
            phone=" ".join(phone.split())[:40],
            language=language,
            status=status,
            answers=answers or [],
            consent_text=consent_text,
        )
    logger.info("registration created id=%s status=%s", registration.pk, status)
    from .tasks import registration_status_send

    transaction.on_commit(lambda: registration_status_send.enqueue(registration_id=registration.pk))
    return registration, True


def registration_cancel(*, registration_id: int) -> tuple[Registration | None, list[int]]:
    """Cancel a registration (idempotent). A freed seat goes to the first person waiting, who
    is told by e-mail. Returns the registration (None if it does not exist) and the ids
    promoted."""
    with transaction.atomic():
        registration = Registration.objects.filter(pk=registration_id).first()
        if registration is None:
            return None, []
        event = registration.event
        _event_lock(event)
        registration = Registration.objects.select_related("event").get(pk=registration_id)
        if registration.status == Registration.Status.CANCELLED:
            return registration, []
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = timezone.now()
        fields = ["status", "cancelled_at"]
        if registration.paid_at and not registration.refunded_at:
            # Paid: the money goes back. Giving's providers cannot refund yet, so this is a
            # task for staff (Programmes → the event → Refunds to make).
            registration.refund_due_at = registration.cancelled_at
            fields.append("refund_due_at")
        registration.save(update_fields=fields)
        promoted = _promote_waiting(EventPage.objects.get(pk=event.pk))
    logger.info("registration cancelled id=%s promoted=%s", registration_id, promoted)
    _promoted_tell(promoted)
    return registration, promoted


def event_waiting_promote(*, event: EventPage) -> list[int]:
    """After staff add seats: fill them from the waiting list and tell those promoted."""
    event = event.source_event
    with transaction.atomic():
        _event_lock(event)
        promoted = _promote_waiting(EventPage.objects.get(pk=event.pk))
    _promoted_tell(promoted)
    return promoted


def event_holds_expire(*, now: dt.datetime | None = None) -> int:
    """Every few minutes (``programmes.event_holds_expire`` in the schedule): cancel unpaid
    holds that ran out and give their seats to the waiting list. Registering, cancelling and
    paying do the same for their own event first, so this only speeds things up. Returns how
    many people were moved up."""
    now = now or timezone.now()
    event_ids = set(
        Registration.objects.filter(
            status=Registration.Status.UNPAID, hold_until__lte=now
        ).values_list("event_id", flat=True)
    )
    moved = 0
    for event_id in sorted(event_ids):
        with transaction.atomic():
            _event_lock(EventPage(pk=event_id))
            event = EventPage.objects.get(pk=event_id)
            promoted = _promote_waiting(event, now)
            _promoted_tell(promoted)
        moved += len(promoted)
    return moved


def attendance_mark(*, registration: Registration, attended: bool) -> Registration:
    """Mark (or unmark) that a confirmed registrant came."""
    if registration.status != Registration.Status.CONFIRMED:
        raise ValidationError(_("Only confirmed registrants can be marked as present."))
    registration.attended_at = timezone.now() if attended else None
    registration.save(update_fields=["attended_at"])
    return registration


def event_reminders_send(*, now: dt.datetime | None = None) -> int:
    """Send the day-before reminder to every confirmed registrant of events starting tomorrow
    (Korea's date). Each registration is claimed (``reminder_sent_at``) before its mail goes,
    so a second run, or two at once, sends nothing twice. Returns how many were sent."""
    from .emails import reminder_send

    now = now or timezone.now()
    tomorrow = timezone.localtime(now).date() + dt.timedelta(days=1)
    start = timezone.make_aware(dt.datetime.combine(tomorrow, dt.time.min))
    end = start + dt.timedelta(days=1)
    ids = list(
        Registration.objects.filter(
            status=Registration.Status.CONFIRMED,
            reminder_sent_at__isnull=True,
            event__starts_at__gte=start,
            event__starts_at__lt=end,
            event__live=True,
        ).values_list("pk", flat=True)
    )
    sent = 0
    for pk in ids:
        claimed = Registration.objects.filter(
            pk=pk, reminder_sent_at__isnull=True, status=Registration.Status.CONFIRMED
        ).update(reminder_sent_at=now)
        if claimed and reminder_send(registration_id=pk):
            sent += 1
    logger.info("event reminders sent=%s", sent)
    return sent


def registrations_forget(*, supporter) -> None:
    """Forget-me: erase what registrations hold about the person; keep the counts."""
    rows_update(
        Registration.objects.filter(supporter=supporter),
        {"name": "", "email": "", "phone": "", "answers": [], "consent_text": ""},
        detail="forget",
    )


REGISTRATION_KEEP_DAYS = 365


def registrations_sweep(*, now: dt.datetime | None = None, dry_run: bool = False) -> int:
    """Retention (``apply_retention`` runs it through supporters' ``sweep_hook``): one year
    after an event ended, its registrations lose the name, e-mail, phone, answers and consent
    text they hold; the rows stay (status, attendance) so the event's numbers stay right.
    Returns how many registrations were (or, on a dry run, would be) erased."""
    now = now or timezone.now()
    due = Registration.objects.filter(
        event__ends_at__lt=now - dt.timedelta(days=REGISTRATION_KEEP_DAYS)
    ).exclude(name="", email="", phone="", answers=[], consent_text="")
    if dry_run:
        return due.count()
    return rows_update(
        due,
        {"name": "", "email": "", "phone": "", "answers": [], "consent_text": ""},
        detail="retention",
    )


def registrations_merge(*, kept, duplicate) -> None:
    """Before supporters merge two people: where both hold an active registration for the same
    event, the duplicate's is cancelled (its seat goes to the next person waiting), so the
    merged person keeps one and the one-active-registration rule holds."""
    events = Registration.objects.filter(supporter=kept).exclude(
        status=Registration.Status.CANCELLED
    )
    clashing = (
        Registration.objects.filter(supporter=duplicate, event_id__in=events.values("event_id"))
        .exclude(status=Registration.Status.CANCELLED)
        .values_list("pk", flat=True)
    )
    for pk in list(clashing):
        registration_cancel(registration_id=pk)
