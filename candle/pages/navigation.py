"""Site-wide reads for the header and footer (the donate button, the HTML sitemap).

Each is kept in the site-wide data cache (``cached_site_wide``): every page shows them and
only a change near the top of the tree (publishing, moving or removing a page there) changes
them, which forgets the cache. They return plain data, never page models."""

from django.utils import translation
from wagtail.models import Page

from candle.caching.store import cached_site_wide


def active_language() -> str:
    from django.conf import settings

    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


def give_page_url(*, language_code: str) -> str:
    """The address of the live give page in ``language_code`` (``/ko/give/``), or "" when that
    language has none: what the header's permanent donate button links to."""
    from candle.giving.models.pages import GivePage

    def compute() -> str:
        page = (
            GivePage.objects.live()
            .public()
            .filter(locale__language_code=language_code)
            .order_by("path")
            .only("url_path", "path", "locale_id")
            .first()
        )
        return (page.get_url() or "") if page is not None else ""

    return cached_site_wide(f"give-url:v1:{language_code}", compute)


def sitemap_sections(*, language_code: str) -> list[dict]:
    """The HTML sitemap of one language: every live, public page under the language's home
    down to the sections' own pages, as ``[{"title", "url", "children": [{"title", "url"}…]}]``
    in tree order. Posts are left out (a board links its own, thousands of them): a section's
    children are listed unless the section is a board.

    Two queries (the sections, then their children), kept until the top of the tree changes.
    A page published deeper down (a report, a programme page) is added when its section next
    changes or the cache is otherwise forgotten: the sitemap may lag by up to an hour."""
    from .models import BoardPage, HomePage

    def compute() -> list[dict]:
        home = (
            HomePage.objects.live()
            .filter(locale__language_code=language_code)
            .only("path", "depth")
            .first()
        )
        if home is None:
            return []
        sections = list(
            Page.objects.child_of(home).live().public().only("title", "url_path", "path")
        )
        boards = set(
            BoardPage.objects.filter(pk__in=[s.pk for s in sections]).values_list("pk", flat=True)
        )
        listed = [s for s in sections if s.pk not in boards]
        children: dict[str, list[dict]] = {}
        if listed:
            from django.db.models import Q

            under = Q()
            for section in listed:
                under |= Q(path__startswith=section.path)
            rows = (
                Page.objects.filter(under, depth=home.depth + 2)
                .live()
                .public()
                .only("title", "url_path", "path")
                .order_by("path")
            )
            for row in rows:
                children.setdefault(row.path[: -row.steplen], []).append(
                    {"title": row.title, "url": row.get_url()}
                )
        return [
            {
                "title": section.title,
                "url": section.get_url(),
                "children": children.get(section.path, []),
            }
            for section in sections
        ]

    return cached_site_wide(f"html-sitemap:v1:{language_code}", compute)


NEWS_BOARD_SLUG = "news"


def news_feed(*, language_code: str) -> dict | None:
    """The RSS feed the home page of ``language_code`` advertises (``<link rel="alternate">``):
    the news board's (slug ``news``), else the language's first board; ``{"title", "url"}``,
    or None when the language has no live board."""
    from .models import BoardPage

    def compute() -> dict | None:
        boards = list(
            BoardPage.objects.live()
            .public()
            .filter(locale__language_code=language_code, depth=3)
            .only("title", "slug", "url_path", "path")
            .order_by("path")
        )
        if not boards:
            return None
        board = next((b for b in boards if b.slug == NEWS_BOARD_SLUG), boards[0])
        url = board.get_url() or ""
        if not url:
            return None
        if not url.endswith("/"):
            url += "/"
        return {"title": board.title, "url": url + board.reverse_subpage("feed_rss")}

    return cached_site_wide(f"news-feed:v1:{language_code}", compute)


def work_area_links(*, language_code: str) -> list[dict]:
    """The work areas' pages in ``language_code`` (``[{"title", "url"}]``, tree order): the
    home page's "Our work" links, since the header's one row has no room for them."""
    from .models import WorkAreaPage

    def compute() -> list[dict]:
        pages = (
            WorkAreaPage.objects.live()
            .public()
            .filter(locale__language_code=language_code, depth=3)
            .only("title", "url_path", "path")
            .order_by("path")
        )
        return [{"title": page.title, "url": page.get_url()} for page in pages]

    return cached_site_wide(f"work-area-links:v1:{language_code}", compute)
