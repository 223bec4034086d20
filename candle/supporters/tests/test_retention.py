from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from candle.supporters import registry
from candle.supporters.factories import MembershipFactory, SupporterFactory
from candle.supporters.models import (
    AccessLink,
    Consent,
    PendingEmailChange,
    PendingJoin,
    Supporter,
)
from candle.supporters.retention import retention_apply
from candle.supporters.services import consent_record, consent_withdraw

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def _old(days: int):
    return NOW - timedelta(days=days)


def test_active_newsletter_consent_keeps_a_supporter_forever(supporter):
    Supporter.objects.filter(pk=supporter.pk).update(created_at=_old(4000))
    consent_record(supporter=supporter, purpose="newsletter", text="소식지", method="web_form")
    report = retention_apply(now=NOW)
    assert report.deleted == [] and report.anonymised == []


def test_withdrawn_newsletter_is_deleted_after_its_period(supporter, settings):
    settings.CANDLE_SUPPORTERS_RETENTION_DAYS = {"newsletter": 30}
    Supporter.objects.filter(pk=supporter.pk).update(created_at=_old(4000))
    consent = consent_record(
        supporter=supporter, purpose="newsletter", text="소식지", method="web_form"
    )
    consent_withdraw(consent=consent)
    Consent.objects.filter(pk=consent.pk).update(withdrawn_at=_old(10))
    assert retention_apply(now=NOW).deleted == []  # not yet
    Consent.objects.filter(pk=consent.pk).update(withdrawn_at=_old(31))
    report = retention_apply(now=NOW)
    assert report.deleted == [supporter.pk]
    assert not Supporter.objects.filter(pk=supporter.pk).exists()


def test_dry_run_reports_and_changes_nothing(supporter):
    Supporter.objects.filter(pk=supporter.pk).update(created_at=_old(4000))
    report = retention_apply(now=NOW, dry_run=True)
    assert report.deleted == [supporter.pk]
    assert Supporter.objects.filter(pk=supporter.pk).exists()


def test_donation_consent_counts_five_years_from_the_gift(supporter):
    Supporter.objects.filter(pk=supporter.pk).update(created_at=_old(4000))
    consent = consent_record(
        supporter=supporter, purpose="donation_receipt", text="영수증", method="web_form"
    )
    Consent.objects.filter(pk=consent.pk).update(given_at=_old(4 * 365))
    assert retention_apply(now=NOW).deleted == []
    Consent.objects.filter(pk=consent.pk).update(given_at=_old(5 * 365 + 1))
    assert retention_apply(now=NOW).deleted == [supporter.pk]


def test_current_membership_keeps_a_supporter(supporter, paid_type):
    Supporter.objects.filter(pk=supporter.pk).update(created_at=_old(4000))
    MembershipFactory(supporter=supporter, membership_type=paid_type, status="active")
    assert retention_apply(now=NOW).deleted == []


def test_ended_membership_counts_from_its_end(supporter, paid_type):
    Supporter.objects.filter(pk=supporter.pk).update(created_at=_old(4000))
    membership = MembershipFactory(
        supporter=supporter,
        membership_type=paid_type,
        status="lapsed",
        ended_on=(NOW - timedelta(days=100)).date(),
    )
    assert retention_apply(now=NOW).deleted == []
    membership.ended_on = (NOW - timedelta(days=400)).date()
    membership.save()
    assert retention_apply(now=NOW).deleted == [supporter.pk]


def test_supporters_with_gifts_are_anonymised_not_deleted(supporter, monkeypatch):
    Supporter.objects.filter(pk=supporter.pk).update(created_at=_old(4000))
    monkeypatch.setattr(registry, "_books_hooks", [lambda *, supporter: True])
    monkeypatch.setattr(registry, "_activity_hooks", [lambda *, supporter: _old(6 * 365)])
    report = retention_apply(now=NOW)
    assert report.anonymised == [supporter.pk]
    supporter.refresh_from_db()
    assert supporter.is_anonymised and supporter.email == ""


