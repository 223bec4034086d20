"""The reader's sitemap (/ko/sitemap/, /en/sitemap/): every section and its pages, linked
from the footer; posts are left to their boards."""

import re

import pytest

from candle.pages.factories import post_make, report_make


@pytest.mark.parametrize("language", ["ko", "en"])
def test_the_sitemap_lists_every_section_and_its_pages(client, site_tree, language):
    tree = site_tree[language]
    report = report_make(tree.library, slug=f"sitemap-{language}", year=2021)
    post = post_make(tree.boards["news"], title=f"sitemap post {language}")
    response = client.get(f"/{language}/sitemap/")
    assert response.status_code == 200
    html = response.content.decode()
    main = html[html.index('<main id="main"') : html.index("</main>")]
    links = re.findall(r'href="([^"]+)"', main)
    for board in tree.boards.values():
        assert board.url in links
    for page in (*tree.standard.values(), *tree.work_areas.values(), tree.library, report):
        assert page.url in links, page.url
    assert post.url not in links  # a board lists its own posts
    other = "en" if language == "ko" else "ko"
    assert not [link for link in links if link.startswith(f"/{other}/")]
    assert re.search(r"<h1>(사이트맵|Sitemap)</h1>", main)


def test_the_sitemap_leaves_out_unpublished_and_private_pages(
    client, site_tree, data_cache_on, django_capture_on_commit_callbacks
):
    from wagtail.models import PageViewRestriction

    ko = site_tree["ko"]
    assert "/ko/history/" in client.get("/ko/sitemap/").content.decode()  # now kept
    with django_capture_on_commit_callbacks(execute=True):
        ko.standard["history"].unpublish()
        PageViewRestriction.objects.create(page=ko.standard["membership"], restriction_type="login")
    html = client.get("/ko/sitemap/").content.decode()
    assert ko.standard["about"].url in html
    assert "/ko/history/" not in html
    assert "/ko/membership/" not in html


def test_the_sitemap_costs_no_query_once_kept(
    client, site_tree, data_cache_on, django_assert_max_num_queries
):
    client.get("/ko/sitemap/")
    with django_assert_max_num_queries(0):
        from candle.pages.navigation import sitemap_sections

        assert sitemap_sections(language_code="ko")
