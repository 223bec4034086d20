import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from candle.giving.imports import (
    StatementFileError,
    statement_import,
    statement_line_ignore,
    statement_line_resolve,
)
from candle.giving.models import Donation, Pledge, StatementLine
from candle.supporters.services import supporter_get_or_create

from .conftest import FIXTURES

pytestmark = pytest.mark.django_db


@pytest.fixture
def bank_pledges(db):
    lee = supporter_get_or_create(email="lee@supporters.example", name="이가명", locale="ko")
    park = supporter_get_or_create(email="park@supporters.example", name="박예시", locale="ko")
    choi = supporter_get_or_create(email="choi@supporters.example", name="최샘플", locale="ko")
    Pledge.objects.create(
        supporter=lee,
        amount=30000,
        method="bank_transfer",
        status="active",
        reference="CDL0000AAAA",
    )
    Pledge.objects.create(
        supporter=park,
        amount=50000,
        method="bank_transfer",
        status="active",
        reference="CDL0000DDDD",
    )
    Pledge.objects.create(
        supporter=choi, amount=20000, method="cms", status="active", reference="CDL0000BBBB"
    )
    return {"lee": lee, "park": park, "choi": choi}


def test_bank_statement_matches_by_reference_and_name_and_queues_the_rest(bank_pledges):
    data = (FIXTURES / "bank_statement.csv").read_bytes()
    result = statement_import(source="bank", data=data, file_name="march.csv", dry_run=False)
    assert (result.matched, result.unmatched, result.skipped, result.errors) == (2, 1, 1, [])
    assert Donation.objects.get(supporter=bank_pledges["lee"]).method == "bank_transfer"
    assert Donation.objects.get(supporter=bank_pledges["park"]).amount == Decimal("50000")
    waiting = StatementLine.objects.get(status="unmatched")
    assert waiting.payer_name == "모르는분"
    again = statement_import(source="bank", data=data, dry_run=False)
    assert (again.matched, again.unmatched, again.duplicates) == (0, 0, 3)
    assert Donation.objects.count() == 2


def test_cp949_statement_is_read(bank_pledges):
    data = (FIXTURES / "bank_statement.csv").read_text().encode("cp949")
    assert statement_import(source="bank", data=data, dry_run=False).matched == 2


def test_dry_run_changes_nothing(bank_pledges):
    result = statement_import(
        source="bank", data=(FIXTURES / "bank_statement.csv").read_bytes(), dry_run=True
    )
    assert result.matched == 2 and result.dry_run
    assert not StatementLine.objects.exists() and not Donation.objects.exists()


def test_cms_file_skips_failed_debits(bank_pledges):
    result = statement_import(
        source="cms", data=(FIXTURES / "cms_result.csv").read_bytes(), dry_run=False
    )
    assert (result.matched, result.unmatched, result.skipped) == (1, 1, 1)
    donation = Donation.objects.get()
    assert (
        donation.supporter == bank_pledges["choi"]
        and donation.method == "cms"
        and donation.frequency == "monthly"
    )


def test_globalgiving_export(db):
    result = statement_import(
        source="globalgiving", data=(FIXTURES / "globalgiving.csv").read_bytes(), dry_run=False
    )
    assert (result.matched, result.unmatched) == (1, 1)
    assert result.errors and result.errors[0][0] == 4  # line 4: "abc" is not an amount
    donation = Donation.objects.get()
    assert (donation.currency, donation.amount, donation.method) == (
        "USD",
        Decimal("50.00"),
        "globalgiving",
    )
    assert donation.supporter.email == "jane@supporters.example"
    assert (
        statement_import(
            source="globalgiving", data=(FIXTURES / "globalgiving.csv").read_bytes(), dry_run=False
        ).duplicates
        == 2
    )


def test_review_queue_resolve_and_ignore(bank_pledges):
    statement_import(
        source="bank", data=(FIXTURES / "bank_statement.csv").read_bytes(), dry_run=False
    )
    line = StatementLine.objects.get(status="unmatched")
    donation = statement_line_resolve(
        line=line, supporter=bank_pledges["park"], resolved_by="staff"
    )
    assert donation.amount == Decimal("20000")
    assert (
        statement_line_resolve(line=line, supporter=bank_pledges["park"]).pk == donation.pk
    )  # twice: once
    assert Donation.objects.count() == 3
    statement_line_ignore(line=line)
    line.refresh_from_db()
    assert line.status == "matched"


@pytest.mark.parametrize(
    "data, fragment",
    [
        (b"", "empty"),
        (b"a,b,c\n1,2,3\n", "column"),
        (b"\xff\xfe\x00garbage" * 10, "CSV"),
        (b"x" * (5 * 1024 * 1024 + 1), "5 MB"),
    ],
)
def test_unreadable_files_get_a_clear_error(db, data, fragment):
    from django.utils import translation

    with translation.override("en"), pytest.raises(StatementFileError) as error:
        statement_import(source="bank", data=data, dry_run=False)
    assert fragment in str(error.value)
    with translation.override("ko"), pytest.raises(StatementFileError) as error:
        statement_import(source="bank", data=data, dry_run=False)
    assert "파일" in str(error.value)
    assert not StatementLine.objects.exists()


def test_bad_lines_are_reported_and_the_rest_imported(bank_pledges):
    data = "거래일시,의뢰인,입금액\n어제,이가명,1000\n2025-01-01,이가명,천원\n2025-01-02,이가명,1000\n".encode()
    result = statement_import(source="bank", data=data, dry_run=False)
    assert [line for line, _message in result.errors] == [2, 3]
    assert result.matched == 1


def test_import_statement_command_is_dry_by_default(bank_pledges):
    out = io.StringIO()
    call_command(
        "import_statement", str(FIXTURES / "bank_statement.csv"), "--source", "bank", stdout=out
    )
    assert "[dry run]" in out.getvalue() and not Donation.objects.exists()
    call_command(
        "import_statement",
        str(FIXTURES / "bank_statement.csv"),
        "--source",
        "bank",
        "--commit",
        stdout=out,
    )
    assert Donation.objects.count() == 2
    with pytest.raises(CommandError):
        call_command("import_statement", "/nonexistent.csv", "--source", "bank", stdout=out)


def test_admin_import_and_review(admin_client, bank_pledges):
    with open(FIXTURES / "bank_statement.csv", "rb") as handle:
        response = admin_client.post(
            "/admin/giving/import/", {"source": "bank", "file": handle, "commit": "on"}
        )
    assert response.status_code == 302
    line = StatementLine.objects.get(status="unmatched")
    page = admin_client.get("/admin/giving/review/")
    assert "모르는분" in page.content.decode()
    admin_client.post(
        f"/admin/giving/review/{line.pk}/", {"action": "resolve", "email": "nobody@x.example"}
    )
    line.refresh_from_db()
    assert line.status == "unmatched"
    admin_client.post(
        f"/admin/giving/review/{line.pk}/",
        {"action": "resolve", "email": "PARK@supporters.example"},
    )
    line.refresh_from_db()
    assert line.status == "matched" and line.donation.supporter == bank_pledges["park"]
