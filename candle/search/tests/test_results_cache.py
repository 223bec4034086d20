"""The kept ranking (``ranked_rows_cached``): a word asked again is not ranked again, and what
it keeps never outlives a change to the index or shows a page the reader may not see."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page
from wagtail.search import index

from candle.pages.services import post_create

pytestmark = pytest.mark.django_db


def _search(client, query: str = "강제송환", **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/ko/search/", {"q": query, **params})
    assert response.status_code == 200
    titles = [row["page"].title for row in response.context["rows"]]
    ranked = [q["sql"] for q in queries.captured_queries if '"capped_count"' in q["sql"]]
    results = response.context["results"]
    total = results.paginator.count if results is not None else 0
    return titles, total, len(ranked)


def test_a_word_asked_again_is_not_ranked_again(client, refugees_post, data_cache_on):
    assert _search(client) == (["강제송환 소식"], 1, 1)
    assert _search(client) == (["강제송환 소식"], 1, 0)
    # another word, another filter: each ranked on its own, then kept too
    assert _search(client, "소식")[2] == 1
    assert _search(client, type="reports") == ([], 0, 1)
    assert _search(client, type="reports") == ([], 0, 0)


def test_each_page_of_results_is_kept_on_its_own(client, site_tree, data_cache_on):
    board = site_tree["ko"].boards["news"]
    for number in range(12):
        post_create(board=board, title=f"강제송환 소식 {number}")
    first, second = _search(client), _search(client, page="2")
    assert (len(first[0]), first[1:]) == (10, (12, 1))
    assert (len(second[0]), second[1:]) == (2, (12, 1))
    assert not set(first[0]) & set(second[0])
    assert _search(client, page="2") == (second[0], 12, 0)


def test_off_when_its_seconds_are_zero(client, refugees_post, data_cache_on, settings):
    settings.CANDLE_SEARCH_RESULTS_SECONDS = 0
    assert _search(client)[2] == 1
    assert _search(client)[2] == 1


def test_off_with_the_data_cache(client, refugees_post):
    assert _search(client)[2] == 1
    assert _search(client)[2] == 1


def test_a_new_post_shows_at_once(
    client, site_tree, refugees_post, data_cache_on, django_capture_on_commit_callbacks
):
    assert _search(client)[:2] == (["강제송환 소식"], 1)
    with django_capture_on_commit_callbacks(execute=True):
        post_create(board=site_tree["ko"].boards["news"], title="강제송환 두 번째 소식")
    titles, total, ranked = _search(client)
    assert sorted(titles) == ["강제송환 두 번째 소식", "강제송환 소식"]
    assert (total, ranked) == (2, 1)


def test_an_index_write_without_a_publish_forgets_the_kept_ranking(
    client, site_tree, refugees_post, data_cache_on, django_capture_on_commit_callbacks
):
    """A document's text extracted later, a user word's reindex, ``update_index``: they write
    to the index without publishing anything, and the kept ranking must go with them."""
    other = post_create(board=site_tree["ko"].boards["statements"], title="다른 소식")
    assert _search(client)[:2] == (["강제송환 소식"], 1)
    Page.objects.filter(pk=other.pk).update(title="강제송환 성명")  # no signal, no reindex
    assert _search(client)[:2] == (["강제송환 소식"], 1)  # kept, as the index still says
    with django_capture_on_commit_callbacks(execute=True):
        index.insert_or_update_object(Page.objects.get(pk=other.pk).specific)
    titles, total, ranked = _search(client)
    assert sorted(titles) == ["강제송환 성명", "강제송환 소식"]
    assert (total, ranked) == (2, 1)


def test_a_removed_index_entry_forgets_the_kept_ranking(
    client, refugees_post, data_cache_on, django_capture_on_commit_callbacks
):
    assert _search(client)[:2] == (["강제송환 소식"], 1)
    with django_capture_on_commit_callbacks(execute=True):
        index.remove_object(Page.objects.get(pk=refugees_post.pk).specific)
    assert _search(client)[:2] == ([], 0)


def test_a_page_gone_from_public_view_is_never_shown_from_the_kept_ranking(
    client, refugees_post, data_cache_on
):
    """Only ids are kept; the pages are read through the reader's filter each time, so even
    before any purge (here: none at all) an unpublished page is not shown."""
    assert _search(client)[:2] == (["강제송환 소식"], 1)
    Page.objects.filter(pk=refugees_post.pk).update(live=False)  # no signal, no purge
    titles, _total, ranked = _search(client)
    assert titles == [] and ranked == 0


@pytest.mark.parametrize(
    "query",
    ['"강제송환', "강제송환*", "NEAR(강제 송환)", "강제송환' OR 1=1 --", "강제송환 🕯️", "a" * 300],
)
def test_hostile_queries_are_kept_and_answered_like_any_other(
    client, refugees_post, data_cache_on, query
):
    first = _search(client, query)
    second = _search(client, query)
    assert first[:2] == second[:2]
    assert second[2] == 0


def test_its_setting_refuses_a_value_that_is_not_a_whole_number(monkeypatch):
    from candle.settings.base import _env_int

    monkeypatch.setenv("CANDLE_SEARCH_RESULTS_SECONDS", "ten minutes")
    with pytest.raises(ImproperlyConfigured, match="CANDLE_SEARCH_RESULTS_SECONDS"):
        _env_int("CANDLE_SEARCH_RESULTS_SECONDS", 600)
    monkeypatch.setenv("CANDLE_SEARCH_RESULTS_SECONDS", "0")
    assert _env_int("CANDLE_SEARCH_RESULTS_SECONDS", 600) == 0
    monkeypatch.delenv("CANDLE_SEARCH_RESULTS_SECONDS")
    assert _env_int("CANDLE_SEARCH_RESULTS_SECONDS", 600) == 600


def test_the_same_search_asked_with_other_parameters_is_shown_from_what_was_kept(
    client, refugees_post, data_cache_on
):
    """A results page is kept under what the page reads of the request (the cleaned words, the
    filters, the page number), not its query string: a link's tracking parameters or spacing
    find it too, after one query that checks its pages are still public and unchanged."""
    first = client.get("/ko/search/", {"q": "강제송환"})
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/ko/search/", {"q": "  강제송환 ", "utm_source": "newsletter"})
    assert again.content.decode().count("<mark>강제송환</mark> 소식") == 1
    assert again.content == first.content  # the box shows the cleaned words in both
    assert len(queries.captured_queries) == 1


def test_a_kept_results_page_is_in_the_readers_language(client, refugees_post, data_cache_on):
    """Both languages' pages searched from each language (``all=1``) find the same post; each
    results page labels it in its own language, so each is kept on its own."""
    shown = {}
    for language in ("ko", "en", "ko"):
        response = client.get(f"/{language}/search/", {"q": "강제송환", "all": "1"})
        assert [row["page"].pk for row in response.context["rows"]] == [refugees_post.pk]
        label = {"ko": "활동소식", "en": "News"}[language]  # its board, in the reader's language
        assert str(response.context["rows"][0]["kind"]) == label
        shown.setdefault(language, label)
    assert shown["ko"] != shown["en"]


def test_a_title_changed_with_no_purge_is_never_shown_from_a_kept_results_page(
    client, refugees_post, data_cache_on
):
    _search(client)
    Page.objects.filter(pk=refugees_post.pk).update(title="강제송환 소식 (정정)")  # no signal
    assert _search(client)[0] == ["강제송환 소식 (정정)"]
    response = client.get("/ko/search/", {"q": "강제송환"})
    assert "<mark>강제송환</mark> 소식 (정정)" in response.content.decode()
