"""The check-in list of one event as a PDF for the door: every active registrant (confirmed,
awaiting payment, waiting) sorted by name, their status, and an empty box to tick. Drawn with
fpdf2 and NanumGothic (Debian fonts-nanum), like giving's receipts and casework's WGEID
forms, so Korean and Latin names print alike. Staff only, through a step-up and audited view."""

from __future__ import annotations

import logging

from django.utils import timezone
from django.utils.translation import gettext as _

from candle.giving.receipts import FONT_BOLD, FONT_REGULAR

from .models import EventPage, Registration


class CheckinFontMissing(RuntimeError):
    pass


def _sort_key(registration: Registration) -> tuple:
    # Unicode order puts Hangul syllables in 가나다 order; Latin letters ignore case.
    return (registration.name.casefold(), registration.pk)


def checkin_rows(*, event: EventPage) -> list[Registration]:
    active = Registration.objects.filter(event=event).exclude(status=Registration.Status.CANCELLED)
    return sorted(active, key=_sort_key)


def _fit(pdf, text: str, width: float) -> str:
    """``text`` cut (with …) to fit ``width`` mm in the current font."""
    text = " ".join((text or "").split())
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text + "…"


def checkin_list_pdf(*, event: EventPage) -> tuple[bytes, int]:
    """(PDF bytes, how many people are on it)."""
    from fpdf import FPDF

    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)
    if not FONT_REGULAR.exists():
        raise CheckinFontMissing(f"{FONT_REGULAR} is missing (Debian package fonts-nanum)")
    rows = checkin_rows(event=event)
    starts = timezone.localtime(event.starts_at)

    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_title(_("Check-in list") + f": {event.title}")
    pdf.add_font("Nanum", "", str(FONT_REGULAR))
    pdf.add_font("Nanum", "B", str(FONT_BOLD if FONT_BOLD.exists() else FONT_REGULAR))
    pdf.alias_nb_pages()
    width = None
    columns = None

    def header() -> None:
        pdf.set_font("Nanum", "B", 10)
        pdf.set_fill_color(235, 235, 235)
        for label, share, align in columns:
            pdf.cell(width * share, 8, label, border=1, fill=True, align=align)
        pdf.ln(8)
        pdf.set_font("Nanum", "", 11)

    pdf.add_page()
    width = pdf.epw
    columns = [
        ("#", 0.07, "C"),
        (_("Name"), 0.5, "L"),
        (_("Status"), 0.28, "L"),
        (_("Present"), 0.15, "C"),
    ]
    pdf.set_font("Nanum", "B", 15)
    pdf.multi_cell(width, 8, event.title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Nanum", "", 10)
    place = ", ".join(part for part in (event.venue, event.address) if part)
    pdf.multi_cell(
        width,
        6,
        f"{starts:%Y-%m-%d %H:%M} ({_('Korea time')})" + (f" · {place}" if place else ""),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    confirmed = sum(1 for r in rows if r.status == Registration.Status.CONFIRMED)
    pdf.cell(
        width,
        6,
        _("Seats %(seats)s · confirmed %(confirmed)s · on this list %(count)s")
        % {"seats": event.capacity, "confirmed": confirmed, "count": len(rows)},
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(3)
    header()
    for number, registration in enumerate(rows, start=1):
        if pdf.will_page_break(9):
            pdf.add_page()
            header()
        status = registration.get_status_display()
        if registration.status == Registration.Status.CONFIRMED and registration.attended_at:
            status += " · " + _("present")
        pdf.cell(width * 0.07, 9, str(number), border=1, align="C")
        pdf.cell(width * 0.5, 9, _fit(pdf, registration.name, width * 0.5 - 2), border=1)
        pdf.cell(width * 0.28, 9, _fit(pdf, status, width * 0.28 - 2), border=1)
        x, y = pdf.get_x(), pdf.get_y()
        pdf.cell(width * 0.15, 9, "", border=1)
        box = 5
        pdf.rect(x + (width * 0.15 - box) / 2, y + 2, box, box)  # the box to tick
        pdf.ln(9)
    if not rows:
        pdf.cell(width, 9, _("No registrations."), border=1, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Nanum", "", 8)
    pdf.cell(
        width,
        5,
        _("Printed %(when)s · page {nb}") % {"when": f"{timezone.localtime():%Y-%m-%d %H:%M}"},
    )
    return bytes(pdf.output()), len(rows)
