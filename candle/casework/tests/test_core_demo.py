"""The demo's casework: fictional cases in every state, only for the demo's caseworkers."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from candle.access.roles import CASE_SUPERVISORS, CASEWORKERS, EDITORS, roles_setup
from candle.casework.access import cases_visible_to
from candle.casework.demo import demo_load
from candle.casework.dossiers import dossier_missing
from candle.casework.models import Case, DossierEvent, DossierReminder

pytestmark = pytest.mark.django_db


def test_demo_cases_in_every_state_for_the_demo_caseworkers(django_user_model):
    roles_setup()
    users = {}
    for username, group in (
        ("caseworker", CASEWORKERS),
        ("case-supervisor", CASE_SUPERVISORS),
        ("editor", EDITORS),
    ):
        user = django_user_model.objects.create_user(username, password="x-not-used-123")
        user.groups.add(Group.objects.get(name=group))
        users[username] = django_user_model.objects.get(pk=user.pk)
    demo_load()
    demo_load()  # a second load adds nothing
    cases = Case.objects.filter(kind=Case.Kind.DISAPPEARANCE)  # the other parts add their own
    assert cases.count() == 7
    assert all(case.pseudonym.startswith("Example ") for case in cases)
    steps = set(DossierEvent.objects.values_list("kind", flat=True))
    assert steps == set(DossierEvent.Kind.values)
    assert {c.dossier.procedure() for c in cases} == {"urgent", "standard"}
    assert any(dossier_missing(c.dossier) for c in cases)
    assert any(not dossier_missing(c.dossier) for c in cases)
    assert set(cases.values_list("status", flat=True)) == {"open", "closed"}
    assert DossierReminder.objects.exists()
    disappearances = {"kind": Case.Kind.DISAPPEARANCE}
    assert cases_visible_to(users["case-supervisor"]).filter(**disappearances).count() == 7
    assert cases_visible_to(users["caseworker"]).filter(**disappearances).count() == 6
    assert cases_visible_to(users["editor"]).count() == 0
