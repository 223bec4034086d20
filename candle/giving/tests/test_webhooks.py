"""Webhook replays: saved payloads (PortOne V2 shape) delivered over HTTP, signed the Standard
Webhooks way with the provider's secret — valid, forged, replayed and out of order."""

import json
import uuid
from unittest import mock

import pytest
from django.conf import settings

from candle.giving.models import Donation, Payment, Pledge, WebhookEvent
from candle.giving.providers.base import webhook_headers

from .conftest import FIXTURES

pytestmark = pytest.mark.django_db

URL = "/ko/give/webhooks/test/"


def body_for(name: str, payment: Payment, **replace) -> str:
    text = (FIXTURES / name).read_text()
    text = text.replace("{payment_id}", payment.provider_payment_id).replace(
        "{amount}", str(int(payment.amount))
    )
    for key, value in replace.items():
        text = text.replace(key, value)
    return text


def post(client, body: str, *, secret=None, msg_id=None, url=URL, headers=None):
    signed = headers or webhook_headers(
        secret=secret or settings.CANDLE_TEST_PROVIDER_SECRET,
        msg_id=msg_id or f"msg_{uuid.uuid4().hex}",
        body=body,
    )
    return client.post(url, data=body, content_type="application/json", headers=signed)


def test_valid_paid_webhook_records_one_donation(client, campaign, start_gift):
    payment = start_gift(campaign)
    response = post(client, body_for("portone_paid.json", payment))
    assert response.status_code == 200
    assert response.json()["outcome"] == "applied"
    payment.refresh_from_db()
    assert payment.status == "paid"
    donation = Donation.objects.get()
    assert donation.amount == payment.amount and donation.campaign_id == campaign.pk
    assert donation.source_ref == f"test:{payment.provider_payment_id}"
    assert WebhookEvent.objects.count() == 1


def test_forged_signature_is_rejected_and_records_nothing(client, campaign, start_gift):
    payment = start_gift(campaign)
    response = post(
        client, body_for("portone_paid.json", payment), secret="whsec_" + "Zm9yZ2VkLXNlY3JldA=="
    )
    assert response.status_code == 400
    assert "signature" in response.json()["error"]
    assert not Donation.objects.exists() and not WebhookEvent.objects.exists()
    payment.refresh_from_db()
    assert payment.status == "pending"


def test_tampered_body_with_a_real_signature_is_rejected(client, campaign, start_gift):
    payment = start_gift(campaign)
    body = body_for("portone_paid.json", payment)
    headers = webhook_headers(
        secret=settings.CANDLE_TEST_PROVIDER_SECRET, msg_id="msg_1", body=body
    )
    tampered = body.replace(f'"total": "{int(payment.amount)}"', '"total": "1"')
    assert post(client, tampered, headers=headers).status_code == 400
    assert not Donation.objects.exists()


@pytest.mark.parametrize("drop", ["webhook-id", "webhook-timestamp", "webhook-signature"])
def test_missing_signature_headers_are_rejected(client, campaign, start_gift, drop):
    payment = start_gift(campaign)
    body = body_for("portone_paid.json", payment)
    headers = webhook_headers(
        secret=settings.CANDLE_TEST_PROVIDER_SECRET, msg_id="msg_2", body=body
    )
    headers.pop(drop)
    assert post(client, body, headers=headers).status_code == 400
    assert not Donation.objects.exists()


def test_old_timestamp_is_rejected(client, campaign, start_gift):
    import time

    payment = start_gift(campaign)
    body = body_for("portone_paid.json", payment)
    headers = webhook_headers(
        secret=settings.CANDLE_TEST_PROVIDER_SECRET,
        msg_id="msg_3",
        body=body,
        timestamp=int(time.time()) - 3600,
    )
    assert post(client, body, headers=headers).status_code == 400


def test_replayed_webhook_never_records_a_second_gift(client, campaign, start_gift):
    payment = start_gift(campaign)
    body = body_for("portone_paid.json", payment)
    first = post(client, body, msg_id="msg_replay")
    again = post(client, body, msg_id="msg_replay")
    assert first.status_code == again.status_code == 200
    assert Donation.objects.count() == 1 and WebhookEvent.objects.count() == 1


def test_same_payment_paid_twice_under_new_event_ids_is_one_gift(client, campaign, start_gift):
    payment = start_gift(campaign)
    body = body_for("portone_paid.json", payment)
    post(client, body)
    later = body.replace("03:12:45.120Z", "03:13:00.000Z")
    assert post(client, later).status_code == 200
    assert Donation.objects.count() == 1
    assert WebhookEvent.objects.count() == 2


def test_out_of_order_cancel_before_paid_ends_cancelled_without_a_gift(
    client, campaign, start_gift
):
    payment = start_gift(campaign)
    assert post(client, body_for("portone_cancelled.json", payment)).status_code == 200
    response = post(client, body_for("portone_paid.json", payment))  # older event, arrives last
    assert response.json()["outcome"] == "stale"
    payment.refresh_from_db()
    assert payment.status == "cancelled"
    assert not Donation.objects.exists()


