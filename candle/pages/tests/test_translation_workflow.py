"""Translations reach readers through review like any page: "Translate this page" makes a
draft, and "Sync translated pages" never publishes (wagtail-localize's defaults publish a
live source's translation at once)."""

import pytest
from django.urls import resolve, reverse
from wagtail.models import Locale

from candle.pages.admin_views import TranslationsSyncView
from candle.pages.factories import post_make
from candle.pages.models import PostPage
from candle.pages.services import page_content_update, page_translate
from candle.pages.workflow import workflow_setup


@pytest.fixture
def editor_client(client, django_user_model, site_tree):
    workflow_setup()
    client.force_login(django_user_model.objects.create_superuser("chief", password="x-pass-1"))
    return client


def test_translate_this_page_makes_a_draft_that_readers_do_not_see(
    editor_client, site_tree, django_capture_on_commit_callbacks
):
    post = post_make(site_tree["ko"].boards["news"], title="번역할 성명", slug="to-translate")
    assert post.live
    en = Locale.objects.get(language_code="en")
    with django_capture_on_commit_callbacks(execute=True):  # wagtail-localize publishes on commit
        response = editor_client.post(
            reverse("wagtail_localize:submit_page_translation", args=[post.pk]),
            {"locales": [en.pk]},
        )
    assert response.status_code == 302
    translated = PostPage.objects.get(translation_key=post.translation_key, locale=en)
    assert not translated.live
    assert translated.get_workflow() is not None  # it goes through the review like any page
    editor_client.logout()
    assert editor_client.get("/en/news/to-translate/").status_code == 404
    assert "to-translate" not in editor_client.get("/en/news/").content.decode()
    assert 'rel="alternate" hreflang="en"' not in editor_client.get(post.url).content.decode()


def test_sync_translated_pages_never_publishes(
    editor_client, site_tree, django_capture_on_commit_callbacks
):
    en = Locale.objects.get(language_code="en")
    post = post_make(site_tree["ko"].boards["news"], title="원래 제목", slug="synced")
    translated = page_translate(
        page=post,
        locale=en,
        translated=PostPage(
            title="Original title", slug="synced", summary="A summary", byline="Kim Gamyeong"
        ),
    )
    live_revision = translated.live_revision_id
    page_content_update(page=post, title="바뀐 제목")  # the source is changed and republished
    from wagtail_localize.models import TranslationSource

    source = TranslationSource.objects.get_for_instance(post)
    url = reverse("wagtail_localize:update_translations", args=[source.pk])
    assert resolve(url).func.view_class is TranslationsSyncView
    assert "publish_translations" not in editor_client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(url, {"publish_translations": "on"})
    assert response.status_code == 302
    translated = PostPage.objects.get(pk=translated.pk)
    assert translated.live_revision_id == live_revision
    assert translated.title == "Original title"
    editor_client.logout()
    shown = editor_client.get(translated.url).content.decode()
    assert "Original title" in shown and "바뀐 제목" not in shown
