"""The public search page: /ko/search/ and /en/search/. Thin: parse, select, render."""

from urllib.parse import urlencode

from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_GET

from candle.core.params import param_choice, param_int, param_text
from candle.pages.selectors import filter_query_prefix, page_number_from

from .backends import counting
from .selectors import (
    MAX_QUERY_CHARS,
    SearchFilters,
    query_clean,
    search_filter_options,
    search_results_shown,
)

KINDS = {"", "posts", "reports", "pages"}
ORDERS = {"relevance", "newest"}


def filters_from(request) -> SearchFilters:
    get = request.GET
    return SearchFilters(
        kind=param_choice(get, "type", KINDS),
        board_id=param_int(get, "board", minimum=1, maximum=2**31 - 1),
        year=param_int(get, "year", minimum=1900, maximum=2100),
        order=param_choice(get, "order", ORDERS, default="relevance"),
        both_languages=param_choice(get, "all", {"1"}) == "1",
    )


@require_GET
def search(request):
    from candle.pages.routing import site_for_request

    site_for_request(request)  # the kept site, for every address on the page
    query = query_clean(param_text(request.GET, "q", max_length=MAX_QUERY_CHARS * 5))
    filters = filters_from(request)
    language_code = translation.get_language() or "ko"
    context = {
        "query": query,
        "filters": filters,
        "results": None,
        "rows": [],
        "options": search_filter_options(language_code=language_code),
        "count_cap": f"{counting.COUNT_CAP:,}",  # 1,000 in both languages
    }
    if query:
        page, rows = search_results_shown(
            query=query,
            language_code=language_code,
            filters=filters,
            number=page_number_from(request),
            request=request,
            board_titles=context["options"]["board_titles"],
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
