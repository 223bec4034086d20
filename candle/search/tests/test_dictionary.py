"""The user dictionary: an editor's word applies without a restart and reindexes what it affects."""

import pytest
from django.core.exceptions import ValidationError

from candle.pages.models import PostPage
from candle.pages.services import post_create
from candle.search.analysis import analyse_document
from candle.search.dictionary import user_dictionary_refresh
from candle.search.models import UserWord

pytestmark = pytest.mark.django_db


def test_seeded_word_is_known():
    assert UserWord.objects.filter(word="하나원").exists()
    user_dictionary_refresh(force=True)
    assert analyse_document("하나원에서").split()[0] == "하나원"


def test_adding_a_word_changes_analysis_and_reindexes(
    site_tree, django_capture_on_commit_callbacks
):
    board = site_tree["ko"].boards["news"]
    post = post_create(
        board=board, title="가나다라마연구소 방문", summary="가나다라마연구소를 찾았다."
    )
    with django_capture_on_commit_callbacks(execute=True):
        UserWord.objects.create(word="가나다라마연구소", tag=UserWord.Tag.PROPER_NOUN)
    assert analyse_document("가나다라마연구소를").split()[0] == "가나다라마연구소"
    assert [p.pk for p in PostPage.objects.search("가나다라마연구소")] == [post.pk]
    with django_capture_on_commit_callbacks(execute=True):
        UserWord.objects.filter(word="가나다라마연구소").get().delete()
    assert "가나다라마연구소" not in analyse_document("가나다라마연구소를").split()
    assert [p.pk for p in PostPage.objects.search("가나다라마연구소")] == [post.pk]


@pytest.mark.parametrize("word", ["", "두 단어", "하나원!", "<b>", "x" * 41])
def test_bad_words_are_refused_with_a_message(word):
    with pytest.raises(ValidationError):
        UserWord(word=word).full_clean()


def test_admin_snippet_lists_and_adds_words(admin_client):
    response = admin_client.get("/admin/snippets/candle_search/userword/")
    assert response.status_code == 200
    assert "하나원" in response.content.decode()
    response = admin_client.post(
        "/admin/snippets/candle_search/userword/add/", {"word": "두 단어", "tag": "NNP", "note": ""}
    )
    assert response.status_code == 200  # the form again, with the error
    assert not UserWord.objects.filter(word="두 단어").exists()
