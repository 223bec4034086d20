"""Which cached addresses a change to a page affects.

A page shows up, besides at its own address, on: its parent (a board's listing and feeds, the
report library), the other boards it is listed on, the work-area pages it is tagged with, the
page it answers and the pages answering it, the posts beside it on its board (their
"older / newer post" links), its language's home page (latest posts, the
highlight), every translation of it (the language links and ``hreflang`` alternates), the
search results and the sitemap. Those are exactly the addresses purged.

Pages at the top of a language's tree (home pages and their children, which make up the
menus every page carries) and subtrees moving as a whole change every page or many addresses
at once: for them the whole cache is forgotten instead.
"""

from django.conf import settings
from wagtail.models import Page

SITEMAP_PATH = "/sitemap.xml"
BOARD_ROUTES = ("feed/rss/", "feed/atom/")


def page_addresses(page: Page) -> set[str]:
    """The paths a page answers at (a board's feeds included)."""
    from candle.pages.models import BoardPage

    parts = page.get_url_parts()
    if parts is None:
        return set()
    path = parts[2]
    paths = {path}
    if isinstance(page, BoardPage) or page.specific_class is BoardPage:
        paths.update(path + route for route in BOARD_ROUTES)
    return paths


def search_addresses() -> set[str]:
    return {f"/{code}/search/" for code, _name in settings.LANGUAGES}


def page_changes_everything(page: Page) -> bool:
    """Home pages and their children are in every page's menu and breadcrumbs."""
    return page.depth <= 3


def page_listing_addresses(page: Page) -> set[str]:
    """Addresses of the listings the page's *current database rows* put it on.

    Called before a save (to catch the boards and work areas a post is leaving) and after a
    publish (for the ones it joins).
    """
    from candle.pages.models import BoardPage, PostPage, WorkAreaPage

    if not isinstance(page, PostPage) or page.pk is None:
        return set()
    paths: set[str] = set()
    board_keys = PostPage.other_boards.through.objects.filter(postpage_id=page.pk).values(
        "boardpage__translation_key"
    )
    for board in BoardPage.objects.filter(locale_id=page.locale_id, translation_key__in=board_keys):
        paths |= page_addresses(board)
    area_ids = PostPage.work_areas.through.objects.filter(postpage_id=page.pk).values("workarea_id")
    for area_page in WorkAreaPage.objects.filter(
        locale_id=page.locale_id, work_area_id__in=area_ids
    ):
        paths |= page_addresses(area_page)
    return paths


def page_affected_addresses(page: Page) -> set[str]:
    """Every address whose HTML shows ``page`` (see the module's docstring)."""
    from candle.pages.models import HomePage, PostPage

    page = page.specific
    paths = page_addresses(page) | search_addresses() | {SITEMAP_PATH}
    translations = list(page.get_translations().specific())
    for translation in translations:
        paths |= page_addresses(translation)
    parent = page.get_parent()
    if parent is not None and parent.depth > 1:
        paths |= page_addresses(parent.specific)
    homes = HomePage.objects.filter(locale_id=page.locale_id) | HomePage.objects.filter(
        highlight_page_id__in=[page.pk, *(t.pk for t in translations)]
    )
    for home in homes.distinct():
        paths |= page_addresses(home)
    paths |= page_listing_addresses(page)
    if isinstance(page, PostPage):
        from candle.pages.post_neighbours import post_neighbour_addresses

        paths |= post_neighbour_addresses(page)  # they link it as their older or newer post
        if page.in_reply_to_id:
            paths |= page_addresses(page.in_reply_to)
        for reply in PostPage.objects.filter(in_reply_to=page):
            paths |= page_addresses(reply)
    return paths
