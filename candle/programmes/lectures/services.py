"""Writes of lecture booking: a request from the public form (stored once per form, never
touching a supporter's record), staff's scheduling and outcomes, the survey mailed after the
lecture and answered once, and the retention sweep.

States: requested → scheduled → given; requested or scheduled → declined / cancelled; a
scheduled lecture may be scheduled again (moved: a new confirmation goes out). Every state
change locks the row first, so two staff acting at once cannot both move it.

Logging rule: ids only."""

from __future__ import annotations

import datetime as dt
import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from candle.audit.rows import rows_update

from .models import LectureRequest

logger = logging.getLogger(__name__)

Status = LectureRequest.Status

# The contact person's details are erased this long after the lecture (or after the request,
# when no lecture took place).
LECTURE_KEEP_DAYS = 365
# Surveys go out this long after a lecture ends, and not for lectures older than the window.
SURVEY_DELAY = dt.timedelta(hours=2)
SURVEY_WINDOW = dt.timedelta(days=14)

REQUEST_FIELDS = (
    "institution_type",
    "institution_name",
    "region",
    "contact_name",
    "phone",
    "email",
    "age_group",
    "audience_size",
    "preferred_date_1",
    "preferred_date_2",
    "preferred_date_3",
    "language",
    "topic",
    "topic_detail",
)


