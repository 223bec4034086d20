"""The researcher export: identities stripped, only what the preparer may see, reviewed by
another supervisor before anyone can download it, each step in the audit log."""

from __future__ import annotations

import csv
import io
import json
import time

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from candle.access.roles import CASE_SUPERVISORS, CASEWORKERS, EDITORS, roles_setup
from candle.access.sessions import VERIFIED_AT
from candle.audit.models import AuditEntry
from candle.casework.models import Event, ResearcherExport, Victim, ViolationType
from candle.casework.researcher_export import (
    ExportFilters,
    age_band,
    researcher_export_prepare,
    researcher_export_review,
)
from candle.casework.services import grant_give

from .testimony_rows import sample_testimony

pytestmark = pytest.mark.django_db

NAME = "김철수예시"


@pytest.fixture
def people(django_user_model):
    roles_setup()

    def member(name, group):
        user = django_user_model.objects.create_user(name, password="x-not-used-123")
        user.groups.add(Group.objects.get(name=group))
        return django_user_model.objects.get(pk=user.pk)

    return {
        "supervisor": member("sup", CASE_SUPERVISORS),
        "supervisor2": member("sup2", CASE_SUPERVISORS),
        "worker": member("cw", CASEWORKERS),
        "other": member("cw2", CASEWORKERS),
        "editor": member("ed", EDITORS),
    }


@pytest.fixture
def hostile(people):
    """A testimony whose texts name the victim in places staff should have caught."""
    built = sample_testimony(by=people["supervisor"], name=NAME, pseudonym="Example Pine")
    testimony, event = built["testimony"], built["event"]
    testimony.narrative = f"My name is {NAME}; we lived at 예시군 창렬리 3반."
    testimony.narrative_anonymised = False  # not marked: must never leave
    testimony.save()
    event.title = "Held after being sent back"
    event.description = "The guard shouted at 김 철수예시 all night."  # marked, yet names her
    event.save()
    Event.objects.create(
        testimony=testimony,
        title="Second detention (unmarked)",
        text_anonymised=False,
        date_from=event.date_from.replace(year=2001),
        date_precision=Event.Precision.YEAR,
        country="CN",
        region="CN-JL",
    )
    grant_give(case=built["case"], user=people["worker"], by=people["supervisor"])
    return built


def _rows(export: ResearcherExport) -> list[dict]:
    return list(csv.DictReader(io.StringIO(export.csv_content)))


def test_vocabularies_are_seeded_in_both_languages():
    codes = set(ViolationType.objects.values_list("code", flat=True))
    assert {
        "arbitrary-detention",
        "torture",
        "forced-labour",
        "forced-repatriation",
        "public-execution",
        "sexual-violence",
        "family-separation",
        "enforced-disappearance",
        "other",
    } <= codes
    for term in ViolationType.objects.all():
        assert term.name_ko and term.name_en and term.name_ko != term.name_en
        assert any("\uac00" <= ch <= "\ud7a3" for ch in term.name_ko), term.code
        with translation.override("ko"):
            assert str(term) == term.name_ko
        with translation.override("en"):
            assert str(term) == term.name_en


def test_the_export_holds_no_name_birth_date_or_place_below_region(people, hostile):
    export = researcher_export_prepare(
        user=people["worker"], purpose="Example University study", filters=ExportFilters()
    )
    text = export.csv_content + export.json_content
    assert NAME not in text and "철수" not in text
    assert "1970" not in text  # the year of birth became an age band
    assert "1998-03-14" not in text and "14" not in [r["month"] for r in _rows(export)]
    assert "창렬리" not in text and "예시군" not in text  # the place detail
    assert "예시 교화소" not in text and "Example prison" not in text  # the detention place's name
    assert "My name is" not in text  # narrative not marked anonymised
    assert "Second detention" not in text  # title not marked anonymised
    rows = _rows(export)
    assert len(rows) == 1  # the second event has no act: no row, no event in the JSON
    row = rows[0]
    assert row["year"] == "1998" and row["month"] == "3"
    assert row["region"] == "KP-09 North Hamgyong"
    assert row["detention_place_kind"] == "kyohwaso"
    assert row["victim_age_band"] == "20-29"
    assert row["victim_pseudonym"] == "Example Pine V"
    assert row["violation_code"] == "arbitrary-detention"
    assert row["perpetrators"] == "Ministry of State Security"
    assert row["source_grades"] == "B2"
    assert row["event_title"] == "Held after being sent back"  # marked and clean: kept
    assert row["event_description"] == ""  # marked, but it names the victim: withheld
    assert export.withheld_count == 1
    document = json.loads(export.json_content)
    assert document["events"][0]["acts"][0]["victim_age_band"] == "20-29"
    assert document["testimonies"][0]["narrative"] == ""


