"""Casework in the browser, in the Korean admin, each person signing in with two factors: a
caseworker with a grant opens their case and adds a note; a caseworker without one gets the
404 for the same address; the supervisor's export of a campaign's rescue costs asks for the
second factor again (step-up) before it gives the file."""

from __future__ import annotations

import re
import time

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from candle.access.roles import CASE_SUPERVISORS, CASEWORKERS, roles_setup
from candle.casework.models import Case, CaseNote
from candle.casework.services import case_open
from candle.casework.tests.walk import rescue_rows_create

pytestmark = pytest.mark.real_two_factor

PASSWORD = "casework-e2e-password-1"  # noqa: S105 - a test account's


def _code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + device.step * steps_ahead
    return f"{totp.token():0{device.digits}d}"


def sign_in(page, base_url: str, user) -> None:
    """Password, then a code of the account's authenticator."""
    page.goto(f"{base_url}/admin/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/two-factor/**")
    page.fill("#id_code", _code(user.device))
    page.click("form.login-form button[type=submit]")
    page.wait_for_url(f"{base_url}/admin/")


@pytest.fixture
def staff(transactional_db, django_user_model):
    roles_setup()

    def member(username: str, group: str):
        user = django_user_model.objects.create_user(
            username, email=f"{username}@staff.example", password=PASSWORD
        )
        user.groups.add(Group.objects.get(name=group))
        user.device = TOTPDevice.objects.create(user=user, name="e2e", confirmed=True)
        return user

    return {
        "worker": member("cw-e2e", CASEWORKERS),
        "stranger": member("cw2-e2e", CASEWORKERS),
        "supervisor": member("sup-e2e", CASE_SUPERVISORS),
    }


@pytest.fixture
def case(staff):
    """A rescue case its opener (the caseworker) is granted, with a cost charged to a campaign."""
    opened = case_open(
        user=staff["worker"], kind=Case.Kind.RESCUE, pseudonym="Example Birch", country="CN"
    )
    rows = rescue_rows_create(opened, staff["worker"], slug="e2e")
    return {"case": opened, "rows": rows}


def test_a_granted_caseworker_adds_a_note_and_another_gets_the_404(
    browser, live_server, staff, case
):
    url = f"{live_server.url}/admin/casework/{case['case'].case_number}/"

    worker = browser.new_context(locale="ko-KR").new_page()
    sign_in(worker, live_server.url, staff["worker"])
    assert worker.goto(url).status == 200
    expect(worker.locator("html")).to_have_attribute("lang", "ko")
    worker.goto(url + "notes/new/")
    expect(worker.get_by_role("heading", name="메모 추가")).to_be_visible()
    worker.fill("textarea[name=body]", "가족과 통화함 (예시)")
    worker.click(".casework form button[type=submit]")
    worker.wait_for_url(url)
    expect(worker.get_by_text("메모를 추가했습니다.")).to_be_visible()
    expect(worker.get_by_text("가족과 통화함 (예시)")).to_be_visible()
    assert CaseNote.objects.filter(case=case["case"]).count() == 1

    stranger = browser.new_context(locale="ko-KR").new_page()
    sign_in(stranger, live_server.url, staff["stranger"])
    assert stranger.goto(url).status == 404
    assert stranger.goto(url + "notes/new/").status == 404
    assert "Example Birch" not in stranger.content()
    assert CaseNote.objects.filter(case=case["case"]).count() == 1


def test_the_supervisors_export_asks_for_the_second_factor_again(
    browser, live_server, staff, case, settings
):
    from candle.casework.models import RescueCost

    campaign_id = case["rows"][RescueCost].campaign_id
    export = live_server.url + reverse("casework_rescue:campaign_costs_csv", args=[campaign_id])
    page = browser.new_context(locale="ko-KR", accept_downloads=True).new_page()
    sign_in(page, live_server.url, staff["supervisor"])

    settings.CANDLE_STEPUP_SECONDS = 0  # the sign-in's second factor is no longer fresh
    page.goto(export)
    expect(page).to_have_url(re.compile(r"stepup=1"))
    expect(page.locator("#id_code")).to_be_visible()

    settings.CANDLE_STEPUP_SECONDS = 300
    page.fill("#id_code", _code(staff["supervisor"].device, steps_ahead=1))
    with page.expect_download() as download:
        page.click("form.login-form button[type=submit]")
    text = download.value.path().read_text(encoding="utf-8-sig")
    assert case["case"].case_number in text
