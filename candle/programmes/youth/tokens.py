"""The signed link mailed to a guardian: it names the application and is valid for 30 days."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

GUARDIAN_SALT = "candle.programmes.youth.guardian"
GUARDIAN_MAX_AGE = 30 * 24 * 3600
MAX_TOKEN = 200


def guardian_token(application_id: int) -> str:
    return signing.dumps({"a": application_id}, salt=GUARDIAN_SALT, compress=True)


def guardian_token_read(token: str) -> int | None:
    """The application id, or None when the token is forged, damaged, too long or expired."""
    if not token or len(token) > MAX_TOKEN:
        return None
    try:
        data = signing.loads(token, salt=GUARDIAN_SALT, max_age=GUARDIAN_MAX_AGE)
    except signing.BadSignature:
        return None
    value = data.get("a") if isinstance(data, dict) else None
    return value if isinstance(value, int) and value > 0 else None


def guardian_url(*, application_id: int, language: str) -> str:
    with translation.override(language):
        path = reverse(
            "programmes:youth_guardian", kwargs={"token": guardian_token(application_id)}
        )
    return settings.CANDLE_BASE_URL + path