def test_recent_activity_elsewhere_keeps_a_supporter(supporter, monkeypatch):
    Supporter.objects.filter(pk=supporter.pk).update(created_at=_old(4000))
    monkeypatch.setattr(registry, "_activity_hooks", [lambda *, supporter: _old(30)])
    assert retention_apply(now=NOW).deleted == []


def test_new_records_without_consent_are_kept_for_a_year(supporter):
    assert retention_apply(now=NOW).deleted == []


def test_spent_access_links_are_removed(supporter):
    AccessLink.objects.create(supporter=supporter, token_hash="a" * 64, expires_at=_old(1))
    AccessLink.objects.create(
        supporter=supporter, token_hash="b" * 64, expires_at=NOW + timedelta(hours=1)
    )
    assert retention_apply(now=NOW).links_removed == 1
    assert AccessLink.objects.count() == 1


def test_spent_or_expired_pending_joins_and_email_changes_are_removed(supporter, paid_type):
    def join(**fields):
        return PendingJoin.objects.create(
            kind="person",
            name="김가명",
            email="join@candle.example",
            membership_type=paid_type,
            membership_text="[필수] …",
            language="ko",
            **fields,
        )

    expired = join(expires_at=_old(1))
    confirmed = join(expires_at=NOW + timedelta(hours=1), confirmed_at=NOW)
    waiting = join(expires_at=NOW + timedelta(hours=1))
    PendingEmailChange.objects.create(
        supporter=supporter, email="new@candle.example", expires_at=_old(1)
    )
    change = PendingEmailChange.objects.create(
        supporter=supporter, email="new@candle.example", expires_at=NOW + timedelta(hours=1)
    )
    assert retention_apply(now=NOW, dry_run=True).pending_removed == 3
    assert PendingJoin.objects.count() == 3
    assert retention_apply(now=NOW).pending_removed == 3
    assert list(PendingJoin.objects.values_list("pk", flat=True)) == [waiting.pk]
    assert list(PendingEmailChange.objects.values_list("pk", flat=True)) == [change.pk]
    assert expired.pk != confirmed.pk


def test_forget_me_removes_pending_joins_and_email_changes(supporter, paid_type):
    from candle.supporters.services import supporter_anonymise

    PendingJoin.objects.create(
        kind="person",
        name="김가명",
        email="GAMYEONG@candle.example",
        membership_type=paid_type,
        membership_text="[필수] …",
        language="ko",
        expires_at=NOW + timedelta(hours=1),
    )
    PendingEmailChange.objects.create(
        supporter=supporter, email="new@candle.example", expires_at=NOW + timedelta(hours=1)
    )
    supporter_anonymise(supporter=supporter)
    assert not PendingJoin.objects.exists() and not PendingEmailChange.objects.exists()


def test_command_says_what_it_did(supporter, capsys):
    keep = SupporterFactory()
    consent_record(supporter=keep, purpose="newsletter", text="소식지", method="web_form")
    Supporter.objects.update(created_at=_old(4000))
    call_command("apply_retention", "--dry-run")
    out = capsys.readouterr().out
    assert "would be deleted" in out and str(supporter.pk) in out
    assert Supporter.objects.count() == 2
    call_command("apply_retention")
    out = capsys.readouterr().out
    assert "1 supporters were deleted" in out
    assert list(Supporter.objects.values_list("pk", flat=True)) == [keep.pk]


def test_withdrawn_newsletter_and_an_old_gift_consent_fall_due_together(supporter):
    """An unwithdrawn transactional consent must not shield a supporter whose ongoing consent
    was withdrawn (the check is per consent row, not across rows)."""
    Supporter.objects.filter(pk=supporter.pk).update(created_at=_old(4000))
    newsletter = consent_record(
        supporter=supporter, purpose="newsletter", text="소식지", method="web_form"
    )
    consent_withdraw(consent=newsletter)
    Consent.objects.filter(pk=newsletter.pk).update(withdrawn_at=_old(400))
    receipt = consent_record(
        supporter=supporter, purpose="donation_receipt", text="영수증", method="web_form"
    )
    Consent.objects.filter(pk=receipt.pk).update(given_at=_old(6 * 365))
    assert retention_apply(now=NOW).deleted == [supporter.pk]