def test_out_of_order_failed_after_paid_keeps_the_gift(client, campaign, start_gift):
    payment = start_gift(campaign)
    post(client, body_for("portone_paid.json", payment))
    response = post(client, body_for("portone_failed.json", payment))  # 03:05, before the payment
    assert response.json()["outcome"] == "stale"
    payment.refresh_from_db()
    assert payment.status == "paid" and Donation.objects.count() == 1


def test_cancel_after_paid_refunds_the_gift_and_keeps_it_in_the_books(client, campaign, start_gift):
    payment = start_gift(campaign)
    post(client, body_for("portone_paid.json", payment))
    post(client, body_for("portone_cancelled.json", payment))
    donation = Donation.objects.get()
    assert donation.status == "refunded"
    from candle.giving.selectors import campaign_progress

    assert campaign_progress(campaign=campaign).raised == 0


def test_amount_mismatch_is_recorded_as_error_and_no_gift(client, campaign, start_gift):
    payment = start_gift(campaign)
    response = post(
        client, body_for("portone_paid.json", payment).replace(f'"{int(payment.amount)}"', '"1000"')
    )
    assert response.status_code == 200 and response.json()["outcome"] == "error"
    assert not Donation.objects.exists()


def test_unknown_payment_is_recorded_not_applied(client, campaign):
    body = (
        (FIXTURES / "portone_paid.json")
        .read_text()
        .replace("{payment_id}", "candle-nope")
        .replace("{amount}", "5")
    )
    response = post(client, body)
    assert response.status_code == 200 and response.json()["outcome"] == "unknown_payment"
    assert not Donation.objects.exists()


@pytest.mark.parametrize(
    "body", ["not json", "[]", '{"type": "Transaction.Paid"}', json.dumps({"type": 1, "data": {}})]
)
def test_malformed_signed_bodies_get_400(client, db, body):
    assert post(client, body).status_code == 400
    assert not WebhookEvent.objects.exists()


def test_unknown_provider_is_404(client, db):
    assert post(client, "{}", url="/ko/give/webhooks/nobody/").status_code == 404


def test_portone_provider_off_is_404(client, db):
    assert post(client, "{}", url="/ko/give/webhooks/portone/").status_code == 404


def test_webhook_get_not_allowed(client, db):
    assert client.get(URL).status_code == 405


def test_monthly_first_payment_stores_billing_key_and_activates_pledge(
    client, campaign, start_gift
):
    payment = start_gift(campaign, frequency="monthly")
    body = body_for("portone_paid.json", payment)
    data = json.loads(body)
    data["data"]["billingKey"] = "tbk_fixture"
    post(client, json.dumps(data))
    pledge = Pledge.objects.get()
    assert (
        pledge.status == "active" and pledge.billing_key == "tbk_fixture" and pledge.next_charge_on
    )
    assert Donation.objects.get().pledge == pledge


def test_portone_webhook_verified_with_the_official_sdk(client, campaign, start_gift, settings):
    """PortOne's own verifier accepts our signing and the flow records the gift once (the
    payment lookup, a network call, is mocked)."""
    from decimal import Decimal

    from candle.giving.providers import ChargeResult

    settings.CANDLE_USE_PORTONE = True
    settings.CANDLE_PORTONE_WEBHOOK_SECRET = "whsec_" + "cG9ydG9uZS10ZXN0LXNlY3JldA=="
    settings.CANDLE_PORTONE_API_SECRET = "test"
    settings.CANDLE_PORTONE_STORE_ID = "store-test"
    payment = Payment.objects.create(
        provider="portone",
        provider_payment_id="candle-portone-1",
        supporter=start_gift(campaign).supporter,
        campaign=campaign,
        frequency="one_off",
        amount=Decimal("30000"),
        currency="KRW",
    )
    body = body_for("portone_paid.json", payment)
    url = "/ko/give/webhooks/portone/"
    with mock.patch(
        "candle.giving.providers.portone.PortOneProvider.payment_lookup",
        return_value=ChargeResult(status="paid", amount=Decimal("30000"), currency="KRW"),
    ):
        ok = post(
            client, body, secret=settings.CANDLE_PORTONE_WEBHOOK_SECRET, url=url, msg_id="msg_po"
        )
        replay = post(
            client, body, secret=settings.CANDLE_PORTONE_WEBHOOK_SECRET, url=url, msg_id="msg_po"
        )
        forged = post(client, body, secret="whsec_Zm9yZ2Vk", url=url)
    assert ok.status_code == 200 and replay.status_code == 200 and forged.status_code == 400
    assert Donation.objects.filter(payment=payment).count() == 1


# --- Malformed deliveries: always 400, never 500, nothing recorded (issue 20, item 8) ---------


