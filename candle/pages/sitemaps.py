"""sitemap.xml for both languages.

Wagtail's own sitemap lists the descendants of the site's root page, which is the Korean home;
the English tree is its sibling (a translation), so it would only appear as hreflang
alternates. Search engines want every language version listed with its alternates.

The alternates (every live, public translation of a page, itself included) are read once for
the whole sitemap and grouped by ``translation_key``, instead of one query per page: the
sitemap costs the same number of queries whatever the number of pages
(``candle/pages/tests/test_sitemap_queries.py``)."""

from collections import defaultdict

from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


def _own_alternates() -> set:
    from .models.base import BasePage

    return {Page.get_sitemap_urls, BasePage.get_sitemap_urls}


class BilingualSitemap(Sitemap):
    def __init__(self, request=None):
        super().__init__(request)
        self._alternates_by_key: dict | None = None

    def _pages(self):
        """Live, public pages of every language's home tree."""
        root = self.get_wagtail_site().root_page
        homes = Page.objects.filter(translation_key=root.translation_key, depth=root.depth)
        pages = Page.objects.none()
        for home in homes:
            pages |= Page.objects.descendant_of(home, inclusive=True)
        return pages.live().public()

    def items(self):
        return self._pages().order_by("path").defer_streamfields().specific()

    def _alternates(self) -> dict:
        """``{translation_key: [{"lang_code", "location"}, …]}`` for every listed page, in one query."""
        if self._alternates_by_key is None:
            by_key = defaultdict(list)
            for page in self._pages().select_related("locale").order_by("path"):
                by_key[page.translation_key].append(
                    {
                        "lang_code": page.locale.language_code,
                        "location": page.get_full_url(self.request),
                    }
                )
            self._alternates_by_key = dict(by_key)
        return self._alternates_by_key

    def _urls(self, page, protocol, domain):
        """Wagtail's ``_urls`` with the alternates taken from ``_alternates()``. Each page's
        entries come from Wagtail's own ``Page.get_sitemap_urls`` (location, lastmod), not from
        ``BasePage.get_sitemap_urls``, which would look the translations up page by page."""
        alternates = self._alternates()
        own_alternates = _own_alternates()
        urls = []
        last_mods = set()
        for item in self.paginator.page(page).object_list.iterator():
            if type(item).get_sitemap_urls in own_alternates:
                entries = Page.get_sitemap_urls(item, self.request)
            else:  # a page type with sitemap entries of its own keeps them
                entries = item.get_sitemap_urls(self.request)
            translations = alternates.get(item.translation_key, [])
            if len(translations) > 1:
                for entry in entries:
                    entry["alternates"] = translations
            for entry in entries:
                urls.append(entry)
                last_mods.add(entry.get("lastmod"))
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls
