"""Breadcrumbs: shown below the second level (a post: home › board › post), linking each page
above in the reader's language; not shown on a board or other top-level page."""

import html as html_lib
import re

import pytest

from candle.pages.factories import post_make


def _breadcrumb(html: str) -> list[str]:
    nav = re.search(r'<nav class="breadcrumbs".*?</nav>', html, re.S)
    if nav is None:
        return []
    found = re.findall(r'<li(?: aria-current="page")?>(?:<a href="([^"]+)">)?([^<]+)', nav.group(0))
    return [(href, html_lib.unescape(text)) for href, text in found]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ko", "en"])
def test_a_post_shows_home_and_board_then_itself(client, site_tree, language):
    tree = site_tree[language]
    post = post_make(tree.boards["news"], title=f"빵부스러기 시험 {language}")
    crumbs = _breadcrumb(client.get(post.url).content.decode())
    assert crumbs == [
        (f"/{language}/", tree.home.title),
        (tree.boards["news"].url, tree.boards["news"].title),
        ("", post.title),
    ]


@pytest.mark.django_db
def test_a_board_has_no_breadcrumb(client, site_tree):
    assert _breadcrumb(client.get(site_tree["ko"].boards["news"].url).content.decode()) == []
