"""PortOne (V2) through its official server SDK, ``portone-server-sdk``.

Switched on by CANDLE_USE_PORTONE (settings/integrations/portone.py holds the secrets). The
browser part (PortOne's browser SDK opening the card window) is on our checkout page; the
server never trusts the browser: a payment counts only when PortOne's signed webhook arrives and
``get_payment`` confirms the amount.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.conf import settings
from django.urls import reverse

from .base import (
    CANCELLED,
    FAILED,
    PAID,
    PENDING,
    ChargeResult,
    PaymentProvider,
    ProviderEvent,
    WebhookRejected,
    event_from_payload,
    json_object_load,
)

STATUSES = {
    "PAID": PAID,
    "FAILED": FAILED,
    "CANCELLED": CANCELLED,
    "PARTIAL_CANCELLED": CANCELLED,
    "READY": PENDING,
    "PAY_PENDING": PENDING,
    "VIRTUAL_ACCOUNT_ISSUED": PENDING,
}
# PortOne counts amounts in the currency's smallest unit.
MINOR_UNITS = {"KRW": 1, "USD": 100}


def _client():
    from portone_server_sdk import PaymentClient

    return PaymentClient(
        secret=settings.CANDLE_PORTONE_API_SECRET, store_id=settings.CANDLE_PORTONE_STORE_ID or None
    )


class PortOneProvider(PaymentProvider):
    name = "portone"
    label = "PortOne"

    def checkout_url(self, payment) -> str:
        return reverse("giving:portone_checkout", kwargs={"payment_id": payment.pk})

    def event_verify(self, *, body: bytes, headers: Mapping[str, str]) -> ProviderEvent:
        from portone_server_sdk import webhook

        lower = {k.lower(): v for k, v in headers.items()}
        try:
            text = body.decode("utf-8")
            webhook.verify(settings.CANDLE_PORTONE_WEBHOOK_SECRET, text, lower)
            data = json_object_load(text)
        except UnicodeDecodeError:
            raise WebhookRejected("body is not UTF-8") from None
        except (webhook.WebhookVerificationError, webhook.InvalidInputError) as error:
            raise WebhookRejected(f"signature: {type(error).__name__}") from None
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
            # The SDK parses the signed body itself; whatever it chokes on is not a webhook.
            raise WebhookRejected("body is not a webhook") from None
        return event_from_payload(msg_id=lower["webhook-id"], data=data)

    def payment_lookup(self, event: ProviderEvent) -> ChargeResult:
        from portone_server_sdk.payment import GetPaymentError

        try:
            remote = _client().get_payment(payment_id=event.provider_payment_id)
        except GetPaymentError as error:
            raise WebhookRejected(f"PortOne lookup failed: {type(error).__name__}") from None
        status = STATUSES.get(getattr(remote, "status", ""), PENDING)
        amount = currency = None
        if getattr(remote, "amount", None) is not None:
            currency = str(remote.currency)
            amount = Decimal(remote.amount.total) / MINOR_UNITS.get(currency, 1)
        return ChargeResult(
            status=status,
            amount=amount,
            currency=currency or "",
            billing_key=getattr(remote, "billing_key", None) or "",
            failure_reason=str(getattr(getattr(remote, "failure", None), "reason", "") or "")[:300],
        )

    def billing_key_charge(self, *, pledge, payment) -> None:
        from portone_server_sdk.common import PaymentAmountInput
        from portone_server_sdk.payment import PayWithBillingKeyError

        try:
            _client().pay_with_billing_key(
                payment_id=payment.provider_payment_id,
                billing_key=pledge.billing_key,
                order_name="정기후원 Monthly gift",
                currency=payment.currency,
                amount=PaymentAmountInput(
                    total=int(payment.amount * MINOR_UNITS.get(payment.currency, 1))
                ),
            )
        except PayWithBillingKeyError as error:
            # The failure also comes back as a webhook; nothing is recorded here.
            raise WebhookRejected(f"PortOne charge failed: {type(error).__name__}") from None

    supports_billing_key_delete = True

    def billing_key_delete(self, *, billing_key: str) -> None:
        """PortOne V2 ``DELETE /billing-keys/{billingKey}`` through the SDK (``PaymentClient.billing_key``)."""
        from portone_server_sdk.payment.billing_key import DeleteBillingKeyError

        try:
            _client().billing_key.delete_billing_key(
                billing_key=billing_key, reason="후원자 정기후원 해지 / monthly gift stopped"
            )
        except DeleteBillingKeyError as error:
            raise WebhookRejected(
                f"PortOne billing key delete failed: {type(error).__name__}"
            ) from None
