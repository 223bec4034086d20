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

from candle.audit.rows import rows_update

from .models import Consent, Supporter, SupporterMerge
from .normalise import email_normalise, phone_normalise

logger = logging.getLogger(__name__)

MAX_NAME = 200
MAX_PHONE = 40


def _locale_language(locale: str) -> str:
    return "en" if (locale or "").lower().startswith("en") else "ko"


def _clean_contact(*, email: str, name: str, phone: str, kind: str) -> tuple[str, str, str]:
    """Contact details as typed, made safe to keep: control and format characters (Unicode
    Cc/Cf: escape sequences, bells, NULs, bidi overrides, which break spreadsheets, terminals
    and PostgreSQL) are dropped, except the zero-width joiners some scripts and emoji need;
    runs of whitespace in a name become one space. Letters of every script stay as they are."""
    import unicodedata

    def visible(text: str) -> str:
        return "".join(
            ch
            for ch in text
            if ch in "\t\n\r\u200c\u200d" or unicodedata.category(ch) not in ("Cc", "Cf", "Cs")
        )

    email = (email or "").strip()
    name = " ".join(visible(name or "").split())
    phone = " ".join(visible(phone or "").split())
    if not name:
        raise ValidationError(_("Please enter a name."), code="name_required")
    if len(name) > MAX_NAME:
        raise ValidationError(
            _("The name is too long (at most 200 characters)."), code="name_too_long"
        )
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError(
                _("Please enter a valid e-mail address."), code="email_invalid"
            ) from None
    if phone:
        digits = phone_normalise(phone).lstrip("+")
        if len(phone) > MAX_PHONE or not (7 <= len(digits) <= 15):
            raise ValidationError(_("Please enter a valid phone number."), code="phone_invalid")
    if not email and not phone:
        raise ValidationError(
            _("Please give an e-mail address or a phone number."), code="contact_required"
        )
    if kind not in Supporter.Kind.values:
        raise ValidationError(_("Unknown kind of supporter."), code="kind_invalid")
    return email, name, phone


