"""What a post page shows besides its own fields: its categories, work areas and boards, read
from the link tables in one query for a live post, and from the draft for a preview."""

import pytest

from candle.pages.factories import category, post_make, work_area
from candle.pages.models import PostPage
from candle.pages.selectors import post_detail_extras


def _labels(extras) -> tuple[list[str], list[str], list[str]]:
    return (
        [c.slug for c in extras["post_categories"]],
        [a.slug for a in extras["post_work_areas"]],
        [b["title"] for b in extras["boards"]],
    )


@pytest.mark.django_db
def test_a_live_post_shows_its_labels_and_boards_in_order(site_tree):
    ko = site_tree["ko"]
    post = post_make(
        ko.boards["statements"],
        title="두 게시판의 성명",
        categories=[category("un"), category("statement")],
        work_areas=[work_area("rescue"), work_area("advocacy")],
        other_boards=[ko.boards["news"]],
    )
    categories, areas, boards = _labels(post_detail_extras(post=PostPage.objects.get(pk=post.pk)))
    expected_categories = [c.slug for c in post.categories.order_by("sort_order", "slug")]
    expected_areas = [a.slug for a in post.work_areas.order_by("sort_order", "slug")]
    assert categories == expected_categories and len(categories) == 2
    assert areas == expected_areas and len(areas) == 2
    in_tree_order = sorted([ko.boards["statements"], ko.boards["news"]], key=lambda b: b.path)
    assert boards == [b.title for b in in_tree_order]


@pytest.mark.django_db
def test_a_preview_shows_the_drafts_labels_not_the_live_ones(site_tree):
    post = post_make(
        site_tree["ko"].boards["news"],
        title="초안이 있는 글",
        categories=[category("un")],
        work_areas=[work_area("rescue")],
    )
    draft = PostPage.objects.get(pk=post.pk)
    draft.categories.set([category("statement")])
    draft.work_areas.set([work_area("advocacy")])
    draft.save_revision()  # a draft: the live post keeps its labels
    live = post_detail_extras(post=PostPage.objects.get(pk=post.pk))
    assert _labels(live)[:2] == (["un"], ["rescue"])
    preview = PostPage.objects.get(pk=post.pk).get_latest_revision_as_object()
    assert _labels(post_detail_extras(post=preview))[:2] == (["statement"], ["advocacy"])


@pytest.mark.django_db
def test_an_unpublished_board_is_not_linked(site_tree):
    ko = site_tree["ko"]
    post = post_make(ko.boards["news"], title="두 곳에 실린 글", other_boards=[ko.boards["press"]])
    ko.boards["press"].unpublish()
    _categories, _areas, boards = _labels(post_detail_extras(post=PostPage.objects.get(pk=post.pk)))
    assert boards == [ko.boards["news"].title]
