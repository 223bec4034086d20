"""Formatting helpers for templates. They look up what a template shows; they decide nothing."""

import datetime
import hashlib
import re

from django import template
from django.conf import settings
from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils import translation
from django.utils.formats import localize
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from wagtail.models import Site
from wagtail.templatetags.wagtailcore_tags import richtext

from candle.caching.store import cached_for_path, cached_site_wide

from ..card_images import card_image_html, card_images
from ..models.taxonomy import BilingualLabel
from ..richtext import rich_text_clean_shown
from ..selectors import listed_categories, menu_links, page_translations_public, top_of_tree
from ..text_shown import (
    DatesShown,
    _escape,
    _summary_shown,
    _translated,
    date_shown,
    escape_value,
)
from ..urls_fast import NEEDS_PAGE, UrlPathAddresses, absolute_url, page_url, page_url_parts

# The modules above are imported once here, not inside each tag: an import statement in a
# function runs the import machinery on every call (about 30,000 instructions for a
# ``from … import …``), and the hot tags run on every page.

register = template.Library()


@register.simple_tag(takes_context=True)
def page_translations(context, page):
    """Live translations of ``page`` as ``[(language_code, address), …]``, the page itself
    included. Addresses are paths (``/en/news/``), so the language switch works on whatever
    host and port served the page, and a page kept by the page cache is right for any host;
    ``hreflang`` makes them absolute (``|absolute_url``).

    Kept with the page's own cache entry (``cached_for_path``): publishing, unpublishing or
    moving the page or any translation of it purges the page's address, and so this."""
    request = context.get("request")
    if page is None or not getattr(page, "pk", None):
        return []

    def compute() -> list[tuple[str, str]]:
        return [
            (p.locale.language_code, page_url(p, request)) for p in page_translations_public(page)
        ]

    parts = page_url_parts(page, request)
    if parts is None or parts[2] is None:
        return compute()
    return cached_for_path(parts[2], f"translations:v2:{page.pk}", compute)


@register.simple_tag(takes_context=True)
def canonical_url(context, page) -> str:
    """The page's absolute address for crawlers (``<link rel="canonical">``, ``og:url``): the
    configured base URL and the page's path (``urls_fast.absolute_url``)."""

    parts = page_url_parts(page, context.get("request"))
    return (absolute_url(parts[2]) if parts is not None else None) or ""


@register.filter(name="absolute_url")
def absolute_url_filter(address) -> str:
    """A path made absolute with the configured base URL (``urls_fast.absolute_url``)."""

    return absolute_url(address) or ""


# Query parameters the other language's page would not understand: a page number (the
# other language has its own count of results) and a board (each language has its own).
_SWITCH_DROPS = frozenset({"page", "board"})


@register.simple_tag(takes_context=True)
def language_switch_url(context, page, language_code, translations):
    """The other language's version of what the reader is looking at, as a path (it works on
    the host and port that served the page, and is the same for every host, so safe in the
    page cache): the page's translation when there is one; for a page without one, the
    switch view (``/language/<code>/<id>/``, which explains); for a view outside the page
    tree (search), the same view in the other language with the query and filters it was
    asked with (its ``query_prefix``); otherwise the other language's home."""
    for code, url in translations or []:
        if code == language_code:
            return url
    if page is not None and getattr(page, "pk", None):
        return reverse("language_switch", args=[language_code, page.pk])
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    if match is not None and match.url_name not in (None, "wagtail_serve"):
        # Our URL patterns are the same in both languages: only the prefix changes (cheaper
        # than Django's translate_url, which resolves and reverses the path).
        current = f"/{(translation.get_language() or '').split('-')[0]}/"
        if request.path.startswith(current):
            from urllib.parse import parse_qsl, urlencode

            address = f"/{language_code}/{request.path[len(current) :]}"
            # What the view read of the request (its cleaned words and filters, the start of
            # its page links' query), not the raw query string: no tracking parameters, and
            # the same link for every way of asking the same thing.
            asked = parse_qsl(context.get("query_prefix") or "")
            kept = [(name, value) for name, value in asked if name not in _SWITCH_DROPS]
            return f"{address}?{urlencode(kept)}" if kept else address
    return f"/{language_code}/"


