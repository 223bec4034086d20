"""Django's LocaleMiddleware, except that a path which exists under no language gets the 404
page at once instead of a redirect to /ko/<path> first.

Django redirects a 404 outside /ko/ and /en/ whenever the prefixed path *resolves*; Wagtail's
catch-all page route resolves every slug-like path, so /nothing-here/ went to /ko/nothing-here/
before failing. Here a path Wagtail would serve is redirected only when its first segment is a
page under a home page (about, news, …): /news/ still goes to /ko/news/. The same holds for a
path without its final slash (/nothing-here, /rss/nope), which Django would send to the
language's path with the slash added.

A 404 from a view outside the language prefixes (GnuBoard's short addresses, /news/9999) is
redirected only when a live page has that path under the reader's language: /news/new-post/
still goes to /ko/news/new-post/, but an old post number that was never imported gets the 404
page at once, not a redirect to /ko/news/9999/ that fails there."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import patch_vary_headers


class CandleLocaleMiddleware(LocaleMiddleware):
    def process_response(self, request, response):
        if (
            response.status_code == 404
            and not translation.get_language_from_path(request.path_info)
            and not self._may_exist_under_a_language(request)
        ):
            patch_vary_headers(response, ("Accept-Language",))
            response.headers.setdefault("Content-Language", translation.get_language())
            return response
        return super().process_response(request, response)

    @staticmethod
    def _may_exist_under_a_language(request) -> bool:
        from wagtail.models import Page

        home_depth = 2  # the tree root is depth 1; each language's home page is its child
        if request.resolver_match is not None:  # a view outside /ko/ and /en/ said 404
            home = Page.objects.filter(
                depth=home_depth, locale__language_code=translation.get_language()
            ).first()
            rest = request.path_info.strip("/")
            return (
                home is not None
                and bool(rest)
                and Page.objects.live().filter(url_path=f"{home.url_path}{rest}/").exists()
            )
        urlconf = getattr(request, "urlconf", None)
        path = f"/{translation.get_language()}{request.path_info}"
        try:
            match = resolve(path, urlconf)
        except Resolver404:
            if not settings.APPEND_SLASH or path.endswith("/"):
                return True  # Django's own rules decide
            try:  # /rss/nope: Django would redirect to /ko/rss/nope/, where Wagtail serves
                match = resolve(path + "/", urlconf)
            except Resolver404:
                return True
        if match.url_name != "wagtail_serve":
            return True  # search and the other prefixed views
        first = request.path_info.strip("/").split("/", 1)[0]
        if not first:
            return True
        return Page.objects.filter(depth=home_depth + 1, slug=first).exists()