def test_a_pseudonym_holding_the_name_is_left_out(people, hostile):
    Victim.objects.filter(pk=hostile["victim"].pk).update(pseudonym=f"{NAME} (P)")
    export = researcher_export_prepare(
        user=people["supervisor"], purpose="x", filters=ExportFilters()
    )
    assert NAME not in export.csv_content + export.json_content
    assert _rows(export)[0]["victim_ref"] == "V0001"


def test_a_cell_cannot_become_a_spreadsheet_formula(people, hostile):
    Event.objects.filter(pk=hostile["event"].pk).update(title='=HYPERLINK("http://x")')
    hostile["event"].refresh_from_db()
    export = researcher_export_prepare(
        user=people["supervisor"], purpose="x", filters=ExportFilters()
    )
    assert _rows(export)[0]["event_title"].startswith("'=")


def test_filters_and_consent_decide_what_is_read(people, hostile):
    other = sample_testimony(
        by=people["supervisor"], name="박예시", pseudonym="Example Birch", consent=False
    )
    everything = researcher_export_prepare(
        user=people["supervisor"], purpose="a", filters=ExportFilters()
    )
    assert everything.case_ids == [hostile["case"].pk]  # no consent to researchers: not read
    assert other["case"].pk not in everything.case_ids
    torture_only = researcher_export_prepare(
        user=people["supervisor"], purpose="b", filters=ExportFilters(violation_codes=["torture"])
    )
    assert torture_only.act_count == 0
    china = researcher_export_prepare(
        user=people["supervisor"], purpose="c", filters=ExportFilters(countries=["CN"])
    )
    assert china.event_count == 0  # the Chinese event has no act
    late = researcher_export_prepare(
        user=people["supervisor"], purpose="d", filters=ExportFilters(year_from=1999)
    )
    assert late.act_count == 0


def test_a_caseworker_without_the_grant_gets_the_same_404_and_exports_omit_the_case(
    client, people, hostile
):
    client.force_login(people["other"])
    hidden = client.get(reverse("casework_testimony", args=[hostile["case"].case_number]))
    missing = client.get(reverse("casework_testimony", args=["T-1999-9999"]))
    assert hidden.status_code == missing.status_code == 404
    assert hidden.content == missing.content
    export = researcher_export_prepare(user=people["other"], purpose="x", filters=ExportFilters())
    assert export.case_ids == [] and export.act_count == 0
    assert _rows(export) == []
    # and the granted caseworker's export holds it
    granted = researcher_export_prepare(user=people["worker"], purpose="x", filters=ExportFilters())
    assert granted.case_ids == [hostile["case"].pk]


def test_an_unapproved_export_cannot_be_downloaded(client, people, hostile):
    export = researcher_export_prepare(user=people["worker"], purpose="x", filters=ExportFilters())
    for who in ("worker", "supervisor"):
        client.force_login(people[who])
        response = client.get(reverse("casework_export_download", args=[export.pk, "csv"]))
        assert response.status_code == 302
        assert "attachment" not in response.get("Content-Disposition", "")
    assert not AuditEntry.objects.filter(action="export").exists()


