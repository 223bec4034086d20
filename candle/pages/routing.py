"""Finding the page a URL names, in two queries whatever its depth.

Wagtail's own routing (``Page.route_for_request``) costs, for ``/ko/news/some-post/``: the
site with its root page, the active locale, the root's translation, the root's specific row,
then for each level of the path the child by slug and its specific row: seven queries, a
fifth of an uncached board page's time. Here:

1. the site is looked up once and kept in the site-wide data cache (forgotten whenever a
   site is saved or deleted, with every cached page: ``candle.caching.signals``);
2. one query fetches the root's translation in the active language and, for each path
   segment, the pages with that slug at that depth (a handful of rows on the slug index),
   and the chain from the root down is picked out of them in Python by tree path;
3. the deepest page the chain reaches is fetched as its specific type and Wagtail's own
   ``route()`` is called on it with what is left of the path.

The result is exactly what Wagtail's routing would give, because the walk stops wherever a
page's ``route()`` might not simply pass the rest of the path to a child: a page class with
its own ``route()``, or a routable page (``RoutablePageMixin``) whose sub-routes match the rest
of the path (``/ko/news/feed/rss/``). From that page on, Wagtail routes as usual.
``candle/pages/tests/test_routing.py`` compares both on every page of a tree and on paths that
must not resolve.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.http.request import split_domain_port
from django.urls import Resolver404
from django.utils import translation
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, Site
from wagtail.models.sites import SiteRootPath, get_site_for_hostname
from wagtail.url_routing import RouteResult

from candle.caching.store import (
    cached_site_wide,
    request_generation,
    row_from_values,
    row_values,
)
from candle.core.compiled import get_by_pk

_MAX_SEGMENTS = 12  # deeper than any page here; longer paths go to Wagtail's own routing

# Walks already made, per worker: (site, language, path) → (generation, page id, content type,
# the page's url_path, the rest of the path). A walk is reused only under the same site-wide
# generation (a root, a home's translation or a top-level page changing moves on to a new one)
# and only if the page found still has the same url_path (a slug changed or a page moved
# anywhere above it changes that): otherwise the walk is made again.
_walks: dict[tuple, tuple] = {}
_WALKS_MAX = 10_000


def _site_found(request: HttpRequest) -> dict | None:
    """The site answering this request's host, as plain data: its fields, and its root page's
    depth and translation key (what the walk starts from). Kept in the site-wide data cache."""
    hostname, port = split_domain_port(request._get_raw_host())[0], request.get_port()

    def find() -> dict | None:
        try:
            site = get_site_for_hostname(hostname, port)
        except Site.DoesNotExist:
            return None
        return {
            "fields": row_values(site),
            "root": (site.root_page.depth, site.root_page.translation_key),
        }

    # The key names the value's format: a release that changes it must not read an older one.
    return cached_site_wide(f"site:v1:{hostname}:{port}", find)


def site_root_paths() -> list[SiteRootPath]:
    """``Site.get_site_root_paths()`` (every site's root page and its translations, from which
    Wagtail works out each page's address), kept in the site-wide data cache. Wagtail keeps
    them in the default cache: on Redis, a round trip on every request that shows an address.
    Whatever changes them forgets the site-wide cache: a site saved or deleted, a home page
    published, moved or removed, a locale changed, and a new page created at the top of the
    tree (a home's new translation; ``candle.caching.signals``)."""
    kept = cached_site_wide(
        "site-root-paths:v1", lambda: [tuple(path) for path in Site.get_site_root_paths()]
    )
    return [SiteRootPath(*path) for path in kept]


def site_for_request(request: HttpRequest) -> Site | None:
    """``Site.find_for_request(request)``, answered from the data cache (Wagtail looks the site
    up with its root page in one query on every request). Sets what Wagtail reads later: the
    site, and the site root paths every page address is worked out from."""
    if not hasattr(request, "_wagtail_site"):
        found = _site_found(request)
        request._wagtail_site = None if found is None else row_from_values(Site, found["fields"])
        request._candle_site_root = found["root"] if found else None
        if found is not None and not hasattr(request, "_wagtail_cached_site_root_paths"):
            request._wagtail_cached_site_root_paths = site_root_paths()
    return request._wagtail_site


def _passes_on(page_class, live: bool, remaining: list[str]) -> bool:
    """Whether ``page_class.route(request, remaining)`` would only look up the child named by
    ``remaining[0]`` (what ``Page.route`` does), so the walk may go on without calling it."""
    if not remaining:
        return False
    route = page_class.route
    if route is Page.route:
        return True
    if route is RoutablePageMixin.route:
        if not live:  # a routable page that is not live passes everything to its children
            return True
        try:
            page_class.get_resolver().resolve("/" + "/".join(remaining) + "/")
        except (Resolver404, Http404):
            return True
        return False
    return False  # its own route(): leave the rest to it


def page_class(content_type_id: int) -> type[Page]:
    """The page model of a content type; ``Page`` when its class is gone (Wagtail then serves
    the base page)."""
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    return model if model is not None and issubclass(model, Page) else Page


def _specific(page_id: int, content_type_id: int) -> Page:
    """The page as its own type, by a query compiled once per model (``get_by_pk``)."""
    return get_by_pk(page_class(content_type_id), page_id)


def route_for_request(request: HttpRequest, path: str) -> RouteResult | None:
    """What ``Page.route_for_request(request, path)`` returns, in two queries (one when this
    worker has made the same walk under the same generation, ``_walks``)."""
    site = site_for_request(request)
    root = getattr(request, "_candle_site_root", None)
    if site is None or root is None:  # no site; or Wagtail found it before us (no root data)
        return None if site is None else Page.route_for_request(request, path)
    components = [component for component in path.split("/") if component]
    if len(components) > _MAX_SEGMENTS:
        return Page.route_for_request(request, path)
    root_pk, (root_depth, root_key) = site.root_page_id, root
    language = (translation.get_language() or "").split("-")[0]
    generation, walk_key = request_generation(), (site.pk, language, path)
    walked = _walks.get(walk_key) if generation else None
    if walked is not None and walked[0] == generation:
        _generation, page_pk, content_type_id, url_path, remaining = walked
        try:
            page = _specific(page_pk, content_type_id)
        except ObjectDoesNotExist:  # a page model's DoesNotExist need not be Page's
            page = None
        if page is not None and page.url_path == url_path:
            try:
                return page.route(request, list(remaining))
            except Http404:
                return None
    wanted = Q(pk=root_pk) | Q(translation_key=root_key, locale__language_code=language)
    for offset, slug in enumerate(components, start=1):
        wanted |= Q(depth=root_depth + offset, slug=slug)
    rows = list(
        Page.objects.filter(wanted).values_list(
            "pk", "path", "depth", "slug", "live", "content_type_id", "translation_key"
        )
    )
    by_pk = {row[0]: row for row in rows}
    if by_pk.get(root_pk, (None, None, None))[2] != root_depth:
        return Page.route_for_request(request, path)  # the root moved since the site was kept
    # The root's live translation in the active language, else the root itself (Page.localized).
    start = by_pk[root_pk]
    for row in rows:
        if row[6] == root_key and row[0] != root_pk and row[4]:
            start = row
            break
    if start[2] != root_depth:
        return Page.route_for_request(request, path)  # a translation elsewhere in the tree
    by_level = {}
    for row in rows:
        by_level.setdefault((row[2], row[3]), []).append(row)

    current, remaining = start, components
    while True:
        if not _passes_on(page_class(current[5]), current[4], remaining):
            break
        child = next(
            (
                row
                for row in by_level.get((current[2] + 1, remaining[0]), ())
                if row[1].startswith(current[1])
            ),
            None,
        )
        if child is None:
            return None  # no such child: Wagtail's Page.route raises Http404 here
        current, remaining = child, remaining[1:]
    page = _specific(current[0], current[5])
    if generation:
        if len(_walks) >= _WALKS_MAX:
            _walks.clear()
        _walks[walk_key] = (generation, page.pk, current[5], page.url_path, tuple(remaining))
    try:
        return page.route(request, remaining)
    except Http404:
        return None
