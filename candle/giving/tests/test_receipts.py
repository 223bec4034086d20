import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from candle.giving.models import Receipt
from candle.giving.receipts import FONT_REGULAR, nts_export_csv, receipt_issue, receipt_pdf
from candle.giving.services import donation_record_offline, tax_id_store
from candle.supporters.services import supporter_get_or_create

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not FONT_REGULAR.exists(), reason=f"{FONT_REGULAR} missing (Debian package fonts-nanum)"
    ),
]
YEAR = 2025


def gift(supporter, amount, month, ref, receipt=True):
    when = dt.datetime(YEAR, month, 10, 12, tzinfo=timezone.get_current_timezone())
    return donation_record_offline(
        supporter=supporter,
        amount=Decimal(amount),
        currency="KRW",
        method="card",
        received_at=when,
        source_ref=ref,
        receipt_requested=receipt,
    )[0]


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_receipt_pdf_reads_back_with_names_and_amounts(supporter):
    tax_id_store(supporter=supporter, raw="900101-1234567")
    gift(supporter, 30000, 3, "r1")
    gift(supporter, 1250000, 9, "r2")
    receipt = receipt_issue(supporter=supporter, year=YEAR)
    data = receipt_pdf(receipt=receipt)
    assert data.startswith(b"%PDF")
    assert b"NanumGothic" in data  # the font is embedded
    text = pdf_text(data)
    for expected in [
        "기부금 영수증",
        "김가명",
        "1,280,000",
        "30,000",
        "1,250,000",
        f"{YEAR}-03-10",
        receipt.number,
        "900101-1******",
        "북한인권시민연합",
        "금전",
        "40",
    ]:
        assert expected in text, expected
    assert "1234567" not in text


def test_numbers_are_sequential_and_reissue_keeps_the_number(supporter):
    other = supporter_get_or_create(email="lee@supporters.example", name="이가명", locale="ko")
    gift(supporter, 10000, 1, "a")
    gift(other, 20000, 2, "b")
    first = receipt_issue(supporter=supporter, year=YEAR)
    second = receipt_issue(supporter=other, year=YEAR)
    assert (first.number, second.number) == (f"{YEAR}-000001", f"{YEAR}-000002")
    gift(supporter, 5000, 12, "c")
    again = receipt_issue(supporter=supporter, year=YEAR)
    assert again.pk == first.pk and again.number == first.number
    assert again.total == 15000 and again.reissue_count == 1
    assert Receipt.objects.count() == 2


def test_no_gifts_no_receipt(supporter):
    with pytest.raises(ValueError):
        receipt_issue(supporter=supporter, year=YEAR)


def test_issue_receipts_command_writes_pdfs_and_the_nts_list(supporter, tmp_path: Path):
    tax_id_store(supporter=supporter, raw="900101-1234567")
    other = supporter_get_or_create(email="park@supporters.example", name="박가명", locale="ko")
    no_receipt = supporter_get_or_create(
        email="choi@supporters.example", name="최가명", locale="ko"
    )
    gift(supporter, 50000, 5, "x1")
    gift(other, 70000, 6, "x2")
    gift(no_receipt, 90000, 7, "x3", receipt=False)
    out = io.StringIO()
    call_command("issue_receipts", "--year", str(YEAR), "--out", str(tmp_path), stdout=out)
    assert "2 receipts" in out.getvalue()
    pdfs = sorted(p.name for p in tmp_path.glob("*.pdf"))
    assert pdfs == [f"{YEAR}-000001.pdf", f"{YEAR}-000002.pdf"]
    assert "박가명" in pdf_text((tmp_path / f"{YEAR}-000002.pdf").read_bytes())
    nts = (tmp_path / f"nts-{YEAR}.csv").read_text(encoding="utf-8-sig")
    assert "900101-1234567" in nts  # the only place the full number appears
    assert "50000" in nts and "70000" in nts and "최가명" not in nts
    call_command(
        "issue_receipts", "--year", str(YEAR), "--out", str(tmp_path), stdout=io.StringIO()
    )
    assert Receipt.objects.count() == 2  # a second run reissues, keeping the numbers


def test_nts_export_is_empty_but_valid_without_receipts(db):
    text = nts_export_csv(year=YEAR).decode("utf-8-sig")
    assert text.splitlines() == [
        "일련번호,기부자 성명,주민등록번호,유형코드,기부금액,건수,발급일자,단체 사업자등록번호"
    ]


def test_admin_receipt_batch_zip(admin_client, supporter):
    import zipfile

    gift(supporter, 10000, 4, "z1")
    response = admin_client.post("/admin/giving/receipts/", {"year": str(YEAR)})
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert names == [f"{YEAR}-000001.pdf", f"nts-{YEAR}.csv"]


def test_merge_voids_the_duplicates_receipt_and_keeps_its_number(supporter):
    from candle.giving.supporter_hooks import giving_merge

    duplicate = supporter_get_or_create(email="dup@supporters.example", name="김가명", locale="ko")
    gift(supporter, 10000, 1, "m1")
    gift(duplicate, 20000, 2, "m2")
    kept_receipt = receipt_issue(supporter=supporter, year=YEAR)
    dup_receipt = receipt_issue(supporter=duplicate, year=YEAR)
    giving_merge(kept=supporter, duplicate=duplicate)
    dup_receipt.refresh_from_db()
    assert dup_receipt.voided_at and kept_receipt.number in dup_receipt.void_reason
