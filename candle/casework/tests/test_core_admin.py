"""Casework's screens used as staff use them: in Korean, on the form paths, with bad input,
double submits, encrypted uploads and an audit entry for every read."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.users.models import UserProfile

from candle.access.roles import CASE_SUPERVISORS, CASEWORKERS, roles_setup
from candle.audit.models import AuditEntry
from candle.casework.models import Case, CaseAccessGrant, CaseDocument, CaseNote
from candle.core.tests.admin_english import english_runs

from .walk import SECRET_NARRATIVE, WALK, casework_url, casework_urls, casework_walk_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(django_user_model):
    roles_setup()

    def member(name, group):
        user = django_user_model.objects.create_user(name, password="x-not-used-123")
        user.groups.add(Group.objects.get(name=group))
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = "ko"
        profile.save()
        return django_user_model.objects.get(pk=user.pk)

    return {"worker": member("cw", CASEWORKERS), "supervisor": member("sup", CASE_SUPERVISORS)}


def _open(client, **fields):
    page = client.get("/admin/casework/new/")
    once = re.search(r'name="once" value="([0-9a-f]+)"', page.content.decode()).group(1)
    data = {"kind": "disappearance", "pseudonym": "Example Crane", "country": "kp", "once": once}
    return client.post("/admin/casework/new/", {**data, **fields})


def test_every_casework_screen_reads_in_korean(client, staff, settings):
    settings.LANGUAGE_CODE = "ko"
    rows = casework_walk_rows(owner=staff["supervisor"])
    written = [WALK, SECRET_NARRATIVE, "Ask the family (example)", "Letters to the Red Cross"]
    written += ["Example unit", "Example Province", "Daughter", "statement"]
    written += ["told us about the camp.", "Detention after return"]  # the testimony rows
    allowed = re.compile("|".join(re.escape(p) for p in written))
    client.force_login(staff["supervisor"])
    found = {}
    for route, name in casework_urls():
        response = client.get(casework_url(route, name, rows))
        if response.status_code != 200 or "html" not in response["Content-Type"]:
            continue
        if runs := english_runs(response.content.decode(), allowed=allowed):
            found[name] = runs
    assert found == {}


def test_a_caseworker_opens_a_case_and_holds_it(client, staff):
    client.force_login(staff["worker"])
    response = _open(client, region="Example Province", summary="Met at the border (example)")
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{case.case_number}/")
    assert case.country == "KP" and hasattr(case, "dossier")
    assert CaseAccessGrant.objects.filter(case=case, user=staff["worker"]).exists()
    page = client.get(response["Location"])
    assert "Met at the border (example)" in page.content.decode()
    assert AuditEntry.objects.filter(action="record.view", target_id=str(case.pk)).exists()


def test_a_double_submit_opens_one_case(client, staff):
    client.force_login(staff["worker"])
    page = client.get("/admin/casework/new/")
    once = re.search(r'name="once" value="([0-9a-f]+)"', page.content.decode()).group(1)
    data = {"kind": "rescue", "pseudonym": "Example Heron", "country": "CN", "once": once}
    first, second = (
        client.post("/admin/casework/new/", data),
        client.post("/admin/casework/new/", data),
    )
    assert first.status_code == 302 and second.status_code == 302
    assert Case.objects.count() == 1


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"country": "K1"}, "두 글자 코드"),
        ({"country": "Korea"}, "2"),
        ({"pseudonym": ""}, "필수"),
        ({"kind": "secret"}, "선택"),
        ({"exact_location": "Example street 1"}, "이유를 적어"),
        ({"pseudonym": "x" * 5000}, "80"),
    ],
)
def test_bad_input_gets_a_korean_message_and_stores_nothing(client, staff, fields, message):
    client.force_login(staff["worker"])
    response = _open(client, **fields)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Case.objects.count() == 0


def test_a_note_and_a_document_are_stored_encrypted_and_read_back_logged(client, staff):
    from django.db import connection

    client.force_login(staff["worker"])
    _open(client)
    case = Case.objects.get()
    page = client.get(f"/admin/casework/{case.case_number}/notes/new/").content.decode()
    once = re.search(r'name="once" value="([0-9a-f]+)"', page).group(1)
    client.post(
        f"/admin/casework/{case.case_number}/notes/new/", {"body": "Phoned (example)", "once": once}
    )
    client.post(
        f"/admin/casework/{case.case_number}/notes/new/", {"body": "Phoned (example)", "once": once}
    )
    assert CaseNote.objects.count() == 1

    page = client.get(f"/admin/casework/{case.case_number}/documents/new/").content.decode()
    once = re.search(r'name="once" value="([0-9a-f]+)"', page).group(1)
    upload = SimpleUploadedFile("홍길동예시-진술.pdf", b"%PDF-1.4 statement of an example")
    response = client.post(
        f"/admin/casework/{case.case_number}/documents/new/",
        {"title": "Statement (example)", "file": upload, "once": once},
    )
    assert response.status_code == 302
    document = CaseDocument.objects.get()
    assert "홍길동" not in document.file.name  # the uploaded name says nothing on disk
    assert b"statement of an example" not in document.file.storage.raw_bytes(document.file.name)
    with connection.cursor() as cursor:
        cursor.execute("SELECT title FROM casework_casedocument")
        assert "Statement" not in cursor.fetchone()[0]
    download = client.get(f"/admin/casework/{case.case_number}/documents/{document.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 statement of an example"
    assert "no-store" in download["Cache-Control"]
    assert AuditEntry.objects.filter(
        action="record.view", target_type="casework.casedocument", target_id=str(document.pk)
    ).exists()


@pytest.mark.parametrize(
    "name, content",
    [
        ("statement.pdf", b"<html><script>alert(1)</script></html>"),
        ("photo.png", b"GIF89a not a png"),
        ("run.exe", b"MZ\x90\x00"),
        ("empty.pdf", b""),
    ],
)
def test_a_document_that_is_not_what_it_says_is_refused(client, staff, name, content):
    client.force_login(staff["worker"])
    _open(client)
    case = Case.objects.get()
    page = client.get(f"/admin/casework/{case.case_number}/documents/new/").content.decode()
    once = re.search(r'name="once" value="([0-9a-f]+)"', page).group(1)
    response = client.post(
        f"/admin/casework/{case.case_number}/documents/new/",
        {"title": "x", "file": SimpleUploadedFile(name, content), "once": once},
    )
    assert response.status_code == 200 and CaseDocument.objects.count() == 0


def test_a_supervisor_gives_and_withdraws_access_with_a_reason(client, staff):
    client.force_login(staff["supervisor"])
    _open(client)
    case = Case.objects.get()
    worker = staff["worker"]
    response = client.post(
        f"/admin/casework/{case.case_number}/grants/new/",
        {"user": worker.pk, "reason": "Speaks to the family"},
    )
    assert response.status_code == 302
    grant = CaseAccessGrant.objects.get(case=case, user=worker, withdrawn_at__isnull=True)
    assert grant.reason == "Speaks to the family"
    response = client.post(
        f"/admin/casework/{case.case_number}/grants/{grant.pk}/withdraw/", {"reason": "Left"}
    )
    grant.refresh_from_db()
    assert response.status_code == 302 and grant.withdrawn_at is not None
    entry = AuditEntry.objects.get(action="case.withdraw")
    assert entry.detail == "from cw: Left"
    worker_client = client.__class__()
    worker_client.force_login(worker)
    assert worker_client.get(f"/admin/casework/{case.case_number}/").status_code == 404


def test_the_list_stays_within_its_query_budget(client, staff, django_assert_max_num_queries):
    rows = casework_walk_rows(owner=staff["supervisor"])
    for index in range(25):
        Case.objects.create(
            case_number=f"R-2098-{index:04d}",
            kind="rescue",
            pseudonym=f"Example {index}",
            country="CN",
            opened_on=rows[Case].opened_on,
            created_by=staff["supervisor"],
        )
    client.force_login(staff["supervisor"])
    with django_assert_max_num_queries(25):
        response = client.get("/admin/casework/")
    assert response.status_code == 200 and "Example 24" in response.content.decode()
