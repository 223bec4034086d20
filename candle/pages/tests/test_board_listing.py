"""The board listing table follows publishing: publish, unpublish, other boards, move, delete,
a board translated later, a private section; and a rebuild gives the same rows."""

import pytest
from django.core.management import call_command
from wagtail.models import PageViewRestriction

from candle.pages.factories import post_make
from candle.pages.models import BoardListing, PostPage
from candle.pages.selectors import board_page


def _rows() -> set[tuple[int, int, bool]]:
    return set(BoardListing.objects.values_list("board_id", "post_id", "pinned"))


def _listed(board) -> list[str]:
    return [post.title for post in board_page(board=board, page_number=1, per_page=50).object_list]


@pytest.mark.django_db
def test_publishing_and_unpublishing_a_post_adds_and_removes_its_row(site_tree):
    board = site_tree["ko"].boards["news"]
    post = post_make(board, title="공개 소식")
    draft = post_make(board, title="초안 소식", publish=False)
    assert (board.pk, post.pk, False) in _rows()
    assert not BoardListing.objects.filter(post=draft).exists()
    post.unpublish()
    assert not BoardListing.objects.filter(post=post).exists()
    assert _listed(board) == []


@pytest.mark.django_db
def test_a_post_is_listed_on_its_other_boards_and_their_translations(site_tree):
    ko, en = site_tree["ko"], site_tree["en"]
    post = post_make(
        ko.boards["news"], title="성명 겸 소식", other_boards=[ko.boards["statements"]]
    )
    assert _listed(ko.boards["statements"]) == ["성명 겸 소식"]
    # an English post whose other_boards still point at the Korean board is listed on the English one
    english = post_make(
        en.boards["news"], title="Statement and news", other_boards=[ko.boards["statements"]]
    )
    assert _listed(en.boards["statements"]) == ["Statement and news"]
    assert (
        BoardListing.objects.filter(post=english, board=ko.boards["statements"]).exists() is False
    )
    assert BoardListing.objects.filter(post=post).count() == 2


@pytest.mark.django_db
def test_republishing_with_a_new_pin_and_date_reorders_the_board(site_tree):
    board = site_tree["ko"].boards["news"]
    old = post_make(board, title="오래된 글", days_ago=10)
    post_make(board, title="새 글", days_ago=1)
    assert _listed(board) == ["새 글", "오래된 글"]
    old.pinned = True
    old.save_revision().publish()
    assert _listed(board) == ["오래된 글", "새 글"]


@pytest.mark.django_db
def test_moving_a_post_moves_its_row_and_deleting_removes_it(site_tree):
    ko = site_tree["ko"]
    post = post_make(ko.boards["news"], title="옮길 글")
    post.move(ko.boards["press"], pos="last-child")
    assert _listed(ko.boards["news"]) == []
    assert _listed(ko.boards["press"]) == ["옮길 글"]
    PostPage.objects.get(pk=post.pk).delete()
    assert not BoardListing.objects.filter(post_id=post.pk).exists()


@pytest.mark.django_db
def test_a_private_post_is_left_out_of_the_board_page(site_tree):
    board = site_tree["ko"].boards["news"]
    post_make(board, title="모두에게")
    secret = post_make(board, title="회원에게만")
    PageViewRestriction.objects.create(page=secret, restriction_type=PageViewRestriction.LOGIN)
    assert _listed(board) == ["모두에게"]


@pytest.mark.django_db
def test_rebuild_gives_the_rows_publishing_kept(site_tree):
    ko = site_tree["ko"]
    post_make(ko.boards["news"], title="하나", pinned=True, other_boards=[ko.boards["press"]])
    post_make(ko.boards["statements"], title="둘")
    post_make(ko.boards["news"], title="셋", publish=False)
    kept = _rows()
    BoardListing.objects.all().delete()
    call_command("board_listings_rebuild", verbosity=0)
    assert _rows() == kept
    assert len(kept) == 3


@pytest.mark.django_db
def test_deep_pages_and_page_one_come_from_the_same_ordered_rows(site_tree):
    board = site_tree["en"].boards["news"]
    for number in range(7):
        post_make(board, title=f"Item {number}", days_ago=number)
    page_two = board_page(board=board, page_number=2, per_page=3)
    assert [p.title for p in page_two.object_list] == ["Item 3", "Item 4", "Item 5"]
    assert page_two.paginator.count == 7


@pytest.mark.django_db
def test_the_kept_count_of_a_board_follows_publishing(
    client, site_tree, data_cache_on, django_capture_on_commit_callbacks
):
    """With the data cache on, the board's unfiltered count is kept with its address: a post
    published or unpublished there changes the pages offered at once."""
    from candle.pages.factories import posts_make

    board = site_tree["en"].boards["notices"]
    posts_make(board, 15, prefix="Notice")

    def pages_offered() -> bool:
        return 'href="?page=2"' in client.get(board.url).content.decode()

    assert not pages_offered()
    assert not pages_offered()  # from the kept count
    with django_capture_on_commit_callbacks(execute=True):
        extra = post_make(board, title="One more")
    assert pages_offered()
    with django_capture_on_commit_callbacks(execute=True):
        extra.unpublish()
    assert not pages_offered()
