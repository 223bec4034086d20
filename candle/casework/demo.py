"""Demo casework: visibly fictional disappearance cases in every state of the Working Group's
procedure, for the demo's ``case-supervisor`` (who sees every case) and ``caseworker`` (granted
all of them but one, to show need-to-know). Then each other part's ``demo_<part>.demo_load()``
if that module exists. Idempotent: a case is found again by its pseudonym."""

from __future__ import annotations

import datetime as dt
import importlib

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from .dossiers import consent_record, dossier_event_add, dossier_open, reminder_add
from .models import Case, CaseAccessGrant
from .services import case_open, grant_give, note_add

PARTS = ("demo_rescue", "demo_testimonies")

# pseudonym, name (ko), disappeared (year, month), history [(step, days after submission)],
# complete?, granted to the caseworker?
_CASES = (
    ("Example Crane", "김예시", (1977, 8), [], False, True),
    ("Example Swallow", "이예시", (1987, 1), [("submitted", 0)], True, True),
    ("Example Magpie", "박예시", (1969, 12), [("submitted", 0), ("transmitted", 60)], True, True),
    (
        "Example Heron",
        "최예시",
        (1975, 8),
        [
            ("submitted", 0),
            ("transmitted", 45),
            ("government_reply", 200),
            ("source_comments", 230),
        ],
        True,
        True,
    ),
    ("Example Sparrow", "정예시", None, [("submitted", 0), ("clarified", 400)], True, False),
    ("Example Plover", "한예시", (1970, 6), [("submitted", 0), ("closed", 900)], True, True),
)


def _urgent_date() -> tuple[int, int]:
    recent = timezone.localdate() - dt.timedelta(days=30)
    return recent.year, recent.month


@transaction.atomic
def _cases_load() -> list[str]:
    users = get_user_model().objects.filter(username__in=("caseworker", "case-supervisor"))
    by_name = {user.username: user for user in users}
    supervisor, worker = by_name.get("case-supervisor"), by_name.get("caseworker")
    if supervisor is None or worker is None:
        return ["Casework demo skipped: the demo's caseworker accounts are missing."]
    made = 0
    specs = [*_CASES, ("Example Oriole", "오예시", _urgent_date(), [], True, True)]
    for pseudonym, name_ko, when, history, complete, granted in specs:
        if Case.objects.filter(pseudonym=pseudonym).exists():
            continue
        case = case_open(
            user=supervisor,
            kind=Case.Kind.DISAPPEARANCE,
            pseudonym=pseudonym,
            country="KP",
            region="Example Province" if complete else "",
            summary=f"{pseudonym}: a fictional case for the demo. No real person.",
            opened_on=dt.date(2025, 1, 10),
        )
        dossier = dossier_open(case=case)
        dossier.name_ko = name_ko
        dossier.family_name, dossier.given_name = name_ko[0] + " (example)", "Example"
        dossier.sex = "male"
        dossier.nationality = "Republic of Korea"
        dossier.occupation = "Fisherman (example)"
        if when:
            dossier.disappeared_year, dossier.disappeared_month = when
        if complete:
            dossier.forces_responsible = "Example State agents (fictional)"
            dossier.circumstances = "Taken at sea, the demo says. Nothing here is real."
            dossier.family_steps = "Letters to the Red Cross and the ministry (fictional)."
            dossier.source_name, dossier.source_relationship = f"{name_ko} 가족", "Daughter"
            dossier.source_contact = "family@candle.example"
        dossier.save()
        if complete:
            consent_record(
                dossier=dossier,
                by=supervisor,
                given_by=f"{name_ko} 가족 (daughter)",
                purpose="submission",
                given_on=dt.date(2025, 1, 5),
            )
        start = dt.date(2025, 2, 1)
        for step, days in history:
            on = start + dt.timedelta(days=days)
            dossier_event_add(dossier=dossier, by=supervisor, kind=step, on=on)
            if step == "submitted":
                dossier.wgeid_reference = f"EX-{case.pk:05d}"
                dossier.save(update_fields=["wgeid_reference"])
        if history and history[-1][0] not in ("closed", "clarified"):
            reminder_add(
                dossier=dossier,
                by=supervisor,
                due_on=timezone.localdate() + dt.timedelta(days=14),
                what="Ask the family for news (demo)",
            )
        note_add(case=case, author=supervisor, body="Spoke with the family (fictional demo).")
        if granted and not CaseAccessGrant.objects.filter(case=case, user=worker).exists():
            grant_give(case=case, user=worker, by=supervisor, reason="Demo")
        made += 1
    return [f"Casework: {made} fictional disappearance cases for caseworker / case-supervisor."]


def demo_load(**_kwargs) -> list[str]:
    lines = _cases_load()
    for part in PARTS:
        try:
            module = importlib.import_module(f"candle.casework.{part}")
        except ModuleNotFoundError as error:
            if error.name != f"candle.casework.{part}":
                raise
            continue
        lines += list(module.demo_load())
    return lines
