"""The researcher export: testimony data with identities removed, released after review.

1. ``researcher_export_prepare``: a caseworker or supervisor chooses violation types, years and
   countries. Only cases the preparer may see (``cases_visible_to``), of kind testimony, whose
   witness consented to researchers, are read. Identities are stripped as the rows are built:

   - no names (victims are a reference and their pseudonym; a pseudonym holding the victim's
     name is left out);
   - no birth dates: a victim's year of birth becomes an age band at the time of the event;
   - no event day: year, and month when the month is known;
   - no place below region: the country and region come from the closed list in ``places``; a
     place of detention is given by its kind and region, never its name; the encrypted place
     detail never leaves;
   - no free text (narrative, event title and description) unless staff marked it anonymised,
     and even then not when it holds the name of a victim of the same testimony (counted as
     withheld, so the reviewer sees it happened); notes and source descriptions never.

   The CSV (one row per act) and the JSON (events with their acts, victims by pseudonym) are
   stored encrypted on the export, status "prepared" (``export.prepare`` in the audit log).
2. ``researcher_export_review``: a case supervisor other than the preparer reads the preview and
   approves or rejects (``export.approve`` / ``export.reject``).
3. ``researcher_export_file``: only an approved export is given out, to its preparer (while they
   may still see every case in it) or a supervisor, behind step-up, logged as ``export`` with
   the number of rows.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from candle.audit.log import record

from .access import NOT_FOUND, can_supervise, can_use_casework, cases_visible_to
from .models import Case, Event, ResearcherExport, Testimony
from .places import region_label

CSV_COLUMNS = (
    "event_ref",
    "testimony_ref",
    "year",
    "month",
    "country",
    "region",
    "detention_place_kind",
    "violation_code",
    "violation_en",
    "violation_ko",
    "victim_ref",
    "victim_pseudonym",
    "victim_sex",
    "victim_age_band",
    "victim_relation",
    "perpetrators",
    "source_grades",
    "event_title",
    "event_description",
)
SEX_EN = {"f": "female", "m": "male", "u": "unknown"}
PREVIEW_ROWS = 25
DOUBLE_SUBMIT_SECONDS = 120


@dataclass
class ExportFilters:
    violation_codes: list[str] = field(default_factory=list)
    year_from: int | None = None
    year_to: int | None = None
    countries: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "violation_codes": sorted(self.violation_codes),
            "year_from": self.year_from,
            "year_to": self.year_to,
            "countries": sorted(self.countries),
        }


# --- identity stripping ---------------------------------------------------------------------

_SPACE = re.compile(r"\s+")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _squeeze(text: str) -> str:
    return _SPACE.sub("", text).casefold()


def text_names_anyone(text: str, names: list[str]) -> bool:
    """Whether ``text`` holds one of ``names`` (ignoring case and spaces: "홍 길동" is 홍길동)."""
    squeezed = _squeeze(text)
    return any(len(name) >= 2 and name in squeezed for name in names)


def _names_of(testimony: Testimony) -> list[str]:
    names = []
    for victim in testimony.victims.all():
        whole = _squeeze(victim.name or "")
        if whole:
            names.append(whole)
            # a western-style name is also found by its parts ("Kim Example" → "example")
            names += [_squeeze(part) for part in (victim.name or "").split() if len(part) >= 3]
    return names


def age_band(year_of_birth: int | None, year: int) -> str:
    if year_of_birth is None or year < year_of_birth:
        return ""
    age = year - year_of_birth
    if age >= 60:
        return "60+"
    low = age // 10 * 10
    return f"{low}-{low + 9}"


def _cell(value) -> str:
    """A CSV cell a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


# --- building the rows ----------------------------------------------------------------------


def _events(*, user, filters: ExportFilters):
    cases = cases_visible_to(user).filter(
        kind=Case.Kind.TESTIMONY, testimony__consent_researchers=True
    )
    events = (
        Event.objects.filter(testimony__case__in=cases)
        .select_related("testimony", "detention_place")
        .prefetch_related(
            "acts__violation_type",
            "acts__victim",
            "acts__perpetrators",
            "source_set",
            "testimony__victims",
        )
        .order_by("testimony__case_id", "date_from", "pk")
    )
    if filters.countries:
        events = events.filter(country__in=filters.countries)
    if filters.year_from is not None:
        events = events.filter(date_from__year__gte=filters.year_from)
    if filters.year_to is not None:
        events = events.filter(date_from__year__lte=filters.year_to)
    if filters.violation_codes:
        events = events.filter(acts__violation_type__code__in=filters.violation_codes).distinct()
    return events


