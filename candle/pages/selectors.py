"""Reads for the public site. Each returns what a template needs, prefetched, so a listing
costs the same few queries whatever the number of posts."""

from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.db import connection, connections
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from wagtail.models import Locale, Page, PageViewRestriction

from candle.caching.store import cached_for_path, cached_site_wide
from candle.core.params import param_int

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


class PostCard:
    """What a listing card shows of a post (``post_cards`` in candle_tags), read as a plain row.

    A listing builds up to fifteen of these per request; as post page models (the ORM's query
    compiled, each row turned into a page model) they cost about half of an uncached board
    page. Its address comes from ``url_path`` by Wagtail's own rules: ``get_url`` is Wagtail's
    ``Page.get_url`` and the site lookups are Wagtail's, on this object."""

    live = True  # only live posts have listing rows

    def __init__(self, pk, title, url_path, date, pinned, summary, image_id=None):
        self.pk = self.id = pk
        self.image_id = image_id
        self.title = title
        self.url_path = url_path
        self.date = date
        self.pinned = pinned
        self.summary = summary
        self.listed_categories: list = []

    def __repr__(self) -> str:
        return f"<PostCard {self.pk}: {self.title}>"

    def get_url_parts(self, request=None):
        from .urls_fast import page_url_parts

        return page_url_parts(self, request)

    get_url = Page.get_url
    url = property(Page.get_url)
    _get_site_root_paths = Page._get_site_root_paths
    _get_relevant_site_root_paths = Page._get_relevant_site_root_paths


_CARDS_SQL: dict[tuple, str] = {}  # ListingQuery.cards' statements, by what shapes them


class ListingQuery:
    """Listing rows (``BoardListing``) as hand-written SQL: one board's rows pinned first then
    newest (``board_id``), or the newest rows of every board of a language (``locale_id``),
    optionally of one year and one category, without posts under a view restriction.

    ``board_listing_rows`` says the same through the ORM and stays the reference (feeds, filter
    options); ``tests/test_listing_query.py`` checks both give the same rows. Written out
    because compiling the ORM's queries and building page models cost more than the queries
    themselves: a board page's three queries took 3.7 ms of CPU through the ORM, 0.4 ms here.
    Every value is a parameter; names come from the models."""

    def __init__(
        self,
        *,
        board_id: int | None = None,
        locale_id: int | None = None,
        year: int | None = None,
        category_slug: str | None = None,
        using: str = "default",
    ):
        connection = connections[using]
        q = connection.ops.quote_name
        self.connection = connection
        self.newest_first = board_id is None  # the home page: newest of every board
        listing = q(BoardListing._meta.db_table)
        page = q(Page._meta.db_table)
        where, params = [], []
        if board_id is not None:
            where.append("l.board_id = %s")
            params.append(board_id)
        else:
            # A language's boards are a handful, found from the board table (not from every
            # page of the language). The rows are then read along the newest-first index
            # (``board_listing_newest``) until enough of those boards' rows are found, rather
            # than read board by board and all sorted: 3 ms -> 0.05 ms on SQLite, 6 -> 0.3 ms
            # on PostgreSQL at 10,000 posts. Each planner needs telling: SQLite by the unary
            # + (the board column then cannot pick the index), PostgreSQL by an array, whose
            # share of the rows it estimates sensibly (for ``IN (subquery)`` it guessed 6 rows
            # of 10,000 and sorted them all). The board's language is asked per board (a
            # scalar subquery, a key lookup each): as ``EXISTS``, PostgreSQL joined it and,
            # with no statistics on the small board table (autovacuum never analyses a table
            # of a few rows), hashed every page of the language first (2 ms at 10,000 posts).
            boards = (
                f"SELECT b.page_ptr_id FROM {q(BoardPage._meta.db_table)} b WHERE "  # noqa: S608
                f"(SELECT bp.locale_id FROM {page} bp WHERE bp.id = b.page_ptr_id) = %s"
            )
            if connection.vendor == "postgresql":
                where.append(f"l.board_id = ANY(ARRAY({boards}))")
            else:
                where.append(f"+l.board_id IN ({boards})")
            params.append(locale_id)
        if year:
            where.append("l.year = %s")
            params.append(year)
        if category_slug:
            through = PostPage.categories.through
            where.append(
                f"EXISTS (SELECT 1 FROM {q(through._meta.db_table)} pc "  # noqa: S608
                f"JOIN {q(Category._meta.db_table)} c ON c.id = pc.category_id "
                "WHERE pc.postpage_id = l.post_id AND c.slug = %s)"
            )
            params.append(category_slug)
        private = restricted_paths()
        if private:
            # a tree path is base-36 digits: compared as a prefix exactly (no LIKE, which is
            # case-blind on SQLite), like ``path__startswith``
            prefixes = " OR ".join("substr(pr.path, 1, %s) = %s" for _ in private)
            where.append(
                f"NOT EXISTS (SELECT 1 FROM {page} pr WHERE pr.id = l.post_id AND ({prefixes}))"  # noqa: S608
            )
            for path in private:
                params += [len(path), path]
        self.listing = listing
        self.page = page
        self.where = " AND ".join(where)
        self.params = params
        order = "l.date DESC, l.post_id DESC"
        self.order = order if self.newest_first else "l.pinned DESC, " + order

    def count(self) -> int:
        with self.connection.cursor() as cursor:
            sql = f"SELECT COUNT(*) FROM {self.listing} l WHERE {self.where}"  # noqa: S608
            cursor.execute(sql, self.params)
            return cursor.fetchone()[0]

    def cards(self, offset: int, limit: int | None) -> list[tuple[int, PostCard]]:
        """(board id, card) for the rows ``[offset:offset + limit]``, in order, each card with
        its categories (``listed_categories``): the rows are picked on the listing index alone
        (an OFFSET skips index entries, not joined rows, so page 200 costs what page 1 does),
        then only they are joined to their posts, in the same statement."""
        key = (self.connection.alias, self.connection.vendor, self.where, self.order)
        sql = _CARDS_SQL.get(key)
        if sql is None:
            sql = _CARDS_SQL.setdefault(key, self._cards_sql())
        limit = -1 if limit is None and self.connection.vendor == "sqlite" else limit
        with self.connection.cursor() as cursor:
            cursor.execute(sql, [*self.params, limit, offset])
            rows = cursor.fetchall()
        aware = _aware_datetime(self.connection)
        labels = categories_by_id() if rows else {}
        order = {category_id: position for position, category_id in enumerate(labels)}
        found = []
        for board_id, pk, title, url_path, date, pinned, summary, ids, image_id in rows:
            card = PostCard(pk, title, url_path, aware(date), bool(pinned), summary, image_id)
            card.listed_categories = _labels_in_order(_ids_of(ids), labels, order)
            found.append((board_id, card))
        return found

    def _cards_sql(self) -> str:
        """The statement of ``cards``, written once per connection, vendor, filters and order
        (``_CARDS_SQL``): the text is the same for every request with the same filters."""
        q = self.connection.ops.quote_name
        # The rows are picked in a derived table of the columns the ordering index holds
        # (board, pinned, date, post), so skipping rows reads the index alone on both
        # databases. Written before as ``WHERE (key) IN (that subquery)`` joined back to the
        # listing, the statement had the listing twice and a semi-join: PostgreSQL spent
        # 1.3 ms planning it on every request, more than running it. Only the page table is
        # joined; the summary and the category ids are scalar subqueries of the fifteen rows
        # kept, and the date and pin are the row's own copies (what it is ordered by, kept
        # with the post by ``candle.pages.listings``). Joining the post table as well took
        # PostgreSQL's planning from 0.1 to 0.4 ms, and the categories, read by a second
        # statement until 2026-12-05, cost a round trip: 1.1 -> 0.6 ms a board page.
        through = PostPage.categories.through
        of_post = f"FROM {q(through._meta.db_table)} pc WHERE pc.postpage_id = l.post_id"
        if self.connection.vendor == "postgresql":
            category_ids = f"ARRAY(SELECT pc.category_id {of_post})"  # a list of ints
        else:
            category_ids = f"(SELECT group_concat(pc.category_id) {of_post})"  # "3,7"
        return (
            f"SELECT l.board_id, p.id, p.title, p.url_path, l.date, l.pinned, "  # noqa: S608
            f"(SELECT pp.summary FROM {q(PostPage._meta.db_table)} pp "
            f"WHERE pp.page_ptr_id = l.post_id), {category_ids}, "
            f"(SELECT pi.image_id FROM {q(PostPage._meta.db_table)} pi "
            f"WHERE pi.page_ptr_id = l.post_id) "
            f"FROM (SELECT l.board_id, l.post_id, l.pinned, l.date FROM {self.listing} l "
            f"WHERE {self.where} ORDER BY {self.order} LIMIT %s OFFSET %s) l "
            f"JOIN {self.page} p ON p.id = l.post_id "
            f"ORDER BY {self.order}"
        )


