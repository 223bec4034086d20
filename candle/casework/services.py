"""Writes on cases: opening one, granting and withdrawing access, notes and documents.

Keyword-only, each in a transaction. Creating and changing casework rows is logged by the audit
app's receivers (``record.create``/``record.change``, field names only); grants add their own
``case.grant`` / ``case.withdraw`` entries naming the caseworker.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from candle.audit.log import record

from .access import can_supervise
from .models import Case, CaseAccessGrant, CaseDocument, CaseNote

PREFIX = {
    Case.Kind.DISAPPEARANCE: "D",
    Case.Kind.RESCUE: "R",
    Case.Kind.TESTIMONY: "T",
}


def _next_case_number(kind: str, year: int) -> str:
    stem = f"{PREFIX[kind]}-{year}-"
    last = (
        Case.objects.select_for_update()
        .filter(case_number__startswith=stem)
        .order_by("-case_number")
        .values_list("case_number", flat=True)
        .first()
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{stem}{number:04d}"


def case_open(
    *,
    user,
    kind: str,
    pseudonym: str,
    country: str,
    region: str = "",
    summary: str = "",
    opened_on: dt.date | None = None,
    exact_location: str = "",
    exact_location_reason: str = "",
) -> Case:
    """Open a case. Its opener, unless a supervisor, is granted it at once (they wrote it)."""
    if kind not in PREFIX:
        raise ValidationError({"kind": _("Choose a kind of case.")})
    opened_on = opened_on or timezone.localdate()
    for attempt in range(5):
        try:
            with transaction.atomic():
                case = Case(
                    case_number=_next_case_number(kind, opened_on.year),
                    kind=kind,
                    pseudonym=pseudonym.strip(),
                    country=country.strip().upper(),
                    region=region.strip(),
                    summary=summary,
                    opened_on=opened_on,
                    exact_location=exact_location,
                    exact_location_reason=exact_location_reason,
                    created_by=user,
                )
                case.full_clean()
                case.save()
                if not can_supervise(user):
                    CaseAccessGrant.objects.create(
                        case=case, user=user, granted_by=user, reason=_("Opened the case")
                    )
                return case
        except IntegrityError:
            if attempt == 4:
                raise
    raise AssertionError("unreachable")


@transaction.atomic
def grant_give(*, case: Case, user, by, reason: str = "") -> CaseAccessGrant:
    """Let ``user`` see ``case``. Only supervisors grant; a second grant returns the open one."""
    if not can_supervise(by):
        raise PermissionDenied
    if not user.has_perm("casework.view_case"):
        raise ValidationError(_("Only caseworkers can be granted a case."))
    grant = CaseAccessGrant.objects.filter(case=case, user=user, withdrawn_at__isnull=True).first()
    if grant is not None:
        return grant
    grant = CaseAccessGrant.objects.create(case=case, user=user, granted_by=by, reason=reason)
    record("case.grant", actor=by, target=case, detail=f"to {user.get_username()}")
    return grant


@transaction.atomic
def grant_withdraw(*, grant: CaseAccessGrant, by, reason: str = "") -> CaseAccessGrant:
    if not can_supervise(by):
        raise PermissionDenied
    grant = CaseAccessGrant.objects.select_for_update().get(pk=grant.pk)
    if grant.withdrawn_at is None:
        grant.withdrawn_at = timezone.now()
        grant.withdrawn_by = by
        grant.save(update_fields=["withdrawn_at", "withdrawn_by"])
        detail = f"from {grant.user.get_username()}"
        record(
            "case.withdraw",
            actor=by,
            target=grant.case,
            detail=f"{detail}: {reason.strip()}" if reason.strip() else detail,
        )
    return grant


@transaction.atomic
def note_add(*, case: Case, author, body: str) -> CaseNote:
    body = body.strip()
    if not body:
        raise ValidationError({"body": _("Write the note first.")})
    return CaseNote.objects.create(case=case, author=author, body=body)


@transaction.atomic
def document_add(*, case: Case, by, title: str, upload, content_type: str) -> CaseDocument:
    """Store an uploaded file, encrypted (checked first by ``forms.DocumentForm``)."""
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Give the document a title.")})
    # The name on disk says nothing (an uploaded name can be a person's).
    extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else "bin"
    upload.name = f"{uuid.uuid4().hex}.{extension}"
    return CaseDocument.objects.create(
        case=case,
        title=title,
        file=upload,
        content_type=content_type,
        size=upload.size,
        uploaded_by=by,
    )
