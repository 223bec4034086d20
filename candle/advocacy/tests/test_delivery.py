"""The delivery pack: built by a task with progress, PDF (target's language, Korean font) and
CSV read back, never an e-mail address, forget-me leaves the name out and keeps the count;
download only with the permission, after step-up, written to the audit log."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from candle.advocacy.delivery import delivery_pack_build, delivery_pack_request
from candle.advocacy.models import DeliveryPack, Signature
from candle.advocacy.signatures import signatures_forget
from candle.audit.models import AuditEntry
from candle.supporters.services import supporter_get_or_create

pytestmark = pytest.mark.django_db


def _signature(appeal, name, email, country, comment="", counted=True):
    return Signature.objects.create(
        appeal=appeal,
        appeal_key=appeal.translation_key,
        name=name,
        email=email,
        email_normalised=email.lower(),
        country=country,
        comment=comment,
        consent_text="동의",
        counted=counted,
    )


@pytest.fixture
def signed(appeal):
    _signature(appeal, "홍길동예시", "hong@example.org", "KR", comment="=HYPERLINK(1)")
    _signature(appeal, "Jane Example", "jane@example.org", "GB", comment="Free them")
    _signature(appeal, "김예시", "kim@example.org", "KR")
    _signature(appeal, "미확인예시", "pending@example.org", "JP", counted=False)
    return appeal


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _build(appeal, comments=True):
    pack = delivery_pack_request(appeal=appeal, include_comments=comments, user=None)
    pack.refresh_from_db()
    return pack


def _read(field_file) -> bytes:
    with field_file.storage.open(field_file.name) as handle:
        return handle.read()


def test_pack_in_korean_with_counts_names_and_comments(signed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        pack = _build(signed)
    pack.refresh_from_db()
    assert pack.status == DeliveryPack.Status.DONE and pack.progress == 100
    assert pack.signature_count == 3
    text = _pdf_text(_read(pack.pdf))
    assert "서명 전달" in text and "홍길동예시" in text and "Jane Example" in text
    assert "대한민국" in text and "미확인예시" not in text
    assert "@" not in text
    rows = list(csv.reader(io.StringIO(_read(pack.csv).decode("utf-8-sig"))))
    flat = "\n".join(",".join(row) for row in rows)
    assert "@example.org" not in flat
    assert ["대한민국", "2"] in rows and ["영국", "1"] in rows
    assert ["홍길동예시", "대한민국", "'=HYPERLINK(1)"] in rows  # never a formula
    assert b"NanumGothic" in _read(pack.pdf)  # the Korean font is embedded


def test_pack_in_english_for_an_english_target(homes, django_capture_on_commit_callbacks):
    from .conftest import appeal_make

    appeal = appeal_make(homes["ko"], slug="un", target_language="en", target_name="UN OHCHR")
    _signature(appeal, "홍길동예시", "hong@example.org", "KR")
    with django_capture_on_commit_callbacks(execute=True):
        pack = _build(appeal, comments=False)
    pack.refresh_from_db()
    text = _pdf_text(_read(pack.pdf))
    assert "Delivery of signatures" in text and "South Korea" in text and "홍길동예시" in text
    rows = list(csv.reader(io.StringIO(_read(pack.csv).decode("utf-8-sig"))))
    assert ["Name", "Country"] in rows


def test_forget_me_removes_the_name_from_later_packs_and_keeps_the_count(
    signed, django_capture_on_commit_callbacks
):
    person = supporter_get_or_create(email="hong@example.org", name="홍길동예시", locale="ko")
    signatures_forget(supporter=person)
    with django_capture_on_commit_callbacks(execute=True):
        pack = _build(signed)
    pack.refresh_from_db()
    assert pack.signature_count == 3
    text = _pdf_text(_read(pack.pdf))
    assert "홍길동예시" not in text and "김예시" in text
    rows = list(csv.reader(io.StringIO(_read(pack.csv).decode("utf-8-sig"))))
    assert ["대한민국", "2"] in rows
    assert not any(row and row[0] == "홍길동예시" for row in rows)


def test_a_second_run_of_the_task_does_nothing(signed):
    pack = DeliveryPack.objects.create(appeal=signed)
    assert delivery_pack_build(pack_id=pack.pk)
    assert not delivery_pack_build(pack_id=pack.pk)


@pytest.fixture
def exporter(db):
    user = get_user_model().objects.create_user(
        username="exporter", password="x-not-used-123", is_staff=True
    )
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_signature"),
        Permission.objects.get(codename="export_signature"),
    )
    return user


def test_download_needs_permission_step_up_and_is_audited(
    client, signed, exporter, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        pack = _build(signed)
    url = f"/admin/advocacy/packs/{pack.pk}.pdf"
    client.force_login(exporter)
    page = client.get(f"/admin/advocacy/{signed.pk}/delivery/")
    assert page.status_code == 200
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert AuditEntry.objects.filter(action="export").exists()


def test_download_is_refused_without_the_export_permission(
    client, signed, exporter, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        pack = _build(signed)
    exporter.user_permissions.remove(Permission.objects.get(codename="export_signature"))
    client.force_login(exporter)
    response = client.get(f"/admin/advocacy/packs/{pack.pk}.csv")
    assert response.status_code in (302, 403)
    assert not AuditEntry.objects.filter(action="export").exists()


@pytest.mark.real_two_factor
def test_download_asks_for_the_second_factor_again(client, signed, exporter):
    pack = DeliveryPack.objects.create(appeal=signed)
    delivery_pack_build(pack_id=pack.pk)
    client.force_login(exporter)
    response = client.get(f"/admin/advocacy/packs/{pack.pk}.pdf")
    assert response.status_code == 302
    assert not AuditEntry.objects.filter(action="export").exists()
