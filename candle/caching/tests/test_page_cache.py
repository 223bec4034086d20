"""The full-page cache: what is stored, what never is, hits without the database, 304s."""

import pytest
from django.contrib.auth import get_user_model
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.urls import ResolverMatch

from candle.caching.middleware import CACHE_STATUS_HEADER, PageCacheMiddleware
from candle.pages.services import post_create


@pytest.fixture
def post(site_tree):
    return post_create(
        board=site_tree["ko"].boards["news"],
        title="난민 구호 소식",
        summary="요약",
        body_html="<p>본문</p>",
    )


def _status(response) -> str | None:
    return response.get(CACHE_STATUS_HEADER)


@pytest.mark.django_db
def test_a_hit_touches_no_database_and_is_the_same_page(
    client, page_cache_on, post, django_assert_num_queries
):
    first = client.get("/ko/news/")
    assert first.status_code == 200 and _status(first) == "miss"
    assert "public" in first["Cache-Control"] and "max-age=60" in first["Cache-Control"]
    with django_assert_num_queries(0):
        second = client.get("/ko/news/")
    assert _status(second) == "hit"
    assert second.content == first.content
    assert "난민 구호 소식" in second.content.decode()
    for header in ("Content-Type", "Content-Language", "ETag", "Last-Modified", "X-Frame-Options"):
        assert second[header] == first[header]


@pytest.mark.django_db
def test_each_query_string_is_its_own_entry(client, page_cache_on, post):
    assert _status(client.get("/ko/news/")) == "miss"
    assert _status(client.get("/ko/news/?page=2")) == "miss"
    assert _status(client.get("/ko/news/?page=2")) == "hit"


