"""A results page's ten pages by their keys through the search's compiled page filter
(``backends.indexing.pages_by_keys``): the same rows and instances as the queryset filtered by
the same keys, for every filter the search page offers; nothing the reader may not see."""

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from candle.pages.services import post_create
from candle.search.backends.indexing import pages_by_keys
from candle.search.selectors import SearchFilters, search_pages, search_queryset

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(site_tree):
    ko, en = site_tree["ko"], site_tree["en"]
    made = {
        "news": post_create(board=ko.boards["news"], title="송환 소식", summary="송환 이야기"),
        "notice": post_create(board=ko.boards["notices"], title="송환 공지", summary="송환"),
        "english": post_create(board=en.boards["news"], title="Repatriation", summary="송환"),
        "draft": post_create(
            board=ko.boards["news"], title="송환 초안", summary="송환", publish=False
        ),
        "private": post_create(board=ko.boards["news"], title="송환 회원", summary="송환"),
    }
    PageViewRestriction.objects.create(
        page=made["private"], restriction_type=PageViewRestriction.LOGIN
    )
    return made


def _compiled_filter(queryset) -> tuple[str, tuple]:
    """The page filter as the backends compile it for their statements."""
    sql, params = (
        queryset.order_by().annotate(_candle_pk=F("pk")).values("_candle_pk").query
    ).sql_with_params()
    return sql, tuple(params)


def _rows(pages: list) -> list[tuple]:
    fields = [field.attname for field in Page._meta.concrete_fields]
    return sorted(tuple(getattr(page, name) for name in fields) for page in pages)


@pytest.mark.parametrize(
    "filters",
    [
        SearchFilters(),
        SearchFilters(kind="posts"),
        SearchFilters(kind="pages"),
        SearchFilters(both_languages=True),
        SearchFilters(year=2024),
    ],
    ids=["plain", "posts", "pages", "both-languages", "year"],
)
def test_the_same_pages_as_the_queryset_filtered_by_the_keys(pages, filters):
    queryset = search_queryset(language_code="ko", filters=filters)
    keys = list(Page.objects.filter(depth__gt=1).values_list("pk", flat=True))
    expected = list(queryset.filter(pk__in=keys).order_by())
    with CaptureQueriesContext(connection) as queries:
        found = pages_by_keys(queryset, keys, _compiled_filter(queryset))
    assert len(queries.captured_queries) == 1
    assert '"_candle_pk" IN (' in queries.captured_queries[0]["sql"]
    assert _rows(found) == _rows(expected)
    assert all(type(page) is Page and not page._state.adding for page in found)
    shown = {page.pk for page in found}
    assert not shown & {pages["draft"].pk, pages["private"].pk}
    if not filters.both_languages:
        assert pages["english"].pk not in shown
    if filters.kind != "pages" and filters.year is None:
        assert {pages["news"].pk, pages["notice"].pk} <= shown


def test_a_queryset_of_another_shape_is_read_by_the_orm(pages):
    """Annotated rows (or none compiled) are the queryset's own, unchanged."""
    queryset = search_queryset(language_code="ko", filters=SearchFilters())
    annotated = queryset.annotate(_candle_extra=F("depth"))
    keys = [pages["news"].pk, pages["notice"].pk]
    with CaptureQueriesContext(connection) as queries:
        found = pages_by_keys(annotated, keys, _compiled_filter(queryset))
    assert '"_candle_pk" IN (' not in queries.captured_queries[0]["sql"]
    assert sorted(page._candle_extra for page in found) == sorted(
        [pages["news"].depth, pages["notice"].depth]
    )
    assert _rows(pages_by_keys(queryset, keys, None)) == _rows(
        pages_by_keys(queryset, keys, _compiled_filter(queryset))
    )


def test_the_results_page_reads_its_pages_by_their_keys(pages):
    """The search page's slice reads its pages through the compiled filter, and shows the
    allowed matches only."""
    results = search_pages(query="송환", language_code="ko", filters=SearchFilters())
    with CaptureQueriesContext(connection) as queries:
        listed, total = results.page_with_count(0, 10)
    assert any('p."_candle_pk" IN (' in q["sql"] for q in queries.captured_queries)
    assert {page.pk for page in listed} == {pages["news"].pk, pages["notice"].pk}
    assert total == 2
