"""Writes for giving: starting a gift, applying provider webhooks, monthly charges, offline
gifts and resident registration numbers. Receipts are in ``receipts.py``, statement imports in
``imports.py``.

Logging rule: ids and amounts only; never names, e-mails or registration numbers.
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
import re
import secrets
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from candle.audit.rows import rows_update
from candle.core.encryption.rotation import field_keys_rotate
from candle.supporters.models import Consent
from candle.supporters.services import consent_record, supporter_get_or_create

from .models import (
    CampaignPage,
    Donation,
    DonorTaxId,
    GivePage,
    Payment,
    Pledge,
    TaxIdSubmission,
    WebhookEvent,
)
from .models.choices import AMOUNT_LIMITS, Currency, Frequency, Method, Purpose
from .providers import (
    PaymentProvider,
    WebhookRejected,
    provider_default,
    provider_get,
)
from .providers.base import CANCELLED, FAILED, PAID
from .purposes import purpose_handler
from .taxid import (
    TAX_ID_COLUMNS,
    TaxIdKeyError,
    tax_id_decrypt,
    tax_id_encrypt,
    tax_id_mask,
    tax_id_normalise,
)

logger = logging.getLogger(__name__)


# --- Amounts ---------------------------------------------------------------------------------
def amount_validate(*, amount: Decimal, currency: str) -> Decimal:
    """The amount as the books keep it, or ValidationError in the user's language."""
    try:
        currency_enum = Currency(currency)
    except ValueError:
        raise ValidationError(_("This currency is not accepted."), code="currency") from None
    if not isinstance(amount, Decimal) or not amount.is_finite():
        raise ValidationError(_("Enter an amount in numbers."), code="amount_invalid")
    low, high = AMOUNT_LIMITS[currency_enum]
    if amount <= 0:
        raise ValidationError(_("The amount must be more than zero."), code="amount_negative")
    if amount < low:
        raise ValidationError(
            _("The smallest gift we can take online is %(low)s %(currency)s.")
            % {"low": f"{low:,}", "currency": currency},
            code="amount_small",
        )
    if amount > high:
        raise ValidationError(
            _(
                "Gifts above %(high)s %(currency)s cannot be made online. Please contact us and we will arrange it."
            )
            % {"high": f"{high:,}", "currency": currency},
            code="amount_large",
        )
    places = 0 if currency_enum == Currency.KRW else 2
    if amount != amount.quantize(Decimal(1).scaleb(-places)):
        raise ValidationError(
            _("Won amounts must be whole numbers.")
            if places == 0
            else _("Use at most two decimal places."),
            code="amount_places",
        )
    return amount.quantize(Decimal(1).scaleb(-places))


def _month_add(day: dt.date, day_of_month: int) -> dt.date:
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return dt.date(year, month, min(day_of_month, calendar.monthrange(year, month)[1]))


# --- Starting a gift -------------------------------------------------------------------------
@dataclass
class GiftStart:
    payment: Payment
    duplicate: bool  # True when this form had already been submitted (double submit)


