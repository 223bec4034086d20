"""What a post page shows besides its own fields: its categories, work areas and boards, read
from the link tables in one query for a live post, and from the draft for a preview."""

import pytest

from candle.pages.factories import category, post_make, work_area
from candle.pages.models import PostPage
from candle.pages.post_detail import post_detail_extras


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


@pytest.mark.django_db
def test_a_post_without_comments_attachments_links_or_replies_shows_none(site_tree):
    post = post_make(site_tree["ko"].boards["news"], title="덧붙인 것 없는 글")
    extras = post_detail_extras(post=PostPage.objects.get(pk=post.pk))
    assert extras["comments"] == [] and extras["attachments"] == []
    assert extras["media_links"] == [] and extras["replies"] == []


@pytest.mark.django_db
def test_only_what_the_post_has_is_read_and_all_of_it_is_shown(site_tree):
    import datetime

    from django.utils import timezone

    from candle.pages.factories import CandleDocumentFactory
    from candle.pages.models import PostComment

    board = site_tree["ko"].boards["news"]
    document = CandleDocumentFactory(title="자료집")
    post = post_make(
        board,
        title="자료가 딸린 글",
        attachments=[(document, "2024 자료집")],
        media_links=[("기사", "https://news.example/a", "예시일보", None)],
    )
    when = timezone.now() - datetime.timedelta(days=1)
    shown = PostComment.objects.create(
        post=post, author_name="박가명", body="응원합니다", created_at=when
    )
    PostComment.objects.create(
        post=post, parent=shown, author_name="관리자", body="감사합니다", created_at=when
    )
    PostComment.objects.create(
        post=post, author_name="익명", body="숨긴 댓글", created_at=when, is_public=False
    )
    reply = post_make(board, title="답글", in_reply_to=post)
    post_make(board, title="초안 답글", in_reply_to=post, publish=False)
    extras = post_detail_extras(post=PostPage.objects.get(pk=post.pk))
    assert [c.body for c in extras["comments"]] == ["응원합니다"]
    assert [a.body for a in extras["comments"][0].answers.all()] == ["감사합니다"]
    assert [a.caption for a in extras["attachments"]] == ["2024 자료집"]
    assert extras["attachments"][0].document.title == "자료집"
    assert [m.outlet for m in extras["media_links"]] == ["예시일보"]
    assert [r.pk for r in extras["replies"]] == [reply.pk]
    # hidden comments alone count as none
    PostComment.objects.filter(is_public=True).update(is_public=False)
    assert post_detail_extras(post=PostPage.objects.get(pk=post.pk))["comments"] == []


@pytest.mark.django_db
def test_a_preview_shows_its_draft_attachments_when_the_live_post_has_none(site_tree):
    from candle.pages.factories import CandleDocumentFactory
    from candle.pages.models import PostAttachment

    post = post_make(site_tree["en"].boards["news"], title="Attachment to come")
    draft = PostPage.objects.get(pk=post.pk)
    draft.attachments = [PostAttachment(document=CandleDocumentFactory(), caption="Draft file")]
    draft.save_revision()
    assert post_detail_extras(post=PostPage.objects.get(pk=post.pk))["attachments"] == []
    preview = PostPage.objects.get(pk=post.pk).get_latest_revision_as_object()
    assert [a.caption for a in post_detail_extras(post=preview)["attachments"]] == ["Draft file"]


@pytest.mark.django_db
def test_a_draft_reply_alone_is_not_counted_as_a_reply(site_tree):
    """The links query asks whether a live reply exists; a draft one does not count."""
    from candle.pages.post_detail import _REPLIES, _post_links

    board = site_tree["ko"].boards["news"]
    post = post_make(board, title="답글을 기다리는 글")
    draft = post_make(board, title="초안 답글", in_reply_to=post, publish=False)
    assert _post_links(post, kinds={_REPLIES})[_REPLIES] == set()
    draft.save_revision().publish()
    assert _post_links(post, kinds={_REPLIES})[_REPLIES] == {0}
    assert [r.pk for r in post_detail_extras(post=post)["replies"]] == [draft.pk]
