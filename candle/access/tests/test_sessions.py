"""Staff sessions end after idle time and in all; readers are never touched; sensitive acts
ask for the second factor again after five minutes."""

from __future__ import annotations

import time

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from candle.access.sessions import SEEN_AT, SIGNED_IN_AT, VERIFIED_AT
from candle.access.testing import client_second_factor_give

from .conftest import code_for

pytestmark = [pytest.mark.django_db, pytest.mark.real_two_factor]

LOGIN = reverse("wagtailadmin_login")
VERIFY = reverse("access:verify")


def _signed_in(client, user):
    client.force_login(user)
    return client_second_factor_give(client, user)


def _age(client, key, seconds, now=None):
    session = client.session
    session[key] = int(time.time() if now is None else now) - seconds
    session.save()


@pytest.mark.parametrize(
    "language, message",
    [("en", "signed out after a time without use"), ("ko", "한동안 사용하지 않아 로그아웃")],
)
def test_idle_session_is_signed_out_with_a_message(
    client, admin_user, settings, monkeypatch, language, message
):
    """The message is in the language the user chose for the admin, whatever the browser says.

    The sessions module's clock stands still here: 59 seconds of a 60-second limit is a
    boundary, and a slow request on a busy machine must not carry it over."""
    from types import SimpleNamespace

    from wagtail.users.models import UserProfile

    now = float(int(time.time()))
    monkeypatch.setattr("candle.access.sessions.time", SimpleNamespace(time=lambda: now))

    UserProfile.objects.update_or_create(user=admin_user, defaults={"preferred_language": language})
    settings.CANDLE_STAFF_SESSION_IDLE_SECONDS = 60
    _signed_in(client, admin_user)
    assert client.get("/admin/").status_code == 200
    _age(client, SEEN_AT, 59, now)
    assert client.get("/admin/").status_code == 200  # used again: the idle time starts over
    _age(client, SEEN_AT, 61, now)
    other = "ko" if language == "en" else "en"
    response = client.get("/admin/pages/", HTTP_ACCEPT_LANGUAGE=other)
    assert response["Location"] == f"{LOGIN}?next=%2Fadmin%2Fpages%2F"
    assert SESSION_KEY not in client.session
    login_page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE=other)
    assert message in login_page.content.decode()


def test_session_ends_after_its_whole_lifetime_even_when_busy(client, admin_user, settings):
    _signed_in(client, admin_user)
    _age(client, SIGNED_IN_AT, settings.CANDLE_STAFF_SESSION_MAX_SECONDS + 1)
    assert client.get("/admin/")["Location"].startswith(LOGIN)
    assert SESSION_KEY not in client.session


def test_signing_in_again_asks_for_the_second_factor_again(client, admin_user):
    device = _signed_in(client, admin_user)
    client.post(reverse("wagtailadmin_logout"))
    client.post(LOGIN, {"username": "boss", "password": "a-long-test-password-1"})
    assert client.get("/admin/")["Location"].startswith(VERIFY)
    assert client.post(VERIFY, {"code": code_for(device)}).status_code == 302
    assert client.get("/admin/").status_code == 200


def test_reader_gets_no_session_and_no_cookie(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert django_settings.SESSION_COOKIE_NAME not in response.cookies


def test_expired_staff_session_on_a_public_page_is_just_signed_out(client, admin_user):
    _signed_in(client, admin_user)
    _age(client, SEEN_AT, django_settings.CANDLE_STAFF_SESSION_IDLE_SECONDS + 1)
    assert client.get("/robots.txt").status_code == 200
    assert SESSION_KEY not in client.session


@pytest.mark.parametrize(
    "url_name, args",
    [("wagtailusers_users:edit", "self"), ("wagtailusers_groups:add", None)],
)
def test_changing_access_asks_for_the_code_again_after_five_minutes(
    client, admin_user, audit_log, url_name, args
):
    device = _signed_in(client, admin_user)
    url = reverse(url_name, args=[admin_user.pk] if args else None)
    assert client.get(url).status_code == 200  # code given just now
    _age(client, VERIFIED_AT, django_settings.CANDLE_STEPUP_SECONDS + 1)
    assert client.get("/admin/").status_code == 200  # ordinary screens do not ask
    response = client.get(url)
    assert response["Location"].startswith(f"{VERIFY}?")
    assert "stepup=1" in response["Location"]
    page = client.get(response["Location"])
    assert page.context["stepup"]
    back = client.post(VERIFY, {"code": code_for(device), "next": url, "stepup": "1"})
    assert back["Location"] == url
    assert client.get(url).status_code == 200
    assert [a for a, *_ in audit_log] == ["otp.stepup"]


def test_export_of_personal_data_asks_again(client, admin_user):
    _signed_in(client, admin_user)
    url = reverse("giving_export", args=["donations", "csv"])
    assert client.get(url).status_code == 200
    _age(client, VERIFIED_AT, django_settings.CANDLE_STEPUP_SECONDS + 1)
    assert client.get(url)["Location"].startswith(VERIFY)


def test_a_stale_post_goes_back_to_the_form_it_came_from(client, admin_user):
    _signed_in(client, admin_user)
    _age(client, VERIFIED_AT, django_settings.CANDLE_STEPUP_SECONDS + 1)
    response = client.post(
        reverse("giving_receipts"), {"year": "2025"}, HTTP_REFERER="http://testserver/admin/giving/"
    )
    assert response["Location"].startswith(VERIFY)
    assert "next=http%3A%2F%2Ftestserver%2Fadmin%2Fgiving%2F" in response["Location"]


def test_unenrolled_account_allowed_a_sensitive_act_is_sent_to_enrol(client, writer):
    from django.contrib.auth.models import Permission

    writer.user_permissions.add(Permission.objects.get(codename="view_user"))
    client.force_login(writer)
    assert client.get("/admin/").status_code == 200
    response = client.get(reverse("wagtailusers_users:edit", args=[writer.pk]))
    assert response["Location"].startswith(reverse("access:enrol"))