def donation_start(
    *,
    page: CampaignPage | GivePage,
    frequency: str,
    amount: Decimal,
    name: str,
    email: str,
    locale: str,
    consent_text: str,
    submission_token: str,
    phone: str = "",
    receipt_requested: bool = False,
    receipt_consent_text: str = "",
    tax_id: str = "",
    provider: PaymentProvider | None = None,
) -> GiftStart:
    """Record who is giving what and open a Payment with the provider; the gift itself is
    recorded only when the provider's webhook says it was paid. A second submission of the same
    form (same ``submission_token``) returns the first Payment and records nothing.

    The form is anonymous, so nothing stored about an existing supporter is changed: the phone
    and the resident registration number given are kept on the gift (``Payment.given_phone``,
    ``TaxIdSubmission``), and the number is settled only once the gift is paid
    (``_tax_id_submission_settle``). Receipts exist only for won gifts: on a page in another
    currency no receipt is taken and no number kept."""
    provider = provider or provider_default()
    existing = (
        Payment.objects.filter(submission_token=submission_token).first()
        if submission_token
        else None
    )
    if existing is not None:
        return GiftStart(payment=existing, duplicate=True)
    if not page.live:
        raise ValidationError(_("This campaign does not exist or is closed."), code="campaign")
    if isinstance(page, CampaignPage) and not page.is_open:
        raise ValidationError(
            _("This campaign has ended and no longer takes gifts."), code="campaign_closed"
        )
    if frequency not in Frequency.values or (
        frequency == Frequency.MONTHLY and not page.allow_monthly
    ):
        raise ValidationError(_("Choose a one-off or a monthly gift."), code="frequency")
    amount = amount_validate(amount=amount, currency=page.currency)
    if page.currency != Currency.KRW:  # a Korean receipt is for won gifts only
        receipt_requested, tax_id = False, ""
    normalised_tax_id = ""
    if receipt_requested and tax_id:
        normalised_tax_id = tax_id_normalise(tax_id)
    campaign = page if isinstance(page, CampaignPage) else None

    with transaction.atomic():
        supporter = supporter_get_or_create(email=email, name=name, locale=locale, phone=phone)
        new_supporter = bool(getattr(supporter, "just_created", False))
        consent_record(
            supporter=supporter,
            purpose=Consent.Purpose.DONATION,
            text=consent_text,
            method=Consent.Method.WEB_FORM,
            source=page.url_path[:200],
        )
        if receipt_requested:
            consent_record(
                supporter=supporter,
                purpose=Consent.Purpose.DONATION_RECEIPT,
                text=receipt_consent_text or consent_text,
                method=Consent.Method.WEB_FORM,
                source=page.url_path[:200],
            )
        pledge = None
        if frequency == Frequency.MONTHLY:
            today = timezone.localdate()
            pledge = Pledge.objects.create(
                supporter=supporter,
                campaign=campaign,
                amount=amount,
                currency=page.currency,
                method=Method.CARD,
                provider=provider.name,
                reference=_pledge_reference(),
                day_of_month=min(today.day, 28),
                receipt_requested=receipt_requested,
            )
        try:
            with transaction.atomic():
                payment = Payment.objects.create(
                    provider=provider.name,
                    provider_payment_id=f"candle-{uuid.uuid4().hex}",
                    submission_token=submission_token or None,
                    supporter=supporter,
                    campaign=campaign,
                    pledge=pledge,
                    frequency=frequency,
                    amount=amount,
                    currency=page.currency,
                    locale="en" if locale.startswith("en") else "ko",
                    receipt_requested=receipt_requested,
                    given_phone=re.sub(r"[^0-9+\-(). ]", "", phone or "")[:40].strip(),
                )
        except IntegrityError:
            payment = Payment.objects.filter(submission_token=submission_token).first()
            if payment is None:
                raise
            transaction.set_rollback(True)
            return GiftStart(payment=payment, duplicate=True)
        if normalised_tax_id:
            TaxIdSubmission.objects.create(
                supporter=supporter,
                payment=payment,
                encrypted=tax_id_encrypt(normalised_tax_id),
                masked=tax_id_mask(normalised_tax_id),
                new_supporter=new_supporter,
            )
    logger.info(
        "payment opened id=%s provider=%s amount=%s %s",
        payment.pk,
        provider.name,
        amount,
        payment.currency,
    )
    return GiftStart(payment=payment, duplicate=False)


