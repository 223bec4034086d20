"""Youth programmes and their applications.

``YouthProgrammePage`` (translatable) says what the programme is, who may apply, when, what we
ask and which files we need; its Korean original owns the applications (a translation shares
them, as events share seats). Everything an applicant gives lives on ``Application`` (answers
encrypted at rest), ``ApplicationFile`` (encrypted files, never under MEDIA_URL),
``GuardianConsent`` (what the guardian was shown and decided, when). Staff's scores and notes
are ``ApplicationScore`` and ``ApplicationNote``. Erasure empties the personal fields and
deletes files and notes, keeping the row (programme, status, dates) for the counts."""

from __future__ import annotations

import datetime as dt
import json

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from candle.core.encryption.fields import EncryptedFileField, EncryptedTextField
from candle.pages.blocks import BaseStreamBlock
from candle.pages.models import BasePage

from ..models.events import MAX_QUESTIONS, QuestionBlock

GUARDIAN_AGE = 14  # PIPA art. 22-2: under 14, a legal guardian consents


class UploadBlock(blocks.StructBlock):
    """A file every applicant is asked for (a recommendation letter, a school record)."""

    label = blocks.CharBlock(label=_("file asked for"), max_length=200)
    help = blocks.CharBlock(label=_("explanation"), max_length=300, required=False)
    required = blocks.BooleanBlock(label=_("required"), required=False, default=True)

    class Meta:
        icon = "doc-full"
        label = _("upload")


class CriterionBlock(blocks.StructBlock):
    """One criterion of the scoring rubric."""

    label = blocks.CharBlock(label=_("criterion"), max_length=200)
    max_points = blocks.IntegerBlock(label=_("maximum points"), min_value=1, max_value=100)

    class Meta:
        icon = "list-ol"
        label = _("criterion")


