"""The audit log in the browser: staff open a supporter's record in the admin, and the log
names who opened which record; the auditors' screen lists it."""

import os
import tempfile
import time
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from candle.audit.models import AuditEntry
from candle.supporters.models import Supporter

PASSWORD = "audit-e2e-password-1"  # noqa: S105 - a test account's
SHOTS = Path(os.environ.get("CANDLE_E2E_SHOTS", tempfile.gettempdir())) / "shots" / "audit"


def sign_in(page, base_url: str, username: str, password: str, device: TOTPDevice) -> None:
    """The admin's sign-in form, then the second factor: a code of the account's authenticator."""
    page.goto(f"{base_url}/admin/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/two-factor/**")
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    page.fill("#id_code", f"{totp.token():0{device.digits}d}")
    page.click("form.login-form button[type=submit]")
    page.wait_for_url(f"{base_url}/admin/")


@pytest.fixture
def staff(_migration_rows):
    return get_user_model().objects.create_superuser(
        username="audit-e2e", email="audit-e2e@staff.example", password=PASSWORD
    )


@pytest.fixture
def authenticator(staff):
    """The superuser's enrolled authenticator (a superuser must sign in with two factors)."""
    return TOTPDevice.objects.create(user=staff, name="e2e", confirmed=True)


@pytest.fixture
def supporter(_migration_rows):
    return Supporter.objects.create(name="나가명", email="na.audit-e2e@supporters.example")


def test_opening_a_supporter_in_the_admin_is_logged(
    page, live_server, staff, authenticator, supporter
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    sign_in(page, live_server.url, "audit-e2e", PASSWORD, authenticator)
    page.goto(f"{live_server.url}/admin/snippets/supporters/supporter/")
    page.get_by_role("link", name="나가명").first.click()
    page.wait_for_url(f"**/supporters/supporter/edit/{supporter.pk}/")
    page.screenshot(path=f"{SHOTS}/supporter-edit.png", full_page=True)

    entry = AuditEntry.objects.filter(action="record.view").get()
    assert entry.actor == staff and entry.actor_username == "audit-e2e"
    assert entry.target_type == "supporters.supporter" and entry.target_id == str(supporter.pk)
    assert entry.client_address == "127.0.0.1"
    assert AuditEntry.objects.filter(action="signin.success", actor=staff).exists()

    page.goto(f"{live_server.url}/admin/audit_log/")
    row = page.locator("tbody tr").filter(has_text=f"Supporter #{supporter.pk}").first
    assert "audit-e2e" in row.inner_text()
    assert "나가명" not in page.content()  # the log names the record, never the person
    page.screenshot(path=f"{SHOTS}/audit-log.png", full_page=True)
