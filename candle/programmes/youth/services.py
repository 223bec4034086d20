"""Writes for youth programme applications: submit (once per submission token), the guardian's
decision, staff's status, scores and notes, erasure and retention, the guardian reminder.

Logging rule: ids and statuses only.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .forms import age_on
from .models import (
    GUARDIAN_AGE,
    Application,
    ApplicationFile,
    ApplicationNote,
    ApplicationScore,
    GuardianConsent,
    YouthProgrammePage,
)

logger = logging.getLogger(__name__)

GUARDIAN_REMIND_AFTER_DAYS = 3
GUARDIAN_WAIT_DAYS = 30  # unanswered this long: the application is erased (the link expired)
STAFF_STATUSES = (
    Application.Status.IN_REVIEW,
    Application.Status.ACCEPTED,
    Application.Status.WAITLISTED,
    Application.Status.DECLINED,
    Application.Status.WITHDRAWN,
)


def application_submit(
    *,
    programme: YouthProgrammePage,
    submission_token: str,
    name: str,
    birth_date: dt.date,
    email: str,
    phone: str,
    school: str,
    language: str,
    answers: list[dict],
    files: list[tuple[dict, object]],
    consent_text: str,
    guardian_name: str = "",
    guardian_email: str = "",
    now: dt.datetime | None = None,
) -> tuple[Application, bool]:
    """Store an application (and its files, encrypted). The same ``submission_token`` sent
    again returns the first application unchanged (``created`` false). Under 14 on the day of
    applying (Korea's date), the application waits for the guardian, who is mailed a link.
    Raises ``ValidationError`` (translated) when the window is not open or a guardian is
    missing."""
    now = now or timezone.now()
    programme = programme.source_programme
    existing = Application.objects.filter(submission_token=submission_token).first()
    if existing is not None:
        return existing, False
    if programme.window_state(now) != "open":
        raise ValidationError(_("Applications for this programme are not open."), code="closed")
    under_14 = age_on(birth_date, timezone.localdate(now)) < GUARDIAN_AGE
    if under_14 and not (guardian_name.strip() and guardian_email.strip()):
        raise ValidationError(_("Applicants under 14 need a guardian's name and e-mail."))
    application = Application(
        programme=programme,
        submission_token=submission_token,
        language="en" if language.startswith("en") else "ko",
        status=Application.Status.AWAITING_GUARDIAN if under_14 else Application.Status.SUBMITTED,
        name=name[:200],
        birth_date=birth_date,
        email=email[:254],
        phone=phone[:40],
        school=school[:200],
        consent_text=consent_text,
        under_14=under_14,
        guardian_name=guardian_name[:200] if under_14 else "",
        guardian_email=guardian_email[:254] if under_14 else "",
        created_at=now,
    )
    application.answers = answers
    try:
        with transaction.atomic():
            application.save()
            for upload, uploaded in files:
                extension = uploaded.name.rsplit(".", 1)[-1].lower()
                original = uploaded.name[-200:]
                uploaded.name = f"{uuid.uuid4().hex}.{extension}"  # a name says nothing on disk
                ApplicationFile.objects.create(
                    application=application,
                    slot=upload["id"],
                    label=upload["label"][:200],
                    file=uploaded,
                    content_type=uploaded.candle_content_type,
                    size=uploaded.size,
                    original_name=original,
                )
    except IntegrityError:  # the same token, stored a moment ago by a parallel request
        existing = Application.objects.filter(submission_token=submission_token).first()
        if existing is None:
            raise
        return existing, False
    logger.info("application created id=%s status=%s", application.pk, application.status)
    if under_14:
        from .tasks import guardian_request

        transaction.on_commit(lambda: guardian_request.enqueue(application_id=application.pk))
    return application, True


def application_erase(*, application: Application, status: str | None = None) -> Application:
    """Erase what an application holds about a person: fields, answers, files (on disk too)
    and staff's notes. The row stays (programme, status, dates, scores) for the counts."""
    files = list(application.files.all())
    with transaction.atomic():
        application.files.all().delete()
        application.notes.all().delete()
        application.name = application.email = application.phone = application.school = ""
        application.guardian_name = application.guardian_email = ""
        application.birth_date = None
        application.answers = []
        application.consent_text = ""
        application.submission_token = None
        application.erased_at = timezone.now()
        if status:
            application.status = status
        application.save()
    for stored in files:
        name, storage = stored.file.name, stored.file.storage
        transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))
    logger.info("application erased id=%s", application.pk)
    return application


