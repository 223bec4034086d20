"""The testimony screens: each read logged, parts stay inside their testimony, the list keeps
its query budget, encrypted columns hold no clear text."""

from __future__ import annotations

import re
import uuid

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.urls import reverse

from candle.access.roles import CASE_SUPERVISORS, CASEWORKERS, roles_setup
from candle.audit.models import AuditEntry
from candle.casework import models as casework_models
from candle.casework.models import Act, Case, Event, Victim
from candle.casework.services import case_open, grant_give

from .testimony_rows import sample_testimony

pytestmark = pytest.mark.django_db


def token() -> str:
    """A fresh form's ``submission_token`` (each add form shows a new one)."""
    return uuid.uuid4().hex


@pytest.fixture
def people(django_user_model):
    roles_setup()

    def member(name, group):
        user = django_user_model.objects.create_user(name, password="x-not-used-123")
        user.groups.add(Group.objects.get(name=group))
        return django_user_model.objects.get(pk=user.pk)

    return {"supervisor": member("sup", CASE_SUPERVISORS), "worker": member("cw", CASEWORKERS)}


def test_the_panel_shows_the_testimony_and_logs_the_read(client, people):
    built = sample_testimony(by=people["worker"], name="이예시")
    client.force_login(people["worker"])
    response = client.get(reverse("casework_testimony", args=[built["case"].case_number]))
    assert response.status_code == 200
    assert "이예시" in response.content.decode()  # granted: the name is shown to the caseworker
    entry = AuditEntry.objects.filter(action="record.view").latest("pk")
    assert entry.target_id == str(built["case"].pk) and entry.actor == people["worker"]


def test_a_case_of_another_kind_is_the_same_404(client, people):
    rescue = case_open(
        user=people["worker"], kind=Case.Kind.RESCUE, pseudonym="Example Heron", country="CN"
    )
    client.force_login(people["worker"])
    wrong_kind = client.get(reverse("casework_testimony", args=[rescue.case_number]))
    missing = client.get(reverse("casework_testimony", args=["T-1999-0001"]))
    assert wrong_kind.status_code == missing.status_code == 404
    assert wrong_kind.content == missing.content


def test_record_a_testimony_then_an_event_and_an_act(client, people):
    case = case_open(
        user=people["worker"], kind=Case.Kind.TESTIMONY, pseudonym="Example Fir", country="KP"
    )
    client.force_login(people["worker"])
    number = case.case_number
    # no testimony yet: its parts cannot be added
    assert (
        client.get(reverse("casework_testimony_part_add", args=[number, "event"])).status_code
        == 404
    )
    response = client.post(
        reverse("casework_testimony_edit", args=[number]),
        {"given_on": "2024-01-05", "language": "ko", "narrative": "예시 증언", "consent_un": "on"},
    )
    assert response.status_code == 302, response.content
    testimony = casework_models.Testimony.objects.get(case=case)
    assert testimony.consent_un and not testimony.consent_researchers

    bad_region = client.post(
        reverse("casework_testimony_part_add", args=[number, "event"]),
        {
            "submission_token": token(),
            "title": "t",
            "date_from": "1999-01-01",
            "date_precision": "year",
            "country": "KP",
            "region": "CN-JL",
        },
    )
    assert bad_region.status_code == 200 and not Event.objects.exists()
    client.post(
        reverse("casework_testimony_part_add", args=[number, "event"]),
        {
            "submission_token": token(),
            "title": "Example event",
            "date_from": "1999-01-01",
            "date_precision": "year",
            "country": "KP",
            "region": "KP-10",
        },
    )
    client.post(
        reverse("casework_testimony_part_add", args=[number, "victim"]),
        {
            "submission_token": token(),
            "pseudonym": "Example Fir V",
            "name": "최예시",
            "sex": "m",
            "relation": "self",
        },
    )
    event, victim = Event.objects.get(), Victim.objects.get()
    assert event.region == "KP-10" and victim.name == "최예시"

    # a victim of another testimony cannot be chosen for this one's act
    stranger = sample_testimony(by=people["supervisor"], name="남예시", pseudonym="Example Oak")
    refused = client.post(
        reverse("casework_testimony_part_add", args=[number, "act"]),
        {
            "submission_token": token(),
            "event": event.pk,
            "violation_type": 1,
            "victim": stranger["victim"].pk,
        },
    )
    assert refused.status_code == 200 and not Act.objects.filter(event=event).exists()
    from candle.casework.models import ViolationType

    torture = ViolationType.objects.get(code="torture")
    client.post(
        reverse("casework_testimony_part_add", args=[number, "act"]),
        {
            "submission_token": token(),
            "event": event.pk,
            "violation_type": torture.pk,
            "victim": victim.pk,
        },
    )
    assert Act.objects.get(event=event).violation_type == torture

    # a part of another testimony, by its key, is the one 404
    other_event = stranger["event"].pk
    assert (
        client.get(
            reverse("casework_testimony_part_edit", args=[number, "event", other_event])
        ).status_code
        == 404
    )
    assert (
        client.get(
            reverse("casework_testimony_part_edit", args=[number, "nothing", event.pk])
        ).status_code
        == 404
    )


