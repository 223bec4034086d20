"""The signed link to the survey after a lecture. It names the lecture request and is valid
for ``SURVEY_MAX_AGE``; the survey itself is answered once (``services.lecture_survey_answer``)."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

SURVEY_SALT = "candle.programmes.lecture_survey"
SURVEY_MAX_AGE = 60 * 24 * 3600
MAX_TOKEN = 200


def survey_token(lecture_id: int) -> str:
    return signing.dumps({"l": lecture_id}, salt=SURVEY_SALT, compress=True)


def survey_token_read(token: str) -> int | None:
    """The lecture request's id, or None for a forged, damaged, expired or over-long token."""
    if not token or len(token) > MAX_TOKEN:
        return None
    try:
        data = signing.loads(token, salt=SURVEY_SALT, max_age=SURVEY_MAX_AGE)
    except signing.BadSignature:
        return None
    value = data.get("l") if isinstance(data, dict) else None
    return value if isinstance(value, int) and value > 0 else None


def survey_url(*, lecture_id: int, language: str) -> str:
    with translation.override(language):
        path = reverse("programmes:lecture_survey", kwargs={"token": survey_token(lecture_id)})
    return settings.CANDLE_BASE_URL + path
