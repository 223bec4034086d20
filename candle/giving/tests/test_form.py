"""The donation form's amount choice (issue 20, item 15) and its resident-number field
(item 11): no field where no receipt can be issued, and the number never echoed back."""

import pytest

from candle.giving.forms import DonationForm
from candle.giving.models import Payment, TaxIdSubmission

from .test_views import form_data

pytestmark = pytest.mark.django_db


def amount_of(page, **overrides):
    form = DonationForm(form_data(page, **overrides))
    return form, (form.cleaned_data.get("amount") if form.is_valid() else None)


# --- item 15: a stale other amount never beats the chosen preset ------------------------------


def test_a_chosen_preset_with_a_different_other_amount_is_an_error_not_a_guess(client, campaign):
    response = client.post(
        "/ko/give/donate/", form_data(campaign, preset="30000", amount_other="5000")
    )
    assert response.status_code == 400
    assert "직접 입력한 금액이 함께" in response.content.decode()
    assert not Payment.objects.exists()


def test_the_other_amount_counts_only_when_other_is_chosen(campaign):
    assert amount_of(campaign, preset="other", amount_other="5,000")[1] == 5000
    assert amount_of(campaign, preset="30000", amount_other="")[1] == 30000
    # typing the chosen preset's own amount again is not a contradiction
    assert amount_of(campaign, preset="30000", amount_other="30,000")[1] == 30000
    # nothing chosen at all: the one amount typed is unambiguous
    assert amount_of(campaign, preset="", amount_other="7000")[1] == 7000


@pytest.mark.parametrize(
    "overrides",
    [
        {"preset": "30000", "amount_other": "5000"},
        {"preset": "other", "amount_other": ""},
        {"preset": "", "amount_other": ""},
        {"preset": "10000", "amount_other": "abc"},
        {"preset": "10000", "amount_other": "sNaN"},
        {"preset": "other", "amount_other": "sNaN"},
        {"preset": "other", "amount_other": "Infinity"},
        {"preset": "other", "amount_other": "NaN"},
    ],
)
def test_unclear_amounts_are_refused(campaign, overrides):
    form, amount = amount_of(campaign, **overrides)
    assert amount is None and "amount_other" in form.errors


def test_the_preset_group_has_an_explicit_other_choice_and_a_script(client, campaign):
    html = client.get(campaign.url).content.decode()
    assert 'name="preset" value="other"' in html
    assert "giving/donation_form.js" in html


# --- item 11: resident numbers only where a receipt can be issued, never echoed ---------------


def test_a_usd_page_asks_for_no_resident_number(client, campaign_en):
    html = client.get(campaign_en.url).content.decode()
    assert 'name="tax_id"' not in html and 'name="receipt_requested"' not in html


def test_a_won_page_asks_for_it(client, campaign):
    html = client.get(campaign.url).content.decode()
    assert 'name="tax_id"' in html and 'name="receipt_requested"' in html


def test_a_usd_gift_posted_with_a_number_keeps_none(client, campaign_en):
    response = client.post(
        "/en/give/donate/",
        form_data(campaign_en, preset="25", receipt_requested="on", tax_id="900101-1234567"),
    )
    assert response.status_code == 302
    payment = Payment.objects.get()
    assert payment.receipt_requested is False
    assert not TaxIdSubmission.objects.exists()


def test_the_number_is_never_rendered_back_on_an_error(client, campaign):
    response = client.post(
        "/ko/give/donate/",
        form_data(campaign, email="not-an-email", receipt_requested="on", tax_id="900101-1234567"),
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "1234567" not in html and "900101" not in html
    assert 'id="tax-id-retype"' in html and "다시 입력" in html
    # the other fields are kept, so only the number needs typing again
    assert "not-an-email" in html


def test_a_bad_number_is_not_echoed_either(client, campaign):
    response = client.post(
        "/ko/give/donate/", form_data(campaign, receipt_requested="on", tax_id="901301-1234567")
    )
    assert response.status_code == 400
    assert "901301" not in response.content.decode()


# --- no payment provider switched on (a production without PortOne) ---------------------------


def test_with_no_provider_switched_on_the_form_says_giving_is_unavailable(
    client, campaign, settings
):
    settings.CANDLE_TEST_PROVIDER_ENABLED = False
    settings.CANDLE_USE_PORTONE = False
    response = client.post("/ko/give/donate/", form_data(campaign, preset="30000"))
    assert response.status_code == 503
    assert "온라인 후원을 받을 수 없습니다" in response.content.decode()
    assert not Payment.objects.exists()
