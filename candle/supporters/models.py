"""Supporters: people and organisations who give, join or ask to hear from us, with the consent
ledger that records what each of them agreed to (PIPA) and their membership.

Personal data lives here. Nothing in this module is indexed by search or cached; see
docs/subsystems/data-protection.md.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase


class SupporterTag(TaggedItemBase):
    content_object = models.ForeignKey(
        "Supporter", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = _("supporter tag")
        verbose_name_plural = _("supporter tags")


class Supporter(models.Model):
    """A person or an organisation we know. ``email_normalised`` and ``phone_normalised`` are
    the keys duplicates are found by."""

    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        ORGANISATION = "organisation", _("Organisation")

    class Language(models.TextChoices):
        KO = "ko", "한국어"
        EN = "en", "English"

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.PERSON)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), max_length=254, blank=True)
    email_normalised = models.CharField(max_length=254, blank=True, db_index=True, editable=False)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    phone_normalised = models.CharField(max_length=20, blank=True, db_index=True, editable=False)
    postal_code = models.CharField(_("postal code"), max_length=12, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=Language.choices, default=Language.KO
    )
    tags = TaggableManager(through=SupporterTag, blank=True, verbose_name=_("tags"))
    notes = models.TextField(_("staff notes"), blank=True)
    created_at = models.DateTimeField(
        pgettext_lazy("supporter record", "created"), default=timezone.now, editable=False
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("supporter")
        verbose_name_plural = _("supporters")
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("merge_supporter", _("Can merge duplicate supporters")),
            ("anonymise_supporter", _("Can anonymise (forget) a supporter")),
        ]
        indexes = [models.Index(fields=["anonymised_at"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # Derived lookup keys only; no side effects on other rows.
        from .normalise import email_normalise, phone_normalise

        self.email_normalised = email_normalise(self.email)
        self.phone_normalised = phone_normalise(self.phone)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            extra = set()
            if "email" in update_fields:
                extra.add("email_normalised")
            if "phone" in update_fields:
                extra.add("phone_normalised")
            kwargs["update_fields"] = list(set(update_fields) | extra)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        """Staff (admin forms) may not give a supporter an e-mail address another supporter
        holds: the two records would be one person to every lookup. The error names the other
        record, which staff who can edit supporters may see; merging is the way out."""
        super().clean()
        from .normalise import email_normalise

        key = email_normalise(self.email)
        if not key or self.anonymised_at is not None:
            return
        stored = (
            Supporter.objects.filter(pk=self.pk).values_list("email_normalised", flat=True).first()
            if self.pk
            else None
        )
        if stored == key:  # unchanged: an existing duplicate is for the merge screen
            return
        other = (
            Supporter.objects.filter(email_normalised=key, anonymised_at__isnull=True)
            .exclude(pk=self.pk)
            .order_by("pk")
            .first()
        )
        if other is not None:
            raise ValidationError(
                {
                    "email": _(
                        "Supporter #%(id)s (%(name)s) already has this e-mail address. Merge "
                        "the two records (Duplicate supporters) instead of giving both the "
                        "same address."
                    )
                    % {"id": other.pk, "name": other.name}
                }
            )

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None


class Consent(models.Model):
    """One consent as given: the purpose, the exact words the person saw, when, how and where.
    Withdrawal sets ``withdrawn_at``; the row itself stays as the record."""

    class Purpose(models.TextChoices):
        MEMBERSHIP = "membership", _("Membership")
        DONATION_RECEIPT = "donation_receipt", _("Donation receipts")
        DONATION = "donation", _("Processing a donation")
        NEWSLETTER = "newsletter", _("Newsletter")

    class Method(models.TextChoices):
        WEB_FORM = "web_form", _("Web form")
        PAPER = "paper", _("Paper form")
        PHONE = "phone", _("Telephone")
        EMAIL = "email", _("E-mail")
        IMPORT = "import", _("Imported record")
        STAFF = "staff", _("Entered by staff")

    # Purposes without which the service asked for cannot be given (PIPA art. 22: required items
    # are shown apart from optional ones).
    REQUIRED_PURPOSES = frozenset({Purpose.MEMBERSHIP, Purpose.DONATION, Purpose.DONATION_RECEIPT})

    supporter = models.ForeignKey(
        Supporter, on_delete=models.CASCADE, related_name="consents", verbose_name=_("supporter")
    )
    purpose = models.CharField(_("purpose"), max_length=32, choices=Purpose.choices)
    required = models.BooleanField(_("required"), default=False)
    text = models.TextField(_("text shown"))
    language = models.CharField(_("language"), max_length=2, blank=True)
    method = models.CharField(_("method"), max_length=16, choices=Method.choices)
    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("Where it was given, e.g. the form's address or a campaign."),
    )
    given_at = models.DateTimeField(_("given"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at", "-pk"]
        indexes = [models.Index(fields=["supporter", "purpose"])]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.given_at:%Y-%m-%d})"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class MembershipType(models.Model):
    """A kind of membership an editor offers, with its dues (0 for free membership)."""

    class Period(models.TextChoices):
        MONTHLY = "monthly", _("Monthly")
        YEARLY = "yearly", _("Yearly")
        LIFETIME = "lifetime", _("Lifetime")

    name_ko = models.CharField(_("name (Korean)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    description_ko = models.TextField(_("description (Korean)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    dues = models.PositiveIntegerField(
        _("dues (KRW)"), default=0, validators=[MinValueValidator(0)]
    )
    period = models.CharField(
        _("period"), max_length=16, choices=Period.choices, default=Period.YEARLY
    )
    is_active = models.BooleanField(_("offered on the join form"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("membership type")
        verbose_name_plural = _("membership types")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "ko").startswith("en") else self.name_ko

    @property
    def description(self) -> str:
        return (
            self.description_en
            if (get_language() or "ko").startswith("en")
            else self.description_ko
        )


class Membership(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending (dues not yet received)")
        ACTIVE = "active", pgettext_lazy("membership status", "Active")
        LAPSED = "lapsed", _("Lapsed")
        CANCELLED = "cancelled", pgettext_lazy("membership status", "Cancelled")

    CURRENT = (Status.PENDING, Status.ACTIVE)

    supporter = models.ForeignKey(
        Supporter, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("supporter")
    )
    membership_type = models.ForeignKey(
        MembershipType,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("membership type"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    joined_on = models.DateField(_("joined"), default=timezone.localdate)
    renews_on = models.DateField(_("renewal date"), null=True, blank=True)
    ended_on = models.DateField(_("ended"), null=True, blank=True)
    dues_reference = models.CharField(
        _("dues reference"),
        max_length=20,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Written on bank transfers and CMS debits of dues (CDM…) so they are matched to this membership."
        ),
    )
    reminder_sent_for = models.DateField(
        _("reminder sent for renewal date"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "The renewal date the last reminder was about, so each renewal is reminded once."
        ),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["-joined_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["supporter"],
                condition=Q(status__in=["pending", "active"]),
                name="supporters_one_current_membership",
            )
        ]

    def __str__(self) -> str:
        return f"{self.membership_type} · {self.get_status_display()}"


class AccessLink(models.Model):
    """A single-use, expiring link e-mailed to a supporter to open their own page. Only the
    SHA-256 of the token is stored."""

    supporter = models.ForeignKey(Supporter, on_delete=models.CASCADE, related_name="access_links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("access link")
        verbose_name_plural = _("access links")

    def __str__(self) -> str:
        return f"access link {self.pk}"


class SupporterMerge(models.Model):
    """What a merge did: which record was kept, a snapshot of the one folded into it, and how
    many rows of each related model moved. Staff can read it; it is anonymised with the kept
    supporter."""

    kept = models.ForeignKey(
        Supporter, on_delete=models.CASCADE, related_name="merges", verbose_name=_("kept supporter")
    )
    merged_supporter_id = models.BigIntegerField(_("merged supporter id"))
    snapshot = models.JSONField(_("merged record"), default=dict)
    moved = models.JSONField(_("rows moved"), default=dict)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    merged_at = models.DateTimeField(_("merged"), default=timezone.now)

    class Meta:
        verbose_name = _("supporter merge")
        verbose_name_plural = _("supporter merges")
        ordering = ["-merged_at"]

    def __str__(self) -> str:
        return f"merge {self.merged_supporter_id} → {self.kept_id}"


class PendingJoin(models.Model):
    """A join form as submitted, waiting for its address to be confirmed by the mailed link.
    Nothing is attached to any supporter until then; ``pending_join_confirm`` applies it through
    the services. Only the SHA-256 of the link's token is stored (set when the mail is sent).
    Removed by ``apply_retention`` once expired."""

    kind = models.CharField(max_length=16, choices=Supporter.Kind.choices)
    name = models.CharField(max_length=200)
    email = models.EmailField(max_length=254)
    phone = models.CharField(max_length=40, blank=True)
    membership_type = models.ForeignKey(
        MembershipType, on_delete=models.CASCADE, related_name="pending_joins"
    )
    newsletter = models.BooleanField(default=False)
    membership_text = models.TextField(help_text=_("The membership consent text shown."))
    newsletter_text = models.TextField(blank=True, help_text=_("The newsletter text shown."))
    language = models.CharField(max_length=2, choices=Supporter.Language.choices)
    source = models.CharField(max_length=200, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("pending join")
        verbose_name_plural = _("pending joins")
        indexes = [models.Index(fields=["expires_at"])]

    def __str__(self) -> str:
        return f"pending join {self.pk}"


class PendingEmailChange(models.Model):
    """A new e-mail address a supporter gave on their own page, applied only when the link
    mailed to that address is followed. Only the SHA-256 of the token is stored."""

    supporter = models.ForeignKey(
        Supporter, on_delete=models.CASCADE, related_name="pending_email_changes"
    )
    email = models.EmailField(max_length=254)
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("pending e-mail change")
        verbose_name_plural = _("pending e-mail changes")
        indexes = [models.Index(fields=["expires_at"])]

    def __str__(self) -> str:
        return f"pending e-mail change {self.pk}"
