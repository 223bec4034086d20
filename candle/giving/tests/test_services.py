import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from candle.giving.models import Donation, DonorTaxId, Payment, Pledge
from candle.giving.providers.test import TestProvider
from candle.giving.selectors import campaign_progress, donations_for_supporter, giving_totals
from candle.giving.services import (
    amount_validate,
    donation_record_offline,
    pledge_cancel,
    pledges_charge_due,
)
from candle.supporters.models import Consent

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "amount, currency, code",
    [
        ("-5000", "KRW", "amount_negative"),
        ("0", "KRW", "amount_negative"),
        ("999", "KRW", "amount_small"),
        ("100000001", "KRW", "amount_large"),
        ("1e30", "KRW", "amount_large"),
        ("1000.5", "KRW", "amount_places"),
        ("0.5", "USD", "amount_small"),
        ("100000.01", "USD", "amount_large"),
        ("10.001", "USD", "amount_places"),
        ("NaN", "KRW", "amount_invalid"),
        ("10", "JPY", "currency"),
    ],
)
def test_amount_validate_refuses(amount, currency, code):
    with pytest.raises(ValidationError) as error:
        amount_validate(amount=Decimal(amount), currency=currency)
    assert error.value.code == code


def test_amount_validate_accepts():
    assert amount_validate(amount=Decimal("50000"), currency="KRW") == Decimal("50000")
    assert amount_validate(amount=Decimal("25.5"), currency="USD") == Decimal("25.50")


def test_one_off_gift_through_the_test_provider(campaign, start_gift):
    payment = start_gift(campaign, amount="30000")
    assert payment.status == "pending" and not Donation.objects.exists()
    event = TestProvider().checkout_complete(payment, approve=True)
    assert event.outcome == "applied"
    donation = Donation.objects.get()
    assert (donation.amount, donation.method, donation.frequency) == (
        Decimal("30000"),
        "card",
        "one_off",
    )
    consents = Consent.objects.filter(supporter=donation.supporter)
    assert [c.purpose for c in consents] == ["donation"] and consents[
        0
    ].text == "동의합니다 / I agree"


def test_declined_payment_records_no_gift(campaign, start_gift):
    payment = start_gift(campaign)
    TestProvider().checkout_complete(payment, approve=False)
    payment.refresh_from_db()
    assert payment.status == "failed" and not Donation.objects.exists()


def test_double_submit_returns_the_first_payment(campaign, start_gift):
    first = start_gift(campaign, submission_token="tok1")
    second = start_gift(campaign, submission_token="tok1")
    assert first.pk == second.pk and Payment.objects.count() == 1
    assert Consent.objects.count() == 1


def test_closed_or_unpublished_campaign_refuses_gifts(campaign, start_gift):
    campaign.deadline = timezone.localdate() - dt.timedelta(days=1)
    with pytest.raises(ValidationError):
        start_gift(campaign)
    campaign.deadline = None
    campaign.live = False
    with pytest.raises(ValidationError):
        start_gift(campaign)
    assert not Payment.objects.exists()


def test_bad_email_is_refused_and_nothing_recorded(campaign, start_gift):
    with pytest.raises(ValidationError):
        start_gift(campaign, email="not-an-email")
    assert not Payment.objects.exists()


def test_receipt_request_stores_the_number_encrypted_and_masked(campaign, start_gift):
    payment = start_gift(
        campaign,
        receipt_requested=True,
        receipt_consent_text="영수증 동의",
        tax_id="900101-1234567",
    )
    # Kept on the gift until it is paid; only then the new donor's own number.
    assert not DonorTaxId.objects.exists()
    given = payment.tax_id_submission
    assert given.masked == "900101-1******" and given.status == "unpaid"
    assert "1234567" not in given.encrypted and "1234567" not in repr(given)
    TestProvider().checkout_complete(payment, approve=True)
    record = DonorTaxId.objects.get(supporter=payment.supporter)
    assert record.masked == "900101-1******"
    assert "1234567" not in record.encrypted and "900101" not in record.encrypted
    assert "1234567" not in repr(record) and "1234567" not in str(record)
    purposes = set(
        Consent.objects.filter(supporter=payment.supporter).values_list("purpose", flat=True)
    )
    assert purposes == {"donation", "donation_receipt"}


def test_bad_resident_number_refuses_the_gift(campaign, start_gift):
    with pytest.raises(ValidationError):
        start_gift(campaign, receipt_requested=True, tax_id="901301-1234567")
    assert not Payment.objects.exists() and not DonorTaxId.objects.exists()


def test_monthly_pledge_is_charged_once_a_month(campaign, start_gift):
    payment = start_gift(campaign, frequency="monthly", amount="20000")
    TestProvider().checkout_complete(payment, approve=True)
    pledge = Pledge.objects.get()
    assert pledge.status == "active" and pledge.billing_key.startswith("tbk_")
    due = pledge.next_charge_on
    assert pledges_charge_due(today=due - dt.timedelta(days=1)) == []
    charged = pledges_charge_due(today=due)
    assert len(charged) == 1 and pledges_charge_due(today=due) == []
    assert Donation.objects.filter(pledge=pledge).count() == 2
    pledge.refresh_from_db()
    assert pledge.next_charge_on > due
    pledge_cancel(pledge=pledge)
    assert pledges_charge_due(today=pledge.next_charge_on or due + dt.timedelta(days=400)) == []
    pledge.refresh_from_db()
    assert pledge.status == "cancelled" and pledge.billing_key == ""


