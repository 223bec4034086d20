"""Writes on a rescue case: a stage reached, relief given, a cost. Keyword-only, each in a
transaction; the caller has already fetched the case through ``candle.casework.access``.

Creating and changing these rows is logged by the audit app's receivers (field names only).
A form's one-time token (``form_token``) makes a second submit of the same form return the row
the first one made, so a double click stores nothing twice.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Case, CaseDocument, ReliefGiven, RescueCost, RescueStage


def _rescue_only(case: Case) -> None:
    if case.kind != Case.Kind.RESCUE:
        raise ValidationError(_("This is not a rescue case."))


def _not_future(value: dt.date, field: str) -> None:
    if value > timezone.localdate():
        raise ValidationError({field: _("This date is in the future.")})


@transaction.atomic
def rescue_stage_set(
    *, case: Case, user, stage: str, reached_on: dt.date, people: int = 1
) -> RescueStage:
    """Record (or correct) the day the case reached ``stage``: one row per stage, so the same
    form sent twice changes nothing the second time."""
    _rescue_only(case)
    _not_future(reached_on, "reached_on")
    row = RescueStage.objects.select_for_update().filter(case=case, stage=stage).first()
    if row is None:
        row = RescueStage(case=case, stage=stage)
    row.reached_on, row.people, row.recorded_by = reached_on, people, user
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def relief_add(
    *,
    case: Case,
    user,
    kind: str,
    given_on: dt.date,
    stage: str = "",
    note: str = "",
    form_token: uuid.UUID | None = None,
) -> ReliefGiven:
    _rescue_only(case)
    _not_future(given_on, "given_on")
    if form_token is not None:
        done = ReliefGiven.objects.filter(form_token=form_token, case=case).first()
        if done is not None:
            return done
    row = ReliefGiven(
        case=case,
        kind=kind,
        given_on=given_on,
        stage=stage,
        note=note.strip(),
        form_token=form_token,
        recorded_by=user,
    )
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def relief_change(
    *, relief: ReliefGiven, kind: str, given_on: dt.date, stage: str = "", note: str = ""
) -> ReliefGiven:
    _not_future(given_on, "given_on")
    relief.kind, relief.given_on, relief.stage, relief.note = kind, given_on, stage, note.strip()
    relief.full_clean()
    relief.save()
    return relief


def _cost_fields(
    cost: RescueCost,
    *,
    amount: Decimal,
    spent_on: dt.date,
    kind: str,
    stage: str,
    detail: str,
    campaign,
    receipt: CaseDocument | None,
) -> None:
    _not_future(spent_on, "spent_on")
    if campaign is not None:
        from candle.giving.selectors import campaign_original

        campaign = campaign_original(campaign=campaign)  # one campaign in every language
    cost.amount, cost.spent_on, cost.kind, cost.stage = amount, spent_on, kind, stage
    cost.detail, cost.campaign, cost.receipt = detail.strip(), campaign, receipt
    cost.full_clean()


@transaction.atomic
def rescue_cost_add(
    *, case: Case, user, form_token: uuid.UUID | None = None, **fields
) -> RescueCost:
    """Record money spent on the case (``amount``, ``spent_on``, ``kind``, ``stage``,
    ``detail``, ``campaign``, ``receipt``)."""
    _rescue_only(case)
    if form_token is not None:
        done = RescueCost.objects.filter(form_token=form_token, case=case).first()
        if done is not None:
            return done
    cost = RescueCost(case=case, recorded_by=user, form_token=form_token)
    _cost_fields(cost, **fields)
    cost.save()
    return cost


@transaction.atomic
def rescue_cost_change(*, cost: RescueCost, **fields) -> RescueCost:
    _cost_fields(cost, **fields)
    cost.save()
    return cost
