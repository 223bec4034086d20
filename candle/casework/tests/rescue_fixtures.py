"""Shared set-up of the rescue tests: staff in each role, rescue cases, a campaign."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from candle.access.roles import (
    CASE_SUPERVISORS,
    CASEWORKERS,
    EDITORS,
    GIVING_STAFF,
    roles_setup,
)
from candle.casework.rescue_services import rescue_stage_set
from candle.casework.services import case_open

__all__ = ["campaign", "people"]  # the fixtures, star-imported by the tests


@pytest.fixture
def people(django_user_model):
    roles_setup()

    def member(name, group):
        user = django_user_model.objects.create_user(name, password="x")
        user.groups.add(Group.objects.get(name=group))
        return django_user_model.objects.get(pk=user.pk)  # fresh permission cache

    return {
        "supervisor": member("sup", CASE_SUPERVISORS),
        "worker": member("cw", CASEWORKERS),
        "other": member("cw2", CASEWORKERS),
        "giving": member("gv", GIVING_STAFF),
        "editor": member("ed", EDITORS),
    }


@pytest.fixture
def campaign(db):
    from wagtail.models import Locale, Page

    from candle.giving.models import CampaignPage
    from candle.pages.models import HomePage

    ko = Locale.objects.get_or_create(language_code="ko")[0]
    home = HomePage(title="북한인권시민연합", slug="home-ko-rescue", locale=ko, mission="시험용")
    Page.get_first_root_node().add_child(instance=home)
    page = CampaignPage(
        title="한 생명 살리기",
        slug="save-one-life",
        goal=Decimal("1000000"),
        currency="KRW",
        amount_presets="10000,30000",
    )
    home.add_child(instance=page)
    return page


def rescue_case(user, pseudonym="Example Swallow", **stages):
    """A rescue case; ``stages``: stage name -> (date, people)."""
    case = case_open(user=user, kind="rescue", pseudonym=pseudonym, country="CN", region="Jilin")
    for stage, (on, count) in stages.items():
        rescue_stage_set(case=case, user=user, stage=stage, reached_on=on, people=count)
    return case


def days_ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)