def test_offline_gift_is_keyed_on_its_source(supporter):
    when = timezone.now()
    first, created = donation_record_offline(
        supporter=supporter,
        amount=Decimal("10000"),
        currency="KRW",
        method="bank_transfer",
        received_at=when,
        source_ref="bank:abc",
    )
    again, created_again = donation_record_offline(
        supporter=supporter,
        amount=Decimal("10000"),
        currency="KRW",
        method="bank_transfer",
        received_at=when,
        source_ref="bank:abc",
    )
    assert created and not created_again and first.pk == again.pk
    with pytest.raises(ValidationError):
        donation_record_offline(
            supporter=supporter,
            amount=Decimal("-1"),
            currency="KRW",
            method="other",
            received_at=when,
            source_ref="x",
        )


def test_progress_counts_matching_up_to_the_cap_and_is_one_total_in_both_languages(
    campaign, campaign_en, supporter
):
    now = timezone.now()
    for index, amount in enumerate([40000, 80000]):
        donation_record_offline(
            supporter=supporter,
            amount=Decimal(amount),
            currency="KRW",
            method="card",
            received_at=now,
            source_ref=f"t:{index}",
            campaign=campaign,
        )
    donation_record_offline(
        supporter=supporter,
        amount=Decimal("25"),
        currency="USD",
        method="card",
        received_at=now,
        source_ref="t:usd",
        campaign=campaign_en,
    )
    progress = campaign_progress(campaign=campaign)
    assert progress.raised == Decimal("120000")
    assert progress.matched == Decimal("100000")  # ratio 1 × 120,000 capped at 100,000
    assert progress.total == Decimal("220000") and progress.percent == 22 and progress.donors == 1
    # The dollar gift is listed beside the won total, never converted into it.
    assert [(o.currency, o.raised, o.donors) for o in progress.other_currencies] == [
        ("USD", Decimal("25"), 1)
    ]
    # The English page shows the same campaign: the original's goal, currency and total, though
    # the translation asks for gifts in dollars (and once carried a goal of its own).
    assert campaign_progress(campaign=campaign_en) == progress


def test_matching_ignores_gifts_after_its_deadline(campaign, supporter):
    pledge = campaign.matching_pledges.get()
    pledge.deadline = timezone.localdate() - dt.timedelta(days=10)
    pledge.save()
    donation_record_offline(
        supporter=supporter,
        amount=Decimal("50000"),
        currency="KRW",
        method="card",
        received_at=timezone.now(),
        source_ref="late",
        campaign=campaign,
    )
    assert campaign_progress(campaign=campaign).matched == 0


def test_progress_query_budget(campaign, supporter, django_assert_max_num_queries):
    for index in range(25):
        donation_record_offline(
            supporter=supporter,
            amount=Decimal("10000"),
            currency="KRW",
            method="card",
            received_at=timezone.now(),
            source_ref=f"q:{index}",
            campaign=campaign,
        )
    with django_assert_max_num_queries(3):
        assert campaign_progress(campaign=campaign).raised == Decimal("250000")


def test_donations_for_supporter_and_totals(campaign, supporter, django_assert_max_num_queries):
    for index in range(22):
        donation_record_offline(
            supporter=supporter,
            amount=Decimal("1000"),
            currency="KRW",
            method="card" if index % 2 else "cms",
            received_at=timezone.now(),
            source_ref=f"s:{index}",
            campaign=campaign if index % 2 else None,
        )
    with django_assert_max_num_queries(1):
        rows = [
            (d.amount, d.campaign.title if d.campaign else "")
            for d in donations_for_supporter(supporter=supporter)
        ]
    assert len(rows) == 22
    totals = giving_totals(year=timezone.localdate().year)
    assert {r["method"]: r["total"] for r in totals["method"]} == {
        "card": Decimal("11000"),
        "cms": Decimal("11000"),
    }
    assert sum(r["count"] for r in totals["campaign"]) == 22


def test_supporter_merge_and_forget_keep_the_books(campaign, supporter):
    from candle.giving.services import tax_id_store
    from candle.supporters import registry
    from candle.supporters.services import supporter_get_or_create

    duplicate = supporter_get_or_create(
        email="other@supporters.example", name="김가명", locale="ko"
    )
    tax_id_store(supporter=supporter, raw="900101-1234567")
    tax_id_store(supporter=duplicate, raw="900101-1234567")
    donation_record_offline(
        supporter=duplicate,
        amount=Decimal("5000"),
        currency="KRW",
        method="card",
        received_at=timezone.now(),
        source_ref="m1",
    )
    for hook in registry.merge_hooks():
        hook(kept=supporter, duplicate=duplicate)
    assert not DonorTaxId.objects.filter(supporter=duplicate).exists()
    for hook in registry.forget_hooks():
        hook(supporter=duplicate)
    assert Donation.objects.filter(supporter=duplicate).count() == 1
    assert any(hook(supporter=duplicate) for hook in registry.books_hooks())
