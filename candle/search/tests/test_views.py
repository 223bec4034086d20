"""The public search page and the API: results, highlighting, filters, privacy, bad input."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from candle.pages.services import post_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def posts(site_tree):
    ko, en = site_tree["ko"], site_tree["en"]
    when = timezone.make_aware(datetime.datetime(2023, 5, 1, 9))
    return {
        "refugees": post_create(
            board=ko.boards["news"],
            title="중국 내 북한난민 실태",
            date=when,
            summary="중국에서 체포된 북한난민을 위한 긴급 구호를 시작했습니다.",
        ),
        "youth": post_create(
            board=ko.boards["statements"],
            title="탈북청소년 장학금",
            summary="탈북청소년들의 학업을 지원합니다.",
        ),
        "english": post_create(
            board=en.boards["news"],
            title="Refugees in China",
            summary="North Korean refugees face forced repatriation.",
        ),
        "draft": post_create(
            board=ko.boards["news"],
            title="북한난민 초안 비공개",
            publish=False,
            summary="아직 발행하지 않은 북한난민 글",
        ),
        "private": post_create(
            board=ko.boards["notices"],
            title="북한난민 회원 전용",
            summary="회원에게만 보이는 북한난민 글",
        ),
    }


@pytest.fixture
def private_post(posts):
    PageViewRestriction.objects.create(
        page=posts["private"], restriction_type=PageViewRestriction.LOGIN
    )
    return posts["private"]


def _titles(response) -> list[str]:
    return [row["page"].title for row in response.context["rows"]]


def test_korean_word_with_particle_is_found_and_highlighted(client, posts):
    response = client.get("/ko/search/", {"q": "난민"})
    assert response.status_code == 200
    assert "중국 내 북한난민 실태" in _titles(response)
    html = response.content.decode()
    assert "<mark>북한난민을</mark>" in html  # the word as written, particle and all
    assert 'value="난민"' in html  # the query stays in the box


def test_results_are_in_the_readers_language_unless_both_are_asked_for(client, posts):
    assert "Refugees in China" not in _titles(client.get("/ko/search/", {"q": "refugees"}))
    assert "Refugees in China" in _titles(client.get("/en/search/", {"q": "refugees"}))
    assert "Refugees in China" in _titles(client.get("/ko/search/", {"q": "refugees", "all": "1"}))


def test_drafts_and_private_pages_never_appear(client, posts, private_post):
    titles = _titles(client.get("/ko/search/", {"q": "북한난민", "all": "1"}))
    assert "중국 내 북한난민 실태" in titles
    assert "북한난민 초안 비공개" not in titles
    assert "북한난민 회원 전용" not in titles


def test_a_page_made_private_leaves_the_results_at_once_with_the_data_cache_on(
    client, posts, data_cache_on, django_capture_on_commit_callbacks
):
    """The restrictions and locales come from the data cache; a new restriction forgets them."""
    assert "북한난민 회원 전용" in _titles(client.get("/ko/search/", {"q": "북한난민"}))
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=posts["private"], restriction_type=PageViewRestriction.LOGIN
        )
    titles = _titles(client.get("/ko/search/", {"q": "북한난민"}))
    assert "북한난민 회원 전용" not in titles and "중국 내 북한난민 실태" in titles
    assert "Refugees in China" in _titles(client.get("/en/search/", {"q": "refugees"}))


def test_api_uses_the_same_backend_and_hides_drafts_and_private_pages(client, posts, private_post):
    response = client.get("/api/v2/pages/", {"search": "북한난민"})
    assert response.status_code == 200
    titles = [item["title"] for item in response.json()["items"]]
    assert "중국 내 북한난민 실태" in titles
    assert "북한난민 초안 비공개" not in titles and "북한난민 회원 전용" not in titles
    youth = client.get("/api/v2/pages/", {"search": "탈북"}).json()["items"]
    assert "탈북청소년 장학금" in [item["title"] for item in youth]


def test_filters_by_type_board_and_year(client, site_tree, posts):
    news = site_tree["ko"].boards["news"]
    assert _titles(client.get("/ko/search/", {"q": "북한난민", "board": news.pk})) == [
        "중국 내 북한난민 실태"
    ]
    assert _titles(client.get("/ko/search/", {"q": "북한난민", "year": 2023})) == [
        "중국 내 북한난민 실태"
    ]
    assert _titles(client.get("/ko/search/", {"q": "북한난민", "year": 2011})) == []
    assert _titles(client.get("/ko/search/", {"q": "북한난민", "type": "reports"})) == []
    assert "북한난민 구호" in _titles(client.get("/ko/search/", {"q": "북한난민", "type": "pages"}))
    posts_only = _titles(client.get("/ko/search/", {"q": "북한난민", "type": "posts"}))
    assert "북한난민 구호" not in posts_only and "중국 내 북한난민 실태" in posts_only


def test_newest_order(client, posts):
    newest = _titles(
        client.get("/ko/search/", {"q": "탈북 북한난민", "order": "newest", "all": "1"})
    )
    assert newest == _titles(
        client.get("/ko/search/", {"q": "탈북 북한난민", "order": "newest", "all": "1"})
    )


def test_pagination_keeps_query_and_filters(client, site_tree):
    board = site_tree["ko"].boards["news"]
    for number in range(23):
        post_create(board=board, title=f"인권 소식 {number}", summary="북한인권 활동 소식입니다.")
    response = client.get("/ko/search/", {"q": "인권", "type": "posts"})
    assert response.context["results"].paginator.num_pages == 3
    html = response.content.decode()
    assert "type=posts" in html and "page=2" in html
    second = client.get("/ko/search/", {"q": "인권", "type": "posts", "page": 2})
    assert len(second.context["rows"]) == 10
    past_the_end = client.get("/ko/search/", {"q": "인권", "type": "posts", "page": "999"})
    assert past_the_end.status_code == 200
    assert past_the_end.context["results"].number == 3  # the last page, as Django's get_page
    assert len(past_the_end.context["rows"]) == 3


def test_a_page_past_the_end_asked_again_runs_no_search(client, site_tree, data_cache_on):
    """An old link past the last page shows the last page; asked again, its ranking and count
    come from the kept statements (no full-text statement), like any page's."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    board = site_tree["ko"].boards["news"]
    for number in range(13):
        post_create(board=board, title=f"인권 소식 {number}", summary="북한인권 활동 소식입니다.")
    first = client.get("/ko/search/", {"q": "인권", "page": "50"})
    total = first.context["results"].paginator.count
    assert 13 < total <= 20  # the posts, and site pages that speak of 인권
    assert first.context["results"].number == 2
    assert len(first.context["rows"]) == total - 10
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/ko/search/", {"q": "인권", "page": "50"})
    assert [r["page"].pk for r in again.context["rows"]] == [
        r["page"].pk for r in first.context["rows"]
    ]
    assert again.context["results"].paginator.count == total
    searched = [
        q["sql"] for q in queries.captured_queries if "MATCH" in q["sql"] or "@@" in q["sql"]
    ]
    assert searched == []
    nothing = client.get("/ko/search/", {"q": "존재하지않는단어xyz", "page": "4"})
    assert nothing.status_code == 200
    assert nothing.context["rows"] == []
    assert "search-empty" in nothing.content.decode()


