"""Writes to supporters, consents and memberships. Other apps create people only through
``supporter_get_or_create`` and record consent only through ``consent_record``.

Logging rule: log supporter ids, never names, e-mails or phone numbers.
"""

from __future__ import annotations

import hashlib
import logging

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Consent, Supporter
from .normalise import email_normalise, phone_normalise

logger = logging.getLogger(__name__)

MAX_NAME = 200
MAX_PHONE = 40


def _locale_language(locale: str) -> str:
    return "en" if (locale or "").lower().startswith("en") else "ko"


def _clean_contact(*, email: str, name: str, phone: str, kind: str) -> tuple[str, str, str]:
    email = (email or "").strip()
    name = " ".join((name or "").split())
    phone = (phone or "").strip()
    if not name:
        raise ValidationError(_("Please enter a name."), code="name_required")
    if len(name) > MAX_NAME:
        raise ValidationError(_("The name is too long (at most 200 characters)."), code="name_too_long")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError(_("Please enter a valid e-mail address."), code="email_invalid") from None
    if phone:
        digits = phone_normalise(phone).lstrip("+")
        if len(phone) > MAX_PHONE or not (7 <= len(digits) <= 15):
            raise ValidationError(_("Please enter a valid phone number."), code="phone_invalid")
    if not email and not phone:
        raise ValidationError(_("Please give an e-mail address or a phone number."), code="contact_required")
    if kind not in Supporter.Kind.values:
        raise ValidationError(_("Unknown kind of supporter."), code="kind_invalid")
    return email, name, phone


def _lock_key(key: str) -> None:
    """Serialise concurrent get-or-creates of the same person, so two simultaneous gifts from a
    new donor make one supporter. PostgreSQL: a transaction-scoped advisory lock. SQLite runs
    write transactions one at a time already (``transaction_mode=IMMEDIATE``)."""
    if connection.vendor != "postgresql":
        return
    digest = hashlib.sha256(("supporter:" + key).encode()).digest()
    number = int.from_bytes(digest[:8], "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [number])


def supporter_get_or_create(
    *, email: str, name: str, locale: str, phone: str = "", kind: str = "person"
) -> Supporter:
    """The supporter with this e-mail (or, without an e-mail, this phone number), created if
    new. Existing records are never overwritten by what a form says, except that empty contact
    fields are filled in. Raises ``ValidationError`` (translated) on bad input."""
    email, name, phone = _clean_contact(email=email, name=name, phone=phone, kind=kind)
    email_key, phone_key = email_normalise(email), phone_normalise(phone)
    with transaction.atomic():
        _lock_key(email_key or phone_key)
        qs = Supporter.objects.select_for_update().filter(anonymised_at__isnull=True)
        if email_key:
            supporter = qs.filter(email_normalised=email_key).order_by("pk").first()
        else:
            supporter = qs.filter(phone_normalised=phone_key, email_normalised="").order_by("pk").first()
        if supporter is None:
            supporter = Supporter.objects.create(
                kind=kind, name=name, email=email, phone=phone,
                preferred_language=_locale_language(locale),
            )
            logger.info("supporter created id=%s", supporter.pk)
            return supporter
        changed = []
        if phone and not supporter.phone:
            supporter.phone = phone
            changed.append("phone")
        if changed:
            supporter.save(update_fields=[*changed, "updated_at"])
        return supporter


def consent_record(*, supporter: Supporter, purpose: str, text: str, method: str, source: str = "") -> Consent:
    """Record one consent exactly as given. ``text`` is the wording the person saw, stored as is."""
    if purpose not in Consent.Purpose.values:
        raise ValidationError(_("Unknown consent purpose."), code="purpose_invalid")
    if method not in Consent.Method.values:
        raise ValidationError(_("Unknown consent method."), code="method_invalid")
    if not (text or "").strip():
        raise ValidationError(_("The consent text shown must be recorded."), code="text_required")
    if supporter.is_anonymised:
        raise ValidationError(_("This supporter has been anonymised."), code="anonymised")
    return Consent.objects.create(
        supporter=supporter, purpose=purpose, required=purpose in Consent.REQUIRED_PURPOSES,
        text=text, language=supporter.preferred_language, method=method, source=(source or "")[:200],
    )


def consent_withdraw(*, consent: Consent) -> Consent:
    """Withdraw a consent (idempotent: a second withdrawal keeps the first time)."""
    with transaction.atomic():
        consent = Consent.objects.select_for_update().get(pk=consent.pk)
        if consent.withdrawn_at is None:
            consent.withdrawn_at = timezone.now()
            consent.save(update_fields=["withdrawn_at"])
    return consent


def consent_withdraw_purpose(*, supporter: Supporter, purpose: str) -> int:
    """Withdraw every active consent of one purpose; returns how many were withdrawn."""
    return Consent.objects.filter(supporter=supporter, purpose=purpose, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now()
    )
