import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..formatting import money_display
from .choices import PROVIDER_NAMES, Currency, Frequency, Method, Purpose


class AmountShownAsMoney:
    """``get_amount_display``: the amount in its currency (``50,000원``, ``$50.00``), which
    Wagtail's listings and inspect views show in place of the bare number."""

    def get_amount_display(self) -> str:
        return money_display(self.amount, self.currency)


class ProviderShownByName:
    def get_provider_display(self) -> str:
        return str(PROVIDER_NAMES.get(self.provider, self.provider))


class Pledge(AmountShownAsMoney, ProviderShownByName, models.Model):
    """A promise of a monthly gift (정기후원): by card through the provider, or by bank transfer
    or CMS debit that arrives in the bank statement."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the first payment")
        ACTIVE = "active", pgettext_lazy("pledge status", "Active")
        PAUSED = "paused", _("Paused")
        CANCELLED = "cancelled", _("Cancelled")

    supporter = models.ForeignKey(
        "supporters.Supporter",
        on_delete=models.PROTECT,
        related_name="pledges",
        verbose_name=_("supporter"),
    )
    campaign = models.ForeignKey(
        "giving.CampaignPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pledges",
        verbose_name=_("campaign"),
    )
    amount = models.DecimalField(_("monthly amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.KRW
    )
    method = models.CharField(
        _("method"), max_length=20, choices=Method.choices, default=Method.CARD
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    provider = models.CharField(_("payment provider"), max_length=20, blank=True)
    billing_key = models.CharField(_("billing key"), max_length=200, blank=True, editable=False)
    reference = models.CharField(
        _("reference"),
        max_length=40,
        unique=True,
        editable=False,
        help_text=_("Written on bank transfers and CMS debits to match them."),
    )
    day_of_month = models.PositiveSmallIntegerField(_("day of the month"), default=1)
    next_charge_on = models.DateField(_("next charge"), null=True, blank=True)
    receipt_requested = models.BooleanField(_("receipt requested"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        verbose_name = _("monthly pledge")
        verbose_name_plural = _("monthly pledges")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="giving_pledge_amount_positive")
        ]

    def __str__(self) -> str:
        return f"{self.reference} {money_display(self.amount, self.currency)}"


class Payment(AmountShownAsMoney, ProviderShownByName, models.Model):
    """One attempt to take money through a payment provider. At most one Donation per Payment."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        PAID = "paid", _("Paid")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    provider = models.CharField(_("payment provider"), max_length=20)
    provider_payment_id = models.CharField(_("provider's payment id"), max_length=120, unique=True)
    submission_token = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    supporter = models.ForeignKey(
        "supporters.Supporter", on_delete=models.PROTECT, related_name="payments"
    )
    campaign = models.ForeignKey(
        "giving.CampaignPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="payments",
    )
    pledge = models.ForeignKey(
        Pledge, null=True, blank=True, on_delete=models.PROTECT, related_name="payments"
    )
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    locale = models.CharField(max_length=5, default="ko")
    receipt_requested = models.BooleanField(default=False)
    given_phone = models.CharField(
        _("phone given"),
        max_length=40,
        blank=True,
        editable=False,
        help_text=_("As typed on the form. A form never changes the supporter's own phone number."),
    )
    purpose = models.CharField(
        _("purpose"), max_length=10, choices=Purpose.choices, default=Purpose.GIFT
    )
    membership = models.ForeignKey(
        "supporters.Membership",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("membership"),
        help_text=_("For dues: the membership they renew."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    status_at = models.DateTimeField(
        null=True, blank=True, help_text="Provider time of the last applied event."
    )
    failure_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="giving_payment_amount_positive")
        ]

    def __str__(self) -> str:
        return f"{self.provider}:{self.provider_payment_id}"


class Donation(AmountShownAsMoney, models.Model):
    """Money received: the row the books, the thermometer, the dashboards and receipts count."""

    class Status(models.TextChoices):
        RECEIVED = "received", pgettext_lazy("donation status", "Received")
        REFUNDED = "refunded", _("Refunded")

    supporter = models.ForeignKey(
        "supporters.Supporter",
        on_delete=models.PROTECT,
        related_name="donations",
        verbose_name=_("supporter"),
    )
    campaign = models.ForeignKey(
        "giving.CampaignPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="donations",
        verbose_name=_("campaign"),
    )
    pledge = models.ForeignKey(
        Pledge,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="donations",
        verbose_name=_("monthly pledge"),
    )
    payment = models.OneToOneField(
        Payment, null=True, blank=True, on_delete=models.PROTECT, related_name="donation"
    )
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.KRW
    )
    method = models.CharField(_("method"), max_length=20, choices=Method.choices)
    frequency = models.CharField(
        _("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.ONE_OFF
    )
    purpose = models.CharField(
        _("purpose"), max_length=10, choices=Purpose.choices, default=Purpose.GIFT
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.RECEIVED
    )
    received_at = models.DateTimeField(_("received"))
    source_ref = models.CharField(
        _("source reference"),
        max_length=160,
        unique=True,
        help_text=_("The id the money came with; a second import of it is ignored."),
    )
    receipt_requested = models.BooleanField(_("receipt requested"), default=False)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    thanked_at = models.DateTimeField(
        _("thank-you e-mail sent"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Set once; a replayed webhook sends nothing again."),
    )

    class Meta:
        verbose_name = _("donation")
        verbose_name_plural = _("donations")
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["received_at"]),
            models.Index(fields=["supporter", "received_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0), name="giving_donation_amount_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.received_at:%Y-%m-%d} {money_display(self.amount, self.currency)}"


class WebhookEvent(models.Model):
    """Every webhook delivery that passed the signature check, kept as received."""

    class Outcome(models.TextChoices):
        APPLIED = "applied", _("Applied")
        STALE = "stale", _("Older than what we know; ignored")
        UNKNOWN_PAYMENT = "unknown_payment", _("Payment not found")
        IGNORED = "ignored", _("Type not handled")
        ERROR = "error", _("Error")

    provider = models.CharField(max_length=20)
    event_id = models.CharField(max_length=200)
    event_type = models.CharField(max_length=80)
    payload = models.JSONField()
    received_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    detail = models.CharField(max_length=300, blank=True)
    payment = models.ForeignKey(
        Payment, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )

    class Meta:
        verbose_name = _("webhook event")
        verbose_name_plural = _("webhook events")
        ordering = ["-received_at"]
        constraints = [
            models.UniqueConstraint(fields=["provider", "event_id"], name="giving_webhook_once")
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.event_type} {self.event_id}"
