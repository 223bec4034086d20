"""sitemap.xml costs the same number of queries whatever the number of pages.

The hreflang alternates used to be one query per page; they are now read once for the whole
sitemap. Measured with N translated posts and again with 2N: the counts must be equal."""

import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.template.defaultfilters import date as date_filter
from django.test.utils import CaptureQueriesContext
from django.utils.timezone import template_localtime
from wagtail.models import Locale

from candle.pages.factories import post_make
from candle.pages.services import page_translation_write

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
BUDGET = 15


@pytest.fixture(autouse=True)
def _base_url(settings):
    """Absolute addresses come from the configured base URL: one that is neither the Site's
    hostname (localhost) nor the test client's host (testserver)."""
    settings.CANDLE_BASE_URL = "https://nkhr.example"


def _add_translated_posts(tree, count: int, start: int) -> None:
    en = Locale.objects.get(language_code="en")
    for number in range(start, start + count):
        post = post_make(
            tree["ko"].boards["news"], title=f"사이트맵 {number:03d}", slug=f"sitemap-{number:03d}"
        )
        page_translation_write(
            page=post, locale=en, title=f"Sitemap {number:03d}", slug=f"sitemap-{number:03d}"
        )


def _sitemap(client) -> tuple[int, dict]:
    client.get("/sitemap.xml")  # warm up: site root paths, translation catalogue
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/sitemap.xml")
    assert response.status_code == 200
    urlset = ET.fromstring(response.content)  # noqa: S314 (our own sitemap)
    entries = {
        url.findtext(f"{SITEMAP}loc"): {
            link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")
        }
        for url in urlset.findall(f"{SITEMAP}url")
    }
    return len(queries), entries


def test_sitemap_costs_the_same_at_n_and_2n_pages(client, site_tree):
    _add_translated_posts(site_tree, 5, start=0)
    at_n, entries_n = _sitemap(client)
    _add_translated_posts(site_tree, 5, start=5)
    at_2n, entries_2n = _sitemap(client)
    assert len(entries_2n) == len(entries_n) + 10  # five more posts in each language
    assert at_n == at_2n, (at_n, at_2n)
    assert at_2n <= BUDGET, at_2n


def test_sitemap_alternates_still_pair_each_translation(client, site_tree):
    _add_translated_posts(site_tree, 2, start=20)
    _, entries = _sitemap(client)
    ko, en = (
        "https://nkhr.example/ko/news/sitemap-020/",
        "https://nkhr.example/en/news/sitemap-020/",
    )
    assert entries[ko] == {"ko": ko, "en": en}
    assert entries[en] == {"ko": ko, "en": en}
    assert entries["https://nkhr.example/ko/"] == {
        "ko": "https://nkhr.example/ko/",
        "en": "https://nkhr.example/en/",
    }


def test_sitemap_alternates_leave_out_an_unpublished_translation(client, site_tree):
    _add_translated_posts(site_tree, 1, start=30)
    korean = site_tree["ko"].boards["news"].get_children().get(slug="sitemap-030")
    korean.get_translation(Locale.objects.get(language_code="en")).unpublish()
    _, entries = _sitemap(client)
    ko = "https://nkhr.example/ko/news/sitemap-030/"
    assert entries[ko] == {}  # alone: no alternates at all
    assert "https://nkhr.example/en/news/sitemap-030/" not in entries


def _day_shown(value) -> str:
    """``value|date:"Y-m-d"`` as a template renders it: in the site's time zone (called as a
    function, the filter would keep UTC, and the day differs from 15:00 to 24:00 UTC)."""
    return date_filter(template_localtime(value), "Y-m-d")


def test_sitemap_entries_carry_lastmod_and_skip_no_page(client, site_tree):
    """Built from plain page rows: every listed page once, with the date it was published."""
    from wagtail.models import Page

    _add_translated_posts(site_tree, 1, start=40)
    response = client.get("/sitemap.xml")
    urlset = ET.fromstring(response.content)  # noqa: S314 (our own sitemap)
    urls = urlset.findall(f"{SITEMAP}url")
    listed = Page.objects.live().public().filter(depth__gt=1).count()
    assert len(urls) == listed
    assert all(url.findtext(f"{SITEMAP}lastmod") for url in urls)
    post = site_tree["ko"].boards["news"].get_children().get(slug="sitemap-040")
    entry = next(
        url
        for url in urls
        if url.findtext(f"{SITEMAP}loc") == "https://nkhr.example/ko/news/sitemap-040/"
    )
    assert entry.findtext(f"{SITEMAP}lastmod") == _day_shown(post.last_published_at)


