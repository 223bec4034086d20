"""The outbox: mail stored in the sender's transaction, delivered by a real SMTP server the
test starts (aiosmtpd), retried with backoff when refused, never lost, never sent twice."""

import datetime as dt
import email
import email.policy

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives, send_mail
from django.db import transaction
from django.utils import timezone

from candle.operations.jobs import mail_outbox_flush
from candle.operations.mail import outbox_deliver, outbox_flush, outbox_retry, outbox_sweep
from candle.operations.models import OutboundEmail

from .smtp_server import SMTPServer, free_port

pytestmark = pytest.mark.django_db

SMTP = "django.core.mail.backends.smtp.EmailBackend"


@pytest.fixture
def outbox_to(settings):
    def configure(port: int, backend: str = SMTP):
        settings.EMAIL_BACKEND = "candle.operations.mail.OutboxBackend"
        settings.CANDLE_EMAIL_DELIVERY_BACKEND = backend
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_TIMEOUT = 5
        settings.CANDLE_EMAIL_RETRY_SECONDS = 60
        settings.CANDLE_EMAIL_OUTBOX_MAX_ATTEMPTS = 4

    return configure


def _thank_you() -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        "후원해 주셔서 감사합니다 / Thank you",
        "홍길동예시 님, 감사합니다.",
        "Candle <noreply@candle.example>",
        ["hong.example@supporters.example"],
        bcc=["records.example@candle.example"],
        headers={"List-Unsubscribe": "<https://candle.example/unsubscribe/x>"},
    )
    message.attach_alternative("<p>홍길동예시 님, 감사합니다.</p>", "text/html")
    return message


def test_a_message_refused_twice_arrives_once_on_the_third_attempt(
    outbox_to, django_capture_on_commit_callbacks
):
    with SMTPServer(refuse_first=2) as server:
        outbox_to(server.port)
        with django_capture_on_commit_callbacks(execute=True):
            sent = _thank_you().send()
        assert sent == 1  # stored; the caller never sees the server's refusal
        row = OutboundEmail.objects.get()
        assert row.status == "queued" and row.attempts == 1 and "451" in row.last_error
        assert server.handler.refused == 1 and server.received == []

        first_retry_at = row.next_attempt_at
        assert first_retry_at - timezone.now() > dt.timedelta(seconds=50)
        assert outbox_flush() == "nothing due"  # not before its pause
        assert outbox_flush(now=first_retry_at) == "1 retry"
        row.refresh_from_db()
        # the pause doubles: 60 s after the first attempt, 120 s after the second
        assert row.next_attempt_at - first_retry_at == dt.timedelta(seconds=120)
        assert outbox_flush(now=row.next_attempt_at) == "1 sent"
        assert outbox_flush(now=row.next_attempt_at + dt.timedelta(hours=1)) == "nothing due"

        assert server.handler.refused == 2 and len(server.received) == 1
        envelope = server.received[0]
        assert sorted(envelope.rcpt_tos) == [
            "hong.example@supporters.example",
            "records.example@candle.example",
        ]
        arrived = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        assert str(arrived["Subject"]).strip() == "후원해 주셔서 감사합니다 / Thank you"
        assert arrived["Message-ID"] == row.message_id != ""
        assert "홍길동예시" in arrived.get_body(("html",)).get_content()
        assert "Bcc" not in arrived  # the hidden copy stays hidden
    row.refresh_from_db()
    assert row.status == "sent" and row.attempts == 3 and row.last_error == ""


def test_a_rolled_back_request_sends_nothing(outbox_to, django_capture_on_commit_callbacks):
    with SMTPServer() as server:
        outbox_to(server.port)
        with (
            django_capture_on_commit_callbacks(execute=True),
            pytest.raises(RuntimeError),
            transaction.atomic(),
        ):
            send_mail("x", "y", None, ["nobody.example@supporters.example"])
            raise RuntimeError("the gift was refused")
        assert not OutboundEmail.objects.exists() and server.received == []
        with django_capture_on_commit_callbacks(execute=True):
            send_mail("인사", "안녕하세요", None, ["kim.example@supporters.example"])
        assert len(server.received) == 1
        assert OutboundEmail.objects.get().status == "sent"


def test_a_server_that_is_down_costs_attempts_then_staff_retry_and_it_arrives(
    outbox_to, django_capture_on_commit_callbacks
):
    outbox_to(free_port())  # nothing listens there
    with django_capture_on_commit_callbacks(execute=True):
        send_mail("인사", "안녕하세요", None, ["kim.example@supporters.example"])
    row = OutboundEmail.objects.get()
    later = timezone.now()
    for _ in range(5):
        later += dt.timedelta(hours=7)
        outbox_flush(now=later)
    row.refresh_from_db()
    assert row.status == "failed" and row.attempts == 4  # CANDLE_EMAIL_OUTBOX_MAX_ATTEMPTS
    assert "ConnectionRefused" in row.last_error
    assert outbox_flush(now=later + dt.timedelta(days=1)) == "nothing due"  # kept, not lost

    with SMTPServer() as server:
        outbox_to(server.port)
        with django_capture_on_commit_callbacks(execute=True):
            assert outbox_retry(message_id=row.pk) is True
        assert outbox_retry(message_id=row.pk) is False  # a second press changes nothing
        outbox_flush(now=timezone.now() + dt.timedelta(hours=1))
        assert len(server.received) == 1
    row.refresh_from_db()
    assert row.status == "sent"


