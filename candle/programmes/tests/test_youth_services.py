"""Youth applications' services: window, under-14 path, guardian consent and refusal, staff
review rules, decision mails in each language, reminders, retention."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from candle.programmes.models import Application, ApplicationScore, GuardianConsent
from candle.programmes.youth import services
from candle.programmes.youth.forms import age_on

from .youth_fixtures import *  # noqa: F403
from .youth_fixtures import (
    CRITERIA_IDS,
    PDF_BYTES,
    UPLOAD_ID,
    application_file_add,
    application_make,
    birth_date_for_age,
)


def _submit(programme, *, born, token=None, files=(), **extra):
    kwargs = {
        "programme": programme,
        "submission_token": token or uuid.uuid4().hex,
        "name": "김예시",
        "birth_date": born,
        "email": "applicant@example.org",
        "phone": "010-0000-0000",
        "school": "예시중학교",
        "language": "ko",
        "answers": [{"id": "q", "label": "지원 동기", "answer": "예시"}],
        "files": list(files),
        "consent_text": "(예시 동의문)",
    }
    kwargs.update(extra)
    return services.application_submit(**kwargs)


def _pdf():
    upload = SimpleUploadedFile("letter.pdf", PDF_BYTES, content_type="application/pdf")
    upload.candle_content_type = "application/pdf"
    return ({"id": UPLOAD_ID, "label": "추천서"}, upload)


def test_age_counts_the_birthday_itself():
    assert age_on(dt.date(2012, 3, 1), dt.date(2026, 3, 1)) == 14
    assert age_on(dt.date(2012, 3, 1), dt.date(2026, 2, 28)) == 13


def test_window_closed_and_not_yet_refuse(programme):
    programme.applications_open_at = timezone.now() + dt.timedelta(days=1)
    programme.applications_close_at = timezone.now() + dt.timedelta(days=2)
    programme.save()
    with pytest.raises(ValidationError) as error:
        _submit(programme, born=birth_date_for_age(16))
    assert error.value.code == "closed"
    programme.applications_open_at = timezone.now() - dt.timedelta(days=3)
    programme.applications_close_at = timezone.now() - dt.timedelta(seconds=1)
    programme.save()
    with pytest.raises(ValidationError):
        _submit(programme, born=birth_date_for_age(16))
    assert not Application.objects.exists()


def test_fourteen_today_needs_no_guardian(programme, committed):
    application, created = committed(_submit, programme=programme, born=birth_date_for_age(14))
    assert created and application.status == Application.Status.SUBMITTED
    assert not application.under_14
    assert mail.outbox == []


def test_under_14_waits_for_the_guardian_who_is_mailed(programme, committed):
    born = birth_date_for_age(14) + dt.timedelta(days=1)  # 14 tomorrow
    application, _ = committed(
        _submit,
        programme=programme,
        born=born,
        guardian_name="김보호 (예시)",
        guardian_email="guardian@example.org",
    )
    assert application.status == Application.Status.AWAITING_GUARDIAN
    assert application.under_14 and not application.reviewable
    assert [m.to for m in mail.outbox] == [["guardian@example.org"]]
    assert "/ko/programmes/youth/guardian/" in mail.outbox[0].body
    assert "동의" in mail.outbox[0].subject


def test_under_14_without_guardian_is_refused(programme):
    with pytest.raises(ValidationError):
        _submit(programme, born=birth_date_for_age(10))
    assert not Application.objects.exists()


def test_the_same_token_stores_once(programme, encrypted_dir):
    token = uuid.uuid4().hex
    first, created = _submit(programme, born=birth_date_for_age(16), token=token, files=[_pdf()])
    again, created_again = _submit(
        programme, born=birth_date_for_age(16), token=token, files=[_pdf()]
    )
    assert created and not created_again and again.pk == first.pk
    assert Application.objects.count() == 1
    assert first.files.count() == 1
    assert len([p for p in Path(encrypted_dir).rglob("*") if p.is_file()]) == 1


def test_files_are_encrypted_on_disk_under_a_meaningless_name(programme, encrypted_dir):
    application, _ = _submit(programme, born=birth_date_for_age(16), files=[_pdf()])
    stored = application.files.get()
    raw = stored.file.storage.raw_bytes(stored.file.name)
    assert PDF_BYTES not in raw and b"%PDF" not in raw
    assert "letter" not in stored.file.name and stored.original_name == "letter.pdf"
    assert str(encrypted_dir) in stored.file.storage.path(stored.file.name)
    with stored.file.storage.open(stored.file.name) as handle:
        assert handle.read() == PDF_BYTES


def _awaiting(programme, committed):
    application, _ = committed(
        _submit,
        programme=programme,
        born=birth_date_for_age(12),
        guardian_name="김보호 (예시)",
        guardian_email="guardian@example.org",
        files=[_pdf()],
    )
    return application


def test_guardian_consent_opens_review_and_is_recorded(programme, committed):
    application = _awaiting(programme, committed)
    assert (
        services.guardian_decide(
            application_id=application.pk, consented=True, text="보여 준 문구", language="ko"
        )
        == "consented"
    )
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED and application.reviewable
    consent = GuardianConsent.objects.get()
    assert consent.consented and consent.text == "보여 준 문구" and consent.decided_at
    # a second answer changes nothing
    assert (
        services.guardian_decide(
            application_id=application.pk, consented=False, text="x", language="ko"
        )
        == "done"
    )
    application.refresh_from_db()
    assert application.name == "김예시"


def test_guardian_refusal_erases_and_keeps_the_count(programme, committed, encrypted_dir):
    application = _awaiting(programme, committed)
    path = Path(application.files.get().file.path)
    assert path.exists()
    with_commit = committed(
        services.guardian_decide,
        application_id=application.pk,
        consented=False,
        text="보여 준 문구",
        language="en",
    )
    assert with_commit == "refused"
    application.refresh_from_db()
    assert application.status == Application.Status.GUARDIAN_REFUSED
    assert application.erased_at and application.name == "" and application.email == ""
    assert application.guardian_email == "" and application.birth_date is None
    assert application.answers == [] and not application.files.exists()
    assert not path.exists()
    assert (
        Application.objects.filter(
            programme=programme, status=Application.Status.GUARDIAN_REFUSED
        ).count()
        == 1
    )
    assert not GuardianConsent.objects.get().consented


def test_staff_cannot_review_before_consent(programme, committed, reviewer):
    application = _awaiting(programme, committed)
    with pytest.raises(ValidationError):
        services.application_status_set(application=application, status="accepted", by=reviewer)
    with pytest.raises(ValidationError):
        services.application_scores_set(
            application=application, reviewer=reviewer, points={CRITERIA_IDS[0]: 3}
        )
    with pytest.raises(ValidationError):
        services.application_note_add(application=application, author=reviewer, body="메모")


def test_scores_per_reviewer_within_the_maximum(programme, reviewer):
    application = application_make(programme=programme)
    assert (
        services.application_scores_set(
            application=application,
            reviewer=reviewer,
            points={CRITERIA_IDS[0]: 10, CRITERIA_IDS[1]: 0},
        )
        == 2
    )
    services.application_scores_set(
        application=application, reviewer=reviewer, points={CRITERIA_IDS[0]: 7}
    )
    assert ApplicationScore.objects.get(criterion=CRITERIA_IDS[0]).points == 7
    for bad in ({CRITERIA_IDS[1]: 6}, {"not-a-criterion": 1}, {CRITERIA_IDS[0]: -1}):
        with pytest.raises(ValidationError):
            services.application_scores_set(application=application, reviewer=reviewer, points=bad)


@pytest.mark.parametrize(
    ("language", "status", "words"),
    [
        ("ko", "accepted", "선발"),
        ("en", "accepted", "accepted"),
        ("ko", "waitlisted", "대기"),
        ("en", "waitlisted", "waiting list"),
        ("ko", "declined", "아쉽게도"),
        ("en", "declined", "sorry"),
    ],
)
def test_decision_mail_in_the_applicants_language(
    programme, programme_en, reviewer, committed, language, status, words
):
    application = application_make(programme=programme, language=language)
    committed(services.application_status_set, application=application, status=status, by=reviewer)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["applicant@example.org"]
    assert words in message.body
    title = "Winter school (example)" if language == "en" else programme.title
    assert title in message.subject


def test_in_review_sends_no_mail(programme, reviewer, committed):
    application = application_make(programme=programme)
    committed(
        services.application_status_set, application=application, status="in_review", by=reviewer
    )
    assert mail.outbox == []
    with pytest.raises(ValidationError):
        services.application_status_set(application=application, status="submitted", by=reviewer)


def test_guardian_reminder_once_and_unanswered_erased(programme, committed):
    application = _awaiting(programme, committed)
    mail.outbox.clear()
    later = timezone.now() + dt.timedelta(days=services.GUARDIAN_REMIND_AFTER_DAYS, hours=1)
    assert services.guardian_reminders_send(now=later) == 1
    assert services.guardian_reminders_send(now=later) == 0
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["guardian@example.org"]
    much_later = timezone.now() + dt.timedelta(days=services.GUARDIAN_WAIT_DAYS + 1)
    services.guardian_reminders_send(now=much_later)
    application.refresh_from_db()
    assert application.erased_at and application.name == ""


def test_retention_erases_after_the_period_and_keeps_counts(programme, committed):
    kept = application_make(programme=programme)
    application_file_add(application=kept)
    path = Path(kept.files.get().file.path)
    day_after = dt.datetime.combine(
        programme.ends_on + dt.timedelta(days=programme.retention_days), dt.time(12)
    ).replace(tzinfo=timezone.get_current_timezone())
    assert services.applications_retention_apply(now=day_after) == 0  # the last day: kept
    later = day_after + dt.timedelta(days=1)
    assert services.applications_retention_apply(now=later, dry_run=True) == 1
    kept.refresh_from_db()
    assert kept.name == "김예시"
    assert committed(services.applications_retention_apply, now=later) == 1
    kept.refresh_from_db()
    assert kept.erased_at and kept.name == "" and kept.answers == [] and not kept.files.exists()
    assert not path.exists()
    assert Application.objects.filter(programme=programme, status="submitted").count() == 1
    assert services.applications_retention_apply(now=later) == 0


def test_retention_command_and_job(programme):
    from io import StringIO

    from django.core.management import call_command

    from candle.operations.schedule import job_get

    application_make(programme=programme)
    out = StringIO()
    call_command("erase_youth_applications", "--dry-run", stdout=out)
    assert "0" in out.getvalue()
    assert job_get("programmes.youth_retention") is not None
