"""Page addresses without a URL reverse per page.

Wagtail's ``Page.get_url_parts`` switches the active language and calls Django's ``reverse``
for every page whose address it builds. A board page builds about twenty (its cards, its
language links), and that was a tenth of its time. The language prefix that ``reverse``
puts in front of a page's path (``/ko/``, ``/en/``) depends only on the language and the
script prefix, so it is reversed once per process here; the page's own part is quoted
exactly as ``reverse`` quotes it. Everything else (which site, which root, the language
variant) is Wagtail's own logic, kept line for line; a page whose address would need anything
more (a page on several sites, a path ``reverse`` would refuse) goes to Wagtail's method.
``candle/pages/tests/test_urls_fast.py`` compares both on every page of both trees.
"""

import re
import string
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils import translation
from django.utils.http import RFC3986_SUBDELIMS
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page, Site


@lru_cache(maxsize=1)
def _served_path() -> re.Pattern:
    """Wagtail's ``serve_pattern`` compiled. Imported on first use: ``wagtail.urls`` loads
    Wagtail's views, which need the models loaded, and ``models.base`` imports this module."""
    from wagtail.urls import serve_pattern

    return re.compile(serve_pattern)


_QUOTE_SAFE = RFC3986_SUBDELIMS + "/~:@"  # what django.urls.resolvers quotes a reversed URL with
# What ``quote`` leaves as it is: ASCII letters, digits, ``_.-~`` and ``_QUOTE_SAFE``.
_SAFE_CHARACTERS = string.ascii_letters + string.digits + "_.-~" + _QUOTE_SAFE
_NOT_SAFE = re.compile("[^" + re.escape(_SAFE_CHARACTERS) + "]")
# Each character as ``quote`` writes it: itself, or the percent-encoded bytes of its UTF-8.
# Filled as characters are met (the characters of the site's page addresses: slugs come from
# editors and importers, never from readers).
_QUOTED_CHARACTERS = {character: character for character in _SAFE_CHARACTERS}


def quoted(text: str) -> str:
    """``quote(text, safe=_QUOTE_SAFE)``, a character at a time from a table rather than a byte
    at a time: a Korean slug is a hundred bytes or more, and urllib's ``quote`` looks each one
    up (a tenth of a board page's rendering for fifteen cards); this is about half of that.
    ``test_urls_fast.py`` compares both on every kind of character; text that is not UTF-8
    (a lone surrogate) fails the same way."""
    if _NOT_SAFE.search(text) is None:
        return text
    table = _QUOTED_CHARACTERS
    try:
        return "".join([table[character] for character in text])
    except KeyError:
        for character in set(text).difference(table):
            table[character] = "%" + character.encode().hex("%").upper()
        return "".join([table[character] for character in text])


@lru_cache(maxsize=64)
def _serve_prefix(language_code: str | None, script_prefix: str) -> str:
    """``reverse("wagtail_serve", args=("",))`` in ``language_code``: ``/ko/``."""
    if language_code is None:
        return reverse("wagtail_serve", args=("",))
    with translation.override(language_code):
        return reverse("wagtail_serve", args=("",))


NEEDS_PAGE = object()  # a case left to Wagtail's own method, which needs the page


def _url_parts(url_path: str, possible_sites):
    """``(site_id, root_url, page_path)`` for a page at ``url_path`` on ``possible_sites`` (its
    site root paths), ``None`` when it is on none, ``NEEDS_PAGE`` when Wagtail decides."""
    if not possible_sites:
        return None
    site_id, root_path, root_url, language_code = possible_sites[0]
    if len({values[0] for values in possible_sites}) > 1:
        return NEEDS_PAGE  # on several sites: Wagtail picks
    relative = url_path[len(root_path) :]
    if not _served_path().match(relative):
        return NEEDS_PAGE  # reverse() may refuse it: Wagtail says
    use_i18n = getattr(settings, "WAGTAIL_I18N_ENABLED", False)
    if use_i18n:
        active = translation.get_language()
        try:
            if get_supported_content_language_variant(active) == language_code:
                language_code = active
        except LookupError:
            pass
    try:
        prefix = _serve_prefix(language_code if use_i18n else None, get_script_prefix())
    except NoReverseMatch:
        return (site_id, None, None)
    page_path = prefix + quoted(relative)
    if not getattr(settings, "WAGTAIL_APPEND_SLASH", True) and page_path != "/":
        page_path = page_path.rstrip("/")
    return (site_id, root_url, page_path)


def page_url_parts(page: Page, request: HttpRequest | None = None):
    """What ``Page.get_url_parts(request)`` returns: ``(site_id, root_url, page_path)``."""
    parts = _url_parts(page.url_path, page._get_relevant_site_root_paths(request))
    return Page.get_url_parts(page, request) if parts is NEEDS_PAGE else parts


def _full_url(parts) -> str | None:
    if parts is None or parts[1] is None and parts[2] is None:
        return None
    return parts[1] + parts[2]


def url_path_full_url(url_path: str, site_root_paths) -> str | None | object:
    """What ``Page.get_full_url`` returns for a page at ``url_path``, from the site root paths
    (``Site.get_site_root_paths()``) without a page instance; ``NEEDS_PAGE`` when only the
    page itself can say (then ask the page's ``get_full_url``)."""
    parts = _url_parts(
        url_path, tuple(srp for srp in site_root_paths if url_path.startswith(srp.root_path))
    )
    return parts if parts is NEEDS_PAGE else _full_url(parts)


