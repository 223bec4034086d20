"""The test provider: the whole payment flow on this machine, for the demo and the tests.

Its "checkout" is a page of ours (``/give/test-checkout/<payment>/``) where the donor presses
Pay or Decline. The provider then delivers a webhook signed with CANDLE_TEST_PROVIDER_SECRET to
the same code path PortOne's webhooks take (``services.webhook_receive``), in process, so the
signature check, the event ledger and the idempotency rules all run exactly as in production.
Never enable it on the public site (``manage.py check --deploy`` warns).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from decimal import Decimal

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from .base import (
    CANCELLED,
    FAILED,
    PAID,
    PENDING,
    ChargeResult,
    PaymentProvider,
    ProviderEvent,
    WebhookRejected,
    amount_parse,
    event_from_payload,
    webhook_headers,
    webhook_verify,
)

#: Billing keys the test provider was asked to delete (tests read it; the process forgets it).
DELETED_BILLING_KEYS: list[str] = []

TYPES = {
    "Transaction.Paid": PAID,
    "Transaction.Failed": FAILED,
    "Transaction.Cancelled": CANCELLED,
    "Transaction.Ready": PENDING,
}


def _secret() -> str:
    return settings.CANDLE_TEST_PROVIDER_SECRET


def test_payload(
    *,
    event_type: str,
    payment_id: str,
    amount: Decimal | int | None = None,
    currency: str = "",
    billing_key: str = "",
    occurred_at=None,
    reason: str = "",
) -> dict:
    data: dict = {"paymentId": payment_id, "storeId": "store-test"}
    if amount is not None:
        data["amount"] = {"total": str(amount)}
    if currency:
        data["currency"] = currency
    if billing_key:
        data["billingKey"] = billing_key
    if reason:
        data["reason"] = reason
    return {
        "type": event_type,
        "timestamp": (occurred_at or timezone.now()).isoformat(),
        "data": data,
    }


def _payload_amount(payload: dict) -> Decimal | None:
    """``data.amount.total`` of the test provider's payload (its own record of the payment)."""
    data = payload.get("data")
    amount = data.get("amount") if isinstance(data, dict) else None
    return amount_parse(amount.get("total")) if isinstance(amount, dict) else None


class TestProvider(PaymentProvider):
    __test__ = False  # not a pytest class
    name = "test"
    label = "Test provider (this machine)"

    def checkout_url(self, payment) -> str:
        return reverse("giving:test_checkout", kwargs={"payment_id": payment.pk})

    def event_verify(self, *, body: bytes, headers: Mapping[str, str]) -> ProviderEvent:
        data = webhook_verify(secret=_secret(), body=body, headers=headers)
        lower = {k.lower(): v for k, v in headers.items()}
        event = event_from_payload(msg_id=lower["webhook-id"], data=data)
        _payload_amount(event.payload)  # garbage amounts are refused (400), never recorded
        return event

    def payment_lookup(self, event: ProviderEvent) -> ChargeResult:
        data = event.payload.get("data", {})
        status = TYPES.get(event.event_type)
        if status is None:
            raise WebhookRejected("event type not handled")
        return ChargeResult(
            status=status,
            amount=_payload_amount(event.payload),
            currency=str(data.get("currency", "")),
            billing_key=str(data.get("billingKey", ""))[:200],
            failure_reason=str(data.get("reason", ""))[:300],
        )

    def deliver(self, payload: dict, *, msg_id: str | None = None):
        """Send a signed webhook to ourselves, through the production code path."""
        from ..services import webhook_receive

        body = json.dumps(payload, ensure_ascii=False)
        headers = webhook_headers(
            secret=_secret(), msg_id=msg_id or f"msg_{uuid.uuid4().hex}", body=body
        )
        return webhook_receive(provider_name=self.name, body=body.encode(), headers=headers)

    def checkout_complete(self, payment, *, approve: bool):
        """The donor pressed Pay (approve) or Decline on the test checkout page."""
        if approve:
            billing_key = f"tbk_{uuid.uuid4().hex}" if payment.pledge_id else ""
            payload = test_payload(
                event_type="Transaction.Paid",
                payment_id=payment.provider_payment_id,
                amount=payment.amount,
                currency=payment.currency,
                billing_key=billing_key,
            )
        else:
            payload = test_payload(
                event_type="Transaction.Failed",
                payment_id=payment.provider_payment_id,
                reason="declined on the test checkout",
            )
        return self.deliver(payload)

    def billing_key_charge(self, *, pledge, payment) -> None:
        if not pledge.billing_key.startswith("tbk_"):
            payload = test_payload(
                event_type="Transaction.Failed",
                payment_id=payment.provider_payment_id,
                reason="unknown billing key",
            )
        else:
            payload = test_payload(
                event_type="Transaction.Paid",
                payment_id=payment.provider_payment_id,
                amount=payment.amount,
                currency=payment.currency,
            )
        self.deliver(payload)

    supports_billing_key_delete = True

    def billing_key_delete(self, *, billing_key: str) -> None:
        if not billing_key.startswith("tbk_"):
            raise WebhookRejected("unknown billing key")
        DELETED_BILLING_KEYS.append(billing_key)
