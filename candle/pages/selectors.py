"""Reads for the public site. Each returns what a template needs, prefetched, so a listing
costs the same few queries whatever the number of posts."""

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from wagtail.models import Locale, Page, PageViewRestriction

from candle.caching.store import cached_for_path, cached_site_wide
from candle.core.params import param_int

# The listing's cards (read as plain rows by hand-written SQL) live in ``listing_cards``; the
# names are kept here for the callers that import them from here.
from .listing_cards import (  # noqa: E402 - after the models, which it uses too
    ListingQuery,
    PostCard,
    _labels_in_order,
    _ListingCards,
)

# What the hot reads use is imported here once: an import statement inside a function runs
# the import machinery on every call (tens of thousands of instructions each, a few per page).
from .models import (
    BoardListing,
    BoardPage,
    Category,
    HomePage,
    PostPage,
    ReportIndexPage,
    ReportPage,
    ReportTopic,
    WorkArea,
)

_MAX_PAGE_NUMBER = 100_000


def page_number_from(request: HttpRequest) -> int:
    """The ``?page=`` number, or 1 for anything that is not a sensible page number."""
    number = param_int(request.GET, "page", default=1, maximum=999_999)
    return max(1, min(number, _MAX_PAGE_NUMBER))


def filter_query_prefix(**filters) -> str:
    """The filters a listing was asked with, as the start of a query string its page links
    carry (``year=2024&category=un&``), so page 2 of a filtered listing stays filtered."""
    kept = {name: value for name, value in filters.items() if value not in (None, "")}
    return urlencode(kept) + "&" if kept else ""


# What a feed item (``feeds.py``) and a work area's post card read of a post page model; its
# URL comes from ``url_path``. Reading only these halves the cost of such a listing's main
# query (a post row carries the whole page and post record otherwise). Reading any other
# field of such a post costs a query per post: add it here instead. (Board pages and the home
# page read their cards as plain rows, ``ListingQuery`` and ``PostCard``.)
POST_CARD_FIELDS = (
    "title",
    "url_path",
    "live",
    "date",
    "pinned",
    "summary",
    "search_description",
    "byline",
    "last_published_at",
    "image",
)


def _post_cards(queryset: QuerySet[PostPage]) -> QuerySet[PostPage]:
    """What a post card and a feed item show, fetched with the posts: no query per card."""
    return queryset.only(*POST_CARD_FIELDS).prefetch_related("categories")


def _post_listing(queryset: QuerySet[PostPage]) -> QuerySet[PostPage]:
    return _post_cards(queryset.live().public()).order_by("-pinned", "-date", "-pk")


def restricted_paths() -> list[str]:
    """Tree paths of the pages under a view restriction (login, password, groups): they and
    everything below them are private. Kept in the site-wide data cache, which any change to
    a view restriction forgets (``candle.caching.signals``)."""

    def compute() -> list[str]:
        return sorted(set(PageViewRestriction.objects.values_list("page__path", flat=True)))

    return cached_site_wide("restricted-paths", compute)


def _in_private_sections() -> Q:
    """Pages under a view restriction, by the kept ``restricted_paths`` (an empty ``Q`` when
    there are none)."""
    private = Q()
    for path in restricted_paths():
        private |= Q(path__startswith=path)
    return private


def not_private() -> Q:
    """A filter leaving out the pages under a view restriction: what ``.public()`` does, from
    the kept ``restricted_paths`` rather than a query for the restrictions each time (nothing
    to filter, usually)."""
    private = _in_private_sections()
    return ~private if private else Q()


def locales_by_code() -> dict[str, Locale]:
    """Every locale by language code, kept in the site-wide data cache (saving or deleting a
    locale forgets it, ``candle.caching.signals``). Read-only: the instances are shared."""
    return cached_site_wide(
        "locales:v1", lambda: {locale.language_code: locale for locale in Locale.objects.all()}
    )


def _public_only(pages) -> list:
    """``pages`` without those under a view restriction (``restricted_paths``), filtered here
    rather than with ``.public()``, which asks the database for the restrictions each time."""
    private = tuple(restricted_paths())
    return [page for page in pages if not (private and page.path.startswith(private))]


def page_translations_public(page: Page) -> list[Page]:
    """The live, public translations of ``page``, itself included, with their locales: enough
    to build their URLs (the ``hreflang`` links and the language switch on every page)."""
    translations = (
        Page.objects.filter(translation_key=page.translation_key, live=True)
        .select_related("locale")
        .only("url_path", "path", "locale__language_code")
    )
    return _public_only(translations)


