"""The library of research reports, each with a PDF."""

from django import forms
from django.core.paginator import Paginator
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.search import index

from candle.core.params import param_int, param_text

from .base import BasePage


class ReportIndexPage(BasePage):
    """The report library: every report, filterable by year, language and topic."""

    intro = models.TextField(_("introduction"), blank=True, max_length=1000)

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    api_fields = [APIField("intro")]
    parent_page_types = ["pages.HomePage"]
    subpage_types = ["pages.ReportPage"]
    reports_per_page = 12

    class Meta:
        verbose_name = _("report library")
        verbose_name_plural = _("report libraries")

    def get_context(self, request, *args, **kwargs):
        from ..selectors import (
            filter_query_prefix,
            page_number_from,
            report_filter_options,
            reports_for_library,
        )

        context = super().get_context(request, *args, **kwargs)
        topic = param_text(request.GET, "topic", max_length=60)
        language = param_text(request.GET, "language", max_length=5)
        year = param_int(request.GET, "year", minimum=1901, maximum=2199)
        reports = reports_for_library(
            library=self, topic_slug=topic or None, language=language or None, year=year
        )
        context["reports"] = Paginator(reports, self.reports_per_page).get_page(
            page_number_from(request)
        )
        context.update(selected_topic=topic, selected_language=language, selected_year=year)
        context["query_prefix"] = filter_query_prefix(topic=topic, language=language, year=year)
        context.update(report_filter_options(library=self))
        return context


class ReportPage(BasePage):
    class Language(models.TextChoices):
        KOREAN = "ko", _("Korean")
        ENGLISH = "en", _("English")
        BOTH = "ko+en", _("Korean and English")
        OTHER = "other", _("Other")

    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)], db_index=True
    )
    document_language = models.CharField(
        _("language of the report"), max_length=8, choices=Language.choices, default=Language.KOREAN
    )
    authors = models.CharField(_("authors"), max_length=300, blank=True)
    abstract = RichTextField(_("abstract"), features=["bold", "italic", "link", "ul", "ol"])
    pdf = models.ForeignKey(
        "core.CandleDocument", verbose_name=_("PDF"), on_delete=models.PROTECT, related_name="+"
    )
    cover = models.ForeignKey(
        "core.CandleImage",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    topics = ParentalManyToManyField("pages.ReportTopic", verbose_name=_("topics"), blank=True)

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("year"),
        FieldPanel("document_language"),
        FieldPanel("authors"),
        FieldPanel("abstract"),
        FieldPanel("pdf"),
        FieldPanel("cover"),
        FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("abstract"),
        index.SearchField("authors"),
        index.SearchField("pdf_text"),
        index.FilterField("year"),
    ]
    api_fields = [
        APIField("year"),
        APIField("document_language"),
        APIField("authors"),
        APIField("abstract"),
    ]

    parent_page_types = ["pages.ReportIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def pdf_text(self) -> str:
        """The extracted text of the report's PDF, for search (candle.search)."""
        if self.pdf_id and self.pdf.text_status == self.pdf.TextStatus.DONE:
            return self.pdf.text
        return ""

    def save(self, *args, **kwargs):
        from ..richtext import rich_text_clean_stored

        self.abstract = rich_text_clean_stored(self.abstract)
        return super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        if self.pdf_id and self.pdf.file_extension.lower() != "pdf":
            from django.core.exceptions import ValidationError

            raise ValidationError({"pdf": _("A report's document must be a PDF.")})
