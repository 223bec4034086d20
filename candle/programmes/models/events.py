"""Event pages: an index of events under each home page, and one page per event (translatable).

Times are stored as aware datetimes and shown in Korea's time zone (``TIME_ZONE``). Registration
belongs to the Korean original of an event (``EventPage.source_event``): a translation shares its
seats, its registration window and its questions' identities (a question's block id is kept by
wagtail-localize, so an answer given on the English page is filed under the same question)."""

from __future__ import annotations

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

from candle.pages.blocks import BaseStreamBlock
from candle.pages.models import BasePage

MAX_QUESTIONS = 10
# A fee is paid through giving's card flow, whose limits for won are 1,000 to 100,000,000.
PRICE_MIN = 1000
PRICE_MAX = 10_000_000


class QuestionBlock(blocks.StructBlock):
    """One question staff ask everyone who registers."""

    label = blocks.CharBlock(label=_("question"), max_length=200)
    kind = blocks.ChoiceBlock(
        label=_("kind of answer"),
        choices=[
            ("text", _("Short answer")),
            ("long", _("Long answer")),
            ("choice", _("One of a list")),
            ("yes_no", _("Tick box")),
        ],
        default="text",
    )
    choices = blocks.TextBlock(
        label=_("options"),
        required=False,
        help_text=_("For “one of a list”: one option per line."),
    )
    required = blocks.BooleanBlock(label=_("required"), required=False)

    class Meta:
        icon = "help"
        label = _("question")

    def clean(self, value):
        value = super().clean(value)
        if value.get("kind") == "choice" and not [
            line for line in (value.get("choices") or "").splitlines() if line.strip()
        ]:
            raise blocks.StructBlockValidationError(
                {"choices": ValidationError(_("Give at least one option."))}
            )
        return value


class EventIndexPage(BasePage):  # noqa: DJ008 - Page has __str__
    """The list of upcoming and recent events (one per home page)."""

    intro = models.TextField(_("introduction"), blank=True, max_length=1000)

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    parent_page_types = ["pages.HomePage"]
    subpage_types = ["programmes.EventPage"]
    max_count_per_parent = 1
    show_in_menus_default = True  # an events page belongs in the main menu

    class Meta:
        verbose_name = _("event index page")
        verbose_name_plural = _("event index pages")

    def get_context(self, request, *args, **kwargs):
        from ..selectors import events_past, events_upcoming

        context = super().get_context(request, *args, **kwargs)
        context["upcoming"] = events_upcoming(locale_id=self.locale_id)
        context["past"] = events_past(locale_id=self.locale_id, limit=10)
        return context


class EventPage(BasePage):  # noqa: DJ008 - Page has __str__
    """One event: when, where, how many seats, when registration is open, and what we ask."""

    intro = models.TextField(_("introduction"), blank=True, max_length=1000)
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    map_url = models.URLField(_("map link"), blank=True, max_length=500)
    online_url = models.URLField(
        _("online link"),
        blank=True,
        max_length=500,
        help_text=_("For an online event: sent to registrants with the reminder."),
    )
    capacity = models.PositiveIntegerField(
        _("seats"), validators=[MinValueValidator(1), MaxValueValidator(100000)]
    )
    price = models.PositiveIntegerField(
        _("price (won)"),
        default=0,
        validators=[MaxValueValidator(PRICE_MAX)],
        help_text=_(
            "0: free. Otherwise the fee in won, paid by card when registering; the seat is "
            "held for a short time until it is paid."
        ),
    )
    registration_opens_at = models.DateTimeField(
        _("registration opens"), null=True, blank=True, help_text=_("Empty: open now.")
    )
    registration_closes_at = models.DateTimeField(
        _("registration closes"),
        null=True,
        blank=True,
        help_text=_("Empty: when the event starts."),
    )
    questions = StreamField(
        [("question", QuestionBlock())],
        verbose_name=_("questions for registrants"),
        blank=True,
        max_num=MAX_QUESTIONS,
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("intro"),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("starts_at"), FieldPanel("ends_at")], heading=_("When")),
        MultiFieldPanel(
            [
                FieldPanel("venue"),
                FieldPanel("address"),
                FieldPanel("map_url"),
                FieldPanel("online_url"),
            ],
            heading=_("Where"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("capacity"),
                FieldPanel("price"),
                FieldPanel("registration_opens_at"),
                FieldPanel("registration_closes_at"),
                FieldPanel("questions"),
            ],
            heading=_("Registration"),
        ),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("intro")]
    parent_page_types = ["programmes.EventIndexPage"]
    subpage_types: list[str] = []
    # One event has one time, one place on the map and one set of seats in every language.
    override_translatable_fields = [
        SynchronizedField("starts_at"),
        SynchronizedField("ends_at"),
        SynchronizedField("capacity"),
        SynchronizedField("price"),
        SynchronizedField("registration_opens_at"),
        SynchronizedField("registration_closes_at"),
        SynchronizedField("map_url"),
        SynchronizedField("online_url"),
    ]

    class Meta:
        verbose_name = _("event page")
        verbose_name_plural = _("event pages")

    def clean(self):
        super().clean()
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The event must end after it starts.")
        if not (self.venue or self.address or self.online_url):
            errors["venue"] = _("Give a venue or address, or an online link.")
        if (
            self.registration_opens_at
            and self.registration_closes_at
            and self.registration_closes_at <= self.registration_opens_at
        ):
            errors["registration_closes_at"] = _("Registration must close after it opens.")
        if (
            self.registration_closes_at
            and self.ends_at
            and self.registration_closes_at > self.ends_at
        ):
            errors["registration_closes_at"] = _("Registration must close before the event ends.")
        if self.price and self.price < PRICE_MIN:
            errors["price"] = _("A paid event costs at least 1,000 won (or 0 for a free event).")
        if errors:
            raise ValidationError(errors)

    @property
    def is_paid(self) -> bool:
        return bool(self.price)

    @property
    def source_event(self) -> EventPage:
        """The original this page translates (itself when it is the original): registrations,
        seats and the waiting list belong to it."""
        if self.locale.language_code == "ko":
            return self
        original = EventPage.objects.filter(
            translation_key=self.translation_key, locale__language_code="ko"
        ).first()
        return original or self

    @property
    def closes_at(self):
        return self.registration_closes_at or self.starts_at

    def registration_state(self, now=None) -> str:
        """ "not_yet", "open" or "closed"."""
        now = now or timezone.now()
        if self.registration_opens_at and now < self.registration_opens_at:
            return "not_yet"
        if now >= self.closes_at:
            return "closed"
        return "open"

    def question_list(self) -> list[dict]:
        """The questions as plain data: id, label, kind, options, required."""
        return [
            {
                "id": block.id,
                "label": block.value["label"],
                "kind": block.value["kind"],
                "options": [
                    line.strip()
                    for line in (block.value.get("choices") or "").splitlines()
                    if line.strip()
                ],
                "required": bool(block.value.get("required")),
            }
            for block in self.questions
        ]

    def get_context(self, request, *args, **kwargs):
        from ..forms import RegistrationForm
        from ..selectors import event_seats

        context = super().get_context(request, *args, **kwargs)
        context["state"] = self.registration_state()
        context["seats"] = event_seats(event=self.source_event)
        if context["state"] == "open":
            context["form"] = RegistrationForm(event=self)
        return context

    def serve(self, request, *args, **kwargs):
        # Seats left change with every registration and the form carries a CSRF token.
        response = super().serve(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response
