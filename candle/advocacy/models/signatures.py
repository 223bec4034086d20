"""``Signature``: one person's signature of one appeal (in any of its languages)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Signature(models.Model):
    """What the signer typed, kept on this row as given (never written to a supporter's
    record). ``supporter`` is linked when the e-mailed link is followed. ``counted`` is true
    once the signature counts: at once on a single opt-in appeal, else when confirmed.
    Forget-me blanks the personal fields and keeps the row, so the count keeps it."""

    appeal = models.ForeignKey(
        "advocacy.AppealPage",
        verbose_name=_("appeal"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="signatures",
    )
    appeal_key = models.UUIDField(_("appeal key"), db_index=True, editable=False)
    supporter = models.ForeignKey(
        "supporters.Supporter",
        verbose_name=_("supporter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="signatures",
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), max_length=254)
    email_normalised = models.CharField(_("normalised e-mail"), max_length=254, editable=False)
    country = models.CharField(_("country"), max_length=2)
    comment = models.TextField(_("comment"), blank=True, max_length=1000)
    language = models.CharField(_("language"), max_length=2, default="ko")
    consent_text = models.TextField(_("consent shown"))
    newsletter = models.BooleanField(_("newsletter wanted"), default=False)
    newsletter_text = models.TextField(_("newsletter consent shown"), blank=True)
    token_hash = models.CharField(max_length=64, unique=True, null=True, editable=False)
    mailed_at = models.DateTimeField(_("link mailed at"), null=True, blank=True)
    counted = models.BooleanField(_("counted"), default=False)
    created_at = models.DateTimeField(_("signed at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    forgotten_at = models.DateTimeField(_("forgotten at"), null=True, blank=True)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["appeal_key", "email_normalised"],
                condition=~Q(email_normalised=""),
                name="advocacy_signature_one_per_email",
            )
        ]
        indexes = [
            models.Index(fields=["appeal_key", "counted"], name="advocacy_sig_count"),
        ]
        permissions = [("export_signature", _("Can export the delivery pack"))]

    def __str__(self) -> str:
        return self.name or str(_("(forgotten)"))
