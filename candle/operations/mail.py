"""The durable outbox: mail is stored first, delivered by a task, retried until it goes.

``OutboxBackend`` is the ``EMAIL_BACKEND`` production uses. ``send_mail()`` and
``EmailMessage.send()`` store each message as its MIME bytes (encrypted at rest) in
``OutboundEmail``, in the caller's transaction: a request that rolls back sends nothing, one
that commits never loses its mail. On commit a task (``tasks.outbox_deliver_task``) hands it to
the real backend, ``CANDLE_EMAIL_DELIVERY_BACKEND`` (SMTP, or django-anymail's backend for
``CANDLE_ANYMAIL_PROVIDER``).

A failed attempt is recorded (``last_error``) and the message waits ``CANDLE_EMAIL_RETRY_SECONDS``
× 2^(attempts − 1) (at most six hours) before the next; after
``CANDLE_EMAIL_OUTBOX_MAX_ATTEMPTS`` it is marked failed and waits for staff to retry it from
the admin. It is never deleted unsent. The schedule's ``mail.outbox_flush`` (every minute)
delivers whatever is due, so retries and messages whose task was lost go out without a task.

Delivery is at least once, and a second copy is detectable. An attempt first claims the row
("sending", with a lease of ``SEND_LEASE``, in its own committed UPDATE), then hands the message
to the server, then marks the row sent. A worker killed between the last two steps (the server
accepted the message, the row still says "sending") leaves a claim that no worker takes while
its lease holds: nothing is sent twice within those five minutes, however often the task or
``outbox_flush`` runs. The send itself cannot outlast the lease (``EMAIL_TIMEOUT``, 20 seconds,
bounds each SMTP step; anymail's HTTP calls have their own timeout), so a live worker is never
overtaken. When the lease has passed the message is sent again, because Candle cannot know
whether the server took it, and the row's ``last_error`` says so (``UNCERTAIN_RESEND``): the
only duplicate possible is marked, and it carries the same Message-ID, so mail programs
show it once. No provider Candle uses offers an idempotency key for sending that would close
this window. Sent messages are removed ``CANDLE_EMAIL_OUTBOX_KEEP_DAYS`` days after
sending by the daily retention run (``outbox_sweep``).
"""

from __future__ import annotations

import base64
import datetime as dt
import email
import email.generator
import email.message
import email.policy
import io
import logging

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import Case, F, Q, TextField, Value, When
from django.utils import timezone

from .models import OutboundEmail

logger = logging.getLogger(__name__)

OUTBOX_BACKEND = "candle.operations.mail.OutboxBackend"
SEND_LEASE = dt.timedelta(minutes=5)  # a "sending" row older than this is tried again
UNCERTAIN_RESEND = (
    "Sent again: the worker of an earlier attempt stopped before it could record whether the "
    "server took the message (the copy, if any, has the same Message-ID)."
)
MAX_PAUSE = dt.timedelta(hours=6)
_STRUCTURAL_HEADERS = {
    "from",
    "to",
    "cc",
    "bcc",
    "reply-to",
    "subject",
    "mime-version",
    "content-type",
    "content-transfer-encoding",
}


def delivery_backend() -> str:
    path = settings.CANDLE_EMAIL_DELIVERY_BACKEND
    if path == OUTBOX_BACKEND:
        raise ImproperlyConfigured(
            "CANDLE_EMAIL_DELIVERY_BACKEND must be the backend that really sends (SMTP or an "
            "anymail provider), not the outbox itself."
        )
    return path


def retry_pause(attempts: int) -> dt.timedelta:
    seconds = settings.CANDLE_EMAIL_RETRY_SECONDS * 2 ** max(attempts - 1, 0)
    return min(dt.timedelta(seconds=seconds), MAX_PAUSE)


