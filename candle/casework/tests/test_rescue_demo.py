"""The demo's rescue cases: every stage, fictional pseudonyms, figures publishable, run twice
adds nothing."""

from __future__ import annotations

import pytest

from candle.casework.demo_rescue import demo_load
from candle.casework.models import Case, FigureSnapshot, RescueStage

from .rescue_fixtures import *  # noqa: F403  (the fixtures)

pytestmark = pytest.mark.django_db


def test_the_demo_has_every_stage_and_publishes_figures(people):
    assert demo_load()[0].startswith("Rescue cases: no case supervisor")
    people["supervisor"].username = "case-supervisor"  # the demo's account
    people["supervisor"].save()
    people["worker"].username = "caseworker"
    people["worker"].save()
    demo_load()
    cases = Case.objects.filter(kind="rescue")
    assert cases.count() == 27
    assert all(case.pseudonym.startswith("Example ") for case in cases)
    assert set(RescueStage.objects.values_list("stage", flat=True)) == {
        "first_contact",
        "shelter",
        "transit",
        "arrival",
    }
    values = FigureSnapshot.objects.get().values
    assert values["reached_safety"]["total"] >= 20
    assert len(values["reached_safety"]["by_year"]) == 2
    assert all(count >= 10 for count in values["reached_safety"]["by_year"].values())
    assert Case.objects.filter(grants__user=people["worker"]).count() == 7
    demo_load()
    assert Case.objects.filter(kind="rescue").count() == 27
    assert FigureSnapshot.objects.count() == 1
