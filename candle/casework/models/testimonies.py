"""Testimonies and the violations they tell of, after the HURIDOCS events standard formats.

A testimony belongs to a case of kind "testimony". It tells of events (what happened, when,
where); an event holds acts (one violation done to one victim, typed by the controlled
``ViolationType`` vocabulary, with the units alleged responsible); sources say how the events
are known and how far they can be trusted; interventions say what was done about them.

Sources are graded with the Admiralty (NATO) system, the common intelligence grading: the
source's reliability A-F and the information's credibility 1-6, two separate judgements. We
use it rather than HURIDOCS's own reliability scale because staff already know it and because
it keeps the two judgements apart.

What could identify a person (names, a narrative, a place below region, notes) is encrypted;
victims are named in every list and export by their pseudonym. Country and region come from the
closed list in ``candle.casework.places``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from candle.core.encryption.fields import EncryptedTextField

from ..places import COUNTRIES, REGIONS, region_fits_country
from .cases import Case


class Vocabulary(models.Model):
    """A bilingual term staff choose from: Korean is the source, English beside it."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_ko = models.CharField(_("name (Korean)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ("sort_order", "code")

    def __str__(self) -> str:
        return self.name_en if translation.get_language() == "en" else self.name_ko


class ViolationType(Vocabulary):
    """Arbitrary detention, torture, forced labour… (seeded by migration 0002)."""

    class Meta(Vocabulary.Meta):
        verbose_name = _("violation type")
        verbose_name_plural = _("violation types")


class PerpetratorUnit(Vocabulary):
    """A body alleged responsible: the Ministry of State Security, a border guard unit…"""

    class Meta(Vocabulary.Meta):
        verbose_name = _("perpetrator unit")
        verbose_name_plural = _("perpetrator units")


class DetentionPlace(Vocabulary):
    """A known place of detention. Exports name its kind and region only, never the place."""

    class Kind(models.TextChoices):
        POLITICAL_CAMP = "kwanliso", _("Political prison camp (kwanliso)")
        PRISON = "kyohwaso", _("Prison or re-education camp (kyohwaso)")
        LABOUR = "rodong", _("Labour training camp (rodong danryeondae)")
        HOLDING = "jipkyulso", _("Holding centre (jipkyulso)")
        INTERROGATION = "kuryujang", _("Interrogation or pre-trial detention (kuryujang)")
        FOREIGN = "foreign", _("Detention centre outside North Korea")
        OTHER = "other", _("Other place of detention")

    kind = models.CharField(
        pgettext_lazy("testimonies", "kind"), max_length=20, choices=Kind.choices
    )
    country = models.CharField(
        pgettext_lazy("testimonies", "country"), max_length=2, choices=COUNTRIES
    )
    region = models.CharField(
        pgettext_lazy("testimonies", "region"), max_length=8, choices=REGIONS, blank=True
    )

    class Meta(Vocabulary.Meta):
        verbose_name = _("place of detention")
        verbose_name_plural = _("places of detention")

    def clean(self) -> None:
        if not region_fits_country(self.region, self.country):
            raise ValidationError({"region": _("This region is not in the chosen country.")})


