"""``OrganisationSignature``: an organisation's signature of a joint statement (an appeal)."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def logo_upload_to(instance, filename: str) -> str:
    """A random name: the uploader's file name is never used (re-encoded as PNG on upload)."""
    return f"advocacy/logos/{uuid.uuid4().hex}.png"


class OrganisationSignature(models.Model):
    """Shown on the appeal's page, in both languages, only once staff approve it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    appeal = models.ForeignKey(
        "advocacy.AppealPage",
        verbose_name=_("appeal"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="organisation_signatures",
    )
    appeal_key = models.UUIDField(_("appeal key"), db_index=True, editable=False)
    name_ko = models.CharField(_("name in Korean"), max_length=200, blank=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    country = models.CharField(_("country"), max_length=2)
    contact_name = models.CharField(_("contact person"), max_length=200)
    email = models.EmailField(_("e-mail"), max_length=254)
    email_normalised = models.CharField(max_length=254, editable=False)
    website = models.URLField(_("website"), max_length=300, blank=True)
    logo = models.FileField(_("logo"), upload_to=logo_upload_to, blank=True, max_length=200)
    language = models.CharField(_("language"), max_length=2, default="ko")
    consent_text = models.TextField(_("consent shown"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("signed at"), auto_now_add=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("organisation signature")
        verbose_name_plural = _("organisation signatures")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["appeal_key", "email_normalised"],
                condition=~Q(email_normalised=""),
                name="advocacy_orgsig_one_per_email",
            )
        ]

    def __str__(self) -> str:
        return self.name_ko or self.name_en

    def display_name(self, language: str) -> str:
        if language == "en":
            return self.name_en or self.name_ko
        return self.name_ko or self.name_en
