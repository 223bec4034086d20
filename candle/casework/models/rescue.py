"""Rescue cases: the stages a person passes on the way to safety, the relief given, and what it
cost (optionally charged to one of giving's campaigns).

Every row hangs on a ``Case`` of kind rescue and is reached only through that case's checked
getter (``candle.casework.access``), so a caseworker sees the rescue rows of the cases they are
granted and nothing else. Lists and exports name a case by its number and pseudonym only.
Free text that could identify someone (a note on the relief, what a cost was for in detail) is
encrypted at rest. Figures for the public and a campaign's spending report are counts and sums
(``candle.casework.figures``, ``candle.casework.rescue_selectors``), never identities.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from candle.core.encryption.fields import EncryptedTextField

from .cases import Case, CaseDocument
from .recorded import Recorded


class Stage(models.TextChoices):
    """The road to safety, in order."""

    FIRST_CONTACT = "first_contact", pgettext_lazy("rescue stage", "First contact")
    SHELTER = "shelter", pgettext_lazy("rescue stage", "Shelter")
    TRANSIT = "transit", pgettext_lazy("rescue stage", "Transit")
    ARRIVAL = "arrival", pgettext_lazy("rescue stage", "Arrival in the South")


STAGE_ORDER = [value for value, _label in Stage.choices]


class ReliefKind(models.TextChoices):
    """What was needed and given (the controlled vocabulary; Korean in the .po)."""

    FOOD = "food", pgettext_lazy("relief", "Food")
    MEDICINE = "medicine", pgettext_lazy("relief", "Medicine")
    CLOTHING = "clothing", pgettext_lazy("relief", "Clothing")
    LODGING = "lodging", pgettext_lazy("relief", "Lodging")
    TRANSPORT = "transport", pgettext_lazy("relief", "Transport")
    OTHER = "other", pgettext_lazy("relief", "Other")


class RescueStage(models.Model):
    """The day a case reached a stage, and how many people it covers (a mother and her two
    children travel as one case: 3). One row per stage and case; arrival is the hand-over to
    the South Korean government, and the public figures count it."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="rescue_stages"
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    reached_on = models.DateField(_("date reached"))
    people = models.PositiveSmallIntegerField(
        _("people"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_("How many people of this case reached the stage."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        verbose_name = _("rescue stage")
        verbose_name_plural = _("rescue stages")
        ordering = ("case", "reached_on", "id")
        constraints = [
            models.UniqueConstraint(fields=("case", "stage"), name="casework_one_row_per_stage")
        ]
        indexes = [models.Index(fields=("stage", "reached_on"))]

    def __str__(self) -> str:
        return f"{self.case.case_number} {self.get_stage_display()}"


class ReliefGiven(Recorded):
    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="relief"
    )
    kind = models.CharField(_("kind of relief"), max_length=20, choices=ReliefKind.choices)
    given_on = models.DateField(_("given on"))
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, blank=True)
    note = EncryptedTextField(_("note"), blank=True)
    form_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("relief given")
        verbose_name_plural = _("relief given")
        ordering = ("case", "given_on", "id")

    def __str__(self) -> str:
        return f"{self.case.case_number} {self.get_kind_display()}"


class RescueCost(Recorded):
    """Money spent on a case, in won. ``campaign`` names the giving campaign (its original
    language version) the cost is charged to, so the campaign's report can say how its money
    was spent; ``receipt`` is one of the case's own documents."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="rescue_costs"
    )
    amount = models.DecimalField(
        _("amount (KRW)"),
        max_digits=12,
        decimal_places=0,
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("1000000000"))],
    )
    spent_on = models.DateField(_("spent on"))
    kind = models.CharField(_("what for"), max_length=20, choices=ReliefKind.choices)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    detail = EncryptedTextField(_("detail"), blank=True)
    campaign = models.ForeignKey(
        "giving.CampaignPage",
        verbose_name=_("charged to campaign"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    receipt = models.ForeignKey(
        CaseDocument,
        verbose_name=_("receipt"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    form_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("rescue cost")
        verbose_name_plural = _("rescue costs")
        ordering = ("case", "spent_on", "id")
        indexes = [models.Index(fields=("campaign", "spent_on"))]
        permissions = [
            ("view_campaign_spending", _("Can see a campaign's rescue spending (totals only)"))
        ]

    def __str__(self) -> str:
        return f"{self.case.case_number} {self.amount}"

    def clean(self) -> None:
        if self.receipt_id and self.case_id and self.receipt.case_id != self.case_id:
            raise ValidationError({"receipt": _("Choose a document of this case.")})
