"""Views outside Wagtail's page tree (robots.txt, the language switch, error pages) and the
entry to it (``serve``)."""

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import get_template
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail import views as wagtail_views
from wagtail.models import Page

from . import routing
from .selectors import home_for_locale


def serve(request: HttpRequest, path: str) -> HttpResponse:
    """Wagtail's page view, with the page found by ``candle.pages.routing`` in two queries
    instead of Wagtail's one or two per level of the path (Wagtail reads the route it finds
    on the request, so everything after is Wagtail's own: hooks, view restrictions, serve)."""
    if not hasattr(request, "_wagtail_route_for_request"):
        request._wagtail_route_for_request = routing.route_for_request(request, path)
    return wagtail_views.serve(request, path)


@require_GET
@cache_control(public=True, max_age=86400)
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /ko/search/",
        "Disallow: /en/search/",
        "",
        f"Sitemap: {settings.CANDLE_BASE_URL}/sitemap.xml",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
def html_sitemap(request: HttpRequest) -> HttpResponse:
    """The reader's sitemap (``/ko/sitemap/``, ``/en/sitemap/``): every section of the active
    language and the pages in it, linked from the footer. Crawlers have ``/sitemap.xml``."""
    from .navigation import active_language, sitemap_sections

    sections = sitemap_sections(language_code=active_language())
    return render(request, "pages/html_sitemap.html", {"sections": sections})


@require_GET
def language_switch(request: HttpRequest, language: str, page_id: int) -> HttpResponse:
    """Go to the translation of a page, or to the other language's home with a polite note."""
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    page = Page.objects.filter(pk=page_id).first()
    if page is not None:
        translated = (
            page.get_translations(inclusive=True)
            .filter(locale__language_code=language)
            .live()
            .public()
            .first()
        )
        if translated is not None:
            return HttpResponseRedirect(translated.get_url(request))
    home = home_for_locale(language_code=language)
    target = home.get_url(request) if home else f"/{language}/"
    return HttpResponseRedirect(f"{target}?{urlencode({'untranslated': '1'})}")


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without the request: no context processor or database query can fail again here.
    with translation.override(settings.LANGUAGE_CODE):
        return HttpResponse(get_template("500.html").render(), status=500)