def researcher_export_build(*, user, filters: ExportFilters) -> dict:
    """The stripped data: CSV text, JSON text, counts and the cases read. Writes nothing."""
    testimony_refs: dict[int, str] = {}
    victim_refs: dict[int, str] = {}
    testimonies_json: dict[int, dict] = {}
    victims_json: list[dict] = []
    victims_by_ref: dict[str, dict] = {}
    events_json: list[dict] = []
    rows: list[list[str]] = []
    withheld = 0
    names_by_testimony: dict[int, list[str]] = {}

    def free_text(text: str, *, anonymised: bool, testimony: Testimony) -> str:
        nonlocal withheld
        if not text or not anonymised:
            return ""
        if text_names_anyone(text, names_by_testimony[testimony.pk]):
            withheld += 1
            return ""
        return text

    for event in _events(user=user, filters=filters):
        testimony = event.testimony
        if testimony.pk not in testimony_refs:
            testimony_refs[testimony.pk] = f"T{len(testimony_refs) + 1:03d}"
            names_by_testimony[testimony.pk] = _names_of(testimony)
            testimonies_json[testimony.pk] = {
                "ref": testimony_refs[testimony.pk],
                "language": testimony.language,
                "year_given": testimony.given_on.year,
                "narrative": free_text(
                    testimony.narrative,
                    anonymised=testimony.narrative_anonymised,
                    testimony=testimony,
                ),
            }
        event_ref = f"E{len(events_json) + 1:04d}"
        year = event.date_from.year
        month = event.date_from.month if event.date_precision != Event.Precision.YEAR else None
        place = event.detention_place
        title = free_text(event.title, anonymised=event.text_anonymised, testimony=testimony)
        description = free_text(
            event.description, anonymised=event.text_anonymised, testimony=testimony
        )
        grades = sorted({source.grade for source in event.source_set.all()})
        acts_json = []
        for act in event.acts.all():
            if filters.violation_codes and act.violation_type.code not in filters.violation_codes:
                continue
            victim = act.victim
            if victim.pk not in victim_refs:
                victim_refs[victim.pk] = f"V{len(victim_refs) + 1:04d}"
                pseudonym = victim.pseudonym
                if text_names_anyone(pseudonym, names_by_testimony[testimony.pk]):
                    pseudonym = ""
                    withheld += 1
                victims_by_ref[victim_refs[victim.pk]] = {
                    "ref": victim_refs[victim.pk],
                    "pseudonym": pseudonym,
                    "sex": SEX_EN.get(victim.sex, "unknown"),
                    "relation": victim.relation,
                    "testimony_ref": testimony_refs[testimony.pk],
                }
                victims_json.append(victims_by_ref[victim_refs[victim.pk]])
            victim_row = victims_by_ref[victim_refs[victim.pk]]
            perpetrators = sorted(unit.name_en for unit in act.perpetrators.all())
            band = age_band(victim.year_of_birth, year)
            acts_json.append(
                {
                    "violation": act.violation_type.code,
                    "victim_ref": victim_refs[victim.pk],
                    "victim_age_band": band,
                    "perpetrators": perpetrators,
                }
            )
            rows.append(
                [
                    event_ref,
                    testimony_refs[testimony.pk],
                    str(year),
                    str(month or ""),
                    event.country,
                    region_label_en(event.region),
                    place.kind if place else "",
                    act.violation_type.code,
                    act.violation_type.name_en,
                    act.violation_type.name_ko,
                    victim_refs[victim.pk],
                    victim_row["pseudonym"],
                    victim_row["sex"],
                    band,
                    victim.relation,
                    "; ".join(perpetrators),
                    " ".join(grades),
                    title,
                    description,
                ]
            )
        if not acts_json:
            continue
        events_json.append(
            {
                "ref": event_ref,
                "testimony_ref": testimony_refs[testimony.pk],
                "year": year,
                "month": month,
                "country": event.country,
                "region": region_label_en(event.region),
                "detention_place": (
                    {"kind": place.kind, "region": region_label_en(place.region)} if place else None
                ),
                "source_grades": grades,
                "title": title,
                "description": description,
                "acts": acts_json,
            }
        )

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    writer.writerows([_cell(value) for value in row] for row in rows)
    document = {
        "format": "candle-testimonies/1",
        "note": "Identities removed: see docs/subsystems/casework.md, Researcher export.",
        "testimonies": list(testimonies_json.values()),
        "victims": victims_json,
        "events": events_json,
    }
    used_testimonies = {ev["testimony_ref"] for ev in events_json}
    document["testimonies"] = [t for t in document["testimonies"] if t["ref"] in used_testimonies]
    case_ids = sorted(
        Testimony.objects.filter(
            pk__in=[pk for pk, ref in testimony_refs.items() if ref in used_testimonies]
        ).values_list("case_id", flat=True)
    )
    return {
        "csv": buffer.getvalue(),
        "json": json.dumps(document, ensure_ascii=False, indent=2),
        "events": len(events_json),
        "acts": len(rows),
        "victims": len(victims_json),
        "withheld": withheld,
        "case_ids": case_ids,
    }


