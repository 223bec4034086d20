"""sitemap.xml for both languages.

Wagtail's own sitemap lists the descendants of the site's root page, which is the Korean home;
the English tree is its sibling (a translation), so it would only appear as hreflang
alternates. Search engines want every language version listed with its alternates.

The page cache forgets the sitemap on every publish, so the first crawler after each change
pays for a rebuild, on a worker that readers share. Built the stock way (``.specific()``, a
model instance per page, each address built twice, the template over every entry) that took
about 2.5 s of Python at 10,000 pages. Here:

- one read of the listed pages' plain rows (``values_list``), in the order of their paths: no
  model instances, no query per page type, unless a page type has sitemap entries of its own
  (the types we ship do not);
- each page's address built once (``candle.pages.urls_fast``), for its own entry and as an
  alternate of its translations (grouped by ``translation_key``), absolute from the
  configured base URL (``CANDLE_BASE_URL``), like ``BasePage.get_sitemap_urls``;
- each entry's XML built here, escaped, and the template (``pages/sitemap.xml``) only joins
  them; Django's sitemap view around it is unchanged (pages of 50,000 addresses, ``?p=``,
  ``Last-Modified``, ``X-Robots-Tag``).

``make bench`` prints the rebuild time (``bench/web.py``, ``sitemap_build``). The queries are
the same whatever the number of pages (``candle/pages/tests/test_sitemap_queries.py``), and
the entries the same as Wagtail's method gives them (``test_sitemap_entries_match_wagtails_own``)."""

from collections import defaultdict
from datetime import datetime

from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page, Site

from .urls_fast import NEEDS_PAGE, absolute_url, addressed_as_usual, url_path_absolute_url

# What an entry needs of a page's row, in this order
_FIELDS = (
    "id",
    "url_path",
    "translation_key",
    "locale_id",
    "content_type_id",
    "last_published_at",
    "latest_revision_created_at",
)
TEMPLATE = "pages/sitemap.xml"


def _own_entries() -> set:
    """The ``get_sitemap_urls`` methods whose entries this sitemap builds itself."""
    from .models.base import BasePage

    return {Page.get_sitemap_urls, BasePage.get_sitemap_urls}


def _day(value, zone) -> str:
    """``value`` as the template's ``|date:"Y-m-d"`` gives it (in the time zone ``zone``)."""
    if isinstance(value, datetime) and value.utcoffset() is not None:
        value = value.astimezone(zone)
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


def entry_xml(entry: dict, zone=None) -> SafeString:
    """One ``<url>`` element, every value escaped; its day in the time zone ``zone`` (the
    current one by default)."""
    parts = [f"<url><loc>{escape(entry['location'])}</loc>"]
    if entry.get("lastmod"):
        parts.append(
            f"<lastmod>{_day(entry['lastmod'], zone or timezone.get_current_timezone())}</lastmod>"
        )
    if entry.get("changefreq"):
        parts.append(f"<changefreq>{escape(entry['changefreq'])}</changefreq>")
    if entry.get("priority"):
        parts.append(f"<priority>{escape(entry['priority'])}</priority>")
    parts.extend(
        f'<xhtml:link rel="alternate" hreflang="{escape(alternate["lang_code"])}" '
        f'href="{escape(alternate["location"])}"/>'
        for alternate in entry.get("alternates", ())
    )
    parts.append("</url>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above is escaped


class BilingualSitemap(Sitemap):
    def __init__(self, request=None):
        super().__init__(request)
        self._alternates_by_key: dict | None = None
        self._locations: dict[int, str | None] = {}
        self._site_root_paths = None

    def _pages(self):
        """Live, public pages of every language's home tree."""
        root = self.get_wagtail_site().root_page
        homes = Page.objects.filter(translation_key=root.translation_key, depth=root.depth)
        pages = Page.objects.none()
        for home in homes:
            pages |= Page.objects.descendant_of(home, inclusive=True)
        return pages.live().public()

    def items(self):
        return self._pages().order_by("path").values_list(*_FIELDS)

    def _location(self, row) -> str | None:
        from .routing import page_class

        page_id, url_path, content_type_id = row[0], row[1], row[4]
        if page_id not in self._locations:
            model = page_class(content_type_id)
            location = NEEDS_PAGE
            if addressed_as_usual(model):
                if self._site_root_paths is None:
                    self._site_root_paths = Site.get_site_root_paths()
                location = url_path_absolute_url(url_path, self._site_root_paths)
            if location is NEEDS_PAGE:  # its own routing, or a case only Wagtail settles
                location = absolute_url(model.objects.get(pk=page_id).get_url(self.request))
            self._locations[page_id] = location
        return self._locations[page_id]

    def _alternates(self, rows=None) -> dict:
        """``{translation_key: [{"lang_code", "location"}, …]}`` for every listed page, from
        ``rows`` when they are all of them (a sitemap of one page), else from one query."""
        if self._alternates_by_key is None:
            from wagtail.models import Locale

            from candle.pages.selectors import locales_by_code

            codes = {locale.pk: code for code, locale in locales_by_code().items()}
            by_key = defaultdict(list)
            for row in self.items() if rows is None else rows:
                if row[3] not in codes:  # a language added since the locales were kept
                    codes = dict(Locale.objects.values_list("pk", "language_code"))
                by_key[row[2]].append(
                    {"lang_code": codes.get(row[3]), "location": self._location(row)}
                )
            self._alternates_by_key = dict(by_key)
        return self._alternates_by_key

    def _entries(self, page) -> list[dict]:
        """Wagtail's ``Page.get_sitemap_urls`` entries (location, lastmod) for page ``page``
        of the sitemap, with their alternates. A page type with sitemap entries of its own
        is read as itself and keeps them."""
        from .routing import page_class

        rows = list(self.paginator.page(page).object_list)
        alternates = self._alternates(rows if self.paginator.num_pages == 1 else None)
        own_entries = _own_entries()
        entries = []
        for row in rows:
            page_id, _url_path, translation_key, _locale, content_type_id, published, revised = row
            model = page_class(content_type_id)
            if model.get_sitemap_urls in own_entries:
                found = [{"location": self._location(row), "lastmod": published or revised}]
            else:
                found = model.objects.get(pk=page_id).get_sitemap_urls(self.request)
            translations = alternates.get(translation_key, [])
            if len(translations) > 1:
                for entry in found:
                    entry.setdefault("alternates", translations)
            entries.extend(found)
        return entries

    def _urls(self, page, protocol, domain):
        """The entries of page ``page``, each as its XML (``entry_xml``): the template joins
        them rather than filling a dozen tags per entry itself."""
        entries = self._entries(page)
        last_mods = {entry.get("lastmod") for entry in entries}
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        zone = timezone.get_current_timezone()
        return [entry_xml(entry, zone) for entry in entries]