def _ids_of(value) -> list[int]:
    """The category ids of a card's row: a list (PostgreSQL's array), a comma-separated text
    (SQLite's ``group_concat``), or nothing."""
    if not value:
        return []
    if isinstance(value, str):
        return [int(part) for part in value.split(",")]
    return [int(part) for part in value]


def _labels_in_order(ids, labels: dict, order: dict) -> list:
    """The labels of ``ids`` that exist, in display order (``labels`` from ``_labels_by_id``)."""
    ids = sorted(ids, key=lambda pk: order.get(pk, len(order)))
    return [labels[pk] for pk in ids if pk in labels]


def _aware_datetime(connection):
    """What the ORM does to a datetime column's value (SQLite keeps them naive, in the
    connection's time zone)."""

    use_tz = settings.USE_TZ  # read once per listing, not once per row

    def convert(value):
        if isinstance(value, str):
            value = parse_datetime(value)
        if use_tz and value is not None and timezone.is_naive(value):
            value = timezone.make_aware(value, connection.timezone)
        return value

    return convert


class _ListingCards:
    """A board's listing as the Paginator sees it: counted, and a slice read as cards. The
    count of a board's whole listing is kept with the board's address (``cached_for_path``,
    purged with the board page itself) when ``count_path`` is given."""

    def __init__(self, query: ListingQuery, count_path: str | None = None):
        self.query = query
        self.count_path = count_path

    def count(self) -> int:
        if self.count_path is None:
            return self.query.count()
        return cached_for_path(self.count_path, "listing-count:v1", self.query.count)

    def __getitem__(self, key: slice) -> list[PostCard]:
        start = key.start or 0
        limit = None if key.stop is None else key.stop - start
        return [card for _board_id, card in self.query.cards(start, limit)]


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
