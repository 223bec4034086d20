"""Issue 20, item 7: one bad name must not break the exports. Names are cleaned on the way in
(supporters' _clean_contact); every export is robust to what is already stored."""

import io
from decimal import Decimal

import pytest
from django.utils import timezone

from candle.giving.receipts import nts_export_csv, receipt_issue
from candle.giving.services import donation_record_offline
from candle.supporters.factories import SupporterFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def stored_bad_name(db):
    """A name written straight through the ORM, as older rows or another path might hold it."""
    supporter = SupporterFactory(email="bad.name@supporters.example")
    type(supporter).objects.filter(pk=supporter.pk).update(name="a\x1b[31mb\x07 김가명")
    supporter.refresh_from_db()
    donation_record_offline(
        supporter=supporter,
        amount=Decimal("10000"),
        currency="KRW",
        method="bank_transfer",
        received_at=timezone.now(),
        source_ref="bank:bad-name\x07",
        receipt_requested=True,
    )
    return supporter


@pytest.mark.parametrize("what", ["donations", "totals"])
def test_xlsx_export_with_a_stored_bad_name_is_a_valid_workbook(
    admin_client, stored_bad_name, what
):
    from openpyxl import load_workbook

    response = admin_client.get(f"/admin/giving/export/{what}.xlsx")
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    if what == "donations":
        assert rows[1][1] == "a[31mb 김가명"
        assert rows[1][9] == "bank:bad-name"


def test_csv_export_with_a_stored_bad_name_has_no_control_characters(admin_client, stored_bad_name):
    response = admin_client.get("/admin/giving/export/donations.csv")
    text = response.content.decode("utf-8-sig")
    assert response.status_code == 200
    assert "a[31mb 김가명" in text and "\x1b" not in text and "\x07" not in text


def test_formula_protection_still_holds_after_cleaning():
    from candle.giving.exports import cell_safe

    assert cell_safe("\x07=cmd|' /C calc'!A0") == "'=cmd|' /C calc'!A0"
    assert cell_safe("\u202e+1") == "'+1"
    assert cell_safe("김가명") == "김가명" and cell_safe("Zoë") == "Zoë"
    assert cell_safe(Decimal("1.50")) == 1.5 and cell_safe(3) == 3


def test_nts_list_with_a_stored_bad_name_is_clean(stored_bad_name):
    year = timezone.localdate().year
    receipt_issue(supporter=stored_bad_name, year=year)
    text = nts_export_csv(year=year).decode("utf-8-sig")
    assert "a[31mb 김가명" in text and "\x1b" not in text


def test_the_name_is_stored_cleaned_from_the_donation_form(client, campaign):
    from candle.supporters.models import Supporter

    response = client.post(
        "/ko/give/donate/",
        {
            "page_id": str(campaign.pk),
            "submission_token": "c" * 32,
            "frequency": "one_off",
            "preset": "30000",
            "name": "a\x1b[31mb\x07",
            "email": "ctl@supporters.example",
            "consent": "on",
        },
    )
    assert response.status_code == 302
    assert Supporter.objects.get(email="ctl@supporters.example").name == "a[31mb"
