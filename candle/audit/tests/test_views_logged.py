"""Every view of a person's record in the admin, every export of personal data and every
resident number shown is logged, before the data leaves the server."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from cryptography.fernet import Fernet
from django.utils import timezone

from candle.audit.models import AuditEntry
from candle.core.personal_data_admin import personal_data_view_recorded
from candle.supporters.models import Supporter

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _field_keys(settings):
    settings.CANDLE_FIELD_KEYS = Fernet.generate_key().decode()
    settings.CANDLE_FIELD_KEY_AUTOCREATE = False


@pytest.fixture
def person(db):
    return Supporter.objects.create(name="서가명", email="seo.audit@supporters.example")


def _views(**filters):
    return AuditEntry.objects.filter(action="record.view", **filters)


@pytest.mark.parametrize(
    "url",
    [
        "/admin/snippets/supporters/supporter/edit/{pk}/",
        "/admin/snippets/supporters/supporter/inspect/{pk}/",
        "/admin/snippets/supporters/supporter/history/{pk}/",
        "/admin/supporters-tools/{pk}/forget/",
    ],
)
def test_each_view_of_a_supporter_is_logged_with_who_and_which(client, crm_staff, person, url):
    client.force_login(crm_staff)
    assert client.get(url.format(pk=person.pk)).status_code == 200
    entry = _views().get()
    assert entry.actor == crm_staff and entry.actor_username == "crm-park"
    assert entry.target_type == "supporters.supporter" and entry.target_id == str(person.pk)
    assert entry.target_label == f"Supporter #{person.pk}"
    assert entry.path == url.format(pk=person.pk)


def test_a_gift_shown_to_staff_is_logged(client, crm_staff, person):
    from candle.giving.models import Donation

    donation = Donation.objects.create(
        supporter=person,
        amount=Decimal("10000"),
        method="card",
        received_at=timezone.now(),
        source_ref="test:audit-1",
    )
    client.force_login(crm_staff)
    assert client.get(f"/admin/giving_donations/inspect/{donation.pk}/").status_code == 200
    assert _views(target_type="giving.donation", target_id=str(donation.pk)).exists()


def test_a_refused_view_logs_nothing(client, plain_staff, person):
    client.force_login(plain_staff)
    response = client.get(f"/admin/snippets/supporters/supporter/edit/{person.pk}/")
    assert response.status_code in (302, 403)
    assert not _views().exists()


def test_the_view_is_logged_even_when_the_page_then_fails(rf, crm_staff, person):
    def failing(request, pk):
        raise RuntimeError("template broke")

    request = rf.get("/admin/x/")
    request.user = crm_staff
    with pytest.raises(RuntimeError):
        personal_data_view_recorded(failing, model=Supporter)(request, pk=str(person.pk))
    assert _views(target_id=str(person.pk)).get().actor == crm_staff


def test_the_listing_logs_no_record_view(client, crm_staff, person):
    client.force_login(crm_staff)
    assert client.get("/admin/snippets/supporters/supporter/").status_code == 200
    assert not _views().exists()


def _gift(person, year=2025):
    from candle.giving.services import donation_record_offline

    donation_record_offline(
        supporter=person,
        amount=Decimal("30000"),
        currency="KRW",
        method="card",
        received_at=dt.datetime(year, 5, 10, 12, tzinfo=dt.UTC),
        source_ref=f"audit:{person.pk}",
        receipt_requested=True,
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_gift_export_is_logged_with_its_row_count(client, crm_staff, person, fmt):
    _gift(person)
    client.force_login(crm_staff)
    response = client.get(f"/admin/giving/export/donations.{fmt}")
    assert response.status_code == 200
    entry = AuditEntry.objects.get(action="export")
    assert entry.count == 1 and entry.detail == f"giving-donations-all.{fmt}"
    assert entry.actor == crm_staff


def test_the_nts_list_logs_the_export_and_the_resident_numbers_shown(admin_client, person):
    from candle.giving.receipts import receipt_issue
    from candle.giving.services import tax_id_store

    tax_id_store(supporter=person, raw="900101-1234567")
    _gift(person)
    receipt_issue(supporter=person, year=2025)
    response = admin_client.get("/admin/giving/nts/?year=2025")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert "900101-1234567" in rows[1]
    reveal = AuditEntry.objects.get(action="taxid.reveal")
    assert reveal.count == 1 and reveal.detail == "NTS list 2025"
    assert reveal.actor_username == "admin" and reveal.path == "/admin/giving/nts/"
    export = AuditEntry.objects.get(action="export")
    assert export.count == 1 and export.detail == "nts-2025.csv"
    assert "1234567" not in f"{reveal.detail}{export.detail}"
