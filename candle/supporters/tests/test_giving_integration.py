"""Supporters together with the giving app: merges move gifts, forget-me and retention keep
the amounts in the books, and the member's page lists real gifts."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from candle.supporters.access import access_link_create
from candle.supporters.factories import SupporterFactory
from candle.supporters.models import Supporter
from candle.supporters.retention import retention_apply
from candle.supporters.services import supporter_anonymise, supporter_merge

giving = pytest.importorskip("candle.giving.services", reason="the giving app is not installed")
Donation = pytest.importorskip("candle.giving.models").Donation

pytestmark = pytest.mark.django_db


def _gift(supporter, ref: str, amount: str = "50000", when: dt.datetime | None = None):
    donation, _ = giving.donation_record_offline(
        supporter=supporter,
        amount=Decimal(amount),
        currency="KRW",
        method="bank_transfer",
        received_at=when or timezone.now(),
        source_ref=ref,
    )
    return donation


def test_merging_moves_gifts_to_the_kept_supporter(supporter):
    duplicate = SupporterFactory(email="", phone="+82 10 1234 5678")
    _gift(supporter, "bank:1")
    _gift(duplicate, "bank:2", "30000")
    record = supporter_merge(kept=supporter, duplicate=duplicate)
    assert sorted(
        Donation.objects.filter(supporter=supporter).values_list("amount", flat=True)
    ) == [Decimal("30000"), Decimal("50000")]
    assert record.moved["giving.Donation"] == 1


def test_forget_me_keeps_the_amounts(supporter):
    _gift(supporter, "bank:3", "70000")
    supporter_anonymise(supporter=supporter)
    donation = Donation.objects.get()
    assert donation.amount == Decimal("70000") and donation.supporter_id == supporter.pk
    assert Supporter.objects.get(pk=supporter.pk).email == ""


def test_retention_anonymises_old_donors_and_never_deletes_their_gifts(supporter):
    long_ago = timezone.now() - dt.timedelta(days=6 * 365)
    Supporter.objects.filter(pk=supporter.pk).update(created_at=long_ago)
    _gift(supporter, "bank:4", when=long_ago)
    report = retention_apply()
    assert report.anonymised == [supporter.pk] and report.deleted == []
    assert Donation.objects.filter(supporter=supporter).count() == 1


def test_recent_donors_are_kept(supporter):
    Supporter.objects.filter(pk=supporter.pk).update(
        created_at=timezone.now() - dt.timedelta(days=3000)
    )
    _gift(supporter, "bank:5")
    report = retention_apply()
    assert report.anonymised == [] and report.deleted == []


def test_the_members_page_lists_real_gifts(client, supporter):
    _gift(supporter, "bank:6", "123000", when=timezone.make_aware(dt.datetime(2025, 5, 5, 12)))
    token = access_link_create(supporter=supporter)
    client.post(f"/ko/supporters/me/open/{token}/")
    html = client.get("/ko/supporters/me/account/").content.decode()
    assert "123,000" in html and "2025-05-05" in html
