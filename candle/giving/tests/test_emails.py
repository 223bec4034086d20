"""Thank-you and pledge e-mails: in the donor's language, once per gift, never to the forgotten."""

import json
import uuid

import pytest
from django.core import mail

from candle.giving.emails import donation_thank
from candle.giving.formatting import money_display
from candle.giving.models import Donation, Pledge
from candle.giving.providers.base import webhook_headers
from candle.giving.providers.test import TestProvider
from candle.giving.providers.test import test_payload as paid_payload
from candle.giving.services import pledge_cancel, webhook_receive

pytestmark = pytest.mark.django_db


def pay(payment, capture, *, msg_id=None):
    with capture(execute=True):
        return TestProvider().deliver(
            paid_payload(
                event_type="Transaction.Paid",
                payment_id=payment.provider_payment_id,
                amount=payment.amount,
                currency=payment.currency,
                billing_key="tbk_x" if payment.pledge_id else "",
            ),
            msg_id=msg_id,
        )


def test_money_format_per_currency_and_language():
    assert money_display(50000, "KRW", language="ko") == "50,000원"
    assert money_display(50000, "KRW", language="en") == "₩50,000"
    assert money_display(25, "USD", language="en") == "$25.00"


def test_thank_you_in_korean_with_campaign_amount_and_receipt(
    campaign, start_gift, django_capture_on_commit_callbacks
):
    payment = start_gift(campaign, amount="30000", receipt_requested=True)
    pay(payment, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["gamyeong.kim@supporters.example"]
    assert "감사" in message.subject
    assert (
        "30,000원" in message.body
        and "한 생명 살리기" in message.body
        and "기부금영수증" in message.body
    )
    html = message.alternatives[0]
    assert html[1] == "text/html" and "30,000원" in html[0]
    assert Donation.objects.get().thanked_at is not None


def test_thank_you_in_english_for_a_monthly_pledge_with_the_way_to_stop_it(
    campaign, campaign_en, start_gift, django_capture_on_commit_callbacks
):
    campaign_en.refresh_from_db()
    payment = start_gift(
        campaign_en,
        amount="25",
        frequency="monthly",
        email="jane@supporters.example",
        name="Jane Example",
        locale="en",
    )
    pay(payment, django_capture_on_commit_callbacks)
    message = mail.outbox[0]
    assert message.subject == "Thank you: your monthly gift has begun"
    assert "$25.00" in message.body and "Save One Life" in message.body
    assert (
        "Stop this monthly gift" in message.body
        and "http://testserver/en/supporters/me/" in message.body
    )
    assert (
        "No donation receipt will be issued" in message.body
    )  # a dollar gift gets no Korean receipt


def test_replayed_webhook_and_a_resent_event_still_send_one_mail(
    campaign, start_gift, django_capture_on_commit_callbacks
):
    payment = start_gift(campaign)
    pay(payment, django_capture_on_commit_callbacks, msg_id="msg_once")
    pay(payment, django_capture_on_commit_callbacks, msg_id="msg_once")  # replay: same id
    pay(payment, django_capture_on_commit_callbacks)  # the provider resends under a new id
    assert Donation.objects.count() == 1 and len(mail.outbox) == 1
    assert (
        donation_thank(donation_id=Donation.objects.get().pk) is False
    )  # a retried task sends nothing
    assert len(mail.outbox) == 1


def test_webhook_over_http_sends_the_mail_after_commit(client, campaign, start_gift):
    payment = start_gift(campaign)
    body = json.dumps(
        paid_payload(
            event_type="Transaction.Paid",
            payment_id=payment.provider_payment_id,
            amount=payment.amount,
            currency=payment.currency,
        )
    )
    from django.conf import settings

    headers = webhook_headers(
        secret=settings.CANDLE_TEST_PROVIDER_SECRET, msg_id=f"msg_{uuid.uuid4().hex}", body=body
    )
    assert webhook_receive  # same path as the view
    response = client.post(
        "/ko/give/webhooks/test/", data=body, content_type="application/json", headers=headers
    )
    assert response.status_code == 200
    # pytest-django's test transaction never commits, so no mail yet: it waits for the commit.
    assert mail.outbox == []


def test_anonymised_or_address_less_supporter_gets_no_mail(
    campaign, start_gift, django_capture_on_commit_callbacks
):
    from candle.supporters.services import supporter_anonymise

    payment = start_gift(campaign)
    supporter = payment.supporter
    supporter_anonymise(supporter=supporter)
    pay(payment, django_capture_on_commit_callbacks)
    assert Donation.objects.count() == 1 and mail.outbox == []
    assert Donation.objects.get().thanked_at is None


def test_cancelled_pledge_gets_one_confirmation_in_the_donor_language(
    campaign, start_gift, django_capture_on_commit_callbacks
):
    payment = start_gift(campaign, frequency="monthly", amount="20000")
    pay(payment, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    pledge = Pledge.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        pledge_cancel(pledge=pledge)
    with django_capture_on_commit_callbacks(execute=True):
        pledge_cancel(pledge=pledge)  # a second press: already cancelled, no second mail
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "정기후원" in message.subject and "20,000원" in message.body
    assert message.alternatives and "20,000원" in message.alternatives[0][0]
