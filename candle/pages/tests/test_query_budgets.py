"""A listing costs the same number of queries whatever the number of posts.

Measured with 30 posts and again with 60: the counts must be equal and under the budget.
The posts carry categories, work areas, images and other boards, so a template that looks
any of them up per post shows at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from candle.pages.factories import CandleImageFactory, category, post_make, work_area

BUDGET = {
    # the home page also lists open campaigns and the work areas, and links the give page;
    # +1: casework's published figures (kept site-wide in production; the data cache is off
    # here); +2: open appeals (advocacy: the appeals, and the view restrictions, which the
    # data cache keeps in production)
    "home": 30,
    "board": 25,
    "board_deep": 25,
    "board_filtered": 25,
    "work_area": 26,  # its open appeals (advocacy), as on the home page
    "feed_rss": 12,
    "feed_atom": 12,
}


def _add_posts(tree, count: int, start: int) -> None:
    ko = tree["ko"]
    image = CandleImageFactory()
    for number in range(start, start + count):
        post_make(
            ko.boards["news"],
            title=f"소식 {number:03d}",
            days_ago=number,
            pinned=number % 17 == 0,
            categories=[category("activity"), category("un")],
            work_areas=[work_area("rescue"), work_area("advocacy")],
            other_boards=[ko.boards["statements"]] if number % 3 == 0 else [],
            image=image if number % 2 else None,
        )


def _count(client, url: str) -> int:
    client.get(url)  # warm up: renditions, site root cache, translations catalogue
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def _measure(client, tree) -> dict[str, int]:
    ko = tree["ko"]
    return {
        "home": _count(client, ko.home.url),
        "board": _count(client, ko.boards["news"].url),
        "board_deep": _count(client, ko.boards["news"].url + "?page=2"),
        "board_filtered": _count(
            client, ko.boards["news"].url + "?category=un&year=" + str(_a_year())
        ),
        "work_area": _count(client, ko.work_areas["rescue"].url),
        "feed_rss": _count(client, ko.boards["news"].url + "feed/rss/"),
        "feed_atom": _count(client, ko.boards["news"].url + "feed/atom/"),
    }


def _a_year() -> int:
    from django.utils import timezone

    return timezone.now().year


@pytest.mark.django_db
def test_listings_cost_the_same_at_30_and_60_posts(client, site_tree):
    _add_posts(site_tree, 30, start=0)
    at_30 = _measure(client, site_tree)
    _add_posts(site_tree, 30, start=30)
    at_60 = _measure(client, site_tree)
    assert at_30 == at_60, (at_30, at_60)
    for name, budget in BUDGET.items():
        assert at_60[name] <= budget, (name, at_60[name], budget)


def test_post_page_query_count_does_not_grow_with_its_labels(client, site_tree):
    ko = site_tree["ko"]
    few = post_make(
        ko.boards["news"],
        title="라벨 적음",
        categories=[category("un")],
        work_areas=[work_area("rescue")],
    )
    many = post_make(
        ko.boards["news"],
        title="라벨 많음",
        categories=[category(slug) for slug in ("un", "activity", "campaign", "notice")],
        work_areas=[work_area(slug) for slug in ("rescue", "advocacy", "youth", "education")],
        other_boards=[ko.boards["press"], ko.boards["statements"]],
    )
    assert _count(client, few.url) == _count(client, many.url)