def test_sitemap_entries_match_wagtails_own(client, site_tree, rf):
    """Every entry as Wagtail's own ``get_sitemap_urls`` (ours with the alternates) gives it:
    the same address, day and alternates, page by page."""
    from wagtail.models import Page

    _add_translated_posts(site_tree, 3, start=60)
    response = client.get("/sitemap.xml")
    urlset = ET.fromstring(response.content)  # noqa: S314 (our own sitemap)
    ours = {
        url.findtext(f"{SITEMAP}loc"): (
            url.findtext(f"{SITEMAP}lastmod"),
            {link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")},
        )
        for url in urlset.findall(f"{SITEMAP}url")
    }
    request = rf.get("/sitemap.xml", HTTP_HOST="localhost")
    wagtails = {}
    for page in Page.objects.live().public().filter(depth__gt=1).specific():
        for entry in page.get_sitemap_urls(request):
            wagtails[entry["location"]] = (
                _day_shown(entry["lastmod"]),
                {a["lang_code"]: a["location"] for a in entry.get("alternates", [])},
            )
    assert ours == wagtails


def test_sitemap_day_is_the_sites_day():
    """A page published at 16:00 UTC on 1 January was published on 2 January in Seoul."""
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    from candle.pages.sitemaps import entry_xml

    published = datetime(2026, 1, 1, 16, 0, tzinfo=UTC)
    xml = entry_xml(
        {"location": "https://example.org/ko/a&b/", "lastmod": published}, ZoneInfo("Asia/Seoul")
    )
    assert "<lastmod>2026-01-02</lastmod>" in xml
    assert "<loc>https://example.org/ko/a&amp;b/</loc>" in xml
    assert "<lastmod>2026-01-01</lastmod>" in entry_xml(
        {"location": "x", "lastmod": published}, UTC
    )


def test_a_page_type_with_entries_of_its_own_keeps_them(client, site_tree, monkeypatch):
    """A page type that defines its own sitemap entries is read as itself and keeps them
    (here: a change frequency), with the alternates added."""
    from candle.pages.models import PostPage

    def get_sitemap_urls(self, request=None):
        return [{"location": self.get_full_url(request), "changefreq": "hourly"}]

    monkeypatch.setattr(PostPage, "get_sitemap_urls", get_sitemap_urls)
    _add_translated_posts(site_tree, 1, start=50)
    response = client.get("/sitemap.xml")
    urlset = ET.fromstring(response.content)  # noqa: S314 (our own sitemap)
    by_loc = {url.findtext(f"{SITEMAP}loc"): url for url in urlset.findall(f"{SITEMAP}url")}
    post = by_loc["http://localhost/ko/news/sitemap-050/"]  # its own entry, as it gave it
    assert post.findtext(f"{SITEMAP}changefreq") == "hourly"
    assert {link.get("hreflang") for link in post.findall(f"{XHTML}link")} == {"ko", "en"}
    assert by_loc["https://nkhr.example/ko/"].findtext(f"{SITEMAP}changefreq") is None


def test_a_page_type_with_its_own_address_is_asked_for_it(client, site_tree, monkeypatch):
    """A page type that routes itself (its own ``get_url_parts``) is listed at the address it
    gives, not at the one its row would suggest."""
    from candle.pages.models import PostPage

    real = PostPage.get_url_parts

    def get_url_parts(self, request=None):
        site_id, root_url, path = real(self, request)
        return site_id, root_url, path.replace("/news/", "/articles/")

    monkeypatch.setattr(PostPage, "get_url_parts", get_url_parts)
    _add_translated_posts(site_tree, 1, start=70)
    _, entries = _sitemap(client)
    ko, en = (
        "https://nkhr.example/ko/articles/sitemap-070/",
        "https://nkhr.example/en/articles/sitemap-070/",
    )
    assert entries[ko] == {"ko": ko, "en": en}
    assert "https://nkhr.example/ko/news/sitemap-070/" not in entries
    assert "https://nkhr.example/ko/news/" in entries  # the board itself routes as usual
