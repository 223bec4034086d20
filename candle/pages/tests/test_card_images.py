"""Post cards show the post's listing image: renditions in ``srcset`` with ``sizes``, its
width and height, lazy loading except for the first picture a board shows (the largest paint);
and the card titles sit one level under the heading above them (axe's heading-order rule)."""

import re

import pytest

from candle.pages.factories import CandleImageFactory, post_make


def _imgs(html: str) -> list[str]:
    return re.findall(r'<img class="post-card-image"[^>]*>', html)


@pytest.fixture
def posts_with_images(site_tree):
    news = site_tree["ko"].boards["news"]
    image = CandleImageFactory(file__width=1600, file__height=1000)
    return [
        post_make(news, title=f"그림 {n}", days_ago=n, image=image if n != 1 else None)
        for n in range(4)
    ]


def test_board_cards_carry_renditions_and_only_the_first_is_eager(
    client, site_tree, posts_with_images
):
    html = client.get(site_tree["ko"].boards["news"].url).content.decode()
    imgs = _imgs(html)
    assert len(imgs) == 3  # the post without an image has no picture
    for img in imgs:
        assert re.search(r'srcset="[^"]+ 400w, [^"]+ 800w"', img), img
        assert 'sizes="' in img
        assert 'width="400" height="225"' in img
        assert 'alt=""' in img  # decorative: the title beside it says what it is
    assert "loading=" not in imgs[0] and 'fetchpriority="high"' in imgs[0]
    assert all('loading="lazy"' in img for img in imgs[1:])
    # the board's cards are under its h1: their titles are h2
    assert html.count('<h2 class="post-card-title">') == 4
    assert '<h3 class="post-card-title">' not in html


def test_home_cards_are_lazy_under_an_h2_and_the_hero_is_eager(
    client, site_tree, posts_with_images
):
    from candle.pages.services import page_content_update

    home = site_tree["ko"].home
    page_content_update(
        page=home, hero_image=CandleImageFactory(file__width=1600, file__height=900)
    )
    html = client.get(home.url).content.decode()
    imgs = _imgs(html)
    assert imgs and all('loading="lazy"' in img for img in imgs)
    assert html.count('<h3 class="post-card-title">') == 4
    hero = re.search(r'<img[^>]*class="hero-image"[^>]*>|<img[^>]*hero-image[^>]*>', html)
    assert hero and 'loading="eager"' in hero.group(0) and "srcset=" in hero.group(0)
    assert re.search(r'width="\d+"', hero.group(0)) and re.search(r'height="\d+"', hero.group(0))


def test_a_cards_picture_costs_two_queries_for_the_whole_listing(
    client, site_tree, posts_with_images
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    news = site_tree["ko"].boards["news"]
    client.get(news.url)
    with CaptureQueriesContext(connection) as few:
        client.get(news.url + "?year=" + str(posts_with_images[0].date.year))
    for n in range(6):
        post_make(news, title=f"더 {n}", days_ago=20 + n, image=CandleImageFactory())
    client.get(news.url)
    with CaptureQueriesContext(connection) as many:
        client.get(news.url + "?year=" + str(posts_with_images[0].date.year))
    assert len(many) == len(few)


def test_a_small_image_is_not_listed_twice_at_the_same_width(client, site_tree):
    news = site_tree["ko"].boards["news"]
    post_make(news, title="작은 그림", image=CandleImageFactory(file__width=300, file__height=200))
    imgs = _imgs(client.get(news.url).content.decode())
    srcset = re.search(r'srcset="([^"]+)"', imgs[0]).group(1)
    assert srcset.count(",") == 0 and srcset.endswith(" 300w")