@pytest.mark.django_db
def test_etag_and_last_modified_give_304s(client, page_cache_on, post, django_assert_num_queries):
    first = client.get(post.url)
    etag, modified = first["ETag"], first["Last-Modified"]
    with django_assert_num_queries(0):
        assert client.get(post.url, HTTP_IF_NONE_MATCH=etag).status_code == 304
        assert client.get(post.url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    assert client.get(post.url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


@pytest.mark.django_db
def test_head_gets_headers_without_the_body(client, page_cache_on, post):
    body = client.get("/ko/").content
    head = client.head("/ko/")
    assert (
        _status(head) == "hit" and head.content == b"" and int(head["Content-Length"]) == len(body)
    )


@pytest.mark.django_db
def test_signed_in_users_are_never_served_or_stored(client, page_cache_on, post):
    assert _status(client.get("/ko/news/")) == "miss"
    user = get_user_model().objects.create_user(
        "editor-example", "editor@candle.example", "a-long-password-1"
    )
    client.force_login(user)
    response = client.get("/ko/news/")
    assert response.status_code == 200 and _status(response) is None
    client.logout()
    client.cookies.clear()
    assert _status(client.get("/ko/news/")) == "hit"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["/admin/login/", "/ko/give/", "/en/supporters/", "/language/en/1/", "/documents/1/x.pdf"],
)
def test_private_addresses_are_never_looked_up_or_stored(client, page_cache_on, site_tree, path):
    for _ in range(2):
        response = client.get(path)
        assert _status(response) is None
        assert "public" not in response.get("Cache-Control", "")


@pytest.mark.django_db
def test_errors_and_redirects_are_not_stored(client, page_cache_on, site_tree):
    for _ in range(2):
        assert _status(client.get("/ko/no-such-page/")) is None
        assert _status(client.get("/")) is None  # the language redirect


@pytest.mark.django_db
def test_hostile_host_header_is_refused_not_cached(client, page_cache_on, site_tree):
    response = client.get("/ko/", HTTP_HOST="evil.example")
    assert response.status_code == 400


@pytest.mark.django_db
def test_oversized_query_strings_bypass_the_cache(client, page_cache_on, site_tree):
    path = "/ko/news/?year=" + "9" * 400
    assert client.get(path).status_code == 200
    assert _status(client.get(path)) is None


# --- The middleware's promises about responses, checked directly ------------------------------


def _middleware(view):
    def get_response(request):
        request.resolver_match = ResolverMatch(lambda r: None, (), {}, url_name=request._url_name)
        return view(request)

    return PageCacheMiddleware(get_response)


def _run_twice(view, url_name="wagtail_serve", path="/ko/news/"):
    middleware = _middleware(view)
    results = []
    for _ in range(2):
        request = RequestFactory().get(path)
        request._url_name = url_name
        results.append(middleware(request))
    return results


@pytest.mark.django_db
def test_a_page_with_a_csrf_token_is_never_stored(page_cache_on):
    calls = []

    def view(request):
        calls.append(1)
        return HttpResponse(
            f'<form method="post"><input name="csrfmiddlewaretoken" value="{get_token(request)}"></form>'
        )

    first, second = _run_twice(view)
    assert len(calls) == 2 and _status(second) is None


@pytest.mark.django_db
def test_previews_cookies_and_private_responses_are_never_stored(page_cache_on):
    def preview(request):
        request.is_preview = True
        return HttpResponse("preview")

    def with_cookie(request):
        response = HttpResponse("hello")
        response.set_cookie("seen", "1")
        return response

    def private(request):
        response = HttpResponse("mine")
        response["Cache-Control"] = "private, max-age=0"
        return response

    for view in (preview, with_cookie, private):
        assert _status(_run_twice(view)[1]) is None, view.__name__


@pytest.mark.django_db
def test_views_off_the_allowlist_are_never_stored(page_cache_on):
    """A private app added later is safe without anyone remembering to exclude it."""
    calls = []

    def view(request):
        calls.append(1)
        return HttpResponse("a future private app")

    _run_twice(view, url_name="casework_case_detail", path="/ko/casework/1/")
    assert len(calls) == 2


@pytest.mark.django_db
def test_the_cache_can_be_switched_off(client, settings, post):
    settings.CANDLE_PAGE_CACHE_ENABLED = False
    client.get("/ko/news/")
    assert _status(client.get("/ko/news/")) is None


@pytest.mark.django_db
def test_a_purge_during_rendering_leaves_no_stale_page(page_cache_on):
    """A publish that lands while a page is being rendered must not be undone by storing it."""
    from candle.caching.store import cached_paths_forget

    calls = []

    def view(request):
        calls.append(1)
        if len(calls) == 1:
            cached_paths_forget(["/ko/news/"])  # an editor publishes meanwhile
        return HttpResponse("listing")

    middleware = _middleware(view)
    for _ in range(3):
        request = RequestFactory().get("/ko/news/")
        request._url_name = "wagtail_serve"
        middleware(request)
    assert len(calls) == 2  # rendered again after the purge, then served from the cache


@pytest.mark.django_db
def test_making_a_cached_post_private_takes_it_out_at_once(
    client, page_cache_on, settings, post, django_capture_on_commit_callbacks
):
    """A post cached while public, then restricted to signed-in users: neither the post nor
    the board listing it may be served from the cache any more; lifting it brings both back."""
    from wagtail.models import PageViewRestriction

    settings.CANDLE_DATA_CACHE_ENABLED = True  # the restricted paths are kept there too
    for address in (post.url, "/ko/news/", "/ko/"):
        client.get(address)
        assert _status(client.get(address)) == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=post, restriction_type=PageViewRestriction.LOGIN
        )
    response = client.get(post.url)
    assert response.status_code == 302  # to the login page, not the cached copy
    assert post.title not in client.get("/ko/news/").content.decode()
    assert post.title not in client.get("/ko/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert client.get(post.url).status_code == 200
    assert post.title in client.get("/ko/news/").content.decode()


@pytest.mark.django_db
def test_a_boards_new_category_shows_at_once(
    client, page_cache_on, settings, post, site_tree, django_capture_on_commit_callbacks
):
    """A board's categories are a plain many-to-many (saved with the board, draft or not):
    changing them purges the board, whose filter menu (and its kept filter options) shows them."""
    from candle.pages.models import Category

    settings.CANDLE_DATA_CACHE_ENABLED = True  # the filter options are kept there too
    board = site_tree["ko"].boards["news"]
    client.get("/ko/news/")
    assert _status(client.get("/ko/news/")) == "hit"
    category = Category.objects.create(
        slug="appeal-test", name_ko="긴급 호소 시험", name_en="Appeal test"
    )
    with django_capture_on_commit_callbacks(execute=True):
        board.categories.add(category)
    response = client.get("/ko/news/")
    assert _status(response) == "miss"
    assert "긴급 호소 시험" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        board.categories.remove(category)
    assert "긴급 호소 시험" not in client.get("/ko/news/").content.decode()
