"""Disappearance dossiers: what is still missing, the procedure, history, reminders, consents,
and the communication to the Working Group read back from the .docx in questionnaire order."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.contrib.auth.models import Group

from candle.access.roles import CASE_SUPERVISORS, CASEWORKERS, roles_setup
from candle.audit.models import AuditEntry
from candle.casework.dossiers import (
    consent_record,
    consent_withdraw,
    dossier_event_add,
    dossier_missing,
    dossier_open,
    reminder_add,
)
from candle.casework.models import Case, Dossier, DossierEvent, DossierReminder, FamilyConsent
from candle.casework.services import case_open
from candle.casework.wgeid import communication_sections

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(django_user_model):
    roles_setup()

    def member(name, group):
        user = django_user_model.objects.create_user(name, password="x-not-used-123")
        user.groups.add(Group.objects.get(name=group))
        return django_user_model.objects.get(pk=user.pk)

    return {"worker": member("cw", CASEWORKERS), "supervisor": member("sup", CASE_SUPERVISORS)}


@pytest.fixture
def dossier(people):
    case = case_open(
        user=people["worker"], kind="disappearance", pseudonym="Example Crane", country="KP"
    )
    return dossier_open(case=case)


def _fill(dossier, people):
    case = dossier.case
    case.region = "Example Province"
    case.save()
    for name, value in {
        "family_name": "Hong",
        "given_name": "Example",
        "name_ko": "홍길동예시",
        "sex": "male",
        "birth_date": "1950-03",
        "nationality": "Republic of Korea",
        "occupation": "Fisherman (example)",
        "disappeared_year": 1977,
        "disappeared_month": 8,
        "place_description": "Off the western islands (example)",
        "forces_responsible": "Example State agents",
        "circumstances": "The boat was taken (example)",
        "family_steps": "Letters to the Red Cross (example)",
        "source_name": "김예시",
        "source_relationship": "Daughter",
        "source_contact": "family@example.org",
        "wgeid_reference": "10000099",
    }.items():
        setattr(dossier, name, value)
    dossier.save()
    consent_record(
        dossier=dossier,
        by=people["worker"],
        given_by="김예시 (daughter)",
        purpose="submission",
        given_on=dt.date(2026, 1, 5),
    )
    return Dossier.objects.get(pk=dossier.pk)


def test_an_empty_dossier_lacks_every_minimum_element_but_the_country(dossier):
    codes = [code for code, _label in dossier_missing(dossier)]
    assert codes == ["identity", "date", "place", "forces", "steps", "source", "consent"]


def test_a_full_dossier_lacks_nothing_until_the_consent_is_withdrawn(dossier, people):
    dossier = _fill(dossier, people)
    assert dossier_missing(dossier) == []
    consent_withdraw(consent=dossier.consents.get(), on=dt.date(2026, 2, 1))
    assert [code for code, _ in dossier_missing(Dossier.objects.get(pk=dossier.pk))] == ["consent"]
    assert FamilyConsent.objects.get().withdrawn_on == dt.date(2026, 2, 1)


def test_a_year_alone_is_not_enough_and_partial_dates_are_checked(dossier):
    from django.core.exceptions import ValidationError

    dossier.disappeared_year = 1977
    assert "date" in [code for code, _ in dossier_missing(dossier)]
    for year, month, day in ((1977, 13, None), (None, 5, None), (1977, 2, 30), (1800, 1, None)):
        dossier.disappeared_year, dossier.disappeared_month = year, month
        dossier.disappeared_day = day
        with pytest.raises(ValidationError):
            dossier.full_clean()


def test_urgent_action_within_three_months_else_standard(dossier):
    dossier.disappeared_year, dossier.disappeared_month = 2026, 3
    assert dossier.procedure(on=dt.date(2026, 5, 20)) == Dossier.Procedure.URGENT
    assert dossier.procedure(on=dt.date(2026, 9, 1)) == Dossier.Procedure.STANDARD
    dossier.disappeared_year, dossier.disappeared_month = 1977, 8
    assert dossier.procedure(on=dt.date(2026, 1, 1)) == Dossier.Procedure.STANDARD


def test_only_a_disappearance_case_has_a_dossier(people, client):
    from django.core.exceptions import ValidationError

    rescue = case_open(
        user=people["worker"], kind="rescue", pseudonym="Example Heron", country="CN"
    )
    with pytest.raises(ValidationError):
        dossier_open(case=rescue)
    client.force_login(people["worker"])
    assert client.get(f"/admin/casework/{rescue.case_number}/dossier/").status_code == 404


def test_history_closing_closes_the_case(dossier, people):
    dossier_event_add(
        dossier=dossier, by=people["worker"], kind="submitted", on=dt.date(2026, 1, 9)
    )
    dossier_event_add(dossier=dossier, by=people["worker"], kind="closed", on=dt.date(2026, 6, 1))
    assert Case.objects.get().status == Case.Status.CLOSED
    assert list(DossierEvent.objects.values_list("kind", flat=True)) == ["submitted", "closed"]


def test_reminders_are_listed_on_the_dashboard_for_those_who_see_the_case(dossier, people, client):
    reminder_add(
        dossier=dossier,
        by=people["worker"],
        due_on=dt.date(2026, 7, 1),
        what="Call the daughter (example)",
    )
    client.force_login(people["worker"])
    assert "Call the daughter (example)" in client.get("/admin/casework/").content.decode()
    other = client.__class__()
    stranger = people["worker"].__class__.objects.create_user("cw2", password="x-not-used-123")
    stranger.groups.add(Group.objects.get(name=CASEWORKERS))
    other.force_login(stranger)
    assert "Call the daughter" not in other.get("/admin/casework/").content.decode()
    reminder = DossierReminder.objects.get()
    url = f"/admin/casework/{dossier.case.case_number}/dossier/reminders/{reminder.pk}/done/"
    assert client.post(url).status_code == 302
    assert DossierReminder.objects.get().done_at is not None
    assert "Call the daughter" not in client.get("/admin/casework/").content.decode()


def test_the_dossier_form_keeps_an_exact_place_only_with_a_reason(dossier, people, client):
    client.force_login(people["worker"])
    url = f"/admin/casework/{dossier.case.case_number}/dossier/edit/"
    response = client.post(url, {"exact_location": "Example pier 3", "family_name": "Hong"})
    assert response.status_code == 200 and "이유를 적어" in response.content.decode()
    assert Case.objects.get().exact_location == ""
    response = client.post(
        url,
        {
            "exact_location": "Example pier 3",
            "exact_location_reason": "The family will meet there (example)",
            "family_name": "Hong",
            "disappeared_year": "1977",
            "disappeared_month": "8",
            "birth_date": "1950-03",
            "confidentiality_requested": "on",
        },
    )
    assert response.status_code == 302
    assert Case.objects.get().exact_location == "Example pier 3"
    assert Dossier.objects.get().family_name == "Hong"
    response = client.post(url, {"birth_date": "March 1950", "disappeared_month": "²"})
    assert response.status_code == 200 and "YYYY-MM-DD로" in response.content.decode()
    assert Dossier.objects.get().birth_date == "1950-03"  # nothing of the bad form was saved


def test_the_word_communication_has_every_element_in_order(dossier, people, client):
    from docx import Document

    dossier = _fill(dossier, people)
    dossier_event_add(
        dossier=dossier, by=people["worker"], kind="submitted", on=dt.date(2026, 1, 9)
    )
    client.force_login(people["worker"])
    response = client.get(f"/admin/casework/{dossier.case.case_number}/dossier/wgeid.docx")
    assert response.status_code == 200
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="wgeid-{dossier.case.case_number}.docx"'
    )
    document = Document(io.BytesIO(response.content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading 2")]
    rows = [
        (row.cells[0].text, row.cells[1].text) for table in document.tables for row in table.rows
    ]
    expected = communication_sections(Dossier.objects.get(pk=dossier.pk))
    assert headings == [heading for heading, _rows in expected]
    assert rows == [row for _heading, section in expected for row in section]
    assert [h[:2] for h in headings] == ["1.", "2.", "3.", "4.", "5.", "6.", "7.", "8."]
    values = dict(rows)
    assert values["Family name"] == "Hong" and values["Name in Korean"] == "홍길동예시"
    assert values["Date (at least month and year)"] == "1977-08"
    assert values["Country and region"] == "Example Province, KP"
    assert (
        values["Forces (State agents or persons acting with their support)"]
        == "Example State agents"
    )
    assert values["Steps taken"] == "Letters to the Red Cross (example)"
    assert values["Relationship to the disappeared person"] == "Daughter"
    assert values["Confidentiality requested"].startswith("Yes")
    assert "given on 2026-01-05" in values["Consent of the family"]
    assert values["Procedure"] == "Standard procedure"
    assert values["Working Group reference"] == "10000099"
    assert not any("still missing" in p.text for p in document.paragraphs)
    entry = AuditEntry.objects.get(action="export")
    assert entry.count == 1 and entry.detail == f"wgeid-{dossier.case.case_number}.docx"


def test_the_export_asks_for_the_second_factor_again(dossier, people, client):
    from candle.access.sessions import VERIFIED_AT

    client.force_login(people["worker"])
    session = client.session
    session[VERIFIED_AT] = 1
    session.save()
    response = client.get(f"/admin/casework/{dossier.case.case_number}/dossier/wgeid.docx")
    assert response.status_code == 302 and "wgeid.docx" in response["Location"]
    assert not AuditEntry.objects.filter(action="export").exists()


def test_the_pdf_communication(dossier, people, client):
    from candle.giving.receipts import FONT_REGULAR

    dossier = _fill(dossier, people)
    client.force_login(people["worker"])
    response = client.get(f"/admin/casework/{dossier.case.case_number}/dossier/wgeid.pdf")
    if not FONT_REGULAR.exists():  # a clear message, never a 500
        assert response.status_code == 302
        assert not AuditEntry.objects.filter(action="export").exists()
        return
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert AuditEntry.objects.filter(action="export", detail__endswith=".pdf").exists()


def test_the_dossier_page_shows_what_is_missing_and_logs_the_view(dossier, people, client):
    client.force_login(people["worker"])
    body = client.get(f"/admin/casework/{dossier.case.case_number}/dossier/").content.decode()
    assert "실종 날짜: 적어도 연도와 월" in body
    assert re.search(r"일반 절차|긴급 조치", body)
    assert AuditEntry.objects.filter(action="record.view", target_id=str(dossier.case.pk)).exists()
