"""Membership writes: joining, dues received, cancelling, renewal reminders and lapsing."""

from __future__ import annotations

import logging
import secrets
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from candle.audit.rows import rows_update

from .access import access_link_create, access_link_url
from .models import Consent, Membership, MembershipType, Supporter
from .services import consent_record

logger = logging.getLogger(__name__)

REMINDER_DAYS_BEFORE = 30
LAPSE_AFTER_DAYS = 60  # grace after the renewal date before an unpaid membership lapses


def _add_period(start: date, period: str) -> date | None:
    if period == MembershipType.Period.LIFETIME:
        return None
    if period == MembershipType.Period.MONTHLY:
        year, month = (start.year + (start.month // 12), start.month % 12 + 1)
    else:
        year, month = start.year + 1, start.month
    day = start.day
    while True:
        try:
            return date(year, month, day)
        except ValueError:
            day -= 1


def membership_join(
    *,
    supporter: Supporter,
    membership_type: MembershipType,
    consent_text: str,
    method: str,
    source: str = "",
) -> tuple[Membership, bool]:
    """Make ``supporter`` a member and record the membership consent exactly as shown.
    Free types start active; paid ones start pending until ``membership_dues_received``.
    Joining again while a membership is current returns that one (``created`` is False)."""
    if not membership_type.is_active:
        raise ValidationError(_("This membership type is not offered."), code="type_inactive")
    with transaction.atomic():
        existing = (
            Membership.objects.select_for_update()
            .filter(supporter=supporter, status__in=Membership.CURRENT)
            .first()
        )
        if existing is not None:
            return existing, False
        consent_record(
            supporter=supporter,
            purpose=Consent.Purpose.MEMBERSHIP,
            text=consent_text,
            method=method,
            source=source,
        )
        today = timezone.localdate()
        free = membership_type.dues == 0
        try:
            with transaction.atomic():
                membership = Membership.objects.create(
                    supporter=supporter,
                    membership_type=membership_type,
                    joined_on=today,
                    dues_reference=None if free else _dues_reference_new(),
                    status=Membership.Status.ACTIVE if free else Membership.Status.PENDING,
                    renews_on=_add_period(today, membership_type.period) if free else None,
                )
        except IntegrityError:  # a simultaneous join won the race
            return Membership.objects.get(supporter=supporter, status__in=Membership.CURRENT), False
    logger.info("membership joined supporter=%s membership=%s", supporter.pk, membership.pk)
    return membership, True


def _dues_reference_new() -> str:
    return "CDM" + secrets.token_hex(4).upper()


def membership_dues_reference(*, membership: Membership) -> str:
    """The reference a member writes on bank transfers of dues (``CDM`` + 8 hex digits); made
    on first use for memberships older than the field."""
    if membership.dues_reference:
        return membership.dues_reference
    with transaction.atomic():
        locked = Membership.objects.select_for_update().get(pk=membership.pk)
        if not locked.dues_reference:
            locked.dues_reference = _dues_reference_new()
            locked.save(update_fields=["dues_reference", "updated_at"])
    membership.dues_reference = locked.dues_reference
    return membership.dues_reference


def membership_dues_received(*, membership: Membership, paid_on: date | None = None) -> Membership:
    """Dues paid (giving calls this): the membership becomes active and its renewal date moves
    one period on from the later of today's renewal date and the payment date."""
    paid_on = paid_on or timezone.localdate()
    with transaction.atomic():
        membership = (
            Membership.objects.select_for_update()
            .select_related("membership_type")
            .get(pk=membership.pk)
        )
        if membership.status == Membership.Status.CANCELLED:
            raise ValidationError(_("This membership was cancelled."), code="membership_cancelled")
        start = max(filter(None, [membership.renews_on, paid_on]))
        membership.renews_on = _add_period(start, membership.membership_type.period)
        membership.status = Membership.Status.ACTIVE
        membership.ended_on = None
        membership.save(update_fields=["renews_on", "status", "ended_on", "updated_at"])
    return membership


def membership_cancel(*, membership: Membership) -> Membership:
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if membership.status in Membership.CURRENT:
            membership.status = Membership.Status.CANCELLED
            membership.ended_on = timezone.localdate()
            membership.save(update_fields=["status", "ended_on", "updated_at"])
    return membership


def _reminder_send(membership: Membership) -> None:
    supporter = membership.supporter
    language = supporter.preferred_language
    token = access_link_create(
        supporter=supporter, lifetime=timedelta(days=REMINDER_DAYS_BEFORE + 7)
    )
    with translation.override(language):
        context = {
            "name": supporter.name,
            "type": membership.membership_type.name,
            "dues": membership.membership_type.dues,
            "renews_on": membership.renews_on,
            "url": access_link_url(token=token, language=language),
        }
        subject = render_to_string("supporters/email/renewal_reminder_subject.txt", context).strip()
        body = render_to_string("supporters/email/renewal_reminder.txt", context)
    send_mail(subject, body, None, [supporter.email])


def membership_reminders_send(
    *, today: date | None = None, days_before: int = REMINDER_DAYS_BEFORE
) -> dict:
    """Remind every active member whose renewal falls within ``days_before`` days (once per
    renewal date), and lapse memberships unpaid ``LAPSE_AFTER_DAYS`` after renewal.
    Returns counts."""
    today = today or timezone.localdate()
    due = (
        Membership.objects.select_related("supporter", "membership_type")
        .filter(
            status=Membership.Status.ACTIVE,
            renews_on__isnull=False,
            renews_on__lte=today + timedelta(days=days_before),
            renews_on__gte=today - timedelta(days=LAPSE_AFTER_DAYS),
            supporter__anonymised_at__isnull=True,
        )
        .exclude(supporter__email="")
        .order_by("pk")
    )
    sent = 0
    for membership in due:
        if membership.reminder_sent_for == membership.renews_on:
            continue
        with transaction.atomic():
            claimed = (
                Membership.objects.filter(pk=membership.pk)
                .exclude(reminder_sent_for=membership.renews_on)
                .update(reminder_sent_for=membership.renews_on)
            )
            if not claimed:
                continue
            _reminder_send(membership)
        sent += 1
    lapsed = rows_update(
        Membership.objects.filter(
            status=Membership.Status.ACTIVE,
            renews_on__lt=today - timedelta(days=LAPSE_AFTER_DAYS),
        ),
        {"status": Membership.Status.LAPSED, "ended_on": today, "updated_at": timezone.now()},
        detail="lapsed",
    )
    logger.info("membership reminders sent=%d lapsed=%d", sent, lapsed)
    return {"reminded": sent, "lapsed": lapsed}
