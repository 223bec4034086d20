"""Password-free access to a supporter's own page: an e-mailed link that works once and
expires. Only a SHA-256 of the token is stored, so a database copy opens nobody's page."""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .models import AccessLink, Supporter
from .normalise import email_normalise

logger = logging.getLogger(__name__)

LINK_LIFETIME = timedelta(hours=24)
LINKS_PER_HOUR = 3  # per supporter; more requests are quietly ignored
SESSION_KEY = "candle_supporter_id"
SESSION_EXPIRES_KEY = "candle_supporter_until"
SESSION_LIFETIME = timedelta(minutes=30)


def token_digest(token: str) -> str:
    """What is stored of a mailed token (access links, pending confirmations): its SHA-256."""
    return hashlib.sha256(token.encode()).hexdigest()


def access_link_create(*, supporter: Supporter, lifetime: timedelta = LINK_LIFETIME) -> str:
    """A new single-use token for this supporter (the raw token is returned, never stored)."""
    token = secrets.token_urlsafe(32)
    AccessLink.objects.create(
        supporter=supporter, token_hash=token_digest(token), expires_at=timezone.now() + lifetime
    )
    return token


def token_url(view_name: str, *, token: str, language: str) -> str:
    """The absolute address, in ``language``, of a view that takes a mailed token."""
    with translation.override(language):
        path = reverse(view_name, kwargs={"token": token})
    return settings.CANDLE_BASE_URL + path


def supporter_mail_send(*, template: str, context: dict, language: str, to: str) -> None:
    """One mail to a supporter in their language: ``supporters/email/<template>_subject.txt``
    and ``<template>.txt``, rendered with ``context``."""
    with translation.override(language):
        subject = render_to_string(f"supporters/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"supporters/email/{template}.txt", context)
    send_mail(subject, body, None, [to])


def access_link_url(*, token: str, language: str) -> str:
    return token_url("supporters:access", token=token, language=language)


def access_link_send(*, email: str) -> bool:
    """E-mail a link to the supporter with this address, if there is one. The caller shows the
    same answer either way, so the form does not reveal who is a supporter. Returns whether a
    mail was sent (for tests)."""
    key = email_normalise(email)
    if not key:
        return False
    supporter = (
        Supporter.objects.filter(email_normalised=key, anonymised_at__isnull=True)
        .order_by("pk")
        .first()
    )
    if supporter is None:
        return False
    recent = AccessLink.objects.filter(
        supporter=supporter, created_at__gte=timezone.now() - timedelta(hours=1)
    )
    if recent.count() >= LINKS_PER_HOUR:
        logger.info("access link throttled supporter=%s", supporter.pk)
        return False
    token = access_link_create(supporter=supporter)
    url = access_link_url(token=token, language=supporter.preferred_language)
    supporter_id, address, language = supporter.pk, supporter.email, supporter.preferred_language

    def send() -> None:
        supporter_mail_send(
            template="access_link",
            context={"url": url, "hours": int(LINK_LIFETIME.total_seconds() // 3600)},
            language=language,
            to=address,
        )
        logger.info("access link sent supporter=%s", supporter_id)

    transaction.on_commit(send)
    return True


def access_link_redeem(*, token: str) -> Supporter | None:
    """The supporter this token opens, marking it used; ``None`` if unknown, used or expired."""
    if not token or len(token) > 100:
        return None
    with transaction.atomic():
        link = (
            AccessLink.objects.select_for_update()
            .select_related("supporter")
            .filter(
                token_hash=token_digest(token), used_at__isnull=True, expires_at__gt=timezone.now()
            )
            .first()
        )
        if link is None or link.supporter.is_anonymised:
            return None
        link.used_at = timezone.now()
        link.save(update_fields=["used_at"])
    return link.supporter


def session_open(*, request, supporter: Supporter) -> None:
    request.session.cycle_key()
    request.session[SESSION_KEY] = supporter.pk
    request.session[SESSION_EXPIRES_KEY] = (timezone.now() + SESSION_LIFETIME).timestamp()


def session_close(*, request) -> None:
    request.session.pop(SESSION_KEY, None)
    request.session.pop(SESSION_EXPIRES_KEY, None)


def session_supporter(*, request) -> Supporter | None:
    """The supporter whose page this browser opened, while the short session lasts."""
    pk = request.session.get(SESSION_KEY)
    until = request.session.get(SESSION_EXPIRES_KEY)
    if not pk or not until or until < timezone.now().timestamp():
        return None
    return Supporter.objects.filter(pk=pk, anonymised_at__isnull=True).first()