class YouthProgrammeIndexPage(BasePage):  # noqa: DJ008 - Page has __str__
    """The list of youth programmes (one per home page)."""

    intro = models.TextField(_("introduction"), blank=True, max_length=1000)

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    parent_page_types = ["pages.HomePage"]
    subpage_types = ["programmes.YouthProgrammePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("youth programme index page")
        verbose_name_plural = _("youth programme index pages")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["programmes"] = (
            YouthProgrammePage.objects.live()
            .public()
            .child_of(self)
            .order_by("-applications_close_at")
        )
        return context


class YouthProgrammePage(BasePage):  # noqa: DJ008 - Page has __str__
    """One programme (a winter school, a scholarship): what, for whom, when to apply, what we
    ask, who reviews, how applications are scored and how long they are kept."""

    intro = models.TextField(_("introduction"), blank=True, max_length=1000)
    body = StreamField(BaseStreamBlock(), verbose_name=_("description"), blank=True)
    eligibility = models.TextField(_("who may apply"), max_length=2000)
    applications_open_at = models.DateTimeField(_("applications open"))
    applications_close_at = models.DateTimeField(_("applications close"))
    ends_on = models.DateField(_("programme ends"))
    retention_days = models.PositiveIntegerField(
        _("keep applications (days after the end)"),
        default=365,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text=_("Then the applications' personal data and files are erased."),
    )
    reviewer_group = models.ForeignKey(
        Group,
        verbose_name=_("reviewing staff group"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Only members of this group see the applications."),
    )
    questions = StreamField(
        [("question", QuestionBlock())],
        verbose_name=_("questions for applicants"),
        blank=True,
        max_num=MAX_QUESTIONS,
    )
    uploads = StreamField(
        [("upload", UploadBlock())], verbose_name=_("files asked for"), blank=True, max_num=5
    )
    rubric = StreamField(
        [("criterion", CriterionBlock())], verbose_name=_("scoring rubric"), blank=True, max_num=10
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("eligibility"),
        MultiFieldPanel(
            [
                FieldPanel("applications_open_at"),
                FieldPanel("applications_close_at"),
                FieldPanel("ends_on"),
                FieldPanel("retention_days"),
            ],
            heading=_("Dates"),
        ),
        MultiFieldPanel(
            [FieldPanel("questions"), FieldPanel("uploads")], heading=_("Application form")
        ),
        MultiFieldPanel([FieldPanel("reviewer_group"), FieldPanel("rubric")], heading=_("Review")),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("intro")]
    parent_page_types = ["programmes.YouthProgrammeIndexPage"]
    subpage_types: list[str] = []
    override_translatable_fields = [
        SynchronizedField("applications_open_at"),
        SynchronizedField("applications_close_at"),
        SynchronizedField("ends_on"),
        SynchronizedField("retention_days"),
        SynchronizedField("reviewer_group"),
    ]

    class Meta:
        verbose_name = _("youth programme page")
        verbose_name_plural = _("youth programme pages")

    def clean(self):
        super().clean()
        errors = {}
        if (
            self.applications_open_at
            and self.applications_close_at
            and self.applications_close_at <= self.applications_open_at
        ):
            errors["applications_close_at"] = _("Applications must close after they open.")
        if (
            self.applications_close_at
            and self.ends_on
            and timezone.localtime(self.applications_close_at).date() > self.ends_on
        ):
            errors["ends_on"] = _("The programme must end after applications close.")
        if errors:
            raise ValidationError(errors)

    @property
    def source_programme(self) -> YouthProgrammePage:
        if self.locale.language_code == "ko":
            return self
        original = YouthProgrammePage.objects.filter(
            translation_key=self.translation_key, locale__language_code="ko"
        ).first()
        return original or self

    def window_state(self, now: dt.datetime | None = None) -> str:
        """ "not_yet", "open" or "closed"."""
        now = now or timezone.now()
        if now < self.applications_open_at:
            return "not_yet"
        if now >= self.applications_close_at:
            return "closed"
        return "open"

    def question_list(self) -> list[dict]:
        from ..models.events import EventPage

        return EventPage.question_list(self)  # the same blocks, read the same way

    def upload_list(self) -> list[dict]:
        return [
            {
                "id": block.id,
                "label": block.value["label"],
                "help": block.value.get("help") or "",
                "required": bool(block.value.get("required")),
            }
            for block in self.uploads
        ]

    def criterion_list(self) -> list[dict]:
        return [
            {"id": block.id, "label": block.value["label"], "max": block.value["max_points"]}
            for block in self.rubric
        ]

    def get_context(self, request, *args, **kwargs):
        from .forms import ApplicationForm

        context = super().get_context(request, *args, **kwargs)
        context["state"] = self.window_state()
        if context["state"] == "open" and "form" not in kwargs:
            context["form"] = ApplicationForm(programme=self)
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        add_never_cache_headers(response)  # the form carries a CSRF and a submission token
        return response


class Application(models.Model):
    """One application, with everything the applicant (and a guardian) gave."""

    class Status(models.TextChoices):
        AWAITING_GUARDIAN = "awaiting_guardian", _("Awaiting guardian's consent")
        SUBMITTED = "submitted", _("Submitted")
        IN_REVIEW = "in_review", _("In review")
        ACCEPTED = "accepted", _("Accepted")
        WAITLISTED = "waitlisted", _("Waitlisted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        GUARDIAN_REFUSED = "guardian_refused", _("Guardian refused (erased)")

    DECISIONS = (Status.ACCEPTED, Status.WAITLISTED, Status.DECLINED)

    programme = models.ForeignKey(
        YouthProgrammePage,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("programme"),
    )
    submission_token = models.CharField(max_length=64, unique=True, null=True, blank=True)
    language = models.CharField(_("language"), max_length=2, default="ko")
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    email = models.EmailField(_("e-mail"), max_length=254, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    school = models.CharField(_("school or occupation"), max_length=200, blank=True)
    answers_json = EncryptedTextField(_("answers"), blank=True)
    consent_text = models.TextField(_("consent text shown"), blank=True)
    under_14 = models.BooleanField(_("under 14 when applying"), default=False)
    guardian_name = models.CharField(_("guardian's name"), max_length=200, blank=True)
    guardian_email = models.EmailField(_("guardian's e-mail"), max_length=254, blank=True)
    guardian_reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("applied"), default=timezone.now)
    decided_at = models.DateTimeField(_("decision sent"), null=True, blank=True)
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True)

    class Meta:
        verbose_name = _("youth programme application")
        verbose_name_plural = _("youth programme applications")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["programme", "status"])]

    def __str__(self) -> str:
        return self.name or _("Application %(id)s (erased)") % {"id": self.pk}

    @property
    def answers(self) -> list[dict]:
        return json.loads(self.answers_json) if self.answers_json else []

    @answers.setter
    def answers(self, value: list[dict]) -> None:
        self.answers_json = json.dumps(value, ensure_ascii=False) if value else ""

    @property
    def reviewable(self) -> bool:
        return self.erased_at is None and self.status != self.Status.AWAITING_GUARDIAN


class ApplicationFile(models.Model):
    """A file an applicant uploaded, encrypted at rest; served only by the staff view."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="files")
    slot = models.CharField(max_length=64)  # the upload block's id
    label = models.CharField(_("file asked for"), max_length=200)
    file = EncryptedFileField(_("file"), upload_to="youth/")
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    original_name = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("application file")
        verbose_name_plural = _("application files")

    def __str__(self) -> str:
        return self.label


class GuardianConsent(models.Model):
    """A guardian's decision, with the words shown. Kept after the application is erased
    (without the guardian's name or address, which live on the application)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="guardian_decisions"
    )
    consented = models.BooleanField(_("consented"))
    text = models.TextField(_("text shown"))
    language = models.CharField(_("language"), max_length=2)
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)

    class Meta:
        verbose_name = _("guardian's consent")
        verbose_name_plural = _("guardians' consents")

    def __str__(self) -> str:
        return f"{self.application_id}: {self.consented}"


class ApplicationScore(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="scores")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    criterion = models.CharField(max_length=64)  # the rubric block's id
    points = models.PositiveSmallIntegerField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer", "criterion"], name="programmes_score_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.points}"


class ApplicationNote(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = EncryptedTextField(_("note"))
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("review note")
        verbose_name_plural = _("review notes")

    def __str__(self) -> str:
        return f"note {self.pk}"
