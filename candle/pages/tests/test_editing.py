"""The page editor's defects editors met: boards a post may also be listed on, an image's alt
text in a body, and a slug held by an abandoned draft."""

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from candle.pages.blocks import CaptionedImageBlock
from candle.pages.factories import CandleImageFactory, post_make
from candle.pages.models import PostPage

pytestmark = pytest.mark.django_db


def _form_class():
    return PostPage.get_edit_handler().get_form_class()


def _board_choices(form) -> set[int]:
    return set(form.fields["other_boards"].queryset.values_list("pk", flat=True))


def test_also_listed_on_offers_the_other_boards_of_the_posts_language(site_tree, admin_user):
    ko, en = site_tree["ko"], site_tree["en"]
    post = post_make(ko.boards["news"], title="다른 게시판에도 싣는 글")

    form = _form_class()(instance=post, parent_page=ko.boards["news"], for_user=admin_user)

    expected = {b.pk for slug, b in ko.boards.items() if slug != "news"}
    assert _board_choices(form) == expected
    assert ko.boards["news"].pk not in _board_choices(form)
    assert not _board_choices(form) & {b.pk for b in en.boards.values()}


def test_a_new_post_is_offered_the_boards_of_its_parents_language(site_tree, admin_user):
    en = site_tree["en"]
    board = en.boards["statements"]
    new_post = PostPage(locale=board.locale)

    form = _form_class()(instance=new_post, parent_page=board, for_user=admin_user)

    assert _board_choices(form) == {b.pk for s, b in en.boards.items() if s != "statements"}


def _render(value) -> str:
    block = CaptionedImageBlock()
    return render_to_string(
        "pages/blocks/captioned_image_block.html", {"value": block.to_python(value)}
    )


def test_an_image_block_uses_the_images_own_alt_text_unless_the_editor_writes_one():
    image = CandleImageFactory(description="탁자 위의 촛불")
    block = CaptionedImageBlock()

    assert block.clean(block.to_python({"image": image.pk, "alt_text": "", "caption": ""}))
    assert 'alt="탁자 위의 촛불"' in _render({"image": image.pk, "alt_text": ""})
    assert 'alt="어둠 속 촛불 하나"' in _render(
        {"image": image.pk, "alt_text": "어둠 속 촛불 하나"}
    )


def _new_post_data(slug: str) -> dict:
    return nested_form_data(
        {
            "title": "새 글",
            "slug": slug,
            "date": "2026-12-01 10:00",
            "summary": "",
            "body": streamfield([]),
            "attachments": inline_formset([]),
            "media_links": inline_formset([]),
            "comments": inline_formset([]),
        }
    )


def test_a_slug_held_by_an_abandoned_draft_is_named_in_korean(site_tree, admin_user):
    board = site_tree["ko"].boards["news"]
    draft = post_make(board, title="쓰다 만 글", slug="taken", publish=False)
    assert not draft.live

    with translation.override("ko"):
        form = _form_class()(
            _new_post_data("taken"),
            instance=PostPage(locale=board.locale),
            parent_page=board,
            for_user=admin_user,
        )
        assert not form.is_valid()
        [message] = form.errors["slug"]

    assert "쓰다 만 글" in message
    assert "게시되지 않은 초안" in message
    assert "already" not in message


def test_labels_are_listed_in_the_editors_language_not_both():
    from candle.pages.models import Category

    label = Category.objects.create(slug="statement-x", name_ko="성명", name_en="Statement")
    with translation.override("ko"):
        assert str(label) == "성명"
    with translation.override("en"):
        assert str(label) == "Statement"