def test_review_then_download_each_in_the_audit_log(client, people, hostile):
    export = researcher_export_prepare(
        user=people["supervisor"], purpose="x", filters=ExportFilters()
    )
    assert AuditEntry.objects.filter(action="export.prepare", count=1).exists()
    with pytest.raises(ValidationError):  # four eyes: not the one who prepared it
        researcher_export_review(export=export, by=people["supervisor"], approve=True)

    client.force_login(people["worker"])  # a caseworker cannot review, even by POST
    client.post(reverse("casework_export", args=[export.pk]), {"decision": "approve"})
    assert ResearcherExport.objects.get(pk=export.pk).status == "prepared"

    client.force_login(people["supervisor2"])
    page = client.get(reverse("casework_export", args=[export.pk]))
    assert page.status_code == 200 and b"Example Pine V" in page.content  # the preview
    response = client.post(reverse("casework_export", args=[export.pk]), {"decision": "approve"})
    assert response.status_code == 302
    again = client.post(reverse("casework_export", args=[export.pk]), {"decision": "reject"})
    assert again.status_code == 302
    assert ResearcherExport.objects.get(pk=export.pk).status == "approved"
    assert AuditEntry.objects.filter(action="export.approve").count() == 1
    assert not AuditEntry.objects.filter(action="export.reject").exists()

    download = client.get(reverse("casework_export_download", args=[export.pk, "csv"]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert NAME not in download.content.decode("utf-8")
    entry = AuditEntry.objects.get(action="export")
    assert entry.count == 1 and entry.actor == people["supervisor2"]
    assert (
        client.get(reverse("casework_export_download", args=[export.pk, "xml"])).status_code == 404
    )


def test_download_asks_for_the_second_factor_again(client, people, hostile):
    export = researcher_export_prepare(user=people["worker"], purpose="x", filters=ExportFilters())
    researcher_export_review(export=export, by=people["supervisor"], approve=True)
    client.force_login(people["worker"])
    session = client.session
    session[VERIFIED_AT] = int(time.time()) - 3600
    session.save()
    response = client.get(reverse("casework_export_download", args=[export.pk, "csv"]))
    assert response.status_code == 302 and "/verify" in response["Location"]
    assert not AuditEntry.objects.filter(action="export").exists()


def test_a_caseworker_who_loses_the_grant_loses_the_export(client, people, hostile):
    from candle.casework.models import CaseAccessGrant
    from candle.casework.services import grant_withdraw

    export = researcher_export_prepare(user=people["worker"], purpose="x", filters=ExportFilters())
    researcher_export_review(export=export, by=people["supervisor"], approve=True)
    grant = CaseAccessGrant.objects.get(case=hostile["case"], user=people["worker"])
    grant_withdraw(grant=grant, by=people["supervisor"])
    client.force_login(people["worker"])
    assert client.get(reverse("casework_export", args=[export.pk])).status_code == 404
    assert (
        client.get(reverse("casework_export_download", args=[export.pk, "csv"])).status_code == 404
    )
    client.force_login(people["other"])  # someone else's export: the same 404
    assert client.get(reverse("casework_export", args=[export.pk])).status_code == 404


def test_the_prepare_form_refuses_bad_input_and_a_double_submit_stores_one(client, people, hostile):
    client.force_login(people["worker"])
    url = reverse("casework_export_prepare")
    bad = [
        {"purpose": "x", "year_from": "²"},
        {"purpose": "x", "year_from": "2005", "year_to": "2001"},
        {"purpose": "x", "year_from": "99999999999999999999"},
        {"purpose": "x" * 201},
        {"purpose": "x", "countries": ["XX"]},
        {"purpose": "x", "violation_types": ["no-such-type"]},
        {"purpose": "   "},
        {"purpose": "x\x00y"},
    ]
    for data in bad:
        response = client.post(url, data)
        assert response.status_code == 200, data
        assert b"error" in response.content, data
    assert ResearcherExport.objects.count() == 0
    good = {"purpose": "Example study", "countries": ["KP"], "violation_types": ["torture"]}
    first = client.post(url, good)
    second = client.post(url, good)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert ResearcherExport.objects.count() == 1


def test_staff_outside_casework_are_refused(client, people, hostile):
    client.force_login(people["editor"])
    for url in (
        reverse("casework_testimonies"),
        reverse("casework_exports"),
        reverse("casework_export_prepare"),
        reverse("casework_testimony", args=[hostile["case"].case_number]),
    ):
        response = client.get(url)
        refused = response.status_code in (403, 404) or (
            response.status_code == 302 and response["Location"] == "/admin/"
        )
        assert refused, url
        assert NAME not in response.content.decode()


def test_age_bands():
    assert age_band(1970, 1998) == "20-29"
    assert age_band(1930, 2000) == "60+"
    assert age_band(None, 2000) == "" and age_band(2001, 2000) == ""