def test_a_pseudonym_may_not_hold_the_name(client, people):
    built = sample_testimony(by=people["worker"], name="이예시")
    client.force_login(people["worker"])
    response = client.post(
        reverse("casework_testimony_part_add", args=[built["case"].case_number, "victim"]),
        {
            "submission_token": token(),
            "pseudonym": "이예시 씨",
            "name": "이예시",
            "sex": "f",
            "relation": "family",
        },
    )
    assert response.status_code == 200
    assert Victim.objects.filter(testimony=built["testimony"]).count() == 1


def test_encrypted_columns_hold_no_clear_text(people):
    built = sample_testimony(by=people["supervisor"], name="홍길동예시")
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM casework_victim WHERE id = %s", [built["victim"].pk])
        (name,) = cursor.fetchone()
        cursor.execute(
            "SELECT narrative FROM casework_testimony WHERE id = %s", [built["testimony"].pk]
        )
        (narrative,) = cursor.fetchone()
        cursor.execute("SELECT place_detail FROM casework_event WHERE id = %s", [built["event"].pk])
        (place,) = cursor.fetchone()
    assert "홍길동" not in name and "홍길동" not in narrative and "창렬리" not in place


def test_the_list_shows_only_granted_cases_within_a_query_budget(
    client, people, django_assert_max_num_queries
):
    mine = [
        sample_testimony(by=people["supervisor"], name=f"예시{i}", pseudonym=f"Example {i}")
        for i in range(22)
    ]
    for built in mine[:20]:
        grant_give(case=built["case"], user=people["worker"], by=people["supervisor"])
    client.force_login(people["worker"])
    with django_assert_max_num_queries(25):
        response = client.get(reverse("casework_testimonies"))
    body = response.content.decode()
    assert "Example 3" in body and "Example 21" not in body
    assert "예시3" not in body  # names never in the list


def test_an_event_act_or_source_sent_twice_is_stored_once(client, people):
    """A double click, or the form sent again after a reload, stores one row; the form shown
    anew (a new token) stores the next one; a missing or forged token is refused in words."""
    from candle.casework.models import Source, ViolationType

    built = sample_testimony(by=people["worker"], name="정예시")
    client.force_login(people["worker"])
    number, testimony = built["case"].case_number, built["testimony"]
    url = {
        part: reverse("casework_testimony_part_add", args=[number, part])
        for part in ("event", "act", "source")
    }
    page = client.get(url["event"], HTTP_ACCEPT_LANGUAGE="ko")
    shown = re.search(r'name="submission_token" value="([0-9a-f]{32})"', page.content.decode())
    assert shown, "the add form carries its token"
    event = {
        "submission_token": shown[1],
        "title": "Example crossing",
        "date_from": "2001-01-01",
        "date_precision": "year",
        "country": "KP",
    }
    events_before = Event.objects.filter(testimony=testimony).count()
    first, again = client.post(url["event"], event), client.post(url["event"], event)
    assert first.status_code == again.status_code == 302
    assert Event.objects.filter(testimony=testimony).count() == events_before + 1
    assert client.post(url["event"], {**event, "submission_token": token()}).status_code == 302
    assert Event.objects.filter(testimony=testimony).count() == events_before + 2

    new_event = Event.objects.filter(testimony=testimony).latest("pk")
    torture = ViolationType.objects.get(code="torture")
    act = {
        "submission_token": token(),
        "event": new_event.pk,
        "violation_type": torture.pk,
        "victim": built["victim"].pk,
    }
    client.post(url["act"], act)
    client.post(url["act"], act)
    assert Act.objects.filter(event=new_event).count() == 1

    source = {
        "submission_token": token(),
        "kind": Source._meta.get_field("kind").choices[0][0],
        "reliability": "B",
        "credibility": "2",
        "description": "Example source",
        "events": [new_event.pk],
    }
    sources_before = Source.objects.filter(testimony=testimony).count()
    client.post(url["source"], source)
    client.post(url["source"], source)
    assert Source.objects.filter(testimony=testimony).count() == sources_before + 1

    without = {key: value for key, value in event.items() if key != "submission_token"}
    for data in (without, {**event, "submission_token": "../../x"}):
        refused = client.post(url["event"], data, HTTP_ACCEPT_LANGUAGE="ko")
        assert refused.status_code == 200
        assert "양식" in refused.content.decode()  # "the form has expired", in Korean
    assert Event.objects.filter(testimony=testimony).count() == events_before + 2
