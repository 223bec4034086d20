"""Publishing, unpublishing, moving, deleting and a translation's publish purge exactly the
addresses that show the page: warm every address, make the change, see which still hit."""

import pytest
from wagtail.models import Locale

from candle.caching.middleware import CACHE_STATUS_HEADER
from candle.pages.models import Category, WorkArea
from candle.pages.services import post_create


@pytest.fixture
def posts(site_tree):
    ko = site_tree["ko"]
    area = WorkArea.objects.get(slug="rescue")
    listed = post_create(
        board=ko.boards["news"],
        title="구호 활동 보고",
        slug="relief",
        work_areas=[area],
        other_boards=[ko.boards["statements"]],
        body_html="<p>처음 본문</p>",
    )
    bystander = post_create(board=ko.boards["news"], title="다른 글", slug="other")
    press = post_create(board=ko.boards["press"], title="보도자료 하나", slug="press-one")
    return {"listed": listed, "bystander": bystander, "press": press, "area": area}


def _warm(client, paths):
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response[CACHE_STATUS_HEADER] in ("miss", "hit"), path


def _still_cached(client, paths) -> set[str]:
    return {path for path in paths if client.get(path).get(CACHE_STATUS_HEADER) == "hit"}


def _addresses(site_tree, posts):
    ko, en = site_tree["ko"], site_tree["en"]
    return {
        "post": posts["listed"].url,
        "post_page2": posts["listed"].url + "?page=2",
        "board": "/ko/news/",
        "board_page2": "/ko/news/?page=2",
        "board_rss": "/ko/news/feed/rss/",
        "board_atom": "/ko/news/feed/atom/",
        "other_board": "/ko/statements/",
        "work_area": ko.work_areas["rescue"].url,
        "home_ko": "/ko/",
        "search": "/ko/search/?q=구호",
        "sitemap": "/sitemap.xml",
        # the newer post beside it on its board, which links it as its older post
        "bystander": posts["bystander"].url,
        # not affected:
        "press_board": "/ko/press/",
        "press_post": posts["press"].url,
        "other_area": ko.work_areas["youth"].url,
        "about": ko.standard["about"].url,
        "board_en": "/en/news/",
        "home_en": en.home.url,
    }


AFFECTED = {
    "post",
    "post_page2",
    "board",
    "board_page2",
    "board_rss",
    "board_atom",
    "other_board",
    "work_area",
    "home_ko",
    "search",
    "sitemap",
    "bystander",
}


def _purged_names(client, addresses, change, django_capture_on_commit_callbacks) -> set[str]:
    _warm(client, addresses.values())
    assert _still_cached(client, addresses.values()) == set(addresses.values())
    with django_capture_on_commit_callbacks(execute=True):
        change()
    still = _still_cached(client, addresses.values())
    return {name for name, path in addresses.items() if path not in still}


@pytest.mark.django_db
def test_publish_purges_exactly_the_pages_showing_the_post(
    client, page_cache_on, site_tree, posts, django_capture_on_commit_callbacks
):
    addresses = _addresses(site_tree, posts)
    post = posts["listed"]

    def publish():
        post.title = "구호 활동 보고 (고침)"
        post.save_revision().publish()

    assert _purged_names(client, addresses, publish, django_capture_on_commit_callbacks) == AFFECTED
    assert "구호 활동 보고 (고침)" in client.get("/ko/news/").content.decode()


@pytest.mark.django_db
def test_a_post_leaving_a_board_and_a_work_area_purges_them_too(
    client, page_cache_on, site_tree, posts, django_capture_on_commit_callbacks
):
    addresses = _addresses(site_tree, posts)
    post = posts["listed"]

    def publish_elsewhere():
        post.other_boards.set([])
        post.work_areas.set([])
        post.save_revision().publish()

    assert (
        _purged_names(client, addresses, publish_elsewhere, django_capture_on_commit_callbacks)
        == AFFECTED
    )
    assert "구호 활동 보고" not in client.get("/ko/statements/").content.decode()


@pytest.mark.django_db
def test_unpublish_purges_the_same_pages(
    client, page_cache_on, site_tree, posts, django_capture_on_commit_callbacks
):
    addresses = _addresses(site_tree, posts)
    purged = _purged_names(
        client, addresses, posts["listed"].unpublish, django_capture_on_commit_callbacks
    )
    assert purged == AFFECTED
    assert client.get(posts["listed"].url).status_code == 404


@pytest.mark.django_db
def test_delete_purges_the_same_pages(
    client, page_cache_on, site_tree, posts, django_capture_on_commit_callbacks
):
    addresses = _addresses(site_tree, posts)
    post_url = posts["listed"].url
    purged = _purged_names(
        client, addresses, posts["listed"].delete, django_capture_on_commit_callbacks
    )
    assert purged == AFFECTED
    assert client.get(post_url).status_code == 404


