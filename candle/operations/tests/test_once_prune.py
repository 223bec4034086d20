"""Staff forms' one-time tokens are deleted once a resent form could no longer arrive."""

import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone

from candle.operations import jobs
from candle.operations.models import FormSubmission
from candle.operations.once import SUBMISSION_KEEP, submission_first, submissions_prune
from candle.operations.schedule import job_get

pytestmark = pytest.mark.django_db


def _claimed(token: str, age: dt.timedelta) -> None:
    assert submission_first(token)
    FormSubmission.objects.filter(token=token).update(created_at=timezone.now() - age)


def test_old_tokens_go_and_recent_ones_still_refuse_a_resend():
    _claimed("old", SUBMISSION_KEEP + dt.timedelta(minutes=1))
    _claimed("recent", SUBMISSION_KEEP - dt.timedelta(minutes=1))
    assert submissions_prune() == 1
    assert list(FormSubmission.objects.values_list("token", flat=True)) == ["recent"]
    assert not submission_first("recent")  # the same form sent again stores nothing
    assert submissions_prune() == 0


def test_the_daily_job_prunes_and_the_age_outlasts_a_staff_session():
    _claimed("stale", SUBMISSION_KEEP * 2)
    job = job_get("operations.submissions_prune")
    assert job is not None and "daily" in str(job.cadence)
    assert jobs.submissions_prune() == "deleted=1"
    assert not FormSubmission.objects.exists()
    assert dt.timedelta(seconds=settings.CANDLE_STAFF_SESSION_MAX_SECONDS) < SUBMISSION_KEEP
