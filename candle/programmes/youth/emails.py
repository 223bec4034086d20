"""Mail about applications, in the applicant's language: the guardian's consent request (and
its reminder) and the staff's decision. Logging rule: ids only."""

from __future__ import annotations

import logging

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from .models import Application, YouthProgrammePage
from .tokens import GUARDIAN_MAX_AGE, guardian_url

logger = logging.getLogger(__name__)


def programme_in_language(programme: YouthProgrammePage, language: str) -> YouthProgrammePage:
    translated = (
        YouthProgrammePage.objects.live()
        .filter(translation_key=programme.translation_key, locale__language_code=language)
        .first()
    )
    return translated or programme


def _send(*, template: str, application: Application, to: str, extra: dict | None = None) -> bool:
    if not to:
        return False
    language = application.language if application.language in ("ko", "en") else "ko"
    context = {
        "application": application,
        "programme": programme_in_language(application.programme, language),
        **(extra or {}),
    }
    with translation.override(language):
        subject = " ".join(
            render_to_string(f"programmes/youth/email/{template}_subject.txt", context).split()
        )
        text = render_to_string(f"programmes/youth/email/{template}.txt", context)
    EmailMessage(subject, text, None, [to]).send()
    logger.info("youth mail %s application=%s", template, application.pk)
    return True


def guardian_request_send(*, application_id: int, reminder: bool = False) -> bool:
    application = Application.objects.select_related("programme").filter(pk=application_id).first()
    if application is None or application.status != Application.Status.AWAITING_GUARDIAN:
        return False
    language = application.language if application.language in ("ko", "en") else "ko"
    return _send(
        template="guardian",
        application=application,
        to=application.guardian_email,
        extra={
            "link": guardian_url(application_id=application.pk, language=language),
            "reminder": reminder,
            "valid_days": GUARDIAN_MAX_AGE // 86400,
        },
    )


def decision_send(*, application_id: int) -> bool:
    application = Application.objects.select_related("programme").filter(pk=application_id).first()
    if application is None or application.status not in Application.DECISIONS:
        return False
    return _send(template="decision", application=application, to=application.email)
