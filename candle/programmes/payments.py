"""Paid events: the fee goes through giving's payment flow as a ``Payment`` with purpose
``event`` (``giving.purposes``). It is never a Donation, so it is on no donation receipt and in
no giving total; the ledger tells it apart by ``Payment.purpose``.

The seat: registering for a paid event when a seat is free gives an ``unpaid`` registration
that **holds** the seat until ``hold_until`` (``services.HOLD``; someone moved up from the
waiting list gets ``services.PROMOTED_HOLD``). Held seats count as taken, so a seat is never
sold twice; a hold that runs out is cancelled and its seat goes to the next person waiting
(``services._promote_waiting``, run under the event's lock by every change and by the
``event_holds_expire`` job).

The provider's confirmed webhook (``giving.services.payment_apply`` → ``registration_paid``)
confirms the seat. Money that arrives for a seat that is no longer held (the hold ran out and
the seat was given away, or the person cancelled meanwhile) is marked **refund due**; so is a
cancellation after payment. Giving's providers cannot refund through their API yet, so a
refund is a task for staff, listed on the event's registrants screen until they record it done;
a cancellation the provider itself sends (a refund made in its console) records it done.

Logging rule: ids only.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from candle.audit.rows import rows_update
from candle.giving.models import Payment
from candle.giving.models.choices import Purpose
from candle.giving.purposes import PurposeHandler, purpose_register
from candle.giving.services import fee_payment_start

from .models import EventPage, Registration
from .services import _event_lock, _promote_waiting, _promoted_tell, _seats_taken

logger = logging.getLogger(__name__)


def registration_payment_start(*, registration_id: int, provider=None) -> Payment:
    """The Payment to send this registrant's browser to: the pending one if there is one
    (a second press of Pay opens the same payment), else a new one for the fee. Raises
    ``ValidationError`` (translated) when the seat is no longer held for them."""
    with transaction.atomic():
        registration = Registration.objects.filter(pk=registration_id).first()
        if registration is None:
            raise ValidationError(_("This registration does not exist."), code="missing")
        _event_lock(registration.event)
        now = timezone.now()
        _promoted_tell(_promote_waiting(EventPage.objects.get(pk=registration.event_id), now))
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("payment")
            .get(pk=registration_id)
        )
        if registration.status == Registration.Status.CONFIRMED:
            raise ValidationError(_("This registration is already paid."), code="paid")
        if registration.status != Registration.Status.UNPAID or registration.supporter_id is None:
            raise ValidationError(
                _("The seat is no longer held for you: the time to pay has run out."),
                code="expired",
            )
        payment = registration.payment
        if payment is not None and payment.status == Payment.Status.PENDING:
            return payment
        payment = fee_payment_start(
            supporter=registration.supporter,
            amount=registration.amount,
            purpose=Purpose.EVENT,
            locale=registration.language,
            provider=provider,
        )
        registration.payment = payment
        registration.save(update_fields=["payment"])
    logger.info("registration=%s payment=%s opened", registration.pk, payment.pk)
    return payment


def registration_paid(*, payment: Payment, occurred_at: dt.datetime) -> str:
    """giving: the provider confirmed this event fee (inside ``payment_apply``'s transaction,
    the Payment row locked, once per payment). Confirms the held seat; money for a seat that
    is no longer held is marked refund due."""
    registration = Registration.objects.filter(payment=payment).first()
    if registration is None:
        logger.warning("event fee payment=%s paid but no registration names it", payment.pk)
        return "event fee: no registration names this payment; refund by staff"
    _event_lock(registration.event)
    event = EventPage.objects.get(pk=registration.event_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    now = timezone.now()
    registration.paid_at = occurred_at
    fields = ["paid_at"]
    outcome = "confirmed"
    if registration.status == Registration.Status.CONFIRMED:
        outcome = "already confirmed"
    elif registration.status == Registration.Status.UNPAID and (
        (registration.hold_until and registration.hold_until > now)
        or _seats_taken(event, now, exclude_pk=registration.pk) < event.capacity
    ):
        registration.status = Registration.Status.CONFIRMED
        registration.hold_until = None
        fields += ["status", "hold_until"]
    else:
        # The hold ran out and the seat went to someone else, or the person cancelled.
        if registration.status != Registration.Status.CANCELLED:
            registration.status = Registration.Status.CANCELLED
            registration.cancelled_at = now
            registration.cancel_reason = Registration.CancelReason.UNPAID
            fields += ["status", "cancelled_at", "cancel_reason"]
        registration.refund_due_at = now
        fields.append("refund_due_at")
        outcome = "seat no longer held: refund due"
    registration.save(update_fields=fields)
    _promoted_tell(_promote_waiting(event, now))
    from .tasks import registration_paid_send

    registration_id = registration.pk
    transaction.on_commit(lambda: registration_paid_send.enqueue(registration_id=registration_id))
    logger.info("event fee payment=%s registration=%s %s", payment.pk, registration.pk, outcome)
    return f"event registration {registration.pk}: {outcome}"


def registration_payment_cancelled(*, payment: Payment, was_paid: bool) -> str:
    """giving: the provider cancelled this event fee. Before payment nothing changes (the hold
    runs on; the person may pay again). After payment it is a refund made at the provider: the
    refund is recorded done and a seat still held is given up."""
    registration = Registration.objects.filter(payment=payment).first()
    if registration is None or not was_paid:
        return "event fee cancelled before payment"
    _event_lock(registration.event)
    event = EventPage.objects.get(pk=registration.event_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    now = timezone.now()
    registration.refunded_at = registration.refunded_at or now
    registration.refund_due_at = registration.refund_due_at or now
    registration.refunded_by = registration.refunded_by or "provider"
    fields = ["refunded_at", "refund_due_at", "refunded_by"]
    if registration.status != Registration.Status.CANCELLED:
        registration.status, registration.cancelled_at = Registration.Status.CANCELLED, now
        fields += ["status", "cancelled_at"]
    registration.save(update_fields=fields)
    _promoted_tell(_promote_waiting(event, now))
    logger.info("event fee payment=%s refunded at the provider", payment.pk)
    return f"event registration {registration.pk}: refunded at the provider"


def registration_refund_record(*, registration: Registration, user) -> bool:
    """Staff made the refund (by hand, at the provider or by bank transfer). Returns False when
    there was nothing to refund or it was already recorded."""
    updated = rows_update(
        Registration.objects.filter(
            pk=registration.pk, refund_due_at__isnull=False, refunded_at__isnull=True
        ),
        {
            "refunded_at": timezone.now(),
            "refunded_by": (getattr(user, "get_username", lambda: "")() or "")[:150],
        },
    )
    if updated:
        logger.info("refund recorded registration=%s by user=%s", registration.pk, user.pk)
    return bool(updated)


def payment_return_url(payment: Payment) -> str:
    with translation.override(payment.locale if payment.locale in ("ko", "en") else "ko"):
        return reverse("programmes:payment_result", kwargs={"payment_id": payment.pk})


def payment_handler_register() -> None:
    purpose_register(
        Purpose.EVENT,
        PurposeHandler(
            paid=registration_paid,
            cancelled=registration_payment_cancelled,
            return_url=payment_return_url,
        ),
    )
