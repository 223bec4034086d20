from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page, PageViewRestriction

from ..admin_forms import CandlePageForm
from ..urls_fast import absolute_url, page_url_parts


class BasePage(Page):
    """What every public page has: a sharing image and translations in the sitemap."""

    share_image = models.ForeignKey(
        "core.CandleImage",
        verbose_name=_("sharing image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown when the page is shared on social media."),
    )

    promote_panels = [*Page.promote_panels, FieldPanel("share_image")]
    base_form_class = CandlePageForm

    class Meta:
        abstract = True

    def get_view_restrictions(self):
        """Wagtail's, which costs two queries on every page view, skipped while no page of the
        site has a view restriction at all (``restricted_paths``, kept in the site-wide data
        cache, which adding or removing a restriction forgets once it commits, as it forgets
        every cached page). With any restriction anywhere, Wagtail checks as usual (aliases
        included)."""
        from ..selectors import restricted_paths

        if not restricted_paths():
            # Empty, and known to be: Wagtail's serve iterates it and asks whether it is empty,
            # which on a plain ``none()`` runs the ORM's query machinery twice for nothing. A
            # clone (``order_by``, ``exists``...) is still an empty queryset.
            empty = PageViewRestriction.objects.none()
            empty._result_cache = []
            return empty
        return super().get_view_restrictions()

    def get_url_parts(self, request=None):
        """Wagtail's, without a URL reverse per page (``candle.pages.urls_fast``)."""
        return page_url_parts(self, request)

    def get_sitemap_urls(self, request=None):
        """One sitemap entry with ``hreflang`` alternates for each live translation; every
        address absolute from the configured base URL (``urls_fast.absolute_url``)."""
        urls = super().get_sitemap_urls(request)
        for entry in urls:
            entry["location"] = absolute_url(self.get_url(request))
        alternates = [
            {
                "lang_code": page.locale.language_code,
                "location": absolute_url(page.get_url(request)),
            }
            for page in self.get_translations(inclusive=True)
            .live()
            .public()
            .select_related("locale")
        ]
        if len(alternates) > 1:
            for entry in urls:
                entry["alternates"] = alternates
        return urls
