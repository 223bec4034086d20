from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DonorTaxId(models.Model):
    """A donor's resident registration number (주민등록번호), asked only for a tax receipt.

    ``encrypted`` holds a Fernet token made with a key kept outside the database
    (CANDLE_FIELD_KEYS or CANDLE_FIELD_KEY_FILE). ``masked`` is what every screen shows."""

    supporter = models.OneToOneField(
        "supporters.Supporter", on_delete=models.CASCADE, related_name="tax_id"
    )
    encrypted = models.TextField(editable=False)
    masked = models.CharField(_("resident registration number"), max_length=20, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("resident registration number")
        verbose_name_plural = _("resident registration numbers")

    def __str__(self) -> str:
        return self.masked

    def __repr__(self) -> str:
        return f"<DonorTaxId {self.pk} {self.masked}>"


class Receipt(models.Model):
    """A yearly donation receipt (기부금영수증, form 45의2). The number never changes once given:
    reissuing updates the amount and the issue date, and counts the reissue."""

    supporter = models.ForeignKey(
        "supporters.Supporter",
        on_delete=models.PROTECT,
        related_name="receipts",
        verbose_name=_("donor"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    serial = models.PositiveIntegerField(_("serial"))
    number = models.CharField(_("receipt number"), max_length=20, unique=True)
    donor_name = models.CharField(_("donor name"), max_length=200)
    total = models.DecimalField(_("total"), max_digits=14, decimal_places=0)
    issued_at = models.DateTimeField(_("issued"))
    reissue_count = models.PositiveSmallIntegerField(_("reissues"), default=0)
    voided_at = models.DateTimeField(_("voided"), null=True, blank=True)
    void_reason = models.CharField(_("why voided"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("donation receipt")
        verbose_name_plural = _("donation receipts")
        ordering = ["-year", "serial"]
        constraints = [
            models.UniqueConstraint(
                fields=["supporter", "year"],
                condition=models.Q(voided_at__isnull=True),
                name="giving_receipt_one_live_per_year",
            ),
            models.UniqueConstraint(fields=["year", "serial"], name="giving_receipt_serial_unique"),
        ]

    def __str__(self) -> str:
        return self.number

    def masked_tax_id(self) -> str:
        """The resident registration number this receipt carries, as every screen shows it
        (900101-1******): the donor's confirmed number (``selectors.tax_ids_for_receipts``
        decides; asked afresh when the donor's relation was cached without one)."""
        if not self.supporter_id:
            return ""
        tax_id = getattr(self.supporter, "tax_id", None)
        if tax_id is not None:
            return tax_id.masked
        from ..selectors import tax_ids_for_receipts

        given = tax_ids_for_receipts(supporter_ids=[self.supporter_id], year=self.year)
        return given[self.supporter_id].masked if self.supporter_id in given else ""

    masked_tax_id.short_description = _("resident registration number")

    def get_total_display(self) -> str:  # the admin's listing and inspect view: 50,000원
        from ..formatting import money_display

        return money_display(self.total, "KRW")

    def get_masked_tax_id_display(self) -> str:  # the admin's inspect view
        return self.masked_tax_id()


class TaxIdSubmission(models.Model):
    """A resident registration number given on the public donation form with one gift.

    The form is anonymous: what it says never replaces or fills in the donor's own number
    (``DonorTaxId``). Once the gift is paid (``payment_apply``) it is settled: the donor's first
    number when the form itself created the donor (``new_supporter``); ``same`` when it matches
    the stored one; otherwise ``pending`` until giving staff accept it (it then replaces the
    stored number) or reject it (*Giving → Resident number changes*). Encrypted like DonorTaxId."""

    class Status(models.TextChoices):
        UNPAID = "unpaid", _("Gift not paid yet")
        PENDING = "pending", _("Waiting for staff")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", pgettext_lazy("receipt status", "Rejected")
        SAME = "same", _("Same as the stored number")

    supporter = models.ForeignKey(
        "supporters.Supporter",
        on_delete=models.CASCADE,
        related_name="tax_id_submissions",
        verbose_name=_("donor"),
    )
    payment = models.OneToOneField(
        "giving.Payment", on_delete=models.CASCADE, related_name="tax_id_submission"
    )
    encrypted = models.TextField(editable=False)
    masked = models.CharField(_("resident registration number"), max_length=20, editable=False)
    new_supporter = models.BooleanField(
        default=False,
        editable=False,
        help_text="The form that gave the number created the supporter record.",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.UNPAID
    )
    created_at = models.DateTimeField(_("given"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.CharField(_("decided by"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("resident registration number given with a gift")
        verbose_name_plural = _("resident registration numbers given with gifts")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "supporter"])]

    def __str__(self) -> str:
        return self.masked

    def __repr__(self) -> str:
        return f"<TaxIdSubmission {self.pk} {self.masked} {self.status}>"
