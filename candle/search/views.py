"""The public search page: /ko/search/ and /en/search/. Thin: parse, select, render."""

from urllib.parse import urlencode

from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_GET

from candle.pages.selectors import filter_query_prefix, page_number_from

from .selectors import (
    SearchFilters,
    query_clean,
    search_filter_options,
    search_results_shown,
)

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
        page, rows = search_results_shown(
            query=query,
            language_code=language_code,
            filters=filters,
            number=page_number_from(request),
            request=request,
        )
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
            rows=rows,
            query_prefix=filter_query_prefix(**params),
            both_languages_url="?" + urlencode({"q": query, "all": "1"}),
            is_filtered=bool(filters.kind or filters.board_id or filters.year),
        )
    return render(request, "search/search.html", context)
