"""The header every public page shares: the main menu (with press and notices), the menu
button for phones, the permanent donate button to the reader's language's give page, and the
home page's title said once."""

import re
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from candle.pages.factories import post_make

DONATE = {"ko": "후원하기", "en": "Donate"}


def _header(html: str) -> str:
    return html[html.index('<header class="site-header">') : html.index("</header>")]


def _give_page(home, *, title: str, slug: str = "give"):
    from candle.giving.models import GivePage

    page = GivePage(title=title, slug=slug, currency="KRW")
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def give_pages(site_tree):
    return {
        "ko": _give_page(site_tree["ko"].home, title="후원하기"),
        "en": _give_page(site_tree["en"].home, title="Give"),
    }


@pytest.mark.parametrize("language", ["ko", "en"])
def test_the_donate_button_links_the_give_page_of_the_readers_language(
    client, site_tree, give_pages, language
):
    post = post_make(site_tree[language].boards["news"], title=f"donate {language}")
    for url in (site_tree[language].home.url, site_tree[language].boards["news"].url, post.url):
        header = _header(client.get(url).content.decode())
        link = re.search(r'<a class="donate-button" href="([^"]+)">([^<]+)</a>', header)
        assert link, (url, header)
        assert link.group(1) == give_pages[language].url == f"/{language}/give/"
        assert link.group(2) == DONATE[language]


def test_no_donate_button_without_a_live_give_page(client, site_tree, give_pages):
    give_pages["en"].unpublish()
    assert "donate-button" not in client.get(site_tree["en"].home.url).content.decode()
    assert "donate-button" in client.get(site_tree["ko"].home.url).content.decode()


def test_the_give_page_address_costs_no_query_once_kept(site_tree, give_pages, data_cache_on):
    from candle.pages.navigation import give_page_url

    assert give_page_url(language_code="ko") == "/ko/give/"
    with CaptureQueriesContext(connection) as queries:
        assert give_page_url(language_code="ko") == "/ko/give/"
    assert len(queries) == 0


def test_publishing_a_give_page_shows_the_button_at_once(
    client, site_tree, data_cache_on, django_capture_on_commit_callbacks
):
    url = site_tree["ko"].home.url
    assert "donate-button" not in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        _give_page(site_tree["ko"].home, title="후원하기")
    assert 'class="donate-button" href="/ko/give/"' in client.get(url).content.decode()


@pytest.mark.parametrize("language", ["ko", "en"])
def test_press_and_notices_are_in_the_main_menu(client, site_tree, language):
    header = _header(client.get(site_tree[language].home.url).content.decode())
    nav = header[header.index('<nav class="site-nav"') :]
    links = re.findall(r'<li><a href="([^"]+)"', nav)
    for slug in ("news", "statements", "press", "notices"):
        assert f"/{language}/{slug}/" in links, (slug, links)


def test_the_menu_button_is_a_disclosure_hidden_until_the_script_runs(client, site_tree):
    html = client.get(site_tree["ko"].home.url).content.decode()
    header = _header(html)
    button = re.search(r"<button class=\"menu-toggle\"[^>]*>", header).group(0)
    assert 'aria-expanded="false"' in button
    assert 'aria-controls="site-menu"' in button
    assert " hidden" in button  # without the script, the menu is shown as a plain list
    assert 'id="site-menu"' in header
    # the script is deferred (never blocks rendering) and external (the CSP allows no inline)
    assert re.search(r'<script src="[^"]*js/site\.js" defer></script>', html)
    assert "<script>" not in html


@pytest.mark.parametrize(
    ("language", "name"),
    [("ko", "북한인권시민연합"), ("en", "Citizens' Alliance for North Korean Human Rights")],
)
def test_the_home_page_title_names_the_organisation_once(client, site_tree, language, name):
    from django.utils.html import escape

    html = client.get(site_tree[language].home.url).content.decode()
    title = re.search(r"<title>(.*?)</title>", html).group(1)
    assert title == escape(name)


def test_other_pages_keep_the_organisation_after_their_title(client, site_tree):
    html = client.get(site_tree["ko"].boards["news"].url).content.decode()
    assert "<title>활동소식 · 북한인권시민연합</title>" in html


@pytest.mark.parametrize("language", ["ko", "en"])
def test_the_home_page_advertises_the_news_feed(client, site_tree, language):
    html = client.get(site_tree[language].home.url).content.decode()
    feeds = re.findall(
        r'<link rel="alternate" type="application/rss\+xml"[^>]*href="([^"]+)"', html
    )
    assert feeds == [f"/{language}/news/feed/rss/"]
    assert client.get(feeds[0]).status_code == 200


def test_english_is_set_in_a_latin_face_and_korean_keeps_its_own():
    from django.contrib.staticfiles import finders

    css = Path(finders.find("css/candle.css")).read_text(encoding="utf-8")
    english = re.search(r":lang\(en\) \{ --font: ([^}]+)\}", css).group(1)
    korean = re.search(r":lang\(ko\) \{ --font: ([^}]+)\}", css).group(1)
    # Latin system faces first, the Korean faces after them for Korean names
    assert english.index("--font-latin") < english.index("--font-ko")
    assert korean.index("--font-ko") < korean.index("system-ui")
