"""Reads on rescue cases: the cases a user may see, one case's rescue panel, the checked
getters for its rows, and a campaign's spending report (numbers and stages only).

Rows are reached through ``cases_visible_to``: a caseworker without a grant gets the same 404
for a hidden case's stage, relief or cost as for one that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch, QuerySet, Sum
from django.http import Http404

from .access import NOT_FOUND, case_get, cases_visible_to
from .models import Case, ReliefGiven, RescueCost, RescueStage
from .models.figures import MIN_CELL
from .models.rescue import STAGE_ORDER, ReliefKind, Stage


def rescue_cases_visible_to(user) -> QuerySet[Case]:
    """The rescue cases ``user`` may see, each with its stages (two queries in all)."""
    return (
        cases_visible_to(user)
        .filter(kind=Case.Kind.RESCUE)
        .prefetch_related(
            Prefetch("rescue_stages", queryset=RescueStage.objects.order_by("reached_on", "id"))
        )
    )


def rescue_case_get(user, *, pk: int) -> Case:
    """A rescue case ``user`` may see, or the one 404 (also for a case of another kind)."""
    case = case_get(user, pk=pk)
    if case.kind != Case.Kind.RESCUE:
        raise Http404(NOT_FOUND)
    return case


def _row_get(model, user, *, case: Case, pk) -> object:
    try:
        return model.objects.get(pk=pk, case=case, case__in=cases_visible_to(user))
    except (model.DoesNotExist, ValueError, TypeError):
        raise Http404(NOT_FOUND) from None


def relief_get(user, *, case: Case, pk) -> ReliefGiven:
    return _row_get(ReliefGiven, user, case=case, pk=pk)


def rescue_cost_get(user, *, case: Case, pk) -> RescueCost:
    return _row_get(RescueCost, user, case=case, pk=pk)


def stage_latest(case: Case) -> RescueStage | None:
    """The furthest stage reached (from the prefetched stages)."""
    stages = sorted(case.rescue_stages.all(), key=lambda row: STAGE_ORDER.index(row.stage))
    return stages[-1] if stages else None


@dataclass
class RescuePanel:
    stages: list[RescueStage]
    relief: list[ReliefGiven]
    costs: list[RescueCost]
    total: Decimal


def rescue_panel(case: Case) -> RescuePanel:
    """What the rescue panel of a case shows. Three queries."""
    stages = sorted(case.rescue_stages.all(), key=lambda row: STAGE_ORDER.index(row.stage))
    relief = list(case.relief.all())
    costs = list(case.rescue_costs.select_related("campaign", "receipt"))
    return RescuePanel(stages, relief, costs, sum((c.amount for c in costs), Decimal(0)))


# --- a campaign's spending ------------------------------------------------------------------


@dataclass
class StageLine:
    stage: str
    label: str
    amount: Decimal | None
    people: int | None


@dataclass
class KindLine:
    kind: str
    label: str
    amount: Decimal


@dataclass
class CampaignSpending:
    total: Decimal
    by_stage: list[StageLine] = field(default_factory=list)
    by_kind: list[KindLine] = field(default_factory=list)
    # for the public: whether anything could be shown under the cell rule
    shown: bool = True


def _campaign_costs(campaign) -> QuerySet[RescueCost]:
    from candle.giving.selectors import campaign_original

    original = campaign_original(campaign=campaign)
    return RescueCost.objects.filter(campaign__translation_key=original.translation_key)


def campaign_spending(*, campaign, public: bool = False) -> CampaignSpending:
    """How a campaign's money was spent: totals by stage and by kind of relief, and how many
    people of the cases it paid for reached each stage. Sums and counts only, never a case.

    ``public``: the cell rule of the public figures: a stage with fewer than ten people is
    left out (its money too), and kinds of relief are listed only if the campaign helped at
    least ten people in all. Four queries."""
    costs = _campaign_costs(campaign)
    by_stage = dict(
        costs.order_by()
        .values("stage")
        .annotate(amount=Sum("amount"))
        .values_list("stage", "amount")
    )
    by_kind = dict(
        costs.order_by().values("kind").annotate(amount=Sum("amount")).values_list("kind", "amount")
    )
    people = dict(
        RescueStage.objects.filter(case__in=costs.values("case"))
        .order_by()
        .values("stage")
        .annotate(people=Sum("people"))
        .values_list("stage", "people")
    )
    helped = max((int(n or 0) for n in people.values()), default=0)  # the widest stage
    total = sum(by_stage.values(), Decimal(0))
    result = CampaignSpending(total=total)
    for value, label in Stage.choices:
        amount, count = by_stage.get(value), people.get(value)
        if amount is None and not count:
            continue
        if public and (count or 0) < MIN_CELL:
            continue
        result.by_stage.append(StageLine(value, str(label), amount or Decimal(0), count or 0))
    if not public or helped >= MIN_CELL:
        result.by_kind = [
            KindLine(value, str(label), by_kind[value])
            for value, label in ReliefKind.choices
            if value in by_kind
        ]
    if public:
        result.shown = bool(result.by_stage)
        if not result.shown:
            result.by_kind = []
        result.total = total if result.shown else Decimal(0)
    return result


def campaigns_charged() -> list[dict]:
    """Every campaign some rescue cost is charged to: its id, title and total. One query."""
    rows = (
        RescueCost.objects.filter(campaign__isnull=False)
        .order_by()
        .values("campaign", "campaign__title")
        .annotate(total=Sum("amount"), costs=Count("id"))
        .order_by("campaign__title")
    )
    return [
        {
            "id": r["campaign"],
            "title": r["campaign__title"],
            "total": r["total"],
            "costs": r["costs"],
        }
        for r in rows
    ]


def campaign_costs_visible_to(user, *, campaign) -> QuerySet[RescueCost]:
    """The costs charged to ``campaign`` on cases ``user`` may see (for the CSV export)."""
    return (
        _campaign_costs(campaign)
        .filter(case__in=cases_visible_to(user))
        .select_related("case")
        .order_by("spent_on", "id")
    )
