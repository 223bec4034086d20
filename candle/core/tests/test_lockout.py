"""Failed sign-ins are counted under a username axes can store (issue 20's fuzz test found a
10,000-character username a 500 on PostgreSQL: AccessAttempt.username holds 255)."""

import pytest
from axes.models import AccessAttempt

pytestmark = pytest.mark.django_db

LONG = "a" * 10_000


def test_a_very_long_username_is_a_failed_sign_in_not_a_500(client):
    # the readers' sign-in (page privacy) hands the username to axes unchecked
    response = client.post("/ko/_util/login/", {"username": LONG, "password": "wrong"})
    assert response.status_code == 200
    usernames = list(AccessAttempt.objects.values_list("username", flat=True))
    assert usernames == ["a" * 255]
    # the admin's form refuses the length itself, before anything is counted
    assert client.post("/admin/login/", {"username": LONG, "password": "x"}).status_code == 200


def test_the_cut_name_still_counts_towards_the_lockout(client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/ko/_util/login/", {"username": LONG, "password": "wrong"})
    attempt = AccessAttempt.objects.get()
    assert attempt.failures_since_start == settings.AXES_FAILURE_LIMIT
