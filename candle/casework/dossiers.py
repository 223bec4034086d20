"""Disappearance dossiers: reads and writes (the case is always reached through the checked
getter first: a dossier is only ever the dossier of a case the user may see).

The Working Group transmits a case only with its minimum elements: the person's identity, the
date of disappearance (at least month and year), the place (at least country and region), the
forces believed responsible, the steps taken by the family, and the submitting source with the
family's consent. ``dossier_missing`` lists what is still missing, in that order.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from candle.audit.rows import rows_update

from .access import cases_visible_to
from .models import Case, Dossier, DossierEvent, DossierReminder, FamilyConsent

# The minimum elements, in the questionnaire's order: (code, what the caseworker reads).
MINIMUM_ELEMENTS = (
    ("identity", gettext_lazy("The person's name (family and given name)")),
    ("date", gettext_lazy("The date of disappearance: at least month and year")),
    ("place", gettext_lazy("The place: at least country and region")),
    ("forces", gettext_lazy("The forces believed responsible")),
    ("steps", gettext_lazy("The steps taken by the family")),
    ("source", gettext_lazy("The submitting source: name and relationship")),
    ("consent", gettext_lazy("The family's consent to the submission")),
)


def dossier_missing(dossier: Dossier) -> list[tuple[str, str]]:
    """The minimum elements the dossier still lacks, in the questionnaire's order."""
    case = dossier.case
    present = {
        "identity": bool(dossier.family_name.strip() and dossier.given_name.strip())
        or bool(dossier.name_ko.strip()),
        "date": dossier.disappeared_year is not None and dossier.disappeared_month is not None,
        "place": bool(case.country and case.region),
        "forces": bool(dossier.forces_responsible.strip()),
        "steps": bool(dossier.family_steps.strip()),
        "source": bool(dossier.source_name.strip() and dossier.source_relationship.strip()),
        "consent": any(
            c.in_force and c.purpose == FamilyConsent.Purpose.SUBMISSION
            for c in dossier.consents.all()
        ),
    }
    return [(code, str(label)) for code, label in MINIMUM_ELEMENTS if not present[code]]


def dossier_submitted_on(dossier: Dossier) -> dt.date | None:
    for event in dossier.events.all():
        if event.kind == DossierEvent.Kind.SUBMITTED:
            return event.on
    return None


def dossier_for_case(case: Case) -> Dossier | None:
    if case.kind != Case.Kind.DISAPPEARANCE:
        return None
    try:
        return case.dossier
    except Dossier.DoesNotExist:
        return None


@transaction.atomic
def dossier_open(*, case: Case) -> Dossier:
    """The case's dossier, made empty the first time (disappearance cases only)."""
    if case.kind != Case.Kind.DISAPPEARANCE:
        raise ValidationError(_("Only a disappearance case has a dossier."))
    dossier, _created = Dossier.objects.get_or_create(case=case)
    return dossier


@transaction.atomic
def dossier_save(*, dossier: Dossier, case_fields: dict, fields: dict) -> Dossier:
    """Save the dossier's fields and the case's place (its exact place only with a reason)."""
    case = dossier.case
    for name, value in case_fields.items():
        setattr(case, name, value)
    case.full_clean()
    case.save()
    for name, value in fields.items():
        setattr(dossier, name, value)
    dossier.full_clean()
    dossier.save()
    return dossier


@transaction.atomic
def dossier_event_add(
    *, dossier: Dossier, by, kind: str, on: dt.date, note: str = ""
) -> DossierEvent:
    event = DossierEvent(dossier=dossier, kind=kind, on=on, note=note.strip(), recorded_by=by)
    event.full_clean()
    event.save()
    if kind == DossierEvent.Kind.CLOSED and dossier.case.status != Case.Status.CLOSED:
        rows_update(
            Case.objects.filter(pk=dossier.case_id),
            {"status": Case.Status.CLOSED, "closed_on": on},
            detail="dossier closed",
        )
    return event


@transaction.atomic
def reminder_add(*, dossier: Dossier, by, due_on: dt.date, what: str) -> DossierReminder:
    what = what.strip()
    if not what:
        raise ValidationError({"what": _("Say what is to be done.")})
    return DossierReminder.objects.create(dossier=dossier, due_on=due_on, what=what, created_by=by)


@transaction.atomic
def reminder_done(*, reminder: DossierReminder) -> DossierReminder:
    """Mark it done; a second time changes nothing."""
    updated = DossierReminder.objects.filter(pk=reminder.pk, done_at__isnull=True).update(
        done_at=timezone.now()
    )
    if updated:
        reminder.refresh_from_db()
    return reminder


@transaction.atomic
def consent_record(
    *, dossier: Dossier, by, given_by: str, purpose: str, given_on: dt.date
) -> FamilyConsent:
    consent = FamilyConsent(
        dossier=dossier,
        given_by=given_by.strip(),
        purpose=purpose,
        given_on=given_on,
        recorded_by=by,
    )
    consent.full_clean()
    consent.save()
    return consent


@transaction.atomic
def consent_withdraw(*, consent: FamilyConsent, on: dt.date) -> FamilyConsent:
    """Record the withdrawal; the consent row stays (when it was in force is evidence)."""
    updated = rows_update(
        FamilyConsent.objects.filter(pk=consent.pk, withdrawn_on__isnull=True),
        {"withdrawn_on": on},
    )
    if updated:
        consent.refresh_from_db()
    return consent


# --- reads through the user's visible cases ------------------------------------------------


def reminders_open_for(user) -> QuerySet[DossierReminder]:
    """Open follow-ups of the cases the user may see, soonest first (the dashboard's list)."""
    return (
        DossierReminder.objects.filter(
            done_at__isnull=True, dossier__case__in=cases_visible_to(user)
        )
        .select_related("dossier__case")
        .order_by("due_on", "id")
    )


def reminder_get(user, *, pk: int) -> DossierReminder:
    from django.http import Http404

    from .access import NOT_FOUND

    try:
        return DossierReminder.objects.select_related("dossier__case").get(
            pk=pk, dossier__case__in=cases_visible_to(user)
        )
    except (DossierReminder.DoesNotExist, ValueError, TypeError):
        raise Http404(NOT_FOUND) from None


def consent_get(user, *, pk: int) -> FamilyConsent:
    from django.http import Http404

    from .access import NOT_FOUND

    try:
        return FamilyConsent.objects.select_related("dossier__case").get(
            pk=pk, dossier__case__in=cases_visible_to(user)
        )
    except (FamilyConsent.DoesNotExist, ValueError, TypeError):
        raise Http404(NOT_FOUND) from None
