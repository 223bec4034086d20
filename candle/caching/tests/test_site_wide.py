"""The data cache for what every page shows (menu, footer links): kept between requests, and
forgotten when a page at the top of the tree is published, renamed or unpublished."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from candle.caching.store import page_cache


def _menu_titles(client) -> str:
    return (
        client.get("/ko/")
        .content.decode()
        .split('<nav class="site-nav"', 1)[1]
        .split("</nav>", 1)[0]
    )


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    return len(queries)


@pytest.mark.django_db
def test_menu_and_footer_are_read_once_then_kept(client, site_tree, data_cache_on, settings):
    client.get("/ko/")
    cached = _queries(client, "/ko/")
    settings.CANDLE_DATA_CACHE_ENABLED = False
    uncached = _queries(client, "/ko/")
    assert cached < uncached, (cached, uncached)


@pytest.mark.django_db
def test_renaming_a_menu_page_shows_at_once(
    client, site_tree, data_cache_on, django_capture_on_commit_callbacks
):
    about = site_tree["ko"].home.get_children().live().in_menu().first().specific
    assert about.title in _menu_titles(client)
    about.title = "단체 소개 (새 이름)"
    with django_capture_on_commit_callbacks(execute=True):
        about.save_revision().publish()
    assert "단체 소개 (새 이름)" in _menu_titles(client)


@pytest.mark.django_db
def test_unpublishing_a_menu_page_removes_it(
    client, site_tree, data_cache_on, django_capture_on_commit_callbacks
):
    page = site_tree["ko"].home.get_children().live().in_menu().last().specific
    assert f">{page.title}<" in _menu_titles(client)
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert f">{page.title}<" not in _menu_titles(client)


@pytest.mark.django_db
def test_the_site_lookup_is_kept_and_forgotten_when_the_site_changes(
    client, site_tree, data_cache_on, django_capture_on_commit_callbacks
):
    from wagtail.models import Site

    client.get("/ko/")
    assert _queries(client, "/ko/news/") < _queries_without_data_cache(client, "/ko/news/")
    assert client.get("/ko/news/").status_code == 200
    # The site's root becomes the news board: /ko/ is the board, and /ko/news/ is nothing.
    site = Site.objects.get(is_default_site=True)
    site.root_page = site_tree["ko"].boards["news"]
    with django_capture_on_commit_callbacks(execute=True):
        site.save()
    assert client.get("/ko/news/").status_code == 404
    board_title = site_tree["ko"].boards["news"].title
    assert f"<h1>{board_title}</h1>" in client.get("/ko/").content.decode()


def _queries_without_data_cache(client, path: str) -> int:
    from django.conf import settings

    settings.CANDLE_DATA_CACHE_ENABLED = False
    try:
        return _queries(client, path)
    finally:
        settings.CANDLE_DATA_CACHE_ENABLED = True


@pytest.mark.django_db
def test_organisation_settings_are_kept_and_an_edit_shows_at_once(
    client, site_tree, data_cache_on, django_capture_on_commit_callbacks
):
    from wagtail.models import Site

    from candle.pages.models import OrganisationSettings

    client.get("/ko/")
    assert _queries(client, "/ko/") < _queries_without_data_cache(client, "/ko/")
    settings_row = OrganisationSettings.for_site(Site.objects.get(is_default_site=True))
    settings_row.phone = "02-0000-1234"
    with django_capture_on_commit_callbacks(execute=True):
        settings_row.save()
    assert "02-0000-1234" in client.get("/ko/").content.decode()


@pytest.mark.django_db
def test_a_purge_made_by_another_worker_is_seen_on_the_next_request(
    client, site_tree, data_cache_on
):
    """Each worker also keeps the values in memory, checked against the shared tokens on every
    request: another worker's purge (the shared generation deleted) is seen at once."""
    from wagtail.models import Page

    from candle.caching.store import GENERATION_KEY

    about = site_tree["ko"].home.get_children().live().in_menu().first()
    client.get("/ko/")
    Page.objects.filter(pk=about.pk).update(title="다른 작업자가 바꾼 이름")  # no signal here
    assert "다른 작업자가 바꾼 이름" not in _menu_titles(client)  # still the kept menu
    page_cache().delete(GENERATION_KEY)  # what a purge in another process does
    assert "다른 작업자가 바꾼 이름" in _menu_titles(client)


