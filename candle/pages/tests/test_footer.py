"""The footer on every page: the privacy policy (PIPA wants it linked, prominently), contact,
and the organisation's registration line; nothing breaks when the pages are missing."""

import re

import pytest
from wagtail.models import Page, Site

from candle.pages.factories import post_make
from candle.pages.models import OrganisationSettings

LABELS = {"ko": ("개인정보처리방침", "연락처"), "en": ("Privacy policy", "Contact")}


def _footer(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    return html[html.index('<footer class="site-footer">') :]


@pytest.fixture
def urls(site_tree):
    """Home and a post in each language."""
    result = {}
    for language in ("ko", "en"):
        tree = site_tree[language]
        post = post_make(
            tree.boards["news"], title=f"{language} footer post", slug=f"footer-post-{language}"
        )
        result[language] = (tree.home.url, post.url)
    return result


@pytest.mark.parametrize("language", ["ko", "en"])
def test_footer_links_the_privacy_policy_in_bold_and_contact(client, site_tree, urls, language):
    privacy, contact = LABELS[language]
    for url in urls[language]:
        footer = _footer(client, url)
        link = re.search(
            r'<a class="footer-privacy" href="([^"]+)"><strong>([^<]+)</strong></a>', footer
        )
        assert link, (url, footer)
        assert link.group(1) == f"/{language}/privacy/"
        assert link.group(2) == privacy
        assert f'<a href="/{language}/contact/">{contact}</a>' in footer
        assert f'href="/{language}/sitemap/"' in footer


@pytest.mark.parametrize("language", ["ko", "en"])
def test_footer_links_answer(client, site_tree, language):
    for slug in ("privacy", "contact"):
        assert client.get(f"/{language}/{slug}/").status_code == 200


def test_footer_follows_a_renamed_page_title_but_keeps_its_label(client, site_tree, urls):
    page = site_tree["en"].standard["privacy"]
    page.title = "How we handle your data"
    page.save_revision().publish()
    footer = _footer(client, urls["en"][0])
    assert "<strong>Privacy policy</strong>" in footer


def test_footer_without_the_pages_still_renders(client, site_tree, urls):
    for language in ("ko", "en"):
        for slug in ("privacy", "contact"):
            Page.objects.get(pk=site_tree[language].standard[slug].pk).unpublish()
    for language in ("ko", "en"):
        for url in urls[language]:
            footer = _footer(client, url)
            assert "footer-privacy" not in footer
            assert "/contact/" not in footer
            assert f'href="/{language}/sitemap/"' in footer


def test_footer_without_the_pages_at_all(client, site_tree, urls):
    for language in ("ko", "en"):
        for slug in ("privacy", "contact"):
            Page.objects.get(pk=site_tree[language].standard[slug].pk).delete()
    footer = _footer(client, urls["ko"][1])
    assert "footer-privacy" not in footer
    assert "/contact/" not in footer


def test_footer_leaves_out_a_private_privacy_page(client, site_tree, urls):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(
        page=site_tree["ko"].standard["privacy"], restriction_type="login"
    )
    assert "footer-privacy" not in _footer(client, urls["ko"][0])
    assert "footer-privacy" in _footer(client, urls["en"][0])


def test_footer_shows_the_registration_number_when_there_is_one(client, site_tree, urls):
    settings = OrganisationSettings.for_site(Site.objects.get(is_default_site=True))
    assert "footer-registration" not in _footer(client, urls["ko"][0])
    settings.registration_number = "000-82-99999"
    settings.save()
    assert "고유번호 000-82-99999" in _footer(client, urls["ko"][0])
    assert "Registration number 000-82-99999" in _footer(client, urls["en"][1])


def test_footer_on_the_404_page(client, site_tree):
    response = client.get("/en/no-such-page-here/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'href="/en/privacy/"' in html


# --- the navigation and footer are rendered once per site and language, then kept ----------


def _nav(client, url: str) -> str:
    html = client.get(url).content.decode()
    return html[html.index('<nav class="site-nav"') : html.index("</nav>")]


def test_kept_navigation_marks_the_section_of_each_page(client, site_tree, urls, data_cache_on):
    from candle.pages.selectors import menu_links

    ko = site_tree["ko"]
    menu = [item["url"] for item in menu_links(language_code="ko")]
    assert len(menu) >= 3 and ko.boards["news"].url in menu
    current = re.compile(r'<a href="([^"]+)" aria-current="page">')
    assert current.findall(_nav(client, ko.home.url)) == []
    for _round in range(2):  # the second time from the kept fragments: the same answers
        for url in menu:
            assert current.findall(_nav(client, url)) == [url]
        assert current.findall(_nav(client, urls["ko"][1])) == [ko.boards["news"].url]
        assert current.findall(_nav(client, "/ko/search/?q=x")) == []


def test_kept_navigation_and_footer_follow_a_renamed_section_and_new_settings(
    client, site_tree, urls, data_cache_on, django_capture_on_commit_callbacks
):
    ko = site_tree["ko"]
    home_url = ko.home.url
    assert ">소식<" in _nav(client, home_url) or ko.boards["news"].title in _nav(client, home_url)
    board = ko.boards["news"]
    board.title = "새 소식판"
    with django_capture_on_commit_callbacks(execute=True):  # purges run once the change commits
        board.save_revision().publish()
    assert "새 소식판" in _nav(client, home_url)
    assert "새 소식판" in _nav(client, urls["ko"][1])
    settings = OrganisationSettings.for_site(Site.objects.get(is_default_site=True))
    settings.name_ko = "가상 인권 단체"
    settings.name_en = "Fictional Rights Group"
    with django_capture_on_commit_callbacks(execute=True):
        settings.save()
    assert "가상 인권 단체" in _footer(client, home_url)
    assert "가상 인권 단체" in client.get(urls["ko"][1]).content.decode().split("</header>")[0]
    # each language keeps its own fragments
    assert "Fictional Rights Group" in _footer(client, urls["en"][0])
    assert "Privacy policy" in _footer(client, urls["en"][0])
    assert "개인정보처리방침" in _footer(client, home_url)
