"""Staff screens in the Wagtail admin: the giving dashboard with exports, the yearly receipt
batch and NTS list, statement imports and the review queue of unmatched lines."""

from __future__ import annotations

import io
import zipfile

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from candle.audit.log import record

from .exports import export
from .imports import (
    StatementFileError,
    statement_import,
    statement_line_ignore,
    statement_line_resolve,
)
from .models import Donation, Pledge, StatementLine
from .receipts import ReceiptFontMissing, nts_export_csv, receipt_pdf, receipts_issue_year
from .selectors import giving_totals, statement_lines_unmatched


def _require(request: HttpRequest, perm: str) -> None:
    if not request.user.has_perm(perm):
        raise PermissionDenied


def _year(request: HttpRequest) -> int | None:
    raw = request.GET.get("year") or request.POST.get("year") or ""
    from candle.core.params import int_or_none  # ASCII digits only: "²" is no year

    return int_or_none(raw, minimum=2000, maximum=2100)


class ImportForm(forms.Form):
    source = forms.ChoiceField(
        label=gettext_lazy("Kind of file"), choices=StatementLine.Source.choices
    )
    file = forms.FileField(label=gettext_lazy("CSV file"))
    commit = forms.BooleanField(
        label=gettext_lazy("Record the gifts (leave unticked for a dry run)"), required=False
    )


def dashboard(request: HttpRequest) -> HttpResponse:
    _require(request, "giving.view_donation")
    year = _year(request)
    this_year = timezone.localdate().year
    return TemplateResponse(
        request,
        "giving/admin/dashboard.html",
        {
            "totals": giving_totals(year=year),
            "year": year,
            "years": list(range(this_year, this_year - 6, -1)),
            "latest": Donation.objects.select_related("supporter", "campaign").order_by(
                "-received_at"
            )[:20],
            "unmatched": statement_lines_unmatched().count(),
            "import_form": ImportForm(),
        },
    )


def dashboard_export(request: HttpRequest, what: str, fmt: str) -> HttpResponse:
    _require(request, "giving.view_donation")
    if what not in ("totals", "donations") or fmt not in ("csv", "xlsx"):
        raise Http404
    content, content_type, name = export(what=what, fmt=fmt, year=_year(request))
    if what == "donations":  # the totals name no one
        record("export", request=request, count=_data_rows(content, fmt), detail=name)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_POST
def receipts_batch(request: HttpRequest) -> HttpResponse:
    """Issue the year's receipts and download them as one ZIP (PDFs + the NTS list)."""
    _require(request, "giving.add_receipt")
    year = _year(request)
    if year is None:
        messages.error(request, _("Choose a year."))
        return redirect("giving_dashboard")
    try:
        receipts = receipts_issue_year(year=year)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for receipt in receipts:
                archive.writestr(f"{receipt.number}.pdf", receipt_pdf(receipt=receipt))
            nts = nts_export_csv(year=year)
            archive.writestr(f"nts-{year}.csv", nts)
        # Logged before the file leaves; the resident numbers in the NTS list are logged where
        # they are decrypted (receipts.nts_rows).
        record("export", request=request, count=len(receipts), detail=f"receipts-{year}.zip")
    except ReceiptFontMissing:
        messages.error(
            request, _("The Korean font for receipts is not installed on the server (fonts-nanum).")
        )
        return redirect("giving_dashboard")
    response = HttpResponse(buffer.getvalue(), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="receipts-{year}.zip"'
    return response


def nts_export(request: HttpRequest) -> HttpResponse:
    _require(request, "giving.add_receipt")
    year = _year(request)
    if year is None:
        messages.error(request, _("Choose a year."))
        return redirect("giving_dashboard")
    nts = nts_export_csv(year=year)
    record("export", request=request, count=_data_rows(nts, "csv"), detail=f"nts-{year}.csv")
    response = HttpResponse(nts, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="nts-{year}.csv"'
    return response


def _data_rows(content: bytes, fmt: str) -> int | None:
    """Rows of an export below its heading (CSV: lines; XLSX: the sheet's rows)."""
    if fmt == "csv":
        import csv

        return max(sum(1 for _row in csv.reader(io.StringIO(content.decode("utf-8-sig")))) - 1, 0)
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(content), read_only=True).active
    return max(sum(1 for _row in sheet.iter_rows()) - 1, 0)  # write-only sheets have no size


@require_POST
def import_upload(request: HttpRequest) -> HttpResponse:
    _require(request, "giving.add_statementline")
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose the kind of file and a CSV file."))
        return redirect("giving_dashboard")
    upload = form.cleaned_data["file"]
    try:
        result = statement_import(
            source=form.cleaned_data["source"],
            data=upload.read(5 * 1024 * 1024 + 1),
            file_name=upload.name,
            dry_run=not form.cleaned_data["commit"],
        )
    except StatementFileError as error:
        messages.error(request, str(error))
        return redirect("giving_dashboard")
    prefix = "" if form.cleaned_data["commit"] else _("Dry run, nothing recorded: ")
    messages.success(request, prefix + result.summary())
    for line, message in result.errors[:20]:
        messages.warning(
            request, _("Line %(line)d: %(message)s") % {"line": line, "message": message}
        )
    return redirect(
        "giving_review" if result.unmatched and form.cleaned_data["commit"] else "giving_dashboard"
    )


def review_queue(request: HttpRequest) -> HttpResponse:
    _require(request, "giving.change_statementline")
    return TemplateResponse(
        request, "giving/admin/review.html", {"lines": statement_lines_unmatched()[:200]}
    )


@require_POST
def review_resolve(request: HttpRequest, line_id: int) -> HttpResponse:
    from candle.supporters.models import Supporter
    from candle.supporters.normalise import email_normalise

    _require(request, "giving.change_statementline")
    line = get_object_or_404(StatementLine, pk=line_id)
    if request.POST.get("action") == "ignore":
        statement_line_ignore(line=line, resolved_by=request.user.get_username())
        messages.success(request, _("The line is marked as not a gift."))
        return redirect("giving_review")
    email = email_normalise(request.POST.get("email", ""))
    supporter = (
        Supporter.objects.filter(email_normalised=email, anonymised_at__isnull=True).first()
        if email
        else None
    )
    if supporter is None:
        messages.error(request, _("No supporter has that e-mail address."))
        return redirect("giving_review")
    try:
        statement_line_resolve(
            line=line, supporter=supporter, resolved_by=request.user.get_username()
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("giving_review")
    messages.success(request, _("The gift is recorded for %(name)s.") % {"name": supporter.name})
    return redirect("giving_review")


@require_POST
def pledge_cancel_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff stop a monthly gift from its inspect page (needs giving.change_pledge). The donor
    gets the same confirmation e-mail as when they stop it themselves."""
    from .services import pledge_cancel_result

    _require(request, "giving.change_pledge")
    pledge = get_object_or_404(Pledge, pk=pk)
    result = pledge_cancel_result(pledge=pledge)
    if result.cancelled:
        messages.success(
            request,
            _("The monthly pledge %(reference)s is cancelled.") % {"reference": pledge.reference},
        )
    else:
        messages.info(request, _("This monthly pledge was already cancelled; nothing changed."))
    return redirect("giving_pledges:inspect", pk)
