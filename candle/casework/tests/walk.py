"""Every casework URL, found from the URL resolver, and the rows to fill them with.

Used by casework's access matrix (``test_core_matrix.py``), by the walk of every admin screen of
personal data (``candle/core/tests/personal_data_walk.py``) and by the roles matrix
(``candle/access/tests/test_roles_matrix.py``), so a casework URL added later is walked by all
three without being listed.

How another part of casework plugs in:

- Put its admin URLs under ``/admin/casework/`` and give them names starting ``casework_``.
- Name path parameters from ``PARAMETERS`` (``case_number``, ``note_id``, ``document_id``…), or
  add a filler for a new one to ``PARAMETERS`` (a function of the rows).
- A URL about a case of another kind: add its name prefix to ``CASE_KIND_BY_NAME`` (the walk's
  ``case_number`` is then a case of that kind).
- A URL only supervisors may open: add its name to ``SUPERVISOR_ONLY``. A URL that answers GET
  with something other than 200 when allowed: ``ALLOWED_STATUS``.
- Rows it needs: add them in ``casework_walk_rows`` (its own model's row about the walk's case).
"""

from __future__ import annotations

import datetime as dt
import re

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver

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

# What the walk writes into the records (a test searches responses and the database for it).
SECRET_NAME = "홍시험누설"
SECRET_NARRATIVE = "Taken from the fishing boat Example-7 near the western islands"
SECRET_CONTACT = "source.leaktest@families.example"

CASE_KIND_BY_NAME = {
    "casework_rescue": Case.Kind.RESCUE,
    "casework_testimony": Case.Kind.TESTIMONY,
}
SUPERVISOR_ONLY = {
    "casework_grant_new",
    "casework_grant_withdraw",
    # a researcher export is its preparer's and the supervisors' (the walk's preparer is neither
    # of the walk's caseworkers)
    "casework_export",
    "casework_export_download",
    "casework_figures:index",  # the public figures: supervisors publish them
}
ALLOWED_STATUS: dict[str, int] = {}
WALK = "Example Walk"

_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def _pattern_walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _pattern_walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}{pattern.name}" if pattern.name else None
            yield prefix + str(pattern.pattern), name, pattern


def casework_urls() -> list[tuple[str, str]]:
    """(route, name) of every casework URL: under admin/casework/ or named casework_…"""
    found = []
    for route, name, _pattern in _pattern_walk(get_resolver().url_patterns):
        if route.startswith("admin/casework/") or (name or "").startswith("casework_"):
            found.append((route, name or ""))
    return found


def case_kind_for(name: str) -> str:
    for prefix, kind in CASE_KIND_BY_NAME.items():
        if name.startswith(prefix):
            return kind
    return Case.Kind.DISAPPEARANCE


def _case(rows, name):
    """The walk's case of the URL's kind (one of each is made by ``casework_walk_rows``)."""
    return Case.objects.filter(kind=case_kind_for(name), pseudonym__startswith=WALK).get()


PARAMETERS = {
    "case_number": lambda rows, name: _case(rows, name).case_number,
    "note_id": lambda rows, name: rows[CaseNote].pk,
    "document_id": lambda rows, name: rows[CaseDocument].pk,
    "grant_id": lambda rows, name: rows[CaseAccessGrant].pk,
    "reminder_id": lambda rows, name: rows[DossierReminder].pk,
    "consent_id": lambda rows, name: rows[FamilyConsent].pk,
    "fmt": lambda rows, name: "docx",
    "case_id": lambda rows, name: _case(rows, name).pk,
}
# Parameters that name a case: a URL with one is about that case (grantees and supervisors).
CASE_PARAMETERS = {"case_number", "case_id"}


def casework_path_values(rows) -> dict[str, dict[str, object]]:
    """For each casework URL name, its path parameters' values from the walk's rows."""
    from .testimony_rows import walk_path_values as testimony_path_values

    parts = {**testimony_path_values(rows), **_rescue_path_values(rows)}  # a part's own win
    values = {}
    for route, name in casework_urls():
        params = [m.group("name") for m in _PARAM.finditer(route)]
        values[name] = {p: PARAMETERS[p](rows, name) for p in params if p in PARAMETERS}
        values[name].update(parts.get(name, {}))
    return values


def _rescue_path_values(rows) -> dict[str, dict[str, object]]:
    from candle.casework.models import ReliefGiven, RescueCost

    if RescueCost not in rows:
        return {}
    return {
        "casework_rescue:relief_edit": {"pk": rows[ReliefGiven].pk},
        "casework_rescue:cost_edit": {"pk": rows[RescueCost].pk},
        "casework_rescue:campaign_costs_csv": {"campaign_id": rows[RescueCost].campaign_id},
    }


