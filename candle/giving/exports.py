"""Staff exports of the dashboard's totals and of the gifts themselves, as CSV or XLSX.
Resident registration numbers are never in these files (only the NTS list has them)."""

from __future__ import annotations

import csv
import io
import unicodedata
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .models import Donation
from .selectors import giving_totals


def _totals_rows(*, year: int | None) -> list[list]:
    totals = giving_totals(year=year)
    rows: list[list] = [
        [
            _("Grouping"),
            pgettext("giving export column", "Group"),
            _("Currency"),
            _("Gifts"),
            _("Total"),
        ]
    ]
    for row in totals["campaign"]:
        rows.append(
            [
                _("Campaign"),
                row["campaign__title"] or _("General fund"),
                row["currency"],
                row["count"],
                row["total"],
            ]
        )
    for row in totals["month"]:
        month = timezone.localtime(row["month"]).strftime("%Y-%m") if row["month"] else ""
        rows.append([_("Month"), month, row["currency"], row["count"], row["total"]])
    methods = dict(Donation._meta.get_field("method").choices)
    for row in totals["method"]:
        rows.append(
            [
                _("Method"),
                str(methods.get(row["method"], row["method"])),
                row["currency"],
                row["count"],
                row["total"],
            ]
        )
    return rows


def _donation_rows(*, year: int | None) -> list[list]:
    qs = Donation.objects.select_related("supporter", "campaign").order_by("received_at", "pk")
    if year:
        qs = qs.filter(received_at__year=year)
    rows: list[list] = [
        [
            _("Received"),
            _("Donor"),
            _("E-mail"),
            _("Amount"),
            _("Currency"),
            _("Method"),
            _("Frequency"),
            _("Campaign"),
            _("Status"),
            _("Source reference"),
        ]
    ]
    for d in qs.iterator(chunk_size=2000):
        rows.append(
            [
                timezone.localtime(d.received_at).strftime("%Y-%m-%d %H:%M"),
                d.supporter.name,
                d.supporter.email,
                d.amount,
                d.currency,
                d.get_method_display(),
                d.get_frequency_display(),
                d.campaign.title if d.campaign else "",
                d.get_status_display(),
                d.source_ref,
            ]
        )
    return rows


def _visible(text: str) -> str:
    """``text`` without control and format characters (Unicode Cc/Cf/Cs: escape sequences,
    bells, NULs, bidi overrides, lone surrogates), which openpyxl refuses
    (IllegalCharacterError) and which have no place in a spreadsheet; tabs and line breaks and
    the zero-width joiners some scripts need stay. Letters of every script are untouched."""
    if text.isprintable():  # the usual case: nothing to drop
        return text
    return "".join(
        ch
        for ch in text
        if ch in "\t\n\r\u200c\u200d" or unicodedata.category(ch) not in ("Cc", "Cf", "Cs")
    )


def cell_safe(value):
    """One cell of any export (CSV or XLSX), safe whatever is stored: control characters
    dropped, then text that a spreadsheet would run as a formula quoted (CSV injection).
    Decimals become floats (XLSX numbers); other values pass unchanged."""
    if isinstance(value, str):
        value = _visible(value)
        if value[:1] in ("=", "+", "-", "@", "\t", "\r"):
            return "'" + value
        return value
    if isinstance(value, Decimal):
        return float(value)
    return value


def rows_csv(rows: list[list]) -> bytes:
    """Every CSV export: UTF-8 with a BOM (Excel in Korea), each cell through ``cell_safe``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([cell_safe(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def rows_xlsx(rows: list[list], *, title: str) -> bytes:
    """Every XLSX export, each cell through ``cell_safe``."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=_visible(title)[:31] or "export")
    for row in rows:
        sheet.append([cell_safe(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def export(*, what: str, fmt: str, year: int | None) -> tuple[bytes, str, str]:
    """(content, content type, file name) for ``what`` in (totals, donations), ``fmt`` in (csv, xlsx)."""
    rows = _totals_rows(year=year) if what == "totals" else _donation_rows(year=year)
    name = f"giving-{what}-{year or 'all'}"
    if fmt == "xlsx":
        return (
            rows_xlsx(rows, title=what),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            f"{name}.xlsx",
        )
    return rows_csv(rows), "text/csv; charset=utf-8", f"{name}.csv"
