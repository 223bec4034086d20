"""Newsletters: an issue composed in the admin (Korean, English or both), the segment it goes
to, one delivery row per recipient, and the addresses no newsletter may go to any more.

What writes here lives in ``candle/advocacy/newsletters/services.py`` (composing is the admin's
form; starting a send, delivering, unsubscribing and suppressing are services). Deliveries and
suppressions are personal data (an address, a person): staff screens for them are built with
``PersonalDataViewSetMixin``; issues themselves hold none and are shown on the public site once
sent. See docs/subsystems/newsletters.md.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.fields import RichTextField

__all__ = ["NewsletterDelivery", "NewsletterIssue", "NewsletterSuppression"]

BODY_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul", "hr"]


class NewsletterIssue(models.Model):
    """One issue. Its Korean and English versions are both optional, but at least one is
    written in full (subject and body). Once sending starts it can no longer be changed: the
    archive shows what was sent."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("newsletter status", "Draft")
        SENDING = "sending", pgettext_lazy("newsletter status", "Sending")
        SENT = "sent", pgettext_lazy("newsletter status", "Sent")

    class SegmentLanguage(models.TextChoices):
        ALL = "all", _("Everyone, in their own language")
        KO = "ko", _("Only supporters who read Korean")
        EN = "en", _("Only supporters who read English")

    subject_ko = models.CharField(_("subject (Korean)"), max_length=200, blank=True)
    body_ko = RichTextField(_("body (Korean)"), features=BODY_FEATURES, blank=True)
    subject_en = models.CharField(_("subject (English)"), max_length=200, blank=True)
    body_en = RichTextField(_("body (English)"), features=BODY_FEATURES, blank=True)

    segment_language = models.CharField(
        _("language of the recipients"),
        max_length=8,
        choices=SegmentLanguage.choices,
        default=SegmentLanguage.ALL,
        help_text=_(
            "Each recipient gets the version in their preferred language, or the other one "
            "when the issue has only one."
        ),
    )
    segment_tags = models.CharField(
        _("supporter tags"),
        max_length=300,
        blank=True,
        help_text=_(
            "Comma-separated tag names: only supporters with at least one of them. Empty: every "
            "tag."
        ),
    )
    segment_members_only = models.BooleanField(
        _("members only"),
        default=False,
        help_text=_("Only supporters with an active membership."),
    )
    show_in_archive = models.BooleanField(_("show on the website once sent"), default=True)

    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT, editable=False
    )
    created_at = models.DateTimeField(
        pgettext_lazy("newsletter issue", "created"), default=timezone.now, editable=False
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    sending_started_at = models.DateTimeField(
        _("sending started"), null=True, blank=True, editable=False
    )
    sent_at = models.DateTimeField(_("sending finished"), null=True, blank=True, editable=False)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("sent by"),
    )
    recipients_count = models.PositiveIntegerField(_("recipients"), default=0, editable=False)

    class Meta:
        verbose_name = _("newsletter issue")
        verbose_name_plural = _("newsletter issues")
        ordering = ["-created_at", "-pk"]
        permissions = [("send_newsletterissue", _("Can send a newsletter issue"))]
        indexes = [models.Index(fields=["status", "sending_started_at"])]

    def __str__(self) -> str:
        return self.subject_ko or self.subject_en or f"#{self.pk}"

    def clean(self) -> None:
        super().clean()
        if self.pk and self.status != self.Status.DRAFT:
            stored = NewsletterIssue.objects.filter(pk=self.pk).values_list("status", flat=True)
            if stored.first() != self.Status.DRAFT:
                raise ValidationError(_("This issue has been sent and can no longer be changed."))
        errors = {}
        for code in ("ko", "en"):
            subject = (getattr(self, f"subject_{code}") or "").strip()
            body = _visible_text(getattr(self, f"body_{code}") or "")
            if subject and not body:
                errors[f"body_{code}"] = _("Write the body for this subject, or clear the subject.")
            if body and not subject:
                errors[f"subject_{code}"] = _("Give this version a subject.")
        if errors:
            raise ValidationError(errors)
        if not self.languages:
            raise ValidationError(
                _("Write the issue in Korean, in English or in both (subject and body).")
            )

    @property
    def languages(self) -> list[str]:
        """The languages written in full, Korean first."""
        return [
            code
            for code in ("ko", "en")
            if (getattr(self, f"subject_{code}") or "").strip()
            and _visible_text(getattr(self, f"body_{code}") or "")
        ]

    def language_for(self, preferred: str) -> str:
        """The version a reader who prefers ``preferred`` gets: theirs if written, else the
        other."""
        languages = self.languages
        if preferred in languages:
            return preferred
        return languages[0] if languages else "ko"

    def subject(self, language: str) -> str:
        return getattr(self, f"subject_{language}")

    def body(self, language: str) -> str:
        return getattr(self, f"body_{language}")

    @property
    def tag_names(self) -> list[str]:
        return [name.strip() for name in self.segment_tags.split(",") if name.strip()]

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


