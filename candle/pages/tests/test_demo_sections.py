"""The demo's section pages (about, programmes, transparency, accessibility) in both languages,
attachment captions translated with their post, and no Korean on the English site."""

import re
from io import StringIO

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from wagtail.models import Locale, Page
from wagtail_localize.models import Translation

from candle.pages import demo
from candle.pages.demo.sections import SECTIONS
from candle.pages.models import PostPage, StandardPage

HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")


def _visible_text(html: str) -> str:
    """What a reader meets on a page: its text and the attributes read out or shown as text
    (an image's alt, a field's placeholder, a title, an aria-label), without scripts and styles
    and without what the page itself marks as Korean (``lang="ko"``: the language switch, a
    Korean headline)."""
    soup = BeautifulSoup(html, "html.parser")
    for element in soup(["script", "style", "template", "noscript"]):
        element.decompose()
    for element in soup.find_all(lang=re.compile(r"^ko")):
        if element.name != "html":
            element.decompose()
    read = [
        value
        for element in soup.find_all(True)
        for attribute in ("alt", "placeholder", "title", "aria-label")
        if isinstance(value := element.get(attribute), str)
    ]
    return " ".join([soup.get_text(" "), *read])


@pytest.fixture
def demo_site(db, monkeypatch, settings):
    settings.CANDLE_BASE_URL = "http://127.0.0.1:8807"
    monkeypatch.setattr(demo, "OTHER_APPS", ())  # the site alone; other apps test their own
    call_command("load_demo_content", stdout=StringIO())
    return Locale.objects.get(language_code="en")


@pytest.mark.filterwarnings(
    "ignore::pytest.PytestUnraisableExceptionWarning", "ignore::ResourceWarning"
)
def test_demo_sections_translated_captions_and_an_english_site_without_korean(client, demo_site):
    en = demo_site
    # every section page in Korean, under its parent, and its English as a translation
    for spec in SECTIONS:
        kind, parent_slug = spec["parent"]
        page = StandardPage.objects.get(slug=spec["slug"], locale__language_code="ko")
        assert page.get_parent().slug == parent_slug
        assert page.title == spec["title"][0] and page.show_in_menus
        english = page.get_translation(en).specific
        assert english.title == spec["title"][1]
        assert Translation.objects.filter(
            source__object_id=page.translation_key, target_locale=en
        ).exists()
        for shown in (page, english):
            response = client.get(shown.get_url())
            assert response.status_code == 200, shown.get_url()

    # the transparency page links the three annual reports and the public disclosure
    transparency = StandardPage.objects.get(slug="transparency", locale=en)
    html = client.get(transparency.get_url()).content.decode()
    assert len(re.findall(r'href="/documents/\d+/annual-report-\d{4}\.pdf"', html)) == 3
    assert "Annual report 2025 (PDF, sample)" in html
    assert 'href="https://www.hometax.go.kr/"' in html
    accessibility = StandardPage.objects.get(slug="accessibility", locale=en)
    assert "WCAG" in client.get(accessibility.get_url()).content.decode()

    # a post's attachment caption is translated with it (it was copied in Korean)
    post = PostPage.objects.get(slug="report-launch-women-2024", locale__language_code="ko")
    english_post = post.get_translation(en)
    assert [a.caption for a in post.attachments.all()] == ["보고서 전문 (PDF)"]
    assert [a.caption for a in english_post.attachments.all()] == ["Full report (PDF)"]
    assert "Full report (PDF)" in client.get(english_post.get_url()).content.decode()

    # no Korean on any English page's visible text, except what is marked lang="ko"
    english_pages = Page.objects.live().filter(locale=en, depth__gt=1)
    assert english_pages.count() >= 60
    korean_on = {}
    # the search page is no Wagtail page: its empty form and its "nothing found" hints too
    urls = [page.get_url() for page in english_pages] + ["/en/search/", "/en/search/?q=zzqxv"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        text = _visible_text(response.content.decode())
        if found := HANGUL.findall(text):
            korean_on[url] = "".join(found)[:40]
    assert korean_on == {}
