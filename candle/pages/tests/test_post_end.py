"""The end of a post: share links (plain links, no third-party script), the older and newer
post on its board, and related posts."""

import datetime
import re
from urllib.parse import quote

import pytest
from django.utils import timezone

from candle.pages.factories import category, post_make
from candle.pages.post_neighbours import post_neighbours


def _titles(links) -> list[str]:
    return [link["title"] for link in links]


@pytest.fixture
def board_posts(site_tree):
    news = site_tree["ko"].boards["news"]
    return [post_make(news, title=f"소식 {n}", days_ago=10 - n) for n in range(5)]  # 0 oldest


def test_older_and_newer_post_on_its_board(site_tree, board_posts):
    middle = board_posts[2]
    found = post_neighbours(post=middle)
    assert found["previous"]["title"] == "소식 1"
    assert found["next"]["title"] == "소식 3"
    assert post_neighbours(post=board_posts[0])["previous"] is None
    assert post_neighbours(post=board_posts[4])["next"] is None


def test_a_pinned_post_is_placed_by_its_date(site_tree, board_posts):
    news = site_tree["ko"].boards["news"]
    when = timezone.now() - datetime.timedelta(days=7, hours=12)  # between 소식 2 and 소식 3
    pinned = post_make(news, title="고정 공지", date=when, pinned=True, slug="pinned")
    found = post_neighbours(post=pinned)
    assert (found["previous"]["title"], found["next"]["title"]) == ("소식 2", "소식 3")


def test_a_private_or_unpublished_neighbour_is_skipped(
    site_tree, board_posts, data_cache_on, django_capture_on_commit_callbacks
):
    from wagtail.models import PageViewRestriction

    assert post_neighbours(post=board_posts[2])["next"]["title"] == "소식 3"  # now kept
    with django_capture_on_commit_callbacks(execute=True):
        board_posts[3].unpublish()
    assert post_neighbours(post=board_posts[2])["next"]["title"] == "소식 4"
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=board_posts[4], restriction_type="login")
    assert post_neighbours(post=board_posts[2])["next"] is None


def test_related_posts_share_a_category_then_come_from_the_board(site_tree, board_posts):
    ko = site_tree["ko"]
    un = category("un")
    this = post_make(ko.boards["news"], title="이 글", categories=[un], slug="this")
    elsewhere = post_make(ko.boards["statements"], title="유엔 성명", categories=[un])
    post_make(site_tree["en"].boards["news"], title="UN in English", categories=[un])
    found = post_neighbours(post=this, category_ids=[un.pk])
    titles = _titles(found["related"])
    assert titles[0] == elsewhere.title  # a shared category comes first
    assert "UN in English" not in titles  # the same language only
    assert "이 글" not in titles
    assert len(titles) == 3  # filled up from its board, newest first
    assert titles[1:] == ["소식 4", "소식 3"]


def test_a_new_post_on_the_board_shows_as_newer_at_once(
    client, site_tree, board_posts, data_cache_on, django_capture_on_commit_callbacks
):
    newest = board_posts[4]
    assert 'class="pager-next"' not in client.get(newest.url).content.decode()  # now kept
    with django_capture_on_commit_callbacks(execute=True):
        later = post_make(site_tree["ko"].boards["news"], title="더 새로운 소식", days_ago=0)
    html = client.get(newest.url).content.decode()
    assert f'<a class="pager-next" href="{later.url}" rel="next">' in html


def test_a_preview_of_a_new_post_has_no_neighbours(site_tree):
    from candle.pages.models import PostPage

    draft = PostPage(title="미리보기", slug="preview", locale_id=site_tree["ko"].home.locale_id)
    assert post_neighbours(post=draft) == {"previous": None, "next": None, "related": []}


@pytest.mark.parametrize("language", ["ko", "en"])
def test_share_links_are_plain_links_to_the_posts_public_address(
    client, site_tree, settings, language
):
    settings.CANDLE_BASE_URL = "https://nkhr.example"
    post = post_make(site_tree[language].boards["news"], title="공유 & 확인", slug="share")
    html = client.get(post.url).content.decode()
    share = html[html.index('<section class="share"') :]
    share = share[: share.index("</section>")]
    address = quote(f"https://nkhr.example{post.url}", safe="")
    title = quote("공유 & 확인", safe="")
    hrefs = re.findall(r'href="([^"]+)"', share)
    assert hrefs == [
        f"https://x.com/intent/post?url={address}&amp;text={title}",
        f"https://www.facebook.com/sharer/sharer.php?u={address}",
        f"https://www.linkedin.com/sharing/share-offsite/?url={address}",
        f"mailto:?subject={title}&amp;body={address}",
    ]
    assert f'data-url="https://nkhr.example{post.url}"' in share
    assert "<script" not in share


def test_the_post_page_query_count_with_its_end_parts_is_steady(client, site_tree, board_posts):
    """Kept after the first view: a second view of the post asks nothing for its end parts."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    un = category("un")
    post = post_make(site_tree["ko"].boards["news"], title="질의 수", categories=[un])
    client.get(post.url)
    with CaptureQueriesContext(connection) as first:
        client.get(post.url + "?x=1")  # past the page cache, not past the kept neighbours
    for number in range(5):
        post_make(site_tree["ko"].boards["statements"], title=f"유엔 {number}", categories=[un])
    client.get(post.url)
    with CaptureQueriesContext(connection) as again:
        client.get(post.url + "?x=2")
    assert len(again) == len(first)