class OutboxBackend(BaseEmailBackend):
    """Stores messages for delivery by the worker (see the module's docstring)."""

    def send_messages(self, email_messages):
        stored = 0
        for message in email_messages:
            recipients = message.recipients()
            if not recipients:
                continue
            mime = message.message()
            raw = mime.as_bytes(linesep="\r\n")
            row = OutboundEmail.objects.create(
                subject=str(message.subject or "")[:255],
                from_email=str(message.from_email or "")[:255],
                recipients="\n".join(recipients),
                mime=base64.b64encode(raw).decode("ascii"),
                message_id=str(mime.get("Message-ID", ""))[:255],
                next_attempt_at=timezone.now(),
            )
            transaction.on_commit(lambda pk=row.pk: _enqueue(message_id=pk))
            stored += 1
        return stored


def _enqueue(*, message_id: int, run_after: dt.datetime | None = None) -> None:
    from .tasks import outbox_deliver_task

    task = outbox_deliver_task
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return  # the schedule's outbox_flush delivers it when it is due
        task = task.using(run_after=run_after)
    task.enqueue(message_id=message_id)


class _StoredMime(email.message.Message):
    """The stored message as ``EmailMessage.message()`` returns it, for backends that send MIME
    (Django's SMTP, anymail's Amazon SES): parsed from the stored bytes, which an unchanged
    message gives back as they were."""

    def as_bytes(self, unixfrom=False, linesep="\n"):
        out = io.BytesIO()
        generator = email.generator.BytesGenerator(
            out, mangle_from_=False, policy=self.policy.clone(linesep=linesep)
        )
        generator.flatten(self, unixfrom=unixfrom)
        return out.getvalue()


class StoredEmailMessage(EmailMultiAlternatives):
    """A message rebuilt from its stored MIME bytes: SMTP sends those very bytes (``message()``);
    API backends (anymail) read the fields rebuilt here: subject, addresses, text, HTML,
    attachments and extra headers (List-Unsubscribe and the like)."""

    def __init__(self, *, raw: bytes, recipients: list[str]):
        parsed = email.message_from_bytes(raw, policy=email.policy.default)

        def addresses(name: str) -> list[str]:
            header = parsed[name]
            return [str(address) for address in header.addresses] if header else []

        to, cc, reply_to = addresses("To"), addresses("Cc"), addresses("Reply-To")
        shown = {
            address.addr_spec.lower()
            for name in ("To", "Cc")
            if parsed[name]
            for address in parsed[name].addresses
        }
        bcc = [address for address in recipients if address.lower() not in shown]
        text_part = parsed.get_body(preferencelist=("plain",))
        html_part = parsed.get_body(preferencelist=("html",))
        headers = {
            name: " ".join(str(value).split())
            for name, value in parsed.items()
            if name.lower() not in _STRUCTURAL_HEADERS
        }
        super().__init__(
            subject=" ".join(str(parsed["Subject"] or "").split()),
            body=text_part.get_content() if text_part is not None else "",
            from_email=str(parsed["From"] or settings.DEFAULT_FROM_EMAIL),
            to=to,
            cc=cc,
            bcc=bcc,
            reply_to=reply_to,
            headers=headers,
        )
        if html_part is not None and html_part is not text_part:
            self.attach_alternative(html_part.get_content(), "text/html")
        for part in parsed.iter_attachments():
            if part is html_part or part is text_part:
                continue
            self.attach(part.get_filename(), part.get_content(), part.get_content_type())
        self._raw = raw
        self._recipients = list(recipients)

    def recipients(self):
        return list(self._recipients)

    def message(self, *args, **kwargs):
        return email.message_from_bytes(self._raw, _class=_StoredMime)


def stored_message(row: OutboundEmail) -> StoredEmailMessage:
    return StoredEmailMessage(
        raw=base64.b64decode(row.mime.encode("ascii")), recipients=row.recipient_list()
    )


