"""The public search page: /ko/search/ and /en/search/. Thin: parse, select, render."""

from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_GET

from candle.pages.selectors import filter_query_prefix, page_number_from

from .selectors import (
    SearchFilters,
    query_clean,
    search_filter_options,
    search_pages,
    search_results_for_display,
)

RESULTS_PER_PAGE = 10
KINDS = {"", "posts", "reports", "pages"}
ORDERS = {"relevance", "newest"}


def _int_or_none(value: str, *, low: int, high: int) -> int | None:
    value = (value or "").strip()
    if not value.isascii() or not value.isdigit() or len(value) > 10:
        return None
    number = int(value)
    return number if low <= number <= high else None


def filters_from(request) -> SearchFilters:
    get = request.GET
    kind = get.get("type", "")
    order = get.get("order", "relevance")
    return SearchFilters(
        kind=kind if kind in KINDS else "",
        board_id=_int_or_none(get.get("board", ""), low=1, high=2**31 - 1),
        year=_int_or_none(get.get("year", ""), low=1900, high=2100),
        order=order if order in ORDERS else "relevance",
        both_languages=get.get("all") == "1",
    )


def _results_page(results, number: int) -> Page:
    """Page ``number`` of ``results``; the backend gives the page and the number of all results
    from one query where it can (``page_with_count``). A number past the end gets the last page."""
    paginator = Paginator(results, RESULTS_PER_PAGE)
    page_with_count = getattr(results, "page_with_count", None)
    if page_with_count is not None:
        start = (number - 1) * RESULTS_PER_PAGE
        rows, total = page_with_count(start, start + RESULTS_PER_PAGE)
        paginator.count = total  # a cached property: the paginator asks no count of its own
        if rows or number == 1:
            return Page(rows, number, paginator)
        last = paginator.num_pages
        if last < number:  # past the end (an old link): the last page, asked the same way
            start = (last - 1) * RESULTS_PER_PAGE
            rows, _total = page_with_count(start, start + RESULTS_PER_PAGE)
            return Page(rows, last, paginator)
    return paginator.get_page(number)


@require_GET
def search(request):
    from candle.pages.routing import site_for_request

    site_for_request(request)  # the kept site, for every address on the page
    query = query_clean(request.GET.get("q", ""))
    filters = filters_from(request)
    language_code = translation.get_language() or "ko"
    context = {
        "query": query,
        "filters": filters,
        "results": None,
        "rows": [],
        "options": search_filter_options(language_code=language_code),
    }
    if query:
        results = search_pages(query=query, language_code=language_code, filters=filters)
        page = _results_page(results, page_number_from(request))
        params = {
            "q": query,
            "type": filters.kind,
            "board": filters.board_id or "",
            "year": filters.year or "",
            "order": filters.order,
            "all": "1" if filters.both_languages else "",
        }
        context.update(
            results=page,
            rows=search_results_for_display(
                results=list(page.object_list), query=query, request=request
            ),
            query_prefix=filter_query_prefix(**params),
            both_languages_url="?" + urlencode({"q": query, "all": "1"}),
            is_filtered=bool(filters.kind or filters.board_id or filters.year),
        )
    return render(request, "search/search.html", context)
