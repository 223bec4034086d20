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
        verbose_name_plural = _("standard pages")

    # The contact page is the home page's child with this slug, as the footer finds it
    # (``footer_tags.FOOTER_PAGE_SLUGS``): it shows the organisation's address, phone, e-mail,
    # office hours, map link and bank accounts from its settings, under the editors' text.
    CONTACT_SLUG = "contact"

    @property
    def is_contact_page(self) -> bool:
        return self.slug == self.CONTACT_SLUG and self.depth == 3  # noqa: PLR2004 - a home's child

    def get_context(self, request, *args, **kwargs):
        from ..section_nav import section_links

        context = super().get_context(request, *args, **kwargs)
        context["section_links"] = section_links(page=self, request=request)
        if self.is_contact_page:
            from wagtail.models import Site

            from ..organisation import organisation_bank_accounts

            context["contact_page"] = True
            context["bank_accounts"] = organisation_bank_accounts(
                site=Site.find_for_request(request)
            )
        return context