def dues_start(
    *,
    membership,
    locale: str,
    submission_token: str,
    provider: PaymentProvider | None = None,
) -> GiftStart:
    """Open a Payment for a membership's dues (the type's dues, in won, purpose ``dues``). The
    gift is recorded, and the membership renewed, only when the provider's webhook says paid.
    The same ``submission_token`` again returns the first Payment."""
    provider = provider or provider_default()
    existing = (
        Payment.objects.filter(submission_token=submission_token).first()
        if submission_token
        else None
    )
    if existing is not None:
        return GiftStart(payment=existing, duplicate=True)
    membership_type = membership.membership_type
    if membership.status not in ("pending", "active") or membership.supporter.is_anonymised:
        raise ValidationError(
            _("This membership can no longer be paid for online."), code="membership"
        )
    if membership_type.dues <= 0:
        raise ValidationError(_("This membership has no dues to pay."), code="no_dues")
    amount = amount_validate(amount=Decimal(membership_type.dues), currency=Currency.KRW)
    try:
        with transaction.atomic():
            payment = Payment.objects.create(
                provider=provider.name,
                provider_payment_id=f"candle-{uuid.uuid4().hex}",
                submission_token=submission_token or None,
                supporter=membership.supporter,
                frequency=Frequency.ONE_OFF,
                amount=amount,
                currency=Currency.KRW,
                locale="en" if locale.startswith("en") else "ko",
                purpose=Purpose.DUES,
                membership=membership,
            )
    except IntegrityError:
        payment = Payment.objects.filter(submission_token=submission_token).first()
        if payment is None:
            raise
        return GiftStart(payment=payment, duplicate=True)
    logger.info("dues payment opened id=%s membership=%s", payment.pk, membership.pk)
    return GiftStart(payment=payment, duplicate=False)


def fee_payment_start(
    *,
    supporter,
    amount: Decimal,
    purpose: str,
    locale: str,
    currency: str = Currency.KRW,
    provider: PaymentProvider | None = None,
) -> Payment:
    """Open a Payment for a fee another app charges (``purpose`` registered in
    ``giving.purposes``, e.g. an event seat). It never becomes a Donation: when the provider's
    webhook says paid, the purpose's handler is told instead. The caller keeps the Payment (and
    so guards against double submits itself)."""
    from .purposes import purpose_handler as handler_of

    if handler_of(purpose) is None:
        raise ValueError(f"no handler registered for payment purpose {purpose!r}")
    provider = provider or provider_default()
    amount = amount_validate(amount=Decimal(amount), currency=currency)
    payment = Payment.objects.create(
        provider=provider.name,
        provider_payment_id=f"candle-{uuid.uuid4().hex}",
        supporter=supporter,
        frequency=Frequency.ONE_OFF,
        amount=amount,
        currency=currency,
        locale="en" if (locale or "").startswith("en") else "ko",
        purpose=purpose,
    )
    logger.info("fee payment opened id=%s purpose=%s amount=%s", payment.pk, purpose, amount)
    return payment


def dues_apply(*, supporter_id: int, membership_id: int | None, paid_on: dt.date) -> bool:
    """Dues arrived: renew the membership (the one the payment named, else the supporter's
    current one) through supporters' own service. A cancelled or missing membership leaves the
    money in the books and is logged for staff; returns whether a membership was renewed."""
    from candle.supporters.membership import membership_dues_received
    from candle.supporters.models import Membership

    membership = None
    if membership_id:
        membership = Membership.objects.filter(pk=membership_id, supporter_id=supporter_id).first()
    if membership is None:
        membership = Membership.objects.filter(
            supporter_id=supporter_id, status__in=Membership.CURRENT
        ).first()
    if membership is None:
        logger.warning("dues received but no membership supporter=%s", supporter_id)
        return False
    try:
        membership_dues_received(membership=membership, paid_on=paid_on)
    except ValidationError:
        logger.warning("dues received for a cancelled membership=%s", membership.pk)
        return False
    return True


def _pledge_reference() -> str:
    return "CDL" + secrets.token_hex(4).upper()


# --- Webhooks --------------------------------------------------------------------------------
def webhook_receive(*, provider_name: str, body: bytes, headers: Mapping[str, str]) -> WebhookEvent:
    """Verify, record once, apply. Raises ``LookupError`` for an unknown provider and
    ``WebhookRejected`` for a delivery that is not signed by it. A replay (same event id)
    returns the event recorded the first time and changes nothing."""
    provider = provider_get(provider_name)
    event = provider.event_verify(body=body, headers=headers)
    seen = WebhookEvent.objects.filter(provider=provider.name, event_id=event.event_id).first()
    if seen is not None:
        return seen
    payment = Payment.objects.filter(
        provider=provider.name, provider_payment_id=event.provider_payment_id
    ).first()
    result = None
    outcome, detail = WebhookEvent.Outcome.UNKNOWN_PAYMENT, ""
    if payment is not None:
        try:
            result = provider.payment_lookup(event)
        except WebhookRejected as error:
            outcome, detail = WebhookEvent.Outcome.IGNORED, error.reason
    with transaction.atomic():
        try:
            with transaction.atomic():
                record = WebhookEvent.objects.create(
                    provider=provider.name,
                    event_id=event.event_id,
                    event_type=event.event_type,
                    payload=event.payload,
                    outcome=outcome,
                    detail=detail,
                    payment=payment,
                )
        except IntegrityError:
            return WebhookEvent.objects.get(provider=provider.name, event_id=event.event_id)
        if payment is not None and result is not None:
            record.outcome, record.detail = payment_apply(
                payment=payment, result=result, occurred_at=event.occurred_at
            )
            record.save(update_fields=["outcome", "detail"])
    logger.info("webhook %s %s → %s", provider.name, event.event_type, record.outcome)
    return record


