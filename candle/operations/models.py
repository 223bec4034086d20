"""Operations: one row per run of a scheduled job, and the outbox of e-mail to deliver.

``JobRun`` is the claim: a unique (job, period) pair, so two runners, or a second run of the
same period, do nothing. A run killed halfway stays ``running`` with a heartbeat that stops
moving; once its lease has passed another runner takes it over (``runner.py``).

``OutboundEmail`` holds a message as its MIME bytes (encrypted at rest: mails carry access
links) from the moment the caller sends it, in the caller's transaction, until the real
backend has accepted it (``mail.py``).

``FormSubmission`` remembers the staff forms already stored, so a second send stores once.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from candle.core.encryption.fields import EncryptedTextField


class JobRun(models.Model):
    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")
        RETRY = "retry", _("Retry requested")

    job = models.CharField(_("job"), max_length=80)
    period = models.CharField(_("period"), max_length=32)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    attempts = models.PositiveIntegerField(_("attempts"), default=1)
    runner = models.CharField(_("runner"), max_length=120, blank=True)
    started_at = models.DateTimeField(_("started at"))
    heartbeat_at = models.DateTimeField(_("heartbeat at"))
    lease_until = models.DateTimeField(_("lease until"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    result = models.TextField(_("result"), blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("scheduled job run")
        verbose_name_plural = _("scheduled job runs")
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(fields=["job", "period"], name="operations_jobrun_once")
        ]
        indexes = [models.Index(fields=["status", "lease_until"])]
        permissions = [("manage_jobs", _("Can see failed jobs and retry them"))]

    def __str__(self) -> str:
        return f"{self.job} {self.period}"


class OutboundEmail(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to be sent")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed (gave up)")

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    subject = models.CharField(_("e-mail subject"), max_length=255, blank=True)
    from_email = models.CharField(_("from"), max_length=255, blank=True)
    recipients = models.TextField(_("recipients"), help_text=_("One address a line."))
    mime = EncryptedTextField(_("message"), blank=True)  # base64 of the MIME bytes
    message_id = models.CharField(_("Message-ID"), max_length=255, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"))
    lease_until = models.DateTimeField(_("lease until"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return self.subject or f"#{self.pk}"

    def recipient_list(self) -> list[str]:
        return [line for line in self.recipients.splitlines() if line.strip()]


class FormSubmission(models.Model):
    """A staff form's one-time ``submission_token``, stored in the same transaction as what the
    form made (``candle.operations.once``): the same form sent again finds it and stores
    nothing. It holds no personal data, only the token and when."""

    token = models.CharField(_("token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")

    def __str__(self) -> str:
        return self.token
