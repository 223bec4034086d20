"""The client's address behind nginx, and the admin sign-in lockout that uses it (issue 20, item 9).

Behind the bundled nginx every request arrives from 127.0.0.1 with the client's address appended
to X-Forwarded-For; a client may write anything to the left of it, or send the header directly.
"""

import pytest
from django.test import RequestFactory

from candle.core.client_address import client_address

PROXY = "127.0.0.1"
ALICE = "203.0.113.9"  # documentation addresses (RFC 5737)
MALLORY = "198.51.100.66"


def _request(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_a_direct_client_is_its_own_address():
    assert client_address(_request(ALICE)) == ALICE


def test_a_forwarded_address_from_an_untrusted_client_is_ignored():
    assert client_address(_request(MALLORY, forwarded=ALICE)) == MALLORY


def test_from_the_trusted_proxy_the_forwarded_address_is_used():
    assert client_address(_request(PROXY, forwarded=ALICE)) == ALICE


def test_what_the_client_wrote_left_of_nginx_is_not_believed():
    # The client sent "X-Forwarded-For: 203.0.113.9"; nginx appended the real address.
    assert client_address(_request(PROXY, forwarded=f"{ALICE}, {MALLORY}")) == MALLORY


def test_trusted_hops_are_skipped_and_garbage_stops_the_walk(settings):
    settings.CANDLE_TRUSTED_PROXIES = ["127.0.0.1", "10.0.0.0/8"]
    assert client_address(_request(PROXY, forwarded=f"{ALICE}, 10.1.2.3")) == ALICE
    assert client_address(_request(PROXY, forwarded=f"{ALICE}, not-an-address")) == PROXY
    assert client_address(_request(PROXY, forwarded="")) == PROXY
    assert client_address(_request(PROXY, forwarded=f"{ALICE}:443")) == PROXY


def test_no_proxy_is_trusted_when_none_is_configured(settings):
    settings.CANDLE_TRUSTED_PROXIES = []
    assert client_address(_request(PROXY, forwarded=ALICE)) == PROXY


def test_an_ipv4_mapped_address_is_the_ipv4_address():
    assert client_address(_request("::ffff:127.0.0.1", forwarded=ALICE)) == ALICE
    assert client_address(_request("::1", forwarded="2001:db8::5")) == "2001:db8::5"


# --- The admin sign-in lockout behind nginx -----------------------------------------------------


def _sign_in(client, password: str, *, forwarded: str, remote: str = PROXY):
    return client.post(
        "/admin/login/",
        {"username": "staffer", "password": password},
        REMOTE_ADDR=remote,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


@pytest.fixture
def staffer(django_user_model):
    return django_user_model.objects.create_user(
        "staffer", password="the-right-password-1", is_staff=True
    )


@pytest.mark.django_db
def test_five_failures_behind_nginx_lock_that_address_only(client, staffer):
    for _ in range(5):
        _sign_in(client, "wrong", forwarded=MALLORY)
    locked = _sign_in(client, "the-right-password-1", forwarded=MALLORY)
    assert locked.status_code in (403, 429)
    assert "_auth_user_id" not in client.session
    # The owner, through the same nginx from another address, still signs in.
    owner = _sign_in(client, "the-right-password-1", forwarded=ALICE)
    assert owner.status_code == 302
    assert "_auth_user_id" in client.session


@pytest.mark.django_db
def test_a_made_up_forwarded_address_neither_escapes_nor_shifts_the_lockout(client, staffer):
    # Sent straight to the app (not through the trusted proxy), each guess claiming another
    # address: all of them count against the sender's own address.
    for index in range(5):
        _sign_in(client, "wrong", remote=MALLORY, forwarded=f"192.0.2.{index}")
    locked = _sign_in(client, "the-right-password-1", remote=MALLORY, forwarded=ALICE)
    assert locked.status_code in (403, 429)
    owner = _sign_in(client, "the-right-password-1", forwarded=ALICE)
    assert owner.status_code == 302
