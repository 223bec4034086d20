"""Signed links mailed to registrants (cancel; pay for a held seat). The token names the registration and is
signed with the site's secret; it stays valid until the event ends (the view checks)."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

CANCEL_SALT = "candle.programmes.cancel"
MAX_TOKEN = 200


def cancel_token(registration_id: int) -> str:
    return signing.dumps({"r": registration_id}, salt=CANCEL_SALT, compress=True)


def cancel_token_read(token: str) -> int | None:
    """The registration id the token names, or None when it is forged, damaged or too long."""
    if not token or len(token) > MAX_TOKEN:
        return None
    try:
        data = signing.loads(token, salt=CANCEL_SALT)
    except signing.BadSignature:
        return None
    value = data.get("r") if isinstance(data, dict) else None
    return value if isinstance(value, int) and value > 0 else None


def cancel_url(*, registration_id: int, language: str) -> str:
    with translation.override(language):
        path = reverse("programmes:cancel", kwargs={"token": cancel_token(registration_id)})
    return settings.CANDLE_BASE_URL + path


PAY_SALT = "candle.programmes.pay"


def pay_token(registration_id: int) -> str:
    return signing.dumps({"r": registration_id}, salt=PAY_SALT, compress=True)


def pay_token_read(token: str) -> int | None:
    """The registration id a pay link names, or None (forged, damaged, too long)."""
    if not token or len(token) > MAX_TOKEN:
        return None
    try:
        data = signing.loads(token, salt=PAY_SALT)
    except signing.BadSignature:
        return None
    value = data.get("r") if isinstance(data, dict) else None
    return value if isinstance(value, int) and value > 0 else None


def pay_url(*, registration_id: int, language: str) -> str:
    with translation.override(language):
        path = reverse("programmes:pay", kwargs={"token": pay_token(registration_id)})
    return settings.CANDLE_BASE_URL + path
