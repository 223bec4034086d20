"""candle.pages.routing finds exactly the page (and sub-route) Wagtail's own routing finds,
for every page of a bilingual tree and for paths that must not resolve, in fewer queries."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Page, PageViewRestriction

from candle.pages import routing
from candle.pages.factories import post_make
from candle.pages.models import PostPage


def _request(path: str):
    return RequestFactory().get(path, HTTP_HOST="localhost")


def _outcome(result):
    """A route result as comparable data: the page, and the sub-route's view name and args."""
    if result is None:
        return None
    page, args, kwargs = result
    if args:
        view, view_args, view_kwargs = args
        return (page.pk, type(page).__name__, view.__name__, tuple(view_args), view_kwargs)
    return (page.pk, type(page).__name__, tuple(args), kwargs)


def _both(language: str, path: str):
    """(Wagtail's route, Candle's route) for ``/language/path``."""
    with translation.override(language):
        wagtail = Page.route_for_request(_request(f"/{language}/{path}"), path)
        candle = routing.route_for_request(_request(f"/{language}/{path}"), path)
    return _outcome(wagtail), _outcome(candle)


def _tree_paths(site_tree, language: str) -> list[str]:
    home = site_tree[language].home
    paths = []
    for page in home.get_descendants(inclusive=True).specific():
        url_path = page.url_path[len(home.url_path) :]
        paths.append(url_path)
    return paths


@pytest.mark.django_db
def test_every_page_of_both_trees_routes_as_wagtail_routes_it(site_tree):
    ko_board = site_tree["ko"].boards["news"]
    post_make(ko_board, title="라우팅 시험 글")
    post_make(site_tree["en"].boards["news"], title="A routing test post")
    post_make(ko_board, title="피드라는 글", slug="feed")  # a post named like a board's sub-route
    for language in ("ko", "en"):
        paths = _tree_paths(site_tree, language)
        assert len(paths) > 10
        for path in paths:
            wagtail, candle = _both(language, path)
            assert wagtail is not None, path
            assert candle == wagtail, (language, path)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "",
        "news/feed/rss/",  # a board's own sub-route
        "news/feed/atom/",
        "news/feed/",  # the post named "feed", not a sub-route
        "news/feed/nothing/",
        "news/does-not-exist/",
        "no-such-page/",
        "news/unpublished-post/",
        "news/unpublished-post/deeper/",
        "a/b/c/d/e/f/g/h/i/j/k/l/m/n/",  # deeper than the fast walk goes
        "english-only/",
    ],
)
def test_paths_that_do_and_do_not_resolve_agree_with_wagtail(site_tree, path):
    board = site_tree["ko"].boards["news"]
    post_make(board, title="피드라는 글", slug="feed")
    post_make(board, title="비공개 초안", slug="unpublished-post", publish=False)
    post_make(site_tree["en"].boards["news"], title="Only in English", slug="english-only")
    for language in ("ko", "en"):
        wagtail, candle = _both(language, path)
        assert candle == wagtail, (language, path)


@pytest.mark.django_db
def test_a_page_under_a_view_restriction_routes_like_wagtail(site_tree):
    board = site_tree["ko"].boards["news"]
    post = post_make(board, title="회원 전용", slug="members-only")
    PageViewRestriction.objects.create(page=post, restriction_type=PageViewRestriction.LOGIN)
    wagtail, candle = _both("ko", "news/members-only/")
    assert candle == wagtail
    assert candle[0] == post.pk  # routing finds it; serving it is what asks for a login


@pytest.mark.django_db
def test_an_unknown_host_falls_back_to_the_default_site_like_wagtail(site_tree):
    with translation.override("ko"):
        request = RequestFactory().get("/ko/news/", HTTP_HOST="unknown.example")
        candle = routing.route_for_request(request, "news/")
        wagtail = Page.route_for_request(
            RequestFactory().get("/ko/news/", HTTP_HOST="unknown.example"), "news/"
        )
    assert _outcome(candle) == _outcome(wagtail)
    assert _outcome(candle)[0] == site_tree["ko"].boards["news"].pk


