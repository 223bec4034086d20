"""``AppealPage``: an urgent appeal or petition with a target, a deadline and a goal."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from candle.pages.blocks import BaseStreamBlock
from candle.pages.models import BasePage


class AppealPage(BasePage):  # noqa: DJ008 - Page has __str__
    """One appeal in one language. Its translations are the same appeal: signatures are
    counted across them (``Signature.appeal_key`` is the pages' ``translation_key``)."""

    class TargetKind(models.TextChoices):
        GOVERNMENT = "government", _("Government")
        EMBASSY = "embassy", _("Embassy")
        UN_BODY = "un_body", _("UN body")

    class TargetLanguage(models.TextChoices):
        KO = "ko", _("Korean")
        EN = "en", _("English")

    class Status(models.TextChoices):
        OPEN = "open", _("Open for signatures")
        CLOSED = "closed", _("Closed")
        DELIVERED = "delivered", _("Delivered")

    class OptIn(models.TextChoices):
        DOUBLE = "double", _("Counted once the e-mailed link is followed (double opt-in)")
        SINGLE = "single", _("Counted at once (single opt-in)")

    intro = models.TextField(_("summary"), blank=True, max_length=600)
    statement = StreamField(BaseStreamBlock(), verbose_name=_("statement"), blank=True)
    target_kind = models.CharField(
        _("target kind"), max_length=20, choices=TargetKind.choices, default=TargetKind.GOVERNMENT
    )
    target_name = models.CharField(
        _("target"), max_length=200, help_text=_("Who receives the signatures.")
    )
    target_language = models.CharField(
        _("target's language"),
        max_length=2,
        choices=TargetLanguage.choices,
        default=TargetLanguage.EN,
        help_text=_("The delivery pack is written in this language."),
    )
    deadline = models.DateTimeField(
        _("deadline"), null=True, blank=True, help_text=_("No signatures after this moment.")
    )
    signature_goal = models.PositiveIntegerField(
        _("signature goal"), default=1000, validators=[MinValueValidator(1)]
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default="open")
    opt_in = models.CharField(
        _("counting"),
        max_length=10,
        choices=OptIn.choices,
        default=OptIn.DOUBLE,
        help_text=_("Single opt-in counts a signature before its address is confirmed."),
    )
    outcome = StreamField(
        BaseStreamBlock(),
        verbose_name=_("outcome update"),
        blank=True,
        help_text=_("What happened after delivery."),
    )
    work_area = models.ForeignKey(
        "pages.WorkArea",
        verbose_name=_("work area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The appeal is listed on this work area's page while it is open."),
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("intro"),
        FieldPanel("statement"),
        MultiFieldPanel(
            [FieldPanel("target_kind"), FieldPanel("target_name"), FieldPanel("target_language")],
            heading=pgettext_lazy("appeal", "Target"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("status"),
                FieldPanel("deadline"),
                FieldPanel("signature_goal"),
                FieldPanel("opt_in"),
                FieldPanel("work_area"),
            ],
            heading=_("Signing"),
        ),
        FieldPanel("outcome"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("intro"),
        index.SearchField("statement"),
    ]
    parent_page_types = ["pages.HomePage", "pages.WorkAreaPage"]
    subpage_types: list[str] = []
    # One appeal has one status, goal, deadline and way of counting in every language.
    override_translatable_fields = [
        SynchronizedField("target_kind"),
        SynchronizedField("target_language"),
        SynchronizedField("deadline"),
        SynchronizedField("signature_goal"),
        SynchronizedField("status"),
        SynchronizedField("opt_in"),
        SynchronizedField("work_area"),
    ]

    class Meta:
        verbose_name = _("appeal page")
        verbose_name_plural = _("appeal pages")

    @property
    def is_open(self) -> bool:
        """Taking signatures: open and before its deadline."""
        if self.status != self.Status.OPEN:
            return False
        return self.deadline is None or timezone.now() < self.deadline

    def get_context(self, request, *args, **kwargs):
        from ..appeals import appeal_count, appeal_progress
        from ..forms import SignForm
        from ..signons import signons_by_country

        context = super().get_context(request, *args, **kwargs)
        count = appeal_count(appeal_key=self.translation_key)
        context["count"] = count
        context["count_text"] = f"{count:,}"
        context["goal_text"] = f"{self.signature_goal:,}"
        context["percent"] = appeal_progress(count=count, goal=self.signature_goal)
        context["form"] = SignForm(language=_language()) if self.is_open else None
        context["organisations"] = signons_by_country(
            appeal_key=self.translation_key, language=_language()
        )
        return context


def _language() -> str:
    from django.utils.translation import get_language

    return "en" if (get_language() or "ko").startswith("en") else "ko"
