"""The second factor after the password: enrolment, the code page, recovery codes, the
lockout, and the walk proving no admin URL opens to a password alone."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from candle.access.middleware import OPEN_VIEW_NAMES
from candle.access.models import SecondFactorFailure
from candle.access.services import recovery_codes_replace
from candle.access.testing import authenticator_for_tests

from .conftest import code_for

pytestmark = [pytest.mark.django_db, pytest.mark.real_two_factor]

ENROL = reverse("access:enrol")
VERIFY = reverse("access:verify")


def test_required_account_without_device_is_sent_to_enrol(client, admin_user):
    client.force_login(admin_user)
    response = client.get("/admin/pages/")
    assert response.status_code == 302
    assert response["Location"] == f"{ENROL}?next=%2Fadmin%2Fpages%2F"


def test_enrolment_shows_qr_and_secret_then_codes_once(client, admin_user, audit_log):
    client.force_login(admin_user)
    page = client.get(ENROL, {"next": "/admin/pages/"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "otpauth" not in html  # the QR is drawn, the URI not printed
    device = TOTPDevice.objects.get(user=admin_user, confirmed=False)
    secret = page.context["secret"].replace(" ", "")
    assert len(secret) >= 32 and secret in html.replace(" ", "")

    wrong = client.post(ENROL, {"code": "000000", "next": "/admin/pages/"})
    assert wrong.status_code == 200 and wrong.context["form"].errors
    assert SecondFactorFailure.objects.filter(user=admin_user).count() == 1

    done = client.post(ENROL, {"code": code_for(device), "next": "/admin/pages/"})
    assert done["Location"] == reverse("access:recovery_codes_once")
    shown = client.get(done["Location"])
    codes = shown.context["codes"]
    assert len(codes) == 10 and all(re.fullmatch(r"[a-z2-7]{4}-[a-z2-7]{4}", c) for c in codes)
    assert shown.context["next"] == "/admin/pages/"
    assert client.get(done["Location"])["Location"] == reverse("access:account")  # once only

    assert client.get("/admin/pages/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    assert not SecondFactorFailure.objects.filter(user=admin_user).exists()
    assert [a for a, *_ in audit_log] == ["otp.failure", "otp.enrol"]


def test_enrolled_account_is_asked_for_its_code_and_cannot_enrol_again(
    client, admin_user, audit_log
):
    device = authenticator_for_tests(admin_user)
    client.force_login(admin_user)
    assert client.get("/admin/")["Location"] == f"{VERIFY}?next=%2Fadmin%2F"
    # A password alone must not replace the factor it is checked against.
    assert client.get(ENROL)["Location"].startswith(VERIFY)
    assert client.post(ENROL, {"code": "123456"})["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=admin_user).count() == 1

    response = client.post(VERIFY, {"code": code_for(device), "next": "/admin/pages/"})
    assert response["Location"] == "/admin/pages/"
    assert client.get("/admin/").status_code == 200
    assert [a for a, *_ in audit_log] == ["otp.verify"]


def test_next_outside_the_site_is_ignored(client, admin_user):
    device = authenticator_for_tests(admin_user)
    client.force_login(admin_user)
    response = client.post(VERIFY, {"code": code_for(device), "next": "https://evil.example/"})
    assert response["Location"] == reverse("wagtailadmin_home")


def test_recovery_code_works_once(client, admin_user, audit_log):
    authenticator_for_tests(admin_user)
    codes = recovery_codes_replace(user=admin_user)
    client.force_login(admin_user)
    typed = f"{codes[3][:4].upper()}-{codes[3][4:]}"  # as printed, in capitals
    assert client.post(VERIFY, {"code": typed})["Location"] == reverse("wagtailadmin_home")
    assert StaticToken.objects.filter(device__user=admin_user).count() == 9
    assert [a for a, *_ in audit_log] == ["otp.verify", "otp.recovery_used"]

    client.post(reverse("wagtailadmin_logout"))
    client.force_login(admin_user)
    again = client.post(VERIFY, {"code": codes[3]})
    assert again.status_code == 200 and again.context["form"].errors
    assert client.get("/admin/").status_code == 302
    assert audit_log[-1][0] == "otp.failure"


def test_five_wrong_codes_lock_the_second_factor(client, admin_user, settings):
    device = authenticator_for_tests(admin_user)
    client.force_login(admin_user)
    for _ in range(4):
        response = client.post(VERIFY, {"code": "000000"})
        assert response.status_code == 200 and not response.context["locked_message"]
    locked = client.post(VERIFY, {"code": "999999"})
    assert locked.context["locked_message"]
    assert locked.context["locked_message"] in locked.content.decode()

    # Locked: even the right code is not checked.
    still = client.post(VERIFY, {"code": code_for(device)})
    assert still.status_code == 200 and still.context["locked_message"]
    assert client.get("/admin/").status_code == 302
    assert SecondFactorFailure.objects.filter(user=admin_user).count() == 5

    # The window passes: the right code opens it again and the count starts over.
    SecondFactorFailure.objects.filter(user=admin_user).update(
        failed_at=timezone.now()
        - dt.timedelta(seconds=settings.CANDLE_OTP_FAILURE_WINDOW_SECONDS + 1)
    )
    assert client.post(VERIFY, {"code": code_for(device)}).status_code == 302
    assert client.get("/admin/").status_code == 200
    assert not SecondFactorFailure.objects.filter(user=admin_user).exists()


def test_lock_counts_per_account_across_recovery_codes(client, admin_user):
    authenticator_for_tests(admin_user)
    recovery_codes_replace(user=admin_user)
    client.force_login(admin_user)
    for code in ["000000", "aaaaaaaa", "111111", "bbbbbbbb", "nonsense!"]:
        client.post(VERIFY, {"code": code})
    assert client.get(VERIFY).context["locked_message"]


def test_lock_message_in_korean(client, admin_user):
    authenticator_for_tests(admin_user)
    client.force_login(admin_user)
    for _ in range(5):
        client.post(VERIFY, {"code": "000000"}, HTTP_ACCEPT_LANGUAGE="ko")
    page = client.get(VERIFY, HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "잘못된 코드" in page


def test_writer_may_go_without_but_is_asked_once_enrolled(client, writer):
    client.force_login(writer)
    assert client.get("/admin/").status_code == 200
    authenticator_for_tests(writer)
    assert client.get("/admin/")["Location"].startswith(VERIFY)


# A value for a path converter that "1" would not match (casework's case numbers).
_SAMPLES = {"casenumber": "D-2026-0001"}


def _sample(match) -> str:
    return _SAMPLES.get(match.group(1) or "", "1")


def _admin_paths():
    """Every admin URL pattern, with 1 for each argument (a value of its form for a converter
    that needs one: the middleware answers before any view looks the object up)."""
    admin = next(
        p for p in get_resolver().url_patterns if str(getattr(p, "pattern", "")) == "admin/"
    )

    def walk(patterns, prefix, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                ns = entry.namespace or namespace
                ns = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else ns
                yield from walk(entry.url_patterns, prefix + str(entry.pattern), ns)
            elif isinstance(entry, URLPattern):
                raw = prefix + str(entry.pattern)
                name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
                path = re.sub(r"<(?:(\w+):)?\w+>", _sample, raw).lstrip("^").rstrip("$")
                if "(" in path or "[" in path:
                    continue  # a regular expression route: none of Wagtail's admin pages
                yield name, "/" + path

    return list(walk(admin.url_patterns, "admin/", None))


def test_no_admin_url_opens_to_a_password_alone(client, admin_user, writer):
    authenticator_for_tests(writer)
    paths = _admin_paths()
    assert len(paths) > 150  # the walk found Wagtail's screens, the snippets and ours
    for user in (admin_user, writer):
        client.force_login(user)
        for name, path in paths:
            if name in OPEN_VIEW_NAMES:
                continue
            for method in (client.get, client.post):
                response = method(path)
                assert response.status_code in (302, 404), (user, name, path, response)
                if response.status_code == 302:
                    assert response["Location"].startswith("/admin/account/two-factor/"), (
                        name,
                        path,
                        response["Location"],
                    )
                else:
                    assert b"<form" not in response.content, (name, path)


def test_code_pages_get_the_admin_icons(client, admin_user):
    """Wagtail's pages fetch the icon sprite by script and insert it into the page: were it
    redirected too, the code page itself would be inserted a second time."""
    authenticator_for_tests(admin_user)
    client.force_login(admin_user)
    response = client.get(reverse("wagtailadmin_sprite"))
    assert response.status_code == 200 and b"<svg" in response.content
    assert b"id_code" not in response.content


def test_documents_wait_for_the_second_factor_too(client, admin_user):
    """A collection restricted to signed-in users must not open to a password alone."""
    authenticator_for_tests(admin_user)
    client.force_login(admin_user)
    response = client.get("/documents/1/report.pdf")
    assert response["Location"].startswith(VERIFY)
