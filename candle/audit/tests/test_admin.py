"""The audit log's admin: auditors (and superusers) only, read-only, filters, a safe export
that is itself logged."""

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.urls import NoReverseMatch, reverse

from candle.audit.log import record
from candle.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

INDEX = "/admin/audit_log/"


def test_only_view_permission_exists_for_the_log():
    codenames = set(
        Permission.objects.filter(content_type__app_label="audit").values_list(
            "codename", flat=True
        )
    )
    assert codenames == {"view_auditentry"}


def test_no_screen_adds_changes_or_deletes_an_entry():
    for name in ("add", "edit", "delete", "inspect", "copy", "history"):
        with pytest.raises(NoReverseMatch):
            reverse(f"audit_log:{name}", args=[1] if name != "add" else [])


def test_auditor_sees_the_log_newest_first(client, auditor):
    record("export", detail="first-entry")
    record("export", detail="second-entry")
    client.force_login(auditor)
    html = client.get(INDEX).content.decode()
    assert html.index("second-entry") < html.index("first-entry")
    assert INDEX in client.get("/admin/").content.decode()  # the menu item


@pytest.mark.parametrize("who", ["plain_staff", "crm_staff"])
def test_staff_without_the_permission_neither_see_nor_open_it(client, who, request):
    record("export", detail="hidden-entry")
    client.force_login(request.getfixturevalue(who))
    response = client.get(INDEX)
    assert response.status_code in (302, 403) and b"hidden-entry" not in response.content
    assert INDEX not in client.get("/admin/").content.decode()


def test_superuser_sees_it(admin_client):
    assert admin_client.get(INDEX).status_code == 200


def test_filters_by_action_actor_and_target_type(client, auditor, crm_staff):
    record("export", actor=crm_staff, detail="by-crm")
    record("record.view", actor=auditor, target=crm_staff, detail="by-auditor")
    client.force_login(auditor)
    by_action = client.get(INDEX, {"action": "export"}).content.decode()
    assert "by-crm" in by_action and "by-auditor" not in by_action
    by_actor = client.get(INDEX, {"actor": auditor.pk}).content.decode()
    assert "by-auditor" in by_actor and "by-crm" not in by_actor
    by_type = client.get(INDEX, {"target_type": "auth.user"}).content.decode()
    assert "by-auditor" in by_type and "by-crm" not in by_type


def test_filters_by_date_range(client, auditor):
    record("export", detail="today-entry")
    client.force_login(auditor)
    assert "today-entry" not in client.get(INDEX, {"at_to": "2000-01-01"}).content.decode()
    assert "today-entry" in client.get(INDEX, {"at_from": "2000-01-01"}).content.decode()


@pytest.mark.parametrize("bad", [{"at_from": "어제"}, {"actor": "x"}, {"action": "nope"}])
def test_bad_filter_values_are_not_a_500(client, auditor, bad):
    client.force_login(auditor)
    assert client.get(INDEX, bad).status_code == 200


def test_csv_export_is_safe_and_logged(client, auditor):
    record("export", detail='=HYPERLINK("http://x")')
    client.force_login(auditor)
    entries = AuditEntry.objects.count()
    response = client.get(INDEX, {"export": "csv"})
    body = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert any(cell.startswith("'=HYPERLINK") for row in rows for cell in row)
    logged = AuditEntry.objects.filter(action="export", actor=auditor).get()
    assert logged.detail == "audit entries (csv)" and logged.count == entries
    assert len(rows) == entries + 1  # the heading


def test_xlsx_export_is_logged(client, auditor):
    from openpyxl import load_workbook

    record("export", detail="=1+1")
    client.force_login(auditor)
    response = client.get(INDEX, {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert "'=1+1" in [cell.value for row in sheet.iter_rows() for cell in row]
    assert AuditEntry.objects.filter(action="export", detail="audit entries (xlsx)").exists()


def test_the_listing_stays_within_a_query_budget(client, auditor, django_assert_max_num_queries):
    for n in range(30):
        record("record.view", actor=auditor, target=auditor, fields=["name"], detail=f"n{n}")
    client.force_login(auditor)
    client.get(INDEX)  # the session and Wagtail's per-user rows made once
    with django_assert_max_num_queries(25):
        response = client.get(INDEX)
    assert response.status_code == 200 and "n29" in response.content.decode()
