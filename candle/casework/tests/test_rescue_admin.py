"""The rescue screens: need to know, one 404, every read logged, hostile input refused with a
message and nothing stored, a double submit storing once, the costs CSV (step-up, pseudonyms
only, only the cases the exporter may see)."""

from __future__ import annotations

import time
from decimal import Decimal

import pytest
from django.urls import reverse

from candle.audit.models import AuditEntry
from candle.casework.models import ReliefGiven, RescueCost, RescueStage
from candle.casework.rescue_services import rescue_cost_add
from candle.casework.services import grant_give

from .rescue_fixtures import *  # noqa: F403  (the fixtures)
from .rescue_fixtures import days_ago, rescue_case

pytestmark = pytest.mark.django_db

DETAIL = "Paid the driver at the bus station in Yanji"


@pytest.fixture
def case(people, campaign):
    case = rescue_case(
        people["supervisor"],
        pseudonym="Example Swallow",
        first_contact=(days_ago(60), 2),
        shelter=(days_ago(50), 2),
    )
    grant_give(case=case, user=people["worker"], by=people["supervisor"])
    rescue_cost_add(
        case=case,
        user=people["supervisor"],
        amount=Decimal("300000"),
        spent_on=days_ago(49),
        kind="lodging",
        stage="shelter",
        detail=DETAIL,
        campaign=campaign,
        receipt=None,
    )
    return case


def _urls(case) -> list[str]:
    cost = case.rescue_costs.first()
    relief = ReliefGiven.objects.create(
        case=case, kind="food", given_on=days_ago(48), recorded_by=case.created_by
    )
    return [
        reverse("casework_rescue:case", args=[case.pk]),
        reverse("casework_rescue:stage", args=[case.pk]),
        reverse("casework_rescue:relief_add", args=[case.pk]),
        reverse("casework_rescue:relief_edit", args=[case.pk, relief.pk]),
        reverse("casework_rescue:cost_add", args=[case.pk]),
        reverse("casework_rescue:cost_edit", args=[case.pk, cost.pk]),
    ]


def test_a_granted_caseworker_sees_the_panel_and_each_read_is_logged(client, people, case):
    client.force_login(people["worker"])
    for url in _urls(case):
        before = AuditEntry.objects.filter(action="record.view").count()
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Example Swallow" in response.content.decode()
        assert AuditEntry.objects.filter(action="record.view").count() == before + 1, url
    listing = client.get(reverse("casework_rescue:index")).content.decode()
    assert "Example Swallow" in listing


@pytest.mark.parametrize("who", ["other", "editor", "giving"])
def test_anyone_else_gets_the_same_404_as_for_a_missing_case(client, people, case, who):
    client.force_login(people[who])
    missing = client.get(reverse("casework_rescue:case", args=[case.pk + 1000]))
    assert missing.status_code == 404
    stored = (RescueStage.objects.count(), ReliefGiven.objects.count(), RescueCost.objects.count())
    for url in _urls(case):
        for response in (client.get(url), client.post(url, {"stage": "arrival"})):
            assert response.status_code == 404, (who, url)
            assert "Example Swallow" not in response.content.decode()
            assert "300000" not in response.content.decode()
    assert (
        RescueStage.objects.count(),
        ReliefGiven.objects.count() - 1,  # the one _urls made
        RescueCost.objects.count(),
    ) == stored
    listing = client.get(reverse("casework_rescue:index"))
    assert "Example Swallow" not in listing.content.decode()


def test_a_case_of_another_kind_is_not_a_rescue_case(client, people):
    from candle.casework.services import case_open

    other = case_open(
        user=people["worker"], kind="testimony", pseudonym="Example Pine", country="KP"
    )
    client.force_login(people["worker"])
    assert client.get(reverse("casework_rescue:case", args=[other.pk])).status_code == 404


def _cost_post(client, case, **changes):
    data = {
        "amount": "150000",
        "spent_on": days_ago(10).isoformat(),
        "kind": "transport",
        "stage": "transit",
        "detail": "",
        "campaign": "",
        "receipt": "",
        "form_token": "6f1c7d0e-2b9a-4d4e-9a53-0c2d1e6a7b10",
    }
    data.update(changes)
    return client.post(reverse("casework_rescue:cost_add", args=[case.pk]), data)


