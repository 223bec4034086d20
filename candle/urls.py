"""URL map. Public, cacheable URLs are under ``i18n_patterns`` (/ko/…, /en/…); the admin and
everything private is marked ``never_cache``."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import URLPattern, include, path, re_path
from django.views.decorators.cache import never_cache
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.images.views.serve import ServeView

from candle.advocacy.newsletters import urls as newsletter_urls
from candle.core.health import healthz
from candle.core.page_password import password_attempts_limited
from candle.giving import urls as giving_urls
from candle.pages import views as page_views
from candle.pages.api import PublicPagesAPIViewSet
from candle.pages.sitemaps import TEMPLATE as SITEMAP_TEMPLATE
from candle.pages.sitemaps import BilingualSitemap
from candle.search import views as search_views

api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)  # checks its query first

handler404 = "candle.pages.views.page_not_found"
handler500 = "candle.core.faults.server_error"  # a lost database: 503, else pages' 500

# Wagtail's password forms (protected pages, document collections), with an attempt limit.
_PASSWORD_FORMS = {
    "wagtailcore_authenticate_with_password": ("page", "page_view_restriction_id"),
    "wagtaildocs_authenticate_with_password": ("collection", "restriction_id"),
}


def _password_limited(patterns: list) -> list:
    return [
        URLPattern(
            url.pattern,
            password_attempts_limited(
                url.callback,
                kind=_PASSWORD_FORMS[url.name][0],
                restriction_kwarg=_PASSWORD_FORMS[url.name][1],
            ),
            url.default_args,
            url.name,
        )
        if url.name in _PASSWORD_FORMS
        else url
        for url in patterns
    ]


urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(_password_limited(wagtaildocs_urls.urlpatterns))),
    path(
        "images/<str:signature>/<int:image_id>/<str:filter_spec>/",
        ServeView.as_view(),
        name="wagtailimages_serve",
    ),
    path("api/v2/", api_router.urls),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": {"pages": BilingualSitemap}, "template_name": SITEMAP_TEMPLATE},
        name="sitemap",
    ),
    path("robots.txt", page_views.robots_txt, name="robots_txt"),
    path("healthz", healthz, name="healthz"),  # for load balancers (candle.core.health)
    path(
        "language/<str:language>/<int:page_id>/",
        never_cache(page_views.language_switch),
        name="language_switch",
    ),
    path("", include("candle.importers.urls")),  # old GnuBoard addresses (/bbs/…) → 301
    path("newsletters/", include(newsletter_urls.webhook_urlpatterns)),  # provider webhooks
]

if settings.DEBUG or getattr(settings, "CANDLE_SERVE_MEDIA", False):
    # Development and the demo (which runs without DEBUG): Django serves the uploads. Not
    # ``django.conf.urls.static.static``, which gives nothing without DEBUG.
    from django.views.static import serve as media_serve

    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$",
            media_serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

# The test payment provider's checkout exists only where that provider is on (development, tests,
# the demo): production refuses to start with it on, and has no such address at all.
_giving_patterns = [
    url
    for url in giving_urls.urlpatterns
    if settings.CANDLE_TEST_PROVIDER_ENABLED or url.name != "test_checkout"
]

urlpatterns += i18n_patterns(
    path("search/", search_views.search, name="search"),
    path("sitemap/", page_views.html_sitemap, name="html_sitemap"),
    path("supporters/", include("candle.supporters.urls")),
    path("give/", include((_giving_patterns, "giving"))),
    path("programmes/", include("candle.programmes.urls")),
    path("advocacy/", include("candle.advocacy.urls")),
    path("newsletters/", include(newsletter_urls.urlpatterns)),
    # Wagtail's own URLs (password-protected pages, front-end login), then its page view
    # through candle.pages.views.serve (the same pattern and name, routed in two queries).
    *(url for url in _password_limited(wagtail_urls.urlpatterns) if url.name != "wagtail_serve"),
    re_path(wagtail_urls.serve_pattern, page_views.serve, name="wagtail_serve"),
    prefix_default_language=True,
)
