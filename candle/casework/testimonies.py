"""Testimonies: the checked getters and the writes the admin screens call.

A testimony, and every event, act, victim, source and intervention in it, is reached through its
case (``case_get``): a record of a case the user may not see, of a case that is not a testimony,
or that does not exist, is the same ``Http404`` as a missing case.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count, Model, QuerySet
from django.http import Http404

from .access import NOT_FOUND, case_get, cases_visible_to
from .models import Act, Case, Event, Intervention, Source, Testimony, Victim

# The parts of a testimony edited on their own screens, by the name their URLs use.
PARTS: dict[str, type[Model]] = {
    "event": Event,
    "act": Act,
    "victim": Victim,
    "source": Source,
    "intervention": Intervention,
}


def testimony_case_get(user, *, case_number: str) -> Case:
    """A case of kind testimony the user may see, or the one 404."""
    case = case_get(user, case_number=case_number)
    if case.kind != Case.Kind.TESTIMONY:
        raise Http404(NOT_FOUND)
    return case


def testimony_get(user, *, case_number: str) -> Testimony:
    """The case's testimony (the one 404 when it has none yet, like any record not there)."""
    case = testimony_case_get(user, case_number=case_number)
    try:
        return Testimony.objects.select_related("case", "interviewer").get(case=case)
    except Testimony.DoesNotExist:
        raise Http404(NOT_FOUND) from None


def testimony_part_get(*, testimony: Testimony, part: str, pk: int) -> Model:
    """One event, act, victim, source or intervention of this testimony, or the one 404."""
    model = PARTS.get(part)
    if model is None:
        raise Http404(NOT_FOUND)
    owner = {"event__testimony": testimony} if model is Act else {"testimony": testimony}
    try:
        return model.objects.get(pk=pk, **owner)
    except (model.DoesNotExist, ValueError, TypeError):
        raise Http404(NOT_FOUND) from None


def testimony_cases_visible_to(user) -> QuerySet[Case]:
    """Testimony cases the user may see, with their testimony and how much it holds."""
    return (
        cases_visible_to(user)
        .filter(kind=Case.Kind.TESTIMONY)
        .select_related("testimony")
        .annotate(
            event_count=Count("testimony__events", distinct=True),
            victim_count=Count("testimony__victims", distinct=True),
        )
        .order_by("-opened_on", "-id")
    )


def testimony_detail(testimony: Testimony) -> dict:
    """Everything the testimony panel shows, read in a fixed number of queries."""
    events = list(
        testimony.events.select_related("detention_place").prefetch_related(
            "acts__violation_type", "acts__victim", "acts__perpetrators"
        )
    )
    return {
        "events": events,
        "victims": list(testimony.victims.all()),
        "sources": list(testimony.sources.prefetch_related("events")),
        "interventions": list(testimony.interventions.all()),
        "documents": list(testimony.case.documents.all()),
    }


@transaction.atomic
def testimony_part_save(*, form, testimony: Testimony) -> Model:
    """Save a validated part form (its instance already tied to this testimony)."""
    instance = form.save(commit=False)
    if isinstance(instance, Act):
        if instance.event.testimony_id != testimony.pk:
            raise Http404(NOT_FOUND)
    else:
        instance.testimony = testimony
    instance.save()
    form.save_m2m()
    return instance


@transaction.atomic
def testimony_save(*, form, case: Case) -> Testimony:
    """Create or change the case's testimony from a validated form."""
    testimony = form.save(commit=False)
    testimony.case = case
    testimony.save()
    return testimony
