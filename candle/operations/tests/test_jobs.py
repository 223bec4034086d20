"""The schedule's other jobs, each run as the runner runs it, twice: the second does nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from candle.operations import jobs

pytestmark = pytest.mark.django_db


def test_audit_verify_mails_superusers_and_auditors_on_a_break_only(monkeypatch):
    from candle.audit import chain
    from candle.audit.log import record

    get_user_model().objects.create_superuser("root-example", "root@candle.example", "x-root-12345")
    get_user_model().objects.create_user("quiet-example", "quiet@candle.example", "x-quiet-1234")
    record("export", count=1, detail="test")
    assert jobs.audit_verify().startswith("intact")
    assert mail.outbox == []

    entry = chain.AuditEntry.objects.order_by("pk").first()
    broken = chain.ChainReport(
        checked=0,
        last_hash="",
        broken=chain.ChainBreak(
            entry_id=entry.pk, seq=entry.seq, at=entry.at, problem="its hash does not match"
        ),
    )
    monkeypatch.setattr(chain, "chain_verify", lambda **kwargs: broken)
    summary = jobs.audit_verify()
    assert summary.startswith("BROKEN") and "1 staff" in summary
    assert [m.to for m in mail.outbox] == [["root@candle.example"]]


def test_search_safety_net_reads_pending_documents_once():
    from candle.core.models import CandleDocument
    from candle.pages.factories import CandleDocumentFactory

    document = CandleDocumentFactory(title="Example report on detention")
    CandleDocument.objects.filter(pk=document.pk).update(text_status="pending", text="")
    first = jobs.search_reindex_changed()
    assert f"1 documents read: [{document.pk}]" in first
    document.refresh_from_db()
    assert document.text_status != "pending"
    assert jobs.search_reindex_changed().startswith("0 documents read")


def test_task_results_prune_needs_the_database_backend():
    assert jobs.task_results_prune() == "tasks run at once here: nothing is stored"
