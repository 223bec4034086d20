"""Rows for the testimony tests and for the admin walks (``candle/core/tests/personal_data_walk``
and ``candle/access/tests/test_roles_matrix``), which ask for every testimony screen by URL."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model

from candle.casework.models import (
    Act,
    Case,
    DetentionPlace,
    Event,
    Intervention,
    PerpetratorUnit,
    ResearcherExport,
    Source,
    Testimony,
    Victim,
    ViolationType,
)
from candle.casework.services import case_open

# Staff views without a model, and what each needs (at least one of each set), for the roles
# matrix walk. The walk's rows are granted to no caseworker, so a record's screens open only
# for those who see every case (supervisors); the lists and the prepare form open for every
# caseworker.
TESTIMONY_STAFF_VIEWS: dict[str, list[set[str]]] = {
    "casework_testimonies": [{"casework.view_case"}],
    "casework_exports": [{"casework.view_case"}],
    "casework_export_prepare": [{"casework.view_case"}],
    "casework_testimony": [{"casework.change_caseaccessgrant"}],
    "casework_testimony_edit": [{"casework.change_caseaccessgrant"}],
    "casework_testimony_part_add": [{"casework.change_caseaccessgrant"}],
    "casework_testimony_part_edit": [{"casework.change_caseaccessgrant"}],
    "casework_export": [{"casework.change_caseaccessgrant"}],
    "casework_export_download": [{"casework.change_caseaccessgrant"}],
}


def sample_testimony(
    *, by, name: str, pseudonym: str = "Example Pine", consent=True, case=None
) -> dict:
    """A testimony case with one victim (named ``name``), event, act, source and intervention
    (on ``case`` when given: the casework walk's own testimony case)."""
    if case is None:
        case = case_open(user=by, kind=Case.Kind.TESTIMONY, pseudonym=pseudonym, country="KP")
    testimony = Testimony.objects.create(
        case=case,
        given_on=dt.date(2024, 5, 2),
        consent_researchers=consent,
        narrative=f"{name} told us about the camp.",
    )
    victim = Victim.objects.create(
        testimony=testimony, pseudonym=f"{pseudonym} V", name=name, sex="f", year_of_birth=1970
    )
    place = DetentionPlace.objects.get_or_create(
        code="example-kyohwaso",
        defaults={
            "name_ko": "예시 교화소",
            "name_en": "Example prison",
            "kind": DetentionPlace.Kind.PRISON,
            "country": "KP",
            "region": "KP-09",
        },
    )[0]
    event = Event.objects.create(
        testimony=testimony,
        title="Detention after return",
        text_anonymised=True,
        date_from=dt.date(1998, 3, 14),
        date_precision=Event.Precision.DAY,
        country="KP",
        region="KP-09",
        place_detail="예시군 창렬리 3반",
        detention_place=place,
    )
    act = Act.objects.create(
        event=event,
        violation_type=ViolationType.objects.get(code="arbitrary-detention"),
        victim=victim,
    )
    act.perpetrators.add(PerpetratorUnit.objects.get(code="mss"))
    source = Source.objects.create(
        testimony=testimony, kind="witness", reliability="B", credibility=2
    )
    source.events.add(event)
    intervention = Intervention.objects.create(
        testimony=testimony, addressee="wgad", made_on=dt.date(2024, 6, 1)
    )
    return {
        "case": case,
        "testimony": testimony,
        "victim": victim,
        "event": event,
        "act": act,
        "source": source,
        "intervention": intervention,
        "place": place,
    }


def walk_rows(*, name: str, case=None) -> dict:
    """One testimony about the walk's fictional person and an approved export, by model."""
    users = get_user_model().objects
    preparer = users.create_user("cw-walk-preparer", password="x-not-used-123")
    built = sample_testimony(by=preparer, name=name, case=case)
    export = ResearcherExport.objects.create(
        prepared_by=preparer,
        purpose="walk",
        case_ids=[built["case"].pk],
        csv_content="event_ref\nE0001\n",
        json_content="{}",
        status=ResearcherExport.Status.APPROVED,
    )
    return {
        Testimony: built["testimony"],
        Event: built["event"],
        Act: built["act"],
        Victim: built["victim"],
        Source: built["source"],
        Intervention: built["intervention"],
        DetentionPlace: built["place"],
        ViolationType: ViolationType.objects.order_by("pk").first(),
        PerpetratorUnit: PerpetratorUnit.objects.order_by("pk").first(),
        ResearcherExport: export,
    }


def walk_path_values(rows) -> dict[str, dict[str, object]]:
    if Testimony not in rows:
        return {}
    number = rows[Testimony].case.case_number
    return {
        "casework_testimony": {"case_number": number},
        "casework_testimony_edit": {"case_number": number},
        "casework_testimony_part_add": {"case_number": number, "part": "event"},
        "casework_testimony_part_edit": {
            "case_number": number,
            "part": "event",
            "pk": rows[Event].pk,
        },
        "casework_export": {"pk": rows[ResearcherExport].pk},
        "casework_export_download": {"pk": rows[ResearcherExport].pk, "fmt": "csv"},
    }