def payment_apply(*, payment: Payment, result, occurred_at: dt.datetime) -> tuple[str, str]:
    """Apply the provider's word on a payment. Older news than what we already applied is
    ignored (webhooks may arrive out of order); a Payment makes at most one Donation."""
    outcome = WebhookEvent.Outcome
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        if payment.status_at is not None and occurred_at <= payment.status_at:
            return outcome.STALE, f"payment already {payment.status} as of a later event"
        if result.status == PAID:
            if result.amount is not None and (
                result.amount != payment.amount
                or (result.currency and result.currency != payment.currency)
            ):
                logger.warning("payment %s amount mismatch; not recorded", payment.pk)
                return outcome.ERROR, "amount or currency differs from the payment"
            if payment.status in (Payment.Status.CANCELLED,):
                return outcome.STALE, "payment was cancelled"
            was_paid = payment.status == Payment.Status.PAID
            payment.status, payment.status_at = Payment.Status.PAID, occurred_at
            payment.save(update_fields=["status", "status_at"])
            handler = purpose_handler(payment.purpose)
            if handler is not None:  # a fee, not a gift: no Donation (see purposes.py)
                if was_paid:
                    return outcome.APPLIED, "fee already recorded"
                return outcome.APPLIED, handler.paid(payment=payment, occurred_at=occurred_at)
            donation, created = Donation.objects.get_or_create(
                payment=payment,
                defaults={
                    "supporter_id": payment.supporter_id,
                    "campaign_id": payment.campaign_id,
                    "pledge_id": payment.pledge_id,
                    "amount": payment.amount,
                    "currency": payment.currency,
                    "method": Method.CARD,
                    "frequency": payment.frequency,
                    "received_at": occurred_at,
                    "source_ref": f"{payment.provider}:{payment.provider_payment_id}",
                    "receipt_requested": payment.receipt_requested,
                    "purpose": payment.purpose,
                },
            )
            if created:
                _tax_id_submission_settle(payment=payment)
            if created and payment.purpose == Purpose.DUES:
                dues_apply(
                    supporter_id=payment.supporter_id,
                    membership_id=payment.membership_id,
                    paid_on=timezone.localtime(occurred_at).date(),
                )
            if payment.pledge_id:
                _pledge_after_payment(pledge_id=payment.pledge_id, billing_key=result.billing_key)
            if created:
                _donation_thank_on_commit(donation_id=donation.pk)
            return outcome.APPLIED, "donation recorded" if created else "donation already recorded"
        if result.status == CANCELLED:
            was_paid = payment.status == Payment.Status.PAID
            payment.status, payment.status_at = Payment.Status.CANCELLED, occurred_at
            payment.save(update_fields=["status", "status_at"])
            handler = purpose_handler(payment.purpose)
            if handler is not None:
                return outcome.APPLIED, handler.cancelled(payment=payment, was_paid=was_paid)
            refunded = rows_update(
                Donation.objects.filter(payment=payment), {"status": Donation.Status.REFUNDED}
            )
            return outcome.APPLIED, "donation refunded" if refunded else "cancelled before payment"
        if result.status == FAILED:
            if payment.status == Payment.Status.PAID:
                return outcome.STALE, "payment already paid"
            payment.status, payment.status_at = Payment.Status.FAILED, occurred_at
            payment.failure_reason = result.failure_reason[:300]
            payment.save(update_fields=["status", "status_at", "failure_reason"])
            return outcome.APPLIED, "payment failed"
        return outcome.IGNORED, f"status {result.status}"


