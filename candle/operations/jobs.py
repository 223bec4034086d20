"""The callables the schedule runs (``schedule.py``). Each does what is due now, is safe to run
twice, and returns a short summary of counts and ids (never personal data): it is stored on
the ``JobRun`` row and shown in the admin.
"""

from __future__ import annotations

import datetime as dt
import io
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.core.management import call_command
from django.db.models import Q
from django.utils import timezone

logger = logging.getLogger(__name__)

SEARCH_LOOKBACK = dt.timedelta(minutes=40)  # more than two of its 15-minute slots


def publish_scheduled() -> str:
    """Wagtail's scheduled publishing and unpublishing (``manage.py publish_scheduled``):
    revisions whose time has come go live, pages past their expiry go offline. Publishing a
    revision that is live already is not done again."""
    out = io.StringIO()
    call_command("publish_scheduled", stdout=out)
    return " ".join(out.getvalue().split())[:500]


def pledges_charge() -> str:
    from candle.giving.services import pledges_charge_due

    payments = pledges_charge_due()
    return f"{len(payments)} monthly charges started: payments {[p.pk for p in payments]}"


def membership_reminders() -> str:
    from candle.supporters.membership import membership_reminders_send

    result = membership_reminders_send()
    return f"{result['reminded']} reminders sent, {result['lapsed']} memberships lapsed"


def retention() -> str:
    """Supporters' retention and every app's sweep (``supporters.registry.sweep_hook``; the
    outbox's sent mail is one of them)."""
    from candle.supporters.retention import retention_apply

    return "; ".join(retention_apply().lines())


def task_results_prune() -> str:
    """Remove finished background-task rows (they hold the addresses given to public forms);
    failed ones stay two weeks for the admin's failed-jobs screen."""
    backend = settings.TASKS.get("default", {}).get("BACKEND", "")
    if backend != "django_tasks_db.DatabaseBackend":
        return "tasks run at once here: nothing is stored"
    out = io.StringIO()
    call_command(
        "prune_db_task_results", "--min-age-days", "1", "--failed-min-age-days", "14", stdout=out
    )
    return " ".join(out.getvalue().split())[:500]


def submissions_prune() -> str:
    """Staff forms' one-time tokens past the age a resent form could still arrive at
    (``once.SUBMISSION_KEEP``)."""
    from .once import submissions_prune as prune

    return f"deleted={prune()}"


def search_reindex_changed() -> str:
    """A safety net for the search index, which tasks keep on every save: documents whose text
    was never read (their task was lost with a worker killed mid-task) are read now, and pages
    published within the last slots are indexed again. Reading and indexing are idempotent."""
    from wagtail.models import Page

    from candle.core.models import CandleDocument
    from candle.search.services import document_text_extract, pages_reindex

    pending = list(
        CandleDocument.objects.filter(text_status=CandleDocument.TextStatus.PENDING)
        .order_by("pk")
        .values_list("pk", flat=True)[:200]
    )
    for document_id in pending:
        document_text_extract(document_id=document_id)
    since = timezone.now() - SEARCH_LOOKBACK
    page_ids = list(
        Page.objects.filter(last_published_at__gte=since)
        .order_by("-last_published_at")
        .values_list("pk", flat=True)[:500]  # a bulk import reindexes itself (update_index)
    )
    reindexed = pages_reindex(page_ids=page_ids) if page_ids else 0
    return (
        f"{len(pending)} documents read: {pending}; {reindexed} recently published pages reindexed"
    )


def _alert_recipients() -> list[str]:
    from candle.access.roles import AUDITORS

    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    return sorted(
        set(
            users.filter(Q(is_superuser=True) | Q(groups__name=AUDITORS)).values_list(
                "email", flat=True
            )
        )
    )


def audit_verify() -> str:
    """Check the audit log's hash chain (``manage.py audit_verify``); on a break, mail the
    superusers and auditors (once per daily run) and say where it broke."""
    from candle.audit.chain import chain_verify

    report = chain_verify()
    if report.broken is None:
        return f"intact: {report.checked} entries checked"
    broken = report.broken
    text = (
        f"Audit log broken at entry id {broken.entry_id} (number {broken.seq}, "
        f"{broken.at.isoformat()}): {broken.problem}. {report.checked} entries before it are "
        "intact. See docs/subsystems/access-audit.md."
    )
    recipients = _alert_recipients()
    if recipients:
        send_mail("[Candle] 감사 로그 무결성 오류 / Audit log chain broken", text, None, recipients)
    logger.error("audit chain broken at entry %s", broken.entry_id)
    return f"BROKEN: {text} Alert mailed to {len(recipients)} staff."


def mail_outbox_flush() -> str:
    from .mail import outbox_flush

    return outbox_flush()