def test_no_results_page_helps(client, posts):
    response = client.get("/ko/search/", {"q": "존재하지않는단어xyz"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "all=1" in html  # offers both languages


def test_english_interface_strings(client, posts):
    html = client.get("/en/search/", {"q": "zzzz"}).content.decode()
    assert "Search in both languages" in html


def test_korean_interface_strings(client, posts):
    html = client.get("/ko/search/", {"q": "zzzz"}).content.decode()
    assert "두 언어" in html


HOSTILE = [
    "",
    " ",
    "난",
    "a",
    "가" * 1000,
    "x" * 1000,
    '"',
    '"unbalanced',
    "*",
    "난민*",
    "NEAR",
    "NEAR(a b)",
    "AND OR NOT",
    "a AND",
    "OR",
    "title:난민",
    "^난민",
    "-난민",
    "'; DROP TABLE wagtailcore_page; --",
    "1' OR '1'='1",
    '난민 " OR 1=1',
    "🙂 난민 🚀",
    "탈북청소년 refugees 2024 인권",
    "\x00\x01\x1b[31m",
    "난\u200b민",
    "نازحين",
    "難民",
    "!@#$%^&*()",
    "( ) [ ] { }",
    "\\",
    "%",
    "_",
    "-- ;",
    "'",
    "a:b:c",
    "<script>alert(1)</script>",
]


def test_bad_input_never_fails(client, posts):
    for query in HOSTILE:
        for language in ("ko", "en"):
            response = client.get(
                f"/{language}/search/", {"q": query, "page": "x", "year": "abc", "board": "-1"}
            )
            assert response.status_code == 200, query
            assert b"<script>alert" not in response.content
        assert client.get("/api/v2/pages/", {"search": query}).status_code in {200, 400}, query


def test_bad_filter_values_are_ignored(client, posts):
    for params in (
        {"type": "evil"},
        {"order": "drop"},
        {"year": "99999999999999999999"},
        {"board": "1e9"},
        {"board": "٣"},
        {"all": "yes"},
    ):
        assert client.get("/ko/search/", {"q": "난민", **params}).status_code == 200


def test_query_budget(client, site_tree, user_words_checked, django_assert_max_num_queries):
    board = site_tree["ko"].boards["news"]
    for number in range(25):
        post_create(
            board=board, title=f"강제송환 소식 {number}", summary="강제송환되었다는 소식입니다."
        )
    # the same with 10 results as with 1 (ranked page with its count, pages: 2 for search);
    # with the data cache off, as here, the header's donate button reads the give page and
    # whether it is public (two queries; none once kept, as the warm test below shows)
    with django_assert_max_num_queries(27):
        response = client.get("/ko/search/", {"q": "강제송환"})
    assert len(response.context["rows"]) == 10


def test_with_the_data_cache_warm_a_results_page_costs_four_queries(
    client, site_tree, data_cache_on, user_words_checked, django_assert_num_queries
):
    """The ranked page with its count, its pages, the pages as their own type, and their
    attachments; the site, locales, restrictions, filters, menu and footer come from the data
    cache. On SQLite the ranking is two statements: the window of the best matches with the
    count, then the window's entries checked against the page filter (sqlite_window)."""
    from django.db import connection

    expected = 5 if connection.vendor == "sqlite" else 4
    board = site_tree["ko"].boards["news"]
    for number in range(12):
        post_create(board=board, title=f"강제송환 소식 {number}", summary="강제송환 소식입니다.")
    client.get("/ko/search/", {"q": "강제송환"})
    with django_assert_num_queries(expected):
        response = client.get("/ko/search/", {"q": "강제송환", "page": "2"})
    assert len(response.context["rows"]) == 2


def test_the_dictionary_check_falling_due_is_what_made_the_warm_page_cost_seven_queries(
    client, site_tree, data_cache_on, django_assert_num_queries
):
    """The cause of the flaky count above (7 instead of 4 in a full run): the user
    dictionary's check, due every 10 seconds per process, falling due between the two
    requests. Forced due here, it costs exactly those three queries (on SQLite the ranking's
    two statements: 8)."""
    from django.db import connection

    from candle.search import dictionary

    board = site_tree["ko"].boards["news"]
    for number in range(12):
        post_create(board=board, title=f"강제송환 소식 {number}", summary="강제송환 소식입니다.")
    client.get("/ko/search/", {"q": "강제송환"})
    dictionary._state["checked"] = 0.0  # due, as after 10 s of other tests
    with django_assert_num_queries(8 if connection.vendor == "sqlite" else 7):
        client.get("/ko/search/", {"q": "강제송환", "page": "2"})


def test_admin_search_uses_the_korean_backend(admin_client, posts):
    response = admin_client.get("/admin/pages/search/", {"q": "난민"})
    assert response.status_code == 200
    assert "중국 내 북한난민 실태" in response.content.decode()


def test_a_common_word_ranks_and_counts_every_match_once(client, site_tree):
    """The SQLite ranking reads the matches once (no per-page correlated subquery): the count
    and the pages agree, every match is shown once across the result pages."""
    board = site_tree["ko"].boards["news"]
    in_title = post_create(board=board, title="난민 지원 소식", summary="지원 활동")
    in_body = [
        post_create(board=board, title=f"소식 {n}", summary="북한난민을 돕는 활동")
        for n in range(12)
    ]
    post_create(board=board, title="다른 소식", summary="관계없는 글")
    response = client.get("/ko/search/", {"q": "난민"})
    rows = response.context["rows"]
    count = response.context["results"].paginator.count
    shown = [row["page"].pk for row in rows]
    for number in range(2, response.context["results"].paginator.num_pages + 1):
        shown += [
            row["page"].pk
            for row in client.get("/ko/search/", {"q": "난민", "page": number}).context["rows"]
        ]
    assert len(shown) == len(set(shown)) == count  # every match once, and the count agrees
    assert {in_title.pk, *(p.pk for p in in_body)} <= set(shown)
