"""Issue 21 item 6: one campaign has one total, written in each reader's language and in the
campaign's own currency, and donor names appear only when the donor agreed."""

import re
from decimal import Decimal

import pytest
from django.utils import timezone

from candle.giving.formatting import money_display, ratio_percent
from candle.giving.services import donation_record_offline

pytestmark = pytest.mark.django_db


def _gift(supporter, page, amount, currency, ref):
    donation_record_offline(
        supporter=supporter,
        amount=Decimal(amount),
        currency=currency,
        method="card",
        received_at=timezone.now(),
        source_ref=ref,
        campaign=page,
    )


def _text(response) -> str:
    html = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize(
    ("amount", "currency", "language", "shown"),
    [
        (10000000, "KRW", "ko", "10,000,000원"),
        (10000000, "KRW", "en", "₩10,000,000"),
        (Decimal("30000.00"), "KRW", "ko", "30,000원"),
        (50, "USD", "en", "$50.00"),
        (50, "USD", "ko", "$50.00"),
        (None, "KRW", "ko", ""),
    ],
)
def test_money_is_written_the_readers_way(amount, currency, language, shown):
    assert money_display(amount, currency, language=language) == shown


def test_a_ratio_is_a_share_of_each_gift():
    assert ratio_percent(Decimal("1.00")) == "100%"
    assert ratio_percent(Decimal("0.50")) == "50%"


@pytest.fixture
def gifts(campaign, campaign_en, supporter):
    from candle.supporters.services import supporter_get_or_create

    _gift(supporter, campaign, 30000, "KRW", "f:ko")
    abroad = supporter_get_or_create(
        email="jane@supporters.example", name="Jane Example", locale="en"
    )
    _gift(abroad, campaign_en, 25, "USD", "f:en")
    pledge = campaign.matching_pledges.get()
    pledge.cap = Decimal("10000000")
    pledge.save()


def test_korean_page_writes_won_in_korean_and_the_ratio_as_a_share(client, campaign, gifts):
    text = _text(client.get(campaign.url))
    # 30,000 given, matched 100 %: 60,000 of the 1,000,000 goal (6 %).
    assert "60,000원" in text and "1,000,000원" in text and "(6%)" in text
    assert "10,000,000원" in text  # the matching cap
    assert "100%" in text
    assert "KRW" not in text and "배" not in text and "1.00" not in text
    assert "$25.00" in text  # the dollar gift, beside the total


def test_english_page_shows_the_same_total_in_won_and_no_donor_name(
    client, campaign, campaign_en, gifts
):
    text = _text(client.get(campaign_en.url))
    assert "₩60,000" in text and "₩1,000,000" in text and "(6%)" in text
    assert "₩10,000,000" in text
    assert "$10,000,000.00" not in text and "$1,000.00" not in text
    assert "익명의 후원자" not in text  # the matching donor did not agree to be named
    assert "$25.00" in text


def test_a_donor_who_agreed_is_named_on_both_pages(client, campaign, campaign_en, gifts):
    pledge = campaign.matching_pledges.get()
    pledge.donor_name, pledge.name_public = "Kim Example Foundation", True
    pledge.save()
    for page in (campaign, campaign_en):
        assert "Kim Example Foundation" in _text(client.get(page.url))


def test_donation_form_presets_are_money_in_the_pages_language(client, campaign, campaign_en):
    ko = _text(client.get(campaign.url))
    assert "30,000원" in ko and "30,000 KRW" not in ko
    en = _text(client.get(campaign_en.url))
    assert "$25.00" in en and "25 USD" not in en
