"""Retention: how long we keep a supporter's personal data once no purpose needs it, and the
service ``apply_retention`` calls to delete or anonymise what is due.

A supporter is kept while any of these holds:

- an ongoing consent (membership, newsletter) is not withdrawn, or a membership is current;
- a withdrawn ongoing consent is younger than its purpose's period (counted from withdrawal);
- a transactional consent (donation, donation receipt) is younger than its period (counted from
  when it was given; tax law makes us keep receipt records for five years);
- the latest activity another app reports (e.g. the last gift) is younger than the longest
  transactional period;
- the record itself is younger than ``no_consent`` days (people we hold without any consent).

When none holds, the supporter is **anonymised** if another app says the books must keep rows
pointing at them (gifts), otherwise **deleted** with their consents and memberships.
Periods are in days; override any of them with ``CANDLE_SUPPORTERS_RETENTION_DAYS``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import ProtectedError, Q, RestrictedError
from django.utils import timezone

from . import registry
from .models import AccessLink, Consent, Membership, PendingEmailChange, PendingJoin, Supporter
from .services import supporter_anonymise

logger = logging.getLogger(__name__)

DEFAULT_RETENTION_DAYS: dict[str, int] = {
    Consent.Purpose.NEWSLETTER: 30,  # after withdrawal: time to honour it everywhere, then gone
    Consent.Purpose.MEMBERSHIP: 365,  # after withdrawal or the membership's end
    Consent.Purpose.DONATION: 5 * 365,  # after the gift: 법인세법/소득세법 keep records five years
    Consent.Purpose.DONATION_RECEIPT: 5 * 365,
    "no_consent": 365,  # a record with no consent at all, counted from its creation
}
ONGOING_PURPOSES = frozenset({Consent.Purpose.NEWSLETTER, Consent.Purpose.MEMBERSHIP})


def retention_days() -> dict[str, int]:
    days = dict(DEFAULT_RETENTION_DAYS)
    days.update(getattr(settings, "CANDLE_SUPPORTERS_RETENTION_DAYS", {}) or {})
    return days


@dataclass
class RetentionReport:
    anonymised: list[int] = field(default_factory=list)
    deleted: list[int] = field(default_factory=list)
    links_removed: int = 0
    pending_removed: int = 0
    swept: int = 0
    dry_run: bool = False

    def lines(self) -> list[str]:
        verb = "would be" if self.dry_run else "were"
        return [
            f"{len(self.anonymised)} supporters {verb} anonymised (gifts kept): ids {self.anonymised or '-'}",
            f"{len(self.deleted)} supporters {verb} deleted: ids {self.deleted or '-'}",
            f"{self.links_removed} expired or used access links {verb} removed",
            f"{self.pending_removed} expired or confirmed pending joins and e-mail changes {verb} removed",
            f"{self.swept} details given with gifts never paid (and the like, from other apps) {verb} removed",
        ]


def supporter_keep_until(
    *, supporter: Supporter, days: dict[str, int] | None = None
) -> datetime | None:
    """When this supporter's personal data falls due, or ``None`` while a purpose still holds."""
    days = days or retention_days()
    moments = [supporter.created_at + timedelta(days=days["no_consent"])]
    for consent in supporter.consents.all():
        period = timedelta(days=days.get(consent.purpose, days["no_consent"]))
        if consent.purpose in ONGOING_PURPOSES:
            if consent.withdrawn_at is None:
                return None
            moments.append(consent.withdrawn_at + period)
        else:
            moments.append(consent.given_at + period)
    membership_period = timedelta(days=days[Consent.Purpose.MEMBERSHIP])
    for membership in supporter.memberships.all():
        if membership.status in Membership.CURRENT:
            return None
        ended = membership.ended_on or membership.renews_on or membership.joined_on
        moments.append(
            timezone.make_aware(datetime.combine(ended, datetime.min.time())) + membership_period
        )
    longest = timedelta(
        days=max(days[Consent.Purpose.DONATION], days[Consent.Purpose.DONATION_RECEIPT])
    )
    for hook in registry.activity_hooks():
        last = hook(supporter=supporter)
        if last is not None:
            moments.append(last + longest)
    return max(moments)


def _books_keep(supporter: Supporter) -> bool:
    return any(hook(supporter=supporter) for hook in registry.books_hooks())


def retention_apply(*, now: datetime | None = None, dry_run: bool = False) -> RetentionReport:
    """Delete or anonymise every supporter whose retention has run out; remove spent access
    links and spent or expired pending joins and e-mail changes; run the other apps' sweeps
    (``registry.sweep_hook``). Returns what it did (ids and counts only: no personal data)."""
    now = now or timezone.now()
    days = retention_days()
    report = RetentionReport(dry_run=dry_run)
    candidates = (
        Supporter.objects.filter(anonymised_at__isnull=True)
        .exclude(
            pk__in=Consent.objects.filter(
                purpose__in=ONGOING_PURPOSES, withdrawn_at__isnull=True
            ).values("supporter_id")
        )
        .exclude(
            pk__in=Membership.objects.filter(status__in=Membership.CURRENT).values("supporter_id")
        )
        .prefetch_related("consents", "memberships")
        .order_by("pk")
    )
    for supporter in candidates.iterator(chunk_size=500):
        keep_until = supporter_keep_until(supporter=supporter, days=days)
        if keep_until is None or keep_until > now:
            continue
        if _books_keep(supporter):
            report.anonymised.append(supporter.pk)
            if not dry_run:
                supporter_anonymise(supporter=supporter)
            continue
        if dry_run:
            report.deleted.append(supporter.pk)
            continue
        pk = supporter.pk
        try:
            with transaction.atomic():
                supporter.delete()
            report.deleted.append(pk)
        except (ProtectedError, RestrictedError):
            # Another app holds rows it must keep but registered no books hook: keep the rows.
            supporter_anonymise(supporter=supporter)
            report.anonymised.append(pk)
    spent = AccessLink.objects.filter(expires_at__lt=now) | AccessLink.objects.filter(
        used_at__isnull=False
    )
    report.links_removed = spent.count()
    if not dry_run and report.links_removed:
        spent.delete()
    # Joins and new addresses nobody confirmed (or confirmed: applied already) hold personal data
    # for no purpose once their link is spent or expired.
    for model in (PendingJoin, PendingEmailChange):
        done = model.objects.filter(Q(expires_at__lt=now) | Q(confirmed_at__isnull=False))
        report.pending_removed += done.count()
        if not dry_run:
            done.delete()
    for sweep in registry.sweep_hooks():
        report.swept += sweep(now=now, dry_run=dry_run)
    logger.info(
        "retention applied dry_run=%s anonymised=%d deleted=%d links=%d",
        dry_run,
        len(report.anonymised),
        len(report.deleted),
        report.links_removed,
    )
    return report
