"""The hand-written listing SQL (``ListingQuery``) gives the rows the ORM's reference query
(``board_listing_rows``) gives, in the same order, for every filter a reader can set, and the
cards carry what the post pages say (address, date, pin)."""

import datetime

import pytest
from django.test import RequestFactory
from django.utils import timezone
from wagtail.models import PageViewRestriction

from candle.pages.factories import post_make
from candle.pages.models import BoardListing, Category, PostPage
from candle.pages.selectors import ListingQuery, board_listing_rows, home_latest_posts


@pytest.fixture
def busy_board(site_tree):
    """A Korean news board with pinned posts, two categories over two years, a post also
    listed from another board, and a private post."""
    ko = site_tree["ko"]
    board = ko.boards["news"]
    rescue = Category.objects.create(slug="test-rescue", name_ko="구출", name_en="Rescue")
    appeal = Category.objects.create(slug="test-appeal", name_ko="호소", name_en="Appeal")
    board.categories.add(rescue, appeal)
    start = timezone.make_aware(datetime.datetime(2023, 12, 20, 9, 30))
    for number in range(14):
        post_make(
            board,
            title=f"소식 {number:02d}",
            date=start + datetime.timedelta(days=number * 3),
            pinned=number in (2, 9),
            categories=[rescue] if number % 3 == 0 else [appeal] if number % 3 == 1 else [],
        )
    post_make(ko.boards["press"], title="보도 겸 소식", other_boards=[board], categories=[rescue])
    secret = post_make(board, title="회원에게만", categories=[rescue])
    PageViewRestriction.objects.create(page=secret, restriction_type=PageViewRestriction.LOGIN)
    return board


FILTERS = [
    {},
    {"year": 2024},
    {"year": 2023},
    {"category_slug": "test-rescue"},
    {"category_slug": "test-appeal", "year": 2024},
    {"category_slug": "no-such-category"},
    {"year": 1999},
]


@pytest.mark.django_db
@pytest.mark.parametrize("filters", FILTERS)
def test_board_rows_are_the_orm_rows_in_the_same_order(busy_board, filters):
    reference = list(
        board_listing_rows(board=busy_board, **filters).values_list("post_id", flat=True)
    )
    query = ListingQuery(board_id=busy_board.pk, **filters)
    assert query.count() == len(reference)
    everything = [card.pk for _board, card in query.cards(0, None)]
    assert everything == reference
    for offset, limit in ((0, 5), (5, 5), (10, 5), (3, 100), (len(reference), 5)):
        cards = [card.pk for _board, card in query.cards(offset, limit)]
        assert cards == reference[offset : offset + limit]
    if not filters:
        assert len(reference) == 15  # 14 own posts and the one listed from the press board


@pytest.mark.django_db
def test_the_private_post_is_left_out_and_pinned_posts_come_first(busy_board):
    cards = [card for _board, card in ListingQuery(board_id=busy_board.pk).cards(0, None)]
    titles = [card.title for card in cards]
    assert "회원에게만" not in titles
    assert titles[:2] == ["소식 09", "소식 02"]
    assert [card.pinned for card in cards[:3]] == [True, True, False]


@pytest.mark.django_db
def test_a_card_carries_what_its_post_page_says(busy_board):
    request = RequestFactory().get("/ko/news/")
    for _board, card in ListingQuery(board_id=busy_board.pk).cards(0, None):
        post = PostPage.objects.get(pk=card.pk)
        assert card.get_url(request=request) == post.get_url(request=request)
        assert card.url == post.url
        assert card.date == post.date and timezone.is_aware(card.date)
        assert (card.title, card.summary, card.pinned) == (post.title, post.summary, post.pinned)
        # read in the same statement, in the categories' display order
        assert card.listed_categories == list(post.categories.order_by("sort_order", "slug"))


@pytest.mark.django_db
def test_a_card_with_several_categories_lists_them_in_display_order(busy_board):
    first = Category.objects.create(slug="test-a-first", name_ko="첫째", name_en="First")
    last = Category.objects.create(slug="test-last", name_ko="끝", name_en="Last", sort_order=9)
    rescue = Category.objects.get(slug="test-rescue")
    post = post_make(busy_board, title="여러 분류", categories=[last, rescue, first])
    cards = {card.pk: card for _board, card in ListingQuery(board_id=busy_board.pk).cards(0, None)}
    shown = [category.slug for category in cards[post.pk].listed_categories]
    assert shown == ["test-a-first", "test-rescue", "test-last"]
    latest = home_latest_posts(locale_id=busy_board.locale_id, limit=1)
    assert [card.pk for card in latest] == [post.pk]
    assert latest[0].listed_categories[0] == first
    assert [category.slug for category in latest[0].listed_categories] == shown


@pytest.mark.django_db
def test_home_rows_are_the_newest_of_every_board_of_the_language(busy_board, site_tree):
    english = post_make(site_tree["en"].boards["news"], title="English only")
    locale_id = busy_board.locale_id
    reference = list(
        BoardListing.objects.filter(board__locale_id=locale_id)
        .exclude(post__title="회원에게만")
        .order_by("-date", "-post_id")
        .values_list("board_id", "post_id")
    )
    rows = [(board, card.pk) for board, card in ListingQuery(locale_id=locale_id).cards(0, None)]
    # a post listed on two boards has two rows of the same date and post: their order between
    # themselves is the database's (PostgreSQL varies it), so posts are compared in order and
    # the rows as a whole
    assert [post for _board, post in rows] == [post for _board, post in reference]
    assert sorted(rows) == sorted(reference)
    latest = home_latest_posts(locale_id=locale_id, limit=6)
    assert len({card.pk for card in latest}) == 6  # a post on two boards is shown once
    assert english.pk not in {card.pk for card in latest}
    assert [card.date for card in latest] == sorted((card.date for card in latest), reverse=True)


@pytest.mark.django_db
def test_a_hostile_category_or_year_is_only_a_value(busy_board):
    for slug in ("' OR 1=1 --", "test-rescue%", "%", "_"):
        query = ListingQuery(board_id=busy_board.pk, category_slug=slug)
        assert query.count() == 0
        assert query.cards(0, 15) == []


@pytest.mark.django_db
def test_a_deep_page_skips_rows_on_the_listing_index_alone(busy_board):
    """PostgreSQL: the rows skipped for a deep page are read from the ordering index only (an
    index-only scan): the derived table that picks them selects only columns the index holds.
    With a column the index lacks (an earlier version picked rows by ``l.id``), every skipped
    row was fetched from the table. The planner is kept off the table scans a table this small
    would get."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: SQLite's indexes carry the rowid")
    query = ListingQuery(board_id=busy_board.pk)
    with CaptureQueriesContext(connection) as queries:
        cards = query.cards(5, 5)
    assert len(cards) == 5
    statement = next(q["sql"] for q in queries.captured_queries if "boardlisting" in q["sql"])
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("ANALYZE pages_boardlisting")
        cursor.execute("EXPLAIN " + statement)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index Only Scan using board_listing_order" in plan, plan