@register.simple_tag
def main_menu() -> list[dict]:
    """The top navigation in the active language: ``[{"title", "url", "path"}, …]``."""
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return menu_links(language_code=language)


@register.simple_tag
def current_menu_path(page, menu) -> str:
    """The tree path of the menu item ``page`` is in (the item itself or a page below it), or
    "" when it is in none: what the navigation marks as current."""
    path = getattr(page, "path", "") or ""
    for item in menu:
        if path and path.startswith(item["path"]):
            return item["path"]
    return ""


class SiteWideFragmentNode(template.Node):
    """``{% sitewide_fragment "name" vary… %}…{% end_sitewide_fragment %}``: the enclosed
    markup rendered once per site, language and ``vary`` values, then kept in the site-wide
    data cache (``cached_site_wide``), which publishing, moving or removing a page at the top
    of the tree, or saving the site's settings, a label or an image, forgets. For markup every
    page repeats and that depends on nothing else (the navigation, the footer): it must not
    show anything about the reader or the request beyond what it varies on."""

    def __init__(self, nodelist, name, vary):
        self.nodelist, self.name, self.vary = nodelist, name, vary

    def render(self, context):

        request = context.get("request")
        site = Site.find_for_request(request) if request is not None else None
        if site is None:
            return self.nodelist.render(context)
        language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
        vary = "\x1f".join(str(value.resolve(context)) for value in self.vary)
        key = hashlib.md5(vary.encode(), usedforsecurity=False).hexdigest()
        name = f"fragment:v1:{self.name.resolve(context)}:{site.pk}:{language}:{key}"
        return mark_safe(  # noqa: S308 - the template's own rendering, kept as it came out
            cached_site_wide(name, lambda: str(self.nodelist.render(context)))
        )


@register.tag("sitewide_fragment")
def sitewide_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("sitewide_fragment needs a name")
    nodelist = parser.parse(("end_sitewide_fragment",))
    parser.delete_first_token()
    return SiteWideFragmentNode(
        nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(b) for b in bits[2:]]
    )


@register.filter(name="date_shown", expects_localtime=True, is_safe=False)
def date_shown_filter(value, arg=None) -> str:
    """Django's ``date`` filter, remembered per date (``_date_formatted``), for dates a hot
    page shows many times over (search results). Anything but a date or a datetime goes to
    Django's filter as it is."""
    if isinstance(value, datetime.date):
        return date_shown(value, arg)

    return date_filter(value, arg)


@register.filter
def filesize(value) -> str:
    """1536 → '1.5 KB'."""
    try:
        size = float(value)
    except (TypeError, ValueError):
        return ""
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return ""


@register.filter
def safe_richtext(value):
    """Wagtail's ``|richtext`` (links and images expanded), then cleaned again before output."""

    if not value:
        return ""
    return mark_safe(rich_text_clean_shown(str(richtext(value))))  # noqa: S308


@register.filter
def startswith(value, prefix) -> bool:
    return (
        isinstance(value, str)
        and isinstance(prefix, str)
        and bool(prefix)
        and value.startswith(prefix)
    )


@register.simple_tag
def meta_description(page) -> str:
    """The page's search description, or its summary or introduction, as plain text."""

    for name in ("search_description", "summary", "intro", "mission"):
        value = getattr(page, name, "") or ""
        if value:
            return Truncator(strip_tags(str(value))).chars(200)
    return ""


@register.simple_tag
def share_image(page):
    """The image to show when the page is shared: its sharing image, else its own picture."""
    for name in ("share_image", "image", "hero_image", "cover"):
        image = getattr(page, name, None)
        if image is not None:
            return image
    return None


