"""Demo testimonies: visibly fictional people (김예시, "Example Swallow"), events, acts, sources
and interventions, and one researcher export waiting for review. Opened by the demo's
``caseworker`` account (so granted to it) and seen by ``case-supervisor``; no one else.
Idempotent: a testimony whose case pseudonym exists already is left as it is."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction

from .models import (
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
from .researcher_export import ExportFilters, researcher_export_prepare
from .services import case_open

PLACES = (
    ("demo-jipkyulso", "예시 집결소", "Example holding centre", "jipkyulso", "KP", "KP-09"),
    ("demo-kyohwaso", "예시 교화소", "Example prison", "kyohwaso", "KP", "KP-08"),
    (
        "demo-cn-detention",
        "예시 변방구류소",
        "Example border detention centre",
        "foreign",
        "CN",
        "CN-JL",
    ),
)

# (case pseudonym, consents (un, researchers, public), narrative, anonymised, victims, events)
# victims: (pseudonym, name, sex, year of birth, relation)
# events: (title, from, precision, country, region, place code, acts: (type, victim, units))
TESTIMONIES = (
    (
        "Example Swallow",
        (True, True, False),
        "증언자는 중국에서 체포되어 강제송환된 뒤 집결소와 교화소에서 겪은 일을 이야기했다. (예시)",
        True,
        (("Example Swallow", "김예시", "f", 1985, "self"),),
        (
            (
                "Arrest in China and forced return",
                dt.date(2010, 4, 1),
                "month",
                "CN",
                "CN-JL",
                "demo-cn-detention",
                (("forced-repatriation", 0, ("cn-public-security",)),),
            ),
            (
                "Interrogation after return",
                dt.date(2010, 5, 1),
                "month",
                "KP",
                "KP-09",
                "demo-jipkyulso",
                (
                    ("arbitrary-detention", 0, ("mss",)),
                    ("torture", 0, ("mss",)),
                ),
            ),
            (
                "Forced labour in prison",
                dt.date(2011, 1, 1),
                "year",
                "KP",
                "KP-08",
                "demo-kyohwaso",
                (("forced-labour", 0, ("mps",)),),
            ),
        ),
    ),
    (
        "Example Magpie",
        (True, False, False),
        "박예시 씨가 시장에서 본 공개처형과 그 뒤 헤어진 가족에 대한 증언. (예시)",
        False,
        (
            ("Example Magpie", "박예시", "m", 1960, "self"),
            ("Example Magpie's son", "박아들예시", "m", 1988, "family"),
        ),
        (
            (
                "Public execution at a market",
                dt.date(2005, 9, 1),
                "year",
                "KP",
                "KP-10",
                "",
                (("public-execution", 0, ("mps",)),),
            ),
            (
                "Son taken away",
                dt.date(2007, 3, 1),
                "month",
                "KP",
                "KP-10",
                "",
                (
                    ("family-separation", 0, ("mss",)),
                    ("enforced-disappearance", 1, ("mss",)),
                ),
            ),
        ),
    ),
    (
        "Example Crane",
        (False, True, True),
        "이예시 씨의 삼촌이 1999년에 끌려간 뒤 소식이 끊겼다는 가족의 증언. (예시)",
        False,
        (("Example Crane's uncle", "이삼촌예시", "m", 1950, "family"),),
        (
            (
                "Uncle taken at night",
                dt.date(1999, 11, 20),
                "day",
                "KP",
                "KP-02",
                "",
                (("enforced-disappearance", 0, ("mss",)),),
            ),
        ),
    ),
)


def _places() -> dict[str, DetentionPlace]:
    places = {}
    for code, name_ko, name_en, kind, country, region in PLACES:
        places[code], _created = DetentionPlace.objects.get_or_create(
            code=code,
            defaults={
                "name_ko": name_ko,
                "name_en": name_en,
                "kind": kind,
                "country": country,
                "region": region,
            },
        )
    return places


@transaction.atomic
def _testimony_load(*, worker, spec, places) -> bool:
    pseudonym, consents, narrative, anonymised, victims, events = spec
    if Case.objects.filter(kind=Case.Kind.TESTIMONY, pseudonym=pseudonym).exists():
        return False
    case = case_open(
        user=worker,
        kind=Case.Kind.TESTIMONY,
        pseudonym=pseudonym,
        country="KP",
        summary=f"{pseudonym}: 예시 증언 사례 (fictional)",
        opened_on=dt.date(2024, 3, 4),
    )
    testimony = Testimony.objects.create(
        case=case,
        given_on=dt.date(2024, 3, 4),
        interviewer=worker,
        consent_un=consents[0],
        consent_researchers=consents[1],
        consent_public=consents[2],
        narrative=narrative,
        narrative_anonymised=anonymised,
    )
    people = [
        Victim.objects.create(
            testimony=testimony,
            pseudonym=v_pseudonym,
            name=name,
            sex=sex,
            year_of_birth=born,
            relation=relation,
        )
        for v_pseudonym, name, sex, born, relation in victims
    ]
    types = {vt.code: vt for vt in ViolationType.objects.all()}
    units = {unit.code: unit for unit in PerpetratorUnit.objects.all()}
    source = Source.objects.create(
        testimony=testimony,
        kind=Source.Kind.WITNESS,
        reliability="B",
        credibility=2,
        description="면담 녹취 (예시)",
    )
    for title, start, precision, country, region, place, acts in events:
        event = Event.objects.create(
            testimony=testimony,
            title=title,
            text_anonymised=True,
            date_from=start,
            date_precision=precision,
            country=country,
            region=region,
            detention_place=places.get(place),
        )
        source.events.add(event)
        for code, victim_index, unit_codes in acts:
            act = Act.objects.create(
                event=event, violation_type=types[code], victim=people[victim_index]
            )
            act.perpetrators.set([units[c] for c in unit_codes if c in units])
    Intervention.objects.create(
        testimony=testimony,
        addressee=Intervention.Addressee.WGAD if consents[0] else Intervention.Addressee.OTHER,
        made_on=dt.date(2024, 6, 10),
        result=Intervention.Result.PENDING,
    )
    return True


def demo_load() -> list[str]:
    users = get_user_model().objects
    worker = users.filter(username="caseworker").first()
    if worker is None:
        return ["Casework testimonies: skipped (no demo caseworker account)."]
    places = _places()
    made = sum(_testimony_load(worker=worker, spec=spec, places=places) for spec in TESTIMONIES)
    if made and not ResearcherExport.objects.filter(prepared_by=worker).exists():
        researcher_export_prepare(
            user=worker,
            purpose="Example University: study of detention after forced return (demo)",
            filters=ExportFilters(),
        )
    return [
        f"Casework testimonies: {made} fictional testimonies added for the demo caseworker; "
        "a researcher export waits for case-supervisor's review."
    ]
