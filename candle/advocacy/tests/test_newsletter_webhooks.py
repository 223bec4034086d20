"""The provider's bounce and complaint webhooks (django-anymail's tracking signal) suppress the
address and withdraw its newsletter consent in the ledger; only with the webhook's secret."""

from __future__ import annotations

import base64
import json

import pytest
from django.core import mail
from django.test import override_settings

from candle.advocacy.models import NewsletterSuppression
from candle.advocacy.newsletters import services
from candle.advocacy.newsletters.factories import issue_make, subscriber_make
from candle.supporters.models import Consent

pytestmark = pytest.mark.django_db

URL = "/newsletters/anymail/postmark/tracking/"


def _auth(secret="test-hook:not-secret") -> dict:  # noqa: S107 - the test settings' own
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(secret.encode()).decode()}


def _postmark(record_type="Bounce", kind="HardBounce", email="hong@example.org", event_id=42):
    """A Postmark tracking payload as its documentation shows it (fictional values)."""
    payload = {
        "RecordType": record_type,
        "ID": event_id,
        "Type": kind,
        "TypeCode": 1,
        "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
        "Description": "The server was unable to deliver your message (ex: unknown user).",
        "Details": "smtp;550 5.1.1 The email account that you tried to reach does not exist.",
        "Email": email,
        "From": "noreply@candle.example",
        "BouncedAt": "2026-12-01T10:00:00Z",
        "Tag": "newsletter-1",
        "Metadata": {"newsletter_issue": "1"},
    }
    if record_type == "SpamComplaint":
        payload["Type"] = "SpamComplaint"
    return json.dumps(payload)


@pytest.fixture
def reader():
    return subscriber_make(name="홍길동예시", email="Hong@Example.org")


def _consenting(reader) -> bool:
    return Consent.objects.filter(
        supporter=reader, purpose="newsletter", withdrawn_at__isnull=True
    ).exists()


@pytest.mark.parametrize(
    ("record_type", "kind", "reason"),
    [("Bounce", "HardBounce", "bounced"), ("SpamComplaint", "", "complained")],
)
def test_a_bounce_or_complaint_suppresses_the_address_in_the_ledger(
    client, reader, record_type, kind, reason
):
    response = client.post(
        URL, _postmark(record_type, kind), content_type="application/json", **_auth()
    )
    assert response.status_code == 200
    row = NewsletterSuppression.objects.get()
    assert row.email_normalised == "hong@example.org" and row.reason == reason
    assert row.provider == "Postmark"
    assert not _consenting(reader)
    subscriber_make(name="Jane Example", email="jane@example.org")
    assert services.newsletter_send_start(issue=issue_make()) == 1  # Jane only


def test_the_same_event_twice_changes_nothing(client, reader):
    for _ in range(2):
        response = client.post(URL, _postmark(), content_type="application/json", **_auth())
        assert response.status_code == 200
    assert NewsletterSuppression.objects.count() == 1


def test_a_delivered_or_deferred_event_suppresses_nothing(client, reader):
    for record_type, kind in (("Delivery", ""), ("Bounce", "Transient")):
        client.post(URL, _postmark(record_type, kind), content_type="application/json", **_auth())
    assert not NewsletterSuppression.objects.exists()
    assert _consenting(reader)


@pytest.mark.parametrize("secret", [None, "test-hook:wrong", "other:not-secret"])
def test_without_the_secret_nothing_happens(client, reader, secret):
    headers = _auth(secret) if secret else {}
    response = client.post(URL, _postmark(), content_type="application/json", **headers)
    assert response.status_code in (400, 401, 403)
    assert not NewsletterSuppression.objects.exists()
    assert _consenting(reader)


def test_only_the_configured_providers_webhook_exists(client, reader):
    response = client.post(
        "/newsletters/anymail/mailgun/tracking/", "{}", content_type="application/json", **_auth()
    )
    assert response.status_code == 404
    assert not NewsletterSuppression.objects.exists()


def test_an_unknown_address_is_suppressed_for_later(client):
    client.post(
        URL, _postmark(email="stranger@example.org"), content_type="application/json", **_auth()
    )
    assert NewsletterSuppression.objects.filter(email_normalised="stranger@example.org").exists()
    subscriber_make(name="낯선예시", email="stranger@example.org")
    assert services.newsletter_send_start(issue=issue_make()) == 0


@override_settings(
    EMAIL_BACKEND="anymail.backends.test.EmailBackend", ANYMAIL={"WEBHOOK_SECRET": "a:b"}
)
def test_sending_through_an_anymail_backend_tags_the_issue(
    reader, django_capture_on_commit_callbacks
):
    issue = issue_make()
    with django_capture_on_commit_callbacks(execute=True):
        services.newsletter_send_start(issue=issue)
    message = mail.outbox[0]
    params = message.anymail_test_params
    assert params["tags"] == [f"newsletter-{issue.pk}"]
    assert params["metadata"] == {"newsletter_issue": str(issue.pk)}
    assert message.anymail_status.status == {"sent"}
