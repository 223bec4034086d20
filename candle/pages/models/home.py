from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.search import index

from candle.core.params import param_choice

from ..blocks import ImpactFigureBlock
from .base import BasePage


class HomePage(BasePage):
    """The front page of one language: mission, highlight, impact figures, latest posts."""

    mission = models.CharField(_("mission in a sentence"), max_length=300)
    highlight_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("highlighted page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A campaign or urgent appeal to feature at the top."),
    )
    highlight_label = models.CharField(_("highlight label"), max_length=60, blank=True)
    highlight_text = models.TextField(_("highlight text"), blank=True, max_length=600)
    impact_figures = StreamField(
        [("figure", ImpactFigureBlock())], verbose_name=_("impact figures"), blank=True, max_num=6
    )
    hero_image = models.ForeignKey(
        "core.CandleImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("hero image"),
    )
    # The picture's own alt text is the image's, in one language; this one is the page's, so it
    # is translated with the page. Empty: the picture only sets a mood and screen readers skip it.
    hero_image_alt = models.CharField(
        _("hero image description"),
        max_length=255,
        blank=True,
        help_text=_(
            "What the picture shows, for people who cannot see it. Leave empty if it only "
            "sets a mood."
        ),
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("mission"),
        FieldPanel("hero_image"),
        FieldPanel("hero_image_alt"),
        MultiFieldPanel(
            [
                FieldPanel("highlight_page"),
                FieldPanel("highlight_label"),
                FieldPanel("highlight_text"),
            ],
            heading=_("Highlight"),
        ),
        FieldPanel("impact_figures"),
    ]
    search_fields = [*BasePage.search_fields, index.SearchField("mission")]
    api_fields = [APIField("mission"), APIField("impact_figures")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "pages.StandardPage",
        "pages.WorkAreaPage",
        "pages.BoardPage",
        "pages.ReportIndexPage",
        "giving.CampaignPage",
        "giving.GivePage",
        "programmes.EventIndexPage",
        "programmes.YouthProgrammeIndexPage",
        "advocacy.AppealPage",
    ]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request, *args, **kwargs):
        from ..navigation import active_language, news_feed, work_area_links
        from ..selectors import home_latest_posts, locales_by_code

        context = super().get_context(request, *args, **kwargs)
        language = next(
            (code for code, loc in locales_by_code().items() if loc.pk == self.locale_id),
            active_language(),
        )
        feed = news_feed(language_code=language)
        context["news_feed_url"] = feed["url"] if feed else ""
        context["news_feed_title"] = feed["title"] if feed else ""
        context["work_areas"] = work_area_links(language_code=language)
        context["latest_posts"] = home_latest_posts(locale_id=self.locale_id, limit=6)
        context["highlight"] = self.highlight_page.specific if self.highlight_page_id else None
        # Giving reachable from the front page: the appeal's way to give and the open
        # campaigns (giving's pages, read through its selectors).
        from candle.giving.selectors import campaigns_open, give_destination

        context["campaigns"] = campaigns_open(locale_id=self.locale_id)
        if context["highlight"] is not None:
            context["highlight_give"] = give_destination(
                page=context["highlight"], locale_id=self.locale_id
            )
        # Figures derived from casework and published by its staff (kept site-wide).
        from candle.casework.figures import figures_for_home

        context["published_figures"] = figures_for_home()
        from candle.advocacy.appeals import appeals_open  # open appeals, advocacy's pages

        context["appeals"] = appeals_open(locale_id=self.locale_id)
        context["untranslated"] = param_choice(request.GET, "untranslated", {"1"}) == "1"
        return context
