import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from candle.programmes.lectures.models import LectureRequest
from candle.programmes.lectures.services import (
    LECTURE_KEEP_DAYS,
    lecture_cancel,
    lecture_decline,
    lecture_given,
    lecture_request_create,
    lecture_requests_forget,
    lecture_schedule,
    lecture_survey_answer,
    lecture_surveys_send,
    lectures_retention_sweep,
)
from candle.programmes.lectures.tokens import survey_token_read

from .lectures_fixtures import lecture_make, request_fields

pytestmark = pytest.mark.django_db
Status = LectureRequest.Status


def _soon(days=10, hour=14):
    return timezone.make_aware(
        dt.datetime.combine(timezone.localdate() + dt.timedelta(days=days), dt.time(hour))
    )


def _schedule(lecture, capture, **extra):
    with capture(execute=True):
        return lecture_schedule(
            lecture_id=lecture.pk,
            starts_at=extra.pop("starts_at", _soon()),
            speaker_name=extra.pop("speaker_name", "강사예시"),
            venue="본관 강당",
            **extra,
        )


def test_the_same_form_twice_stores_one_request():
    fields = request_fields()
    first, created = lecture_request_create(
        submission_token="a" * 32, consent_text="동의", **fields
    )
    again, created_again = lecture_request_create(
        submission_token="a" * 32, consent_text="동의", **{**fields, "institution_name": "딴 학교"}
    )
    assert created and not created_again
    assert again.pk == first.pk and again.institution_name == "예시초등학교"
    assert LectureRequest.objects.count() == 1


def test_a_request_changes_no_supporter():
    from candle.supporters.models import Supporter

    supporter = Supporter.objects.create(name="원래이름", email="teacher@school.example")
    lecture_make(email="teacher@school.example", contact_name="바뀐이름")
    supporter.refresh_from_db()
    assert supporter.name == "원래이름"
    assert Supporter.objects.count() == 1


@pytest.mark.parametrize(
    ("language", "subject_word", "body_word"),
    [("ko", "확정", "강사"), ("en", "confirmed", "Speaker")],
)
def test_scheduling_mails_a_confirmation_with_ics_in_the_institutions_language(
    django_capture_on_commit_callbacks, language, subject_word, body_word
):
    lecture = lecture_make(language=language, institution_name="Example Church, Busan")
    lecture = _schedule(lecture, django_capture_on_commit_callbacks)
    assert lecture.status == Status.SCHEDULED
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [lecture.email]
    assert subject_word in message.subject
    assert f"{body_word}: 강사예시" in message.body
    name, ics, mimetype = message.attachments[0]
    assert name == "lecture.ics" and mimetype == "text/calendar"
    assert "BEGIN:VEVENT" in ics and f"UID:lecture-{lecture.pk}@candle" in ics
    assert "Example Church\\, Busan" in ics  # escaped per RFC 5545
    start = lecture.scheduled_at.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    assert f"DTSTART:{start}" in ics
    title = "인식개선 강연" if language == "ko" else "Awareness lecture"
    assert title in ics.replace("\r\n ", "")
    lecture.refresh_from_db()
    assert lecture.confirmation_sent_at is not None


def test_schedule_refuses_the_past_no_speaker_and_closed_requests(
    django_capture_on_commit_callbacks,
):
    lecture = lecture_make()
    with pytest.raises(ValidationError):
        lecture_schedule(lecture_id=lecture.pk, starts_at=_soon(-1), speaker_name="강사")
    with pytest.raises(ValidationError):
        lecture_schedule(lecture_id=lecture.pk, starts_at=_soon(), speaker_name="  ")
    lecture_decline(lecture_id=lecture.pk, note="일정이 맞지 않음")
    with pytest.raises(ValidationError):
        lecture_schedule(lecture_id=lecture.pk, starts_at=_soon(), speaker_name="강사")
    lecture.refresh_from_db()
    assert lecture.status == Status.DECLINED and lecture.scheduled_at is None
    assert mail.outbox == []


def test_moving_a_lecture_sends_a_new_confirmation_with_the_same_uid(
    django_capture_on_commit_callbacks, django_user_model
):
    speaker = django_user_model.objects.create_user(
        username="speaker", first_name="예시", last_name="강사", is_staff=True
    )
    lecture = _schedule(lecture_make(), django_capture_on_commit_callbacks)
    moved = _schedule(
        lecture,
        django_capture_on_commit_callbacks,
        starts_at=_soon(20),
        speaker=speaker,
        speaker_name="",
    )
    assert moved.speaker_label in ("예시 강사", "예시강사")
    assert len(mail.outbox) == 2
    uids = [m.attachments[0][1].split("UID:")[1].split("\r\n")[0] for m in mail.outbox]
    assert uids[0] == uids[1]


