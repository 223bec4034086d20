"""No N+1 on public pages: a listing costs the same number of queries whatever the number of
posts, and a deep page of a board costs the same as page 1. (The page cache is off here:
these are the costs of a miss.)"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from candle.pages.models import BoardPage, Category, WorkArea
from candle.pages.services import post_create


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured.captured_queries)


def _add_posts(site_tree, count, start=0):
    ko = site_tree["ko"]
    area = WorkArea.objects.get(slug="rescue")
    category = Category.objects.first()
    for number in range(start, start + count):
        post_create(
            board=ko.boards["news"],
            title=f"소식 {number}",
            slug=f"n{number}",
            categories=[category] if category else [],
            work_areas=[area],
            other_boards=[ko.boards["statements"]] if number % 3 == 0 else [],
        )


@pytest.mark.django_db
def test_board_pages_cost_the_same_whatever_the_depth_and_the_number_of_posts(
    client, site_tree, monkeypatch
):
    monkeypatch.setattr(BoardPage, "posts_per_page", 2)
    _add_posts(site_tree, 8)
    client.get("/ko/news/")  # warm Wagtail's site-root cache
    few = _queries(client, "/ko/news/")
    _add_posts(site_tree, 32, start=8)
    page_1 = _queries(client, "/ko/news/")
    page_20 = _queries(client, "/ko/news/?page=20")
    filtered = _queries(client, "/ko/news/?page=3&year=2026")
    assert few == page_1 == page_20
    assert filtered <= page_1 + 1
    assert "소식 0" in client.get("/ko/news/?page=20").content.decode()


@pytest.mark.django_db
def test_home_work_area_feed_and_post_pages_have_fixed_costs(client, site_tree):
    ko = site_tree["ko"]
    _add_posts(site_tree, 4)
    paths = [
        "/ko/",
        ko.work_areas["rescue"].url,
        "/ko/news/feed/rss/",
        "/ko/news/n1/",
        "/ko/statements/",
    ]
    for path in paths:
        client.get(path)
    before = {path: _queries(client, path) for path in paths}
    _add_posts(site_tree, 24, start=4)
    after = {path: _queries(client, path) for path in paths}
    assert before == after
