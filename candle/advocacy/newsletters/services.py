"""Writes for newsletters: start a send (one delivery row per recipient), deliver in throttled
batches, resume after a crash, a test to oneself, unsubscribe, and suppress an address the
provider reported.

Sending is at most once per recipient: a row is claimed (``pending`` → ``sending``, a
conditional UPDATE that only one process can win) and committed before its mail is handed to
the mail server, and marked ``sent`` right after. A process killed between the two leaves the
row in ``sending``; a later run marks it ``uncertain`` and never sends it again (the person may
have had it). Consent and suppression are checked again just before each batch, so an
unsubscribe in the middle of a send stops that person's mail.

Logging rule: issue and delivery ids and counts only, never an address.
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import get_connection
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from candle.advocacy.models import NewsletterDelivery, NewsletterIssue, NewsletterSuppression
from candle.audit.rows import batch_record
from candle.supporters.models import Consent, Supporter
from candle.supporters.normalise import email_normalise
from candle.supporters.services import consent_withdraw_purpose

from . import mail, selectors

logger = logging.getLogger(__name__)

Status = NewsletterDelivery.Status


def _setting(name: str, default):
    return getattr(settings, name, default)


# --- Starting ---------------------------------------------------------------------------------


def newsletter_send_start(*, issue: NewsletterIssue, user=None) -> int:
    """Freeze the issue, create one delivery per recipient of its segment and enqueue the
    sending task (on commit). Returns the number of recipients. A second call (double submit,
    two staff at once) finds the issue no longer a draft and raises, creating nothing."""
    from .tasks import newsletter_send_task

    with transaction.atomic():
        issue = NewsletterIssue.objects.select_for_update().get(pk=issue.pk)
        if issue.status != NewsletterIssue.Status.DRAFT:
            raise ValidationError(
                _("This issue is already being sent or has been sent."), code="not_draft"
            )
        issue.full_clean()
        rows, seen = [], set()
        for supporter_id, email, key, preferred in selectors.newsletter_recipients(
            issue=issue
        ).values_list("pk", "email", "email_normalised", "preferred_language"):
            if key in seen:  # two records, one address: one mail
                continue
            seen.add(key)
            rows.append(
                NewsletterDelivery(
                    issue=issue,
                    supporter_id=supporter_id,
                    email=email,
                    email_normalised=key,
                    language=issue.language_for(preferred),
                )
            )
        NewsletterDelivery.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
        batch_record(  # ignore_conflicts: the new rows' keys are not known; the issue names them
            "record.create",
            model=NewsletterDelivery,
            count=len(rows),
            detail=f"newsletter issue #{issue.pk}",
        )
        issue.status = NewsletterIssue.Status.SENDING
        issue.sending_started_at = timezone.now()
        issue.sent_by = user if getattr(user, "is_authenticated", False) else None
        issue.recipients_count = len(rows)
        issue.save(
            update_fields=[
                "status",
                "sending_started_at",
                "sent_by",
                "recipients_count",
                "updated_at",
            ]
        )
        transaction.on_commit(lambda: newsletter_send_task.enqueue(issue_id=issue.pk))
        transaction.on_commit(newsletter_archive_purge)
    logger.info("newsletter send started issue=%s recipients=%s", issue.pk, len(rows))
    return len(rows)


def newsletter_test_send(*, issue: NewsletterIssue, to: str) -> int:
    """Send every written version of the issue to ``to`` (the staff member's own address),
    marked as a test. No delivery row, no consent needed. Returns the number of mails."""
    if not to:
        raise ValidationError(
            _("Your account has no e-mail address to send the test to."), code="no_address"
        )
    languages = issue.languages
    if not languages:
        raise ValidationError(_("Write the issue first."), code="empty")
    with get_connection() as connection:
        messages = [
            mail.newsletter_message(issue=issue, language=code, to=to, supporter_id=None, test=True)
            for code in languages
        ]
        connection.send_messages(messages)
    logger.info("newsletter test sent issue=%s", issue.pk)
    return len(languages)


# --- Delivering -------------------------------------------------------------------------------


def _claim(delivery_id: int) -> bool:
    """Take one row for sending; true for exactly one caller. Committed at once."""
    with transaction.atomic():
        return bool(
            NewsletterDelivery.objects.filter(pk=delivery_id, status=Status.PENDING).update(
                status=Status.SENDING, claimed_at=timezone.now()
            )
        )


def _still_wanted(rows: list[NewsletterDelivery]) -> set[int]:
    """Of these rows, the ids whose person still consents, is not forgotten and whose address
    is not suppressed: the ledger is read again just before their batch goes out."""
    supporter_ids = {row.supporter_id for row in rows}
    consenting = set(
        Supporter.objects.filter(pk__in=supporter_ids, anonymised_at__isnull=True)
        .filter(selectors.newsletter_consent_active())
        .values_list("pk", flat=True)
    )
    suppressed = set(
        NewsletterSuppression.objects.filter(
            email_normalised__in={row.email_normalised for row in rows}
        ).values_list("email_normalised", flat=True)
    )
    return {
        row.pk
        for row in rows
        if row.supporter_id in consenting and row.email_normalised not in suppressed
    }


def newsletter_interrupted_mark(*, issue_id: int, older_than: timedelta | None = None) -> int:
    """Rows left ``sending`` by a process that died become ``uncertain`` (never sent again)."""
    older_than = older_than or timedelta(
        seconds=_setting("CANDLE_NEWSLETTER_CLAIM_TIMEOUT_SECONDS", 600)
    )
    return NewsletterDelivery.objects.filter(
        issue_id=issue_id, status=Status.SENDING, claimed_at__lt=timezone.now() - older_than
    ).update(status=Status.UNCERTAIN)


def newsletter_deliver(
    *,
    issue_id: int,
    batch_size: int | None = None,
    pause: float | None = None,
    max_batches: int | None = None,
) -> int:
    """Send the issue's waiting deliveries, ``batch_size`` at a time over one connection each,
    pausing ``pause`` seconds between batches (the provider's rate). Returns how many were
    sent by this call. Safe to run twice at once and to run again after a crash."""
    batch_size = batch_size or _setting("CANDLE_NEWSLETTER_BATCH_SIZE", 100)
    pause = _setting("CANDLE_NEWSLETTER_BATCH_PAUSE_SECONDS", 1.0) if pause is None else pause
    issue = NewsletterIssue.objects.get(pk=issue_id)
    if issue.status == NewsletterIssue.Status.DRAFT:
        return 0
    newsletter_interrupted_mark(issue_id=issue_id)
    sent = batches = 0
    while max_batches is None or batches < max_batches:
        rows = list(
            NewsletterDelivery.objects.filter(issue_id=issue_id, status=Status.PENDING).order_by(
                "pk"
            )[:batch_size]
        )
        if not rows:
            break
        if batches:
            time.sleep(pause)
        batches += 1
        wanted = _still_wanted(rows)
        skipped = [row.pk for row in rows if row.pk not in wanted]
        if skipped:
            NewsletterDelivery.objects.filter(pk__in=skipped, status=Status.PENDING).update(
                status=Status.SKIPPED
            )
        with get_connection() as connection:
            for row in rows:
                if row.pk not in wanted or not _claim(row.pk):
                    continue
                message = mail.newsletter_message(
                    issue=issue,
                    language=row.language,
                    to=row.email,
                    supporter_id=row.supporter_id,
                    connection=connection,
                )
                try:
                    message.send()
                except Exception as error:  # the server refused this one: record, go on
                    NewsletterDelivery.objects.filter(pk=row.pk).update(
                        status=Status.FAILED, error=type(error).__name__[:200]
                    )
                    logger.warning(
                        "newsletter delivery failed issue=%s delivery=%s error=%s",
                        issue_id,
                        row.pk,
                        type(error).__name__,
                    )
                    continue
                NewsletterDelivery.objects.filter(pk=row.pk).update(
                    status=Status.SENT, sent_at=timezone.now()
                )
                sent += 1
    newsletter_finish_if_done(issue_id=issue_id)
    logger.info("newsletter delivered issue=%s sent=%s batches=%s", issue_id, sent, batches)
    return sent


def newsletter_finish_if_done(*, issue_id: int) -> bool:
    """Mark the issue sent once no delivery waits or is being sent."""
    open_rows = NewsletterDelivery.objects.filter(
        issue_id=issue_id, status__in=[Status.PENDING, Status.SENDING]
    )
    if open_rows.exists():
        return False
    done = NewsletterIssue.objects.filter(
        pk=issue_id, status=NewsletterIssue.Status.SENDING
    ).update(status=NewsletterIssue.Status.SENT, sent_at=timezone.now())
    return bool(done)


def newsletter_resume_all() -> list[int]:
    """Enqueue the sending task for every issue still sending (after a restart or a crash).
    ``manage.py send_newsletters`` runs it; the task itself only sends what waits."""
    from .tasks import newsletter_send_task

    ids = list(
        NewsletterIssue.objects.filter(status=NewsletterIssue.Status.SENDING).values_list(
            "pk", flat=True
        )
    )
    for issue_id in ids:
        newsletter_send_task.enqueue(issue_id=issue_id)
    return ids


# --- Unsubscribing and suppressing -----------------------------------------------------------


def newsletter_unsubscribe(*, supporter_id: int, issue_id: int) -> bool:
    """The reader of a mailed link says stop: every active newsletter consent of theirs is
    withdrawn in the ledger (idempotent) and their waiting deliveries are skipped. Returns
    false when the link names nobody we know (deleted, forgotten)."""
    with transaction.atomic():
        supporter = Supporter.objects.filter(pk=supporter_id).first()
        if supporter is None:
            return False
        withdrawn = consent_withdraw_purpose(
            supporter=supporter, purpose=Consent.Purpose.NEWSLETTER
        )
        now = timezone.now()
        NewsletterDelivery.objects.filter(supporter_id=supporter_id, status=Status.PENDING).update(
            status=Status.SKIPPED
        )
        NewsletterDelivery.objects.filter(
            supporter_id=supporter_id, issue_id=issue_id, unsubscribed_at__isnull=True
        ).update(unsubscribed_at=now)
    logger.info("newsletter unsubscribe supporter=%s withdrawn=%s", supporter_id, withdrawn)
    return True


_REASONS = {
    "bounced": NewsletterSuppression.Reason.BOUNCED,
    "complained": NewsletterSuppression.Reason.COMPLAINED,
    "rejected": NewsletterSuppression.Reason.REJECTED,
    "unsubscribed": NewsletterSuppression.Reason.UNSUBSCRIBED,
}


def address_suppress(
    *, email: str, reason: str, provider: str = "", event_id: str = "", description: str = ""
) -> NewsletterSuppression | None:
    """The provider says this address must get no more mail: keep a suppression row (one per
    address; a repeated event changes nothing) and withdraw the newsletter consent of every
    supporter with the address in the ledger. Returns the row, or None for no address."""
    key = email_normalise(email)
    if not key or reason not in _REASONS:
        return None
    with transaction.atomic():
        try:
            with transaction.atomic():
                row, created = NewsletterSuppression.objects.get_or_create(
                    email_normalised=key[:254],
                    defaults={
                        "reason": _REASONS[reason],
                        "provider": provider[:40],
                        "event_id": event_id[:200],
                        "description": description[:300],
                    },
                )
        except IntegrityError:  # the same event delivered twice at once
            row, created = NewsletterSuppression.objects.get(email_normalised=key[:254]), False
        for supporter in Supporter.objects.filter(email_normalised=key, anonymised_at__isnull=True):
            consent_withdraw_purpose(supporter=supporter, purpose=Consent.Purpose.NEWSLETTER)
            NewsletterDelivery.objects.filter(supporter=supporter, status=Status.PENDING).update(
                status=Status.SKIPPED
            )
    if created:
        logger.info("newsletter address suppressed id=%s reason=%s", row.pk, reason)
    return row


# --- Archive ----------------------------------------------------------------------------------


def newsletter_archive_purge() -> None:
    """Forget the cached archive pages in both languages (a new issue, a changed one)."""
    from django.urls import reverse
    from django.utils import translation

    from candle.caching.services import page_cache_purge_paths

    paths = []
    for code in ("ko", "en"):
        with translation.override(code):
            paths.append(reverse("newsletter_archive"))
    page_cache_purge_paths(paths)
