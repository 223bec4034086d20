"""Mail to registrants, in the language they registered in: their status (a seat or the waiting
list, with the cancel link), a promotion off the waiting list, the day-before reminder. Each mail
carries the event as an ``.ics`` attachment. Sent from tasks enqueued on commit.

Logging rule: ids only.
"""

from __future__ import annotations

import logging

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .ics import event_ics
from .models import EventPage, Registration
from .tokens import cancel_url, pay_url

logger = logging.getLogger(__name__)


def event_in_language(event: EventPage, language: str) -> EventPage:
    """The event's live translation in ``language`` when there is one, else the event."""
    translated = (
        EventPage.objects.live()
        .filter(translation_key=event.translation_key, locale__language_code=language)
        .first()
    )
    return translated or event


def _send(*, template: str, registration: Registration) -> bool:
    if not registration.email:
        return False
    language = registration.language if registration.language in ("ko", "en") else "ko"
    event = event_in_language(registration.event, language)
    context = {
        "registration": registration,
        "event": event,
        "cancel_url": cancel_url(registration_id=registration.pk, language=language),
        "pay_url": pay_url(registration_id=registration.pk, language=language),
        "hold_until": timezone.localtime(registration.hold_until)
        if registration.hold_until
        else None,
    }
    with translation.override(language):
        subject = " ".join(
            render_to_string(f"programmes/email/{template}_subject.txt", context).split()
        )
        text = render_to_string(f"programmes/email/{template}.txt", context)
    message = EmailMultiAlternatives(subject, text, None, [registration.email])
    message.attach("event.ics", event_ics(event), "text/calendar")
    message.send()
    logger.info("programmes mail %s registration=%s", template, registration.pk)
    return True


def _registration(registration_id: int) -> Registration | None:
    return Registration.objects.select_related("event").filter(pk=registration_id).first()


def status_send(*, registration_id: int) -> bool:
    """Tell the registrant where they stand: a seat, or a place on the waiting list."""
    registration = _registration(registration_id)
    if registration is None or registration.status == Registration.Status.CANCELLED:
        return False
    return _send(template="status", registration=registration)


def promoted_send(*, registration_id: int) -> bool:
    """Moved up from the waiting list: a seat (free event) or a seat held to pay for."""
    registration = _registration(registration_id)
    if registration is None or registration.status not in (
        Registration.Status.CONFIRMED,
        Registration.Status.UNPAID,
    ):
        return False
    return _send(template="promoted", registration=registration)


def paid_send(*, registration_id: int) -> bool:
    """The fee arrived: the seat is confirmed, or (paid too late, or cancelled meanwhile) the
    money will be refunded."""
    registration = _registration(registration_id)
    if registration is None or registration.paid_at is None:
        return False
    if registration.status == Registration.Status.CONFIRMED:
        return _send(template="paid", registration=registration)
    if registration.refund_open:
        return _send(template="refund", registration=registration)
    return False


def reminder_send(*, registration_id: int) -> bool:
    registration = _registration(registration_id)
    if registration is None or registration.status != Registration.Status.CONFIRMED:
        return False
    return _send(template="reminder", registration=registration)
