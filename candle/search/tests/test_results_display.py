"""What a results page shows for each result (``search_results_for_display``): the address,
type, date or year, title and snippet, the same whether the highlights were kept or made
afresh, and, when they were kept, without reading any page whole."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from candle.pages.factories import report_make
from candle.pages.services import post_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def mixed_results(site_tree):
    """A post and a report that both match 강제송환, in Korean."""
    import datetime

    from django.utils import timezone

    post = post_create(
        board=site_tree["ko"].boards["news"],
        title="강제송환 소식",
        summary="국경에서 강제송환되었다는 소식이 들어왔습니다.",
        date=timezone.make_aware(datetime.datetime(2021, 3, 4, 10, 0)),
    )
    report = report_make(
        site_tree["ko"].library, slug="repatriation", year=2019, title="강제송환 실태 보고서"
    )
    return post, report


def _rows(client, query="강제송환"):
    response = client.get("/ko/search/", {"q": query})
    assert response.status_code == 200
    return {row["page"].pk: row for row in response.context["rows"]}, response


def _shown(row) -> tuple:
    return (row["url"], str(row["kind"]), row["date"], row["year"], row["title"], row["snippet"])


def test_each_result_shows_its_own_address_type_and_date(client, mixed_results):
    post, report = mixed_results
    rows, response = _rows(client)
    assert rows[post.pk]["url"] == post.get_url()
    assert rows[post.pk]["url"].startswith("/ko/news/%EA%B0%95")  # the slug quoted
    assert rows[report.pk]["url"] == report.get_url()
    assert str(rows[post.pk]["kind"]) == post.get_parent().title  # its board, 활동소식
    assert str(rows[report.pk]["kind"]) == str(type(report)._meta.verbose_name)
    assert rows[post.pk]["date"] == post.date
    assert rows[report.pk]["year"] == 2019
    assert rows[post.pk]["year"] is None
    html = response.content.decode()
    assert '<time datetime="2021-03-04' in html
    assert " · 2019</p>" in html
    assert "<mark>강제송환</mark> 실태 보고서" in html


def test_kept_highlights_show_the_same_without_reading_a_page_whole(mixed_results, data_cache_on):
    """Made a second time with the highlights kept, the results read no post's or report's
    own row whole (a post's body, a report's abstract) and show exactly what they showed."""
    from wagtail.models import Page

    from candle.pages.models import PostPage, ReportPage
    from candle.search.selectors import search_results_for_display

    def results():
        return list(Page.objects.filter(pk__in=[p.pk for p in mixed_results]).order_by("pk"))

    first = search_results_for_display(results=results(), query="강제송환")
    again = results()
    with CaptureQueriesContext(connection) as queries:
        second = search_results_for_display(results=again, query="강제송환")
    assert [_shown(row) for row in first] == [_shown(row) for row in second]
    statements = " ".join(q["sql"] for q in queries.captured_queries)
    assert '"body"' not in statements
    assert '"abstract"' not in statements
    post_table, report_table = PostPage._meta.db_table, ReportPage._meta.db_table
    narrow = [q["sql"] for q in queries.captured_queries if f'FROM "{post_table}"' in q["sql"]]
    assert len(narrow) == 1  # the date, read with nothing else of the post
    assert f'FROM "{report_table}"' in statements  # the year


def test_a_results_page_asked_again_shows_the_same_from_one_query(
    client, mixed_results, data_cache_on
):
    """The whole results page is kept (``search_results_shown``): asked again, it shows the
    same, byte for byte, after one query that finds its pages still public and unchanged."""
    first, first_response = _rows(client)
    with CaptureQueriesContext(connection) as queries:
        second, second_response = _rows(client)
    assert {pk: _shown(row) for pk, row in first.items()} == {
        pk: _shown(row) for pk, row in second.items()
    }
    assert second_response.content == first_response.content
    assert len(queries.captured_queries) == 1
    assert 'FROM "wagtailcore_page"' in queries.captured_queries[0]["sql"]


def test_a_type_that_routes_itself_is_linked_at_its_own_address(client, mixed_results, monkeypatch):
    from candle.pages.models import PostPage

    post, report = mixed_results
    real = PostPage.get_url_parts

    def get_url_parts(self, request=None):
        site_id, root_url, path = real(self, request)
        return site_id, root_url, path.replace("/news/", "/articles/")

    monkeypatch.setattr(PostPage, "get_url_parts", get_url_parts)
    rows, _ = _rows(client)
    assert rows[post.pk]["url"] == post.get_url().replace("/news/", "/articles/")
    assert "/articles/" in rows[post.pk]["url"]
    assert rows[report.pk]["url"] == report.get_url()  # its type routes as usual


def test_a_post_is_labelled_by_its_board_and_dated_as_the_reader_reads_dates(client, site_tree):
    """The board's name in the page's language, and the date written as the site writes it
    elsewhere (2021년 3월 4일; 4 March 2021), not 2021-03-04 and "post"."""
    import datetime

    from django.utils import timezone
    from wagtail.models import Locale

    from candle.pages.services import page_translate

    post = post_create(
        board=site_tree["ko"].boards["statements"],
        title="강제송환 중단 촉구 성명",
        summary="강제송환을 멈추라.",
        date=timezone.make_aware(datetime.datetime(2021, 3, 4, 10, 0)),
    )
    page_translate(
        page=post,
        locale=Locale.objects.get(language_code="en"),
        translated=type(post)(
            title="Statement: stop forced repatriation",
            slug=post.slug,
            summary="Stop forced repatriation.",
        ),
    )
    korean = client.get("/ko/search/", {"q": "강제송환"}).content.decode()
    assert '<p class="meta">성명 · <time datetime="2021-03-04' in korean
    assert ">2021년 3월 4일</time>" in korean
    english = client.get("/en/search/", {"q": "repatriation"}).content.decode()
    assert '<p class="meta">Statements · <time datetime="2021-03-04' in english
    assert ">4 March 2021</time>" in english