def rescue_rows_create(
    case, owner, *, secret: str = SECRET_NARRATIVE, on: dt.date | None = None, slug: str = "walk"
) -> dict:
    """A stage, relief (its note ``secret``) and a cost (its detail ``secret``) charged to a
    campaign under a new home page, on a rescue case: the casework walk's and the personal-data
    walk's rows."""
    from decimal import Decimal

    from wagtail.models import Locale, Page

    from candle.casework.models import ReliefGiven, RescueCost, RescueStage
    from candle.giving.models import CampaignPage
    from candle.pages.models import HomePage

    home = HomePage(
        title=f"사건 순회 {slug}",
        slug=f"home-rescue-{slug}",
        mission="-",
        locale=Locale.objects.get_or_create(language_code="ko")[0],
    )
    Page.get_first_root_node().add_child(instance=home)
    campaign = home.add_child(
        instance=CampaignPage(title="순회 캠페인", slug=f"{slug}-rescue", goal=Decimal("1000"))
    )
    on = on or dt.date(2099, 1, 5)
    return {
        RescueStage: RescueStage.objects.create(
            case=case, stage="shelter", reached_on=on, recorded_by=owner
        ),
        ReliefGiven: ReliefGiven.objects.create(
            case=case, kind="food", given_on=on, note=secret, recorded_by=owner
        ),
        RescueCost: RescueCost.objects.create(
            case=case,
            amount=Decimal("1000"),
            spent_on=on,
            kind="food",
            stage="shelter",
            detail=secret,
            campaign=campaign,
            recorded_by=owner,
        ),
    }


def casework_url(route: str, name: str, rows) -> str:
    given = casework_path_values(rows)[name]

    def value(match):
        param = match.group("name")
        if param not in given:
            raise LookupError(f"{route}: add a filler for <{param}> to PARAMETERS in walk.py")
        return str(given[param])

    return "/" + _PARAM.sub(value, route)


def casework_needs_case(route: str) -> bool:
    """Whether the URL is about one case (only grantees and supervisors open it)."""
    return any(m.group("name") in CASE_PARAMETERS for m in _PARAM.finditer(route))


def casework_roles_needs() -> dict[str, list[set[str]]]:
    """What a role alone needs to open each casework URL (for the roles matrix): a URL about
    one case needs a grant, which no role gives, so only supervisors open it."""
    needs = {}
    for route, name in casework_urls():
        if casework_needs_case(route) or name in SUPERVISOR_ONLY:
            needs[name] = [{"casework.change_caseaccessgrant"}]
        else:
            needs[name] = [{"casework.view_case"}]
    return needs


def casework_walk_rows(owner=None, *, testimony: bool = True, rescue: bool = True) -> dict:
    """A case of each kind, the disappearance case with a note, a document, a grant, a full
    dossier with history, reminder and consent; what identifies the person is the walk's
    secrets. ``owner`` opens them (a new superuser-free supervisor account by default)."""
    from candle.casework.dossiers import consent_record, dossier_event_add, reminder_add
    from candle.casework.services import document_add, note_add

    if owner is None:
        owner = get_user_model().objects.create_user(
            "casework-walk-owner", password="x-not-used-123", is_superuser=True
        )
    cases = {}
    for kind in Case.Kind.values:
        cases[kind] = Case.objects.create(
            case_number=f"{kind[0].upper()}-2099-0{len(cases) + 1}42",
            kind=kind,
            pseudonym=f"{WALK} {kind.title()}",
            country="KP",
            region="Example Province",
            summary=SECRET_NARRATIVE,
            opened_on=dt.date(2099, 1, 2),
            created_by=owner,
        )
    case = cases[Case.Kind.DISAPPEARANCE]
    dossier = Dossier.objects.create(
        case=case,
        family_name="Hong",
        given_name="Walk",
        name_ko=SECRET_NAME,
        disappeared_year=1977,
        disappeared_month=8,
        forces_responsible="Example unit",
        circumstances=SECRET_NARRATIVE,
        family_steps="Letters to the Red Cross (example)",
        source_name=SECRET_NAME + " 가족",
        source_relationship="Daughter",
        source_contact=SECRET_CONTACT,
    )
    worker = get_user_model().objects.create_user("casework-walk-worker", password="x-123-not")
    document = document_add(
        case=case,
        by=owner,
        title=f"{SECRET_NAME} statement",
        upload=SimpleUploadedFile("statement.txt", SECRET_NARRATIVE.encode()),
        content_type="text/plain",
    )
    rows = {
        Case: case,
        Dossier: dossier,
        CaseNote: note_add(case=case, author=owner, body=SECRET_NARRATIVE),
        CaseDocument: document,
        CaseAccessGrant: CaseAccessGrant.objects.create(
            case=case, user=worker, granted_by=owner, reason="walk"
        ),
        DossierEvent: dossier_event_add(
            dossier=dossier, by=owner, kind="submitted", on=dt.date(2099, 1, 3)
        ),
        DossierReminder: reminder_add(
            dossier=dossier, by=owner, due_on=dt.date(2099, 4, 1), what="Ask the family (example)"
        ),
        FamilyConsent: consent_record(
            dossier=dossier,
            by=owner,
            given_by=SECRET_NAME + " 가족",
            purpose="submission",
            given_on=dt.date(2099, 1, 1),
        ),
    }
    if rescue:  # the rescue part's rows, on the walk's rescue case
        rows.update(rescue_rows_create(cases[Case.Kind.RESCUE], owner))
    if testimony:  # the testimony part's rows: a testimony, its parts and an approved export
        from .testimony_rows import walk_rows as testimony_walk_rows

        rows.update(testimony_walk_rows(name=SECRET_NAME, case=cases[Case.Kind.TESTIMONY]))
    return rows