def _pledge_after_payment(*, pledge_id: int, billing_key: str) -> None:
    pledge = Pledge.objects.select_for_update().get(pk=pledge_id)
    changed = []
    if billing_key and not pledge.billing_key:
        pledge.billing_key = billing_key
        changed.append("billing_key")
    if pledge.status == Pledge.Status.PENDING:
        pledge.status = Pledge.Status.ACTIVE
        pledge.next_charge_on = _month_add(timezone.localdate(), pledge.day_of_month)
        changed += ["status", "next_charge_on"]
    if changed:
        pledge.save(update_fields=changed)


# --- Monthly charges -------------------------------------------------------------------------
def pledges_charge_due(*, today: dt.date | None = None) -> list[Payment]:
    """Charge every active card pledge that is due. One Payment per pledge per month, keyed on
    the month: running this twice charges nobody twice."""
    today = today or timezone.localdate()
    started = []
    due = Pledge.objects.filter(
        status=Pledge.Status.ACTIVE, method=Method.CARD, next_charge_on__lte=today
    )
    for pledge_id in due.exclude(billing_key="").values_list("pk", flat=True):
        with transaction.atomic():
            pledge = Pledge.objects.select_for_update().get(pk=pledge_id)
            if (
                pledge.status != Pledge.Status.ACTIVE
                or pledge.next_charge_on is None
                or pledge.next_charge_on > today
            ):
                continue
            payment, created = Payment.objects.get_or_create(
                provider_payment_id=f"pledge-{pledge.reference}-{pledge.next_charge_on:%Y%m}",
                defaults={
                    "provider": pledge.provider,
                    "supporter_id": pledge.supporter_id,
                    "campaign_id": pledge.campaign_id,
                    "pledge": pledge,
                    "frequency": Frequency.MONTHLY,
                    "amount": pledge.amount,
                    "currency": pledge.currency,
                    "locale": "ko",
                    "receipt_requested": pledge.receipt_requested,
                },
            )
            pledge.next_charge_on = _month_add(pledge.next_charge_on, pledge.day_of_month)
            pledge.save(update_fields=["next_charge_on"])
        if created:
            try:
                provider_get(pledge.provider).billing_key_charge(pledge=pledge, payment=payment)
            except (LookupError, WebhookRejected) as error:
                logger.warning("pledge %s charge not started: %s", pledge.pk, error)
            started.append(payment)
    return started


def _donation_thank_on_commit(*, donation_id: int) -> None:
    from .tasks import donation_thank

    transaction.on_commit(lambda: donation_thank.enqueue(donation_id=donation_id))


@dataclass
class PledgeCancel:
    pledge: Pledge
    cancelled: bool  # False when it was already cancelled (a second press changes nothing)


def pledge_cancel(*, pledge: Pledge, notify: bool = True) -> Pledge:
    """Stop a monthly gift (staff or the donor). Idempotent: an already cancelled pledge is
    returned unchanged. For card pledges the provider is asked to delete the billing key (when it
    can) after the commit; the donor is sent a short confirmation when ``notify``."""
    return pledge_cancel_result(pledge=pledge, notify=notify).pledge


def pledge_cancel_result(*, pledge: Pledge, notify: bool = True) -> PledgeCancel:
    with transaction.atomic():
        pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
        if pledge.status == Pledge.Status.CANCELLED:
            return PledgeCancel(pledge=pledge, cancelled=False)
        billing_key, provider_name = pledge.billing_key, pledge.provider
        pledge.status, pledge.cancelled_at, pledge.billing_key = (
            Pledge.Status.CANCELLED,
            timezone.now(),
            "",
        )
        pledge.next_charge_on = None
        pledge.save(update_fields=["status", "cancelled_at", "billing_key", "next_charge_on"])
        if billing_key and pledge.method == Method.CARD:
            transaction.on_commit(
                lambda: _billing_key_delete(
                    provider_name=provider_name, billing_key=billing_key, pledge_id=pledge.pk
                )
            )
        if notify:
            from .tasks import pledge_cancelled_notify

            pledge_id = pledge.pk
            transaction.on_commit(lambda: pledge_cancelled_notify.enqueue(pledge_id=pledge_id))
    logger.info("pledge cancelled id=%s", pledge.pk)
    return PledgeCancel(pledge=pledge, cancelled=True)


