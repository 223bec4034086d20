"""A lecture request and, once staff schedule it, the booking it becomes (one row, one life:
requested → scheduled → given, or declined / cancelled).

What the institution typed is kept here as typed: a request never changes a supporter's
record. The contact person's details (name, phone, e-mail) and the survey's comment are erased
``LECTURE_KEEP_DAYS`` after the lecture (``services.lectures_retention_sweep``); the row stays
with its type, region, dates and people reached for the yearly report."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import AgeGroup, InstitutionType, Language, Region, Topic


class LectureRequest(models.Model):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        SCHEDULED = "scheduled", _("Scheduled")
        GIVEN = "given", _("Given")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    institution_type = models.CharField(
        _("institution type"), max_length=10, choices=InstitutionType.choices
    )
    institution_name = models.CharField(_("institution"), max_length=200)
    region = models.CharField(_("region"), max_length=10, choices=Region.choices)
    contact_name = models.CharField(_("contact person"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), max_length=254, blank=True)
    age_group = models.CharField(_("audience"), max_length=12, choices=AgeGroup.choices)
    audience_size = models.PositiveIntegerField(_("expected audience"))
    preferred_date_1 = models.DateField(_("first preferred date"))
    preferred_date_2 = models.DateField(_("second preferred date"), null=True, blank=True)
    preferred_date_3 = models.DateField(_("third preferred date"), null=True, blank=True)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.KO
    )
    topic = models.CharField(_("topic"), max_length=12, choices=Topic.choices)
    topic_detail = models.TextField(_("topic in their words"), max_length=1000, blank=True)
    consent_text = models.TextField(_("consent shown"), blank=True)
    # The hidden token the form carried: the same form sent twice stores one request.
    submission_token = models.CharField(
        max_length=64, unique=True, null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True, db_index=True)

    # The booking, set by staff.
    scheduled_at = models.DateTimeField(_("lecture starts"), null=True, blank=True, db_index=True)
    duration_minutes = models.PositiveSmallIntegerField(_("length (minutes)"), default=90)
    venue = models.CharField(_("place"), max_length=200, blank=True)
    speaker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("speaker (staff)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    speaker_name = models.CharField(_("speaker"), max_length=100, blank=True)
    people_reached = models.PositiveIntegerField(_("people reached"), null=True, blank=True)
    staff_note = models.TextField(_("staff note"), max_length=2000, blank=True)
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(_("confirmation sent"), null=True, blank=True)

    # After the lecture.
    survey_sent_at = models.DateTimeField(_("survey sent"), null=True, blank=True)
    survey_rating = models.PositiveSmallIntegerField(_("survey rating"), null=True, blank=True)
    survey_comment = models.TextField(_("survey comment"), max_length=2000, blank=True)
    survey_answered_at = models.DateTimeField(_("survey answered"), null=True, blank=True)
    personal_data_erased_at = models.DateTimeField(
        _("contact details erased"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("lecture request")
        verbose_name_plural = _("lecture requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(survey_rating__isnull=True)
                | Q(survey_rating__gte=1, survey_rating__lte=5),
                name="programmes_lecture_rating_1_to_5",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["scheduled", "given"]) | Q(scheduled_at__isnull=False),
                name="programmes_lecture_booking_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.institution_name} · {self.get_status_display()}"

    @property
    def preferred_dates(self) -> list[dt.date]:
        dates = [self.preferred_date_1, self.preferred_date_2, self.preferred_date_3]
        return [d for d in dates if d is not None]

    @property
    def ends_at(self) -> dt.datetime | None:
        if self.scheduled_at is None:
            return None
        return self.scheduled_at + dt.timedelta(minutes=self.duration_minutes)

    @property
    def speaker_label(self) -> str:
        if self.speaker_name:
            return self.speaker_name
        if self.speaker is not None:
            return self.speaker.get_full_name() or self.speaker.get_username()
        return ""
