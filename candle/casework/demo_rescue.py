"""Demo rescue cases: visibly fictional (pseudonyms "Example …", no names), in every stage,
with relief and costs, some charged to the demo campaign "한 생명 살리기", and enough arrivals
in past years (more than ten a year) for the public figures, which are published once.

Opened by the demo's case supervisor; the demo caseworker is granted a few. Run again, it adds
nothing (cases are found by pseudonym)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

BIRDS = ("Swallow", "Heron", "Crane", "Sparrow", "Finch", "Magpie", "Wren", "Plover")
STAGES = ("first_contact", "shelter", "transit", "arrival")


def _opener():
    users = get_user_model().objects
    return (
        users.filter(username="case-supervisor").first()
        or users.filter(is_superuser=True).order_by("pk").first()
    )


def _campaign():
    from candle.giving.models import CampaignPage

    return CampaignPage.objects.filter(slug="save-one-life").order_by("pk").first()


def _plan(today: dt.date) -> list[tuple[str, int, dt.date, int]]:
    """(pseudonym, furthest stage index, first-contact day, people)."""
    plan = []
    for index in range(13):  # arrived two years ago
        start = dt.date(today.year - 2, 1 + index % 11, 5)
        plan.append((f"Example {BIRDS[index % 8]} A{index + 1:02d}", 3, start, 1))
    for index in range(11):  # arrived last year, one family of three among them
        start = dt.date(today.year - 1, 1 + index % 8, 10)
        plan.append(
            (f"Example {BIRDS[index % 8]} B{index + 1:02d}", 3, start, 3 if index == 0 else 1)
        )
    for stage in range(3):  # still on the road: one case per earlier stage
        start = today - dt.timedelta(days=40 + 10 * stage)
        plan.append((f"Example {BIRDS[stage]} C{stage + 1:02d}", stage, start, 1))
    return plan


@transaction.atomic
def demo_load() -> list[str]:
    from .figures import figures_publish
    from .models import Case, FigureSnapshot
    from .rescue_services import relief_add, rescue_cost_add, rescue_stage_set
    from .services import case_open, grant_give

    opener = _opener()
    if opener is None:
        return ["Rescue cases: no case supervisor or superuser to open them; skipped."]
    worker = get_user_model().objects.filter(username="caseworker").first()
    campaign = _campaign()
    today = timezone.localdate()
    made = 0
    for number, (pseudonym, furthest, start, people) in enumerate(_plan(today)):
        if Case.objects.filter(kind=Case.Kind.RESCUE, pseudonym=pseudonym).exists():
            continue
        case = case_open(
            user=opener,
            kind=Case.Kind.RESCUE,
            pseudonym=pseudonym,
            country="CN",
            region="Jilin" if number % 2 else "Liaoning",
            summary="Demo case: fictional.",
            opened_on=start,
        )
        for step in range(furthest + 1):
            day = min(start + dt.timedelta(days=25 * step), today)
            rescue_stage_set(
                case=case, user=opener, stage=STAGES[step], reached_on=day, people=people
            )
        relief_add(case=case, user=opener, kind="food", given_on=start, stage="first_contact")
        if furthest >= 1:
            relief_add(
                case=case,
                user=opener,
                kind="lodging",
                given_on=min(start + dt.timedelta(days=25), today),
                stage="shelter",
            )
            rescue_cost_add(
                case=case,
                user=opener,
                amount=Decimal(300000 * people),
                spent_on=min(start + dt.timedelta(days=26), today),
                kind="lodging",
                stage="shelter",
                detail="",
                campaign=campaign if number % 3 else None,
                receipt=None,
            )
        if furthest >= 2:
            rescue_cost_add(
                case=case,
                user=opener,
                amount=Decimal(1500000 * people),
                spent_on=min(start + dt.timedelta(days=50), today),
                kind="transport",
                stage="transit",
                detail="",
                campaign=campaign,
                receipt=None,
            )
        if worker is not None and number % 4 == 0 and worker.pk != opener.pk:
            grant_give(case=case, user=worker, by=opener)
        made += 1
    lines = [f"Rescue cases: {made} made (pseudonyms only, fictional)."]
    if not FigureSnapshot.objects.exists():
        snapshot = figures_publish(user=opener)
        lines.append(f"Public figures published, as of {snapshot.as_of:%Y-%m-%d}.")
    return lines