@register.simple_tag(takes_context=True)
def post_cards(context, posts, show_pinned=False, heading="h3", eager_first=False) -> str:
    """The post cards of a listing (board, home, work area), as HTML.

    Built here rather than by including a card template once per post: a listing shows up to
    15 cards, and a template include per card cost about a quarter of an uncached board
    page's time (template nodes, context pushes, a filter per field); this costs a tenth of
    that. The markup is the one place cards are written; each card shows the title (with a
    "Pinned" badge when ``show_pinned`` and the post is pinned), date, categories and summary,
    and the post's listing image (``card_images``). ``heading`` is the title's element: "h2"
    where the listing sits right under the page's ``h1`` (a board), "h3" under a section's
    ``h2`` (axe's heading-order rule). ``eager_first`` loads the first card's picture at once
    (it is in the first screen of a board; lazy loading would delay the largest paint).
    """

    request = context.get("request")
    addresses = UrlPathAddresses(request)
    heading = heading if heading in ("h2", "h3") else "h3"
    posts = list(posts)
    images = card_images(posts)
    first_image = True
    dates = DatesShown()
    language = dates.language
    pinned_badge = f'<span class="badge">{_escape(_translated(language, "Pinned"))}</span> '
    # a category's ``name`` is its name in the active language (``BilingualLabel.name``, a
    # thread-local look-up per call): the language is looked up once, and each category's
    # markup written once per listing
    name_field = "name_en" if (language or "ko").startswith("en") else "name_ko"
    category_shown: dict = {}
    cards = []
    for post in posts:
        pinned = show_pinned and post.pinned
        iso, shown_date = dates.attribute_and_text(post.date)
        categories = ""
        for c in listed_categories(post):
            try:
                categories += category_shown[c.pk]
            except KeyError:
                shown = f' · <span class="category">{_escape(getattr(c, name_field))}</span>'
                categories += category_shown.setdefault(c.pk, shown)
        summary = (
            f'<p class="post-card-summary">{_escape(_summary_shown(post.summary))}</p>\n'
            if post.summary
            else ""
        )
        image = images.get(post.pk)
        picture = ""
        if image is not None:
            picture = f"  {card_image_html(image, eager=eager_first and first_image)}\n"
            first_image = False
        url = addresses.address(post.url_path)
        if url is NEEDS_PAGE:
            url = post.get_url(request=request)
        # every value is escaped here; the markup around them is ours
        cards.append(
            f'<article class="post-card{" is-pinned" if pinned else ""}'
            f'{" has-image" if picture else ""}">\n{picture}'
            f'  <{heading} class="post-card-title">'
            f'<a href="{_escape(url or "")}">'
            f"{pinned_badge if pinned else ''}{_escape(post.title)}</a></{heading}>\n"
            f'  <p class="meta"><time datetime="{iso}">{shown_date}</time>'
            f"{categories}</p>\n"
            f"  {summary}</article>\n"
        )
    return mark_safe("".join(cards))  # noqa: S308 - every value above is escaped


