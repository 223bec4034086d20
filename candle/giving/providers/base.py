from __future__ import annotations

import base64
import hmac
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.dateparse import parse_datetime

if TYPE_CHECKING:
    from ..models import Payment, Pledge

# Normalised event types every provider maps its own onto.
PAID, FAILED, CANCELLED, PENDING = "paid", "failed", "cancelled", "pending"
TOLERANCE_SECONDS = 5 * 60


class WebhookRejected(Exception):
    """The delivery is not from the provider (bad or missing signature, stale timestamp) or is
    not a webhook we can read. ``reason`` is safe to log; it never contains the payload."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class ProviderEvent:
    event_id: str
    event_type: str  # the provider's own name, e.g. "Transaction.Paid"
    provider_payment_id: str
    occurred_at: datetime
    payload: dict = field(repr=False)


@dataclass
class ChargeResult:
    """The provider's word on a payment: what it is now, for how much."""

    status: str  # PAID, FAILED, CANCELLED, PENDING
    amount: Decimal | None = None
    currency: str = ""
    billing_key: str = ""
    failure_reason: str = ""


def _raw_secret(secret: str | bytes) -> bytes:
    if isinstance(secret, bytes):
        return secret
    text = secret.removeprefix("whsec_")
    try:
        return base64.b64decode(text, validate=True)
    except ValueError:
        return text.encode()


def webhook_sign(*, secret: str | bytes, msg_id: str, timestamp: int, body: str) -> str:
    digest = hmac.digest(_raw_secret(secret), f"{msg_id}.{timestamp}.{body}".encode(), "sha256")
    return "v1," + base64.b64encode(digest).decode()


def webhook_headers(
    *, secret: str | bytes, msg_id: str, body: str, timestamp: int | None = None
) -> dict[str, str]:
    stamp = int(time.time()) if timestamp is None else timestamp
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(stamp),
        "webhook-signature": webhook_sign(secret=secret, msg_id=msg_id, timestamp=stamp, body=body),
    }


def webhook_verify(*, secret: str | bytes, body: bytes, headers: Mapping[str, str]) -> dict:
    """Check a Standard Webhooks signature and return the parsed JSON body."""
    lower = {k.lower(): v for k, v in headers.items()}
    msg_id, stamp, signatures = (
        lower.get(h) for h in ("webhook-id", "webhook-timestamp", "webhook-signature")
    )
    if not (msg_id and stamp and signatures):
        raise WebhookRejected("missing signature headers")
    try:
        stamp_int = int(stamp)
    except ValueError:
        raise WebhookRejected("bad timestamp") from None
    if abs(time.time() - stamp_int) > TOLERANCE_SECONDS:
        raise WebhookRejected("timestamp outside tolerance")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise WebhookRejected("body is not UTF-8") from None
    expected = webhook_sign(secret=secret, msg_id=msg_id, timestamp=stamp_int, body=text)
    if not any(hmac.compare_digest(expected, candidate) for candidate in signatures.split(" ")):
        raise WebhookRejected("signature does not match")
    try:
        data = json.loads(text)
    except ValueError:
        raise WebhookRejected("body is not JSON") from None
    if not isinstance(data, dict):
        raise WebhookRejected("body is not a JSON object")
    return data


def event_from_payload(*, msg_id: str, data: dict) -> ProviderEvent:
    """PortOne's V2 webhook shape: ``{"type", "timestamp", "data": {"paymentId", …}}``."""
    inner = data.get("data")
    event_type = data.get("type")
    occurred = parse_datetime(str(data.get("timestamp", ""))) if data.get("timestamp") else None
    if not isinstance(inner, dict) or not isinstance(event_type, str) or occurred is None:
        raise WebhookRejected("not a payment webhook")
    if occurred.tzinfo is None:
        raise WebhookRejected("timestamp without a time zone")
    payment_id = inner.get("paymentId") or ""
    if not isinstance(payment_id, str) or len(payment_id) > 120:
        raise WebhookRejected("bad payment id")
    return ProviderEvent(
        event_id=msg_id[:200],
        event_type=event_type[:80],
        provider_payment_id=payment_id,
        occurred_at=occurred,
        payload=data,
    )


class PaymentProvider:
    """What giving needs from a card gateway."""

    name = ""
    #: Shown to staff; never to donors.
    label = ""

    def checkout_url(self, payment: Payment) -> str:
        """Where the donor's browser goes to pay (or to register a card for monthly gifts)."""
        raise NotImplementedError

    def event_verify(self, *, body: bytes, headers: Mapping[str, str]) -> ProviderEvent:
        """Check the signature; return the event or raise WebhookRejected."""
        raise NotImplementedError

    def payment_lookup(self, event: ProviderEvent) -> ChargeResult:
        """The provider's own record of the payment the event is about."""
        raise NotImplementedError

    def billing_key_charge(self, *, pledge: Pledge, payment: Payment) -> None:
        """Start a monthly charge on the pledge's stored billing key; its result arrives as a webhook."""
        raise NotImplementedError

    #: Whether ``billing_key_delete`` does anything.
    supports_billing_key_delete = False

    def billing_key_delete(self, *, billing_key: str) -> None:
        """Ask the provider to forget a card's billing key (a monthly gift was stopped). Raise
        WebhookRejected when the provider refuses; the reason is logged, never the key."""
        raise NotImplementedError
