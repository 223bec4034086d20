"""sitemap.xml costs the same number of queries whatever the number of pages.

The hreflang alternates used to be one query per page; they are now read once for the whole
sitemap. Measured with N translated posts and again with 2N: the counts must be equal."""

import xml.etree.ElementTree as ET

from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from candle.pages.factories import post_make
from candle.pages.services import page_translation_write

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
BUDGET = 15


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
    ko, en = "http://localhost/ko/news/sitemap-020/", "http://localhost/en/news/sitemap-020/"
    assert entries[ko] == {"ko": ko, "en": en}
    assert entries[en] == {"ko": ko, "en": en}
    assert entries["http://localhost/ko/"] == {
        "ko": "http://localhost/ko/",
        "en": "http://localhost/en/",
    }


def test_sitemap_alternates_leave_out_an_unpublished_translation(client, site_tree):
    _add_translated_posts(site_tree, 1, start=30)
    korean = site_tree["ko"].boards["news"].get_children().get(slug="sitemap-030")
    korean.get_translation(Locale.objects.get(language_code="en")).unpublish()
    _, entries = _sitemap(client)
    ko = "http://localhost/ko/news/sitemap-030/"
    assert entries[ko] == {}  # alone: no alternates at all
    assert "http://localhost/en/news/sitemap-030/" not in entries
