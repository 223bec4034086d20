"""The access matrix: every casework URL (found by ``walk.casework_urls``, so the other parts'
URLs are walked too) × every kind of staff member and the anonymous reader.

Allowed: 200. Refused: the same 404 a case that does not exist gets, with no case number,
pseudonym, name or narrative in the body; a POST changes nothing. Anonymous: to sign-in.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from candle.access.roles import (
    AUDITORS,
    CASE_SUPERVISORS,
    CASEWORKERS,
    EDITORS,
    GIVING_STAFF,
    SUPPORTER_STAFF,
    roles_setup,
)
from candle.casework.models import (
    Case,
    CaseAccessGrant,
    CaseDocument,
    CaseNote,
    Dossier,
    DossierEvent,
    DossierReminder,
    FamilyConsent,
)

from .walk import (
    ALLOWED_STATUS,
    SECRET_CONTACT,
    SECRET_NAME,
    SECRET_NARRATIVE,
    SUPERVISOR_ONLY,
    WALK,
    casework_needs_case,
    casework_url,
    casework_urls,
    casework_walk_rows,
)

pytestmark = pytest.mark.django_db

WHO = (
    "granted",
    "ungranted",
    "supervisor",
    "auditor",
    "giving",
    "supporters",
    "editor",
    "anonymous",
)


@pytest.fixture
def world(django_user_model):
    roles_setup()

    def member(name, group):
        user = django_user_model.objects.create_user(name, password="x-not-used-123")
        user.groups.add(Group.objects.get(name=group))
        return django_user_model.objects.get(pk=user.pk)

    users = {
        "granted": member("cw-granted", CASEWORKERS),
        "ungranted": member("cw-ungranted", CASEWORKERS),
        "supervisor": member("cw-supervisor", CASE_SUPERVISORS),
        "auditor": member("auditor", AUDITORS),
        "giving": member("giving", GIVING_STAFF),
        "supporters": member("supporters", SUPPORTER_STAFF),
        "editor": member("editor", EDITORS),
    }
    rows = casework_walk_rows(owner=users["supervisor"])
    for case in Case.objects.filter(pseudonym__startswith=WALK):
        CaseAccessGrant.objects.create(
            case=case, user=users["granted"], granted_by=users["supervisor"]
        )
    secrets = [SECRET_NAME, SECRET_NARRATIVE, SECRET_CONTACT, WALK]
    secrets += list(Case.objects.values_list("case_number", flat=True))
    return {"users": users, "rows": rows, "secrets": secrets}


def _client(world, who) -> Client:
    client = Client()
    if who != "anonymous":
        client.force_login(world["users"][who])
    return client


def _allowed(who: str, route: str, name: str) -> bool:
    if who == "supervisor":
        return True
    if who == "granted":
        return name not in SUPERVISOR_ONLY
    if who == "ungranted":
        return name not in SUPERVISOR_ONLY and not casework_needs_case(route)
    return False


def _body(response) -> str:
    content = b"".join(response) if response.streaming else response.content
    return content.decode("utf-8", "replace")


def _state():
    return (
        Case.objects.count(),
        CaseNote.objects.count(),
        CaseDocument.objects.count(),
        CaseAccessGrant.objects.filter(withdrawn_at__isnull=True).count(),
        Dossier.objects.count(),
        DossierEvent.objects.count(),
        DossierReminder.objects.filter(done_at__isnull=True).count(),
        FamilyConsent.objects.filter(withdrawn_on__isnull=True).count(),
        tuple(Dossier.objects.values_list("family_name", flat=True)),
    )


def test_the_walk_finds_every_casework_screen():
    names = {name for _route, name in casework_urls()}
    assert {
        "casework_cases",
        "casework_case_new",
        "casework_case",
        "casework_note_new",
        "casework_document_new",
        "casework_document",
        "casework_grant_new",
        "casework_grant_withdraw",
        "casework_dossier",
        "casework_dossier_edit",
        "casework_dossier_event_new",
        "casework_reminder_new",
        "casework_reminder_done",
        "casework_consent_new",
        "casework_consent_withdraw",
        "casework_wgeid_export",
    } <= names


@pytest.mark.parametrize("who", WHO)
def test_every_casework_url_is_allowed_or_the_same_404(world, who):
    client = _client(world, who)
    missing = _body(client.get("/admin/casework/D-1999-9999/"))
    before = _state()
    problems = []
    for route, name in casework_urls():
        url = casework_url(route, name, world["rows"])
        response = client.get(url)
        if who == "anonymous":
            if response.status_code != 302 or "/admin/login/" not in response["Location"]:
                problems.append(f"GET {url}: {response.status_code}, not to sign-in")
            continue
        if _allowed(who, route, name):
            expected = ALLOWED_STATUS.get(name, 200)
            if response.status_code != expected:
                problems.append(f"GET {url}: {response.status_code}, not {expected}")
            continue
        body = _body(response)
        if response.status_code != 404:
            problems.append(f"GET {url}: {response.status_code}, not 404")
        elif body != missing:
            problems.append(f"GET {url}: a 404 unlike a missing case's")
        problems += [f"GET {url} shows {s!r}" for s in world["secrets"] if s in body]
        posted = client.post(
            url, {"body": "x", "reason": "x", "user": world["users"]["ungranted"].pk}
        )
        if posted.status_code != 404:
            problems.append(f"POST {url}: {posted.status_code}, not 404")
        problems += [f"POST {url} shows {s!r}" for s in world["secrets"] if s in _body(posted)]
    assert not problems, f"{who}:\n" + "\n".join(problems)
    assert _state() == before


@pytest.mark.parametrize("who", ["ungranted", "anonymous", "editor"])
def test_posts_change_nothing_for_those_refused(world, who):
    client = _client(world, who)
    before = _state()
    for route, name in casework_urls():
        if _allowed(who, route, name):
            continue
        client.post(
            casework_url(route, name, world["rows"]),
            {
                "body": "x",
                "reason": "x",
                "user": world["users"]["ungranted"].pk,
                "family_name": "changed",
                "kind": "submitted",
                "on": "2099-01-01",
                "withdrawn_on": "2099-01-01",
            },
        )
    assert _state() == before


def test_lists_and_counts_show_only_visible_cases(world):
    ungranted = _client(world, "ungranted")
    body = _body(ungranted.get("/admin/casework/"))
    assert not [s for s in world["secrets"] if s in body]
    assert 'data-count="0"' in body
    for query in ("Example", "D-", "2099"):
        body = _body(ungranted.get("/admin/casework/", {"q": query}))
        assert not [s for s in world["secrets"] if s in body], query
    granted = _body(_client(world, "granted").get("/admin/casework/"))
    assert 'data-count="3"' in granted
    assert 'data-count="3"' in granted
    for case in Case.objects.filter(pseudonym__startswith=WALK):
        assert case.case_number in granted and case.pseudonym in granted
    supervisor = _body(_client(world, "supervisor").get("/admin/casework/", {"kind": "rescue"}))
    assert f"{WALK} Rescue" in supervisor and f"{WALK} Disappearance" not in supervisor


def test_casework_menu_only_for_casework_users(world):
    for who in ("granted", "ungranted", "supervisor"):
        assert '"/admin/casework/"' in _body(_client(world, who).get("/admin/")), who
    for who in ("auditor", "giving", "supporters", "editor"):
        assert "/admin/casework/" not in _body(_client(world, who).get("/admin/")), who