def lecture_request_create(
    *, submission_token: str, consent_text: str, **fields
) -> tuple[LectureRequest, bool]:
    """Store a request as given. The same ``submission_token`` again (a double submit, a
    reload after a 503) returns the first request unchanged with ``created`` false."""
    unknown = set(fields) - set(REQUEST_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    existing = LectureRequest.objects.filter(submission_token=submission_token).first()
    if existing is not None:
        return existing, False
    language = "en" if str(fields.get("language", "")).startswith("en") else "ko"
    try:
        with transaction.atomic():
            lecture = LectureRequest.objects.create(
                **{**fields, "language": language},
                submission_token=submission_token,
                consent_text=consent_text,
                status=Status.REQUESTED,
            )
    except IntegrityError:  # the same form, sent twice at once: the other one stored it
        existing = LectureRequest.objects.filter(submission_token=submission_token).first()
        if existing is None:
            raise
        return existing, False
    logger.info("lecture request created id=%s", lecture.pk)
    return lecture, True


def _locked(lecture_id: int) -> LectureRequest:
    return LectureRequest.objects.select_for_update().get(pk=lecture_id)


def _refuse(lecture: LectureRequest, allowed: tuple[str, ...]) -> None:
    if lecture.status not in allowed:
        raise ValidationError(
            _("This request is %(status)s: that cannot be done now.")
            % {"status": lecture.get_status_display()},
            code="lecture_state",
        )


def lecture_schedule(
    *,
    lecture_id: int,
    starts_at: dt.datetime,
    speaker=None,
    speaker_name: str = "",
    venue: str = "",
    duration_minutes: int = 90,
    now: dt.datetime | None = None,
) -> LectureRequest:
    """Book the lecture (or move it): date, speaker (a staff user or a name), place. The
    institution is sent a confirmation in its language with the lecture as an ``.ics``."""
    now = now or timezone.now()
    if starts_at <= now:
        raise ValidationError(_("Please choose a time in the future."), code="lecture_past")
    if speaker is None and not speaker_name.strip():
        raise ValidationError(_("Please choose a speaker or enter a name."), code="no_speaker")
    with transaction.atomic():
        lecture = _locked(lecture_id)
        _refuse(lecture, (Status.REQUESTED, Status.SCHEDULED))
        lecture.status = Status.SCHEDULED
        lecture.scheduled_at = starts_at
        lecture.duration_minutes = duration_minutes
        lecture.venue = venue[:200]
        lecture.speaker = speaker
        lecture.speaker_name = speaker_name.strip()[:100]
        lecture.status_changed_at = now
        lecture.save()
    from .tasks import lecture_confirmation_send

    transaction.on_commit(lambda: lecture_confirmation_send.enqueue(lecture_id=lecture.pk))
    logger.info("lecture scheduled id=%s", lecture.pk)
    return lecture


def lecture_given(
    *, lecture_id: int, people_reached: int, now: dt.datetime | None = None
) -> LectureRequest:
    """Record that the lecture took place, and how many people it reached."""
    now = now or timezone.now()
    if not 0 <= people_reached <= 100_000:
        raise ValidationError(_("Please enter a number from 0 to 100,000."), code="reached")
    with transaction.atomic():
        lecture = _locked(lecture_id)
        _refuse(lecture, (Status.SCHEDULED, Status.GIVEN))
        if lecture.scheduled_at > now:
            raise ValidationError(
                _("The lecture has not taken place yet."), code="lecture_in_future"
            )
        lecture.status = Status.GIVEN
        lecture.people_reached = people_reached
        lecture.status_changed_at = now
        lecture.save(update_fields=["status", "people_reached", "status_changed_at"])
    logger.info("lecture given id=%s", lecture.pk)
    return lecture


def _close(*, lecture_id: int, status: str, note: str, now: dt.datetime | None) -> LectureRequest:
    with transaction.atomic():
        lecture = _locked(lecture_id)
        _refuse(lecture, (Status.REQUESTED, Status.SCHEDULED))
        if lecture.status == Status.SCHEDULED and status == Status.CANCELLED:
            from .tasks import lecture_cancellation_send

            lecture_id = lecture.pk
            transaction.on_commit(lambda: lecture_cancellation_send.enqueue(lecture_id=lecture_id))
        lecture.status = status
        lecture.status_changed_at = now or timezone.now()
        if note:
            lecture.staff_note = note[:2000]
        lecture.save(update_fields=["status", "status_changed_at", "staff_note"])
    logger.info("lecture %s id=%s", status, lecture.pk)
    return lecture


def lecture_decline(*, lecture_id: int, note: str = "", now=None) -> LectureRequest:
    return _close(lecture_id=lecture_id, status=Status.DECLINED, note=note, now=now)


def lecture_cancel(*, lecture_id: int, note: str = "", now=None) -> LectureRequest:
    """Cancel a request or a booked lecture; a booked one whose confirmation went out is sent
    a cancellation with the ``.ics`` that removes it from the institution's calendar."""
    return _close(lecture_id=lecture_id, status=Status.CANCELLED, note=note, now=now)


def lecture_surveys_send(*, now: dt.datetime | None = None) -> str:
    """The scheduled job: mail the survey link for each lecture that ended at least
    ``SURVEY_DELAY`` ago (within ``SURVEY_WINDOW``), once. Each row is claimed
    (``survey_sent_at`` set by a conditional UPDATE) before its mail goes, so a second run,
    or two at once, sends nothing twice."""
    from .emails import survey_send

    now = now or timezone.now()
    candidates = LectureRequest.objects.filter(
        status__in=[Status.SCHEDULED, Status.GIVEN],
        survey_sent_at__isnull=True,
        scheduled_at__lte=now - SURVEY_DELAY,
        scheduled_at__gte=now - SURVEY_WINDOW,
    ).exclude(email="")
    sent = 0
    for lecture in candidates:
        if lecture.ends_at + SURVEY_DELAY > now:
            continue
        claimed = LectureRequest.objects.filter(pk=lecture.pk, survey_sent_at__isnull=True).update(
            survey_sent_at=now
        )
        if claimed and survey_send(lecture=lecture):
            sent += 1
    logger.info("lecture surveys sent=%s", sent)
    return f"sent={sent}"


def lecture_survey_answer(
    *, lecture_id: int, rating: int, comment: str = "", now: dt.datetime | None = None
) -> bool:
    """Store the survey's answer; only the first one counts. True when it was stored."""
    if rating not in range(1, 6):
        raise ValidationError(_("Please choose a rating from 1 to 5."), code="rating")
    stored = rows_update(
        LectureRequest.objects.filter(
            pk=lecture_id,
            survey_answered_at__isnull=True,
            survey_sent_at__isnull=False,
            status__in=[Status.SCHEDULED, Status.GIVEN],
        ),
        {
            "survey_rating": rating,
            "survey_comment": comment[:2000],
            "survey_answered_at": now or timezone.now(),
        },
        detail="survey answered",
    )
    return bool(stored)


_ERASED = {"contact_name": "", "phone": "", "email": "", "survey_comment": ""}


def lectures_retention_sweep(*, now: dt.datetime | None = None, dry_run: bool = False) -> str:
    """The scheduled job: ``LECTURE_KEEP_DAYS`` after the lecture (or after the request, when
    none was scheduled), erase the contact person's name, phone and e-mail and the survey's
    comment. The row stays (type, region, dates, people reached, rating) for the report."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=LECTURE_KEEP_DAYS)
    from django.db.models import Q

    due = LectureRequest.objects.filter(personal_data_erased_at__isnull=True).filter(
        Q(scheduled_at__lt=cutoff) | Q(scheduled_at__isnull=True, created_at__lt=cutoff)
    )
    if dry_run:
        return f"due={due.count()}"
    erased = rows_update(due, {**_ERASED, "personal_data_erased_at": now}, detail="retention")
    logger.info("lecture requests erased=%s", erased)
    return f"erased={erased}"


def lecture_requests_forget(*, supporter) -> None:
    """Forget-me (supporters' ``forget_hook``): the person's contact details on requests they
    made, found by their e-mail address."""
    if not supporter.email:
        return
    rows_update(
        LectureRequest.objects.filter(email__iexact=supporter.email),
        {**_ERASED, "personal_data_erased_at": timezone.now()},
        detail="forget",
    )