def outbox_deliver(*, message_id: int, now: dt.datetime | None = None) -> str:
    """One attempt at one stored message, if it is due: claimed first (one conditional UPDATE),
    so two workers never send it at once. Returns what happened (no address)."""
    now = now or timezone.now()
    Status = OutboundEmail.Status
    due = Q(status=Status.QUEUED, next_attempt_at__lte=now) | Q(
        status=Status.SENDING, lease_until__lt=now
    )
    claimed = OutboundEmail.objects.filter(due, pk=message_id).update(
        status=Status.SENDING,
        lease_until=now + SEND_LEASE,
        attempts=F("attempts") + 1,
        # taking over an attempt whose outcome nobody recorded: say so (detectably once)
        last_error=Case(
            When(status=Status.SENDING, then=Value(UNCERTAIN_RESEND)),
            default=F("last_error"),
            output_field=TextField(),
        ),
    )
    if not claimed:
        return "not due"
    row = OutboundEmail.objects.get(pk=message_id)
    try:
        connection = get_connection(delivery_backend(), fail_silently=False)
        if connection.send_messages([stored_message(row)]) != 1:
            raise RuntimeError("the mail backend accepted nothing")
    except Exception as error:
        gave_up = row.attempts >= settings.CANDLE_EMAIL_OUTBOX_MAX_ATTEMPTS
        next_at = now + retry_pause(row.attempts)
        OutboundEmail.objects.filter(pk=row.pk, status=Status.SENDING).update(
            status=Status.FAILED if gave_up else Status.QUEUED,
            next_attempt_at=next_at,
            lease_until=None,
            last_error=f"{type(error).__name__}: {error}"[:2000],
        )
        logger.warning(
            "mail %s attempt %d failed (%s)%s",
            row.pk,
            row.attempts,
            type(error).__name__,
            ": gave up" if gave_up else "",
        )
        if not gave_up:
            transaction.on_commit(lambda: _enqueue(message_id=row.pk, run_after=next_at))
        return "failed" if gave_up else "retry"
    OutboundEmail.objects.filter(pk=row.pk).update(
        status=Status.SENT,
        sent_at=timezone.now(),
        lease_until=None,
        last_error=UNCERTAIN_RESEND if row.last_error == UNCERTAIN_RESEND else "",
    )
    logger.info("mail %s sent (attempt %d)", row.pk, row.attempts)
    return "sent"


def outbox_flush(*, now: dt.datetime | None = None, limit: int = 500) -> str:
    """Deliver every message that is due (new, waiting for a retry, or left "sending" by a
    worker that died). The schedule runs it every minute."""
    now = now or timezone.now()
    Status = OutboundEmail.Status
    due = OutboundEmail.objects.filter(
        Q(status=Status.QUEUED, next_attempt_at__lte=now)
        | Q(status=Status.SENDING, lease_until__lt=now)
    ).order_by("next_attempt_at", "pk")
    results: dict[str, int] = {}
    for message_id in list(due.values_list("pk", flat=True)[:limit]):
        outcome = outbox_deliver(message_id=message_id, now=now)
        results[outcome] = results.get(outcome, 0) + 1
    return (
        ", ".join(f"{count} {outcome}" for outcome, count in sorted(results.items()))
        or "nothing due"
    )


def outbox_retry(*, message_id: int) -> bool:
    """Staff's retry of a message that was given up: due again at once, its attempts counted
    afresh. False when it is not failed (a second press changes nothing)."""
    updated = OutboundEmail.objects.filter(
        pk=message_id, status=OutboundEmail.Status.FAILED
    ).update(status=OutboundEmail.Status.QUEUED, next_attempt_at=timezone.now(), attempts=0)
    if updated:
        transaction.on_commit(lambda: _enqueue(message_id=message_id))
    return bool(updated)


def outbox_sweep(*, now: dt.datetime, dry_run: bool) -> int:
    """Remove messages sent more than ``CANDLE_EMAIL_OUTBOX_KEEP_DAYS`` days ago (a
    ``supporters.registry.sweep_hook``: the daily retention run calls it). Unsent ones stay."""
    cutoff = now - dt.timedelta(days=settings.CANDLE_EMAIL_OUTBOX_KEEP_DAYS)
    spent = OutboundEmail.objects.filter(status=OutboundEmail.Status.SENT, sent_at__lt=cutoff)
    if dry_run:
        return spent.count()
    deleted, _ = spent.delete()
    return deleted
