from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.search import index

from ..blocks import BaseStreamBlock
from .base import BasePage


class StandardPage(BasePage):
    """About, History, Membership, Contact, Privacy policy and other plain pages."""

    intro = models.TextField(_("introduction"), blank=True, max_length=1000)
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*BasePage.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*BasePage.search_fields, index.SearchField("intro"), index.SearchField("body")]
    api_fields = [APIField("intro"), APIField("body")]

    parent_page_types = ["pages.HomePage", "pages.StandardPage", "pages.WorkAreaPage"]
    subpage_types = ["pages.StandardPage"]

    class Meta:
        verbose_name = _("standard page")

    def get_context(self, request, *args, **kwargs):
        from ..section_nav import section_links

        context = super().get_context(request, *args, **kwargs)
        context["section_links"] = section_links(page=self, request=request)
        return context
