"""A booked lecture that is cancelled is mailed a cancellation whose .ics removes the calendar
entry the confirmation made: METHOD:CANCEL, the same UID, a higher SEQUENCE."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from candle.programmes.lectures.services import lecture_cancel, lecture_decline, lecture_schedule

from .lectures_fixtures import lecture_make

pytestmark = pytest.mark.django_db


def _soon():
    day = timezone.localdate() + dt.timedelta(days=10)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(14)))


def _line(ics: str, name: str) -> str:
    unfolded = ics.replace("\r\n ", "")
    return next(line for line in unfolded.split("\r\n") if line.startswith(name + ":"))


@pytest.mark.parametrize(("language", "word"), [("ko", "취소"), ("en", "cancelled")])
def test_cancelling_a_booked_lecture_mails_a_cancel_ics_with_the_same_uid(
    django_capture_on_commit_callbacks, language, word
):
    lecture = lecture_make(language=language)
    with django_capture_on_commit_callbacks(execute=True):
        lecture_schedule(lecture_id=lecture.pk, starts_at=_soon(), speaker_name="강사예시")
    with django_capture_on_commit_callbacks(execute=True):
        lecture_cancel(lecture_id=lecture.pk, now=timezone.now() + dt.timedelta(minutes=5))
    assert len(mail.outbox) == 2
    confirmation, cancellation = mail.outbox
    assert cancellation.to == [lecture.email] and word in cancellation.subject
    name, ics, mimetype = cancellation.attachments[0]
    assert name == "lecture.ics" and mimetype == "text/calendar; method=CANCEL"
    booked = confirmation.attachments[0][1]
    assert "METHOD:CANCEL" in ics and "METHOD:" not in booked
    assert _line(ics, "UID") == _line(booked, "UID") == f"UID:lecture-{lecture.pk}@candle"
    assert _line(ics, "STATUS") == "STATUS:CANCELLED"
    assert _line(ics, "ATTENDEE") == f"ATTENDEE:mailto:{lecture.email}"
    sequence = int(_line(ics, "SEQUENCE").split(":")[1])
    assert sequence > int(_line(booked, "SEQUENCE").split(":")[1])


def test_no_cancellation_for_a_lecture_never_booked_or_declined(
    django_capture_on_commit_callbacks,
):
    requested, declined = lecture_make(), lecture_make()
    with django_capture_on_commit_callbacks(execute=True):
        lecture_cancel(lecture_id=requested.pk)
        lecture_decline(lecture_id=declined.pk)
    assert mail.outbox == []