def _private_rows() -> Q:
    """Listing rows to leave out: posts under a view restriction (usually none, and then
    nothing is added to the query; a private section costs a subquery)."""
    private = _in_private_sections()
    return Q(post__in=PostPage.objects.filter(private).values("pk")) if private else Q()


def board_listing_rows(
    *, board: BoardPage, category_slug: str | None = None, year: int | None = None
) -> QuerySet:
    """The board's listing rows (``BoardListing``), pinned first, newest first: one index range.
    Posts under a view restriction (private) are left out."""
    rows = BoardListing.objects.filter(board=board).exclude(_private_rows())
    if category_slug:
        rows = rows.filter(post__categories__slug=category_slug)
    if year:
        rows = rows.filter(year=year)
    return rows.order_by("-pinned", "-date", "-post_id")


def _labels_by_id(model) -> dict:
    """Every label of ``model`` (categories, work areas), by id, in display order: a few dozen
    rows, kept in the site-wide data cache (a label's save forgets it with every cached page)."""
    return cached_site_wide(
        f"labels:{model._meta.label_lower}:v1", lambda: {x.pk: x for x in model.objects.all()}
    )


def categories_by_id() -> dict[int, Category]:
    return _labels_by_id(Category)


def listed_categories(post: PostPage) -> list:
    """A listed post's categories: set by ``posts_for_listing_rows``, else read."""
    found = getattr(post, "listed_categories", None)
    return list(post.categories.all()) if found is None else found


def _with_listed_categories(posts: list) -> list:
    """Sets each post's ``listed_categories`` from the post-category table alone, matched to
    the kept categories, rather than a prefetch joining the category rows and building them
    again for every card (for post models; ``ListingQuery.cards`` reads a card's ids in its
    own statement)."""
    if not posts:
        return posts
    labels = categories_by_id()
    order = {category_id: position for position, category_id in enumerate(labels)}
    by_post: dict[int, list[int]] = {}
    through = connection.ops.quote_name(PostPage.categories.through._meta.db_table)
    marks = ", ".join(["%s"] * len(posts))
    with connection.cursor() as cursor:
        cursor.execute(  # the table's name from the model; the ids are parameters
            f"SELECT postpage_id, category_id FROM {through} WHERE postpage_id IN ({marks})",  # noqa: S608
            [post.pk for post in posts],
        )
        for post_id, category_id in cursor.fetchall():
            by_post.setdefault(post_id, []).append(category_id)
    for post in posts:
        post.listed_categories = _labels_in_order(by_post.get(post.pk, ()), labels, order)
    return posts


def posts_for_listing_rows(post_ids) -> list[PostPage]:
    """The posts of a slice of listing rows (``post_id`` values), newest first with pinned posts
    on top: the rows' own order, since the rows copy pinned and date. Live and public were
    settled when the rows were chosen."""
    posts = list(PostPage.objects.filter(pk__in=post_ids).only(*POST_CARD_FIELDS))
    _with_listed_categories(posts)
    return sorted(posts, key=lambda post: (post.pinned, post.date, post.pk), reverse=True)


def board_page(
    *,
    board: BoardPage,
    page_number: int,
    per_page: int,
    category_slug: str | None = None,
    year: int | None = None,
    board_path: str | None = None,
):
    """One page of a board: a Paginator page whose ``object_list`` holds the post cards.
    With the board's address (``board_path``), the unfiltered count is kept with it."""
    query = ListingQuery(board_id=board.pk, category_slug=category_slug, year=year)
    filtered = bool(category_slug or year)
    cards = _ListingCards(query, count_path=None if filtered else board_path)
    page = Paginator(cards, per_page).get_page(page_number)
    page.object_list = list(page.object_list)
    return page


def board_path(board: BoardPage, request: HttpRequest | None = None) -> str | None:
    """The board's address on the current site (what its kept values are filed under), or
    None when it has none."""
    url_parts = board.get_url_parts(request)
    return None if url_parts is None else url_parts[2]


