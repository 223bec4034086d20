"""A superuser resets another account's second factor (mail to its owner, audit entry); an
account removes its own after giving a code; nobody resets their own through the reset."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.users.models import UserProfile

from candle.access.models import SecondFactorFailure
from candle.access.services import recovery_codes_replace
from candle.access.testing import authenticator_for_tests, client_second_factor_give

from .conftest import code_for

pytestmark = [pytest.mark.django_db, pytest.mark.real_two_factor]


def _signed_in(client, user):
    client.force_login(user)
    return client_second_factor_give(client, user)


@pytest.mark.parametrize(
    "language, subject", [("en", "two-factor sign-in was reset"), ("ko", "2단계 로그인")]
)
def test_superuser_resets_anothers_factor_and_the_owner_is_told(
    client,
    admin_user,
    giving_staff,
    audit_log,
    django_capture_on_commit_callbacks,
    language,
    subject,
):
    profile = UserProfile.get_for_user(giving_staff)
    profile.preferred_language = language
    profile.save()
    authenticator_for_tests(giving_staff)
    recovery_codes_replace(user=giving_staff)
    SecondFactorFailure.objects.create(user=giving_staff)
    _signed_in(client, admin_user)
    url = reverse("access:reset", args=[giving_staff.pk])
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response["Location"] == reverse("wagtailusers_users:edit", args=[giving_staff.pk])
    assert not TOTPDevice.objects.filter(user=giving_staff).exists()
    assert not StaticDevice.objects.filter(user=giving_staff).exists()
    assert not SecondFactorFailure.objects.filter(user=giving_staff).exists()
    assert audit_log == [("otp.reset", admin_user, giving_staff)]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["giver@candle.example"]
    assert subject in mail.outbox[0].subject
    assert "boss" in mail.outbox[0].body


def test_nobody_resets_their_own_factor_this_way(client, admin_user):
    _signed_in(client, admin_user)
    refused = client.post(reverse("access:reset", args=[admin_user.pk]))
    assert refused["Location"] == reverse("wagtailadmin_home")  # the admin's permission denied
    assert TOTPDevice.objects.filter(user=admin_user).exists()


def test_only_a_superuser_resets(client, giving_staff, admin_user):
    authenticator_for_tests(admin_user)
    _signed_in(client, giving_staff)
    refused = client.post(reverse("access:reset", args=[admin_user.pk]))
    assert refused["Location"] == reverse("wagtailadmin_home")
    assert TOTPDevice.objects.filter(user=admin_user).exists()


def test_reset_button_in_the_user_listing_for_superusers(client, admin_user, writer):
    _signed_in(client, admin_user)
    html = client.get(reverse("wagtailusers_users:index")).content.decode()
    assert reverse("access:reset", args=[writer.pk]) in html
    assert reverse("access:reset", args=[admin_user.pk]) not in html


def test_removing_ones_own_factor_needs_a_code(client, writer, audit_log):
    device = _signed_in(client, writer)
    url = reverse("access:remove")
    wrong = client.post(url, {"code": "000000"})
    assert wrong.status_code == 200 and TOTPDevice.objects.filter(user=writer).exists()
    done = client.post(url, {"code": code_for(device)})
    assert done["Location"] == reverse("access:account")
    assert not TOTPDevice.objects.filter(user=writer).exists()
    assert client.get("/admin/").status_code == 200  # a writer may go without
    assert [a for a, *_ in audit_log] == ["otp.failure", "otp.stepup", "otp.reset"]


def test_required_account_that_removes_its_factor_enrols_again(client, admin_user):
    device = _signed_in(client, admin_user)
    client.post(reverse("access:remove"), {"code": code_for(device)})
    assert client.get("/admin/")["Location"].startswith(reverse("access:enrol"))


def test_new_recovery_codes_replace_the_old(client, writer):
    _signed_in(client, writer)
    old = recovery_codes_replace(user=writer)
    response = client.post(reverse("access:recovery_codes_new"))
    assert response["Location"] == reverse("access:recovery_codes_once")
    shown = [c.replace("-", "") for c in client.get(response["Location"]).context["codes"]]
    assert len(shown) == 10 and not set(shown) & set(old)


def test_account_page_shows_the_state(client, writer):
    client.force_login(writer)
    page = client.get(reverse("access:account"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Two-factor sign-in is off" in page.content.decode()
    _signed_in(client, writer)
    recovery_codes_replace(user=writer)
    page = client.get(reverse("access:account"), HTTP_ACCEPT_LANGUAGE="en")
    assert page.context["codes_left"] == 10
