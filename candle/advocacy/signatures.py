"""Signing an appeal: the services behind the sign form, the mailed link and forget-me.

A signature is kept as typed on its own row; nothing is attached to a supporter until the
e-mailed link is followed (then ``supporter_get_or_create`` finds or creates the person, never
changing a found record, and the optional newsletter consent goes to the consent ledger word
for word). On a single opt-in appeal the signature counts at once; the link still links it to
the person and records the newsletter consent. One signature per normalised e-mail address per
appeal, whichever language it was signed in (a unique constraint; a second try changes nothing).

Logging rule: ids only.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from candle.supporters.models import Consent
from candle.supporters.normalise import email_normalise
from candle.supporters.services import consent_record, supporter_get_or_create

from .countries import CODES
from .models import AppealPage, Signature
from .sign_store import signature_store
from .signable import SignableAppeal

logger = logging.getLogger(__name__)

LINK_LIFETIME = timedelta(days=7)
MAX_TOKEN = 100
NAME_MAX = 200
COMMENT_MAX = 1000
_KEEP_FORMAT = {"\u200c", "\u200d"}  # zero-width (non-)joiners: needed in some scripts


def text_clean(value: str, *, multiline: bool = False) -> str:
    """Control and format characters dropped (Unicode Cc/Cf, but the zero-width joiners and,
    in a comment, line breaks), NFC-normalised, trimmed."""
    kept = []
    for char in unicodedata.normalize("NFC", value or ""):
        if multiline and char == "\n":
            kept.append(char)
        elif unicodedata.category(char) in {"Cc", "Cf", "Cs", "Co"} and char not in _KEEP_FORMAT:
            continue
        else:
            kept.append(char)
    return "".join(kept).strip()


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class SignResult:
    signature: Signature
    created: bool  # False: this address had signed this appeal already; nothing changed


def signature_create(
    *,
    appeal: AppealPage | SignableAppeal,
    name: str,
    email: str,
    country: str,
    comment: str,
    language: str,
    consent_text: str,
    newsletter: bool,
    newsletter_text: str,
) -> SignResult:
    """Record one signature as typed, with its audit entry and the task that mails its link
    (``sign_store``: in the same transaction with the database task backend, on commit with
    the immediate one). A second signature by the same address (in any language of the
    appeal) changes nothing and says so. Raises a translated ``ValidationError`` on bad input
    or a closed appeal."""
    name = text_clean(name)
    comment = text_clean(comment, multiline=True)
    email = (email or "").strip()
    key = email_normalise(email)
    if not name or len(name) > NAME_MAX:
        raise ValidationError(_("Please enter your name."), code="name_invalid")
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            _("Please enter a valid e-mail address."), code="email_invalid"
        ) from None
    if len(email) > 254:  # noqa: PLR2004 - RFC 5321
        raise ValidationError(_("Please enter a valid e-mail address."), code="email_invalid")
    if country not in CODES:
        raise ValidationError(_("Please choose a country from the list."), code="country_invalid")
    if len(comment) > COMMENT_MAX:
        raise ValidationError(_("The comment is too long."), code="comment_invalid")
    if not (consent_text or "").strip():
        raise ValidationError(_("The consent text shown must be recorded."), code="text_required")
    if not appeal.is_open:
        raise ValidationError(_("This appeal no longer takes signatures."), code="closed")
    # No look before the insert: the unique constraint on (appeal_key, email_normalised)
    # answers a second try (a query saved on every new signature, the common case in a surge).
    # The row, its audit entry and its link mail's task are written together (``sign_store``).
    signature = Signature(
        appeal_id=appeal.pk,
        appeal_key=appeal.translation_key,
        name=name,
        email=email,
        email_normalised=key,
        country=country,
        comment=comment,
        language="en" if language == "en" else "ko",
        consent_text=consent_text,
        newsletter=bool(newsletter),
        newsletter_text=newsletter_text if newsletter else "",
        counted=appeal.opt_in == AppealPage.OptIn.SINGLE,
    )
    try:
        signature_id = signature_store(signature)
    except IntegrityError:  # this address signed already (or is signing at the same moment)
        existing = Signature.objects.filter(
            appeal_key=appeal.translation_key, email_normalised=key
        ).first()
        if existing is None:
            raise
        return SignResult(signature=existing, created=False)
    logger.info("signature created id=%s", signature_id)
    return SignResult(signature=signature, created=True)


def _link_url(*, token: str, language: str) -> str:
    with translation.override(language):
        path = reverse("advocacy:signature_confirm", kwargs={"token": token})
    return settings.CANDLE_BASE_URL + path


def signature_link_send(*, signature_id: int) -> bool:
    """Mail the confirmation link of a signature (the task's work), once: the row is claimed
    by setting its token, so a second run of the task sends nothing. Returns whether a mail
    was sent."""
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    claimed = Signature.objects.filter(
        pk=signature_id, token_hash__isnull=True, forgotten_at__isnull=True
    ).update(token_hash=token_digest(token), mailed_at=now)
    if not claimed:
        return False
    signature = Signature.objects.select_related("appeal").get(pk=signature_id)
    context = {
        "url": _link_url(token=token, language=signature.language),
        "name": signature.name,
        "appeal": signature.appeal.title if signature.appeal else "",
        "counted": signature.counted,
        "days": LINK_LIFETIME.days,
    }
    with translation.override(signature.language):
        subject = render_to_string("advocacy/email/sign_confirm_subject.txt", context).strip()
        body = render_to_string("advocacy/email/sign_confirm.txt", context)
    send_mail(subject, body, None, [signature.email])
    logger.info("signature link sent id=%s", signature_id)
    return True


@dataclass(frozen=True)
class ConfirmResult:
    signature: Signature
    counted: bool  # counts now (or already did)
    already: bool  # the link had been followed before: nothing changed


def signature_confirm(*, token: str) -> ConfirmResult | None:
    """The mailed link was followed: link the signature to the person (found or created,
    never changed), record the newsletter consent if it was asked for, and count the
    signature if the appeal still takes signatures. ``None`` for an unknown or expired link.
    Following it again changes nothing."""
    if not token or len(token) > MAX_TOKEN:
        return None
    with transaction.atomic():
        signature = (
            Signature.objects.select_for_update()
            .filter(token_hash=token_digest(token), forgotten_at__isnull=True)
            .first()
        )
        if signature is None:
            return None
        if signature.confirmed_at is not None:
            return ConfirmResult(signature=signature, counted=signature.counted, already=True)
        if signature.mailed_at and signature.mailed_at + LINK_LIFETIME < timezone.now():
            return None
        supporter = supporter_get_or_create(
            email=signature.email, name=signature.name, locale=signature.language
        )
        if signature.newsletter and signature.newsletter_text and not supporter.is_anonymised:
            consent_record(
                supporter=supporter,
                purpose=Consent.Purpose.NEWSLETTER,
                text=signature.newsletter_text,
                method=Consent.Method.WEB_FORM,
                source=f"advocacy.signature:{signature.pk}",
            )
        appeal = (
            AppealPage.objects.filter(pk=signature.appeal_id).first()
            if signature.appeal_id
            else None
        )
        signature.supporter = supporter
        signature.confirmed_at = timezone.now()
        if not signature.counted and appeal is not None and appeal.is_open:
            signature.counted = True
        signature.save(update_fields=["supporter", "confirmed_at", "counted"])
    logger.info("signature confirmed id=%s", signature.pk)
    return ConfirmResult(signature=signature, counted=signature.counted, already=False)


def signatures_forget(*, supporter) -> int:
    """Forget-me (``supporters.registry.forget_hook``): blank the names, addresses and
    comments of this person's signatures. The rows stay, counted as they were, with their
    country (so the appeal's count and its counts by country keep them); later delivery packs
    leave them out of the list of names."""
    from django.db.models import Q

    match = Q(supporter=supporter)
    if supporter.email_normalised:
        match |= Q(email_normalised=supporter.email_normalised)
    forgotten = Signature.objects.filter(match, forgotten_at__isnull=True).update(
        name="",
        email="",
        email_normalised="",
        comment="",
        token_hash=None,
        forgotten_at=timezone.now(),
    )
    if forgotten:
        from candle.audit.log import record

        record(
            "record.change",
            fields=["name", "email", "comment"],
            count=forgotten,
            detail="advocacy.signature forgotten",
        )
    return forgotten
