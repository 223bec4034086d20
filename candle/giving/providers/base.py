from __future__ import annotations

import base64
import datetime as dt
import hmac
import json
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.utils.dateparse import parse_datetime

if TYPE_CHECKING:
    from ..models import Payment, Pledge

# Normalised event types every provider maps its own onto.
PAID, FAILED, CANCELLED, PENDING = "paid", "failed", "cancelled", "pending"
TOLERANCE_SECONDS = 5 * 60
# A Unix timestamp in seconds: ASCII digits only ("٣" and "²" pass str.isdigit), and at most
# 12 of them (a 400-digit number overflows the float subtraction below).
_TIMESTAMP = re.compile(r"[0-9]{1,12}")
# An event's own time must be a real moment near ours: not before this, not a day ahead.
EARLIEST_EVENT = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
EVENT_FUTURE_SLACK = dt.timedelta(days=1)
# The largest amount any payload may name (far above every gift limit; an amount beyond it is
# garbage, not a gift), and its most decimal places.
AMOUNT_MAX = Decimal("1000000000000")


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
    if not _TIMESTAMP.fullmatch(stamp):
        raise WebhookRejected("bad timestamp")
    stamp_int = int(stamp)
    if abs(int(time.time()) - stamp_int) > TOLERANCE_SECONDS:
        raise WebhookRejected("timestamp outside tolerance")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise WebhookRejected("body is not UTF-8") from None
    expected = webhook_sign(secret=secret, msg_id=msg_id, timestamp=stamp_int, body=text)
    if not any(hmac.compare_digest(expected, candidate) for candidate in signatures.split(" ")):
        raise WebhookRejected("signature does not match")
    return json_object_load(text)


def _no_constant(name: str):
    raise ValueError(f"JSON constant {name} is not allowed")


def json_object_load(text: str) -> dict:
    """The body as a JSON object that every database can store, or WebhookRejected: no
    NaN/Infinity literals, no NUL characters or lone surrogates (PostgreSQL's jsonb refuses
    them), no nesting deep enough to exhaust the parser."""
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError):
        raise WebhookRejected("body is not JSON") from None
    if not isinstance(data, dict):
        raise WebhookRejected("body is not a JSON object")
    try:
        stored = json.dumps(data, ensure_ascii=False)
        stored.encode("utf-8")
    except (ValueError, RecursionError, UnicodeEncodeError):
        raise WebhookRejected("body cannot be stored") from None
    if "\\u0000" in stored:
        raise WebhookRejected("body holds a NUL character")
    return data


def amount_parse(value) -> Decimal | None:
    """An amount as a payload gives it (``"30000"``, ``30000``, ``"25.00"``): a finite,
    non-negative Decimal of sane size, ``None`` when absent, else WebhookRejected. ``"NaN"``,
    ``"sNaN"``, ``"Infinity"``, ``"1e999999"`` and negative amounts are garbage, not gifts."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise WebhookRejected("bad amount")
    text = str(value).strip()
    if len(text) > 40:
        raise WebhookRejected("bad amount")
    try:
        amount = Decimal(text)
    except (InvalidOperation, ValueError):
        raise WebhookRejected("bad amount") from None
    if not amount.is_finite() or amount < 0 or amount > AMOUNT_MAX:
        raise WebhookRejected("bad amount")
    if amount != amount.quantize(Decimal("0.01")):
        raise WebhookRejected("bad amount")
    return amount


def event_from_payload(*, msg_id: str, data: dict) -> ProviderEvent:
    """PortOne's V2 webhook shape: ``{"type", "timestamp", "data": {"paymentId", …}}``."""
    inner = data.get("data")
    event_type = data.get("type")
    stamp = data.get("timestamp")
    try:
        occurred = parse_datetime(stamp) if isinstance(stamp, str) and len(stamp) <= 40 else None
    except ValueError:  # well formed but impossible: 30 February, an offset of 99 hours
        raise WebhookRejected("impossible timestamp") from None
    if not isinstance(inner, dict) or not isinstance(event_type, str) or occurred is None:
        raise WebhookRejected("not a payment webhook")
    if occurred.tzinfo is None:
        raise WebhookRejected("timestamp without a time zone")
    try:
        occurred = occurred.astimezone(dt.UTC)
    except OverflowError:
        raise WebhookRejected("impossible timestamp") from None
    if not EARLIEST_EVENT <= occurred <= dt.datetime.now(dt.UTC) + EVENT_FUTURE_SLACK:
        raise WebhookRejected("timestamp out of range")
    payment_id = inner.get("paymentId")
    if not isinstance(payment_id, str) or not 0 < len(payment_id) <= 120:
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
