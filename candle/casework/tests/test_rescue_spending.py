"""A campaign's rescue spending: totals by stage and kind and people by stage, for giving staff,
with no case, pseudonym or name; the public version keeps only cells of ten people or more."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from candle.casework.rescue_selectors import campaign_spending, rescue_cases_visible_to
from candle.casework.rescue_services import rescue_cost_add

from .rescue_fixtures import *  # noqa: F403  (the fixtures)
from .rescue_fixtures import days_ago, rescue_case

pytestmark = pytest.mark.django_db


def _charged(people, campaign, *, count: int, arrive: bool = True, start: int = 0) -> None:
    for index in range(count):
        stages = {"first_contact": (days_ago(100), 1), "shelter": (days_ago(90), 1)}
        if arrive:
            stages["arrival"] = (days_ago(40), 1)
        case = rescue_case(
            people["supervisor"], pseudonym=f"Example Sparrow {start + index}", **stages
        )
        for kind, stage, amount in (
            ("lodging", "shelter", "200000"),
            ("transport", "transit", "500000"),
        ):
            rescue_cost_add(
                case=case,
                user=people["supervisor"],
                amount=Decimal(amount),
                spent_on=days_ago(80),
                kind=kind,
                stage=stage,
                detail="Kim Example's flat",
                campaign=campaign,
                receipt=None,
            )


def test_the_report_sums_by_stage_and_kind_and_counts_people(people, campaign):
    _charged(people, campaign, count=3)
    rescue_case(people["supervisor"], pseudonym="Example Uncharged", arrival=(days_ago(30), 5))
    report = campaign_spending(campaign=campaign)
    assert report.total == Decimal("2100000")
    by_stage = {line.stage: (line.amount, line.people) for line in report.by_stage}
    assert by_stage["shelter"] == (Decimal("600000"), 3)
    assert by_stage["transit"] == (Decimal("1500000"), 0)
    assert by_stage["arrival"] == (Decimal(0), 3)  # the uncharged case is not counted
    assert {line.kind: line.amount for line in report.by_kind} == {
        "lodging": Decimal("600000"),
        "transport": Decimal("1500000"),
    }


def test_the_public_report_keeps_only_cells_of_ten(people, campaign):
    _charged(people, campaign, count=9)
    public = campaign_spending(campaign=campaign, public=True)
    assert not public.shown and public.by_stage == [] and public.by_kind == []
    _charged(people, campaign, count=1, arrive=False, start=9)
    public = campaign_spending(campaign=campaign, public=True)
    assert public.shown
    assert {line.stage: line.people for line in public.by_stage} == {
        "first_contact": 10,
        "shelter": 10,
    }  # 9 arrivals: held back


def test_giving_staff_see_the_totals_but_no_case(client, people, campaign):
    _charged(people, campaign, count=2)
    client.force_login(people["giving"])
    for url in (
        reverse("rescue_spending:index"),
        reverse("rescue_spending:campaign", args=[campaign.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Example Sparrow" not in html and "R-20" not in html and "Kim Example" not in html
    assert "1400000" in html  # 2 × (200,000 + 500,000)
    assert list(rescue_cases_visible_to(people["giving"])) == []
    assert client.get(reverse("casework_rescue:index")).status_code == 404


@pytest.mark.parametrize("who", ["worker", "editor"])
def test_others_without_the_permission_are_refused(client, people, campaign, who):
    _charged(people, campaign, count=1)
    client.force_login(people[who])
    for url in (
        reverse("rescue_spending:index"),
        reverse("rescue_spending:campaign", args=[campaign.pk]),
    ):
        response = client.get(url)
        # Wagtail answers PermissionDenied with its dashboard and a message
        assert response.status_code == 302 and response["Location"] == "/admin/"


def test_the_rescue_list_keeps_its_query_budget(client, people, django_assert_max_num_queries):
    for index in range(25):
        rescue_case(
            people["supervisor"],
            pseudonym=f"Example Finch {index}",
            first_contact=(days_ago(30), 1),
            shelter=(days_ago(20), 1),
        )
    client.force_login(people["supervisor"])
    with django_assert_max_num_queries(20):
        response = client.get(reverse("casework_rescue:index"))
    assert response.content.decode().count("Example Finch") == 25
