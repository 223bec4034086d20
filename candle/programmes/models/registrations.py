"""Registrations for events. One active registration (confirmed or waiting) per person and
event, enforced by a partial unique constraint; a cancelled one stays as history."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("Waiting list")
        CANCELLED = "cancelled", _("Cancelled")
        # A paid event: the seat is held until ``hold_until`` while the fee is paid.
        UNPAID = "unpaid", _("Awaiting payment")

    class CancelReason(models.TextChoices):
        NONE = "", _("—")
        UNPAID = "unpaid", _("Not paid in time")

    event = models.ForeignKey(
        "programmes.EventPage",
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    supporter = models.ForeignKey(
        "supporters.Supporter",
        verbose_name=_("supporter"),
        # Supporters' retention may delete the person: the row stays, anonymous, for the counts.
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
    )
    # What the person typed, kept here: the supporter's record is never changed by this form.
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), max_length=254, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=[("ko", "한국어"), ("en", "English")], default="ko"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    answers = models.JSONField(_("answers"), default=list, blank=True)
    consent_text = models.TextField(_("consent shown"), blank=True)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True, db_index=True)
    promoted_at = models.DateTimeField(_("moved off the waiting list"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    attended_at = models.DateTimeField(_("attended"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    cancel_reason = models.CharField(
        _("why cancelled"), max_length=10, choices=CancelReason.choices, blank=True, default=""
    )
    # Paid events. The fee is a giving Payment with purpose "event" (never a Donation).
    amount = models.PositiveIntegerField(_("fee (won)"), default=0)
    hold_until = models.DateTimeField(_("seat held until"), null=True, blank=True)
    payment = models.ForeignKey(
        "giving.Payment",
        verbose_name=_("payment"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    refund_due_at = models.DateTimeField(_("refund due since"), null=True, blank=True)
    refunded_at = models.DateTimeField(_("refunded"), null=True, blank=True)
    refunded_by = models.CharField(_("refund recorded by"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("event registration")
        verbose_name_plural = _("event registrations")
        ordering = ["event", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "supporter"],
                condition=~Q(status="cancelled"),
                name="programmes_registration_one_active",
            )
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.name} · {self.event_id}"

    @property
    def refund_open(self) -> bool:
        """Paid, then cancelled (or paid too late): the money must go back, and has not yet."""
        return self.refund_due_at is not None and self.refunded_at is None

    @property
    def answers_text(self) -> str:
        return "; ".join(f"{a.get('label', '')}: {a.get('answer', '')}" for a in self.answers or [])