def _shared_cache_reads(client, path: str) -> tuple[list[list[str]], list[str]]:
    """The keys ``client.get(path)`` reads from the shared cache: each ``get_many``'s, and
    those read one at a time that no ``get_many`` named (LocMemCache's ``get_many`` calls
    ``get`` per key)."""
    from unittest import mock

    cache = page_cache()
    with (
        mock.patch.object(cache, "get_many", wraps=cache.get_many) as get_many,
        mock.patch.object(cache, "get", wraps=cache.get) as get,
    ):
        assert client.get(path).status_code == 200
    together = [list(call.args[0]) for call in get_many.call_args_list]
    named = {key for keys in together for key in keys}
    return together, [call.args[0] for call in get.call_args_list if call.args[0] not in named]


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/ko/news/", "/en/"])
def test_a_page_reads_the_shared_cache_once(client, site_tree, data_cache_on, path):
    """Menu, footer, site, site root paths, settings, restricted paths, translations and a
    board's filter options come from worker memory once their tokens are read, and the tokens
    (the site-wide one, the page's own path's) are read together: one round trip a page."""
    from candle.caching.store import GENERATION_KEY, _version_key

    client.get(path)
    together, alone = _shared_cache_reads(client, path)
    above = {"/ko/news/": [_version_key("/ko/")], "/en/": []}[path]  # the parent's address
    assert together == [[GENERATION_KEY, _version_key(path), *above]]
    assert alone == []  # Wagtail's own site root paths (its default cache) among them


@pytest.mark.django_db
def test_a_page_looks_the_data_cache_up_once(client, site_tree, data_cache_on):
    """The cache its kept values live in is looked up once per request (``caches[alias]``
    costs a trip through asgiref's ``Local``), not once per value, and afresh on the next."""
    from unittest import mock

    from candle.caching import store

    client.get("/ko/news/")
    for _ in range(2):
        with mock.patch.object(store, "page_cache", wraps=store.page_cache) as looked_up:
            assert client.get("/ko/news/").status_code == 200
        assert looked_up.call_count == 1


@pytest.mark.django_db
def test_a_post_page_reads_the_shared_cache_once(client, site_tree, data_cache_on):
    """A post's older, newer and related posts are kept under its board's address as well as
    its own: the board's version is read with the generation and the post's, and Wagtail's
    site root paths are not read from its cache either. One round trip a post page."""
    from candle.caching.store import GENERATION_KEY, _version_key
    from candle.pages.factories import post_make

    board = site_tree["ko"].boards["news"]
    post_make(board, title="이웃 시험 하나", slug="neighbour-one")
    post = post_make(board, title="이웃 시험 둘", slug="neighbour-two")
    path = post.url
    client.get(path)
    together, alone = _shared_cache_reads(client, path)
    assert together == [[GENERATION_KEY, _version_key(path), _version_key(board.url)]]
    assert alone == []


@pytest.mark.django_db
def test_after_a_page_cache_miss_the_data_cache_reads_nothing_more(
    client, site_tree, data_cache_on, page_cache_on
):
    """The page cache's lookup read the generation and the path's version: a page rendered
    after a miss takes them from there, so the lookup is the only read."""
    from candle.caching.store import GENERATION_KEY, _version_key

    client.get("/ko/news/")
    together, alone = _shared_cache_reads(client, "/ko/news/?year=1999")  # a new variant: a miss
    assert len(together) == 1, together
    assert together[0][:2] == [GENERATION_KEY, _version_key("/ko/news/")]
    assert alone == []


@pytest.mark.django_db
def test_the_kept_site_root_paths_are_wagtails(client, site_tree, data_cache_on):
    from django.test import RequestFactory
    from wagtail.models import Site

    from candle.pages.routing import site_for_request

    client.get("/ko/")  # keeps them
    request = RequestFactory().get("/ko/", HTTP_HOST="localhost")
    site_for_request(request)
    assert request._wagtail_cached_site_root_paths == Site.get_site_root_paths()
    assert {path.language_code for path in request._wagtail_cached_site_root_paths} == {"ko", "en"}


@pytest.mark.django_db
def test_a_page_created_or_deleted_at_the_top_of_the_tree_forgets_the_site_wide_cache(
    site_tree, data_cache_on, django_capture_on_commit_callbacks
):
    """A new page at depth 2 (a home's new translation, even unpublished) is a site root path
    Wagtail gives an address to; one deeper is not, and forgets nothing."""
    from wagtail.models import Page

    from candle.caching.store import GENERATION_KEY, _token

    cache = page_cache()
    generation = _token(cache, GENERATION_KEY)
    with django_capture_on_commit_callbacks(execute=True):
        site_tree["ko"].home.get_children().first().add_child(
            instance=Page(title="깊은 초안", slug="deep-draft", live=False)
        )
    assert cache.get(GENERATION_KEY) == generation
    with django_capture_on_commit_callbacks(execute=True):
        top = Page.get_first_root_node().add_child(
            instance=Page(title="새 최상위", slug="new-top", live=False)
        )
    assert cache.get(GENERATION_KEY) != generation
    generation = _token(cache, GENERATION_KEY)
    with django_capture_on_commit_callbacks(execute=True):
        top.delete()  # a draft: no unpublish announces it
    assert cache.get(GENERATION_KEY) != generation