def _billing_key_delete(*, provider_name: str, billing_key: str, pledge_id: int) -> None:
    """Ask the provider to forget the card. The pledge is cancelled whatever happens here: our
    side never charges a cancelled pledge, so a failure is logged for staff, not raised."""
    try:
        provider = provider_get(provider_name)
    except LookupError:
        logger.warning(
            "pledge %s: provider %s is off; billing key not deleted there", pledge_id, provider_name
        )
        return
    if not provider.supports_billing_key_delete:
        return
    try:
        provider.billing_key_delete(billing_key=billing_key)
    except WebhookRejected as error:
        logger.warning(
            "pledge %s: billing key not deleted at the provider: %s", pledge_id, error.reason
        )


# --- Gifts that arrive outside the card flow ---------------------------------------------------
# An offline gift is thanked by mail only when it is this recent: importing an old statement (a
# first import of last year's bank lines) must not mail every donor about gifts long past.
OFFLINE_THANK_WITHIN = dt.timedelta(days=90)


def _offline_thank_wanted(*, supporter, purpose: str, received_at: dt.datetime) -> bool:
    """A donor who gave us their e-mail address and agreed to our processing their gift (their
    membership, for dues) hears from us as a card donor does; GlobalGiving donors and people
    matched by name only, without such a consent, do not."""
    if received_at < timezone.now() - OFFLINE_THANK_WITHIN:
        return False
    if not supporter.email or supporter.anonymised_at is not None:
        return False
    wanted = Consent.Purpose.MEMBERSHIP if purpose == Purpose.DUES else Consent.Purpose.DONATION
    return supporter.consents.filter(purpose=wanted, withdrawn_at__isnull=True).exists()


def donation_record_offline(
    *,
    supporter,
    amount: Decimal,
    currency: str,
    method: str,
    received_at: dt.datetime,
    source_ref: str,
    campaign: CampaignPage | None = None,
    pledge: Pledge | None = None,
    frequency: str = Frequency.ONE_OFF,
    receipt_requested: bool = False,
    note: str = "",
    purpose: str = Purpose.GIFT,
    membership=None,
) -> tuple[Donation, bool]:
    """A gift by bank transfer, CMS debit or GlobalGiving. Keyed on ``source_ref``: recording
    the same line twice returns the first Donation and ``created=False``. Dues
    (``purpose=dues``) renew the membership once, when the Donation is created. A new Donation
    is thanked by mail after the commit when ``_offline_thank_wanted`` says so."""
    if amount <= 0:
        raise ValidationError(_("The amount must be more than zero."), code="amount_negative")
    with transaction.atomic():
        donation, created = Donation.objects.get_or_create(
            source_ref=source_ref[:160],
            defaults={
                "supporter": supporter,
                "amount": amount,
                "currency": currency,
                "method": method,
                "received_at": received_at,
                "campaign": campaign,
                "pledge": pledge,
                "frequency": frequency,
                "receipt_requested": receipt_requested,
                "note": note[:300],
                "purpose": purpose,
            },
        )
        if created and purpose == Purpose.DUES:
            dues_apply(
                supporter_id=supporter.pk,
                membership_id=membership.pk if membership else None,
                paid_on=timezone.localtime(received_at).date(),
            )
        if pledge is not None and created and pledge.status == Pledge.Status.PENDING:
            pledge.status = Pledge.Status.ACTIVE
            pledge.save(update_fields=["status"])
        if created and _offline_thank_wanted(
            supporter=supporter, purpose=purpose, received_at=received_at
        ):
            _donation_thank_on_commit(donation_id=donation.pk)
    return donation, created


