"""The figures the public may see: derived from cases by a query, cut to cells of at least
``FigureSettings.min_cell`` (never under 10) people, counted only up to a publication delay,
and published by staff as a ``FigureSnapshot`` that the home page reads.

- *People who reached safety*: the ``people`` of every rescue case's arrival stage
  (``RescueStage``, stage arrival), per year of arrival and in total.
- *Cases submitted to the UN*: disappearance cases whose WGEID dossier has a "submitted" step.
  The dossier models belong to another part of casework; this module reads them through a narrow
  interface (``_un_submitted``): the model ``casework.DossierEvent`` with ``kind ==
  "submitted"``, its date in ``on`` and its case at ``dossier__case``. Without that model the
  figure is not published (never a zero that means "unknown").

A cell smaller than the minimum is held back, and so is the smallest shown year while the
held-back remainder (the total minus the years shown) would itself be a small number that a
reader could work out by subtraction.
"""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import ExtractYear
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from candle.audit.log import record
from candle.caching.services import page_cache_purge_all
from candle.caching.store import cached_site_wide

from .models import Case, FigureSettings, FigureSnapshot, RescueStage
from .models.figures import MIN_CELL
from .models.rescue import Stage

CACHE_NAME = "casework:figures"


def figures_cutoff(*, delay_days: int, today: dt.date | None = None) -> dt.date:
    """The last day counted: events newer than the delay are left out."""
    return (today or timezone.localdate()) - dt.timedelta(days=delay_days)


def _arrivals_by_year(*, cutoff: dt.date) -> dict[int, int]:
    rows = (
        RescueStage.objects.filter(
            stage=Stage.ARRIVAL, reached_on__lte=cutoff, case__kind=Case.Kind.RESCUE
        )
        .annotate(year=ExtractYear("reached_on"))
        .order_by()
        .values("year")
        .annotate(people=Sum("people"))
        .values_list("year", "people")
    )
    return {int(year): int(people) for year, people in rows}


def _un_submitted(*, cutoff: dt.date) -> int | None:
    """Disappearance cases with a "submitted" step on or before ``cutoff``; None when the
    dossier model is not installed."""
    try:
        event_model = apps.get_model("casework", "DossierEvent")
    except LookupError:
        return None
    return (
        event_model.objects.filter(
            kind="submitted", on__lte=cutoff, dossier__case__kind=Case.Kind.DISAPPEARANCE
        )
        .order_by()
        .values("dossier__case")
        .distinct()
        .count()
    )


def _cut(value: int | None, minimum: int) -> int | None:
    return value if value is not None and value >= minimum else None


def _years_cut(by_year: dict[int, int], total: int, minimum: int) -> dict[str, int]:
    shown = {year: people for year, people in by_year.items() if people >= minimum}
    while shown:
        remainder = total - sum(shown.values())
        if remainder == 0 or remainder >= minimum:
            break
        del shown[min(shown, key=lambda year: (shown[year], year))]
    return {str(year): shown[year] for year in sorted(shown)}


def figures_compute(*, today: dt.date | None = None, settings_row=None) -> dict:
    """What would be published now: ``as_of`` (ISO date), the counts that may be shown and
    ``None`` for each held back. Two queries (three with the settings row)."""
    settings_row = settings_row or FigureSettings.current()
    minimum = max(settings_row.min_cell, MIN_CELL)
    cutoff = figures_cutoff(delay_days=settings_row.delay_days, today=today)
    by_year = _arrivals_by_year(cutoff=cutoff)
    total = sum(by_year.values())
    return {
        "as_of": cutoff.isoformat(),
        "reached_safety": {
            "total": _cut(total, minimum),
            "by_year": _years_cut(by_year, total, minimum) if total >= minimum else {},
        },
        "un_submitted": _cut(_un_submitted(cutoff=cutoff), minimum),
        "show_on_home": settings_row.show_on_home,
    }


def figures_publish(*, user, today: dt.date | None = None) -> FigureSnapshot:
    """Record the figures as of now (the delay applied) for the public; the cached pages are
    forgotten once it commits, so the home page shows them on its next request."""
    with transaction.atomic():
        settings_row = FigureSettings.current()
        values = figures_compute(today=today, settings_row=settings_row)
        snapshot = FigureSnapshot.objects.create(
            published_by=user,
            as_of=dt.date.fromisoformat(values["as_of"]),
            delay_days=settings_row.delay_days,
            min_cell=max(settings_row.min_cell, MIN_CELL),
            values=values,
        )
        record("figures.publish", actor=user, target=snapshot, detail=f"as of {values['as_of']}")
        page_cache_purge_all()
    return snapshot


def _latest_published() -> dict | None:
    snapshot = FigureSnapshot.objects.order_by("-published_at", "-id").values("values").first()
    return snapshot["values"] if snapshot else None


def figures_published() -> dict | None:
    """The latest snapshot's values (plain data), kept in the site-wide data cache: no query
    while the cache holds it, one when it does not."""
    return cached_site_wide(CACHE_NAME, _latest_published)


def figures_for_home() -> list[dict]:
    """The published figures as the home page's impact figures (``figure``, ``label``,
    ``as_of``, like ``ImpactFigureBlock``'s value), in the active language. Empty when nothing
    is published, staff chose not to show them, or every cell was held back."""
    values = figures_published()
    if not values or not values.get("show_on_home"):
        return []
    as_of = _("as of %(date)s") % {
        "date": formats.date_format(dt.date.fromisoformat(values["as_of"]), "DATE_FORMAT")
    }
    shown = []
    safety = values.get("reached_safety") or {}
    if safety.get("total") is not None:
        shown.append(
            {
                "figure": f"{safety['total']:,}",
                "label": _("people reached safety (from our case records)"),
                "as_of": as_of,
            }
        )
    by_year = safety.get("by_year") or {}
    if by_year:
        year = max(by_year)
        shown.append(
            {
                "figure": f"{by_year[year]:,}",
                "label": _("people reached safety in %(year)s") % {"year": year},
                "as_of": as_of,
            }
        )
    if values.get("un_submitted") is not None:
        shown.append(
            {
                "figure": f"{values['un_submitted']:,}",
                "label": _("cases of enforced disappearance submitted to the UN"),
                "as_of": as_of,
            }
        )
    return shown
