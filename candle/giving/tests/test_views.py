"""The donation form over HTTP: the happy path through the test checkout, and every kind of
bad input getting a clear message in the visitor's language with nothing recorded twice."""

import re

import pytest
from django.utils import timezone

from candle.giving.models import Donation, Payment, Pledge
from candle.supporters.models import Supporter

pytestmark = pytest.mark.django_db


def form_data(page, **overrides):
    data = {
        "page_id": str(page.pk),
        "submission_token": "a" * 32,
        "frequency": "one_off",
        "preset": "30000",
        "amount_other": "",
        "name": "김가명",
        "email": "gamyeong@supporters.example",
        "phone": "",
        "consent": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_campaign_page_shows_the_thermometer_and_form_uncached(client, campaign):
    response = client.get(campaign.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<progress" in html and 'name="submission_token"' in html
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_give_page_renders(client, give_page):
    response = client.get("/ko/give/")
    assert response.status_code == 200
    assert "donation-form" in response.content.decode()


def test_one_off_gift_end_to_end(client, campaign):
    response = client.post("/ko/give/donate/", form_data(campaign))
    assert response.status_code == 302
    checkout = response["Location"]
    assert "/test-checkout/" in checkout
    page = client.get(checkout)
    assert "30,000원" in page.content.decode()
    done = client.post(checkout, {"action": "pay"}, follow=True)
    assert "감사" in done.content.decode() or "Thank" in done.content.decode()
    assert Donation.objects.get().amount == 30000
    # the page's thermometer moved
    assert "30,000원" in client.get(campaign.url).content.decode()


def test_monthly_gift_end_to_end_in_english(client, campaign_en):
    response = client.post(
        "/en/give/donate/",
        form_data(
            campaign_en,
            frequency="monthly",
            preset="25",
            email="jane@supporters.example",
            name="Jane Example",
        ),
    )
    assert response.status_code == 302
    done = client.post(response["Location"], {"action": "pay"}, follow=True)
    assert "monthly gift" in done.content.decode()
    pledge = Pledge.objects.get()
    assert pledge.status == "active" and pledge.currency == "USD" and pledge.amount == 25


@pytest.mark.parametrize(
    "overrides, ko_message",
    [
        ({"preset": "other", "amount_other": "-5000"}, "0보다"),
        ({"preset": "other", "amount_other": "999999999999"}, "온라인"),
        ({"preset": "other", "amount_other": "1e400"}, "온라인"),
        ({"preset": "other", "amount_other": "abc"}, "숫자"),
        ({"preset": "other", "amount_other": ""}, "금액"),
        ({"preset": "12345"}, "선택"),
        ({"email": "not-an-email"}, "이메일"),
        ({"email": "a@b@c.example"}, "이메일"),
        ({"name": ""}, "필수"),
        ({"consent": None}, "동의"),
        ({"receipt_requested": "on", "tax_id": "123"}, "주민등록번호"),
        ({"frequency": "weekly"}, "선택"),
    ],
)
def test_bad_input_gets_a_korean_message_and_records_nothing(
    client, campaign, overrides, ko_message
):
    response = client.post("/ko/give/donate/", form_data(campaign, **overrides))
    assert response.status_code == 400
    assert ko_message in response.content.decode()
    assert not Payment.objects.exists() and not Supporter.objects.exists()


@pytest.mark.parametrize(
    "overrides, en_message",
    [
        ({"preset": "other", "amount_other": "-5"}, "more than zero"),
        ({"preset": "other", "amount_other": "1000000"}, "cannot be made online"),
        ({"email": "nope"}, "valid email"),
        ({"page_id": "999999"}, "does not exist"),
    ],
)
def test_bad_input_gets_an_english_message(client, campaign_en, overrides, en_message):
    response = client.post(
        "/en/give/donate/", form_data(campaign_en, **{"preset": "25", **overrides})
    )
    assert response.status_code == 400
    assert en_message in response.content.decode()
    assert not Payment.objects.exists()


@pytest.mark.parametrize("page_id", ["999999", "-1", "abc", "99999999999999999999", "1"])
def test_forged_campaign_id_is_refused(client, campaign, page_id):
    response = client.post("/ko/give/donate/", form_data(campaign, page_id=page_id))
    assert response.status_code == 400
    assert "캠페인" in response.content.decode() or "정수" in response.content.decode()
    assert not Payment.objects.exists()


def test_closed_campaign_is_refused(client, campaign):
    campaign.deadline = timezone.localdate() - timezone.timedelta(days=1)
    campaign.save_revision().publish()
    response = client.post("/ko/give/donate/", form_data(campaign))
    assert response.status_code == 400 and not Payment.objects.exists()


def test_double_submit_records_one_payment_and_one_gift(client, campaign):
    first = client.post("/ko/give/donate/", form_data(campaign))
    second = client.post("/ko/give/donate/", form_data(campaign))
    assert first["Location"] == second["Location"]
    assert Payment.objects.count() == 1
    client.post(first["Location"], {"action": "pay"})
    client.post(first["Location"], {"action": "pay"})  # pressing Pay twice
    third = client.post("/ko/give/donate/", form_data(campaign), follow=True)
    assert Donation.objects.count() == 1
    assert "두 번" in third.content.decode() or "twice" in third.content.decode()


def test_hostile_token_and_oversized_fields(client, campaign):
    response = client.post(
        "/ko/give/donate/", form_data(campaign, submission_token="../../etc", name="가" * 5000)
    )
    assert response.status_code == 400 and not Payment.objects.exists()


def test_donate_needs_post_and_csrf(campaign):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.get("/ko/give/donate/").status_code == 405
    assert strict.post("/ko/give/donate/", form_data(campaign)).status_code == 403


def test_test_checkout_unknown_or_disabled(client, campaign, settings):
    assert (
        client.get("/ko/give/test-checkout/00000000-0000-0000-0000-000000000000/").status_code
        == 404
    )
    response = client.post("/ko/give/donate/", form_data(campaign))
    settings.CANDLE_TEST_PROVIDER_ENABLED = False
    assert client.get(response["Location"]).status_code == 404


def test_thanks_page_shows_no_personal_data(client, campaign):
    response = client.post("/ko/give/donate/", form_data(campaign))
    done = client.post(response["Location"], {"action": "pay"}, follow=True)
    html = done.content.decode()
    assert "gamyeong@supporters.example" not in html and "김가명" not in html
    assert re.search(r"no-cache|max-age=0", done["Cache-Control"])
