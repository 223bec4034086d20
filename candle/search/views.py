"""The public search page. A first version on Wagtail's search; the Korean-aware backend
(issue: Korean-aware search) replaces the backend, not this view's interface."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_GET
from wagtail.models import Locale, Page

from candle.pages.selectors import page_number_from

MAX_QUERY_LENGTH = 200


@require_GET
def search(request):
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
    query = "".join(ch for ch in query if ch.isprintable())
    results = Page.objects.none()
    if query:
        locale = Locale.objects.filter(language_code=translation.get_language()).first()
        pages = Page.objects.live().public().specific()
        if locale is not None:
            pages = pages.filter(locale=locale)
        results = pages.search(query)
    page = Paginator(results, 10).get_page(page_number_from(request)) if query else None
    return render(request, "search/search.html", {"query": query, "results": page})
