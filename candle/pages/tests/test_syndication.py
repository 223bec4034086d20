"""What crawlers and feed readers get: RSS and Atom, sitemap.xml, robots.txt, the API, and
sharing cards."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from candle.pages.factories import CandleImageFactory, post_make

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture(autouse=True)
def _base_url(settings):
    """Absolute addresses come from the configured base URL: one that is neither the Site's
    hostname (localhost) nor the test client's host (testserver)."""
    settings.CANDLE_BASE_URL = "https://nkhr.example"


def _when(days_ago: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days_ago)


@pytest.fixture
def news(site_tree):
    """Three posts on each language's news board (one pinned and old), plus a draft each."""
    for language in ("ko", "en"):
        board = site_tree[language].boards["news"]
        post_make(board, title=f"{language} old pinned", date=_when(10), pinned=True)
        post_make(board, title=f"{language} newest", date=_when(0))
        post_make(board, title=f"{language} middle", date=_when(5))
        post_make(board, title=f"{language} draft", date=_when(0), publish=False)
    return site_tree


# --- feeds ---------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["ko", "en"])
def test_rss_feed_is_valid_newest_first_without_drafts(client, news, language):
    response = client.get(f"/{language}/news/feed/rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")  # noqa: S314 (our own feed)
    assert channel.findtext("language") == language
    assert channel.findtext("link") == f"https://nkhr.example/{language}/news/"
    titles = [item.findtext("title") for item in channel.findall("item")]
    assert titles == [f"{language} newest", f"{language} middle", f"{language} old pinned"]
    links = [item.findtext("link") for item in channel.findall("item")]
    assert all(link.startswith(f"https://nkhr.example/{language}/news/") for link in links)
    assert channel.find("item").findtext("pubDate")


@pytest.mark.parametrize("language", ["ko", "en"])
def test_atom_feed_is_valid_newest_first_without_drafts(client, news, language):
    response = client.get(f"/{language}/news/feed/atom/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 (our own feed)
    assert feed.tag == f"{ATOM}feed"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == language
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        f"{language} newest",
        f"{language} middle",
        f"{language} old pinned",
    ]
    assert all(e.findtext(f"{ATOM}updated") for e in entries)


def test_each_board_has_its_own_feed(client, news):
    post_make(news["en"].boards["statements"], title="A statement")
    statements = ET.fromstring(client.get("/en/statements/feed/rss/").content)  # noqa: S314 (our own feed)
    assert [i.findtext("title") for i in statements.find("channel").findall("item")] == [
        "A statement"
    ]
    assert "A statement" not in client.get("/en/news/feed/rss/").content.decode()


# --- sitemap and robots ------------------------------------------------------------------


def test_sitemap_lists_live_pages_with_hreflang_alternates(client, news):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    urlset = ET.fromstring(response.content)  # noqa: S314 (our own feed)
    entries = {
        url.findtext(f"{SITEMAP}loc"): {
            link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")
        }
        for url in urlset.findall(f"{SITEMAP}url")
    }
    assert "https://nkhr.example/ko/news/" in entries and "https://nkhr.example/en/news/" in entries
    assert entries["https://nkhr.example/en/about/"] == {
        "ko": "https://nkhr.example/ko/about/",
        "en": "https://nkhr.example/en/about/",
    }
    assert entries["https://nkhr.example/ko/"]["en"] == "https://nkhr.example/en/"
    assert not any("draft" in loc for loc in entries)
    post_locations = [
        loc
        for loc in entries
        if loc.startswith("https://nkhr.example/en/news/")
        and loc != "https://nkhr.example/en/news/"
    ]
    assert len(post_locations) == 3  # three live English posts, each listed
    assert all(entries[loc] == {} for loc in post_locations)  # no translation, no alternates


def test_sitemap_leaves_out_restricted_pages(client, news):
    about = news["en"].standard["about"]
    PageViewRestriction.objects.create(page=about, restriction_type=PageViewRestriction.LOGIN)
    assert b"/en/about/" not in client.get("/sitemap.xml").content


def test_robots_txt_points_at_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "User-agent: *" in text
    assert "Disallow: /admin/" in text
    assert "Sitemap: https://nkhr.example/sitemap.xml" in text


# --- API v2 --------------------------------------------------------------------------------


def test_api_lists_public_live_pages_only(client, news):
    about = news["en"].standard["about"]
    PageViewRestriction.objects.create(
        page=about, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    response = client.get(
        "/api/v2/pages/", {"limit": 50, "type": "pages.PostPage", "fields": "date,summary"}
    )
    assert response.status_code == 200
    data = response.json()
    titles = {item["title"] for item in data["items"]}
    assert titles == {
        f"{lang} {name}" for lang in ("ko", "en") for name in ("old pinned", "newest", "middle")
    }
    assert data["meta"]["total_count"] == 6
    everything = client.get("/api/v2/pages/", {"limit": 50}).json()
    all_titles = {item["title"] for item in everything["items"]}
    assert "About us" not in all_titles
    assert not any("draft" in title for title in all_titles)
    # (LocaleMiddleware sends a 404 outside /ko/ and /en/ on to /ko/…, which is a 404 too)
    assert client.get(f"/api/v2/pages/{about.pk}/", follow=True).status_code == 404
    post = next(item for item in data["items"] if item["title"] == "en newest")
    assert client.get(f"/api/v2/pages/{post['id']}/").json()["summary"] == "en newest — 요약"


def test_api_page_detail_filters_by_locale(client, news):
    response = client.get("/api/v2/pages/", {"locale": "en", "type": "pages.BoardPage"})
    assert response.status_code == 200
    assert {item["title"] for item in response.json()["items"]} == {
        "News",
        "Statements",
        "Press releases",
        "Notices",
    }


def test_api_is_read_only(client, news):
    assert client.post("/api/v2/pages/", {"title": "x"}).status_code == 405


# --- sharing cards -----------------------------------------------------------------------


def test_post_has_opengraph_and_twitter_cards(client, site_tree):
    image = CandleImageFactory(description="Two volunteers packing boxes")
    post = post_make(
        site_tree["en"].boards["news"],
        title="Winter appeal",
        summary="Warm clothes for families.",
        image=image,
    )
    html = client.get(post.url).content.decode()
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="Winter appeal">' in html
    assert '<meta property="og:description" content="Warm clothes for families.">' in html
    assert f'<meta property="og:url" content="https://nkhr.example{post.url}">' in html
    assert '<meta property="og:locale" content="en_GB">' in html
    assert '<meta property="og:image" content="http' in html
    assert '<meta property="og:image:alt" content="Two volunteers packing boxes">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert '<meta name="twitter:title" content="Winter appeal">' in html
    assert '<meta name="description" content="Warm clothes for families.">' in html


def test_page_without_image_gets_a_summary_card(client, site_tree):
    html = client.get("/ko/").content.decode()
    assert '<meta name="twitter:card" content="summary">' in html
    assert '<meta property="og:locale" content="ko_KR">' in html
    assert '<meta property="og:type" content="website">' in html