def test_a_send_left_half_done_by_a_dead_worker_is_tried_again_after_its_lease(outbox_to):
    with SMTPServer() as server:
        outbox_to(server.port)
        send_mail("인사", "안녕하세요", None, ["kim.example@supporters.example"])
        row = OutboundEmail.objects.get()
        # a worker claimed it and died
        OutboundEmail.objects.filter(pk=row.pk).update(
            status="sending", attempts=1, lease_until=timezone.now() + dt.timedelta(minutes=5)
        )
        assert outbox_deliver(message_id=row.pk) == "not due"  # its lease holds
        assert mail_outbox_flush() == "nothing due"
        assert outbox_flush(now=timezone.now() + dt.timedelta(minutes=6)) == "1 sent"
        assert len(server.received) == 1


def test_an_api_provider_gets_every_part_of_the_stored_message(
    outbox_to, django_capture_on_commit_callbacks
):
    """anymail's test backend stands for any provider: it sees the fields anymail sends."""
    outbox_to(0, backend="anymail.backends.test.EmailBackend")
    message = _thank_you()
    message.cc = ["cc.example@candle.example"]
    message.attach("receipt.txt", "영수증", "text/plain")
    with django_capture_on_commit_callbacks(execute=True):
        message.send()
    assert len(mail.outbox) == 1
    delivered = mail.outbox[0]
    assert delivered.subject == message.subject
    assert delivered.to == ["hong.example@supporters.example"]
    assert delivered.cc == ["cc.example@candle.example"]
    assert delivered.bcc == ["records.example@candle.example"]
    assert delivered.from_email == "Candle <noreply@candle.example>"
    assert delivered.body.strip() == "홍길동예시 님, 감사합니다."
    assert delivered.alternatives[0][1] == "text/html"
    assert delivered.extra_headers["List-Unsubscribe"] == "<https://candle.example/unsubscribe/x>"
    assert delivered.attachments[0][0] == "receipt.txt"
    assert OutboundEmail.objects.get().status == "sent"


def test_the_message_is_encrypted_at_rest_and_sent_mail_is_swept(
    outbox_to, django_capture_on_commit_callbacks
):
    from django.db import connection

    from candle.supporters.retention import retention_apply

    outbox_to(0, backend="django.core.mail.backends.locmem.EmailBackend")
    with django_capture_on_commit_callbacks(execute=True):
        send_mail("인사", "비밀 링크 https://candle.example/a/token", None, ["k.example@s.example"])
    row = OutboundEmail.objects.get()
    with connection.cursor() as cursor:
        cursor.execute("SELECT mime FROM operations_outboundemail WHERE id = %s", [row.pk])
        stored = cursor.fetchone()[0]
    assert "token" not in stored and "candle.example" not in stored
    assert row.status == "sent"

    waiting = OutboundEmail.objects.create(
        recipients="w.example@s.example", next_attempt_at=timezone.now(), status="failed"
    )
    now = timezone.now() + dt.timedelta(days=8)
    assert outbox_sweep(now=now, dry_run=True) == 1
    report = retention_apply(now=now)  # the daily retention run calls the sweep
    assert report.swept >= 1
    assert list(OutboundEmail.objects.values_list("pk", flat=True)) == [waiting.pk]


class AcceptedThenKilled(BaseException):  # as a kill: no ``except Exception`` sees it
    """The worker killed right after the server accepted the message."""


def test_a_worker_killed_after_the_server_took_the_message_sends_no_second_copy_in_its_lease(
    outbox_to, monkeypatch
):
    from django.core.mail.backends.smtp import EmailBackend

    from candle.operations import mail as outbox
    from candle.operations.mail import SEND_LEASE, UNCERTAIN_RESEND

    with SMTPServer() as server:
        outbox_to(server.port)
        send_mail("인사", "안녕하세요", None, ["kim.example@supporters.example"])
        row = OutboundEmail.objects.get()
        smtp_send = EmailBackend.send_messages

        def send_then_die(self, messages):
            smtp_send(self, messages)
            raise AcceptedThenKilled

        monkeypatch.setattr(EmailBackend, "send_messages", send_then_die)
        with pytest.raises(AcceptedThenKilled):
            outbox_deliver(message_id=row.pk)
        monkeypatch.undo()
        assert len(server.received) == 1
        row.refresh_from_db()
        assert row.status == "sending" and row.sent_at is None  # the step that never came

        # every delivery path, as often as it runs, within the lease: nothing more is sent
        assert outbox_deliver(message_id=row.pk) == "not due"
        assert outbox.outbox_flush() == "nothing due"
        assert mail_outbox_flush() == "nothing due"
        assert (
            outbox_flush(now=timezone.now() + SEND_LEASE - dt.timedelta(seconds=5)) == "nothing due"
        )
        assert len(server.received) == 1

        # past the lease it goes again, once, marked as a possible second copy, same Message-ID
        later = timezone.now() + SEND_LEASE + dt.timedelta(minutes=1)
        assert outbox_flush(now=later) == "1 sent"
        assert outbox_flush(now=later) == "nothing due"
        assert len(server.received) == 2
        row.refresh_from_db()
        assert row.status == "sent" and row.attempts == 2 and row.last_error == UNCERTAIN_RESEND
        first, second = (
            email.message_from_bytes(envelope.original_content, policy=email.policy.default)[
                "Message-ID"
            ]
            for envelope in server.received
        )
        assert first == second == row.message_id
