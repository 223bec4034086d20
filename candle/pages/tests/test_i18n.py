"""Korean at /ko/, English at /en/, `/` by Accept-Language; the language switch; page
language, hreflang, canonical; Korean and English dates; error pages in both languages."""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.test import override_settings
from django.utils import timezone, translation
from django.utils.formats import date_format

from candle.pages.factories import post_make
from candle.pages.services import page_content_update


@pytest.fixture(autouse=True)
def _base_url(settings):
    """Absolute addresses come from the configured base URL: one that is neither the Site's
    hostname (localhost) nor the test client's host (testserver)."""
    settings.CANDLE_BASE_URL = "https://nkhr.example"


def _links(html: str, rel: str) -> list[dict]:
    found = []
    for tag in re.findall(r"<link\b[^>]*>", html):
        attributes = dict(re.findall(r'(\w[\w-]*)="([^"]*)"', tag))
        if attributes.get("rel") == rel:
            found.append(attributes)
    return found


# --- routing -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "target"),
    [
        ("ko-KR,ko;q=0.9", "/ko/"),
        ("en-GB,en;q=0.9", "/en/"),
        ("en-US", "/en/"),
        ("fr-FR", "/ko/"),
        ("", "/ko/"),
    ],
)
def test_root_redirects_by_accept_language(client, site_tree, accept, target):
    headers = {"HTTP_ACCEPT_LANGUAGE": accept} if accept else {}
    response = client.get("/", **headers)
    assert response.status_code == 302
    assert response["Location"] == target


def test_each_language_serves_its_own_tree(client, site_tree):
    ko = client.get("/ko/news/")
    en = client.get("/en/news/")
    assert ko.status_code == en.status_code == 200
    assert "<h1>활동소식</h1>" in ko.content.decode()
    assert "<h1>News</h1>" in en.content.decode()
    assert client.get("/ko/about/").status_code == 200
    assert client.get("/en/reports/").status_code == 200


def test_a_post_answers_at_its_language_path(client, site_tree):
    post = post_make(site_tree["ko"].boards["news"], title="서울 토론회")
    assert post.url.startswith("/ko/news/")
    assert client.get(post.url).status_code == 200
    assert client.get(post.url.replace("/ko/", "/en/", 1)).status_code == 404


def test_html_lang_matches_the_language(client, site_tree):
    assert '<html lang="ko">' in client.get("/ko/").content.decode()
    assert '<html lang="en">' in client.get("/en/").content.decode()
    assert '<html lang="en">' in client.get("/en/about/").content.decode()


# --- hreflang and canonical ------------------------------------------------------------------


def test_canonical_and_hreflang_alternates_on_translated_page(client, site_tree):
    html = client.get("/en/news/").content.decode()
    canonical = _links(html, "canonical")
    assert [link["href"] for link in canonical] == ["https://nkhr.example/en/news/"]
    alternates = {
        link["hreflang"]: link["href"] for link in _links(html, "alternate") if "hreflang" in link
    }
    assert alternates == {
        "ko": "https://nkhr.example/ko/news/",
        "en": "https://nkhr.example/en/news/",
        "x-default": "https://nkhr.example/ko/news/",
    }


def test_untranslated_page_has_only_its_own_alternate(client, site_tree):
    post = post_make(site_tree["ko"].boards["news"], title="번역 없음")
    html = client.get(post.url).content.decode()
    alternates = {link["hreflang"] for link in _links(html, "alternate") if "hreflang" in link}
    assert alternates == {"ko", "x-default"}
    assert _links(html, "canonical")[0]["href"].endswith(post.url)


def test_draft_translation_is_not_an_alternate(client, site_tree):
    en_about = site_tree["en"].standard["about"]
    en_about.unpublish()
    html = client.get("/ko/about/").content.decode()
    alternates = {link["hreflang"] for link in _links(html, "alternate") if "hreflang" in link}
    assert "en" not in alternates


