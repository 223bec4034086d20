"""One row per audited act: who did what to which record, when and from where.

Rows are only ever added (``candle.audit.log.record``). Each row carries the hash of the row
before it and its own hash over its fields and that previous hash (``candle.audit.chain``), so a
row changed, removed or moved afterwards breaks the chain where it happened and
``manage.py audit_verify`` names it. On PostgreSQL a trigger also refuses UPDATE, DELETE and
TRUNCATE (migration 0002), except setting ``actor`` to NULL when that user is deleted: the
username at the time stays in ``actor_username``, which the hash covers.

Nothing here is the personal data itself: the target is its model and key with a label like
"Supporter #123" (never a name: the log outlives a supporter's "forget me"), changes name
their fields, never their values.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS = "0" * 64  # the "previous hash" of the first entry

# What each action is called on screen (the list in candle/audit/log.py's docstring).
ACTION_LABELS = {
    "signin.success": _("Signed in"),
    "signin.failure": _("Sign-in failed"),
    "signout": _("Signed out"),
    "otp.enrol": _("Second factor set up"),
    "otp.verify": _("Second factor passed"),
    "otp.failure": _("Second factor failed"),
    "otp.recovery_used": _("Recovery code used"),
    "otp.reset": _("Second factor reset"),
    "otp.stepup": _("Asked again for the second factor"),
    "record.view": _("Record viewed"),
    "record.create": _("Record created"),
    "record.change": _("Record changed"),
    "record.delete": _("Record deleted"),
    "taxid.reveal": _("Resident number shown"),
    "export": _("Export"),
    "permissions.change": _("Permissions changed"),
}


class AuditEntry(models.Model):
    seq = models.PositiveBigIntegerField(
        _("number"), unique=True, help_text=_("Position in the chain, from 1, without gaps.")
    )
    at = models.DateTimeField(_("when"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_username = models.CharField(_("username"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=40, db_index=True)
    target_type = models.CharField(
        _("target type"), max_length=100, blank=True, db_index=True, help_text="app_label.model"
    )
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    target_label = models.CharField(_("target"), max_length=150, blank=True)
    fields = models.JSONField(_("fields"), default=list, blank=True)
    count = models.PositiveIntegerField(_("count"), null=True, blank=True)
    detail = models.CharField(_("detail"), max_length=500, blank=True)
    client_address = models.CharField(_("client address"), max_length=45, blank=True)
    path = models.CharField(_("path"), max_length=300, blank=True)
    previous_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-seq"]
        # Nobody can be given add, change or delete: entries are written by record() only.
        default_permissions = ("view",)
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"

    @admin.display(description=_("fields"))
    def fields_label(self) -> str:
        return ", ".join(self.fields or [])

    @admin.display(description=_("action"), ordering="action")
    def action_label(self) -> str:
        return str(ACTION_LABELS.get(self.action, self.action))
