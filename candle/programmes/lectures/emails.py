"""Mail to the institution, in the language it asked for: the confirmation of a scheduled
lecture (with the lecture as an ``.ics``), the cancellation of a confirmed one (an ``.ics`` with
``METHOD:CANCEL`` and the same UID, so the calendar entry goes) and the survey link after it.

Logging rule: ids only."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from candle.programmes.ics import calendar, vevent_lines

from .models import LectureRequest
from .tokens import survey_url

logger = logging.getLogger(__name__)


def lecture_title(lecture: LectureRequest) -> str:
    """In the active language."""
    return _("Awareness lecture at %(institution)s") % {"institution": lecture.institution_name}


def _sequence(lecture: LectureRequest) -> int:
    """Grows with every change of the booking (scheduled, moved, cancelled): minutes since
    2020 of its last status change, so each version outranks the one before."""
    changed = lecture.status_changed_at
    return max(0, int((changed.timestamp() - 1_577_836_800) // 60)) if changed else 0


def lecture_ics(lecture: LectureRequest, *, cancelled: bool = False) -> str:
    """The scheduled lecture as an iCalendar file, in the active language. The UID stays the
    same when the lecture is moved or cancelled, so calendars update or remove the entry."""
    extra = {}
    if cancelled:
        extra = {
            "status": "CANCELLED",
            "organizer": settings.DEFAULT_FROM_EMAIL,
            "attendee": lecture.email,
        }
    return calendar(
        [
            vevent_lines(
                uid=f"lecture-{lecture.pk}@candle",
                start=lecture.scheduled_at,
                end=lecture.ends_at,
                title=lecture_title(lecture),
                description=str(lecture.get_topic_display()),
                location=lecture.venue or lecture.institution_name,
                sequence=_sequence(lecture),
                **extra,
            )
        ],
        method="CANCEL" if cancelled else "",
    )


def _subject(template: str, context: dict) -> str:
    return " ".join(render_to_string(template, context).split())


def _booking_mail(lecture: LectureRequest, *, stem: str, cancelled: bool) -> bool:
    """The mail about a booked lecture (``stem``: its templates' name) with ``lecture.ics``."""
    if not lecture.email or lecture.scheduled_at is None:
        return False
    language = lecture.language if lecture.language in ("ko", "en") else "ko"
    with translation.override(language):
        context = {
            "lecture": lecture,
            "title": lecture_title(lecture),
            "starts": timezone.localtime(lecture.scheduled_at),
        }
        subject = _subject(f"programmes/lectures/email/{stem}_subject.txt", context)
        text = render_to_string(f"programmes/lectures/email/{stem}.txt", context)
        attachment = lecture_ics(lecture, cancelled=cancelled)
    message = EmailMultiAlternatives(subject, text, None, [lecture.email])
    mimetype = "text/calendar; method=CANCEL" if cancelled else "text/calendar"
    message.attach("lecture.ics", attachment, mimetype)
    message.send()
    logger.info("lecture %s sent id=%s", stem, lecture.pk)
    return True


def confirmation_send(*, lecture: LectureRequest) -> bool:
    return _booking_mail(lecture, stem="confirmation", cancelled=False)


def cancellation_send(*, lecture: LectureRequest) -> bool:
    """The lecture the institution was sent a confirmation for is off: say so, with the
    ``.ics`` that takes it out of their calendar."""
    return _booking_mail(lecture, stem="cancellation", cancelled=True)


def survey_send(*, lecture: LectureRequest) -> bool:
    if not lecture.email:
        return False
    language = lecture.language if lecture.language in ("ko", "en") else "ko"
    with translation.override(language):
        context = {
            "lecture": lecture,
            "title": lecture_title(lecture),
            "survey_url": survey_url(lecture_id=lecture.pk, language=language),
        }
        subject = _subject("programmes/lectures/email/survey_subject.txt", context)
        text = render_to_string("programmes/lectures/email/survey.txt", context)
    EmailMultiAlternatives(subject, text, None, [lecture.email]).send()
    logger.info("lecture survey sent id=%s", lecture.pk)
    return True
