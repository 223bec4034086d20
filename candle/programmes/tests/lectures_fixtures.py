"""Shared setup of the lecture-booking tests: a valid request as the form would store it."""

from __future__ import annotations

import datetime as dt
import itertools
import secrets

from django.utils import timezone

_numbers = itertools.count(1)


def request_fields(**extra) -> dict:
    today = timezone.localdate()
    return {
        "institution_type": "school",
        "institution_name": "예시초등학교",
        "region": "seoul",
        "contact_name": "홍길동예시",
        "phone": "02-123-4567",
        "email": f"teacher{next(_numbers)}@school.example",
        "age_group": "children",
        "audience_size": 120,
        "preferred_date_1": today + dt.timedelta(days=10),
        "preferred_date_2": today + dt.timedelta(days=12),
        "preferred_date_3": None,
        "language": "ko",
        "topic": "human_rights",
        "topic_detail": "",
        **extra,
    }


def lecture_make(**extra):
    from candle.programmes.lectures.services import lecture_request_create

    lecture, _created = lecture_request_create(
        submission_token=secrets.token_hex(16), consent_text="동의", **request_fields(**extra)
    )
    return lecture


def form_data(**extra) -> dict:
    """The request form's POST data, valid."""
    fields = request_fields()
    data = {
        **{k: ("" if v is None else str(v)) for k, v in fields.items()},
        "submission_token": secrets.token_hex(16),
        "consent": "on",
        "website": "",
    }
    data.update(extra)
    return data