def guardian_decide(*, application_id: int, consented: bool, text: str, language: str) -> str:
    """The guardian consents (the application goes to review) or refuses (it is erased at
    once, keeping the count). Recorded with the words shown and the time. Returns "consented",
    "refused" or "done" (decided before, or no longer waiting)."""
    with transaction.atomic():
        application = Application.objects.select_for_update().filter(pk=application_id).first()
        if application is None or application.status != Application.Status.AWAITING_GUARDIAN:
            return "done"
        GuardianConsent.objects.create(
            application=application,
            consented=consented,
            text=text,
            language="en" if language.startswith("en") else "ko",
        )
        if consented:
            application.status = Application.Status.SUBMITTED
            application.save(update_fields=["status"])
        else:
            application_erase(application=application, status=Application.Status.GUARDIAN_REFUSED)
    logger.info("guardian decided application=%s consented=%s", application_id, consented)
    return "consented" if consented else "refused"


def application_status_set(*, application: Application, status: str, by) -> Application:
    """Staff move an application on. A decision (accepted, waitlisted, declined) is mailed to
    the applicant in their language. Refused while the guardian has not consented."""
    if not application.reviewable:
        raise ValidationError(_("This application cannot be reviewed until the guardian consents."))
    if status not in STAFF_STATUSES:
        raise ValidationError(_("Unknown status."))
    if status == application.status:
        return application
    application.status = status
    fields = ["status"]
    if status in Application.DECISIONS:
        application.decided_at = timezone.now()
        fields.append("decided_at")
    with transaction.atomic():
        application.save(update_fields=fields)
    if status in Application.DECISIONS:
        from .tasks import decision

        transaction.on_commit(lambda: decision.enqueue(application_id=application.pk))
    logger.info("application status id=%s status=%s", application.pk, status)
    return application


def application_scores_set(*, application: Application, reviewer, points: dict[str, int]) -> int:
    """One reviewer's points per rubric criterion (ids of the programme's rubric; each within
    its maximum). Returns how many were saved."""
    if not application.reviewable:
        raise ValidationError(_("This application cannot be reviewed until the guardian consents."))
    criteria = {c["id"]: c for c in application.programme.criterion_list()}
    saved = 0
    with transaction.atomic():
        for criterion, value in points.items():
            if criterion not in criteria or not 0 <= value <= criteria[criterion]["max"]:
                raise ValidationError(
                    _("Points must be between 0 and the criterion's maximum."), code="points"
                )
            ApplicationScore.objects.update_or_create(
                application=application,
                reviewer=reviewer,
                criterion=criterion,
                defaults={"points": value},
            )
            saved += 1
    return saved


def application_note_add(*, application: Application, author, body: str) -> ApplicationNote:
    body = (body or "").strip()
    if not application.reviewable:
        raise ValidationError(_("This application cannot be reviewed until the guardian consents."))
    if not body:
        raise ValidationError(_("Write the note first."))
    return ApplicationNote.objects.create(application=application, author=author, body=body[:5000])


def guardian_reminders_send(*, now: dt.datetime | None = None) -> int:
    """Remind guardians who have not answered after a few days (once each); erase
    applications nobody consented to within the link's life. Returns reminders sent."""
    from .emails import guardian_request_send

    now = now or timezone.now()
    waiting = Application.objects.filter(status=Application.Status.AWAITING_GUARDIAN)
    for application in waiting.filter(created_at__lt=now - dt.timedelta(days=GUARDIAN_WAIT_DAYS)):
        application_erase(application=application, status=Application.Status.WITHDRAWN)
    sent = 0
    due = waiting.filter(
        guardian_reminded_at__isnull=True,
        created_at__lt=now - dt.timedelta(days=GUARDIAN_REMIND_AFTER_DAYS),
    ).values_list("pk", flat=True)
    for pk in list(due):
        claimed = Application.objects.filter(pk=pk, guardian_reminded_at__isnull=True).update(
            guardian_reminded_at=now
        )
        if claimed and guardian_request_send(application_id=pk, reminder=True):
            sent += 1
    logger.info("guardian reminders sent=%s", sent)
    return sent


def applications_retention_apply(*, now: dt.datetime | None = None, dry_run: bool = False) -> int:
    """Erase applications whose programme ended more than its retention period ago (files
    deleted too); the rows stay, anonymous, for the counts per programme and status. Returns
    how many were (or, on a dry run, would be) erased."""
    today = timezone.localdate(now or timezone.now())
    due_ids = []
    for programme in YouthProgrammePage.objects.filter(locale__language_code="ko").only(
        "pk", "ends_on", "retention_days"
    ):
        if programme.ends_on + dt.timedelta(days=programme.retention_days) < today:
            due_ids.append(programme.pk)
    due = Application.objects.filter(programme_id__in=due_ids, erased_at__isnull=True)
    if dry_run:
        return due.count()
    erased = 0
    for application in due.iterator():
        application_erase(application=application)
        erased += 1
    logger.info("applications erased by retention=%s", erased)
    return erased


def applications_retention_job() -> int:
    """The daily scheduled job (``programmes.youth_retention``)."""
    return applications_retention_apply() + guardian_reminders_send()
