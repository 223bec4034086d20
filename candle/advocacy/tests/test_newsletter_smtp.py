"""An issue delivered to a real SMTP server the test starts (aiosmtpd on 127.0.0.1 and a free
port): the headers and both parts as they arrive."""

from __future__ import annotations

import email
import email.policy
import socket

import pytest
from aiosmtpd.controller import Controller

from candle.advocacy.models import NewsletterDelivery
from candle.advocacy.newsletters import services
from candle.advocacy.newsletters.factories import issue_make, subscriber_make

pytestmark = pytest.mark.django_db


class Collect:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    handler = Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield handler
    finally:
        controller.stop()


def test_an_issue_arrives_at_a_real_smtp_server_with_its_headers(
    smtp_server, django_capture_on_commit_callbacks
):
    subscriber_make(name="홍길동예시", email="hong@example.org")
    subscriber_make(name="Jane Example", email="jane@example.org", language="en")
    issue = issue_make(body_ko="<p>한글 본문 예시</p>")
    with django_capture_on_commit_callbacks(execute=True):
        services.newsletter_send_start(issue=issue)

    assert len(smtp_server.envelopes) == 2
    received = {}
    for envelope in smtp_server.envelopes:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        received[envelope.rcpt_tos[0]] = message
    korean = received["hong@example.org"]
    assert korean["Subject"] == "북한인권 소식 (예시)"
    assert korean["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    parts = [part.strip() for part in korean["List-Unsubscribe"].split(",")]
    assert parts[0].startswith("<mailto:") and parts[1].startswith(
        "<http://testserver/ko/newsletters/unsubscribe/"
    )
    assert korean["Precedence"] == "bulk" and korean["List-Id"].startswith("<newsletter.")
    assert korean.get_content_type() == "multipart/alternative"
    text = korean.get_body(("plain",)).get_content()
    markup = korean.get_body(("html",)).get_content()
    assert "한글 본문 예시" in text and "<p>한글 본문 예시</p>" in markup
    assert parts[1].strip("<>") in text
    english = received["jane@example.org"]
    assert english["Subject"] == "North Korean human rights news (Example)"
    assert "/en/newsletters/unsubscribe/" in english["List-Unsubscribe"]
    assert set(NewsletterDelivery.objects.values_list("status", flat=True)) == {"sent"}
