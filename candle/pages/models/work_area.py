from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.search import index

from ..blocks import BaseStreamBlock
from .base import BasePage


class WorkAreaPage(BasePage):
    """One work area: an editor's introduction, then the posts tagged with it."""

    work_area = models.ForeignKey(
        "pages.WorkArea",
        verbose_name=_("work area"),
        on_delete=models.PROTECT,
        related_name="pages",
    )
    intro = RichTextField(_("introduction"), features=["bold", "italic", "link"], blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)
    image = models.ForeignKey(
        "core.CandleImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("image"),
    )
    image_alt = models.CharField(  # the page's, translated with it (see HomePage.hero_image_alt)
        _("image description"),
        max_length=255,
        blank=True,
        help_text=_(
            "What the picture shows, for people who cannot see it. Leave empty if it only "
            "sets a mood."
        ),
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("work_area"),
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("image_alt"),
        FieldPanel("body"),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("intro"), index.SearchField("body")]
    api_fields = [APIField("intro"), APIField("body")]

    parent_page_types = ["pages.HomePage"]
    subpage_types = ["pages.StandardPage", "advocacy.AppealPage"]
    posts_per_page = 12

    class Meta:
        verbose_name = _("work area page")
        verbose_name_plural = _("work area pages")

    def save(self, *args, **kwargs):
        from ..richtext import rich_text_clean_stored

        self.intro = rich_text_clean_stored(self.intro)
        return super().save(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from ..section_nav import section_links
        from ..selectors import page_number_from, posts_for_work_area

        context = super().get_context(request, *args, **kwargs)
        paginator = Paginator(
            posts_for_work_area(work_area_id=self.work_area_id, locale_id=self.locale_id),
            self.posts_per_page,
        )
        context["posts"] = paginator.get_page(page_number_from(request))
        context["section_links"] = section_links(page=self, request=request)
        from candle.advocacy.appeals import appeals_open  # open appeals, advocacy's pages

        context["appeals"] = appeals_open(locale_id=self.locale_id, work_area_id=self.work_area_id)
        return context