@pytest.mark.parametrize(
    "stamp", ["9" * 400, "1" * 13, "-1", "+1700000000", " 1700000000", "١٧٠٠٠٠٠٠٠٠", "1e9", ""]
)
def test_unsigned_garbage_timestamps_get_400(client, db, stamp):
    headers = {"webhook-id": "msg_x", "webhook-timestamp": stamp, "webhook-signature": "v1,AAAA"}
    response = post(client, "{}", headers=headers)
    assert response.status_code == 400
    assert not WebhookEvent.objects.exists()


@pytest.mark.parametrize(
    "timestamp",
    [
        "2026-02-30T03:12:45Z",  # no such day
        "2026-01-15T03:12:45+99:00",  # no such offset
        "9999-12-31T23:59:59-23:00",  # beyond the calendar once in UTC
        "0001-01-01T00:00:00+05:00",
        "1999-12-31T23:59:59Z",  # before any gift here
        "2999-01-01T00:00:00Z",  # far in the future
        "2026-01-15T03:12:45",  # no time zone
        "x" * 5000,
    ],
)
def test_signed_impossible_event_times_get_400(client, campaign, start_gift, timestamp):
    payment = start_gift(campaign)
    data = json.loads(body_for("portone_paid.json", payment))
    data["timestamp"] = timestamp
    response = post(client, json.dumps(data))
    assert response.status_code == 400
    assert not WebhookEvent.objects.exists() and not Donation.objects.exists()


@pytest.mark.parametrize(
    "total",
    ["sNaN", "NaN", "-NaN", "Infinity", "-Infinity", "1e999999", "-30000", "1" * 60, "3.0001", []],
)
def test_signed_garbage_amounts_get_400(client, campaign, start_gift, total):
    payment = start_gift(campaign)
    data = json.loads(body_for("portone_paid.json", payment))
    data["data"]["amount"]["total"] = total
    response = post(client, json.dumps(data))
    assert response.status_code == 400
    assert not WebhookEvent.objects.exists() and not Donation.objects.exists()
    payment.refresh_from_db()
    assert payment.status == "pending"


@pytest.mark.parametrize(
    "body",
    [
        '{"type": "Transaction.Paid", "timestamp": NaN, "data": {}}',
        '{"type": "Transaction.Paid", "timestamp": "2026-01-15T03:12:45Z", "data": {"x": Infinity}}',
        '{"type": "Transaction.Paid\\u0000", "timestamp": "2026-01-15T03:12:45Z", "data": {}}',
        '{"type": "\\ud800", "timestamp": "2026-01-15T03:12:45Z", "data": {}}',
        "[" * 100000 + "]" * 100000,
        '{"a": ' + "[" * 100000 + "]" * 100000 + "}",
        '{"type": "Transaction.Paid", "timestamp": 1768446765, "data": {}}',
        '{"type": "Transaction.Paid", "timestamp": "2026-01-15T03:12:45Z", "data": {"paymentId": {}}}',
    ],
)
def test_signed_unstorable_bodies_get_400(client, db, body):
    response = post(client, body)
    assert response.status_code == 400
    assert not WebhookEvent.objects.exists()


@pytest.mark.parametrize("length", ["abc", "١٠", "-1", "9" * 40])
def test_garbage_content_length_is_refused_not_500(client, db, length):
    response = client.generic(
        "POST", URL, data=b"{}", content_type="application/json", CONTENT_LENGTH=length
    )
    assert response.status_code in (400, 413)


def test_a_good_delivery_after_garbage_still_records_once(client, campaign, start_gift):
    """Refusing garbage leaves dedupe intact: the genuine event is applied once, its replay is 200."""
    payment = start_gift(campaign)
    bad = json.loads(body_for("portone_paid.json", payment))
    bad["data"]["amount"]["total"] = "sNaN"
    assert post(client, json.dumps(bad), msg_id="msg_same").status_code == 400
    body = body_for("portone_paid.json", payment)
    assert post(client, body, msg_id="msg_same").json()["outcome"] == "applied"
    assert post(client, body, msg_id="msg_same").status_code == 200
    assert Donation.objects.count() == 1 and WebhookEvent.objects.count() == 1


def test_portone_garbage_signed_bodies_get_400(client, db, settings):
    settings.CANDLE_USE_PORTONE = True
    settings.CANDLE_PORTONE_WEBHOOK_SECRET = "whsec_" + "cG9ydG9uZS10ZXN0LXNlY3JldA=="
    url = "/ko/give/webhooks/portone/"
    for body in (
        "[" * 100000 + "]" * 100000,
        '{"type": "Transaction.Paid", "timestamp": "2026-02-30T03:12:45Z", "data": {"paymentId": "x"}}',
        '{"type": "Transaction.Paid", "timestamp": NaN, "data": {"paymentId": "x"}}',
        '{"type": "Transaction.Paid", "data": 5}',
    ):
        response = post(client, body, secret=settings.CANDLE_PORTONE_WEBHOOK_SECRET, url=url)
        assert response.status_code == 400, body[:80]
    headers = {"webhook-id": "m", "webhook-timestamp": "9" * 400, "webhook-signature": "v1,AA"}
    assert post(client, "{}", url=url, headers=headers).status_code == 400
    assert not WebhookEvent.objects.exists()
