"""Need to know: who sees which case, and that a hidden case and a missing one look the same."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.http import Http404

from candle.access.roles import CASE_SUPERVISORS, CASEWORKERS, EDITORS, roles_setup
from candle.audit.models import AuditEntry
from candle.casework.access import case_get, cases_visible_to, note_get
from candle.casework.models import Case
from candle.casework.services import case_open, grant_give, grant_withdraw, note_add

pytestmark = pytest.mark.django_db


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
        "editor": member("ed", EDITORS),
    }


def test_a_case_is_seen_by_its_grantees_and_supervisors_only(people):
    case = case_open(user=people["supervisor"], kind="rescue", pseudonym="Swallow", country="CN")
    assert case.case_number.startswith("R-")
    assert list(cases_visible_to(people["supervisor"])) == [case]
    assert list(cases_visible_to(people["worker"])) == []
    assert list(cases_visible_to(people["editor"])) == []

    grant = grant_give(case=case, user=people["worker"], by=people["supervisor"])
    assert case_get(people["worker"], case_number=case.case_number) == case
    with pytest.raises(Http404) as hidden:
        case_get(people["other"], case_number=case.case_number)
    with pytest.raises(Http404) as missing:
        case_get(people["other"], case_number="R-1999-9999")
    assert str(hidden.value) == str(missing.value)

    grant_withdraw(grant=grant, by=people["supervisor"])
    with pytest.raises(Http404):
        case_get(people["worker"], pk=case.pk)
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert "case.grant" in actions and "case.withdraw" in actions


def test_a_caseworker_who_opens_a_case_holds_it_and_notes_follow_the_case(people):
    case = case_open(user=people["worker"], kind="testimony", pseudonym="Pine", country="KP")
    note = note_add(case=case, author=people["worker"], body="Met at the shelter.")
    assert note_get(people["worker"], pk=note.pk) == note
    with pytest.raises(Http404):
        note_get(people["other"], pk=note.pk)


def test_only_supervisors_grant(people):
    from django.core.exceptions import PermissionDenied

    case = case_open(
        user=people["supervisor"], kind="disappearance", pseudonym="Crane", country="KP"
    )
    with pytest.raises(PermissionDenied):
        grant_give(case=case, user=people["other"], by=people["worker"])


def test_case_numbers_count_up_per_kind_and_year(people):
    first = case_open(user=people["supervisor"], kind="disappearance", pseudonym="A", country="KP")
    second = case_open(user=people["supervisor"], kind="disappearance", pseudonym="B", country="KP")
    assert int(second.case_number[-4:]) == int(first.case_number[-4:]) + 1


def test_encrypted_columns_hold_no_clear_text(people):
    from django.db import connection

    case = case_open(
        user=people["supervisor"],
        kind="rescue",
        pseudonym="Heron",
        country="CN",
        summary="Hiding in a flat above the market",
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT summary FROM casework_case WHERE id = %s", [case.pk])
        (stored,) = cursor.fetchone()
    assert "Hiding" not in stored and "market" not in stored
    assert Case.objects.get(pk=case.pk).summary == "Hiding in a flat above the market"