@pytest.mark.django_db
def test_move_purges_old_and_new_places(
    client, page_cache_on, site_tree, posts, django_capture_on_commit_callbacks
):
    addresses = _addresses(site_tree, posts)
    old_url = posts["listed"].url

    def move():
        posts["listed"].move(site_tree["ko"].boards["press"], pos="last-child")

    purged = _purged_names(client, addresses, move, django_capture_on_commit_callbacks)
    # the press board lists it now, and its post there gains a newer post beside it
    assert purged == AFFECTED | {"press_board", "press_post"}
    old = client.get(old_url)  # Wagtail's automatic redirect, not the cached old page
    assert old.status_code == 301 and old.get(CACHE_STATUS_HEADER) is None


@pytest.mark.django_db
def test_a_translation_publish_purges_both_languages_pages_of_it(
    client, page_cache_on, site_tree, posts, django_capture_on_commit_callbacks
):
    addresses = _addresses(site_tree, posts)
    en = Locale.objects.get(language_code="en")

    def translate():
        translation = posts["listed"].copy_for_translation(en, copy_parents=False, alias=False)
        translation.title = "Relief report"
        translation.save_revision().publish()

    purged = _purged_names(client, addresses, translate, django_capture_on_commit_callbacks)
    # The Korean post gains an hreflang alternate; the English board and home list the new post.
    assert {"post", "post_page2", "board_en", "home_en", "search", "sitemap"} <= purged
    assert {
        "board",
        "other_board",
        "work_area",
        "home_ko",
        "bystander",
        "press_board",
        "about",
    }.isdisjoint(purged)
    assert 'hreflang="en"' in client.get(posts["listed"].url).content.decode()


@pytest.mark.django_db
def test_a_menu_page_or_a_label_change_forgets_everything(
    client, page_cache_on, site_tree, posts, django_capture_on_commit_callbacks
):
    addresses = _addresses(site_tree, posts)
    about = site_tree["ko"].standard["about"]
    assert _purged_names(
        client,
        addresses,
        lambda: about.save_revision().publish(),
        django_capture_on_commit_callbacks,
    ) == set(addresses)

    def rename_category():
        category = Category.objects.first() or Category.objects.create(
            name_ko="성명", name_en="Statement", slug="st"
        )
        category.name_en = "Renamed"
        category.save()

    assert _purged_names(
        client, addresses, rename_category, django_capture_on_commit_callbacks
    ) == set(addresses)


@pytest.mark.django_db
def test_drafts_purge_nothing(
    client, page_cache_on, site_tree, posts, django_capture_on_commit_callbacks
):
    addresses = _addresses(site_tree, posts)
    post = posts["listed"]

    def draft():
        post.title = "아직 공개하지 않은 제목"
        post.save_revision()

    assert _purged_names(client, addresses, draft, django_capture_on_commit_callbacks) == set()


@pytest.mark.django_db
def test_a_boards_year_filter_follows_publishing(
    client, page_cache_on, site_tree, django_capture_on_commit_callbacks
):
    """The board's list of years is kept with the board's cache and purged with it."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    board = site_tree["ko"].boards["news"]
    post_create(board=board, title="올해 소식", slug="this-year")
    assert 'value="2019"' not in client.get("/ko/news/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        post_create(
            board=board,
            title="옛 소식",
            slug="old",
            date=datetime(2019, 5, 1, tzinfo=ZoneInfo("Asia/Seoul")),
        )
    assert 'value="2019"' in client.get("/ko/news/").content.decode()


@pytest.mark.django_db
def test_a_post_with_a_korean_address_is_purged_on_publish(
    client, page_cache_on, site_tree, django_capture_on_commit_callbacks
):
    """The purge names a page by its address as links write it (percent-encoded), a request
    by its decoded path: both must find the same cached page (every imported GnuBoard post
    has a Korean address)."""
    post = post_create(board=site_tree["ko"].boards["news"], title="구호 보고", slug="구호-보고")
    assert "%EA%B5%AC" in post.url
    _warm(client, [post.url])
    assert _still_cached(client, [post.url]) == {post.url}

    def publish():
        post.title = "구호 보고 (고침)"
        post.save_revision().publish()

    with django_capture_on_commit_callbacks(execute=True):
        publish()
    response = client.get(post.url)
    assert response.get(CACHE_STATUS_HEADER) == "miss"
    assert "구호 보고 (고침)" in response.content.decode()


@pytest.mark.django_db
def test_a_changed_address_forgets_the_old_one(
    client, page_cache_on, site_tree, posts, django_capture_on_commit_callbacks
):
    """Publishing a new slug moves the page to a new address: the old one stops serving it
    (Wagtail's automatic redirect answers there), from the page cache as from the data cache."""
    post = posts["listed"]
    old_url = post.url
    _warm(client, [old_url])

    def rename():
        post.slug = "relief-renamed"
        post.save_revision().publish()

    with django_capture_on_commit_callbacks(execute=True):
        rename()
    old = client.get(old_url)
    assert old.status_code == 301 and old.get(CACHE_STATUS_HEADER) is None
    assert old["Location"] == "/ko/news/relief-renamed/"
    assert client.get(old["Location"]).status_code == 200