def _lock_key(key: str) -> None:
    """Serialise concurrent get-or-creates of the same person, so two simultaneous gifts from a
    new donor make one supporter. PostgreSQL: a transaction-scoped advisory lock. SQLite runs
    write transactions one at a time already (``transaction_mode=IMMEDIATE``)."""
    if connection.vendor != "postgresql":
        return
    # The audit chain's lock first, as every lock taken before audited writes: a transaction
    # holding the chain (an event's registration, a logged payment) may come here next.
    from candle.audit.chain import chain_lock

    chain_lock()
    digest = hashlib.sha256(("supporter:" + key).encode()).digest()
    number = int.from_bytes(digest[:8], "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [number])


def supporter_get_or_create(
    *, email: str, name: str, locale: str, phone: str = "", kind: str = "person"
) -> Supporter:
    """The supporter with this e-mail (or, without an e-mail, this phone number), created if
    new. An existing record is never changed by what a form says, not even an empty field
    filled in: the forms calling this are anonymous, and whoever types someone's e-mail address
    must not write to that person's record (callers keep what was given on their own row, e.g.
    giving's ``Payment.given_phone``). The returned instance's ``just_created`` says whether
    this call created it. Raises ``ValidationError`` (translated) on bad input."""
    email, name, phone = _clean_contact(email=email, name=name, phone=phone, kind=kind)
    email_key, phone_key = email_normalise(email), phone_normalise(phone)
    with transaction.atomic():
        _lock_key(email_key or phone_key)
        qs = Supporter.objects.select_for_update().filter(anonymised_at__isnull=True)
        if email_key:
            supporter = qs.filter(email_normalised=email_key).order_by("pk").first()
        else:
            supporter = (
                qs.filter(phone_normalised=phone_key, email_normalised="").order_by("pk").first()
            )
        if supporter is None:
            supporter = Supporter.objects.create(
                kind=kind,
                name=name,
                email=email,
                phone=phone,
                preferred_language=_locale_language(locale),
            )
            logger.info("supporter created id=%s", supporter.pk)
            supporter.just_created = True
            return supporter
        supporter.just_created = False
        return supporter


def consent_record(
    *, supporter: Supporter, purpose: str, text: str, method: str, source: str = ""
) -> Consent:
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
        supporter=supporter,
        purpose=purpose,
        required=purpose in Consent.REQUIRED_PURPOSES,
        text=text,
        language=supporter.preferred_language,
        method=method,
        source=(source or "")[:200],
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
    return rows_update(
        Consent.objects.filter(supporter=supporter, purpose=purpose, withdrawn_at__isnull=True),
        {"withdrawn_at": timezone.now()},
    )


# --- Details --------------------------------------------------------------------------------


def supporter_update_details(
    *,
    supporter: Supporter,
    name: str,
    phone: str = "",
    preferred_language: str = "ko",
    postal_code: str = "",
    address: str = "",
) -> Supporter:
    """A supporter's own change of details from their page: name, phone, language and postal
    address, applied at once. Not the e-mail address: a new one is confirmed by a link sent to
    it first (``confirmations.email_change_request``); staff change it in the admin, where the
    form refuses an address another supporter holds (``Supporter.clean``)."""
    _, name, phone = _clean_contact(
        email=supporter.email, name=name, phone=phone, kind=supporter.kind
    )
    if preferred_language not in Supporter.Language.values:
        raise ValidationError(_("Unknown language."), code="language_invalid")
    if len(postal_code or "") > 12 or len(address or "") > 300:
        raise ValidationError(_("The address is too long."), code="address_too_long")
    if supporter.is_anonymised:
        raise ValidationError(_("This supporter has been anonymised."), code="anonymised")
    supporter.name, supporter.phone = name, phone
    supporter.preferred_language = preferred_language
    supporter.postal_code, supporter.address = (postal_code or "").strip(), (address or "").strip()
    supporter.save(
        update_fields=[
            "name",
            "phone",
            "preferred_language",
            "postal_code",
            "address",
            "updated_at",
        ]
    )
    logger.info("supporter details updated id=%s", supporter.pk)
    return supporter


# --- Duplicates and merging --------------------------------------------------------------------

_FILL_IF_EMPTY = ("email", "phone", "postal_code", "address")
_SNAPSHOT_FIELDS = (
    "kind",
    "name",
    "email",
    "phone",
    "postal_code",
    "address",
    "preferred_language",
    "notes",
    "created_at",
)


def _snapshot(supporter: Supporter) -> dict:
    data = {name: getattr(supporter, name) for name in _SNAPSHOT_FIELDS}
    data["created_at"] = supporter.created_at.isoformat()
    data["tags"] = sorted(supporter.tags.names())
    return data


def supporter_merge(*, kept: Supporter, duplicate: Supporter, user=None) -> SupporterMerge:
    """Fold ``duplicate`` into ``kept``: every row of every app that points at the duplicate is
    re-pointed (found by introspection, so new models are covered without registering), tags are
    united, empty contact fields of ``kept`` are filled, differing values are kept in the merge
    record, and the duplicate row is deleted. Nothing else is lost."""
    from . import registry
    from .models import Membership, SupporterMerge, SupporterTag

    if kept.pk == duplicate.pk:
        raise ValidationError(_("A supporter cannot be merged with itself."), code="merge_self")
    with transaction.atomic():
        locked = {
            s.pk: s
            for s in Supporter.objects.select_for_update().filter(pk__in=[kept.pk, duplicate.pk])
        }
        if len(locked) != 2:
            raise ValidationError(
                _("One of these supporters no longer exists."), code="merge_missing"
            )
        kept, duplicate = locked[kept.pk], locked[duplicate.pk]
        if kept.is_anonymised or duplicate.is_anonymised:
            raise ValidationError(
                _("Anonymised supporters cannot be merged."), code="merge_anonymised"
            )
        snapshot = _snapshot(duplicate)

        for hook in registry.merge_hooks():
            hook(kept=kept, duplicate=duplicate)

        # Only one current membership per person: the one that runs longer stays current.
        current = list(
            Membership.objects.filter(
                supporter__in=[kept, duplicate], status__in=Membership.CURRENT
            )
        )
        if len(current) > 1:
            current.sort(
                key=lambda m: (
                    m.status == Membership.Status.ACTIVE,
                    m.renews_on or timezone.localdate(),
                )
            )
            for membership in current[:-1]:
                membership.status = Membership.Status.CANCELLED
                membership.ended_on = timezone.localdate()
                membership.save(update_fields=["status", "ended_on", "updated_at"])
        # Tags both have would be doubled by re-pointing.
        SupporterTag.objects.filter(
            content_object=duplicate,
            tag_id__in=SupporterTag.objects.filter(content_object=kept).values("tag_id"),
        ).delete()

        moved: dict[str, int] = {}
        for relation in Supporter._meta.related_objects:
            model = relation.related_model
            label = model._meta.label
            if relation.many_to_many:
                through = (
                    relation.through
                    if hasattr(relation, "through")
                    else relation.field.remote_field.through
                )
                fk = next(
                    f.name
                    for f in through._meta.fields
                    if f.is_relation and f.related_model is Supporter
                )
                count = rows_update(
                    through._base_manager.filter(**{fk: duplicate}), {fk: kept}, detail="merge"
                )
            else:
                name = relation.field.name
                count = rows_update(
                    model._base_manager.filter(**{name: duplicate}), {name: kept}, detail="merge"
                )
            if count:
                moved[label] = moved.get(label, 0) + count

        notes = []
        for field in _FILL_IF_EMPTY:
            theirs = getattr(duplicate, field)
            if theirs and not getattr(kept, field):
                setattr(kept, field, theirs)
            elif theirs and theirs != getattr(kept, field):
                notes.append(f"{field}: {theirs}")
        if duplicate.notes:
            notes.append(duplicate.notes)
        if notes:
            header = f"[merged #{duplicate.pk} {timezone.localdate():%Y-%m-%d}]"
            kept.notes = "\n".join(filter(None, [kept.notes, header, *notes]))
        kept.created_at = min(kept.created_at, duplicate.created_at)
        kept.save()
        record = SupporterMerge.objects.create(
            kept=kept,
            merged_supporter_id=duplicate.pk,
            snapshot=snapshot,
            moved=moved,
            merged_by=user if getattr(user, "is_authenticated", False) else None,
        )
        duplicate.delete()
    logger.info(
        "supporter merged id=%s into id=%s moved=%s", record.merged_supporter_id, kept.pk, moved
    )
    return record


# --- Forget me ----------------------------------------------------------------------------------


def _admin_history_scrub(*, ids: list[int], label: str) -> None:
    """Wagtail's admin history stores each object's name as its label; replace it, for this
    supporter and for records merged into it."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ModelLogEntry

    content_type = ContentType.objects.get_for_model(Supporter)
    ModelLogEntry.objects.filter(
        content_type=content_type, object_id__in=[str(pk) for pk in ids]
    ).update(label=label, data={})


def supporter_anonymise(*, supporter: Supporter) -> Supporter:
    """ "Forget me": erase everything that identifies the person and keep the row, so gifts
    (amounts, dates, campaigns) stay in the books pointing at an anonymous supporter. Consent
    rows stay as the record of what was agreed (they hold our wording, not theirs) and are
    withdrawn. Other apps erase their own personal fields through ``registry.forget_hook``."""
    from . import registry
    from .models import AccessLink, Membership, PendingEmailChange, PendingJoin, SupporterMerge

    with transaction.atomic():
        supporter = Supporter.objects.select_for_update().get(pk=supporter.pk)
        if supporter.is_anonymised:
            return supporter
        if supporter.email:
            PendingJoin.objects.filter(email__iexact=supporter.email).delete()
        PendingEmailChange.objects.filter(supporter=supporter).delete()
        for hook in registry.forget_hooks():
            hook(supporter=supporter)
        now = timezone.now()
        supporter.name = f"anonymised-{supporter.pk}"
        supporter.email = supporter.phone = supporter.postal_code = supporter.address = (
            supporter.notes
        ) = ""
        supporter.anonymised_at = now
        supporter.save()
        supporter.tags.clear()
        rows_update(
            Consent.objects.filter(supporter=supporter, withdrawn_at__isnull=True),
            {"withdrawn_at": now},
            detail="forget",
        )
        rows_update(
            Membership.objects.filter(supporter=supporter, status__in=Membership.CURRENT),
            {
                "status": Membership.Status.CANCELLED,
                "ended_on": timezone.localdate(),
                "updated_at": now,
            },
            detail="forget",
        )
        AccessLink.objects.filter(supporter=supporter).delete()
        merged_ids = list(
            SupporterMerge.objects.filter(kept=supporter).values_list(
                "merged_supporter_id", flat=True
            )
        )
        rows_update(
            SupporterMerge.objects.filter(kept=supporter), {"snapshot": {}}, detail="forget"
        )
        _admin_history_scrub(ids=[supporter.pk, *merged_ids], label=supporter.name)
    logger.info("supporter anonymised id=%s", supporter.pk)
    return supporter
