from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import Currency


class StatementLine(models.Model):
    """One incoming line of a bank statement, CMS result file or GlobalGiving export.

    Matched lines become a Donation; the rest wait in the review queue for staff."""

    class Source(models.TextChoices):
        BANK = "bank", _("Bank statement")
        CMS = "cms", _("CMS automatic debit")
        GLOBALGIVING = "globalgiving", _("GlobalGiving")

    class Status(models.TextChoices):
        MATCHED = "matched", _("Matched")
        UNMATCHED = "unmatched", _("Waiting for review")
        IGNORED = "ignored", _("Ignored")

    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    source_ref = models.CharField(_("source reference"), max_length=160, unique=True)
    file_name = models.CharField(_("file"), max_length=255, blank=True)
    occurred_on = models.DateField(_("date"))
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.KRW
    )
    payer_name = models.CharField(_("payer"), max_length=200, blank=True)
    payer_email = models.CharField(_("payer e-mail"), max_length=254, blank=True)
    memo = models.CharField(_("memo"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.UNMATCHED
    )
    donation = models.OneToOneField(
        "giving.Donation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="statement_line",
    )
    imported_at = models.DateTimeField(auto_now_add=True)
    resolved_by = models.CharField(_("resolved by"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("statement line")
        verbose_name_plural = _("statement lines")
        ordering = ["status", "-occurred_on"]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.payer_name} {self.amount:,.0f}"