@pytest.mark.django_db
def test_a_post_is_found_in_fewer_queries_than_wagtail_needs(site_tree):
    post = post_make(site_tree["ko"].boards["news"], title="질의 수 시험", slug="query-count")
    with translation.override("ko"):
        with CaptureQueriesContext(connection) as wagtail_queries:
            wagtail = Page.route_for_request(_request("/ko/news/query-count/"), "news/query-count/")
        with CaptureQueriesContext(connection) as candle_queries:
            candle = routing.route_for_request(
                _request("/ko/news/query-count/"), "news/query-count/"
            )
    assert isinstance(candle[0], PostPage)
    assert candle[0].pk == wagtail[0].pk == post.pk
    # the site, then one query for the whole walk, then the post itself
    assert len(candle_queries) == 3
    assert len(candle_queries) < len(wagtail_queries)


@pytest.mark.django_db
def test_the_site_pages_are_served_through_candle_routing(client, site_tree):
    post_make(site_tree["ko"].boards["news"], title="서빙 시험", slug="served")
    response = client.get("/ko/news/served/")
    assert response.status_code == 200
    assert "서빙 시험" in response.content.decode()
    assert response.resolver_match.func.__module__ == "candle.pages.views"
    assert client.get("/ko/news/not-there/").status_code == 404
    assert client.get("/ko/news/feed/rss/").status_code == 200


@pytest.mark.django_db
def test_a_walk_made_before_is_reused_only_while_it_still_leads_there(
    client, site_tree, data_cache_on
):
    """A worker reuses a walk (one query less) under the same generation while the page found
    still has the same url_path; a slug changed behind its back makes it walk again."""
    board = site_tree["ko"].boards["news"]
    post = post_make(board, title="걸음 시험", slug="walk-test")
    assert client.get("/ko/news/walk-test/").status_code == 200
    request = _request("/ko/news/walk-test/")
    routing.site_for_request(request)  # reads the generation, as serve() does
    with translation.override("ko"), CaptureQueriesContext(connection) as queries:
        from candle.caching.store import request_tokens_reset

        request_tokens_reset()
        request = _request("/ko/news/walk-test/")
        result = routing.route_for_request(request, "news/walk-test/")
    assert result is not None and result[0].pk == post.pk
    assert len(queries) == 1  # the page itself; the walk was reused
    # The slug changes without any signal (no purge): the old address must not find it.
    PostPage.objects.filter(pk=post.pk).update(
        slug="walked-away", url_path=post.url_path.replace("walk-test", "walked-away")
    )
    assert client.get("/ko/news/walk-test/").status_code == 404
    assert client.get("/ko/news/walked-away/").status_code == 200


@pytest.mark.django_db
def test_a_walk_to_a_page_deleted_since_is_walked_again(client, site_tree, data_cache_on):
    """A post deleted without a site-wide purge (deleting a post purges its own addresses, not
    the generation a worker's walks are kept under): its address is a 404, never a 500 from the
    kept walk pointing at a row that is gone (a post's ``DoesNotExist`` is not ``Page``'s)."""
    board = site_tree["ko"].boards["news"]
    post = post_make(board, title="지울 글", slug="to-delete")
    assert client.get("/ko/news/to-delete/").status_code == 200  # the walk is kept
    PostPage.objects.filter(pk=post.pk).delete()  # no signal reaches the generation
    assert client.get("/ko/news/to-delete/").status_code == 404


@pytest.mark.django_db
def test_a_home_translation_going_live_changes_where_a_walk_starts(
    client, site_tree, data_cache_on, django_capture_on_commit_callbacks
):
    """/en/… is walked from the English home once it is live; a walk kept from before must not
    keep serving the Korean page (a home page's publish moves on to a new generation)."""
    en_home = site_tree["en"].home
    with django_capture_on_commit_callbacks(execute=True):
        en_home.unpublish()
    before = client.get("/en/news/")
    with django_capture_on_commit_callbacks(execute=True):
        en_home.save_revision().publish()
    after = client.get("/en/news/")
    assert after.status_code == 200
    assert f"<h1>{site_tree['en'].boards['news'].title}</h1>" in after.content.decode()
    # (Before, Wagtail's rule walks /en/… from the Korean home: the Korean board answered.)
    assert f"<h1>{site_tree['ko'].boards['news'].title}</h1>" in before.content.decode()