# --- Resident registration numbers -------------------------------------------------------------
def _tax_id_submission_settle(*, payment: Payment) -> TaxIdSubmission | None:
    """A gift that carried a resident registration number was paid: settle the number.

    * the donor has no stored number and the form that gave it created the donor: it becomes
      the donor's number (``accepted``, by nobody: the system);
    * it equals the stored number: ``same``, nothing to do;
    * otherwise (a different stored number, or an existing donor with none): ``pending``, for
      giving staff to accept or reject. Until they accept it, it is on no receipt
      (``selectors.tax_ids_for_receipts`` reads confirmed numbers only)."""
    submission = (
        TaxIdSubmission.objects.select_for_update()
        .filter(payment=payment, status=TaxIdSubmission.Status.UNPAID)
        .first()
    )
    if submission is None:
        return None
    stored = DonorTaxId.objects.select_for_update().filter(supporter_id=submission.supporter_id)
    stored = stored.first()
    if stored is None and submission.new_supporter:
        DonorTaxId.objects.create(
            supporter_id=submission.supporter_id,
            encrypted=submission.encrypted,
            masked=submission.masked,
        )
        submission.status, submission.decided_at = TaxIdSubmission.Status.ACCEPTED, timezone.now()
        logger.info(
            "tax id stored for new supporter=%s from payment=%s",
            submission.supporter_id,
            payment.pk,
        )
    elif stored is not None and _tax_id_same(stored.encrypted, submission.encrypted):
        submission.status, submission.decided_at = TaxIdSubmission.Status.SAME, timezone.now()
    else:
        submission.status = TaxIdSubmission.Status.PENDING
        logger.info(
            "tax id change waiting for staff supporter=%s submission=%s",
            submission.supporter_id,
            submission.pk,
        )
    submission.save(update_fields=["status", "decided_at"])
    return submission


def _tax_id_same(token_a: str, token_b: str) -> bool:
    try:
        return tax_id_decrypt(token_a) == tax_id_decrypt(token_b)
    except TaxIdKeyError:
        return False  # staff will look at it


def tax_id_submission_decide(*, submission: TaxIdSubmission, accept: bool, user) -> bool:
    """Giving staff accept (the number given with a paid gift replaces the donor's stored one)
    or reject a pending number. Returns False when it was no longer pending (decided by someone
    else meanwhile, or the donor was forgotten): nothing changes then. The caller checks the
    permission; this logs ids only."""
    with transaction.atomic():
        submission = (
            TaxIdSubmission.objects.select_for_update()
            .filter(pk=submission.pk, status=TaxIdSubmission.Status.PENDING)
            .first()
        )
        if submission is None:
            return False
        if accept:
            DonorTaxId.objects.update_or_create(
                supporter_id=submission.supporter_id,
                defaults={"encrypted": submission.encrypted, "masked": submission.masked},
            )
        submission.status = (
            TaxIdSubmission.Status.ACCEPTED if accept else TaxIdSubmission.Status.REJECTED
        )
        submission.decided_at = timezone.now()
        submission.decided_by = (getattr(user, "get_username", lambda: "")() or "")[:150]
        submission.save(update_fields=["status", "decided_at", "decided_by"])
    logger.info(
        "tax id change %s supporter=%s submission=%s by user=%s",
        "accepted, stored number replaced" if accept else "rejected",
        submission.supporter_id,
        submission.pk,
        getattr(user, "pk", None),
    )
    return True


def _tax_id_save(*, supporter, normalised: str) -> DonorTaxId:
    record, _created = DonorTaxId.objects.update_or_create(
        supporter=supporter,
        defaults={"encrypted": tax_id_encrypt(normalised), "masked": tax_id_mask(normalised)},
    )
    return record


def tax_id_store(*, supporter, raw: str) -> DonorTaxId:
    """Check and encrypt a donor's resident registration number (raises ValidationError).
    Staff and the demo only: it replaces a stored number. The public form never calls it."""
    return _tax_id_save(supporter=supporter, normalised=tax_id_normalise(raw))


def tax_id_keys_rotate() -> int:
    """Re-encrypt every stored number (donors' own and those given with gifts) with the first
    (newest) key; returns how many. ``manage.py rotate_field_keys`` does this and every other
    app's encrypted fields at once."""
    return sum(field_keys_rotate(only=TAX_ID_COLUMNS).values())