def test_private_translation_is_not_an_alternate(client, site_tree):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(
        page=site_tree["en"].standard["about"], restriction_type=PageViewRestriction.LOGIN
    )
    html = client.get("/ko/about/").content.decode()
    alternates = {link["hreflang"] for link in _links(html, "alternate") if "hreflang" in link}
    assert alternates == {"ko", "x-default"}
    assert "/en/about/" not in html  # nor is the language switch pointing at it


# --- the language switch --------------------------------------------------------------------


def _switch_href(html: str) -> str:
    match = re.search(r'<a class="language-switch"[^>]*href="([^"]*)"', html)
    assert match, "no language switch on the page"
    return match.group(1)


def test_switch_on_a_translated_post_goes_to_its_translation(client, site_tree):
    post_ko = post_make(site_tree["ko"].boards["news"], title="유엔 인권이사회 발언")
    post_en = post_ko.copy_for_translation(site_tree["en"].home.locale)
    post_en.title = "Statement at the UN Human Rights Council"
    post_en.save_revision().publish()
    post_en.refresh_from_db()

    href = _switch_href(client.get(post_ko.url).content.decode())
    assert urlsplit(href).path == post_en.url
    back = _switch_href(client.get(post_en.url).content.decode())
    assert urlsplit(back).path == post_ko.url
    # the switch view (used when the template has no direct link) agrees
    response = client.get(f"/language/en/{post_ko.pk}/")
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == post_en.url


def test_links_a_reader_follows_are_paths_and_crawlers_get_the_base_url(client, site_tree):
    """Served on another host and port than the Site's hostname (the demo's ``localhost``):
    the switch is a path that works there, and nothing on the page names the serving host
    (a page kept by the page cache is right for every host); canonical, og:url and hreflang
    come from the configured base URL."""
    post_ko = post_make(site_tree["ko"].boards["news"], title="다른 포트에서 읽는 글")
    post_en = post_ko.copy_for_translation(site_tree["en"].home.locale)
    post_en.save_revision().publish()
    post_en.refresh_from_db()
    response = client.get(post_ko.url, HTTP_HOST="127.0.0.1:8760")
    html = response.content.decode()
    assert _switch_href(html) == post_en.url  # a path: no scheme, no host
    assert client.get(_switch_href(html), HTTP_HOST="127.0.0.1:8760").status_code == 200
    assert "8760" not in html and "http://localhost" not in html
    assert _links(html, "canonical")[0]["href"] == f"https://nkhr.example{post_ko.url}"
    assert f'<meta property="og:url" content="https://nkhr.example{post_ko.url}">' in html
    alternates = {
        link["hreflang"]: link["href"] for link in _links(html, "alternate") if "hreflang" in link
    }
    assert alternates["en"] == f"https://nkhr.example{post_en.url}"


def test_switch_on_the_search_page_keeps_the_query_and_filters(client, site_tree):
    response = client.get(
        "/ko/search/",
        {"q": "북한 인권", "type": "posts", "year": "2024", "order": "newest", "page": "3"},
    )
    href = _switch_href(response.content.decode()).replace("&amp;", "&")
    assert (
        href
        == "/en/search/?q=%EB%B6%81%ED%95%9C+%EC%9D%B8%EA%B6%8C&type=posts&year=2024&order=newest"
    )
    assert client.get(href).status_code == 200
    # what the page read, not the raw query string: cleaned words, no tracking parameters
    response = client.get("/ko/search/", {"q": "  북한 ", "utm_source": "newsletter"})
    href = _switch_href(response.content.decode()).replace("&amp;", "&")
    assert href == "/en/search/?q=%EB%B6%81%ED%95%9C&order=relevance"
    # a board is one language's own: the other language's search is not narrowed to it
    board = site_tree["ko"].boards["news"]
    href = _switch_href(client.get("/en/search/", {"q": "x", "board": board.pk}).content.decode())
    assert href.replace("&amp;", "&") == "/ko/search/?q=x&order=relevance"
    # without a query: the other language's search page
    assert _switch_href(client.get("/en/search/").content.decode()) == "/ko/search/"