def test_a_cost_submitted_twice_is_stored_once(client, people, case, campaign):
    client.force_login(people["worker"])
    before = RescueCost.objects.count()
    for _attempt in range(2):
        response = _cost_post(client, case, campaign=str(campaign.pk))
        assert response.status_code == 302
    assert RescueCost.objects.count() == before + 1
    assert RescueCost.objects.latest("id").campaign_id == campaign.pk


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("amount", "-5"),
        ("amount", "0"),
        ("amount", "abc"),
        ("amount", "1e999"),
        ("amount", "99999999999999999999"),
        ("amount", "１２３"),
        ("spent_on", "2026-13-45"),
        ("spent_on", "'; DROP TABLE casework_case; --"),
        ("spent_on", "2999-01-01"),
        ("kind", "bribes"),
        ("stage", ""),
        ("campaign", "999999"),
        ("campaign", "abc"),
        ("receipt", "999999"),
        ("detail", "x" * 5000),
    ],
)
def test_hostile_cost_input_is_refused_with_a_message(client, people, case, field, value):
    client.force_login(people["worker"])
    before = RescueCost.objects.count()
    with __import__("django").utils.translation.override("ko"):
        response = _cost_post(client, case, **{field: value})
    assert response.status_code == 400
    assert "error" in response.content.decode()
    assert RescueCost.objects.count() == before


def test_duplicated_fields_and_a_foreign_receipt_are_refused(client, people, case):
    from django.core.files.base import ContentFile

    from candle.casework.models import CaseDocument

    elsewhere = rescue_case(people["supervisor"], pseudonym="Example Heron")
    document = CaseDocument.objects.create(
        case=elsewhere,
        title="receipt",
        file=ContentFile(b"x", name="r.txt"),
        content_type="text/plain",
        size=1,
        uploaded_by=people["supervisor"],
    )
    client.force_login(people["worker"])
    before = RescueCost.objects.count()
    assert _cost_post(client, case, receipt=str(document.pk)).status_code == 400
    url = reverse("casework_rescue:stage", args=[case.pk])
    response = client.post(
        url + "",
        "stage=arrival&stage=bogus&reached_on=2020-01-01&people=1",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in (302, 400)
    assert RescueCost.objects.count() == before


def test_a_stage_sent_twice_is_one_row_and_can_be_corrected(client, people, case):
    client.force_login(people["worker"])
    url = reverse("casework_rescue:stage", args=[case.pk])
    for people_count in ("2", "2", "3"):
        response = client.post(
            url,
            {"stage": "transit", "reached_on": days_ago(20).isoformat(), "people": people_count},
        )
        assert response.status_code == 302
    rows = RescueStage.objects.filter(case=case, stage="transit")
    assert rows.count() == 1 and rows.get().people == 3
    bad = client.post(url, {"stage": "transit", "reached_on": "2020-01-01", "people": "0"})
    assert bad.status_code == 400 and rows.get().people == 3


def test_relief_is_added_and_edited(client, people, case):
    client.force_login(people["worker"])
    url = reverse("casework_rescue:relief_add", args=[case.pk])
    data = {
        "kind": "medicine",
        "given_on": days_ago(5).isoformat(),
        "stage": "shelter",
        "note": "Antibiotics",
        "form_token": "0f1c7d0e-2b9a-4d4e-9a53-0c2d1e6a7b10",
    }
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    relief = ReliefGiven.objects.get(case=case, kind="medicine")
    edit = reverse("casework_rescue:relief_edit", args=[case.pk, relief.pk])
    assert client.post(edit, {**data, "kind": "clothing"}).status_code == 302
    relief.refresh_from_db()
    assert relief.kind == "clothing" and relief.note == "Antibiotics"


def test_the_costs_csv_is_stepped_up_logged_and_names_pseudonyms_only(
    client, people, case, campaign
):
    hidden = rescue_case(people["supervisor"], pseudonym="Example Heron")
    rescue_cost_add(
        case=hidden,
        user=people["supervisor"],
        amount=Decimal("70000"),
        spent_on=days_ago(3),
        kind="food",
        stage="first_contact",
        detail="",
        campaign=campaign,
        receipt=None,
    )
    url = reverse("casework_rescue:campaign_costs_csv", args=[campaign.pk])
    client.force_login(people["worker"])
    session = client.session
    session["candle_otp_verified_at"] = int(time.time()) - 3600
    from candle.access.sessions import VERIFIED_AT

    session[VERIFIED_AT] = int(time.time()) - 3600
    session.save()
    stale = client.get(url)
    assert stale.status_code == 302 and "verify" in stale["Location"]
    client.force_login(people["worker"])
    response = client.get(url)
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "Example Swallow" in text and case.case_number in text
    assert "Example Heron" not in text  # not granted to this caseworker
    assert DETAIL not in text
    entry = AuditEntry.objects.filter(action="export").latest("id")
    assert entry.count == 1
    client.force_login(people["supervisor"])
    assert "Example Heron" in client.get(url).content.decode("utf-8-sig")


def test_giving_staff_cannot_export_case_costs(client, people, case, campaign):
    client.force_login(people["giving"])
    url = reverse("casework_rescue:campaign_costs_csv", args=[campaign.pk])
    assert client.get(url).status_code == 404
