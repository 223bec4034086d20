"""A disappearance dossier for the UN Working Group on Enforced or Involuntary Disappearances.

One per case of kind ``disappearance``. What names or could identify the person, the family or
the source is encrypted at rest; the date of disappearance is kept as year, month and day (the
day may be unknown: the Working Group needs at least month and year). The place is the case's
country and region; an exact place only through the case's own rule (``Case.exact_location``
with its reason). What the Working Group still needs is computed (``Dossier.missing``), never
typed in.
"""

from __future__ import annotations

import calendar
import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from candle.core.encryption.fields import EncryptedTextField

from .cases import Case
from .recorded import Recorded

URGENT_DAYS = 92  # the Working Group's urgent action: disappeared within the last three months


class Dossier(models.Model):
    class Sex(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        UNKNOWN = "unknown", _("Not known")

    class Procedure(models.TextChoices):
        URGENT = "urgent", _("Urgent action")
        STANDARD = "standard", _("Standard procedure")

    case = models.OneToOneField(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="dossier"
    )
    # 1. The person
    family_name = EncryptedTextField(_("family name"), blank=True)
    given_name = EncryptedTextField(_("given name"), blank=True)
    name_ko = EncryptedTextField(_("name in Korean"), blank=True)
    other_names = EncryptedTextField(_("other names"), blank=True)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, blank=True)
    birth_date = EncryptedTextField(
        _("date of birth"), blank=True, help_text=_("YYYY, YYYY-MM or YYYY-MM-DD.")
    )
    nationality = models.CharField(
        _("nationality"), max_length=60, blank=True, help_text=_("For example: Republic of Korea.")
    )
    occupation = EncryptedTextField(_("occupation"), blank=True)
    # 2. Date of disappearance (at least month and year)
    disappeared_year = models.PositiveSmallIntegerField(
        _("year of disappearance"), null=True, blank=True
    )
    disappeared_month = models.PositiveSmallIntegerField(
        _("month of disappearance"), null=True, blank=True
    )
    disappeared_day = models.PositiveSmallIntegerField(
        _("day of disappearance"), null=True, blank=True
    )
    # 3. Place: the case's country and region (and exact place, with its reason, on the case)
    place_description = EncryptedTextField(
        _("place (as the family describes it)"),
        blank=True,
        help_text=_("A town, a port, a stretch of sea. Nothing finer than the case allows."),
    )
    # 4.-6.
    forces_responsible = EncryptedTextField(_("forces believed responsible"), blank=True)
    circumstances = EncryptedTextField(_("circumstances of the disappearance"), blank=True)
    family_steps = EncryptedTextField(_("steps taken by the family"), blank=True)
    # 7. The submitting source
    source_name = EncryptedTextField(_("source's name"), blank=True)
    source_relationship = EncryptedTextField(_("source's relationship to the person"), blank=True)
    source_contact = EncryptedTextField(_("source's contact"), blank=True)
    confidentiality_requested = models.BooleanField(
        _("the source asks that their identity be kept confidential"), default=True
    )
    wgeid_reference = models.CharField(
        _("Working Group's reference number"), max_length=40, blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("disappearance dossier")
        verbose_name_plural = _("disappearance dossiers")

    def __str__(self) -> str:
        return f"{self.case.case_number} dossier"

    def clean(self) -> None:
        if self.case_id and self.case.kind != Case.Kind.DISAPPEARANCE:
            raise ValidationError(_("Only a disappearance case has a dossier."))
        errors = {}
        if self.disappeared_month is not None and not 1 <= self.disappeared_month <= 12:
            errors["disappeared_month"] = _("A month is 1 to 12.")
        if self.disappeared_day is not None:
            if self.disappeared_month is None or self.disappeared_year is None:
                errors["disappeared_day"] = _("Give the month and year with the day.")
            elif not errors and self.disappeared_year:
                last = calendar.monthrange(self.disappeared_year, self.disappeared_month)[1]
                if not 1 <= self.disappeared_day <= last:
                    errors["disappeared_day"] = _("That month has no such day.")
        if self.disappeared_month is not None and self.disappeared_year is None:
            errors["disappeared_month"] = _("Give the year with the month.")
        if self.disappeared_year is not None and not 1900 <= self.disappeared_year <= 2100:
            errors["disappeared_year"] = _("Give a year between 1900 and 2100.")
        if errors:
            raise ValidationError(errors)

    # --- derived from the row's own fields -------------------------------------------------

    @property
    def disappeared_display(self) -> str:
        """The partial date as written: 1977-08-12, 1977-08 or 1977 (empty if unknown)."""
        if self.disappeared_year is None:
            return ""
        text = f"{self.disappeared_year:04d}"
        if self.disappeared_month:
            text += f"-{self.disappeared_month:02d}"
            if self.disappeared_day:
                text += f"-{self.disappeared_day:02d}"
        return text

    def disappeared_latest(self) -> dt.date | None:
        """The latest day the disappearance can have happened (month known: its last day)."""
        if self.disappeared_year is None or self.disappeared_month is None:
            return None
        day = (
            self.disappeared_day
            or calendar.monthrange(self.disappeared_year, self.disappeared_month)[1]
        )
        return dt.date(self.disappeared_year, self.disappeared_month, day)

    def procedure(self, *, on: dt.date | None = None) -> str:
        """Urgent action if the person may have disappeared within three months of ``on`` (the
        submission, or today), else the standard procedure."""
        latest = self.disappeared_latest()
        on = on or timezone.localdate()
        if latest is not None and 0 <= (on - latest).days <= URGENT_DAYS:
            return self.Procedure.URGENT
        return self.Procedure.STANDARD


class DossierEvent(Recorded):
    """The dossier's history with the Working Group, one row per step, with its date."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted to the Working Group")
        TRANSMITTED = "transmitted", _("Transmitted to the government")
        GOVERNMENT_REPLY = "government_reply", _("Government's reply")
        SOURCE_COMMENTS = "source_comments", _("Source's comments")
        CLARIFIED = "clarified", _("Clarified")
        CLOSED = "closed", pgettext_lazy("dossier step", "Closed")

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("step"), max_length=20, choices=Kind.choices)
    on = models.DateField(_("date"))
    note = EncryptedTextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("dossier history entry")
        verbose_name_plural = _("dossier history entries")
        ordering = ("on", "id")

    def __str__(self) -> str:
        return f"{self.dossier.case.case_number} {self.kind} {self.on}"


class DossierReminder(models.Model):
    """A follow-up to do by a date (ask the family for news, answer the government's reply)."""

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="reminders"
    )
    due_on = models.DateField(_("due on"))
    what = EncryptedTextField(_("what to do"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up reminder")
        verbose_name_plural = _("follow-up reminders")
        ordering = ("due_on", "id")

    def __str__(self) -> str:
        return f"{self.dossier.case.case_number} {self.due_on}"


class FamilyConsent(Recorded):
    """What a family member agreed to (who, when, for what), and when they withdrew it."""

    class Purpose(models.TextChoices):
        SUBMISSION = "submission", _("Submit the case to the Working Group")
        NAME_TO_GOVERNMENT = "name_to_government", _("Let the government be told the source")
        PUBLICATION = "publication", _("Speak of the case in public")

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("dossier"), on_delete=models.CASCADE, related_name="consents"
    )
    given_by = EncryptedTextField(_("given by"), help_text=_("Name and relationship."))
    purpose = models.CharField(_("for what"), max_length=30, choices=Purpose.choices)
    given_on = models.DateField(_("given on"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)

    class Meta:
        verbose_name = _("family consent")
        verbose_name_plural = _("family consents")
        ordering = ("-given_on", "-id")

    def __str__(self) -> str:
        return f"{self.dossier.case.case_number} {self.purpose} {self.given_on}"

    @property
    def in_force(self) -> bool:
        return self.withdrawn_on is None