def _visible_text(html: str) -> str:
    from django.utils.html import strip_tags

    return strip_tags(html).strip()


class NewsletterDelivery(models.Model):
    """One recipient of one issue: created for everyone in the segment when sending starts,
    claimed (``sending``) just before its mail is handed to the mail server and marked ``sent``
    right after. A row left in ``sending`` by a process that died is never sent again
    (``uncertain``): at most one mail per person per issue."""

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("delivery status", "Waiting")
        SENDING = "sending", pgettext_lazy("delivery status", "Being sent")
        SENT = "sent", pgettext_lazy("delivery status", "Sent")
        SKIPPED = (
            "skipped",
            pgettext_lazy("delivery status", "Skipped (unsubscribed or suppressed)"),
        )
        FAILED = "failed", pgettext_lazy("delivery status", "Failed")
        UNCERTAIN = "uncertain", pgettext_lazy("delivery status", "Interrupted (not sent again)")

    issue = models.ForeignKey(
        NewsletterIssue,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("newsletter issue"),
    )
    supporter = models.ForeignKey(
        "supporters.Supporter",
        on_delete=models.CASCADE,
        related_name="newsletter_deliveries",
        verbose_name=_("supporter"),
    )
    email = models.EmailField(_("e-mail"), max_length=254, blank=True)
    email_normalised = models.CharField(max_length=254, blank=True, editable=False)
    language = models.CharField(_("language"), max_length=2)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=200, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)

    class Meta:
        verbose_name = _("newsletter delivery")
        verbose_name_plural = _("newsletter deliveries")
        ordering = ["issue", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "supporter"], name="advocacy_delivery_one_per_supporter"
            ),
            models.UniqueConstraint(
                fields=["issue", "email_normalised"],
                condition=~Q(email_normalised=""),
                name="advocacy_delivery_one_per_address",
            ),
        ]
        indexes = [models.Index(fields=["issue", "status"])]

    def __str__(self) -> str:
        return f"{self.issue_id} → #{self.supporter_id}"


class NewsletterSuppression(models.Model):
    """An address no newsletter goes to: the provider reported a hard bounce, a complaint or a
    refusal. A new consent does not lift it; staff delete the row once they know the address
    works again. Removed with the supporter's "forget me"."""

    class Reason(models.TextChoices):
        BOUNCED = "bounced", _("Bounced")
        COMPLAINED = "complained", _("Marked as spam")
        REJECTED = "rejected", _("Refused by the provider")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed at the provider")

    email_normalised = models.CharField(_("e-mail"), max_length=254, unique=True)
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    provider = models.CharField(_("provider"), max_length=40, blank=True)
    event_id = models.CharField(_("provider's event id"), max_length=200, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    created_at = models.DateTimeField(
        pgettext_lazy("suppression", "created"), default=timezone.now, editable=False
    )

    class Meta:
        verbose_name = _("suppressed address")
        verbose_name_plural = _("suppressed addresses")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.email_normalised

    def save(self, *args, **kwargs):
        from candle.supporters.normalise import email_normalise

        self.email_normalised = email_normalise(self.email_normalised)
        super().save(*args, **kwargs)