@pytest.mark.parametrize(
    ("source", "target", "note"),
    [
        ("ko", "en", "has not been translated yet"),
        ("en", "ko", "아직 번역되지 않았습니다"),
    ],
)
def test_switch_without_translation_goes_home_with_a_polite_note(
    client, site_tree, source, target, note
):
    post = post_make(site_tree[source].boards["news"], title=f"only in {source}")
    href = _switch_href(client.get(post.url).content.decode())
    response = client.get(href, follow=True)
    assert response.status_code == 200
    final_path, final_query = response.request["PATH_INFO"], response.request["QUERY_STRING"]
    assert final_path == f"/{target}/"
    assert "untranslated=1" in final_query
    html = response.content.decode()
    assert f'<html lang="{target}">' in html
    assert note in html
    assert 'role="status"' in html


def test_home_without_the_flag_shows_no_note(client, site_tree):
    assert "has not been translated yet" not in client.get("/en/").content.decode()


def test_switch_view_refuses_unknown_language_and_page(client, site_tree):
    response = client.get("/language/xx/999999/")
    assert response.status_code == 302
    assert response["Location"].startswith("/ko/")
    assert client.get("/language/en/abc/", follow=True).status_code == 404


def test_switch_view_never_reveals_a_draft_translation(client, site_tree):
    post_ko = post_make(site_tree["ko"].boards["news"], title="번역 초안")
    post_en = post_ko.copy_for_translation(site_tree["en"].home.locale)
    post_en.save_revision()  # a draft, never published
    response = client.get(f"/language/en/{post_ko.pk}/")
    assert "untranslated=1" in response["Location"]


def test_freely_written_english_page_is_served(client, site_tree):
    en_about = site_tree["en"].standard["about"]
    page_content_update(
        page=en_about, intro="Written in English by our own editor, not translated."
    )
    html = client.get("/en/about/").content.decode()
    assert "Written in English by our own editor" in html


# --- dates -----------------------------------------------------------------------------------


def test_dates_in_korean_and_english_formats():
    day = datetime.date(2024, 3, 5)
    with translation.override("ko"):
        assert date_format(day) == "2024년 3월 5일"
    with translation.override("en"):
        assert date_format(day) == "5 March 2024"


@override_settings(TIME_ZONE="Asia/Seoul")
def test_post_dates_render_per_language(client, site_tree):
    when = timezone.make_aware(datetime.datetime(2024, 3, 5, 10, 0))
    ko_post = post_make(site_tree["ko"].boards["news"], title="3월 소식", date=when)
    en_post = post_make(site_tree["en"].boards["news"], title="March news", date=when)
    assert "2024년 3월 5일" in client.get(ko_post.url).content.decode()
    assert "5 March 2024" in client.get(en_post.url).content.decode()
    assert "2024년 3월 5일" in client.get("/ko/news/").content.decode()
    assert "5 March 2024" in client.get("/en/news/").content.decode()


# --- error pages ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "heading"), [("ko", "페이지를 찾을 수 없습니다"), ("en", "Page not found")]
)
def test_404_in_each_language(client, site_tree, language, heading):
    response = client.get(f"/{language}/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert heading in html
    assert f'href="/{language}/"' in html


def test_500_page_is_bilingual_and_needs_no_database(db, rf, django_assert_num_queries):
    from candle.pages.views import server_error

    with django_assert_num_queries(0):
        response = server_error(rf.get("/en/boom/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "일시적인 오류가 발생했습니다" in html
    assert "Something went wrong on our side" in html
    assert 'lang="en"' in html


def test_unhandled_error_renders_the_500_page(client, site_tree, monkeypatch):
    from candle.pages.models import HomePage

    def explode(self, request, *args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(HomePage, "get_context", explode)
    client.raise_request_exception = False
    response = client.get("/en/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
