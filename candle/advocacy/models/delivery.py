"""``DeliveryPack``: the PDF and CSV of an appeal's signatures for its target, built by a task."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from candle.core.encryption.fields import EncryptedFileField


class DeliveryPack(models.Model):
    """One build of the pack. The files hold names, countries and (optionally) comments,
    never e-mail addresses; encrypted at rest and downloaded only after step-up."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        BUILDING = "building", _("Building")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    appeal = models.ForeignKey(
        "advocacy.AppealPage",
        verbose_name=_("appeal"),
        on_delete=models.CASCADE,
        related_name="delivery_packs",
    )
    include_comments = models.BooleanField(_("include comments"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    signature_count = models.PositiveIntegerField(_("signatures"), default=0)
    pdf = EncryptedFileField(_("PDF"), upload_to="advocacy/delivery/", blank=True)
    csv = EncryptedFileField(_("CSV"), upload_to="advocacy/delivery/", blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("delivery pack")
        verbose_name_plural = _("delivery packs")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.appeal} #{self.pk}"
