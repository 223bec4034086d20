"""The count rule (exact up to the cap, "1,000+" beyond, only the pages within the cap), the
same results from the results page and the API, and PostgreSQL with and without RUM."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from candle.pages.services import post_create
from candle.search.backends import counting

pytestmark = pytest.mark.django_db

CAP = 12  # the rule at a size a test can build (the site's is 1,000)


@pytest.fixture
def small_cap(monkeypatch):
    monkeypatch.setattr(counting, "COUNT_CAP", CAP)


@pytest.fixture
def many_posts(site_tree):
    """15 posts on 송환, each scoring differently (title length and how often the word comes)."""
    board = site_tree["ko"].boards["news"]
    words = ["지원", "활동", "소식", "교육", "기록"]
    return [
        post_create(
            board=board,
            title=" ".join(["송환", *words[: 1 + n % 5]]) + f" {n}",
            summary=" ".join(["강제송환되었다는"] * (1 + n % 4) + words[: 1 + n % 3]),
        )
        for n in range(15)
    ]


def _page(client, language="ko", **params):
    response = client.get(f"/{language}/search/", {"q": "송환", **params})
    assert response.status_code == 200
    return response


def test_below_the_cap_the_count_is_exact(client, many_posts, small_cap, monkeypatch):
    monkeypatch.setattr(counting, "COUNT_CAP", 100)
    response = _page(client)
    assert response.context["results"].paginator.count == 15
    assert not response.context["results"].paginator.capped
    assert "검색 결과 15건" in response.content.decode()
    assert "이상" not in response.content.decode()


def test_beyond_the_cap_the_page_says_so_in_both_languages(client, many_posts, small_cap):
    response = _page(client)
    paginator = response.context["results"].paginator
    assert (paginator.count, paginator.capped, paginator.num_pages) == (CAP, True, 2)
    text = response.content.decode()
    assert "검색 결과 12건 이상" in text
    assert "검색어를 더 구체적으로" in text  # the refine guidance
    assert 'href="?q=' in text and "page=2" in text and "page=3" not in text
    english = _page(client, language="en", all="1").content.decode()
    assert "12+ results for" in english
    assert "refine your search" in english


def test_no_page_past_the_cap_is_served(client, many_posts, small_cap):
    """Page 3 would hold matches 21-30, past the cap of 12: the last page within it is shown
    (page 2: matches 11 and 12 of the ranking)."""
    response = _page(client, page="3")
    assert response.context["results"].number == 2
    assert len(response.context["rows"]) == 2


def test_the_count_reads_no_more_than_one_past_the_cap(many_posts, small_cap):
    from candle.search.selectors import search_base_queryset

    results = search_base_queryset(language_code="ko").search("송환")
    with CaptureQueriesContext(connection) as queries:
        pages, total = results.page_with_count(0, 10)
    assert total == CAP + 1  # one past the cap: enough to say "more than 12"
    assert len(pages) == 10
    (statement,) = [q["sql"] for q in queries.captured_queries if '"capped_count"' in q["sql"]]
    assert "OVER ()" not in statement  # no window count over every match
    assert f"LIMIT {CAP + 1}" in statement or str(CAP + 1) in statement
    # the other callers' count (the API, the admin) follows the same rule
    assert results.count() == CAP + 1


def test_the_api_total_count_follows_the_rule(client, many_posts, small_cap, monkeypatch):
    meta = client.get("/api/v2/pages/", {"search": "송환", "locale": "ko"}).json()["meta"]
    assert meta == {"total_count": CAP, "total_count_capped": True}
    monkeypatch.setattr(counting, "COUNT_CAP", 100)
    meta = client.get("/api/v2/pages/", {"search": "송환", "locale": "ko"}).json()["meta"]
    assert meta == {"total_count": 15, "total_count_capped": False}
    # a listing without a search keeps Wagtail's meta
    assert "total_count_capped" not in client.get("/api/v2/pages/").json()["meta"]


@pytest.mark.parametrize("query", ["송환", "송환 지원", "강제송환 활동"])
def test_the_results_page_and_the_api_give_the_same_results(client, many_posts, query):
    """The same pages in the same order, and the same count by the same rule, for the same
    query and filters (Korean pages, best match first)."""
    response = client.get("/ko/search/", {"q": query})
    shown = [row["page"].pk for row in response.context["rows"]]
    for number in range(2, response.context["results"].paginator.num_pages + 1):
        page = client.get("/ko/search/", {"q": query, "page": number})
        shown += [row["page"].pk for row in page.context["rows"]]
    answer = client.get(
        "/api/v2/pages/", {"search": query, "locale": "ko", "limit": 20, "fields": "_,id"}
    ).json()
    assert [item["id"] for item in answer["items"]] == shown
    assert answer["meta"]["total_count"] == response.context["results"].paginator.count
    assert answer["meta"]["total_count_capped"] is response.context["results"].paginator.capped
    assert shown  # the queries find something


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_without_rum_postgresql_ranks_with_the_gin_statement(many_posts, settings):
    """The fallback a server without RUM runs: no ``<=>``; the same pages and count rule."""
    from candle.search.backends.postgres import rum_available, rum_forget
    from candle.search.selectors import search_base_queryset

    def ranked(query):
        rum_forget()
        results = search_base_queryset(language_code="ko").search(query)
        with CaptureQueriesContext(connection) as queries:
            pages, total = results.page_with_count(0, 20)
        (statement,) = [q["sql"] for q in queries.captured_queries if '"capped_count"' in q["sql"]]
        return [page.pk for page in pages], total, statement

    settings.CANDLE_SEARCH_RUM = False
    assert not rum_available()
    gin_pages, gin_total, gin_statement = ranked("송환")
    assert "<=>" not in gin_statement
    assert gin_total == 15 and sorted(gin_pages) == sorted(p.pk for p in many_posts)
    settings.CANDLE_SEARCH_RUM = True
    rum_forget()
    if not rum_available():
        pytest.skip("this PostgreSQL server has no RUM (postgresql-15-rum); fallback only")
    rum_pages, rum_total, rum_statement = ranked("송환")
    assert "<=>" in rum_statement
    assert rum_total == gin_total and sorted(rum_pages) == sorted(gin_pages)


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_check_warns_once_without_rum(settings, monkeypatch):
    from candle.search import checks
    from candle.search.backends.postgres import rum_forget

    monkeypatch.setattr(checks, "_warned", set())
    settings.CANDLE_SEARCH_RUM = False
    rum_forget()
    (warning,) = checks.rum_check()
    assert warning.id == "candle_search.W001" and "postgresql-15-rum" in warning.msg
    assert warning.msg.count(". ") == 0  # one sentence
    assert checks.rum_check() == []  # once
    rum_forget()


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_check_says_nothing_on_sqlite():
    from candle.search import checks

    assert checks.rum_check() == []


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_check_says_nothing_before_the_migration_that_makes_the_index(settings, monkeypatch):
    """``migrate`` on a new database runs the checks before the migrations: the index is
    missing only because its migration has not run yet, so there is nothing to warn about."""
    from django.db.migrations.recorder import MigrationRecorder

    from candle.search import checks
    from candle.search.backends.postgres import rum_forget

    monkeypatch.setattr(checks, "_warned", set())
    settings.CANDLE_SEARCH_RUM = False
    rum_forget()
    applied = MigrationRecorder.applied_migrations

    def without_rum_migration(recorder):
        return {k: v for k, v in applied(recorder).items() if k != checks.RUM_MIGRATION}

    monkeypatch.setattr(MigrationRecorder, "applied_migrations", without_rum_migration)
    assert checks.rum_check() == []
    monkeypatch.setattr(MigrationRecorder, "applied_migrations", applied)
    assert [w.id for w in checks.rum_check()] == ["candle_search.W001"]
    rum_forget()