class Testimony(models.Model):
    class Language(models.TextChoices):
        KO = "ko", _("Korean")
        EN = "en", _("English")
        ZH = "zh", _("Chinese")
        OTHER = "other", _("Other language")

    case = models.OneToOneField(
        Case,
        verbose_name=pgettext_lazy("testimonies", "case"),
        on_delete=models.CASCADE,
        related_name="testimony",
        limit_choices_to={"kind": Case.Kind.TESTIMONY},
    )
    given_on = models.DateField(_("date given"))
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.KO
    )
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("interviewer"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    consent_un = models.BooleanField(_("may be given to UN bodies"), default=False)
    consent_researchers = models.BooleanField(
        _("may be given to researchers (identities removed)"), default=False
    )
    consent_public = models.BooleanField(_("may be published, anonymised"), default=False)
    narrative = EncryptedTextField(_("narrative"), blank=True)
    narrative_anonymised = models.BooleanField(
        _("the narrative is anonymised"),
        default=False,
        help_text=_(
            "Tick only when the narrative names no one and no place below region: it may then "
            "go into researcher exports."
        ),
    )
    created_at = models.DateTimeField(pgettext_lazy("testimonies", "created at"), auto_now_add=True)
    updated_at = models.DateTimeField(pgettext_lazy("testimonies", "updated at"), auto_now=True)

    class Meta:
        verbose_name = _("testimony")
        verbose_name_plural = _("testimonies")
        ordering = ("-given_on", "-id")

    def __str__(self) -> str:
        return f"{self.case.case_number} {self.case.pseudonym}"

    def clean(self) -> None:
        if self.case_id and self.case.kind != Case.Kind.TESTIMONY:
            raise ValidationError({"case": _("A testimony belongs to a case of kind testimony.")})


class Victim(models.Model):
    """A person the testimony tells of: local to casework, never a supporter."""

    class Sex(models.TextChoices):
        FEMALE = "f", _("Female")
        MALE = "m", _("Male")
        UNKNOWN = "u", _("Not known")

    class Relation(models.TextChoices):
        SELF = "self", _("The person who testified")
        FAMILY = "family", _("A member of their family")
        OTHER = "other", _("Someone else")

    testimony = models.ForeignKey(
        Testimony, verbose_name=_("testimony"), on_delete=models.CASCADE, related_name="victims"
    )
    pseudonym = models.CharField(
        pgettext_lazy("testimonies", "pseudonym"),
        max_length=80,
        help_text=_("Shown in every list and export. Never a real name or initials."),
    )
    name = EncryptedTextField(_("name"), blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    year_of_birth = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    relation = models.CharField(
        _("relation to the witness"), max_length=10, choices=Relation.choices, default=Relation.SELF
    )

    class Meta:
        verbose_name = _("victim")
        verbose_name_plural = _("victims")
        ordering = ("pk",)
        constraints = [
            models.UniqueConstraint(
                fields=("testimony", "pseudonym"), name="casework_victim_pseudonym_unique"
            )
        ]

    def __str__(self) -> str:
        return self.pseudonym

    def clean(self) -> None:
        if self.year_of_birth is not None and not 1900 <= self.year_of_birth <= 2100:
            raise ValidationError({"year_of_birth": _("Give a year between 1900 and 2100.")})


class Event(models.Model):
    class Precision(models.TextChoices):
        DAY = "day", _("Day")
        MONTH = "month", _("Month")
        YEAR = "year", _("Year")

    testimony = models.ForeignKey(
        Testimony, verbose_name=_("testimony"), on_delete=models.CASCADE, related_name="events"
    )
    title = EncryptedTextField(
        pgettext_lazy("testimonies", "title"),
        help_text=_("A short description. Exported only when marked anonymised."),
    )
    description = EncryptedTextField(_("description"), blank=True)
    text_anonymised = models.BooleanField(
        _("title and description are anonymised"),
        default=False,
        help_text=_("Tick only when they name no one and no place below region."),
    )
    date_from = models.DateField(_("from"))
    date_to = models.DateField(_("until"), null=True, blank=True)
    date_precision = models.CharField(
        _("date known to the"), max_length=5, choices=Precision.choices, default=Precision.MONTH
    )
    country = models.CharField(
        pgettext_lazy("testimonies", "country"), max_length=2, choices=COUNTRIES
    )
    region = models.CharField(
        pgettext_lazy("testimonies", "region"), max_length=8, choices=REGIONS, blank=True
    )
    place_detail = EncryptedTextField(
        _("place in detail"),
        blank=True,
        help_text=_("A town, a street, a building: kept encrypted and never exported."),
    )
    detention_place = models.ForeignKey(
        DetentionPlace,
        verbose_name=_("place of detention"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ("date_from", "pk")

    def __str__(self) -> str:
        return f"{self.testimony.case.case_number} E{self.pk}"

    def clean(self) -> None:
        errors = {}
        if self.date_to and self.date_from and self.date_to < self.date_from:
            errors["date_to"] = _("The end comes before the start.")
        if not region_fits_country(self.region, self.country):
            errors["region"] = _("This region is not in the chosen country.")
        if errors:
            raise ValidationError(errors)


class Act(models.Model):
    """One violation done to one victim within an event (HURIDOCS: act)."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="acts"
    )
    violation_type = models.ForeignKey(
        ViolationType, verbose_name=_("violation type"), on_delete=models.PROTECT
    )
    victim = models.ForeignKey(
        Victim, verbose_name=_("victim"), on_delete=models.PROTECT, related_name="acts"
    )
    perpetrators = models.ManyToManyField(
        PerpetratorUnit, verbose_name=_("alleged perpetrators"), blank=True
    )
    note = EncryptedTextField(
        pgettext_lazy("testimonies", "note"), blank=True, help_text=_("Never exported.")
    )

    class Meta:
        verbose_name = _("act")
        verbose_name_plural = _("acts")
        ordering = ("event", "pk")

    def __str__(self) -> str:
        return f"{self.event} A{self.pk}"

    def clean(self) -> None:
        if self.event_id and self.victim_id and self.victim.testimony_id != self.event.testimony_id:
            raise ValidationError({"victim": _("Choose a victim of this testimony.")})


class Source(models.Model):
    """How the events are known, graded with the Admiralty system (see the module docstring)."""

    class Kind(models.TextChoices):
        WITNESS = "witness", _("The witness's own account")
        OTHER_WITNESS = "other_witness", _("Another witness")
        DOCUMENT = "document", _("A document")
        MEDIA = "media", _("A media report")
        REPORT = "report", _("An NGO or UN report")

    class Reliability(models.TextChoices):
        A = "A", _("A: completely reliable")
        B = "B", _("B: usually reliable")
        C = "C", _("C: fairly reliable")
        D = "D", _("D: not usually reliable")
        E = "E", _("E: unreliable")
        F = "F", _("F: reliability cannot be judged")

    class Credibility(models.IntegerChoices):
        CONFIRMED = 1, _("1: confirmed by other sources")
        PROBABLE = 2, _("2: probably true")
        POSSIBLE = 3, _("3: possibly true")
        DOUBTFUL = 4, _("4: doubtful")
        IMPROBABLE = 5, _("5: improbable")
        UNKNOWN = 6, _("6: truth cannot be judged")

    testimony = models.ForeignKey(
        Testimony, verbose_name=_("testimony"), on_delete=models.CASCADE, related_name="sources"
    )
    kind = models.CharField(
        pgettext_lazy("testimonies", "kind"), max_length=20, choices=Kind.choices
    )
    description = EncryptedTextField(_("description"), blank=True, help_text=_("Never exported."))
    reliability = models.CharField(
        _("reliability of the source"), max_length=1, choices=Reliability.choices
    )
    credibility = models.PositiveSmallIntegerField(
        _("credibility of the information"), choices=Credibility.choices
    )
    events = models.ManyToManyField(Event, verbose_name=_("events"), blank=True)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ("pk",)

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.grade}"

    @property
    def grade(self) -> str:
        return f"{self.reliability}{self.credibility}"


class Intervention(models.Model):
    """What was done about the events: to whom, when, and what came of it."""

    class Addressee(models.TextChoices):
        WGEID = "wgeid", _("UN Working Group on Enforced or Involuntary Disappearances")
        WGAD = "wgad", _("UN Working Group on Arbitrary Detention")
        SR_DPRK = "sr_dprk", _("UN Special Rapporteur on North Korea")
        OHCHR = "ohchr", _("UN Human Rights Office (Seoul)")
        GOVERNMENT = "government", _("A government")
        OTHER = "other", _("Someone else")

    class Result(models.TextChoices):
        PENDING = "pending", _("No answer yet")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        ACTED = "acted", _("Acted on")
        REFUSED = "refused", _("Refused")
        CLOSED = "closed", _("Closed")

    testimony = models.ForeignKey(
        Testimony,
        verbose_name=_("testimony"),
        on_delete=models.CASCADE,
        related_name="interventions",
    )
    addressee = models.CharField(_("to whom"), max_length=20, choices=Addressee.choices)
    made_on = models.DateField(_("when"))
    result = models.CharField(
        _("result"), max_length=20, choices=Result.choices, default=Result.PENDING
    )
    note = EncryptedTextField(pgettext_lazy("testimonies", "note"), blank=True)

    class Meta:
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")
        ordering = ("-made_on", "-pk")

    def __str__(self) -> str:
        return f"{self.get_addressee_display()} {self.made_on:%Y-%m-%d}"


# --- researcher export -------------------------------------------------------------------
class ResearcherExport(models.Model):
    """A release of testimony data to researchers: prepared, reviewed by a supervisor, downloaded.

    The prepared files (CSV and JSON) hold no names, no birth dates, no place below region and no
    free text unless it was marked anonymised (``candle.casework.researcher_export``); they are still
    kept encrypted, because what they hold was taken from cases. Only an approved export can be
    downloaded; a supervisor other than the one who prepared it approves.
    """

    class Status(models.TextChoices):
        PREPARED = "prepared", _("Waiting for review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("prepared by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    prepared_at = models.DateTimeField(_("prepared at"), auto_now_add=True)
    purpose = models.CharField(
        _("for whom and why"),
        max_length=200,
        help_text=_("The research and the researcher it is for (no personal details)."),
    )
    filters = models.JSONField(_("filters"), default=dict)
    case_ids = models.JSONField(_("cases included"), default=list)
    event_count = models.PositiveIntegerField(_("events"), default=0)
    act_count = models.PositiveIntegerField(_("acts"), default=0)
    victim_count = models.PositiveIntegerField(_("victims"), default=0)
    withheld_count = models.PositiveIntegerField(
        _("texts withheld"),
        default=0,
        help_text=_("Anonymised texts left out because they still held a victim's name."),
    )
    csv_content = EncryptedTextField(_("CSV"))
    json_content = EncryptedTextField(_("JSON"))
    status = models.CharField(
        pgettext_lazy("testimonies", "status"),
        max_length=10,
        choices=Status.choices,
        default=Status.PREPARED,
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.CharField(_("review note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("researcher export")
        verbose_name_plural = _("researcher exports")
        ordering = ("-prepared_at", "-pk")

    def __str__(self) -> str:
        return f"RX-{self.pk}"

    @property
    def file_stem(self) -> str:
        return f"candle-testimonies-rx{self.pk}"
