"""The demo's testimonies: fictional, for the demo's caseworker accounts only, loaded once."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from candle.access.roles import CASE_SUPERVISORS, CASEWORKERS, roles_setup
from candle.casework.access import cases_visible_to
from candle.casework.demo_testimonies import demo_load
from candle.casework.models import Act, Case, ResearcherExport

pytestmark = pytest.mark.django_db


def test_demo_testimonies_load_once_for_the_demo_caseworkers_only(django_user_model):
    roles_setup()
    accounts = {}
    for username, group in (
        ("caseworker", CASEWORKERS),
        ("case-supervisor", CASE_SUPERVISORS),
        ("other-caseworker", CASEWORKERS),
    ):
        user = django_user_model.objects.create_user(username, password="x-not-used-123")
        user.groups.add(Group.objects.get(name=group))
        accounts[username] = django_user_model.objects.get(pk=user.pk)
    assert "3 fictional" in demo_load()[0]
    assert "0 fictional" in demo_load()[0]  # the second run adds nothing
    cases = Case.objects.filter(kind=Case.Kind.TESTIMONY)
    assert cases.count() == 3 and all(c.pseudonym.startswith("Example") for c in cases)
    assert set(cases_visible_to(accounts["caseworker"])) == set(cases)
    assert set(cases_visible_to(accounts["case-supervisor"])) == set(cases)
    assert not cases_visible_to(accounts["other-caseworker"]).exists()
    assert Act.objects.count() >= 8
    export = ResearcherExport.objects.get()
    assert export.status == "prepared" and export.prepared_by == accounts["caseworker"]
    for name in ("김예시", "박예시", "이삼촌예시", "박아들예시"):
        assert name not in export.csv_content + export.json_content
    assert len(export.case_ids) == 2  # Example Magpie gave no consent to researchers
