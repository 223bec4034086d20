"""Gifts recorded offline (bank transfer, CMS debit, a statement line staff resolve) are thanked
by mail like card gifts, once, in the donor's language: when the donor has an e-mail address and
consented to our processing their gift (or, for dues, their membership), and the gift is recent
(importing an old statement must not mail everyone for last year's gifts)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from candle.giving.models import Donation
from candle.giving.services import donation_record_offline
from candle.supporters.models import Consent
from candle.supporters.services import consent_record, supporter_get_or_create

pytestmark = pytest.mark.django_db


def _donor(*, email="offline@supporters.example", language="ko", purpose=Consent.Purpose.DONATION):
    supporter = supporter_get_or_create(email=email, name="김가명", locale=language)
    if purpose:
        consent_record(
            supporter=supporter, purpose=purpose, text="동의합니다 / I agree", method="paper"
        )
    return supporter


def _record(supporter, *, days_ago=1, source_ref="bank:abc", **extra):
    return donation_record_offline(
        supporter=supporter,
        amount=Decimal("30000"),
        currency="KRW",
        method="bank_transfer",
        received_at=timezone.now() - dt.timedelta(days=days_ago),
        source_ref=source_ref,
        **extra,
    )


@pytest.mark.parametrize(
    ("language", "subject", "words"),
    [
        ("ko", "후원해 주셔서 감사합니다", "30,000원"),
        ("en", "Thank you for your gift", "₩30,000"),
    ],
)
def test_a_bank_gift_is_thanked_once_in_the_donors_language(
    django_capture_on_commit_callbacks, language, subject, words
):
    supporter = _donor(language=language)
    with django_capture_on_commit_callbacks(execute=True):
        donation, created = _record(supporter)
    assert created
    assert [m.to for m in mail.outbox] == [[supporter.email]]
    assert mail.outbox[0].subject == subject and words in mail.outbox[0].body
    donation.refresh_from_db()
    assert donation.thanked_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        _again, created = _record(supporter)  # the same line recorded again
    assert not created and len(mail.outbox) == 1


def test_bank_dues_are_thanked_as_dues(django_capture_on_commit_callbacks):
    supporter = _donor(purpose=Consent.Purpose.MEMBERSHIP)
    with django_capture_on_commit_callbacks(execute=True):
        _record(supporter, purpose="dues")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "회비를 내 주셔서 감사합니다" and "회비" in mail.outbox[0].body
    assert "이 회비에는 기부금영수증이 발급되지 않습니다" in mail.outbox[0].body
    assert "이 후원에는" not in mail.outbox[0].body


@pytest.mark.parametrize(
    ("language", "due", "card_words"),
    [("ko", "납부일입니다", "결제됩니다"), ("en", "due around day 25", "charged around")],
)
def test_a_monthly_gift_by_bank_falls_due_rather_than_being_charged(
    django_capture_on_commit_callbacks, language, due, card_words
):
    from candle.giving.models import Pledge

    supporter = _donor(language=language)
    pledge = Pledge.objects.create(
        supporter=supporter,
        amount=Decimal("30000"),
        currency="KRW",
        method="bank_transfer",
        day_of_month=25,
    )
    with django_capture_on_commit_callbacks(execute=True):
        _record(supporter, pledge=pledge, frequency="monthly")
    body = mail.outbox[0].body
    assert due in body and card_words not in body


@pytest.mark.parametrize(
    "case", ["no consent", "consent withdrawn", "no e-mail address", "an old gift"]
)
def test_no_mail_without_consent_address_or_for_an_old_gift(
    django_capture_on_commit_callbacks, case
):
    supporter = _donor(purpose=None if case == "no consent" else Consent.Purpose.DONATION)
    if case == "consent withdrawn":
        Consent.objects.update(withdrawn_at=timezone.now())
    if case == "no e-mail address":
        supporter.email = ""
        supporter.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        donation, created = _record(supporter, days_ago=200 if case == "an old gift" else 1)
    assert created and mail.outbox == []
    assert Donation.objects.get(pk=donation.pk).thanked_at is None


def test_membership_consent_alone_does_not_cover_a_gift(django_capture_on_commit_callbacks):
    supporter = _donor(purpose=Consent.Purpose.MEMBERSHIP)
    with django_capture_on_commit_callbacks(execute=True):
        _record(supporter)
    assert mail.outbox == []
