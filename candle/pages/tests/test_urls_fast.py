"""candle.pages.urls_fast builds exactly the addresses Wagtail's ``Page.get_url_parts`` builds,
for every page of a bilingual tree, in either active language, Korean slugs included."""

import pytest
from django.test import RequestFactory
from django.utils import translation
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from wagtail.models import Page

from candle.pages.factories import post_make
from candle.pages.urls_fast import page_full_url, page_url, page_url_parts


def _every_page(site_tree) -> list[Page]:
    pages = []
    for language in ("ko", "en"):
        pages += list(site_tree[language].home.get_descendants(inclusive=True).specific())
    return pages


@pytest.mark.django_db
@pytest.mark.parametrize("active", ["ko", "en"])
def test_every_address_is_the_one_wagtail_builds(site_tree, active):
    ko_board = site_tree["ko"].boards["news"]
    post_make(ko_board, title="주소 시험", slug="북한인권-보고서")  # a Korean slug is quoted
    post_make(ko_board, title="괄호", slug="a_b-c")
    pages = _every_page(site_tree)
    assert len(pages) > 20
    request = RequestFactory().get("/", HTTP_HOST="localhost")
    with translation.override(active):
        for page in pages:
            for with_request in (None, request):
                wagtail = Page.get_url_parts(page, with_request)
                assert page_url_parts(page, with_request) == wagtail, page.url_path
                assert page.get_url_parts(with_request) == wagtail  # BasePage uses it
                assert page_full_url(page, with_request) == Page.get_full_url(page, with_request)
                # from a plain Page row of it, as the search results page has them
                plain = Page.objects.get(pk=page.pk)
                assert page_url(plain, with_request) == page.get_url(with_request)
    korean = next(p for p in pages if p.slug == "북한인권-보고서")
    assert "%EB%B6%81" in page_url_parts(korean)[2]


@pytest.mark.django_db
def test_a_page_outside_every_site_has_no_address(site_tree):
    root = Page.objects.get(depth=1)
    assert page_url_parts(root) is None is Page.get_url_parts(root)
    assert page_full_url(root) is None


@pytest.mark.django_db
@pytest.mark.parametrize("active", ["ko", "en"])
@pytest.mark.parametrize("second_site", [False, True])
def test_addresses_from_url_paths_are_the_ones_wagtail_builds(site_tree, active, second_site):
    """``UrlPathAddresses`` (a listing's cards) gives each page's ``Page.get_url`` from its
    ``url_path`` alone; with a second site (a page on two sites, a page on another site than
    the request's), what it cannot say it leaves to the page (``NEEDS_PAGE``)."""
    from wagtail.models import Site

    from candle.pages.urls_fast import NEEDS_PAGE, UrlPathAddresses

    ko_board = site_tree["ko"].boards["news"]
    post_make(ko_board, title="주소 시험", slug="북한인권-보고서")
    if second_site:
        Site.objects.create(hostname="other.example", port=80, root_page=site_tree["en"].home)
    pages = _every_page(site_tree)
    request = RequestFactory().get("/", HTTP_HOST="localhost")
    left_to_the_page = 0
    with translation.override(active):
        for with_request in (None, request):
            addresses = UrlPathAddresses(with_request)
            for page in pages:
                expected = Page.get_url(page, with_request)
                found = addresses.address(page.url_path)
                if found is NEEDS_PAGE:
                    left_to_the_page += 1
                    continue
                assert found == expected, page.url_path
            assert addresses.address("/") is None  # Wagtail's root: on no site
    # one site: every address is built here; two: only the pages on both are left
    assert (left_to_the_page == 0) is not second_site


_QUOTING_SAMPLES = [
    "",
    "news/",
    "북한이탈주민-이산가족-실태조사-결과-50/",
    "a b/c?d#e%f/",
    "émoji-😀/~:@!$&'()*+,;=/",
    "\u200b\x00\x7f\u3000/",
]


@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"])))
@hypothesis_settings(max_examples=300, deadline=None)
def test_paths_are_quoted_as_reverse_quotes_them(text):
    from urllib.parse import quote

    from candle.pages.urls_fast import _QUOTE_SAFE, quoted

    assert quoted(text) == quote(text, safe=_QUOTE_SAFE)


@pytest.mark.parametrize("text", _QUOTING_SAMPLES)
def test_paths_are_quoted_as_reverse_quotes_them_samples(text):
    from urllib.parse import quote

    from candle.pages.urls_fast import _QUOTE_SAFE, quoted

    assert quoted(text) == quote(text, safe=_QUOTE_SAFE)
    assert quoted(text) == quoted(text)  # the table filled by the first call gives the same


def test_a_path_that_is_not_utf8_fails_as_quote_fails():
    from urllib.parse import quote

    from candle.pages.urls_fast import _QUOTE_SAFE, quoted

    for call in (quoted, lambda text: quote(text, safe=_QUOTE_SAFE)):
        with pytest.raises(UnicodeEncodeError):
            call("news-\ud800/")
