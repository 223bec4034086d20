"""How often a page is analysed: once per field per index run, and not on bookkeeping saves."""

from unittest import mock

import pytest
from wagtail.search import index

from candle.search.backends import indexing


@pytest.fixture
def post(site_tree):
    from candle.pages.services import post_create

    return post_create(board=site_tree["ko"].boards["news"], title="탈북청소년 교육 지원", summary="하나원 수료생의 정착")


def _counting():
    calls = []
    real = indexing.analyse_document

    def counted(text):
        calls.append(text)
        return real(text)

    return calls, mock.patch.object(indexing, "analyse_document", counted)


@pytest.mark.django_db
def test_each_field_is_analysed_once_per_index_run(post):
    calls, patch = _counting()
    with patch:
        index.insert_or_update_object(post)
    # modelsearch reads the fields three times (title, body, autocomplete); Kiwi runs once each
    assert calls, "indexing analysed nothing"
    assert calls.count("하나원 수료생의 정착") == 1
    assert calls.count("탈북청소년 교육 지원") <= 2  # title as SearchField and as AutocompleteField


@pytest.mark.django_db
def test_the_index_still_finds_what_was_analysed_once(post):
    from wagtail.models import Page

    assert post.pk in set(Page.objects.live().search("수료생").get_queryset().values_list("pk", flat=True))
    assert post.pk in set(Page.objects.live().search("탈북").get_queryset().values_list("pk", flat=True))


@pytest.mark.django_db
def test_save_revision_does_not_reindex_but_publishing_does(post):
    calls, patch = _counting()
    post.summary = "제네바 유엔 회의"
    with patch:
        revision = post.save_revision()
    assert calls == [], "a draft revision (bookkeeping columns only) was reindexed"
    with patch:
        revision.publish()
    assert "제네바 유엔 회의" in calls
