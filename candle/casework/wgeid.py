"""The communication to the UN Working Group on Enforced or Involuntary Disappearances, in
English, in the order of its questionnaire, as a Word document (python-docx) and a PDF (fpdf2
with NanumGothic, which carries the Korean name as well as the Latin text; giving's receipts
use the same font).

``communication_sections`` is the one place the order and the wording live; both formats
render it, and the test reads the .docx back against it.
"""

from __future__ import annotations

import io
import logging

from django.utils import timezone

from candle.giving.receipts import FONT_BOLD, FONT_REGULAR

from .dossiers import dossier_missing, dossier_submitted_on
from .models import Dossier

TITLE = "Communication to the Working Group on Enforced or Involuntary Disappearances"

SEXES = {"female": "Female", "male": "Male", "unknown": "Not known"}
PURPOSES = {
    "submission": "Submission of the case to the Working Group",
    "name_to_government": "The government may be told the source's identity",
    "publication": "The case may be spoken of in public",
}


class FontMissing(RuntimeError):
    pass


def _or_blank(value) -> str:
    return str(value).strip() if value else "(not known)"


def communication_sections(dossier: Dossier) -> list[tuple[str, list[tuple[str, str]]]]:
    """(heading, [(label, value)…]) in the questionnaire's order."""
    case = dossier.case
    submitted = dossier_submitted_on(dossier)
    procedure = dossier.procedure(on=submitted)
    consents = [c for c in dossier.consents.all() if c.in_force]
    place = ", ".join(part for part in (case.region, case.country) if part)
    sections = [
        (
            "1. Identity of the person subjected to enforced disappearance",
            [
                ("Family name", _or_blank(dossier.family_name)),
                ("First name", _or_blank(dossier.given_name)),
                ("Name in Korean", _or_blank(dossier.name_ko)),
                ("Other names", _or_blank(dossier.other_names)),
                ("Sex", SEXES.get(dossier.sex, "(not known)")),
                ("Date of birth", _or_blank(dossier.birth_date)),
                ("Nationality", _or_blank(dossier.nationality)),
                ("Occupation", _or_blank(dossier.occupation)),
            ],
        ),
        (
            "2. Date of disappearance",
            [("Date (at least month and year)", _or_blank(dossier.disappeared_display))],
        ),
        (
            "3. Place of arrest or abduction, or where the person was last seen",
            [
                ("Country and region", _or_blank(place)),
                ("Place", _or_blank(dossier.place_description)),
                ("Exact location", _or_blank(case.exact_location)),
            ],
        ),
        (
            "4. Forces believed to be responsible",
            [
                (
                    "Forces (State agents or persons acting with their support)",
                    _or_blank(dossier.forces_responsible),
                )
            ],
        ),
        (
            "5. Circumstances of the disappearance",
            [("Circumstances", _or_blank(dossier.circumstances))],
        ),
        (
            "6. Steps taken by the family or others to locate the person",
            [("Steps taken", _or_blank(dossier.family_steps))],
        ),
        (
            "7. Identity of the source submitting the case",
            [
                ("Name", _or_blank(dossier.source_name)),
                ("Relationship to the disappeared person", _or_blank(dossier.source_relationship)),
                ("Contact", _or_blank(dossier.source_contact)),
                (
                    "Confidentiality requested",
                    "Yes: the source's identity must be kept confidential"
                    if dossier.confidentiality_requested
                    else "No",
                ),
                (
                    "Consent of the family",
                    "; ".join(
                        f"{PURPOSES[c.purpose]}, given on {c.given_on.isoformat()}"
                        for c in consents
                    )
                    or "(none recorded)",
                ),
            ],
        ),
        (
            "8. Procedure and references",
            [
                (
                    "Procedure",
                    "Urgent action"
                    if procedure == Dossier.Procedure.URGENT
                    else "Standard procedure",
                ),
                ("Working Group reference", _or_blank(dossier.wgeid_reference)),
                ("Submitting organisation's reference", case.case_number),
            ],
        ),
    ]
    return sections


def _missing_note(dossier: Dossier) -> str:
    missing = dossier_missing(dossier)
    if not missing:
        return ""
    codes = ", ".join(code for code, _label in missing)
    return f"Draft: minimum elements still missing ({codes})."


def communication_docx(dossier: Dossier) -> bytes:
    from docx import Document

    document = Document()
    document.core_properties.title = TITLE
    document.core_properties.author = ""
    document.add_heading(TITLE, level=1)
    document.add_paragraph(f"Date: {timezone.localdate().isoformat()}")
    if note := _missing_note(dossier):
        document.add_paragraph(note)
    for heading, rows in communication_sections(dossier):
        document.add_heading(heading, level=2)
        table = document.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for label, value in rows:
            cells = table.add_row().cells
            cells[0].text = label
            cells[1].text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def communication_pdf(dossier: Dossier) -> bytes:
    from fpdf import FPDF

    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)
    if not FONT_REGULAR.exists():
        raise FontMissing(f"{FONT_REGULAR} is missing (Debian package fonts-nanum)")
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_title(TITLE)
    pdf.add_font("Nanum", "", str(FONT_REGULAR))
    pdf.add_font("Nanum", "B", str(FONT_BOLD if FONT_BOLD.exists() else FONT_REGULAR))
    pdf.add_page()
    width = pdf.epw
    pdf.set_font("Nanum", "B", 14)
    pdf.multi_cell(width, 8, TITLE, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Nanum", "", 10)
    pdf.cell(width, 6, f"Date: {timezone.localdate().isoformat()}", new_x="LMARGIN", new_y="NEXT")
    if note := _missing_note(dossier):
        pdf.multi_cell(width, 6, note, new_x="LMARGIN", new_y="NEXT")
    for heading, rows in communication_sections(dossier):
        pdf.ln(3)
        pdf.set_font("Nanum", "B", 11)
        pdf.multi_cell(width, 7, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Nanum", "", 10)
        for label, value in rows:
            pdf.set_font("Nanum", "B", 10)
            pdf.multi_cell(width, 6, label, new_x="LMARGIN", new_y="NEXT")
            pdf.set_font("Nanum", "", 10)
            pdf.multi_cell(width, 6, value, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
