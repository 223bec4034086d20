"""Staff exports of an event: XLSX beside the CSV (same columns, formulas neutralised, Korean
intact) and the check-in list as a PDF (read back with pdftotext), both step-up and audited;
refunds recorded by staff; others refused."""

import io
import shutil
import subprocess

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse

from candle.access.sessions import VERIFIED_AT
from candle.audit.models import AuditEntry
from candle.programmes.models import Registration
from candle.programmes.services import registration_create

from .conftest import event_make

pytestmark = pytest.mark.django_db


def _user(username, *perms):
    user = get_user_model().objects.create_user(
        username=username, password="x-not-used-123", is_staff=True
    )
    user.user_permissions.set(Permission.objects.filter(codename__in=["access_admin", *perms]))
    return user


@pytest.fixture
def staff(client):
    user = _user("programme-staff", "view_registration", "change_registration")
    client.force_login(user)
    return user


@pytest.fixture
def people(homes, committed):
    event = event_make(homes["index"], capacity=2, price=20000, slug="paid-export")
    names = ["하늘예시", '=HYPERLINK("http://x")', "가람예시", "Example Person"]
    for n, name in enumerate(names):
        committed(
            registration_create,
            event=event,
            name=name,
            email=f"x{n}@example.org",
            phone="+82 10-0000-0000",
            locale="ko",
            consent_text="동의",
        )
    return event


def test_xlsx_has_the_csv_columns_and_is_safe(client, staff, people):
    from openpyxl import load_workbook

    csv = client.get(reverse("programmes_event_export", args=[people.pk]))
    xlsx = client.get(reverse("programmes_event_export_xlsx", args=[people.pk]))
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = [[c if c is not None else "" for c in row] for row in sheet.iter_rows(values_only=True)]
    import csv as csvlib

    csv_rows = list(csvlib.reader(io.StringIO(csv.content.decode("utf-8-sig"))))
    assert rows[0] == csv_rows[0]  # the same columns
    assert "참가비(원)" in rows[0] and len(rows) == 5
    names = [r[2] for r in rows[1:]]
    assert "하늘예시" in names and "가람예시" in names  # Korean read back as written
    assert '\'=HYPERLINK("http://x")' in names  # a formula is text, never run
    assert not any(str(c).startswith("=") for r in rows for c in r)
    assert {r[0] for r in rows[1:]} == {"결제 대기", "대기자 명단"}
    entry = AuditEntry.objects.filter(action="export").latest("pk")
    assert entry.count == 4 and entry.detail == f"registrations-{people.pk}.xlsx"


def test_checkin_pdf_lists_names_sorted_with_status(client, staff, people):
    pdftotext = shutil.which("pdftotext")
    if not pdftotext:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    response = client.get(reverse("programmes_event_checkin_pdf", args=[people.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = subprocess.run(  # noqa: S603 - a fixed local program, our own PDF as input
        [pdftotext, "-layout", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    order = [text.index(n) for n in ("=HYPERLINK", "Example Person", "가람예시", "하늘예시")]
    assert order == sorted(order)  # sorted by name (가나다 after Latin)
    assert "결제 대기" in text and "대기자 명단" in text and "상태" in text
    assert people.title in text
    entry = AuditEntry.objects.filter(action="export").latest("pk")
    assert entry.count == 4 and entry.detail == f"checkin-{people.pk}.pdf"


def test_exports_need_step_up_and_the_permission(client, staff, people):
    session = client.session
    session[VERIFIED_AT] = session[VERIFIED_AT] - settings.CANDLE_STEPUP_SECONDS - 1
    session.save()
    for name in ("programmes_event_export_xlsx", "programmes_event_checkin_pdf"):
        response = client.get(reverse(name, args=[people.pk]))
        assert response.status_code == 302 and "stepup=1" in response["Location"]
    assert not AuditEntry.objects.filter(action="export").exists()

    client.force_login(_user("editor-like", "view_supporter", "add_page"))
    for name in ("programmes_event_export_xlsx", "programmes_event_checkin_pdf"):
        response = client.get(reverse(name, args=[people.pk]))
        assert response.status_code in (302, 403, 404)
        assert "하늘예시".encode() not in response.content
    assert not AuditEntry.objects.filter(action="export").exists()


def test_staff_record_a_refund_once_and_viewers_cannot(client, staff, people, committed):
    from candle.programmes.services import registration_cancel

    registration = Registration.objects.filter(status="unpaid").first()
    Registration.objects.filter(pk=registration.pk).update(
        status="confirmed", paid_at=registration.created_at
    )
    committed(registration_cancel, registration_id=registration.pk)
    page = client.get(reverse("programmes_event_registrants", args=[people.pk]))
    assert "처리할 환불" in page.content.decode()
    url = reverse("programmes_refund_record", args=[people.pk, registration.pk])

    client.force_login(_user("viewer", "view_registration"))
    assert client.post(url).status_code in (302, 403)  # Wagtail turns a 403 into a redirect
    registration.refresh_from_db()
    assert registration.refund_open

    client.force_login(staff)
    assert client.post(url).status_code == 302
    registration.refresh_from_db()
    assert registration.refunded_at and registration.refunded_by == "programme-staff"
    assert AuditEntry.objects.filter(action="record.change", detail="refund recorded").count() == 1
    client.post(url)  # twice: nothing more
    assert AuditEntry.objects.filter(action="record.change", detail="refund recorded").count() == 1
    numbers = client.get(reverse("programmes_events")).content.decode()
    assert "결제 대기" in numbers
