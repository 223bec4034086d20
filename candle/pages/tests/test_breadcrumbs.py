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


@pytest.mark.django_db
def test_a_deep_page_links_every_level_and_a_renamed_board_shows_at_once(
    client, site_tree, settings, django_capture_on_commit_callbacks
):
    """The top two levels come from the data cache, deeper ones from the database: a page
    four levels down links all three above it; renaming a board changes its crumb at once."""
    from candle.caching.store import page_cache
    from candle.pages.models import StandardPage

    settings.CANDLE_DATA_CACHE_ENABLED = True
    page_cache().clear()
    tree = site_tree["ko"]
    about = tree.home.get_children().type(StandardPage).first().specific
    middle = about.add_child(instance=StandardPage(title="중간 쪽", slug="middle"))
    deep = middle.add_child(instance=StandardPage(title="깊은 쪽", slug="deep"))
    crumbs = _breadcrumb(client.get(deep.url).content.decode())
    assert crumbs == [
        ("/ko/", tree.home.title),
        (about.url, about.title),
        (middle.url, "중간 쪽"),
        ("", "깊은 쪽"),
    ]
    board = tree.boards["news"]
    post = post_make(board, title="이름 바뀐 게시판의 글")
    client.get(post.url)
    board.title = "새 이름의 게시판"
    with django_capture_on_commit_callbacks(execute=True):
        board.save_revision().publish()
    assert (board.url, "새 이름의 게시판") in _breadcrumb(client.get(post.url).content.decode())
    page_cache().clear()
