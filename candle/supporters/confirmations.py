"""Confirmation by e-mailed link, before anything is attached to a person: joining (the join
form only stores a ``PendingJoin``) and a new e-mail address given on one's own page (a
``PendingEmailChange``). Views create the pending row and enqueue the mail on commit; the task
(``tasks.py``) does any lookup and sends, so the request does the same work whoever the address
belongs to. Links hold a random 256-bit token (only its SHA-256 is stored), work once and expire
after ``CONFIRM_LIFETIME``.

Logging rule: ids only.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import selectors
from .access import supporter_mail_send, token_digest, token_url
from .membership import membership_join
from .models import (
    Consent,
    Membership,
    MembershipType,
    PendingEmailChange,
    PendingJoin,
    Supporter,
)
from .normalise import email_normalise
from .services import _clean_contact, _lock_key, consent_record, supporter_get_or_create

logger = logging.getLogger(__name__)

CONFIRM_LIFETIME = timedelta(hours=24)
MAX_TOKEN = 100


def _token_claim(model, pk: int) -> str | None:
    """A new token for this pending row, unless one was already made (the task ran before)."""
    token = secrets.token_urlsafe(32)
    claimed = model.objects.filter(pk=pk, token_hash__isnull=True).update(
        token_hash=token_digest(token)
    )
    return token if claimed else None


def _hours() -> int:
    return int(CONFIRM_LIFETIME.total_seconds() // 3600)


# --- Joining ------------------------------------------------------------------------------------


def pending_join_create(
    *,
    kind: str,
    name: str,
    email: str,
    phone: str,
    membership_type: MembershipType,
    newsletter: bool,
    membership_text: str,
    newsletter_text: str,
    language: str,
    source: str = "",
) -> PendingJoin:
    """Store a join as submitted and mail a confirmation link to its address (on commit, from
    a task). Looks up nobody: the answer and the work are the same for every address.
    Raises a translated ``ValidationError`` on bad input."""
    from .tasks import pending_join_send_task

    email, name, phone = _clean_contact(email=email, name=name, phone=phone, kind=kind)
    if not email:
        raise ValidationError(_("Please enter a valid e-mail address."), code="email_invalid")
    if not membership_type.is_active:
        raise ValidationError(_("This membership type is not offered."), code="type_inactive")
    if not (membership_text or "").strip():
        raise ValidationError(_("The consent text shown must be recorded."), code="text_required")
    with transaction.atomic():
        pending = PendingJoin.objects.create(
            kind=kind,
            name=name,
            email=email,
            phone=phone,
            membership_type=membership_type,
            newsletter=bool(newsletter),
            membership_text=membership_text,
            newsletter_text=newsletter_text if newsletter else "",
            language="en" if language == "en" else "ko",
            source=(source or "")[:200],
            expires_at=timezone.now() + CONFIRM_LIFETIME,
        )
        pending_id = pending.pk
        transaction.on_commit(lambda: pending_join_send_task.enqueue(pending_join_id=pending_id))
    logger.info("pending join created id=%s", pending_id)
    return pending


def pending_join_send(*, pending_join_id: int) -> bool:
    """Mail the confirmation link of a pending join to its address (the task's work). The
    same mail whoever the address belongs to. Returns whether a mail was sent."""
    pending = PendingJoin.objects.filter(
        pk=pending_join_id, confirmed_at__isnull=True, expires_at__gt=timezone.now()
    ).first()
    if pending is None:
        return False
    token = _token_claim(PendingJoin, pending.pk)
    if token is None:
        return False
    supporter_mail_send(
        template="join_confirm",
        context={
            "url": token_url("supporters:join_confirm", token=token, language=pending.language),
            "hours": _hours(),
        },
        language=pending.language,
        to=pending.email,
    )
    logger.info("join confirmation sent pending_join=%s", pending.pk)
    return True


@dataclass(frozen=True)
class JoinConfirmed:
    supporter: Supporter
    membership: Membership
    created: bool  # False: the person was a member already; that membership is returned


def pending_join_confirm(*, token: str) -> JoinConfirmed | None:
    """Apply a pending join whose link was followed: find or create the supporter, join (the
    membership consent word for word as shown), record the newsletter consent if asked. Once
    only; ``None`` for an unknown, used or expired link. Raises ``ValidationError`` when it
    cannot be applied any more (the type is no longer offered); nothing is then recorded."""
    if not token or len(token) > MAX_TOKEN:
        return None
    with transaction.atomic():
        pending = (
            PendingJoin.objects.select_for_update()
            .select_related("membership_type")
            .filter(
                token_hash=token_digest(token),
                confirmed_at__isnull=True,
                expires_at__gt=timezone.now(),
            )
            .first()
        )
        if pending is None:
            return None
        supporter = supporter_get_or_create(
            email=pending.email,
            name=pending.name,
            phone=pending.phone,
            kind=pending.kind,
            locale=pending.language,
        )
        membership, created = membership_join(
            supporter=supporter,
            membership_type=pending.membership_type,
            consent_text=pending.membership_text,
            method=Consent.Method.WEB_FORM,
            source=pending.source,
        )
        if (
            pending.newsletter
            and pending.newsletter_text
            and not selectors.supporter_active_consents(supporter=supporter)
            .filter(purpose=Consent.Purpose.NEWSLETTER)
            .exists()
        ):
            consent_record(
                supporter=supporter,
                purpose=Consent.Purpose.NEWSLETTER,
                text=pending.newsletter_text,
                method=Consent.Method.WEB_FORM,
                source=pending.source,
            )
        pending.confirmed_at = timezone.now()
        pending.save(update_fields=["confirmed_at"])
    logger.info("join confirmed pending_join=%s supporter=%s", pending.pk, supporter.pk)
    return JoinConfirmed(supporter=supporter, membership=membership, created=created)


# --- A new e-mail address -----------------------------------------------------------------------


def _email_holder(*, email: str, supporter_id: int) -> Supporter | None:
    """Another live supporter who has this address already."""
    return (
        Supporter.objects.filter(
            email_normalised=email_normalise(email), anonymised_at__isnull=True
        )
        .exclude(pk=supporter_id)
        .order_by("pk")
        .first()
    )


def email_change_request(*, supporter: Supporter, email: str) -> PendingEmailChange | None:
    """The supporter asked, on their own page, for a new address: nothing changes yet; a link
    goes to the new address (on commit, from a task that also checks whether another supporter
    holds it). ``None`` when the address is the same as now. Raises a translated
    ``ValidationError`` for a malformed address."""
    from .tasks import email_change_send_task

    email = (email or "").strip()
    try:
        if len(email) > 254:
            raise ValidationError("too long")
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            _("Please enter a valid e-mail address."), code="email_invalid"
        ) from None
    if supporter.is_anonymised:
        raise ValidationError(_("This supporter has been anonymised."), code="anonymised")
    if email_normalise(email) == supporter.email_normalised:
        return None
    with transaction.atomic():
        change = PendingEmailChange.objects.create(
            supporter=supporter, email=email, expires_at=timezone.now() + CONFIRM_LIFETIME
        )
        change_id = change.pk
        transaction.on_commit(lambda: email_change_send_task.enqueue(change_id=change_id))
    logger.info("e-mail change requested supporter=%s change=%s", supporter.pk, change_id)
    return change


def email_change_send(*, change_id: int) -> str:
    """The task's work: mail the confirmation link to the new address, or, when another
    supporter already holds that address, tell its holder (in their language) that someone
    tried to use it, and drop the request. The person who asked sees the same page either
    way, so the form does not reveal whose address it is. Returns ``"sent"``, ``"taken"`` or
    ``"skipped"`` (for tests and logs)."""
    change = (
        PendingEmailChange.objects.select_related("supporter")
        .filter(
            pk=change_id,
            confirmed_at__isnull=True,
            expires_at__gt=timezone.now(),
            supporter__anonymised_at__isnull=True,
        )
        .first()
    )
    if change is None:
        return "skipped"
    holder = _email_holder(email=change.email, supporter_id=change.supporter_id)
    if holder is not None:
        address = change.email
        change.delete()
        supporter_mail_send(
            template="email_change_taken",
            context={"url": _access_request_url(holder.preferred_language)},
            language=holder.preferred_language,
            to=address,
        )
        logger.info("e-mail change refused (address held) change=%s", change_id)
        return "taken"
    token = _token_claim(PendingEmailChange, change.pk)
    if token is None:
        return "skipped"
    language = change.supporter.preferred_language
    supporter_mail_send(
        template="email_change_confirm",
        context={
            "url": token_url("supporters:email_confirm", token=token, language=language),
            "hours": _hours(),
        },
        language=language,
        to=change.email,
    )
    logger.info("e-mail change confirmation sent change=%s", change_id)
    return "sent"


def _access_request_url(language: str) -> str:
    with translation.override(language):
        return settings.CANDLE_BASE_URL + reverse("supporters:access_request")


def email_change_confirm(*, token: str) -> Supporter | None:
    """Apply a new address whose link was followed; the supporter's other pending changes are
    dropped. Once only; ``None`` for an unknown, used or expired link. Raises a translated
    ``ValidationError`` if another supporter has taken the address meanwhile (the person
    following the link holds that address, so saying so reveals nothing to anyone else)."""
    from .tasks import email_changed_notify_task

    if not token or len(token) > MAX_TOKEN:
        return None
    with transaction.atomic():
        change = (
            PendingEmailChange.objects.select_for_update()
            .filter(
                token_hash=token_digest(token),
                confirmed_at__isnull=True,
                expires_at__gt=timezone.now(),
            )
            .first()
        )
        if change is None:
            return None
        _lock_key(email_normalise(change.email))
        supporter = Supporter.objects.select_for_update().get(pk=change.supporter_id)
        if supporter.is_anonymised:
            return None
        if _email_holder(email=change.email, supporter_id=supporter.pk) is not None:
            raise ValidationError(
                _(
                    "This address now belongs to another of our supporter records, so it was "
                    "not changed. Please write to us and we will merge the records."
                ),
                code="email_taken",
            )
        old_address = supporter.email
        supporter.email = change.email
        supporter.save(update_fields=["email", "updated_at"])
        change.confirmed_at = timezone.now()
        change.save(update_fields=["confirmed_at"])
        PendingEmailChange.objects.filter(supporter=supporter, confirmed_at__isnull=True).delete()
        if old_address:  # the old address hears of it, in case it was not its owner's doing
            change_id = change.pk
            transaction.on_commit(
                lambda: email_changed_notify_task.enqueue(change_id=change_id, old=old_address)
            )
    logger.info("e-mail changed supporter=%s change=%s", supporter.pk, change.pk)
    return supporter


def email_changed_notify(*, change_id: int, old: str) -> bool:
    """Tell the old address that the supporter's address was changed (the task's work)."""
    change = (
        PendingEmailChange.objects.select_related("supporter")
        .filter(pk=change_id, confirmed_at__isnull=False, supporter__anonymised_at__isnull=True)
        .first()
    )
    if change is None or not old:
        return False
    language = change.supporter.preferred_language
    supporter_mail_send(
        template="email_changed",
        context={"new": change.email, "url": _access_request_url(language)},
        language=language,
        to=old,
    )
    logger.info("e-mail change notified to the old address change=%s", change_id)
    return True
