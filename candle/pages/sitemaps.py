"""sitemap.xml for both languages.

Wagtail's own sitemap lists the descendants of the site's root page, which is the Korean home;
the English tree is its sibling (a translation), so it would only appear as hreflang
alternates. Search engines want every language version listed with its alternates."""

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class BilingualSitemap(Sitemap):
    def items(self):
        root = self.get_wagtail_site().root_page
        homes = Page.objects.filter(translation_key=root.translation_key, depth=root.depth)
        pages = Page.objects.none()
        for home in homes:
            pages |= Page.objects.descendant_of(home, inclusive=True)
        return pages.live().public().order_by("path").defer_streamfields().specific()