def board_filter_options(*, board: BoardPage, path: str | None) -> dict:
    """The categories and years a reader can filter a board by (kept under the board's
    address ``path``, from ``board_path``, when it has one). A board not saved yet (the
    editor's preview of a new board) has none."""
    if board.pk is None:
        return {"categories": [], "years": []}

    def compute() -> dict:
        rows = board_listing_rows(board=board).order_by("-year")
        return {
            "categories": list(board.categories.all()),
            "years": list(rows.values_list("year", flat=True).distinct()),
        }

    # One distinct over the (board, year) index and the board's categories; kept until a post
    # on this board is published, moved or removed, or the board's categories change (the
    # board's page-cache purge, ``candle.caching.signals``), like the page itself.
    if path is None:
        return compute()
    return cached_for_path(path, "filter-options:v1", compute)


def posts_for_work_area(*, work_area_id: int, locale_id: int) -> QuerySet[PostPage]:
    return _post_listing(PostPage.objects.filter(locale_id=locale_id, work_areas__id=work_area_id))


def home_latest_posts(*, locale_id: int, limit: int = 6) -> list[PostCard]:
    """The newest posts across all boards of one language (pinned ones are not favoured).

    Read from the board listing table (a few thousand narrow index rows sorted) rather than
    the page tree (every post row of the language joined and sorted); the newest rows are
    picked from the narrow rows and only they are joined to their posts, in the same query. A
    post listed on two boards has two rows, so rows are read until ``limit`` different posts
    are found."""
    query = ListingQuery(locale_id=locale_id)
    fetch = limit * 4
    while True:
        found = query.cards(0, fetch)
        unique: dict[int, PostCard] = {}
        for _board_id, card in found:
            unique.setdefault(card.pk, card)
        posts = list(unique.values())
        if len(posts) >= limit or len(found) < fetch:
            break
        fetch *= 4
    return posts[:limit]


def work_areas_by_id() -> dict[int, WorkArea]:
    return _labels_by_id(WorkArea)


def reports_for_library(
    *, library: ReportIndexPage, topic_slug: str | None, language: str | None, year: int | None
) -> QuerySet[ReportPage]:
    reports = ReportPage.objects.child_of(library).live().public()
    if topic_slug:
        reports = reports.filter(topics__slug=topic_slug)
    if language in dict(ReportPage.Language.choices):
        reports = reports.filter(document_language=language)
    if year:
        reports = reports.filter(year=year)
    return (
        reports.select_related("pdf", "cover").prefetch_related("topics").order_by("-year", "-pk")
    )


def report_filter_options(*, library: ReportIndexPage) -> dict:
    reports = ReportPage.objects.child_of(library).live().public()
    return {
        "topics": list(
            ReportTopic.objects.filter(pk__in=reports.values("topics")).order_by("sort_order")
        ),
        "years": sorted(set(reports.values_list("year", flat=True)), reverse=True),
        "languages": ReportPage.Language.choices,
    }


def menu_pages(*, locale: Locale) -> list[Page]:
    """The top navigation: the home page's children shown in menus, in the given language."""
    home = HomePage.objects.filter(locale=locale).first()
    if home is None:
        return []
    return list(home.get_children().live().public().in_menu().specific(defer=True))


def menu_links(*, language_code: str) -> list[dict]:
    """``menu_pages`` as plain data (title, url, tree path), kept in the site-wide data cache:
    every page shows it, and only a change at the top of the tree changes it."""

    def compute() -> list[dict]:
        locale = Locale.objects.filter(language_code=language_code).first()
        pages = menu_pages(locale=locale) if locale else []
        return [{"title": page.title, "url": page.url, "path": page.path} for page in pages]

    return cached_site_wide(f"menu:{language_code}", compute)


def top_of_tree() -> dict[str, dict]:
    """Every page at the top two levels (each language's home and its children), live or not,
    as ``{tree path: {"id", "path", "live", "title", "url"}}``: the ancestors a breadcrumb
    shows and the boards a post is listed on. Kept in the
    site-wide data cache, which publishing, unpublishing or moving such a page forgets
    (``candle.caching.purge.page_changes_everything``)."""

    def compute() -> dict[str, dict]:
        pages = Page.objects.filter(depth__in=(2, 3)).only("title", "url_path", "path", "live")
        return {
            page.path: {
                "id": page.pk,
                "path": page.path,
                "live": page.live,
                "title": page.title,
                "url": page.url,
            }
            for page in pages
        }

    return cached_site_wide("top-of-tree:v2", compute)


def home_for_locale(*, language_code: str) -> HomePage | None:
    return HomePage.objects.live().filter(locale__language_code=language_code).first()
