"""A case and what every kind of case shares: who may see it (grants), notes and documents.

What could identify a person (the summary, notes, document titles and files, an exact place)
is encrypted at rest with the shared field keys; a case is found by its number and pseudonym
only, which are chosen so that they identify no one.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from candle.core.encryption.fields import EncryptedFileField, EncryptedTextField


class Case(models.Model):
    class Kind(models.TextChoices):
        DISAPPEARANCE = "disappearance", _("Disappearance (UN WGEID)")
        RESCUE = "rescue", _("Rescue")
        TESTIMONY = "testimony", _("Testimony")

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("case status", "Open")
        CLOSED = "closed", pgettext_lazy("case status", "Closed")

    # D-2026-0001 (disappearance), R-… (rescue), T-… (testimony): see services.case_open.
    case_number = models.CharField(_("case number"), max_length=20, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    pseudonym = models.CharField(
        _("pseudonym"),
        max_length=80,
        help_text=_("The name used in every list and export. Never a real name or initials."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    country = models.CharField(
        _("country"), max_length=2, help_text=_("ISO 3166 code, e.g. KP, CN, KR.")
    )
    region = models.CharField(
        _("region"), max_length=80, blank=True, help_text=_("A province or region, no finer.")
    )
    exact_location = EncryptedTextField(
        _("exact location"),
        blank=True,
        help_text=_("Only when needed, and only with the reason below."),
    )
    exact_location_reason = models.TextField(_("why the exact location is kept"), blank=True)
    summary = EncryptedTextField(_("summary"), blank=True)
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ("-opened_on", "-id")
        indexes = [models.Index(fields=("kind", "status"))]

    def __str__(self) -> str:
        return f"{self.case_number} {self.pseudonym}"

    def clean(self) -> None:
        if self.exact_location and not self.exact_location_reason.strip():
            raise ValidationError(
                {"exact_location_reason": _("Say why the exact location must be kept.")}
            )


class CaseAccessGrant(models.Model):
    """A caseworker may see this case from ``granted_at`` until ``withdrawn_at``. Given and
    withdrawn by case supervisors, each logged (``case.grant``, ``case.withdraw``). Rows are never
    deleted: the history of who could see a case is itself evidence."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="grants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("caseworker"),
        on_delete=models.CASCADE,
        related_name="case_grants",
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("case access grant")
        verbose_name_plural = _("case access grants")
        ordering = ("-granted_at",)
        constraints = [
            models.UniqueConstraint(
                fields=("case", "user"),
                condition=Q(withdrawn_at__isnull=True),
                name="casework_one_open_grant_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case.case_number} → {self.user.get_username()}"


class CaseNote(models.Model):
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    body = EncryptedTextField(_("note"))

    class Meta:
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"{self.case.case_number} #{self.pk}"


class CaseDocument(models.Model):
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="documents"
    )
    title = EncryptedTextField(_("title"))
    file = EncryptedFileField(_("file"), upload_to="casework/%Y/")
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("case document")
        verbose_name_plural = _("case documents")
        ordering = ("-uploaded_at", "-id")

    def __str__(self) -> str:
        return f"{self.case.case_number} doc #{self.pk}"