def region_label_en(code: str) -> str:
    """A region as the file gives it: its code and English name (the file is for anyone)."""
    from django.utils import translation

    if not code:
        return ""
    with translation.override("en"):
        return f"{code} {region_label(code)}"


# --- the release ----------------------------------------------------------------------------


@transaction.atomic
def researcher_export_prepare(*, user, purpose: str, filters: ExportFilters) -> ResearcherExport:
    """Build and store an export for review. The same request sent twice within two minutes
    (a double click) returns the first export instead of making another."""
    if not can_use_casework(user):
        raise PermissionDenied
    purpose = purpose.strip()
    if not purpose:
        raise ValidationError({"purpose": _("Say who the export is for and why.")})
    recent = ResearcherExport.objects.filter(
        prepared_by=user,
        purpose=purpose,
        status=ResearcherExport.Status.PREPARED,
        prepared_at__gte=timezone.now() - timezone.timedelta(seconds=DOUBLE_SUBMIT_SECONDS),
    )
    for export in recent:
        if export.filters == filters.as_json():
            return export
    built = researcher_export_build(user=user, filters=filters)
    export = ResearcherExport.objects.create(
        prepared_by=user,
        purpose=purpose,
        filters=filters.as_json(),
        case_ids=built["case_ids"],
        event_count=built["events"],
        act_count=built["acts"],
        victim_count=built["victims"],
        withheld_count=built["withheld"],
        csv_content=built["csv"],
        json_content=built["json"],
    )
    record("export.prepare", actor=user, target=export, count=built["acts"], detail=purpose)
    return export


def researcher_exports_visible_to(user):
    """Supervisors see every export; a caseworker the ones they prepared."""
    exports = ResearcherExport.objects.select_related("prepared_by", "reviewed_by")
    if can_supervise(user):
        return exports
    if can_use_casework(user):
        return exports.filter(prepared_by=user)
    return exports.none()


def researcher_export_get(user, *, pk: int) -> ResearcherExport:
    """The export, or the one 404 when it is missing or not the user's to see: a caseworker's
    own export stops being theirs once a case in it is no longer granted to them."""
    try:
        export = researcher_exports_visible_to(user).get(pk=pk)
    except (ResearcherExport.DoesNotExist, ValueError, TypeError):
        raise Http404(NOT_FOUND) from None
    if not can_supervise(user):
        visible = set(
            cases_visible_to(user).filter(pk__in=export.case_ids).values_list("pk", flat=True)
        )
        if visible != set(export.case_ids):
            raise Http404(NOT_FOUND)
    return export


def researcher_export_review(
    *, export: ResearcherExport, by, approve: bool, note: str = ""
) -> ResearcherExport:
    """Approve or reject a prepared export. A supervisor, not its preparer; once only."""
    if not can_supervise(by):
        raise PermissionDenied
    if export.prepared_by_id == by.pk:
        raise ValidationError(_("Someone other than the person who prepared it must review it."))
    with transaction.atomic():
        export = ResearcherExport.objects.select_for_update().get(pk=export.pk)
        if export.status != ResearcherExport.Status.PREPARED:
            raise ValidationError(_("This export has been reviewed already."))
        export.status = (
            ResearcherExport.Status.APPROVED if approve else ResearcherExport.Status.REJECTED
        )
        export.reviewed_by = by
        export.reviewed_at = timezone.now()
        export.review_note = note.strip()[:500]
        export.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
        record(
            "export.approve" if approve else "export.reject",
            actor=by,
            target=export,
            count=export.act_count,
            detail=f"prepared by {export.prepared_by.get_username()}",
        )
    return export


def researcher_export_file(
    *, request, export: ResearcherExport, fmt: str
) -> tuple[bytes, str, str]:
    """The approved file to give out (content, content type, file name), logged first."""
    if fmt not in ("csv", "json"):
        raise Http404(NOT_FOUND)
    if export.status != ResearcherExport.Status.APPROVED:
        raise PermissionDenied
    record(
        "export",
        request=request,
        target=export,
        count=export.act_count if fmt == "csv" else export.event_count,
        detail=f"{export.file_stem}.{fmt}",
    )
    if fmt == "csv":
        # a byte-order mark, so spreadsheets read the Korean as UTF-8
        return (
            ("\ufeff" + export.csv_content).encode("utf-8"),
            "text/csv; charset=utf-8",
            f"{export.file_stem}.csv",
        )
    return export.json_content.encode("utf-8"), "application/json", f"{export.file_stem}.json"


def researcher_export_preview(export: ResearcherExport) -> tuple[list[str], list[list[str]]]:
    """The CSV's heading and first rows, for the reviewer."""
    reader = csv.reader(io.StringIO(export.csv_content))
    heading = next(reader, [])
    return heading, [row for _index, row in zip(range(PREVIEW_ROWS), reader, strict=False)]
