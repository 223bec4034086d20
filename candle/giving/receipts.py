"""기부금영수증: yearly donation receipts (form 45의2 of the Income Tax Act's enforcement rules),
their sequential numbers, the PDF, and the yearly issuance list for the National Tax Service.

Numbers are ``YYYY-NNNNNN``, given in order within a year and never reused: reissuing a
receipt (new gifts, a corrected address) keeps its number and counts the reissue.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from candle.core.private_files import private_file_write

from .models import Donation, Receipt
from .taxid import tax_id_decrypt, tax_id_formatted

FONT_DIR = Path("/usr/share/fonts/truetype/nanum")
FONT_REGULAR = FONT_DIR / "NanumGothic.ttf"
FONT_BOLD = FONT_DIR / "NanumGothicBold.ttf"


class ReceiptFontMissing(RuntimeError):
    pass


@dataclass
class Organisation:
    name: str
    registration_number: str
    address: str
    legal_basis: str
    type_code: str


def organisation() -> Organisation:
    from wagtail.models import Site

    from candle.pages.models import OrganisationSettings

    site = Site.objects.filter(is_default_site=True).first()
    org = OrganisationSettings.for_site(site) if site else OrganisationSettings()
    return Organisation(
        name=org.name_ko,
        registration_number=org.registration_number or settings.CANDLE_RECEIPT_REGISTRATION_NUMBER,
        address=org.address_ko or settings.CANDLE_RECEIPT_ADDRESS,
        legal_basis=settings.CANDLE_RECEIPT_LEGAL_BASIS,
        type_code=settings.CANDLE_RECEIPT_TYPE_CODE,
    )


def _year_gifts(*, supporter_id: int, year: int):
    return Donation.objects.filter(
        supporter_id=supporter_id,
        status=Donation.Status.RECEIVED,
        currency="KRW",
        received_at__year=year,
    ).order_by("received_at", "pk")


def receipt_issue(*, supporter, year: int) -> Receipt:
    """Issue (or reissue) ``supporter``'s receipt for ``year``. The first issue takes the next
    number of the year; a reissue keeps it. Raises ValueError when there is nothing to receipt."""
    total = sum((d.amount for d in _year_gifts(supporter_id=supporter.pk, year=year)), Decimal(0))
    if total <= 0:
        raise ValueError("no won gifts received in that year")
    for _attempt in range(5):
        try:
            with transaction.atomic():
                existing = (
                    Receipt.objects.select_for_update()
                    .filter(supporter=supporter, year=year, voided_at__isnull=True)
                    .first()
                )
                if existing is not None:
                    existing.total, existing.issued_at = total, timezone.now()
                    existing.donor_name = supporter.name
                    existing.reissue_count += 1
                    existing.save(
                        update_fields=["total", "issued_at", "donor_name", "reissue_count"]
                    )
                    return existing
                serial = (
                    Receipt.objects.filter(year=year).aggregate(m=Max("serial"))["m"] or 0
                ) + 1
                return Receipt.objects.create(
                    supporter=supporter,
                    year=year,
                    serial=serial,
                    number=f"{year}-{serial:06d}",
                    donor_name=supporter.name,
                    total=total,
                    issued_at=timezone.now(),
                )
        except IntegrityError:
            continue  # another issuer took the serial at the same moment: take the next one
    raise RuntimeError("could not allocate a receipt number")


def receipts_issue_year(*, year: int, out_dir: Path | None = None) -> list[Receipt]:
    """Every donor who asked for a receipt on a gift received in ``year`` gets one (issued or
    reissued). With ``out_dir``, each PDF is written there as ``<number>.pdf``."""
    from candle.supporters.models import Supporter

    supporter_ids = (
        Donation.objects.filter(
            status=Donation.Status.RECEIVED,
            currency="KRW",
            received_at__year=year,
            receipt_requested=True,
            supporter__anonymised_at__isnull=True,
        )
        .values_list("supporter", flat=True)
        .distinct()
        .order_by("supporter")
    )
    receipts = []
    for supporter in Supporter.objects.filter(pk__in=list(supporter_ids)).order_by("pk"):
        receipts.append(receipt_issue(supporter=supporter, year=year))
    if out_dir is not None:
        out_dir.mkdir(mode=0o700, parents=True, exist_ok=True)  # names, amounts, resident numbers
        org = organisation()
        for receipt in receipts:
            private_file_write(
                out_dir / f"{receipt.number}.pdf", receipt_pdf(receipt=receipt, org=org)
            )
    return receipts


def _won(amount: Decimal) -> str:
    return f"{int(amount):,}"


def receipt_pdf(*, receipt: Receipt, org: Organisation | None = None) -> bytes:
    """The receipt as a PDF in the layout of form 45의2, NanumGothic embedded."""
    from fpdf import FPDF

    # Subsetting NanumGothic makes fontTools warn about hinting tables it drops; harmless.
    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)
    if not FONT_REGULAR.exists():
        raise ReceiptFontMissing(f"{FONT_REGULAR} is missing (Debian package fonts-nanum)")
    org = org or organisation()
    supporter = receipt.supporter
    from .selectors import tax_ids_for_receipts

    tax_id = tax_ids_for_receipts(supporter_ids=[supporter.pk], year=receipt.year).get(supporter.pk)
    gifts = list(_year_gifts(supporter_id=supporter.pk, year=receipt.year))

    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_title(f"기부금 영수증 {receipt.number}")
    pdf.set_author(org.name)
    pdf.add_font("Nanum", "", str(FONT_REGULAR))
    pdf.add_font("Nanum", "B", str(FONT_BOLD if FONT_BOLD.exists() else FONT_REGULAR))
    pdf.add_page()
    width = pdf.epw

    pdf.set_font("Nanum", "", 8)
    pdf.cell(width, 5, "■ 소득세법 시행규칙 [별지 제45호의2서식]", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Nanum", "", 10)
    pdf.cell(width, 7, f"일련번호  {receipt.number}", border=1, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Nanum", "B", 18)
    pdf.cell(width, 14, "기부금 영수증", border=1, align="C", new_x="LMARGIN", new_y="NEXT")

    def section(title: str) -> None:
        pdf.set_font("Nanum", "B", 10)
        pdf.set_fill_color(235, 235, 235)
        pdf.cell(width, 7, title, border=1, fill=True, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Nanum", "", 10)

    def pair_row(label1: str, value1: str, label2: str, value2: str) -> None:
        pdf.cell(width * 0.18, 8, label1, border=1, align="C")
        pdf.cell(width * 0.32, 8, value1, border=1)
        pdf.cell(width * 0.2, 8, label2, border=1, align="C")
        pdf.cell(width * 0.3, 8, value2, border=1, new_x="LMARGIN", new_y="NEXT")

    def wide_row(label: str, value: str) -> None:
        pdf.cell(width * 0.18, 8, label, border=1, align="C")
        pdf.cell(width * 0.82, 8, value, border=1, new_x="LMARGIN", new_y="NEXT")

    section("① 기부자")
    pair_row("성명(법인명)", receipt.donor_name, "주민등록번호", tax_id.masked if tax_id else "")
    wide_row("주소(소재지)", supporter.address or "")
    section("② 기부금 단체")
    pair_row("단체명", org.name, "사업자등록번호", org.registration_number)
    wide_row("소재지", org.address)
    wide_row("근거법령", org.legal_basis)
    section("③ 기부금 모집처(언론기관 등)")
    wide_row("단체명", "해당 없음")
    section("④ 기부내용")
    columns = [("코드", 0.1), ("구분", 0.12), ("연월일", 0.2), ("내용", 0.33), ("금액(원)", 0.25)]
    pdf.set_font("Nanum", "B", 10)
    for label, share in columns:
        pdf.cell(width * share, 7, label, border=1, align="C")
    pdf.ln()
    pdf.set_font("Nanum", "", 10)
    for gift in gifts:
        received = timezone.localtime(gift.received_at)
        values = [org.type_code, "금전", f"{received:%Y-%m-%d}", "기부금", _won(gift.amount)]
        for (_label, share), value in zip(columns, values, strict=True):
            pdf.cell(width * share, 7, value, border=1, align="R" if value is values[-1] else "C")
        pdf.ln()
    pdf.set_font("Nanum", "B", 10)
    pdf.cell(width * 0.75, 8, "합계", border=1, align="C")
    pdf.cell(
        width * 0.25, 8, _won(receipt.total), border=1, align="R", new_x="LMARGIN", new_y="NEXT"
    )
    pdf.ln(6)
    pdf.set_font("Nanum", "", 10)
    pdf.multi_cell(
        width,
        6,
        "「소득세법」 제34조, 「조세특례제한법」 제58조·제76조·제88조의4 및 「법인세법」 "
        "제24조에 따른 기부금을 위와 같이 기부받았음을 증명합니다.",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(4)
    issued = timezone.localtime(receipt.issued_at)
    pdf.cell(
        width,
        7,
        f"{issued.year}년 {issued.month}월 {issued.day}일",
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.cell(
        width, 7, f"기부금 수령인  {org.name}  (직인)", align="R", new_x="LMARGIN", new_y="NEXT"
    )
    if receipt.reissue_count:
        pdf.set_font("Nanum", "", 8)
        pdf.cell(
            width,
            6,
            f"재발급 {receipt.reissue_count}회 (일련번호 유지)",
            align="R",
            new_x="LMARGIN",
            new_y="NEXT",
        )
    return bytes(pdf.output())


NTS_COLUMNS = [
    "일련번호",
    "기부자 성명",
    "주민등록번호",
    "유형코드",
    "기부금액",
    "건수",
    "발급일자",
    "단체 사업자등록번호",
]


def nts_rows(*, year: int) -> list[list[str]]:
    """The yearly issuance list (기부금영수증 발급명세) the NTS asks for. This is the only output
    that holds full resident registration numbers, so making it is logged (``taxid.reveal``,
    with how many numbers it holds)."""
    from .selectors import receipts_for_year, tax_ids_for_receipts

    org = organisation()
    receipts = list(receipts_for_year(year=year))
    tax_ids = tax_ids_for_receipts(supporter_ids={r.supporter_id for r in receipts}, year=year)
    from candle.audit.log import record

    # Logged before any number is decrypted: whoever asks (staff screen, command), it is known.
    revealed = sum(1 for receipt in receipts if receipt.supporter_id in tax_ids)
    record("taxid.reveal", count=revealed, detail=f"NTS list {year}")
    rows = []
    for receipt in receipts:
        tax_id = tax_ids.get(receipt.supporter_id)
        number = tax_id_formatted(tax_id_decrypt(tax_id.encrypted)) if tax_id else ""
        count = _year_gifts(supporter_id=receipt.supporter_id, year=year).count()
        rows.append(
            [
                receipt.number,
                receipt.donor_name,
                number,
                org.type_code,
                str(int(receipt.total)),
                str(count),
                f"{timezone.localtime(receipt.issued_at):%Y%m%d}",
                org.registration_number,
            ]
        )
    return rows


def nts_export_csv(*, year: int) -> bytes:
    """UTF-8 with a BOM (Excel in Korea); cells through ``exports.cell_safe`` like every export."""
    from .exports import rows_csv

    return rows_csv([NTS_COLUMNS, *nts_rows(year=year)])


def receipt_year_default() -> int:
    return dt.date.today().year - 1