def test_given_needs_a_past_scheduled_lecture(django_capture_on_commit_callbacks):
    lecture = _schedule(lecture_make(), django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError):
        lecture_given(lecture_id=lecture.pk, people_reached=100)  # not yet
    later = lecture.scheduled_at + dt.timedelta(hours=3)
    with pytest.raises(ValidationError):
        lecture_given(lecture_id=lecture.pk, people_reached=-1, now=later)
    lecture = lecture_given(lecture_id=lecture.pk, people_reached=95, now=later)
    assert lecture.status == Status.GIVEN and lecture.people_reached == 95
    with pytest.raises(ValidationError):
        lecture_cancel(lecture_id=lecture.pk)
    requested = lecture_make()
    with pytest.raises(ValidationError):
        lecture_given(lecture_id=requested.pk, people_reached=10, now=later)


def test_cancel_from_scheduled(django_capture_on_commit_callbacks):
    lecture = _schedule(lecture_make(), django_capture_on_commit_callbacks)
    lecture = lecture_cancel(lecture_id=lecture.pk, note="학교 사정")
    assert lecture.status == Status.CANCELLED and lecture.staff_note == "학교 사정"


@pytest.mark.parametrize("language", ["ko", "en"])
def test_survey_link_goes_once_after_the_lecture_and_is_answered_once(
    django_capture_on_commit_callbacks, language
):
    lecture = _schedule(lecture_make(language=language), django_capture_on_commit_callbacks)
    mail.outbox.clear()
    assert lecture_surveys_send(now=lecture.scheduled_at + dt.timedelta(hours=1)) == "sent=0"
    after = lecture.ends_at + dt.timedelta(hours=3)
    assert lecture_surveys_send(now=after) == "sent=1"
    assert lecture_surveys_send(now=after + dt.timedelta(hours=1)) == "sent=0"
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert f"/{language}/programmes/lectures/survey/" in body
    token = body.split("/survey/")[1].split("/")[0]
    assert survey_token_read(token) == lecture.pk
    assert lecture_survey_answer(lecture_id=lecture.pk, rating=4, comment="좋았습니다")
    assert not lecture_survey_answer(lecture_id=lecture.pk, rating=1, comment="덮어쓰기")
    lecture.refresh_from_db()
    assert (lecture.survey_rating, lecture.survey_comment) == (4, "좋았습니다")


def test_no_survey_for_declined_or_long_past_lectures(django_capture_on_commit_callbacks):
    lecture = _schedule(lecture_make(), django_capture_on_commit_callbacks)
    mail.outbox.clear()
    assert lecture_surveys_send(now=lecture.ends_at + dt.timedelta(days=30)) == "sent=0"
    lecture_cancel(lecture_id=lecture.pk)
    assert lecture_surveys_send(now=lecture.ends_at + dt.timedelta(hours=3)) == "sent=0"
    assert mail.outbox == []
    with pytest.raises(ValidationError):
        lecture_survey_answer(lecture_id=lecture.pk, rating=6)


def test_retention_erases_contacts_and_keeps_the_counts(django_capture_on_commit_callbacks):
    lecture = _schedule(lecture_make(), django_capture_on_commit_callbacks)
    lecture_given(
        lecture_id=lecture.pk, people_reached=80, now=lecture.ends_at + dt.timedelta(hours=1)
    )
    never_scheduled = lecture_make()
    recent = lecture_make()
    later = lecture.scheduled_at + dt.timedelta(days=LECTURE_KEEP_DAYS + 1)
    LectureRequest.objects.filter(pk=never_scheduled.pk).update(
        created_at=later - dt.timedelta(days=LECTURE_KEEP_DAYS + 1)
    )
    LectureRequest.objects.filter(pk=recent.pk).update(created_at=later - dt.timedelta(days=3))
    assert lectures_retention_sweep(now=later, dry_run=True) == "due=2"
    assert lectures_retention_sweep(now=later) == "erased=2"
    assert lectures_retention_sweep(now=later) == "erased=0"  # idempotent
    lecture.refresh_from_db()
    assert (lecture.contact_name, lecture.phone, lecture.email) == ("", "", "")
    assert lecture.people_reached == 80 and lecture.status == Status.GIVEN
    assert lecture.institution_type == "school" and lecture.region == "seoul"
    recent.refresh_from_db()
    assert recent.email


def test_forget_me_erases_the_persons_requests():
    from candle.supporters.models import Supporter

    lecture = lecture_make(email="Teacher@School.example")
    other = lecture_make()
    supporter = Supporter.objects.create(name="교사", email="teacher@school.example")
    lecture_requests_forget(supporter=supporter)
    lecture.refresh_from_db()
    other.refresh_from_db()
    assert lecture.email == "" and lecture.contact_name == ""
    assert other.email


def test_jobs_are_on_the_schedule():
    from candle.operations.schedule import job_get

    assert job_get("programmes.lecture_surveys").callable() is lecture_surveys_send
    assert job_get("programmes.lecture_retention").callable() is lectures_retention_sweep