@register.simple_tag
def pagination(items, query_prefix="") -> str:
    """Numbered page links for a Paginator page ``items``, as HTML: previous, the numbers
    (elided far from the current page: 1 … 4 5 [6] 7 8 … 200), next. Each link keeps
    ``query_prefix`` (the listing's query and filters, ``q=x&year=2024&``). Nothing when there
    is one page. Built here rather than by an included template: it is on every listing."""

    paginator = items.paginator
    if paginator.num_pages <= 1:
        return ""
    language = translation.get_language() or ""
    prefix = _escape(f"?{query_prefix or ''}page=")
    current = items.number
    links = []
    if items.has_previous():
        links.append(
            f'<li><a href="{prefix}{items.previous_page_number()}" rel="prev">'
            f"{_escape(_translated(language, 'Previous'))}</a></li>"
        )
    for number in paginator.get_elided_page_range(current, on_each_side=2, on_ends=1):
        # the range gives page numbers (ints) and ``paginator.ELLIPSIS``, a lazy translation
        # that comparing with a number would translate each time
        if type(number) is not int:
            links.append('<li><span aria-hidden="true">…</span></li>')
        elif number == current:
            links.append(f'<li><a aria-current="page" href="{prefix}{number}">{number}</a></li>')
        else:
            links.append(f'<li><a href="{prefix}{number}">{number}</a></li>')
    if items.has_next():
        links.append(
            f'<li><a href="{prefix}{items.next_page_number()}" rel="next">'
            f"{_escape(_translated(language, 'Next'))}</a></li>"
        )
    return mark_safe(  # noqa: S308 - the numbers are integers; the texts and prefix are escaped
        f'<nav class="pagination" aria-label="{_escape(_translated(language, "Pages"))}">'
        "\n  <ul>\n    " + "\n    ".join(links) + "\n  </ul>\n</nav>"
    )


@register.simple_tag
def filter_options(choices, selected, value="", label="") -> str:
    """A listing filter's ``<option>`` elements after its "all" option, as HTML: one per
    choice, the selected one marked. ``value`` and ``label`` name the attribute giving each
    choice's value and text (a category's ``slug`` and ``name``, a search filter's board's
    ``id`` and ``title`` keys); without them the choice itself is both (a year). What
    ``{% for %}`` over the choices wrote, without a node, a lookup and a comparison per
    option: a board of twenty years of posts has twenty."""

    digits = not settings.USE_THOUSAND_SEPARATOR  # read once, not once per number

    def shown(item) -> str:
        # localize() of a whole number without thousands separators is its digits (Django's
        # own shortcut), reached after three format look-ups in the active language: twenty
        # years of posts made sixty of them
        if digits and type(item) is int:
            return str(item)
        return escape_value(localize(item))

    if label == "name" and choices and all(isinstance(c, BilingualLabel) for c in choices):
        # a label's ``name`` looks the active language up each time: once here
        label = "name_en" if (translation.get_language() or "ko").startswith("en") else "name_ko"
    options = []
    for choice in choices:
        if isinstance(choice, dict):  # a template's ``choice.name`` reads a key first
            key = choice[value] if value else choice
            text = choice[label] if label else choice
        else:
            key = getattr(choice, value) if value else choice
            text = getattr(choice, label) if label else choice
        mark = " selected" if key == selected else ""
        options.append(f'<option value="{shown(key)}"{mark}>{shown(text)}</option>')
    return mark_safe("".join(options))  # noqa: S308 - every value is escaped


@register.simple_tag(takes_context=True)
def breadcrumb_ancestors(context, page) -> list[dict]:
    """The pages above ``page`` that a breadcrumb links to (its language's home down to its
    parent; Wagtail's root is left out), as ``{"title", "url"}``.

    The top two levels (homes and their children, all a post's ancestors) come from the
    site-wide data cache, which any change up there forgets; deeper ancestors are read."""

    request = context.get("request")
    step = page.steplen
    top = top_of_tree()
    crumbs = []
    for depth in range(2, page.depth):
        found = top.get(page.path[: depth * step])
        if found is None:
            break
        crumbs.append(found)
    if len(crumbs) == page.depth - 2:
        return crumbs
    deeper = page.get_ancestors().filter(depth__gt=1 + len(crumbs)).only("title", "url_path")
    return crumbs + [{"title": p.title, "url": p.get_url(request)} for p in deeper]


_HANGUL_SYLLABLE = re.compile(r"[\uac00-\ud7a3]")


@register.filter
def written_in_korean(value) -> bool:
    """Whether a text we hold in one language only (a press article's headline, an outlet's
    name) is Korean, so the English page can mark it ``lang="ko"`` for screen readers and
    the Korean font rather than pass it off as English."""
    text = str(value or "")
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and 2 * len(_HANGUL_SYLLABLE.findall(text)) >= len(letters)