def page_full_url(page: Page, request: HttpRequest | None = None) -> str | None:
    """What ``Page.get_full_url(request)`` returns."""
    return _full_url(page_url_parts(page, request))


def absolute_url(address: str | None) -> str | None:
    """``address`` (a path) made absolute with the configured base URL (``CANDLE_BASE_URL``),
    for what crawlers and other sites read: the canonical address, ``hreflang`` alternates,
    ``og:url``, feeds, the sitemap. Never the Site's hostname, which need not be the host and
    port that serve the site (the demo's is ``localhost``). An address that already names a
    host (a page on another site) is kept as it is. Links a reader follows stay paths."""
    if not address or not address.startswith("/") or address.startswith("//"):
        return address
    return settings.CANDLE_BASE_URL + address


def url_path_absolute_url(url_path: str, site_root_paths) -> str | None | object:
    """``absolute_url`` of the page at ``url_path`` (its path on its site, from the site root
    paths, without a page instance); ``NEEDS_PAGE`` when only the page itself can say."""
    parts = _url_parts(
        url_path, tuple(srp for srp in site_root_paths if url_path.startswith(srp.root_path))
    )
    if parts is NEEDS_PAGE or parts is None:
        return parts
    return absolute_url(parts[2])


def addressed_as_usual(model) -> bool:
    """Whether a page type's address is Wagtail's (its ``url_path`` under its site), which this
    module builds from the row alone, so a plain ``Page`` row of it has the same address; a
    type that routes itself must be asked as itself."""
    from .models.base import BasePage

    return model.get_url_parts in {Page.get_url_parts, BasePage.get_url_parts} and (
        model.get_full_url is Page.get_full_url and model.get_url is Page.get_url
    )


def page_url(page: Page, request: HttpRequest | None = None) -> str | None:
    """What ``Page.get_url(request)`` returns (the path alone when the page is on the
    request's site or there is one site), built by ``page_url_parts`` whatever the instance's
    class: for a plain ``Page`` row of a type ``addressed_as_usual``, whose ``get_url`` would
    reverse a URL (the search results page holds such rows)."""
    current_site = Site.find_for_request(request) if request is not None else None
    parts = page_url_parts(page, request)
    if parts is None or parts[1] is None and parts[2] is None:
        return None
    site_id, root_url, page_path = parts
    num_sites = len({root_path[0] for root_path in page._get_site_root_paths(request)})
    if (current_site is not None and site_id == current_site.id) or num_sites == 1:
        return page_path
    return root_url + page_path


class UrlPathAddresses:
    """What ``Page.get_url(request)`` gives, for many pages of one request from their
    ``url_path`` alone (a listing's cards): the site root paths, the current site and each
    root's address prefix are worked out once, then each address is a prefix and the quoted
    rest of the path. ``address(url_path)`` is ``NEEDS_PAGE`` when only the page itself can
    say (then ask its ``get_url``). Valid for one request and one active language."""

    def __init__(self, request: HttpRequest | None = None):
        if request is None:
            self.site_root_paths = Site.get_site_root_paths()
            current_site = None
        else:
            try:
                self.site_root_paths = request._wagtail_cached_site_root_paths
            except AttributeError:
                self.site_root_paths = Site.get_site_root_paths()
                request._wagtail_cached_site_root_paths = self.site_root_paths
            current_site = Site.find_for_request(request)
        self.current_site_id = current_site.id if current_site is not None else None
        self.num_sites = len({root_path[0] for root_path in self.site_root_paths})
        self._roots: dict[tuple, tuple | None | object] = {}

    def _root(self, possible_sites: tuple):
        """``(prefix to put before the quoted rest, root path)`` for the pages under these
        site root paths, ``None`` when they are on no site, ``NEEDS_PAGE`` when Wagtail says."""
        try:
            return self._roots[possible_sites]
        except KeyError:
            pass
        found: tuple | None | object
        if not possible_sites:
            found = None
        else:
            # _url_parts' own logic, on the root's own path: every check it makes but the
            # served-path pattern depends on the root alone (that one is made per page)
            root_path = possible_sites[0][1]
            parts = _url_parts(root_path, possible_sites)
            if parts is NEEDS_PAGE or parts is None:
                found = parts
            elif parts[1] is None and parts[2] is None:
                found = None
            else:
                site_id, root_url, page_path = parts
                if not getattr(settings, "WAGTAIL_APPEND_SLASH", True):
                    found = NEEDS_PAGE  # the trailing slash rule: Wagtail's way
                elif (
                    self.current_site_id is not None and site_id == self.current_site_id
                ) or self.num_sites == 1:
                    found = (page_path, root_path)
                else:
                    found = (root_url + page_path, root_path)
        self._roots[possible_sites] = found
        return found

    def address(self, url_path: str):
        possible = tuple(srp for srp in self.site_root_paths if url_path.startswith(srp.root_path))
        root = self._root(possible)
        if root is None or root is NEEDS_PAGE:
            return root
        prefix, root_path = root
        relative = url_path[len(root_path) :]
        if not _served_path().match(relative):
            return NEEDS_PAGE
        return prefix + quoted(relative)
