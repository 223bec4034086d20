"""Paid events: a held seat, the fee through giving's test provider (never a Donation), expiry
of unpaid holds promoting the waiting list, late payments and cancellations → refund due."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from candle.giving.models import Donation, Payment, WebhookEvent
from candle.giving.providers import provider_get
from candle.giving.providers.test import test_payload as payload_make
from candle.programmes.models import Registration
from candle.programmes.payments import registration_payment_start
from candle.programmes.selectors import event_seats
from candle.programmes.services import (
    HOLD,
    event_holds_expire,
    registration_cancel,
    registration_create,
)

from .conftest import event_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid(homes):
    return event_make(homes["index"], capacity=1, price=15000, slug="paid-concert")


def _register(committed, event, n, **extra):
    return committed(
        registration_create,
        event=event,
        name=f"유료예시{n}",
        email=f"paid{n}@example.org",
        locale=extra.pop("locale", "ko"),
        consent_text="동의",
        **extra,
    )


def _pay(committed, registration, *, approve=True):
    payment = registration_payment_start(registration_id=registration.pk)
    committed(provider_get("test").checkout_complete, payment=payment, approve=approve)
    return payment


def test_a_paid_seat_is_held_then_confirmed_by_the_webhook_and_is_no_gift(paid, committed):
    first, created = _register(committed, paid, 1)
    assert created and first.status == "unpaid" and first.amount == 15000
    assert first.hold_until == pytest.approx(timezone.now() + HOLD, abs=dt.timedelta(seconds=30))
    assert event_seats(event=paid)["left"] == 0  # the held seat counts as taken
    assert (
        "15,000원" in mail.outbox[-1].body and "/ko/programmes/events/pay/" in mail.outbox[-1].body
    )
    second, _ = _register(committed, paid, 2)
    assert second.status == "waiting"  # never two people on one seat

    payment = registration_payment_start(registration_id=first.pk)
    assert payment.purpose == "event" and payment.amount == 15000 and payment.currency == "KRW"
    assert registration_payment_start(registration_id=first.pk) == payment  # same pending one
    committed(provider_get("test").checkout_complete, payment=payment, approve=True)
    first.refresh_from_db()
    payment.refresh_from_db()
    assert first.status == "confirmed" and first.paid_at and first.hold_until is None
    assert payment.status == "paid"
    # The ledger: the fee is a paid Payment with purpose "event"; no Donation, so no thermometer,
    # dashboard, thank-you or donation receipt ever counts it.
    assert not Donation.objects.exists()
    assert WebhookEvent.objects.get(payment=payment).outcome == "applied"
    assert mail.outbox[-1].subject.startswith("결제 완료")
    assert "기부금영수증" in mail.outbox[-1].body
    # a replayed webhook changes nothing
    committed(provider_get("test").checkout_complete, payment=payment, approve=True)
    assert Registration.objects.filter(status="confirmed").count() == 1


def test_a_declined_card_keeps_the_hold_and_a_new_payment_can_be_opened(paid, committed):
    registration, _ = _register(committed, paid, 1)
    declined = _pay(committed, registration, approve=False)
    registration.refresh_from_db()
    assert registration.status == "unpaid"
    retry = registration_payment_start(registration_id=registration.pk)
    assert retry != declined and Payment.objects.filter(purpose="event").count() == 2
    committed(provider_get("test").checkout_complete, payment=retry, approve=True)
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_an_unpaid_hold_expires_and_the_next_person_is_moved_up_to_pay(paid, committed):
    first, _ = _register(committed, paid, 1)
    second, _ = _register(committed, paid, 2, locale="en")
    Registration.objects.filter(pk=first.pk).update(
        hold_until=timezone.now() - dt.timedelta(seconds=1)
    )
    mail.outbox.clear()
    assert committed(event_holds_expire) == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == "cancelled" and first.cancel_reason == "unpaid"
    assert second.status == "unpaid" and second.promoted_at is not None
    assert second.hold_until > timezone.now() + dt.timedelta(hours=23)
    assert mail.outbox[-1].subject.startswith("A seat is held for you, please pay")
    assert re.search(r"/en/programmes/events/pay/\S+/", mail.outbox[-1].body)
    assert committed(event_holds_expire) == 0  # nothing left to do
    # the late payment of the first person: their seat is gone, so the money goes back
    with pytest.raises(Exception, match="더 이상 보류"):
        registration_payment_start(registration_id=first.pk)


def test_money_arriving_after_the_seat_was_given_away_is_a_refund_due(paid, committed):
    first, _ = _register(committed, paid, 1)
    payment = registration_payment_start(registration_id=first.pk)
    second, _ = _register(committed, paid, 2)
    Registration.objects.filter(pk=first.pk).update(
        hold_until=timezone.now() - dt.timedelta(seconds=1)
    )
    committed(event_holds_expire)  # the seat goes to the second person
    committed(provider_get("test").checkout_complete, payment=payment, approve=True)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == "cancelled" and first.refund_open and first.paid_at
    assert second.status == "unpaid"  # the seat was not sold twice
    assert mail.outbox[-1].subject.startswith("환불 안내")


def test_a_late_payment_still_gets_a_free_seat(paid, committed):
    first, _ = _register(committed, paid, 1)
    payment = registration_payment_start(registration_id=first.pk)
    Registration.objects.filter(pk=first.pk).update(
        hold_until=timezone.now() - dt.timedelta(seconds=1)
    )
    committed(provider_get("test").checkout_complete, payment=payment, approve=True)
    first.refresh_from_db()
    assert first.status == "confirmed" and not first.refund_open


def test_cancel_after_payment_is_a_refund_due_and_promotes(paid, committed):
    first, _ = _register(committed, paid, 1)
    second, _ = _register(committed, paid, 2)
    _pay(committed, first)
    registration, promoted = committed(registration_cancel, registration_id=first.pk)
    assert registration.refund_open and promoted == [second.pk]
    second.refresh_from_db()
    assert second.status == "unpaid"
    # a refund made in the provider's console arrives as a cancel webhook: recorded done
    first.refresh_from_db()
    committed(
        provider_get("test").deliver,
        payload=payload_make(
            event_type="Transaction.Cancelled", payment_id=first.payment.provider_payment_id
        ),
    )
    first.refresh_from_db()
    assert first.refunded_at and first.refunded_by == "provider" and not first.refund_open


def test_a_provider_refund_of_a_confirmed_seat_frees_it(paid, committed):
    first, _ = _register(committed, paid, 1)
    second, _ = _register(committed, paid, 2)
    payment = _pay(committed, first)
    committed(
        provider_get("test").deliver,
        payload=payload_make(
            event_type="Transaction.Cancelled", payment_id=payment.provider_payment_id
        ),
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == "cancelled" and first.refunded_at
    assert second.status == "unpaid"


def test_a_free_event_is_unchanged(homes, committed):
    free = event_make(homes["index"], capacity=1, slug="free-talk")
    registration, _ = _register(committed, free, 1)
    assert registration.status == "confirmed" and registration.hold_until is None
    assert not Payment.objects.exists()


def test_the_price_must_be_zero_or_at_least_1000_won(homes):
    from django.core.exceptions import ValidationError

    event = event_make(homes["index"], capacity=1, slug="cheap")
    event.price = 500
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "price" in error.value.message_dict


# --- In the browser's place: the views --------------------------------------------------------
def _form(event, n):
    return {
        "page_id": str(event.pk),
        "name": f"유료예시{n}",
        "email": f"paid{n}@example.org",
        "consent": "on",
    }


def test_registering_for_a_paid_event_goes_to_the_checkout_and_back(client, paid):
    response = client.post(reverse("programmes:register"), _form(paid, 1))
    assert response.status_code == 302 and "/give/test-checkout/" in response["Location"]
    registration = Registration.objects.get()
    assert registration.status == "unpaid"
    # a double submit stores nothing twice and gives the common answer
    again = client.post(reverse("programmes:register"), _form(paid, 1))
    assert again.status_code == 302 and "/programmes/events/registered/" in again["Location"]
    assert Registration.objects.count() == 1 and Payment.objects.count() == 1

    paid_page = client.post(response["Location"], {"action": "pay"}, follow=True)
    assert paid_page.status_code == 200
    assert paid_page.redirect_chain[-1][0].startswith("/ko/programmes/events/payment/")
    assert "결제를 받았습니다" in paid_page.content.decode()
    registration.refresh_from_db()
    assert registration.status == "confirmed"


def test_the_pay_link_in_english_and_its_bad_forms(client, paid, committed):
    from candle.programmes.tokens import pay_token

    registration, _ = _register(committed, paid, 1, locale="en")
    url = reverse("programmes:pay", kwargs={"token": pay_token(registration.pk)}).replace(
        "/ko/", "/en/"
    )
    page = client.get(url)
    assert page.status_code == 200 and "₩15,000" in page.content.decode()
    go = client.post(url)
    assert go.status_code == 302 and "/give/test-checkout/" in go["Location"]
    assert client.get(url[:-5] + "xx/").status_code == 400  # damaged
    assert client.get(url.replace("/pay/", "/pay/" + "a" * 300)).status_code == 400
    Registration.objects.filter(pk=registration.pk).update(
        hold_until=timezone.now() - dt.timedelta(seconds=1)
    )
    late = client.post(url)
    assert late.status_code == 400 and "no longer held" in late.content.decode()
    assert client.get(reverse("programmes:payment_result", args=[Payment.objects.get().pk]))
    unknown = "00000000-0000-0000-0000-000000000000"
    assert client.get(reverse("programmes:payment_result", args=[unknown])).status_code == 404
