"""The unsubscribe link: a page in the link's language, then the consent ledger; the
one-click POST mail clients send (RFC 8058) works without a CSRF token or a session."""

from __future__ import annotations

import base64
import json

import pytest
from django.test import Client

from candle.advocacy.models import NewsletterDelivery
from candle.advocacy.newsletters import services
from candle.advocacy.newsletters.factories import issue_make, subscriber_make
from candle.advocacy.newsletters.mail import unsubscribe_token
from candle.supporters.models import Consent

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(site_tree):
    return subscriber_make(name="홍길동예시", email="hong@example.org")


@pytest.fixture
def issue():
    return issue_make()


def _url(reader, issue, lang="ko"):
    token = unsubscribe_token(supporter_id=reader.pk, issue_id=issue.pk)
    return f"/{lang}/newsletters/unsubscribe/{token}/"


def _consenting(reader) -> bool:
    return Consent.objects.filter(
        supporter=reader, purpose="newsletter", withdrawn_at__isnull=True
    ).exists()


@pytest.mark.parametrize(("lang", "words"), [("ko", "수신 거부"), ("en", "Unsubscribe")])
def test_get_shows_a_button_in_the_links_language_and_changes_nothing(
    client, reader, issue, lang, words
):
    response = client.get(_url(reader, issue, lang))
    assert response.status_code == 200
    html = response.content.decode()
    assert words in html and 'method="post"' in html
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert _consenting(reader)


def test_one_click_post_without_csrf_or_session_withdraws_the_consent(reader, issue):
    client = Client(enforce_csrf_checks=True)
    services.newsletter_send_start(issue=issue)  # deliveries created, the task not yet run
    response = client.post(
        _url(reader, issue),
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not _consenting(reader)
    consent = Consent.objects.get(supporter=reader, purpose="newsletter")
    assert consent.withdrawn_at is not None  # the ledger keeps the row, withdrawn
    delivery = NewsletterDelivery.objects.get(supporter=reader, issue=issue)
    assert delivery.status == NewsletterDelivery.Status.SKIPPED
    assert delivery.unsubscribed_at is not None
    assert "sessionid" not in response.cookies

    again = client.post(_url(reader, issue), data={"List-Unsubscribe": "One-Click"})
    assert again.status_code == 200
    assert Consent.objects.get(pk=consent.pk).withdrawn_at == consent.withdrawn_at


def test_the_next_issue_does_not_go_to_who_unsubscribed(client, reader, issue):
    subscriber_make(name="Jane Example", email="jane@example.org", language="en")
    client.post(_url(reader, issue, "en"))
    assert services.newsletter_send_start(issue=issue_make()) == 1


@pytest.mark.parametrize(
    "token",
    [
        "x",
        "WzEsMV0:1abc:forged",
        "' OR 1=1 --",
        "%00",
        "a" * 300,
        "W1siMSJdLDFd:badsignature",
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_forged_or_broken_token_is_refused_kindly(client, reader, issue, token, method):
    response = getattr(client, method)(f"/ko/newsletters/unsubscribe/{token}/")
    assert response.status_code in (400, 404)
    if response.status_code == 400:
        assert "링크" in response.content.decode()
    assert _consenting(reader)


def test_a_token_for_someone_else_cannot_be_made_from_one_we_sent(client, reader, issue):
    other = subscriber_make(name="김예시", email="kim@example.org")
    token = unsubscribe_token(supporter_id=reader.pk, issue_id=issue.pk)
    value, _, signature = token.rpartition(":")
    forged = json.dumps([other.pk, issue.pk], separators=(",", ":")).encode()
    payload = base64.urlsafe_b64encode(forged).rstrip(b"=").decode()
    assert payload != value  # the other person's ids under our signature
    changed = payload + ":" + signature
    response = client.post(f"/ko/newsletters/unsubscribe/{changed}/")
    assert response.status_code == 400
    assert _consenting(other) and _consenting(reader)


def test_a_test_mails_link_unsubscribes_nobody(client, reader, issue):
    token = unsubscribe_token(supporter_id=0, issue_id=issue.pk)
    response = client.post(f"/ko/newsletters/unsubscribe/{token}/")
    assert response.status_code == 400 and _consenting(reader)
